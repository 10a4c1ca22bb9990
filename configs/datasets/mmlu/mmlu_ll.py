# MMLU, 5-shot log-likelihood with lm-evaluation-harness's prompt and scoring: the description
# line, then the 5 dev examples ("...\nAnswer: B\n" plus the prompt builder's "\n" separator, so
# a blank line between them), then the question ending in "Answer:". Each label's BOT turn
# (" A" .. " D") is the scored continuation; the highest summed log-probability wins (lm-eval's acc).
from mmengine.config import read_base

from opencompass_lite.datasets import MMLUDataset
from opencompass_lite.evaluate import AccEvaluator
from opencompass_lite.infer import FixKRetriever, LLInferencer, PromptTemplate

with read_base():
    from .mmlu_all_sets import mmlu_all_sets

mmlu_datasets = []
for _name in mmlu_all_sets:
    _hint = f'The following are multiple choice questions (with answers) about {_name.replace("_", " ")}.\n\n'
    _question = '{input}\nA. {A}\nB. {B}\nC. {C}\nD. {D}\nAnswer:'
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
                    template=dict(round=[dict(role='HUMAN', prompt=_question), dict(role='BOT', prompt=' {target}\n')]),
                ),
                prompt_template=dict(
                    type=PromptTemplate,
                    template={
                        _opt: dict(
                            begin=f'{_hint}</E>',
                            round=[dict(role='HUMAN', prompt=_question), dict(role='BOT', prompt=f' {_opt}')],
                        )
                        for _opt in ['A', 'B', 'C', 'D']
                    },
                    ice_token='</E>',
                ),
                retriever=dict(type=FixKRetriever, fix_id_list=[0, 1, 2, 3, 4]),
                inferencer=dict(type=LLInferencer),
            ),
            eval_cfg=dict(evaluator=dict(type=AccEvaluator)),
        )
    )

del _name, _hint, _question
