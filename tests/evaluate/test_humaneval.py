"""HumanEval end to end: build the data, load it, post-process completions, score them in the sandbox."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import ConfigError, DataError, TaskError
from opencompass_lite.evaluate.humaneval import HumanEvalEvaluator, humaneval_postprocess, humaneval_program
from opencompass_lite.evaluate.sandbox import run_program

from .conftest import humaneval_spec


def _score(rows, predictions, **kwargs):
    return HumanEvalEvaluator(**kwargs).score(predictions, [r["task_id"] for r in rows], rows)


def test_built_file_has_opencompass_name_and_fields(humaneval_dir: Path):
    lines = (humaneval_dir / "human-eval-v2-20210705.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 164
    first = json.loads(lines[0])
    assert list(first) == ["task_id", "prompt", "entry_point", "canonical_solution", "test"]
    assert first["task_id"] == "HumanEval/0" and first["entry_point"] == "has_close_elements"


def test_loader_rows(humaneval_rows):
    assert len(humaneval_rows) == 164 and humaneval_rows[163]["task_id"] == "HumanEval/163"


def test_canonical_solutions_pass_all(humaneval_rows):
    """The real 164 problems: canonical solutions, through the postprocessor, score exactly 100."""
    out = _score(humaneval_rows, [humaneval_postprocess(r["canonical_solution"]) for r in humaneval_rows])
    assert out.metrics == {"humaneval_pass@1": 100.0}
    assert all(d["correct"] and d["results"] == ["passed"] for d in out.details)


def test_empty_completions_pass_none(humaneval_rows):
    out = _score(humaneval_rows, [""] * len(humaneval_rows))
    assert out.metrics == {"humaneval_pass@1": 0.0}
    assert not any(d["correct"] for d in out.details)


def test_chat_style_whole_function_in_a_fence(humaneval_rows):
    row = humaneval_rows[0]
    fenced = f"Sure!\n```python\n{row['prompt']}{row['canonical_solution']}\nprint('demo')\n```\nHope it helps."
    code = humaneval_postprocess(fenced)
    assert "print('demo')" not in code
    assert run_program(humaneval_program(row, code)).passed
    assert not run_program(humaneval_program(row, "```python\ndef has_close_elements(n, t):\n    return 1\n```")).passed


def test_pass_at_k_from_lists_of_samples(humaneval_rows):
    rows = humaneval_rows[:2]
    good = [r["canonical_solution"] for r in rows]
    predictions = [[good[0], "    return None", "    return None"], [good[1]] * 3]  # c = 1 and 3 of n = 3
    out = _score(rows, predictions, k=[1, 2, 5])
    assert out.metrics["humaneval_pass@1"] == pytest.approx(100 * (1 / 3 + 1) / 2)
    assert out.metrics["humaneval_pass@2"] == pytest.approx(100 * ((1 - 1 / 3) + 1) / 2)  # 1 - C(2,2)/C(3,2)
    assert "humaneval_pass@5" not in out.metrics  # only 3 samples per problem
    assert out.details[0]["score"] == pytest.approx(100 / 3) and out.details[1]["correct"]


def test_repeated_rows_are_pooled_by_task_id(humaneval_dir: Path):
    rows = load_dataset(humaneval_spec(humaneval_dir, num_repeats=2)).test[:4]  # problems 0 and 1, twice each
    assert [r["task_id"] for r in rows] == ["HumanEval/0", "HumanEval/0", "HumanEval/1", "HumanEval/1"]
    predictions = [rows[0]["canonical_solution"], "", rows[2]["canonical_solution"], rows[3]["canonical_solution"]]
    out = _score(rows, predictions, k=[1, 2])
    assert out.metrics == {"humaneval_pass@1": pytest.approx(75.0), "humaneval_pass@2": pytest.approx(100.0)}


@pytest.mark.parametrize("kwargs", [dict(k=0), dict(k=[1, "10"]), dict(k=[]), dict(timeout=0)])
def test_bad_evaluator_settings(kwargs):
    with pytest.raises(ConfigError, match="HumanEvalEvaluator"):
        HumanEvalEvaluator(**kwargs)


def test_rows_without_tests_are_a_task_error():
    with pytest.raises(TaskError, match="lacks \\['test', 'entry_point'\\]"):
        HumanEvalEvaluator().score(["    pass"], ["HumanEval/0"], [{"task_id": "HumanEval/0", "prompt": "def f():\n"}])


def test_missing_file_says_how_to_build(tmp_path: Path):
    with pytest.raises(DataError, match="python tools/build_humaneval.py"):
        load_dataset(humaneval_spec(tmp_path / "nowhere"))


def test_malformed_rows_are_rejected(tmp_path: Path):
    (tmp_path / "human-eval-v2-20210705.jsonl").write_text('{"task_id": "x", "prompt": "p"}\n', encoding="utf-8")
    with pytest.raises(DataError, match=":1: fields .*canonical_solution"):
        load_dataset(humaneval_spec(tmp_path))


@pytest.mark.parametrize("repeats", [0, -1, "3", 2.5, True])
def test_bad_num_repeats(humaneval_dir: Path, repeats):
    with pytest.raises(ConfigError, match="num_repeats"):
        load_dataset(humaneval_spec(humaneval_dir, num_repeats=repeats))


def test_build_from_a_custom_source_and_bad_sources(tmp_path: Path, build_humaneval, capsys):
    good = {"task_id": "T/0", "prompt": "def f():\n", "entry_point": "f", "canonical_solution": "    return 1\n",
            "test": "def check(c):\n    assert c() == 1\n"}
    src = tmp_path / "src.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write(json.dumps(good) + "\n\n")
    assert build_humaneval.main(["--source", str(src), "--out", str(tmp_path / "out")]) == 0
    assert "1 problems" in capsys.readouterr().out
    rows = load_dataset(humaneval_spec(tmp_path / "out")).test
    assert _score(rows, [rows[0]["canonical_solution"]]).metrics == {"humaneval_pass@1": 100.0}
    for name, text in (("bad.jsonl", "{not json\n"), ("short.jsonl", json.dumps({"task_id": "x"}) + "\n"),
                       ("empty.jsonl", "")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert build_humaneval.main(["--source", str(tmp_path / name), "--out", str(tmp_path / "o2")]) == 2
    assert build_humaneval.main(["--source", str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "invalid JSON" in err and "fields" in err and "no problems" in err and "not found" in err


def test_rows_must_match_predictions():
    with pytest.raises(TaskError, match="1 predictions but 0 test rows"):
        HumanEvalEvaluator().score(["    pass"], ["HumanEval/0"], [])
