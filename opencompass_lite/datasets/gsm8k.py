"""GSM8K in OpenCompass's layout: ``<path>/{train,test}.jsonl`` with ``question`` and ``answer``.

``answer`` is the reference solution ending in ``#### <number>`` (``gsm8k_dataset_postprocess``
keeps the number). Rows also carry ``cot``: the same solution without the ``<<48/2=24>>`` calculator
annotations and ending in ``The answer is <number>``, the chain-of-thought form few-shot examples show.
"""

from __future__ import annotations

import re
from pathlib import Path

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, read_jsonl, split_file
from opencompass_lite.datasets.common import per_split, require
from opencompass_lite.registry import DATASETS

GSM8K_HINT = ("download train.jsonl and test.jsonl from grade_school_math/data of the GSM8K repository "
              "(or OpenCompass's data release) into data/gsm8k/")


def gsm8k_cot(answer: str) -> str:
    """``"... <<2*3=6>>6 apples\\n#### 6"`` → ``"... 6 apples\\nThe answer is 6"``."""
    text = re.sub(r"<<[^<>]*>>", "", answer)
    return re.sub(r"\n?####\s*(.+?)\s*$", lambda m: f"\nThe answer is {m.group(1)}", text)


def _rows(path: Path) -> list[Row]:
    rows = []
    for i, r in enumerate(read_jsonl(path), 1):
        require(f"{path}:{i}", r, {"question": str, "answer": str})
        rows.append({"question": r["question"], "answer": r["answer"], "cot": gsm8k_cot(r["answer"])})
    return rows


@DATASETS.register("GSM8KDataset")
def load_gsm8k(spec: DatasetSpec) -> Splits:
    return per_split(spec, lambda split: _rows(split_file(spec, f"{split}.jsonl", GSM8K_HINT)))


GSM8KDataset = load_gsm8k  # the name configs use: ``type=GSM8KDataset``
