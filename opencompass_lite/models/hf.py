"""HuggingFace transformers backends, named as in OpenCompass configs.

- ``HuggingFaceCausalLM``: base model; renders messages with ``meta_template`` if given, else as plain text.
- ``HuggingFaceBaseModel``: plain text always (message contents concatenated).
- ``HuggingFacewithChatTemplate``: renders with the tokenizer's chat template.

Example::

    models = [dict(type=HuggingFacewithChatTemplate, abbr='smollm2-135m-instruct-hf',
                   path='HuggingFaceTB/SmolLM2-135M-Instruct', max_out_len=64, batch_size=8)]
"""

from __future__ import annotations

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
from opencompass_lite.models.embedded import check_model_path
from opencompass_lite.models.generation import generate_texts
from opencompass_lite.models.loading import load_model, load_tokenizer
from opencompass_lite.models.loglik import encode_pair, score_sequences
from opencompass_lite.models.render import encode, render_chat_template, render_meta_template
from opencompass_lite.registry import MODELS


@MODELS.register()
class HuggingFaceCausalLM:
    """A transformers causal LM; weights stay loaded between calls."""

    def __init__(self, spec: ModelSpec) -> None:
        self.spec = spec
        self.tokenizer = load_tokenizer(spec)
        self._check_tokenizer()  # before the (slow) weights
        self.model = load_model(spec)

    @staticmethod
    def preflight(spec: ModelSpec) -> None:
        """Called by the CLI before any task starts: a missing local path fails the run at once."""
        check_model_path(spec.path)
        if spec.tokenizer_path:
            check_model_path(spec.tokenizer_path)

    def _check_tokenizer(self) -> None:
        """Subclasses refuse settings they cannot honour."""

    def render(self, prompt: Prompt) -> str:
        if self.spec.meta_template:
            return render_meta_template(prompt, self.spec.meta_template, self.spec.abbr)
        return prompt_text(prompt)

    def generate(self, requests: Sequence[GenerationRequest]) -> list[str]:
        prompts = [encode(self.tokenizer, self.render(r.prompt)) for r in requests]
        return generate_texts(self.model, self.tokenizer, self.spec, prompts, requests)

    def loglikelihood(self, requests: Sequence[LoglikelihoodRequest]) -> list[Loglikelihood]:
        cache: dict[str, list[int]] = {}
        sequences = [
            encode_pair(self.tokenizer, self._context_text(r.context), r.continuation, self.spec.max_seq_len, cache)
            for r in requests
        ]
        return score_sequences(self.model, sequences, self.spec.batch_size, self.spec.max_seq_len, self.spec.abbr)

    def _context_text(self, context: Prompt) -> str:
        """An empty context stays empty (PPL: the continuation is scored whole)."""
        return self.render(context) if context else ""


@MODELS.register()
class HuggingFaceBaseModel(HuggingFaceCausalLM):
    """Plain text only: chat messages' contents are concatenated."""

    def _check_tokenizer(self) -> None:
        if self.spec.meta_template:
            raise ModelError(f"{self.spec.abbr}: HuggingFaceBaseModel takes no meta_template; "
                             "use HuggingFaceCausalLM to render with a meta_template")

    def render(self, prompt: Prompt) -> str:
        return prompt_text(prompt)


@MODELS.register()
class HuggingFacewithChatTemplate(HuggingFaceCausalLM):
    """Chat model: prompts rendered with the tokenizer's chat template (a str prompt is one user turn)."""

    def _check_tokenizer(self) -> None:
        if not getattr(self.tokenizer, "chat_template", None):
            source = self.spec.tokenizer_path or self.spec.path
            raise ModelError(f"{self.spec.abbr}: tokenizer of {source!r} has no chat template; "
                             "use HuggingFaceCausalLM (optionally with a meta_template)")

    def render(self, prompt: Prompt) -> str:
        return render_chat_template(prompt, self.tokenizer, self.spec.abbr)
