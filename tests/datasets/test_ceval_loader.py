"""CEvalDataset on the committed synthetic fixture (all 52 subjects) and on malformed files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opencompass_lite.datasets.ceval import load_ceval
from opencompass_lite.errors import DataError

REPO = Path(__file__).resolve().parents[2]
CEVAL_FIXTURE = REPO / "tests/fixtures/ceval/formal_ceval"
SUBJECTS = list(json.loads((REPO / "configs/datasets/ceval/ceval_subject_mapping.json").read_text(encoding="utf-8")))
COLUMNS = {"id", "question", "A", "B", "C", "D", "answer", "explanation"}


def test_mapping_has_the_52_subjects():
    assert len(SUBJECTS) == 52 and "law" in SUBJECTS and "physician" in SUBJECTS


@pytest.mark.parametrize("subject", SUBJECTS)
def test_every_subject_loads_each_split(subject, ceval_spec):
    val = load_ceval(ceval_spec(CEVAL_FIXTURE, subject))
    test = load_ceval(ceval_spec(CEVAL_FIXTURE, subject, test_split="test"))
    assert (len(val.train), len(val.test), len(test.test)) == (5, 3, 2)
    assert all(set(r) == COLUMNS for r in [*val.train, *val.test, *test.test])
    assert all(r["answer"] in ("A", "B", "C", "D") for r in [*val.train, *val.test])
    assert all(r["explanation"] for r in val.train) and not any(r["explanation"] for r in val.test)
    assert all(r["answer"] == "" for r in test.test)  # test answers are not published


def test_missing_file_says_where_ceval_goes(tmp_path, ceval_spec):
    with pytest.raises(DataError) as e:
        load_ceval(ceval_spec(tmp_path / "formal_ceval", "law"))
    msg = str(e.value)
    assert f"{tmp_path / 'formal_ceval' / 'dev' / 'law_dev.csv'} not found" in msg
    assert "ceval-exam.zip" in msg and f"{tmp_path / 'formal_ceval'}/val/<subject>_val.csv exists" in msg


def test_missing_split_file_is_named(tmp_path, ceval_spec):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "law_dev.csv").write_text("id,question,A,B,C,D,answer\n0,q,a,b,c,d,A\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"val/law_val.csv not found"):
        load_ceval(ceval_spec(tmp_path, "law"))


def test_header_without_question_columns_is_rejected(tmp_path, ceval_spec):
    for split in ("dev", "val"):
        (tmp_path / split).mkdir()
        (tmp_path / split / f"law_{split}.csv").write_text("id,stem,A,B,C,answer\n0,q,a,b,c,A\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"law_dev.csv: columns \['question', 'D'\] missing"):
        load_ceval(ceval_spec(tmp_path, "law"))


def test_non_utf8_file_is_a_data_error(tmp_path, ceval_spec):
    for split in ("dev", "val"):
        (tmp_path / split).mkdir()
        (tmp_path / split / f"law_{split}.csv").write_bytes("id,question,A,B,C,D\n0,法学,a,b,c,d\n".encode("gbk"))
    with pytest.raises(DataError, match="not UTF-8"):
        load_ceval(ceval_spec(tmp_path, "law"))
