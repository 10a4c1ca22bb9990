"""HellaSwag in OpenCompass's layout: ``<path>/hellaswag.jsonl`` (the 10,042 validation rows) and
``<path>/hellaswag_train_sampled25.jsonl`` (25 train rows for few-shot), ``path='data/hellaswag'``.

Records are ``{"query": "<activity>: <context>", "choices": [4 endings], "gold": 0-3}``. As
OpenCompass's ``hellaswagDataset_V2``: ``ctx`` drops the activity label before the first ``": "``,
the endings are ``A``-``D`` and ``label`` is the gold letter (ppl and gen configs share it).
"""

from __future__ import annotations

from pathlib import Path

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, read_jsonl, split_file
from opencompass_lite.datasets.common import per_split, require
from opencompass_lite.errors import ConfigError, DataError
from opencompass_lite.registry import DATASETS

HELLASWAG_FILES = {"validation": "hellaswag.jsonl", "val": "hellaswag.jsonl",
                   "train": "hellaswag_train_sampled25.jsonl"}
HELLASWAG_HINT = ("download hellaswag.zip from OpenCompass's data release and unzip it so that "
                  "data/hellaswag/hellaswag.jsonl exists")


def _rows(path: Path) -> list[Row]:
    rows = []
    for i, r in enumerate(read_jsonl(path), 1):
        require(f"{path}:{i}", r, {"query": str, "choices": list, "gold": int})
        if len(r["choices"]) != 4 or not 0 <= r["gold"] < 4:
            raise DataError(f"{path}:{i}: expected 4 choices and gold 0-3; fix or re-download the file")
        rows.append({"ctx": r["query"].split(": ", 1)[-1], **dict(zip("ABCD", r["choices"], strict=True)),
                     "label": "ABCD"[r["gold"]]})
    return rows


def _split(spec: DatasetSpec, split: str) -> list[Row]:
    if split not in HELLASWAG_FILES:
        raise ConfigError(f"dataset {spec.abbr!r}: split {split!r} unknown; use one of {sorted(HELLASWAG_FILES)}")
    return _rows(split_file(spec, HELLASWAG_FILES[split], HELLASWAG_HINT))


@DATASETS.register("HellaswagDataset", "hellaswagDataset_V2")
def load_hellaswag(spec: DatasetSpec) -> Splits:
    return per_split(spec, lambda split: _split(spec, split))


HellaswagDataset = load_hellaswag  # the name configs use: ``type=HellaswagDataset``
