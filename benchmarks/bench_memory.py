"""Peak memory of opencompass_lite vs lm-eval on the 200-question MMLU workload (ll, 0-shot, float32, batch 8).

    python benchmarks/bench_memory.py [--mode ll|gen]

Runs lm-eval (from the venv ``benchmarks/parity/run_parity.py`` creates) and then ``run.py`` on the
same questions, one after the other, polling the RSS of each whole process tree (run.py starts
worker processes) every 0.1 s; prints both peaks and ours/lm-eval (target: <= 1.00).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "parity"))

from ocl_config import ocl_command, write_config  # noqa: E402
from run_parity import lmeval_command  # noqa: E402
from workload import LMEVAL_VENV, REPO, WORK, load_avg, measured, model_dir, write_jsonl  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=("ll", "gen"), default="ll")
    args = ap.parse_args()
    if not (LMEVAL_VENV / "bin" / "lm_eval").exists():
        raise SystemExit(f"bench_memory: no lm-eval in {LMEVAL_VENV}; run benchmarks/parity/run_parity.py first")
    folder = model_dir()
    jsonl = write_jsonl(WORK / "mmlu200.jsonl")
    cmd, _ = lmeval_command(args.mode, folder, jsonl, WORK / f"mem_lmeval_{args.mode}")
    peer_wall, peer_peak = measured(cmd, WORK / f"mem_lmeval_{args.mode}.log")
    config = write_config(WORK / "cfg" / f"mem_{args.mode}.py", args.mode, 0, folder)
    our_wall, our_peak = measured(ocl_command(config, WORK / f"mem_ocl_{args.mode}"), WORK / f"mem_ocl_{args.mode}.log",
                                  cwd=REPO)
    print(f"\npeak RSS of the process tree ({args.mode}, 200 MMLU questions, float32, batch 8; load avg {load_avg()})")
    print(f"{'harness':<18}{'peak MiB':>10}{'wall s':>9}")
    print(f"{'lm-eval':<18}{peer_peak:>10.0f}{peer_wall:>9.1f}")
    print(f"{'opencompass_lite':<18}{our_peak:>10.0f}{our_wall:>9.1f}")
    print(f"ratio ours/lm-eval: {our_peak / peer_peak:.2f} (target <= 1.00)")


if __name__ == "__main__":
    main()
