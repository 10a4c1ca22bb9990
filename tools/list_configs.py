"""List model and dataset configs: ``python tools/list_configs.py llama ceval``.

Patterns are case-insensitive substrings of the config name; no pattern lists everything.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tabulate import tabulate  # noqa: E402

from opencompass_lite.config.load import config_roots  # noqa: E402


def matching(kind: str, patterns: list[str]) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for root in config_roots():
        for p in sorted((root / kind).rglob("*.py")):
            if p.name != "__init__.py" and (not patterns or any(s.lower() in p.stem.lower() for s in patterns)):
                found.setdefault(p.stem, str(p.relative_to(root.parent)))
    return sorted(found.items())


def main(argv: list[str]) -> int:
    for kind, title in (("models", "Model"), ("datasets", "Dataset")):
        rows = matching(kind, argv)
        print(tabulate(rows, headers=[title, "Config Path"], tablefmt="psql") if rows else f"(no {kind} match)")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
