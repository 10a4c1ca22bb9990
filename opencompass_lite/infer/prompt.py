"""Prompt building: OpenCompass-style templates, in-context examples and retrievers.

A template is a ``str`` or ``dict(begin=..., round=[dict(role=..., prompt=...)], end=...)``; PPL/LL
templates map each label to one of those. ``{column}`` placeholders are replaced by row values
(plain replacement, so other braces in code or LaTeX stay as they are). ``ice_token`` marks where
rendered in-context examples go. Rendering yields a ``Prompt``: text, or a tuple of ``Message``s
that the model renders (chat template, meta_template or plain concatenation).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from opencompass_lite.config.specs import DatasetSpec, RetrieverSpec, TemplateSpec
from opencompass_lite.errors import ConfigError, DataError
from opencompass_lite.models.base import Message, Prompt
from opencompass_lite.registry import RETRIEVERS

ICE_SEPARATOR = "\n"
# Optional row column: the labels this row is scored on, a subset of the config's. Lets questions with
# their own number of choices use their own set (TruthfulQA MC2); rows without it get every label.
CHOICE_LABELS = "choice_labels"
ICE_EOS = "\n"
Part = str | Message  # a raw string (merged into neighbouring messages) or a message


class PromptTemplate:
    """Config marker: ``prompt_template=dict(type=PromptTemplate, template=..., ice_token='</E>')``."""


def fill(text: str, row: dict[str, Any], columns: Sequence[str]) -> str:
    for col in columns:
        if col in row:
            text = text.replace("{" + col + "}", "" if row[col] is None else str(row[col]))
    return text


def _parts(template: Any, row: dict[str, Any], columns: Sequence[str], where: str) -> list[Part]:
    if isinstance(template, str):
        return [fill(template, row, columns)]
    if not isinstance(template, dict) or "round" not in template:
        raise ConfigError(f"{where}: a template must be a str or a dict with 'round'; got {type(template).__name__}")
    parts: list[Part] = []
    for key in ("begin", "round", "end"):
        value = template.get(key)
        items = value if isinstance(value, list) else ([] if value is None else [value])
        for item in items:
            if isinstance(item, str):
                parts.append(fill(item, row, columns))
            elif isinstance(item, dict) and "role" in item:
                parts.append(Message(str(item["role"]), fill(str(item.get("prompt", "")), row, columns)))
            else:
                raise ConfigError(f"{where}: {key} items must be str or dict(role=..., prompt=...); got {item!r}")
    return parts


def _flatten(parts: Sequence[Part]) -> str:
    return "".join(p if isinstance(p, str) else p.content for p in parts)


def _without(parts: list[Part], token: str | None) -> list[Part]:
    """An example rendered with the ice_template, minus the ice token (it marks the prompt only)."""
    if not token:
        return parts
    out: list[Part] = []
    for p in parts:
        if isinstance(p, str):
            if p.replace(token, ""):
                out.append(p.replace(token, ""))
        else:
            out.append(Message(p.role, p.content.replace(token, "")))
    return out


def _splice_ice(parts: list[Part], ice: list[Part], token: str | None) -> list[Part]:
    """Insert ``ice`` at ``token``: as parts where the token is a raw part, as text inside a message."""
    if not token:
        return parts
    out: list[Part] = []
    for p in parts:
        if isinstance(p, str) and p == token:
            out.extend(ice)
        elif isinstance(p, str) and token in p:
            out.append(p.replace(token, _flatten(ice)))
        elif isinstance(p, Message) and token in p.content:
            out.append(Message(p.role, p.content.replace(token, _flatten(ice))))
        else:
            out.append(p)
    return out


def to_prompt(parts: Sequence[Part]) -> Prompt:
    """Merge raw strings into the following message (or the last one); no messages → plain text."""
    if not any(isinstance(p, Message) for p in parts):
        return _flatten(parts)
    messages: list[Message] = []
    pending = ""
    for p in parts:
        if isinstance(p, str):
            pending += p
        else:
            messages.append(Message(p.role, pending + p.content))
            pending = ""
    if pending:
        last = messages[-1]
        messages[-1] = Message(last.role, last.content + pending)
    return tuple(messages)


@dataclass(frozen=True)
class Retriever:
    """Chooses in-context example ids (rows of the train split) for each test index."""

    spec: RetrieverSpec
    train_size: int

    def ids(self, index: int) -> list[int]:
        kind = self.spec.type
        if kind == "ZeroRetriever":
            return []
        if kind == "FixKRetriever":
            return list(self.spec.fix_id_list)
        if kind == "RandomRetriever":
            # Seeded per test index, so a sample gets the same examples whichever shard runs it.
            rng = random.Random(f"{self.spec.seed}:{index}")
            return rng.sample(range(self.train_size), min(self.spec.ice_num, self.train_size))
        raise ConfigError(f"unknown retriever {kind!r}")


@RETRIEVERS.register()
class ZeroRetriever:
    """Config marker: no in-context examples."""


@RETRIEVERS.register()
class FixKRetriever:
    """Config marker: the same train rows (``fix_id_list``) for every test sample."""


@RETRIEVERS.register()
class RandomRetriever:
    """Config marker: ``ice_num`` train rows drawn per test sample with ``seed``."""


class PromptBuilder:
    """Renders the prompt(s) of test row ``index``, in-context examples included."""

    def __init__(self, spec: DatasetSpec, train: list[dict[str, Any]]) -> None:
        self.spec = spec
        self.train = train
        self.columns = [*spec.reader.input_columns, *([spec.reader.output_column] if spec.reader.output_column else [])]
        template = spec.prompt_template or spec.ice_template
        if template is None:
            raise ConfigError(f"dataset {spec.abbr!r}: infer_cfg needs a prompt_template or an ice_template")
        self.template: TemplateSpec = template
        self.retriever = Retriever(spec.retriever, len(train))
        bad = [i for i in self.retriever.ids(0) if not 0 <= i < len(train)]
        if bad:
            raise ConfigError(f"dataset {spec.abbr!r}: retriever ids {bad} are outside the "
                              f"{spec.reader.train_split!r} split ({len(train)} rows); fix fix_id_list")
        if self.retriever.ids(0) and spec.ice_template is None:
            raise ConfigError(f"dataset {spec.abbr!r}: in-context examples need an ice_template")

    def _ice(self, index: int) -> list[Part]:
        ids = self.retriever.ids(index)
        if not ids:
            return []
        assert self.spec.ice_template is not None
        tmpl = self.spec.ice_template.template
        items = [_parts(self._label_template(tmpl, self.train[i]), self.train[i], self.columns, self.spec.abbr)
                 for i in ids]
        token = self._token()
        out: list[Part] = []
        for k, item in enumerate(items):
            out.extend(_without(item, token))
            out.append(ICE_SEPARATOR if k < len(items) - 1 else ICE_EOS)
        return out

    def _label_template(self, tmpl: Any, row: dict[str, Any]) -> Any:
        """An ice_template that is a label → template dict picks the example's own label."""
        if isinstance(tmpl, dict) and "round" not in tmpl:
            label = row.get(self.spec.reader.output_column or "")
            if label not in tmpl:
                raise ConfigError(f"dataset {self.spec.abbr!r}: ice_template has no entry for label {label!r}")
            return tmpl[label]
        return tmpl

    def _token(self) -> str | None:
        return self.template.ice_token or (self.spec.ice_template.ice_token if self.spec.ice_template else None)

    def gen_prompt(self, row: dict[str, Any], index: int) -> Prompt:
        """The generation prompt: the answer column blanked, a trailing empty BOT turn dropped."""
        blank = {**row, **({self.spec.reader.output_column: ""} if self.spec.reader.output_column else {})}
        parts = _splice_ice(_parts(self.template.template, blank, self.columns, self.spec.abbr),
                            self._ice(index), self._token())
        while parts and isinstance(parts[-1], Message) and parts[-1].role == "BOT" and not parts[-1].content:
            parts.pop()
        return to_prompt(parts)

    def labels(self) -> list[str]:
        if self.spec.inferencer.labels:
            return list(self.spec.inferencer.labels)
        tmpl = self.template.template
        if not (isinstance(tmpl, dict) and "round" not in tmpl):
            raise ConfigError(f"dataset {self.spec.abbr!r}: ppl/ll prompt_template must map each label to a template")
        return list(tmpl)

    def row_labels(self, row: dict[str, Any], index: int) -> list[str]:
        """The config's labels, or the row's own ``choice_labels`` (which must be among them)."""
        labels = self.labels()
        own = row.get(CHOICE_LABELS)
        if own is None:
            return labels
        unknown = [x for x in own if x not in labels] if isinstance(own, list) else own
        if unknown or not own:
            raise DataError(f"dataset {self.spec.abbr!r}: test row {index} {CHOICE_LABELS} {own!r} must be a non-empty "
                            f"list of the config's labels ({', '.join(labels)}); fix the loader or the labels")
        return list(own)

    def label_prompts(self, row: dict[str, Any], index: int) -> dict[str, Prompt]:
        """One full prompt (answer included) per label of the row, for PPL/LL scoring."""
        tmpl = self.template.template
        ice = self._ice(index)
        out = {}
        for label in self.row_labels(row, index):
            label_tmpl = tmpl[label] if isinstance(tmpl, dict) and label in tmpl else tmpl
            parts = _parts(label_tmpl, row, self.columns, self.spec.abbr)
            out[label] = to_prompt(_splice_ice(parts, ice, self._token()))
        return out
