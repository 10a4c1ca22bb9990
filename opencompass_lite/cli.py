"""``python run.py``: load → partition → run infer tasks → run eval tasks → summarize.

User errors (``OCLError``) print as one line and exit 2 (traceback only with ``--debug``);
failed tasks are listed with their log paths and the run exits 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from opencompass_lite.cli_args import build_parser, hf_model_dict
from opencompass_lite.config.load import (
    RunSpec,
    StageSpec,
    build_run_spec,
    datasets_by_name,
    find_config,
    load_config,
    models_by_name,
    read_config,
    summary_groups_for,
)
from opencompass_lite.config.specs import to_dict
from opencompass_lite.errors import ConfigError, OCLError
from opencompass_lite.partition.base import PartitionInput
from opencompass_lite.run.base import Task, TaskResult
from opencompass_lite.workdir import WorkDir, atomic_write_json, atomic_write_text, read_json

log = logging.getLogger("opencompass_lite")
RUNNER_ALIASES = {"local": "LocalRunner", "ray": "RayRunner", "slurm": "SlurmRunner"}


def spec_from_args(args: argparse.Namespace) -> RunSpec:
    if args.config:
        if args.models or args.datasets or args.hf_path:
            raise ConfigError("give either a config file or --models/--datasets/--hf-path, not both")
        return load_config(args.config, work_dir=args.work_dir, limit=args.limit)
    models = models_by_name(args.models or []) + ([hf_model_dict(args)] if args.hf_path else [])
    datasets = datasets_by_name(args.datasets or [])
    cfg: dict[str, Any] = {}
    if args.summarizer:
        cfg["summarizer"] = read_config(find_config("summarizers", args.summarizer)).get("summarizer", {})
    return build_run_spec(models, datasets, "command line", work_dir=args.work_dir or "outputs/default",
                          limit=args.limit, cfg=cfg)


def run_dir(spec: RunSpec, reuse: str | None) -> WorkDir:
    """A new ``<work_dir>/<timestamp>``, or the reused one (``latest`` or a timestamp)."""
    base = Path(spec.work_dir)
    if reuse is None:
        return WorkDir(base / datetime.now().strftime("%Y%m%d_%H%M%S"))
    runs = sorted(p.name for p in base.glob("*_*") if (p / "configs").is_dir()) if base.is_dir() else []
    if not runs:
        raise ConfigError(f"-r {reuse}: no previous run under {base}/; run without -r first")
    name = runs[-1] if reuse == "latest" else reuse
    if name not in runs:
        raise ConfigError(f"-r {reuse}: no run {base / name}; existing runs: {', '.join(runs[-5:])}")
    wd = WorkDir(base / name)
    meta = wd.configs / "run.json"
    if meta.exists() and read_json(meta).get("source") != spec.source:
        raise ConfigError(f"-r {reuse}: {wd.root} was made by {read_json(meta).get('source')}, not {spec.source}; "
                          f"reuse a run of this config or start a new one")
    return wd


def build_runner(stage: StageSpec, args: argparse.Namespace) -> Any:
    from opencompass_lite.registry import RUNNERS

    name = RUNNER_ALIASES.get(args.runner or "", args.runner) if args.runner else stage.runner.type
    if args.slurm:
        name = "SlurmRunner"
    kwargs = dict(stage.runner.kwargs) if name == stage.runner.type else {}
    if name == "SlurmRunner":
        if not (args.partition or kwargs.get("partition")):
            raise ConfigError("--slurm/--runner slurm needs a partition; add -p PARTITION")
        kwargs.update({k: v for k, v in (("partition", args.partition), ("quotatype", args.quotatype),
                                          ("qos", args.qos)) if v})
    if name == "RayRunner" and args.ray_address:
        kwargs["address"] = args.ray_address
    if args.max_num_workers is not None:
        kwargs["max_num_workers"] = args.max_num_workers
    elif name == "LocalRunner" and "max_num_workers" not in kwargs and not _gpus_visible():
        kwargs["max_num_workers"] = 1  # CPU only: parallel model copies just fight over the cores
    if args.retry is not None:
        kwargs["retry"] = args.retry
    if args.debug:
        name, kwargs = "LocalRunner", {"debug": True}
    return RUNNERS.get(name, where="--runner").from_config(kwargs, f"runner {name}")


def _gpus_visible() -> bool:
    from opencompass_lite.run.gpus import visible_gpu_ids

    return bool(visible_gpu_ids())


def build_partitioner(stage: StageSpec) -> Any:
    from opencompass_lite.registry import PARTITIONERS

    part = stage.partitioner
    return PARTITIONERS.get(part.type).from_config(part.kwargs, f"partitioner {part.type}")


def preflight_models(spec: RunSpec) -> None:
    """Fail before any task starts if a model cannot be found (backends opt in with ``preflight``)."""
    from opencompass_lite.registry import MODELS

    for m in spec.models:
        check = getattr(MODELS.get(m.type), "preflight", None)
        if check is not None:
            check(m)


def print_plan(kind: str, tasks: Sequence[Task]) -> None:
    print(f"{kind}: {len(tasks)} task(s)")
    for t in tasks:
        items = ", ".join(i.dataset.abbr + (f"[{i.shard.tag}]" if i.shard else "") for i in t.items)
        print(f"  {t.name}  gpus={t.num_gpus}  items: {items}")


def save_configs(spec: RunSpec, wd: WorkDir, stamp: str) -> None:
    if spec.config_text:
        atomic_write_text(wd.configs / f"{stamp}.py", spec.config_text)  # the entry file as given
    atomic_write_json(wd.configs / "run.json", {"source": spec.source, "models": [to_dict(m) for m in spec.models],
                                                 "datasets": [to_dict(d) for d in spec.datasets],
                                                 "summarizer": spec.summarizer})


def run_stage(tasks: list[Task], runner: Any) -> list[TaskResult]:
    return runner.run(tasks) if tasks else []


def run(spec: RunSpec, args: argparse.Namespace) -> int:
    wd = run_dir(spec, args.reuse)
    stamp = datetime.now().strftime("%Y%m%d_%H%M%S")
    inp = PartitionInput(spec.models, spec.datasets, wd)
    failed: dict[tuple[str, str], Path] = {}
    results: list[TaskResult] = []
    if args.dry_run:
        print_plan("infer", build_partitioner(spec.infer).infer_tasks(inp) if args.mode in ("all", "infer") else [])
        print_plan("eval", build_partitioner(spec.eval).eval_tasks(inp) if args.mode in ("all", "eval") else [])
        return 0
    if args.mode in ("all", "infer"):
        preflight_models(spec)
    save_configs(spec, wd, stamp)
    log.info("run directory: %s", wd.root)
    if args.mode in ("all", "infer"):
        tasks = build_partitioner(spec.infer).infer_tasks(inp)
        results += run_stage(tasks, build_runner(spec.infer, args))
        failed.update(failed_pairs(tasks, results))
    if args.mode in ("all", "eval"):
        tasks = eval_tasks_with_predictions(build_partitioner(spec.eval).eval_tasks(inp), failed, args.mode)
        eval_results = run_stage(tasks, build_runner(spec.eval, args))
        failed.update(failed_pairs(tasks, eval_results))
        results += eval_results
    summarize_run(spec, wd, failed, stamp)
    bad = [r for r in results if not r.succeeded]
    for r in bad:
        print(f"FAILED {r.name} (exit {r.returncode}); log: {r.log_path}", file=sys.stderr)
        print(_tail(r.log_path), file=sys.stderr)
    return 1 if bad else 0


def _tail(path: Path, lines: int = 5) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").rstrip().splitlines()[-lines:]
    except OSError:
        return "    (no log)"
    return "\n".join("    " + line for line in text)


def failed_pairs(tasks: Sequence[Task], results: Sequence[TaskResult]) -> dict[tuple[str, str], Path]:
    out = {}
    for t, r in zip(tasks, results, strict=True):
        if not r.succeeded:
            out.update({(t.model.abbr, i.dataset.abbr): r.log_path for i in t.items})
    return out


def eval_tasks_with_predictions(tasks: list[Task], failed: dict[tuple[str, str], Path], mode: str) -> list[Task]:
    """Drop eval items whose inference failed in this run; ``-m eval`` with no predictions is an error."""
    from dataclasses import replace

    kept = []
    for t in tasks:
        items = tuple(i for i in t.items if (t.model.abbr, i.dataset.abbr) not in failed)
        if items:
            kept.append(replace(t, items=items))
    if mode == "eval" and kept and not any(t.wd.predictions_dir(t.model.abbr).is_dir() for t in kept):
        raise ConfigError(f"-m eval: no predictions under {kept[0].wd.root / 'predictions'}; "
                          f"run inference first (-m infer or -m all), with -r to reuse that run")
    return kept


def summarize_run(spec: RunSpec, wd: WorkDir, failed: dict[tuple[str, str], Path], stamp: str) -> None:
    from opencompass_lite.summarize import render_text, summarize, summarizer_from_config

    cfg = dict(spec.summarizer)
    if "summary_groups" not in cfg:
        cfg["summary_groups"] = summary_groups_for([d.abbr for d in spec.datasets])
    sspec = summarizer_from_config(cfg, f"{spec.source}: summarizer")
    table = summarize(wd, spec.models, spec.datasets, sspec, failed=failed, timestamp=stamp)
    print(render_text(table))
    log.info("summary written to %s", wd.summary_dir)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    try:
        return run(spec_from_args(args), args)
    except OCLError as e:
        if args.debug:
            traceback.print_exc()
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; resume with -r", file=sys.stderr)
        return 130
