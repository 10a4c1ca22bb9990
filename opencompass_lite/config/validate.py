"""Checks at the config boundary: every error names the file and the key path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from opencompass_lite.errors import ConfigError

_TYPE_NAMES = {str: "a string", int: "an integer", dict: "a dict", list: "a list", bool: "true/false"}


def check_keys(d: Any, allowed: set[str], where: str, required: tuple[str, ...] = ()) -> Mapping[str, Any]:
    """``d`` must be a dict holding only ``allowed`` keys and every ``required`` key."""
    if not isinstance(d, Mapping):
        raise ConfigError(f"{where} must be a dict, got {type(d).__name__}; fix the config")
    unknown = sorted(set(d) - allowed)
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(sorted(allowed))}"
        raise ConfigError(f"{where}.{unknown[0]}: unknown key; {hint}")
    for key in required:
        if key not in d:
            raise ConfigError(f"{where}: missing required key {key!r}; add it to the config")
    return d


def typed(d: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str, default: Any = None) -> Any:
    """``d[key]`` checked against ``kind`` (lists and tuples are interchangeable)."""
    if key not in d or d[key] is None:
        return default
    value = d[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if list in kinds and isinstance(value, tuple):
        value = list(value)
    if isinstance(value, bool) and bool not in kinds:
        ok = False
    else:
        ok = isinstance(value, kinds)
    if not ok:
        want = " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
        raise ConfigError(f"{where}.{key} must be {want}, got {value!r}; fix the config")
    return value


def plain(value: Any) -> Any:
    """mmengine ConfigDict/lists → plain dicts/lists, so specs hold JSON-able data."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
