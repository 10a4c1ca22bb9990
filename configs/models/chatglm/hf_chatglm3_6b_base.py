# ChatGLM3 6B base (OpenCompass hf_chatglm3_6b_base); the hub repo ships remote code.
from opencompass_lite.models import HuggingFaceBaseModel

models = [
    dict(
        type=HuggingFaceBaseModel,
        abbr='chatglm3-6b-base-hf',
        path='THUDM/chatglm3-6b-base',
        tokenizer_path='THUDM/chatglm3-6b-base',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16', trust_remote_code=True),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True),
        max_seq_len=8192,
        max_out_len=1024,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
    )
]
