"""Print the summary ``version`` of every dataset in matching configs: ``python tools/dataset_versions.py mmlu``.

The version is a short hash of the dataset's reader/prompt/retriever/inferencer config, so users can
check that their numbers come from the same prompt as a published table.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tabulate import tabulate  # noqa: E402

from opencompass_lite.config.convert import dataset_spec  # noqa: E402
from opencompass_lite.config.load import datasets_by_name  # noqa: E402
from opencompass_lite.errors import OCLError  # noqa: E402
from tools.list_configs import matching  # noqa: E402


def main(argv: list[str]) -> int:
    rows = []
    try:
        for name, path in matching("datasets", argv):
            try:
                items = datasets_by_name([name])
            except OCLError:
                continue  # a helper file (subject lists, mappings), not a dataset config
            for i, d in enumerate(items):
                spec = dataset_spec(d, f"{path}: datasets[{i}]")
                rows.append((spec.abbr, spec.version(), spec.mode, name))
    except OCLError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(tabulate(rows, headers=["dataset", "version", "mode", "config"], tablefmt="psql") if rows
          else "(no dataset configs match)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
