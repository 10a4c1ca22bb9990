import json
from pathlib import Path

import pytest

from opencompass_lite.errors import ConfigError, DataError
from opencompass_lite.summarize import GroupSpec, Status, SummarizerSpec
from opencompass_lite.summarize.table import build_table

NO_FAILURES: dict = {}


def _build(wd, models, datasets, cfg, failed=NO_FAILURES):
    return build_table(wd, models, datasets, cfg, failed)


def test_dataset_rows_in_dataset_order_then_groups(wd, write_result, make_model, make_dataset):
    write_result("m", "b", {"accuracy": 40.0, "f1": 1.0}, version="bbbbbb")
    write_result("m", "a", {"accuracy": 60.0}, version="aaaaaa")
    groups = (GroupSpec("ab", ("a", "b")), GroupSpec("unrelated", ("x", "y")))
    table = _build(wd, [make_model("m")], [make_dataset("b"), make_dataset("a")], SummarizerSpec(summary_groups=groups))
    assert [(r.dataset, r.version, r.metric, r.mode) for r in table.rows] == [
        ("b", "bbbbbb", "accuracy", "gen"), ("a", "aaaaaa", "accuracy", "gen"), ("ab", "-", "naive_average", "gen")]
    assert table.cell("ab", "m") == pytest.approx(50.0)


def test_dataset_abbrs_order_pairs_and_rows_not_run(wd, write_result, make_model, make_dataset):
    write_result("m", "a", {"accuracy": 60.0, "f1": 12.5})
    cfg = SummarizerSpec(dataset_abbrs=("g", ("a", "f1"), "a", "--- Exam ---", "not-run"),
                         summary_groups=(GroupSpec("g", (("a", "f1"),)),))
    table = _build(wd, [make_model("m")], [make_dataset("a")], cfg)
    assert [(r.dataset, r.metric, r.cells) for r in table.rows] == [
        ("g", "naive_average", (12.5,)), ("a", "f1", (12.5,)), ("a", "accuracy", (60.0,)),
        ("--- Exam ---", "-", (Status.MISSING,)), ("not-run", "-", (Status.MISSING,))]


def test_weights_and_weighted_by_n(wd, write_result, make_model, make_dataset):
    write_result("m", "a", {"accuracy": 80.0}, n=30)
    write_result("m", "b", {"accuracy": 20.0}, n=10)
    groups = (GroupSpec("naive", ("a", "b")), GroupSpec("given", ("a", "b"), weights=(("a", 1.0), ("b", 3.0))),
              GroupSpec("by_n", ("a", "b"), weighted=True))
    table = _build(wd, [make_model("m")], [make_dataset("a"), make_dataset("b")], SummarizerSpec(summary_groups=groups))
    assert table.cell("naive", "m") == pytest.approx(50.0)
    assert table.cell("given", "m") == pytest.approx((80 + 3 * 20) / 4)
    assert table.cell("by_n", "m") == pytest.approx((80 * 30 + 20 * 10) / 40)
    assert table.cell("by_n", "m", "weighted_average") == table.cell("by_n", "m")


def test_groups_of_groups_carry_n(wd, write_result, make_model, make_dataset):
    for abbr, acc, n in (("a", 100.0, 1), ("b", 0.0, 3), ("c", 20.0, 12)):
        write_result("m", abbr, {"accuracy": acc}, n=n)
    groups = (GroupSpec("top_n", ("ab", "c"), weighted=True), GroupSpec("top", ("ab", "c")), GroupSpec("ab", ("a", "b")))
    table = _build(wd, [make_model("m")], [make_dataset(x) for x in "abc"], SummarizerSpec(summary_groups=groups))
    assert table.cell("ab", "m") == pytest.approx(50.0)
    assert table.cell("top", "m") == pytest.approx(35.0)
    assert table.cell("top_n", "m") == pytest.approx((50.0 * 4 + 20.0 * 12) / 16)  # "ab" weighs its n = 1 + 3
    assert [r.dataset for r in table.rows][3:] == ["top_n", "top", "ab"]  # config order, computed in dependency order


def test_weighted_by_n_with_no_samples_is_missing(wd, write_result, make_model, make_dataset):
    write_result("m", "a", {"accuracy": 0.0}, n=0)
    cfg = SummarizerSpec(summary_groups=(GroupSpec("g", ("a",), weighted=True),))
    assert _build(wd, [make_model("m")], [make_dataset("a")], cfg).cell("g", "m") is Status.MISSING


