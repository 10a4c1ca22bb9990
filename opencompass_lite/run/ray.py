"""RayRunner: each task is a Ray task (``num_gpus``, ``num_cpus``) that runs the task's command.

No address: an embedded local Ray sized from ``CUDA_VISIBLE_DEVICES``, shut down at the end.
``address='auto'``, ``'host:port'`` or ``'ray://host:port'``: join that cluster and leave it running.
``import ray`` happens only when a RayRunner runs.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opencompass_lite.errors import ConfigError, TaskError
from opencompass_lite.registry import RUNNERS
from opencompass_lite.run.base import Task, TaskResult
from opencompass_lite.run.gpus import visible_gpu_ids
from opencompass_lite.run.supervise import (
    CommandFor,
    Reporter,
    attempts_for,
    build_from_config,
    check_gpu_fit,
    check_values,
    default_command,
    judge,
    run_logged,
    sigterm_as_interrupt,
)

log = logging.getLogger(__name__)

# Token auth is on by default since Ray 2.5x; a local cluster must also stay on loopback.
RAY_ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
CONNECT_TIMEOUT_S = 3.0


@RUNNERS.register("RayRunner", "ray")
class RayRunner:
    """Run tasks on Ray; ``max_num_workers`` bounds tasks in flight, ``num_cpus`` is per task.

    ``num_gpus`` sizes the embedded cluster (default: the ids in ``CUDA_VISIBLE_DEVICES``).
    """

    CONFIG_KEYS = {"max_num_workers": "int>=1", "retry": "int>=0", "address": "str|None", "num_cpus": "int>=1",
                   "num_gpus": "int>=0|None"}

    def __init__(self, max_num_workers: int = 16, retry: int = 0, address: str | None = None, num_cpus: int = 1,
                 num_gpus: int | None = None, command_for: CommandFor | None = None) -> None:
        check_values("RayRunner", self.CONFIG_KEYS, max_num_workers=max_num_workers, retry=retry, address=address,
                     num_cpus=num_cpus, num_gpus=num_gpus)
        if address not in (None, "auto"):
            split_address(address)  # a malformed address fails at construction
        self.max_num_workers = max_num_workers
        self.retry = retry
        self.address = address
        self.num_cpus = num_cpus
        self.num_gpus = num_gpus
        self.command_for = command_for or default_command

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any], where: str) -> RayRunner:
        return build_from_config(cls, cfg, where, cls.CONFIG_KEYS)

    def run(self, tasks: Sequence[Task]) -> list[TaskResult]:
        tasks = list(tasks)
        if not tasks:
            return []
        ray = import_ray()
        started_here = not ray.is_initialized()
        if started_here and self.address is None:  # embedded: check before paying for a Ray start
            check_gpu_fit(tasks, self._embedded_gpus(), f"embedded Ray, CUDA_VISIBLE_DEVICES="
                          f"{os.environ.get('CUDA_VISIBLE_DEVICES', '<unset>')}, num_gpus={self.num_gpus}")
        if started_here:
            self._connect(ray)
        try:
            available = int(ray.cluster_resources().get("GPU", 0))
            check_gpu_fit(tasks, available, f"Ray cluster {self.address or 'embedded'}")
            with Reporter(len(tasks), tasks[0].kind.value) as reporter, sigterm_as_interrupt():
                return _RaySchedule(self, ray, tasks, reporter).run()
        finally:
            if started_here:
                ray.shutdown()  # an embedded cluster stops; a joined one only loses this driver

    def _embedded_gpus(self) -> int:
        return self.num_gpus if self.num_gpus is not None else len(visible_gpu_ids())

    def _connect(self, ray: Any) -> None:
        quiet = {"logging_level": logging.WARNING, "log_to_driver": False}
        if self.address is None:
            cpus = max(os.cpu_count() or 1, self.max_num_workers * self.num_cpus)
            ray.init(address="local", num_cpus=cpus, num_gpus=self._embedded_gpus(), include_dashboard=False, **quiet)
            return
        check_reachable(self.address)
        ray.init(address=self.address, **quiet)


def import_ray() -> Any:
    """``import ray`` with the environment every Ray process here needs (see RAY_ENV)."""
    for key, value in RAY_ENV.items():
        os.environ.setdefault(key, value)
    try:
        import ray
    except ImportError:
        raise TaskError("RayRunner requires ray: pip install ray") from None
    return ray


def split_address(address: str) -> tuple[str, int]:
    """(host, port) of 'host:port' or 'ray://host:port'."""
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ConfigError(f"RayRunner: address {address!r} is not 'auto', 'host:port' or 'ray://host:port'; "
                          "fix --ray-address or the runner's address")
    return host, int(port)


def check_reachable(address: str) -> None:
    """Fail in seconds on a dead address: ray.init itself retries for minutes."""
    shown = address
    if address == "auto":
        found = _current_cluster()
        if found is None:
            raise TaskError("RayRunner: address='auto' but no running Ray cluster was found (no RAY_ADDRESS, no "
                            "/tmp/ray/ray_current_cluster); start one (ray start --head) or leave address unset")
        shown, address = f"auto ({found})", found
    try:
        socket.create_connection(split_address(address), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as e:
        raise TaskError(f"RayRunner: cannot reach the Ray cluster at {shown} ({e}); start it "
                        "(tools/ray_head.sh start) or fix --ray-address") from None


def _current_cluster() -> str | None:
    env = os.environ.get("RAY_ADDRESS", "")
    if env and env != "auto":
        return env
    path = Path("/tmp/ray/ray_current_cluster")
    text = path.read_text().strip() if path.exists() else ""
    return text or None


@dataclass(frozen=True)
class _Attempt:
    """What a Ray worker needs to run one task attempt (paths absolute: workers have their own cwd)."""

    cmd: list[str]
    log_path: str
    header: str
    num_gpus: int
    append: bool
    cwd: str


def _run_in_worker(attempt: _Attempt) -> int:
    """Body of the Ray task: Ray set CUDA_VISIBLE_DEVICES for GPU tasks; CPU tasks get none."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        # Workers of a cluster started in the background inherit an ignored SIGINT, which is
        # how ray.cancel interrupts a running task: without this a cancelled task runs on.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    devices = os.environ.get("CUDA_VISIBLE_DEVICES", "") if attempt.num_gpus else ""
    header = f"{attempt.header} CUDA_VISIBLE_DEVICES={devices!r} {' '.join(attempt.cmd)}"
    return run_logged(attempt.cmd, Path(attempt.log_path), {"CUDA_VISIBLE_DEVICES": devices}, header,
                      attempt.append, attempt.cwd)


