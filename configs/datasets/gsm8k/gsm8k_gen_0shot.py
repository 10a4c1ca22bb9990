# GSM8K, zero-shot chain of thought for chat models: OpenCompass's gsm8k_0shot_gen_a58960 prompt
# (reason step by step, final answer in \boxed{}). The final number is compared numerically.
from opencompass_lite.datasets import GSM8KDataset
from opencompass_lite.evaluate import GSM8KEvaluator, gsm8k_dataset_postprocess, gsm8k_postprocess
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

gsm8k_datasets = [
    dict(
        abbr='gsm8k',
        type=GSM8KDataset,
        path='data/gsm8k',
        reader_cfg=dict(input_columns=['question'], output_column='answer', train_split='test', test_split='test'),
        infer_cfg=dict(
            prompt_template=dict(
                type=PromptTemplate,
                template=dict(round=[dict(
                    role='HUMAN', prompt='{question}\nPlease reason step by step, and put your final answer within \\boxed{}.',
                )]),
            ),
            retriever=dict(type=ZeroRetriever),
            inferencer=dict(type=GenInferencer, max_out_len=512),
        ),
        eval_cfg=dict(
            evaluator=dict(type=GSM8KEvaluator),
            pred_postprocessor=dict(type=gsm8k_postprocess),
            dataset_postprocessor=dict(type=gsm8k_dataset_postprocess),
        ),
    )
]
