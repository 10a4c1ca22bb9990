"""Task processes die with the local driver: ``die_with_parent`` alone, then a SIGKILLed ``run.py``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from opencompass_lite.errors import TaskError
from opencompass_lite.run import LocalRunner
from opencompass_lite.run.pdeathsig import PARENT_PID_ENV, die_with_parent
from tests.conftest import FAKE_MODEL, ROOT, dataset_py, run_cli, write_config, write_mmlu
from tests.run.conftest import make_task, process_alive

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")

# Prints what die_with_parent returned, the armed signal (PR_GET_PDEATHSIG) and what is left of the variable.
PROBE = """
import ctypes, os
from opencompass_lite.run.pdeathsig import die_with_parent
armed = die_with_parent()
sig = ctypes.c_int(-1)
ctypes.CDLL(None).prctl(2, ctypes.byref(sig), 0, 0, 0)
print(armed, sig.value, os.environ.get("OCL_PARENT_PID"))
"""


def probe(parent_pid: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != PARENT_PID_ENV}
    if parent_pid is not None:
        env[PARENT_PID_ENV] = parent_pid
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)


@linux_only
def test_without_the_variable_nothing_is_armed():
    out = probe(None)
    assert (out.returncode, out.stdout.split()) == (0, ["False", "0", "None"])


@linux_only
def test_the_parent_named_arms_sigterm_and_the_variable_is_not_inherited():
    out = probe(str(os.getpid()))  # this test process is the probe's parent
    assert (out.returncode, out.stdout.split()) == (0, ["True", str(int(signal.SIGTERM)), "None"])


@linux_only
def test_a_parent_already_gone_ends_the_task_at_once():
    out = probe("1")  # not the probe's parent: as if the driver died before prctl and it was reparented
    assert out.returncode == -signal.SIGTERM and out.stdout == ""


def test_a_value_that_is_not_a_pid_is_a_one_line_error(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv(PARENT_PID_ENV, "12a")
    with pytest.raises(TaskError, match=r"^OCL_PARENT_PID='12a': not a process id; unset it"):
        die_with_parent()


def test_other_systems_skip_silently(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv(PARENT_PID_ENV, "12a")
    assert die_with_parent() is False
    assert PARENT_PID_ENV not in os.environ


def test_the_task_entry_point_reports_a_bad_value(tmp_path):
    env = {**os.environ, PARENT_PID_ENV: "x"}
    out = subprocess.run([sys.executable, "-m", "opencompass_lite.run.task", str(tmp_path / "task.json")], env=env,
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 2 and "error: OCL_PARENT_PID='x': not a process id" in out.stderr


def test_the_local_runner_names_itself_as_the_parent(tmp_path):
    seen = tmp_path / "seen"
    child = f"import os; open({str(seen)!r}, 'w').write(os.environ[{PARENT_PID_ENV!r}])"
    runner = LocalRunner(command_for=lambda task: [sys.executable, "-c", child])
    runner.run([make_task(tmp_path, "probe")])
    assert seen.read_text() == str(os.getpid())


def _records(path: Path) -> dict[int, str]:
    """Complete prediction lines by index (no header; a torn last line is left out)."""
    return {json.loads(line)["index"]: line for line in path.read_text().split("\n")[1:-1]}


@linux_only
def test_sigkill_of_the_driver_ends_its_tasks_and_the_run_resumes(tmp_path):
    n = 2000  # batch_size=1: one fsynced append per sample, slow enough to kill the run midway
    mmlu = write_mmlu(tmp_path / "data", {"algebra": n})
    cfg = write_config(tmp_path / "eval_pdeath.py", [FAKE_MODEL.replace("batch_size=2", "batch_size=1")],
                       [dataset_py("mmlu-algebra", "algebra", mmlu)])
    work = tmp_path / "out"
    driver = subprocess.Popen([sys.executable, str(ROOT / "run.py"), str(cfg), "-w", str(work)], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    partial: Path | None = None
    while partial is None and time.monotonic() < deadline and driver.poll() is None:
        found = list(work.glob("*/predictions/fake/mmlu-algebra.jsonl.partial"))
        if found and found[0].read_text().count("\n") >= 2:  # the header and a first prediction
            partial = found[0]
        time.sleep(0.02)
    assert partial is not None, f"inference never wrote a prediction (driver rc={driver.poll()})"
    tasks = psutil.Process(driver.pid).children(recursive=True)
    assert tasks, "no task process under the driver"
    os.kill(driver.pid, signal.SIGKILL)  # the driver only: its tasks run in sessions of their own
    driver.wait()
    deadline = time.monotonic() + 10
    while any(process_alive(t.pid) for t in tasks) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [t.pid for t in tasks if process_alive(t.pid)], "a task process outlived its driver"
    before = _records(partial)
    assert 1 <= len(before) < n and not partial.with_suffix("").exists()

    resumed = run_cli(str(cfg), "-w", str(work), "-r", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    (run,) = work.iterdir()
    log = next((run / "logs" / "infer" / "fake").glob("*.log")).read_text()
    assert f"{n} samples ({len(before)} already done)" in log
    after = _records(run / "predictions" / "fake" / "mmlu-algebra.jsonl")
    assert sorted(after) == list(range(n))
    assert all(after[i] == line for i, line in before.items())  # kept, not recomputed
    assert json.loads((run / "results" / "fake" / "mmlu-algebra.json").read_text())["n"] == n
