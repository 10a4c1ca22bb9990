# BBH summary group as OpenCompass defines it: the naive mean over the 27 tasks (multiple-choice first).
_bbh_tasks = [
    'temporal_sequences', 'disambiguation_qa', 'date_understanding', 'tracking_shuffled_objects_three_objects',
    'penguins_in_a_table', 'geometric_shapes', 'snarks', 'ruin_names', 'tracking_shuffled_objects_seven_objects',
    'tracking_shuffled_objects_five_objects', 'logical_deduction_three_objects', 'hyperbaton',
    'logical_deduction_five_objects', 'logical_deduction_seven_objects', 'movie_recommendation',
    'salient_translation_error_detection', 'reasoning_about_colored_objects', 'multistep_arithmetic_two', 'navigate',
    'dyck_languages', 'word_sorting', 'sports_understanding', 'boolean_expressions', 'object_counting',
    'formal_fallacies', 'causal_judgement', 'web_of_lies',
]

bbh_summary_groups = [dict(name='bbh', subsets=[f'bbh-{t}' for t in _bbh_tasks])]
