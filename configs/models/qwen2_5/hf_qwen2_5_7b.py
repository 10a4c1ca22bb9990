# Qwen2.5 7B base (OpenCompass hf_qwen2_5_7b).
from opencompass_lite.models import HuggingFaceBaseModel

models = [
    dict(
        type=HuggingFaceBaseModel,
        abbr='qwen2.5-7b-hf',
        path='Qwen/Qwen2.5-7B',
        tokenizer_path='Qwen/Qwen2.5-7B',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16'),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True),
        max_seq_len=32768,
        max_out_len=1024,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
    )
]
