# Demo: 5 MMLU subjects (one or two per category), 0-shot generation, small enough for a CPU run
# of SmolLM2-135M (use --limit for a quicker look). Same prompt as mmlu_gen_0shot; abbrs match the
# full MMLU configs, and mmlu_demo_groups.py holds the summary groups for these subjects.
from opencompass_lite.datasets import MMLUDataset
from opencompass_lite.evaluate import AccEvaluator, first_option_postprocess
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

_subjects = ['abstract_algebra', 'college_physics', 'high_school_geography', 'marketing', 'world_religions']

mmlu_demo_datasets = []
for _name in _subjects:
    _hint = f'There is a single choice question about {_name.replace("_", " ")}. Answer the question by replying A, B, C or D.'
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
                    template=dict(
                        round=[
                            dict(
                                role='HUMAN',
                                prompt=f'{_hint}\nQuestion: {{input}}\nA. {{A}}\nB. {{B}}\nC. {{C}}\nD. {{D}}\nAnswer: ',
                            )
                        ]
                    ),
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

del _subjects, _name, _hint
