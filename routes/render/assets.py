"""The vendored Leaflet files, read lazily from ``routes/static`` and made inlinable.

Offline maps inline them (``<script>``/``<style>`` with the files' text, images as data
URIs); online maps link the same pinned versions on a CDN with subresource integrity
computed from the vendored bytes, so both modes run identical code.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from importlib import resources

LEAFLET_VERSION = "1.9.4"
DECORATOR_VERSION = "1.6.0"
_CDN = "https://cdn.jsdelivr.net/npm"

# vendored path -> URL of the byte-identical file on the CDN
SCRIPTS = {
    "leaflet/leaflet.js": f"{_CDN}/leaflet@{LEAFLET_VERSION}/dist/leaflet.js",
    "polylinedecorator/leaflet.polylineDecorator.js":
        f"{_CDN}/leaflet-polylinedecorator@{DECORATOR_VERSION}/dist/leaflet.polylineDecorator.js",
}
STYLES = {
    "leaflet/leaflet.css": f"{_CDN}/leaflet@{LEAFLET_VERSION}/dist/leaflet.css",
}


@lru_cache(maxsize=None)
def read_bytes(rel: str) -> bytes:
    """Return the bytes of a vendored file, ``rel`` relative to ``routes/static``."""
    ref = resources.files("routes") / "static"
    for part in rel.split("/"):
        ref = ref / part
    return ref.read_bytes()


def read_text(rel: str) -> str:
    return read_bytes(rel).decode("utf-8")


def data_uri(rel: str, mime: str = "image/png") -> str:
    """Return a vendored file as a ``data:`` URI."""
    return f"data:{mime};base64,{base64.b64encode(read_bytes(rel)).decode('ascii')}"


def integrity(rel: str) -> str:
    """Return the subresource-integrity hash (sha384) of a vendored file."""
    return "sha384-" + base64.b64encode(hashlib.sha384(read_bytes(rel)).digest()).decode()


def _script_safe(code: str) -> str:
    # Inside <script> or <style> only a closing tag can end the element early.
    return re.sub(r"</(?=(script|style))", r"<\\/", code, flags=re.IGNORECASE)


@lru_cache(maxsize=None)
def inline_css(rel: str) -> str:
    """Return a vendored stylesheet with ``url(images/x.png)`` turned into data URIs."""
    folder = rel.rsplit("/", 1)[0]

    def _image(match: re.Match) -> str:
        return f"url({data_uri(folder + '/' + match.group(1))})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", _image, read_text(rel))
    return _script_safe(css)


@lru_cache(maxsize=None)
def inline_js(rel: str) -> str:
    """Return a vendored script, safe to put between ``<script>`` tags."""
    return _script_safe(read_text(rel))


def head_html(offline: bool) -> str:
    """Return the ``<head>`` markup that loads Leaflet and the decorator plugin."""
    parts = []
    for rel, url in STYLES.items():
        if offline:
            parts.append(f"<style>{inline_css(rel)}</style>")
        else:
            parts.append(f'<link rel="stylesheet" href="{url}" integrity="{integrity(rel)}" '
                         'crossorigin="anonymous">')
    for rel, url in SCRIPTS.items():
        if offline:
            parts.append(f"<script>{inline_js(rel)}</script>")
        else:
            parts.append(f'<script src="{url}" integrity="{integrity(rel)}" '
                         'crossorigin="anonymous"></script>')
    return "\n".join(parts)
