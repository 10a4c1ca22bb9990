"""Path resolution, the embedded SmolLM2 cache, and crash/concurrency safety of the conversion."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from opencompass_lite.config.specs import ModelSpec
from opencompass_lite.errors import ModelError
from opencompass_lite.models import HuggingFaceCausalLM, check_model_path, resolve_model_path
from opencompass_lite.models.embedded import SMOLLM2_NAME, ResolvedPath, convert_gguf, embedded_name, ensure_folder

ROOT = Path(__file__).resolve().parents[2]


def test_local_folder_is_used_as_is(tmp_path: Path) -> None:
    assert resolve_model_path(str(tmp_path)) == ResolvedPath(str(tmp_path))
    assert resolve_model_path(str(tmp_path), "m.gguf") == ResolvedPath(str(tmp_path), "m.gguf")


def test_gguf_file_path_splits_into_folder_and_file(tmp_path: Path) -> None:
    (tmp_path / "m.Q4.gguf").write_bytes(b"")
    assert resolve_model_path(str(tmp_path / "m.Q4.gguf")) == ResolvedPath(str(tmp_path), "m.Q4.gguf")


@pytest.mark.parametrize("alias", ["HuggingFaceTB/SmolLM2-135M-Instruct", "SmolLM2-135M-Instruct",
                                   "models--HuggingFaceTB--SmolLM2-135M-Instruct", "huggingfacetb/smollm2-135m-instruct/"])
def test_embedded_aliases(alias: str) -> None:
    assert embedded_name(alias) == SMOLLM2_NAME


def test_embedded_id_resolves_to_converted_cache(smollm2_cache: Path) -> None:
    resolved = resolve_model_path("HuggingFaceTB/SmolLM2-135M-Instruct")
    assert resolved == ResolvedPath(str(smollm2_cache / "models" / SMOLLM2_NAME))
    assert (Path(resolved.path) / "model.safetensors").is_file()
    assert (Path(resolved.path) / "tokenizer.json").is_file()


@pytest.mark.parametrize("path", ["/no/such/model", "./missing-model", "~/missing-model", "a/b/c", "bad name"])
def test_missing_filesystem_path_is_a_one_line_error(path: str) -> None:
    with pytest.raises(ModelError, match="does not exist; point path/--hf-path") as err:
        resolve_model_path(path)
    assert "\n" not in str(err.value)


def test_relative_path_under_an_existing_folder_is_a_path(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "models").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelError, match="does not exist"):
        resolve_model_path("models/llama")


def test_hub_ids_pass_through() -> None:
    assert resolve_model_path("Qwen/Qwen2.5-0.5B") == ResolvedPath("Qwen/Qwen2.5-0.5B")


def test_check_model_path_is_cheap_and_strict(tmp_path: Path) -> None:
    for ok in (str(tmp_path), "Qwen/Qwen2.5-0.5B", "HuggingFaceTB/SmolLM2-135M-Instruct"):
        check_model_path(ok)  # no error, nothing loaded or converted
    with pytest.raises(ModelError, match="model path '/no/such/model' does not exist"):
        check_model_path("/no/such/model")


def test_unreachable_hub_id_is_a_one_line_model_error() -> None:
    spec = ModelSpec(abbr="nohub", type="HuggingFaceCausalLM", path="nobody-here/no-such-model-xyz")
    with pytest.raises(ModelError, match="nohub: cannot load 'nobody-here/no-such-model-xyz'") as err:
        HuggingFaceCausalLM(spec)
    assert "\n" not in str(err.value)


def test_nonexistent_model_dir_fails_before_loading() -> None:
    spec = ModelSpec(abbr="m", type="HuggingFaceCausalLM", path="/data/models/none")
    with pytest.raises(ModelError, match="'/data/models/none' does not exist"):
        HuggingFaceCausalLM(spec)


def test_missing_gguf_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="GGUF file not found"):
        convert_gguf(tmp_path, "absent.gguf", tmp_path / "out")


def _write_marker(tmp: Path) -> None:
    tmp.mkdir()
    (tmp / "weights").write_text("ok")


def test_ensure_folder_builds_once(tmp_path: Path) -> None:
    calls: list[Path] = []

    def build(tmp: Path) -> None:
        calls.append(tmp)
        _write_marker(tmp)

    target = tmp_path / "cache" / "m"
    assert ensure_folder(target, build) == target
    assert ensure_folder(target, build) == target
    assert len(calls) == 1 and (target / "weights").read_text() == "ok"
    assert not calls[0].exists()  # the temp dir was renamed into place


def test_failed_build_leaves_no_folder_and_a_retry_works(tmp_path: Path) -> None:
    target = tmp_path / "m"

    def crash(tmp: Path) -> None:
        _write_marker(tmp)
        raise KeyboardInterrupt  # a kill in the middle of converting

    with pytest.raises(KeyboardInterrupt):
        ensure_folder(target, crash)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == [".m.lock"]
    ensure_folder(target, _write_marker)
    assert (target / "weights").is_file()


def test_stale_temp_dir_of_a_killed_process_is_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".m.tmp-999999"
    stale.mkdir()
    ensure_folder(tmp_path / "m", _write_marker)
    assert not stale.exists()


def _slow_build(tmp: Path) -> None:
    with open(tmp.parent / "builds.log", "a") as log:
        log.write(f"{os.getpid()}\n")
    time.sleep(0.5)
    _write_marker(tmp)


def _ensure(target: str) -> str:
    return str(ensure_folder(Path(target), _slow_build))


def test_two_processes_converting_at_once_build_once(tmp_path: Path) -> None:
    target = tmp_path / "m"
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_ensure, [str(target)] * 2)
    assert results == [str(target)] * 2
    assert len((tmp_path / "builds.log").read_text().split()) == 1


def test_convert_tool_without_arguments_prints_the_embedded_folder(smollm2_cache: Path) -> None:
    env = {**os.environ, "OCL_CACHE_DIR": str(smollm2_cache)}
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "convert_gguf.py")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(smollm2_cache / "models" / SMOLLM2_NAME)


def test_convert_tool_reports_a_missing_gguf_in_one_line(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "convert_gguf.py"), str(tmp_path),
                          "--gguf-file", "none.gguf", "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "GGUF file not found" in out.stderr
    assert not (tmp_path / "out").exists()
