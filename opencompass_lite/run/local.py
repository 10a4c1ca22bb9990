"""LocalRunner: tasks as subprocesses on this machine, scheduled over a pool of GPU slots.

The main thread hands out work in task order: it waits (blocking, no polling) for a worker slot,
then for the task's GPUs, then starts a thread that runs the task process and gives both back.
Task processes die with this process (``run/pdeathsig.py``), even when it is SIGKILLed.
"""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from opencompass_lite.registry import RUNNERS
from opencompass_lite.run.base import Task, TaskResult
from opencompass_lite.run.gpus import GPUPool, visible_gpu_ids
from opencompass_lite.run.pdeathsig import parent_env
from opencompass_lite.run.supervise import (
    CommandFor,
    Reporter,
    attempts_for,
    build_from_config,
    check_gpu_fit,
    check_values,
    default_command,
    judge,
    sigterm_as_interrupt,
    start_logged,
    stop_process,
)

log = logging.getLogger(__name__)


@RUNNERS.register("LocalRunner", "local")
class LocalRunner:
    """Run tasks here: k-GPU tasks get k free ids in ``CUDA_VISIBLE_DEVICES``; 0-GPU tasks get none.

    ``gpu_ids`` defaults to ``CUDA_VISIBLE_DEVICES`` (unset: every GPU torch sees). ``command_for``
    builds each task's command (default ``Task.command``; tests inject small scripts).
    """

    CONFIG_KEYS = {"max_num_workers": "int>=1", "max_workers_per_gpu": "int>=1", "retry": "int>=0", "debug": "bool"}

    def __init__(self, max_num_workers: int = 16, max_workers_per_gpu: int = 1, retry: int = 0, debug: bool = False,
                 gpu_ids: Sequence[str] | None = None, command_for: CommandFor | None = None) -> None:
        check_values("LocalRunner", self.CONFIG_KEYS, max_num_workers=max_num_workers,
                     max_workers_per_gpu=max_workers_per_gpu, retry=retry, debug=debug)
        self.max_num_workers = max_num_workers
        self.max_workers_per_gpu = max_workers_per_gpu
        self.retry = retry
        self.debug = debug
        self.gpu_ids = None if gpu_ids is None else list(gpu_ids)
        self.command_for = command_for or default_command

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any], where: str) -> LocalRunner:
        return build_from_config(cls, cfg, where, cls.CONFIG_KEYS)

    def run(self, tasks: Sequence[Task]) -> list[TaskResult]:
        tasks = list(tasks)
        if not tasks:
            return []
        if self.debug:
            return self._run_in_process(tasks)
        ids = self.gpu_ids if self.gpu_ids is not None else visible_gpu_ids()
        source = f"gpu_ids={ids}" if self.gpu_ids is not None else \
            f"CUDA_VISIBLE_DEVICES={os.environ.get('CUDA_VISIBLE_DEVICES', '<unset>')}"
        check_gpu_fit(tasks, len(ids), source)
        with Reporter(len(tasks), tasks[0].kind.value) as reporter, sigterm_as_interrupt():
            return _Schedule(self, tasks, GPUPool(ids, self.max_workers_per_gpu), reporter).run()

    def _run_in_process(self, tasks: list[Task]) -> list[TaskResult]:
        """``debug=True``: one task after another in this process, logging to the terminal."""
        from opencompass_lite.run.task import run_task

        results = []
        with Reporter(len(tasks), tasks[0].kind.value) as reporter:
            for task in tasks:
                reporter.submitted(task, 1, 1, "started in-process (debug)")
                start = time.monotonic()
                try:
                    run_task(task)
                    returncode = 0
                except Exception:
                    log.exception("%s: raised", task.name)
                    returncode = 1
                result = judge(task, returncode)
                reporter.finished(task, result, time.monotonic() - start, retry_next=False)
                results.append(result)
        return results


class _Schedule:
    """One ``LocalRunner.run`` call: pending attempts, running processes and results."""

    def __init__(self, runner: LocalRunner, tasks: list[Task], pool: GPUPool, reporter: Reporter) -> None:
        self.runner = runner
        self.tasks = tasks
        self.pool = pool
        self.reporter = reporter
        self.pending: queue.Queue[tuple[int, int] | None] = queue.Queue()
        self.slots = threading.Semaphore(runner.max_num_workers)
        self.lock = threading.Lock()
        self.stopping = False
        self.procs: dict[int, subprocess.Popen[bytes]] = {}
        self.results: list[TaskResult | None] = [None] * len(tasks)
        self.left = len(tasks)

    def run(self) -> list[TaskResult]:
        for i in range(len(self.tasks)):
            self.pending.put((i, 1))
        threads: list[threading.Thread] = []
        try:
            while (item := self.pending.get()) is not None:
                i, attempt = item
                self.slots.acquire()
                gpus = self.pool.acquire(self.tasks[i].num_gpus)
                thread = threading.Thread(target=self._attempt, args=(i, attempt, gpus), daemon=True,
                                          name=f"ocl-task-{i}")
                thread.start()
                threads.append(thread)
        except BaseException:
            self._stop_all()
            raise
        finally:
            for thread in threads:
                thread.join()
        return [r for r in self.results if r is not None]

    def _stop_all(self) -> None:
        with self.lock:
            self.stopping = True
            procs = list(self.procs.values())
        for proc in procs:
            stop_process(proc)
        if procs:
            log.warning("stopped %d running task(s)", len(procs))

    def _attempt(self, i: int, attempt: int, gpus: list[str]) -> None:
        task = self.tasks[i]
        attempts = attempts_for(task, self.runner.retry)
        start = time.monotonic()
        try:
            returncode = self._execute(i, attempt, attempts, gpus)
        except Exception as e:  # e.g. an unwritable log dir: this task fails, the others go on
            log.error("%s: could not run: %s", task.name, e)
            returncode = -1
        finally:
            self.pool.release(gpus)
            self.slots.release()
        if returncode is None:
            return  # stopped by Ctrl-C/SIGTERM: no verdict
        result = judge(task, returncode)
        retry_next = not result.succeeded and attempt < attempts
        self.reporter.finished(task, result, time.monotonic() - start, retry_next)
        if retry_next:
            self.pending.put((i, attempt + 1))
            return
        with self.lock:
            self.results[i] = result
            self.left -= 1
            if self.left == 0:
                self.pending.put(None)

    def _execute(self, i: int, attempt: int, attempts: int, gpus: list[str]) -> int | None:
        task = self.tasks[i]
        cmd = self.runner.command_for(task)
        devices = ",".join(gpus)
        header = f"attempt {attempt}/{attempts}: CUDA_VISIBLE_DEVICES={devices!r} {' '.join(cmd)}"
        env = {"CUDA_VISIBLE_DEVICES": devices, **parent_env()}
        with self.lock:
            if self.stopping:
                return None
            proc = start_logged(cmd, task.log_path, env, header, append=attempt > 1)
            self.procs[i] = proc
        try:  # this thread is the task's parent for PR_SET_PDEATHSIG: it must not end before the task
            self.reporter.submitted(task, attempt, attempts, f"started (CUDA_VISIBLE_DEVICES={devices!r})")
            returncode = proc.wait()
        finally:
            stop_process(proc)  # a no-op once the task has exited
            with self.lock:
                del self.procs[i]
                stopping = self.stopping
        return None if stopping else returncode
