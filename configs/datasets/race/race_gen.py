# RACE (middle and high school), zero-shot generation: OpenCompass's race_gen_69ee4f prompt on the test
# split; the first option letter of the reply is compared with the answer.
from opencompass_lite.datasets import RaceDataset
from opencompass_lite.evaluate import AccEvaluator, first_option_postprocess
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

race_datasets = []
for _level in ['middle', 'high']:
    race_datasets.append(
        dict(
            abbr=f'race-{_level}',
            type=RaceDataset,
            path='data/race',
            name=_level,
            reader_cfg=dict(
                input_columns=['article', 'question', 'A', 'B', 'C', 'D'],
                output_column='answer',
                train_split='validation',
                test_split='test',
            ),
            infer_cfg=dict(
                prompt_template=dict(
                    type=PromptTemplate,
                    template=dict(round=[dict(
                        role='HUMAN',
                        prompt='Read the article, and answer the question by replying A, B, C or D.\n\n'
                               'Article:\n{article}\n\nQ: {question}\n\nA. {A}\nB. {B}\nC. {C}\nD. {D}',
                    )]),
                ),
                retriever=dict(type=ZeroRetriever),
                inferencer=dict(type=GenInferencer),
            ),
            eval_cfg=dict(
                evaluator=dict(type=AccEvaluator),
                pred_postprocessor=dict(type=first_option_postprocess, options='ABCD'),
            ),
        )
    )

del _level
