"""Stage 1: turn input files into :class:`~routes.model.Document` values.

Decoding is strict (UTF-8 unless the caller names another encoding) because a wrong
guess silently moves every character offset. HTML documents are reduced to their
visible text, with a map from each visible character back to the raw input.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Iterable, Iterator

from routes.errors import InputError
from routes.model import Document

TEXT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
_HTML_SUFFIXES = (".html", ".htm")
_HTML_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


def doc_id_for(path: str, text: str) -> str:
    """Return a short stable id: the file stem plus a hash of the text."""
    stem = Path(path).stem or "text"
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem}-{digest}" if not stem.endswith(digest) else stem


def decode(data: bytes, where: str, encoding: str = "utf-8") -> str:
    """Return the text of ``data``; raise InputError naming ``where`` when it is not text."""
    if not data.strip():
        raise InputError(f"{where}: the file is empty.")
    if data.startswith(b"\xef\xbb\xbf") and encoding.lower().replace("-", "") in ("utf8", "utf8sig"):
        data = data[3:]
    sample = data[:65536]
    # Control bytes mean binary only in an ASCII-compatible encoding: UTF-16 and UTF-32
    # text is full of NUL bytes, so for those only the decoded text is checked (below).
    if _ascii_compatible(encoding) \
            and len(_CONTROL_BYTES.findall(sample)) > max(1, len(sample) * _MAX_CONTROL_SHARE):
        raise InputError(f"{where}: this is a binary file, not text.")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: the file is not valid {encoding.upper()} (byte {exc.start} is 0x{data[exc.start]:02x});"
            f" convert it to UTF-8 or pass --encoding."
        ) from None
    except LookupError:
        raise InputError(f"{where}: unknown text encoding {encoding!r}.") from None
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(1, len(text[:65536]) * _MAX_CONTROL_SHARE):
        raise InputError(f"{where}: this is a binary file, not text.")
    if controls:
        # A stray NUL or bell must not break sentence splitting; same length keeps offsets.
        text = _CONTROL.sub(" ", text)
    return text


def _ascii_compatible(encoding: str) -> bool:
    """True when ``encoding`` writes ASCII as ASCII bytes (UTF-8, Latin-1, CP1252...)."""
    try:
        return "a\n\t".encode(encoding) == b"a\n\t"
    except (LookupError, UnicodeError):
        return True  # an unknown encoding is reported when decoding


def html_to_text(raw: str) -> tuple[str, tuple[int, ...], str]:
    """Return (visible text, offset of each character in ``raw``, page title)."""
    from routes.html_text import VisibleText  # html.parser only when a page is read

    parser = VisibleText(raw)
    parser.feed(raw)
    parser.close()
    return "".join(parser.parts), tuple(parser.offsets), " ".join(parser.title.split())


def is_html(path: str, text: str) -> bool:
    return path.lower().endswith(_HTML_SUFFIXES) or bool(_HTML_START.match(text[:1024]))


def document_from_text(text: str, path: str = "<text>", *, doc_id: str | None = None) -> Document:
    """Return a Document for text already in memory (HTML pages reduced to visible text)."""
    if not text.strip():
        raise InputError(f"{path}: the text is empty.")
    title = ""
    offsets = None
    if is_html(path, text):
        text, offsets, title = html_to_text(text)
        if not text.strip():
            raise InputError(f"{path}: the HTML page has no visible text.")
    if not title:
        title = _first_line(text)
    return Document(id=doc_id or doc_id_for(path, text), path=path, text=text, title=title,
                    source_offsets=offsets)


_GLUED = re.compile(r"\b(?!Mc|Mac)[A-Z]?[a-z]{2,}[A-Z][a-z]")


_CAMEL = re.compile(r"[A-Z](?<=[a-z][A-Z])[a-z]")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what \w matches


def _glued(line: str) -> bool:
    """``_GLUED.search(line)``, fast: looks only around a lower-upper-lower triple."""
    for m in _CAMEL.finditer(line):
        k = s = m.start()  # the capital glued to a lowercase run
        while s > 0 and "a" <= line[s - 1] <= "z":
            s -= 1
        if k - s < 2:
            continue
        if s == 0 or not _is_word_char(line[s - 1]):
            return True
        if "A" <= line[s - 1] <= "Z" and (s == 1 or not _is_word_char(line[s - 2])) \
                and not line.startswith(("Mc", "Mac"), s - 1):
            return True
    return False


def _first_line(text: str) -> str:
    """Return the headline: the first of the opening lines that reads like one.

    Mastheads ("The Washington PostDemocracy Dies in Darkness") and bylines come
    before headlines in pasted articles; a headline has a verb-like lowercase word or
    a colon and is not the site name, so prefer the first line with 6+ words that
    has no words glued together by scraping.

    Works on the raw lines: whitespace is collapsed only in the part that is
    returned, never across a whole (maybe megabytes long) line.
    """
    lines = _opening_lines(text, 6)
    for line in lines:
        head = _collapsed_head(line)
        if (len(line.split(None, 5)) == 6 and not line.rstrip().endswith((".", "?")) or ":" in head[:120]) \
                and not _glued(line):  # "PostDemocracy": a scraped masthead, not a headline
            return head[:200]
    return _collapsed_head(lines[0])[:200] if lines else ""


def _collapsed_head(line: str, need: int = 200) -> str:
    """At least the first ``need`` characters of ``" ".join(line.split())``."""
    if len(line) > 4 * need:
        # Collapsing a prefix gives a prefix of the collapsed line.
        head = " ".join(line[:4 * need].split())
        if len(head) >= need:
            return head
    return " ".join(line.split())


def _opening_lines(text: str, count: int) -> list[str]:
    """The first ``count`` non-blank lines of ``text`` (as they are, not stripped).

    Reads a growing prefix (4 KB, then 16 KB, ...) instead of splitting the whole
    text: a 50 MB book needs its first lines only. A prefix may cut a line (or a
    CR LF) in two, so its last line counts only when the prefix is the whole text.
    """
    size = 4096
    while True:
        whole = size >= len(text)
        chunk = text if whole else text[:size]
        raw = chunk.splitlines()
        if not whole:
            raw.pop()  # perhaps cut short
        lines = []
        for line in raw:
            if not line.isspace() and line:
                lines.append(line)
                if len(lines) == count:
                    return lines
        if whole:
            return lines
        size *= 4


def read_document(path: str | os.PathLike, *, encoding: str = "utf-8") -> Document:
    """Return the Document stored at ``path``; raise InputError with the reason otherwise."""
    from routes.files import MAX_TEXT_BYTES, read_limited

    where = str(path)
    p = Path(path)
    if not p.exists():
        raise InputError(f"{where}: no such file or folder.")
    if p.is_dir():
        raise InputError(f"{where}: is a folder, not a text file.")
    data = read_limited(path, limit=MAX_TEXT_BYTES, what="text file")
    return document_from_text(decode(data, where, encoding), where)


def expand_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[str]:
    """Yield files named by ``paths``, folders expanded to their text files in name order.

    Raises InputError for a missing path or a folder with no text or journey files.
    """
    for path in paths:
        p = Path(path)
        if p.is_dir():
            try:
                files = sorted(str(f) for f in p.iterdir()
                               if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES + (".json",))
            except OSError as exc:
                raise InputError(f"{p}: the folder cannot be read ({exc.strerror or exc}).") from None
            if not files:
                raise InputError(f"{p}: the folder has no text files (.txt, .md, .html) or journey files (.json).")
            yield from files
        elif not p.exists():
            raise InputError(f"{p}: no such file or folder.")
        else:
            yield str(p)
