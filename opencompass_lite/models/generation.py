"""Batched generation with transformers: left padding, left truncation, stop words, input order kept."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from opencompass_lite.config.specs import ModelSpec
from opencompass_lite.models.base import GenerationRequest
from opencompass_lite.models.batching import AUTO, batch_size_for, run_batches
from opencompass_lite.models.loglik import cache_for_batch, uses_sliding_window


def cut_at_stop(text: str, stop_words: Sequence[str]) -> str:
    """``text`` up to (not including) the earliest stop word."""
    cut = min((i for w in stop_words if w and (i := text.find(w)) >= 0), default=len(text))
    return text[:cut]


class StopWordsCriteria:
    """Per-sequence stopping: a row is done once its generated text contains a stop word.

    ``generate`` pads finished rows and stops when every row is done (stop word here, EOS by its
    own criterion). Special-token stop words are seen too: decoding keeps special tokens.
    """

    def __init__(self, tokenizer: Any, stop_words: Sequence[str], prompt_len: int) -> None:
        self.tokenizer = tokenizer
        self.stop_words = [w for w in stop_words if w]
        self.prompt_len = prompt_len
        self.done: Any = None

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        if self.done is None:
            self.done = torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)
        for row in (~self.done).nonzero().flatten().tolist():
            text = self.tokenizer.decode(input_ids[row, self.prompt_len :])
            self.done[row] = any(w in text for w in self.stop_words)
        return self.done.clone()


def generate_texts(model: Any, tokenizer: Any, spec: ModelSpec, prompts: Sequence[list[int]],
                   requests: Sequence[GenerationRequest]) -> list[str]:
    """Completions for tokenized ``prompts`` (one per request), in input order.

    Requests with the same settings are batched together, longest prompt first (less padding, and
    an out-of-memory error shows up on the first batch). The prefix all of them share (an
    instruction, few-shot examples) is run through the model once and its KV cache reused.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(requests):
        groups[_settings_key(r)].append(i)
    out: list[str] = [""] * len(requests)
    for indices in groups.values():
        req = requests[indices[0]]
        limit = max(spec.max_seq_len - req.max_out_len, 1)
        texts = _generate_group(model, tokenizer, spec, [prompts[i][-limit:] for i in indices], req)
        for i, text in zip(indices, texts, strict=True):
            out[i] = text
    return out


def _generate_group(model: Any, tokenizer: Any, spec: ModelSpec, prompts: list[list[int]],
                    req: GenerationRequest) -> list[str]:
    """Completions of prompts that share ``req``'s settings, in input order."""
    stop_words = tuple(dict.fromkeys((*spec.stop_words, *req.stop_words)))
    kwargs = {"do_sample": False, **spec.generation_kwargs, **req.generation_kwargs}
    kwargs.pop("max_new_tokens", None)  # the request's max_out_len decides
    prefix = SharedPrefix.of(model, prompts, kwargs)
    order = sorted(range(len(prompts)), key=lambda i: -len(prompts[i]))

    def run(batch: Sequence[int]) -> list[str]:
        return _generate_batch(model, tokenizer, [prompts[i] for i in batch], req.max_out_len, stop_words, kwargs,
                               prefix)

    size = batch_size_for(model, spec.batch_size, len(prompts[order[0]]), req.max_out_len)
    owner = model if spec.batch_size == AUTO else None
    out: list[str] = [""] * len(prompts)
    for i, text in zip(order, run_batches(order, size, run, spec.abbr, owner), strict=True):
        out[i] = text
    return out


class SharedPrefix:
    """The tokens every prompt of a group starts with, and their KV cache, computed once.

    Each batch then holds ``prefix + left padding + own tokens``: generation masks the padding and
    numbers positions by the mask, so every row computes exactly what it would alone.
    """

    MIN_TOKENS = 8  # shorter prefixes save less than the cache copies cost

    def __init__(self, tokens: list[int], cache: Any) -> None:
        self.tokens = tokens
        self.cache = cache

    @classmethod
    def of(cls, model: Any, prompts: Sequence[list[int]], kwargs: dict[str, Any]) -> SharedPrefix | None:
        """None when too short, or when the model or settings would not keep rows independent
        (sliding windows, beam search, several samples per prompt)."""
        import torch
        from transformers import DynamicCache

        if len(prompts) < 2 or uses_sliding_window(model.config) or kwargs.get("num_beams", 1) > 1 or \
                kwargs.get("num_return_sequences", 1) > 1:
            return None
        shared = min(len(os.path.commonprefix(list(prompts))), min(map(len, prompts)) - 1)
        if shared < cls.MIN_TOKENS:
            return None
        tokens = list(prompts[0][:shared])
        cache = DynamicCache(config=model.config)
        device = model.get_input_embeddings().weight.device
        with torch.inference_mode():
            model(input_ids=torch.tensor([tokens], device=device), past_key_values=cache, use_cache=True)
        return cls(tokens, cache)

    def for_batch(self, rows: int) -> Any:
        return cache_for_batch(self.cache, rows, len(self.tokens))


def _settings_key(r: GenerationRequest) -> str:
    return json.dumps([r.max_out_len, list(r.stop_words), r.generation_kwargs], sort_keys=True, default=str)


def _generate_batch(model: Any, tokenizer: Any, prompts: list[list[int]], max_out_len: int,
                    stop_words: tuple[str, ...], kwargs: dict[str, Any], prefix: SharedPrefix | None) -> list[str]:
    import torch
    from transformers import StoppingCriteriaList

    if max_out_len <= 0:
        return [""] * len(prompts)
    start = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
    prompts = [p or [start] for p in prompts]  # an empty prompt generates from BOS
    head = prefix.tokens if prefix else []
    tails = [p[len(head):] for p in prompts]
    width = max(len(t) for t in tails)
    pad = tokenizer.pad_token_id
    input_ids = torch.tensor([head + [pad] * (width - len(t)) + t for t in tails])
    attention_mask = torch.tensor([[1] * len(head) + [0] * (width - len(t)) + [1] * len(t) for t in tails])
    if prefix:
        kwargs = {**kwargs, "past_key_values": prefix.for_batch(len(prompts))}
    device = model.get_input_embeddings().weight.device
    total = len(head) + width
    criteria = StoppingCriteriaList([StopWordsCriteria(tokenizer, stop_words, total)]) if stop_words else None
    with torch.inference_mode():
        output = model.generate(input_ids=input_ids.to(device), attention_mask=attention_mask.to(device),
                                max_new_tokens=max_out_len, pad_token_id=pad, stopping_criteria=criteria, **kwargs)
    texts = tokenizer.batch_decode(output[:, total:], skip_special_tokens=True)
    return [cut_at_stop(t, stop_words) for t in texts]
