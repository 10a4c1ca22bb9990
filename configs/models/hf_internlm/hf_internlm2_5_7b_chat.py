# InternLM2.5 7B chat (OpenCompass hf_internlm2_5_7b_chat): the tokenizer's chat template; stop at end of turn.
from opencompass_lite.models import HuggingFacewithChatTemplate

models = [
    dict(
        type=HuggingFacewithChatTemplate,
        abbr='internlm2_5-7b-chat-hf',
        path='internlm/internlm2_5-7b-chat',
        tokenizer_path='internlm/internlm2_5-7b-chat',
        model_kwargs=dict(device_map='auto', torch_dtype='torch.bfloat16', trust_remote_code=True),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True),
        max_seq_len=32768,
        max_out_len=1024,
        batch_size=8,
        run_cfg=dict(num_gpus=1),
        stop_words=['</s>', '<|im_end|>'],
    )
]
