"""Prediction files: a header line saying what produced them, then one record per sample.

``predictions/<model>/<dataset>[.<start>-<end>].jsonl`` is written as ``<file>.partial`` while the
task runs (appended per batch) and renamed when complete, so an existing final file means done.
The header holds everything that decides a prediction (model settings, dataset version, shard
range); resume and evaluation refuse records whose header differs, and say which keys differ.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from opencompass_lite.config.specs import DatasetSpec, ModelSpec
from opencompass_lite.workdir import SCHEMA_VERSION, ShardRange, read_jsonl

Record = dict[str, Any]


def partial_path(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def make_header(model: ModelSpec, dataset: DatasetSpec, shard: ShardRange) -> dict[str, Any]:
    header = {"schema_version": SCHEMA_VERSION, "model": model.fingerprint(), "data": dataset.data_fingerprint(),
              "shard": [shard.start, shard.end]}
    return json.loads(json.dumps(header, default=str))  # as read back from disk: tuples become lists


def header_diff(found: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Dotted keys whose values differ (``model.max_seq_len``, ``data.version``, ``shard``)."""
    diffs = []
    for key in sorted(set(found) | set(expected)):
        a, b = found.get(key), expected.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            diffs += [f"{key}.{k}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
        elif a != b:
            diffs.append(key)
    return diffs


def read_predictions(path: Path) -> tuple[dict[str, Any] | None, list[Record]]:
    """(header, records) of a prediction file; a torn last line is dropped."""
    header: dict[str, Any] | None = None
    records: list[Record] = []
    for rec in read_jsonl(path):
        if header is None and "header" in rec:
            header = rec["header"]
        elif "index" in rec:
            records.append(rec)
    return header, records


def is_current(path: Path, expected: dict[str, Any]) -> bool:
    """A finished prediction file exists and was produced by the current settings."""
    if not path.exists():
        return False
    header, _ = read_predictions(path)
    return header is not None and not header_diff(header, expected)
