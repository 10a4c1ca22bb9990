"""MMLUDataset on data built by tools/build_mmlu.py, and its errors."""

from __future__ import annotations

import pytest

from opencompass_lite.datasets.mmlu import load_mmlu
from opencompass_lite.errors import DataError


def test_loads_dev_as_train_and_test_as_test(built_mmlu, mmlu_spec):
    splits = load_mmlu(mmlu_spec(built_mmlu, "abstract_algebra"))
    assert len(splits.train) == 5 and len(splits.test) == 95
    assert list(splits.test[0]) == ["input", "A", "B", "C", "D", "target"]
    assert splits.train[0]["target"] in "ABCD" and splits.test[0]["input"]


def test_splits_follow_reader_cfg(built_mmlu, mmlu_spec):
    splits = load_mmlu(mmlu_spec(built_mmlu, "virology", train_split="test", test_split="dev"))
    assert (len(splits.train), len(splits.test)) == (166 - 5, 5)


def test_missing_file_says_how_to_build_it(tmp_path, mmlu_spec):
    with pytest.raises(DataError) as e:
        load_mmlu(mmlu_spec(tmp_path / "mmlu", "anatomy"))
    msg = str(e.value)
    assert f"{tmp_path / 'mmlu' / 'dev' / 'anatomy_dev.csv'} not found" in msg
    assert "python tools/build_mmlu.py" in msg and "OpenCompass's data/mmlu" in msg


def test_wrong_column_count_is_a_data_error(tmp_path, mmlu_spec):
    for split in ("dev", "test"):
        (tmp_path / split).mkdir()
        (tmp_path / split / f"x_{split}.csv").write_text("q,a,b,c,d,A\nq,a,b,c,d\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"x_dev.csv:2: expected 6 columns"):
        load_mmlu(mmlu_spec(tmp_path, "x"))
