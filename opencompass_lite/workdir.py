"""Every output path of a run, and the crash-safe writes behind them.

Layout: ``<root>/{configs,logs,predictions,results,summary}``; ``root`` is
``outputs/<exp>/<YYYYmmdd_HHMMSS>``. Results and summaries are written atomically (temp file +
``os.replace``); predictions are appended per batch with fsync so a kill loses at most one batch.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ShardRange:
    """Half-open range ``[start, end)`` of test-sample indices handled by one infer task."""

    start: int
    end: int

    @property
    def tag(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass(frozen=True)
class WorkDir:
    root: Path

    @property
    def configs(self) -> Path:
        return self.root / "configs"

    @property
    def summary_dir(self) -> Path:
        return self.root / "summary"

    def log(self, stage: str, model: str, dataset: str) -> Path:
        return self.root / "logs" / stage / model / f"{dataset}.log"

    def predictions_dir(self, model: str) -> Path:
        return self.root / "predictions" / model

    def predictions(self, model: str, dataset: str, shard: ShardRange | None = None) -> Path:
        """Whole-dataset file ``<dataset>.jsonl`` or shard file ``<dataset>.<start>-<end>.jsonl``."""
        name = f"{dataset}.jsonl" if shard is None else f"{dataset}.{shard.tag}.jsonl"
        return self.predictions_dir(model) / name

    def results(self, model: str, dataset: str) -> Path:
        return self.root / "results" / model / f"{dataset}.json"

    def task_file(self, name: str) -> Path:
        return self.root / "tasks" / f"{name}.json"


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` so readers see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_json(path: Path, obj: Any) -> None:
    atomic_write_text(path, json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def read_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class JsonlAppender:
    """Append-only JSONL writer: each ``append`` is one flushed + fsynced write."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._f = open(path, "a", encoding="utf-8")

    def append(self, records: Iterable[dict[str, Any]]) -> None:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        if text:
            self._f.write(text)
            self._f.flush()
            os.fsync(self._f.fileno())

    def close(self) -> None:
        self._f.close()

    def __enter__(self) -> JsonlAppender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Yield complete records; a half-written last line (a kill mid-write) is dropped."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.endswith("\n"):
                return  # torn final write
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                return


def truncate_torn_tail(path: Path) -> None:
    """Cut a half-written last line so appends continue from a clean record boundary."""
    if not path.exists():
        return
    with open(path, "rb+") as f:
        data = f.read()
        end = data.rfind(b"\n") + 1
        if end != len(data):
            f.truncate(end)
