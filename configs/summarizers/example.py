# A compact overview across benchmarks: only the group rows ('-' for benchmarks not in the run).
from mmengine.config import read_base

with read_base():
    from .groups.ceval import ceval_summary_groups
    from .groups.mmlu import mmlu_summary_groups

summarizer = dict(
    dataset_abbrs=[
        'ceval', 'ceval-stem', 'ceval-social-science', 'ceval-humanities', 'ceval-other', 'ceval-hard',
        'mmlu', 'mmlu-weighted', 'mmlu-stem', 'mmlu-humanities', 'mmlu-social-science', 'mmlu-other',
    ],
    summary_groups=[*ceval_summary_groups, *mmlu_summary_groups],
)
