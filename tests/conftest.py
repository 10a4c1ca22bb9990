"""Shared fixtures: tiny MMLU-layout data and experiment configs written into tmp dirs."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def write_mmlu(root: Path, subjects: dict[str, int]) -> Path:
    """``root/mmlu/{dev,test}/<subject>_<split>.csv`` with ``n`` test rows per subject."""
    for subject, n in subjects.items():
        for split, count in (("dev", 5), ("test", n)):
            path = root / "mmlu" / split / f"{subject}_{split}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", newline="") as f:
                w = csv.writer(f)
                for i in range(count):
                    w.writerow([f"{subject} {split} question {i}: {i} + {i} = ?", str(2 * i), str(2 * i + 1),
                                str(i), str(i * i + 3), "ABCD"[i % 4]])
    return root / "mmlu"


def dataset_py(abbr: str, subject: str, path: Path, mode: str = "gen") -> str:
    """A dataset dict in OpenCompass vocabulary (types by registered name)."""
    q = "{input}\\nA. {A}\\nB. {B}\\nC. {C}\\nD. {D}\\nAnswer:"
    if mode == "gen":
        prompt = f"dict(type='PromptTemplate', template='{q}')"
        inferencer = "dict(type='GenInferencer', max_out_len=4)"
    else:
        prompt = "dict(type='PromptTemplate', template={l: '" + q + " ' + l for l in 'ABCD'})"
        inferencer = f"dict(type='{'PPLInferencer' if mode == 'ppl' else 'LLInferencer'}')"
    return (f"dict(abbr='{abbr}', type='MMLUDataset', path='{path}', name='{subject}', "
            f"reader_cfg=dict(input_columns=['input','A','B','C','D'], output_column='target', "
            f"train_split='dev', test_split='test'), "
            f"infer_cfg=dict(prompt_template={prompt}, retriever=dict(type='ZeroRetriever'), inferencer={inferencer}), "
            f"eval_cfg=dict(evaluator=dict(type='AccEvaluator'), pred_postprocessor=dict(type='first_capital_postprocess')))")


FAKE_MODEL = ("dict(type='FakeModel', abbr='fake', path='fake', batch_size=2, max_out_len=4, "
              "model_kwargs=dict(default='B'))")


def write_config(path: Path, models: list[str], datasets: list[str], extra: str = "") -> Path:
    path.write_text(f"models = [{', '.join(models)}]\ndatasets = [{', '.join(datasets)}]\n{extra}")
    return path


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run ``python run.py ARGS`` for real, in a subprocess."""
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1", **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "run.py"), *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def mmlu_dir(tmp_path: Path) -> Path:
    return write_mmlu(tmp_path / "data", {"algebra": 6, "geography": 4})
