# GSM8K, 8-shot chain of thought: the first 8 train problems with their worked solutions (calculator
# annotations removed, ending 'The answer is N', the loader's 'cot' column) in OpenCompass's
# gsm8k_gen_1d7fe4 turn format ("Question: ...\nLet's think step by step\nAnswer:"). The final number
# of the reply is compared numerically with the number after '####' in the reference.
from opencompass_lite.datasets import GSM8KDataset
from opencompass_lite.evaluate import GSM8KEvaluator, gsm8k_dataset_postprocess, gsm8k_postprocess
from opencompass_lite.infer import FixKRetriever, GenInferencer, PromptTemplate

_question = "Question: {question}\nLet's think step by step\nAnswer:"

gsm8k_datasets = [
    dict(
        abbr='gsm8k',
        type=GSM8KDataset,
        path='data/gsm8k',
        reader_cfg=dict(input_columns=['question', 'cot'], output_column='answer', train_split='train',
                        test_split='test'),
        infer_cfg=dict(
            ice_template=dict(
                type=PromptTemplate,
                template=dict(round=[dict(role='HUMAN', prompt=_question), dict(role='BOT', prompt='{cot}\n')]),
            ),
            prompt_template=dict(
                type=PromptTemplate,
                template=dict(begin='</E>', round=[dict(role='HUMAN', prompt=_question)]),
                ice_token='</E>',
            ),
            retriever=dict(type=FixKRetriever, fix_id_list=[0, 1, 2, 3, 4, 5, 6, 7]),
            inferencer=dict(type=GenInferencer, max_out_len=512, stop_words=['Question:']),
        ),
        eval_cfg=dict(
            evaluator=dict(type=GSM8KEvaluator),
            pred_postprocessor=dict(type=gsm8k_postprocess),
            dataset_postprocessor=dict(type=gsm8k_dataset_postprocess),
        ),
    )
]

del _question
