"""Shared builders: real specs and real results files in a tmp work dir."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from opencompass_lite.config.specs import DatasetSpec, InferencerSpec, ModelSpec, ReaderSpec, RetrieverSpec
from opencompass_lite.workdir import SCHEMA_VERSION, WorkDir, atomic_write_json


def _dataset(abbr: str, inferencer: str = "GenInferencer") -> DatasetSpec:
    return DatasetSpec(abbr=abbr, type="CEvalDataset", path="data/ceval/formal_ceval",
                       reader=ReaderSpec(input_columns=("question",), output_column="answer"),
                       retriever=RetrieverSpec(), inferencer=InferencerSpec(type=inferencer))


def _model(abbr: str) -> ModelSpec:
    return ModelSpec(abbr=abbr, type="HuggingFaceCausalLM", path=f"models/{abbr}")


@pytest.fixture
def make_dataset() -> Callable[..., DatasetSpec]:
    return _dataset


@pytest.fixture
def make_model() -> Callable[[str], ModelSpec]:
    return _model


@pytest.fixture
def wd(tmp_path) -> WorkDir:
    return WorkDir(tmp_path / "run")


ResultWriter = Callable[..., None]


@pytest.fixture
def write_result(wd: WorkDir) -> ResultWriter:
    def write(model_abbr: str, dataset_abbr: str, metrics: dict[str, Any], n: int = 10,
              mode: str = "gen", version: str = "abc123") -> None:
        atomic_write_json(wd.results(model_abbr, dataset_abbr), {
            "schema_version": SCHEMA_VERSION, "model": model_abbr, "dataset": dataset_abbr,
            "version": version, "mode": mode, "metrics": metrics, "n": n, "details": [],
        })

    return write
