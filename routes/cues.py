"""Word lists that tell travel from mere mention, in English, French and German.

The verbs, prepositions, tenses and moods of travel are rules kept as data per language in
:mod:`routes.nlp` (``routes/nlp/lang/<lang>/lexicon.toml``); what is left here are the
layout and time patterns (datelines, dates, clock times, diary headings) and the clause-level
exclusions still to move there.
Each pattern is matched case-insensitively against the text just before a place name
(within its clause) unless said otherwise.
"""

from __future__ import annotations

import re


def _alternatives(body: str) -> list[str]:
    """The top-level ``|`` branches of a pattern body (groups and classes kept whole)."""
    parts, cur, depth, in_class, i = [], [], 0, False, 0
    while i < len(body):
        ch = body[i]
        step = 2 if ch == "\\" else 1
        if ch != "\\":
            if in_class:
                in_class = ch != "]"
            elif ch == "[":
                in_class = True
            elif ch in "()":
                depth += 1 if ch == "(" else -1
            elif ch == "|" and depth == 0:
                parts.append("".join(cur))
                cur, i = [], i + 1
                continue
        cur.append(body[i:i + step])
        i += step
    parts.append("".join(cur))
    return parts


def _by_first_letter(body: str) -> str:
    """``body`` with its branches grouped by their first letter: "arr?iv\\w*|ass?end\\w*" becomes
    "a(?:rr?iv\\w*|ss?end\\w*)". The regex engine then tries one branch per letter at each
    position instead of all of them: the big verb lists search 2-3 times faster. Branches
    keep their order within a letter, and a branch that does not start with a plain letter
    stays where its group would be."""
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for alt in _alternatives(body):
        first = alt[:1].lower()
        if first.isalpha() and alt[1:2] not in ("?", "*", "+", "{"):
            if first not in groups:
                order.append(first)
            groups.setdefault(first, []).append(alt[1:])
        else:
            order.append(alt)
    out = []
    for key in order:
        rest = groups.get(key) if len(key) == 1 and key.isalpha() else None
        if rest is None:
            out.append(key)
        else:
            out.append(key + (rest[0] if len(rest) == 1 else "(?:%s)" % "|".join(rest)))
    return "|".join(out)

