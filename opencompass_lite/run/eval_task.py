"""The eval half of a task: merge prediction files (whole or shards), post-process, score, save."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from opencompass_lite.config.specs import ComponentSpec, DatasetSpec, ModelSpec
from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import TaskError
from opencompass_lite.partition.base import results_fingerprint
from opencompass_lite.predictions import header_diff, make_header, read_predictions
from opencompass_lite.registry import EVALUATORS, POSTPROCESSORS
from opencompass_lite.run.base import Task, TaskItem
from opencompass_lite.workdir import SCHEMA_VERSION, ShardRange, WorkDir, atomic_write_json

log = logging.getLogger(__name__)


def prediction_files(wd: WorkDir, model: str, dataset: str) -> list[tuple[Path, ShardRange | None]]:
    """Finished prediction files of ``dataset``: the whole file and any ``.<start>-<end>`` shards."""
    pattern = re.compile(re.escape(dataset) + r"(?:\.(\d+)-(\d+))?\.jsonl")
    out = []
    folder = wd.predictions_dir(model)
    for p in sorted(folder.glob(f"{dataset}*.jsonl")) if folder.is_dir() else []:
        m = pattern.fullmatch(p.name)
        if m:
            out.append((p, ShardRange(int(m[1]), int(m[2])) if m[1] else None))
    return out


def merged_predictions(wd: WorkDir, model: ModelSpec, spec: DatasetSpec, n: int) -> list[dict[str, Any]]:
    """One record per test index 0..n-1, from files whose header matches the current settings."""
    by_index: dict[int, dict[str, Any]] = {}
    for path, shard in prediction_files(wd, model.abbr, spec.abbr):
        header, records = read_predictions(path)
        expected = make_header(model, spec, shard or ShardRange(0, n))
        diffs = header_diff(header or {}, expected)
        if diffs:
            log.warning("%s: ignored, made with different %s", path, ", ".join(diffs))
            continue
        for rec in records:
            by_index.setdefault(rec["index"], rec)
    missing = [i for i in range(n) if i not in by_index]
    if missing:
        raise TaskError(f"{model.abbr}/{spec.abbr}: predictions cover {n - len(missing)} of {n} samples "
                        f"(first missing index {missing[0]}); run inference first (-m infer, or -r to resume)")
    return [by_index[i] for i in range(n)]


def _postprocess(component: ComponentSpec | None, values: list[Any]) -> list[Any]:
    if component is None:
        return values
    fn = POSTPROCESSORS.get(component.type)
    return [fn(v, **component.kwargs) if isinstance(v, str) else v for v in values]


def run_eval_item(task: Task, item: TaskItem) -> None:
    spec = item.dataset
    test = load_dataset(spec).test
    if spec.limit is not None:
        test = test[: spec.limit]
    records = merged_predictions(task.wd, task.model, spec, len(test))
    col = spec.reader.output_column
    references = _postprocess(spec.eval.dataset_postprocessor, [row.get(col) if col else None for row in test])
    raw = [r["prediction"] for r in records]
    # ppl/ll predictions are labels already; post-processing targets generated text.
    preds = _postprocess(spec.eval.pred_postprocessor, raw) if spec.mode == "gen" else raw
    evaluator = EVALUATORS.get(spec.eval.evaluator.type)(**spec.eval.evaluator.kwargs)
    if getattr(evaluator, "needs_scores", False):  # e.g. TruthfulQA MC2 uses every label's score
        preds = [r["scores"] for r in records]
    out = evaluator.score(preds, references, test)
    details = [{"index": i, "origin_prediction": r["prediction"], **d}
               for i, (r, d) in enumerate(zip(records, out.details, strict=True))]
    atomic_write_json(task.wd.results(task.model.abbr, spec.abbr), {
        "schema_version": SCHEMA_VERSION, "model": task.model.abbr, "dataset": spec.abbr,
        "version": spec.version(), "mode": spec.mode, "fingerprint": results_fingerprint(task.model, spec),
        "metrics": out.metrics, "n": len(test), "details": details,
    })
    log.info("%s/%s: %s", task.model.abbr, spec.abbr, out.metrics)
