"""Load experiments: an mmengine config file (``read_base()`` imports) or CLI shortcuts → ``RunSpec``."""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opencompass_lite.config.convert import component, dataset_spec, model_spec, unique_abbrs
from opencompass_lite.config.specs import ComponentSpec, DatasetSpec, ModelSpec
from opencompass_lite.config.validate import check_keys, plain
from opencompass_lite.errors import ConfigError
from opencompass_lite.registry import PARTITIONERS, RUNNERS


@dataclass(frozen=True)
class StageSpec:
    partitioner: ComponentSpec
    runner: ComponentSpec


def _default_stage() -> StageSpec:
    return StageSpec(ComponentSpec("NaivePartitioner"), ComponentSpec("LocalRunner"))


def _default_infer_stage() -> StageSpec:
    """Size partitioning packs small datasets into one task, so a model loads once for all of them."""
    return StageSpec(ComponentSpec("SizePartitioner"), ComponentSpec("LocalRunner"))


@dataclass(frozen=True)
class RunSpec:
    models: tuple[ModelSpec, ...]
    datasets: tuple[DatasetSpec, ...]
    work_dir: str
    source: str  # config path, or "command line"
    infer: StageSpec = field(default_factory=_default_infer_stage)
    eval: StageSpec = field(default_factory=_default_stage)
    summarizer: dict[str, Any] = field(default_factory=dict)
    config_text: str = ""  # the merged config as run, saved under configs/


def config_roots() -> list[Path]:
    """Where ``--models``/``--datasets`` names are looked up: ./configs, then the project's configs."""
    roots = [Path.cwd() / "configs", Path(__file__).resolve().parents[2] / "configs"]
    env = os.environ.get("OCL_CONFIG_DIR")
    return [Path(p) for p in ([env] if env else [])] + [r for r in dict.fromkeys(roots) if r.is_dir()]


def find_config(kind: str, name: str) -> Path:
    """``configs/<kind>/**/<name>.py`` by file stem; unknown names suggest close matches."""
    stems: dict[str, Path] = {}
    for root in config_roots():
        for p in sorted((root / kind).rglob("*.py")):
            stems.setdefault(p.stem, p)
    if name in stems:
        return stems[name]
    close = difflib.get_close_matches(name, stems, n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else "list them with `python tools/list_configs.py`"
    raise ConfigError(f"--{kind} {name}: no config named {name!r} under configs/{kind}/; {hint}")


def read_config(path: str | Path) -> Any:
    """mmengine ``Config.fromfile`` with errors turned into one line naming the file."""
    from mmengine.config import Config

    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"{path}: config file not found; check the path (configs/eval_*.py)")
    try:
        return Config.fromfile(str(p))
    except SyntaxError as e:
        raise ConfigError(f"{path}:{e.lineno}: cannot parse config ({e.msg}); fix the Python syntax") from e
    except Exception as e:  # mmengine wraps import errors of read_base() etc.
        msg = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        raise ConfigError(f"{path}: cannot load config ({type(e).__name__}: {msg}); fix the file or its imports") from e


def _collect(cfg: Mapping[str, Any], suffix: str) -> list[Any]:
    return [item for key, value in cfg.items() if key.endswith(suffix) and isinstance(value, list) for item in value]


def _stage(d: Any, where: str, default: StageSpec) -> StageSpec:
    if not d:
        return default
    check_keys(d, {"partitioner", "runner"}, where)
    part = component(d["partitioner"], PARTITIONERS, f"{where}.partitioner") if d.get("partitioner") \
        else default.partitioner
    runner = component(d["runner"], RUNNERS, f"{where}.runner") if d.get("runner") else ComponentSpec("LocalRunner")
    return StageSpec(part, runner)


def build_run_spec(models: Sequence[Any], datasets: Sequence[Any], where: str, *, work_dir: str,
                   limit: int | None = None, cfg: Mapping[str, Any] | None = None, config_text: str = "") -> RunSpec:
    cfg = cfg or {}
    if not models:
        raise ConfigError(f"{where}: no models; define `models = [...]` or pass --models / --hf-path")
    if not datasets:
        raise ConfigError(f"{where}: no datasets; define `datasets = [...]` or pass --datasets")
    mspecs = [model_spec(m, f"{where}: models[{i}]") for i, m in enumerate(models)]
    dspecs = [dataset_spec(d, f"{where}: datasets[{i}]", limit) for i, d in enumerate(datasets)]
    unique_abbrs(mspecs, "models", where)
    unique_abbrs(dspecs, "datasets", where)
    return RunSpec(
        models=tuple(mspecs), datasets=tuple(dspecs), work_dir=work_dir, source=where,
        infer=_stage(cfg.get("infer"), f"{where}: infer", _default_infer_stage()),
        eval=_stage(cfg.get("eval"), f"{where}: eval", _default_stage()),
        summarizer=plain(cfg.get("summarizer") or {}), config_text=config_text,
    )


def load_config(path: str | Path, *, work_dir: str | None = None, limit: int | None = None) -> RunSpec:
    cfg = read_config(path)
    models = cfg.get("models") or []
    datasets = cfg.get("datasets") or []
    exp = Path(path).stem
    text = Path(path).read_text(encoding="utf-8")  # the entry file; run.json holds the merged specs
    if limit is None and cfg.get("limit") is not None:
        if not isinstance(cfg["limit"], int) or isinstance(cfg["limit"], bool) or cfg["limit"] < 1:
            raise ConfigError(f"{path}: limit must be a positive integer, got {cfg['limit']!r}; fix the config")
        limit = cfg["limit"]
    return build_run_spec(models, datasets, str(path), work_dir=work_dir or cfg.get("work_dir") or f"outputs/{exp}",
                          limit=limit, cfg=cfg, config_text=text)


def _by_name(kind: str, suffix: str, names: Sequence[str]) -> list[Any]:
    """Every ``*<suffix>`` list in ``configs/<kind>/**/<name>.py`` for each name."""
    out: list[Any] = []
    for name in names:
        path = find_config(kind, name)
        found = _collect(read_config(path), suffix)
        if not found:
            raise ConfigError(f"{path}: defines no `*{suffix}` list; it is not a {kind[:-1]} config")
        out.extend(found)
    return out


def datasets_by_name(names: Sequence[str]) -> list[Any]:
    """``--datasets ceval_gen``: every ``*_datasets`` list in ``configs/datasets/**/ceval_gen.py``."""
    return _by_name("datasets", "_datasets", names)


def models_by_name(names: Sequence[str]) -> list[Any]:
    """``--models NAME``: every ``models`` list in ``configs/models/**/NAME.py``."""
    return _by_name("models", "models", names)


def summary_groups_for(dataset_abbrs: Sequence[str]) -> list[dict[str, Any]]:
    """Groups from ``configs/summarizers/groups`` whose subsets this run fully covers."""
    groups: list[dict[str, Any]] = []
    seen: set[str] = set()
    for root in config_roots():
        for p in sorted((root / "summarizers" / "groups").glob("*.py")):
            for g in _collect(read_config(p), "_summary_groups"):
                if g["name"] not in seen:
                    seen.add(g["name"])
                    groups.append(plain(g))
    have = set(dataset_abbrs)
    kept = []
    for g in groups:  # groups are listed after the groups they use
        subsets = [s[0] if isinstance(s, (list, tuple)) else s for s in g["subsets"]]
        if all(s in have for s in subsets):
            kept.append(g)
            have.add(g["name"])
    return kept
