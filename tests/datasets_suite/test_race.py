"""RACE: middle/high gen and ppl configs on OpenCompass's {validation,test}/{middle,high}.jsonl layout."""

from __future__ import annotations

from dataclasses import replace

import pytest

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import DataError
from opencompass_lite.models.base import Message

from .conftest import config_specs, evaluate, loaded, on_fixture, text

QUESTION = ("Read the article, and answer the question by replying A, B, C or D.\n\nArticle:\n{article}\n\n"
            "Q: {question}\n\nA. {A}\nB. {B}\nC. {C}\nD. {D}")


@pytest.mark.parametrize("config", ["race/race_gen.py", "race/race_ppl.py"])
def test_configs_have_middle_and_high(config):
    assert [(s.abbr, s.name) for s in config_specs(config)] == [("race-middle", "middle"), ("race-high", "high")]


def test_gen_prompt_and_score():
    spec = on_fixture("race/race_gen.py", "race", "high")
    splits, builder = loaded(spec)
    assert (len(splits.train), len(splits.test)) == (2, 2) and splits.train != splits.test
    row = splits.test[0]
    assert text(builder.gen_prompt(row, 0)) == QUESTION.format(**row)
    golds = [r["answer"] for r in splits.test]
    assert evaluate(spec, [f"Answer: {golds[0]}", "I am not sure"]).metrics["accuracy"] == 50


def test_ppl_prompts_end_with_the_letter():
    spec = on_fixture("race/race_ppl.py", "race", "middle")
    splits, builder = loaded(spec)
    row = splits.test[1]
    assert builder.label_prompts(row, 1)["B"] == (Message("HUMAN", QUESTION.format(**row)), Message("BOT", "A: B"))
    assert evaluate(spec, [r["answer"] for r in splits.test]).metrics["accuracy"] == 100


def test_bad_records(tmp_path):
    spec = replace(on_fixture("race/race_gen.py", "race", "high"), path=str(tmp_path))
    with pytest.raises(DataError, match=r"race-high: data file .*test/high.jsonl not found; download race.zip"):
        load_dataset(spec)
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "high.jsonl").write_text(
        '{"article": "a", "question": "q", "options": ["1", "2", "3"], "answer": "A"}\n')
    with pytest.raises(DataError, match="high.jsonl:1: expected 4 options, found 3"):
        load_dataset(spec)
