"""End to end: the real CLI in a subprocess, on the real SmolLM2 model and real/fixture data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.e2e
CEVAL_FIXTURE = ROOT / "tests" / "fixtures" / "ceval" / "formal_ceval"


@pytest.fixture(scope="session")
def smollm2_dir() -> Path:
    """The embedded model's converted HF folder (converted once, then cached)."""
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "convert_gguf.py")], capture_output=True, text=True,
                         check=True)
    return Path(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def mmlu_data() -> Path:
    data = ROOT / "data" / "mmlu"
    if not (data / "test" / "marketing_test.csv").exists():
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_mmlu.py")], check=True, cwd=ROOT)
    return data


def test_demo_config_runs_and_summarises(tmp_path, mmlu_data, smollm2_dir):
    out = tmp_path / "out"
    proc = run_cli("configs/eval_demo.py", "--limit", "2", "-w", str(out), cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (run,) = out.iterdir()
    table = pd.read_csv(next((run / "summary").glob("summary_*.csv")))
    assert list(table.columns) == ["dataset", "version", "metric", "mode", "smollm2-135m-instruct-hf"]
    assert set(table["mode"]) == {"gen", "ppl"}
    rows = dict(zip(table["dataset"], table["smollm2-135m-instruct-hf"], strict=True))
    assert "mmlu-demo" in rows and "mmlu-marketing-ppl" in rows
    # Numbers come from the real model's predictions, which are on disk with the rendered prompts.
    preds = [json.loads(line) for line in (run / "predictions" / "smollm2-135m-instruct-hf" /
                                           "mmlu-marketing.jsonl").read_text().splitlines()[1:]]
    assert len(preds) == 2 and all("<|im_start|>assistant" in p["prompt"] for p in preds)
    result = json.loads((run / "results" / "smollm2-135m-instruct-hf" / "mmlu-marketing.json").read_text())
    correct = sum(d["correct"] for d in result["details"])
    assert float(rows["mmlu-marketing"]) == pytest.approx(100 * correct / 2)
    assert (run / "summary").glob("summary_*.md") and proc.stdout.count("mmlu-demo") >= 3


def test_opencompass_style_command_on_ceval_fixture(tmp_path, smollm2_dir):
    (tmp_path / "data" / "ceval").mkdir(parents=True)
    (tmp_path / "data" / "ceval" / "formal_ceval").symlink_to(CEVAL_FIXTURE)
    proc = run_cli("--datasets", "ceval_gen", "--hf-path", str(smollm2_dir), "--tokenizer-path", str(smollm2_dir),
                   "--tokenizer-kwargs", "padding_side='left'", "truncation='left'", "trust_remote_code=True",
                   "--model-kwargs", "trust_remote_code=True", "device_map='auto'", "--max-seq-len", "2048",
                   "--max-out-len", "16", "--batch-size", "4", "--num-gpus", "1", "--debug", "--limit", "1",
                   cwd=tmp_path, timeout=1500)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for group in ("ceval-stem", "ceval-social-science", "ceval-humanities", "ceval-other", "ceval-hard", "ceval "):
        assert group in proc.stdout
    (run,) = (tmp_path / "outputs" / "default").iterdir()
    assert len(list((run / "results").rglob("ceval-*.json"))) == 52


def test_dry_run_prints_plan_and_loads_no_model(tmp_path, mmlu_data):
    proc = run_cli("configs/eval_demo.py", "--dry-run", "-w", str(tmp_path / "out"), cwd=ROOT,
                   env={"OCL_CACHE_DIR": str(tmp_path / "empty-cache")})
    assert proc.returncode == 0, proc.stderr
    assert "infer:" in proc.stdout and "mmlu-marketing-ppl" in proc.stdout
    assert not (tmp_path / "empty-cache").exists() and not (tmp_path / "out").exists()
