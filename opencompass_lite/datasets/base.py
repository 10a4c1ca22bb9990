"""Dataset loading: a registered loader turns a ``DatasetSpec`` into train/test rows.

A benchmark module is a path convention plus a record → row mapping (20–60 lines), e.g.::

    @DATASETS.register("MMLUDataset")
    def load_mmlu(spec: DatasetSpec) -> Splits:
        def split(s): return read_csv(split_file(spec, f"{s}/{spec.name}_{s}.csv", HINT), MMLU_COLUMNS)
        return Splits(train=split(spec.reader.train_split), test=split(spec.reader.test_split))

Rows are plain dicts keyed by column name; templates reference them as ``{column}``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.errors import DataError

Row = dict[str, Any]


@dataclass(frozen=True)
class Splits:
    train: list[Row]
    test: list[Row]


def split_file(spec: DatasetSpec, relative: str, hint: str) -> Path:
    """``spec.path / relative``, or a DataError saying where the file goes and how to get it."""
    path = Path(spec.path) / relative
    if not path.is_file():
        raise DataError(f"{spec.abbr}: data file {path} not found; {hint}")
    return path


def read_csv(path: Path, columns: Sequence[str] | None = None) -> list[Row]:
    """Rows of a CSV file. ``columns=None``: the file has a header; else the file has none."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            if columns is None:
                return [dict(r) for r in csv.DictReader(f)]
            rows = []
            for lineno, rec in enumerate(csv.reader(f), 1):
                if len(rec) != len(columns):
                    raise DataError(f"{path}:{lineno}: expected {len(columns)} columns ({', '.join(columns)}), "
                                    f"found {len(rec)}; fix or rebuild the file")
                rows.append(dict(zip(columns, rec, strict=True)))
            return rows
    except UnicodeDecodeError as e:
        raise DataError(f"{path}: not UTF-8 ({e}); re-save the file as UTF-8") from e


def read_jsonl(path: Path) -> list[Row]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise DataError(f"{path}:{lineno}: invalid JSON ({e.msg}); fix or rebuild the file") from e
    return rows


def check_columns(spec: DatasetSpec, rows: list[Row], where: Path | str) -> None:
    """Every template column must exist in the data, or prompts would silently lose text."""
    needed = [*spec.reader.input_columns, *([spec.reader.output_column] if spec.reader.output_column else [])]
    if rows:
        missing = [c for c in needed if c not in rows[0]]
        if missing:
            raise DataError(f"{where}: columns {missing} missing (have {sorted(rows[0])}); "
                            f"fix reader_cfg of dataset {spec.abbr!r}")


_CACHE: dict[str, Splits] = {}


def load_dataset(spec: DatasetSpec) -> Splits:
    """Load through the registered loader (once per process: partitioning and inference share it),
    then validate columns. Callers must not mutate the rows."""
    from opencompass_lite.registry import DATASETS

    key = json.dumps([spec.type, spec.path, spec.name, spec.loader_kwargs, spec.reader.train_split,
                      spec.reader.test_split], sort_keys=True, default=str)
    if key not in _CACHE:
        loader = DATASETS.get(spec.type, where=f"dataset {spec.abbr!r}")
        _CACHE[key] = loader(spec)
    splits = _CACHE[key]
    check_columns(spec, splits.test, spec.abbr)
    return splits
