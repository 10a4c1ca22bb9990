# CMMLU summary groups, from OpenCompass's subject -> subcategories and category tables (as in the
# CMMLU repository). A subject may be in two groups (e.g. 'chinese_history': history and China specific).
# All groups are naive means over their subjects' accuracies.
_subcategories = {
    'agronomy': ['other'], 'anatomy': ['biology'], 'ancient_chinese': ['linguistics', 'china specific'],
    'arts': ['arts'], 'astronomy': ['physics'], 'business_ethics': ['business'],
    'chinese_civil_service_exam': ['politics', 'china specific'], 'chinese_driving_rule': ['other', 'china specific'],
    'chinese_food_culture': ['culture', 'china specific'], 'chinese_foreign_policy': ['politics', 'china specific'],
    'chinese_history': ['history', 'china specific'], 'chinese_literature': ['literature', 'china specific'],
    'chinese_teacher_qualification': ['education', 'china specific'], 'college_actuarial_science': ['math'],
    'college_education': ['education'], 'college_engineering_hydrology': ['engineering'], 'college_law': ['law'],
    'college_mathematics': ['math'], 'college_medical_statistics': ['statistics'], 'clinical_knowledge': ['other'],
    'college_medicine': ['other'], 'computer_science': ['computer science'], 'computer_security': ['other'],
    'conceptual_physics': ['physics'], 'construction_project_management': ['other', 'china specific'],
    'economics': ['economics'], 'education': ['education'], 'elementary_chinese': ['linguistics', 'china specific'],
    'elementary_commonsense': ['other', 'china specific'], 'elementary_information_and_technology': ['other'],
    'electrical_engineering': ['engineering'], 'elementary_mathematics': ['math'],
    'ethnology': ['culture', 'china specific'], 'food_science': ['other'], 'genetics': ['biology'],
    'global_facts': ['global'], 'high_school_biology': ['biology'], 'high_school_chemistry': ['chemistry'],
    'high_school_geography': ['geography'], 'high_school_mathematics': ['math'], 'high_school_physics': ['physics'],
    'high_school_politics': ['politics', 'china specific'], 'human_sexuality': ['other'], 'international_law': ['law'],
    'journalism': ['sociology'], 'jurisprudence': ['law'], 'legal_and_moral_basis': ['other'],
    'logical': ['philosophy'], 'machine_learning': ['computer science'], 'management': ['business'],
    'marketing': ['business'], 'marxist_theory': ['philosophy'], 'modern_chinese': ['linguistics', 'china specific'],
    'nutrition': ['other'], 'philosophy': ['philosophy'], 'professional_accounting': ['business'],
    'professional_law': ['law'], 'professional_medicine': ['other'], 'professional_psychology': ['psychology'],
    'public_relations': ['politics'], 'security_study': ['politics'], 'sociology': ['culture'],
    'sports_science': ['other'], 'traditional_chinese_medicine': ['other', 'china specific'],
    'virology': ['biology'], 'world_history': ['history'], 'world_religions': ['global'],
}
_categories = {
    'cmmlu-humanities': ['history', 'philosophy', 'law', 'arts', 'literature', 'global'],
    'cmmlu-stem': ['physics', 'chemistry', 'biology', 'computer science', 'math', 'engineering', 'statistics'],
    'cmmlu-social-science': ['linguistics', 'business', 'politics', 'culture', 'economics', 'geography',
                             'psychology', 'education', 'sociology'],
    'cmmlu-other': ['other'],
    'cmmlu-china-specific': ['china specific'],
}

# every subject's dataset abbr, in the table's order
cmmlu_subject_abbrs = [f'cmmlu-{s}' for s in _subcategories]

cmmlu_summary_groups = [
    *(dict(name=_group, subsets=[f'cmmlu-{s}' for s, _subs in _subcategories.items() if set(_subs) & set(_cats)])
      for _group, _cats in _categories.items()),
    dict(name='cmmlu', subsets=cmmlu_subject_abbrs),
]
