"""Helpers shared by the benchmark loaders: whole-file JSON and "one file per split" layouts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits
from opencompass_lite.errors import DataError


def read_json(path: Path) -> Any:
    """A whole JSON file (GAOKAO-Bench, BBH, MATH and TruthfulQA ship one document per file)."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise DataError(f"{path}:{e.lineno}: invalid JSON ({e.msg}); fix or re-download the file") from e
    except UnicodeDecodeError as e:
        raise DataError(f"{path}: not UTF-8 ({e}); re-save the file as UTF-8") from e


def per_split(spec: DatasetSpec, read: Callable[[str], list[Row]]) -> Splits:
    """``train`` and ``test`` from ``read(split)``; a split named twice (zero-shot configs) is read once."""
    test = read(spec.reader.test_split)
    train = test if spec.reader.train_split == spec.reader.test_split else read(spec.reader.train_split)
    return Splits(train=train, test=test)


def require(where: str, record: Any, fields: dict[str, type | tuple[type, ...]]) -> None:
    """Each named field of one record (``where``: file and line or item) has the expected type."""
    if not isinstance(record, dict):
        raise DataError(f"{where}: expected a JSON object, got {type(record).__name__}; fix or re-download the file")
    bad = [k for k, t in fields.items() if not isinstance(record.get(k), t)]
    if bad:
        raise DataError(f"{where}: fields {bad} missing or of the wrong type; fix or re-download the file")
