"""Parity with OpenCompass (PyPI ``opencompass``) in ppl mode on the same 200 MMLU questions.

    python benchmarks/parity/run_opencompass.py [--skip-install]

Creates ``/tmp/ocl-parity/venv-opencompass`` (``pip install opencompass torch==2.13.0
"pyarrow<21" "transformers<5"``: opencompass 0.5.4 pins numpy 1.26, which the newest pyarrow refuses,
and calls ``tokenizer.batch_encode_plus``, which transformers 5 removed), writes an
OpenCompass config with the mmlu_ppl prompt made 0-shot (``test_range='[0:40]'`` on the five workload subjects, our
``data/mmlu`` folder, SmolLM2 float32, batch 8), runs it and then opencompass_lite's ``ppl`` mode,
and prints agreement, both accuracies and both wall times. Results: ``/tmp/ocl-parity/parity_ppl_oc.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ocl_config import ocl_command, ocl_picks, write_config  # noqa: E402
from workload import PER_SUBJECT, REPO, SUBJECTS, WORK, load_avg, model_dir, questions, timed  # noqa: E402

VENV = WORK / "venv-opencompass"
_CONFIG = '''\
from opencompass.datasets import MMLUDataset
from opencompass.models import HuggingFaceBaseModel
from opencompass.openicl.icl_evaluator import AccEvaluator
from opencompass.openicl.icl_inferencer import PPLInferencer
from opencompass.openicl.icl_prompt_template import PromptTemplate
from opencompass.openicl.icl_retriever import ZeroRetriever

_q = '{{input}}\\nA. {{A}}\\nB. {{B}}\\nC. {{C}}\\nD. {{D}}'
datasets = [
    dict(abbr=f'mmlu-{{n}}', type=MMLUDataset, path={data!r}, name=n,
         reader_cfg=dict(input_columns=['input', 'A', 'B', 'C', 'D'], output_column='target',
                         train_split='dev', test_range='[0:{limit}]'),
         infer_cfg=dict(
             prompt_template=dict(type=PromptTemplate, template={{
                 o: f'The following are multiple choice questions (with answers) about  '
                    f'{{n.replace("_", " ")}}.\\n\\n' + _q + '\\nAnswer: ' + o for o in 'ABCD'}}),
             retriever=dict(type=ZeroRetriever), inferencer=dict(type=PPLInferencer)),
         eval_cfg=dict(evaluator=dict(type=AccEvaluator)))
    for n in {subjects!r}
]
models = [dict(type=HuggingFaceBaseModel, abbr='smollm2-135m', path={folder!r},
               model_kwargs=dict(torch_dtype='torch.float32'), max_seq_len=2048, max_out_len=16,
               batch_size=8, run_cfg=dict(num_gpus=0))]
'''


def _tf4_json(name: str, cfg: dict) -> dict:
    """transformers 4 reads neither the ``TokenizersBackend`` class nor ``rope_parameters``: without
    ``rope_theta`` it silently falls back to 10000 instead of SmolLM2's 100000 (a different model)."""
    if name == "tokenizer_config.json":
        return {**cfg, "tokenizer_class": "PreTrainedTokenizerFast"}
    rope = cfg.get("rope_parameters") or {}
    return {**cfg, "rope_theta": rope["rope_theta"]} if "rope_theta" in rope else cfg


def tf4_folder(folder: str) -> str:
    """The same model folder (weights symlinked) with the two JSON files transformers 4 misreads rewritten."""
    out = WORK / "smollm2-tf4"
    out.mkdir(parents=True, exist_ok=True)
    for src in Path(folder).iterdir():
        dst = out / src.name
        if src.name in ("tokenizer_config.json", "config.json"):
            dst.unlink(missing_ok=True)
            cfg = json.loads(src.read_text(encoding="utf-8"))
            dst.write_text(json.dumps(_tf4_json(src.name, cfg), indent=1), encoding="utf-8")
        elif not dst.exists():
            dst.symlink_to(src)
    return str(out)


def run_opencompass(folder: str) -> tuple[float, dict]:
    config = WORK / "cfg" / "oc_ppl.py"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(_CONFIG.format(data=str(REPO / "data" / "mmlu"), limit=PER_SUBJECT,
                                     subjects=list(SUBJECTS), folder=tf4_folder(folder)), encoding="utf-8")
    work = WORK / "oc_out_ppl"
    wall = timed([str(VENV / "bin" / "opencompass"), str(config), "-w", str(work)], WORK / "oc_ppl.log",
                 cwd=WORK)  # it writes tmp/<uuid>_params.py under its cwd
    run = sorted(p for p in work.iterdir() if p.is_dir())[-1]
    picks = {}
    for subject in SUBJECTS:
        preds = json.loads((run / "predictions" / "smollm2-135m" / f"mmlu-{subject}.json").read_text())
        for i, p in preds.items():
            picks[(subject, int(i))] = "ABCD".index(p["prediction"])
    return wall, picks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-install", action="store_true")
    args = ap.parse_args()
    if not args.skip_install:
        if not (VENV / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "opencompass", "torch==2.13.0",
                        "pyarrow<21", "transformers<5"], check=True)
    folder = model_dir()
    peer_wall, peer = run_opencompass(folder)
    config = write_config(WORK / "cfg" / "parity_ppl.py", "ppl", 0, folder)
    work = WORK / "ocl_out_ppl"
    our_wall = timed(ocl_command(config, work), WORK / "ocl_ppl.log", cwd=REPO)
    ours = ocl_picks(work)
    rows = questions()
    keys = [(r["subject"], r["index"]) for r in rows]
    answers = dict(zip(keys, (r["answer"] for r in rows), strict=True))
    agree = sum(ours[k] == peer[k] for k in keys)
    acc = {n: 100 * sum(p[k] == answers[k] for k in keys) / len(keys) for n, p in (("ours", ours), ("oc", peer))}
    print(f"\nparity (ppl vs OpenCompass {len(keys)} MMLU questions; load avg {load_avg()})")
    print(f"{'harness':<18}{'accuracy':>10}{'wall s':>10}")
    print(f"{'OpenCompass':<18}{acc['oc']:>10.2f}{peer_wall:>10.1f}")
    print(f"{'opencompass_lite':<18}{acc['ours']:>10.2f}{our_wall:>10.1f}")
    print(f"agreement: {agree}/{len(keys)} = {100 * agree / len(keys):.2f}%   "
          f"wall ratio ours/OpenCompass: {our_wall / peer_wall:.2f} (target <= 0.15)")
    result = dict(n=len(keys), agreement=agree, accuracy=acc, wall={"OpenCompass": peer_wall, "opencompass_lite": our_wall},
                  load_avg=load_avg(), differs=[list(k) for k in keys if ours[k] != peer[k]])
    (WORK / "parity_ppl_oc.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
