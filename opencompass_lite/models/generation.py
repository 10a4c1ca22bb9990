"""Batched generation with transformers: left padding, left truncation, stop words, input order kept."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from opencompass_lite.config.specs import ModelSpec
from opencompass_lite.models.base import GenerationRequest
from opencompass_lite.models.batching import AUTO, batch_size_for, run_batches


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
    an out-of-memory error shows up on the first batch).
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(requests):
        groups[_settings_key(r)].append(i)
    out: list[str] = [""] * len(requests)
    for indices in groups.values():
        req = requests[indices[0]]
        stop_words = tuple(dict.fromkeys((*spec.stop_words, *req.stop_words)))
        kwargs = {"do_sample": False, **spec.generation_kwargs, **req.generation_kwargs}
        kwargs.pop("max_new_tokens", None)  # the request's max_out_len decides
        order = sorted(indices, key=lambda i: -len(prompts[i]))

        def run(batch: Sequence[int], req: GenerationRequest = req, stop: tuple[str, ...] = stop_words,
                kw: dict[str, Any] = kwargs) -> list[str]:
            limit = max(spec.max_seq_len - req.max_out_len, 1)
            return _generate_batch(model, tokenizer, [prompts[i][-limit:] for i in batch], req.max_out_len, stop, kw)

        width = min(len(prompts[order[0]]), max(spec.max_seq_len - req.max_out_len, 1))
        size = batch_size_for(model, spec.batch_size, width, req.max_out_len)
        owner = model if spec.batch_size == AUTO else None
        for i, text in zip(order, run_batches(order, size, run, spec.abbr, owner), strict=True):
            out[i] = text
    return out


def _settings_key(r: GenerationRequest) -> str:
    return json.dumps([r.max_out_len, list(r.stop_words), r.generation_kwargs], sort_keys=True, default=str)


def _generate_batch(model: Any, tokenizer: Any, prompts: list[list[int]], max_out_len: int,
                    stop_words: tuple[str, ...], kwargs: dict[str, Any]) -> list[str]:
    import torch
    from transformers import StoppingCriteriaList

    if max_out_len <= 0:
        return [""] * len(prompts)
    start = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
    prompts = [p or [start] for p in prompts]  # an empty prompt generates from BOS
    width = max(len(p) for p in prompts)
    pad = tokenizer.pad_token_id
    input_ids = torch.tensor([[pad] * (width - len(p)) + p for p in prompts])
    attention_mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in prompts])
    device = model.get_input_embeddings().weight.device
    criteria = StoppingCriteriaList([StopWordsCriteria(tokenizer, stop_words, width)]) if stop_words else None
    with torch.inference_mode():
        output = model.generate(input_ids=input_ids.to(device), attention_mask=attention_mask.to(device),
                                max_new_tokens=max_out_len, pad_token_id=pad, stopping_criteria=criteria, **kwargs)
    texts = tokenizer.batch_decode(output[:, width:], skip_special_tokens=True)
    return [cut_at_stop(t, stop_words) for t in texts]
