"""batch_size='auto': the estimate, its bounds, the halving it remembers, and the same scores as a fixed size."""

from __future__ import annotations

import argparse

import pytest
import torch

from opencompass_lite.cli_args import build_parser
from opencompass_lite.config.convert import model_spec
from opencompass_lite.errors import ConfigError
from opencompass_lite.models.base import GenerationRequest, LoglikelihoodRequest
from opencompass_lite.models.batching import AUTO_MAX, batch_size_for, row_bytes, run_batches
from opencompass_lite.models.loglik import encode_pair, score_sequences
from tests.models.test_hf_generate import respec


def test_row_bytes_grow_with_width_and_generation(base_model) -> None:
    config = base_model.model.config
    assert row_bytes(config, 64, 0, 4) < row_bytes(config, 128, 0, 4) < row_bytes(config, 128, 16, 4)
    assert row_bytes(config, 128, 0, 2) < row_bytes(config, 128, 0, 4)


def test_fixed_batch_size_is_kept(base_model) -> None:
    assert batch_size_for(base_model.model, 3, width=100_000) == 3


def test_auto_fits_the_free_memory_and_the_cap(base_model, monkeypatch) -> None:
    model = base_model.model
    per_row = row_bytes(model.config, 512, 0, 4)
    monkeypatch.setattr("opencompass_lite.models.batching.free_bytes", lambda device: 10 * per_row)
    assert batch_size_for(model, "auto", 512) == 5  # half the free memory
    monkeypatch.setattr("opencompass_lite.models.batching.free_bytes", lambda device: per_row // 4)
    assert batch_size_for(model, "auto", 512) == 1  # never zero
    monkeypatch.setattr("opencompass_lite.models.batching.free_bytes", lambda device: 10**15)
    assert batch_size_for(model, "auto", 512) == AUTO_MAX


def test_out_of_memory_is_remembered_by_the_owner() -> None:
    class Owner:
        pass

    owner = Owner()

    def fn(chunk):
        if len(chunk) > 2:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory")
        return list(chunk)

    assert run_batches(list(range(8)), 8, fn, "m", owner) == list(range(8))
    assert owner._ocl_auto_scale == 0.25  # halved twice: 8 -> 4 -> 2


def test_auto_scores_and_generates_as_a_fixed_size(base_model) -> None:
    requests = [LoglikelihoodRequest("Question: 2 + 2 =", f" {x}") for x in "3456"]
    seqs = [encode_pair(base_model.tokenizer, r.context, r.continuation, 2048, {}) for r in requests]
    auto = score_sequences(base_model.model, seqs, batch_size="auto", budget=2048, where="t")
    fixed = score_sequences(base_model.model, seqs, batch_size=1, budget=2048, where="t")
    assert [a.logprob for a in auto] == pytest.approx([f.logprob for f in fixed], abs=1e-4)
    prompts = [GenerationRequest(p, 6) for p in ("The sky is", "One, two, three,", "Paris is the capital of")]
    with respec(base_model, batch_size=1):
        one = base_model.generate(prompts)
    with respec(base_model, batch_size="auto"):
        assert base_model.generate(prompts) == one


@pytest.mark.parametrize("value", [0, -2, True, "big", 2.5])
def test_config_rejects_bad_batch_sizes(value) -> None:
    with pytest.raises(ConfigError, match=r"models\[0\]\.batch_size: .* use a positive integer or 'auto'"):
        model_spec(dict(type="HuggingFaceBaseModel", path="x", batch_size=value), "models[0]")


def test_config_and_cli_accept_auto() -> None:
    assert model_spec(dict(type="HuggingFaceBaseModel", path="x", batch_size="auto"), "m").batch_size == "auto"
    args: argparse.Namespace = build_parser().parse_args(["--hf-path", "x", "--datasets", "d", "--batch-size", "auto"])
    assert args.batch_size == "auto"
    assert build_parser().parse_args(["--hf-path", "x", "--datasets", "d", "--batch-size", "4"]).batch_size == 4
