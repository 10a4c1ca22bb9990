"""TriviaQA: the tab-separated alias layout, the prompt, EM / F1 / contains against the alias list."""

from __future__ import annotations

from dataclasses import replace

import pytest

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import DataError
from opencompass_lite.evaluate.benchmarks import triviaqa_answer

from .conftest import evaluate, loaded, on_fixture, text

CONFIG = "triviaqa/triviaqa_gen.py"


def test_loader_parses_alias_lists_of_both_splits():
    spec = on_fixture(CONFIG, "triviaqa")
    dev = load_dataset(spec).test
    assert dev[1] == {"question": "[synthetic] How many legs does a spider have", "answer": ["8", "eight"]}
    test = load_dataset(replace(spec, reader=replace(spec.reader, test_split="test"))).test
    assert test[0]["answer"] == ["Ice", "ice"]  # the test file nests the list


def test_prompt_and_scores():
    spec = on_fixture(CONFIG, "triviaqa")
    splits, builder = loaded(spec)
    assert text(builder.gen_prompt(splits.test[0], 0)).endswith(
        "start your answer with the prompt 'The answer is '.\nQ: [synthetic] Which city is the capital of France?\nA:")
    preds = ["The answer is Paris.\nQ: next", "The answer is eight legs", "Blue"]
    out = evaluate(spec, preds)
    assert [d["pred"] for d in out.details] == ["paris", "eight legs", "blue"]
    assert out.metrics == pytest.approx({"exact_match": 100 / 3, "f1": (100 + 100 * 2 / 3 + 0) / 3,
                                         "score": 200 / 3})


@pytest.mark.parametrize(("raw", "answer"), [
    ("The answer is Mount Everest, in Nepal.", "mount everest"),
    ("A: The Beatles\nmore text", "beatles"),
    ("  answer: 3.14 exactly", "314 exactly"),
])
def test_answer_extraction(raw, answer):
    assert triviaqa_answer(raw) == answer


def test_bad_rows(tmp_path):
    spec = replace(on_fixture(CONFIG, "triviaqa"), path=str(tmp_path))
    with pytest.raises(DataError, match=r"trivia-dev.qa.csv not found; download triviaqa.zip"):
        load_dataset(spec)
    (tmp_path / "trivia-dev.qa.csv").write_text("q\t['a']\textra\n")
    with pytest.raises(DataError, match=r"trivia-dev.qa.csv:1: expected 2 tab-separated columns"):
        load_dataset(spec)
    (tmp_path / "trivia-dev.qa.csv").write_text("q\t__import__('os')\n")
    with pytest.raises(DataError, match=r"csv:1: answer column is not a Python list literal"):
        load_dataset(spec)
    (tmp_path / "trivia-dev.qa.csv").write_text("q\t[]\n")
    with pytest.raises(DataError, match=r"csv:1: answer column must be a non-empty list"):
        load_dataset(spec)
