"""Summary-group arithmetic: naive and weighted averages, groups of groups, missing and failed cells.

A group has a value for a model only when every subset has one; a subset that failed or has no
result makes the group ``-`` for that model, never a silently smaller average.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from opencompass_lite.summarize.spec import GroupSpec, Ref, dependency_order, ref_abbr, ref_key


class Status(str, Enum):
    """A cell without a number."""

    MISSING = "-"  # not run, no result, or (for a group) some subset lacks a value
    FAILED = "failed"  # the eval task for this cell failed; its log is listed under the table


@dataclass(frozen=True)
class Score:
    value: float  # percentage, as in the results file
    n: int  # samples behind it (a group: the sum over its subsets), for weighted=True parents


Entry = Score | Status
LeafLookup = Callable[[Ref], tuple[Entry, ...]]  # a dataset ref → one entry per model


def compute_groups(groups: Sequence[GroupSpec], leaf: LeafLookup, n_models: int) -> dict[str, tuple[Entry, ...]]:
    """Every group's entries (one per model), computing contained groups first."""
    done: dict[str, tuple[Entry, ...]] = {}
    for g in dependency_order(groups, "summarizer"):
        columns = [done[ref_abbr(r)] if ref_abbr(r) in done else leaf(r) for r in g.subsets]
        done[g.name] = tuple(combine(g, [col[i] for col in columns]) for i in range(n_models))
    return done


def combine(group: GroupSpec, entries: Sequence[Entry]) -> Entry:
    """One model's group value from its subsets' entries (in ``group.subsets`` order)."""
    scores = [e for e in entries if isinstance(e, Score)]
    if len(scores) != len(entries):
        return Status.MISSING
    n = sum(s.n for s in scores)
    if group.weights is not None:
        given = dict(group.weights)
        weights = [given[ref_key(r)] for r in group.subsets]
    elif group.weighted:
        weights = [float(s.n) for s in scores]
    else:
        weights = [1.0] * len(scores)
    total = sum(weights)
    if total <= 0:  # weighted=True over subsets that all have n == 0
        return Status.MISSING
    return Score(sum(w * s.value for w, s in zip(weights, scores, strict=True)) / total, n)


def groups_with_data(groups: Sequence[GroupSpec], dataset_abbrs: set[str]) -> list[str]:
    """Names of the groups that contain (directly or through other groups) at least one of these datasets."""
    has: dict[str, bool] = {}
    for g in dependency_order(groups, "summarizer"):
        has[g.name] = any(ref_abbr(r) in dataset_abbrs or has.get(ref_abbr(r), False) for r in g.subsets)
    return [g.name for g in groups if has[g.name]]


def group_modes(groups: Sequence[GroupSpec], dataset_mode: Callable[[str], str | None]) -> dict[str, str]:
    """Each group's mode: its subsets' shared mode, ``mixed`` if they differ, ``-`` if none is known."""
    modes: dict[str, str] = {}
    for g in dependency_order(groups, "summarizer"):
        found = {modes.get(ref_abbr(r)) or dataset_mode(ref_abbr(r)) for r in g.subsets} - {None, "-"}
        modes[g.name] = found.pop() if len(found) == 1 else ("mixed" if found else "-")
    return modes
