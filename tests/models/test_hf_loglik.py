"""The optimized log-likelihood path equals a naive full-sequence computation on the real SmolLM2."""

from __future__ import annotations

import os

import pytest
import torch

from opencompass_lite.models import loglik
from opencompass_lite.models.base import LoglikelihoodRequest, Message
from opencompass_lite.models.loglik import encode_pair, score_sequences

QUESTION = "Question: Which planet is known as the Red Planet?\nA. Venus\nB. Mars\nC. Jupiter\nD. Saturn\nAnswer:"
REQUESTS = [
    *[LoglikelihoodRequest(QUESTION, f" {x}") for x in "ABCD"],  # shared context, one-token continuations
    LoglikelihoodRequest("The capital of France is", " Paris"),
    LoglikelihoodRequest("The capital of France is", " Paris, the city of light."),  # shares a prefix with the above
    LoglikelihoodRequest("The capital of France is ", "Berlin"),  # trailing space moves to the continuation
    LoglikelihoodRequest("", "Hello world, this is a whole sentence."),  # PPL: scored whole
    LoglikelihoodRequest("", "Hello world, this is another sentence."),
    LoglikelihoodRequest("2 + 2 =", " 4"),
    LoglikelihoodRequest("2 + 2 =", " 4"),  # duplicate
    LoglikelihoodRequest("Translate to French: cheese", ""),  # empty continuation
]


def naive(model, context: str, continuation: str, max_seq_len: int = 2048) -> tuple[float, int, bool, int]:
    """lm-eval's recipe written out plainly: one full forward per request, no packing, full logits."""
    tok = model.tokenizer
    if context:
        n = len(context) - len(context.rstrip())
        if n:
            context, continuation = context[:-n], context[-n:] + continuation
        ctx = tok(context)["input_ids"]
        cont = tok(continuation, add_special_tokens=False)["input_ids"] if continuation else []
    else:
        whole = tok(continuation)["input_ids"]
        ctx, cont = whole[:1], whole[1:]
    tokens = (ctx + cont)[-max_seq_len:]
    n_scored = min(len(cont), len(tokens) - 1)
    if n_scored == 0:
        return 0.0, 0, True, len(tokens)
    with torch.inference_mode():
        logits = model.model(torch.tensor([tokens])).logits[0].float()
    logprobs = torch.log_softmax(logits[:-1], -1)
    targets = torch.tensor(tokens[1:])[-n_scored:]
    picked = logprobs[-n_scored:].gather(1, targets[:, None]).squeeze(1)
    greedy = bool((logits[:-1][-n_scored:].argmax(-1) == targets).all())
    return float(picked.sum()), n_scored, greedy, len(tokens)


@pytest.fixture(scope="module")
def expected(base_model) -> list[tuple[float, int, bool, int]]:
    return [naive(base_model, r.context, r.continuation) for r in REQUESTS]


def assert_matches(got, expected) -> None:
    for g, (lp, n, greedy, total) in zip(got, expected, strict=True):
        assert g.logprob == pytest.approx(lp, abs=1e-4)
        assert (g.num_tokens, g.is_greedy, g.total_tokens) == (n, greedy, total)


def test_optimized_equals_naive(base_model, expected) -> None:
    got = base_model.loglikelihood(REQUESTS)
    assert_matches(got, expected)
    assert got[9] == got[10]


def test_rows_filled_side_by_side_equal_naive(base_model, expected, monkeypatch) -> None:
    """Unrelated requests share rows (``fill``), and every score still equals the naive one."""
    merged: list[tuple[int, int]] = []
    real_fill = loglik.fill

    def spy(rows, targets, token_cost):
        out = real_fill(rows, targets, token_cost)
        merged.append((len(rows), len(out[0])))
        return out

    monkeypatch.setattr(loglik, "fill", spy)
    assert_matches(base_model.loglikelihood(REQUESTS), expected)
    assert any(after < before for before, after in merged)


