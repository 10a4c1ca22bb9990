"""Aggregators: combine per-sample scores into one number (mean, weighted mean, pass@k).

Kept apart from the evaluators so summaries can reuse them (a group row is a weighted mean of
subject rows by their ``n``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def mean(values: Iterable[float]) -> float:
    """Arithmetic mean; ``0.0`` for no values (an empty dataset scores nothing, not NaN)."""
    values = list(values)
    return math.fsum(values) / len(values) if values else 0.0


def weighted_mean(values: Sequence[float], weights: Sequence[float]) -> float:
    """Mean of ``values`` weighted by ``weights`` (e.g. sample counts ``n``)."""
    if len(values) != len(weights):
        raise ValueError(f"weighted_mean: {len(values)} values but {len(weights)} weights")
    if any(w < 0 for w in weights):
        raise ValueError(f"weighted_mean: negative weight in {list(weights)}")
    total = math.fsum(weights)
    if total == 0:
        return 0.0
    return math.fsum(v * w for v, w in zip(values, weights, strict=True)) / total


def estimate_pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k of one problem with ``c`` of ``n`` samples correct (Chen et al. 2021):
    ``1 - C(n-c, k) / C(n, k)``, computed as a product so large ``n`` neither overflows nor loses
    precision."""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"estimate_pass_at_k: need 0 <= c <= n and 1 <= k <= n, got n={n} c={c} k={k}")
    if n - c < k:
        return 1.0
    failing_all = 1.0
    for i in range(n - c + 1, n + 1):
        failing_all *= 1.0 - k / i
    return 1.0 - failing_all


def pass_at_k(counts: Iterable[tuple[int, int]], k: int) -> float:
    """Mean pass@k over problems given ``(n, c)`` per problem, as a fraction in [0, 1]."""
    return mean(estimate_pass_at_k(n, c, k) for n, c in counts)
