"""Fragments for a CMS, a report or Jupyter: an iframe snippet, a div + script, srcdoc."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Iterable, Optional
from urllib.parse import quote

from routes.model import Journey
from routes.files import write_atomic
from routes.render import parts
from routes.render.html import map_html, map_parts
from routes.render.scene import build_scene


HIDEABLE = ("header", "legend", "panel")
MIN_HEIGHT_PX = 360  # a map in a phone-wide column keeps room for every stop


def url_from_path(path: os.PathLike | str) -> str:
    """Return ``path`` as a relative URL: each segment percent-encoded, never a scheme.

    A file called ``javascript:alert(1).html`` becomes ``javascript%3Aalert%281%29.html``,
    which a browser reads as that file beside the snippet, not as a script to run.
    Separators may be ``/`` or ``\\``; leading and repeated separators are dropped, so
    the URL can name no host (``//evil.example``) either.
    """
    parts = [part for part in os.fspath(path).replace("\\", "/").split("/") if part]
    return "/".join(quote(part, safe="") for part in parts) or "."


def _hide_fragment(hide: Iterable[str]) -> str:
    wanted = [part for part in HIDEABLE if part in set(hide)]
    unknown = set(hide) - set(HIDEABLE)
    if unknown:
        raise ValueError(f"cannot hide {sorted(unknown)}: choose from {', '.join(HIDEABLE)}")
    return f"#hide={','.join(wanted)}" if wanted else ""


def _box_style(ratio: tuple[int, int], min_height_px: int) -> str:
    width, height = ratio
    return (f"position:relative;width:100%;aspect-ratio:{int(width)}/{int(height)};"
            f"min-height:{int(min_height_px)}px;overflow:hidden")


def iframe_html(src: os.PathLike | str, *, title: str, ratio: tuple[int, int] = (16, 10),
                min_height_px: int = MIN_HEIGHT_PX, hide: Iterable[str] = ()) -> str:
    """Return a responsive, lazily loaded ``<iframe>`` snippet showing the map at path ``src``.

    ``src`` is a file path relative to the page the snippet goes in (see
    :func:`url_from_path`); ``hide`` names parts of the map to leave out
    (``header``, ``legend``, ``panel``). The box keeps ``ratio`` but is never lower
    than ``min_height_px``.
    """
    url = url_from_path(src) + _hide_fragment(hide)
    return (
        f'<div class="routes-embed" style="{_box_style(ratio, min_height_px)}">'
        f'<iframe src="{escape(url)}" title="{escape(title)}" loading="lazy" '
        f'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0" '
        f'allowfullscreen></iframe></div>\n'
    )


def embed_html(journey: Journey, *, src: Optional[str] = None, offline: bool = True,
               title: Optional[str] = None, tiles: bool = True, animate: bool = False,
               ratio: tuple[int, int] = (16, 10), min_height_px: int = MIN_HEIGHT_PX,
               hide: Iterable[str] = ()) -> str:
    """Return an embeddable fragment of the journey map.

    With ``src`` (the URL of a map written by :func:`routes.render.write_map`), an
    iframe snippet with a title, a responsive ratio and lazy loading. Without it, a
    self-contained ``<div>`` + ``<style>``/``<script>`` fragment to paste into a page
    (element ids derive from the journey, so two different maps can share a page).
    """
    scene = build_scene(journey, title)
    if src is not None:
        return iframe_html(src, title=f"Map: {scene.title}", ratio=ratio, min_height_px=min_height_px,
                           hide=hide)
    hide = tuple(hide)
    _hide_fragment(hide)  # checks the names
    _, rendered = map_parts(journey, offline=offline, title=title, tiles=tiles, animate=animate, scene=scene,
                            hide=hide)
    join = parts.Rendered.join
    return (
        f"<!-- routes map: {escape(scene.title).replace('--', '&#45;&#45;')} -->\n"
        f"{join(rendered.header)}\n"
        f'<div class="routes-embed" style="{_box_style(ratio, min_height_px)}">\n'
        f"{join(rendered.html)}\n</div>\n"
        f"<script>\n{join(rendered.script)}\n</script>\n"
    )


def write_embed(journey: Journey, path: os.PathLike | str, **options) -> Path:
    """Write :func:`embed_html` output to ``path`` atomically; return the path."""
    return write_atomic(path, embed_html(journey, **options))


def notebook_html(journey: Journey, **options) -> str:
    """Return the map for a Jupyter output (see :func:`routes.render.notebook.notebook_html`)."""
    from routes.render.notebook import notebook_html as _notebook_html

    return _notebook_html(journey, **options)
