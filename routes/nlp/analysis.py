"""A document analysed once: its language, tokens with lemmas, sentences and clauses.

The tokens keep their character offsets, so a frame's evidence can be quoted back and a
place mention (found by :mod:`routes.extract`) is matched to the tokens it covers.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from routes.nlp.lexicon import Lexicon, lexicon
from routes.text import sentences

# Words (with inner hyphens and apostrophes), an English "n't", a French or Italian
# elided article or pronoun ("l'", "s'", "qu'"), a possessive "'s", or one other character.
_TOKEN = re.compile(r"\w+(?=n['’]t\b)|n['’]t\b|(?:qu|[ldjmnstc])['’](?=\w)|\w+(?:[-.]\w+)*|['’]s\b|['’]ll\b|\S",
                    re.I)
_BREAK_PUNCT = frozenset(";:—–()[]\"“”")


class Token(NamedTuple):
    i: int  # index in the document
    text: str
    lower: str
    lemma: str
    start: int
    end: int

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def word(self) -> bool:
        return self.text[:1].isalnum()


@dataclass
class Analysis:
    """Tokens, sentence and clause bounds of one document, in its language."""

    text: str
    language: str
    lex: Lexicon
    tokens: list[Token] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    sentence_bounds: list[tuple[int, int]] = field(default_factory=list)  # token index ranges
    clause_of: list[int] = field(default_factory=list)  # token index -> its clause's first token
    clause_end: dict[int, int] = field(default_factory=dict)  # clause first token -> end (exclusive)
    sentence_of: list[int] = field(default_factory=list)

    def token_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def tokens_between(self, start: int, end: int) -> range:
        return range(bisect_left(self.starts, start), bisect_left(self.starts, end))

    def clause(self, i: int) -> range:
        first = self.clause_of[i]
        return range(first, self.clause_end[first])

    def sentence(self, i: int) -> range:
        s, e = self.sentence_bounds[self.sentence_of[i]]
        return range(s, e)

    def previous_clause(self, i: int) -> Optional[range]:
        first = self.clause_of[i]
        s, _ = self.sentence_bounds[self.sentence_of[i]]
        if first <= s:
            return None
        return self.clause(first - 1)


def _tokenise(text: str, lex: Lexicon) -> list[Token]:
    out = []
    lemma = lex.lemma
    for n, m in enumerate(_TOKEN.finditer(text)):
        t = m.group(0)
        low = t.lower().replace("’", "'")
        out.append(Token(n, t, low, lemma(low), m.start(), m.end()))
    return out


def analyse(text: str, language: Optional[str] = None) -> Analysis:
    """Return the analysis of ``text``; its language is guessed once when not given."""
    if language is None:
        from routes.extract import guess_language

        language = guess_language(text)
    lex = lexicon(language)
    toks = _tokenise(text, lex)
    a = Analysis(text=text, language=language, lex=lex, tokens=toks, starts=[t.start for t in toks])
    a.sentence_of = [0] * len(toks)
    a.clause_of = [0] * len(toks)
    openers = lex.marker("clause_openers")
    for sent in sentences(text):
        s = bisect_left(a.starts, sent.start)
        e = bisect_left(a.starts, sent.start + len(sent.text))
        if s >= e:
            continue
        k = len(a.sentence_bounds)
        a.sentence_bounds.append((s, e))
        first = s
        for i in range(s, e):
            a.sentence_of[i] = k
            t = toks[i]
            if i > first and (t.text in _BREAK_PUNCT or (t.text == "-" and toks[i - 1].end < t.start
                                                        and i + 1 < e and toks[i + 1].start > t.end)):
                a.clause_end[first] = i
                first = i  # the break starts the next clause ("— and then")
            elif i > first and t.text == "," and i + 1 < e and (toks[i + 1].lower in openers or lex.verb_final):
                # German sets off every clause with commas; English and French only before
                # a word that opens one
                a.clause_end[first] = i
                first = i
            a.clause_of[i] = first
        a.clause_end[first] = e
    return a
