"""Render a ``SummaryTable`` as text (stdout and .txt), GitHub markdown and CSV.

pandas and tabulate are imported on first use so that importing the package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opencompass_lite.summarize.table import Cell, SummaryTable

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("dataset", "version", "metric", "mode")


def format_cell(cell: Cell) -> str:
    return f"{cell:.2f}" if isinstance(cell, float) else cell.value


def to_frame(table: SummaryTable) -> pd.DataFrame:
    """Columns ``dataset | version | metric | mode | <model abbr>...``; cells already formatted."""
    import pandas as pd

    records = [[r.dataset, r.version, r.metric, r.mode, *(format_cell(c) for c in r.cells)] for r in table.rows]
    return pd.DataFrame(records, columns=[*COLUMNS, *table.models], dtype=object)


def _tabulate(table: SummaryTable, fmt: str) -> str:
    from tabulate import tabulate

    frame = to_frame(table)
    return tabulate(frame.values.tolist(), headers=list(frame.columns), tablefmt=fmt, disable_numparse=True)


def render_text(table: SummaryTable) -> str:
    """The table as printed at the end of a run, followed by the logs of failed tasks."""
    lines = [_tabulate(table, "simple")]
    if table.failed:
        lines += ["", "failed tasks (see their logs):"]
        lines += [f"  {f.model} / {f.dataset}: {f.log}" for f in table.failed]
    return "\n".join(lines) + "\n"


def render_markdown(table: SummaryTable) -> str:
    lines = [_tabulate(table, "github")]
    if table.failed:
        lines += ["", "Failed tasks (see their logs):", ""]
        lines += [f"- `{f.model}` / `{f.dataset}`: `{f.log}`" for f in table.failed]
    return "\n".join(lines) + "\n"


def render_csv(table: SummaryTable) -> str:
    return to_frame(table).to_csv(index=False)
