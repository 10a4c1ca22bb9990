"""Partitioners: deterministic shards, skipping done work, identical results for 1 or 8 shards."""

from __future__ import annotations

import json
from pathlib import Path

from opencompass_lite.config.convert import dataset_spec, model_spec
from opencompass_lite.partition.base import PartitionInput, even_shards
from opencompass_lite.partition.partitioners import NaivePartitioner, NumWorkerPartitioner, SizePartitioner
from opencompass_lite.run.task import run_task
from opencompass_lite.workdir import ShardRange, WorkDir
from tests.conftest import write_mmlu

PROMPT = "{input}\nA. {A}\nB. {B}\nC. {C}\nD. {D}\nAnswer:"


def _inp(tmp_path: Path, root: str) -> PartitionInput:
    data = write_mmlu(tmp_path / "data", {"algebra": 13, "geography": 5})
    datasets = [dataset_spec(dict(
        abbr=f"mmlu-{s}", type="MMLUDataset", path=str(data), name=s,
        reader_cfg=dict(input_columns=["input", "A", "B", "C", "D"], output_column="target",
                        train_split="dev", test_split="test"),
        infer_cfg=dict(prompt_template=dict(template={lab: PROMPT + " " + lab for lab in "ABCD"}),
                       inferencer=dict(type="PPLInferencer"))), s) for s in ("algebra", "geography")]
    model = model_spec(dict(type="FakeModel", abbr="fake", path="fake", batch_size=3), "model")
    return PartitionInput([model], datasets, WorkDir(tmp_path / root))


def _run_all(inp: PartitionInput, partitioner) -> dict:
    for task in partitioner.infer_tasks(inp):
        run_task(task)
    for task in partitioner.eval_tasks(inp):
        run_task(task)
    return {d.abbr: json.loads(inp.work_dir.results("fake", d.abbr).read_text()) for d in inp.datasets}


def test_even_shards_are_deterministic_and_cover():
    assert even_shards(13, 4) == [ShardRange(0, 4), ShardRange(4, 8), ShardRange(8, 12), ShardRange(12, 13)]
    assert even_shards(3, 8) == [ShardRange(0, 1), ShardRange(1, 2), ShardRange(2, 3)]


def test_one_shard_or_eight_give_identical_results(tmp_path):
    whole = _run_all(_inp(tmp_path, "whole"), NaivePartitioner())
    sharded_inp = _inp(tmp_path, "sharded")
    assert len(NumWorkerPartitioner(8).infer_tasks(sharded_inp)) == 7 + 5  # 13 rows: 7 shards of <= 2
    sharded = _run_all(sharded_inp, NumWorkerPartitioner(8))
    for abbr in whole:
        assert whole[abbr]["metrics"] == sharded[abbr]["metrics"]
        assert whole[abbr]["details"] == sharded[abbr]["details"]


def test_finished_work_is_skipped(tmp_path):
    inp = _inp(tmp_path, "run")
    _run_all(inp, NaivePartitioner())
    assert NaivePartitioner().infer_tasks(inp) == [] and NaivePartitioner().eval_tasks(inp) == []
    assert SizePartitioner().infer_tasks(inp) == []


def test_size_partitioner_splits_big_and_packs_small(tmp_path):
    inp = _inp(tmp_path, "run")
    tasks = SizePartitioner(max_task_size=1e9).infer_tasks(inp)
    assert len(tasks) == 1 and len(tasks[0].items) == 2  # both packed: one model load
    unit = SizePartitioner().cost_per_sample(inp.models[0], inp.datasets[0])
    split = SizePartitioner(max_task_size=unit * 5).infer_tasks(inp)
    shards = [i.shard for t in split for i in t.items if i.dataset.abbr == "mmlu-algebra"]
    assert shards and all(s is not None for s in shards) and sum(s.end - s.start for s in shards) == 13
