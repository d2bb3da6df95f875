"""Lazily loaded public APIs: a package's ``__init__`` names what it exports and the module that defines each
name; the module is imported on first access (``import scholargraph`` stays fast, and spaCy, matplotlib,
scipy and the Neo4j driver load only when used). The same idea as networkx's and scipy's lazy loaders.

>>> getattr_, dir_, all_ = attach("scholargraph", {"ParseError": ".errors"}, submodules=("model",))
>>> getattr_("ParseError").__name__, getattr_("model").__name__, all_
('ParseError', 'scholargraph.model', ['ParseError', 'model'])
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["attach"]


def attach(
    package: str, exports: dict[str, str], *, submodules: Iterable[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``(__getattr__, __dir__, __all__)`` for ``package``: ``exports`` maps each public name to the module
    that defines it (absolute, or relative to ``package`` when it starts with a dot); ``submodules`` are
    modules of the package exported as themselves (``scholargraph.graph.schema``)."""
    mods = set(submodules)
    names = sorted({*exports, *mods})

    def __getattr__(name: str) -> Any:
        if name in mods:
            return importlib.import_module(f"{package}.{name}")
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(target, package if target.startswith(".") else None), name)

    def __dir__() -> list[str]:
        return list(names)

    return __getattr__, __dir__, list(names)
