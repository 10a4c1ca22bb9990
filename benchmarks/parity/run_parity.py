"""Parity with lm-evaluation-harness on 200 real MMLU questions: same model, data, prompt, scoring.

    python benchmarks/parity/run_parity.py [--mode ll|ll5|gen] [--skip-install]

Creates ``/tmp/ocl-parity/venv-lmeval`` (``pip install "lm-eval[hf]" torch==2.13.0``: plain
``lm-eval`` 0.4.13 has no transformers; never the project's environment), writes the workload jsonl, runs lm-eval (``--model hf``, float32, batch 8,
``--log_samples``, offline; ``ll5`` = the 5-shot prompt pre-rendered in the jsonl) and then opencompass_lite on the same questions, one after the
other, and prints per-question agreement, both accuracies and both wall times (process start to
results written). Results land in ``/tmp/ocl-parity/parity_<mode>.json`` (bench_speed reads them).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ocl_config import ocl_command, ocl_picks, ocl_texts, write_config  # noqa: E402
from workload import LMEVAL_VENV, SUBJECTS, WORK, load_avg, model_dir, questions, timed, write_jsonl  # noqa: E402

HERE = Path(__file__).resolve().parent
MODES = {"ll": ("ll", 0), "ll5": ("ll", 5), "gen": ("gen", 0)}  # parity mode -> (our mode, shots)


def install_lmeval() -> None:
    """The peer's own venv; torch 2.13.0 comes from the local wheel mirror."""
    if not (LMEVAL_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(LMEVAL_VENV)], check=True)
    pip = [str(LMEVAL_VENV / "bin" / "pip"), "install", "-q", "lm-eval[hf]", "torch==2.13.0"]
    subprocess.run(pip, check=True)


def lmeval_task_dir(mode: str, jsonl: Path) -> Path:
    tasks = WORK / "lmeval_tasks"
    tasks.mkdir(parents=True, exist_ok=True)
    text = (HERE / f"ocl_mmlu200_{mode}.yaml").read_text(encoding="utf-8").replace("__DATA__", str(jsonl))
    (tasks / f"ocl_mmlu200_{mode}.yaml").write_text(text, encoding="utf-8")
    return tasks


def lmeval_command(mode: str, folder: str, jsonl: Path, out: Path, dtype: str = "float32"
                   ) -> tuple[list[str], Path]:
    """The lm-eval CLI call for the workload task; its --log_samples files go under ``out``."""
    cmd = [str(LMEVAL_VENV / "bin" / "lm_eval"), "--model", "hf",
           "--model_args", f"pretrained={folder},dtype={dtype}", "--tasks", f"ocl_mmlu200_{mode}",
           "--include_path", str(lmeval_task_dir(mode, jsonl)), "--batch_size", "8", "--num_fewshot", "0",
           "--device", "cpu", "--output_path", str(out), "--log_samples"]
    return cmd, out


def run_lmeval(mode: str, folder: str, jsonl: Path, dtype: str = "float32") -> tuple[float, Path]:
    cmd, out = lmeval_command(mode, folder, jsonl, WORK / f"lmeval_out_{mode}_{dtype}", dtype)
    return timed(cmd, WORK / f"lmeval_{mode}_{dtype}.log"), out


def lmeval_picks(out: Path, mode: str) -> dict[tuple[str, int], int]:
    """(subject, index) -> option lm-eval picked, from its newest --log_samples file."""
    samples = sorted(out.rglob(f"samples_ocl_mmlu200_{mode}_*.jsonl"), key=lambda p: p.stat().st_mtime)[-1]
    picks = {}
    for line in samples.read_text(encoding="utf-8").splitlines():
        s = json.loads(line)
        doc = s["doc"]
        if mode != "gen":
            scores = [float(r[0]) for r in s["filtered_resps"]]
            picks[(doc["subject"], doc["index"])] = scores.index(max(scores))
        else:
            letter = s["filtered_resps"][0]
            picks[(doc["subject"], doc["index"])] = "ABCD".index(letter) if letter in "ABCD" and letter else -1
    return picks


