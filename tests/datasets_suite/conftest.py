"""Helpers for the standard-suite tests: dataset configs as real specs pointed at the committed
synthetic fixtures, prompts through the real PromptBuilder, scoring the way eval_task does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from mmengine.config import Config

from opencompass_lite.config.convert import dataset_spec
from opencompass_lite.config.specs import ComponentSpec, DatasetSpec
from opencompass_lite.datasets.base import Splits, load_dataset
from opencompass_lite.evaluate import EvalOutput
from opencompass_lite.infer import PromptBuilder
from opencompass_lite.registry import EVALUATORS, POSTPROCESSORS

REPO = Path(__file__).resolve().parents[2]
CONFIGS = REPO / "configs" / "datasets"
FIXTURES = REPO / "tests" / "fixtures"


def config_specs(relative: str) -> list[DatasetSpec]:
    """Every dataset of ``configs/datasets/<relative>``, converted as the CLI converts them."""
    cfg = Config.fromfile(str(CONFIGS / relative))
    dicts = [d for key, value in cfg.items() if key.endswith("_datasets") for d in value]
    return [dataset_spec(d, f"{relative}[{i}]") for i, d in enumerate(dicts)]


def on_fixture(relative: str, fixture: str, name: str | None = None) -> DatasetSpec:
    """The config's dataset named ``name`` (or its only/first one), reading ``tests/fixtures/<fixture>``."""
    specs = config_specs(relative)
    spec = next(s for s in specs if name is None or s.name == name)
    return replace(spec, path=str(FIXTURES / fixture))


def loaded(spec: DatasetSpec) -> tuple[Splits, PromptBuilder]:
    splits = load_dataset(spec)
    return splits, PromptBuilder(spec, splits.train)


def _post(component: ComponentSpec | None, values: Sequence[Any]) -> list[Any]:
    if component is None:
        return list(values)
    fn = POSTPROCESSORS.get(component.type)
    return [fn(v, **component.kwargs) if isinstance(v, str) else v for v in values]


def evaluate(spec: DatasetSpec, predictions: Sequence[Any]) -> EvalOutput:
    """Score raw predictions on the fixture's test rows as ``run/eval_task.py`` does."""
    test = load_dataset(spec).test
    col = spec.reader.output_column
    references = _post(spec.eval.dataset_postprocessor, [row.get(col) if col else None for row in test])
    preds = _post(spec.eval.pred_postprocessor, predictions) if spec.mode == "gen" else list(predictions)
    evaluator = EVALUATORS.get(spec.eval.evaluator.type)(**spec.eval.evaluator.kwargs)
    return evaluator.score(preds, references, test)


def text(prompt: Any) -> str:
    """A rendered prompt as the plain text a base model sees."""
    return prompt if isinstance(prompt, str) else "".join(m.content for m in prompt)
