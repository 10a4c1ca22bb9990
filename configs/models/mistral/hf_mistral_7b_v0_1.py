# Mistral 7B v0.1 base (OpenCompass hf_mistral_7b_v0_1).
from opencompass_lite.models import HuggingFaceBaseModel

models = [
    dict(
        type=HuggingFaceBaseModel,
        abbr='mistral-7b-v0.1-hf',
        path='mistralai/Mistral-7B-v0.1',
        tokenizer_path='mistralai/Mistral-7B-v0.1',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16'),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True),
        max_seq_len=8192,
        max_out_len=1024,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
    )
]
