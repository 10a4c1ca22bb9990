# C-Eval: the 52 subject rows, then the group rows.
from mmengine.config import read_base

with read_base():
    from .groups.ceval import ceval_subject_abbrs, ceval_summary_groups

summarizer = dict(
    dataset_abbrs=[
        *ceval_subject_abbrs,
        'ceval-stem', 'ceval-social-science', 'ceval-humanities', 'ceval-other', 'ceval-hard', 'ceval',
    ],
    summary_groups=ceval_summary_groups,
)
