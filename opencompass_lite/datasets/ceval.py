"""C-Eval in OpenCompass's layout: ``<path>/{dev,val,test}/<subject>_<split>.csv`` with a header.

Headers are ``id,question,A,B,C,D`` plus ``answer`` (dev, val) and ``explanation`` (dev). Test
answers are not published, so a missing ``answer``/``explanation`` reads as ``''``: every split then
has the same columns and the test split still loads (for submission-style runs).
"""

from __future__ import annotations

from pathlib import Path

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, read_csv, split_file
from opencompass_lite.errors import DataError
from opencompass_lite.registry import DATASETS

CEVAL_REQUIRED = ("question", "A", "B", "C", "D")
CEVAL_OPTIONAL = ("id", "answer", "explanation")


def _hint(spec: DatasetSpec) -> str:
    return ("download C-Eval (ceval-exam.zip from the C-Eval project or OpenCompass's data release) and unzip it "
            f"so that {spec.path}/val/<subject>_val.csv exists")


def _rows(path: Path) -> list[Row]:
    rows = read_csv(path)
    missing = [c for c in CEVAL_REQUIRED if rows and c not in rows[0]]
    if missing:
        raise DataError(f"{path}: columns {missing} missing (have {sorted(k for k in rows[0] if k)}); "
                        "expected the C-Eval header id,question,A,B,C,D[,answer,explanation]")
    return [{**row, **{c: row.get(c) or "" for c in CEVAL_OPTIONAL}} for row in rows]


def _split(spec: DatasetSpec, split: str) -> list[Row]:
    return _rows(split_file(spec, f"{split}/{spec.name}_{split}.csv", _hint(spec)))


@DATASETS.register("CEvalDataset")
def load_ceval(spec: DatasetSpec) -> Splits:
    """Few-shot rows from ``reader.train_split`` (``dev``), scored rows from ``reader.test_split`` (``val``)."""
    return Splits(train=_split(spec, spec.reader.train_split), test=_split(spec, spec.reader.test_split))


CEvalDataset = load_ceval  # the name configs use: ``type=CEvalDataset``
