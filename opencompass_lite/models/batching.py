"""Batch sizes: a fixed one from the config, or ``'auto'`` (the largest that fits), halved on CUDA
out-of-memory instead of failing the task.

``'auto'`` estimates a batch's peak memory from the model config (live activations of one layer,
attention scores, KV cache while generating, last-position logits) and takes the largest batch that
fits in half the free memory of the model's device (free GPU memory; available RAM on CPU), capped
at ``AUTO_MAX``. An out-of-memory error still halves the batch, and the model remembers it: later
calls start from half the estimate.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from opencompass_lite.errors import ModelError

logger = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")
AUTO = "auto"
AUTO_MAX = 256
_FREE_FRACTION = 0.5  # of the device's free memory; the rest covers estimate error and other processes


def row_bytes(config: Any, width: int, new_tokens: int, dtype_bytes: int) -> int:
    """Estimated peak bytes one row of ``width`` prompt tokens (+ ``new_tokens`` generated) adds to a batch."""
    hidden = getattr(config, "hidden_size", 4096)
    inter = getattr(config, "intermediate_size", 4 * hidden)
    heads = getattr(config, "num_attention_heads", 32)
    kv_dim = getattr(config, "num_key_value_heads", heads) * getattr(config, "head_dim", hidden // heads)
    layers = getattr(config, "num_hidden_layers", 32)
    tokens = width + new_tokens
    activations = tokens * (6 * hidden + 3 * inter) + heads * tokens * tokens
    kv_cache = 2 * layers * kv_dim * tokens if new_tokens else 0
    logits = 4 * getattr(config, "vocab_size", 32000) if new_tokens else 0  # float32, last position
    return (activations + kv_cache) * dtype_bytes + logits


def free_bytes(device: Any) -> int:
    """Memory a batch may still take on ``device``: free GPU memory, or available RAM on CPU."""
    import torch

    if getattr(device, "type", "cpu") == "cuda":
        return int(torch.cuda.mem_get_info(device)[0])
    import psutil

    return int(psutil.virtual_memory().available)


def batch_size_for(model: Any, configured: int | str, width: int, new_tokens: int = 0) -> int:
    """``configured`` as is, or for ``'auto'`` the largest batch of rows this wide that fits now."""
    if configured != AUTO:
        return max(1, int(configured))
    weight = model.get_input_embeddings().weight
    per_row = row_bytes(model.config, width, new_tokens, weight.element_size())
    budget = free_bytes(weight.device) * _FREE_FRACTION * getattr(model, "_ocl_auto_scale", 1.0)
    size = max(1, min(AUTO_MAX, int(budget // per_row)))
    logger.info("batch_size='auto': %d rows of %d tokens (+%d new)", size, width, new_tokens)
    return size


def run_batches(items: Sequence[T], batch_size: int, fn: Callable[[Sequence[T]], list[R]], where: str,
                owner: Any = None) -> list[R]:
    """``fn`` over consecutive chunks of ``items``; results concatenated in order.

    Put the largest items first: an OOM then happens early and the smaller batch size is kept.
    ``owner`` (the model, for ``'auto'``) remembers each halving for its later calls.
    """
    import torch

    out: list[R] = []
    size, i = max(1, batch_size), 0
    while i < len(items):
        chunk = items[i : i + size]
        try:
            out.extend(fn(chunk))
        except torch.cuda.OutOfMemoryError as e:
            if size == 1:
                raise ModelError(f"{where}: out of GPU memory even with batch size 1; lower max_seq_len") from e
            size //= 2
            if owner is not None:
                owner._ocl_auto_scale = getattr(owner, "_ocl_auto_scale", 1.0) / 2
            torch.cuda.empty_cache()
            logger.warning("%s: CUDA out of memory; retrying with batch size %d", where, size)
            continue
        i += len(chunk)
    return out
