"""Model calls grow from one batch to MAX_CALL_BATCHES batches and cover every sample once, in order."""

from __future__ import annotations

import pytest

from opencompass_lite.run.infer_task import MAX_CALL_BATCHES, _chunks


@pytest.mark.parametrize("n,bs", [(0, 8), (1, 8), (7, 2), (100, 3), (5000, 8), (64, 1)])
def test_chunks_cover_todo_in_order_and_grow_to_the_cap(n, bs):
    todo = list(range(n))
    chunks = list(_chunks(todo, bs))
    assert [i for c in chunks for i in c] == todo
    sizes = [len(c) for c in chunks]
    expected = [min(bs * 2**k, MAX_CALL_BATCHES * bs) for k in range(len(sizes))]
    assert sizes[:-1] == expected[:-1]
    assert not sizes or 0 < sizes[-1] <= expected[-1]
