"""Log-likelihood of (context, continuation) pairs with lm-evaluation-harness semantics, computed fast.

Semantics: the context's trailing whitespace moves to the continuation; context and continuation
are tokenized separately and concatenated; the sequence is cut from the left to ``max_seq_len``;
only continuation tokens are scored. An empty context scores the continuation tokenized as one
string: its first token (BOS when the tokenizer adds one) is the unscored start.

Speed: identical requests are scored once; a long prefix shared by many contexts (the instruction
and in-context examples of one subject) runs once and its KV cache serves every batch (``Trunk``);
what follows it, sequences sharing shorter prefixes (one context, many continuations; PPL prompts
differing only in the answer), is packed into prefix trees (see ``packing``) so shared tokens run
once; the vocabulary projection runs only where a token is scored.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from opencompass_lite.models.base import Loglikelihood
from opencompass_lite.models.batching import AUTO, batch_size_for, run_batches
from opencompass_lite.models.packing import Row, Target, fill, pack, row_tensors
from opencompass_lite.models.render import encode

logger = logging.getLogger(__name__)
Scored = tuple[tuple[int, ...], int]  # (tokens, index of the first scored token)
_LOGITS_BYTES = 1 << 28  # at most this much float32 log-softmax at a time


def encode_pair(tokenizer: Any, context: str, continuation: str, max_seq_len: int,
                cache: dict[str, list[int]]) -> Scored:
    """Token ids of the scored sequence and where its continuation starts (always >= 1)."""
    if context == "":
        tokens, start = encode(tokenizer, continuation), 1
    else:
        n_space = len(context) - len(context.rstrip())
        if n_space:
            context, continuation = context[:-n_space], context[-n_space:] + continuation
        if context not in cache:
            cache[context] = encode(tokenizer, context)
        ctx = cache[context]
        cont = tokenizer(continuation, add_special_tokens=False)["input_ids"] if continuation else []
        tokens, start = ctx + list(cont), max(len(ctx), 1)
    cut = max(len(tokens) - max_seq_len, 0)
    return tuple(tokens[cut:]), max(start - cut, 1)


def score_sequences(model: Any, sequences: Sequence[Scored], batch_size: int | str, budget: int,
                    where: str) -> list[Loglikelihood]:
    """One ``Loglikelihood`` per sequence (duplicates scored once)."""
    if not sequences:
        return []
    unique = list(dict.fromkeys(sequences))
    mask_kind = _mask_kind(model)
    cost = token_cost(model) if mask_kind != "2d" else None
    groups = trunk_groups(unique) if cost is not None else [(0, list(range(len(unique))))]
    fast_head = head_is_separable(model)
    logprob = [0.0] * len(unique)
    greedy = [True] * len(unique)

    def add(seq: int, lp: float, is_greedy: bool) -> None:
        logprob[seq] += lp
        greedy[seq] = greedy[seq] and is_greedy

    n_rows = n_tokens = 0
    for length, members in groups:
        trunk = None
        if length:
            contexts = contexts_of([unique[m][0] for m in members])
            trunk = Trunk.of(model, unique[members[0]][0][:length], contexts, fast_head)
            length = len(trunk.tokens)  # a kept trunk may cover a little less
            for seq, lp, is_greedy in trunk.score(model, [unique[m] for m in members], members):
                add(seq, lp, is_greedy)
        tails = [(unique[m][0][length:], max(unique[m][1], length + 1) - length) for m in members]
        rows, targets = pack(tails, budget - length, cost)
        if cost is not None:
            rows, targets = fill(rows, targets, cost)
        per_row: list[list[Target]] = [[] for _ in rows]
        for t in targets:
            per_row[t.row].append(t._replace(seq=members[t.seq]))
        n_rows, n_tokens = n_rows + len(rows), n_tokens + length + sum(len(r.tokens) for r in rows)
        if not rows:
            continue
        order = sorted(range(len(rows)), key=lambda r: -len(rows[r].tokens))

        def run(batch: Sequence[int], rows: list[Row] = rows, per_row: list[list[Target]] = per_row,
                trunk: Trunk | None = trunk) -> list[list[tuple[float, bool]]]:
            return _score_rows(model, [rows[r] for r in batch], [per_row[r] for r in batch], mask_kind,
                               fast_head, trunk)

        size = batch_size_for(model, batch_size, length + len(rows[order[0]].tokens))
        owner = model if batch_size == AUTO else None
        for r, scores in zip(order, run_batches(order, size, run, where, owner), strict=True):
            for t, (lp, is_greedy) in zip(per_row[r], scores, strict=True):
                add(t.seq, lp, is_greedy)
    logger.info("%s: %d requests (%d unique), %d shared prefixes (KV cached) + %d packed rows: %d tokens in all "
                "(%d unpacked)", where, len(sequences), len(unique), sum(1 for n, _ in groups if n), n_rows,
                n_tokens, sum(len(s[0]) - 1 for s in unique))
    index = {s: i for i, s in enumerate(unique)}
    return [Loglikelihood(logprob[index[s]], max(len(s[0]) - s[1], 0), greedy[index[s]], len(s[0]))
            for s in sequences]


TRUNK_MIN = 16  # shared tokens; shorter prefixes are cheaper to share inside packed rows
TRUNK_MIN_ROW = 512  # a group smaller than this (trunk + tails) fits one packed row: no cache needed
TRUNK_MIN_CONTEXTS = 8  # contexts a group takes before a long trunk may end it


def trunk_groups(sequences: Sequence[Scored]) -> list[tuple[int, list[int]]]:
    """Split sequences into groups sharing a long prefix (trunk length, member indices); trunk 0 = the rest.

    Walks the sequences in sorted order. A sequence joins the current group while the common prefix stays
    at least ``TRUNK_MIN`` tokens and shrinking the trunk costs less than recomputing the shorter prefix
    once more (``contexts * lost tokens <= new trunk``). Few-shot prompts of one subject thus share their
    instruction and in-context examples; every such group's trunk runs once, its KV cache is reused.
    """
    import os

    fed = [s[0][:-1] for s in sequences]
    order = sorted(range(len(sequences)), key=lambda i: fed[i])
    runs: list[tuple[int, list[int]]] = []
    members: list[int] = []
    trunk = contexts = 0
    for i in order:
        if members:
            common = len(os.path.commonprefix([fed[members[-1]], fed[i]]))
            if common == len(fed[i]) == len(fed[members[-1]]):  # same context, another continuation
                members.append(i)
                continue
            shrink = max(trunk - common, 0)
            if common >= TRUNK_MIN and (contexts < TRUNK_MIN_CONTEXTS or contexts * shrink <= common):
                members.append(i)
                trunk, contexts = min(trunk, common), contexts + 1
                continue
            runs.append((trunk, members))
        members, trunk, contexts = [i], len(fed[i]), 1
    if members:
        runs.append((trunk, members))
    rest: list[int] = []
    groups: list[tuple[int, list[int]]] = []
    for trunk, members in runs:
        tails = sum(len(fed[m]) - trunk for m in members)  # an upper bound: tails share prefixes too
        big = trunk >= TRUNK_MIN and trunk + tails >= TRUNK_MIN_ROW
        if big and contexts_of([sequences[m][0] for m in members]) >= 2:
            groups.append((trunk, members))
        else:
            rest += members
    return ([(0, sorted(rest))] if rest else []) + groups


def contexts_of(token_lists: Sequence[Sequence[int]]) -> int:
    """Distinct contexts (all tokens but the last, which is only predicted) among ``token_lists``."""
    return len({tuple(t[:-1]) for t in token_lists})


TRUNK_CACHE = 4  # trunks a model keeps between calls (a subject's few-shot block spans several calls)


class Trunk:
    """A prefix every sequence of a group starts with: run once; its KV cache feeds each batch of tails.

    The model keeps its last ``TRUNK_CACHE`` trunks, so the next call over the same subject reuses the
    cache (cropped to what the new group shares) instead of running the few-shot block again.
    """

    def __init__(self, tokens: Sequence[int], cache: Any, states: Any, fast_head: bool) -> None:
        self.tokens = tuple(tokens)
        self.cache = cache  # may hold more positions than ``tokens``: ``for_batch`` crops the copy
        self.states = states[: len(self.tokens)]  # hidden states if ``fast_head``, else logits
        self.fast_head = fast_head

    @classmethod
    def of(cls, model: Any, tokens: Sequence[int], contexts: int, fast_head: bool) -> Trunk:
        """A kept trunk sharing enough of ``tokens`` (what it lacks costs each of ``contexts`` less than
        running ``tokens`` anew), else a new one."""
        import os

        kept: list[Trunk] = model.__dict__.setdefault("_ocl_trunks", [])
        for i, old in enumerate(kept):
            shared = len(os.path.commonprefix([old.tokens, tuple(tokens)]))
            if old.fast_head == fast_head and shared >= TRUNK_MIN and contexts * (len(tokens) - shared) <= shared:
                kept.insert(0, kept.pop(i))
                return cls(old.tokens[:shared], old.cache, old.states, fast_head)
        trunk = cls._run(model, tokens, fast_head)
        kept.insert(0, trunk)
        del kept[TRUNK_CACHE:]
        return trunk

    @classmethod
    def _run(cls, model: Any, tokens: Sequence[int], fast_head: bool) -> Trunk:
        import torch
        from transformers import DynamicCache

        cache = DynamicCache(config=model.config)
        ids = torch.tensor([list(tokens)], device=model.get_input_embeddings().weight.device)
        with torch.inference_mode():
            if fast_head:
                states = model.base_model(input_ids=ids, past_key_values=cache, use_cache=True).last_hidden_state
            else:
                states = model(input_ids=ids, past_key_values=cache, use_cache=True).logits
        return cls(tokens, cache, states[0], fast_head)

    def score(self, model: Any, sequences: Sequence[Scored], seqs: Sequence[int]) -> list[tuple[int, float, bool]]:
        """(sequence, log p, greedy) for each scored token predicted from inside the trunk."""
        import torch

        items = [(seq, k - 1, tokens[k]) for seq, (tokens, start) in zip(seqs, sequences, strict=True)
                 for k in range(start, min(len(tokens), len(self.tokens) + 1))]
        if not items:
            return []
        pairs = sorted({(node, tok) for _, node, tok in items})
        nodes = sorted({node for node, _ in pairs})
        slot = {n: i for i, n in enumerate(nodes)}
        states = self.states[torch.tensor(nodes, device=self.states.device)]
        with torch.inference_mode():
            logprobs, greedy = _token_scores(model, states, [slot[n] for n, _ in pairs], [t for _, t in pairs],
                                             self.fast_head)
        score = {p: (lp, g) for p, lp, g in zip(pairs, logprobs, greedy, strict=True)}
        return [(seq, *score[(node, tok)]) for seq, node, tok in items]

    def for_batch(self, rows: int) -> Any:
        return cache_for_batch(self.cache, rows, len(self.tokens))


def cache_for_batch(cache: Any, rows: int, length: int) -> Any:
    """A copy of a one-row KV cache, cut to its first ``length`` positions and repeated for ``rows`` rows
    (the forward pass extends it in place, so the kept original stays as it was)."""
    import copy

    cache = copy.deepcopy(cache)
    if cache.get_seq_length() > length:
        cache.crop(length - cache.get_seq_length())  # negative: tokens to drop (transformers 4 and 5)
    cache.batch_repeat_interleave(rows)
    return cache


def _mask_kind(model: Any) -> str:
    """Tree masks need an attention kernel that takes a custom 4D mask, and no sliding window."""
    kind = {"sdpa": "bool", "eager": "float"}.get(getattr(model.config, "_attn_implementation", ""), "2d")
    return "2d" if uses_sliding_window(model.config) else kind


def uses_sliding_window(config: Any) -> bool:
    """Sliding-window layers see only recent tokens: shared-prefix tricks would change what they see."""
    return bool((getattr(config, "sliding_window", None) and getattr(config, "use_sliding_window", True)) or (
        "sliding_attention" in (getattr(config, "layer_types", None) or ())))


ATTENTION_OVERHEAD = 3.0  # measured on CPU, MMLU 0-shot ll: rows packed at 1/3 the FLOP estimate ran 1.2-1.3x faster


def token_cost(model: Any) -> float:
    """Compute of one token through the weights, in units of one attention pair (query x key, all layers).

    ~2 FLOPs per weight per token vs. ~4 * hidden * layers FLOPs per pair, with a pair under a tree mask
    costing ``ATTENTION_OVERHEAD`` times its FLOPs (dense masked attention, softmax, mask traffic); ~1,000
    for SmolLM2-135M, ~8,000 for a 7B Llama. Guides how eagerly ``pack`` shares prefixes across contexts.
    """
    config = model.config
    hidden, layers = getattr(config, "hidden_size", None), getattr(config, "num_hidden_layers", None)
    if not hidden or not layers:
        return 4096.0
    weights = sum(p.numel() for p in model.parameters()) - model.get_input_embeddings().weight.numel()
    return weights / (2 * hidden * layers * ATTENTION_OVERHEAD)


def head_is_separable(model: Any) -> bool:
    """Whether base model + ``_apply_head`` reproduces the model's logits (checked once on 4 tokens).

    If so, the vocabulary projection runs only at scored positions; if not (an architecture with an
    output transform we do not know), full logits are computed.
    """
    import torch

    cached = getattr(model, "_ocl_head_is_separable", None)
    if cached is not None:
        return bool(cached)
    if model.base_model is model or model.get_output_embeddings() is None:
        model._ocl_head_is_separable = False
        return False
    ids = torch.tensor([[1, 2, 3, 4]], device=model.get_input_embeddings().weight.device)
    with torch.inference_mode():
        full = model(input_ids=ids, use_cache=False).logits.float()
        head = model.get_output_embeddings()
        hidden = model.base_model(input_ids=ids, use_cache=False).last_hidden_state
        fast = _apply_head(model, head, hidden.to(head.weight.device)).float().to(full.device)
    ok = full.shape == fast.shape and torch.allclose(full, fast, rtol=1e-3, atol=1e-3)
    model._ocl_head_is_separable = ok
    return ok


def _score_rows(model: Any, rows: list[Row], targets: list[list[Target]], mask_kind: str,
                fast_head: bool, trunk: Trunk | None = None) -> list[list[tuple[float, bool]]]:
    import torch

    device = model.get_input_embeddings().weight.device
    pad = model.config.pad_token_id if model.config.pad_token_id is not None else 0
    inputs = row_tensors(rows, pad, mask_kind, model.dtype)
    if trunk is not None:  # rows continue the trunk: its positions come first and every node sees them
        mask = inputs["attention_mask"]
        seen = torch.ones if mask.dtype == torch.bool else torch.zeros
        head = seen((*mask.shape[:3], len(trunk.tokens)), dtype=mask.dtype)
        inputs = {"input_ids": inputs["input_ids"], "position_ids": inputs["position_ids"] + len(trunk.tokens),
                  "attention_mask": torch.cat([head, mask], dim=-1)}
    inputs = {k: v.to(device) for k, v in inputs.items()}
    if trunk is not None:
        inputs.update(past_key_values=trunk.for_batch(len(rows)), use_cache=True)
    else:
        inputs["use_cache"] = False
    flat = [(b * inputs["input_ids"].shape[1] + t.node, t.token) for b, ts in enumerate(targets) for t in ts]
    nodes = sorted({f for f, _ in flat})
    slot = {f: i for i, f in enumerate(nodes)}
    with torch.inference_mode():
        if fast_head:
            states = model.base_model(**inputs).last_hidden_state
        else:
            states = model(**inputs).logits
        states = states.reshape(-1, states.shape[-1])[torch.tensor(nodes, device=states.device)]
        logprobs, greedy = _token_scores(model, states, [slot[f] for f, _ in flat], [tok for _, tok in flat], fast_head)
    scores = list(zip(logprobs, greedy, strict=True))
    out, k = [], 0
    for ts in targets:
        out.append(scores[k : k + len(ts)])
        k += len(ts)
    return out


def _token_scores(model: Any, states: Any, item_node: list[int], item_token: list[int],
                  project: bool) -> tuple[list[float], list[bool]]:
    """log p(token) and (argmax == token) per item; hidden states are projected a chunk at a time."""
    import torch

    head = model.get_output_embeddings()
    device = head.weight.device if project else states.device
    vocab = head.weight.shape[0] if project else states.shape[-1]
    chunk = max(1, _LOGITS_BYTES // (4 * vocab))
    node = torch.tensor(item_node, device=device)
    token = torch.tensor(item_token, device=device)
    logprobs = torch.zeros(len(item_node), dtype=torch.float32, device=device)
    greedy = torch.zeros(len(item_node), dtype=torch.bool, device=device)
    for a in range(0, states.shape[0], chunk):
        part = states[a : a + chunk].to(device)
        logits = (_apply_head(model, head, part) if project else part).float()
        sel = (node >= a) & (node < a + chunk)
        local, tok = node[sel] - a, token[sel]
        logprobs[sel] = torch.log_softmax(logits, dim=-1)[local, tok]
        greedy[sel] = logits.argmax(-1)[local] == tok
    return logprobs.tolist(), greedy.tolist()


def _apply_head(model: Any, head: Any, states: Any) -> Any:
    """hidden → logits as the model's ``forward`` does it, including known output transforms."""
    import torch

    logits = head(states)
    config = model.config
    if getattr(config, "final_logit_softcapping", None):  # Gemma 2/3
        cap = config.final_logit_softcapping
        logits = torch.tanh(logits / cap) * cap
    if getattr(config, "logits_scaling", None):  # Granite
        logits = logits / config.logits_scaling
    if getattr(config, "logit_scale", None) and "cohere" in config.model_type:
        logits = logits * config.logit_scale
    return logits
