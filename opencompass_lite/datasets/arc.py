"""ARC-Easy / ARC-Challenge in OpenCompass's layout: ``<path>/<name>-<Split>.jsonl``, e.g.
``data/ARC/ARC-c/ARC-Challenge-Dev.jsonl`` (``path='data/ARC/ARC-c'``, ``name='ARC-Challenge'``,
splits ``Train``/``Dev``/``Test`` as in AI2's release).

Records are AI2's: ``{"question": {"stem", "choices": [{"label", "text"}]}, "answerKey"}``. As in
OpenCompass, questions without exactly four choices (about 1%) are skipped, and the answer key
(``"A"``-``"D"`` or ``"1"``-``"4"``) becomes the letter of its position: columns ``question,
textA..textD, answerKey``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, read_jsonl, split_file
from opencompass_lite.datasets.common import per_split, require
from opencompass_lite.errors import DataError
from opencompass_lite.registry import DATASETS

ARC_HINT = ("download ARC (AI2's ARC-V1-Feb2018 release or OpenCompass's data release) so that "
            "data/ARC/ARC-c/ARC-Challenge-Dev.jsonl and data/ARC/ARC-e/ARC-Easy-Dev.jsonl exist")


def arc_row(record: dict[str, Any], where: str) -> Row | None:
    """The row of a four-choice question, else ``None``."""
    require(where, record, {"question": dict, "answerKey": str})
    choices = record["question"].get("choices")
    if not isinstance(choices, list) or len(choices) != 4:
        return None
    labels = [str(c.get("label")) for c in choices]
    if record["answerKey"] not in labels:
        raise DataError(f"{where}: answerKey {record['answerKey']!r} is none of the choice labels {labels}; "
                        "fix or re-download the file")
    return {"question": record["question"].get("stem", ""),
            "answerKey": "ABCD"[labels.index(record["answerKey"])],
            **{f"text{letter}": str(c.get("text", "")) for letter, c in zip("ABCD", choices, strict=True)}}


def _rows(path: Path) -> list[Row]:
    rows = (arc_row(r, f"{path}:{i}") for i, r in enumerate(read_jsonl(path), 1))
    return [r for r in rows if r is not None]


@DATASETS.register("ARCDataset")
def load_arc(spec: DatasetSpec) -> Splits:
    return per_split(spec, lambda split: _rows(split_file(spec, f"{spec.name}-{split}.jsonl", ARC_HINT)))


ARCDataset = load_arc  # the name configs use: ``type=ARCDataset``
