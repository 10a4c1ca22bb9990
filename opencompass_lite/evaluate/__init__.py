"""Evaluation: postprocessors, evaluators, aggregators, the code sandbox. Importing this package
registers the postprocessors and evaluators (heavy scorers such as sacrebleu load on first use)."""

from opencompass_lite.evaluate.aggregate import estimate_pass_at_k, mean, pass_at_k, weighted_mean
from opencompass_lite.evaluate.base import EvalOutput, Evaluator
from opencompass_lite.evaluate.benchmarks import (
    GaokaoBenchEvaluator,
    TriviaQAEvaluator,
    TruthfulQAMC2Evaluator,
    bbh_freeform_postprocess,
    bbh_mcq_postprocess,
    first_capital_postprocess_multi,
)
from opencompass_lite.evaluate.evaluators import AccEvaluator, BleuEvaluator, EMEvaluator, F1Evaluator, RougeEvaluator
from opencompass_lite.evaluate.humaneval import HumanEvalEvaluator, humaneval_postprocess
from opencompass_lite.evaluate.math_answer import GSM8KEvaluator, MATHEvaluator, is_equiv, normalize_math_answer
from opencompass_lite.evaluate.perplexity import PerplexityEvaluator
from opencompass_lite.evaluate.postprocess import (
    first_capital_postprocess,
    first_option_postprocess,
    general_postprocess,
    gsm8k_dataset_postprocess,
    gsm8k_postprocess,
    last_capital_postprocess,
    last_option_postprocess,
    math_postprocess,
)
from opencompass_lite.evaluate.sandbox import ExecResult, Outcome, SandboxLimits, run_program, run_programs

__all__ = [
    "AccEvaluator", "BleuEvaluator", "EMEvaluator", "EvalOutput", "Evaluator", "ExecResult", "F1Evaluator",
    "GSM8KEvaluator", "HumanEvalEvaluator", "MATHEvaluator", "Outcome", "RougeEvaluator", "SandboxLimits",
    "estimate_pass_at_k", "first_capital_postprocess", "first_option_postprocess", "general_postprocess",
    "gsm8k_dataset_postprocess", "gsm8k_postprocess", "humaneval_postprocess", "is_equiv",
    "last_capital_postprocess", "last_option_postprocess", "math_postprocess", "mean", "normalize_math_answer",
    "pass_at_k", "run_program", "run_programs", "weighted_mean",
    "GaokaoBenchEvaluator", "TriviaQAEvaluator", "TruthfulQAMC2Evaluator", "bbh_freeform_postprocess",
    "bbh_mcq_postprocess", "first_capital_postprocess_multi", "PerplexityEvaluator",
]
