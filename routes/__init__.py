"""routes: text about a trip in, journey map out.

The public API is loaded lazily so that ``import routes`` (and the CLI's start-up)
stays cheap; heavy stages (folium, pyproj, the gazetteer) load on first use.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

__all__ = [
    "RoutesError",
    "build",
    "journey_from_text",
    "journey_from_files",
    "extract",
    "Journey",
    "Stop",
    "Leg",
    "Place",
    "Mention",
]

_LAZY = {
    "RoutesError": "routes.errors",
    "build": "routes.api",
    "journey_from_text": "routes.api",
    "journey_from_files": "routes.api",
    "extract": "routes.api",
    "Journey": "routes.model",
    "Stop": "routes.model",
    "Leg": "routes.model",
    "Place": "routes.model",
    "Mention": "routes.model",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'routes' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(types.ModuleType):
    """The ``routes`` module, whose public functions outlive their submodules' import.

    Importing ``routes.extract`` (the stage) makes Python set ``routes.extract`` to that
    module, hiding the function ``routes.extract``; such a submodule is not kept as an
    attribute, so the name keeps meaning the function (``sys.modules`` still has it).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
