"""The fixed benchmark workload shared by the parity, speed and memory benchmarks.

200 real MMLU test questions: the first 40 of five subjects (the demo subjects), read from
``data/mmlu`` (``python tools/build_mmlu.py``). The same rows feed lm-evaluation-harness (as a local
jsonl with a custom task yaml) and opencompass_lite (its own MMLU reader with ``limit = 40``), so
both see the same questions in the same order with the same prompt text.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SUBJECTS = ("abstract_algebra", "college_physics", "high_school_geography", "marketing", "world_religions")
PER_SUBJECT = 40
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


def questions() -> list[dict]:
    """The 200 rows, in subject order then file order, with the exact ll and gen prompts."""
    rows = []
    for subject in SUBJECTS:
        path = REPO / "data" / "mmlu" / "test" / f"{subject}_test.csv"
        if not path.is_file():
            raise SystemExit(f"workload: {path} is missing; run `python tools/build_mmlu.py`")
        with open(path, newline="", encoding="utf-8") as f:
            for i, row in enumerate(csv.reader(f)):
                if i == PER_SUBJECT:
                    break
                fields = dict(zip(("input", "A", "B", "C", "D"), row[:5], strict=True))
                name = subject.replace("_", " ")
                rows.append(dict(subject=subject, index=i, answer="ABCD".index(row[5]),
                                 prompt=LL_HINT.format(subject=name) + LL_QUESTION.format(**fields),
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
