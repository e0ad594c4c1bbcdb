"""Stage 4: from resolved mentions to the journey actually travelled.

A place becomes a stop only when its own clause moves the traveller to, through or
from it ("arrived in", "pulled up to the border town of", "nach", "via"). Datelines,
governments by metonymy, other people's or earlier trips, and regions that merely
contain the stops are excluded, each with its reason and quote. The stops are then
put in travel order (:mod:`routes.order`), with their dates (:mod:`routes.dates`).
When a head of state arrives from abroad and the text never names the start, the
capital of their country is added as an inferred origin; a trip that ends by
returning to a place began there.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import replace
from typing import Iterable, Optional, Sequence

from routes import cues
from routes.errors import NoJourneyError
from routes.extract import unsupported_language
from routes.dates import Dates
from routes.display import display_name
from routes.distance import place_km as _km
from routes.model import Document, Evidence, Exclusion, Journey, Mention, Place, Stop
from routes.nlp import analyse, frame_for
from routes.nlp.frames import NOT_TRAVEL, _modality, _noun_phrase_start, _preposition, continues
from routes.nlp.traveller import (Traveller, find_traveller, mentioned_in, other_person, subject_of,
                                  traveller_before)
from routes.observation import Group as _Group, Observation as _Obs
from routes.order import only_returned, travel_order

_CLAUSE_BREAK = re.compile(
    r"[;:—–]|--|,\s+(?=(?:where|who|which|when|while|before|after|but|and|then|according|"
    r"as|although|though|just|not|sending|citing|saying|wo|als|nachdem|und|aber|denn|da|so|weil|"
    r"où|qui|et|mais|puis|quand)\b)|\((?!\w+\))|\)",
    re.I,
)
_NON_TRAVEL = re.compile(r"\breach\w*\s+out\b|\bturn\w*\s+to\b|\blook\w*\s+to\b|"
                         r"\bsen(?:t|d\w*)\b(?:\s+[\w'’]+){0,4}?\s+(?:to|through|into|across|via)\b|\bsent\b|\bsend\w*\b|"
                         r"\b(?:went|goes|go|gone|going)\s+off\b|\bcame\s+to\s+(?:light|power|an?\s+end)\b|"
                         r"\b(?:wrote|writ\w*|letters?|telegraph\w*|cabled|phoned|mailed|posted)\b(?:\s+[\w'’]+){0,3}?"
                         r"\s+(?:to|from)\b", re.I)
_VIA = re.compile(r"\b(?:by|via|through|by\s+way\s+of|über|durch|par)\s+(?:the\s+)?$", re.I)
_RETURN = re.compile(r"\b(?:return\w*|came\s+back|got\s+back|back\s+(?:home\s+)?(?:to|in|at)|zurück\w*|"
                     r"heimgekehrt|retour\w*|rentr\w*|revenu\w*)\b(?:\s+(?!via\b|through\b|by\b|(?:I|we|he|she|they|ich|wir|er|sie|je|nous|il|elle|ils)\b)[\w'’]+){0,3}?\s*$",
                     re.I)  # not the place passed on the way back ("Return to Florence via Certaldo")
_RETURN_AFTER = re.compile(r"^\s+(?:[\w'’]+\s+){0,3}?zurück\w*\b", re.I)  # "kehrt er nach Berlin zurück"
_LOCATED = re.compile(r"\b(?:in|at|near|by|past|to|from|through|bei|bis|gegen|nach|über|durch|zwischen|und|von|"
                      r"à|près\s+de|vers|par|entre)\s+(?:\w+\s+)?$", re.I)
_FROM = re.compile(r"\b(?:from|left|leaves?|leaving|departed|departing|set\s+(?:out|off|sail)\s+from|von|aus|depuis)\s+"
                   r"(?:the\s+)?$", re.I)
_WATER = ("river", "lake", "sea")
_REGIONAL = ("country", "admin1", "admin2", "continent", "region")
_EVENT = re.compile(r"\b(?:summit|meeting|talks|visit|ceremony|conference|tour|hosted|held)\b", re.I)
NO_TRAVEL = "mentioned, but nobody travels there in the text"


class LanguageWarning(UserWarning):
    """A text is in a language the journey rules do not read; its places are listed in reading order."""
FIRST_PERSON_PER_100 = 1.5  # narratives run at 2-5 per 100 words, news at about 0.5
WINDOW_BEFORE, WINDOW_AFTER = 70, 45  # characters around a name where a weak cue needs its verb
VERB_REACH = 40  # characters before a weak cue where its travel verb may stand
CORRIDOR_DETOUR = 1.25  # a place on the way adds at most a quarter to the direct distance
NEGATION_REACH = 50  # characters before a name where "not", "never", "instead of" deny its trip
MERGE_KM = 2.0  # two names closer than this are one stop (a station and its town)


def _clause(text: str, sent_start: int, sent_end: int, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the clause of the sentence that holds [start, end)."""
    left, right = sent_start, sent_end
    for m in _CLAUSE_BREAK.finditer(text, sent_start, sent_end):
        if m.end() <= start:
            left = m.end() if m.group(0)[0] not in ",(" else m.start() + 1
        elif m.start() >= end:
            right = m.start()
            break
    return left, right


_SUBORDINATOR = re.compile(r"\b(?:after|before|when|while|because|since|until|although|but|nachdem|bevor|"
                           r"weil|aber|après|avant|quand|parce|mais)\b", re.I)


