"""Dates in travel texts: found once per document, read as ISO 8601 or as written.

"On 26 February 1815", "Wednesday", "den 6. September", "le 13 juillet 1806": the
patterns are in :mod:`routes.cues`; this module finds them, ties each stop to the date
written nearest it, and turns dates into keys that order a journey.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Optional

from routes import cues
from routes.model import Mention

_DATE_RIGHT_AFTER = re.compile(r"\s*,?\s*(?:(?:on|am|le)\s+)?")
_DAY_PART = re.compile(cues.DAY_PARTS + "$", re.I)


class Dates:
    """Every date of a document, found in one pass and looked up by position."""

    @staticmethod
    def iso_of(observations) -> Optional[str]:
        """Return the ISO 8601 date (YYYY-MM-DD) of a stop told by ``observations`` (in
        reading order), or None: see :func:`stop_iso_date`."""
        return stop_iso_date(observations)

    def __init__(self, text: str) -> None:
        self.found = [(m.start(), m.end(), m.group(0)) for m in cues.DATE.finditer(text)]
        self.starts = [d[0] for d in self.found]

    def _within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect_left(self.starts, start)
        out = []
        while i < len(self.found) and self.found[i][0] < end:
            if self.found[i][1] <= end:
                out.append(self.found[i])
            i += 1
        return out

    def near(self, m: Mention, after: str, left: int, right: int, clause: str) -> Optional[str]:
        """The date of a stop: one written right after the name ("Lyon on 10 March"),
        else the last one before it in its clause, else the clause's first, else, for a
        clause that goes on from the one before ("..., and take a helicopter to Mosul"),
        the last date of the sentence before it."""
        gap = _DATE_RIGHT_AFTER.match(after)
        at = m.end + (gap.end() if gap else 0)
        i = bisect_left(self.starts, at)
        if gap and i < len(self.found) and self.found[i][0] == at and self.found[i][1] <= right:
            return as_written(self.found[i][2])
        before = self._within(left, m.start)
        if before:
            return as_written(before[-1][2])
        inside = self._within(left, right)
        if inside:
            return as_written(inside[0][2])
        if cues.CONTINUES.match(clause):
            lead = self._within(m.sentence_start, left)
            if lead:
                return as_written(lead[-1][2])
        return None


_WEEKDAY_NUMBER = {name: i % 7 for i, name in enumerate(cues.WEEKDAYS.lower().split("|"))}


def weekday(date: Optional[str]) -> Optional[int]:
    """0 (Monday) to 6 (Sunday) for a date written as a bare weekday ("Freitag",
    "Donnerstagabend"), else None."""
    word = (date or "").strip().lower()
    return _WEEKDAY_NUMBER.get(word, _WEEKDAY_NUMBER.get(_DAY_PART.sub("", word)))


def as_written(text: str) -> Optional[str]:
    """Return the first date in ``text``: ISO 8601 when it names day, month and year,
    else as written ("Wednesday", "October 3rd")."""
    m = cues.DATE.search(text)
    if not m:
        return None
    written = re.sub(r"^on\s+", "", " ".join(m.group(0).split()), flags=re.I)
    year = m.group("year2") or m.group("year3")
    key = month_day(written)
    if year and key:
        return f"{int(year):04d}-{key[0]:02d}-{key[1]:02d}"
    return written


_MONTH_NUMBER = {
    "jan": 1, "feb": 2, "fév": 2, "mar": 3, "mär": 3, "apr": 4, "avr": 4, "may": 5, "mai": 5, "jun": 6,
    "jui": 7, "jul": 7, "aug": 8, "aoû": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12,
    "dez": 12, "déc": 12,
}


def month_day(date: Optional[str]) -> Optional[tuple[int, int]]:
    """Return (month, day) for a written date that names both, else None."""
    if not date:
        return None
    m = cues.DATE.search(date)
    if not m:
        return None
    month = m.group("month1") or m.group("month2") or m.group("month3")
    day = m.group("day1") or m.group("day2") or m.group("day3")
    if not month or not day:
        return None
    word = month.strip(".").lower()
    number = _MONTH_NUMBER.get(word[:3])
    if word.startswith("juin") or word == "june":
        number = 6
    return (number, int(day)) if number else None


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DateKey = tuple[Optional[int], Optional[int], Optional[int]]  # year, month, day


def date_key(date: Optional[str], year: Optional[int] = None) -> Optional[DateKey]:
    """(year, month, day) of a stop, as far as the text gives them: an ISO date, a
    written month and day with the clause's year, or the clause's year alone."""
    iso = _ISO.match(date or "")
    if iso:
        return int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    md = month_day(date)
    if md:
        return year, md[0], md[1]
    return (year, None, None) if year else None


def later(a: Optional[DateKey], b: Optional[DateKey]) -> bool:
    """True when date ``a`` is surely after ``b``: years decide when both have one, month
    and day when both have them in the same (or in no) year."""
    if not a or not b:
        return False
    if a[0] and b[0] and a[0] != b[0]:
        return a[0] > b[0]
    if (a[0] is None) != (b[0] is None) or a[1] is None or b[1] is None:
        return False
    return (a[1], a[2]) > (b[1], b[2])


_ISO_ANY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# the head of a news story: its first lines, where a dateline or a publication date stands
_HEAD_CHARS = 600


def iso_date(text: Optional[str], year: Optional[int] = None) -> Optional[str]:
    """Return ``text`` as an ISO 8601 date (YYYY-MM-DD), or None when it names no day.

    ``text`` is a date as written ("26 February 1815", "Sept. 13", "le 13 juillet") or
    already ISO; a year the text does not give is ``year`` (the clause's or the
    document's). A date that does not exist (30 February) is None, and so is a weekday
    alone ("Wednesday"): which Wednesday is not written.

    >>> iso_date("Sept. 13", 2023), iso_date("le 13 juillet 1806"), iso_date("Wednesday", 2023)
    ('2023-09-13', '1806-07-13', None)
    """
    import datetime

    text = (text or "").strip()
    if not text:
        return None
    found = _ISO_ANY.match(text)
    if found:
        y, m, d = (int(g) for g in found.groups())
    else:
        md = month_day(text)
        if not md:
            return None
        written = cues.DATE.search(text)
        own = written.group("year2") or written.group("year3") if written else None
        y = int(own) if own else year
        if not y:
            return None
        m, d = md
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def document_year(text: str) -> Optional[int]:
    """Return the year a document is written in, as far as it says: a year in its head
    (the dateline or publication line of a news story), else the latest year it names
    (a story tells of its own time last), else None."""
    head = cues.YEAR.findall(text[:_HEAD_CHARS])
    if head:
        return int(head[0])
    years = [int(y) for y in cues.YEAR.findall(text)]
    return max(years) if years else None


_DOC_YEARS: dict[str, Optional[int]] = {}


def stop_iso_date(observations) -> Optional[str]:
    """Return the ISO date of a stop from the first of its observations that has a date:
    the date as written, in its clause's year, else in its document's year
    (:func:`document_year`), or None."""
    for o in observations:
        if not o.date:
            continue
        year = o.year
        if not year:
            key = o.doc.id
            if key not in _DOC_YEARS:
                if len(_DOC_YEARS) > 256:
                    _DOC_YEARS.clear()
                _DOC_YEARS[key] = document_year(o.doc.text)
            year = _DOC_YEARS[key]
        return iso_date(o.date, year)
    return None
