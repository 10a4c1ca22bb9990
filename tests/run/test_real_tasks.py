"""Every runner on real tasks: ``Task.command()`` (``python -m opencompass_lite.run.task``) with the
fake model on tiny MMLU-layout data, infer then eval."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from opencompass_lite.config.load import load_config
from opencompass_lite.partition.base import PartitionInput
from opencompass_lite.partition.partitioners import NaivePartitioner
from opencompass_lite.run import LocalRunner, RayRunner, SlurmRunner
from opencompass_lite.workdir import WorkDir, read_json
from tests.conftest import FAKE_MODEL, dataset_py, write_config


@pytest.fixture
def inp(tmp_path: Path, mmlu_dir: Path, monkeypatch: pytest.MonkeyPatch) -> PartitionInput:
    """Partition input with a relative work dir (as the CLI's default ``outputs/<exp>``), run from tmp_path."""
    monkeypatch.chdir(tmp_path)
    config = write_config(tmp_path / "eval_tiny.py", [FAKE_MODEL],
                          [dataset_py("mmlu-algebra", "algebra", mmlu_dir),
                           dataset_py("mmlu-geography", "geography", mmlu_dir, mode="ppl")])
    spec = load_config(config, work_dir="out")
    return PartitionInput(spec.models, spec.datasets, WorkDir(Path(spec.work_dir)))


def run_both_stages(runner, inp: PartitionInput) -> None:
    partitioner = NaivePartitioner()
    infer = partitioner.infer_tasks(inp)
    assert len(infer) == 2
    results = runner.run(infer)
    assert all(r.succeeded for r in results), [r.log_path.read_text() for r in results]
    evals = partitioner.eval_tasks(inp)
    results = runner.run(evals)
    assert all(r.succeeded for r in results), [r.log_path.read_text() for r in results]
    # the fake model always answers B; algebra's 6 golds cycle A B C D A B
    assert read_json(inp.work_dir.results("fake", "mmlu-algebra"))["metrics"]["accuracy"] == pytest.approx(100 * 2 / 6)
    assert "accuracy" in read_json(inp.work_dir.results("fake", "mmlu-geography"))["metrics"]
    assert partitioner.infer_tasks(inp) == []  # resume: nothing left to do


def test_local_runner_runs_real_tasks(inp):
    run_both_stages(LocalRunner(max_num_workers=2), inp)


def test_debug_mode_runs_real_tasks_in_process(inp):
    run_both_stages(LocalRunner(debug=True), inp)


@pytest.mark.ray
def test_ray_runner_runs_real_tasks(inp, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    run_both_stages(RayRunner(max_num_workers=2), inp)


@pytest.mark.slurm
@pytest.mark.skipif(not os.environ.get("SLURM_CONF") or shutil.which("sbatch") is None,
                    reason="needs a Slurm cluster: eval \"$(tools/slurm_local.sh start)\" sets SLURM_CONF")
def test_slurm_runner_runs_real_tasks(inp):
    run_both_stages(SlurmRunner("debug", poll_interval=0.3), inp)


@pytest.mark.ray
@pytest.mark.skipif(not os.environ.get("OCL_RAY_ADDRESS"), reason="OCL_RAY_ADDRESS not set (tools/ray_head.sh start)")
def test_ray_runner_runs_real_tasks_on_a_joined_cluster(inp):
    # The head's workers have their own cwd: the relative work dir must still resolve.
    run_both_stages(RayRunner(address=os.environ["OCL_RAY_ADDRESS"]), inp)
