"""Math answers: LaTeX normalisation, equivalence, and the MATH / GSM8K evaluators.

``\\dfrac{1}{2}``, ``\\frac12``, ``1/2`` and ``0.5`` are one answer; so are ``10\\text{ cm}`` and ``10``,
``30^\\circ`` and ``30``, ``\\$5`` and ``5``. Normalisation follows the MATH paper's ``is_equiv``
(Hendrycks et al. 2021) plus a numeric comparison for what string rules miss.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from opencompass_lite.evaluate.aggregate import mean
from opencompass_lite.evaluate.base import EvalOutput
from opencompass_lite.evaluate.evaluators import check_lengths
from opencompass_lite.evaluate.postprocess import clean_number, gsm8k_postprocess, last_boxed
from opencompass_lite.registry import EVALUATORS

_DROP = ("\n", "\\!", "\\,", "\\;", "\\:", "\\left", "\\right", "\\$", "$", "\\%", "%", "°")
_UNIT_TEXT = re.compile(r"(.*?\d.*?)\s*\\(?:text|mbox|mathrm)\{\s*[^{}]*\}(?:\^\{?\d\}?)?\s*")
_UNIT_WORDS = re.compile(r"(-?[\d.,]+)\s*(?:[a-zA-Z]{2,}\s*)+")


def _strip_text_and_units(s: str) -> str:
    """``10\\text{ inches}`` → ``10``; ``\\text{(B)}`` → ``(B)``; ``12 cm`` → ``12``."""
    m = _UNIT_TEXT.fullmatch(s) or _UNIT_WORDS.fullmatch(s)
    if m:
        s = m.group(1)
    return re.sub(r"\\(?:text|textbf|mbox|mathrm)\{([^{}]*)\}", r"\1", s)


def _fix_fracs(s: str) -> str:
    """``\\frac12`` → ``\\frac{1}{2}``, ``\\frac1{2}`` → ``\\frac{1}{2}``, ``\\frac{1}2`` → ``\\frac{1}{2}``."""
    s = re.sub(r"\\frac(\w)(\w)", r"\\frac{\1}{\2}", s)
    s = re.sub(r"\\frac(\w)\{", r"\\frac{\1}{", s)
    return re.sub(r"\\frac\{([^{}]*)\}(\w)", r"\\frac{\1}{\2}", s)


def normalize_math_answer(answer: Any) -> str:
    """One canonical spelling of a final answer (a ``\\boxed{}`` inside is unwrapped first)."""
    s = "" if answer is None else str(answer).strip()
    boxed = last_boxed(s)
    s = boxed if boxed is not None else s
    s = s.replace("\\\\", "\\").replace("tfrac", "frac").replace("dfrac", "frac")
    for token in _DROP:
        s = s.replace(token, "")
    s = re.sub(r"\^\s*\{\s*\\circ\s*\}|\^\s*\\circ", "", s).strip()
    s = _strip_text_and_units(s).strip()
    lhs = re.fullmatch(r"([a-zA-Z]\w?)\s*=\s*(.+)", s)  # "x = 5" → "5"
    if lhs:
        s = lhs.group(2)
    s = re.sub(r"\\sqrt(\w)", r"\\sqrt{\1}", s)
    s = s.replace(" ", "").rstrip(".")
    s = re.sub(r"(^|[{(\[,=])\.(\d)", r"\g<1>0.\2", s)  # ".5" → "0.5"
    s = _fix_fracs(s)
    ratio = re.fullmatch(r"(-?\d+)/(\d+)", s)
    if ratio:
        s = f"\\frac{{{ratio.group(1)}}}{{{ratio.group(2)}}}"
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?|-?\d+\.\d+", s):
        s = clean_number(s)
    return s


def _value(s: str) -> float | None:
    """The number a normalised answer denotes, if it is a plain number or fraction."""
    if re.fullmatch(r"-?\d+(\.\d+)?", s):
        return float(s)
    m = re.fullmatch(r"(-?)\\frac\{(-?\d+(?:\.\d+)?)\}\{(-?\d+(?:\.\d+)?)\}", s)
    if m and float(m.group(3)) != 0:
        return (-1 if m.group(1) else 1) * float(m.group(2)) / float(m.group(3))
    return None


def is_equiv(prediction: Any, reference: Any) -> bool:
    """Whether two final answers agree after normalisation (or denote the same number)."""
    a, b = normalize_math_answer(prediction), normalize_math_answer(reference)
    if not a or not b:
        return False
    if a == b:
        return True
    va, vb = _value(a), _value(b)
    return va is not None and vb is not None and abs(va - vb) <= 1e-9 * max(1.0, abs(vb))


@EVALUATORS.register()
class MATHEvaluator:
    """Accuracy on MATH-style answers by ``is_equiv``; references may be full solutions with ``\\boxed``."""

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("MATHEvaluator", predictions, references)
        details = [{"pred": p, "answer": r, "normalized_pred": normalize_math_answer(p),
                    "normalized_answer": normalize_math_answer(r), "correct": is_equiv(p, r)}
                   for p, r in zip(predictions, references, strict=True)]
        return EvalOutput({"accuracy": 100 * mean(d["correct"] for d in details)}, details)


@EVALUATORS.register()
class GSM8KEvaluator:
    """Accuracy on the final number: the prediction's (``gsm8k_postprocess``) vs the reference's
    (``#### 72`` or a bare number), compared as numbers (``72.0`` == ``72``)."""

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("GSM8KEvaluator", predictions, references)
        details = []
        for pred, ref in zip(predictions, references, strict=True):
            p, r = gsm8k_postprocess(str(pred or "")), gsm8k_postprocess(str(ref or ""))
            correct = bool(p and r) and abs(float(p) - float(r)) <= 1e-6 * max(1.0, abs(float(r)))
            details.append({"pred": pred, "answer": ref, "extracted_pred": p, "extracted_answer": r,
                            "correct": correct})
        return EvalOutput({"accuracy": 100 * mean(d["correct"] for d in details)}, details)