def _first_subordinator(text: str) -> int:
    m = _SUBORDINATOR.search(text)
    return m.start() if m else len(text)


def _last_subordinator(text: str) -> int:
    """Offset where the last subordinate clause before a name starts (0 if none).

    Time words ("two months after", "years before") stay attached to their clause,
    so the cut goes before the subordinator and its quantity.
    """
    last = None
    for m in _SUBORDINATOR.finditer(text):
        last = m
    if last is None:
        return 0
    quantity = re.search(r"(?:\b\w+\s+){0,2}(?:hours?|days?|weeks?|months?|years?)\s+$", text[:last.start()])
    return quantity.start() if quantity else last.start()


_COMMA_AFTER = re.compile(r"^\s*,")
_PARENTHETICAL = re.compile(r"(?:^|,)\s*(?:who|which|whose|where|when|wo|qui)\b[^,;.]*,", re.I)
_AT_ONLY = re.compile(r"^\s*(?:at|in|near|bei|zu|à|au|en)\s+(?:the\s+)?$", re.I)  # "At Fort Laramie."
_SAID_IN = re.compile(r"\b(?:said|says|told\s+\w+|announced|stated|declared|reported)\s+(?:\w+\s+)?(?:in|at)\s+$",
                      re.I)
# German puts the participle last: "Zuvor hatte er in Berlin die Wirtschaftsvertreter getroffen".
_GERMAN_PLUPERFECT = re.compile(r"\b(?:hatte\w*|war|waren)\b.*\bge\w+(?:en|t)\s*[.,;]?\s*$", re.I)
_AND = re.compile(r"\b(?:and|und|et)\b", re.I)
_OPENS_WITH_BEFORE = re.compile(r"\W*(?:before|en\s+route|on\s+(?:the|his|her|their|its)\s+way)\b", re.I)
_THEN_ON = re.compile(r"^\s*,\s*(?:and\s+)?(?:then|thence|dann|puis)\b", re.I)
_CHAIN_NEXT = re.compile(r"^\s*,?\s*(?:(?:and|und|et)\s+)?(?:(?:then|thence|dann|puis)\s+)?(?:on\s+)?"
                         r"(?:to|into|towards?|nach|vers)\s+(?:the\s+)?$", re.I)
_THEN_TO = re.compile(r"^[^.;:!?]{0,40}?\b(?:then|thence|dann|puis)\b[^.;:!?]{0,30}?\b"
                      r"(?:to|into|towards?|nach|vers)\s+(?:the\s+)?$", re.I)  # ", and thence up the Parana to"
_LIST_GOES_ON = re.compile(r"\s*(?:,|and\b|und\b|et\b|&)", re.I)
_CHAIN_GAP = re.compile(r"^[^.;:!?]{0,40}?\b(?:to|into|towards?|via|through|on\s+to|nach|über|vers|jusqu['’]à)\s+"
                        r"(?:the\s+)?$", re.I)
_REGION_WORDS = frozenset("state province county region oblast krai governorate prefecture parish territory "
                          "district department".split())
_TOWN_KINDS = frozenset("capital city town village".split())


_BY_THEN = re.compile(r"\bby\s+(?:the\s+time|then|now|evening|morning|noon|night|nightfall|dusk|dawn|midday|"
                      r"afternoon|the\s+\w+|\w+day|\d)", re.I)


def _pluperfect(lead: str) -> bool:
    """True when the sentence up to the name is in the pluperfect ("He had traveled by train
    from Kyiv"), not the past-in-past of a time point ("By evening we had reached Moab")."""
    m = cues.PLUPERFECT.search(lead)
    return m is not None and not _BY_THEN.search(lead[:m.start()])


def _town_for_region(m: Mention) -> Mention:
    """One travels to a town, not to a province: "arrived in Baghdad" is the city even
    when resolution preferred the governorate of the same name (unless the text says
    "Baghdad Province")."""
    p = m.place
    if p is None or p.kind not in ("admin1", "admin2") or m.text.split()[-1].lower() in _REGION_WORDS:
        return m
    from gazetteer import fold

    for c in m.candidates:
        q = c.place
        if q.kind in _TOWN_KINDS and q.country_code == p.country_code and fold(q.name) == fold(p.name) \
                and (p.kind != "admin1" or q.admin1 == p.admin1) and _km(p, q) < 150:
            return replace(m, place=q)
    return m


def _year(told_before: str, after: str) -> Optional[int]:
    """The year of a stop: the last one its sentence names before it, or one written right
    after it ("reached Guam in March 1521"); not one further on, which is often another
    time ("encamped on the Spot we had encamped on the 1st & 2d of June 1804")."""
    found = cues.CLAUSE_YEAR.match(after.lstrip(" ,"))
    if found:
        return int(found.group(1))
    years = cues.CLAUSE_YEAR.findall(told_before)
    return int(years[-1]) if years else None


def _mode(text: str) -> str:
    for mode, pattern in cues.MODES:
        if pattern.search(text):
            return mode
    return "unknown"


_JUDGED: dict[tuple[str, int], tuple[Sequence[Mention], Document, list["_Obs"], Traveller]] = {}


