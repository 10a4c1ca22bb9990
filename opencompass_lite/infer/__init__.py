"""Inference: prompt building (templates, retrievers) and the gen / ppl / ll inferencers."""

from opencompass_lite.infer.inferencers import GenInferencer, LLInferencer, PPLInferencer
from opencompass_lite.infer.prompt import (
    FixKRetriever,
    PromptBuilder,
    PromptTemplate,
    RandomRetriever,
    ZeroRetriever,
)
from opencompass_lite.infer.reference import RefLLInferencer

__all__ = [
    "FixKRetriever",
    "GenInferencer",
    "LLInferencer",
    "PPLInferencer",
    "PromptBuilder",
    "PromptTemplate",
    "RandomRetriever",
    "RefLLInferencer",
    "ZeroRetriever",
]
