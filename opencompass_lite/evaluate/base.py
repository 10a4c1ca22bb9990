"""Evaluation interfaces: per-sample scoring kept apart from aggregation.

An evaluator scores each sample (``details``) and aggregates with a named aggregator; results keep
``n`` so summary groups can weight by it. Postprocessors map a raw prediction string to the string
that is compared (e.g. ``first_capital_postprocess``).

Example::

    @EVALUATORS.register()
    class EMEvaluator:
        def __init__(self, **kwargs): ...
        def score(self, predictions, references, rows):
            details = [{"pred": p, "answer": r, "correct": p == r} for p, r in zip(predictions, references)]
            return EvalOutput(metrics={"exact_match": 100 * mean(d["correct"] for d in details)}, details=details)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class EvalOutput:
    metrics: dict[str, float]  # percentages for accuracy-like metrics (OpenCompass prints 0–100)
    details: list[dict[str, Any]]  # one per sample, in input order


class Evaluator(Protocol):
    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        """``predictions`` are post-processed; ``rows`` are the dataset's test rows (for extra fields)."""
        ...