def test_eager_attention_with_float_tree_mask_equals_naive(base_model, expected) -> None:
    base_model.model.set_attn_implementation("eager")
    try:
        assert loglik._mask_kind(base_model.model) == "float"
        got = base_model.loglikelihood(REQUESTS[:8])
    finally:
        base_model.model.set_attn_implementation("sdpa")
    assert_matches(got, expected[:8])


def test_one_sequence_per_row_for_kernels_without_custom_masks(base_model, expected, monkeypatch) -> None:
    """E.g. flash-attention or sliding-window models: plain padded rows, no prefix sharing."""
    monkeypatch.setattr(loglik, "_mask_kind", lambda model: "2d")
    assert_matches(base_model.loglikelihood(REQUESTS[:8]), expected[:8])


def test_full_logits_fallback_equals_naive(base_model, expected, monkeypatch) -> None:
    monkeypatch.setattr(base_model.model, "_ocl_head_is_separable", False)
    assert_matches(base_model.loglikelihood(REQUESTS[4:8]), expected[4:8])


def test_head_is_separable_for_llama(base_model) -> None:
    base_model.model.__dict__.pop("_ocl_head_is_separable", None)
    assert loglik.head_is_separable(base_model.model)


def test_small_budget_and_batch_still_equal(base_model, expected) -> None:
    """Many rows, batches of one: packing limits change speed, never results."""
    seqs = [encode_pair(base_model.tokenizer, r.context, r.continuation, 2048, {}) for r in REQUESTS[:8]]
    got = score_sequences(base_model.model, seqs, batch_size=1, budget=8, where="t")
    assert_matches(got, expected[:8])


def test_left_truncation_to_max_seq_len(base_model) -> None:
    context = "The quick brown fox jumps over the lazy dog. " * 4
    seq = encode_pair(base_model.tokenizer, context, "and runs away", max_seq_len=16, cache={})
    assert len(seq[0]) == 16
    [got] = score_sequences(base_model.model, [seq], batch_size=2, budget=16, where="t")
    assert_matches([got], [naive(base_model, context, "and runs away", max_seq_len=16)])


def test_chat_context_rendered_with_generation_prompt(chat_model) -> None:
    context = (Message("HUMAN", "What is 2 + 2?"),)
    [got] = chat_model.loglikelihood([LoglikelihoodRequest(context, "4")])
    rendered = chat_model.render(context)
    assert rendered.endswith("<|im_start|>assistant\n")
    assert_matches([got], [naive(chat_model, rendered, "4")])


def test_no_requests_no_work(base_model) -> None:
    assert base_model.loglikelihood([]) == [] and base_model.generate([]) == []


SHOTS = ("The following are multiple choice questions (with answers) about astronomy.\n\n"
         "Which planet is largest?\nA. Mars\nB. Jupiter\nC. Venus\nD. Mercury\nAnswer: B\n\n"
         "Which star is closest to Earth?\nA. Sirius\nB. Vega\nC. The Sun\nD. Polaris\nAnswer: C\n\n")
FEWSHOT = [
    *[LoglikelihoodRequest(SHOTS + f"{q}\nA. one\nB. two\nC. three\nD. four\nAnswer:", f" {x}")
      for q in ("How many moons has Mars?", "How many suns has Earth?", "How many rings has Venus?") for x in "ABCD"],
    *[LoglikelihoodRequest("", SHOTS + f"How many moons has Mars?\nAnswer: {x}") for x in "AB"],  # ppl: scored whole
]


@pytest.fixture
def trunk_runs(base_model, monkeypatch) -> list:
    """Trunks on for these small requests, none kept from earlier tests; the list collects each trunk run."""
    monkeypatch.setattr(loglik, "TRUNK_MIN_ROW", 0)
    monkeypatch.setattr(loglik, "TRUNK_MIN_CONTEXTS", 2)
    monkeypatch.setattr(base_model.model, "_ocl_trunks", [], raising=False)
    runs: list = []
    real_run = loglik.Trunk._run.__func__
    monkeypatch.setattr(loglik.Trunk, "_run", classmethod(lambda cls, *a: runs.append(real_run(cls, *a)) or runs[-1]))
    return runs


