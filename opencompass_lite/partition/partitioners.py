"""Partitioners: Naive (one task per model × dataset), Size (cost-balanced shards and packs) and
NumWorker (each dataset split into N shards). Each has ``infer_tasks`` and ``eval_tasks``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from opencompass_lite.config.specs import DatasetSpec, ModelSpec
from opencompass_lite.config.validate import check_keys, typed
from opencompass_lite.partition.base import (
    PartitionInput,
    eval_tasks,
    even_shards,
    infer_done,
    test_size,
)
from opencompass_lite.registry import INFERENCERS, PARTITIONERS
from opencompass_lite.run.base import Task, TaskItem, TaskKind


def _task(inp: PartitionInput, model: ModelSpec, items: list[TaskItem]) -> Task:
    return Task(TaskKind.INFER, inp.work_dir.root, model, tuple(items), num_gpus=model.num_gpus)


class _Base:
    keys: tuple[str, ...] = ("n",)

    def __init__(self, n: int = 1) -> None:
        self.n = n

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any], where: str) -> Any:
        check_keys(cfg, set(cls.keys), where)
        return cls(**{k: typed(cfg, k, (int, float), where) for k in cfg})

    def eval_tasks(self, inp: PartitionInput) -> list[Task]:
        return eval_tasks(inp, per_task=16)


@PARTITIONERS.register()
class NaivePartitioner(_Base):
    """One infer task per model × ``n`` datasets (OpenCompass's ``n``), whole test splits."""

    def infer_tasks(self, inp: PartitionInput) -> list[Task]:
        tasks = []
        for model in inp.models:
            todo = [TaskItem(d) for d in inp.datasets if not infer_done(inp.work_dir, model, d, None, test_size(d))]
            tasks += [_task(inp, model, todo[k:k + self.n]) for k in range(0, len(todo), self.n)]
        return tasks


@PARTITIONERS.register()
class NumWorkerPartitioner(_Base):
    """Split every dataset into ``num_worker`` contiguous shards (one task each)."""

    keys = ("num_worker",)

    def __init__(self, num_worker: int = 8) -> None:
        self.num_worker = int(num_worker)

    def infer_tasks(self, inp: PartitionInput) -> list[Task]:
        tasks = []
        for model in inp.models:
            for d in inp.datasets:
                for shard in even_shards(test_size(d), self.num_worker):
                    if not infer_done(inp.work_dir, model, d, shard, None):
                        tasks.append(_task(inp, model, [TaskItem(d, shard)]))
        return tasks


@PARTITIONERS.register()
class SizePartitioner(_Base):
    """Balance tasks by estimated cost = samples × prompt tokens × (labels for ppl/ll, or
    ``max_out_len`` × ``gen_task_coef`` for gen). Big datasets are split into shards of at most
    ``max_task_size``; small ones are packed together up to it."""

    keys = ("max_task_size", "gen_task_coef")

    def __init__(self, max_task_size: float = 2_000_000, gen_task_coef: float = 1.0) -> None:
        self.max_task_size = float(max_task_size)
        self.gen_task_coef = float(gen_task_coef)

    def cost_per_sample(self, model: ModelSpec, d: DatasetSpec) -> float:
        from opencompass_lite.datasets.base import load_dataset
        from opencompass_lite.infer.prompt import PromptBuilder

        splits = load_dataset(d)
        builder = PromptBuilder(d, splits.train)
        rows = splits.test[:20]
        if d.mode == "gen":
            chars = [len(str(builder.gen_prompt(r, i))) for i, r in enumerate(rows)]
            factor = (d.inferencer.max_out_len or model.max_out_len) * self.gen_task_coef
        else:  # ppl/ll: every scored text, as the inferencer counts it (each row's own labels; a reference)
            inferencer = INFERENCERS.get(d.inferencer.type)(d.inferencer, model)
            chars = [inferencer.prompt_size(builder, i, r) for i, r in enumerate(rows)]
            factor = 1
        tokens = (sum(chars) / max(len(chars), 1)) / 4  # ~4 characters per token
        return max(tokens, 1.0) * factor

    def infer_tasks(self, inp: PartitionInput) -> list[Task]:
        tasks = []
        for model in inp.models:
            pack: list[TaskItem] = []
            pack_cost = 0.0
            for d in inp.datasets:
                n = test_size(d)
                unit = self.cost_per_sample(model, d)
                parts = max(1, math.ceil(n * unit / self.max_task_size))
                if parts > 1:
                    tasks += [_task(inp, model, [TaskItem(d, s)]) for s in even_shards(n, parts)
                              if not infer_done(inp.work_dir, model, d, s, None)]
                    continue
                if infer_done(inp.work_dir, model, d, None, n):
                    continue
                if pack and pack_cost + n * unit > self.max_task_size:
                    tasks.append(_task(inp, model, pack))
                    pack, pack_cost = [], 0.0
                pack.append(TaskItem(d))
                pack_cost += n * unit
            if pack:
                tasks.append(_task(inp, model, pack))
        return tasks
