"""Text evaluators: accuracy, exact match, token F1, BLEU, ROUGE.

Each scores every sample (``details``) and aggregates with ``aggregate.mean``; metrics are
percentages like OpenCompass prints them. A reference may be one string or a list of aliases
(any alias counts).
"""

from __future__ import annotations

import collections
import logging
import re
from collections.abc import Sequence
from typing import Any

from opencompass_lite.errors import ConfigError, TaskError
from opencompass_lite.evaluate.aggregate import mean
from opencompass_lite.evaluate.base import EvalOutput
from opencompass_lite.evaluate.postprocess import normalize_answer
from opencompass_lite.registry import EVALUATORS


def check_lengths(who: str, predictions: Sequence[Any], references: Sequence[Any]) -> None:
    if len(predictions) != len(references):
        raise TaskError(f"{who}: {len(predictions)} predictions but {len(references)} references; "
                        f"re-run inference so every sample has a prediction")


def aliases(reference: Any) -> list[str]:
    """A reference as its list of acceptable answers."""
    if isinstance(reference, (list, tuple)):
        return ["" if r is None else str(r) for r in reference]
    return ["" if reference is None else str(reference)]


def _text(x: Any) -> str:
    return "" if x is None else str(x)


@EVALUATORS.register()
class AccEvaluator:
    """Accuracy: the prediction equals the reference (or one alias) after ``str`` and ``strip``."""

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("AccEvaluator", predictions, references)
        details = []
        for pred, ref in zip(predictions, references, strict=True):
            p = _text(pred).strip()
            details.append({"pred": pred, "answer": ref, "correct": any(p == a.strip() for a in aliases(ref))})
        return EvalOutput({"accuracy": 100 * mean(d["correct"] for d in details)}, details)


@EVALUATORS.register()
class EMEvaluator:
    """Exact match after SQuAD normalisation, against a reference or any of its aliases."""

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("EMEvaluator", predictions, references)
        details = []
        for pred, ref in zip(predictions, references, strict=True):
            p = normalize_answer(_text(pred))
            details.append({"pred": pred, "answer": ref,
                            "correct": any(p == normalize_answer(a) for a in aliases(ref))})
        return EvalOutput({"exact_match": 100 * mean(d["correct"] for d in details)}, details)


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD token F1 after normalisation; two empty answers agree (1.0)."""
    pred, ref = normalize_answer(prediction).split(), normalize_answer(reference).split()
    if not pred or not ref:
        return float(pred == ref)
    common = sum((collections.Counter(pred) & collections.Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


@EVALUATORS.register()
class F1Evaluator:
    """Token F1 (SQuAD), the best over the reference's aliases."""

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("F1Evaluator", predictions, references)
        details = []
        for pred, ref in zip(predictions, references, strict=True):
            f1 = max(token_f1(_text(pred), a) for a in aliases(ref))
            details.append({"pred": pred, "answer": ref, "score": 100 * f1, "correct": f1 == 1.0})
        return EvalOutput({"f1": mean(d["score"] for d in details)}, details)


@EVALUATORS.register()
class BleuEvaluator:
    """Corpus BLEU with sacrebleu (``tokenize='13a'`` default; ``'zh'`` for Chinese, ``'flores200'`` ...);
    details carry sentence BLEU."""

    def __init__(self, tokenize: str = "13a", lowercase: bool = False) -> None:
        from sacrebleu.metrics import BLEU

        try:
            self._corpus = BLEU(tokenize=tokenize, lowercase=lowercase)
            self._sentence = BLEU(tokenize=tokenize, lowercase=lowercase, effective_order=True)
        except Exception as e:  # sacrebleu raises a bare error for an unknown tokenizer
            raise ConfigError(f"BleuEvaluator: tokenize={tokenize!r} rejected by sacrebleu ({e}); "
                              f"use one of 13a, intl, zh, char, none") from e

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("BleuEvaluator", predictions, references)
        hyps = [_text(p) for p in predictions]
        refs = [aliases(r) for r in references]
        # sacrebleu wants reference *streams*: stream j holds every sample's j-th alias (None: none)
        streams = [[r[j] if j < len(r) else None for r in refs] for j in range(max(map(len, refs), default=1))]
        corpus = self._corpus.corpus_score(hyps, streams).score if hyps else 0.0
        details = [{"pred": p, "answer": r, "score": self._sentence.sentence_score(h, a).score}
                   for p, r, h, a in zip(predictions, references, hyps, refs, strict=True)]
        return EvalOutput({"bleu": corpus}, details)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class _MixedTokenizer:
    """rouge-score's tokenizer drops non-ASCII text; Chinese is cut into words with jieba instead."""

    def __init__(self) -> None:
        from rouge_score.tokenizers import DefaultTokenizer

        self._default = DefaultTokenizer(use_stemmer=False)

    def tokenize(self, text: str) -> list[str]:
        if not _CJK.search(text):
            return self._default.tokenize(text)
        import jieba

        jieba.setLogLevel(logging.WARNING)
        return [t.lower() for t in jieba.lcut(text) if re.search(r"\w", t)]


@EVALUATORS.register()
class RougeEvaluator:
    """Mean ROUGE-1/2/L F-measure (rouge-score), best over aliases; Chinese tokenised with jieba."""

    ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")

    def __init__(self) -> None:
        from rouge_score.rouge_scorer import RougeScorer

        self._scorer = RougeScorer(list(self.ROUGE_TYPES), tokenizer=_MixedTokenizer())

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("RougeEvaluator", predictions, references)
        details = []
        for pred, ref in zip(predictions, references, strict=True):
            per_alias = [self._scorer.score(a, _text(pred)) for a in aliases(ref)]
            scores = {t: 100 * max(s[t].fmeasure for s in per_alias) for t in self.ROUGE_TYPES}
            details.append({"pred": pred, "answer": ref, "score": scores["rougeL"], **scores})
        return EvalOutput({t: mean(d[t] for d in details) for t in self.ROUGE_TYPES}, details)
