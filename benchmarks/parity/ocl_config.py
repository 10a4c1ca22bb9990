"""Write an opencompass_lite experiment config for the benchmark workload (one mode, 0- or 5-shot).

Prompts are the repo's MMLU configs made 0-shot where asked: ``ll`` = mmlu_ll (lm-eval's prompt,
" A".." D" scored), ``ppl`` = mmlu_ppl (OpenCompass's), ``gen`` = mmlu_gen_0shot. The model is the
plain-text (base-style) SmolLM2 in float32 (or the dtype asked for) with batch size 8, loaded from the converted folder.
"""

from __future__ import annotations

from pathlib import Path

from workload import PER_SUBJECT, REPO, SUBJECTS

_TEMPLATE = '''\
from opencompass_lite.datasets import MMLUDataset
from opencompass_lite.evaluate import AccEvaluator, first_option_postprocess
from opencompass_lite.infer import (FixKRetriever, GenInferencer, LLInferencer, PPLInferencer,
                                    PromptTemplate, ZeroRetriever)

MODE, SHOTS, FOLDER, DTYPE = {mode!r}, {shots!r}, {folder!r}, {dtype!r}
_q = '{{input}}\\nA. {{A}}\\nB. {{B}}\\nC. {{C}}\\nD. {{D}}'


def _infer(name):
    about = name.replace('_', ' ')
    shots = dict(retriever=dict(type=FixKRetriever, fix_id_list=list(range(SHOTS)))) if SHOTS else dict(
        retriever=dict(type=ZeroRetriever))
    if MODE == 'll':
        hint = f'The following are multiple choice questions (with answers) about {{about}}.\\n\\n'
        ice = dict(type=PromptTemplate, template=dict(round=[
            dict(role='HUMAN', prompt=_q + '\\nAnswer:'), dict(role='BOT', prompt=' {{target}}\\n')]))
        tpl = {{o: dict(begin=hint + '</E>', round=[dict(role='HUMAN', prompt=_q + '\\nAnswer:'),
                                                    dict(role='BOT', prompt=' ' + o)]) for o in 'ABCD'}}
        return dict(ice_template=ice, prompt_template=dict(type=PromptTemplate, template=tpl, ice_token='</E>'),
                    inferencer=dict(type=LLInferencer), **shots)
    if MODE == 'ppl':
        hint = f'The following are multiple choice questions (with answers) about  {{about}}.\\n\\n'
        ice = dict(type=PromptTemplate, template={{o: _q + '\\nAnswer: ' + o + '\\n' for o in 'ABCD'}})
        tpl = {{o: hint + '</E>' + _q + '\\nAnswer: ' + o for o in 'ABCD'}}
        return dict(ice_template=ice, prompt_template=dict(type=PromptTemplate, template=tpl, ice_token='</E>'),
                    inferencer=dict(type=PPLInferencer), **shots)
    hint = f'There is a single choice question about {{about}}. Answer the question by replying A, B, C or D.'
    tpl = dict(round=[dict(role='HUMAN', prompt=hint + '\\nQuestion: ' + _q + '\\nAnswer: ')])
    return dict(prompt_template=dict(type=PromptTemplate, template=tpl), inferencer=dict(type=GenInferencer),
                **shots)


def _eval():
    if MODE == 'gen':
        return dict(evaluator=dict(type=AccEvaluator),
                    pred_postprocessor=dict(type=first_option_postprocess, options='ABCD'))
    return dict(evaluator=dict(type=AccEvaluator))


datasets = [
    dict(abbr=f'mmlu-{{n}}', type=MMLUDataset, path={data!r}, name=n,
         reader_cfg=dict(input_columns=['input', 'A', 'B', 'C', 'D'], output_column='target',
                         train_split='dev', test_split='test'),
         infer_cfg=_infer(n), eval_cfg=_eval())
    for n in {subjects!r}
]
models = [dict(type='HuggingFaceBaseModel', abbr='smollm2-135m', path=FOLDER, tokenizer_path=FOLDER,
               model_kwargs=dict(torch_dtype=DTYPE),
               tokenizer_kwargs=dict(padding_side='left', truncation_side='left'),
               max_seq_len=2048, max_out_len=16, batch_size=8, run_cfg=dict(num_gpus=0))]
limit = {limit!r}
'''


def write_config(path: Path, mode: str, shots: int, folder: str, dtype: str = "float32") -> Path:
    """Write the config for ``mode`` (ll | ppl | gen) with ``shots`` FixK dev examples, the model in ``dtype``."""
    text = _TEMPLATE.format(mode=mode, shots=shots, folder=folder, dtype=dtype, data=str(REPO / "data" / "mmlu"),
                            subjects=list(SUBJECTS), limit=PER_SUBJECT)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def ocl_command(config: Path, work_dir: Path) -> list[str]:
    import sys

    return [sys.executable, str(REPO / "run.py"), str(config), "-w", str(work_dir)]


def ocl_picks(work_dir: Path) -> dict[tuple[str, int], int]:
    """(subject, index) -> picked option (0-3) from the newest run's results files."""
    import json

    run = sorted(p for p in work_dir.iterdir() if p.is_dir())[-1]
    picks = {}
    for subject in SUBJECTS:
        res = json.loads((run / "results" / "smollm2-135m" / f"mmlu-{subject}.json").read_text())
        for d in res["details"]:
            picks[(subject, d["index"])] = "ABCD".index(d["pred"]) if d["pred"] in ("A", "B", "C", "D") else -1
    return picks


def ocl_texts(work_dir: Path) -> dict[tuple[str, int], str]:
    """(subject, index) -> raw prediction (the generated text in gen mode) from the newest run."""
    import json

    run = sorted(p for p in work_dir.iterdir() if p.is_dir())[-1]
    texts = {}
    for subject in SUBJECTS:
        lines = (run / "predictions" / "smollm2-135m" / f"mmlu-{subject}.jsonl").read_text(encoding="utf-8")
        texts.update({(subject, r["index"]): r["prediction"] for r in map(json.loads, lines.splitlines()[1:])})
    return texts