def lmeval_texts(out: Path) -> dict[tuple[str, int], str]:
    """(subject, index) -> lm-eval's raw generated text (gen mode)."""
    samples = sorted(out.rglob("samples_ocl_mmlu200_gen_*.jsonl"), key=lambda p: p.stat().st_mtime)[-1]
    docs = [json.loads(line) for line in samples.read_text(encoding="utf-8").splitlines()]
    return {(s["doc"]["subject"], s["doc"]["index"]): s["resps"][0][0] for s in docs}


def gen_text_agreement(ours_work: Path, peer_out: Path) -> None:
    """Greedy texts must be identical; the letter picks may still differ, since lm-eval takes the first
    A-D anywhere in the reply and our first_option_postprocess follows OpenCompass's answer patterns."""
    ours, peer = ocl_texts(ours_work), lmeval_texts(peer_out)
    same = sum(ours[k] == peer[k] for k in peer)
    print(f"generated text identical: {same}/{len(peer)} = {100 * same / len(peer):.2f}% "
          "(the picks above differ only by each harness's answer extraction)")


def run_ocl(mode: str, folder: str) -> tuple[float, dict]:
    work = WORK / f"ocl_out_{mode}"
    config = write_config(WORK / "cfg" / f"parity_{mode}.py", *MODES[mode], folder)
    wall = timed(ocl_command(config, work), WORK / f"ocl_{mode}.log", cwd=HERE.parents[1])
    return wall, ocl_picks(work)


def report(mode: str, ours: dict, peer: dict, walls: dict[str, float]) -> dict:
    rows = questions()
    keys = [(r["subject"], r["index"]) for r in rows]
    answers = {(r["subject"], r["index"]): r["answer"] for r in rows}
    agree = sum(ours[k] == peer[k] for k in keys)
    acc = {name: 100 * sum(p[k] == answers[k] for k in keys) / len(keys) for name, p in
           (("opencompass_lite", ours), ("lm-eval", peer))}
    print(f"\nparity ({mode}, {len(keys)} MMLU questions from {', '.join(SUBJECTS)}; load avg {load_avg()})")
    print(f"{'harness':<18}{'accuracy':>10}{'wall s':>10}")
    for name in ("lm-eval", "opencompass_lite"):
        print(f"{name:<18}{acc[name]:>10.2f}{walls[name]:>10.1f}")
    print(f"agreement: {agree}/{len(keys)} = {100 * agree / len(keys):.2f}%   "
          f"wall ratio ours/lm-eval: {walls['opencompass_lite'] / walls['lm-eval']:.2f}")
    diffs = [k for k in keys if ours[k] != peer[k]]
    for k in diffs[:10]:
        print(f"  differs: {k[0]}#{k[1]} ours={ours[k]} lm-eval={peer[k]} answer={answers[k]}")
    return dict(mode=mode, n=len(keys), agreement=agree, accuracy=acc, wall=walls, load_avg=load_avg(),
                differs=[list(k) for k in diffs])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=tuple(MODES), default="ll")
    ap.add_argument("--skip-install", action="store_true", help="reuse the existing lm-eval venv")
    args = ap.parse_args()
    if not args.skip_install:
        install_lmeval()
    folder = model_dir()
    jsonl = write_jsonl(WORK / "mmlu200.jsonl")
    peer_wall, peer_out = run_lmeval(args.mode, folder, jsonl)
    our_wall, ours = run_ocl(args.mode, folder)
    result = report(args.mode, ours, lmeval_picks(peer_out, args.mode),
                    {"lm-eval": peer_wall, "opencompass_lite": our_wall})
    if args.mode == "gen":
        gen_text_agreement(WORK / "ocl_out_gen", peer_out)
    (WORK / f"parity_{args.mode}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
