"""SlurmRunner: one ``sbatch`` job per task attempt, polled with ``squeue``; every job it submitted and
that is still queued or running is ``scancel``-ed on exit, error, Ctrl-C or SIGTERM.

Exit codes without slurmdbd: the batch script writes the command's exit code next to the task log
(``<log>.exitcode``); ``scontrol show job`` (``ExitCode=a:b``) is the cross-check and the fallback
(e.g. for a job killed before the command returned).
"""

from __future__ import annotations

import logging
import re
import shlex
import shutil
import subprocess
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opencompass_lite.errors import TaskError
from opencompass_lite.registry import RUNNERS
from opencompass_lite.run.base import Task, TaskResult
from opencompass_lite.run.supervise import (
    CommandFor,
    Reporter,
    attempts_for,
    build_from_config,
    check_values,
    default_command,
    judge,
    sigterm_as_interrupt,
)

log = logging.getLogger(__name__)

ACTIVE_STATES = {"PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD",
                 "REQUEUE_FED", "RESIZING", "SIGNALING", "STAGE_OUT", "RESV_DEL_HOLD"}
MAX_POLL_FAILURES = 30


@dataclass
class _Job:
    index: int
    attempt: int
    submitted: float


@RUNNERS.register("SlurmRunner", "slurm")
class SlurmRunner:
    """Submit each task with ``sbatch`` to ``partition``; ``max_num_workers`` bounds jobs in the queue.

    ``qos`` is standard Slurm's ``--qos``; ``quotatype`` is OpenCompass's ``--quotatype`` (clusters with
    that patch). ``extra_command`` holds more sbatch options, e.g. ``["--time=1:00:00", "--mem=32G"]``.
    """

    CONFIG_KEYS = {"partition": "str", "max_num_workers": "int>=1", "retry": "int>=0", "qos": "str|None",
                   "quotatype": "str|None", "num_cpus": "int>=1", "extra_command": "options",
                   "poll_interval": "number>0"}

    def __init__(self, partition: str, max_num_workers: int = 32, retry: int = 0, qos: str | None = None,
                 quotatype: str | None = None, num_cpus: int = 1, extra_command: Sequence[str] = (),
                 poll_interval: float = 1.0, command_for: CommandFor | None = None) -> None:
        check_values("SlurmRunner", self.CONFIG_KEYS, partition=partition, max_num_workers=max_num_workers,
                     retry=retry, qos=qos, quotatype=quotatype, num_cpus=num_cpus, extra_command=extra_command,
                     poll_interval=poll_interval)
        self.partition = partition
        self.max_num_workers = max_num_workers
        self.retry = retry
        self.qos = qos
        self.quotatype = quotatype
        self.num_cpus = num_cpus
        self.extra_command = tuple(extra_command)
        self.poll_interval = float(poll_interval)
        self.command_for = command_for or default_command

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any], where: str) -> SlurmRunner:
        return build_from_config(cls, cfg, where, cls.CONFIG_KEYS)

    def run(self, tasks: Sequence[Task]) -> list[TaskResult]:
        tasks = list(tasks)
        if not tasks:
            return []
        for tool in ("sbatch", "squeue", "scontrol", "scancel"):
            if shutil.which(tool) is None:
                raise TaskError(f"SlurmRunner: {tool} not found on PATH; install the Slurm client tools "
                                "(slurm-client) or use --runner local")
        with Reporter(len(tasks), tasks[0].kind.value) as reporter, sigterm_as_interrupt():
            return _SlurmSchedule(self, tasks, reporter).run()

    def batch_script(self, task: Task, attempt: int, attempts: int) -> str:
        """The sbatch script of one attempt: options, then the command wrapped to record its exit code."""
        log_path = task.log_path.absolute()
        options = [f"--job-name={task.name}", f"--partition={self.partition}", f"--cpus-per-task={self.num_cpus}",
                   f"--output={log_path}", f"--error={log_path}", "--open-mode=append"]
        if self.qos is not None:
            options.append(f"--qos={self.qos}")
        if self.quotatype is not None:
            options.append(f"--quotatype={self.quotatype}")
        if task.num_gpus > 0:
            options.append(f"--gres=gpu:{task.num_gpus}")
        options += self.extra_command
        command = shlex.join(self.command_for(task))
        rc_file = shlex.quote(str(exit_code_path(task)))
        lines = ["#!/bin/bash", *(f"#SBATCH {shlex.quote(o)}" for o in options)]
        if task.num_gpus == 0:
            lines.append("export CUDA_VISIBLE_DEVICES=")  # sbatch exports the submitter's environment
        lines += [
            f'echo "=== attempt {attempt}/{attempts}: job $SLURM_JOB_ID on $(hostname)" '
            f'"CUDA_VISIBLE_DEVICES=\'$CUDA_VISIBLE_DEVICES\'" {shlex.quote(command)}',
            command,
            "rc=$?",
            f"echo $rc > {rc_file}.tmp && mv {rc_file}.tmp {rc_file}",
            "exit $rc",
        ]
        return "\n".join(lines) + "\n"


def exit_code_path(task: Task) -> Path:
    return task.log_path.absolute().with_suffix(".exitcode")


def script_path(task: Task) -> Path:
    return task.wd.task_file(task.name).with_suffix(".sbatch")


