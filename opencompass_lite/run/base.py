"""Tasks (the unit of scheduling) and the Runner interface shared by local, Ray and Slurm.

A task is one model × a list of (dataset, shard) items; it serialises to JSON and runs alone as
``python -m opencompass_lite.run.task TASK.json``. It *succeeded* when it exited 0 and every output
file exists: that is what makes resume free.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from opencompass_lite.config.specs import (
    DatasetSpec,
    ModelSpec,
    dataset_from_dict,
    model_from_dict,
    to_dict,
)
from opencompass_lite.workdir import ShardRange, WorkDir, atomic_write_json


class TaskKind(str, Enum):
    INFER = "infer"
    EVAL = "eval"


@dataclass(frozen=True)
class TaskItem:
    dataset: DatasetSpec
    shard: ShardRange | None = None  # None: the whole (limited) test split


@dataclass(frozen=True)
class Task:
    kind: TaskKind
    work_dir: Path
    model: ModelSpec
    items: tuple[TaskItem, ...]
    num_gpus: int = 0
    max_retries: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def _label(self) -> str:
        """First item (with its shard range), plus how many more: ``mmlu-law.0-50+3``."""
        first = self.items[0]
        label = first.dataset.abbr + (f".{first.shard.tag}" if first.shard else "")
        return label + (f"+{len(self.items) - 1}" if len(self.items) > 1 else "")

    @property
    def name(self) -> str:
        return f"{self.kind.value}.{self.model.abbr}.{self._label}"

    @property
    def wd(self) -> WorkDir:
        return WorkDir(self.work_dir)

    @property
    def log_path(self) -> Path:
        return self.wd.log(self.kind.value, self.model.abbr, self._label)

    def outputs(self) -> list[Path]:
        if self.kind is TaskKind.INFER:
            return [self.wd.predictions(self.model.abbr, i.dataset.abbr, i.shard) for i in self.items]
        return [self.wd.results(self.model.abbr, i.dataset.abbr) for i in self.items]

    def outputs_exist(self) -> bool:
        return all(p.exists() and not p.with_name(p.name + ".partial").exists() for p in self.outputs())

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "work_dir": str(self.work_dir),
            "model": to_dict(self.model),
            "items": [{"dataset": to_dict(i.dataset), "shard": [i.shard.start, i.shard.end] if i.shard else None}
                      for i in self.items],
            "num_gpus": self.num_gpus,
            "max_retries": self.max_retries,
            "extra": self.extra,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Task:
        return cls(
            kind=TaskKind(d["kind"]),
            work_dir=Path(d["work_dir"]),
            model=model_from_dict(d["model"]),
            items=tuple(TaskItem(dataset_from_dict(i["dataset"]), ShardRange(*i["shard"]) if i["shard"] else None)
                        for i in d["items"]),
            num_gpus=d.get("num_gpus", 0),
            max_retries=d.get("max_retries", 0),
            extra=d.get("extra", {}),
        )

    def write(self) -> Path:
        """Write the task file a worker process reads; returns its path."""
        path = self.wd.task_file(self.name)
        atomic_write_json(path, self.to_json())
        return path

    def command(self) -> list[str]:
        """The command that runs this task alone (what local, Ray and Slurm runners execute)."""
        return [sys.executable, "-m", "opencompass_lite.run.task", str(self.write())]


@dataclass(frozen=True)
class TaskResult:
    name: str
    returncode: int
    log_path: Path
    succeeded: bool  # exit 0 and all outputs exist


class Runner(Protocol):
    """Runs tasks and reports each one; a failing task never stops the others."""

    def run(self, tasks: Sequence[Task]) -> list[TaskResult]: ...
