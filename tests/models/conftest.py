"""The real SmolLM2, loaded once per session: the user's converted cache if present, else converted into tmp."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # before transformers/huggingface_hub are imported

SMOLLM2 = "HuggingFaceTB/SmolLM2-135M-Instruct"


@pytest.fixture(scope="session")
def smollm2_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache root holding the converted SmolLM2; ``OCL_CACHE_DIR`` points at it for the session."""
    from opencompass_lite.models.embedded import SMOLLM2_NAME, cache_root, prepare_embedded

    root = cache_root()
    if not (root / "models" / SMOLLM2_NAME).is_dir():
        root = tmp_path_factory.mktemp("ocl_cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OCL_CACHE_DIR", str(root))
        prepare_embedded()
        yield root


@pytest.fixture(scope="session")
def base_model(smollm2_cache: Path):
    """Built with the kwargs of OpenCompass's tutorial command line."""
    from opencompass_lite.config.specs import ModelSpec
    from opencompass_lite.models import HuggingFaceCausalLM

    spec = ModelSpec(abbr="smol-base", type="HuggingFaceCausalLM", path=SMOLLM2,
                     model_kwargs={"device_map": "auto", "torch_dtype": "torch.float32", "trust_remote_code": True},
                     tokenizer_kwargs={"padding_side": "left", "truncation": "left", "trust_remote_code": True},
                     max_seq_len=2048, max_out_len=16, batch_size=4)
    return HuggingFaceCausalLM(spec)


@pytest.fixture(scope="session")
def chat_model(smollm2_cache: Path):
    from opencompass_lite.config.specs import ModelSpec
    from opencompass_lite.models import HuggingFacewithChatTemplate

    spec = ModelSpec(abbr="smol-chat", type="HuggingFacewithChatTemplate", path=SMOLLM2, max_out_len=16, batch_size=4)
    return HuggingFacewithChatTemplate(spec)
