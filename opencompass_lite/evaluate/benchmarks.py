"""Scorers specific to one benchmark family: AGIEval multi-answer letters, BBH answer extraction,
GAOKAO-Bench per-question-type scoring, TriviaQA (EM / F1 over aliases), TruthfulQA MC2.

Names follow OpenCompass (``bbh_mcq_postprocess``, ``GaokaoBenchEvaluator``, ...) so its configs
read the same; the extraction rules are OpenCompass's, re-implemented.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from opencompass_lite.errors import ConfigError, TaskError
from opencompass_lite.evaluate.aggregate import mean
from opencompass_lite.evaluate.base import EvalOutput
from opencompass_lite.evaluate.evaluators import aliases, check_lengths, token_f1
from opencompass_lite.evaluate.postprocess import general_postprocess, normalize_answer
from opencompass_lite.registry import EVALUATORS, POSTPROCESSORS


@POSTPROCESSORS.register()
def first_capital_postprocess_multi(text: str) -> str:
    """The first run of option letters A-D (``'答案是：AC'`` → ``'AC'``), for multiple-answer questions."""
    m = re.search(r"[A-D]+", text)
    return m.group(0) if m else ""


def _after_answer_is(text: str) -> str:
    """The text after the first ``answer is `` (up to a second one), else all of it."""
    parts = text.split("answer is ")
    return parts[1].strip() if len(parts) > 1 else text


@POSTPROCESSORS.register()
def bbh_mcq_postprocess(text: str) -> str:
    """BBH multiple choice: ``'... So the answer is (B).'`` → ``'B'``; also maps the target ``'(B)'``."""
    ans = _after_answer_is(text)
    m = re.search(r"\(([A-Z])\)", ans) or re.search(r"\(([A-Z])", ans) or re.search(r"([A-Z])", ans)
    return m.group(1) if m else ans


@POSTPROCESSORS.register()
def bbh_freeform_postprocess(text: str) -> str:
    """BBH free form: the first line after ``answer is``, minus a final period and ``**bold**`` marks."""
    ans = _after_answer_is(text).split("\n")[0].strip()
    ans = ans[:-1].strip() if ans.endswith(".") else ans
    m = re.search(r"\*\*(.*?)\*\*", ans)
    return m.group(1) if m else ans


GAOKAO_TYPES = ("single_choice", "multi_choice", "multi_question_choice", "five_out_of_seven")


def gaokao_extract(output: str, question_type: str, n_answers: int) -> list[str]:
    """The model's answer list, in the shape of the reference (GAOKAO-Bench's rules)."""
    if question_type == "single_choice":  # the last A-D letter
        found = re.findall(r"[A-D]", output)
        return found[-1:]
    if question_type == "multi_question_choice":  # one "【答案】X" per sub-question, else the first letters
        tagged = re.findall(r"【答案】\s*[:：]*\s*([A-Z])", output)
        return tagged if len(tagged) == n_answers else re.findall(r"[A-Z]", output)[:n_answers]
    if question_type == "multi_choice":  # all letters after 【答案】, else in the last 10 characters
        content = re.sub(r"\s+", "", output)
        at = content.find("【答案】")
        letters = "".join(re.findall(r"[A-D]", content[at:] if at > 0 else content[-10:]))
        return [letters] if letters else []
    return re.findall(r"[A-G]", output)[:5]  # five_out_of_seven


@EVALUATORS.register()
class GaokaoBenchEvaluator:
    """Points over sub-questions: 1 per correct letter, or for ``multi_choice`` 2 per exact set and 1 for
    a correct subset. A prediction of the wrong length scores 0. ``score`` = points / total * 100."""

    def __init__(self, question_type: str) -> None:
        if question_type not in GAOKAO_TYPES:
            raise ConfigError(f"GaokaoBenchEvaluator: question_type {question_type!r} unknown; "
                              f"use one of {', '.join(GAOKAO_TYPES)}")
        self.question_type = question_type

    def _points(self, pred: list[str], ref: list[str]) -> tuple[int, int]:
        if len(pred) != len(ref):
            pred = ["Z"] * len(ref)
        if self.question_type != "multi_choice":
            return sum(p == r for p, r in zip(pred, ref, strict=True)), len(ref)
        got = sum(2 if p == r else int(set(p) <= set(r)) for p, r in zip(pred, ref, strict=True))
        return got, 2 * len(ref)

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("GaokaoBenchEvaluator", predictions, references)
        details, got, total = [], 0, 0
        for pred, ref in zip(predictions, references, strict=True):
            ref = aliases(ref)
            extracted = gaokao_extract(str(pred or ""), self.question_type, len(ref))
            points, out_of = self._points(extracted, ref)
            got, total = got + points, total + out_of
            details.append({"pred": extracted, "answer": ref, "points": points, "out_of": out_of,
                            "correct": points == out_of})
        return EvalOutput({"score": 100 * got / total if total else 0.0}, details)


def triviaqa_answer(text: str) -> str:
    """The short answer in a generation: first line, after ``answer is`` / ``A:`` / ``answer:``."""
    text = text.strip().split("\n")[0].lower()
    for cue in ("answer is", "a:", "answer:"):
        text = text.split(cue)[-1]
    return general_postprocess(text.strip())


@EVALUATORS.register()
class TriviaQAEvaluator:
    """Exact match and token F1 against the alias list (best alias), plus OpenCompass's ``score``:
    an alias contained in the normalised answer."""

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("TriviaQAEvaluator", predictions, references)
        details = []
        for pred, ref in zip(predictions, references, strict=True):
            answer, refs = triviaqa_answer(str(pred or "")), [normalize_answer(a) for a in aliases(ref)]
            details.append({"pred": answer, "answer": ref, "correct": answer in refs,
                            "f1": 100 * max(token_f1(answer, a) for a in refs),
                            "contains": any(a and a in answer for a in refs)})
        return EvalOutput({"exact_match": 100 * mean(d["correct"] for d in details),
                           "f1": mean(d["f1"] for d in details),
                           "score": 100 * mean(d["contains"] for d in details)}, details)


@EVALUATORS.register()
class TruthfulQAMC2Evaluator:
    """MC2: the normalised probability mass on the true choices, from each label's summed
    log-likelihood (``LLInferencer`` scores; padded labels past ``n_choices`` are ignored).
    Needs per-label scores as predictions (``needs_scores``), not the chosen label. PPL scores
    (average losses, >= 0) are refused: they are not answer probabilities."""

    needs_scores = True

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("TruthfulQAMC2Evaluator", predictions, rows)
        details = []
        for scores, row in zip(predictions, rows, strict=True):
            if not isinstance(scores, dict):
                raise TaskError("TruthfulQAMC2Evaluator: predictions are not per-label log-likelihoods; "
                                "score MC2 with LLInferencer and pass prediction scores to the evaluator")
            real = [chr(ord("A") + i) for i in range(row["n_choices"])]
            bad = next((label for label in real if not scores.get(label, 1) <= 0), None)
            if bad is not None:
                raise TaskError(f"TruthfulQAMC2Evaluator: choice {bad} has no log-likelihood (score "
                                f"{scores.get(bad)!r}; PPL losses are > 0); score MC2 with LLInferencer (truthfulqa_mc2_ll)")
            top = max(scores[label] for label in real)
            probs = {label: math.exp(scores[label] - top) for label in real}
            mass = sum(probs[label] for label in row["true_labels"]) / sum(probs.values())
            details.append({"pred": max(real, key=scores.__getitem__), "answer": row["true_labels"],
                            "score": 100 * mass, "correct": mass > 0.5})
        return EvalOutput({"mc2": mean(d["score"] for d in details)}, details)
