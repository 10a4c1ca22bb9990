"""Postprocessors: raw generated text → the short string an evaluator compares.

Each is a plain function ``fn(text, **kwargs) -> str`` registered under OpenCompass's name, so a
config reads ``pred_postprocessor=dict(type=first_option_postprocess, options='ABCD')``. They never
raise on odd text: no answer found is ``''``, which simply scores as wrong.
"""

from __future__ import annotations

import functools
import re
import string

from opencompass_lite.registry import POSTPROCESSORS


@POSTPROCESSORS.register()
def first_capital_postprocess(text: str) -> str:
    """The first uppercase letter (``'The answer is B'`` → ``'T'``: use it on terse outputs)."""
    return next((ch for ch in text if ch.isupper()), "")


@POSTPROCESSORS.register()
def last_capital_postprocess(text: str) -> str:
    return next((ch for ch in reversed(text) if ch.isupper()), "")


@functools.lru_cache(maxsize=64)
def _option_patterns(options: str) -> tuple[re.Pattern[str], ...]:
    """Most explicit statement first; a bare letter anywhere last (OpenCompass's "cushion")."""
    o = "[" + "".join(re.escape(ch) for ch in options) + "]"
    lead = r"\s*[:：]?\s*[(（\[【]?\s*"  # optional colon and opening bracket before the letter
    end = r"(?![A-Za-z])"
    return tuple(re.compile(p, re.MULTILINE) for p in (
        # Chinese statements: 答案是A / 答案：(B) / 答案应该选C / 正确答案为D / 故选A / 选项C正确 / A是正确的
        rf"答案(?:选项)?(?:应该|应)?(?:是|为|选|选择)?{lead}({o}){end}",
        rf"(?:故|所以|因此|即)(?:应)?选(?:择|项)?{lead}({o}){end}",
        rf"选项{lead}({o})\s*(?:是|为)?\s*(?:正确|对的|对)",
        rf"({o})\s*(?:选项)?\s*(?:是|为)?\s*正确",
        # English statements: the (correct) answer is (B) / answer: C / option D is correct / \boxed{A}
        rf"(?i:the\s+(?:correct\s+|final\s+|right\s+|best\s+)?(?:answer|option|choice)"
        rf"(?:\s+to\s+(?:the|this)\s+question)?\s+(?:is|would\s+be|should\s+be))"
        rf"{lead}(?i:option\s+|choice\s+)?[(\[]?({o}){end}",
        rf"(?i:answer|option|choice)\s*[:：]\s*[(\[]?\s*({o}){end}",
        rf"(?i:option|choice)\s+[(\[]?({o})[)\]]?\s+(?i:is\s+(?:the\s+)?(?:correct|right))",
        rf"\\boxed\{{\s*(?:\\text\{{)?\s*({o})",
        # 选项C / 选择B (weaker Chinese cue)
        rf"选(?:项|择)?{lead}({o}){end}",
        # a line that starts with the option: "B", "B.", "(C) text", "D: text"
        rf"^\s*[(（\[]?({o})(?:[)）\].．。:：、,，]|\s*$)",
        # a standalone letter, then any occurrence at all
        rf"(?<![A-Za-z])({o}){end}",
        rf"({o})",
    ))


@POSTPROCESSORS.register()
def first_option_postprocess(text: str, options: str = "ABCD") -> str:
    """The chosen option letter, found by a cascade from explicit statements to a bare letter."""
    for pattern in _option_patterns(options):
        m = pattern.search(text)
        if m:
            return m.group(1)
    return ""


@POSTPROCESSORS.register()
def last_option_postprocess(text: str, options: str = "ABCD") -> str:
    """The last standalone option letter (else the last such letter anywhere): for reasoning that ends
    with its answer."""
    o = "[" + "".join(re.escape(ch) for ch in options) + "]"
    for pattern in (rf"(?<![A-Za-z])({o})(?![A-Za-z])", rf"({o})"):
        found = re.findall(pattern, text)
        if found:
            return found[-1]
    return ""


_NUMBER = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?|-?\.\d+"


def clean_number(token: str) -> str:
    """``'1,234.50'`` → ``'1234.5'``; ``'72.00'`` → ``'72'``: one spelling per value."""
    token = token.replace(",", "").rstrip(".")
    if "." in token:
        token = token.rstrip("0").rstrip(".")
    return "0" if token in ("-0", "") else token


@POSTPROCESSORS.register()
def gsm8k_postprocess(text: str) -> str:
    """The final number of a worked answer: ``#### 72``, ``The answer is 72``, ``\\boxed{72}``, else the
    last number, ignoring any few-shot continuation after ``Question:``."""
    text = re.split(r"\n\s*(?:Question|Q):", text)[0]
    for cue in (r"####\s*\$?\s*(" + _NUMBER + ")", r"(?i:answer\s+is)\s*[:：]?\s*\$?\s*(" + _NUMBER + ")"):
        found = re.findall(cue, text)
        if found:
            return clean_number(found[-1])
    boxed = last_boxed(text)
    if boxed is not None:
        found = re.findall(_NUMBER, boxed)
        if found:
            return clean_number(found[-1])
    found = re.findall(_NUMBER, text)
    return clean_number(found[-1]) if found else ""


@POSTPROCESSORS.register()
def gsm8k_dataset_postprocess(text: str) -> str:
    """GSM8K's reference solution ends with ``#### <answer>``: keep the number."""
    return gsm8k_postprocess(text)


def last_boxed(text: str) -> str | None:
    """Content of the last ``\\boxed{...}`` / ``\\fbox{...}`` with balanced braces (``\\boxed 5`` too)."""
    start = max(text.rfind("\\boxed"), text.rfind("\\fbox"))
    if start < 0:
        return None
    head = text[start:].removeprefix("\\boxed").removeprefix("\\fbox")
    if head.startswith(" "):  # \boxed 5
        tokens = head.split("$")[0].split()
        return tokens[0] if tokens else None
    depth = 0
    for i, ch in enumerate(head if head.startswith("{") else ""):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0:
            return head[1:i]
    return None


@POSTPROCESSORS.register()
def math_postprocess(text: str) -> str:
    """The final answer of a MATH solution: the last ``\\boxed{}``, else ``final answer is $X$``,
    else the text itself."""
    boxed = last_boxed(text)
    if boxed is not None:
        return boxed.strip()
    m = re.search(r"(?i:final answer is)\s*\$?(.+?)\$?(?:\.\s*(?:I hope|$)|\s*$)", text)
    if m:
        return m.group(1).strip()
    return text.strip()


def normalize_answer(text: str) -> str:
    """SQuAD's normalisation: lowercase, drop punctuation and articles, collapse whitespace."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in _PUNCTUATION)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


_PUNCTUATION = set(string.punctuation) | set("，。！？；：、“”‘’（）《》【】…—")


@POSTPROCESSORS.register()
def general_postprocess(text: str) -> str:
    """The first line/clause of a generation, SQuAD-normalised. Unlike OpenCompass it does not cut at a
    decimal point (``3.14`` stays one number)."""
    head = re.split(r"\n|(?<!\d)[.,]|[.,](?!\d)", text.strip(), maxsplit=1)[0]
    return normalize_answer(head)
