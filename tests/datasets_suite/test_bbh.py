"""BBH: 27 tasks with 3-shot CoT prompts read from lib_prompt/, answer extraction per task type."""

from __future__ import annotations

from dataclasses import replace

import pytest
from mmengine.config import Config

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import DataError
from opencompass_lite.evaluate import bbh_freeform_postprocess, bbh_mcq_postprocess
from opencompass_lite.summarize import summarizer_from_config

from .conftest import FIXTURES, REPO, config_specs, evaluate, loaded, on_fixture, text

CONFIG = "bbh/bbh_gen.py"


def test_config_lists_27_tasks_with_their_extraction():
    specs = {s.name: s for s in config_specs(CONFIG)}
    assert len(specs) == 27
    mcq = [s for s in specs.values() if s.eval.pred_postprocessor.type == "bbh_mcq_postprocess"]
    assert len(mcq) == 17 and all(s.eval.dataset_postprocessor.type == "bbh_mcq_postprocess" for s in mcq)
    assert specs["word_sorting"].eval.pred_postprocessor.type == "bbh_freeform_postprocess"
    assert specs["word_sorting"].inferencer.max_out_len == 512


def test_prompt_carries_the_task_cot_examples():
    spec = on_fixture(CONFIG, "BBH", "temporal_sequences")
    splits, builder = loaded(spec)
    cot = (FIXTURES / "BBH/lib_prompt/temporal_sequences.txt").read_text(encoding="utf-8")
    row = splits.test[0]
    assert text(builder.gen_prompt(row, 0)) == (
        f"Follow the given examples and answer the question.\n{cot}\n\nQ: {row['input']}\nA: Let's think step by step.")


def test_multiple_choice_scoring():
    spec = on_fixture(CONFIG, "BBH", "temporal_sequences")
    golds = [r["target"] for r in load_dataset(spec).test]  # '(B)' style
    preds = [f"We add. So the answer is {golds[0]}.", f"So the answer is {golds[1][1]}", "I cannot tell."]
    out = evaluate(spec, preds)
    assert out.metrics["accuracy"] == pytest.approx(200 / 3)
    assert [d["answer"] for d in out.details] == [g[1] for g in golds]


def test_free_form_scoring():
    spec = on_fixture(CONFIG, "BBH", "boolean_expressions")
    golds = [r["target"] for r in load_dataset(spec).test]
    preds = [f"So the answer is {golds[0]}.\n\nQ: next", f"the answer is **{golds[1]}**.", f"{golds[2]} maybe"]
    assert evaluate(spec, preds).metrics["accuracy"] == pytest.approx(200 / 3)


@pytest.mark.parametrize(("raw", "mcq", "free"), [
    ("Step 1. So the answer is (C).", "C", "(C)"),
    ("(B)", "B", "(B)"),
    ("So the answer is No.\nQ: next question", "N", "No"),
    ("no cue at all", "no cue at all", "no cue at all"),
])
def test_postprocessors(raw, mcq, free):
    assert (bbh_mcq_postprocess(raw), bbh_freeform_postprocess(raw)) == (mcq, free)


def test_missing_prompt_file_and_bad_json(tmp_path):
    spec = replace(on_fixture(CONFIG, "BBH", "navigate"), path=str(tmp_path))
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "navigate.json").write_text('{"examples": [{"input": "q", "target": 3}]}')
    with pytest.raises(DataError, match=r"lib_prompt/navigate.txt not found; download BBH.zip"):
        load_dataset(spec)
    (tmp_path / "lib_prompt").mkdir()
    (tmp_path / "lib_prompt" / "navigate.txt").write_text("examples")
    with pytest.raises(DataError, match=r"navigate.json: examples\[0\]: fields \['target'\] missing"):
        load_dataset(spec)
    (tmp_path / "data" / "navigate.json").write_text('{"examples": [')
    with pytest.raises(DataError, match=r"navigate.json:1: invalid JSON"):
        load_dataset(replace(spec, abbr="bbh-other"))


def test_summary_group_covers_the_config():
    groups = Config.fromfile(str(REPO / "configs/summarizers/groups/bbh.py")).bbh_summary_groups
    (group,) = summarizer_from_config(dict(summary_groups=groups), "bbh groups").summary_groups
    assert group.name == "bbh" and list(group.subsets) == [s.abbr for s in config_specs(CONFIG)]
