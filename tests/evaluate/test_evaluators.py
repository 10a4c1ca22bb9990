"""Evaluators and aggregators beyond the metric tables: bad inputs, details, registration."""

from __future__ import annotations

import pytest

from opencompass_lite.errors import ConfigError, TaskError
from opencompass_lite.evaluate import aggregate
from opencompass_lite.registry import EVALUATORS, POSTPROCESSORS

TEXT_EVALUATORS = ["AccEvaluator", "EMEvaluator", "F1Evaluator", "BleuEvaluator", "RougeEvaluator",
                   "MATHEvaluator", "GSM8KEvaluator", "HumanEvalEvaluator"]


def test_registered_names():
    assert set(TEXT_EVALUATORS) <= set(EVALUATORS.names())
    assert {"first_capital_postprocess", "first_option_postprocess", "last_option_postprocess", "gsm8k_postprocess",
            "math_postprocess", "general_postprocess", "humaneval_postprocess"} <= set(POSTPROCESSORS.names())


@pytest.mark.parametrize("name", TEXT_EVALUATORS)
def test_prediction_count_mismatch_is_a_task_error(name):
    with pytest.raises(TaskError, match=f"{name}: 1 predictions but 2 references; re-run inference"):
        EVALUATORS.get(name)().score(["a"], ["a", "b"], [{}, {}])


@pytest.mark.parametrize("name", [n for n in TEXT_EVALUATORS if n != "HumanEvalEvaluator"])
def test_details_one_per_sample_with_pred_answer_and_a_score(name):
    out = EVALUATORS.get(name)().score(["7", None], ["7", "8"], [{}, {}])
    assert len(out.details) == 2
    for d, (pred, ref) in zip(out.details, [("7", "7"), (None, "8")], strict=True):
        assert d["pred"] == pred and d["answer"] == ref and ("correct" in d or "score" in d)
    assert all(0.0 <= v <= 100.0 for v in out.metrics.values())


@pytest.mark.parametrize("name", [n for n in TEXT_EVALUATORS if n != "HumanEvalEvaluator"])
def test_empty_input_scores_zero(name):
    out = EVALUATORS.get(name)().score([], [], [])
    assert out.details == [] and all(v == 0.0 for v in out.metrics.values())


def test_bleu_unknown_tokenizer_is_a_config_error():
    with pytest.raises(ConfigError, match="BleuEvaluator: tokenize='klingon'"):
        EVALUATORS.get("BleuEvaluator")(tokenize="klingon")


def test_bleu_chinese_tokenizer():
    out = EVALUATORS.get("BleuEvaluator")(tokenize="zh").score(["我爱北京天安门"], ["我爱北京天安门"], [{}])
    assert out.metrics["bleu"] == pytest.approx(100.0)


@pytest.mark.parametrize("values, weights", [([1.0], [1, 2]), ([1.0, 2.0], [1, -1])])
def test_weighted_mean_bad_weights(values, weights):
    with pytest.raises(ValueError, match="weighted_mean"):
        aggregate.weighted_mean(values, weights)


@pytest.mark.parametrize("n, c, k", [(5, 6, 1), (5, -1, 1), (5, 2, 0), (5, 2, 6)])
def test_pass_at_k_bad_arguments(n, c, k):
    with pytest.raises(ValueError, match="estimate_pass_at_k"):
        aggregate.estimate_pass_at_k(n, c, k)


@pytest.mark.parametrize("name", ["first_capital_postprocess", "first_option_postprocess", "last_option_postprocess",
                                  "gsm8k_postprocess", "math_postprocess", "general_postprocess",
                                  "humaneval_postprocess"])
def test_postprocessors_accept_empty_text(name):
    assert POSTPROCESSORS.get(name)("") == ""
