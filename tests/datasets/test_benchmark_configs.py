"""Every MMLU / C-Eval / demo dataset config and every model config loads and converts to specs;
the prompts they build on real rows read as OpenCompass's do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mmengine.config import Config

from opencompass_lite.config.convert import MODEL_KEYS, dataset_spec, model_spec
from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.infer import PromptBuilder
from opencompass_lite.models.base import Message

REPO = Path(__file__).resolve().parents[2]
DATASET_CONFIGS = sorted(p for d in ("mmlu", "ceval", "demo") for p in (REPO / "configs/datasets" / d).glob("*.py"))
MODEL_CONFIGS = sorted((REPO / "configs/models").rglob("*.py"))
CEVAL_SUBJECTS = list(json.loads((REPO / "configs/datasets/ceval/ceval_subject_mapping.json").read_text("utf-8")))


def _datasets(path: Path) -> list:
    cfg = Config.fromfile(str(path))
    return [d for key, value in cfg.items() if key.endswith("_datasets") for d in value]


def _specs(name: str, path: str | Path | None = None) -> list:
    specs = [dataset_spec(d, name) for d in _datasets(next(p for p in DATASET_CONFIGS if p.stem == name))]
    if path is None:
        return specs
    from dataclasses import replace
    return [replace(s, path=str(path)) for s in specs]


@pytest.mark.parametrize("path", DATASET_CONFIGS, ids=lambda p: p.stem)
def test_dataset_config_loads_and_converts(path):
    datasets = _datasets(path)
    if path.stem in ("mmlu_all_sets", "mmlu_demo_groups"):
        assert datasets == []
        return
    specs = [dataset_spec(d, f"{path.name}[{i}]") for i, d in enumerate(datasets)]
    assert len({s.abbr for s in specs}) == len(specs) == {"ceval": 52, "mmlu": 57, "demo": 5}[path.parent.name]
    assert all(s.type in ("MMLUDataset", "CEvalDataset") and s.name in s.abbr for s in specs)
    assert len({s.version() for s in specs}) == len(specs)  # subject names are part of every prompt


def test_config_subjects_match_the_data(built_mmlu):
    assert [s.name for s in _specs("ceval_gen")] == [s.name for s in _specs("ceval_ppl")] == CEVAL_SUBJECTS
    built = sorted(p.name.removesuffix("_test.csv") for p in (built_mmlu / "test").iterdir())
    for name in ("mmlu_gen", "mmlu_gen_0shot", "mmlu_ppl", "mmlu_ll"):
        assert sorted(s.name for s in _specs(name)) == built
    assert {s.name for s in _specs("mmlu_demo_gen")} == {s.name for s in _specs("mmlu_demo_ppl")} <= set(built)


def test_demo_groups_cover_the_demo_datasets():
    groups = Config.fromfile(str(REPO / "configs/datasets/demo/mmlu_demo_groups.py")).mmlu_demo_summary_groups
    abbrs = {s.abbr for s in _specs("mmlu_demo_gen")}
    assert {g["name"] for g in groups} == {"mmlu-demo-stem", "mmlu-demo", "mmlu-demo-weighted"}
    assert all(set(g["subsets"]) <= abbrs for g in groups)
    assert [g.get("weighted", False) for g in groups] == [False, False, True]


def _fixture_ceval(name: str) -> tuple:
    spec = next(s for s in _specs(name, REPO / "tests/fixtures/ceval/formal_ceval") if s.name == "law")
    splits = load_dataset(spec)
    return PromptBuilder(spec, splits.train), splits


def test_ceval_gen_prompt_is_opencompass_5_shot():
    builder, splits = _fixture_ceval("ceval_gen")
    prompt = builder.gen_prompt(splits.test[0], 0)
    assert [m.role for m in prompt] == ["HUMAN", "BOT"] * 5 + ["HUMAN"]
    head = "以下是中国关于法学考试的单项选择题，请选出其中的正确答案。\n"
    first, test = splits.train[0], splits.test[0]
    assert prompt[0] == Message("HUMAN", f"{head}{first['question']}\nA. {first['A']}\nB. {first['B']}\n"
                                         f"C. {first['C']}\nD. {first['D']}\n答案: ")
    assert prompt[1].content.startswith(first["answer"])
    assert prompt[-1].content.endswith(f"{test['question']}\nA. {test['A']}\nB. {test['B']}\nC. {test['C']}\n"
                                       f"D. {test['D']}\n答案: ")


def test_ceval_ppl_prompts_differ_only_in_the_answer():
    builder, splits = _fixture_ceval("ceval_ppl")
    prompts = builder.label_prompts(splits.test[0], 0)
    assert list(prompts) == ["A", "B", "C", "D"]
    assert all(p[-1] == Message("BOT", label) and p[:-1] == prompts["A"][:-1] for label, p in prompts.items())
    assert prompts["A"][1].content.startswith(splits.train[0]["answer"])  # examples carry their own answer


def test_mmlu_prompts_on_built_data(built_mmlu):
    spec = next(s for s in _specs("mmlu_ppl", built_mmlu) if s.name == "marketing")
    splits = load_dataset(spec)
    text = PromptBuilder(spec, splits.train).label_prompts(splits.test[0], 0)["C"]
    assert text.startswith("The following are multiple choice questions (with answers) about  marketing.\n\n")
    assert text.count("\nAnswer: ") == 6 and text.endswith("\nAnswer: C")

    ll = next(s for s in _specs("mmlu_ll", built_mmlu) if s.name == "marketing")
    prompt = PromptBuilder(ll, splits.train).label_prompts(splits.test[0], 0)["B"]
    ex = splits.train[0]
    assert prompt[-1] == Message("BOT", " B") and prompt[-2].content.endswith("\nAnswer:")
    assert "".join(m.content for m in prompt).startswith(
        f"The following are multiple choice questions (with answers) about marketing.\n\n{ex['input']}\n"
        f"A. {ex['A']}\nB. {ex['B']}\nC. {ex['C']}\nD. {ex['D']}\nAnswer: {ex['target']}\n\n")

    zero = next(s for s in _specs("mmlu_demo_gen", built_mmlu) if s.name == "marketing")
    prompt = PromptBuilder(zero, []).gen_prompt(splits.test[0], 0)
    assert len(prompt) == 1 and prompt[0].content.startswith("There is a single choice question about marketing.")


@pytest.mark.parametrize("path", MODEL_CONFIGS, ids=lambda p: p.stem)
def test_model_config_loads_and_converts(path):
    models = Config.fromfile(str(path)).models
    assert len(models) == 1 and set(models[0]) <= MODEL_KEYS
    spec = model_spec(models[0], path.name)
    assert spec.abbr.endswith("-hf") and spec.tokenizer_path == spec.path
    assert spec.num_gpus == (0 if "smollm2" in path.stem else 1)


def test_model_abbrs_are_unique():
    abbrs = [Config.fromfile(str(p)).models[0]["abbr"] for p in MODEL_CONFIGS]
    assert len(set(abbrs)) == len(abbrs) == 16
