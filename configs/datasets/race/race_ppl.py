# RACE (middle and high school), zero-shot perplexity: OpenCompass's race_ppl_a138cd prompt. Each label's
# dialogue ends with the BOT turn 'A: <label>'; the lowest average loss wins. Test split.
from opencompass_lite.datasets import RaceDataset
from opencompass_lite.evaluate import AccEvaluator
from opencompass_lite.infer import PPLInferencer, PromptTemplate, ZeroRetriever

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
                    template={
                        _ans: dict(round=[
                            dict(role='HUMAN',
                                 prompt='Read the article, and answer the question by replying A, B, C or D.\n\n'
                                        'Article:\n{article}\n\nQ: {question}\n\nA. {A}\nB. {B}\nC. {C}\nD. {D}'),
                            dict(role='BOT', prompt=f'A: {_ans}'),
                        ])
                        for _ans in ['A', 'B', 'C', 'D']
                    },
                ),
                retriever=dict(type=ZeroRetriever),
                inferencer=dict(type=PPLInferencer),
            ),
            eval_cfg=dict(evaluator=dict(type=AccEvaluator)),
        )
    )

del _level
