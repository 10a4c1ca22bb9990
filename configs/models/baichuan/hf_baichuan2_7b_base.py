# Baichuan2 7B base (OpenCompass hf_baichuan2_7b_base); remote code and a slow tokenizer, as upstream.
from opencompass_lite.models import HuggingFaceBaseModel

models = [
    dict(
        type=HuggingFaceBaseModel,
        abbr='baichuan2-7b-base-hf',
        path='baichuan-inc/Baichuan2-7B-Base',
        tokenizer_path='baichuan-inc/Baichuan2-7B-Base',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16', trust_remote_code=True),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True, use_fast=False),
        max_seq_len=4096,
        max_out_len=1024,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
    )
]
