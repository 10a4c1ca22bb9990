"""LocalRunner against real subprocesses (fake_task.py) on simulated GPUs (CUDA_VISIBLE_DEVICES=0,1,2,3)."""

from __future__ import annotations

import itertools
import logging
import os

import pytest

from opencompass_lite.errors import ConfigError, TaskError
from opencompass_lite.registry import RUNNERS
from opencompass_lite.run import LocalRunner
from tests.run.conftest import Behaviour, FakeCommands, interrupt_driver, make_task, process_alive


def overlapping(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def max_concurrency(records: list[dict]) -> int:
    return max(sum(1 for r in records if r["start"] <= x["start"] < r["end"]) for x in records)


def test_gpus_are_never_shared_and_every_task_runs(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1,2,3")
    gpus = [1, 2, 1, 1, 2, 1, 2, 1, 1, 2, 1, 1]
    tasks = [make_task(tmp_path, f"d{i}", num_gpus=k) for i, k in enumerate(gpus)]
    results = LocalRunner(max_num_workers=8, command_for=fake).run(tasks)
    assert [r.name for r in results] == [t.name for t in tasks]
    assert all(r.succeeded and r.returncode == 0 for r in results)
    records = {r["name"]: r for r in fake.records()}
    assert sorted(records) == sorted(f"d{i}" for i in range(len(gpus)))
    for i, k in enumerate(gpus):
        ids = records[f"d{i}"]["cvd"].split(",")
        assert len(set(ids)) == k and set(ids) <= {"0", "1", "2", "3"}
    for a, b in itertools.combinations(records.values(), 2):
        if overlapping(a, b):
            assert not set(a["cvd"].split(",")) & set(b["cvd"].split(",")), (a, b)
    assert max_concurrency(list(records.values())) >= 2  # the pool really ran tasks side by side


def test_ids_come_from_cuda_visible_devices(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "5,7")
    tasks = [make_task(tmp_path, "pair", num_gpus=2), make_task(tmp_path, "one", num_gpus=1)]
    assert all(r.succeeded for r in LocalRunner(command_for=fake).run(tasks))
    assert {r["name"]: r["cvd"] for r in fake.records()} in ({"pair": "5,7", "one": "5"}, {"pair": "5,7", "one": "7"})


def test_workers_per_gpu_share_a_device_up_to_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0")
    fake = FakeCommands(tmp_path / "rec", Behaviour(sleep=0.4))
    tasks = [make_task(tmp_path, f"d{i}", num_gpus=1) for i in range(4)]
    assert all(r.succeeded for r in LocalRunner(max_workers_per_gpu=2, command_for=fake).run(tasks))
    records = fake.records()
    assert {r["cvd"] for r in records} == {"0"}
    assert max_concurrency(records) == 2


def test_cpu_tasks_get_no_gpus_and_respect_max_num_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1,2,3")
    fake = FakeCommands(tmp_path / "rec", Behaviour(sleep=0.4))
    tasks = [make_task(tmp_path, f"d{i}") for i in range(5)]
    assert all(r.succeeded for r in LocalRunner(max_num_workers=2, command_for=fake).run(tasks))
    records = fake.records()
    assert {r["cvd"] for r in records} == {""}
    assert max_concurrency(records) == 2


def test_a_failing_task_does_not_stop_the_others(tmp_path, caplog):
    fake = FakeCommands(tmp_path / "rec", bad=Behaviour(exit_code=3))
    tasks = [make_task(tmp_path, n) for n in ("a", "bad", "c")]
    with caplog.at_level(logging.INFO, logger="opencompass_lite.run"):
        results = LocalRunner(max_num_workers=1, command_for=fake).run(tasks)
    assert [(r.returncode, r.succeeded) for r in results] == [(0, True), (3, False), (0, True)]
    bad = results[1]
    assert "fake task bad exits 3" in bad.log_path.read_text()
    assert f"{bad.name}: FAILED rc=3 see {bad.log_path}" in caplog.text
    assert f"{results[0].name}: done in" in caplog.text


def test_retry_reruns_a_failed_task_and_appends_to_its_log(tmp_path):
    fake = FakeCommands(tmp_path / "rec", flaky=Behaviour(fail_times=1))
    [result] = LocalRunner(retry=1, command_for=fake).run([make_task(tmp_path, "flaky")])
    assert result.succeeded
    assert [r["rc"] for r in fake.records()] == [7, 0]
    text = result.log_path.read_text()
    assert "attempt 1/2" in text and "attempt 2/2" in text


def test_without_retry_a_flaky_task_fails_once(tmp_path):
    fake = FakeCommands(tmp_path / "rec", flaky=Behaviour(fail_times=1))
    [result] = LocalRunner(command_for=fake).run([make_task(tmp_path, "flaky")])
    assert (result.returncode, result.succeeded) == (7, False)
    assert len(fake.records()) == 1


def test_task_max_retries_counts_when_larger_than_runner_retry(tmp_path):
    fake = FakeCommands(tmp_path / "rec", flaky=Behaviour(fail_times=2))
    [result] = LocalRunner(retry=0, command_for=fake).run([make_task(tmp_path, "flaky", max_retries=2)])
    assert result.succeeded and len(fake.records()) == 3


def test_exit_zero_without_outputs_is_a_failure(tmp_path, caplog):
    fake = FakeCommands(tmp_path / "rec", Behaviour(write_outputs=False))
    with caplog.at_level(logging.INFO, logger="opencompass_lite.run"):
        [result] = LocalRunner(command_for=fake).run([make_task(tmp_path, "lazy")])
    assert (result.returncode, result.succeeded) == (0, False)
    assert "exited 0 but outputs are missing" in caplog.text


@pytest.mark.parametrize("cvd, pool", [("0,1", 2), ("", 0)])
def test_too_many_gpus_fails_before_anything_runs(tmp_path, fake, monkeypatch, cvd, pool):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", cvd)
    tasks = [make_task(tmp_path, "small"), make_task(tmp_path, "big", num_gpus=3)]
    with pytest.raises(TaskError) as e:
        LocalRunner(command_for=fake).run(tasks)
    assert str(e.value) == (f"task {tasks[1].name} needs 3 GPUs but only {pool} are available "
                            f"(CUDA_VISIBLE_DEVICES={cvd}); lower run_cfg.num_gpus or add GPUs")
    assert fake.records() == []


def test_an_unstartable_command_fails_only_its_task(tmp_path, fake):
    def command_for(task):
        return ["/nonexistent/binary"] if task.items[0].dataset.abbr == "broken" else fake(task)

    results = LocalRunner(command_for=command_for).run([make_task(tmp_path, "broken"), make_task(tmp_path, "ok")])
    assert [(r.returncode, r.succeeded) for r in results] == [(-1, False), (0, True)]


def test_empty_task_list(tmp_path):
    assert LocalRunner().run([]) == []


def test_registered_under_class_and_short_name():
    assert RUNNERS.get("LocalRunner") is LocalRunner and RUNNERS.get("local") is LocalRunner


def test_from_config_accepts_known_keys():
    runner = LocalRunner.from_config({"type": "LocalRunner", "max_num_workers": 3, "retry": 2}, "infer.runner")
    assert (runner.max_num_workers, runner.retry, runner.max_workers_per_gpu, runner.debug) == (3, 2, 1, False)


@pytest.mark.parametrize("cfg, message", [
    ({"max_workers": 2}, "infer.runner: unknown key 'max_workers' for LocalRunner; known keys: max_num_workers"),
    ({"max_num_workers": 0}, "infer.runner.max_num_workers: expected an int >= 1, got 0"),
    ({"retry": -1}, "infer.runner.retry: expected an int >= 0, got -1"),
    ({"debug": "yes"}, "infer.runner.debug: expected True or False, got 'yes'"),
    ({"max_workers_per_gpu": True}, "infer.runner.max_workers_per_gpu: expected an int >= 1, got True"),
])
def test_from_config_rejects_bad_keys(cfg, message):
    with pytest.raises(ConfigError, match="^" + message.replace("(", r"\(").replace("[", r"\[")):
        LocalRunner.from_config(cfg, "infer.runner")


def test_constructor_checks_values():
    with pytest.raises(ConfigError, match="LocalRunner: max_num_workers must be an int >= 1, got 0"):
        LocalRunner(max_num_workers=0)


def test_debug_runs_in_process_and_isolates_failures(tmp_path, caplog):
    tasks = [make_task(tmp_path, "missing1"), make_task(tmp_path, "missing2")]
    with caplog.at_level(logging.INFO, logger="opencompass_lite.run"):
        results = LocalRunner(debug=True).run(tasks)
    assert [(r.returncode, r.succeeded) for r in results] == [(1, False), (1, False)]
    assert caplog.text.count("started in-process (debug)") == 2


def test_sigterm_stops_running_tasks(tmp_path):
    child = interrupt_driver(tmp_path, "LocalRunner(command_for=command_for)")
    assert not process_alive(child)


def test_visible_gpu_ids_rules():
    from opencompass_lite.run.gpus import visible_gpu_ids

    assert visible_gpu_ids({"CUDA_VISIBLE_DEVICES": "0, 1,2"}) == ["0", "1", "2"]
    assert visible_gpu_ids({"CUDA_VISIBLE_DEVICES": ""}) == []
    import torch

    assert visible_gpu_ids({}) == [str(i) for i in range(torch.cuda.device_count())]


def test_gpu_count_skips_torch_without_gpu_device_nodes():
    """On a CPU-only Linux machine the driver answers 0 GPUs without the ~2 s torch import."""
    import glob
    import subprocess
    import sys

    if glob.glob("/dev/nvidia[0-9]*") or os.path.exists("/dev/kfd"):
        pytest.skip("this machine has GPU device nodes: torch is asked")
    code = ("import sys; from opencompass_lite.run.gpus import visible_gpu_ids; "
            "print(len(visible_gpu_ids({})), 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "False"]
