# InternLM2.5 7B base (OpenCompass hf_internlm2_5_7b); the hub repo ships remote code.
from opencompass_lite.models import HuggingFaceBaseModel

models = [
    dict(
        type=HuggingFaceBaseModel,
        abbr='internlm2_5-7b-hf',
        path='internlm/internlm2_5-7b',
        tokenizer_path='internlm/internlm2_5-7b',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16', trust_remote_code=True),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True),
        max_seq_len=32768,
        max_out_len=1024,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
    )
]
