"""The shipped summarizer configs load with mmengine and reproduce a published OpenCompass C-Eval summary."""

import json
from pathlib import Path

import pytest
from mmengine.config import Config

from opencompass_lite.summarize import summarize, summarizer_from_config

REPO = Path(__file__).resolve().parents[2]
SUMMARIZERS = REPO / "configs" / "summarizers"
REFERENCE = REPO / "tests" / "fixtures" / "ceval_reference_table.json"
CEVAL_GROUPS = ["ceval-stem", "ceval-social-science", "ceval-humanities", "ceval-other", "ceval-hard", "ceval"]
MMLU_GROUPS = ["mmlu-stem", "mmlu-humanities", "mmlu-social-science", "mmlu-other", "mmlu", "mmlu-weighted"]


def _load(name: str):
    path = SUMMARIZERS / f"{name}.py"
    return summarizer_from_config(Config.fromfile(str(path)).summarizer, str(path))


@pytest.mark.parametrize("name", ["ceval", "mmlu", "example"])
def test_summarizer_configs_load_with_mmengine(name):
    spec = _load(name)
    assert spec.summary_groups and spec.dataset_abbrs


@pytest.mark.parametrize(("name", "groups"), [("ceval", CEVAL_GROUPS), ("mmlu", MMLU_GROUPS)])
def test_group_files_also_load_on_their_own(name, groups):
    """config/load.py reads configs/summarizers/groups/*.py directly, outside any read_base()."""
    direct = Config.fromfile(str(SUMMARIZERS / "groups" / f"{name}.py"))[f"{name}_summary_groups"]
    via_base = summarizer_from_config(dict(summary_groups=direct), name).summary_groups
    assert via_base == _load(name).summary_groups
    assert [g.name for g in via_base] == groups


def test_ceval_groups_follow_the_official_subject_table():
    groups = {g.name: g for g in _load("ceval").summary_groups}
    assert list(groups) == CEVAL_GROUPS
    categories = [set(groups[n].subsets) for n in CEVAL_GROUPS[:4]]
    assert [len(c) for c in categories] == [20, 10, 11, 11]
    assert set().union(*categories) == set(groups["ceval"].subsets) and len(groups["ceval"].subsets) == 52
    assert "ceval-law" in groups["ceval-humanities"].subsets and "ceval-physician" in groups["ceval-other"].subsets
    assert set(groups["ceval-hard"].subsets) <= set(groups["ceval-stem"].subsets)
    assert len(groups["ceval-hard"].subsets) == 8


def test_mmlu_groups_partition_the_57_subjects():
    spec = _load("mmlu")
    groups = {g.name: g for g in spec.summary_groups}
    assert list(groups) == MMLU_GROUPS
    categories = [set(groups[n].subsets) for n in MMLU_GROUPS[:4]]
    assert [len(c) for c in categories] == [18, 13, 12, 14]
    assert set().union(*categories) == set(groups["mmlu"].subsets) and len(groups["mmlu"].subsets) == 57
    assert "mmlu-abstract_algebra" in groups["mmlu-stem"].subsets
    assert groups["mmlu-weighted"].weighted and groups["mmlu-weighted"].metric == "weighted_average"
    assert spec.dataset_abbrs[-6:] == tuple(MMLU_GROUPS)


def test_example_lists_only_group_rows():
    spec = _load("example")
    assert set(spec.dataset_abbrs) == {g.name for g in spec.summary_groups}


def test_reproduces_published_ceval_group_rows(wd, write_result, make_model, make_dataset):
    ref = json.loads(REFERENCE.read_text(encoding="utf-8"))
    abbr = "llama-3-8b-instruct-hf"
    for subject, row in ref["subjects"].items():
        write_result(abbr, subject, {"accuracy": row["accuracy"]}, mode=ref["mode"], version=row["version"])
    datasets = [make_dataset(subject) for subject in ref["subjects"]]
    assert len(datasets) == 52
    table = summarize(wd, [make_model(abbr)], datasets, _load("ceval"), timestamp="ref")
    rows = {r.dataset: r for r in table.rows}
    for subject, row in ref["subjects"].items():
        assert (rows[subject].version, rows[subject].cells[0]) == (row["version"], row["accuracy"])
    for name, expected in ref["groups"].items():
        assert (rows[name].metric, rows[name].mode) == (expected["metric"], "gen")
        assert rows[name].cells[0] == pytest.approx(expected["value"], abs=0.01), name
    assert [r.dataset for r in table.rows][-6:] == list(ref["groups"])
