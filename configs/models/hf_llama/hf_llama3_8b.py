# LLaMA-3 8B base (OpenCompass hf_llama3_8b).
from opencompass_lite.models import HuggingFaceBaseModel

models = [
    dict(
        type=HuggingFaceBaseModel,
        abbr='llama-3-8b-hf',
        path='meta-llama/Meta-Llama-3-8B',
        tokenizer_path='meta-llama/Meta-Llama-3-8B',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16'),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True),
        max_seq_len=8192,
        max_out_len=1024,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
    )
]
