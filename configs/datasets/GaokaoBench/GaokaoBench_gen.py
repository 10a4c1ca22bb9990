# GAOKAO-Bench, the 14 multiple-choice subsets, zero-shot generation: OpenCompass's
# GaokaoBench_no_subjective_gen_4c31db prompts (the model reasons in 【解析】...<eoe> and answers in
# 【答案】...<eoa>). Each subset is scored by its question type with GaokaoBenchEvaluator: the last
# letter (single choice), all letters (multiple answers, partial credit), one letter per sub-question.
from opencompass_lite.datasets import GaokaoBenchDataset
from opencompass_lite.evaluate import GaokaoBenchEvaluator
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

_single = ('请你做一道{}选择题\n请你一步一步思考并将思考过程写在【解析】和<eoe>之间。你将从A，B，C，D中选出正确的答案，'
           '并写在【答案】和<eoa>之间。\n例如：【答案】: A <eoa>\n完整的题目回答的格式如下：\n【解析】 ... <eoe>\n【答案】 ... <eoa>\n'
           '请你严格按照上述格式作答。\n题目如下：')
_reading = ('请你做一道{}。\n请你一步一步思考。每一题你将从A，B，C，D中选出正确的答案，并写在【答案】和<eoa>之间。\n'
            '例如：（1）【答案】 A <eoa>\n（2）【答案】 B <eoa>\n请你严格按照上述格式作答。\n')
GaokaoBench_mcq_prompts = [
    dict(type='single_choice', keyword='2010-2022_Math_II_MCQs', prefix_prompt=_single.format('数学')),
    dict(type='single_choice', keyword='2010-2022_Math_I_MCQs', prefix_prompt=_single.format('数学')),
    dict(type='single_choice', keyword='2010-2022_History_MCQs', prefix_prompt=_single.format('历史')),
    dict(type='single_choice', keyword='2010-2022_Biology_MCQs', prefix_prompt=_single.format('生物')),
    dict(type='single_choice', keyword='2010-2022_Political_Science_MCQs', prefix_prompt=_single.format('政治')),
    dict(type='multi_choice', keyword='2010-2022_Physics_MCQs',
         prefix_prompt='请你做一道物理选择题。\n请你一步一步思考并将思考过程写在【解析】和<eoe>之间。你将从A，B，C，D中选出所有符合题意的答案，'
                       '并写在【答案】和<eoa>之间。\n例如：【答案】 AB <eoa>\n完整的题目回答的格式如下：\n【解析】 ... <eoe>\n'
                       '【答案】... <eoa>\n请你严格按照上述格式作答。\n'),
    dict(type='single_choice', keyword='2010-2022_Chemistry_MCQs', prefix_prompt=_single.format('化学')),
    dict(type='single_choice', keyword='2010-2013_English_MCQs', prefix_prompt=_single.format('英语')),
    dict(type='multi_question_choice', keyword='2010-2022_Chinese_Modern_Lit',
         prefix_prompt=_reading.format('语文阅读理解题，其中包含三个小题')),
    dict(type='multi_question_choice', keyword='2010-2022_English_Fill_in_Blanks',
         prefix_prompt=_reading.format('英语完形填空题,其中包含二十个小题')),
    dict(type='five_out_of_seven', keyword='2012-2022_English_Cloze_Test',
         prefix_prompt='请回答下面的问题，将符合题意的五个选项的字母写在【答案】和<eoa>之间，例如“【答案】 A B C D E <eoa>\n'
                       '请严格按照上述格式作答。\n'),
    dict(type='multi_question_choice', keyword='2010-2022_Geography_MCQs',
         prefix_prompt=_reading.format('地理选择题，其中包含两到三个小题')),
    dict(type='multi_question_choice', keyword='2010-2022_English_Reading_Comp',
         prefix_prompt=_reading.format('英语阅读理解题，其中包含三到五个小题')),
    dict(type='multi_question_choice', keyword='2010-2022_Chinese_Lang_and_Usage_MCQs',
         prefix_prompt='请你做一道语文选择题\n请你一步一步思考并将思考过程写在【解析】和<eoe>之间。你将从A，B，C，D中选出正确的答案，'
                       '并写在【答案】和<eoa>之间。\n例如：【答案】: A <eoa>\n完整的题目回答的格式如下：\n（1）【解析】 ... <eoe>\n'
                       '【答案】 ... <eoa>\n（2）【解析】 ... <eoe>\n【答案】 ... <eoa>\n请你严格按照上述格式作答。如果不止一道题，请分别作答\n'
                       '题目如下：'),
]

GaokaoBench_datasets = []
for _p in GaokaoBench_mcq_prompts:
    GaokaoBench_datasets.append(
        dict(
            abbr=f"GaokaoBench_{_p['keyword']}",
            type=GaokaoBenchDataset,
            path='data/GAOKAO-BENCH/data',
            name=_p['keyword'],
            reader_cfg=dict(input_columns=['question'], output_column='answer'),
            infer_cfg=dict(
                prompt_template=dict(
                    type=PromptTemplate,
                    template=dict(round=[dict(role='HUMAN', prompt=_p['prefix_prompt'] + '{question}')]),
                ),
                retriever=dict(type=ZeroRetriever),
                inferencer=dict(type=GenInferencer, max_out_len=1024),
            ),
            eval_cfg=dict(evaluator=dict(type=GaokaoBenchEvaluator, question_type=_p['type'])),
        )
    )

del _p, _single, _reading
