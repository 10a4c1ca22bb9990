# ARC-Easy, zero-shot perplexity: OpenCompass's ARC_e_ppl_a450bd prompt. Each label's dialogue is the
# question and that choice's text as the answer; the lowest average loss wins. Dev split, as OpenCompass.
from opencompass_lite.datasets import ARCDataset
from opencompass_lite.evaluate import AccEvaluator
from opencompass_lite.infer import PPLInferencer, PromptTemplate, ZeroRetriever

ARC_e_datasets = [
    dict(
        abbr='ARC-e',
        type=ARCDataset,
        path='data/ARC/ARC-e',
        name='ARC-Easy',
        reader_cfg=dict(
            input_columns=['question', 'textA', 'textB', 'textC', 'textD'],
            output_column='answerKey',
            train_split='Dev',
            test_split='Dev',
        ),
        infer_cfg=dict(
            prompt_template=dict(
                type=PromptTemplate,
                template={
                    _opt: dict(round=[
                        dict(role='HUMAN', prompt='Question: {question}\nAnswer: '),
                        dict(role='BOT', prompt=f'{{text{_opt}}}'),
                    ])
                    for _opt in ['A', 'B', 'C', 'D']
                },
            ),
            retriever=dict(type=ZeroRetriever),
            inferencer=dict(type=PPLInferencer),
        ),
        eval_cfg=dict(evaluator=dict(type=AccEvaluator)),
    )
]
