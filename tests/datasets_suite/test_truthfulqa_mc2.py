"""TruthfulQA MC2: each question scored on its own choices (choice_labels), MC2 equal to a hand computation."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from opencompass_lite.config.specs import ModelSpec
from opencompass_lite.errors import DataError, TaskError
from opencompass_lite.evaluate import TruthfulQAMC2Evaluator
from opencompass_lite.infer import LLInferencer, PPLInferencer
from opencompass_lite.models.fake import FakeModel

from .conftest import config_specs, loaded, on_fixture

MC2 = "truthfulqa/truthfulqa_mc2_ll.py"


def mass(scores: dict[str, float], true: list[str]) -> float:
    """MC2 of one question, written out: normalised probability of the true choices, in percent."""
    p = {label: math.exp(s) for label, s in scores.items()}
    return 100 * sum(p[label] for label in true) / sum(p.values())


def test_config_and_rows_carry_each_questions_own_labels():
    (spec,) = config_specs(MC2)
    assert spec.loader_kwargs == {"num_choices": 26, "target": "mc2"} and spec.mode == "ll"
    splits, builder = loaded(on_fixture(MC2, "truthfulqa"))
    assert [r["choice_labels"] for r in splits.test] == [list("ABCDE"), list("ABC"), list("ABCD")]
    assert [r["true_labels"] for r in splits.test] == [["A", "B"]] * 3
    assert [list(builder.label_prompts(r, i)) for i, r in enumerate(splits.test)] == [list("ABCDE"), list("ABC"),
                                                                                     list("ABCD")]
    mc1, _ = loaded(on_fixture("truthfulqa/truthfulqa_mc1_ll.py", "truthfulqa"))
    assert "choice_labels" not in mc1.test[0]  # MC1 keeps its 26 padded labels (padding cannot change the best)


def test_ll_scores_give_the_hand_computed_mc2():
    spec = on_fixture(MC2, "truthfulqa")
    splits, builder = loaded(spec)
    q0 = splits.test[0]
    model = FakeModel(ModelSpec(abbr="fake", type="FakeModel", path="fake",
                                model_kwargs={"answer_key": {q0["question"]: f" {q0['B']}"}}))
    records = LLInferencer(spec.inferencer, model.spec).infer(model, builder, list(enumerate(splits.test)))
    scores = [r["scores"] for r in records]
    assert [len(s) for s in scores] == [5, 3, 4] and records[0]["prediction"] == "B"
    out = TruthfulQAMC2Evaluator().score(scores, [r["label"] for r in splits.test], splits.test)
    by_hand = [mass(s, r["true_labels"]) for s, r in zip(scores, splits.test, strict=True)]
    assert [d["score"] for d in out.details] == pytest.approx(by_hand, abs=1e-9)
    assert out.metrics["mc2"] == pytest.approx(sum(by_hand) / 3, abs=1e-9)
    assert out.details[0]["score"] > 90  # the answer key's true choice holds nearly all the mass
    padded = {**scores[1], **{x: scores[1]["C"] for x in "DEFGHIJKLMNOPQRSTUVWXYZ"}}  # copies of false choice C
    assert mass(padded, ["A", "B"]) < by_hand[1]  # why MC2 must not score MC1's padding


def test_ppl_scores_are_refused():
    spec = replace(on_fixture(MC2, "truthfulqa"), inferencer=replace(config_specs(MC2)[0].inferencer,
                                                                     type="PPLInferencer"))
    splits, builder = loaded(spec)
    model = FakeModel(ModelSpec(abbr="fake", type="FakeModel", path="fake"))
    records = PPLInferencer(spec.inferencer, model.spec).infer(model, builder, [(1, splits.test[1])])
    with pytest.raises(TaskError, match="choice A has no log-likelihood .*score MC2 with LLInferencer"):
        TruthfulQAMC2Evaluator().score([records[0]["scores"]], [None], [splits.test[1]])
    with pytest.raises(TaskError, match="choice C has no log-likelihood \\(score None"):
        TruthfulQAMC2Evaluator().score([{"A": -1.0, "B": -2.0}], [None], [splits.test[1]])


@pytest.mark.parametrize("labels", [["A", "ZZ"], [], "AB"])
def test_bad_choice_labels(labels):
    splits, builder = loaded(on_fixture(MC2, "truthfulqa"))
    with pytest.raises(DataError, match=r"test row 2 choice_labels .* must be a non-empty list of the config's "
                                        r"labels \(A, B, .*Z\)"):
        builder.label_prompts({**splits.test[2], "choice_labels": labels}, 2)
