# ARC-Easy, zero-shot generation: OpenCompass's ARC_e_gen_1e0de5 prompt, scored on the Dev split (as
# OpenCompass); the first option letter of the reply is compared with the answer key.
from opencompass_lite.datasets import ARCDataset
from opencompass_lite.evaluate import AccEvaluator, first_option_postprocess
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

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
                template=dict(round=[dict(
                    role='HUMAN', prompt='Question: {question}\nA. {textA}\nB. {textB}\nC. {textC}\nD. {textD}\nAnswer:',
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
]
