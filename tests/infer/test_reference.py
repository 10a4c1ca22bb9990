"""RefLLInferencer on the fake model: reference scoring, sliding windows, and every refused input."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from opencompass_lite.config.specs import (
    DatasetSpec,
    InferencerSpec,
    ModelSpec,
    ReaderSpec,
    RetrieverSpec,
    TemplateSpec,
)
from opencompass_lite.errors import ConfigError, DataError, TaskError
from opencompass_lite.infer import PromptBuilder, RefLLInferencer
from opencompass_lite.infer.reference import cut_points, utf8_len
from opencompass_lite.models.base import Loglikelihood, LoglikelihoodRequest, Prompt, prompt_text
from opencompass_lite.models.fake import FakeModel

LONG = " ".join(f"word{i} is followed by\n\n  more text, ünïcödé 你好 and 🙂 emoji." for i in range(40))


def fake(max_seq_len: int = 2048) -> FakeModel:
    return FakeModel(ModelSpec(abbr="fake", type="FakeModel", path="fake", max_seq_len=max_seq_len))


def dataset(template: str = "Q: {question}\n", output: str | None = "answer") -> DatasetSpec:
    return DatasetSpec(abbr="ref", type="X", path="x",
                       reader=ReaderSpec(input_columns=("question",), output_column=output),
                       retriever=RetrieverSpec(), inferencer=InferencerSpec(type="RefLLInferencer"),
                       prompt_template=TemplateSpec(template))


def run(model: FakeModel, spec: DatasetSpec, rows: list[dict]) -> list[dict]:
    inferencer = RefLLInferencer(spec.inferencer, model.spec)
    return inferencer.infer(model, PromptBuilder(spec, []), list(enumerate(rows)))


@pytest.mark.parametrize(("text", "max_bytes", "expected"), [
    ("", 10, []),
    ("short text", 10, []),
    ("aaaa bbbb cccc", 10, [9]),  # before the space that starts " cccc"
    ("aa  bb\n\ncc", 8, [6]),  # before the whole whitespace run "\n\n", not inside it
    ("abcdefghijkl", 5, [5, 10]),  # no whitespace: as much as fits
    ("ééééé", 4, [2, 4]),  # 2-byte characters are never split
    ("🙂🙂", 4, [1]),
    ("abcd   efgh", 6, [4, 10]),  # a piece may start with whitespace
])
def test_cut_points(text, max_bytes, expected):
    assert cut_points(text, max_bytes) == expected


def test_whitespace_filling_a_window_is_refused():
    with pytest.raises(DataError, match="row 3: 6 bytes of whitespace from character 1 fill a whole window"):
        cut_points("a" + " " * 20 + "b", 6, "row 3")


def test_cut_points_pieces_fit_and_rebuild_the_text():
    cuts = cut_points(LONG, 30)
    pieces = [LONG[a:b] for a, b in zip([0, *cuts], [*cuts, len(LONG)], strict=True)]
    assert "".join(pieces) == LONG and all(0 < len(p.encode()) <= 30 for p in pieces)
    assert sum(p[0].isspace() for p in pieces[1:]) > len(pieces) // 2  # mostly cut before whitespace
    assert [utf8_len(c) for c in "aé你🙂"] == [1, 2, 3, 4]


def test_one_window_scores_the_reference_after_the_prompt():
    model = fake()
    (rec,) = run(model, dataset(), [{"question": "2+2?", "answer": "It is 4."}])
    (direct,) = model.loglikelihood([LoglikelihoodRequest("Q: 2+2?", "\nIt is 4.")])  # the newline moves over
    assert rec["prediction"] == {"nll": -direct.logprob, "num_tokens": direct.num_tokens,
                                 "num_bytes": len(b"\nIt is 4."), "num_windows": 1}
    assert rec["prompt"] == "Q: 2+2?\n" and rec["index"] == 0


def test_long_references_are_scored_in_windows_that_continue_the_text():
    model = fake(max_seq_len=32)
    inferencer = RefLLInferencer(InferencerSpec(type="RefLLInferencer"), model.spec)
    requests = inferencer.requests(model, "Prompt:", LONG, "here")
    assert "".join(r.continuation for r in requests) == LONG
    assert requests[0].context == "Prompt:" and all(len(r.continuation.encode()) <= 30 for r in requests)
    offset = 0  # each later window's context: the prompt and text before it, its last 16 * max_seq_len characters
    for r in requests:
        before = ("Prompt:" + LONG[:offset])[-16 * 32:]
        assert r.context == (before if offset else "Prompt:")
        offset += len(r.continuation)
    (rec,) = run(model, dataset(), [{"question": "q", "answer": LONG}])
    assert rec["prediction"]["num_windows"] == len(cut_points("\n" + LONG, 30)) + 1
    assert rec["prediction"]["num_bytes"] == len(("\n" + LONG).encode())


def test_whole_document_scoring_with_an_empty_prompt():
    model = fake()
    (rec,) = run(model, dataset(template=""), [{"question": "", "answer": "  A whole document."}])
    (direct,) = model.loglikelihood([LoglikelihoodRequest("", "  A whole document.")])
    assert rec["prompt"] == "" and rec["prediction"]["nll"] == -direct.logprob
    assert rec["prediction"]["num_bytes"] == 19


class WrappingModel(FakeModel):
    """Renders text as a chat turn, as a chat-template model does."""

    def render(self, prompt: Prompt) -> str:
        return f"<user>{prompt_text(prompt)}</user>"


def test_a_model_that_wraps_text_cannot_continue_a_window():
    model = WrappingModel(ModelSpec(abbr="chat", type="FakeModel", path="fake", max_seq_len=32))
    (rec,) = run(model, dataset(), [{"question": "q", "answer": "fits"}])  # one window: fine
    assert rec["prediction"]["num_windows"] == 1 and rec["prompt"] == "<user>Q: q\n</user>"
    with pytest.raises(TaskError, match=r"test row 0: the reference needs \d+ windows of max_seq_len=32 tokens, "
                                        r"but chat wraps text prompts .*use a base model"):
        run(model, dataset(), [{"question": "q", "answer": LONG}])


class TokenHungryModel(FakeModel):
    """A tokenizer that makes more tokens than bytes: every piece fills the window."""

    def loglikelihood(self, requests: Sequence[LoglikelihoodRequest]) -> list[Loglikelihood]:
        n = self.spec.max_seq_len
        return [Loglikelihood(-1.0 * n, n - 1, False, n) for _ in requests]


def test_a_piece_that_fills_the_window_is_an_error_not_a_smaller_sum():
    model = TokenHungryModel(ModelSpec(abbr="hungry", type="FakeModel", path="fake", max_seq_len=16))
    with pytest.raises(TaskError, match="test row 0: a piece of at most 14 bytes filled the whole 16-token window"):
        run(model, dataset(), [{"question": "q", "answer": "some answer"}])


@pytest.mark.parametrize(("spec", "row", "error", "message"), [
    (dataset(output=None), {"question": "q"}, ConfigError, "scores reader_cfg's output_column, which is not set"),
    (dataset(), {"question": "q", "answer": ""}, DataError, "test row 0 has no reference text in column 'answer'"),
    (dataset(), {"question": "q"}, DataError, r"test row 0 has no reference text .*got NoneType"),
    (dataset(), {"question": "q", "answer": ["a"]}, DataError, "got list"),
])
def test_bad_references(spec, row, error, message):
    with pytest.raises(error, match=message):
        run(fake(), spec, [row])


def test_too_short_a_window_and_the_mode():
    with pytest.raises(ConfigError, match="fake: max_seq_len=5 is too short to score text; use at least 6"):
        RefLLInferencer(InferencerSpec(type="RefLLInferencer"), fake(5).spec)
    assert dataset().mode == "ll" and replace(dataset(), inferencer=InferencerSpec(type="GenInferencer")).mode == "gen"
