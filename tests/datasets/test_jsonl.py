"""The data tools' shared JSON-lines reader: good files, then one bad input per error path."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from opencompass_lite.datasets.jsonl import JsonlRecord, read_text_fields
from opencompass_lite.errors import DataError

FIX = "reinstall it or fix --source"
GOOD = {"a": "x", "b": "y\nz"}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)
    return path


@pytest.mark.parametrize("name", ["src.jsonl", "src.jsonl.gz"])
def test_records_keep_the_named_fields_and_their_line(tmp_path, name):
    lines = [json.dumps({**GOOD, "extra": 1}), "", "  ", json.dumps({"b": "2", "a": "1"})]
    path = _write(tmp_path / name, "\n".join(lines).encode())  # no newline after the last line
    assert read_text_fields(path, ("a", "b"), FIX) == [
        JsonlRecord(f"{path}:1", GOOD), JsonlRecord(f"{path}:4", {"a": "1", "b": "2"})]


def test_an_empty_file_has_no_records(tmp_path):
    assert read_text_fields(_write(tmp_path / "e.jsonl", b"\n\n"), ("a",), FIX) == []


GOOD_LINE = json.dumps(GOOD).encode() + b"\n"


@pytest.mark.parametrize("second_line, message", [
    (b'{"a": "x",\n', "src.jsonl:2: invalid JSON (Expecting property name enclosed in double quotes); "),
    (b'["x", "y"]\n', "src.jsonl:2: expected a JSON object, got list; "),
    (b'"text"\n', "src.jsonl:2: expected a JSON object, got str; "),
    (b'{"a": "x"}\n', "src.jsonl:2: fields ['b'] missing or not text (expected a, b); "),
    (b'{"a": "x", "b": 3}\n', "src.jsonl:2: fields ['b'] missing or not text (expected a, b); "),
    (b'{"a": null, "b": "y"}\n', "src.jsonl:2: fields ['a'] missing or not text (expected a, b); "),
    (b'{"a": "caf\xe9", "b": "y"}\n', "src.jsonl:2: not UTF-8 (invalid continuation byte at byte 10); "),
])
def test_a_bad_line_is_named_with_the_fix(tmp_path, second_line, message):
    path = _write(tmp_path / "src.jsonl", GOOD_LINE + second_line + GOOD_LINE)
    with pytest.raises(DataError) as info:
        read_text_fields(path, ("a", "b"), FIX)
    assert str(info.value) == f"{tmp_path}/{message}{FIX}"


def _damaged_gzip(path: Path, how: str) -> Path:
    data = gzip.compress(GOOD_LINE * 200, mtime=0)
    if how == "not gzip":
        data = GOOD_LINE
    elif how == "truncated":
        data = data[:-10]
    else:  # a flipped byte inside the deflate stream
        data = data[:20] + bytes([data[20] ^ 0xFF]) + data[21:]
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("how, cause", [
    ("not gzip", "Not a gzipped file"),
    ("truncated", "Compressed file ended before the end-of-stream marker was reached"),
    ("corrupt", "Error -3 while decompressing data"),
])
def test_a_damaged_gzip_file_is_one_line(tmp_path, how, cause):
    path = _damaged_gzip(tmp_path / "src.jsonl.gz", how)
    with pytest.raises(DataError, match=r"^\S+src\.jsonl\.gz: not a readable gzip file \(") as info:
        read_text_fields(path, ("a", "b"), FIX)
    assert cause in str(info.value) and str(info.value).endswith(f"; {FIX}") and "\n" not in str(info.value)