def encoded(model, requests) -> list:
    return [encode_pair(model.tokenizer, r.context, r.continuation, 2048, {}) for r in requests]


@pytest.mark.parametrize("attn", ["sdpa", "eager"])
def test_shared_few_shot_prefix_runs_once_and_equals_naive(base_model, trunk_runs, attn) -> None:
    """A long prefix shared by many contexts is computed once; its KV cache serves every batch of tails."""
    base_model.model.set_attn_implementation(attn)
    try:
        got = score_sequences(base_model.model, encoded(base_model, FEWSHOT), batch_size=2, budget=2048, where="t")
    finally:
        base_model.model.set_attn_implementation("sdpa")
    assert len(trunk_runs) == 1
    assert len(trunk_runs[0].tokens) >= len(base_model.tokenizer(SHOTS)["input_ids"]) - 1
    assert_matches(got, [naive(base_model, r.context, r.continuation) for r in FEWSHOT])


def test_trunk_groups_keep_each_long_prefix() -> None:
    """Two subjects' few-shot blocks share 20 tokens: each keeps its own 100-token trunk; short runs pool."""
    a, b = tuple(range(100)), tuple(range(20)) + tuple(range(1000, 1080))
    seqs = [(p + tuple(range(2000 + 50 * q, 2050 + 50 * q)), 0) for p in (a, b) for q in range(10)]  # 600 tokens
    seqs += [((9, 9, 9, 9), 1), ((9, 9, 8, 8), 1)]  # no shared prefix worth a cache
    groups = loglik.trunk_groups(seqs)
    assert groups == [(0, [20, 21]), (100, list(range(10))), (100, list(range(10, 20)))]


def test_next_call_reuses_the_kept_trunk(base_model, trunk_runs) -> None:
    """The infer loop calls the model a few samples at a time: the few-shot block runs in the first call only."""
    seqs = encoded(base_model, FEWSHOT)
    first = score_sequences(base_model.model, seqs[:8], batch_size=2, budget=2048, where="t")
    second = score_sequences(base_model.model, seqs[8:], batch_size=2, budget=2048, where="t")
    assert len(trunk_runs) == 1
    assert_matches(first + second, [naive(base_model, r.context, r.continuation) for r in FEWSHOT])


def test_a_kept_trunk_longer_than_the_new_group_shares_is_cropped(base_model, trunk_runs) -> None:
    """First call: every question starts "How many", so the trunk runs past the examples; the next
    call's questions share only the examples: the kept cache is cropped to them, not run again."""
    later = [LoglikelihoodRequest(SHOTS + f"{q}\nA. one\nB. two\nC. three\nD. four\nAnswer:", f" {x}")
             for q in ("Which planet has rings?", "What is a comet?", "Where is Pluto?") for x in "AB"]
    seqs = encoded(base_model, FEWSHOT[:12] + later)
    first = score_sequences(base_model.model, seqs[:12], batch_size=4, budget=2048, where="t")
    second = score_sequences(base_model.model, seqs[12:], batch_size=4, budget=2048, where="t")
    shared_later = len(os.path.commonprefix([seqs[12][0], seqs[14][0], seqs[16][0]]))
    assert len(trunk_runs) == 1 and len(trunk_runs[0].tokens) > shared_later  # cropped, not rerun
    assert_matches(first + second, [naive(base_model, r.context, r.continuation) for r in FEWSHOT[:12] + later])


def test_trunk_with_full_logits_fallback_equals_naive(base_model, trunk_runs, monkeypatch) -> None:
    """Without a separable head the trunk keeps logits, and scores from them (the ppl rows score inside it)."""
    monkeypatch.setattr(base_model.model, "_ocl_head_is_separable", False)
    got = score_sequences(base_model.model, encoded(base_model, FEWSHOT), batch_size=2, budget=2048, where="t")
    assert len(trunk_runs) == 1 and not trunk_runs[0].fast_head
    assert_matches(got, [naive(base_model, r.context, r.continuation) for r in FEWSHOT])
