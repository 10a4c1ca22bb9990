"""ARC-Easy / ARC-Challenge: gen and ppl configs, AI2 records (numeric labels, 3-choice questions skipped)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import DataError
from opencompass_lite.models.base import Message

from .conftest import config_specs, evaluate, loaded, on_fixture, text


@pytest.mark.parametrize("config", ["ARC_c/ARC_c_gen.py", "ARC_c/ARC_c_ppl.py", "ARC_e/ARC_e_gen.py",
                                    "ARC_e/ARC_e_ppl.py"])
def test_configs_convert(config):
    (spec,) = config_specs(config)
    assert spec.type == "ARCDataset" and spec.reader.test_split == "Dev" and spec.abbr == config[:5].replace("_", "-")


def test_loader_maps_labels_and_skips_three_choice_questions():
    splits = load_dataset(on_fixture("ARC_c/ARC_c_gen.py", "ARC/ARC-c"))
    assert len(splits.test) == 3  # the 4th fixture question has 3 choices
    numeric = splits.test[2]  # its choices are labelled 1-4
    a, b = numeric["question"].removesuffix("?").split("is ")[1].split(" plus ")
    assert numeric["answerKey"] in "ABCD" and numeric[f"text{numeric['answerKey']}"] == str(int(a) + int(b))


def test_gen_prompt_and_score():
    spec = on_fixture("ARC_e/ARC_e_gen.py", "ARC/ARC-e")
    splits, builder = loaded(spec)
    row = splits.test[0]
    assert text(builder.gen_prompt(row, 0)) == (f"Question: {row['question']}\nA. {row['textA']}\nB. {row['textB']}\n"
                                                f"C. {row['textC']}\nD. {row['textD']}\nAnswer:")
    golds = [r["answerKey"] for r in splits.test]
    assert evaluate(spec, [f" {golds[0]}", f"The answer is ({golds[1]})", "E"]).metrics["accuracy"] == pytest.approx(
        200 / 3)


def test_ppl_prompts_answer_with_the_choice_text():
    spec = on_fixture("ARC_c/ARC_c_ppl.py", "ARC/ARC-c")
    splits, builder = loaded(spec)
    row = splits.test[1]
    prompts = builder.label_prompts(row, 1)
    assert prompts["C"] == (Message("HUMAN", f"Question: {row['question']}\nAnswer: "), Message("BOT", row["textC"]))
    assert evaluate(spec, ["A", "B", "C"]).metrics["accuracy"] == pytest.approx(
        100 * sum(g == p for g, p in zip([r["answerKey"] for r in splits.test], "ABC", strict=True)) / 3)


def test_bad_records(tmp_path):
    spec = replace(on_fixture("ARC_c/ARC_c_gen.py", "ARC/ARC-c"), path=str(tmp_path))
    with pytest.raises(DataError, match=r"ARC-Challenge-Dev.jsonl not found; download ARC"):
        load_dataset(spec)
    (tmp_path / "ARC-Challenge-Dev.jsonl").write_text(
        '{"question": {"stem": "q", "choices": [{"label": "A", "text": "1"}, {"label": "B", "text": "2"}, '
        '{"label": "C", "text": "3"}, {"label": "D", "text": "4"}]}, "answerKey": "E"}\n')
    with pytest.raises(DataError, match=r"Dev.jsonl:1: answerKey 'E' is none of the choice labels"):
        load_dataset(spec)