class _RaySchedule:
    """One ``RayRunner.run`` call: keeps up to ``max_num_workers`` Ray tasks in flight."""

    def __init__(self, runner: RayRunner, ray: Any, tasks: list[Task], reporter: Reporter) -> None:
        self.runner = runner
        self.ray = ray
        self.tasks = tasks
        self.reporter = reporter
        self.remote = ray.remote(max_retries=0)(_run_in_worker)
        self.results: list[TaskResult | None] = [None] * len(tasks)

    def run(self) -> list[TaskResult]:
        pending = deque((i, 1) for i in range(len(self.tasks)))
        inflight: dict[Any, tuple[int, int, float]] = {}
        try:
            while pending or inflight:
                while pending and len(inflight) < self.runner.max_num_workers:
                    i, attempt = pending.popleft()
                    inflight[self._submit(i, attempt)] = (i, attempt, time.monotonic())
                [ref], _ = self.ray.wait(list(inflight), num_returns=1)
                i, attempt, start = inflight.pop(ref)
                if self._finish(i, attempt, self._returncode(ref, i), time.monotonic() - start):
                    pending.append((i, attempt + 1))
        finally:
            self._cancel(inflight)
        return [r for r in self.results if r is not None]

    def _submit(self, i: int, attempt: int) -> Any:
        task = self.tasks[i]
        attempts = attempts_for(task, self.runner.retry)
        cmd = self.runner.command_for(task)
        options = {"num_gpus": task.num_gpus, "num_cpus": self.runner.num_cpus, "name": task.name}
        ref = self.remote.options(**options).remote(_Attempt(
            cmd, str(task.log_path.absolute()), f"attempt {attempt}/{attempts}:", task.num_gpus, attempt > 1,
            os.getcwd()))
        self.reporter.submitted(task, attempt, attempts, f"submitted to Ray ({task.num_gpus} GPU)")
        return ref

    def _returncode(self, ref: Any, i: int) -> int:
        try:
            return int(self.ray.get(ref))
        except self.ray.exceptions.RayError as e:  # worker died, could not start the command, ...
            log.error("%s: Ray task failed: %s", self.tasks[i].name, str(e).splitlines()[0])
            return -1

    def _finish(self, i: int, attempt: int, returncode: int, seconds: float) -> bool:
        """Record the attempt; True when it should be retried."""
        task = self.tasks[i]
        result = judge(task, returncode)
        retry_next = not result.succeeded and attempt < attempts_for(task, self.runner.retry)
        self.reporter.finished(task, result, seconds, retry_next)
        if not retry_next:
            self.results[i] = result
        return retry_next

    def _cancel(self, inflight: dict[Any, tuple[int, int, float]]) -> None:
        """Interrupt running Ray tasks (not force: the worker then stops its task process)."""
        if not inflight:
            return
        left = list(inflight)
        for _ in range(10):  # a cancel that races the task's start is lost: repeat it
            for ref in left:
                self.ray.cancel(ref)
            _, left = self.ray.wait(left, num_returns=len(left), timeout=1.0)
            if not left:
                break
        log.warning("cancelled %d Ray task(s)%s", len(inflight), f", {len(left)} did not stop" if left else "")
