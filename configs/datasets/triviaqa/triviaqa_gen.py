# TriviaQA, zero-shot generation on the dev split: OpenCompass's triviaqa_gen_2121ce prompt. OpenCompass
# opens the BOT turn with 'A:'; here '\nA:' ends the HUMAN turn (the same text for base models). The
# short answer (first line, after 'The answer is') is scored against every alias: exact match, token F1,
# and OpenCompass's 'score' (an alias contained in the answer).
from opencompass_lite.datasets import TriviaQADataset
from opencompass_lite.evaluate import TriviaQAEvaluator
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

triviaqa_datasets = [
    dict(
        abbr='triviaqa',
        type=TriviaQADataset,
        path='data/triviaqa',
        reader_cfg=dict(input_columns=['question'], output_column='answer', train_split='dev', test_split='dev'),
        infer_cfg=dict(
            prompt_template=dict(
                type=PromptTemplate,
                template=dict(round=[dict(
                    role='HUMAN',
                    prompt="Answer these questions, your answer should be as simple as possible, start your answer "
                           "with the prompt 'The answer is '.\nQ: {question}?\nA:",
                )]),
            ),
            retriever=dict(type=ZeroRetriever),
            inferencer=dict(type=GenInferencer, max_out_len=50),
        ),
        eval_cfg=dict(evaluator=dict(type=TriviaQAEvaluator)),
    )
]
