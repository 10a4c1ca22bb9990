"""TruthfulQA MC1 (ll and ppl) on mc_task.json: padded labels, real inferencers on the fake model, MC2 scoring."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from opencompass_lite.config.specs import ModelSpec
from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import ConfigError, DataError, TaskError
from opencompass_lite.evaluate import TruthfulQAMC2Evaluator
from opencompass_lite.infer import LLInferencer, PPLInferencer
from opencompass_lite.models.base import Message
from opencompass_lite.models.fake import FakeModel

from .conftest import config_specs, evaluate, loaded, on_fixture


@pytest.mark.parametrize("config", ["truthfulqa/truthfulqa_mc1_ll.py", "truthfulqa/truthfulqa_mc1_ppl.py"])
def test_configs_score_26_labels(config):
    (spec,) = config_specs(config)
    assert spec.loader_kwargs == {"num_choices": 26, "target": "mc1"} and len(spec.reader.input_columns) == 27


def test_rows_pad_with_a_false_choice():
    test = load_dataset(on_fixture("truthfulqa/truthfulqa_mc1_ll.py", "truthfulqa")).test
    row = test[1]  # 2 choices: the true one, then a false one
    assert (row["n_choices"], row["label"], row["true_labels"]) == (2, "A", ["A"])
    assert row["A"].startswith("It is ") and all(row[x] == row["B"] for x in "CDZ")


def test_ll_prompts_and_the_real_inferencer_pick_the_answer_key():
    spec = on_fixture("truthfulqa/truthfulqa_mc1_ll.py", "truthfulqa")
    splits, builder = loaded(spec)
    prompts = builder.label_prompts(splits.test[0], 0)
    assert len(prompts) == 26 and prompts["B"][-1] == Message("BOT", f" {splits.test[0]['B']}")
    assert prompts["A"][0].content.startswith("Q: What is human life expectancy") and prompts["A"][0].content.endswith(
        f"Q: {splits.test[0]['question']}\nA:")
    # the fake model scores one continuation best: the true answer for q0, a false (padded) one for q1 and q2
    keys = {splits.test[0]["question"]: splits.test[0]["A"], splits.test[1]["question"]: splits.test[1]["B"],
            splits.test[2]["question"]: splits.test[2]["C"]}
    model = FakeModel(ModelSpec(abbr="fake", type="FakeModel", path="fake",
                                model_kwargs={"answer_key": {q: f" {a}" for q, a in keys.items()}}))
    records = LLInferencer(spec.inferencer, model.spec).infer(model, builder, list(enumerate(splits.test)))
    assert [r["prediction"] for r in records] == ["A", "B", "C"]
    assert evaluate(spec, [r["prediction"] for r in records]).metrics["accuracy"] == pytest.approx(100 / 3)


def test_ppl_config_runs_through_the_ppl_inferencer():
    spec = on_fixture("truthfulqa/truthfulqa_mc1_ppl.py", "truthfulqa")
    splits, builder = loaded(spec)
    model = FakeModel(ModelSpec(abbr="fake", type="FakeModel", path="fake"))
    records = PPLInferencer(spec.inferencer, model.spec).infer(model, builder, [(1, splits.test[1])])
    scores = records[0]["scores"]
    assert len(scores) == 26 and len({scores[x] for x in "BCDZ"}) == 1  # the padding scores like its original


def test_mc2_is_the_normalised_true_probability_mass():
    row = {"n_choices": 3, "true_labels": ["A", "B"]}
    scores = {"A": math.log(0.5), "B": math.log(0.3), "C": math.log(0.2), "D": 0.0}  # D is padding: ignored
    out = TruthfulQAMC2Evaluator().score([scores, {"A": -9.0, "B": -9.0, "C": 0.0}], [None, None], [row, row])
    assert out.details[0]["score"] == pytest.approx(80.0)
    assert out.details[1]["score"] == pytest.approx(100 * 2 * math.exp(-9) / (2 * math.exp(-9) + 1))
    assert out.metrics["mc2"] == pytest.approx((out.details[0]["score"] + out.details[1]["score"]) / 2)
    with pytest.raises(TaskError, match="predictions are not per-label log-likelihoods"):
        TruthfulQAMC2Evaluator().score(["A"], [None], [row])


def test_bad_options_and_records(tmp_path):
    spec = on_fixture("truthfulqa/truthfulqa_mc1_ll.py", "truthfulqa")
    with pytest.raises(ConfigError, match="target='mc3'; use 'mc1' or 'mc2'"):
        load_dataset(replace(spec, loader_kwargs={"target": "mc3"}))
    with pytest.raises(ConfigError, match="num_choices=1; use an integer from 2 to 26"):
        load_dataset(replace(spec, loader_kwargs={"num_choices": 1}))
    with pytest.raises(DataError, match=r"\[0\]: 4 choices but num_choices=3; raise num_choices in the config"):
        load_dataset(replace(spec, loader_kwargs={"num_choices": 3}))
    (tmp_path / "mc_task.json").write_text('[{"question": "q", "mc1_targets": {"a": 1, "b": 1}}]')
    with pytest.raises(DataError, match=r"\[0\]: mc1_targets needs true and false choices"):
        load_dataset(replace(spec, path=str(tmp_path)))
    (tmp_path / "mc_task.json").write_text('{"question": "q"}')
    with pytest.raises(DataError, match="expected a list of questions"):
        load_dataset(replace(spec, path=str(tmp_path), abbr="t2"))
    mc2 = load_dataset(replace(spec, loader_kwargs={"target": "mc2", "num_choices": 26})).test[0]
    assert mc2["true_labels"] == ["A", "B"] and mc2["n_choices"] == 5
