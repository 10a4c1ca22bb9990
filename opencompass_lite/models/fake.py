"""A deterministic, scriptable model for fast tests: no torch, same answers on every machine and run.

Example::

    models = [dict(type=FakeModel, abbr='fake', path='fake', model_kwargs=dict(
        outputs={'2+2': 'The answer is 4.'},       # prompt substring -> completion (first match wins)
        default='C',                               # otherwise (absent: a letter A-D from the prompt's hash)
        answer_key={'capital of France': 'B'},     # prompt substring -> continuation that scores best
    ))]

Generation honours ``max_out_len`` (counted in whitespace-separated words, the fake's "tokens") and
stop words. Log-likelihoods come from sha256 of (context, continuation); a continuation named by
``answer_key`` scores best under both rules (highest ``logprob``, lowest ``-logprob/total_tokens``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from opencompass_lite.config.specs import ModelSpec
from opencompass_lite.errors import ModelError
from opencompass_lite.models.base import (
    GenerationRequest,
    Loglikelihood,
    LoglikelihoodRequest,
    Prompt,
    prompt_text,
)
from opencompass_lite.models.generation import cut_at_stop
from opencompass_lite.registry import MODELS

_WORD = re.compile(r"\S+")


def _unit(*parts: str) -> float:
    """A stable number in [0, 1) from text (sha256, unlike ``hash`` which changes per process)."""
    digest = hashlib.sha256("\x00".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _n_words(text: str) -> int:
    return len(_WORD.findall(text))


def _first_words(text: str, n: int) -> str:
    """``text`` cut after its ``n``-th word, original spacing kept."""
    words = list(_WORD.finditer(text))
    return text if len(words) <= n else text[: words[n - 1].end()] if n > 0 else ""


@MODELS.register()
class FakeModel:
    """Scripted answers from ``spec.model_kwargs``: ``outputs``, ``default``, ``answer_key``."""

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        kwargs = spec.model_kwargs
        for key in ("outputs", "answer_key"):
            if not isinstance(kwargs.get(key, {}), dict):
                raise ModelError(f"{spec.abbr}: model_kwargs {key} must be a dict of prompt substring -> text")
        self.outputs: dict[str, str] = dict(kwargs.get("outputs", {}))
        self.answer_key: dict[str, str] = dict(kwargs.get("answer_key", {}))
        self.default: str | None = kwargs.get("default")

    def render(self, prompt: Prompt) -> str:
        return prompt_text(prompt)

    def generate(self, requests: Sequence[GenerationRequest]) -> list[str]:
        return [self._complete(r) for r in requests]

    def _complete(self, request: GenerationRequest) -> str:
        text = self.render(request.prompt)
        completion = next((out for key, out in self.outputs.items() if key in text), None)
        if completion is None:
            completion = self.default if self.default is not None else "ABCD"[int(_unit(text) * 4)]
        completion = _first_words(completion, request.max_out_len)
        return cut_at_stop(completion, (*self.spec.stop_words, *request.stop_words))

    def loglikelihood(self, requests: Sequence[LoglikelihoodRequest]) -> list[Loglikelihood]:
        return [self._score(self.render(r.context) if r.context else "", r.continuation) for r in requests]

    def _score(self, context: str, continuation: str) -> Loglikelihood:
        whole = context + continuation
        n = max(_n_words(continuation), 1)
        answer = next((a for key, a in self.answer_key.items() if key in whole), None)
        preferred = answer is not None and whole.rstrip().endswith(answer.strip())
        per_token = 0.01 if preferred else 1.0 + _unit(context, continuation)
        return Loglikelihood(-per_token * n, n, preferred, max(_n_words(whole), 1))
