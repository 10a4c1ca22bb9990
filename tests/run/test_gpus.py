"""GPUPool: blocking hand-out of GPU slots (no polling)."""

from __future__ import annotations

import threading

import pytest

from opencompass_lite.run.gpus import GPUPool


def test_acquire_picks_distinct_least_loaded_ids():
    pool = GPUPool(["0", "1", "2"], slots_per_gpu=2)
    assert pool.acquire(2) == ["0", "1"]
    assert pool.acquire(1) == ["2"]  # 2 has both slots free, 0 and 1 one each
    assert pool.acquire(3) == ["0", "1", "2"]
    assert pool.acquire(0) == []


def test_acquire_blocks_until_release():
    pool = GPUPool(["0", "1"])
    first = pool.acquire(2)
    got: list[list[str]] = []
    waiter = threading.Thread(target=lambda: got.append(pool.acquire(1)))
    waiter.start()
    waiter.join(0.3)
    assert waiter.is_alive() and got == []
    pool.release(first[1:])
    waiter.join(5)
    assert got == [["1"]]


def test_more_than_the_pool_is_refused():
    with pytest.raises(ValueError, match="3 GPUs requested from a pool of 2"):
        GPUPool(["0", "1"]).acquire(3)
    with pytest.raises(ValueError, match="slots_per_gpu must be >= 1"):
        GPUPool(["0"], 0)
