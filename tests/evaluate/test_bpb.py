"""PerplexityEvaluator beyond the metric table (tests/fixtures/metrics/perplexity.json): counting on
another column, overflowing perplexities, and the predictions it refuses."""

from __future__ import annotations

import math

import pytest

from opencompass_lite.errors import DataError, TaskError
from opencompass_lite.evaluate import PerplexityEvaluator


def pred(nll: float, tokens: int = 4, n_bytes: int = 10) -> dict:
    return {"nll": nll, "num_tokens": tokens, "num_bytes": n_bytes, "num_windows": 1}


def test_count_column_counts_bytes_and_words_on_the_original_text():
    rows = [{"page": " A  @-@ B ", "text": "A-B"}]  # lm-eval: score the detokenized text, count on the page
    out = PerplexityEvaluator(count_column="page").score([pred(10 * math.log(2), n_bytes=3)], ["A-B"], rows)
    assert out.details[0] | {"nll": 0} == {"nll": 0, "num_tokens": 4, "num_bytes": 10, "num_words": 3,
                                            "bits_per_byte": 1.0}
    assert out.metrics["bits_per_byte"] == pytest.approx(1.0)
    assert out.metrics["word_perplexity"] == pytest.approx(2 ** (10 / 3))
    assert list(out.metrics) == ["bits_per_byte", "byte_perplexity", "word_perplexity", "perplexity"]


def test_perplexities_that_overflow_are_left_out_and_no_words_means_no_word_perplexity():
    out = PerplexityEvaluator().score([pred(5000.0, tokens=4, n_bytes=5000)], [None], [{}])
    assert set(out.metrics) == {"bits_per_byte", "byte_perplexity"}  # 1250 nats per token: exp overflows
    assert all(math.isfinite(v) for v in out.metrics.values())


@pytest.mark.parametrize(("predictions", "message"), [
    (["B"], r"prediction 0 is 'B', not \{nll, num_tokens, num_bytes\}; score the dataset with RefLLInferencer"),
    ([{"nll": 1.0, "num_tokens": 2}], "prediction 0 is .*not {nll"),
    ([pred(float("nan"))], "prediction 0 has nll nan; re-run inference"),
    ([pred(0.0, tokens=0)], "1 samples scored 0 tokens over 10 bytes; nothing to average"),
])
def test_refused_predictions(predictions, message):
    with pytest.raises(TaskError, match=message):
        PerplexityEvaluator().score(predictions, ["text"], [{}])


def test_a_missing_count_column_and_a_length_mismatch():
    with pytest.raises(DataError, match="row 0 has no text column 'page' to count bytes and words on"):
        PerplexityEvaluator(count_column="page").score([pred(1.0)], ["t"], [{"text": "t"}])
    with pytest.raises(TaskError, match="2 predictions but 1 references"):
        PerplexityEvaluator().score([pred(1.0), pred(1.0)], ["t"], [{}])