# Verbs of travel anywhere in a clause: without one, "in X" is just a location.
_TRAVEL_VERBS = (
    r"arr?iv\w*|d[ei]?scend\w*|ass?end\w*|pull\w*\s+(?:into|in|up)|reach\w*|stopp?\w*|landed|landing|dock\w*|disembark\w*|camp(?!aign)\w*|"
    r"cross\w*|pass(?:es|ed|ing)?|left|leav\w*|depart(?:s|ed|ing|ure)?|set\s+(?:out|off|sail)|travel\w*|journey\w*|went|"
    r"head\w*|drove|flew|sail\w*|steam\w*|rode|walk\w*|(?-i:march\w*)|proceed\w*|return\w*|visit\w*|"
    r"tour\w*|came|moved|greeted|welcomed|toured|stepped\s+off|descend\w*|ascend\w*|embark\w*|"
    r"fuhr\w*|gelangt\w*|kam\w*|reist\w*|gereist|traf|trifft|getroffen|überquert\w*|passiert\w*|"
    r"Station\s+mach\w*|angekommen|abgefahren|ritt\w*|ging\w*|partir|parti\w*|repart\w*|"
    r"aufgebrochen|brach\w*\s+(?:\w+\s+){0,4}?auf|bricht\s+(?:\w+\s+){0,4}?auf|flieg\w*|flog\w*|geflogen|"
    r"fährt|gefahren|kehrt\w*\s+(?:\w+\s+){0,4}?zurück|zurückgekehrt|Ankunft|gelandet|landet\w*|besucht\w*|"
    r"board\w*|(?:took|takes|carried|carries|brought|ferried|drove|flew)\s+(?:him|her|them|us|me|the\s+\w+)|"
    r"s['’]est\s+rendu\w*|(?:me|te|se|nous|vous|s['’])\s*rend\w*|revenu\w*|rentr\w*|atterri\w*|"
    r"touch[aâ]\w*|long(?:e|è|ea|eâ)\w*|gagn(?:ai|a|âmes|èrent|é)\b|embarqu\w*|débarqu\w*|"
    r"verließ\w*|verlassen|führ\w*|wander\w*|stieg\w*|gieng\w*|marschi\w*|"
    r"arrivé\w*|quitt\w*|voyag\w*|rejoin\w*|rejoint|regagn\w*|retourn\w*|"
    r"traversé\w*|débarqu\w*|embarqu\w*|reached|rowed|floated|"
    r"passed|proceeded|came\s+to|set\s+out|got\s+to|fly|flies|flying|flown|drive|drives|driving|driven|"
    r"go|goes|gone|escap\w*|fled|flee\w*|flights?|voyages?|trips?|divert\w*|rerout\w*|swing|en\s+route|"
    r"stop-?overs?|lay-?overs?|refuel\w*|attend\w*|stranded|delayed|stuck|ends|ended|emerg\w*|"
    r"(?:was|were|been)\s+(?:taken|driven|flown|carried|brought|ferried|transported|moved)|"
    r"ski(?:s|ed|ing)?|skied|sledg\w*|trekk?\w*|hik(?:e|ed|ing)|paddl\w*|cycl(?:ed|ing)|biked|"
    r"take\s+(?:a|the)\s+(?:train|plane|flight|helicopter|boat|ferry|bus)|"
    r"continu\w+\s+(?:[\w'’-]+\s+){0,4}?(?:to|towards?|into|for)|pilgrimages?|"
    r"emigrat\w*|immigrat\w*|relocat\w*|resettl\w*|"
    r"met|meet|meets|(?:hold|holds|holding|held|attend\w*|address\w*|lead|leads|led|celebrat\w*)\s+"
    r"(?:a|an|the)?\s*(?:\w+\s+)?(?:mass|rally|talks|summit|meeting|conference|concert|ceremony|service|prayers?|speech)|"
    r"(?:boats?|ferry|ferries|steamer|ship|train|bus|coach|plane|dinghy)\s+(?:to|for|bound)|"
    r"(?:begin|begins|began|start|starts|started|end|finish\w*|wrap\w*\s+up)\s+"
    r"(?:(?:the|his|her|their|its|a)\s+(?:\w+\s+)?(?:trip|tour|visit|journey|leg|day|week|stay|swing)\s+)?(?:in|at)"
)
TRAVEL_VERB = re.compile(r"\b(?:%s)\b" % _by_first_letter(_TRAVEL_VERBS), re.I)

# The clause speaks of what is still to come (by language: German "will" means "wants").
_FUTURE = {
    "en": (r"\b(?:will|shall|would\s+be|is\s+(?:expected|scheduled|due|set|slated|to)|are\s+(?:expected|"
           r"scheduled|due|to)|plans?\s+to|planned|intends?\s+to|next\s+(?:week|month|stop)|tomorrow|"
           r"(?:hopes?|hoped|hoping|wants?|wanted|aims?|aimed|seeks?|seeking)\s+to|"
           r"(?:is|are|['’]s|['’]re)\s+(?:now\s+)?(?:heading|headed|bound|sailing|steaming|travell?ing|flying|"
           r"driving|marching|walking))\b"),
    "de": r"\b(?:(?<!zu )werde\w*|wird|soll\w*|morgen\s+früh|übermorgen)\b",
    # French: the future tense's endings ("rentrera", "s'entretiendra", "se rendront").
    "fr": r"\b(?:demain|sera\w*|ira\w*|doit|doivent|\w{2,}(?:era|ira|dra|ront|rons))\b",
}


