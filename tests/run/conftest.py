"""Runner test helpers: tiny tasks and a command factory that runs ``fake_task.py`` instead of a model."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from opencompass_lite.config.specs import DatasetSpec, InferencerSpec, ModelSpec, ReaderSpec, RetrieverSpec
from opencompass_lite.run.base import Task, TaskItem, TaskKind

FAKE_TASK = Path(__file__).with_name("fake_task.py")


def make_task(work_dir: Path, name: str, num_gpus: int = 0, max_retries: int = 0) -> Task:
    """An infer task whose only output is ``predictions/m/<name>.jsonl``."""
    dataset = DatasetSpec(abbr=name, type="MMLUDataset", path="unused", reader=ReaderSpec(("q",)),
                          retriever=RetrieverSpec(), inferencer=InferencerSpec("GenInferencer"))
    model = ModelSpec(abbr="m", type="FakeModel", path="fake")
    return Task(TaskKind.INFER, work_dir, model, (TaskItem(dataset),), num_gpus=num_gpus, max_retries=max_retries)


@dataclass(frozen=True)
class Behaviour:
    sleep: float = 0.2
    exit_code: int = 0
    fail_times: int = 0  # exit 7 on the first N runs
    write_outputs: bool = True


class FakeCommands:
    """``command_for``: runs ``fake_task.py`` with a per-dataset behaviour; records runs in ``record_dir``."""

    def __init__(self, record_dir: Path, default: Behaviour = Behaviour(), **per_dataset: Behaviour) -> None:
        record_dir.mkdir(parents=True, exist_ok=True)
        self.record_dir = record_dir
        self.default = default
        self.per_dataset = per_dataset

    def __call__(self, task: Task) -> list[str]:
        abbr = task.items[0].dataset.abbr
        b = self.per_dataset.get(abbr, self.default)
        return [sys.executable, str(FAKE_TASK), str(self.record_dir), abbr, str(b.sleep), str(b.exit_code),
                str(b.fail_times), "1" if b.write_outputs else "0", *map(str, task.outputs())]

    def records(self) -> list[dict]:
        return [json.loads(p.read_text()) for p in sorted(self.record_dir.glob("*.json"))]


@pytest.fixture
def fake(tmp_path: Path) -> FakeCommands:
    return FakeCommands(tmp_path / "records")
