"""GAOKAO-Bench multiple-choice subsets in OpenCompass's layout:
``<path>/Multiple-choice_Questions/<keyword>.json`` with ``path='data/GAOKAO-BENCH/data'``.

A file is ``{"keywords": ..., "example": [{"question", "answer": [...], "year", "score", ...}]}``.
``answer`` stays a list: one letter for a single-choice question, one string of letters for a
multiple-answer question (``["BD"]``), one letter per sub-question otherwise (``["A", "C", "B"]``);
``GaokaoBenchEvaluator`` scores each element. The single file serves both splits (zero-shot).
"""

from __future__ import annotations

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Splits, split_file
from opencompass_lite.datasets.common import read_json, require
from opencompass_lite.errors import DataError
from opencompass_lite.registry import DATASETS

GAOKAO_FOLDER = "Multiple-choice_Questions"
GAOKAO_HINT = ("download GAOKAO-Bench (OpenCompass's data release, or data/ of the GAOKAO-Bench repository) so "
               f"that data/GAOKAO-BENCH/data/{GAOKAO_FOLDER}/<keyword>.json exist")


@DATASETS.register("GaokaoBenchDataset")
def load_gaokao(spec: DatasetSpec) -> Splits:
    path = split_file(spec, f"{GAOKAO_FOLDER}/{spec.name}.json", GAOKAO_HINT)
    data = read_json(path)
    examples = data.get("example") if isinstance(data, dict) else None
    if not isinstance(examples, list):
        raise DataError(f"{path}: no 'example' list; expected GAOKAO-Bench's {{\"example\": [...]}} file")
    rows = []
    for i, record in enumerate(examples):
        require(f"{path}: example[{i}]", record, {"question": str, "answer": list})
        rows.append({**record, "answer": [str(a) for a in record["answer"]]})
    return Splits(train=rows, test=rows)


GaokaoBenchDataset = load_gaokao  # the name configs use: ``type=GaokaoBenchDataset``
