"""Bits per byte from RefLLInferencer on the real SmolLM2 equal a direct torch computation: the sum of
-log_softmax of the true tokens of the whole text's tokenization, each token predicted from the tokens
of its window (one window when the text fits; sliding windows when it does not)."""

from __future__ import annotations

import copy
import math
import os
from dataclasses import replace
from pathlib import Path

import pytest

from opencompass_lite.config.specs import (
    DatasetSpec,
    InferencerSpec,
    ModelSpec,
    ReaderSpec,
    RetrieverSpec,
    TemplateSpec,
)
from opencompass_lite.datasets.wikitext import split_articles, wikitext_detokenize
from opencompass_lite.evaluate import PerplexityEvaluator
from opencompass_lite.infer import PromptBuilder, RefLLInferencer
from opencompass_lite.infer.reference import cut_points

os.environ.setdefault("HF_HUB_OFFLINE", "1")
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "wikitext" / "wikitext-2-raw" / "wiki.test.raw"
ARTICLE = wikitext_detokenize(split_articles(FIXTURE.read_text(encoding="utf-8"))[2])[:400]
ROWS = [
    {"prompt": "def add(a, b):\n    \"\"\"Return the sum of a and b.\"\"\"\n", "ref": "    return a + b\n"},
    {"prompt": "Translate to French: the cheese is ", "ref": "le fromage est délicieux 🧀."},
    {"prompt": "", "ref": ARTICLE},
]


@pytest.fixture(scope="module")
def model():
    from opencompass_lite.models import HuggingFaceBaseModel
    from opencompass_lite.models.embedded import SMOLLM2_NAME, prepare_embedded

    prepare_embedded()
    return HuggingFaceBaseModel(ModelSpec(abbr="smol", type="HuggingFaceBaseModel", path=f"HuggingFaceTB/{SMOLLM2_NAME}",
                                          model_kwargs={"torch_dtype": "float32"}, max_seq_len=2048, batch_size=4))


def direct_nll(model, prompt: str, ref: str, window: int) -> float:
    """Score the tokens of ``ref`` (with the prompt's trailing whitespace) in pieces cut where the
    inferencer cuts; each piece's tokens see the ``window`` tokens ending at the piece's last one."""
    import torch

    tok = model.tokenizer
    body = prompt.rstrip()
    full, scored = prompt + ref, prompt[len(body):] + ref
    ids = tok(full)["input_ids"]

    def n_tokens(chars: int) -> int:  # tokens of full[:chars]; the pieces must tokenize as the whole does
        head = tok(full[:chars])["input_ids"] if chars else []
        assert head + tok(full[chars:], add_special_tokens=False)["input_ids"] == ids
        return len(head)

    bounds = [n_tokens(len(body) + c) for c in [0, *cut_points(scored, window - 2)]] + [len(ids)]
    total = 0.0
    for a, b in zip(bounds, bounds[1:], strict=False):
        lo = max(b - window, 0)
        with torch.inference_mode():
            logprobs = torch.log_softmax(model.model(torch.tensor([ids[lo:b]])).logits[0].float(), -1)
        total -= sum(float(logprobs[t - 1 - lo, ids[t]]) for t in range(max(a, 1), b))
    return total


@pytest.mark.parametrize("window", [2048, 48])
def test_bits_per_byte_equal_a_direct_torch_computation(model, window):
    m = model if window == model.spec.max_seq_len else copy.copy(model)
    m.spec = replace(model.spec, max_seq_len=window)
    spec = DatasetSpec(abbr="ref", type="X", path="x", reader=ReaderSpec(input_columns=("prompt",), output_column="ref"),
                       retriever=RetrieverSpec(), inferencer=InferencerSpec(type="RefLLInferencer"),
                       prompt_template=TemplateSpec("{prompt}"))
    records = RefLLInferencer(spec.inferencer, m.spec).infer(m, PromptBuilder(spec, []), list(enumerate(ROWS)))
    preds = [r["prediction"] for r in records]
    assert (preds[2]["num_windows"] > 5) == (window == 48)  # 400 bytes in pieces of 46
    expected = [direct_nll(m, r["prompt"], r["ref"], window) for r in ROWS]
    assert [p["nll"] for p in preds] == pytest.approx(expected, rel=1e-5)
    n_bytes = sum(len((r["prompt"][len(r["prompt"].rstrip()):] + r["ref"]).encode()) for r in ROWS)
    bpb = PerplexityEvaluator().score(preds, [r["ref"] for r in ROWS], ROWS).metrics["bits_per_byte"]
    assert bpb == pytest.approx(sum(expected) / (math.log(2) * n_bytes), abs=1e-4)
    assert 0.3 < bpb < 3  # a real model on English and code
