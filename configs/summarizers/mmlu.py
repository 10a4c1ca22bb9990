# MMLU: the 57 subject rows, then the group rows.
from mmengine.config import read_base

with read_base():
    from .groups.mmlu import mmlu_subject_abbrs, mmlu_summary_groups

summarizer = dict(
    dataset_abbrs=[
        *mmlu_subject_abbrs,
        'mmlu-stem', 'mmlu-humanities', 'mmlu-social-science', 'mmlu-other', 'mmlu', 'mmlu-weighted',
    ],
    summary_groups=mmlu_summary_groups,
)
