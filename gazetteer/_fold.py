"""Name folding: the key under which every gazetteer name is indexed.

Two spellings that a reader would take for the same name should fold to the same key:
case, accents, apostrophes and hyphens, and the commonest Russian transliteration
variants (``-iy``/``-y``, ``kray``/``krai``) are folded away. Folding is applied to the
stored names and to the query alike, so a rule only has to be consistent, not right.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold"]

# Combining diacritics only (Latin, Greek, Cyrillic accents). Marks that carry
# vowels in Indic or Arabic scripts stay: dropping them would merge unrelated names.
_MARK_RANGES = ((0x0300, 0x036F), (0x0483, 0x0489), (0x1AB0, 0x1AFF),
                (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
_DROP_MARKS = {cp: None for lo, hi in _MARK_RANGES for cp in range(lo, hi + 1)}
# The same as a regular expression: sub() scans in C, translate() looks up each character.
_MARKS = re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _MARK_RANGES) + "]+")

# Letters that NFKD does not split into base + mark.
_LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i", "þ": "th",
            "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l", "ſ": "s"}

# Apostrophes and modifier letters used in romanisations (P'yŏngyang, Kazan')
# vanish; separators become a space.
_APOSTROPHES = "'\u2019\u2018\u02bc\u02bb\u02b9\u02bf\u02be`\u00b4\u2032\u201b\""
_SEPARATORS = "-\u2010\u2011\u2012\u2013\u2014\u2015_.,;:/()[]\u00b7\u30fb"
# Invisible format characters (direction marks, zero-width joiners, BOM).
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff\u00ad"
_TABLE = str.maketrans({**{c: None for c in _APOSTROPHES + _INVISIBLE},
                        **{c: " " for c in _SEPARATORS}, **_LETTERS})
# The same table for ASCII text, as bytes: bytes.translate is a plain 256-byte lookup,
# several times faster than str.translate with a dict (most names are ASCII).
_ASCII_SEPARATORS = "".join(c for c in _SEPARATORS if c.isascii()).encode("ascii")
_ASCII_TABLE = bytes.maketrans(_ASCII_SEPARATORS, b" " * len(_ASCII_SEPARATORS))
_ASCII_DELETE = "".join(c for c in _APOSTROPHES + _INVISIBLE if c.isascii()).encode("ascii")

# Russian transliteration variants at the end of a word: Primorskiy/Primorskij/
# Primorsky, Kray/Kraj/Krai. Applied to both sides, so "Bombay" folds to
# "bombai" harmlessly.
_END_Y = re.compile(r"(?<=[a-z])(?:iy|yy|ij|yj|ii)\b")
_END_AI = re.compile(r"(?<=[a-z])(?:ay|aj)\b")
# Matches wherever either rule above would: one search instead of two substitutions
# for the many names that end in "y" without being a transliteration variant.
_END_ANY = re.compile(r"[a-z](?:iy|yy|ij|yj|ii|ay|aj)\b")


def fold(text: str) -> str:
    """Return the lookup key of a place name (lower case, no accents, single spaces).

    >>> fold("P'yŏngyang"), fold("Primorskiy Kray") == fold("Primorsky Krai")
    ('pyongyang', True)
    """
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    if text.isascii():
        # (Now) ASCII: NFC changes nothing, casefold() is lower(), _TABLE acts as
        # the byte tables.
        text = text.lower().encode("ascii").translate(_ASCII_TABLE, _ASCII_DELETE).decode("ascii")
    else:
        text = unicodedata.normalize("NFC", text).casefold().translate(_TABLE)
    text = " ".join(text.split())
    if ("y" in text or "j" in text or "ii" in text) and _END_ANY.search(text):
        text = _END_AI.sub("ai", _END_Y.sub("y", text))
    return text
