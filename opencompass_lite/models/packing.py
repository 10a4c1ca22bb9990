"""Pack token sequences that share prefixes into prefix trees, so shared tokens are computed once.

A row is a trie flattened into a list of nodes; each node attends to its ancestors only (a 4D
attention mask) and sits at its depth (``position_ids``). For the model this is exactly the same as
running each sequence on its own, or as reusing a context's KV cache for every continuation:

    "Q: 2+2? A:" + " 4"          nodes: Q: 2+2? A:            (one forward)
    "Q: 2+2? A:" + " 5"          scored: " 4" and " 5" both from the last context node
    "Q: 2+2? A:" + " four"       plus a branch " four"[:-1] hanging off the context

Sequences are inserted in sorted order, so neighbours share the longest prefixes. Different
contexts with a common few-shot header can share a row too, when the cost model says it pays.
Finally ``fill`` puts short unrelated trees side by side in one row (each attends within its own
tree), so a batch's rows have about the same width and little of the forward pass is padding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Target(NamedTuple):
    """Score ``token`` with the logits at trie node ``node`` of row ``row``; it belongs to sequence ``seq``."""

    row: int
    node: int
    token: int
    seq: int


@dataclass
class Row:
    tokens: list[int] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    depths: list[int] = field(default_factory=list)
    children: dict[tuple[int, int], int] = field(default_factory=dict)

    def shared_prefix(self, fed: Sequence[int]) -> int:
        """How many leading tokens of ``fed`` are already nodes of this row."""
        node, n = -1, 0
        for tok in fed:
            node = self.children.get((node, tok), -2)
            if node == -2:
                break
            n += 1
        return n

    def add(self, fed: Sequence[int]) -> list[int]:
        """Insert ``fed``; returns the node index of each of its tokens."""
        path, node = [], -1
        for depth, tok in enumerate(fed):
            child = self.children.get((node, tok))
            if child is None:
                child = len(self.tokens)
                self.children[(node, tok)] = child
                self.tokens.append(tok)
                self.parents.append(node)
                self.depths.append(depth)
            path.append(child)
            node = child
        return path

    def append_tree(self, other: Row) -> int:
        """Put ``other``'s nodes after this row's, as a separate tree; returns their offset. A row is final
        once trees are appended (``children`` keeps indexing the first tree only)."""
        offset = len(self.tokens)
        self.tokens += other.tokens
        self.parents += [p + offset if p >= 0 else -1 for p in other.parents]
        self.depths += other.depths
        return offset


def pack(sequences: Sequence[tuple[Sequence[int], int]], budget: int, token_cost: float | None
         ) -> tuple[list[Row], list[Target]]:
    """Rows of at most ``budget`` nodes holding every ``(tokens, first scored index)`` sequence.

    A sequence joins the current row when that is cheaper than starting a new row: it saves its
    shared tokens (each costing ``token_cost`` attention pairs' worth of compute) but makes the
    row's attention quadratically larger. ``token_cost=None``: one sequence per row, no sharing.
    """
    rows: list[Row] = []
    targets: list[Target] = []
    for seq in sorted(range(len(sequences)), key=lambda i: tuple(sequences[i][0])):
        tokens, start = sequences[seq]
        if start >= len(tokens):
            continue  # nothing to score
        fed = tokens[:-1]
        if not (rows and token_cost is not None and _joins(rows[-1], fed, budget, token_cost)):
            rows.append(Row())
        path = rows[-1].add(fed)
        targets += [Target(len(rows) - 1, path[k - 1], tokens[k], seq) for k in range(start, len(tokens))]
    return rows, targets


def _joins(row: Row, fed: Sequence[int], budget: int, token_cost: float) -> bool:
    shared = row.shared_prefix(fed)
    new = len(fed) - shared
    size = len(row.tokens)
    if shared == 0 or size + new > budget:
        return False
    extra_pairs = (size + new) ** 2 - size**2 - (shared + new) ** 2  # joined row vs. a row of its own
    return extra_pairs < shared * token_cost


def fill(rows: Sequence[Row], targets: Sequence[Target], token_cost: float) -> tuple[list[Row], list[Target]]:
    """Rows merged side by side (first fit, longest first) up to the longest row's width, capped where a
    row's dense attention would cost more than a quarter of its tokens' compute (``token_cost / 4``).

    A batch of rows is padded to its widest: rows of 150, 90 and 60 tokens cost 450 tokens where 300
    are real. Merged into rows of ~150 the batch is all work, for a little more attention per token.
    """
    if len(rows) < 2:
        return list(rows), list(targets)
    width = min(max(len(r.tokens) for r in rows), max(int(token_cost / 4), 1))
    bins: list[Row] = []
    where: list[tuple[int, int]] = [(0, 0)] * len(rows)  # old row -> (new row, node offset)
    for r in sorted(range(len(rows)), key=lambda r: -len(rows[r].tokens)):
        size = len(rows[r].tokens)
        b = next((b for b, row in enumerate(bins) if len(row.tokens) + size <= width), None)
        if b is None:
            bins.append(Row())
            b = len(bins) - 1
        where[r] = (b, bins[b].append_tree(rows[r]))
    return bins, [t._replace(row=where[t.row][0], node=t.node + where[t.row][1]) for t in targets]


def row_tensors(rows: Sequence[Row], pad_id: int, mask_kind: str, dtype: Any) -> dict[str, Any]:
    """``input_ids``, ``position_ids`` and ``attention_mask`` for a batch of rows (padded on the right).

    ``mask_kind``: ``'bool'`` (sdpa) or ``'float'`` (eager) 4D tree masks; ``'2d'`` a plain padding
    mask for attention kernels that take no custom masks (rows must then be single sequences).
    """
    import torch

    width = max(len(r.tokens) for r in rows)
    input_ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    position_ids = torch.zeros((len(rows), width), dtype=torch.long)
    for b, r in enumerate(rows):
        input_ids[b, : len(r.tokens)] = torch.tensor(r.tokens)
        position_ids[b, : len(r.tokens)] = torch.tensor(r.depths)
    if mask_kind == "2d":
        mask = (torch.arange(width)[None, :] < torch.tensor([len(r.tokens) for r in rows])[:, None]).long()
        return {"input_ids": input_ids, "position_ids": position_ids, "attention_mask": mask}
    mask = torch.stack([_tree_mask(r, width) for r in rows])[:, None]
    if mask_kind == "float":
        mask = torch.zeros(mask.shape, dtype=dtype).masked_fill(~mask, torch.finfo(dtype).min)
    return {"input_ids": input_ids, "position_ids": position_ids, "attention_mask": mask}


def _tree_mask(row: Row, width: int) -> Any:
    """``mask[i, j]``: node ``i`` may attend to node ``j`` (an ancestor or itself); padding sees itself only."""
    import torch

    mask = torch.eye(width, dtype=torch.bool)
    for i, parent in enumerate(row.parents):
        if parent >= 0:
            mask[i] |= mask[parent]
    return mask
