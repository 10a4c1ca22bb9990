"""HellaSwag: gen and ppl configs on OpenCompass's hellaswag.jsonl layout."""

from __future__ import annotations

from dataclasses import replace

import pytest

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import ConfigError, DataError
from opencompass_lite.models.base import Message

from .conftest import evaluate, loaded, on_fixture, text


def test_loader_strips_the_activity_label_and_letters_the_gold():
    spec = on_fixture("hellaswag/hellaswag_gen.py", "hellaswag")
    splits = load_dataset(spec)
    assert len(splits.test) == 4 and splits.train is splits.test
    row = splits.test[0]
    assert row["ctx"].startswith("[synthetic]") and row["label"] == "A" and row["A"] == "26"
    assert len(load_dataset(replace(spec, reader=replace(spec.reader, train_split="train"))).train) == 3


def test_gen_prompt_and_score():
    spec = on_fixture("hellaswag/hellaswag_gen.py", "hellaswag")
    splits, builder = loaded(spec)
    row = splits.test[2]
    assert text(builder.gen_prompt(row, 2)) == (
        f"{row['ctx']}\nQuestion: Which ending makes the most sense?\nA. {row['A']}\nB. {row['B']}\n"
        f"C. {row['C']}\nD. {row['D']}\nYou may choose from 'A', 'B', 'C', 'D'.\nAnswer:")
    golds = [r["label"] for r in splits.test]
    assert evaluate(spec, [*golds[:3], "none"]).metrics["accuracy"] == 75


def test_ppl_prompts_continue_the_context():
    spec = on_fixture("hellaswag/hellaswag_ppl.py", "hellaswag")
    splits, builder = loaded(spec)
    row = splits.test[1]
    assert builder.label_prompts(row, 1)["D"] == (Message("HUMAN", row["ctx"]), Message("BOT", row["D"]))
    assert evaluate(spec, [r["label"] for r in splits.test]).metrics["accuracy"] == 100


def test_bad_inputs(tmp_path):
    spec = on_fixture("hellaswag/hellaswag_ppl.py", "hellaswag")
    with pytest.raises(ConfigError, match="split 'dev' unknown; use one of"):
        load_dataset(replace(spec, reader=replace(spec.reader, test_split="dev")))
    (tmp_path / "hellaswag.jsonl").write_text('{"query": "a: b", "choices": ["x", "y"], "gold": 0}\n')
    with pytest.raises(DataError, match="hellaswag.jsonl:1: expected 4 choices and gold 0-3"):
        load_dataset(replace(spec, path=str(tmp_path)))
