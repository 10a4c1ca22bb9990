# C-Eval, 5-shot perplexity: OpenCompass's ceval_ppl_578f8d prompt (Chinese, "答案: ").
# Each label's template is rendered with that answer; the lowest average token loss wins. An
# in-context example uses the template of its own gold answer, with '</E>' removed.
import json
import pathlib

from opencompass_lite.datasets import CEvalDataset
from opencompass_lite.evaluate import AccEvaluator
from opencompass_lite.infer import FixKRetriever, PPLInferencer, PromptTemplate

# subject -> [English name, Chinese name, category] (C-Eval's official table)
_mapping = json.loads(pathlib.Path(__file__).with_name('ceval_subject_mapping.json').read_text(encoding='utf-8'))

ceval_datasets = []
for _name in _mapping:
    _ch_name = _mapping[_name][1]
    _templates = {
        _answer: dict(
            begin='</E>',
            round=[
                dict(
                    role='HUMAN',
                    prompt=f'以下是中国关于{_ch_name}考试的单项选择题，请选出其中的正确答案。\n'
                    '{question}\nA. {A}\nB. {B}\nC. {C}\nD. {D}\n答案: ',
                ),
                dict(role='BOT', prompt=_answer),
            ],
        )
        for _answer in ['A', 'B', 'C', 'D']
    }
    ceval_datasets.append(
        dict(
            abbr=f'ceval-{_name}',
            type=CEvalDataset,
            path='data/ceval/formal_ceval',
            name=_name,
            reader_cfg=dict(
                input_columns=['question', 'A', 'B', 'C', 'D'],
                output_column='answer',
                train_split='dev',
                test_split='val',
            ),
            infer_cfg=dict(
                ice_template=dict(type=PromptTemplate, template=_templates, ice_token='</E>'),
                prompt_template=dict(type=PromptTemplate, template=_templates, ice_token='</E>'),
                retriever=dict(type=FixKRetriever, fix_id_list=[0, 1, 2, 3, 4]),
                inferencer=dict(type=PPLInferencer),
            ),
            eval_cfg=dict(evaluator=dict(type=AccEvaluator)),
        )
    )

del json, pathlib, _mapping, _name, _ch_name, _templates
