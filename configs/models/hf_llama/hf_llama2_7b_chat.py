# LLaMA-2 7B chat (OpenCompass hf_llama2_7b_chat): [INST] turns from meta_template; stop at the next [INST].
from opencompass_lite.models import HuggingFaceCausalLM

_meta_template = dict(
    round=[
        dict(role='HUMAN', begin=' [INST] ', end=' [/INST] '),
        dict(role='BOT', begin='', end='', generate=True),
    ],
)

models = [
    dict(
        type=HuggingFaceCausalLM,
        abbr='llama-2-7b-chat-hf',
        path='meta-llama/Llama-2-7b-chat-hf',
        tokenizer_path='meta-llama/Llama-2-7b-chat-hf',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16'),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True, use_fast=False),
        max_seq_len=4096,
        max_out_len=100,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
        meta_template=_meta_template,
        end_str='[INST]',
    )
]
