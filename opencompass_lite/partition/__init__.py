"""Partition: specs + what is already done → infer and eval tasks."""

from opencompass_lite.partition.partitioners import NaivePartitioner, NumWorkerPartitioner, SizePartitioner

__all__ = ["NaivePartitioner", "NumWorkerPartitioner", "SizePartitioner"]
