"""Rendering prompts for base, meta_template and chat-template models; OpenCompass-style load kwargs."""

from __future__ import annotations

import logging

import pytest
import torch

from opencompass_lite.config.specs import ModelSpec
from opencompass_lite.errors import ModelError
from opencompass_lite.models import HuggingFaceBaseModel, HuggingFaceCausalLM
from opencompass_lite.models.base import Message
from opencompass_lite.models.batching import run_batches
from opencompass_lite.models.loading import device_map_for, parse_dtype, tokenizer_load_kwargs
from opencompass_lite.models.render import encode, render_meta_template

CHATML = dict(
    begin="",
    round=[dict(role="HUMAN", begin="<|im_start|>user\n", end="<|im_end|>\n"),
           dict(role="BOT", begin="<|im_start|>assistant\n", end="<|im_end|>\n", generate=True)],
    reserved_roles=[dict(role="SYSTEM", begin="<|im_start|>system\n", end="<|im_end|>\n")],
    end="",
)
DIALOGUE = (Message("SYSTEM", "Be brief."), Message("HUMAN", "1+1?"), Message("BOT", "2"), Message("HUMAN", "2+2?"))


def test_meta_template_gives_only_the_begin_of_the_turn_to_generate() -> None:
    text = render_meta_template((Message("HUMAN", "hi"),), CHATML, "m")
    assert text == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"
    assert render_meta_template("hi", CHATML, "m") == text


def test_meta_template_trailing_bot_is_a_finished_turn() -> None:
    text = render_meta_template((Message("HUMAN", "hi"), Message("BOT", "yo")), {**CHATML, "end": "<END>"}, "m")
    assert text == "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nyo<|im_end|>\n<END>"


def test_meta_template_system_falls_back_to_human_turn() -> None:
    meta = {"round": CHATML["round"]}
    assert render_meta_template((Message("SYSTEM", "s"),), meta, "m").startswith("<|im_start|>user\ns<|im_end|>")


@pytest.mark.parametrize(("meta", "message"), [({"round": []}, "meta_template needs round"),
                                               ({"round": [dict(role="HUMAN")]}, "no role 'BOT'")])
def test_bad_meta_templates(meta: dict, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        render_meta_template((Message("HUMAN", "x"), Message("BOT", "y")), meta, "m")


def test_chat_template_rendering_matches_the_tokenizer(chat_model) -> None:
    chat = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "1+1?"},
            {"role": "assistant", "content": "2"}, {"role": "user", "content": "2+2?"}]
    tok = chat_model.tokenizer
    assert chat_model.render(DIALOGUE) == tok.apply_chat_template(chat, tokenize=False, add_generation_prompt=True)
    assert chat_model.render("hi") == tok.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=False,
                                                             add_generation_prompt=True)
    finished = chat_model.render(DIALOGUE[:3])
    assert finished.endswith("<|im_start|>assistant\n2<|im_end|>\n")


def test_meta_template_model_renders_like_the_chat_template(chat_model, smollm2_cache) -> None:
    spec = ModelSpec(abbr="meta", type="HuggingFaceCausalLM", path="SmolLM2-135M-Instruct", meta_template=CHATML)
    model = HuggingFaceCausalLM(spec)
    assert model.render(DIALOGUE) == chat_model.render(DIALOGUE)


def test_unknown_chat_role_is_an_error(chat_model) -> None:
    with pytest.raises(ModelError, match="unknown message role"):
        chat_model.render((Message("TOOL", "x"),))


def test_base_models_concatenate_contents(base_model) -> None:
    assert base_model.render(DIALOGUE) == "Be brief.1+1?22+2?"


def test_base_model_refuses_meta_template() -> None:
    spec = ModelSpec(abbr="b", type="HuggingFaceBaseModel", path="SmolLM2-135M-Instruct", meta_template=CHATML)
    with pytest.raises(ModelError, match="takes no meta_template"):
        HuggingFaceBaseModel(spec)


def test_encode_adds_no_second_bos(chat_model) -> None:
    tok = chat_model.tokenizer
    text = tok.bos_token + "hi"
    assert encode(tok, text) == tok(text, add_special_tokens=False)["input_ids"]


@pytest.mark.parametrize(("value", "dtype"), [("torch.bfloat16", torch.bfloat16), ("bfloat16", torch.bfloat16),
                                              (torch.float16, torch.float16), ("auto", "auto"),
                                              (None, torch.float32)])
def test_parse_dtype(value, dtype) -> None:
    assert parse_dtype(value, "m") == dtype


def test_bad_dtype_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="'torch.float7' is not a torch dtype"):
        parse_dtype("torch.float7", "m")


def test_device_map_on_a_cpu_machine(caplog) -> None:
    spec = ModelSpec(abbr="m", type="HuggingFaceCausalLM", path="x")
    assert device_map_for(spec, "auto") is None
    with caplog.at_level(logging.WARNING):
        assert device_map_for(spec, "cuda:0") is None
    assert "no GPU is visible" in caplog.text


def test_opencompass_tokenizer_kwargs() -> None:
    spec = ModelSpec(abbr="m", type="x", path="x",
                     tokenizer_kwargs={"padding_side": "right", "truncation": "left", "trust_remote_code": True})
    assert tokenizer_load_kwargs(spec) == {"padding_side": "left", "truncation_side": "left", "trust_remote_code": True}


def test_tutorial_kwargs_loaded_the_model_on_cpu_in_float32(base_model) -> None:
    assert base_model.model.dtype == torch.float32 and base_model.model.device.type == "cpu"
    assert base_model.tokenizer.truncation_side == "left" and base_model.tokenizer.pad_token is not None


def test_out_of_memory_halves_the_batch() -> None:
    seen: list[int] = []

    def fn(chunk):
        seen.append(len(chunk))
        if len(chunk) > 2:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory")
        return [x * 10 for x in chunk]

    assert run_batches(list(range(7)), 8, fn, "m") == [x * 10 for x in range(7)]
    assert seen == [7, 4, 2, 2, 2, 1]


def test_out_of_memory_at_batch_size_one_is_a_model_error() -> None:
    def fn(chunk):
        raise torch.cuda.OutOfMemoryError("CUDA out of memory")

    with pytest.raises(ModelError, match="out of GPU memory even with batch size 1"):
        run_batches([1, 2], 2, fn, "m")
