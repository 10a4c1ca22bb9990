"""RayRunner on an embedded local Ray (and on a running head when OCL_RAY_ADDRESS is set)."""

from __future__ import annotations

import itertools
import os
import socket
import sys
import time

import pytest

from opencompass_lite.errors import ConfigError, TaskError
from opencompass_lite.registry import RUNNERS
from opencompass_lite.run import RayRunner
from tests.run.conftest import Behaviour, FakeCommands, interrupt_driver, make_task, process_alive
from tests.run.test_local import max_concurrency, overlapping


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.ray
def test_embedded_ray_runs_gpu_and_cpu_tasks_with_failures_and_retry(tmp_path, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1")
    fake = FakeCommands(tmp_path / "rec", Behaviour(sleep=0.3), bad=Behaviour(exit_code=3),
                        flaky=Behaviour(fail_times=1), lazy=Behaviour(write_outputs=False))
    names = {"g1": 1, "g2": 1, "g3": 2, "g4": 1, "cpu": 0, "bad": 0, "flaky": 0, "lazy": 1}
    tasks = [make_task(tmp_path, n, num_gpus=k) for n, k in names.items()]
    results = RayRunner(retry=1, command_for=fake).run(tasks)
    outcome = {r.name.split(".")[-1]: (r.returncode, r.succeeded) for r in results}
    assert outcome == {"g1": (0, True), "g2": (0, True), "g3": (0, True), "g4": (0, True), "cpu": (0, True),
                       "bad": (3, False), "flaky": (0, True), "lazy": (0, False)}
    assert [r.name for r in results] == [t.name for t in tasks]
    records = fake.records()
    by_name = {r["name"]: r for r in records}
    assert by_name["cpu"]["cvd"] == "" and sorted(by_name["g3"]["cvd"].split(",")) == ["0", "1"]
    gpu_runs = [r for r in records if names[r["name"]] > 0]
    for a, b in itertools.combinations(gpu_runs, 2):
        if overlapping(a, b):
            assert not set(a["cvd"].split(",")) & set(b["cvd"].split(",")), (a, b)
    assert sum(r["name"] == "bad" for r in records) == 2 and sum(r["name"] == "flaky" for r in records) == 2
    log_text = results[list(names).index("bad")].log_path.read_text()
    assert "attempt 2/2" in log_text and "fake task bad exits 3" in log_text


@pytest.mark.ray
def test_max_num_workers_bounds_ray_tasks_in_flight(tmp_path, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    fake = FakeCommands(tmp_path / "rec", Behaviour(sleep=0.5))
    tasks = [make_task(tmp_path, f"d{i}") for i in range(4)]
    assert all(r.succeeded for r in RayRunner(max_num_workers=1, command_for=fake).run(tasks))
    assert max_concurrency(fake.records()) == 1


@pytest.mark.ray
def test_sigterm_cancels_ray_tasks_and_their_processes(tmp_path):
    child = interrupt_driver(tmp_path, "RayRunner(command_for=command_for)")
    assert not process_alive(child)


def test_embedded_gpu_shortage_fails_before_ray_starts(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0")
    task = make_task(tmp_path, "big", num_gpus=2)
    with pytest.raises(TaskError, match=rf"^task {task.name} needs 2 GPUs but only 1 are available \(embedded Ray"):
        RayRunner(command_for=fake).run([task])
    assert fake.records() == []


@pytest.mark.parametrize("address", ["127.0.0.1:{port}", "ray://127.0.0.1:{port}"])
def test_unreachable_address_fails_fast_naming_it(tmp_path, fake, address):
    address = address.format(port=closed_port())
    start = time.monotonic()
    with pytest.raises(TaskError, match=f"^RayRunner: cannot reach the Ray cluster at {address} "):
        RayRunner(address=address, command_for=fake).run([make_task(tmp_path, "a")])
    assert time.monotonic() - start < 10


def test_auto_address_with_a_dead_cluster_fails_fast(tmp_path, fake, monkeypatch):
    port = closed_port()
    monkeypatch.setenv("RAY_ADDRESS", f"127.0.0.1:{port}")
    with pytest.raises(TaskError, match=rf"cannot reach the Ray cluster at auto \(127.0.0.1:{port}\)"):
        RayRunner(address="auto", command_for=fake).run([make_task(tmp_path, "a")])


@pytest.mark.parametrize("address", ["localhost", "host:port", ":6379", "ray://"])
def test_malformed_address_is_a_config_error(address):
    with pytest.raises(ConfigError, match=f"RayRunner: address '{address}' is not 'auto', 'host:port'"):
        RayRunner(address=address)


def test_missing_ray_is_one_clear_error(tmp_path, fake, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` raise ImportError
    with pytest.raises(TaskError, match=r"^RayRunner requires ray: pip install ray$"):
        RayRunner(command_for=fake).run([make_task(tmp_path, "a")])


def test_importing_the_runner_does_not_import_ray():
    import subprocess

    code = "import sys, opencompass_lite.run; assert 'ray' not in sys.modules, 'ray imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_registered_and_configurable():
    assert RUNNERS.get("RayRunner") is RayRunner and RUNNERS.get("ray") is RayRunner
    runner = RayRunner.from_config({"address": "auto", "num_cpus": 2, "retry": 1}, "infer.runner")
    assert (runner.address, runner.num_cpus, runner.retry, runner.max_num_workers) == ("auto", 2, 1, 16)
    with pytest.raises(ConfigError, match="^eval.runner: unknown key 'num_gpu' for RayRunner"):
        RayRunner.from_config({"num_gpu": 1}, "eval.runner")
    with pytest.raises(ConfigError, match=r"^eval.runner.num_cpus: expected an int >= 1, got 0"):
        RayRunner.from_config({"num_cpus": 0}, "eval.runner")


@pytest.mark.ray
@pytest.mark.skipif(not os.environ.get("OCL_RAY_ADDRESS"), reason="OCL_RAY_ADDRESS not set (tools/ray_head.sh start)")
def test_joins_a_running_cluster_and_leaves_it_running(tmp_path, fake):
    address = os.environ["OCL_RAY_ADDRESS"]
    tasks = [make_task(tmp_path, "a", num_gpus=1), make_task(tmp_path, "b")]
    results = RayRunner(address=address, command_for=fake).run(tasks)
    assert all(r.succeeded for r in results)
    assert {r["name"]: r["cvd"] != "" for r in fake.records()} == {"a": True, "b": False}
    host, port = address.rsplit(":", 1)
    socket.create_connection((host, int(port)), timeout=3).close()  # the head is still up
