"""Write a small SYNTHETIC C-Eval fixture in OpenCompass's layout, for tests and offline demos.

    python tools/make_ceval_fixture.py [--out tests/fixtures/ceval/formal_ceval] [--mapping JSON]

For each of the 52 subjects in ``configs/datasets/ceval/ceval_subject_mapping.json`` it writes
``{dev,val,test}/<subject>_{split}.csv`` with 5/3/2 project-made arithmetic questions in Chinese,
headers as in the real release (dev: ``id,question,A,B,C,D,answer,explanation``; val: no
explanation; test: no answer). These are NOT C-Eval questions: every question starts with
``【合成题】`` and ``NOTICE.txt`` says so. Output is deterministic (seeded per subject/split/row).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

from opencompass_lite.errors import DataError, OCLError

REPO = Path(__file__).resolve().parents[1]
SPLIT_ROWS = {"dev": 5, "val": 3, "test": 2}
HEADERS = {
    "dev": ["id", "question", "A", "B", "C", "D", "answer", "explanation"],
    "val": ["id", "question", "A", "B", "C", "D", "answer"],
    "test": ["id", "question", "A", "B", "C", "D"],
}
OPS = {"加": lambda a, b: a + b, "减": lambda a, b: a - b, "乘以": lambda a, b: a * b}
NOTICE = ("合成测试数据，并非 C-Eval 原题。Synthetic test fixture in C-Eval's layout, written by "
          "tools/make_ceval_fixture.py; NOT C-Eval questions. Real data: data/ceval/formal_ceval.\n")


def question_row(subject: str, ch_name: str, split: str, index: int) -> dict[str, str]:
    """One question whose answer letter is consistent with its options and explanation."""
    rng = random.Random(f"{subject}/{split}/{index}")
    op = rng.choice(sorted(OPS))
    a, b = rng.randint(2, 99), rng.randint(2, 12 if op == "乘以" else 99)
    value = OPS[op](a, b)
    wrong = rng.sample((value + 1, value - 1, value + 2, value - 2, value + 10, value - 10), 3)
    options = [str(v) for v in wrong]
    letter_index = rng.randrange(4)
    options.insert(letter_index, str(value))
    letter = "ABCD"[letter_index]
    return {
        "id": str(index),
        "question": f"【合成题】{ch_name}练习：{a}{op}{b}等于多少？____",
        **dict(zip("ABCD", options, strict=True)),
        "answer": letter,
        "explanation": f"合成题：{a}{op}{b}得{value}，故选{letter}。",
    }


def load_mapping(path: Path) -> dict[str, list[str]]:
    try:
        mapping = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise DataError(f"{path}: cannot read the C-Eval subject mapping ({e}); pass --mapping") from e
    bad = [s for s, v in mapping.items() if not (isinstance(v, list) and len(v) == 3)]
    if bad:
        raise DataError(f"{path}: subjects {bad[:3]} need [english, chinese, category]; fix the mapping")
    return mapping


def write_fixture(out: Path, mapping: dict[str, list[str]]) -> int:
    """Write every subject × split; return the number of rows written."""
    rows_written = 0
    for split, n in SPLIT_ROWS.items():
        (out / split).mkdir(parents=True, exist_ok=True)
        for subject, (_, ch_name, _) in mapping.items():
            rows = [question_row(subject, ch_name, split, i) for i in range(n)]
            with open(out / split / f"{subject}_{split}.csv", "w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, HEADERS[split], extrasaction="ignore", lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
            rows_written += n
    (out / "NOTICE.txt").write_text(NOTICE, encoding="utf-8")
    return rows_written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "tests/fixtures/ceval/formal_ceval")
    parser.add_argument("--mapping", type=Path, default=REPO / "configs/datasets/ceval/ceval_subject_mapping.json")
    args = parser.parse_args(argv)
    try:
        mapping = load_mapping(args.mapping)
        rows = write_fixture(args.out, mapping)
    except OCLError as e:
        print(e, file=sys.stderr)
        return 2
    print(f"make_ceval_fixture: {len(mapping)} subjects, {rows} synthetic rows -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
