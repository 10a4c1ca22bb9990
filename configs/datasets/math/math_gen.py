# MATH, 4-shot: OpenCompass's math_gen_265cce prompt (the Minerva exemplars, each ending "Final Answer:
# The final answer is $X$. I hope it is correct."). The last \boxed{} (else the stated final answer) of
# the reply is compared with the reference's boxed answer after LaTeX normalisation. Generation stops
# before a next 'Problem:' that base models tend to invent.
from opencompass_lite.datasets import MATHDataset
from opencompass_lite.evaluate import MATHEvaluator, math_postprocess
from opencompass_lite.infer import GenInferencer, PromptTemplate, ZeroRetriever

_shots = [
    ('Find the domain of the expression $\\frac{\\sqrt{x-2}}{\\sqrt{5-x}}$.}',
     'The expressions inside each square root must be non-negative. Therefore, $x-2 \\ge 0$, so $x\\ge2$, and '
     '$5 - x \\ge 0$, so $x \\le 5$. Also, the denominator cannot be equal to zero, so $5-x>0$, which gives $x<5$. '
     'Therefore, the domain of the expression is $\\boxed{[2,5)}$.\nFinal Answer: The final answer is $[2,5)$. '
     'I hope it is correct.\n'),
    ('If $\\det \\mathbf{A} = 2$ and $\\det \\mathbf{B} = 12,$ then find $\\det (\\mathbf{A} \\mathbf{B}).$',
     'We have that $\\det (\\mathbf{A} \\mathbf{B}) = (\\det \\mathbf{A})(\\det \\mathbf{B}) = (2)(12) = '
     '\\boxed{24}.$\nFinal Answer: The final answer is $24$. I hope it is correct.\n'),
    ('Terrell usually lifts two 20-pound weights 12 times. If he uses two 15-pound weights instead, how many times '
     'must Terrell lift them in order to lift the same total weight?',
     'If Terrell lifts two 20-pound weights 12 times, he lifts a total of $2\\cdot 12\\cdot20=480$ pounds of weight. '
     'If he lifts two 15-pound weights instead for $n$ times, he will lift a total of $2\\cdot15\\cdot n=30n$ pounds '
     'of weight. Equating this to 480 pounds, we can solve for $n$: \\begin{align*} 30n&=480\\\\ \\Rightarrow\\qquad '
     'n&=480/30=\\boxed{16} \\end{align*}\nFinal Answer: The final answer is $16$. I hope it is correct.\n'),
    ('If the system of equations: \\begin{align*} 6x-4y&=a,\\\\ 6y-9x &=b. \\end{align*}has a solution $(x, y)$ '
     'where $x$ and $y$ are both nonzero, find $\\frac{a}{b},$ assuming $b$ is nonzero.',
     'If we multiply the first equation by $-\\frac{3}{2}$, we obtain $$6y-9x=-\\frac{3}{2}a.$$Since we also know '
     'that $6y-9x=b$, we have $$-\\frac{3}{2}a=b\\Rightarrow\\frac{a}{b}=\\boxed{-\\frac{2}{3}}.$$\nFinal Answer: '
     'The final answer is $-\\frac{2}{3}$. I hope it is correct.\n'),
]

math_datasets = [
    dict(
        abbr='math',
        type=MATHDataset,
        path='data/math',
        reader_cfg=dict(input_columns=['problem'], output_column='solution', train_split='test', test_split='test'),
        infer_cfg=dict(
            prompt_template=dict(
                type=PromptTemplate,
                template=dict(round=[
                    *(_turn for _p, _s in _shots for _turn in (
                        dict(role='HUMAN', prompt=f'Problem:\n{_p}\nSolution:'), dict(role='BOT', prompt=_s))),
                    dict(role='HUMAN', prompt='Problem:\n{problem}\nSolution:\n'),
                ]),
            ),
            retriever=dict(type=ZeroRetriever),
            inferencer=dict(type=GenInferencer, max_out_len=512, stop_words=['\nProblem:']),
        ),
        eval_cfg=dict(evaluator=dict(type=MATHEvaluator), pred_postprocessor=dict(type=math_postprocess)),
    )
]

del _shots
