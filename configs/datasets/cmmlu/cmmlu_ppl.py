# CMMLU, 5-shot perplexity: OpenCompass's cmmlu_ppl_8b9c76 prompt. Each label's dialogue ends with
# '答案是: <label>'; the in-context examples carry their own answers; the lowest average loss wins.
from mmengine.config import read_base

from opencompass_lite.datasets import CMMLUDataset
from opencompass_lite.evaluate import AccEvaluator
from opencompass_lite.infer import FixKRetriever, PPLInferencer, PromptTemplate

with read_base():
    from .cmmlu_all_sets import cmmlu_subject_mapping

cmmlu_datasets = []
for _name, _ch_name in cmmlu_subject_mapping.items():
    _question = f'以下是关于{_ch_name}的单项选择题，请直接给出正确答案的选项。\n题目：{{question}}\nA. {{A}}\nB. {{B}}\nC. {{C}}\nD. {{D}}'
    cmmlu_datasets.append(
        dict(
            abbr=f'cmmlu-{_name}',
            type=CMMLUDataset,
            path='data/cmmlu',
            name=_name,
            reader_cfg=dict(
                input_columns=['question', 'A', 'B', 'C', 'D'],
                output_column='answer',
                train_split='dev',
                test_split='test',
            ),
            infer_cfg=dict(
                ice_template=dict(
                    type=PromptTemplate,
                    template={
                        _opt: dict(
                            begin='</E>',
                            round=[dict(role='HUMAN', prompt=_question), dict(role='BOT', prompt=f'答案是: {_opt}')],
                        )
                        for _opt in ['A', 'B', 'C', 'D']
                    },
                    ice_token='</E>',
                ),
                retriever=dict(type=FixKRetriever, fix_id_list=[0, 1, 2, 3, 4]),
                inferencer=dict(type=PPLInferencer),
            ),
            eval_cfg=dict(evaluator=dict(type=AccEvaluator)),
        )
    )

del _name, _ch_name, _question
