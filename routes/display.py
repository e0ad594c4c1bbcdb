"""The name a stop is shown by: the one its text uses.

A gazetteer's main name is often the local official form ("Thị Trấn Đồng Đăng",
"Moskva", "Köln" in an English story that says "Cologne"); the reader of a map made
from a text knows the place by the text's name ("Dong Dang"). The written form wins
when it is a real name: not an abbreviation ("U.S."), not shouted in capitals (a
dateline's "MOSCOW"), and a name the gazetteer itself knows for the place, which the
matcher guarantees for every resolved mention.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable

_POSSESSIVE = re.compile(r"['’]s?$")
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "þ": "th"})
MIN_LETTERS = 3  # "Rome" yes, "UK" or "NY" no


def _written(text: str) -> str:
    return " ".join(_POSSESSIVE.sub("", text).split())


def _usable(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    if len(letters) < MIN_LETTERS or "." in form:
        return False  # an abbreviation
    if form.isupper():
        return False  # a dateline or a headline in capitals
    return form[:1].isupper()


def _fold(name: str) -> str:
    """Case and accents folded: "Przemysl" and "Przemyśl" are one spelling."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_LETTERS)


def display_name(gazetteer_name: str, forms: Iterable[str], known: Iterable[str] = ()) -> str:
    """The most frequent usable written form of a place, else its gazetteer name.

    A written form is used only when it is another name of the place, one of ``known``
    (so a misspelling the fuzzy matcher forgave, "Straubin", is not shown), and not the
    gazetteer name without its accents or capitals ("Przemysl", "malaga"): there the
    gazetteer's spelling is the better one.
    """
    names = {_fold(n) for n in known}
    own = _fold(gazetteer_name)
    counts: Counter = Counter()
    for f in (_written(t) for t in forms):
        folded = _fold(f)
        if folded == own:
            counts[gazetteer_name] += 1
        elif _usable(f) and folded in names:
            counts[f] += 1
    if not counts:
        return gazetteer_name
    return max(counts.items(), key=lambda kv: (kv[1], kv[0] == gazetteer_name))[0]
