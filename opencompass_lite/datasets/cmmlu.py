"""CMMLU in OpenCompass's layout: ``<path>/{dev,test}/<subject>.csv``.

The files have a header ``,Question,A,B,C,D,Answer`` (the first column is a row number). Rows are
renamed to OpenCompass's reader columns ``question, A, B, C, D, answer``. 5-shot configs take the
in-context examples from ``dev`` (5 rows per subject) and score ``test``.
"""

from __future__ import annotations

from pathlib import Path

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, read_csv, split_file
from opencompass_lite.datasets.common import per_split
from opencompass_lite.errors import DataError
from opencompass_lite.registry import DATASETS

CMMLU_HEADER = ("Question", "A", "B", "C", "D", "Answer")
CMMLU_HINT = ("download CMMLU (cmmlu_v1_0_1.zip from the CMMLU project or OpenCompass's data release) and unzip "
              "it so that data/cmmlu/{dev,test}/<subject>.csv exist")


def _rows(path: Path) -> list[Row]:
    rows = read_csv(path)
    missing = [c for c in CMMLU_HEADER if rows and c not in rows[0]]
    if missing:
        raise DataError(f"{path}: columns {missing} missing (have {sorted(k for k in rows[0] if k)}); "
                        "expected the CMMLU header ,Question,A,B,C,D,Answer")
    return [{"question": r["Question"], "A": r["A"], "B": r["B"], "C": r["C"], "D": r["D"],
             "answer": r["Answer"].strip()} for r in rows]


@DATASETS.register("CMMLUDataset")
def load_cmmlu(spec: DatasetSpec) -> Splits:
    return per_split(spec, lambda split: _rows(split_file(spec, f"{split}/{spec.name}.csv", CMMLU_HINT)))


CMMLUDataset = load_cmmlu  # the name configs use: ``type=CMMLUDataset``
