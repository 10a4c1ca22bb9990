# Summary groups for the demo subjects (mmlu_demo_gen / mmlu_demo_ppl). Categories follow
# OpenCompass's MMLU groups. `weighted=True` weights each subject by its number of scored samples
# (taken from the results), so it differs from the naive mean when subjects differ in size.
_stem = ['abstract_algebra', 'college_physics']
_all = [*_stem, 'high_school_geography', 'marketing', 'world_religions']

mmlu_demo_summary_groups = [
    dict(name='mmlu-demo-stem', subsets=[f'mmlu-{s}' for s in _stem]),
    dict(name='mmlu-demo', subsets=[f'mmlu-{s}' for s in _all]),
    dict(name='mmlu-demo-weighted', subsets=[f'mmlu-{s}' for s in _all], weighted=True),
]

del _stem, _all
