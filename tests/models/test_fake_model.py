"""FakeModel: scripted, deterministic (across processes too), honours lengths and stop words."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from opencompass_lite.config.specs import ModelSpec
from opencompass_lite.errors import ModelError
from opencompass_lite.models import FakeModel
from opencompass_lite.models.base import GenerationRequest, LoglikelihoodRequest, Message
from opencompass_lite.registry import MODELS


def fake(stop_words: tuple[str, ...] = (), **model_kwargs) -> FakeModel:
    return FakeModel(ModelSpec(abbr="fake", type="FakeModel", path="fake", model_kwargs=model_kwargs,
                               stop_words=stop_words))


def test_registered() -> None:
    assert MODELS.get("FakeModel") is FakeModel


def test_outputs_first_match_wins_then_default() -> None:
    model = fake(outputs={"2+2": "four", "2": "two"}, default="none")
    got = model.generate([GenerationRequest(p, 10) for p in ("what is 2+2?", "what is 2?", "hello")])
    assert got == ["four", "two", "none"]


def test_chat_prompts_match_on_their_text() -> None:
    model = fake(outputs={"France": "Paris"})
    assert model.generate([GenerationRequest((Message("HUMAN", "Capital of France?"),), 5)]) == ["Paris"]


def test_default_letter_is_deterministic_across_processes() -> None:
    prompts = [f"question {i}" for i in range(12)]
    local = fake().generate([GenerationRequest(p, 1) for p in prompts])
    code = ("import json; from opencompass_lite.config.specs import ModelSpec; "
            "from opencompass_lite.models import FakeModel; from opencompass_lite.models.base import GenerationRequest; "
            "m = FakeModel(ModelSpec(abbr='f', type='FakeModel', path='f')); "
            f"print(json.dumps(m.generate([GenerationRequest(p, 1) for p in {prompts!r}])))")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": "123"},
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == local
    assert set(local) <= set("ABCD") and len(set(local)) > 1


def test_max_out_len_counts_words() -> None:
    model = fake(default="one  two three four")
    assert model.generate([GenerationRequest("x", 2), GenerationRequest("x", 0)]) == ["one  two", ""]


def test_stop_words_from_request_and_spec() -> None:
    model = fake(stop_words=("END",), default="A.\nQuestion: next END")
    assert model.generate([GenerationRequest("x", 10, stop_words=("\nQuestion:",))]) == ["A."]
    assert model.generate([GenerationRequest("x", 10)]) == ["A.\nQuestion: next "]


def test_answer_key_wins_under_ll_and_ppl() -> None:
    model = fake(answer_key={"Red Planet": "B"})
    q = "Which is the Red Planet?\nAnswer:"
    ll = model.loglikelihood([LoglikelihoodRequest(q, f" {x}") for x in "ABCD"])
    assert max(range(4), key=lambda i: ll[i].logprob) == 1 and ll[1].is_greedy
    ppl = model.loglikelihood([LoglikelihoodRequest("", f"{q} {x}") for x in "ABCD"])
    assert min(range(4), key=lambda i: -ppl[i].logprob / ppl[i].total_tokens) == 1


def test_loglikelihood_is_deterministic_and_depends_on_inputs() -> None:
    reqs = [LoglikelihoodRequest("ctx", " a"), LoglikelihoodRequest("ctx", " b"), LoglikelihoodRequest("", "ctx a")]
    first, second = fake().loglikelihood(reqs), fake().loglikelihood(reqs)
    assert first == second
    assert len({r.logprob for r in first}) == 3
    assert all(r.logprob < 0 and r.num_tokens >= 1 for r in first)


@pytest.mark.parametrize("key", ["outputs", "answer_key"])
def test_bad_kwargs_are_model_errors(key: str) -> None:
    with pytest.raises(ModelError, match=f"{key} must be a dict"):
        fake(**{key: ["not", "a", "dict"]})
