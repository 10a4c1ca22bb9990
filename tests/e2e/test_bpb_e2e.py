"""End to end: bits per byte (HumanEval canonical solutions, WikiText fixture) and TruthfulQA MC2 (fixture)
through the real CLI on the real SmolLM2, each number checked against the predictions on disk."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, run_cli

pytestmark = pytest.mark.e2e
FIXTURES = ROOT / "tests" / "fixtures"
MODEL = "SmolLM2-135M-Instruct-hf"


@pytest.fixture(scope="module")
def smollm2_dir() -> Path:
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "convert_gguf.py")], capture_output=True, text=True,
                         check=True)
    return Path(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, smollm2_dir) -> Path:
    """One run of the three configs, --limit 3, with data/ laid out as the configs expect."""
    cwd = tmp_path_factory.mktemp("bpb")
    humaneval = ROOT / "data" / "humaneval"
    if not (humaneval / "human-eval-v2-20210705.jsonl").exists():
        subprocess.run([sys.executable, str(ROOT / "tools" / "build_humaneval.py")], check=True, cwd=ROOT)
    (cwd / "data" / "wikitext").mkdir(parents=True)
    (cwd / "data" / "humaneval").symlink_to(humaneval)
    (cwd / "data" / "truthfulqa").symlink_to(FIXTURES / "truthfulqa")
    (cwd / "data" / "wikitext" / "wikitext-2-raw").symlink_to(FIXTURES / "wikitext" / "wikitext-2-raw")
    proc = run_cli("--datasets", "humaneval_bpb", "wikitext_bpb", "truthfulqa_mc2_ll", "--hf-path", str(smollm2_dir),
                   "--hf-type", "base", "--batch-size", "4", "--limit", "3", "-w", "out", cwd=cwd, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (run,) = (cwd / "out").iterdir()
    return run


def predictions(run: Path, dataset: str) -> list[dict]:
    lines = (run / "predictions" / MODEL / f"{dataset}.jsonl").read_text().splitlines()[1:]
    return sorted((json.loads(line) for line in lines), key=lambda r: r["index"])  # written longest first


def result(run: Path, dataset: str) -> dict:
    return json.loads((run / "results" / MODEL / f"{dataset}.json").read_text())


def test_summary_has_finite_bits_per_byte_and_mc2(run_dir):
    table = pd.read_csv(next((run_dir / "summary").glob("summary_*.csv")))
    rows = {d: (m, mode, float(v)) for d, m, mode, v in
            zip(table["dataset"], table["metric"], table["mode"], table[MODEL], strict=True)}
    assert rows.keys() == {"openai_humaneval-bpb", "wikitext-2-raw", "truthfulqa-mc2"}
    for name in ("openai_humaneval-bpb", "wikitext-2-raw"):
        metric, mode, value = rows[name]
        assert (metric, mode) == ("bits_per_byte", "ll") and math.isfinite(value) and 0.05 < value < 4
    assert rows["truthfulqa-mc2"][:2] == ("mc2", "ll") and 0 < rows["truthfulqa-mc2"][2] < 100


def test_bits_per_byte_is_the_corpus_sum_of_the_predictions(run_dir):
    preds = [p["prediction"] for p in predictions(run_dir, "openai_humaneval-bpb")]
    assert len(preds) == 3 and all(p["num_windows"] == 1 and p["num_tokens"] > 0 for p in preds)
    metrics = result(run_dir, "openai_humaneval-bpb")["metrics"]
    expected = sum(p["nll"] for p in preds) / (math.log(2) * sum(p["num_bytes"] for p in preds))
    assert metrics["bits_per_byte"] == pytest.approx(expected, rel=1e-12)
    assert metrics["perplexity"] == pytest.approx(math.exp(sum(p["nll"] for p in preds) / sum(p["num_tokens"] for p in preds)))
    wiki = predictions(run_dir, "wikitext-2-raw")
    assert wiki[0]["prediction"]["num_windows"] == 2 and wiki[0]["prompt"] == ""  # 3.5 KB > 2046 bytes per piece
    pages = result(run_dir, "wikitext-2-raw")
    page_bytes = sum(d["num_bytes"] for d in pages["details"])  # counted on the raw page, as lm-eval
    assert page_bytes > sum(p["prediction"]["num_bytes"] for p in wiki)
    assert pages["metrics"]["bits_per_byte"] == pytest.approx(
        sum(p["prediction"]["nll"] for p in wiki) / (math.log(2) * page_bytes), rel=1e-12)


def test_mc2_equals_a_hand_computation_from_the_prediction_scores(run_dir):
    records = predictions(run_dir, "truthfulqa-mc2")
    assert [sorted(r["scores"]) for r in records] == [list("ABCDE"), list("ABC"), list("ABCD")]  # own choices only
    by_hand = []
    for r in records:  # the fixture's true answers are A and B for every question
        p = {label: math.exp(s) for label, s in r["scores"].items()}
        by_hand.append(100 * (p["A"] + p["B"]) / sum(p.values()))
    assert result(run_dir, "truthfulqa-mc2")["metrics"]["mc2"] == pytest.approx(sum(by_hand) / 3, abs=1e-9)
