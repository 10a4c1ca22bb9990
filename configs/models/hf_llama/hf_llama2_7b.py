# LLaMA-2 7B base (OpenCompass hf_llama2_7b): plain-text prompts, slow tokenizer as upstream.
from opencompass_lite.models import HuggingFaceCausalLM

models = [
    dict(
        type=HuggingFaceCausalLM,
        abbr='llama-2-7b-hf',
        path='meta-llama/Llama-2-7b-hf',
        tokenizer_path='meta-llama/Llama-2-7b-hf',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16'),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True, use_fast=False),
        max_seq_len=4096,
        max_out_len=100,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
    )
]
