"""One real CLI run (fake model, --debug) over every suite family, with the fixtures copied into the
``data/`` layout the configs and docs/datasets.md name: each dataset gets a result, and the
multiple-choice ones score exactly the share of gold answers 'A' (the fake model always says 'A')."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from opencompass_lite.datasets.base import load_dataset

from ..conftest import run_cli
from .conftest import CONFIGS, FIXTURES, on_fixture

DATA_LAYOUT = {  # fixture folder -> where the configs read it
    "cmmlu": "data/cmmlu", "agieval": "data/AGIEval/data/v1", "gaokao": "data/GAOKAO-BENCH/data", "ARC": "data/ARC",
    "hellaswag": "data/hellaswag", "race": "data/race", "BBH": "data/BBH", "gsm8k": "data/gsm8k",
    "math": "data/math", "triviaqa": "data/triviaqa", "truthfulqa": "data/truthfulqa",
}
IMPORTS = {  # config module -> its datasets variable
    "cmmlu.cmmlu_gen": "cmmlu_datasets", "agieval.agieval_gen": "agieval_datasets",
    "GaokaoBench.GaokaoBench_gen": "GaokaoBench_datasets", "ARC_c.ARC_c_gen": "ARC_c_datasets",
    "ARC_e.ARC_e_ppl": "ARC_e_datasets", "hellaswag.hellaswag_ppl": "hellaswag_datasets",
    "race.race_gen": "race_datasets", "bbh.bbh_gen": "bbh_datasets", "gsm8k.gsm8k_gen": "gsm8k_datasets",
    "math.math_gen": "math_datasets", "triviaqa.triviaqa_gen": "triviaqa_datasets",
    "truthfulqa.truthfulqa_mc1_ll": "truthfulqa_datasets",
}
IN_FIXTURES = [
    "cmmlu-agronomy", "cmmlu-anatomy", "agieval-lsat-ar", "agieval-logiqa-zh", "agieval-jec-qa-kd", "agieval-math",
    "GaokaoBench_2010-2022_Math_II_MCQs", "GaokaoBench_2010-2022_Physics_MCQs", "ARC-c", "ARC-e", "hellaswag",
    "race-middle", "race-high", "bbh-temporal_sequences", "bbh-boolean_expressions", "gsm8k", "math", "triviaqa",
    "truthfulqa-mc1",
]
ALWAYS_A = {  # gen datasets whose reply 'A' is read as option A: config, fixture, name
    "cmmlu-agronomy": ("cmmlu/cmmlu_gen.py", "cmmlu", "agronomy"),
    "agieval-lsat-ar": ("agieval/agieval_gen.py", "agieval", "lsat-ar"),
    "ARC-c": ("ARC_c/ARC_c_gen.py", "ARC/ARC-c", None),
    "race-high": ("race/race_gen.py", "race", "high"),
}


def _experiment(root: Path) -> Path:
    for fixture, target in DATA_LAYOUT.items():
        shutil.copytree(FIXTURES / fixture, root / target)
    (root / "configs").mkdir()
    (root / "configs" / "datasets").symlink_to(CONFIGS)
    lines = ["from mmengine.config import read_base", "", "with read_base():"]
    lines += [f"    from .datasets.{module} import {var} as _{i}" for i, (module, var) in enumerate(IMPORTS.items())]
    lines += ["", f"_keep = {IN_FIXTURES!r}",
              f"datasets = [d for _all in [{', '.join(f'_{i}' for i in range(len(IMPORTS)))}] for d in _all "
              "if d['abbr'] in _keep]",
              "models = [dict(type='FakeModel', abbr='fake', path='fake', model_kwargs=dict(default='A'))]",
              # the full imported lists would make the saved (yapf-formatted) config text slow to build
              f"del _keep, {', '.join(f'_{i}' for i in range(len(IMPORTS)))}", ""]
    path = root / "configs" / "eval_suites.py"
    path.write_text("\n".join(lines))
    return path


def test_every_family_runs_end_to_end(tmp_path):
    config = _experiment(tmp_path)
    proc = run_cli(str(config), "-w", str(tmp_path / "out"), "--debug", cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = {p.stem: json.loads(p.read_text()) for p in (tmp_path / "out").rglob("results/fake/*.json")}
    assert sorted(results) == sorted(IN_FIXTURES)
    assert all(r["n"] > 0 and r["metrics"] for r in results.values())
    for abbr, (cfg, fixture, name) in ALWAYS_A.items():
        golds = [r[k] for r in load_dataset(on_fixture(cfg, fixture, name)).test
                 for k in ("answer", "label", "answerKey") if k in r]
        assert next(iter(results[abbr]["metrics"].values())) == 100 * golds.count("A") / len(golds), abbr
    assert results["gsm8k"]["metrics"]["accuracy"] == 0 and results["triviaqa"]["metrics"]["exact_match"] == 0