class _ByLanguage(dict):
    """Patterns by language, each compiled the first time a text of that language asks."""

    def __init__(self, sources: dict[str, str]) -> None:
        super().__init__()
        self._sources = sources

    def __missing__(self, lang: str) -> re.Pattern:
        pattern = self[lang] = re.compile(self._sources[lang], re.I)
        return pattern


FUTURE = _ByLanguage(_FUTURE)


# "Rescue teams from Greece", "delegates from 40 countries": where a group comes from, not a trip
# the story follows.
PROVENANCE = re.compile(
    r"\b(?:teams?|officials|delegat(?:es|ions?)|troops|soldiers|experts|workers|visitors|tourists|students|"
    r"pilgrims|refugees|migrants|people|leaders|ministers|diplomats|envoys|journalists|reporters|fans|"
    r"players|athletes|guests|representatives|rescuers|volunteers|doctors|firefighters|investigators|"
    r"inspectors|engineers|companies|firms|investors|imports|exports|goods|aid|supplies|shipments?|"
    r"nationals|citizens|residents|natives?|immigrants)\s+from\s+(?:the\s+)?$", re.I)

# The clause is about another time or another traveller.
ELSEWHEN = re.compile(
    r"\b(?:(?<!only\s)(?<!at\s)once(?!\s+(?:again|more))|formerly|previously|earlier\s+(?:trip|visit|summit)|last\s+(?:year|time|visit\w*|went|travel\w*)|"
    r"first\s+visited|years?\s+ago|(?<!with\s)(?:his|her|their)\s+(?:father|mother|grandfather|"
    r"predecessor)|(?:months?|years?|weeks?)\s+(?:after|before|since)|collaps\w*|failed|meanwhile|separately)\b",
    re.I,
)

# "visited Marseille in 1990": another time, unless the text tells its journey over the years.
IN_YEAR = re.compile(r"\b(?:in|im|en)\s+(?:(?:Jahr|l['’]an)\s+)?(1[5-9]\d\d|20\d\d)\b", re.I)
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
# The year of a clause: "in 1975", "in March 1521", "October 3, 1805" (not "2000 people").
# The past before the story's past: "He had traveled by train from Kyiv".
PLUPERFECT = re.compile(r"\b(?:had|hatte\w*|war(?:en)?|avait|avaient|était)\s+(?:\w+\s+){0,2}?"
                        r"(?:\w+ed|been|gone|come|flown|driven|taken|left|made|ridden|sailed|"
                        r"ge\w+(?:en|t)|\w+é)\b", re.I)
# "LISBON (AP) — The pope arrived here": the dateline's place is where the traveller came.
HERE = re.compile(r"\b(?:arriv\w*|landed|came|comes|flew\s+in|touched\s+down|got|reached)\s+(?:\w+\s+)?here\b", re.I)
# German puts the verb after its object: "als ich Göttingen verließ".
DEPART_AFTER = re.compile(r"^\s+(?:verließ\w*|verlassen)\b", re.I)
# "After Paris, the president heads to Berlin": a stop before the sentence's others.
AFTER_X = re.compile(r"^\W*(?:after|nach|après)\s+$", re.I)
# "ends in London after shows in Dublin": a stop before the other stops of its sentence.
AFTER_STOP = re.compile(r"\bafter\s+(?:(?:a|an|the|his|her|their|its)\s+)?(?:[\w'’-]+\s+){0,2}?(?:shows?|stops?|visits?|"
                        r"stays?|concerts?|talks|visiting|stopping|touring|leaving|passing\s+through|a\s+tour\s+of)"
                        r"\s+(?:in|at|to|of|through)?\s*$", re.I)
