"""MATH: 4-shot and 0-shot configs, boxed reference answers, LaTeX-normalised equivalence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import DataError

from .conftest import evaluate, loaded, on_fixture, text


def test_loader_keeps_the_boxed_answer():
    test = load_dataset(on_fixture("math/math_gen.py", "math")).test
    assert [r["solution"] for r in test] == ["\\frac{5}{6}", "4", "7\\text{ cm}", "\\left(-2, 2\\right)"]
    assert test[0]["problem"].startswith("[synthetic] What is") and test[0]["type"] == "Algebra"


def test_4_shot_prompt():
    spec = on_fixture("math/math_gen.py", "math")
    splits, builder = loaded(spec)
    prompt = builder.gen_prompt(splits.test[1], 1)
    assert [m.role for m in prompt] == ["HUMAN", "BOT"] * 4 + ["HUMAN"]
    assert prompt[3].content.startswith("We have that $\\det (\\mathbf{A} \\mathbf{B})")
    assert prompt[-1].content == f"Problem:\n{splits.test[1]['problem']}\nSolution:\n"
    assert text(prompt).count("I hope it is correct.") == 4


def test_equivalence_after_normalisation():
    spec = on_fixture("math/math_gen.py", "math")
    preds = ["So it is $\\boxed{\\dfrac56}$.\nFinal Answer: The final answer is $\\frac56$. I hope it is correct.",
             "Final Answer: The final answer is $x = 4$. I hope it is correct.",
             "The answer is $\\boxed{7}$.",
             "$\\boxed{[-2, 2]}$"]
    out = evaluate(spec, preds)
    assert [d["correct"] for d in out.details] == [True, True, True, False]
    assert out.metrics["accuracy"] == 75


def test_zero_shot_prompt():
    spec = on_fixture("math/math_gen_0shot.py", "math")
    splits, builder = loaded(spec)
    assert text(builder.gen_prompt(splits.test[0], 0)) == (
        f"{splits.test[0]['problem']}\nPlease reason step by step, and put your final answer within \\boxed{{}}.")


def test_bad_files(tmp_path):
    spec = replace(on_fixture("math/math_gen.py", "math"), path=str(tmp_path))
    with pytest.raises(DataError, match=r"math.json not found; download math.json"):
        load_dataset(spec)
    (tmp_path / "math.json").write_text('{"0": {"problem": "p", "solution": "no box"}}')
    with pytest.raises(DataError, match=r"'0': solution has no \\boxed\{...\} answer"):
        load_dataset(spec)
    (tmp_path / "math.json").write_text('[{"problem": "p"}]')
    with pytest.raises(DataError, match="expected an object of id -> problem"):
        load_dataset(replace(spec, abbr="math-2"))
