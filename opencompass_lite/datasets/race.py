"""RACE in OpenCompass's layout: ``<path>/{validation,test}/{middle,high}.jsonl``, ``path='data/race'``.

Records are ``{"article", "question", "options": [4 strings], "answer": "A"-"D"}``; rows spread the
options into ``A``-``D``. ``name`` picks the middle- or high-school part.
"""

from __future__ import annotations

from pathlib import Path

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, read_jsonl, split_file
from opencompass_lite.datasets.common import per_split, require
from opencompass_lite.errors import DataError
from opencompass_lite.registry import DATASETS

RACE_HINT = ("download race.zip from OpenCompass's data release (or convert RACE from its authors' release) "
             "so that data/race/{validation,test}/{middle,high}.jsonl exist")


def _rows(path: Path) -> list[Row]:
    rows = []
    for i, r in enumerate(read_jsonl(path), 1):
        require(f"{path}:{i}", r, {"article": str, "question": str, "options": list, "answer": str})
        if len(r["options"]) != 4:
            raise DataError(f"{path}:{i}: expected 4 options, found {len(r['options'])}; fix or re-download the file")
        rows.append({"article": r["article"], "question": r["question"],
                     **dict(zip("ABCD", r["options"], strict=True)), "answer": r["answer"]})
    return rows


@DATASETS.register("RaceDataset")
def load_race(spec: DatasetSpec) -> Splits:
    return per_split(spec, lambda split: _rows(split_file(spec, f"{split}/{spec.name}.jsonl", RACE_HINT)))


RaceDataset = load_race  # the name configs use: ``type=RaceDataset``