# "the Paris-to-Rome train": where it left and where it is bound.
TO_AFTER = re.compile(r"^-to-", re.I)
TO_BEFORE = re.compile(r"-to-$", re.I)
# "a Chicago-bound train": the destination.
BOUND_AFTER = re.compile(r"^-bound\b", re.I)
# A clause that goes on from the one before, with its subject and tense: ", and take a helicopter".
CONTINUES = re.compile(r"\s*,?\s*(?:and|then|und|dann|et|puis|before|bevor|avant)\b", re.I)
# The way home: "on the way back stopped in Warsaw", "on his way home".
HOMEWARD = re.compile(r"\b(?:on\s+(?:the|his|her|their|its)\s+(?:way|journey|trip)\s+(?:back|home)|"
                      r"on\s+the\s+return\s+(?:journey|trip|leg|flight))\b", re.I)
# "Before leaving Washington, Obama visited Fort Hood": the place the whole trip sets out from.
BEFORE_LEAVING = re.compile(r"\bbefore\s+(?:leaving|departing(?:\s+from)?|setting\s+(?:out|off)\s+from|"
                            r"flying\s+out\s+of)\s+(?:the\s+)?$", re.I)
# "drove to Cheyenne, stopping for lunch in Fort Collins": a stop on the way to the place before.
EN_ROUTE = re.compile(r",\s*(?:\w+\s+)?(?:stopping|pausing|calling|breaking\s+(?:the|their|our|his|her)\s+journey)"
                      r"\s+(?:[\w'’-]+\s+){0,4}?(?:in|at)\s+(?:the\s+)?$", re.I)
# A relative clause ("..., when he went to Brisbane") is set at the time of the clause before it.
RELATIVE = re.compile(r"\s*,?\s*(?:when|where|which|who|wo|als|où|quand)\b", re.I)

# "Moscow does not want", "talks with Washington": a government, not a city.
METONYMY_BEFORE = re.compile(
    r"\b(?:talks?|ties|relations|meeting|deal|negotiations|dialogue|message|envoy|"
    r"ambassador)\s+(?:\w+\s+){0,3}?(?:with|between|to|from|for)\s+(?:\w+\s+){0,2}?$",
    re.I,
)
METONYMY_AFTER = re.compile(
    r"^['’]?s?\s*(?:\w+\s+)?(?:does|do|did|has|have|had|is|was|wants?|said|says|warned|"
    r"announced|demanded|insisted|refused|agreed|rejected|accused|urged|claims?|believes?|"
    r"hopes?|fears?|would|will|(?-i:may)|might|could|should|must)\b",
    re.I,
)

DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'’-]+?(?:,\s*[A-Z][\w.'’ -]{1,30}?)?(?:\s*\([^)]*\))?\s*(?:—|–|--|-)\s",
                      re.M)  # "MOSCOW —", "LISBON, Portugal (AP) —"

# Head-of-state or government words after a demonym: "North Korean leader".
LEADER = re.compile(
    r"\b(?:leader|president|prime\s+minister|premier|king|queen|emperor|chancellor|dictator|"
    r"head\s+of\s+state|supreme\s+leader|monarch|sultan|emir|tsar|shah)\b",
    re.I,
)

MODES = (
    ("train", re.compile(r"\b(?:armou?red\s+train|train|rail\w*|locomotive|railway|Zug|Eisenbahn|chemin\s+de\s+fer)\b", re.I)),
    ("air", re.compile(r"\b(?:flew|fly|flight|plane|aircraft|airport|jet|airliner|helicopter|Flugzeug|avion)\b", re.I)),
    ("sea", re.compile(r"\b(?:steamer|steamship|ship|boat|canoe|pirogue|ferry|sailed|sail|vessel|"
                       r"paddle\w*|rowed|barge|Schiff|bateau|navire|paquebot)\b", re.I)),
    ("road", re.compile(r"\b(?:car|motorcade|limousine|drove|bus|coach|carriage|post-?chaise|Postchaise|"
                        r"Postwagen|Wagen|stagecoach|diligence|voiture|truck|convoy)\b", re.I)),
    ("foot", re.compile(r"\b(?:walked|on\s+foot|hiked|trekked|marched|zu\s+Fuß|à\s+pied)\b", re.I)),
)

