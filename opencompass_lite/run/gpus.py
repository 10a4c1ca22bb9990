"""GPU ids visible to this process and a blocking pool that hands each slot to one task at a time.

Ids are counted from ``CUDA_VISIBLE_DEVICES`` (not from torch), so schedulers can be tested on a
machine without GPUs by setting ``CUDA_VISIBLE_DEVICES=0,1,2,3``.
"""

from __future__ import annotations

import glob
import os
import sys
import threading
from collections.abc import Mapping, Sequence


def visible_gpu_ids(env: Mapping[str, str] | None = None) -> list[str]:
    """``CUDA_VISIBLE_DEVICES`` split on commas; unset means every GPU torch sees (0 without torch)."""
    env = os.environ if env is None else env
    value = env.get("CUDA_VISIBLE_DEVICES")
    if value is None:
        return [str(i) for i in range(_torch_device_count())]
    return [part.strip() for part in value.split(",") if part.strip()]


def _torch_device_count() -> int:
    """GPUs torch sees. On Linux without an NVIDIA or ROCm device node there are none: answer 0 without
    importing torch (2 s of every run's start on a CPU machine)."""
    if sys.platform.startswith("linux") and not (glob.glob("/dev/nvidia[0-9]*") or os.path.exists("/dev/kfd")):
        return 0
    try:
        import torch
    except ImportError:
        return 0
    return int(torch.cuda.device_count())


class GPUPool:
    """``slots_per_gpu`` slots on each id; ``acquire(k)`` blocks (no polling) until k distinct ids are free.

    Example: ``GPUPool(["0", "1"], 2)`` runs up to four 1-GPU tasks, two per device.
    """

    def __init__(self, ids: Sequence[str], slots_per_gpu: int = 1) -> None:
        if slots_per_gpu < 1:
            raise ValueError(f"slots_per_gpu must be >= 1, got {slots_per_gpu}")
        self.ids = list(ids)
        self._free = {gpu: slots_per_gpu for gpu in self.ids}
        self._cond = threading.Condition()

    def __len__(self) -> int:
        return len(self.ids)

    def acquire(self, k: int) -> list[str]:
        """Take one slot on each of ``k`` distinct ids (the least loaded first); k=0 returns []."""
        if k > len(self.ids):
            raise ValueError(f"{k} GPUs requested from a pool of {len(self.ids)}")
        if k == 0:
            return []
        with self._cond:
            self._cond.wait_for(lambda: sum(1 for n in self._free.values() if n > 0) >= k)
            ranked = sorted((gpu for gpu in self.ids if self._free[gpu] > 0), key=lambda g: -self._free[g])
            chosen = sorted(ranked[:k], key=self.ids.index)
            for gpu in chosen:
                self._free[gpu] -= 1
            return chosen

    def release(self, ids: Sequence[str]) -> None:
        with self._cond:
            for gpu in ids:
                self._free[gpu] += 1
            self._cond.notify_all()
