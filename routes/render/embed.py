"""Fragments for a CMS, a report or Jupyter: an iframe snippet, a div + script, srcdoc."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Optional

from routes.model import Journey
from routes.files import write_atomic
from routes.render.html import folium_map, map_html
from routes.render.scene import build_scene


def _padding(ratio: tuple[int, int]) -> str:
    width, height = ratio
    return f"{100 * height / width:.4g}%"


def iframe_html(src: str, *, title: str, ratio: tuple[int, int] = (16, 10)) -> str:
    """Return a responsive, lazily loaded ``<iframe>`` snippet showing the map at ``src``."""
    return (
        f'<div class="routes-embed" style="position:relative;width:100%;height:0;'
        f'padding-bottom:{_padding(ratio)};overflow:hidden">'
        f'<iframe src="{escape(src)}" title="{escape(title)}" loading="lazy" '
        f'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0" '
        f'allowfullscreen></iframe></div>\n'
    )


def embed_html(journey: Journey, *, src: Optional[str] = None, offline: bool = True,
               title: Optional[str] = None, tiles: bool = True, animate: bool = False,
               ratio: tuple[int, int] = (16, 10)) -> str:
    """Return an embeddable fragment of the journey map.

    With ``src`` (the URL of a map written by :func:`routes.render.write_map`), an
    iframe snippet with a title, a responsive ratio and lazy loading. Without it, a
    self-contained ``<div>`` + ``<style>``/``<script>`` fragment to paste into a page
    (element ids derive from the journey, so two different maps can share a page).
    """
    scene = build_scene(journey, title)
    if src is not None:
        return iframe_html(src, title=f"Map: {scene.title}", ratio=ratio)
    m = folium_map(journey, offline=offline, title=title, tiles=tiles, animate=animate, scene=scene)
    page = m.get_root()
    page.render()  # fills page.header / html / script
    return (
        f"<!-- routes map: {escape(scene.title).replace('--', '&#45;&#45;')} -->\n"
        f"{page.header.render()}\n"
        f'<div class="routes-embed" style="position:relative;width:100%;height:0;'
        f'padding-bottom:{_padding(ratio)};overflow:hidden">\n{page.html.render()}\n</div>\n'
        f"<script>\n{page.script.render()}\n</script>\n"
    )


def write_embed(journey: Journey, path: os.PathLike | str, **options) -> Path:
    """Write :func:`embed_html` output to ``path`` atomically; return the path."""
    return write_atomic(path, embed_html(journey, **options))


def notebook_html(journey: Journey, *, height_px: int = 520, title: Optional[str] = None) -> str:
    """Return the offline map in an ``<iframe srcdoc>`` for Jupyter (``_repr_html_``).

    Inline and self-contained, so it works in an untrusted notebook and with no network.
    """
    scene = build_scene(journey, title)
    document = map_html(journey, offline=True, title=title)
    return (
        f'<iframe srcdoc="{escape(document)}" title="{escape("Map: " + scene.title)}" '
        f'style="width:100%;height:{int(height_px)}px;border:0" loading="lazy"></iframe>'
    )
