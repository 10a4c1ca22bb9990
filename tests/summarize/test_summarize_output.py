import io

import pandas as pd
import pytest
from tabulate import tabulate

from opencompass_lite.summarize import GroupSpec, SummarizerSpec, render_text, summarize

TS = "20240101_120000"


@pytest.fixture
def run(wd, write_result, make_model, make_dataset):
    write_result("m1", "a", {"accuracy": 12.345}, n=4, version="aaaaaa")
    write_result("m2", "a", {"accuracy": 50.0}, n=4, version="aaaaaa")
    write_result("m1", "b", {"accuracy": 70.0}, n=4, mode="ppl", version="bbbbbb")
    failed = {("m2", "b"): wd.log("eval", "m2", "b")}
    cfg = SummarizerSpec(summary_groups=(GroupSpec("g", ("a", "b")),))
    table = summarize(wd, [make_model("m1"), make_model("m2")], [make_dataset("a"), make_dataset("b")], cfg,
                      failed, timestamp=TS)
    return table, failed[("m2", "b")]


EXPECTED_ROWS = [
    ["a", "aaaaaa", "accuracy", "gen", "12.35", "50.00"],
    ["b", "bbbbbb", "accuracy", "ppl", "70.00", "failed"],
    ["g", "-", "naive_average", "mixed", "41.17", "-"],
]
HEADERS = ["dataset", "version", "metric", "mode", "m1", "m2"]


def test_writes_three_files_atomically(wd, run):
    names = sorted(p.name for p in wd.summary_dir.iterdir())
    assert names == [f"summary_{TS}.csv", f"summary_{TS}.md", f"summary_{TS}.txt"]  # no temp files left


def test_csv_parses_back_to_the_same_numbers(wd, run):
    table, _ = run
    frame = pd.read_csv(wd.summary_dir / f"summary_{TS}.csv", dtype=str, keep_default_na=False)
    assert list(frame.columns) == HEADERS
    assert frame.values.tolist() == EXPECTED_ROWS
    numbers = pd.to_numeric(frame["m1"])
    assert numbers.tolist() == pytest.approx([round(float(c), 2) for c in (r.cells[0] for r in table.rows)])


def test_txt_is_the_tabulate_table_then_failed_logs(wd, run):
    table, log = run
    text = (wd.summary_dir / f"summary_{TS}.txt").read_text()
    assert text == render_text(table)
    expected_table = tabulate(EXPECTED_ROWS, headers=HEADERS, tablefmt="simple", disable_numparse=True)
    assert text.startswith(expected_table + "\n")
    assert f"m2 / b: {log}" in text.split(expected_table)[1]


def test_md_is_a_github_markdown_table(wd, run):
    _, log = run
    text = (wd.summary_dir / f"summary_{TS}.md").read_text()
    lines = text.splitlines()
    assert lines[0].replace(" ", "") == "|dataset|version|metric|mode|m1|m2|"
    assert set(lines[1].replace("|", "").replace(" ", "")) <= {"-", ":"}
    parsed = pd.read_csv(io.StringIO("\n".join(lines[:5])), sep="|", skipinitialspace=True, dtype=str).iloc[1:, 1:-1]
    assert [[c.strip() for c in row] for row in parsed.values.tolist()] == EXPECTED_ROWS
    assert f"`{log}`" in text


def test_no_failures_no_footer(wd, write_result, make_model, make_dataset):
    write_result("m", "a", {"accuracy": 1.0})
    table = summarize(wd, [make_model("m")], [make_dataset("a")], SummarizerSpec(), timestamp=TS)
    assert "failed" not in render_text(table)
    assert render_text(table).count("\n") == 3  # header, rule, one row
