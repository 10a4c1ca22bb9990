# Demo: the 5 MMLU subjects of mmlu_demo_gen, 0-shot perplexity with the mmlu_ppl_ac766d prompt
# (no in-context examples, so each of the 4 label prompts is short enough for a CPU run).
from opencompass_lite.datasets import MMLUDataset
from opencompass_lite.evaluate import AccEvaluator
from opencompass_lite.infer import PPLInferencer, PromptTemplate, ZeroRetriever

_subjects = ['abstract_algebra', 'college_physics', 'high_school_geography', 'marketing', 'world_religions']

mmlu_demo_datasets = []
for _name in _subjects:
    _hint = f'The following are multiple choice questions (with answers) about  {_name.replace("_", " ")}.\n\n'
    _question = '{input}\nA. {A}\nB. {B}\nC. {C}\nD. {D}'
    mmlu_demo_datasets.append(
        dict(
            abbr=f'mmlu-{_name}',
            type=MMLUDataset,
            path='data/mmlu',
            name=_name,
            reader_cfg=dict(
                input_columns=['input', 'A', 'B', 'C', 'D'],
                output_column='target',
                train_split='dev',
                test_split='test',
            ),
            infer_cfg=dict(
                prompt_template=dict(
                    type=PromptTemplate,
                    template={_opt: f'{_hint}{_question}\nAnswer: {_opt}' for _opt in ['A', 'B', 'C', 'D']},
                ),
                retriever=dict(type=ZeroRetriever),
                inferencer=dict(type=PPLInferencer),
            ),
            eval_cfg=dict(evaluator=dict(type=AccEvaluator)),
        )
    )

del _subjects, _name, _hint, _question
