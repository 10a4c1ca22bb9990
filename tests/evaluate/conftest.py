"""Shared fixtures: the real HumanEval, built once per session by tools/build_humaneval.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from opencompass_lite.config.specs import DatasetSpec, InferencerSpec, ReaderSpec, RetrieverSpec

REPO = Path(__file__).resolve().parents[2]


def humaneval_spec(path: Path | str, **loader_kwargs: Any) -> DatasetSpec:
    """The spec ``configs/datasets/humaneval/humaneval_gen.py`` describes, pointing at ``path``."""
    return DatasetSpec(abbr="openai_humaneval", type="HumanevalDataset", path=str(path),
                       reader=ReaderSpec(input_columns=("prompt",), output_column="task_id", train_split="test"),
                       retriever=RetrieverSpec(), inferencer=InferencerSpec(type="GenInferencer", max_out_len=512),
                       loader_kwargs=loader_kwargs)


@pytest.fixture(scope="session")
def build_humaneval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tools_build_humaneval", REPO / "tools" / "build_humaneval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def humaneval_dir(tmp_path_factory, build_humaneval) -> Path:
    out = tmp_path_factory.mktemp("data") / "humaneval"
    assert build_humaneval.main(["--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def humaneval_rows(humaneval_dir) -> list[dict[str, Any]]:
    from opencompass_lite.datasets.base import load_dataset

    return load_dataset(humaneval_spec(humaneval_dir)).test
