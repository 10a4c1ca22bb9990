"""WikiText raw (Merity et al. 2016) as whole articles: ``<path>/wiki.{train,valid,test}.raw``.

The files hold one paragraph or heading per line, headings written `` = Title = ``, `` = = Section = = ``.
Articles are split as lm-eval's ``wikitext`` task splits them (its ``wikitext_document_level`` data):
after folding ``= = =`` to ``===`` and ``= =`` to ``==``, a line that reads ``= ... =`` starts a new
article; an article is its lines joined with ``\\n`` (blank leading text is dropped). WikiText-2's
test file gives 62 articles.

Rows: ``page`` (the article as in the file) and ``text`` (lm-eval's ``wikitext_detokenizer`` of it:
`` @-@ `` → ``-``, `` , `` → ``, ``, ...), the text lm-eval scores. lm-eval counts words and bytes on
``page``; ``PerplexityEvaluator(count_column='page')`` does the same.
"""

from __future__ import annotations

import re

from opencompass_lite.config.specs import DatasetSpec
from opencompass_lite.datasets.base import Row, Splits, split_file
from opencompass_lite.datasets.common import per_split
from opencompass_lite.errors import DataError
from opencompass_lite.registry import DATASETS

WIKITEXT_HINT = ("unzip wikitext-2-raw-v1.zip (the WikiText release) into data/wikitext/, so that "
                 "data/wikitext/wikitext-2-raw/wiki.test.raw exists")

# lm-eval's detokenizer, in its order: (literal or regex, replacement). Its rule for "/' [0-9]/" is left
# out: it matches that literal text, which WikiText does not contain.
_LITERAL, _REGEX = 0, 1
_DETOKENIZE: tuple[tuple[int, str, str], ...] = (
    (_LITERAL, "s '", "s'"),
    (_LITERAL, " @-@ ", "-"), (_LITERAL, " @,@ ", ","), (_LITERAL, " @.@ ", "."),
    (_LITERAL, " : ", ": "), (_LITERAL, " ; ", "; "), (_LITERAL, " . ", ". "),
    (_LITERAL, " ! ", "! "), (_LITERAL, " ? ", "? "), (_LITERAL, " , ", ", "),
    (_REGEX, r"\(\s*([^\)]*?)\s*\)", r"(\1)"), (_REGEX, r"\[\s*([^\]]*?)\s*\]", r"[\1]"),
    (_REGEX, r"{\s*([^}]*?)\s*}", r"{\1}"), (_REGEX, r"\"\s*([^\"]*?)\s*\"", r'"\1"'),
    (_REGEX, r"'\s*([^']*?)\s*'", r"'\1'"),
    (_LITERAL, "= = = =", "===="), (_LITERAL, "= = =", "==="), (_LITERAL, "= =", "=="),
    (_LITERAL, " \u00b0 ", "\u00b0"), (_LITERAL, " \n", "\n"), (_LITERAL, "\n ", "\n"),
    (_LITERAL, " N ", " 1 "), (_LITERAL, " 's", "'s"),
)


def wikitext_detokenize(page: str) -> str:
    for kind, old, new in _DETOKENIZE:
        page = page.replace(old, new) if kind == _LITERAL else re.sub(old, new, page)
    return page


def _starts_article(line: str) -> bool:
    folded = line.replace("= = =", "===").replace("= =", "==").strip()
    return folded.startswith("= ") and folded.endswith(" =")


def split_articles(text: str) -> list[str]:
    """Articles of a WikiText file, each from its `` = Title = `` line to the next one."""
    articles: list[str] = []
    lines: list[str] = []
    for line in [*text.split("\n"), " = end = "]:  # a sentinel title closes the last article
        if _starts_article(line):
            article = "\n".join(lines)
            if article.strip():
                articles.append(article)
            lines = []
        lines.append(line)
    return articles


@DATASETS.register("WikiTextDataset")
def load_wikitext(spec: DatasetSpec) -> Splits:
    def read(split: str) -> list[Row]:
        path = split_file(spec, f"wiki.{split}.raw", WIKITEXT_HINT)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise DataError(f"{path}: not UTF-8 ({e}); re-extract the WikiText release") from e
        articles = split_articles(text)
        if not articles:
            raise DataError(f"{path}: the file is blank; use a WikiText *.raw file")
        return [{"page": page, "text": wikitext_detokenize(page)} for page in articles]

    return per_split(spec, read)


WikiTextDataset = load_wikitext  # the name configs use: ``type=WikiTextDataset``
