"""Draw a :class:`~routes.model.Journey`: interactive HTML map, embed fragment, SVG/PNG.

>>> from routes.render import write_map
>>> write_map(journey, "maps/kim.html")            # offline, self-contained  # doctest: +SKIP

Every output is deterministic: the same journey gives the same bytes.
"""

from routes.render.embed import embed_html, iframe_html, notebook_html, write_embed
from routes.render.html import folium_map, map_html, write_map
from routes.render.scene import Scene, build_scene
from routes.render.svg import png, svg, write_png, write_svg

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
