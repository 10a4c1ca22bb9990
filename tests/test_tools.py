"""The listing tools, run as users run them."""

import subprocess
import sys

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
