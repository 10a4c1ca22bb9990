# MMLU, 5-shot generation: OpenCompass's mmlu_gen_4d595a prompt. The 5 dev rows of each subject
# are the in-context examples ('</E>'); the model answers after "Answer: " and the first capital
# letter of its reply is compared with the gold letter.
from mmengine.config import read_base

from opencompass_lite.datasets import MMLUDataset
from opencompass_lite.evaluate import AccEvaluator, first_capital_postprocess
from opencompass_lite.infer import FixKRetriever, GenInferencer, PromptTemplate

with read_base():
    from .mmlu_all_sets import mmlu_all_sets

mmlu_datasets = []
for _name in mmlu_all_sets:
    _hint = f'There is a single choice question about {_name.replace("_", " ")}. Answer the question by replying A, B, C or D.'
    _question = f'{_hint}\nQuestion: {{input}}\nA. {{A}}\nB. {{B}}\nC. {{C}}\nD. {{D}}\nAnswer: '
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
                ice_template=dict(
                    type=PromptTemplate,
                    template=dict(round=[dict(role='HUMAN', prompt=_question), dict(role='BOT', prompt='{target}\n')]),
                ),
                prompt_template=dict(
                    type=PromptTemplate,
                    template=dict(begin='</E>', round=[dict(role='HUMAN', prompt=_question)]),
                    ice_token='</E>',
                ),
                retriever=dict(type=FixKRetriever, fix_id_list=[0, 1, 2, 3, 4]),
                inferencer=dict(type=GenInferencer),
            ),
            eval_cfg=dict(
                evaluator=dict(type=AccEvaluator),
                pred_postprocessor=dict(type=first_capital_postprocess),
            ),
        )
    )

del _name, _hint, _question
