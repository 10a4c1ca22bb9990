# HellaSwag, zero-shot perplexity: OpenCompass's hellaswag_ppl_47bff9 prompt. Each label's dialogue is
# the context followed by that ending; the lowest average loss wins.
from opencompass_lite.datasets import HellaswagDataset
from opencompass_lite.evaluate import AccEvaluator
from opencompass_lite.infer import PPLInferencer, PromptTemplate, ZeroRetriever

hellaswag_datasets = [
    dict(
        abbr='hellaswag',
        type=HellaswagDataset,
        path='data/hellaswag',
        reader_cfg=dict(
            input_columns=['ctx', 'A', 'B', 'C', 'D'],
            output_column='label',
            train_split='validation',
            test_split='validation',
        ),
        infer_cfg=dict(
            prompt_template=dict(
                type=PromptTemplate,
                template={
                    _opt: dict(round=[dict(role='HUMAN', prompt='{ctx}'), dict(role='BOT', prompt=f'{{{_opt}}}')])
                    for _opt in ['A', 'B', 'C', 'D']
                },
            ),
            retriever=dict(type=ZeroRetriever),
            inferencer=dict(type=PPLInferencer),
        ),
        eval_cfg=dict(evaluator=dict(type=AccEvaluator)),
    )
]
