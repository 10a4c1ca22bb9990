"""Log-likelihood throughput on MMLU-shaped requests: our batched prefix-tree path vs a naive per-request loop.

    python benchmarks/bench_forward.py [--questions 50] [--shots 0] [--mode ll|ppl] [--naive/--no-naive]

Each question gives 4 requests (options A-D), so the default is 200 requests. ``ll`` scores " A".." D"
after the shared prompt (lm-eval); ``ppl`` scores each whole prompt+answer from an empty context
(OpenCompass). The naive loop runs one full forward per request and computes full logits; the
script checks that both give the same log-probabilities.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

WORDS = ("energy mass cell market theory law river protein vote angle signal light court value acid "
         "empire orbit wave price gene force state heat trade nerve field rate king rule power city").split()


def question(rng: random.Random, i: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 45)))
    options = "".join(f"\n{x}. " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))) for x in "ABCD")
    return f"Question {i}: {text}?{options}\nAnswer:"


def build_requests(n: int, shots: int, mode: str) -> list:
    from opencompass_lite.models.base import LoglikelihoodRequest

    rng = random.Random(0)
    header = "The following are multiple choice questions (with answers) about science.\n\n"
    fewshot = "".join(question(rng, -k) + f" {rng.choice('ABCD')}\n\n" for k in range(1, shots + 1))
    prompts = [header + fewshot + question(rng, i) for i in range(n)]
    if mode == "ll":
        return [LoglikelihoodRequest(p, f" {x}") for p in prompts for x in "ABCD"]
    return [LoglikelihoodRequest("", f"{p} {x}") for p in prompts for x in "ABCD"]


def naive_scores(model, requests) -> list[float]:
    import torch

    from opencompass_lite.models.loglik import encode_pair

    out = []
    for r in requests:
        tokens, start = encode_pair(model.tokenizer, r.context, r.continuation, model.spec.max_seq_len, {})
        with torch.inference_mode():
            logits = model.model(torch.tensor([tokens])).logits[0].float()
        lp = torch.log_softmax(logits[:-1], -1).gather(1, torch.tensor(tokens[1:])[:, None]).squeeze(1)
        out.append(float(lp[start - 1 :].sum()))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--shots", type=int, default=0)
    parser.add_argument("--mode", choices=("ll", "ppl"), default="ll")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--naive", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()

    import torch

    from opencompass_lite.config.specs import ModelSpec
    from opencompass_lite.models import HuggingFaceCausalLM

    t0 = time.perf_counter()
    model = HuggingFaceCausalLM(ModelSpec(abbr="smollm2", type="HuggingFaceCausalLM",
                                          path="HuggingFaceTB/SmolLM2-135M-Instruct", batch_size=args.batch_size))
    print(f"load: {time.perf_counter() - t0:.1f}s  (torch threads {torch.get_num_threads()})")
    requests = build_requests(args.questions, args.shots, args.mode)
    n_tokens = sum(len(model.tokenizer(r.context + r.continuation)["input_ids"]) for r in requests)
    print(f"{len(requests)} requests, {args.mode}, {args.shots}-shot, {n_tokens / len(requests):.0f} tokens each")

    t0 = time.perf_counter()
    fast = model.loglikelihood(requests)
    t_fast = time.perf_counter() - t0
    print(f"optimized: {t_fast:.2f}s  ({len(requests) / t_fast:.1f} requests/s)")
    if args.naive:
        t0 = time.perf_counter()
        slow = naive_scores(model, requests)
        t_slow = time.perf_counter() - t0
        diff = max(abs(a.logprob - b) for a, b in zip(fast, slow, strict=True))
        print(f"naive loop: {t_slow:.2f}s  ({len(requests) / t_slow:.1f} requests/s)  "
              f"speed-up x{t_slow / t_fast:.1f}, max |diff| {diff:.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