# Connectives that put the place after the other stops of its sentence ("Before arriving in X,
# ... Y", "En route to X, the plane refuelled in Y").
BEFORE_X = re.compile(r"\bbefore\s+(?:\w+\s+){0,2}?(?:arriving|reaching|getting|coming|heading|sailing|flying|"
                      r"driving|travell?ing|continuing|moving\s+on|going\s+on)\s+(?:on\s+)?(?:in|at|to|for)?\s*$|"
                      r"\b(?:en\s+route|on\s+(?:the|his|her|their|its)\s+way)\s+(?:to|for)\s+$", re.I)

WEEKDAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
# "am Donnerstagabend": German joins the part of the day to the weekday.
DAY_PARTS = r"(?:früh|morgen|vormittag|mittag|nachmittag|abend|nacht)?"
MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December|Januar|Februar|März|Juni|Juli|Oktober|Dezember|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Sept\.?"
CLAUSE_YEAR = re.compile(r"(?:\b(?:in|im|en)\s+(?:(?:%s|Jahre?|l['’]an)\s+)?|\b(?:%s)\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?)"
                         r"(1[5-9]\d\d|20\d\d)\b" % (MONTHS, MONTHS), re.I)
DATE = re.compile(
    r"\b(?:(?:on\s+)?(?P<weekday>(?:%s)%s)\b(?:,?\s+(?P<month1>%s)\s+(?P<day1>\d{1,2})(?:st|nd|rd|th)?)?|"
    r"(?P<month2>%s)\s+(?P<day2>\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,\s*(?P<year2>1[5-9]\d\d|20\d\d))?|"
    r"(?P<day3>\d{1,2})(?:\.|th|st|nd|rd)?\s+(?:of\s+)?(?P<month3>%s)(?:,?\s+(?P<year3>1[5-9]\d\d|20\d\d))?)"
    % (WEEKDAYS, DAY_PARTS, MONTHS, MONTHS, MONTHS),
    re.I,
)

# A first-person narrator (travel diary, letter, journal): "ich", "we", "nous".
FIRST_PERSON = re.compile(r"\b(?:I|we|us|our|ich|wir|mich|uns|je|nous|j['’])\b")

# An itinerary entry: a clock time in the clause ("Um zwölf in Eger", "at 7.20 a.m.").
CLOCK = re.compile(
    r"\b(?:\d{1,2}[.:]\d{2}\s*(?:a\.?m\.?|p\.?m\.?)?|\d{1,2}\s*(?:a\.?\s?m\.?|p\.?\s?m\.?|o['’]?clock|Uhr|heures?|h\b)|"
    r"(?:um|gegen|à|at)\s+(?:halb\s+)?(?:eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|noon|midnight|midi|minuit|Mittag)\b|"
    r"\bnoon\b|\bMittag\w*)",
    re.I,
)

# A diary or letter heading: "München, den 6. September." / "Paris, 3 mai 1850."
HEADING_AFTER = re.compile(r"^\s*,?\s*(?:den|le|the|am)?\s*\d{1,2}(?:\.|st|nd|rd|th)?\s+(?:of\s+)?(?:%s)\b" % MONTHS, re.I)

# A news story's own time: "on Monday", "yesterday", "this week". Where a text has it, "in 1990"
# is another time; a history without it is dated by its years ("In 1271 Marco Polo set out").
NEWS_PRESENT = re.compile(r"\b(?:(?:%s)\w*|yesterday|today|tonight|this\s+(?:week|month|morning|evening)|"
                          r"(?:last|next)\s+(?:week|month|night)|gestern|heute|aujourd['’]hui)\b" % WEEKDAYS,
                          re.I)
