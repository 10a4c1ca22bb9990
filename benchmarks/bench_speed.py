"""Speed of opencompass_lite on the 200-question MMLU workload: wall time vs lm-eval, throughput vs raw forward.

    python benchmarks/bench_speed.py [--skip-walls] [--skip-throughput] [--setups ll0,ppl0,gen0,ll5]
                                     [--dtype float32|bfloat16]

Walls: process start to results written (model load included), lm-eval and ``run.py`` one after
the other in this run, both in float32 (or both in ``--dtype bfloat16``), batch 8: lm-eval ``ll`` is the peer of our ``ll`` and ``ppl`` (it has
no ppl mode), lm-eval ``gen`` of our ``gen``, and lm-eval on the pre-rendered 5-shot prompt of our
``ll`` 5-shot. Needs the lm-eval venv (``benchmarks/parity/run_parity.py`` creates it). ``agree``:
questions where our pick (ll) or generated text (gen) equals lm-eval's in the same run.
Throughput: in this process, our ``loglikelihood`` on the workload's requests vs a raw forward pass
over the same prompts (one pass per prompt, length-sorted, batch 8, logits at the last position
only); the ratio raw time / our time is the fraction of the hardware limit we reach.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "parity"))

from ocl_config import ocl_command, ocl_picks, ocl_texts, write_config  # noqa: E402
from run_parity import lmeval_picks, lmeval_texts, run_lmeval  # noqa: E402
from workload import LMEVAL_VENV, REPO, WORK, load_avg, model_dir, questions, timed, write_jsonl  # noqa: E402

# setup -> (our mode, shots, lm-eval task mode, target ratio)
SETUPS = {"ll0": ("ll", 0, "ll", 0.50), "ppl0": ("ppl", 0, "ll", 0.50), "gen0": ("gen", 0, "gen", 0.50),
          "ll5": ("ll", 5, "ll5", 0.25)}


def agreement(name: str, peer_out: Path, ours_work: Path) -> str:
    """Same picks (ll) or same generated text (gen) as lm-eval, over the 200 questions; ppl has no lm-eval twin."""
    mode, _, peer_mode, _ = SETUPS[name]
    if mode == "ppl":
        return "n/a"
    if mode == "gen":
        ours, peer = ocl_texts(ours_work), lmeval_texts(peer_out)
    else:
        ours, peer = ocl_picks(ours_work), lmeval_picks(peer_out, peer_mode)
    return f"{sum(ours[k] == peer[k] for k in peer)}/{len(peer)}"


def walls(folder: str, setups: list[str], dtype: str) -> None:
    if not (LMEVAL_VENV / "bin" / "lm_eval").exists():
        raise SystemExit(f"bench_speed: no lm-eval in {LMEVAL_VENV}; run benchmarks/parity/run_parity.py first")
    jsonl = write_jsonl(WORK / "mmlu200.jsonl")
    peers: dict[str, tuple[float, Path]] = {}
    print(f"\nwall time, process start to results written (200 MMLU questions, {dtype}, batch 8)")
    print(f"{'setup':<8}{'ours s':>8}{'lm-eval s':>11}{'ratio':>7}{'target':>8}{'agree':>9}  load avg")
    for name in setups:
        mode, shots, peer_mode, target = SETUPS[name]
        if peer_mode not in peers:
            peers[peer_mode] = run_lmeval(peer_mode, folder, jsonl, dtype)
        peer_wall, peer_out = peers[peer_mode]
        config = write_config(WORK / "cfg" / f"speed_{name}_{dtype}.py", mode, shots, folder, dtype)
        work = WORK / f"speed_{name}_{dtype}"
        wall = timed(ocl_command(config, work), WORK / f"speed_{name}_{dtype}.log", cwd=REPO)
        print(f"{name:<8}{wall:>8.1f}{peer_wall:>11.1f}{wall / peer_wall:>7.2f}{target:>8.2f}"
              f"{agreement(name, peer_out, work):>9}  {load_avg()}", flush=True)


def raw_forward(model, texts: list[str], batch_size: int = 8) -> tuple[float, int]:
    """Seconds for one forward per text (length-sorted, left-padded batches), last-position logits only."""
    import torch

    ids = sorted((model.tokenizer(t)["input_ids"] for t in texts), key=len)
    pad = model.tokenizer.pad_token_id if model.tokenizer.pad_token_id is not None else 0
    body, head = model.model.get_decoder(), model.model.get_output_embeddings()
    start = time.perf_counter()
    with torch.inference_mode():
        for i in range(0, len(ids), batch_size):
            chunk = ids[i:i + batch_size]
            width = max(map(len, chunk))
            x = torch.tensor([[pad] * (width - len(c)) + c for c in chunk])
            mask = torch.tensor([[0] * (width - len(c)) + [1] * len(c) for c in chunk])
            head(body(input_ids=x, attention_mask=mask).last_hidden_state[:, -1])
    return time.perf_counter() - start, sum(map(len, ids))


def throughput(folder: str) -> None:
    from opencompass_lite.config.specs import ModelSpec
    from opencompass_lite.models import HuggingFaceBaseModel
    from opencompass_lite.models.base import LoglikelihoodRequest

    model = HuggingFaceBaseModel(ModelSpec(abbr="smollm2", type="HuggingFaceBaseModel", path=folder,
                                           tokenizer_path=folder, batch_size=8,
                                           model_kwargs={"torch_dtype": "float32"}))
    prompts = [q["prompt"] for q in questions()]
    raw_forward(model, prompts[:8])  # warm-up, not timed
    print(f"\nthroughput vs raw forward, same process (load avg {load_avg()})")
    print(f"{'mode':<6}{'tokens':>8}{'raw s':>8}{'ours s':>8}{'ours/raw throughput':>21}{'target':>8}")
    cases = {"ll": ([LoglikelihoodRequest(p, f" {x}") for p in prompts for x in "ABCD"], prompts),
             "ppl": ([LoglikelihoodRequest("", f"{p} {x}") for p in prompts for x in "ABCD"],
                     [f"{p} {x}" for p in prompts for x in "ABCD"])}
    for mode, (requests, texts) in cases.items():
        t_raw, tokens = raw_forward(model, texts)
        start = time.perf_counter()
        model.loglikelihood(requests)
        t_ours = time.perf_counter() - start
        print(f"{mode:<6}{tokens:>8}{t_raw:>8.1f}{t_ours:>8.1f}{t_raw / t_ours:>21.2f}{'0.80':>8}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-walls", action="store_true")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--setups", default=",".join(SETUPS), help=f"comma-separated subset of {','.join(SETUPS)}")
    ap.add_argument("--dtype", choices=("float32", "bfloat16"), default="float32",
                    help="both harnesses' model dtype for the walls (compare like with like)")
    args = ap.parse_args()
    setups = args.setups.split(",")
    if unknown := [s for s in setups if s not in SETUPS]:
        raise SystemExit(f"bench_speed: unknown setup {unknown[0]!r}; choose from {', '.join(SETUPS)}")
    folder = model_dir()
    if not args.skip_walls:
        walls(folder, setups, args.dtype)
    if not args.skip_throughput:
        throughput(folder)


if __name__ == "__main__":
    main()