def test_failed_is_distinct_from_missing_and_blanks_groups(wd, write_result, make_model, make_dataset):
    for m in ("ok", "bad", "partial"):
        write_result(m, "a", {"accuracy": 50.0})
    write_result("ok", "b", {"accuracy": 70.0})
    failed = {("bad", "b"): wd.log("eval", "bad", "b")}
    cfg = SummarizerSpec(summary_groups=(GroupSpec("g", ("a", "b")),))
    models = [make_model(m) for m in ("ok", "bad", "partial")]
    table = _build(wd, models, [make_dataset("a"), make_dataset("b")], cfg, failed)
    row_b = next(r for r in table.rows if r.dataset == "b")
    assert row_b.cells == (70.0, Status.FAILED, Status.MISSING)
    assert table.cell("g", "ok") == pytest.approx(60.0)
    assert table.cell("g", "bad") is Status.MISSING
    assert table.cell("g", "partial") is Status.MISSING
    assert [(f.model, f.dataset, f.log) for f in table.failed] == [("bad", "b", wd.log("eval", "bad", "b"))]


def test_failed_wins_over_a_stale_result(wd, write_result, make_model, make_dataset):
    write_result("m", "a", {"accuracy": 50.0})
    table = _build(wd, [make_model("m")], [make_dataset("a")], SummarizerSpec(), {("m", "a"): Path("x.log")})
    assert table.cell("a", "m") is Status.FAILED


def test_no_results_fall_back_to_spec_version_and_mode(wd, make_model, make_dataset):
    ds = make_dataset("a", inferencer="PPLInferencer")
    row = _build(wd, [make_model("m")], [ds], SummarizerSpec()).rows[0]
    assert (row.version, row.metric, row.mode, row.cells) == (ds.version(), "-", "ppl", (Status.MISSING,))


def test_group_mode_is_mixed_when_subsets_differ(wd, write_result, make_model, make_dataset):
    write_result("m", "a", {"accuracy": 1.0}, mode="gen")
    write_result("m", "b", {"accuracy": 1.0}, mode="ppl")
    groups = (GroupSpec("g", ("a", "b")), GroupSpec("only_b", ("b", "not-run")), GroupSpec("outer", ("g", "only_b")))
    table = _build(wd, [make_model("m")], [make_dataset("a"), make_dataset("b")], SummarizerSpec(summary_groups=groups))
    assert {r.dataset: r.mode for r in table.rows} == {"a": "gen", "b": "ppl", "g": "mixed", "only_b": "ppl",
                                                        "outer": "mixed"}
    assert table.cell("only_b", "m") is Status.MISSING  # a subset that was not run blanks the group


def test_group_named_like_a_dataset_is_rejected(wd, make_model, make_dataset):
    cfg = SummarizerSpec(summary_groups=(GroupSpec("a", ("b",)),))
    with pytest.raises(ConfigError, match="summary_groups: group 'a' has the abbr of a dataset"):
        _build(wd, [make_model("m")], [make_dataset("a")], cfg)


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "unreadable results file"),
    (json.dumps({"schema_version": 99, "metrics": {}, "n": 1}), "schema_version 99, expected 1"),
    (json.dumps([1, 2]), "schema_version 'list'"),
    (json.dumps({"schema_version": 1, "metrics": {"accuracy": "high"}, "n": 1}), "'metrics' must map names to numbers"),
    (json.dumps({"schema_version": 1, "metrics": [50.0], "n": 1}), "'metrics' must map names to numbers"),
    (json.dumps({"schema_version": 1, "metrics": {"accuracy": 5.0}, "n": -1}), "'n' must be a sample count"),
    (json.dumps({"schema_version": 1, "metrics": {"accuracy": 5.0}}), "'n' must be a sample count"),
])
def test_malformed_results_are_data_errors(wd, make_model, make_dataset, content, message):
    path = wd.results("m", "a")
    path.parent.mkdir(parents=True)
    path.write_text(content)
    with pytest.raises(DataError) as e:
        _build(wd, [make_model("m")], [make_dataset("a")], SummarizerSpec())
    assert str(e.value).startswith(f"{path}: ") and message in str(e.value)
