# The same SmolLM2-135M-Instruct weights prompted like a base model: plain concatenated text, no
# chat template. This is how OpenCompass feeds base models, and the natural setting for the
# ppl/ll configs (the scored answer follows "Answer:" directly, not an assistant-turn header).
from opencompass_lite.models import HuggingFaceBaseModel

models = [
    dict(
        type=HuggingFaceBaseModel,
        abbr='smollm2-135m-base-style-hf',
        path='HuggingFaceTB/SmolLM2-135M-Instruct',
        tokenizer_path='HuggingFaceTB/SmolLM2-135M-Instruct',
        model_kwargs=dict(device_map='auto', torch_dtype='float32'),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True),
        max_seq_len=2048,
        max_out_len=16,
        batch_size=8,
        run_cfg=dict(num_gpus=0),
    )
]
