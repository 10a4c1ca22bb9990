# MMLU, 5-shot perplexity: OpenCompass's mmlu_ppl_ac766d prompt (plain strings, no chat roles).
# Each label's prompt is rendered with "Answer: <label>"; the lowest average token loss wins.
# The double space in "about  <subject>" is OpenCompass's, kept so scores stay comparable.
from mmengine.config import read_base

from opencompass_lite.datasets import MMLUDataset
from opencompass_lite.evaluate import AccEvaluator
from opencompass_lite.infer import FixKRetriever, PPLInferencer, PromptTemplate

with read_base():
    from .mmlu_all_sets import mmlu_all_sets

mmlu_datasets = []
for _name in mmlu_all_sets:
    _hint = f'The following are multiple choice questions (with answers) about  {_name.replace("_", " ")}.\n\n'
    _question = '{input}\nA. {A}\nB. {B}\nC. {C}\nD. {D}'
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
                    template={_opt: f'{_question}\nAnswer: {_opt}\n' for _opt in ['A', 'B', 'C', 'D']},
                ),
                prompt_template=dict(
                    type=PromptTemplate,
                    template={_opt: f'{_hint}</E>{_question}\nAnswer: {_opt}' for _opt in ['A', 'B', 'C', 'D']},
                    ice_token='</E>',
                ),
                retriever=dict(type=FixKRetriever, fix_id_list=[0, 1, 2, 3, 4]),
                inferencer=dict(type=PPLInferencer),
            ),
            eval_cfg=dict(evaluator=dict(type=AccEvaluator)),
        )
    )

del _name, _hint, _question
