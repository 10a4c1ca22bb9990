"""GSM8K: 8-shot CoT and 0-shot configs, the loader's CoT column, final-number extraction and comparison."""

from __future__ import annotations

from dataclasses import replace

import pytest

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.datasets.gsm8k import gsm8k_cot
from opencompass_lite.errors import DataError
from opencompass_lite.models.base import Message

from .conftest import evaluate, loaded, on_fixture, text


def test_cot_column_drops_calculator_annotations():
    assert gsm8k_cot("He has 2*3=<<2*3=6>>6 eggs.\n#### 6") == "He has 2*3=6 eggs.\nThe answer is 6"
    row = load_dataset(on_fixture("gsm8k/gsm8k_gen.py", "gsm8k")).train[0]
    assert "<<" not in row["cot"] and row["cot"].endswith(f"The answer is {row['answer'].split('#### ')[1]}")


def test_8_shot_prompt():
    spec = on_fixture("gsm8k/gsm8k_gen.py", "gsm8k")
    splits, builder = loaded(spec)
    assert (len(splits.train), len(splits.test)) == (8, 3)
    prompt = builder.gen_prompt(splits.test[0], 0)
    assert [m.role for m in prompt] == ["HUMAN", "BOT"] * 8 + ["HUMAN"]
    assert prompt[0] == Message("HUMAN", f"Question: {splits.train[0]['question']}\nLet's think step by step\nAnswer:")
    assert prompt[1] == Message("BOT", splits.train[0]["cot"] + "\n")
    assert prompt[-1].content.endswith(f"Question: {splits.test[0]['question']}\nLet's think step by step\nAnswer:")
    assert spec.inferencer.stop_words == ("Question:",)


def test_final_number_is_compared_numerically():
    spec = on_fixture("gsm8k/gsm8k_gen.py", "gsm8k")
    golds = [r["answer"].split("#### ")[1] for r in load_dataset(spec).test]
    preds = [f"So she keeps {golds[0]}.00 pens.\nThe answer is {golds[0]}.00",
             f"She keeps {int(golds[1]) + 1} pens.",
             f"Work...\nThe answer is {golds[2]}\n\nQuestion: Tom has 5 apples"]
    out = evaluate(spec, preds)
    assert out.metrics["accuracy"] == pytest.approx(200 / 3)
    assert [d["correct"] for d in out.details] == [True, False, True]


def test_zero_shot_prompt_asks_for_a_box():
    spec = on_fixture("gsm8k/gsm8k_gen_0shot.py", "gsm8k")
    splits, builder = loaded(spec)
    assert splits.train is splits.test
    assert text(builder.gen_prompt(splits.test[1], 1)).endswith("put your final answer within \\boxed{}.")
    gold = splits.test[1]["answer"].split("#### ")[1]
    assert evaluate(spec, ["x", f"... \\boxed{{{gold}}}", ""]).metrics["accuracy"] == pytest.approx(100 / 3)


def test_bad_records(tmp_path):
    spec = replace(on_fixture("gsm8k/gsm8k_gen_0shot.py", "gsm8k"), path=str(tmp_path))
    with pytest.raises(DataError, match=r"gsm8k: data file .*test.jsonl not found; download train.jsonl and test"):
        load_dataset(spec)
    (tmp_path / "test.jsonl").write_text('{"question": "q", "answer": "#### 4"}\n{"question": "q", "answer": 4}\n')
    with pytest.raises(DataError, match=r"test.jsonl:2: fields \['answer'\] missing or of the wrong type"):
        load_dataset(spec)
    (tmp_path / "test.jsonl").write_text('{"question": "q"\n')
    with pytest.raises(DataError, match=r"test.jsonl:1: invalid JSON"):
        load_dataset(spec)
