# C-Eval summary groups, built from C-Eval's official subject table (subject -> [English name,
# Chinese name, category]) that sits next to this file.
import inspect
import json
import pathlib

# mmengine leaves __file__ undefined when it loads this file on its own, but always compiles it under
# its real path, so the code object knows where the file (and the subject table beside it) lives.
# (No `with` blocks here: mmengine allows only `with read_base()` in configs.)
_here = pathlib.Path(inspect.currentframe().f_code.co_filename).parent
_subjects = json.loads((_here / 'ceval_subject_mapping.json').read_text(encoding='utf-8'))
_category_groups = {
    'STEM': 'ceval-stem',
    'Social Science': 'ceval-social-science',
    'Humanities': 'ceval-humanities',
    'Other': 'ceval-other',
}
_hard = [
    'advanced_mathematics', 'discrete_mathematics', 'probability_and_statistics', 'college_chemistry',
    'college_physics', 'high_school_mathematics', 'high_school_chemistry', 'high_school_physics',
]

# every subject's dataset abbr, in the official table's order
ceval_subject_abbrs = [f'ceval-{s}' for s in _subjects]

ceval_summary_groups = [
    *(dict(name=_group, subsets=[f'ceval-{s}' for s, (_en, _zh, _cat) in _subjects.items() if _cat == _category])
      for _category, _group in _category_groups.items()),
    dict(name='ceval-hard', subsets=[f'ceval-{s}' for s in _hard]),
    dict(name='ceval', subsets=ceval_subject_abbrs),
]
