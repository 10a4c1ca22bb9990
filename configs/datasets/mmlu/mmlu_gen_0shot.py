# MMLU, 0-shot generation: the mmlu_gen_4d595a question without in-context examples. Chat models
# often answer in a sentence ("The answer is B"), so the reply is parsed with
# first_option_postprocess rather than taking its first capital letter.
from mmengine.config import read_base

from opencompass_lite.datasets import MMLUDataset
from opencompass_lite.evaluate import AccEvaluator, first_option_postprocess
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

with read_base():
    from .mmlu_all_sets import mmlu_all_sets

mmlu_datasets = []
for _name in mmlu_all_sets:
    _hint = f'There is a single choice question about {_name.replace("_", " ")}. Answer the question by replying A, B, C or D.'
    mmlu_datasets.append(
        dict(
            abbr=f'mmlu-{_name}',
            type=MMLUDataset,
            path='data/mmlu',
            name=_name,
            reader_cfg=dict(
                input_columns=['input', 'A', 'B', 'C', 'D'],
                output_column='target',
                train_split='dev',
                test_split='test',
            ),
            infer_cfg=dict(
                prompt_template=dict(
                    type=PromptTemplate,
                    template=dict(
                        round=[
                            dict(
                                role='HUMAN',
                                prompt=f'{_hint}\nQuestion: {{input}}\nA. {{A}}\nB. {{B}}\nC. {{C}}\nD. {{D}}\nAnswer: ',
                            )
                        ]
                    ),
                ),
                retriever=dict(type=ZeroRetriever),
                inferencer=dict(type=GenInferencer),
            ),
            eval_cfg=dict(
                evaluator=dict(type=AccEvaluator),
                pred_postprocessor=dict(type=first_option_postprocess, options='ABCD'),
            ),
        )
    )

del _name, _hint
