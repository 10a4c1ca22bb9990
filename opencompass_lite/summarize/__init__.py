"""Summarize stage: per-dataset rows plus summary groups, rendered as txt, csv and markdown."""

from opencompass_lite.summarize.groups import Status
from opencompass_lite.summarize.render import render_csv, render_markdown, render_text
from opencompass_lite.summarize.spec import GroupSpec, SummarizerSpec, summarizer_from_config
from opencompass_lite.summarize.summary import summarize
from opencompass_lite.summarize.table import FailedTask, SummaryRow, SummaryTable

__all__ = [
    "FailedTask", "GroupSpec", "Status", "SummarizerSpec", "SummaryRow", "SummaryTable",
    "render_csv", "render_markdown", "render_text", "summarize", "summarizer_from_config",
]
