# HumanEval as language modelling on code: bits per byte of each problem's canonical solution, scored
# as the continuation of its prompt (signature and docstring), so prompt + solution is the reference
# program. Nothing is generated or executed. A base model (--hf-type base, HuggingFaceBaseModel) sees
# exactly that text; a chat model sees the prompt as a user turn and the solution as its reply.
# Metrics: bits_per_byte (headline), byte_perplexity, word_perplexity, perplexity (per model token).
# Data: `python tools/build_humaneval.py` writes data/humaneval/human-eval-v2-20210705.jsonl.
from opencompass_lite.datasets import HumanevalDataset
from opencompass_lite.evaluate import PerplexityEvaluator
from opencompass_lite.infer import PromptTemplate, RefLLInferencer, ZeroRetriever

humaneval_bpb_datasets = [
    dict(
        abbr='openai_humaneval-bpb',
        type=HumanevalDataset,
        path='data/humaneval',
        reader_cfg=dict(input_columns=['prompt'], output_column='canonical_solution', train_split='test'),
        infer_cfg=dict(
            prompt_template=dict(type=PromptTemplate, template='{prompt}'),
            retriever=dict(type=ZeroRetriever),
            inferencer=dict(type=RefLLInferencer),
        ),
        eval_cfg=dict(evaluator=dict(type=PerplexityEvaluator)),
    )
]
