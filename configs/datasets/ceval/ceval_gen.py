# C-Eval, 5-shot generation: OpenCompass's ceval_gen_5f30c7 prompt (Chinese, "答案: ").
# Scores the val split (test answers are unpublished); the 5 dev rows are the in-context examples.
# The ice_template doubles as the prompt: '</E>' is where the examples go, and the test row's
# blank {answer} in the trailing BOT turn is where the model generates.
import json
import pathlib

from opencompass_lite.datasets import CEvalDataset
from opencompass_lite.evaluate import AccEvaluator, first_capital_postprocess
from opencompass_lite.infer import FixKRetriever, GenInferencer, PromptTemplate

# subject -> [English name, Chinese name, category] (C-Eval's official table)
_mapping = json.loads(pathlib.Path(__file__).with_name('ceval_subject_mapping.json').read_text(encoding='utf-8'))

ceval_datasets = []
for _name in _mapping:
    _ch_name = _mapping[_name][1]
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
                ice_template=dict(
                    type=PromptTemplate,
                    template=dict(
                        begin='</E>',
                        round=[
                            dict(
                                role='HUMAN',
                                prompt=f'以下是中国关于{_ch_name}考试的单项选择题，请选出其中的正确答案。\n'
                                '{question}\nA. {A}\nB. {B}\nC. {C}\nD. {D}\n答案: ',
                            ),
                            dict(role='BOT', prompt='{answer}'),
                        ],
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

del json, pathlib, _mapping, _name, _ch_name
