"""Runners: execute tasks locally over a GPU pool, on Ray, or on Slurm (ray is imported only when used)."""

from opencompass_lite.run.local import LocalRunner
from opencompass_lite.run.ray import RayRunner
from opencompass_lite.run.slurm import SlurmRunner

__all__ = ["LocalRunner", "RayRunner", "SlurmRunner"]
