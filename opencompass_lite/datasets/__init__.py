"""Dataset loaders; importing this package registers them in ``registry.DATASETS``."""

from opencompass_lite.datasets.ceval import CEvalDataset
from opencompass_lite.datasets.humaneval import HumanevalDataset
from opencompass_lite.datasets.mmlu import MMLUDataset

__all__ = ["CEvalDataset", "HumanevalDataset", "MMLUDataset"]
