"""The infer half of a task: prompts → predictions, resumable per model call."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import TaskError
from opencompass_lite.infer.prompt import PromptBuilder
from opencompass_lite.models.batching import AUTO, AUTO_MAX
from opencompass_lite.predictions import header_diff, make_header, partial_path, read_predictions
from opencompass_lite.registry import INFERENCERS
from opencompass_lite.run.base import Task, TaskItem
from opencompass_lite.workdir import JsonlAppender, ShardRange, truncate_torn_tail

log = logging.getLogger(__name__)
# Samples handed to the model per call grow from FIRST_CALL_BATCHES to MAX_CALL_BATCHES batches: a big
# call lets it sort by length and share prompt prefixes across samples (1.6-1.8x faster on MMLU than one
# batch per call); the smaller first calls put predictions on disk early. A crash recomputes one call.
FIRST_CALL_BATCHES = 4
MAX_CALL_BATCHES = 16


def _chunks(todo: list[int], bs: int) -> Iterator[list[int]]:
    """``todo`` in pieces of 4*bs, 8*bs, ... samples, capped at ``MAX_CALL_BATCHES * bs``; a rest of at
    most half a piece joins the piece before it, so no call is left with a few samples to pad."""
    k, size = 0, FIRST_CALL_BATCHES * bs
    while k < len(todo):
        take = len(todo) - k if len(todo) - k - size <= size // 2 else size
        yield todo[k:k + take]
        k += take
        size = min(2 * size, MAX_CALL_BATCHES * bs)


def _resume(path: Path, header: dict[str, Any]) -> set[int]:
    """Indices already predicted in the ``.partial`` file; a file from other settings is set aside."""
    truncate_torn_tail(path)
    found, records = read_predictions(path)
    if found is None:
        path.unlink(missing_ok=True)
        return set()
    diffs = header_diff(found, header)
    if diffs:
        stale = path.with_name(path.name + ".stale")
        os.replace(path, stale)
        log.warning("%s: predictions were made with different %s; recomputing (old file kept as %s)",
                    path, ", ".join(diffs), stale.name)
        return set()
    return {r["index"] for r in records}


_LOCKS: list[Any] = []  # open lock files, held until the process exits


def _lock(part: Path) -> None:
    """One writer per prediction file: a second process (e.g. an orphan of a killed run) is refused."""
    import fcntl

    part.parent.mkdir(parents=True, exist_ok=True)
    f = open(part.with_name(part.name + ".lock"), "w")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as e:
        f.close()
        raise TaskError(f"{part}: another process is writing these predictions; stop it (or wait) and resume "
                        f"with -r") from e
    _LOCKS.append(f)


def run_infer_item(task: Task, item: TaskItem, model: Any) -> None:
    from tqdm import tqdm

    spec = item.dataset
    splits = load_dataset(spec)
    test = splits.test[: spec.limit] if spec.limit is not None else splits.test
    shard = item.shard or ShardRange(0, len(test))
    final = task.wd.predictions(task.model.abbr, spec.abbr, item.shard)
    part = partial_path(final)
    header = make_header(task.model, spec, shard)
    _lock(part)
    done = _resume(part, header)
    builder = PromptBuilder(spec, splits.train)
    inferencer = INFERENCERS.get(spec.inferencer.type)(spec.inferencer, task.model)
    todo = [i for i in range(shard.start, shard.end) if i not in done]
    # Longest first: similar lengths share a batch (less padding) and OOM shows up at once.
    todo.sort(key=lambda i: -inferencer.prompt_size(builder, i, test[i]))
    gold_col = spec.reader.output_column
    # 'auto': calls grow to AUTO_MAX samples, so the model may reach the largest batch that fits.
    bs = AUTO_MAX // MAX_CALL_BATCHES if task.model.batch_size == AUTO else max(1, int(task.model.batch_size))
    log.info("%s/%s: %d samples (%d already done)", task.model.abbr, spec.abbr, shard.end - shard.start, len(done))
    with JsonlAppender(part) as out, tqdm(total=shard.end - shard.start, initial=len(done), desc=spec.abbr,
                                          unit="sample", file=sys.stderr, mininterval=2.0) as bar:
        if not done:
            out.append([{"header": header}])
        for chunk in _chunks(todo, bs):
            batch = [(i, test[i]) for i in chunk]
            records = inferencer.infer(model, builder, batch)
            for rec in records:
                rec["gold"] = test[rec["index"]].get(gold_col) if gold_col else None
            out.append(records)
            bar.update(len(records))
    os.replace(part, final)
