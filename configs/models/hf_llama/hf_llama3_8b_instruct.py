# LLaMA-3 8B Instruct (OpenCompass hf_llama3_8b_instruct): the tokenizer's chat template; stop at end of turn.
from opencompass_lite.models import HuggingFacewithChatTemplate

models = [
    dict(
        type=HuggingFacewithChatTemplate,
        abbr='llama-3-8b-instruct-hf',
        path='meta-llama/Meta-Llama-3-8B-Instruct',
        tokenizer_path='meta-llama/Meta-Llama-3-8B-Instruct',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16'),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True),
        max_seq_len=8192,
        max_out_len=1024,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
        stop_words=['<|end_of_text|>', '<|eot_id|>'],
    )
]
