# Baichuan2 7B chat (OpenCompass hf_baichuan2_7b_chat): the tokenizer has no chat template, so turns come
# from meta_template (<reserved_106> user, <reserved_107> assistant); remote code, slow tokenizer.
from opencompass_lite.models import HuggingFaceCausalLM

_meta_template = dict(
    round=[
        dict(role='HUMAN', begin='<reserved_106>'),
        dict(role='BOT', begin='<reserved_107>', generate=True),
    ],
)

models = [
    dict(
        type=HuggingFaceCausalLM,
        abbr='baichuan2-7b-chat-hf',
        path='baichuan-inc/Baichuan2-7B-Chat',
        tokenizer_path='baichuan-inc/Baichuan2-7B-Chat',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16', trust_remote_code=True),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True, use_fast=False),
        max_seq_len=4096,
        max_out_len=1024,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
        meta_template=_meta_template,
    )
]
