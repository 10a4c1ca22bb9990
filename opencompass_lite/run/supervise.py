"""What the local, Ray and Slurm runners share: config checking, status lines and a progress bar,
task processes that log to their own file, and SIGTERM handled like Ctrl-C.

Status lines carry ``extra={"ocl_event": "submitted"|"finished", "ocl_task": name}`` so tools
(``benchmarks/bench_scheduling.py``) can time the scheduler without parsing messages.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from opencompass_lite.errors import ConfigError, TaskError
from opencompass_lite.run.base import Task, TaskResult

log = logging.getLogger("opencompass_lite.run")

CommandFor = Callable[[Task], list[str]]
R = TypeVar("R")


def default_command(task: Task) -> list[str]:
    return task.command()


def attempts_for(task: Task, retry: int) -> int:
    """One run plus the runner's ``retry`` (or the task's own ``max_retries`` when larger)."""
    return 1 + max(retry, task.max_retries)


def judge(task: Task, returncode: int) -> TaskResult:
    """A task succeeded only when it exited 0 and all its outputs exist."""
    ok = returncode == 0 and task.outputs_exist()
    return TaskResult(task.name, returncode, task.log_path, ok)


# ---- config ---------------------------------------------------------------------------------------

_CHECKS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "int>=0": ("an int >= 0", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0),
    "int>=1": ("an int >= 1", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1),
    "bool": ("True or False", lambda v: isinstance(v, bool)),
    "number>0": ("a number > 0", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0),
    "str": ("a non-empty string", lambda v: isinstance(v, str) and v != ""),
    "str|None": ("a non-empty string or None", lambda v: v is None or (isinstance(v, str) and v != "")),
    "int>=0|None": ("an int >= 0 or None", lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool) and v >= 0)),
    "options": ("a list of sbatch options starting with '-'",
                lambda v: isinstance(v, (list, tuple)) and all(isinstance(x, str) and x.startswith("-") for x in v)),
}


def build_from_config(cls: Callable[..., R], cfg: Mapping[str, Any], where: str, keys: Mapping[str, str]) -> R:
    """``cls(**cfg)`` after checking every key is known (``type`` is ignored) and has the right type."""
    kwargs = {}
    for key, value in cfg.items():
        if key == "type":
            continue
        if key not in keys:
            raise ConfigError(f"{where}: unknown key {key!r} for {cls.__name__}; known keys: {', '.join(keys)}")
        what, ok = _CHECKS[keys[key]]
        if not ok(value):
            raise ConfigError(f"{where}.{key}: expected {what}, got {value!r}; fix the runner config")
        kwargs[key] = value
    try:
        return cls(**kwargs)
    except TypeError as e:  # a required key is missing
        raise ConfigError(f"{where}: {e}; add it to the runner config") from None


def check_values(where: str, keys: Mapping[str, str], **values: Any) -> None:
    """Constructor-side twin of ``build_from_config``'s checks (for runners built in code)."""
    for name, value in values.items():
        what, ok = _CHECKS[keys[name]]
        if not ok(value):
            raise ConfigError(f"{where}: {name} must be {what}, got {value!r}; fix the runner arguments")


def check_gpu_fit(tasks: Sequence[Task], available: int, source: str) -> None:
    """Fail before anything runs when a task can never get its GPUs."""
    for task in tasks:
        if task.num_gpus > available:
            raise TaskError(f"task {task.name} needs {task.num_gpus} GPUs but only {available} are available "
                            f"({source}); lower run_cfg.num_gpus or add GPUs")


# ---- status lines and progress bar ----------------------------------------------------------------

class Reporter:
    """One status line per task event and a tqdm bar over tasks (routed around log lines)."""

    def __init__(self, total: int, desc: str) -> None:
        self._total = total
        self._desc = desc
        self._stack = contextlib.ExitStack()
        self._bar: Any = None

    def __enter__(self) -> Reporter:
        from tqdm import tqdm
        from tqdm.contrib.logging import logging_redirect_tqdm

        self._bar = self._stack.enter_context(tqdm(total=self._total, desc=self._desc, unit="task", disable=None))
        if not self._bar.disable and logging.root.handlers:  # a bar (on a terminal) and configured logging
            self._stack.enter_context(logging_redirect_tqdm())
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def submitted(self, task: Task, attempt: int, attempts: int, detail: str = "") -> None:
        tries = f" (attempt {attempt}/{attempts})" if attempt > 1 else ""
        log.info("%s: %s%s", task.name, detail or "started", tries,
                 extra={"ocl_event": "submitted", "ocl_task": task.name})

    def finished(self, task: Task, result: TaskResult, seconds: float, retry_next: bool) -> None:
        extra = {"ocl_event": "finished", "ocl_task": task.name}
        if result.succeeded:
            log.info("%s: done in %.1f s", task.name, seconds, extra=extra)
        else:
            why = " (exited 0 but outputs are missing)" if result.returncode == 0 else ""
            again = "; retrying" if retry_next else ""
            log.error("%s: FAILED rc=%d%s see %s%s", task.name, result.returncode, why, result.log_path, again,
                      extra=extra)
        if not retry_next and self._bar is not None:
            self._bar.update(1)


# ---- task processes ------------------------------------------------------------------------------

def start_logged(cmd: Sequence[str], log_path: Path, env: Mapping[str, str], header: str, append: bool,
                 cwd: str | None = None) -> subprocess.Popen[bytes]:
    """Start ``cmd`` in its own session with stdout+stderr going to ``log_path`` (after a header line)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab" if append else "wb") as f:
        f.write(f"=== {header}\n".encode())
        f.flush()
        return subprocess.Popen(list(cmd), stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env={**os.environ, **env}, start_new_session=True, cwd=cwd)


def stop_process(proc: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """SIGTERM the process group, SIGKILL it after ``grace`` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(grace)


def run_logged(cmd: Sequence[str], log_path: Path, env: Mapping[str, str], header: str, append: bool,
               cwd: str | None = None) -> int:
    """``start_logged`` and wait; the process group is stopped if the wait is interrupted."""
    proc = start_logged(cmd, log_path, env, header, append, cwd)
    try:
        while True:  # a timed wait runs bytecode between waitpid calls, so Ray's cancel (an async exception) lands
            with contextlib.suppress(subprocess.TimeoutExpired):
                return proc.wait(timeout=3600)
    finally:
        stop_process(proc)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt so runners clean up (kill, scancel) in ``finally``."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
