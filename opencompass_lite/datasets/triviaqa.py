"""TriviaQA in OpenCompass's layout: ``<path>/trivia-{dev,test}.qa.csv``, ``path='data/triviaqa'``.

Each line is ``<question>\\t<Python list of answer aliases>`` (no header). ``answer`` is the alias
list (evaluators accept any alias). Lists are parsed with ``ast.literal_eval``, never ``eval``.
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path
from typing import Any

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, split_file
from opencompass_lite.datasets.common import per_split
from opencompass_lite.errors import DataError
from opencompass_lite.registry import DATASETS

TRIVIAQA_HINT = ("download triviaqa.zip from OpenCompass's data release so that data/triviaqa/trivia-dev.qa.csv "
                 "and trivia-test.qa.csv exist")


def aliases(cell: str, where: str) -> list[str]:
    """``"['Paris', 'paris']"`` → ``['Paris', 'paris']``; a nested list (test file) → its first list."""
    try:
        value: Any = ast.literal_eval(cell)
    except (ValueError, SyntaxError) as e:
        raise DataError(f"{where}: answer column is not a Python list literal ({e}); fix or re-download the file") from e
    if isinstance(value, list) and value and isinstance(value[0], list):
        value = value[0]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise DataError(f"{where}: answer column must be a non-empty list of aliases; fix or re-download the file")
    return [str(v) for v in value]


def _rows(path: Path) -> list[Row]:
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for lineno, rec in enumerate(csv.reader(f, delimiter="\t"), 1):
            if len(rec) != 2:
                raise DataError(f"{path}:{lineno}: expected 2 tab-separated columns (question, answers), "
                                f"found {len(rec)}; fix or re-download the file")
            rows.append({"question": rec[0], "answer": aliases(rec[1], f"{path}:{lineno}")})
    return rows


@DATASETS.register("TriviaQADataset")
def load_triviaqa(spec: DatasetSpec) -> Splits:
    return per_split(spec, lambda split: _rows(split_file(spec, f"trivia-{split}.qa.csv", TRIVIAQA_HINT)))


TriviaQADataset = load_triviaqa  # the name configs use: ``type=TriviaQADataset``
