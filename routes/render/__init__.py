"""Draw a :class:`~routes.model.Journey`: interactive HTML map, embed fragment, SVG/PNG.

>>> from routes.render import write_map
>>> write_map(journey, "maps/kim.html")            # offline, self-contained  # doctest: +SKIP

Every output is deterministic: the same journey gives the same bytes.

The names below load on first use: a default build writes HTML only and should not pay
for compiling the SVG/PNG and embed modules. The SVG module is ``static_map`` (not
``svg``) so that no submodule shares a name with a function here: importing a
submodule sets it as an attribute of this package, which would shadow a lazily loaded
function of the same name.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "Scene",
    "build_scene",
    "embed_html",
    "folium_map",
    "iframe_html",
    "map_html",
    "notebook_html",
    "png",
    "svg",
    "write_embed",
    "write_map",
    "write_png",
    "write_svg",
]

_LAZY = {
    "embed_html": "embed",
    "iframe_html": "embed",
    "notebook_html": "notebook",
    "write_embed": "embed",
    "folium_map": "html",
    "map_html": "html",
    "write_map": "html",
    "Scene": "scene",
    "build_scene": "scene",
    "png": "static_map",
    "svg": "static_map",
    "write_png": "static_map",
    "write_svg": "static_map",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        # not ours: lets ``from routes.render import basemap`` import the submodule
        raise AttributeError(f"module 'routes.render' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"routes.render.{module}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(__all__) | set(globals()))
