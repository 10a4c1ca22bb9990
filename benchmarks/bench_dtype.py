"""bfloat16 and torch.compile vs float32 on the 200-question MMLU workload, in one process.

    python benchmarks/bench_dtype.py [--mode ll|ppl] [--no-compile]

Times our ``loglikelihood`` on the workload's requests (all 800 at once, batch 8) with the model in
float32, in bfloat16 (``model_kwargs=dict(torch_dtype='torch.bfloat16')``; this CPU has AMX-BF16),
and in float32 with the decoder wrapped in ``torch.compile(dynamic=True)`` (first call, which
compiles, timed apart). Prints each time / float32's and how many of the 200 picks each variant
shares with float32 (bfloat16 rounds, so picks near a tie may flip).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "parity"))

from workload import load_avg, model_dir, questions  # noqa: E402


def requests(mode: str) -> list:
    from opencompass_lite.models.base import LoglikelihoodRequest

    prompts = [q["prompt"] for q in questions()]
    if mode == "ll":
        return [LoglikelihoodRequest(p, f" {x}") for p in prompts for x in "ABCD"]
    return [LoglikelihoodRequest("", f"{p} {x}") for p in prompts for x in "ABCD"]


def picks(model, reqs: list, mode: str) -> tuple[float, list[int]]:
    """(seconds, chosen option per question) for one pass over ``reqs``."""
    start = time.perf_counter()
    scores = model.loglikelihood(reqs)
    seconds = time.perf_counter() - start
    values = [s.logprob if mode == "ll" else s.logprob / max(s.total_tokens, 1) for s in scores]
    return seconds, [max(range(4), key=lambda j, k=k: values[4 * k + j]) for k in range(len(values) // 4)]


def load(folder: str, dtype: str):
    from opencompass_lite.config.specs import ModelSpec
    from opencompass_lite.models import HuggingFaceBaseModel

    return HuggingFaceBaseModel(ModelSpec(abbr=f"smollm2-{dtype}", type="HuggingFaceBaseModel", path=folder,
                                          tokenizer_path=folder, batch_size=8,
                                          model_kwargs={"torch_dtype": dtype}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=("ll", "ppl"), default="ll")
    ap.add_argument("--compile", action=argparse.BooleanOptionalAction, default=True)
    args = ap.parse_args()
    import torch

    folder, reqs = model_dir(), requests(args.mode)
    f32 = load(folder, "float32")
    f32.loglikelihood(reqs[:8])  # warm-up, not timed
    base_s, base = picks(f32, reqs, args.mode)
    rows = [("float32", base_s, base, "")]
    bf16 = load(folder, "bfloat16")
    bf16.loglikelihood(reqs[:8])
    rows.append(("bfloat16", *picks(bf16, reqs, args.mode), ""))
    del bf16
    if args.compile:
        decoder = f32.model.get_decoder()
        decoder.forward = torch.compile(decoder.forward, dynamic=True)
        first = time.perf_counter()
        f32.loglikelihood(reqs[:8])
        compile_s = time.perf_counter() - first
        rows.append(("float32+compile", *picks(f32, reqs, args.mode), f"(+{compile_s:.0f} s compiling)"))
    print(f"\n{args.mode}, 200 MMLU questions x 4 options, batch 8, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads; load avg {load_avg()}")
    print(f"{'variant':<17}{'seconds':>9}{'÷ float32':>11}{'same picks':>12}")
    for name, seconds, chosen, note in rows:
        same = sum(a == b for a, b in zip(chosen, base, strict=True))
        print(f"{name:<17}{seconds:>9.1f}{seconds / base_s:>11.2f}{same:>8}/{len(base)}  {note}")


if __name__ == "__main__":
    main()