# "X and Y", "X und Y", "X and then Y": the second place shares the first one's role.
COORDINATION = re.compile(r"^\s*,?\s*(?:(?:and|und|et|or|oder|ou|&)(?:\s+(?:then|later|finally|dann|puis|ensuite))?|"
                          r"(?<=,)\s*(?:then|dann|puis|ensuite))"
                          r"(?:\s+(?:the|die|der|das|la|le|les|l['’]))?\s*$", re.I)
# "Grenoble on 7 March and Lyon": a date between two coordinated places.
COORDINATED_DATE = re.compile(r"^\s*(?P<date>(?:on|am|le)\s+[^,;.]{3,30}?)\s*,?\s*(?=(?:and|und|et)\b)", re.I)

# The trip did not (or will not) happen: "did not visit", "a visit to Syria was not considered"
# (English only: "nicht" and "ne ... pas" also deny times and manners).
NEGATION_BEFORE = re.compile(
    r"(?:\b(?:not|never|no\s+longer|instead\s+of|rather\s+than)\b|n['’]t\b)"
    r"(?!\s+(?:only|far|just|long|least)\b)(?!(?:\s+[\w'’]+){0,3}\s+(?:until|till|unless|before)\b)",
    re.I,
)
# The clause calls the trip off: "A planned trip in February was called off after ...".
CALLED_OFF = re.compile(r"\b(?:was|were|been|is|are|got)\s+(?:\w+\s+)?(?:called\s+off|cancell?ed|scrapped|"
                        r"postponed|shelved|aborted|scrubbed)\b", re.I)
# The sentence doubts the trip: "A trip to Kyiv and Moscow ... remains unlikely."
UNLIKELY = re.compile(r"\b(?:remains?|is|was|seems?|looks?|appears?)\s+(?:\w+\s+)?(?:unlikely|uncertain|doubtful|"
                      r"improbable|in\s+doubt)\b", re.I)
NEGATION_AFTER = re.compile(r"^\W{0,3}(?:[\w'’]+\s+){0,2}?(?:was|were|is|are|has|had|have|will|would)\s+"
                            r"(?:not|never|(?:been\s+)?(?:cancel+ed|called\s+off|ruled\s+out|scrapped|dropped))\b", re.I)

# Countries normally named with an article; any other "the <country>" is a ship or a thing.
THE_COUNTRIES = re.compile(r"^(?:United|Republic|Netherlands|Philippines|Gambia|Bahamas|Congo|Sudan|Ukraine|"
                           r"Maldives|Comoros|Seychelles|Czech|Central|Dominican|Solomon|Marshall|Vatican|"
                           r"Cayman|Faroe|Falkland|Virgin|Lebanon|Yemen|Holy|Argentine|Crimea|Caucasus|Levant|"
                           r"Balkans|Far|Middle|Near|Orient|Tyrol|Palatinate|Rhineland|Punjab|Ruhr|Saar|Sahara)")


# "we were at", "war ich in", "befand ich mich in": the narrator is there.
NARRATOR_PRESENT = re.compile(
    r"\b(?:(?:I|we|ich|wir|je|nous)\s+(?:was|were|am|are|stayed|remained|camped|lay|war|waren|bin|sind|"
    r"blieb\w*|étais|étions|suis|sommes|restai\w*)|(?:war|waren|blieb|befand|befanden)\s+(?:ich|wir)(?:\s+mich|\s+uns)?)"
    r"(?:\s+[\w'’]+){0,3}?\s+(?:in|at|on|near|bei|im|zu|dans|à|en)\s+(?:the\s+|der\s+|dem\s+)?$",
    re.I,
)

# The movement is told after the name: "St. Louis, at which place we arrived", "where we landed".
ARRIVE_AFTER = re.compile(
    r"^\W{0,3}(?:at\s+which\s+(?:place\s+)?|where\s+|which\s+)(?:we|I|he|she|they|the\s+\w+)\s+"
    r"(?:\w+\s+)?(?:arr?iv\w*|reach\w*|landed|stopp?ed|camped|halted|put\s+in)",
    re.I,
)


