"""tools/make_ceval_fixture.py: the committed fixture is exactly what the tool writes, and consistent."""

from __future__ import annotations

import csv
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CEVAL_FIXTURE = REPO / "tests/fixtures/ceval/formal_ceval"


def _files(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_committed_fixture_matches_a_fresh_run(tmp_path, make_ceval_fixture, capsys):
    assert make_ceval_fixture.main(["--out", str(tmp_path / "formal_ceval")]) == 0
    assert "52 subjects, 520 synthetic rows" in capsys.readouterr().out
    assert _files(tmp_path / "formal_ceval") == _files(CEVAL_FIXTURE)


def test_answers_agree_with_the_arithmetic():
    ops = {"加": lambda a, b: a + b, "减": lambda a, b: a - b, "乘以": lambda a, b: a * b}
    checked, letters = 0, set()
    for split in ("dev", "val"):
        for path in sorted((CEVAL_FIXTURE / split).glob("*.csv")):
            with open(path, encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    assert row["question"].startswith("【合成题】")
                    a, op, b = re.search(r"练习：(\d+)(加|减|乘以)(\d+)等于", row["question"]).groups()
                    options = [row[c] for c in "ABCD"]
                    assert len(set(options)) == 4 and row[row["answer"]] == str(ops[op](int(a), int(b)))
                    checked += 1
                    letters.add(row["answer"])
    assert checked == 52 * 8 and letters == {"A", "B", "C", "D"}


def test_bad_mapping_is_a_one_line_error(tmp_path, make_ceval_fixture, capsys):
    bad = tmp_path / "m.json"
    bad.write_text('{"law": ["Law", "法学"]}', encoding="utf-8")
    assert make_ceval_fixture.main(["--out", str(tmp_path / "o"), "--mapping", str(bad)]) == 2
    assert "need [english, chinese, category]" in capsys.readouterr().err
    assert make_ceval_fixture.main(["--out", str(tmp_path / "o"), "--mapping", str(tmp_path / "none.json")]) == 2
    assert "cannot read the C-Eval subject mapping" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    assert (REPO / "configs/datasets/ceval/ceval_subject_mapping.json").is_file()
