"""The summarize stage: results → table → ``summary/summary_<timestamp>.{txt,csv,md}``."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from opencompass_lite.config.specs import DatasetSpec, ModelSpec
from opencompass_lite.summarize.render import render_csv, render_markdown, render_text
from opencompass_lite.summarize.spec import SummarizerSpec
from opencompass_lite.summarize.table import SummaryTable, build_table
from opencompass_lite.workdir import WorkDir, atomic_write_text

logger = logging.getLogger(__name__)

_NO_FAILURES: Mapping[tuple[str, str], Path] = MappingProxyType({})


def summarize(work_dir: WorkDir, models: Sequence[ModelSpec], datasets: Sequence[DatasetSpec],
              cfg: SummarizerSpec, failed: Mapping[tuple[str, str], Path] = _NO_FAILURES, *,
              timestamp: str) -> SummaryTable:
    """Build the table and write it atomically as txt, csv and md; printing it is the caller's choice.

    ``failed`` maps (model abbr, dataset abbr) to the log of its failed eval task: those cells read
    ``failed`` and the txt/md files list the logs under the table.
    """
    table = build_table(work_dir, models, datasets, cfg, failed)
    stem = work_dir.summary_dir / f"summary_{timestamp}"
    for suffix, render in ((".txt", render_text), (".csv", render_csv), (".md", render_markdown)):
        atomic_write_text(stem.with_suffix(suffix), render(table))
    logger.info("summary written to %s.{txt,csv,md}", stem)
    return table
