"""Prompt → the exact text a model sees: plain concatenation, an OpenCompass ``meta_template``, or a chat template.

All three follow one rule: a trailing BOT message is a finished turn (PPL scores the whole
dialogue); otherwise the text ends with the opening of the assistant turn to be generated.
"""

from __future__ import annotations

from typing import Any

from opencompass_lite.errors import ModelError
from opencompass_lite.models.base import Message, Prompt

CHAT_ROLES = {"SYSTEM": "system", "HUMAN": "user", "BOT": "assistant"}


def as_messages(prompt: Prompt) -> tuple[Message, ...]:
    """A plain-text prompt is one HUMAN message."""
    return (Message("HUMAN", prompt),) if isinstance(prompt, str) else prompt


def render_meta_template(prompt: Prompt, meta_template: dict[str, Any], where: str) -> str:
    """OpenCompass ``meta_template=dict(begin=..., round=[dict(role=..., begin=..., end=...)], end=...)``.

    Example: ``round=[dict(role='HUMAN', begin='<|im_start|>user\\n', end='<|im_end|>\\n'),
    dict(role='BOT', begin='<|im_start|>assistant\\n', end='<|im_end|>\\n', generate=True)]``
    renders ``(HUMAN 'hi',)`` as ``'<|im_start|>user\\nhi<|im_end|>\\n<|im_start|>assistant\\n'``.
    """
    roles = _role_table(meta_template, where)
    messages = as_messages(prompt)
    parts = [str(meta_template.get("begin", ""))]
    for m in messages:
        cfg = _role(roles, m.role, where)
        parts += [str(cfg.get("begin", "")), m.content, str(cfg.get("end", ""))]
    if messages and messages[-1].role == "BOT":
        parts.append(str(meta_template.get("end", "")))
    else:
        generate = next((r for r in roles.values() if r.get("generate")), None) or _role(roles, "BOT", where)
        parts.append(str(generate.get("begin", "")))
    return "".join(parts)


def _role_table(meta_template: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    items = [*meta_template.get("round", []), *meta_template.get("reserved_roles", [])]
    if not items or not all(isinstance(r, dict) and "role" in r for r in items):
        raise ModelError(f"{where}: meta_template needs round=[dict(role=..., begin=..., end=...), ...]")
    return {str(r["role"]): r for r in items}


def _role(roles: dict[str, dict[str, Any]], role: str, where: str) -> dict[str, Any]:
    if role in roles:
        return roles[role]
    if role == "SYSTEM" and "HUMAN" in roles:  # OpenCompass falls back to the HUMAN turn for system text
        return roles["HUMAN"]
    raise ModelError(f"{where}: meta_template has no role {role!r}; add it to round or reserved_roles")


def render_chat_template(prompt: Prompt, tokenizer: Any, where: str) -> str:
    """The tokenizer's chat template; HUMAN→user, BOT→assistant, SYSTEM→system."""
    messages = as_messages(prompt)
    unknown = sorted({m.role for m in messages} - set(CHAT_ROLES))
    if unknown:
        raise ModelError(f"{where}: unknown message role(s) {unknown}; use SYSTEM, HUMAN or BOT")
    chat = [{"role": CHAT_ROLES[m.role], "content": m.content} for m in messages]
    finished = bool(messages) and messages[-1].role == "BOT"
    return tokenizer.apply_chat_template(chat, tokenize=False, add_generation_prompt=not finished)


def encode(tokenizer: Any, text: str) -> list[int]:
    """Token ids of rendered text; BOS is added as the tokenizer does, unless the text already starts with it
    (chat templates often write it themselves)."""
    bos = tokenizer.bos_token
    add_special = not (bos and text.startswith(bos))
    return list(tokenizer(text, add_special_tokens=add_special)["input_ids"])
