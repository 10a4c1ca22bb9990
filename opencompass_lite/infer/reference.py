"""``RefLLInferencer``: the log-likelihood of each sample's reference text, for perplexity and bits per byte.

The reference (the reader's ``output_column``) is scored as the continuation of the rendered prompt;
an empty prompt scores the whole document (its first token has no prediction unless the tokenizer
prepends BOS). A plain-text prompt's trailing whitespace is scored (and counted) with the reference.
The mode is ``ll``; the evaluator is ``PerplexityEvaluator``.

Long references are not cut: they are scored in pieces (a sliding window, like lm-eval's
``loglikelihood_rolling``). A piece holds at most ``max_seq_len - 2`` UTF-8 bytes, cut just before a
run of whitespace (where BPE tokenizers start a token anyway, so the pieces tokenize as the whole
does); its context is the prompt plus the text before it (at most ``16 * max_seq_len`` characters of
it), which the model cuts from the left to ``max_seq_len`` tokens. Every token is thus scored once, with as much left context as fits. A
byte-level tokenizer makes at most one token per byte, so a piece always fits; a piece that comes
back cut anyway is an error, never a silently smaller sum.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import Any

from opencompass_lite.config.specs import DatasetSpec, InferencerSpec, ModelSpec
from opencompass_lite.errors import ConfigError, DataError, TaskError
from opencompass_lite.infer.prompt import PromptBuilder
from opencompass_lite.models.base import LoglikelihoodRequest, Model, Prompt
from opencompass_lite.registry import INFERENCERS

Record = dict[str, Any]
Batch = Sequence[tuple[int, dict[str, Any]]]  # (test index, row)
_RUN_START = re.compile(r"(?<=\S)\s")  # a whitespace run's first character
# Context text kept before a piece: enough for max_seq_len tokens at up to this many characters per token.
CONTEXT_CHARS_PER_TOKEN = 16


def utf8_len(ch: str) -> int:
    code = ord(ch)
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def cut_points(text: str, max_bytes: int, where: str = "text") -> list[int]:
    """Offsets that cut ``text`` into pieces of at most ``max_bytes`` UTF-8 bytes, each cut before a
    whitespace run where the piece has one, else after its last character that fits. A window never
    ends in whitespace: the model would move it into, and score it again with, the next piece."""
    if max_bytes < 4:
        raise ValueError(f"cut_points: max_bytes={max_bytes} cannot hold every character; use >= 4")
    ends = list(itertools.accumulate(utf8_len(ch) for ch in text))  # bytes of text[:i + 1]
    runs = [m.start() for m in _RUN_START.finditer(text)]
    cuts: list[int] = []
    start = 0
    while True:
        base = ends[start - 1] if start else 0
        limit = bisect.bisect_right(ends, base + max_bytes)  # text[start:limit] fits
        if limit >= len(text):
            return cuts
        k = bisect.bisect_right(runs, limit) - 1
        cut = runs[k] if k >= 0 and runs[k] > start else limit
        if text[cut - 1].isspace():  # no run starts inside: the piece is whitespace up to its limit
            raise DataError(f"{where}: {max_bytes} bytes of whitespace from character {start} fill a whole window; "
                            f"collapse long whitespace runs in the data")
        start = cut
        cuts.append(start)


def reference_text(spec: DatasetSpec, row: dict[str, Any], index: int) -> str:
    column = spec.reader.output_column
    if not column:
        raise ConfigError(f"dataset {spec.abbr!r}: RefLLInferencer scores reader_cfg's output_column, which is not "
                          f"set; name the column that holds the reference text")
    text = row.get(column)
    if not isinstance(text, str) or not text:
        raise DataError(f"dataset {spec.abbr!r}: test row {index} has no reference text in column {column!r} "
                        f"(got {type(text).__name__} {str(text)[:40]!r}); fix the data or drop the row")
    return text


def move_space(model: Model, prompt: Prompt, text: str) -> tuple[Prompt, str]:
    """A plain-text prompt's trailing whitespace starts the scored text (BPE merges it with the text's first
    word, and lm-eval scores it there), so its bytes are counted too."""
    if isinstance(prompt, str) and prompt and model.render(prompt) == prompt:
        body = prompt.rstrip()
        return body, prompt[len(body) :] + text
    return prompt, text


@INFERENCERS.register()
class RefLLInferencer:
    """Per sample: ``prediction = {nll, num_tokens, num_bytes, num_windows}`` (nll in nats, summed)."""

    def __init__(self, spec: InferencerSpec, model_spec: ModelSpec) -> None:
        self.max_seq_len = model_spec.max_seq_len
        self.model_abbr = model_spec.abbr
        self.piece_bytes = model_spec.max_seq_len - 2  # room for a BOS and a leading-space token
        if self.piece_bytes < 4:
            raise ConfigError(f"{model_spec.abbr}: max_seq_len={model_spec.max_seq_len} is too short to score "
                              f"text; use at least 6")
        self.context_chars = CONTEXT_CHARS_PER_TOKEN * model_spec.max_seq_len

    def prompt_size(self, builder: PromptBuilder, index: int, row: dict[str, Any]) -> int:
        return len(str(builder.gen_prompt(row, index))) + len(str(row.get(builder.spec.reader.output_column or "")))

    def requests(self, model: Model, prompt: Prompt, text: str, where: str) -> list[LoglikelihoodRequest]:
        """One request per piece of ``text``; later pieces continue the rendered prompt as plain text."""
        bounds = [0, *cut_points(text, self.piece_bytes, where), len(text)]
        out = [LoglikelihoodRequest(prompt, text[: bounds[1]])]
        head = model.render(prompt) if prompt and len(bounds) > 2 else ""
        for a, b in itertools.pairwise(bounds[1:]):
            keep = self.context_chars - a
            context = (head[-keep:] if keep > 0 else "") + text[max(a - self.context_chars, 0) : a]
            if model.render(context) != context:
                raise TaskError(f"{where}: the reference needs {len(bounds) - 1} windows of max_seq_len="
                                f"{self.max_seq_len} tokens, but {self.model_abbr} wraps text prompts (chat template "
                                f"or meta_template), so a window cannot continue the text; use a base model "
                                f"(HuggingFaceBaseModel, --hf-type base) or raise max_seq_len")
            out.append(LoglikelihoodRequest(context, text[a:b]))
        return out

    def infer(self, model: Model, builder: PromptBuilder, batch: Batch) -> list[Record]:
        spec = builder.spec
        samples = []
        for i, row in batch:
            shown = builder.gen_prompt(row, i)
            prompt, text = move_space(model, shown, reference_text(spec, row, i))
            samples.append((i, shown, text, self.requests(model, prompt, text, f"dataset {spec.abbr!r}: test row {i}")))
        scores = model.loglikelihood([r for *_, reqs in samples for r in reqs])
        records, k = [], 0
        for i, shown, text, reqs in samples:
            mine = scores[k : k + len(reqs)]
            k += len(reqs)
            if any(ll.total_tokens >= self.max_seq_len and ll.num_tokens >= self.max_seq_len - 1 for ll in mine):
                raise TaskError(f"dataset {spec.abbr!r}: test row {i}: a piece of at most {self.piece_bytes} bytes "
                                f"filled the whole {self.max_seq_len}-token window, so its start may be cut; the "
                                f"tokenizer makes more tokens than bytes: raise max_seq_len")
            prediction = {"nll": -sum(ll.logprob for ll in mine), "num_tokens": sum(ll.num_tokens for ll in mine),
                          "num_bytes": len(text.encode("utf-8", "surrogatepass")), "num_windows": len(reqs)}
            records.append({"index": i, "prompt": model.render(shown) if shown else "", "prediction": prediction})
        return records
