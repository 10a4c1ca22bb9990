# AGIEval summary groups, as OpenCompass defines them (naive means over subsets).
_chinese = ['gaokao-chinese', 'gaokao-english', 'gaokao-geography', 'gaokao-history', 'gaokao-biology',
            'gaokao-chemistry', 'gaokao-physics', 'gaokao-mathqa', 'logiqa-zh', 'jec-qa-kd', 'jec-qa-ca',
            'gaokao-mathcloze']
_english = ['lsat-ar', 'lsat-lr', 'lsat-rc', 'logiqa-en', 'sat-math', 'sat-en', 'sat-en-without-passage', 'aqua-rat',
            'math']
_gaokao = ['gaokao-chinese', 'gaokao-english', 'gaokao-geography', 'gaokao-history', 'gaokao-biology',
           'gaokao-chemistry', 'gaokao-physics', 'gaokao-mathqa', 'gaokao-mathcloze']
_all = ['gaokao-chinese', 'gaokao-english', 'gaokao-geography', 'gaokao-history', 'gaokao-biology', 'gaokao-chemistry',
        'gaokao-physics', 'gaokao-mathqa', 'logiqa-zh', 'lsat-ar', 'lsat-lr', 'lsat-rc', 'logiqa-en', 'sat-math',
        'sat-en', 'sat-en-without-passage', 'aqua-rat', 'jec-qa-kd', 'jec-qa-ca', 'gaokao-mathcloze', 'math']

agieval_summary_groups = [
    dict(name='agieval-chinese', subsets=[f'agieval-{s}' for s in _chinese]),
    dict(name='agieval-english', subsets=[f'agieval-{s}' for s in _english]),
    dict(name='agieval-gaokao', subsets=[f'agieval-{s}' for s in _gaokao]),
    dict(name='agieval', subsets=[f'agieval-{s}' for s in _all]),
]
