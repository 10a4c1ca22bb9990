# BIG-Bench Hard, 27 tasks, 3-shot chain of thought: OpenCompass's bbh_gen_5b92b0 prompt. The task's
# CoT examples come from data/BBH/lib_prompt/<task>.txt (the loader's 'cot_prompt' column). The answer
# is taken after 'answer is ': the option letter for multiple-choice tasks (targets like '(B)' are
# mapped the same way), the first line for free-form tasks. Generation stops at the next '\n\nQ:'.
from opencompass_lite.datasets import BBHDataset
from opencompass_lite.evaluate import AccEvaluator, bbh_freeform_postprocess, bbh_mcq_postprocess
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

bbh_multiple_choice_sets = [
    'temporal_sequences', 'disambiguation_qa', 'date_understanding', 'tracking_shuffled_objects_three_objects',
    'penguins_in_a_table', 'geometric_shapes', 'snarks', 'ruin_names', 'tracking_shuffled_objects_seven_objects',
    'tracking_shuffled_objects_five_objects', 'logical_deduction_three_objects', 'hyperbaton',
    'logical_deduction_five_objects', 'logical_deduction_seven_objects', 'movie_recommendation',
    'salient_translation_error_detection', 'reasoning_about_colored_objects',
]
bbh_free_form_sets = [
    'multistep_arithmetic_two', 'navigate', 'dyck_languages', 'word_sorting', 'sports_understanding',
    'boolean_expressions', 'object_counting', 'formal_fallacies', 'causal_judgement', 'web_of_lies',
]
_eval_cfgs = {
    **{n: dict(evaluator=dict(type=AccEvaluator), pred_postprocessor=dict(type=bbh_mcq_postprocess),
               dataset_postprocessor=dict(type=bbh_mcq_postprocess)) for n in bbh_multiple_choice_sets},
    **{n: dict(evaluator=dict(type=AccEvaluator), pred_postprocessor=dict(type=bbh_freeform_postprocess))
       for n in bbh_free_form_sets},
}

bbh_datasets = []
for _name, _eval_cfg in _eval_cfgs.items():
    bbh_datasets.append(
        dict(
            abbr=f'bbh-{_name}',
            type=BBHDataset,
            path='data/BBH',
            name=_name,
            reader_cfg=dict(input_columns=['input', 'cot_prompt'], output_column='target'),
            infer_cfg=dict(
                prompt_template=dict(
                    type=PromptTemplate,
                    template=dict(round=[dict(
                        role='HUMAN',
                        prompt="Follow the given examples and answer the question.\n{cot_prompt}\n\nQ: {input}\n"
                               "A: Let's think step by step.",
                    )]),
                ),
                retriever=dict(type=ZeroRetriever),
                inferencer=dict(type=GenInferencer, max_out_len=512, stop_words=['\n\nQ:']),
            ),
            eval_cfg=_eval_cfg,
        )
    )

del _name, _eval_cfg
