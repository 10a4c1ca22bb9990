"""Config dicts (OpenCompass vocabulary) → frozen specs. Run settings are split from build args here, once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opencompass_lite.config.specs import (
    ComponentSpec,
    DatasetSpec,
    EvalSpec,
    InferencerSpec,
    ModelSpec,
    ReaderSpec,
    RetrieverSpec,
    TemplateSpec,
)
from opencompass_lite.config.validate import check_keys, plain, typed
from opencompass_lite.errors import ConfigError
from opencompass_lite.registry import (
    DATASETS,
    EVALUATORS,
    INFERENCERS,
    MODELS,
    POSTPROCESSORS,
    RETRIEVERS,
)

MODEL_KEYS = {"type", "abbr", "path", "tokenizer_path", "model_kwargs", "tokenizer_kwargs", "generation_kwargs",
              "meta_template", "max_seq_len", "max_out_len", "batch_size", "run_cfg", "stop_words", "gguf_file",
              "batch_padding", "end_str"}


def model_spec(d: Any, where: str) -> ModelSpec:
    check_keys(d, MODEL_KEYS, where, required=("type", "path"))
    run_cfg = check_keys(plain(d.get("run_cfg") or {}), {"num_gpus", "num_procs"}, f"{where}.run_cfg")
    path = typed(d, "path", str, where)
    stops = [*typed(d, "stop_words", list, where, []), *([d["end_str"]] if d.get("end_str") else [])]
    return ModelSpec(
        abbr=typed(d, "abbr", str, where) or path.rstrip("/").split("/")[-1],
        type=MODELS.name_of(d["type"], f"{where}.type"),
        path=path,
        tokenizer_path=typed(d, "tokenizer_path", str, where, ""),
        model_kwargs=plain(typed(d, "model_kwargs", dict, where, {})),
        tokenizer_kwargs=plain(typed(d, "tokenizer_kwargs", dict, where, {})),
        generation_kwargs=plain(typed(d, "generation_kwargs", dict, where, {})),
        meta_template=plain(typed(d, "meta_template", dict, where)),
        max_seq_len=typed(d, "max_seq_len", int, where, 2048),
        max_out_len=typed(d, "max_out_len", int, where, 256),
        batch_size=_batch_size(d.get("batch_size", 8), where),
        num_gpus=typed(run_cfg, "num_gpus", int, f"{where}.run_cfg", 0),
        stop_words=tuple(str(s) for s in stops),
        gguf_file=typed(d, "gguf_file", str, where, ""),
    )


def _batch_size(value: Any, where: str) -> int | str:
    if value == "auto" or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return value
    raise ConfigError(f"{where}.batch_size: {value!r} is not a batch size; use a positive integer or 'auto'")


def component(d: Any, registry: Any, where: str) -> ComponentSpec:
    if not isinstance(d, Mapping) or "type" not in d:
        raise ConfigError(f"{where} must be a dict with a 'type'; fix the config")
    kwargs = {k: plain(v) for k, v in d.items() if k != "type"}
    return ComponentSpec(registry.name_of(d["type"], f"{where}.type"), kwargs)


def _template(d: Any, where: str) -> TemplateSpec | None:
    if d is None:
        return None
    check_keys(d, {"type", "template", "ice_token"}, where, required=("template",))
    return TemplateSpec(template=plain(d["template"]), ice_token=typed(d, "ice_token", str, where))


def _reader(d: Any, where: str) -> ReaderSpec:
    check_keys(d, {"input_columns", "output_column", "train_split", "test_split"}, where, required=("input_columns",))
    return ReaderSpec(
        input_columns=tuple(typed(d, "input_columns", list, where)),
        output_column=typed(d, "output_column", str, where),
        train_split=typed(d, "train_split", str, where, "train"),
        test_split=typed(d, "test_split", str, where, "test"),
    )


def _infer(d: Any, where: str) -> tuple[RetrieverSpec, InferencerSpec, TemplateSpec | None, TemplateSpec | None]:
    check_keys(d, {"prompt_template", "ice_template", "retriever", "inferencer"}, where, required=("inferencer",))
    r = check_keys(d.get("retriever") or {"type": "ZeroRetriever"}, {"type", "fix_id_list", "ice_num", "seed"},
                   f"{where}.retriever", required=("type",))
    retriever = RetrieverSpec(
        type=RETRIEVERS.name_of(r["type"], f"{where}.retriever.type"),
        fix_id_list=tuple(typed(r, "fix_id_list", list, f"{where}.retriever", [])),
        ice_num=typed(r, "ice_num", int, f"{where}.retriever", 1),
        seed=typed(r, "seed", int, f"{where}.retriever", 43),
    )
    i = check_keys(d["inferencer"], {"type", "max_out_len", "stop_words", "labels", "generation_kwargs"},
                   f"{where}.inferencer", required=("type",))
    labels = typed(i, "labels", list, f"{where}.inferencer")
    inferencer = InferencerSpec(
        type=INFERENCERS.name_of(i["type"], f"{where}.inferencer.type"),
        max_out_len=typed(i, "max_out_len", int, f"{where}.inferencer"),
        stop_words=tuple(typed(i, "stop_words", list, f"{where}.inferencer", [])),
        labels=tuple(str(x) for x in labels) if labels else None,
        generation_kwargs=plain(typed(i, "generation_kwargs", dict, f"{where}.inferencer", {})),
    )
    return (retriever, inferencer, _template(d.get("prompt_template"), f"{where}.prompt_template"),
            _template(d.get("ice_template"), f"{where}.ice_template"))


def _eval(d: Any, where: str) -> EvalSpec:
    # pred_role is accepted for OpenCompass compatibility: predictions are always the BOT turn here.
    check_keys(d, {"evaluator", "pred_postprocessor", "dataset_postprocessor", "pred_role"}, where)
    post = {k: component(d[k], POSTPROCESSORS, f"{where}.{k}") if d.get(k) else None
            for k in ("pred_postprocessor", "dataset_postprocessor")}
    evaluator = component(d["evaluator"], EVALUATORS, f"{where}.evaluator") if d.get("evaluator") \
        else ComponentSpec("AccEvaluator")
    return EvalSpec(evaluator=evaluator, **post)


DATASET_KEYS = {"type", "abbr", "path", "name", "reader_cfg", "infer_cfg", "eval_cfg"}


def dataset_spec(d: Any, where: str, limit: int | None = None) -> DatasetSpec:
    if not isinstance(d, Mapping):
        raise ConfigError(f"{where} must be a dict, got {type(d).__name__}; fix the config")
    loader_name = DATASETS.name_of(d.get("type", ""), f"{where}.type")
    extra = set(getattr(DATASETS.get(loader_name), "extra_keys", ()))
    check_keys(d, DATASET_KEYS | extra, where, required=("type", "abbr", "path", "reader_cfg", "infer_cfg"))
    retriever, inferencer, prompt, ice = _infer(d["infer_cfg"], f"{where}.infer_cfg")
    return DatasetSpec(
        abbr=typed(d, "abbr", str, where),
        type=loader_name,
        path=typed(d, "path", str, where),
        name=typed(d, "name", str, where, ""),
        reader=_reader(d["reader_cfg"], f"{where}.reader_cfg"),
        retriever=retriever,
        inferencer=inferencer,
        prompt_template=prompt,
        ice_template=ice,
        eval=_eval(d.get("eval_cfg") or {}, f"{where}.eval_cfg"),
        loader_kwargs={k: plain(d[k]) for k in sorted(extra & set(d))},
        limit=limit,
    )


def unique_abbrs(items: list[Any], kind: str, where: str) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.abbr in seen:
            raise ConfigError(f"{where}: {kind}[{i}].abbr {item.abbr!r} repeats {kind}[{seen[item.abbr]}]; "
                              f"give each {kind[:-1]} a unique abbr")
        seen[item.abbr] = i
