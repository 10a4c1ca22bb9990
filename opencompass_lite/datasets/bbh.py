"""BIG-Bench Hard in OpenCompass's layout: ``<path>/data/<task>.json`` (``{"examples": [{"input",
"target"}]}``) and ``<path>/lib_prompt/<task>.txt`` (the task's 3-shot chain-of-thought prompt), with
``path='data/BBH'``.

OpenCompass's config reads the ``.txt`` while the config loads; here the loader reads it and puts it
in every row as ``cot_prompt``, so configs load without the data on disk and the template says
``{cot_prompt}``. There is one split; ``train`` and ``test`` are the same rows.
"""

from __future__ import annotations

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Splits, split_file
from opencompass_lite.datasets.common import read_json, require
from opencompass_lite.errors import DataError
from opencompass_lite.registry import DATASETS

BBH_HINT = ("download BBH.zip from OpenCompass's data release (or bbh/ and cot-prompts/ of the BIG-Bench-Hard "
            "repository, renamed) so that data/BBH/data/<task>.json and data/BBH/lib_prompt/<task>.txt exist")


@DATASETS.register("BBHDataset")
def load_bbh(spec: DatasetSpec) -> Splits:
    path = split_file(spec, f"data/{spec.name}.json", BBH_HINT)
    prompt_path = split_file(spec, f"lib_prompt/{spec.name}.txt", BBH_HINT)
    data = read_json(path)
    examples = data.get("examples") if isinstance(data, dict) else None
    if not isinstance(examples, list):
        raise DataError(f"{path}: no 'examples' list; expected BBH's {{\"examples\": [...]}} file")
    cot_prompt = prompt_path.read_text(encoding="utf-8")
    for i, record in enumerate(examples):
        require(f"{path}: examples[{i}]", record, {"input": str, "target": str})
    rows = [{"input": r["input"], "target": r["target"], "cot_prompt": cot_prompt} for r in examples]
    return Splits(train=rows, test=rows)


BBHDataset = load_bbh  # the name configs use: ``type=BBHDataset``
