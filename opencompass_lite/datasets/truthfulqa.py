"""TruthfulQA multiple choice (MC1/MC2) from the authors' ``mc_task.json``: ``<path>/mc_task.json``.

Each record is ``{"question", "mc1_targets": {choice: 0|1}, "mc2_targets": {choice: 0|1}}``
(MC1: one true choice; MC2: several). ``target='mc1'|'mc2'`` picks the set. Questions have 2 to about
20 choices; the config's templates name the labels ``A``..``Z``: choices go to columns ``A``, ``B``, ...
and the columns past a question's last choice repeat one of its *false* choices. For MC1 a duplicate
scores exactly like its original, so the best-scoring label is correct exactly when it would be without
padding. MC2 is a probability mass over the choices, which copies would inflate: MC2 rows also carry
``choice_labels`` (their real letters), so the prompt builder scores each question on its own choices.
Rows: ``question``, ``A``.., ``label`` (first true letter), ``true_labels`` (all), ``n_choices``
(and ``choice_labels`` for MC2).
"""

from __future__ import annotations

import string
from typing import Any

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, split_file
from opencompass_lite.datasets.common import read_json, require
from opencompass_lite.errors import ConfigError, DataError
from opencompass_lite.infer.prompt import CHOICE_LABELS
from opencompass_lite.registry import DATASETS

LETTERS = string.ascii_uppercase
TRUTHFULQA_HINT = "copy data/mc_task.json of the TruthfulQA repository (sylinrl/TruthfulQA) to data/truthfulqa/"


def _options(spec: DatasetSpec) -> tuple[str, int]:
    target = spec.loader_kwargs.get("target", "mc1")
    num = spec.loader_kwargs.get("num_choices", len(LETTERS))
    if target not in ("mc1", "mc2"):
        raise ConfigError(f"dataset {spec.abbr!r}: target={target!r}; use 'mc1' or 'mc2'")
    if not isinstance(num, int) or isinstance(num, bool) or not 2 <= num <= len(LETTERS):
        raise ConfigError(f"dataset {spec.abbr!r}: num_choices={num!r}; use an integer from 2 to {len(LETTERS)}")
    return target, num


def truthfulqa_row(record: dict[str, Any], target: str, num: int, where: str) -> Row:
    targets = record[f"{target}_targets"]
    choices, truth = list(targets), [bool(v) for v in targets.values()]
    if not 0 < sum(truth) < len(choices):
        raise DataError(f"{where}: {target}_targets needs true and false choices; fix or re-download the file")
    if len(choices) > num:
        raise DataError(f"{where}: {len(choices)} choices but num_choices={num}; raise num_choices in the config")
    false_choice = choices[truth.index(False)]
    padded = choices + [false_choice] * (num - len(choices))
    true_labels = [LETTERS[i] for i, t in enumerate(truth) if t]
    own = {CHOICE_LABELS: list(LETTERS[: len(choices)])} if target == "mc2" else {}
    return {"question": record["question"], **dict(zip(LETTERS, padded, strict=False)),
            "label": true_labels[0], "true_labels": true_labels, "n_choices": len(choices), **own}


@DATASETS.register("TruthfulQADataset")
def load_truthfulqa(spec: DatasetSpec) -> Splits:
    target, num = _options(spec)
    path = split_file(spec, "mc_task.json", TRUTHFULQA_HINT)
    data = read_json(path)
    if not isinstance(data, list):
        raise DataError(f"{path}: expected a list of questions; use TruthfulQA's data/mc_task.json")
    rows = []
    for i, record in enumerate(data):
        require(f"{path}: [{i}]", record, {"question": str, f"{target}_targets": dict})
        rows.append(truthfulqa_row(record, target, num, f"{path}: [{i}]"))
    return Splits(train=rows, test=rows)


load_truthfulqa.extra_keys = ("target", "num_choices")  # type: ignore[attr-defined]  # dataset keys for the loader
TruthfulQADataset = load_truthfulqa  # the name configs use: ``type=TruthfulQADataset``
