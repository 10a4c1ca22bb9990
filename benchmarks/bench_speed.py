"""Speed of opencompass_lite on the 200-question MMLU workload: wall time vs lm-eval, throughput vs raw forward.

    python benchmarks/bench_speed.py [--skip-walls] [--skip-throughput]

Walls: ``run.py`` process start to summary written (model load included) for ll, ppl and gen
0-shot and ll 5-shot (float32, batch 8), divided by lm-eval's wall for the same mode as recorded by
``benchmarks/parity/run_parity.py`` in ``/tmp/ocl-parity/parity_<mode>.json`` (run that first).
Throughput: in this process, our ``loglikelihood`` on the workload's requests vs a raw forward pass
over the same prompts (one pass per prompt, length-sorted, batch 8, logits at the last position
only); the ratio raw time / our time is the fraction of the hardware limit we reach.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "parity"))

from ocl_config import ocl_command, write_config  # noqa: E402
from workload import REPO, WORK, load_avg, model_dir, questions, timed  # noqa: E402

SETUPS = (("ll", 0), ("ppl", 0), ("gen", 0), ("ll", 5))
PEER_MODE = {"ll": "ll", "ppl": "ll", "gen": "gen"}  # lm-eval has no ppl mode; ll is its equivalent


def peer_wall(mode: str, shots: int) -> float | None:
    path = WORK / f"parity_{PEER_MODE[mode]}.json"
    if shots or not path.is_file():
        return None
    return json.loads(path.read_text())["wall"]["lm-eval"]


def walls(folder: str) -> None:
    print("\nwall time, process start to summary written (200 MMLU questions, float32, batch 8)")
    print(f"{'setup':<12}{'ours s':>9}{'lm-eval s':>11}{'ratio':>8}{'target':>8}  load avg")
    for mode, shots in SETUPS:
        config = write_config(WORK / "cfg" / f"speed_{mode}{shots}.py", mode, shots, folder)
        wall = timed(ocl_command(config, WORK / f"speed_{mode}{shots}"), WORK / f"speed_{mode}{shots}.log", cwd=REPO)
        peer = peer_wall(mode, shots)
        ratio = f"{wall / peer:.2f}" if peer else "n/a"
        target = "0.25" if shots else "0.50"
        print(f"{mode + f' {shots}-shot':<12}{wall:>9.1f}{(f'{peer:.1f}' if peer else 'not run'):>11}{ratio:>8}"
              f"{target:>8}  {load_avg()}", flush=True)


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
    args = ap.parse_args()
    folder = model_dir()
    if not args.skip_walls:
        walls(folder)
    if not args.skip_throughput:
        throughput(folder)


if __name__ == "__main__":
    main()
