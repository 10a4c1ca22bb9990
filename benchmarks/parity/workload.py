"""The fixed benchmark workload shared by the parity, speed and memory benchmarks.

200 real MMLU test questions: the first 40 of five subjects (the demo subjects), read from
``data/mmlu`` (``python tools/build_mmlu.py``). The same rows feed lm-evaluation-harness (as a local
jsonl with a custom task yaml) and opencompass_lite (its own MMLU reader with ``limit = 40``), so
both see the same questions in the same order with the same prompt text.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SUBJECTS = ("abstract_algebra", "college_physics", "high_school_geography", "marketing", "world_religions")
PER_SUBJECT = 40
SHOTS = 5  # the few-shot setup: the first five dev questions of the subject
WORK = Path(os.environ.get("OCL_PARITY_DIR", "/tmp/ocl-parity"))
LMEVAL_VENV = WORK / "venv-lmeval"
OFFLINE_ENV = {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
               "TOKENIZERS_PARALLELISM": "false"}
LL_HINT = "The following are multiple choice questions (with answers) about {subject}.\n\n"
LL_QUESTION = "{input}\nA. {A}\nB. {B}\nC. {C}\nD. {D}\nAnswer:"
GEN_HINT = "There is a single choice question about {subject}. Answer the question by replying A, B, C or D."
GEN_QUESTION = "\nQuestion: {input}\nA. {A}\nB. {B}\nC. {C}\nD. {D}\nAnswer: "


def model_dir() -> str:
    """The converted SmolLM2-135M-Instruct HF folder (what ``tools/convert_gguf.py`` prints)."""
    out = subprocess.run([sys.executable, str(REPO / "tools" / "convert_gguf.py")], capture_output=True,
                         text=True, check=True, cwd=REPO)
    return out.stdout.strip().splitlines()[-1]


def _csv_rows(subject: str, split: str, limit: int) -> list[dict]:
    path = REPO / "data" / "mmlu" / split / f"{subject}_{split}.csv"
    if not path.is_file():
        raise SystemExit(f"workload: {path} is missing; run `python tools/build_mmlu.py`")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(itertools.islice(csv.reader(f), limit))
    return [dict(zip(("input", "A", "B", "C", "D", "target"), r[:6], strict=True)) for r in rows]


def questions() -> list[dict]:
    """The 200 rows, in subject order then file order, with the exact ll (0- and 5-shot) and gen prompts.

    ``prompt5`` is lm-eval's MMLU few-shot layout: the hint, then the subject's five dev questions each
    followed by `` <answer>`` and a blank line (lm-eval's ``\n\n`` few-shot delimiter, OpenCompass's ``\n`` after each
    in-context example ending in ``\n``), then the question; our ``ll`` 5-shot config renders the same text.
    """
    rows = []
    for subject in SUBJECTS:
        name = subject.replace("_", " ")
        hint = LL_HINT.format(subject=name)
        shots = "".join(LL_QUESTION.format(**d) + f" {d['target']}\n\n" for d in _csv_rows(subject, "dev", SHOTS))
        for i, fields in enumerate(_csv_rows(subject, "test", PER_SUBJECT)):
            question = LL_QUESTION.format(**fields)
            rows.append(dict(subject=subject, index=i, answer="ABCD".index(fields["target"]),
                             prompt=hint + question, prompt5=hint + shots + question,
                             gen_prompt=GEN_HINT.format(subject=name) + GEN_QUESTION.format(**fields)))
    return rows


def write_jsonl(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in questions()), encoding="utf-8")
    return path


def timed(cmd: list[str], log: Path, cwd: Path | None = None) -> float:
    """Wall seconds of one process, start to exit (results written), with offline env; log kept."""
    return measured(cmd, log, cwd)[0]


def measured(cmd: list[str], log: Path, cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB summed over the process tree, polled every 0.1 s) of one run."""
    import psutil

    env = {**os.environ, **OFFLINE_ENV}
    log.parent.mkdir(parents=True, exist_ok=True)
    peak = 0
    start = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        proc = psutil.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc))
            time.sleep(0.1)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"workload: {' '.join(cmd[:4])} ... exited {proc.returncode}; log {log}:\n{tail}")
    return wall, peak / 2**20


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:  # exited between listing and reading
            pass
    return total


def load_avg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())
