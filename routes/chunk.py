"""Long texts in pieces: geoparse a document chunk by chunk.

Resolution weighs every name of a text against every other (coherence), so its
cost grows with the square of the distinct names; and the mentions of a 50 MB
text do not fit comfortably in memory at once. A text longer than ``CHUNK_CHARS``
is therefore read in chunks that end at a paragraph or a sentence, each chunk
recognised and resolved with its own context, and the mentions come out chunk by
chunk with offsets into the whole text. A text shorter than that is one chunk,
read exactly as before.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from routes.model import Document, Mention

CHUNK_CHARS = 20_000  # about 3,000 words: a long news feature; beyond it coherence costs grow fast
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """Yield (start, end) pieces of ``text`` of at most ``size`` characters that cover it.

    A piece ends after the last paragraph break in its second half, else after the
    last sentence end, else at the last whitespace; a run of ``size`` characters with
    no whitespace at all is cut where it must be.
    """
    if size < 2:
        raise ValueError("chunk size must be at least 2 characters")
    start, n = 0, len(text)
    while n - start > size:
        limit = start + size
        floor = start + size // 2
        cut = None
        for pattern in (_PARAGRAPH, _SENTENCE_END, _SPACE):
            last = None
            for m in pattern.finditer(text, floor, limit):
                last = m
            if last is not None and last.end() <= limit:
                cut = last.end()
                break
        if cut is None or cut <= start:
            cut = limit
        yield start, cut
        start = cut
    if start < n or n == 0:
        yield start, n


def _shifted(mentions: list[Mention], offset: int) -> list[Mention]:
    if not offset:
        return mentions
    return [Mention(doc_id=m.doc_id, start=m.start + offset, end=m.end + offset, text=m.text,
                    sentence=m.sentence, sentence_start=m.sentence_start + offset, kind=m.kind,
                    place=m.place, candidates=m.candidates, confidence=m.confidence, reason=m.reason)
            for m in mentions]


def iter_mentions(doc: Document, gazetteer, size: int = CHUNK_CHARS) -> Iterator[list[Mention]]:
    """Yield the resolved mentions of ``doc``, one list per chunk, in text order."""
    from routes.extract import Extractor
    from routes.resolve import Resolver

    extractor, resolver = Extractor(gazetteer), Resolver(gazetteer)
    for start, end in chunk_bounds(doc.text, size):
        piece = doc if (start, end) == (0, len(doc.text)) else replace(
            doc, text=doc.text[start:end], source_offsets=None)
        mentions = extractor.extract(piece)
        yield _shifted(resolver.resolve(mentions, piece.text), start)
