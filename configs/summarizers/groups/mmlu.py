# MMLU summary groups, from the subject -> subcategory -> category tables of the original MMLU
# repository (hendrycks/test, categories.py). Our dataset abbrs are 'mmlu-<subject>'.
# 'mmlu' is the naive mean over the 57 subjects; 'mmlu-weighted' weights each subject by its n.
_subcategories = {
    'abstract_algebra': 'math', 'anatomy': 'health', 'astronomy': 'physics',
    'business_ethics': 'business', 'clinical_knowledge': 'health', 'college_biology': 'biology',
    'college_chemistry': 'chemistry', 'college_computer_science': 'computer science',
    'college_mathematics': 'math', 'college_medicine': 'health', 'college_physics': 'physics',
    'computer_security': 'computer science', 'conceptual_physics': 'physics', 'econometrics': 'economics',
    'electrical_engineering': 'engineering', 'elementary_mathematics': 'math', 'formal_logic': 'philosophy',
    'global_facts': 'other', 'high_school_biology': 'biology', 'high_school_chemistry': 'chemistry',
    'high_school_computer_science': 'computer science', 'high_school_european_history': 'history',
    'high_school_geography': 'geography', 'high_school_government_and_politics': 'politics',
    'high_school_macroeconomics': 'economics', 'high_school_mathematics': 'math',
    'high_school_microeconomics': 'economics', 'high_school_physics': 'physics',
    'high_school_psychology': 'psychology', 'high_school_statistics': 'math',
    'high_school_us_history': 'history', 'high_school_world_history': 'history', 'human_aging': 'health',
    'human_sexuality': 'culture', 'international_law': 'law', 'jurisprudence': 'law',
    'logical_fallacies': 'philosophy', 'machine_learning': 'computer science', 'management': 'business',
    'marketing': 'business', 'medical_genetics': 'health', 'miscellaneous': 'other',
    'moral_disputes': 'philosophy', 'moral_scenarios': 'philosophy', 'nutrition': 'health',
    'philosophy': 'philosophy', 'prehistory': 'history', 'professional_accounting': 'other',
    'professional_law': 'law', 'professional_medicine': 'health', 'professional_psychology': 'psychology',
    'public_relations': 'politics', 'security_studies': 'politics', 'sociology': 'culture',
    'us_foreign_policy': 'politics', 'virology': 'health', 'world_religions': 'philosophy',
}
_categories = {
    'mmlu-stem': ['physics', 'chemistry', 'biology', 'computer science', 'math', 'engineering'],
    'mmlu-humanities': ['history', 'philosophy', 'law'],
    'mmlu-social-science': ['politics', 'culture', 'economics', 'geography', 'psychology'],
    'mmlu-other': ['other', 'business', 'health'],
}

# every subject's dataset abbr, alphabetical as in the original repository
mmlu_subject_abbrs = [f'mmlu-{s}' for s in _subcategories]

mmlu_summary_groups = [
    *(dict(name=_group, subsets=[f'mmlu-{s}' for s, _sub in _subcategories.items() if _sub in _subs])
      for _group, _subs in _categories.items()),
    dict(name='mmlu', subsets=mmlu_subject_abbrs),
    dict(name='mmlu-weighted', subsets=mmlu_subject_abbrs, weighted=True),
]