class JourneyBuilder:
    """Judges mentions, groups stops across documents and orders them."""

    def __init__(self, gazetteer=None) -> None:
        self._gaz = gazetteer
        self._narrated = False
        self._last_year = 0  # the latest year the text names
        self._news = True  # the text tells of the present ("on Monday", "this week")
        self._lang = "en"
        self._frame = None  # the frame of the mention being judged
        self._foreign: Optional[str] = None  # the language of a text the rules do not read
        self._now = False  # the mention being judged is where the traveller "is" now
        self._traveller = Traveller()  # who the document being judged follows
        self._travellers: list[Traveller] = []  # one per document judged
        self._places: frozenset[int] = frozenset()  # token indexes inside place names
        self._frames: dict = {}  # (start, end) of a mention -> its frame, found once per document

    @property
    def gaz(self):
        if self._gaz is None:
            from gazetteer import Gazetteer

            self._gaz = Gazetteer.default()
        return self._gaz

    # ---------------------------------------------------------------- judging
    def _judged(self, doc: Document, mentions: Sequence[Mention]) -> list[_Obs]:
        """``judge(doc, mentions)``, once per document and mentions list: a build judges
        each text for its own map and again for the merged one. Observations are not
        changed after judging, so journeys may share them."""
        key = (doc.id, id(mentions))
        hit = _JUDGED.get(key)
        if hit is not None and hit[0] is mentions and hit[1] is doc:
            self._travellers.append(hit[3])
            return hit[2]
        obs = self.judge(doc, mentions)
        self._travellers.append(self._traveller)
        if len(_JUDGED) >= 64:
            _JUDGED.clear()
        _JUDGED[key] = (mentions, doc, obs, self._traveller)  # holding mentions keeps its id its own
        return obs

    def judge(self, doc: Document, mentions: Sequence[Mention]) -> list[_Obs]:
        """Return one observation per resolved place mention of ``doc``."""
        text = doc.text
        n = max(1, len(text))
        datelines = [(m.start(), m.end()) for m in cues.DATELINE.finditer(text)]
        doc_mode = _mode(text)
        words = max(1, len(text[:200_000].split()))
        # A diary, journal or memoir: the narrator ("I", "wir", "nous") is the traveller.
        from routes.extract import guess_language

        self._lang = guess_language(text)
        self._foreign = unsupported_language(text)
        if self._foreign:
            warnings.warn(LanguageWarning(
                f"{doc.path or doc.id}: the text looks like {self._foreign}, which the journey rules do not "
                f"read (they read English, French and German); every town it names is listed in reading order."),
                stacklevel=2)
        self._analysis = analyse(text, "und" if self._foreign else self._lang)
        self._last_year = max((int(y) for y in cues.YEAR.findall(text)), default=0)
        self._news = cues.NEWS_PRESENT.search(text) is not None
        self._find_traveller(mentions)  # its frames need the news flag of this text
        self._narrated = 100 * len(cues.FIRST_PERSON.findall(text[:200_000])) / words >= FIRST_PERSON_PER_100
        dates = Dates(text)
        modes: dict[int, str] = {}  # sentence start -> its mode of travel
        out: list[_Obs] = []
        for m in mentions:
            if m.kind != "place" or m.place is None:
                continue
            sent_end = m.sentence_start + len(m.sentence)
            left, right = _clause(text, m.sentence_start, sent_end, m.start, m.end)
            before = text[left:m.start]
            after = text[m.end:right]
            clause = text[left:right]
            sentence = m.sentence
            lead = text[m.sentence_start:left]
            status, reason = self._status(m, before, after, clause, sentence, datelines, lead,
                                          rest=text[m.end:sent_end])
            if status != "excluded":
                m = _town_for_region(m)
            mode = modes.get(m.sentence_start)
            if mode is None:
                mode = modes[m.sentence_start] = _mode(sentence)
            f = self._frame
            now = self._now
            self._frame, self._now = None, False
            obs = _Obs(mention=m, doc=doc, status=status, reason=reason, pos=m.start / n,
                       latest=status == "stop" and (f is not None and f.tense == "perfect" or now)
                       and self._in_lede(m),
                       date=dates.near(m, after, left, right, clause),
                       year=_year(text[m.sentence_start:m.start], after[:40]),
                       mode=mode if mode != "unknown" else doc_mode,
                       before=bool(cues.BEFORE_X.search(before)),
                       before_opens=bool(_OPENS_WITH_BEFORE.match(lead + before)),
                       via=bool(_VIA.search(before)) and status == "stop",
                       returning=bool(_RETURN.search(before) or _RETURN_AFTER.match(after)) and status != "excluded",
                       located=bool(_LOCATED.search(before)),
                       source=(bool(_FROM.search(before)) or reason.startswith(("where the route starts",
                                                                                 "a stop before")))
                       and status == "stop",
                       clause_start=left, heading=reason.startswith("diary heading"),
                       earlier=_pluperfect(text[m.sentence_start:m.start])
                       or (self._lang == "de" and _GERMAN_PLUPERFECT.search(clause) is not None),
                       homeward=bool(cues.HOMEWARD.search(before)) and status == "stop",
                       prior=bool(cues.AFTER_STOP.search(before)) and status == "stop",
                       en_route=bool(cues.EN_ROUTE.search(lead + before)) and status == "stop",
                       sets_out=bool(cues.BEFORE_LEAVING.search(lead + before)) and status == "stop")
            out.append(obs)
        self._coordinate(text, out)
        self._chain(text, out)
        if self._narrated:
            self._corridor(out)
        return out

    def _find_traveller(self, mentions: Sequence[Mention]) -> None:
        """Set the traveller of the document: the most frequent subject of its travel frames."""
        a = self._analysis
        places = frozenset(k for m in mentions if m.kind == "place" for k in a.tokens_between(m.start, m.end))
        self._places = places
        self._frames = {}
        predicates = []
        for m in mentions:
            if m.kind == "place" and m.place is not None:
                f = self._frames[(m.start, m.end)] = frame_for(a, m.start, m.end,
                                                               news=self._news and self._lang == "en")
                if f.travels and f.verb_index >= 0:
                    predicates.append(f.verb_index)
        self._traveller = find_traveller(a, predicates, places)

    def _someone_else(self, f, m: Mention) -> str:
        """The name of the subject of frame ``f`` when it is a person other than the
        traveller, and the traveller takes no part in the clause ("Trump is expected to
        arrive in Hanoi" in a story of Kim's trip); "" otherwise."""
        a, trav = self._analysis, self._traveller
        if not trav.known or f.verb_index < 0:
            return ""
        subj = subject_of(a, f.verb_index, self._places)
        other = other_person(a, trav, subj.start, subj.end, self._places) if trav.refers(subj) is False else ""
        if not other:
            return ""  # the traveller, or no person's name ("Air Force One landed")
        i = a.token_at(m.start)
        clause = a.clause(i) if i < len(a.tokens) else range(0, 0)
        if mentioned_in(a, trav, min(clause.start, subj.start), clause.stop, self._places):
            return ""  # "Putin welcomed Kim in Vladivostok": the traveller is there too
        return other

    @staticmethod
    def _corridor(observations: list[_Obs]) -> None:
        """In a narrated journey, a town named between two stops and lying on the way
        between them is passed through ("Bis gegen Tirschenreuth ...", "Bei Abach ...").

        Geography decides: the detour through the place must be small compared with the
        direct way, so a comparison with a far city ("Bei Frankfurt ...") stays out.
        """
        stops = [o for o in observations if o.status == "stop" and o.mention.place.kind not in _REGIONAL]
        for o in observations:
            p = o.mention.place
            if o.status != "excluded" or o.reason != NO_TRAVEL or p.kind in _REGIONAL + _WATER:
                continue
            if not o.located:
                continue
            prev = next((s for s in reversed(stops) if s.mention.start < o.mention.start), None)
            nxt = next((s for s in stops if s.mention.start > o.mention.start), None)
            if prev is None or nxt is None:
                continue
            a, b = prev.mention.place, nxt.mention.place
            direct = _km(a, b)
            detour = _km(a, p) + _km(p, b)
            if direct > 0 and detour <= CORRIDOR_DETOUR * direct and _km(a, p) > MERGE_KM:
                o.status = "stop"
                o.reason = f"named on the way from {a.name} to {b.name} (a {detour / direct:.2f}× detour)"

    @staticmethod
    def _chain(text: str, observations: list[_Obs]) -> None:
        """'carried them from Budapest to Vienna and on to Munich': within one clause, a
        place led to by "to", "into" or "via" after a travelled one continues that trip,
        and comes after it ("via Novosibirsk and Irkutsk to Vladivostok")."""
        last: Optional[_Obs] = None  # the latest stop, over names passed ("up the Parana to Santa Fe")
        for b in observations:
            a = last
            gap = text[a.mention.end:b.mention.start] if a and a.mention.sentence_start == b.mention.sentence_start \
                else None
            # ", then on to Volterra" goes on; ", where they met" does not
            if gap is not None and _CHAIN_GAP.match(gap) and not _CLAUSE_BREAK.search(_THEN_ON.sub(" ", gap)):
                if b.status == "excluded" and b.reason == NO_TRAVEL:
                    b.status, b.reason = "stop", f"the trip goes on from {a.mention.text}: “{' '.join(gap.split())}”"
                then = b.status == "stop" and bool(_THEN_TO.match(gap))
                b.then = b.then or then
                if b.status == "stop" and b.listed_after is None and (then or _CHAIN_NEXT.match(gap)):
                    b.listed_after = a  # "from Budapest to Vienna": Vienna next, whatever else moves
            if b.status == "stop":
                last = b

    @staticmethod
    def _coordinate(text: str, observations: list[_Obs]) -> None:
        """'zwischen Schwanendorf und Regenstauf', 'Paris and Lyon': the second shares the first's role."""
        for a, b in zip(observations, observations[1:]):
            if a.mention.sentence_start != b.mention.sentence_start or a.status == "excluded":
                continue
            gap = text[a.mention.end:b.mention.start]
            dated = cues.COORDINATED_DATE.match(gap)
            if dated and cues.DATE.search(dated.group("date")):
                gap = gap[dated.end():]  # "Grenoble on 7 March and Lyon"
            # "via A, B and C": a comma list goes on to its "and" ("Moab, Utah" names where
            # Moab is, not a second stop).
            qualifier = b.mention.place.kind in _REGIONAL and JourneyBuilder._contains(b.mention.place,
                                                                                      a.mention.place)
            listed = gap.strip() == "," and not qualifier and _LIST_GOES_ON.match(text, b.mention.end) is not None
            if not (cues.COORDINATION.match(gap) or listed):
                continue
            if b.status == "excluded" and b.reason == NO_TRAVEL:
                b.status, b.reason = a.status, f"named together with {a.mention.text}: {a.reason}"
            if b.status == a.status and b.listed_after is None:
                b.listed_after = a  # a list keeps its order
                b.prior = b.prior or a.prior  # "after shows in Dublin and Amsterdam"

    def _elsewhen(self, text: str) -> bool:
        """True when ``text`` sets its clause at another time or on another traveller.

        "in 1990" is another time only in a story of the present ("on Monday", "this
        week") that names no later year: a story told over years ("fled Aleppo in 2015
        ... In March 2016 they boarded") or a history ("In 1271 Marco Polo set out")
        dates its own journey with them.
        """
        if cues.ELSEWHEN.search(text):
            return True
        return self._news and any(int(y) >= self._last_year for y in cues.IN_YEAR.findall(text))

    def _status(self, m: Mention, before: str, after: str, clause: str, sentence: str,
                datelines: list[tuple[int, int]], lead: str = "", rest: str = "") -> tuple[str, str]:
        if self._foreign:
            if m.place.kind in _REGIONAL + _WATER:
                return "excluded", f"a region named in a text in {self._foreign}, which the rules do not read"
            return "stop", f"named in a text in {self._foreign}, which the rules do not read: listed in reading order"
        if any(s <= m.start < e for s, e in datelines):
            here = cues.HERE.search(rest)
            if here:
                return "stop", f"the dateline's place: “{' '.join(here.group(0).split())}”"
            return "excluded", "dateline: where the story was filed, not a stop"
        if _AT_ONLY.match(lead + before) and not rest.strip(" \t\r\n.!;:"):
            return "stop", "a diary line: the writer is at this place (“At Fort Laramie.”)"
        if cues.BOUND_AFTER.match(rest):
            return "planned", "the destination: “-bound”"
        if cues.TO_AFTER.match(rest):
            return "stop", "where the route starts: “A-to-B”"
        if cues.TO_BEFORE.search(lead + before):
            return "planned", "where the route is bound: “A-to-B”"
        if cues.AFTER_X.match(lead + before) and _COMMA_AFTER.match(rest):
            return "stop", "a stop before the sentence's others: “After X, …”"
        if m.place.kind == "country" and re.search(r"\bthe\s+$", before, re.I) and not m.text.isupper() \
                and "." not in m.text and not cues.THE_COUNTRIES.match(m.text) \
                and not cues.THE_COUNTRIES.match(m.place.name):
            return "excluded", "“the” before a country's name: a ship or a thing named after it"
        if not before.strip(" \t\r\n\"'“‘([") and cues.HEADING_AFTER.match(after):
            return "stop", "diary heading: written at this place on this date"
        # Another time or traveller: look from the clause start up to the next subordinate
        # clause ("He arrived in Seoul after talks ... collapsed" is about the arrival).
        # A relative clause between commas speaks of its own time: "Lukashenko, who last
        # visited Russia in February, will also travel to St. Petersburg".
        told = _PARENTHETICAL.sub(",", before)
        scope = told[_last_subordinator(told):] + after[:_first_subordinator(after)]
        if self._elsewhen(scope) or ((cues.RELATIVE.match(clause) or cues.CONTINUES.match(clause))
                                     and self._elsewhen(lead)):
            return "excluded", "another time or another traveller"
        if cues.NEGATION_BEFORE.search(before[_last_subordinator(before):][-NEGATION_REACH:]) \
                or cues.NEGATION_AFTER.search(after) or cues.CALLED_OFF.search(clause) \
                or cues.UNLIKELY.search(rest):
            return "excluded", "the text says this trip does not happen"
        if cues.PROVENANCE.search(before):
            return "excluded", "where a group comes from, not a trip the story follows"
        if cues.METONYMY_BEFORE.search(before) or (
            not cues.TRAVEL_VERB.search(before) and cues.METONYMY_AFTER.search(after)
        ):
            return "excluded", "a government or its people (metonymy), not a destination"
        f = self._frames.get((m.start, m.end)) or frame_for(self._analysis, m.start, m.end,
                                                            news=self._news and self._lang == "en")
        self._frame = f
        if f.frame in NOT_TRAVEL and f.role == "location" and f.frame == "say":
            where = self._whereabouts(m, f)  # "speaking to reporters in Brussels": the speaker is there
            if where is not None:
                return where
        if f.frame in NOT_TRAVEL:
            return "excluded", f.describe(self._analysis.text)
        modality = f.modality
        if f.travels and modality == "actual" and self._continues_future(m):
            modality = "planned"  # ", and take a helicopter to Mosul": the tense of the clause before
        other = self._someone_else(f, m) if f.travels else ""
        if other:
            return "excluded", f"another traveller's trip ({other}): {f.describe(self._analysis.text)}"
        if f.travels or f.frame is None and (cues.ARRIVE_AFTER.search(after) or cues.ARRIVE_AFTER.search(rest)
                                             or cues.DEPART_AFTER.search(after)):
            if not f.travels:
                f = replace(f, frame="arrive", role="location", modality=modality)
            why = replace(f, modality=modality).describe(self._analysis.text) if f.cue_start >= 0 \
                else "the arrival is told after the name"
            if f.role == "path" and m.place.kind in _WATER + _REGIONAL:
                return "excluded", f"crossed on the way (“{why}”): a sea or a region is part of a leg, not a stop"
            if modality == "denied":
                return "excluded", "the text says this trip does not happen"
            if modality == "conditional":
                return "excluded", why
            if modality in ("planned", "scheduled", "heading"):
                return "planned", why
            return "stop", why
        # A preposition with no verb of travel in its clause counts with the narrator of a
        # diary or a clock time beside it ("Um zwölf in Eger", "we were at").
        weak = f.role in ("goal", "source", "path", "location") and f.cue_start >= 0
        narrator = clock = None
        if weak:
            if f.role == "location":
                narrator = self._narrated and cues.NARRATOR_PRESENT.search(before)
            else:
                narrator = self._narrated and cues.FIRST_PERSON.search(before[-VERB_REACH:])
            clock = cues.CLOCK.search(before[-WINDOW_BEFORE:])
        future = cues.FUTURE[self._lang].search(before)
        if weak and (narrator or clock):
            why = "the narrator" if narrator else f"the time “{clock.group(0)}”"
            if future:
                return "planned", f"still to come: the place with {why}"
            return "stop", f"the place with {why}"
        if future and weak and self._narrated and f.role != "location" and m.place.kind not in _REGIONAL:
            return "planned", "the narrator's next goal"
        if future and _EVENT.search(sentence) and m.place.kind not in _REGIONAL and self._lang == "en":
            return "planned", "scheduled event at this place"
        if f.frame is None and f.role == "location" and f.cue_start >= 0:
            where = self._whereabouts(m, f)
            if where is not None:
                return where
        return "excluded", NO_TRAVEL

    def _whereabouts(self, m: Mention, f) -> Optional[tuple[str, str]]:
        """The traveller's whereabouts: a place in a locative phrase ("in", "at") of a
        clause whose subject is the traveller ("Bush faces a delicate task in Bratislava",
        "Bush, speaking to reporters in Brussels, said", "the president's talks in
        Brussels", "Bush is in Slovakia"). Reported speech, another person's name or a
        new clause between the traveller and the place cut the link; a country or region
        counts only with "be" ("is in Slovakia"), where it cannot name what is talked about."""
        a, trav, lex = self._analysis, self._traveller, self._analysis.lex
        if not trav.known:
            return None
        toks = a.tokens
        i0 = a.token_at(m.start)
        if i0 >= len(toks):
            return None
        sent = a.sentence(i0)
        role, p = _preposition(a, _noun_phrase_start(a, i0, sent.start), sent.start)
        if role != "location" or " ".join(t.lower for t in toks[p:i0]).split()[0] in lex.motion_only:
            return None
        be_before = p > sent.start and toks[p - 1].lower in lex.marker("be")
        if m.place.kind in _REGIONAL + _WATER and not be_before:
            return None
        ref = traveller_before(a, trav, p, sent.start, self._places)
        if ref is None:
            return None
        cut = lex.marker("relative") | lex.marker("subordinators") | {"that", "que", "dass", "qui"}
        for k in range(ref + 1, p):
            t = toks[k]
            verb = lex.verbs.get(t.lemma)
            if t.text in ";:—–()" or t.lower in cut or (verb is not None and verb.frame in NOT_TRAVEL
                                                        and not t.cap and k != f.verb_index):
                return None
        if f.frame == "say" and any(toks[k].lower in lex.determiners and not toks[k + 1].cap
                                    for k in range(f.verb_index + 1, p - 1)):
            return None  # "criticised the situation in Moscow": the place is the topic's, not the speaker's
        if other_person(a, trav, ref + 1, p, self._places):
            return None  # someone else's doing: "Bush said Putin ... in Moscow"
        words = {toks[k].lower for k in range(ref, p)}
        if words & (lex.marker("future_aux") | lex.marker("plan_forms")) or any(
                toks[k].lemma in lex.marker("plan_verbs") and k + 1 < p and toks[k + 1].lower == "to"
                for k in range(ref, p)):
            status = "planned"
        elif words & lex.marker("conditional") or words & lex.marker("negation"):
            return None
        else:
            status = "stop"
        quote = " ".join(a.text[toks[ref].start:toks[a.token_at(m.end) - 1].end].split())
        self._now = status == "stop" and be_before and toks[p - 1].lower in lex.marker("be_present")
        return status, f"where {trav.name} {'is to be' if status == 'planned' else 'is'}: “{quote}”"

    def _in_lede(self, m: Mention) -> bool:
        """True when ``m`` is in the lede: the first sentence that ends with a full stop
        (a headline and subheads do not)."""
        a = self._analysis
        i = a.token_at(m.start)
        if i >= len(a.tokens):
            return False
        lede = next((k for k, (s, e) in enumerate(a.sentence_bounds) if a.tokens[e - 1].text in ".!?"), None)
        return lede is not None and a.sentence_of[i] == lede

    def _continues_future(self, m: Mention) -> bool:
        """True when the clause goes on from one before it in the sentence (", and take a
        helicopter to Mosul", ", before continuing to Felixstowe") whose predicate, the
        nearest verb of travel back through the sentence, is about the future."""
        a = self._analysis
        i = a.token_at(m.start)
        prev = continues(a, i) if i < len(a.tokens) else None
        news = self._news and self._lang == "en"
        while prev is not None:
            for k in range(prev.stop - 1, prev.start - 1, -1):
                if a.tokens[k].lemma in a.lex.verbs and not a.tokens[k].cap:
                    return _modality(a, k, prev.start, prev.stop, "goal", news)[1] in ("planned", "scheduled", "heading")
            prev = a.previous_clause(prev.start)
        return False

    # ---------------------------------------------------------------- grouping
    def _group(self, observations: Iterable[_Obs]) -> list[_Group]:
        groups: list[_Group] = []
        for o in observations:
            if o.status == "excluded":
                continue
            p = o.mention.place
            if o.returning and groups and groups[-1].place.id != p.id and any(g.place.id == p.id for g in groups):
                # A round trip: the way back ends where it began.
                groups.append(_Group(place=p, obs=[o], returning=True))
                continue
            for g in groups:
                if g.returning and g.place.id == p.id:
                    g.obs.append(o)
                    break
                if g.place.id == p.id or (_km(g.place, p) <= MERGE_KM and
                                          (g.place.kind not in _REGIONAL) == (p.kind not in _REGIONAL)):
                    g.obs.append(o)
                    break
            else:
                groups.append(_Group(place=p, obs=[o]))
        return groups

    def _drop_containers(self, groups: list[_Group]) -> tuple[list[_Group], list[_Group]]:
        """Split off regions and countries that contain a finer stop."""
        fine = [g for g in groups if g.place.kind not in _REGIONAL]
        keep, dropped = [], []
        for g in groups:
            p = g.place
            if p.kind in _REGIONAL and any(self._contains(p, f.place) for f in fine):
                dropped.append(g)
            else:
                keep.append(g)
        return keep, dropped

    def _prior_inside(self, groups: list[_Group], containers: list[_Group]) -> frozenset[int]:
        """Ids of the groups told, in the same sentence, inside a region visited first:
        "arrived in Tokyo after a visit to South Korea, where he met Yoon in Seoul"."""
        prior = [(c.place, o) for c in containers for o in c.obs if o.prior]
        return frozenset(id(g) for g in groups for region, o in prior if self._contains(region, g.place) and any(
            x.status == "stop" and x.doc.id == o.doc.id and x.mention.sentence_start == o.mention.sentence_start
            for x in g.obs))

    def _now_inside(self, groups: list[_Group], containers: list[_Group]) -> dict[int, frozenset[str]]:
        """Groups inside a country or region the lede says the traveller is in now."""
        now = [(c.place, o.doc.id) for c in containers for o in c.obs if o.latest]
        out: dict[int, frozenset[str]] = {}
        for g in groups:
            docs = frozenset(d for region, d in now if self._contains(region, g.place) and not g.planned)
            if docs:
                out[id(g)] = docs
        return out

    @staticmethod
    def _contains(region: Place, p: Place) -> bool:
        if region.kind == "country":
            return bool(region.country_code) and region.country_code == p.country_code
        if region.kind in ("admin1", "admin2"):
            if region.country_code == p.country_code and region.admin1 and p.admin1:
                return region.admin1 == p.admin1 or region.name == p.admin1  # the codes say ("Hatay")
            return region.country_code == p.country_code and region.name == p.admin1 or _km(region, p) < 300
        return _km(region, p) < 800

    # ---------------------------------------------------------------- ordering
    # ---------------------------------------------------------------- origin
    def _implied_origin(self, docs: Sequence[tuple[Document, list[Mention]]],
                        groups: list[_Group]) -> Optional[tuple[Place, Evidence]]:
        """A head of state arriving from abroad starts from their capital."""
        if not groups:
            return None
        first = groups[0].place
        for n, (doc, mentions) in enumerate(docs):
            trav = self._travellers[n] if n < len(self._travellers) else Traveller()
            for m in mentions:
                if m.kind != "demonym" or m.place is None:
                    continue
                after = doc.text[m.end:m.end + 40]
                leader = cues.LEADER.match(after.strip())
                if not leader:
                    continue
                named = re.findall(r"[^\W\d_][\w-]*", after.strip()[leader.end():leader.end() + 30])
                if trav.known and not self._leader_travels(trav, named, doc.text):
                    continue  # "Russian President Vladimir Putin", "with the Russian leader" in a story of Bush's trip
                home = m.place.country_code
                if not home or any(g.place.country_code == home for g in groups):
                    continue
                if first.country_code == home:
                    continue
                capital = self._capital(home)
                if capital is None:
                    continue
                quote = " ".join(m.sentence.split())
                ev = Evidence(doc_id=doc.id, path=doc.path, start=m.start, end=m.end, quote=quote,
                              reason=f"a {m.text} {cues.LEADER.match(after.strip()).group(0)} arriving "
                                     f"in {first.name} from abroad: the journey starts from {capital.name}")
                return capital, ev
        return None

    @staticmethod
    def _leader_travels(trav: Traveller, named: list[str], text: str) -> bool:
        """True when a "<demonym> leader" phrase, followed by ``named`` (its next words),
        is the traveller: their name follows, or no name and a verb does ("The North Korean
        leader is in Russia"), as the subject of the sentence."""
        if any(w.lower() in trav.words for w in named[:3] if w[:1].isupper()):
            return True
        if not named or named[0][:1].isupper():
            return False  # another person's name
        from routes.extract import guess_language
        from routes.nlp.lexicon import lexicon

        lex = lexicon(guess_language(text))
        w = named[0].lower()
        verbs = lex.marker("be") | lex.marker("future_aux") | lex.marker("perfect_aux") \
            | lex.marker("present_perfect_aux")
        return w in verbs or lex.lemma(w) in lex.verbs

    def _home(self, groups: list[_Group]) -> Optional[tuple[Place, Evidence]]:
        """A trip that ends by returning (or that will return) to a place it never left
        from in the text began there: "returned to New Delhi after a five-day tour" and
        "Il rentrera à Paris samedi" start in New Delhi and in Paris."""
        if len(groups) < 2 or not only_returned(groups[-1]) or groups[-1].place.kind in _REGIONAL:
            return None  # "before returning to Asia": a continent is no home to start from
        last = groups[-1]
        if any(g.place.id == last.place.id for g in groups[:-1]):
            return None
        o = next(o for o in last.obs if o.status != "excluded")
        ev = replace(o.evidence(), reason=f"the trip returns to {last.place.name}: it began there")
        return last.place, ev

    def _capital(self, country_code: str) -> Optional[Place]:
        """Return the capital city of a country (GeoNames feature PPLC)."""
        return self.gaz.capital(country_code)

    # ---------------------------------------------------------------- building
    def build(self, docs: Sequence[tuple[Document, list[Mention]]], title: str = "") -> Journey:
        """Return the journey told by ``docs`` (one document, or several about one trip)."""
        observations: list[_Obs] = []
        self._travellers = []
        for doc, mentions in docs:
            observations.extend(self._judged(doc, mentions))
        groups = self._group(observations)
        groups, containers = self._drop_containers(groups)
        groups = travel_order(groups, self._prior_inside(groups, containers), self._now_inside(groups, containers))
        excluded = self._exclusions(observations, containers, groups)
        travelled = [g for g in groups if not g.planned]
        origin = self._home(groups) or self._implied_origin(docs, travelled)
        stops: list[Stop] = []
        if origin is not None:
            place, ev = origin
            stops.append(Stop(place=place, sequence=1, role="origin", inferred=True, evidence=(ev,)))
        for g in groups:
            travelled = g.telling()  # its own telling dates it, not a list it was named in
            ev = tuple(o.evidence() for o in g.obs)
            date = next((o.date for o in travelled if o.date), None)
            mode = next((o.mode for o in travelled if o.mode != "unknown"), "unknown")
            stops.append(Stop(place=_shown(g), sequence=len(stops) + 1, role="stop", planned=g.planned,
                              evidence=ev, date=date, date_iso=Dates.iso_of(travelled), mode_in=mode))
        if not stops:
            raise NoJourneyError("no place in the text is one the traveller goes to or through.")
        stops = self._roles(stops)
        if not title:
            title = docs[0][0].title if docs else ""
        from routes.geometry import build_legs

        stops_t = tuple(stops)
        all_mentions = tuple(m for _, ms in docs for m in ms)
        traveller = max(self._travellers, key=lambda t: t.weight, default=Traveller())
        return Journey(title=title, stops=stops_t, legs=build_legs(stops_t), excluded=tuple(excluded),
                       documents=tuple(d.path for d, _ in docs), mentions=all_mentions,
                       traveller=traveller.name if traveller.known else "")

    @staticmethod
    def _roles(stops: list[Stop]) -> list[Stop]:
        travelled = [i for i, s in enumerate(stops) if not s.planned]
        out = []
        for i, s in enumerate(stops):
            role = "stop"
            if travelled and i == travelled[0]:
                role = "origin"
            elif travelled and i == travelled[-1] and len(travelled) > 1:
                role = "destination"
            mode = s.mode_in
            if i > 0 and mode == "unknown":
                mode = stops[i - 1].mode_in if stops[i - 1].mode_in != "unknown" else "unknown"
            out.append(replace(s, role=role, sequence=i + 1, mode_in=mode if i > 0 else s.mode_in))
        # The first leg's mode: the mode of the stop it leads to.
        if len(out) > 1 and out[1].mode_in == "unknown":
            out[1] = replace(out[1], mode_in=out[0].mode_in)
        return out

    def _exclusions(self, observations: list[_Obs], containers: list[_Group],
                    groups: list[_Group]) -> list[Exclusion]:
        stop_ids = {g.place.id for g in groups}
        container_ids = {g.place.id for g in containers}
        seen: dict[tuple[str, str], list[_Obs]] = {}
        for o in observations:
            pid = o.mention.place.id
            if pid in stop_ids:
                continue
            reason = "a region or country that contains the stops" if pid in container_ids else o.reason
            if o.status != "excluded" and pid not in container_ids:
                continue
            seen.setdefault((pid, reason), []).append(o)
        out = []
        for (pid, reason), obs in seen.items():
            out.append(Exclusion(place=obs[0].mention.place, text=obs[0].mention.text, reason=reason,
                                 evidence=tuple(replace(o.evidence(), reason=reason) for o in obs)))
        return out


def _shown(g: _Group) -> Place:
    """The group's place under the name its text uses ("Dong Dang", not "Thị Trấn Đồng Đăng");
    the gazetteer's name stays among its alternate names."""
    p = g.place
    name = display_name(p.name, [o.mention.text for o in g.obs], p.alternate_names)
    if name == p.name:
        return p
    alternates = p.alternate_names if p.name in p.alternate_names else (p.name,) + tuple(p.alternate_names)
    return p._replace(name=name, alternate_names=alternates)


def build_journey(docs: Sequence[tuple[Document, list[Mention]]], gazetteer=None, title: str = "") -> Journey:
    """Return the journey told by the resolved mentions of one or more documents."""
    return JourneyBuilder(gazetteer).build(docs, title)
