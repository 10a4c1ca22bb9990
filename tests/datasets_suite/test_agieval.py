"""AGIEval: 21 zero-shot subsets (English and Chinese), loader rules, per-type answer extraction, groups."""

from __future__ import annotations

from dataclasses import replace

import pytest
from mmengine.config import Config

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import ConfigError, DataError
from opencompass_lite.summarize import summarizer_from_config

from .conftest import REPO, config_specs, evaluate, loaded, on_fixture, text

CONFIG = "agieval/agieval_gen.py"


def test_config_has_every_subset_with_its_scorer():
    specs = {s.name: s for s in config_specs(CONFIG)}
    assert len(specs) == 21 and all(s.loader_kwargs == {"setting_name": "zero-shot"} for s in specs.values())
    assert specs["lsat-ar"].eval.pred_postprocessor.kwargs == {"options": "ABCDE"}
    assert specs["jec-qa-kd"].eval.pred_postprocessor.type == "first_capital_postprocess_multi"
    assert specs["math"].eval.evaluator.type == "MATHEvaluator"


def test_english_single_choice_prompt_and_score():
    spec = on_fixture(CONFIG, "agieval", "lsat-ar")
    splits, builder = loaded(spec)
    first = splits.test[0]
    assert first["question"].startswith("[synthetic passage] [synthetic] What is")
    assert first["options"].count("\n") == 3 and first["options"].startswith("(A)")
    prompt = text(builder.gen_prompt(first, 0))
    assert prompt == ("The following is a LSAT Analytical Reasoning question. Please select the correct answer.\n"
                      f"{first['question']}\n{first['options']}\nThe answer is ")
    golds = [r["label"] for r in splits.test]
    out = evaluate(spec, [f"({golds[0]}) because", f"The answer is {golds[1]}", "I do not know"])
    assert out.metrics["accuracy"] == pytest.approx(200 / 3)


def test_chinese_multi_answer_subset_joins_letters():
    spec = on_fixture(CONFIG, "agieval", "jec-qa-kd")
    splits, builder = loaded(spec)
    assert text(builder.gen_prompt(splits.test[0], 0)).endswith("\n答案是： ")
    golds = [r["label"] for r in splits.test]
    assert all(len(g) == 2 for g in golds)
    out = evaluate(spec, [golds[0], f"答案是：{golds[1][0]}", f"{golds[2]}。"])
    assert out.metrics["accuracy"] == pytest.approx(200 / 3)


def test_cloze_subset_compares_latex_answers():
    spec = on_fixture(CONFIG, "agieval", "math")
    splits, builder = loaded(spec)
    assert splits.test[0]["label"] == "\\frac{4}{5}" and splits.test[0]["options"] == ""
    assert text(builder.gen_prompt(splits.test[0], 0)).endswith("$.\nThe answer is ")
    out = evaluate(spec, ["$\\dfrac{4}{5}$.", "\\boxed{0.5}"])
    assert out.metrics["accuracy"] == 50


def test_bad_inputs(tmp_path):
    spec = on_fixture(CONFIG, "agieval", "lsat-lr")
    with pytest.raises(DataError, match=r"agieval-lsat-lr: data file .*lsat-lr.jsonl not found; download AGIEval"):
        load_dataset(spec)
    with pytest.raises(ConfigError, match="setting_name='few-shot' is not supported"):
        load_dataset(replace(spec, loader_kwargs={"setting_name": "few-shot"}))
    (tmp_path / "lsat-lr.jsonl").write_text('{"passage": null}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"lsat-lr.jsonl:1: fields \['question'\] missing"):
        load_dataset(replace(spec, path=str(tmp_path)))


def test_summary_groups_cover_the_config():
    groups = Config.fromfile(str(REPO / "configs/summarizers/groups/agieval.py")).agieval_summary_groups
    spec = summarizer_from_config(dict(summary_groups=groups), "agieval groups")
    sizes = {g.name: len(g.subsets) for g in spec.summary_groups}
    assert sizes == {"agieval-chinese": 12, "agieval-english": 9, "agieval-gaokao": 9, "agieval": 21}
    assert set(spec.summary_groups[-1].subsets) == {s.abbr for s in config_specs(CONFIG)}
