"""What the summarizer shows: row order and summary groups, converted once from the config dict.

OpenCompass vocabulary: ``summarizer=dict(dataset_abbrs=[...], summary_groups=[dict(name=...,
subsets=[...], weights=dict(...))])``. A row or subset is an abbr (its first metric) or an
``(abbr, metric)`` pair. ``weighted=True`` is ours: weight by each subset's ``n`` from the results,
so no sample counts are ever hard-coded in a config.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opencompass_lite.config.validate import check_keys
from opencompass_lite.errors import ConfigError

Ref = str | tuple[str, str]  # an abbr, or an (abbr, metric) pair

NAIVE_AVERAGE = "naive_average"
WEIGHTED_AVERAGE = "weighted_average"


def ref_abbr(ref: Ref) -> str:
    return ref if isinstance(ref, str) else ref[0]


def ref_metric(ref: Ref) -> str | None:
    return None if isinstance(ref, str) else ref[1]


def ref_key(ref: Ref) -> str:
    """The name a subset's weight is given under: ``abbr``, or ``abbr@metric`` for a pair (as OpenCompass)."""
    return ref if isinstance(ref, str) else f"{ref[0]}@{ref[1]}"


@dataclass(frozen=True)
class GroupSpec:
    """One summary row averaged from its subsets (datasets or other groups).

    Naive average by default; ``weights`` (``(subset key, weight)`` pairs) or ``weighted=True``
    (each subset's ``n``) make it a weighted average.
    """

    name: str
    subsets: tuple[Ref, ...]
    weights: tuple[tuple[str, float], ...] | None = None
    weighted: bool = False

    @property
    def metric(self) -> str:
        return WEIGHTED_AVERAGE if self.weights is not None or self.weighted else NAIVE_AVERAGE


@dataclass(frozen=True)
class SummarizerSpec:
    dataset_abbrs: tuple[Ref, ...] | None = None  # row order; None: every dataset, then every group with data
    summary_groups: tuple[GroupSpec, ...] = ()


_SUMMARIZER_KEYS = {"dataset_abbrs", "summary_groups"}
_GROUP_KEYS = {"name", "subsets", "weights", "weighted"}


def summarizer_from_config(d: Mapping[str, Any], where: str) -> SummarizerSpec:
    """Convert an OpenCompass-style ``summarizer`` dict.

    ``where`` names the dict itself, e.g. ``configs/eval_demo.py: summarizer``; errors read
    ``<where>.summary_groups[2].weights: ...``.
    """
    check_keys(d, _SUMMARIZER_KEYS, where)
    abbrs = d.get("dataset_abbrs")
    rows = None if abbrs is None else _refs(abbrs, f"{where}.dataset_abbrs", allow_empty=True)
    groups_cfg = d.get("summary_groups", ())
    if not isinstance(groups_cfg, (list, tuple)):
        raise ConfigError(f"{where}.summary_groups must be a list of dicts, got {type(groups_cfg).__name__}; "
                          "write summary_groups=[dict(name=..., subsets=[...])]")
    groups = tuple(_group(g, f"{where}.summary_groups[{i}]") for i, g in enumerate(groups_cfg))
    spec = SummarizerSpec(dataset_abbrs=rows, summary_groups=groups)
    check_summarizer(spec, where)
    return spec


def _refs(value: Any, where: str, allow_empty: bool = False) -> tuple[Ref, ...]:
    if not isinstance(value, (list, tuple)) or (not value and not allow_empty):
        raise ConfigError(f"{where} must be a non-empty list of abbrs, got {value!r}; "
                          "list dataset or group abbrs, or (abbr, metric) pairs")
    return tuple(_ref(v, f"{where}[{i}]") for i, v in enumerate(value))


def _ref(value: Any, where: str) -> Ref:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, str) and v for v in value):
        return (value[0], value[1])
    raise ConfigError(f"{where} must be an abbr or an (abbr, metric) pair of strings, got {value!r}; "
                      "e.g. 'ceval-law' or ('ceval-law', 'accuracy')")


