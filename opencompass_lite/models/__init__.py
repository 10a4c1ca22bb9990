"""Model backends. Importing registers them; torch/transformers load only when a model is built."""

from opencompass_lite.models.embedded import check_model_path, prepare_embedded, resolve_model_path
from opencompass_lite.models.fake import FakeModel
from opencompass_lite.models.hf import HuggingFaceBaseModel, HuggingFaceCausalLM, HuggingFacewithChatTemplate

__all__ = [
    "FakeModel",
    "HuggingFaceBaseModel",
    "HuggingFaceCausalLM",
    "HuggingFacewithChatTemplate",
    "check_model_path",
    "prepare_embedded",
    "resolve_model_path",
]
