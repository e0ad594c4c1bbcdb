"""What the journey stage knows of each place mention (an observation) and of each place
told as a stop (a group of observations): shared by :mod:`routes.journey`, which makes
them, and :mod:`routes.order`, which orders them, so neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from routes.model import Document, Evidence, Mention, Place


@dataclass
class Observation:
    """One mention judged in its clause."""

    mention: Mention
    doc: Document
    status: str  # "stop" | "planned" | "excluded"
    reason: str
    pos: float  # relative position in the document, 0..1
    date: Optional[str] = None
    mode: str = "unknown"
    before: bool = False  # "before arriving in X": X comes after the other stops of its sentence
    before_opens: bool = False  # ... and the sentence opens with it ("Before arriving in X, ...")
    via: bool = False  # "reached Turin by Mont Cenis": passed on the way to the stop named before it
    returning: bool = False  # "returned to Paris": back at a place already visited
    located: bool = False  # a locative word stands right before the name ("bei", "in", "at")
    source: bool = False  # "flying from Rome": the place left, before the other stops of its sentence
    clause_start: int = 0  # where the name's clause starts in the document
    heading: bool = False  # a diary heading: written here, at the end of the entry's travel
    earlier: bool = False  # told in the pluperfect ("had traveled from Kyiv"): before the story's events
    homeward: bool = False  # "on the way back stopped in Warsaw": after every stop told before it
    then: bool = False  # "..., and thence up the Parana to Santa Fe": the next stop in sequence
    year: Optional[int] = None  # the year its clause names ("in 1975 she emigrated to Chicago")
    sets_out: bool = False  # "Before leaving Washington, ...": the trip starts here
    en_route: bool = False  # "drove to Cheyenne, stopping in Fort Collins": before the stop told before it
    prior: bool = False  # "ends in London after shows in Dublin": before the sentence's other stops
    latest: bool = False  # "E7 has touched down in New Zealand": a lede's present perfect, the latest state
    listed_after: Optional["Observation"] = None  # "stops in Nairobi, Addis Ababa and Lagos": the one listed before

    def evidence(self) -> Evidence:
        m = self.mention
        s, e = m.sentence_start, m.sentence_start + len(m.sentence)
        quote = " ".join(m.sentence.split())
        if len(quote) > 320:
            left = max(s, m.start - 150)
            right = min(e, m.end + 150)
            quote = "… " + " ".join(self.doc.text[left:right].split()) + " …"
        return Evidence(doc_id=self.doc.id, path=self.doc.path, start=m.start, end=m.end,
                        quote=quote, reason=self.reason)


@dataclass
class Group:
    """Every travelled/planned observation of one place, across documents."""

    place: Place
    obs: list[Observation] = field(default_factory=list)
    returning: bool = False  # the second visit of a round trip

    @property
    def planned(self) -> bool:
        return all(o.status == "planned" for o in self.obs)

    def telling(self) -> list[Observation]:
        """The observations that tell this stop best, in reading order: the travelled ones,
        and rather those with a cue of their own than those only listed with others ("a
        trip that will take him to Papua New Guinea, East Timor and Singapore" ...
        "finishing the trip in Singapore on Sept. 13")."""
        told = [o for o in self.obs if o.status == "stop"] or self.obs
        return sorted([o for o in told if not o.reason.startswith("named together with")] or told,
                      key=lambda o: o.pos)

    @property
    def pos(self) -> float:
        return self.telling()[0].pos
