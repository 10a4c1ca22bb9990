# CMMLU, 5-shot generation: OpenCompass's cmmlu_gen_c13365 prompt. The 5 dev rows of each subject are
# the in-context examples; the first capital letter of the reply is compared with the gold letter.
# OpenCompass writes '答案是: ' at the start of the BOT turn (a base model then sees '...D. <D>\n答案是: ');
# here '\n答案是: ' ends the HUMAN turn: the same text for base models, and the reply is all the chat model's.
from mmengine.config import read_base

from opencompass_lite.datasets import CMMLUDataset
from opencompass_lite.evaluate import AccEvaluator, first_capital_postprocess
from opencompass_lite.infer import FixKRetriever, GenInferencer, PromptTemplate

with read_base():
    from .cmmlu_all_sets import cmmlu_subject_mapping

cmmlu_datasets = []
for _name, _ch_name in cmmlu_subject_mapping.items():
    _question = f'以下是关于{_ch_name}的单项选择题，请直接给出正确答案的选项。\n题目：{{question}}\nA. {{A}}\nB. {{B}}\nC. {{C}}\nD. {{D}}\n答案是: '
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
                    template=dict(
                        begin='</E>',
                        round=[dict(role='HUMAN', prompt=_question), dict(role='BOT', prompt='{answer}')],
                    ),
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

del _name, _ch_name, _question
