"""Small name → object registries. Duplicates raise; unknown names suggest close matches.

Config files may name a component by its class (``type=GenInferencer``) or by string
(``type='GenInferencer'``); both resolve through these registries to a name that is stored in the
frozen specs, so tasks serialise to plain JSON.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from opencompass_lite.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    """A named collection of components of one kind (models, datasets, runners, ...)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str | None = None, *aliases: str) -> Callable[[T], T]:
        """Decorator: ``@MODELS.register()`` registers under the object's ``__name__``."""

        def deco(obj: T) -> T:
            for key in (name or obj.__name__, *aliases):  # type: ignore[attr-defined]
                if key in self._items and self._items[key] is not obj:
                    raise ValueError(f"{self.kind} {key!r} is registered twice")
                self._items[key] = obj
            return obj

        return deco

    def get(self, name: str, where: str = "") -> T:
        load_builtins()
        if name in self._items:
            return self._items[name]
        close = difflib.get_close_matches(name, self._items, n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(sorted(self._items))}"
        prefix = f"{where}: " if where else ""
        raise ConfigError(f"{prefix}unknown {self.kind} {name!r}; {hint}")

    def name_of(self, obj: Any, where: str = "") -> str:
        """The registered name of ``obj`` (a class/function or a name string)."""
        load_builtins()
        if isinstance(obj, str):
            if obj not in self._items and "." in obj:  # dotted path, as in a dumped config
                obj = obj.rsplit(".", 1)[1]
            self.get(obj, where)
            return obj
        for key, value in self._items.items():
            if value is obj:
                return key
        label = getattr(obj, "__name__", repr(obj))
        raise ConfigError(f"{where}: {label} is not a registered {self.kind}; use one of {', '.join(sorted(self._items))}")

    def names(self) -> list[str]:
        load_builtins()
        return sorted(self._items)


MODELS: Registry[Any] = Registry("model type")
DATASETS: Registry[Any] = Registry("dataset type")
RETRIEVERS: Registry[Any] = Registry("retriever")
INFERENCERS: Registry[Any] = Registry("inferencer")
EVALUATORS: Registry[Any] = Registry("evaluator")
POSTPROCESSORS: Registry[Any] = Registry("postprocessor")
PARTITIONERS: Registry[Any] = Registry("partitioner")
RUNNERS: Registry[Any] = Registry("runner")

# Modules whose import registers built-in components. They must stay light (no torch at import).
_BUILTIN_MODULES = (
    "opencompass_lite.models",
    "opencompass_lite.datasets",
    "opencompass_lite.infer",
    "opencompass_lite.evaluate",
    "opencompass_lite.partition",
    "opencompass_lite.run",
)
_loaded = False


def load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in _BUILTIN_MODULES:
        importlib.import_module(module)
