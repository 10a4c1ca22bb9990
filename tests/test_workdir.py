"""Crash-safe writes: atomic replace, fsynced appends, torn last lines dropped."""

import json

from opencompass_lite.predictions import header_diff, read_predictions
from opencompass_lite.workdir import (
    JsonlAppender,
    atomic_write_json,
    read_json,
    read_jsonl,
    truncate_torn_tail,
)


def test_atomic_write_leaves_no_temp_files(tmp_path):
    target = tmp_path / "a" / "r.json"
    atomic_write_json(target, {"x": 1})
    atomic_write_json(target, {"x": 2})
    assert read_json(target) == {"x": 2}
    assert [p.name for p in target.parent.iterdir()] == ["r.json"]


def test_torn_last_line_is_dropped_and_truncated(tmp_path):
    path = tmp_path / "p.jsonl"
    with JsonlAppender(path) as out:
        out.append([{"header": {"a": 1}}, {"index": 0, "prediction": "A"}])
    with open(path, "a") as f:
        f.write('{"index": 1, "predic')  # killed mid-write
    header, records = read_predictions(path)
    assert header == {"a": 1} and [r["index"] for r in records] == [0]
    truncate_torn_tail(path)
    with JsonlAppender(path) as out:
        out.append([{"index": 1, "prediction": "B"}])
    assert [r.get("index") for r in read_jsonl(path)] == [None, 0, 1]
    assert all(json.loads(line) for line in path.read_text().splitlines())


def test_header_diff_names_nested_keys():
    a = {"model": {"path": "x", "max_seq_len": 2048}, "data": {"version": "abc"}, "shard": [0, 5]}
    b = {"model": {"path": "x", "max_seq_len": 1024}, "data": {"version": "def"}, "shard": [0, 5]}
    assert header_diff(a, b) == ["data.version", "model.max_seq_len"]
    assert header_diff(a, a) == []
