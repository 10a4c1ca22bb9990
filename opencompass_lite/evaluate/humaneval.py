"""HumanEval: extract code from a completion, run it against the problem's tests, report pass@k.

Each sample becomes one program ``prompt + completion + test + check(entry_point)`` run in the
sandbox. A completion may be a function body (base models continue the prompt) or a whole
function (chat models answer with a code block); a whole function is appended after the prompt
and redefines the stub, so the prompt's imports and helper functions stay available.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from opencompass_lite.errors import ConfigError, TaskError
from opencompass_lite.evaluate.aggregate import pass_at_k
from opencompass_lite.evaluate.base import EvalOutput
from opencompass_lite.evaluate.evaluators import check_lengths
from opencompass_lite.evaluate.sandbox import SandboxLimits, run_programs
from opencompass_lite.registry import EVALUATORS, POSTPROCESSORS

log = logging.getLogger(__name__)

_FENCE = re.compile(r"```[ \t]*(?:[A-Za-z0-9_+-]+)?[ \t]*\n(.*?)(?:```|\Z)", re.DOTALL)
_TOP_LEVEL_CODE = re.compile(r"(?:async\s+def|def|class|import|from)\s|@")
_TOP_LEVEL_TAIL = re.compile(r"^(?:if\s+__name__|print\(|assert\s|check\()", re.MULTILINE)


def _code_block(text: str) -> str:
    """The first fenced block that defines something, else the first block, else ``text``."""
    blocks = _FENCE.findall(text)
    return next((b for b in blocks if "def " in b), blocks[0]) if blocks else text


@POSTPROCESSORS.register()
def humaneval_postprocess(text: str) -> str:
    """Code from a completion: markdown fences stripped; a whole program loses its top-level test code;
    a function body is cut at the first unindented line (where the model moved on), or indented
    if the model wrote it unindented."""
    code = _code_block(text)
    lines = code.split("\n")
    first = next((ln for ln in lines if ln.strip()), "")
    if _TOP_LEVEL_CODE.match(first):  # a whole program
        tail = _TOP_LEVEL_TAIL.search(code)
        return code[: tail.start()] if tail else code
    if first and not first[0].isspace():  # a body written without indentation
        return "\n".join("    " + ln if ln.strip() else ln for ln in lines)
    cut = next((i for i, ln in enumerate(lines) if ln.strip() and not ln[0].isspace()), len(lines))
    return "\n".join(lines[:cut])


def humaneval_program(row: dict[str, Any], completion: str) -> str:
    """The program that passes iff ``completion`` solves the problem in ``row``."""
    entry = row["entry_point"]
    whole_function = re.search(rf"^(?:async\s+)?def\s+{re.escape(entry)}\s*\(", completion, re.MULTILINE)
    head = row["prompt"] + ("\n" + completion if whole_function else completion)
    return f"{head}\n\n{row['test']}\n\ncheck({entry})\n"


def _samples(prediction: Any) -> list[str]:
    """One prediction is a completion, or a list of n completions for pass@k (empty: one empty one)."""
    if isinstance(prediction, (list, tuple)) and prediction:
        return ["" if p is None else str(p) for p in prediction]
    return ["" if prediction is None else str(prediction)]


@EVALUATORS.register()
class HumanEvalEvaluator:
    """pass@k (Chen et al. 2021) over problems; samples of one problem are pooled by ``task_id``
    (from repeated rows, ``num_repeats``, or list predictions). ``k`` above the fewest samples of
    any problem is skipped with a warning."""

    def __init__(self, k: int | Sequence[int] = 1, timeout: float = 10.0, workers: int | None = None,
                 memory_mb: int = 2048) -> None:
        ks = [k] if isinstance(k, int) else list(k)
        if not ks or any(not isinstance(x, int) or isinstance(x, bool) or x < 1 for x in ks):
            raise ConfigError(f"HumanEvalEvaluator: k={k!r} must be a positive integer or a list of them; "
                              f"use e.g. k=[1, 10]")
        if timeout <= 0:
            raise ConfigError(f"HumanEvalEvaluator: timeout={timeout!r} must be positive seconds; use e.g. 10")
        self.ks = sorted(set(ks))
        self.workers = workers
        self.limits = SandboxLimits(timeout_s=timeout, cpu_s=max(1, int(timeout)), memory_mb=memory_mb)

    def score(self, predictions: Sequence[Any], references: Sequence[Any], rows: Sequence[dict[str, Any]]) -> EvalOutput:
        check_lengths("HumanEvalEvaluator", predictions, references)
        if len(rows) != len(predictions):
            raise TaskError(f"HumanEvalEvaluator: {len(predictions)} predictions but {len(rows)} test rows; "
                            f"pass the dataset's test rows")
        for i, row in enumerate(rows):
            missing = [f for f in ("task_id", "prompt", "test", "entry_point") if not isinstance(row.get(f), str)]
            if missing:
                raise TaskError(f"HumanEvalEvaluator: test row {i} lacks {missing}; "
                                f"use type=HumanevalDataset (or rows with these fields)")
        samples = [_samples(p) for p in predictions]
        programs = [humaneval_program(row, s) for row, ss in zip(rows, samples, strict=True) for s in ss]
        results = iter(run_programs(programs, self.limits, self.workers))
        counts: dict[str, list[int]] = {}  # task_id -> [n, c]
        details = []
        for pred, ref, row, ss in zip(predictions, references, rows, samples, strict=True):
            outcomes = [next(results) for _ in ss]
            passed = sum(r.passed for r in outcomes)
            n_c = counts.setdefault(row["task_id"], [0, 0])
            n_c[0], n_c[1] = n_c[0] + len(ss), n_c[1] + passed
            details.append({"pred": pred, "answer": ref, "correct": passed == len(ss),
                            "score": 100 * passed / len(ss),
                            "results": [r.outcome.value if r.passed else f"{r.outcome.value}: {r.error}"
                                        for r in outcomes]})
        return EvalOutput(self._metrics(counts), details)

    def _metrics(self, counts: dict[str, list[int]]) -> dict[str, float]:
        fewest = min((n for n, _ in counts.values()), default=0)
        metrics = {}
        for k in self.ks:
            if k > fewest:
                log.warning("HumanEvalEvaluator: pass@%d skipped: a problem has only %d samples", k, fewest)
                continue
            metrics[f"humaneval_pass@{k}"] = 100 * pass_at_k(((n, c) for n, c in counts.values()), k)
        return metrics
