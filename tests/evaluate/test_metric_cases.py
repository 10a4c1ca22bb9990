"""Every metric case in tests/fixtures/metrics/*.json: (input, expected, tolerance) tables."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from opencompass_lite.evaluate import aggregate
from opencompass_lite.evaluate.math_answer import is_equiv
from opencompass_lite.registry import EVALUATORS, POSTPROCESSORS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "metrics"


def _cases() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            params.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return params


def _actual(case: dict[str, Any]) -> Any:
    kind, inp, kwargs = case["kind"], case["input"], case.get("kwargs", {})
    if kind == "postprocessor":
        return POSTPROCESSORS.get(case["fn"])(inp, **kwargs)
    if kind == "evaluator":
        out = EVALUATORS.get(case["fn"])(**kwargs).score(inp["predictions"], inp["references"],
                                                         [{} for _ in inp["predictions"]])
        assert len(out.details) == len(inp["predictions"])
        return out.metrics
    if kind == "pass_at_k":
        return aggregate.estimate_pass_at_k(**inp)
    if kind == "pass_at_k_mean":
        return aggregate.pass_at_k([tuple(c) for c in inp["counts"]], inp["k"])
    if kind == "aggregate":
        return getattr(aggregate, case["fn"])(**inp)
    if kind == "math_equiv":
        return is_equiv(*inp)
    raise AssertionError(f"unknown case kind {kind!r}")


def _close(actual: Any, expected: Any, tolerance: float) -> bool:
    if isinstance(expected, bool) or isinstance(expected, str):
        return actual == expected
    return math.isclose(actual, expected, rel_tol=0, abs_tol=tolerance)


@pytest.mark.parametrize("case", _cases())
def test_metric_case(case: dict[str, Any]) -> None:
    actual, expected, tolerance = _actual(case), case["expected"], case.get("tolerance", 0)
    if isinstance(expected, dict):
        for key, value in expected.items():
            assert _close(actual[key], value, tolerance), f"{key}: {actual[key]} != {value} ± {tolerance}"
    else:
        assert _close(actual, expected, tolerance), f"{actual!r} != {expected!r} ± {tolerance}"


def test_every_fixture_file_has_cases() -> None:
    files = sorted(FIXTURES.glob("*.json"))
    assert {f.stem for f in files} >= {"aggregate", "math", "pass_at_k", "postprocessors", "text_metrics"}
    assert all(json.loads(f.read_text(encoding="utf-8"))["cases"] for f in files)
