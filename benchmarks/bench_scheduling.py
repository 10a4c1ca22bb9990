"""Scheduling overhead of the local, Ray (embedded) and Slurm runners, next to the tasks' own work.

Each of N tasks is a small Python process that sleeps WORK seconds and records its own start and end.
The runners' status lines (``extra={"ocl_event": ...}``) give when each task was submitted and when
its end was noticed. Per task: submit→start, start→done (the work), done→noticed.

    python benchmarks/bench_scheduling.py [--tasks 8] [--work 0.5] [--workers 2] [--slurm-poll 1.0]

Slurm runs only when SLURM_CONF is set (``eval "$(tools/slurm_local.sh start)"``); Ray only when
``ray`` is installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tabulate import tabulate

from opencompass_lite.config.specs import DatasetSpec, InferencerSpec, ModelSpec, ReaderSpec, RetrieverSpec
from opencompass_lite.run import LocalRunner, RayRunner, SlurmRunner
from opencompass_lite.run.base import Task, TaskItem, TaskKind

# The task process: record start, sleep, write the task's outputs, record end.
TASK_CODE = """
import json, sys, time
from pathlib import Path
start = time.time()
record, work, *outputs = sys.argv[1:]
time.sleep(float(work))
for out in outputs:
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text("{}")
Path(record).write_text(json.dumps({"start": start, "end": time.time()}))
"""


class EventLog(logging.Handler):
    """Collects (event, task) → wall time from the runners' status lines."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.times: dict[tuple[str, str], float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "ocl_event", None)
        if event:
            self.times[(event, record.ocl_task)] = record.created  # type: ignore[attr-defined]


def make_tasks(root: Path, n: int) -> list[Task]:
    model = ModelSpec(abbr="bench", type="FakeModel", path="none")
    tasks = []
    for i in range(n):
        dataset = DatasetSpec(abbr=f"t{i}", type="MMLUDataset", path="none", reader=ReaderSpec(("q",)),
                              retriever=RetrieverSpec(), inferencer=InferencerSpec("GenInferencer"))
        tasks.append(Task(TaskKind.INFER, root, model, (TaskItem(dataset),)))
    return tasks


def command_factory(root: Path, work: float) -> Callable[[Task], list[str]]:
    def command_for(task: Task) -> list[str]:
        record = root / "records" / f"{task.items[0].dataset.abbr}.json"
        record.parent.mkdir(parents=True, exist_ok=True)
        return [sys.executable, "-c", TASK_CODE, str(record), str(work), *map(str, task.outputs())]

    return command_for


def measure(name: str, build: Callable[[Callable[[Task], list[str]]], object], n: int, work: float) -> list[object]:
    root = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    tasks = make_tasks(root, n)
    events = EventLog()
    logger = logging.getLogger("opencompass_lite.run")
    logger.addHandler(events)
    level = logger.level
    logger.setLevel(logging.INFO)
    runner = build(command_factory(root, work))
    begin = time.time()
    try:
        results = runner.run(tasks)  # type: ignore[attr-defined]
    finally:
        logger.removeHandler(events)
        logger.setLevel(level)
    wall = time.time() - begin
    assert all(r.succeeded for r in results), f"{name}: some tasks failed, see {root}/logs"
    rows = []
    for task in tasks:
        rec = json.loads((root / "records" / f"{task.items[0].dataset.abbr}.json").read_text())
        submitted, noticed = events.times[("submitted", task.name)], events.times[("finished", task.name)]
        rows.append((rec["start"] - submitted, rec["end"] - rec["start"], noticed - rec["end"]))
    first_submit = min(events.times[("submitted", t.name)] for t in tasks)
    shutil.rmtree(root)
    return summarize(name, rows, work, wall, first_submit - begin)


def summarize(name: str, rows: list[tuple[float, float, float]], work: float, wall: float,
              startup: float) -> list[object]:
    submit_start, start_done, done_noticed = (list(col) for col in zip(*rows, strict=True))
    overhead = statistics.mean(a + c for a, _, c in rows)
    return [name, f"{statistics.mean(submit_start):.3f} / {max(submit_start):.3f}",
            f"{statistics.mean(start_done):.3f}", f"{statistics.mean(done_noticed):.3f} / {max(done_noticed):.3f}",
            f"{overhead / work:.2f}", f"{startup:.2f}", f"{wall:.2f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=8)
    parser.add_argument("--work", type=float, default=0.5, help="seconds each task sleeps")
    parser.add_argument("--workers", type=int, default=2, help="max_num_workers for every runner")
    parser.add_argument("--slurm-poll", type=float, default=1.0, help="SlurmRunner poll_interval")
    parser.add_argument("--slurm-partition", default="debug")
    args = parser.parse_args()
    os.environ["CUDA_VISIBLE_DEVICES"] = ""
    w = args.workers
    runners: list[tuple[str, Callable[[Callable[[Task], list[str]]], object]]] = [
        ("local", lambda cmd: LocalRunner(max_num_workers=w, command_for=cmd))]
    if importlib.util.find_spec("ray") is not None:
        runners.append(("ray (embedded)", lambda cmd: RayRunner(max_num_workers=w, command_for=cmd)))
    if os.environ.get("SLURM_CONF"):
        runners.append((f"slurm (poll {args.slurm_poll} s)", lambda cmd: SlurmRunner(
            args.slurm_partition, max_num_workers=w, poll_interval=args.slurm_poll, command_for=cmd)))
    table = [measure(name, build, args.tasks, args.work) for name, build in runners]
    print(f"{args.tasks} tasks x {args.work} s of work, {w} at a time; times in s (mean / max)")
    print(tabulate(table, headers=["runner", "submit→start", "start→done", "done→noticed",
                                   "overhead/work", "startup", "wall"]))
    ideal = args.tasks * args.work / w
    print(f"ideal wall (work only): {ideal:.2f} s; overhead/work = (submit→start + done→noticed) / work")


if __name__ == "__main__":
    main()
