"""CMMLU: 67-subject gen/ppl configs, the loader on the synthetic fixture, prompts, scores, groups."""

from __future__ import annotations

from dataclasses import replace

import pytest
from mmengine.config import Config

from opencompass_lite.datasets.base import load_dataset
from opencompass_lite.errors import DataError
from opencompass_lite.models.base import Message
from opencompass_lite.summarize import summarizer_from_config

from .conftest import FIXTURES, REPO, config_specs, evaluate, loaded, on_fixture


@pytest.mark.parametrize("config", ["cmmlu/cmmlu_gen.py", "cmmlu/cmmlu_ppl.py"])
def test_configs_list_all_67_subjects(config):
    specs = config_specs(config)
    assert len(specs) == len({s.abbr for s in specs}) == 67
    assert {s.type for s in specs} == {"CMMLUDataset"} and specs[0].abbr == "cmmlu-agronomy"
    assert all(s.retriever.fix_id_list == (0, 1, 2, 3, 4) for s in specs)


def test_loader_reads_the_header_layout():
    splits = load_dataset(on_fixture("cmmlu/cmmlu_gen.py", "cmmlu", "anatomy"))
    assert (len(splits.train), len(splits.test)) == (5, 3)
    row = splits.test[0]
    assert set(row) == {"question", "A", "B", "C", "D", "answer"} and row["answer"] in "ABCD"
    assert row[row["answer"]] == str(sum(map(int, row["question"].split("】")[1].split("等于")[0].split("加"))))


def test_gen_prompt_is_5_shot_and_scores():
    spec = on_fixture("cmmlu/cmmlu_gen.py", "cmmlu", "agronomy")
    splits, builder = loaded(spec)
    prompt = builder.gen_prompt(splits.test[0], 0)
    assert [m.role for m in prompt] == ["HUMAN", "BOT"] * 5 + ["HUMAN"]
    assert prompt[0].content.startswith("以下是关于农学的单项选择题，请直接给出正确答案的选项。\n题目：【合成题】")
    assert prompt[1] == Message("BOT", splits.train[0]["answer"])
    assert prompt[-1].content.endswith(f"D. {splits.test[0]['D']}\n答案是: ")
    golds = [r["answer"] for r in splits.test]
    out = evaluate(spec, [f"{golds[0]}", "答案是 Z", f"{golds[2]}. because"])
    assert out.metrics == {"accuracy": pytest.approx(200 / 3)}


def test_ppl_prompts_end_with_each_label():
    spec = on_fixture("cmmlu/cmmlu_ppl.py", "cmmlu", "agronomy")
    splits, builder = loaded(spec)
    prompts = builder.label_prompts(splits.test[1], 1)
    assert list(prompts) == ["A", "B", "C", "D"]
    assert all(p[-1] == Message("BOT", f"答案是: {label}") and p[:-1] == prompts["A"][:-1]
               for label, p in prompts.items())
    assert prompts["A"][1] == Message("BOT", f"答案是: {splits.train[0]['answer']}")
    assert evaluate(spec, [r["answer"] for r in splits.test]).metrics["accuracy"] == 100


def test_missing_file_and_bad_header_are_one_line_errors(tmp_path):
    spec = on_fixture("cmmlu/cmmlu_gen.py", "cmmlu", "arts")
    with pytest.raises(DataError, match=r"cmmlu-arts: data file .*test/arts.csv not found; download CMMLU"):
        load_dataset(spec)
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "x.csv").write_text("id,question,A,B,C,D,answer\n1,q,a,b,c,d,A\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"columns \['Question', 'Answer'\] missing .* expected the CMMLU header"):
        load_dataset(replace(spec, path=str(tmp_path), name="x"))


def test_summary_groups_follow_opencompass():
    groups = Config.fromfile(str(REPO / "configs/summarizers/groups/cmmlu.py")).cmmlu_summary_groups
    spec = summarizer_from_config(dict(summary_groups=groups), "cmmlu groups")
    sizes = {g.name: len(g.subsets) for g in spec.summary_groups}
    assert sizes == {"cmmlu-humanities": 13, "cmmlu-stem": 17, "cmmlu-social-science": 22, "cmmlu-other": 15,
                     "cmmlu-china-specific": 15, "cmmlu": 67}
    abbrs = {s.abbr for s in config_specs("cmmlu/cmmlu_gen.py")}
    assert set(spec.summary_groups[-1].subsets) == abbrs
    assert FIXTURES.joinpath("cmmlu/NOTICE.txt").read_text().startswith("Synthetic")
