"""Build the summary table from ``results/<model>/<dataset>.json``: dataset rows, then group rows.

Cells are numbers, ``-`` (not run / no result) or ``failed`` (the eval task failed); formatting is
left to ``render``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opencompass_lite.config.specs import DatasetSpec, ModelSpec
from opencompass_lite.errors import ConfigError, DataError
from opencompass_lite.summarize.groups import Entry, Score, Status, compute_groups, group_modes, groups_with_data
from opencompass_lite.summarize.spec import Ref, SummarizerSpec, check_summarizer, ref_abbr, ref_metric
from opencompass_lite.workdir import SCHEMA_VERSION, WorkDir, read_json

Cell = float | Status


@dataclass(frozen=True)
class Result:
    """The part of a results file the summary needs."""

    version: str
    mode: str
    metrics: Mapping[str, float]  # in the evaluator's order: the first one is the dataset's headline metric
    n: int


@dataclass(frozen=True)
class SummaryRow:
    dataset: str
    version: str
    metric: str
    mode: str
    cells: tuple[Cell, ...]  # one per model, in ``SummaryTable.models`` order


@dataclass(frozen=True)
class FailedTask:
    model: str
    dataset: str
    log: Path


@dataclass(frozen=True)
class SummaryTable:
    models: tuple[str, ...]
    rows: tuple[SummaryRow, ...]
    failed: tuple[FailedTask, ...] = ()

    def cell(self, dataset: str, model: str, metric: str | None = None) -> Cell:
        """The cell of the first row named ``dataset`` (and ``metric``, if given) for ``model``."""
        for row in self.rows:
            if row.dataset == dataset and metric in (None, row.metric):
                return row.cells[self.models.index(model)]
        raise KeyError(f"no summary row {dataset!r}" + (f" with metric {metric!r}" if metric else ""))


def read_result(path: Path) -> Result | None:
    """The result at ``path``; ``None`` if the eval never wrote one. A malformed file is a DataError."""
    if not path.exists():
        return None
    try:
        d = read_json(path)
    except (OSError, json.JSONDecodeError) as e:
        raise DataError(f"{path}: unreadable results file ({e}); delete it and re-run with -m eval -r") from e
    if not isinstance(d, dict) or d.get("schema_version") != SCHEMA_VERSION:
        found = d.get("schema_version") if isinstance(d, dict) else type(d).__name__
        raise DataError(f"{path}: results schema_version {found!r}, expected {SCHEMA_VERSION}; "
                        "re-run with -m eval -r to rewrite it")
    metrics, n = d.get("metrics"), d.get("n")
    if not isinstance(metrics, dict) or not all(_is_number(v) for v in metrics.values()):
        raise DataError(f"{path}: 'metrics' must map names to numbers, got {metrics!r}; "
                        "re-run with -m eval -r to rewrite it")
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise DataError(f"{path}: 'n' must be a sample count, got {n!r}; re-run with -m eval -r to rewrite it")
    return Result(version=str(d.get("version", "-")), mode=str(d.get("mode", "-")),
                  metrics={k: float(v) for k, v in metrics.items()}, n=n)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def build_table(work_dir: WorkDir, models: Sequence[ModelSpec], datasets: Sequence[DatasetSpec],
                cfg: SummarizerSpec, failed: Mapping[tuple[str, str], Path]) -> SummaryTable:
    """Read every (model, dataset) result and lay out the rows ``cfg`` asks for."""
    check_summarizer(cfg, "summarizer")
    clash = next((g.name for g in cfg.summary_groups if g.name in {d.abbr for d in datasets}), None)
    if clash is not None:
        raise ConfigError(f"summarizer.summary_groups: group {clash!r} has the abbr of a dataset; rename the group")
    results = {(m.abbr, d.abbr): read_result(work_dir.results(m.abbr, d.abbr)) for m in models for d in datasets}
    layout = _Layout(tuple(m.abbr for m in models), {d.abbr: d for d in datasets}, results, failed)
    groups = {g.name: g for g in cfg.summary_groups}
    group_entries = compute_groups(cfg.summary_groups, layout.leaf, len(models))
    modes = group_modes(cfg.summary_groups, layout.mode)
    refs: Sequence[Ref] = cfg.dataset_abbrs if cfg.dataset_abbrs is not None else (
        *(d.abbr for d in datasets), *groups_with_data(cfg.summary_groups, set(layout.datasets)))
    rows = []
    for ref in refs:
        g = groups.get(ref_abbr(ref))
        if g is None:
            rows.append(layout.dataset_row(ref))
        else:
            cells = tuple(_cell(e) for e in group_entries[g.name])
            rows.append(SummaryRow(g.name, "-", g.metric, modes[g.name], cells))
    listed = tuple(FailedTask(model, dataset, Path(log)) for (model, dataset), log in failed.items())
    return SummaryTable(models=layout.models, rows=tuple(rows), failed=listed)


def _cell(e: Entry) -> Cell:
    return e.value if isinstance(e, Score) else e


@dataclass(frozen=True)
class _Layout:
    """Per-dataset lookups shared by dataset rows and group leaves."""

    models: tuple[str, ...]
    datasets: Mapping[str, DatasetSpec]
    results: Mapping[tuple[str, str], Result | None]
    failed: Mapping[tuple[str, str], Path]

    def _first_result(self, abbr: str) -> Result | None:
        return next((r for m in self.models if (r := self.results.get((m, abbr))) is not None), None)

    def mode(self, abbr: str) -> str | None:
        if abbr not in self.datasets:
            return None
        first = self._first_result(abbr)
        return first.mode if first is not None else self.datasets[abbr].mode

    def metric(self, ref: Ref) -> str | None:
        first = self._first_result(ref_abbr(ref))
        return ref_metric(ref) or (next(iter(first.metrics), None) if first is not None else None)

    def leaf(self, ref: Ref) -> tuple[Entry, ...]:
        abbr, metric = ref_abbr(ref), self.metric(ref)
        return tuple(self._entry(m, abbr, metric) for m in self.models)

    def _entry(self, model: str, abbr: str, metric: str | None) -> Entry:
        if (model, abbr) in self.failed:
            return Status.FAILED
        result = self.results.get((model, abbr))
        if result is None or metric is None or metric not in result.metrics:
            return Status.MISSING
        return Score(result.metrics[metric], result.n)

    def dataset_row(self, ref: Ref) -> SummaryRow:
        abbr = ref_abbr(ref)
        if abbr not in self.datasets:  # not in this run (or an OpenCompass '----' separator row)
            return SummaryRow(abbr, "-", ref_metric(ref) or "-", "-", tuple(Status.MISSING for _ in self.models))
        first = self._first_result(abbr)
        version = first.version if first is not None else self.datasets[abbr].version()
        cells = tuple(_cell(e) for e in self.leaf(ref))
        return SummaryRow(abbr, version, self.metric(ref) or "-", self.mode(abbr) or "-", cells)
