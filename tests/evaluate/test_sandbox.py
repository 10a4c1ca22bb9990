"""The sandbox against hostile programs: each must fail alone and leave everything else untouched.

Sentinel files in tmp dirs prove nothing outside a program's own directory was deleted or written.
Tests marked "bypass" dodge the in-process guard on purpose to check the OS layer; they only run
where that layer (namespaces) exists, so a failure there cannot harm the machine.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from opencompass_lite.evaluate.sandbox import Outcome, SandboxLimits, isolation_available, run_program, run_programs

FAST = SandboxLimits(timeout_s=3, cpu_s=3)
needs_isolation = pytest.mark.skipif(not isolation_available(), reason="needs root and a working `unshare`")


@pytest.fixture
def sentinel(tmp_path: Path) -> Path:
    """A directory outside any sandbox holding a file that must survive."""
    d = tmp_path / "precious"
    d.mkdir()
    (d / "keep.txt").write_text("original")
    return d


def _intact(sentinel: Path) -> bool:
    return sorted(p.name for p in sentinel.iterdir()) == ["keep.txt"] and (sentinel / "keep.txt").read_text() == "original"


def _processes_mentioning(marker: str, wait_s: float = 3.0) -> list[int]:
    """Live processes whose command line contains ``marker``, after giving SIGKILLs time to land."""
    deadline = time.monotonic() + wait_s
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_passing_program_and_its_output():
    r = run_program("print('hello'); import sys; print('oops', file=sys.stderr)", FAST)
    assert r.outcome is Outcome.PASSED and r.returncode == 0
    assert r.stdout == "hello\n" and "oops" in r.stderr


def test_exception_fails_with_its_message():
    r = run_program("raise ValueError('bad answer')", FAST)
    assert r.outcome is Outcome.FAILED and r.error == "ValueError: bad answer"


def test_sys_exit_zero_is_not_a_pass():
    assert run_program("import sys\nsys.exit(0)", FAST).outcome is Outcome.FAILED


def test_infinite_loop_times_out_and_is_killed():
    start = time.monotonic()
    r = run_program("while True:\n    pass", SandboxLimits(timeout_s=1.5, cpu_s=30))
    assert r.outcome is Outcome.TIMEOUT and r.error == "timed out"
    assert time.monotonic() - start < 6
    assert run_program("print('next')", FAST).passed  # the run goes on


def test_cpu_limit_stops_a_busy_program_before_the_wall_clock():
    r = run_program("while True:\n    pass", SandboxLimits(timeout_s=30, cpu_s=1))
    assert r.outcome is Outcome.FAILED and r.duration_s < 10


def test_fork_bomb_fails():
    r = run_program("import os\nwhile True:\n    os.fork()", FAST)
    assert r.outcome is Outcome.FAILED


def test_forked_processes_never_outlive_their_program():
    """Forks through libc (past the guard) either hit RLIMIT_NPROC or die with the program."""
    program = ("import ctypes, os, time\nlibc = ctypes.CDLL(None)\nprint(os.getcwd(), flush=True)\n"
               "for _ in range(30):\n    pid = libc.fork()\n    if pid == 0:\n        time.sleep(60)\n"
               "        libc._exit(0)\n    if pid < 0:\n        raise OSError('fork refused')\n")
    r = run_program(program, SandboxLimits(timeout_s=5, cpu_s=5, max_processes=8))
    sandbox_root = str(Path(r.stdout.splitlines()[0]).parent)
    assert _processes_mentioning(sandbox_root) == []
    if os.geteuid() != 0:  # root is exempt from RLIMIT_NPROC; others hit the cap of 8
        assert r.outcome is Outcome.FAILED and "fork refused" in r.error


def test_rm_rf_home_is_refused(sentinel: Path):
    r = run_program(f"import os\nos.system('rm -rf ~ {sentinel}')", FAST)
    assert r.outcome is Outcome.FAILED
    assert _intact(sentinel) and Path.home().is_dir()


def test_shutil_rmtree_and_os_remove_are_refused(sentinel: Path):
    for program in (f"import shutil\nshutil.rmtree({str(sentinel)!r})", f"import os\nos.remove({str(sentinel / 'keep.txt')!r})"):
        assert run_program(program, FAST).outcome is Outcome.FAILED
    assert _intact(sentinel)


@needs_isolation
def test_bypass_rm_rf_through_libc_deletes_nothing(sentinel: Path):
    program = f"import ctypes\nassert ctypes.CDLL(None).system(b'rm -rf {sentinel}') == 0"
    assert run_program(program, FAST).outcome is Outcome.FAILED
    assert _intact(sentinel)


def test_writing_outside_its_directory_is_refused(sentinel: Path):
    for program in (f"open({str(sentinel / 'evil.txt')!r}, 'w').write('x')",
                    f"open({str(sentinel / 'keep.txt')!r}, 'a').write('x')",
                    f"import pathlib\npathlib.Path({str(sentinel / 'evil.txt')!r}).write_text('x')",
                    f"import os\nos.open({str(sentinel / 'evil.txt')!r}, os.O_CREAT | os.O_WRONLY)"):
        r = run_program(program, FAST)
        assert r.outcome is Outcome.FAILED, program
    assert _intact(sentinel)


@needs_isolation
def test_bypass_write_through_fileio_hits_a_read_only_filesystem(sentinel: Path):
    r = run_program(f"import _io\n_io.FileIO({str(sentinel / 'evil.txt')!r}, 'w').write(b'x')", FAST)
    assert r.outcome is Outcome.FAILED and "Read-only file system" in r.error
    assert _intact(sentinel)


def test_writing_inside_its_directory_works_and_the_directory_is_removed():
    program = ("import os\nopen('scratch.txt', 'w').write('data')\n"
               "print(os.getcwd()); print(os.path.expanduser('~')); print(open('scratch.txt').read())")
    r = run_program(program, FAST)
    assert r.passed, r.stderr
    cwd, home, data = r.stdout.splitlines()
    assert cwd == home and data == "data"
    assert not Path(cwd).exists() and not Path(cwd).parent.exists()


def test_huge_allocation_fails_alone():
    r = run_program("x = bytearray(50 * 1024 ** 3)", FAST)
    assert r.outcome is Outcome.FAILED and "MemoryError" in r.error


def test_large_file_is_stopped_by_the_file_size_limit():
    r = run_program("open('big.bin', 'wb').write(b'x' * (8 * 1024 * 1024))", SandboxLimits(timeout_s=10, file_size_mb=1))
    assert r.outcome is Outcome.FAILED


def test_output_is_capped():
    r = run_program("print('x' * 1_000_000)", SandboxLimits(timeout_s=10, output_bytes=1000))
    assert r.passed and len(r.stdout) < 1100 and r.stdout.endswith("[output truncated]")


@pytest.fixture
def listener():
    """A TCP server on the host's loopback that records whether anyone connected."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    accepted: list[object] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                accepted.append(server.accept())
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    server.close()