def _group(g: Any, where: str) -> GroupSpec:
    check_keys(g, _GROUP_KEYS, where, required=("name", "subsets"))
    name = g["name"]
    if not isinstance(name, str) or not name:
        raise ConfigError(f"{where}.name must be a non-empty string, got {name!r}; name the group row")
    weights = g.get("weights")
    if weights is not None:
        weights = _weights(weights, f"{where}.weights")
    weighted = g.get("weighted", False)
    if not isinstance(weighted, bool):
        raise ConfigError(f"{where}.weighted must be True or False, got {weighted!r}; "
                          "use weighted=True to weight subsets by their sample counts")
    return GroupSpec(name=name, subsets=_refs(g["subsets"], f"{where}.subsets"), weights=weights, weighted=weighted)


def _weights(value: Any, where: str) -> tuple[tuple[str, float], ...]:
    ok = isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(w, (int, float)) and not isinstance(w, bool) for k, w in value.items())
    if not ok:
        raise ConfigError(f"{where} must map subset abbrs to numbers, got {value!r}; "
                          "e.g. weights={'ceval-law': 2, 'ceval-logic': 1}")
    return tuple((k, float(w)) for k, w in value.items())


def check_summarizer(spec: SummarizerSpec, where: str) -> None:
    """Reject what no run could summarize: repeated groups, bad weights, group cycles, wrong group metrics.

    ``where`` names the summarizer (``configs/eval_demo.py: summarizer``).
    """
    groups: dict[str, GroupSpec] = {}
    for i, g in enumerate(spec.summary_groups):
        key = f"{where}.summary_groups[{i}] {g.name!r}"
        if g.name in groups:
            raise ConfigError(f"{key} repeats a group name; give each summary group a unique name")
        groups[g.name] = g
        _check_group(g, key)
    for ref in spec.dataset_abbrs or ():
        _check_group_metric(ref, groups, f"{where}.dataset_abbrs")
    for g in spec.summary_groups:
        for ref in g.subsets:
            _check_group_metric(ref, groups, f"{where}: summary group {g.name!r}")
    dependency_order(spec.summary_groups, where)


def _check_group(g: GroupSpec, key: str) -> None:
    keys = [ref_key(r) for r in g.subsets]
    dup = next((k for k in keys if keys.count(k) > 1), None)
    if dup is not None:
        raise ConfigError(f"{key} lists subset {dup!r} twice; list each subset once")
    if g.weights is None:
        return
    if g.weighted:
        raise ConfigError(f"{key} sets both weights and weighted=True; use one of them")
    given = dict(g.weights)
    extra = sorted(set(given) - set(keys))
    missing = [k for k in keys if k not in given]
    if extra or missing or len(given) != len(g.weights):
        what = f"weights name {extra[0]!r}, which is not a subset" if extra else (
            f"weights miss subset {missing[0]!r}" if missing else "weights repeat a subset")
        raise ConfigError(f"{key} {what}; give exactly one weight per subset "
                          "(key 'abbr@metric' for an (abbr, metric) subset)")
    if any(w < 0 for w in given.values()) or sum(given.values()) <= 0:
        raise ConfigError(f"{key} weights must be >= 0 with a positive sum, got {given}; fix the weights")


def _check_group_metric(ref: Ref, groups: Mapping[str, GroupSpec], key: str) -> None:
    metric = ref_metric(ref)
    group = groups.get(ref_abbr(ref))
    if group is not None and metric is not None and metric != group.metric:
        raise ConfigError(f"{key} asks for metric {metric!r} of group {group.name!r}, which only has "
                          f"{group.metric!r}; write just {group.name!r}")


def dependency_order(groups: Sequence[GroupSpec], where: str) -> list[GroupSpec]:
    """Groups ordered so every group comes after the groups it contains; a cycle is a ConfigError."""
    by_name = {g.name: g for g in groups}
    order: list[GroupSpec] = []
    state: dict[str, str] = {}  # name -> "visiting" | "done"

    def visit(g: GroupSpec, path: list[str]) -> None:
        if state.get(g.name) == "done":
            return
        if state.get(g.name) == "visiting":
            cycle = " -> ".join([*path[path.index(g.name):], g.name])
            raise ConfigError(f"{where}.summary_groups: groups contain themselves ({cycle}); "
                              "remove one of these subsets")
        state[g.name] = "visiting"
        for ref in g.subsets:
            sub = by_name.get(ref_abbr(ref))
            if sub is not None:
                visit(sub, [*path, g.name])
        state[g.name] = "done"
        order.append(g)

    for g in groups:
        visit(g, [])
    return order
