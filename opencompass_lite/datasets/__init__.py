"""Dataset loaders; importing this package registers them in ``registry.DATASETS``."""

from opencompass_lite.datasets.agieval import AGIEvalDataset
from opencompass_lite.datasets.arc import ARCDataset
from opencompass_lite.datasets.bbh import BBHDataset
from opencompass_lite.datasets.ceval import CEvalDataset
from opencompass_lite.datasets.cmmlu import CMMLUDataset
from opencompass_lite.datasets.gaokao import GaokaoBenchDataset
from opencompass_lite.datasets.gsm8k import GSM8KDataset
from opencompass_lite.datasets.hellaswag import HellaswagDataset
from opencompass_lite.datasets.humaneval import HumanevalDataset
from opencompass_lite.datasets.math import MATHDataset
from opencompass_lite.datasets.mmlu import MMLUDataset
from opencompass_lite.datasets.race import RaceDataset
from opencompass_lite.datasets.triviaqa import TriviaQADataset
from opencompass_lite.datasets.truthfulqa import TruthfulQADataset
from opencompass_lite.datasets.wikitext import WikiTextDataset

__all__ = [
    "AGIEvalDataset", "ARCDataset", "BBHDataset", "CEvalDataset", "CMMLUDataset", "GSM8KDataset", "GaokaoBenchDataset",
    "HellaswagDataset", "HumanevalDataset", "MATHDataset", "MMLUDataset", "RaceDataset", "TriviaQADataset",
    "TruthfulQADataset", "WikiTextDataset",
]
