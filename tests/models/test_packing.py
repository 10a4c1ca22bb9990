"""Prefix-tree packing: shared prefixes become shared nodes; each node sees exactly its ancestors."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import torch

from opencompass_lite.models.loglik import _mask_kind
from opencompass_lite.models.packing import Row, fill, pack, row_tensors

CTX = list(range(100, 110))


def check_targets(sequences, rows, targets) -> None:
    """Every scored token is predicted from the node holding the token before it, at the right depth."""
    for t in targets:
        tokens, start = sequences[t.seq]
        k = [i for i in range(start, len(tokens)) if tokens[i] == t.token][0]
        assert rows[t.row].tokens[t.node] == tokens[k - 1]
        assert rows[t.row].depths[t.node] == k - 1


def test_one_context_many_continuations_share_one_chain() -> None:
    sequences = [(tuple(CTX + [x]), len(CTX)) for x in (1, 2, 3, 4)]
    rows, targets = pack(sequences, budget=64, token_cost=3000.0)
    assert len(rows) == 1 and rows[0].tokens == CTX
    assert sorted(t.seq for t in targets) == [0, 1, 2, 3]
    assert {t.node for t in targets} == {len(CTX) - 1}
    check_targets(sequences, rows, targets)


def test_multi_token_continuations_branch_off_the_context() -> None:
    sequences = [(tuple(CTX + [1, 2, 3]), len(CTX)), (tuple(CTX + [1, 5]), len(CTX)), (tuple(CTX + [7, 8]), len(CTX))]
    rows, targets = pack(sequences, budget=64, token_cost=3000.0)
    assert len(rows) == 1
    assert len(rows[0].tokens) == len(CTX) + 3  # nodes 1, 2 (first) and 7 (third); 1 is shared
    assert len(targets) == 3 + 2 + 2
    check_targets(sequences, rows, targets)


def test_unrelated_sequences_and_no_sharing_get_rows_of_their_own() -> None:
    sequences = [(tuple(range(i * 50, i * 50 + 40)), 20) for i in range(3)]
    rows, _ = pack(sequences, budget=1000, token_cost=3000.0)
    assert len(rows) == 3
    shared = [(tuple(CTX + [x]), len(CTX)) for x in (1, 2)]
    rows, targets = pack(shared, budget=1000, token_cost=None)
    assert len(rows) == 2
    check_targets(shared, rows, targets)


def test_budget_caps_row_size() -> None:
    sequences = [(tuple(CTX + [x, x + 1, x + 2, x + 3]), len(CTX)) for x in range(0, 40, 4)]
    rows, targets = pack(sequences, budget=len(CTX) + 7, token_cost=3000.0)
    assert all(len(r.tokens) <= len(CTX) + 7 for r in rows) and len(rows) == 5
    check_targets(sequences, rows, targets)


def test_nothing_to_score_makes_no_row() -> None:
    assert pack([((5,), 1), ((5, 6), 2)], budget=8, token_cost=1.0) == ([], [])


def test_fill_puts_short_trees_side_by_side_up_to_the_widest_row() -> None:
    lengths = [30, 12, 10, 8, 20]
    sequences = [(tuple(range(i * 100, i * 100 + n)), n - 2) for i, n in enumerate(lengths)]
    rows, targets = pack(sequences, budget=1000, token_cost=3000.0)
    assert len(rows) == 5
    filled, moved = fill(rows, targets, token_cost=3000.0)
    widths = sorted(len(r.tokens) for r in filled)
    assert widths == [18, 28, 29] and len(moved) == len(targets)  # fed 29 | 19+9 | 11+7 (first fit, longest first)
    check_targets(sequences, filled, moved)
    for row in filled:  # each tree is rooted at depth 0 and sees only its own nodes
        mask = row_tensors([row], 0, "bool", None)["attention_mask"][0, 0]
        roots = [i for i, p in enumerate(row.parents) if p < 0]
        tree = torch.zeros(len(row.tokens), dtype=torch.long)
        for a, b in zip(roots, [*roots[1:], len(row.tokens)], strict=True):
            tree[a:b] = a
            assert row.depths[a] == 0
        assert not (mask & (tree[:, None] != tree[None, :])).any()


def test_fill_width_is_capped_by_the_attention_cost() -> None:
    sequences = [(tuple(range(i * 100, i * 100 + n + 1)), n) for i, n in enumerate([40, 10, 10, 10, 10])]
    rows, targets = pack(sequences, budget=1000, token_cost=3000.0)
    filled, _ = fill(rows, targets, token_cost=100.0)  # cap 25: the short ones pair up, the long one stays
    assert [len(r.tokens) for r in filled] == [40, 20, 20]
    filled, _ = fill(rows, targets, token_cost=400.0)  # cap 100, width = the longest row's 40
    assert [len(r.tokens) for r in filled] == [40, 40]


def test_tree_mask_is_ancestors_and_padding_sees_itself() -> None:
    row = Row()
    row.add([1, 2, 3])
    row.add([1, 4])
    batch = row_tensors([row, Row(tokens=[9], parents=[-1], depths=[0])], pad_id=0, mask_kind="bool", dtype=None)
    assert batch["input_ids"].tolist() == [[1, 2, 3, 4], [9, 0, 0, 0]]
    assert batch["position_ids"].tolist() == [[0, 1, 2, 1], [0, 0, 0, 0]]
    mask = batch["attention_mask"][0, 0].int().tolist()
    assert mask == [[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [1, 0, 0, 1]]
    assert batch["attention_mask"][1, 0].int().tolist() == torch.eye(4, dtype=torch.int).tolist()
    float_mask = row_tensors([row], 0, "float", torch.float32)["attention_mask"]
    assert (float_mask[0, 0] == 0).int().tolist() == mask


@pytest.mark.parametrize(("config", "kind"), [
    (dict(_attn_implementation="sdpa"), "bool"),
    (dict(_attn_implementation="eager"), "float"),
    (dict(_attn_implementation="flash_attention_2"), "2d"),
    (dict(_attn_implementation="sdpa", sliding_window=4096), "2d"),  # Mistral/Gemma 2 style
    (dict(_attn_implementation="sdpa", sliding_window=131072, use_sliding_window=False), "bool"),  # Qwen2 style
    (dict(_attn_implementation="sdpa", layer_types=["full_attention", "sliding_attention"]), "2d"),
])
def test_mask_kind_follows_the_attention_kernel(config: dict, kind: str) -> None:
    assert _mask_kind(SimpleNamespace(config=SimpleNamespace(**config))) == kind
