"""GAOKAO-Bench: 14 multiple-choice subsets, loader, the per-question-type scoring, the weighted group."""

from __future__ import annotations

from dataclasses import replace

import pytest
from mmengine.config import Config

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import ConfigError, DataError
from opencompass_lite.evaluate import GaokaoBenchEvaluator
from opencompass_lite.summarize import summarizer_from_config

from .conftest import REPO, config_specs, evaluate, loaded, on_fixture, text

CONFIG = "GaokaoBench/GaokaoBench_gen.py"


def test_config_has_the_14_multiple_choice_subsets():
    specs = config_specs(CONFIG)
    assert len(specs) == 14 and all(s.abbr == f"GaokaoBench_{s.name}" for s in specs)
    types = {s.name: s.eval.evaluator.kwargs["question_type"] for s in specs}
    assert types["2010-2022_Physics_MCQs"] == "multi_choice"
    assert sorted(set(types.values())) == ["five_out_of_seven", "multi_choice", "multi_question_choice",
                                           "single_choice"]


def test_single_choice_prompt_and_last_letter_scoring():
    spec = on_fixture(CONFIG, "gaokao", "2010-2022_Math_II_MCQs")
    splits, builder = loaded(spec)
    prompt = text(builder.gen_prompt(splits.test[0], 0))
    assert prompt.startswith("请你做一道数学选择题\n请你一步一步思考") and prompt.endswith(splits.test[0]["question"])
    golds = [r["answer"][0] for r in splits.test]
    preds = [f"【解析】 A或B？ <eoe>\n【答案】: {golds[0]} <eoa>", "【答案】 Z <eoa>", f"选{golds[2]}"]
    out = evaluate(spec, preds)
    assert out.metrics == {"score": pytest.approx(200 / 3)}
    assert [d["pred"] for d in out.details] == [[golds[0]], [], [golds[2]]]


@pytest.mark.parametrize(("name", "preds", "expected"), [
    # two questions, 2 points each: exact set 2, strict subset 1, a wrong letter 0
    ("2010-2022_Physics_MCQs", ["【解析】...<eoe>\n【答案】 A C <eoa>", "【答案】 B <eoa>"], 75.0),
    ("2010-2022_Physics_MCQs", ["【答案】 AB <eoa>", "no answer"], 0.0),
    # six sub-questions over two rows; the second row's letters are taken in order
    ("2010-2022_Chinese_Modern_Lit", ["（1）【答案】 A <eoa>\n（2）【答案】 C <eoa>\n（3）【答案】 B <eoa>", "C B A"],
     100 * 5 / 6),
    ("2012-2022_English_Cloze_Test", ["【答案】 B C A E D <eoa>"], 100.0),
    ("2012-2022_English_Cloze_Test", ["【答案】 B C <eoa>"], 0.0),  # wrong length scores nothing
])
def test_question_types(name, preds, expected):
    spec = on_fixture(CONFIG, "gaokao", name)
    assert evaluate(spec, preds).metrics["score"] == pytest.approx(expected)


def test_bad_inputs(tmp_path):
    with pytest.raises(ConfigError, match="question_type 'essay' unknown"):
        GaokaoBenchEvaluator("essay")
    spec = on_fixture(CONFIG, "gaokao", "2010-2022_History_MCQs")
    with pytest.raises(DataError, match=r"Multiple-choice_Questions/2010-2022_History_MCQs.json not found; download"):
        load_dataset(spec)
    folder = tmp_path / "Multiple-choice_Questions"
    folder.mkdir()
    (folder / "2010-2022_History_MCQs.json").write_text('{"example": [{"question": "q", "answer": "A"}]}')
    with pytest.raises(DataError, match=r"example\[0\]: fields \['answer'\] missing or of the wrong type"):
        load_dataset(replace(spec, path=str(tmp_path)))
    (folder / "2010-2022_History_MCQs.json").write_text('{"examples": []}')
    with pytest.raises(DataError, match="no 'example' list"):
        load_dataset(replace(spec, path=str(tmp_path), name="2010-2022_History_MCQs", abbr="other"))


def test_group_weights_name_every_subset():
    groups = Config.fromfile(str(REPO / "configs/summarizers/groups/GaokaoBench.py")).GaokaoBench_summary_groups
    (group,) = summarizer_from_config(dict(summary_groups=groups), "gaokao groups").summary_groups
    assert set(group.subsets) == {s.abbr for s in config_specs(CONFIG)} == {k for k, _ in group.weights}
