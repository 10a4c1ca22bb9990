"""Partitioning: a pure function of specs + what is already on disk → tasks.

Infer work whose prediction file exists and matches the current settings is skipped; eval work
whose results exist for the current dataset version and model settings is skipped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from opencompass_lite.config.specs import DatasetSpec, ModelSpec, short_hash
from opencompass_lite.predictions import is_current, make_header
from opencompass_lite.run.base import Task, TaskItem, TaskKind
from opencompass_lite.workdir import ShardRange, WorkDir, read_json


@dataclass(frozen=True)
class PartitionInput:
    models: Sequence[ModelSpec]
    datasets: Sequence[DatasetSpec]
    work_dir: WorkDir


def test_size(dataset: DatasetSpec) -> int:
    """Number of test samples after ``--limit``."""
    from opencompass_lite.datasets.base import load_dataset

    n = len(load_dataset(dataset).test)
    return min(n, dataset.limit) if dataset.limit is not None else n


def even_shards(n: int, parts: int) -> list[ShardRange]:
    """``parts`` contiguous ranges covering ``[0, n)``; boundaries depend only on (n, parts)."""
    parts = max(1, min(parts, n)) if n else 1
    size = math.ceil(n / parts) if n else 0
    return [ShardRange(s, min(s + size, n)) for s in range(0, n, size)] if n else [ShardRange(0, 0)]


def infer_done(wd: WorkDir, model: ModelSpec, dataset: DatasetSpec, shard: ShardRange | None, n: int | None) -> bool:
    path = wd.predictions(model.abbr, dataset.abbr, shard)
    if shard is None:
        return n is not None and is_current(path, make_header(model, dataset, ShardRange(0, n)))
    return is_current(path, make_header(model, dataset, shard))


def results_fingerprint(model: ModelSpec, dataset: DatasetSpec) -> str:
    return short_hash({"model": model.fingerprint(), "data": dataset.data_fingerprint(), "eval": dataset.eval}, 12)


def eval_done(wd: WorkDir, model: ModelSpec, dataset: DatasetSpec) -> bool:
    path = wd.results(model.abbr, dataset.abbr)
    if not path.exists():
        return False
    try:
        found: dict[str, Any] = read_json(path)
    except ValueError:
        return False
    return found.get("fingerprint") == results_fingerprint(model, dataset)


def eval_tasks(inp: PartitionInput, per_task: int) -> list[Task]:
    """Eval is cheap: pack up to ``per_task`` datasets of one model into a task."""
    tasks = []
    for model in inp.models:
        todo = [TaskItem(d) for d in inp.datasets if not eval_done(inp.work_dir, model, d)]
        for k in range(0, len(todo), per_task):
            tasks.append(Task(TaskKind.EVAL, inp.work_dir.root, model, tuple(todo[k:k + per_task])))
    return tasks
