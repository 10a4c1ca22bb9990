# Mistral 7B Instruct v0.2 (OpenCompass hf_mistral_7b_instruct_v0_2): the tokenizer's chat template ([INST] turns).
from opencompass_lite.models import HuggingFacewithChatTemplate

models = [
    dict(
        type=HuggingFacewithChatTemplate,
        abbr='mistral-7b-instruct-v0.2-hf',
        path='mistralai/Mistral-7B-Instruct-v0.2',
        tokenizer_path='mistralai/Mistral-7B-Instruct-v0.2',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16'),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True),
        max_seq_len=32768,
        max_out_len=1024,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
    )
]
