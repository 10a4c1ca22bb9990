"""Task processes that die with the local driver that started them (Linux only).

The local runner starts each task in its own session, so that it can stop the task's whole process
group; the price is that a SIGKILLed driver (an OOM kill, ``kill -9``) would leave its tasks running
as orphans. So the runner puts its pid in the task's environment (``parent_env``) and the task entry
point calls ``die_with_parent``, which asks the kernel for a SIGTERM when the parent goes away
(``prctl(PR_SET_PDEATHSIG)``).

The kernel's "parent" is the *thread* that forked the task: the local runner starts each task from
a worker thread that waits for it, so that thread lives as long as the task does.

SIGTERM keeps its default action in a task: the process ends at once, as under SIGKILL, which the
prediction files are built for: every batch is one fsynced append, resume cuts a torn last line,
and the kernel drops the writer's flock. Outside Linux there is no such call and nothing happens.
Ray and Slurm do not set the variable: their workers and jobs are owned by Ray and slurmd.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

from opencompass_lite.errors import TaskError

PARENT_PID_ENV = "OCL_PARENT_PID"
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def parent_env() -> dict[str, str]:
    """The environment a runner adds to a task process so that it dies with this process."""
    return {PARENT_PID_ENV: str(os.getpid())}


def die_with_parent() -> bool:
    """When ``OCL_PARENT_PID`` is set (and on Linux), get a SIGTERM when the parent dies.

    The variable is removed from ``os.environ`` so that the task's own children do not inherit a
    pid that is not their parent's. Returns whether the signal was armed.
    """
    value = os.environ.pop(PARENT_PID_ENV, None)
    if value is None or not sys.platform.startswith("linux"):
        return False
    if not value.isdigit():
        raise TaskError(f"{PARENT_PID_ENV}={value!r}: not a process id; unset it (the local runner sets it to its "
                        f"own pid)")
    if signal.getsignal(signal.SIGTERM) is signal.SIG_IGN:  # an ignored SIGTERM is inherited across exec
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    libc = ctypes.CDLL(None, use_errno=True)  # the symbols already loaded: libc's prctl among them
    if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"prctl(PR_SET_PDEATHSIG): {os.strerror(errno)}")
    if os.getppid() != int(value):  # the parent died before prctl: no signal will come, so act as if it had
        signal.raise_signal(signal.SIGTERM)
    return True
