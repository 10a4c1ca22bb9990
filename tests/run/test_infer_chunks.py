"""Model calls grow from FIRST_CALL_BATCHES batches to MAX_CALL_BATCHES batches and cover every sample once, in order."""

from __future__ import annotations

import pytest

from opencompass_lite.run.infer_task import FIRST_CALL_BATCHES, MAX_CALL_BATCHES, _chunks


@pytest.mark.parametrize("n,bs", [(0, 8), (1, 8), (7, 2), (40, 8), (100, 3), (5000, 8), (64, 1), (49, 8)])
def test_chunks_cover_todo_in_order_and_grow_to_the_cap(n, bs):
    todo = list(range(n))
    chunks = list(_chunks(todo, bs))
    assert [i for c in chunks for i in c] == todo
    sizes = [len(c) for c in chunks]
    planned = [min(FIRST_CALL_BATCHES * bs * 2**k, MAX_CALL_BATCHES * bs) for k in range(len(sizes))]
    assert sizes[:-1] == planned[:-1]
    if sizes:  # the last call holds what is left, plus a short rest that would have been a call of its own
        assert 0 < sizes[-1] <= planned[-1] + planned[-1] // 2


def test_a_small_dataset_is_one_call():
    """40 samples at batch 8: one call of 40 (sorted and shared together), not 32 + a padded 8."""
    assert [len(c) for c in _chunks(list(range(40)), 8)] == [40]
    assert [len(c) for c in _chunks(list(range(49)), 8)] == [32, 17]
