"""Inferencers: turn rendered prompts into model requests and predictions.

- ``GenInferencer``: generate up to ``max_out_len``; the raw text is the prediction (post-processing
  happens at evaluation).
- ``PPLInferencer`` (OpenCompass semantics): each label's full prompt is scored whole; the
  prediction is the label with the lowest average token loss ``-logprob / total_tokens``.
- ``LLInferencer`` (lm-evaluation-harness semantics): only the answer continuation is scored; the
  prediction is the label with the highest summed log-probability.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from opencompass_lite.config.specs import InferencerSpec, ModelSpec
from opencompass_lite.infer.prompt import PromptBuilder
from opencompass_lite.models.base import (
    GenerationRequest,
    LoglikelihoodRequest,
    Model,
    Prompt,
)
from opencompass_lite.registry import INFERENCERS

Record = dict[str, Any]
Batch = Sequence[tuple[int, dict[str, Any]]]  # (test index, row)


def _common_prefix(texts: Sequence[str]) -> str:
    return os.path.commonprefix(list(texts)) if len(texts) > 1 else ""


@INFERENCERS.register()
class GenInferencer:
    def __init__(self, spec: InferencerSpec, model_spec: ModelSpec) -> None:
        self.max_out_len = spec.max_out_len or model_spec.max_out_len
        self.stop_words = tuple(dict.fromkeys((*spec.stop_words, *model_spec.stop_words)))
        self.generation_kwargs = dict(spec.generation_kwargs)

    def prompt_size(self, builder: PromptBuilder, index: int, row: dict[str, Any]) -> int:
        return len(str(builder.gen_prompt(row, index)))

    def infer(self, model: Model, builder: PromptBuilder, batch: Batch) -> list[Record]:
        prompts = [builder.gen_prompt(row, i) for i, row in batch]
        requests = [GenerationRequest(p, self.max_out_len, self.stop_words, self.generation_kwargs) for p in prompts]
        outputs = model.generate(requests)
        return [{"index": i, "prompt": model.render(p), "prediction": out}
                for (i, _), p, out in zip(batch, prompts, outputs, strict=True)]


class _LabelScorer:
    """Shared by PPL and LL: one request per (sample, label); pick the best-scoring label."""

    lower_is_better = False

    def __init__(self, spec: InferencerSpec, model_spec: ModelSpec) -> None:
        self.spec = spec

    def prompt_size(self, builder: PromptBuilder, index: int, row: dict[str, Any]) -> int:
        return sum(len(str(p)) for p in builder.label_prompts(row, index).values())

    def requests(self, model: Model, prompts: dict[str, Prompt]) -> list[LoglikelihoodRequest]:
        raise NotImplementedError

    def value(self, ll: Any) -> float:
        raise NotImplementedError

    def infer(self, model: Model, builder: PromptBuilder, batch: Batch) -> list[Record]:
        per_sample = [builder.label_prompts(row, i) for i, row in batch]
        requests = [r for prompts in per_sample for r in self.requests(model, prompts)]
        scores = model.loglikelihood(requests)
        records, k = [], 0
        for (i, _), prompts in zip(batch, per_sample, strict=True):
            values = {label: self.value(scores[k + j]) for j, label in enumerate(prompts)}
            k += len(prompts)
            pick = (min if self.lower_is_better else max)(values, key=values.__getitem__)
            shown = next(iter(prompts.values()))
            records.append({"index": i, "prompt": model.render(shown), "prediction": pick, "scores": values})
        return records


@INFERENCERS.register()
class PPLInferencer(_LabelScorer):
    lower_is_better = True

    def requests(self, model: Model, prompts: dict[str, Prompt]) -> list[LoglikelihoodRequest]:
        return [LoglikelihoodRequest("", model.render(p)) for p in prompts.values()]

    def value(self, ll: Any) -> float:
        return -ll.logprob / max(ll.total_tokens, 1)


@INFERENCERS.register()
class LLInferencer(_LabelScorer):
    def requests(self, model: Model, prompts: dict[str, Prompt]) -> list[LoglikelihoodRequest]:
        """Chat prompts: the final BOT turn is the continuation. Text prompts: whatever follows the
        labels' common prefix (``...Answer:`` | `` A``; the model moves the space as lm-eval does)."""
        values = list(prompts.values())
        if all(isinstance(p, tuple) and p and p[-1].role == "BOT" for p in values):
            return [LoglikelihoodRequest(p[:-1], p[-1].content) for p in values]  # type: ignore[index]
        texts = ["".join(m.content for m in p) if isinstance(p, tuple) else p for p in values]
        prefix = _common_prefix(texts)
        return [LoglikelihoodRequest(prefix, t[len(prefix):]) for t in texts]

    def value(self, ll: Any) -> float:
        return float(ll.logprob)