def _slurm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def scontrol_exit_code(job_id: str) -> int | None:
    """``ExitCode=a:b`` of a job still in slurmctld's memory: a, or 128+b when killed by signal b."""
    out = _slurm("scontrol", "show", "job", job_id)
    match = re.search(r"(?<![A-Za-z])ExitCode=(\d+):(\d+)", out.stdout)
    if out.returncode != 0 or match is None:
        return None
    code, sig = int(match.group(1)), int(match.group(2))
    return 128 + sig if sig else code


class _SlurmSchedule:
    """One ``SlurmRunner.run`` call: queued attempts, submitted jobs and results."""

    def __init__(self, runner: SlurmRunner, tasks: list[Task], reporter: Reporter) -> None:
        self.runner = runner
        self.tasks = tasks
        self.reporter = reporter
        self.active: dict[str, _Job] = {}
        self.results: list[TaskResult | None] = [None] * len(tasks)
        self.poll_failures = 0

    def run(self) -> list[TaskResult]:
        pending = deque((i, 1) for i in range(len(self.tasks)))
        try:
            while pending or self.active:
                while pending and len(self.active) < self.runner.max_num_workers:
                    i, attempt = pending.popleft()
                    if not self._submit(i, attempt):
                        pending.extend(self._finish(i, attempt, -1, 0.0))
                if self.active:
                    time.sleep(self.runner.poll_interval)  # polling Slurm's state, not handing out GPUs
                    for job_id, state in self._finished_jobs():
                        job = self.active.pop(job_id)
                        returncode = self._exit_code(job_id, job, state)
                        pending.extend(self._finish(job.index, job.attempt, returncode,
                                                    time.monotonic() - job.submitted))
        finally:
            self._cancel_active()
        return [r for r in self.results if r is not None]

    def _submit(self, i: int, attempt: int) -> bool:
        task = self.tasks[i]
        attempts = attempts_for(task, self.runner.retry)
        script = script_path(task)
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text(self.runner.batch_script(task, attempt, attempts))
        task.log_path.parent.mkdir(parents=True, exist_ok=True)
        exit_code_path(task).unlink(missing_ok=True)
        if attempt == 1:
            task.log_path.write_text("")
        out = _slurm("sbatch", "--parsable", str(script))
        if out.returncode != 0:
            message = (out.stderr or out.stdout).strip().replace("\n", " ")
            with open(task.log_path, "a") as f:
                f.write(f"=== attempt {attempt}/{attempts}: sbatch {script} failed: {message}\n")
            log.error("%s: sbatch failed: %s", task.name, message)
            return False
        job_id = out.stdout.strip().split(";")[0]
        self.active[job_id] = _Job(i, attempt, time.monotonic())
        self.reporter.submitted(task, attempt, attempts, f"submitted as Slurm job {job_id}")
        return True

    def _finished_jobs(self) -> list[tuple[str, str]]:
        """(job id, state) of our jobs that left the active states (or the queue listing)."""
        out = _slurm("squeue", "-h", "-t", "all", "-j", ",".join(self.active), "-o", "%i %T")
        if out.returncode != 0 and "Invalid job id" not in out.stderr:
            self.poll_failures += 1
            if self.poll_failures >= MAX_POLL_FAILURES:
                raise TaskError(f"SlurmRunner: squeue failed {self.poll_failures} times in a row "
                                f"({out.stderr.strip()}); check the Slurm controller")
            log.warning("squeue failed (%s); retrying", out.stderr.strip())
            return []
        self.poll_failures = 0
        states = dict(line.split(None, 1) for line in out.stdout.splitlines() if line.strip())
        return [(job_id, states.get(job_id, "GONE")) for job_id in list(self.active)
                if states.get(job_id, "GONE") not in ACTIVE_STATES]

    def _exit_code(self, job_id: str, job: _Job, state: str) -> int:
        task = self.tasks[job.index]
        text = exit_code_path(task).read_text().strip() if exit_code_path(task).exists() else ""
        from_file = int(text) if text.lstrip("-").isdigit() else None
        from_slurm = scontrol_exit_code(job_id)
        if from_file is not None and from_slurm is not None and from_file != from_slurm:
            log.warning("%s: job %s exit code %d (wrapper) but Slurm says %d (%s)", task.name, job_id, from_file,
                        from_slurm, state)
        if from_file is not None:
            return from_file
        if from_slurm is not None:
            return from_slurm
        log.warning("%s: job %s ended (%s) with no exit code on record", task.name, job_id, state)
        return -1

    def _finish(self, i: int, attempt: int, returncode: int, seconds: float) -> list[tuple[int, int]]:
        """Record the attempt; returns the retry to queue, if any."""
        task = self.tasks[i]
        result = judge(task, returncode)
        retry_next = not result.succeeded and attempt < attempts_for(task, self.runner.retry)
        self.reporter.finished(task, result, seconds, retry_next)
        if retry_next:
            return [(i, attempt + 1)]
        self.results[i] = result
        return []

    def _cancel_active(self) -> None:
        if not self.active:
            return
        ids = list(self.active)
        out = _slurm("scancel", *ids)
        if out.returncode == 0:
            log.warning("cancelled Slurm job(s) %s", " ".join(ids))
        else:
            log.error("scancel %s failed: %s", " ".join(ids), out.stderr.strip())
        self.active.clear()
