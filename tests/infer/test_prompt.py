"""Prompt building: templates, in-context examples, retrievers."""

import pytest

from opencompass_lite.config.specs import (
    DatasetSpec,
    InferencerSpec,
    ReaderSpec,
    RetrieverSpec,
    TemplateSpec,
)
from opencompass_lite.errors import ConfigError
from opencompass_lite.infer.prompt import PromptBuilder, Retriever
from opencompass_lite.models.base import Message

TRAIN = [{"q": f"train{i}", "answer": "ABCD"[i % 4]} for i in range(6)]
ROW = {"q": "what?", "answer": "C"}


def spec(prompt=None, ice=None, retriever=RetrieverSpec(), inferencer="GenInferencer") -> DatasetSpec:
    return DatasetSpec(abbr="t", type="x", path=".", reader=ReaderSpec(("q",), "answer"),
                       retriever=retriever, inferencer=InferencerSpec(inferencer),
                       prompt_template=prompt, ice_template=ice)


def test_string_template_fills_columns_and_keeps_other_braces():
    b = PromptBuilder(spec(TemplateSpec("Q: {q} {not_a_column} Answer:")), TRAIN)
    assert b.gen_prompt(ROW, 0) == "Q: what? {not_a_column} Answer:"


def test_round_template_drops_empty_bot_turn_in_gen_mode():
    tmpl = TemplateSpec({"round": [{"role": "HUMAN", "prompt": "{q}"}, {"role": "BOT", "prompt": "{answer}"}]})
    assert PromptBuilder(spec(tmpl), TRAIN).gen_prompt(ROW, 0) == (Message("HUMAN", "what?"),)


def test_fixk_ice_spliced_as_messages_at_begin_token():
    ice = TemplateSpec({"begin": "</E>", "round": [{"role": "HUMAN", "prompt": "{q}"},
                                                   {"role": "BOT", "prompt": "{answer}"}]}, ice_token="</E>")
    b = PromptBuilder(spec(None, ice, RetrieverSpec("FixKRetriever", (0, 1))), TRAIN)
    p = b.gen_prompt(ROW, 5)
    assert [m.role for m in p] == ["HUMAN", "BOT", "HUMAN", "BOT", "HUMAN"]
    assert [m.content for m in p] == ["train0", "A", "\ntrain1", "B", "\nwhat?"]


def test_ice_token_inside_text_gets_flattened_examples():
    ice = TemplateSpec("{q} -> {answer}")
    prompt = TemplateSpec({lab: f"</E>{{q}} -> {lab}" for lab in "AB"}, ice_token="</E>")
    b = PromptBuilder(spec(prompt, ice, RetrieverSpec("FixKRetriever", (0,)), "PPLInferencer"), TRAIN)
    assert b.labels() == ["A", "B"]
    assert b.label_prompts(ROW, 0) == {"A": "train0 -> A\nwhat? -> A", "B": "train0 -> A\nwhat? -> B"}


def test_random_retriever_is_seeded_per_index():
    r = Retriever(RetrieverSpec("RandomRetriever", ice_num=3, seed=1), train_size=6)
    assert r.ids(7) == r.ids(7)
    assert len(set(r.ids(7))) == 3
    assert any(r.ids(i) != r.ids(7) for i in range(7))


@pytest.mark.parametrize("kwargs, message", [
    (dict(prompt=None, ice=None), "needs a prompt_template"),
    (dict(prompt=TemplateSpec("{q}"), retriever=RetrieverSpec("FixKRetriever", (0, 99))), "outside"),
    (dict(prompt=TemplateSpec("{q}"), retriever=RetrieverSpec("FixKRetriever", (0,))), "need an ice_template"),
    (dict(prompt=TemplateSpec(42)), "must be a str"),
])
def test_bad_templates_are_config_errors(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        PromptBuilder(spec(**kwargs), TRAIN).gen_prompt(ROW, 0)
