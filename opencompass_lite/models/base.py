"""The model interface: two batched methods, one output per input.

Inferencers hand a model *prompts*; a prompt is either plain text or a tuple of chat ``Message``s
(roles ``SYSTEM``/``HUMAN``/``BOT``). The model decides how to render it: base models concatenate
the contents, chat models apply the tokenizer's chat template or the config's ``meta_template``.

Example of a new backend::

    @MODELS.register()
    class MyAPIModel:
        def __init__(self, spec: ModelSpec) -> None: ...
        def generate(self, requests): return [call_api(r.prompt) for r in requests]
        def loglikelihood(self, requests): raise ModelError("MyAPIModel: no log-probs; use gen mode")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, Union


@dataclass(frozen=True)
class Message:
    role: str  # "SYSTEM" | "HUMAN" | "BOT"
    content: str


Prompt = Union[str, tuple[Message, ...]]


def prompt_text(prompt: Prompt) -> str:
    """Plain-text rendering used by base models (and for logging): contents concatenated."""
    if isinstance(prompt, str):
        return prompt
    return "".join(m.content for m in prompt)


@dataclass(frozen=True)
class GenerationRequest:
    prompt: Prompt
    max_out_len: int
    stop_words: tuple[str, ...] = ()
    generation_kwargs: dict = field(default_factory=dict)  # overrides the model's; greedy by default


@dataclass(frozen=True)
class LoglikelihoodRequest:
    """Score ``continuation`` (raw text) given ``context`` (a prompt, rendered by the model).

    ``context=""`` scores the whole continuation (PPL mode): the first token then has no
    prediction unless the tokenizer prepends BOS.
    """

    context: Prompt
    continuation: str


@dataclass(frozen=True)
class Loglikelihood:
    logprob: float  # sum of log p(token) over the scored continuation tokens
    num_tokens: int  # number of continuation tokens scored
    is_greedy: bool  # every scored token was the argmax
    total_tokens: int  # length of context + continuation in tokens (OpenCompass PPL divides by it)


class Model(Protocol):
    """What every backend provides. Implementations keep weights loaded between calls."""

    def generate(self, requests: Sequence[GenerationRequest]) -> list[str]:
        """Completions, without the prompt, cut before the first stop word."""
        ...

    def loglikelihood(self, requests: Sequence[LoglikelihoodRequest]) -> list[Loglikelihood]:
        """One score per request, in request order."""
        ...

    def render(self, prompt: Prompt) -> str:
        """The exact text the model sees for ``prompt`` (chat template applied; a trailing BOT
        message rendered as a finished turn). PPL scores it whole; predictions log it."""
        ...
