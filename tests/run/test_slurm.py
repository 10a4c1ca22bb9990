"""SlurmRunner: batch scripts and config checks anywhere; real jobs when SLURM_CONF is set
(``eval "$(tools/slurm_local.sh start)"``)."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import time

import pytest

from opencompass_lite.errors import ConfigError, TaskError
from opencompass_lite.registry import RUNNERS
from opencompass_lite.run import SlurmRunner
from opencompass_lite.run.slurm import exit_code_path
from tests.run.conftest import Behaviour, FakeCommands, interrupt_driver, make_task, process_alive
from tests.run.test_local import overlapping

needs_slurm = pytest.mark.skipif(not os.environ.get("SLURM_CONF") or shutil.which("sbatch") is None,
                                 reason="needs a Slurm cluster: eval \"$(tools/slurm_local.sh start)\" sets SLURM_CONF")


def test_batch_script_carries_every_option(tmp_path, fake):
    runner = SlurmRunner("gpu", qos="high", quotatype="auto", num_cpus=4, extra_command=["--time=1:00:00"],
                         command_for=fake)
    task = make_task(tmp_path, "ds", num_gpus=2)
    script = runner.batch_script(task, 2, 3)
    sbatch = [line for line in script.splitlines() if line.startswith("#SBATCH")]
    assert sbatch == [f"#SBATCH --job-name={task.name}", "#SBATCH --partition=gpu", "#SBATCH --cpus-per-task=4",
                      f"#SBATCH --output={task.log_path}", f"#SBATCH --error={task.log_path}",
                      "#SBATCH --open-mode=append", "#SBATCH --qos=high", "#SBATCH --quotatype=auto",
                      "#SBATCH --gres=gpu:2", "#SBATCH --time=1:00:00"]
    assert "attempt 2/3" in script and f"> {exit_code_path(task)}.tmp" in script
    assert "CUDA_VISIBLE_DEVICES=\n" not in script


def test_cpu_task_script_has_no_gres_and_hides_gpus(tmp_path, fake):
    script = SlurmRunner("cpu", command_for=fake).batch_script(make_task(tmp_path, "ds"), 1, 1)
    assert "--gres" not in script and "--qos" not in script and "--quotatype" not in script
    assert "export CUDA_VISIBLE_DEVICES=\n" in script


def test_missing_sbatch_is_one_clear_error(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(TaskError, match=r"^SlurmRunner: sbatch not found on PATH; install the Slurm client tools"):
        SlurmRunner("p", command_for=fake).run([make_task(tmp_path, "a")])


def test_registered_and_configurable():
    assert RUNNERS.get("SlurmRunner") is SlurmRunner and RUNNERS.get("slurm") is SlurmRunner
    runner = SlurmRunner.from_config({"partition": "p", "quotatype": "spot", "extra_command": ["-x", "--mem=1G"]},
                                     "infer.runner")
    assert (runner.partition, runner.quotatype, runner.extra_command) == ("p", "spot", ("-x", "--mem=1G"))


@pytest.mark.parametrize("cfg, message", [
    ({}, r"^infer.runner: .*missing 1 required positional argument: 'partition'; add it to the runner config"),
    ({"partition": ""}, r"^infer.runner.partition: expected a non-empty string, got ''"),
    ({"partition": "p", "extra_command": "--mem=1G"}, r"^infer.runner.extra_command: expected a list of sbatch options"),
    ({"partition": "p", "extra_command": ["mem=1G"]}, r"^infer.runner.extra_command: expected a list of sbatch options"),
    ({"partition": "p", "poll_interval": 0}, r"^infer.runner.poll_interval: expected a number > 0, got 0"),
    ({"partition": "p", "qos": 3}, r"^infer.runner.qos: expected a non-empty string or None, got 3"),
    ({"partition": "p", "gres": "gpu:1"}, r"^infer.runner: unknown key 'gres' for SlurmRunner"),
])
def test_from_config_rejects_bad_keys(cfg, message):
    with pytest.raises(ConfigError, match=message):
        SlurmRunner.from_config(cfg, "infer.runner")


@pytest.mark.slurm
@needs_slurm
def test_real_jobs_gpus_failures_retry_and_missing_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1,2,3,4,5")  # must not leak into jobs: Slurm decides
    fake = FakeCommands(tmp_path / "rec", Behaviour(sleep=0.5), bad=Behaviour(exit_code=3),
                        flaky=Behaviour(fail_times=1), lazy=Behaviour(write_outputs=False))
    names = {"g1": 1, "g2": 1, "g3": 2, "cpu": 0, "bad": 0, "flaky": 0, "lazy": 1}
    tasks = [make_task(tmp_path, n, num_gpus=k) for n, k in names.items()]
    results = SlurmRunner("debug", retry=1, poll_interval=0.3, command_for=fake).run(tasks)
    outcome = {r.name.split(".")[-1]: (r.returncode, r.succeeded) for r in results}
    assert outcome == {"g1": (0, True), "g2": (0, True), "g3": (0, True), "cpu": (0, True), "bad": (3, False),
                       "flaky": (0, True), "lazy": (0, False)}
    records = fake.records()
    assert all(r["slurm_job"] for r in records)
    by_name = {r["name"]: r for r in records}
    assert by_name["cpu"]["cvd"] == "" and sorted(by_name["g3"]["cvd"].split(",")) == ["0", "1"]
    gpu_runs = [r for r in records if names[r["name"]] > 0]
    assert all(set(r["cvd"].split(",")) <= {"0", "1"} for r in gpu_runs)
    for a, b in itertools.combinations(gpu_runs, 2):
        if overlapping(a, b):
            assert not set(a["cvd"].split(",")) & set(b["cvd"].split(",")), (a, b)
    bad_log = results[list(names).index("bad")].log_path.read_text()
    assert bad_log.count("=== attempt") == 2 and "fake task bad exits 3" in bad_log


@pytest.mark.slurm
@needs_slurm
def test_exit_code_falls_back_to_slurm_when_the_wrapper_dies(tmp_path):
    # The command kills the batch shell, so no exit-code file is written: scontrol's ExitCode=0:9 decides.
    runner = SlurmRunner("debug", poll_interval=0.3, command_for=lambda task: ["bash", "-c", "kill -9 $PPID"])
    task = make_task(tmp_path, "killed")
    [result] = runner.run([task])
    assert (result.returncode, result.succeeded) == (128 + 9, False)
    assert not exit_code_path(task).exists()


@pytest.mark.slurm
@needs_slurm
def test_sbatch_rejection_fails_the_task_with_the_reason_in_its_log(tmp_path, fake):
    [result] = SlurmRunner("no-such-partition", command_for=fake).run([make_task(tmp_path, "a")])
    assert (result.returncode, result.succeeded) == (-1, False)
    assert "invalid partition" in result.log_path.read_text().lower()


@pytest.mark.slurm
@needs_slurm
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupt_cancels_submitted_jobs(tmp_path, sig):
    child = interrupt_driver(tmp_path, "SlurmRunner('debug', poll_interval=0.2, command_for=command_for)", sig)
    deadline = time.monotonic() + 15
    while process_alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not process_alive(child)
    queue = subprocess.run(["squeue", "-h", "-t", "all", "-n", "infer.m.slow", "-o", "%T %o"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    ours = [line.split()[0] for line in queue if str(tmp_path) in line]  # %o: the batch script, under tmp_path
    assert ours == ["CANCELLED"], queue
