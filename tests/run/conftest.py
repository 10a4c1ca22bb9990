"""Runner test helpers: tiny tasks and a command factory that runs ``fake_task.py`` instead of a model."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
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


def process_alive(pid: int) -> bool:
    """Running and not a zombie (stopped daemons linger as zombies here)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def interrupt_driver(tmp_path: Path, runner_expr: str, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
    """Run ``runner_expr`` on one 60 s task in a child Python, send it ``sig`` once the task process
    is up (for SIGTERM with SIGINT ignored, as in a background job); returns the task's pid."""
    pid_file = tmp_path / "child.pid"
    driver = tmp_path / "driver.py"
    driver.write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parents[2])!r})
        from opencompass_lite.run import LocalRunner, RayRunner, SlurmRunner
        from tests.run.conftest import make_task
        child = "import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
        command_for = lambda task: [sys.executable, "-c", child]
        {runner_expr}.run([make_task(Path({str(tmp_path)!r}), "slow")])
    """))
    def background() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    proc = subprocess.Popen([sys.executable, str(driver)], preexec_fn=background if sig == signal.SIGTERM else None)
    deadline = time.monotonic() + timeout
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert pid_file.exists(), f"task never started (driver rc={proc.poll()})"
    proc.send_signal(sig)
    assert proc.wait(30) != 0
    return int(pid_file.read_text())
