"""Build a transformers model + tokenizer from a ``ModelSpec``, accepting OpenCompass-style kwargs.

Users copy kwargs from OpenCompass configs and its tutorial command line, so strings such as
``torch_dtype='torch.bfloat16'`` and ``truncation='left'`` are accepted here, in one place.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opencompass_lite.config.specs import ModelSpec
from opencompass_lite.errors import ModelError
from opencompass_lite.models.embedded import ResolvedPath, resolve_model_path

logger = logging.getLogger(__name__)


@contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers' progress bars and info chatter while loading; restore afterwards.

    The GGUF reader draws a plain tqdm bar that transformers' own switch does not govern.
    """
    from transformers import modeling_gguf_pytorch_utils as gguf_utils
    from transformers.utils import logging as hf_logging

    bars, level = hf_logging.is_progress_bar_enabled(), hf_logging.get_verbosity()
    gguf_tqdm = gguf_utils.tqdm
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    gguf_utils.tqdm = functools.partial(gguf_tqdm, disable=True)
    try:
        yield
    finally:
        gguf_utils.tqdm = gguf_tqdm
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()


def parse_dtype(value: Any, where: str) -> Any:
    """``'torch.bfloat16'``/``'bfloat16'``/``torch.bfloat16``/``'auto'``/``None`` → what ``from_pretrained`` takes.

    ``None`` means the default: float32 on CPU, bfloat16 on a GPU that supports it (else float16).
    """
    import torch

    if value is None:
        if not torch.cuda.is_available():
            return torch.float32
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if isinstance(value, torch.dtype) or value == "auto":
        return value
    name = str(value).removeprefix("torch.")
    dtype = getattr(torch, name, None)
    if not isinstance(dtype, torch.dtype):
        raise ModelError(f"{where}: model_kwargs torch_dtype {value!r} is not a torch dtype; use e.g. 'torch.bfloat16'")
    return dtype


def device_map_for(spec: ModelSpec, requested: Any) -> Any:
    """The ``device_map`` to load with: ``'auto'`` shards over visible GPUs; with no GPU everything is on CPU."""
    import torch

    if not torch.cuda.is_available():
        if requested not in (None, "auto", "cpu"):
            logger.warning("%s: device_map=%r but no GPU is visible; loading on CPU", spec.abbr, requested)
        return None
    return "auto" if requested is None else requested


def model_load_kwargs(spec: ModelSpec) -> dict[str, Any]:
    kwargs = dict(spec.model_kwargs)
    dtype = kwargs.pop("torch_dtype", None)
    dtype = kwargs.pop("dtype", dtype)
    kwargs["dtype"] = parse_dtype(dtype, spec.abbr)
    device_map = device_map_for(spec, kwargs.pop("device_map", None))
    if device_map is not None:
        kwargs["device_map"] = device_map
    return kwargs


def tokenizer_load_kwargs(spec: ModelSpec) -> dict[str, Any]:
    """OpenCompass's ``truncation='left'`` means ``truncation_side='left'``; padding is always left here."""
    kwargs = dict(spec.tokenizer_kwargs)
    truncation = kwargs.pop("truncation", None)
    if truncation in ("left", "right"):
        kwargs.setdefault("truncation_side", truncation)
    kwargs["padding_side"] = "left"
    return kwargs


def load_tokenizer(spec: ModelSpec) -> Any:
    from transformers import AutoTokenizer

    source = _resolve(spec, spec.tokenizer_path or spec.path)
    with quiet_transformers(), _load_errors(spec, source):
        tokenizer = AutoTokenizer.from_pretrained(source.path, gguf_file=source.gguf_file or None,
                                                  **tokenizer_load_kwargs(spec))
    if tokenizer.pad_token is None:
        if tokenizer.eos_token is None:
            raise ModelError(f"{spec.abbr}: tokenizer has neither a pad nor an eos token; set pad_token in tokenizer_kwargs")
        tokenizer.pad_token = tokenizer.eos_token
    tokenizer.padding_side = "left"
    return tokenizer


def load_model(spec: ModelSpec) -> Any:
    from transformers import AutoModelForCausalLM

    source = _resolve(spec, spec.path)
    kwargs = model_load_kwargs(spec)
    with quiet_transformers(), _load_errors(spec, source):
        model = AutoModelForCausalLM.from_pretrained(source.path, gguf_file=source.gguf_file or None, **kwargs)
    model.eval()
    logger.info("%s: loaded %s (dtype %s, device %s)", spec.abbr, source.path, model.dtype, model.device)
    return model


def _resolve(spec: ModelSpec, path: str) -> ResolvedPath:
    return resolve_model_path(path, spec.gguf_file if path == spec.path else "")


@contextmanager
def _load_errors(spec: ModelSpec, source: ResolvedPath) -> Iterator[None]:
    """transformers' multi-line OSError/ValueError for a missing or bad model → one-line ModelError."""
    try:
        yield
    except (OSError, ValueError) as e:
        first = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise ModelError(
            f"{spec.abbr}: cannot load {source.path!r} ({first}); point path/--hf-path at a local HF model folder"
            " or a reachable hub id"
        ) from e
