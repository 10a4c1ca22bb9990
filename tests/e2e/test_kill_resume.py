"""SIGKILL a run in the middle of inference, resume it with -r: nothing lost, nothing recomputed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import ROOT, dataset_py, run_cli, write_config

pytestmark = pytest.mark.e2e
MODEL = ("dict(type='HuggingFaceBaseModel', abbr='smol', path='HuggingFaceTB/SmolLM2-135M-Instruct', "
         "batch_size=2, max_seq_len=512, model_kwargs=dict(torch_dtype='float32'))")


def _proc(pid: int) -> psutil.Process | None:
    try:
        return psutil.Process(pid)
    except psutil.NoSuchProcess:
        return None


def _records(path: Path) -> dict[int, str]:
    lines = path.read_text().splitlines()[1:]
    return {json.loads(line)["index"]: line for line in lines}


def test_sigkill_then_resume_matches_an_uninterrupted_run(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_mmlu.py")], check=True, cwd=ROOT,
                   capture_output=True)
    cfg = write_config(tmp_path / "eval_kill.py", [MODEL],
                       [dataset_py("mmlu-marketing", "marketing", ROOT / "data" / "mmlu", mode="ppl")],
                       extra="limit = 16\n")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, str(ROOT / "run.py"), str(cfg), "-w", str(killed)], cwd=tmp_path,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    partial: Path | None = None
    while time.monotonic() < deadline:
        found = list(killed.glob("*/predictions/smol/mmlu-marketing.jsonl.partial"))
        if found and len(_records(found[0])) >= 4:
            partial = found[0]
            break
        time.sleep(0.2)
    assert partial is not None, "inference never wrote a batch"
    # A crash takes the driver and its task processes down at once (as an OOM kill of the job does).
    tree = [proc.pid, *(c.pid for c in psutil.Process(proc.pid).children(recursive=True))]
    for pid in tree:
        os.kill(pid, signal.SIGKILL)
    proc.wait()
    psutil.wait_procs([p for p in map(_proc, tree) if p is not None], timeout=10)
    before = _records(partial)
    assert 4 <= len(before) < 16

    resumed = run_cli(str(cfg), "-w", str(killed), "-r", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    (run,) = killed.iterdir()
    log = next((run / "logs" / "infer" / "smol").glob("*.log")).read_text()
    assert f"16 samples ({len(before)} already done)" in log
    after = _records(run / "predictions" / "smol" / "mmlu-marketing.jsonl")
    assert all(after[i] == line for i, line in before.items())  # kept byte for byte, not recomputed

    clean = run_cli(str(cfg), "-w", str(tmp_path / "clean"), cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr[-2000:]
    (clean_run,) = (tmp_path / "clean").iterdir()
    reference = _records(clean_run / "predictions" / "smol" / "mmlu-marketing.jsonl")
    assert {i: json.loads(v)["prediction"] for i, v in after.items()} == \
        {i: json.loads(v)["prediction"] for i, v in reference.items()}
    result = json.loads((run / "results" / "smol" / "mmlu-marketing.json").read_text())
    clean_result = json.loads((clean_run / "results" / "smol" / "mmlu-marketing.json").read_text())
    assert result["metrics"] == clean_result["metrics"] and result["n"] == 16