def test_opening_a_socket_fails(listener):
    port, accepted = listener
    for program in ("import socket\nsocket.socket()",
                    f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=1)"):
        r = run_program(program, FAST)
        assert r.outcome is Outcome.FAILED and "network access is disabled" in r.error
    time.sleep(0.3)
    assert accepted == []


@needs_isolation
def test_bypass_socket_class_finds_no_network(listener):
    port, accepted = listener
    program = ("import socket\nraw = socket.socket.__mro__[2]  # the C type under both replacements\n"
               "s = raw(socket.AF_INET, socket.SOCK_STREAM)\n"
               f"s.settimeout(1)\ns.connect(('127.0.0.1', {port}))")
    r = run_program(program, FAST)
    assert r.outcome is Outcome.FAILED and ("unreachable" in r.error.lower() or "refused" in r.error.lower()), r.error
    time.sleep(0.3)
    assert accepted == []


def test_parent_environment_is_not_passed_on(monkeypatch):
    monkeypatch.setenv("OCL_TEST_SECRET", "s3cret")
    r = run_program("import os\nprint(os.environ.get('OCL_TEST_SECRET'))", FAST)
    assert r.stdout.strip() == "None"


def test_hostile_programs_in_a_pool_fail_alone(sentinel: Path):
    hostile = ["while True:\n    pass", "import os\nwhile True:\n    os.fork()", "x = bytearray(50 * 1024 ** 3)",
               f"import os\nos.system('rm -rf ~ {sentinel}')", f"open({str(sentinel / 'evil')!r}, 'w')",
               "import socket\nsocket.create_connection(('1.1.1.1', 53))"]
    benign = [f"assert sum(range({i})) == {i * (i - 1) // 2}" for i in range(8)]
    programs = [p for pair in zip(benign, hostile, strict=False) for p in pair] + benign[len(hostile):]
    results = run_programs(programs, SandboxLimits(timeout_s=2, cpu_s=2), workers=2)
    assert len(results) == len(programs)
    for program, result in zip(programs, results, strict=True):
        assert result.passed == (program in benign), (program, result.error)
    assert _intact(sentinel)
