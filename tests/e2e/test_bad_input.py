"""Bad input: one-line error naming the file/key/value, exit code 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FAKE_MODEL, dataset_py, run_cli, write_config


def _good(tmp_path: Path, mmlu_dir: Path) -> Path:
    return write_config(tmp_path / "eval_ok.py", [FAKE_MODEL], [dataset_py("mmlu-algebra", "algebra", mmlu_dir)])


def _case_missing_config(tmp_path, mmlu_dir):
    return ["no_such_config.py"], "no_such_config.py: config file not found"


def _case_unparsable(tmp_path, mmlu_dir):
    (tmp_path / "eval_bad.py").write_text("models = [\n")
    return ["eval_bad.py"], "eval_bad.py:"


def _case_unknown_dataset(tmp_path, mmlu_dir):
    return ["--datasets", "mmlu_gne", "--models", "hf_smollm2_135m_instruct"], "did you mean mmlu_gen"


def _case_malformed_kwargs(tmp_path, mmlu_dir):
    return ["--datasets", "mmlu_gen", "--hf-path", "x", "--model-kwargs", "device_map"], \
        "--model-kwargs 'device_map': expected KEY=VALUE"


def _case_missing_data(tmp_path, mmlu_dir):
    cfg = write_config(tmp_path / "eval_nodata.py", [FAKE_MODEL],
                       [dataset_py("mmlu-x", "algebra", tmp_path / "nowhere")])
    return [str(cfg)], "tools/build_mmlu.py"


def _case_missing_model_path(tmp_path, mmlu_dir):
    cfg = write_config(tmp_path / "eval_nomodel.py",
                       ["dict(type='HuggingFaceCausalLM', abbr='m', path='/no/such/model')"],
                       [dataset_py("mmlu-algebra", "algebra", mmlu_dir)])
    return [str(cfg)], "/no/such/model"


def _case_duplicate_abbr(tmp_path, mmlu_dir):
    d = dataset_py("mmlu-algebra", "algebra", mmlu_dir)
    cfg = write_config(tmp_path / "eval_dup.py", [FAKE_MODEL], [d, d])
    return [str(cfg)], "datasets[1].abbr 'mmlu-algebra' repeats datasets[0]"


def _case_unknown_key(tmp_path, mmlu_dir):
    cfg = write_config(tmp_path / "eval_key.py", [FAKE_MODEL.replace("batch_size=2", "batch_sise=2")],
                       [dataset_py("mmlu-algebra", "algebra", mmlu_dir)])
    return [str(cfg)], "models[0].batch_sise: unknown key; did you mean 'batch_size'"


def _case_wrong_type(tmp_path, mmlu_dir):
    cfg = write_config(tmp_path / "eval_type.py", [FAKE_MODEL.replace("batch_size=2", "batch_size='two'")],
                       [dataset_py("mmlu-algebra", "algebra", mmlu_dir)])
    return [str(cfg)], "models[0].batch_size: 'two' is not a batch size; use a positive integer or 'auto'"


def _case_reuse_without_run(tmp_path, mmlu_dir):
    return [str(_good(tmp_path, mmlu_dir)), "-w", str(tmp_path / "out"), "-r"], "no previous run"


def _case_eval_without_predictions(tmp_path, mmlu_dir):
    return [str(_good(tmp_path, mmlu_dir)), "-w", str(tmp_path / "out"), "-m", "eval"], "run inference first"


def _case_unknown_runner(tmp_path, mmlu_dir):
    return [str(_good(tmp_path, mmlu_dir)), "--runner", "slurmm"], "unknown runner 'slurmm'"


def _case_slurm_without_partition(tmp_path, mmlu_dir):
    return [str(_good(tmp_path, mmlu_dir)), "--slurm"], "needs a partition; add -p PARTITION"


CASES = [v for k, v in sorted(globals().items()) if k.startswith("_case_")]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__[6:] for c in CASES])
def test_bad_input_is_one_line_exit_2(case, tmp_path, mmlu_dir):
    args, expected = case(tmp_path, mmlu_dir)
    proc = run_cli(*args, cwd=tmp_path, timeout=120)
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, proc.stderr
    assert expected in errors[0]
    assert "Traceback" not in proc.stderr
