"""tools/make_fixtures.py: the committed fixtures are exactly what the tool writes, and marked synthetic."""

from __future__ import annotations

import importlib.util

from .conftest import FIXTURES, REPO


def _tool():
    spec = importlib.util.spec_from_file_location("tools_make_fixtures", REPO / "tools" / "make_fixtures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_committed_fixtures_match_a_fresh_run(tmp_path, capsys):
    tool = _tool()
    assert tool.main(["--out", str(tmp_path)]) == 0
    assert "synthetic fixture files" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(tool.FAMILIES)
    for family in tool.FAMILIES:
        fresh = _files(tmp_path / family)
        assert fresh == _files(FIXTURES / family), family
        assert b"NOT real benchmark questions" in fresh[next(p for p in fresh if p.name == "NOTICE.txt")]
