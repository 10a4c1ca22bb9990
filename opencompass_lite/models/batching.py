"""Run work in batches, halving the batch on CUDA out-of-memory instead of failing the task."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

from opencompass_lite.errors import ModelError

logger = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")


def run_batches(items: Sequence[T], batch_size: int, fn: Callable[[Sequence[T]], list[R]], where: str) -> list[R]:
    """``fn`` over consecutive chunks of ``items``; results concatenated in order.

    Put the largest items first: an OOM then happens early and the smaller batch size is kept.
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
            torch.cuda.empty_cache()
            logger.warning("%s: CUDA out of memory; retrying with batch size %d", where, size)
            continue
        i += len(chunk)
    return out
