# WikiText-2 (raw) test set as language modelling: bits per byte of each whole article, as lm-eval's
# `wikitext` task scores it. The 62 articles of wiki.test.raw are split at their ' = Title = ' lines;
# the scored text is the article after lm-eval's wikitext detokenizer (' @-@ ' -> '-', ' , ' -> ', ' ...),
# with no prompt: every token after the first is predicted from the article before it. Articles longer
# than the model's max_seq_len are scored in sliding windows (RefLLInferencer), never cut.
# Like lm-eval, bytes and words are counted on the article as in the file (count_column='page').
# Metrics: bits_per_byte (headline), byte_perplexity, word_perplexity, perplexity (per model token).
# Data: data/wikitext/wikitext-2-raw/wiki.test.raw from the WikiText release (wikitext-2-raw-v1.zip).
from opencompass_lite.datasets import WikiTextDataset
from opencompass_lite.evaluate import PerplexityEvaluator
from opencompass_lite.infer import PromptTemplate, RefLLInferencer, ZeroRetriever

wikitext_datasets = [
    dict(
        abbr='wikitext-2-raw',
        type=WikiTextDataset,
        path='data/wikitext/wikitext-2-raw',
        reader_cfg=dict(input_columns=[], output_column='text', train_split='test', test_split='test'),
        infer_cfg=dict(
            prompt_template=dict(type=PromptTemplate, template=''),
            retriever=dict(type=ZeroRetriever),
            inferencer=dict(type=RefLLInferencer),
        ),
        eval_cfg=dict(evaluator=dict(type=PerplexityEvaluator, count_column='page')),
    )
]
