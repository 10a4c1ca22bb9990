# HellaSwag, zero-shot generation: OpenCompass's hellaswag_gen_6faab5 prompt on the 10,042 validation
# rows; the first option letter of the reply is compared with the gold ending's letter.
from opencompass_lite.datasets import HellaswagDataset
from opencompass_lite.evaluate import AccEvaluator, first_option_postprocess
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

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
                template=dict(round=[dict(
                    role='HUMAN',
                    prompt="{ctx}\nQuestion: Which ending makes the most sense?\nA. {A}\nB. {B}\nC. {C}\nD. {D}\n"
                           "You may choose from 'A', 'B', 'C', 'D'.\nAnswer:",
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
