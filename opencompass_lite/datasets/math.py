"""MATH (competition_math) in OpenCompass's layout: ``<path>/math.json``, ``path='data/math'``.

The file maps an id to ``{"problem", "level", "type", "solution"}`` (the 5,000 test problems). As in
OpenCompass, ``solution`` becomes the content of its last ``\\boxed{...}``, the reference answer;
``MATHEvaluator`` compares after LaTeX normalisation. One file serves both splits.
"""

from __future__ import annotations

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Splits, split_file
from opencompass_lite.datasets.common import read_json, require
from opencompass_lite.errors import DataError
from opencompass_lite.evaluate.postprocess import last_boxed
from opencompass_lite.registry import DATASETS

MATH_HINT = "download math.json from OpenCompass's data release (data/math/math.json)"


@DATASETS.register("MATHDataset")
def load_math(spec: DatasetSpec) -> Splits:
    path = split_file(spec, "math.json", MATH_HINT)
    data = read_json(path)
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected an object of id -> problem; use OpenCompass's math.json")
    rows = []
    for key, record in data.items():
        require(f"{path}: {key!r}", record, {"problem": str, "solution": str})
        answer = last_boxed(record["solution"])
        if answer is None:
            raise DataError(f"{path}: {key!r}: solution has no \\boxed{{...}} answer; fix or re-download the file")
        rows.append({"problem": record["problem"], "solution": answer,
                     "level": record.get("level", ""), "type": record.get("type", "")})
    return Splits(train=rows, test=rows)


MATHDataset = load_math  # the name configs use: ``type=MATHDataset``
