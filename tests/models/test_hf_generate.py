"""Generation on the real SmolLM2 equals transformers' own greedy ``generate``."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import torch

from opencompass_lite.models.base import GenerationRequest, Message
from opencompass_lite.models.generation import StopWordsCriteria, cut_at_stop

PROMPTS = [
    "The capital of France is",
    "def fibonacci(n):\n    ",
    "Once upon a time, in a small village by the sea, there lived an old fisherman who",
]


@contextmanager
def respec(model, **changes) -> Iterator[None]:
    """Run with changed spec settings on the session's model (weights are not reloaded)."""
    saved = model.spec
    model.spec = dataclasses.replace(saved, **changes)
    try:
        yield
    finally:
        model.spec = saved


def hf_greedy(model, prompt_ids: list[int], n: int) -> str:
    ids = torch.tensor([prompt_ids])
    out = model.model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=n, do_sample=False)
    return model.tokenizer.decode(out[0, len(prompt_ids):], skip_special_tokens=True)


def test_greedy_batch_equals_hf_generate_one_by_one(base_model) -> None:
    outputs = base_model.generate([GenerationRequest(p, 12) for p in PROMPTS])
    expected = [hf_greedy(base_model, base_model.tokenizer(p)["input_ids"], 12) for p in PROMPTS]
    assert outputs == expected
    assert all(outputs)


def test_stop_words_cut_output_and_stop_generation(base_model) -> None:
    prompt = "Count from 1 to 20: 1, 2, 3,"
    full = hf_greedy(base_model, base_model.tokenizer(prompt)["input_ids"], 24)
    assert " 6," in full  # the model does count
    [cut] = base_model.generate([GenerationRequest(prompt, 24, stop_words=(" 6",))])
    assert cut == full[: full.index(" 6")]


def test_spec_stop_words_apply_too(base_model) -> None:
    prompt = "Count from 1 to 20: 1, 2, 3,"
    with respec(base_model, stop_words=(" 5",)):
        [out] = base_model.generate([GenerationRequest(prompt, 24, stop_words=(" 7",))])
    assert " 5" not in out and out.startswith(" 4")


def test_prompt_truncated_from_the_left(base_model) -> None:
    with respec(base_model, max_seq_len=20):
        [out] = base_model.generate([GenerationRequest(PROMPTS[2], 8)])
    ids = base_model.tokenizer(PROMPTS[2])["input_ids"]
    assert len(ids) > 12
    assert out == hf_greedy(base_model, ids[-12:], 8)  # 20 - max_out_len 8 = last 12 prompt tokens


def test_chat_generation_uses_the_chat_template(chat_model) -> None:
    messages = (Message("SYSTEM", "Answer in one word."), Message("HUMAN", "What is the capital of France?"))
    [out] = chat_model.generate([GenerationRequest(messages, 8)])
    chat = [{"role": "system", "content": "Answer in one word."},
            {"role": "user", "content": "What is the capital of France?"}]
    ids = chat_model.tokenizer.apply_chat_template(chat, add_generation_prompt=True, tokenize=True)
    ids = ids["input_ids"] if isinstance(ids, dict) or hasattr(ids, "keys") else ids
    assert out == hf_greedy(chat_model, list(ids), 8)
    assert "Paris" in out


def test_results_come_back_in_input_order_across_settings(base_model) -> None:
    requests = [GenerationRequest(PROMPTS[0], 4), GenerationRequest(PROMPTS[1], 6, stop_words=("\n",)),
                GenerationRequest(PROMPTS[0], 6)]
    outputs = base_model.generate(requests)
    singles = [base_model.generate([r])[0] for r in requests]
    assert outputs == singles
    assert outputs[2].startswith(outputs[0])


def test_zero_max_out_len_gives_empty_text(base_model) -> None:
    assert base_model.generate([GenerationRequest(PROMPTS[0], 0)]) == [""]


def test_cut_at_stop_uses_the_earliest_stop_word() -> None:
    assert cut_at_stop("abc\n\nQuestion: d", ["Question:", "\n\n"]) == "abc"
    assert cut_at_stop("abc", ["", "x"]) == "abc"


@pytest.mark.parametrize(("generated", "done"), [("Paris.\nNext", [True]), ("Paris", [False])])
def test_stop_criteria_marks_rows_done(base_model, generated: str, done: list[bool]) -> None:
    prompt = base_model.tokenizer("Q:")["input_ids"]
    ids = torch.tensor([prompt + base_model.tokenizer(generated)["input_ids"]])
    criteria = StopWordsCriteria(base_model.tokenizer, ["\n"], len(prompt))
    assert criteria(ids, None).tolist() == done


FEWSHOT = "Q: What is the capital of Italy?\nA: Rome\nQ: What is the capital of Spain?\nA: Madrid\n"
SHARED = [FEWSHOT + f"Q: {q}\nA:" for q in ("What is the capital of France?", "What colour is the sky on a clear day?",
                                            "2 + 2 =", "Name a large animal with a trunk.")]


def test_shared_prefix_is_cached_and_changes_nothing(base_model) -> None:
    from opencompass_lite.models.generation import SharedPrefix

    ids = [base_model.tokenizer(p)["input_ids"] for p in SHARED]
    prefix = SharedPrefix.of(base_model.model, ids, {})
    assert prefix is not None and len(prefix.tokens) >= len(base_model.tokenizer(FEWSHOT)["input_ids"]) - 1
    expected = [hf_greedy(base_model, i, 10) for i in ids]
    with respec(base_model, batch_size=3):  # batches of 3 and 1 both reuse the one cache
        assert base_model.generate([GenerationRequest(p, 10) for p in SHARED]) == expected
        stop = expected[0][3:5]
        assert len(stop) == 2
        cut = base_model.generate([GenerationRequest(SHARED[0], 10, stop_words=(stop,))] * 2)
    assert cut == [expected[0][: expected[0].index(stop)]] * 2


@pytest.mark.parametrize("kwargs", [{"num_return_sequences": 2, "do_sample": True}, {"num_beams": 2}])
def test_no_shared_prefix_when_rows_are_not_independent(base_model, kwargs) -> None:
    from opencompass_lite.models.generation import SharedPrefix

    ids = [base_model.tokenizer(p)["input_ids"] for p in SHARED]
    assert SharedPrefix.of(base_model.model, ids, kwargs) is None
    assert SharedPrefix.of(base_model.model, ids[:1], {}) is None  # one prompt: nothing to share
