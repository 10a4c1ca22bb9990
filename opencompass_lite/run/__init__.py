"""Runners: execute tasks locally over a GPU pool, on Ray, or on Slurm (ray is imported only when used)."""

from opencompass_lite.run.local import LocalRunner

__all__ = ["LocalRunner"]
