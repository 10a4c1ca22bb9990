"""AGIEval (v1) in OpenCompass's layout: ``<path>/<subset>.jsonl``, ``path='data/AGIEval/data/v1'``.

Each record has ``passage`` (or null), ``question``, ``options`` (a list like ``["(A)...", ...]`` or
null for cloze subsets), ``label`` (a letter, or a list of letters for multi-answer subsets) and
``answer`` (cloze subsets). As OpenCompass's ``AGIEvalDataset_v2``: the passage is prepended to the
question, options are joined by newlines, and the reference is the label (letters joined) or else
the answer. AGIEval is zero-shot only; the single file serves both splits.
"""

from __future__ import annotations

from typing import Any

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, read_jsonl, split_file
from opencompass_lite.datasets.common import require
from opencompass_lite.errors import ConfigError
from opencompass_lite.registry import DATASETS

AGIEVAL_HINT = ("download AGIEval (OpenCompass's data release, or data/v1 of the AGIEval repository) "
                "so that data/AGIEval/data/v1/<subset>.jsonl exist")


def _reference(record: dict[str, Any]) -> str:
    label = record.get("label")
    if label:
        return "".join(label) if isinstance(label, list) else str(label)
    answer = record.get("answer")
    return "" if answer is None else str(answer)


def agieval_row(record: dict[str, Any]) -> Row:
    return {"question": (record.get("passage") or "") + record["question"],
            "options": "\n".join(record.get("options") or []),
            "label": _reference(record)}


@DATASETS.register("AGIEvalDataset", "AGIEvalDataset_v2")
def load_agieval(spec: DatasetSpec) -> Splits:
    setting = spec.loader_kwargs.get("setting_name", "zero-shot")
    if setting != "zero-shot":
        raise ConfigError(f"dataset {spec.abbr!r}: setting_name={setting!r} is not supported; use 'zero-shot'")
    path = split_file(spec, f"{spec.name}.jsonl", AGIEVAL_HINT)
    records = read_jsonl(path)
    for lineno, record in enumerate(records, 1):
        require(f"{path}:{lineno}", record, {"question": str})
    rows = [agieval_row(r) for r in records]
    return Splits(train=rows, test=rows)


load_agieval.extra_keys = ("setting_name",)  # type: ignore[attr-defined]  # OpenCompass's key, zero-shot only
AGIEvalDataset = load_agieval  # the name configs use: ``type=AGIEvalDataset``
