"""Corpus-level perplexity and bits per byte from ``RefLLInferencer`` predictions.

Sums run over the corpus before dividing (a long document weighs more), as lm-eval's
``weighted_perplexity`` and ``bits_per_byte`` aggregate:

- ``bits_per_byte = Σ nll / (ln 2 · Σ bytes)`` (the headline: it does not depend on the tokenizer)
- ``byte_perplexity = exp(Σ nll / Σ bytes)``
- ``word_perplexity = exp(Σ nll / Σ words)``, words separated by whitespace (meaningless for text
  written without spaces, e.g. Chinese; left out when there are no words)
- ``perplexity = exp(Σ nll / Σ tokens)`` per token of the model's own tokenizer: compare it only
  between models that share a tokenizer
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from opencompass_lite.errors import DataError, TaskError
from opencompass_lite.evaluate.base import EvalOutput
from opencompass_lite.evaluate.evaluators import check_lengths
from opencompass_lite.registry import EVALUATORS

_FIELDS = ("nll", "num_tokens", "num_bytes")
_MAX_EXPONENT = 700.0  # exp() of more overflows a float


def _counts(pred: Any, index: int) -> tuple[float, int, int]:
    if not isinstance(pred, dict) or not all(isinstance(pred.get(k), (int, float)) for k in _FIELDS):
        raise TaskError(f"PerplexityEvaluator: prediction {index} is {str(pred)[:60]!r}, not {{nll, num_tokens, "
                        f"num_bytes}}; score the dataset with RefLLInferencer")
    if not math.isfinite(pred["nll"]):
        raise TaskError(f"PerplexityEvaluator: prediction {index} has nll {pred['nll']}; re-run inference")
    return float(pred["nll"]), int(pred["num_tokens"]), int(pred["num_bytes"])


@EVALUATORS.register()
class PerplexityEvaluator:
    """``count_column``: count bytes and words on this row column instead of the scored reference
    (lm-eval's wikitext scores the detokenized page but counts them on the original one)."""

    def __init__(self, count_column: str | None = None) -> None:
        self.count_column = count_column

    def _text(self, reference: Any, row: dict[str, Any], index: int) -> str | None:
        if self.count_column is None:
            return reference if isinstance(reference, str) else None
        text = row.get(self.count_column)
        if not isinstance(text, str):
            raise DataError(f"PerplexityEvaluator: row {index} has no text column {self.count_column!r} to count "
                            f"bytes and words on; fix count_column in eval_cfg")
        return text

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("PerplexityEvaluator", predictions, references)
        details = []
        for i, (pred, ref, row) in enumerate(zip(predictions, references, rows, strict=True)):
            nll, tokens, n_bytes = _counts(pred, i)
            text = self._text(ref, row, i)
            n_bytes = len(text.encode("utf-8", "surrogatepass")) if self.count_column else n_bytes
            details.append({"nll": nll, "num_tokens": tokens, "num_bytes": n_bytes,
                            "num_words": len(text.split()) if text is not None else 0,
                            "bits_per_byte": nll / (math.log(2) * n_bytes) if n_bytes else 0.0})
        nll, tokens, n_bytes, words = (math.fsum(d[k] for d in details)
                                       for k in ("nll", "num_tokens", "num_bytes", "num_words"))
        if tokens == 0 or n_bytes == 0:
            raise TaskError(f"PerplexityEvaluator: {len(details)} samples scored {tokens:.0f} tokens over "
                            f"{n_bytes:.0f} bytes; nothing to average: check the references are not empty")
        metrics = {"bits_per_byte": nll / (math.log(2) * n_bytes)}
        for name, count in (("byte_perplexity", n_bytes), ("word_perplexity", words), ("perplexity", tokens)):
            if count and nll / count < _MAX_EXPONENT:  # results hold finite numbers only
                metrics[name] = math.exp(nll / count)
        return EvalOutput(metrics, details)
