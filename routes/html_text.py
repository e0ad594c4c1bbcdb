"""The visible text of an HTML page, with where each character came from.

Kept apart from :mod:`routes.read` so that reading plain text never imports html.parser.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser


class VisibleText(HTMLParser):
    """Collects the visible text of an HTML page and where each piece came from."""

    _SKIP = {"script", "style", "noscript", "template", "head"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
              "article", "header", "footer", "blockquote", "title", "figcaption"}

    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.parts: list[str] = []
        self.offsets: list[int] = []
        self.skip_depth = 0
        self.title = ""
        self._in_title = False
        # getpos() gives (line, col); precompute line starts to turn it into an offset.
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _emit(self, text: str, at: int, spread: bool = True) -> None:
        self.parts.append(text)
        if spread:
            self.offsets.extend(range(at, at + len(text)))
        else:
            self.offsets.extend([at] * len(text))

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skip_depth += 1
        if tag == "title":
            self._in_title = True
        if tag in self._BLOCK:
            self._emit("\n", self._pos(), spread=False)

    def handle_endtag(self, tag):
        if tag in self._SKIP and self.skip_depth:
            self.skip_depth -= 1
        if tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self._emit("\n", self._pos(), spread=False)

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self.skip_depth:
            return
        self._emit(data, self._pos())

    def _ref(self, ref_text: str, raw_len: int):
        if self._in_title:  # "Z&uuml;rich &amp; AT&amp;T" is "Zürich & AT&T"
            self.title += ref_text
        if self.skip_depth:
            return
        at = self._pos()
        self._emit(ref_text, at, spread=False)

    def handle_entityref(self, name):
        self._ref(html.unescape(f"&{name};"), len(name) + 2)

    def handle_charref(self, name):
        self._ref(html.unescape(f"&#{name};"), len(name) + 3)
