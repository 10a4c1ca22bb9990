"""Frozen, JSON-serialisable specs: what the rest of the pipeline sees instead of config dicts.

Config dicts (OpenCompass vocabulary) are converted once, in ``config/load.py``. Specs round-trip
through ``to_dict``/``from_dict`` so a task file fully describes its work.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


def _canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str)


def short_hash(obj: Any, n: int = 6) -> str:
    return hashlib.sha256(_canonical(obj).encode()).hexdigest()[:n]


@dataclass(frozen=True)
class ModelSpec:
    """A model: how to build it (``type``, paths, kwargs) and how to run it (batch, lengths, GPUs)."""

    abbr: str
    type: str
    path: str
    tokenizer_path: str = ""
    model_kwargs: dict[str, Any] = field(default_factory=dict)
    tokenizer_kwargs: dict[str, Any] = field(default_factory=dict)
    generation_kwargs: dict[str, Any] = field(default_factory=dict)
    meta_template: dict[str, Any] | None = None
    max_seq_len: int = 2048
    max_out_len: int = 256
    batch_size: int | str = 8  # or 'auto': the largest that fits (models/batching.py)
    num_gpus: int = 0
    stop_words: tuple[str, ...] = ()
    gguf_file: str = ""

    def fingerprint(self) -> dict[str, Any]:
        """Settings that change predictions; resume refuses to mix predictions across them."""
        d = dataclasses.asdict(self)
        for run_only in ("abbr", "batch_size", "num_gpus"):
            d.pop(run_only)
        d["model_kwargs"] = {k: v for k, v in self.model_kwargs.items() if k != "device_map"}
        return d


@dataclass(frozen=True)
class ReaderSpec:
    input_columns: tuple[str, ...]
    output_column: str | None = None
    train_split: str = "train"
    test_split: str = "test"


@dataclass(frozen=True)
class TemplateSpec:
    """``template`` is a str, a ``dict(begin=..., round=[dict(role=..., prompt=...)], end=...)``,
    or (PPL) a dict mapping each label to one of those."""

    template: Any
    ice_token: str | None = None


@dataclass(frozen=True)
class RetrieverSpec:
    type: str = "ZeroRetriever"
    fix_id_list: tuple[int, ...] = ()
    ice_num: int = 1
    seed: int = 43


@dataclass(frozen=True)
class InferencerSpec:
    type: str  # "GenInferencer" | "PPLInferencer" | "LLInferencer"
    max_out_len: int | None = None
    stop_words: tuple[str, ...] = ()
    labels: tuple[str, ...] | None = None  # ppl/ll: defaults to the prompt_template's keys
    generation_kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ComponentSpec:
    """A registered component plus its keyword arguments (evaluators, postprocessors)."""

    type: str
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EvalSpec:
    evaluator: ComponentSpec = field(default_factory=lambda: ComponentSpec("AccEvaluator"))
    pred_postprocessor: ComponentSpec | None = None
    dataset_postprocessor: ComponentSpec | None = None


@dataclass(frozen=True)
class DatasetSpec:
    abbr: str
    type: str
    path: str
    reader: ReaderSpec
    retriever: RetrieverSpec
    inferencer: InferencerSpec
    eval: EvalSpec = field(default_factory=EvalSpec)
    name: str = ""
    prompt_template: TemplateSpec | None = None
    ice_template: TemplateSpec | None = None
    loader_kwargs: dict[str, Any] = field(default_factory=dict)
    limit: int | None = None  # first N test samples (``--limit``)

    @property
    def mode(self) -> str:
        modes = {"GenInferencer": "gen", "PPLInferencer": "ppl", "LLInferencer": "ll", "RefLLInferencer": "ll"}
        return modes.get(self.inferencer.type, "gen")

    def version(self) -> str:
        """Short hash of the prompt/inference config: shown in the summary, stored with predictions."""
        d = dataclasses.asdict(self)
        keep = ("reader", "retriever", "inferencer", "prompt_template", "ice_template")
        return short_hash({k: d[k] for k in keep})

    def data_fingerprint(self) -> dict[str, Any]:
        """What decides the samples a prediction file holds, besides the shard range."""
        return {"version": self.version(), "type": self.type, "path": self.path, "name": self.name,
                "loader_kwargs": self.loader_kwargs}


def to_dict(spec: Any) -> dict[str, Any]:
    return dataclasses.asdict(spec)


def _tupled(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def model_from_dict(d: dict[str, Any]) -> ModelSpec:
    return ModelSpec(**{**d, "stop_words": tuple(d.get("stop_words", ()))})


def dataset_from_dict(d: dict[str, Any]) -> DatasetSpec:
    def comp(x: dict[str, Any] | None) -> ComponentSpec | None:
        return ComponentSpec(**x) if x else None

    def tmpl(x: dict[str, Any] | None) -> TemplateSpec | None:
        return TemplateSpec(**x) if x else None

    inf = d["inferencer"]
    ev = d.get("eval") or {}
    return DatasetSpec(
        abbr=d["abbr"], type=d["type"], path=d["path"], name=d.get("name", ""),
        reader=ReaderSpec(**{k: _tupled(v) for k, v in d["reader"].items()}),
        retriever=RetrieverSpec(**{k: _tupled(v) for k, v in d["retriever"].items()}),
        inferencer=InferencerSpec(**{k: _tupled(v) for k, v in inf.items()}),
        eval=EvalSpec(
            evaluator=comp(ev.get("evaluator")) or ComponentSpec("AccEvaluator"),
            pred_postprocessor=comp(ev.get("pred_postprocessor")),
            dataset_postprocessor=comp(ev.get("dataset_postprocessor")),
        ),
        prompt_template=tmpl(d.get("prompt_template")),
        ice_template=tmpl(d.get("ice_template")),
        loader_kwargs=d.get("loader_kwargs", {}),
        limit=d.get("limit"),
    )
