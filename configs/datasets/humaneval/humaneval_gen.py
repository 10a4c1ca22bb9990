# HumanEval, 0-shot generation (OpenCompass's humaneval_gen_8e312c): the model completes the
# function; humaneval_postprocess keeps the code (a body, or a whole function from a ```python
# block) and HumanEvalEvaluator runs it against the problem's tests in the sandbox (pass@1).
# Data: `python tools/build_humaneval.py` writes data/humaneval/human-eval-v2-20210705.jsonl.
from opencompass_lite.datasets import HumanevalDataset
from opencompass_lite.evaluate import HumanEvalEvaluator, humaneval_postprocess
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

humaneval_reader_cfg = dict(input_columns=['prompt'], output_column='task_id', train_split='test')

humaneval_infer_cfg = dict(
    prompt_template=dict(
        type=PromptTemplate,
        template=dict(round=[dict(role='HUMAN', prompt='Complete the following python code:\n{prompt}')]),
    ),
    retriever=dict(type=ZeroRetriever),
    inferencer=dict(type=GenInferencer, max_out_len=512),
)

humaneval_eval_cfg = dict(
    evaluator=dict(type=HumanEvalEvaluator),
    pred_postprocessor=dict(type=humaneval_postprocess),
)

humaneval_datasets = [
    dict(
        abbr='openai_humaneval',
        type=HumanevalDataset,
        path='data/humaneval',
        reader_cfg=humaneval_reader_cfg,
        infer_cfg=humaneval_infer_cfg,
        eval_cfg=humaneval_eval_cfg,
    )
]
