# AGIEval (v1), zero-shot generation: OpenCompass's agieval_gen_617738 prompts. Each subset's intro
# line, then the question (passage included) and its options, then '答案是： ' / 'The answer is '.
# Single-answer subsets: the first option letter A-E of the reply; multi-answer subsets (gaokao-physics,
# jec-qa-*): the first run of letters A-D, compared with the joined gold letters; cloze subsets
# (gaokao-mathcloze, math): the answer compared after LaTeX normalisation.
from opencompass_lite.datasets import AGIEvalDataset
from opencompass_lite.evaluate import (AccEvaluator, MATHEvaluator, first_capital_postprocess_multi,
                                       first_option_postprocess, math_postprocess)
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

agieval_single_choice_sets = [
    'gaokao-chinese', 'gaokao-english', 'gaokao-geography', 'gaokao-history', 'gaokao-biology', 'gaokao-chemistry',
    'gaokao-mathqa', 'logiqa-zh', 'lsat-ar', 'lsat-lr', 'lsat-rc', 'logiqa-en', 'sat-math', 'sat-en',
    'sat-en-without-passage', 'aqua-rat',
]
agieval_multiple_choices_sets = ['gaokao-physics', 'jec-qa-kd', 'jec-qa-ca']
agieval_cloze_sets = ['gaokao-mathcloze', 'math']
agieval_chinese_sets = [
    'gaokao-chinese', 'gaokao-english', 'gaokao-geography', 'gaokao-history', 'gaokao-biology', 'gaokao-chemistry',
    'gaokao-physics', 'gaokao-mathqa', 'logiqa-zh', 'gaokao-mathcloze', 'jec-qa-kd', 'jec-qa-ca',
]
_intros = {
    'gaokao-chinese': '以下是一道中国高考语文选择题，请选择正确的答案。',
    'gaokao-english': '以下是一道中国高考英语选择题，请选择正确的答案。',
    'gaokao-geography': '以下是一道中国高考地理选择题，请选择正确的答案。',
    'gaokao-history': '以下是一道中国高考历史选择题，请选择正确的答案。',
    'gaokao-biology': '以下是一道中国高考生物选择题，请选择正确的答案。',
    'gaokao-chemistry': '以下是一道中国高考化学选择题，请选择正确的答案。',
    'gaokao-physics': '以下是一道中国高考物理选择题，请选择正确的答案。',
    'gaokao-mathqa': '以下是一道中国高考数学选择题，请选择正确的答案。',
    'logiqa-zh': '以下是一道中国公务员考试题，请选择正确的答案。',
    'lsat-ar': 'The following is a LSAT Analytical Reasoning question. Please select the correct answer.',
    'lsat-lr': 'The following is a LSAT Logical Reasoning question. Please select the correct answer.',
    'lsat-rc': 'The following is a LSAT Reading Comprehension question. Please select the correct answer.',
    'logiqa-en': 'The following is a Logic Reasoning question. Please select the correct answer.',
    'sat-math': 'The following is a SAT Math question. Please select the correct answer.',
    'sat-en': 'The following is a SAT English question. Please select the correct answer.',
    'sat-en-without-passage': 'The following is a SAT English question. Please select the correct answer.',
    'aqua-rat': 'The following is a AQUA-RAT question. Please select the correct answer.',
    'jec-qa-kd': '以下是一道中国司法考试基础知识题，请选择正确的答案。',
    'jec-qa-ca': '以下是一道中国司法考试案例分析题，请选择正确的答案。',
    'gaokao-mathcloze': '以下是一道中国高考数学填空题，请填入正确的答案。',
    'math': 'The following is a Math question. Please select the correct answer.',
}
_eval_cfgs = {
    **{n: dict(evaluator=dict(type=AccEvaluator), pred_postprocessor=dict(type=first_option_postprocess, options='ABCDE'))
       for n in agieval_single_choice_sets},
    **{n: dict(evaluator=dict(type=AccEvaluator), pred_postprocessor=dict(type=first_capital_postprocess_multi))
       for n in agieval_multiple_choices_sets},
    **{n: dict(evaluator=dict(type=MATHEvaluator), pred_postprocessor=dict(type=math_postprocess))
       for n in agieval_cloze_sets},
}

agieval_datasets = []
for _name, _eval_cfg in _eval_cfgs.items():
    _hint = '答案是： ' if _name in agieval_chinese_sets else 'The answer is '
    _options = '' if _name in agieval_cloze_sets else '{options}\n'
    agieval_datasets.append(
        dict(
            abbr=f'agieval-{_name}',
            type=AGIEvalDataset,
            path='data/AGIEval/data/v1',
            name=_name,
            setting_name='zero-shot',
            reader_cfg=dict(input_columns=['question', 'options'], output_column='label'),
            infer_cfg=dict(
                prompt_template=dict(
                    type=PromptTemplate,
                    template=dict(round=[dict(role='HUMAN', prompt=f'{_intros[_name]}\n{{question}}\n{_options}{_hint}')]),
                ),
                retriever=dict(type=ZeroRetriever),
                inferencer=dict(type=GenInferencer, max_out_len=1024),
            ),
            eval_cfg=_eval_cfg,
        )
    )

del _name, _eval_cfg, _hint, _options
