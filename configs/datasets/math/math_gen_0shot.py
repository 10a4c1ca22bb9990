# MATH, zero-shot for chat models: OpenCompass's math_0shot_gen_393424 prompt (reason step by step, final
# answer in \boxed{}), compared with the reference's boxed answer after LaTeX normalisation.
from opencompass_lite.datasets import MATHDataset
from opencompass_lite.evaluate import MATHEvaluator, math_postprocess
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

math_datasets = [
    dict(
        abbr='math',
        type=MATHDataset,
        path='data/math',
        reader_cfg=dict(input_columns=['problem'], output_column='solution', train_split='test', test_split='test'),
        infer_cfg=dict(
            prompt_template=dict(
                type=PromptTemplate,
                template=dict(round=[dict(
                    role='HUMAN', prompt='{problem}\nPlease reason step by step, and put your final answer within \\boxed{}.',
                )]),
            ),
            retriever=dict(type=ZeroRetriever),
            inferencer=dict(type=GenInferencer, max_out_len=1024),
        ),
        eval_cfg=dict(evaluator=dict(type=MATHEvaluator), pred_postprocessor=dict(type=math_postprocess)),
    )
]
