"""Stage 2: find the spans of a document that name places (and demonyms).

Recognition is gazetteer-driven: every run of capitalised words is matched
longest-first against the gazetteer's names, then context rules remove what only
looks like a place: parts of person and organisation names ("Kim Jong Un",
"Washington Post"), titles ("President Trump"), and common words that are also
towns ("Nice", "Man", "Hof") unless the place is important or a locative cue
("in", "to", "nach", "à") precedes it. Months, abbreviations ("Dr.", "Sen."),
surnames after an initial ("Sheila D. Williams") and speakers ("Robertson said")
are not places; a place before a civic word ("Fargo Mayor", "Texas Department of
Health", "Alexandria Police") is one, as the news corpora annotate it.

A common word (also in a plural or inflected form, or written in lower case
elsewhere in the text) needs a locative cue, and an alternate name of some other
place ("Island" for Iceland) does not make it important; "to" before a common word
is an infinitive. German capitalises every noun, so there a small place needs a
cue. "the North" is a place only as the short form of a country named before.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple, Optional

from routes.model import Candidate, Document, Mention, Place
from routes.text import Span, sentences

_TOKEN = re.compile(r"[^\W\d_][\w]*(?:['’\-][\w]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")

# Lowercase words allowed inside a multiword place name ("Isle of Man", "Frankfurt am Main").
CONNECTORS = frozenset(
    "of de du des la le les el al am an der den dem upon on en sur sous y del di da do dos das "
    "van von und and au aux bei im ob di della".split()
)
# Capitalised words that never start or glue a proper name: they break runs.
FUNCTION_WORDS = frozenset(
    "a an the in on at to from for with by of and or but as is are was were be been into onto "
    "over after before during about via near across through between his her its their our my "
    "your this that these those he she it we they i you if when while where which who what "
    "not no nor so than then there here also just only even still yet until since per".split()
)
# Words before a name that make it a person or an office, not a place.
TITLES = frozenset(
    "mr mrs ms miss dr prof president presidents sen senator rep representative gov governor "
    "mayor king queen prince princess pope sir lord lady gen general col colonel capt captain "
    "lt sgt officer judge justice secretary minister chancellor premier emperor empress tsar czar "
    "chairman leader deputy ambassador envoy spokesman spokeswoman sheriff coach pastor rev "
    "father brother sister uncle aunt st saint detective chief commissioner councilman "
    "councilwoman assemblyman trooper agent professor dean madame monsieur herr frau "
    "govr lieut maj genl".split()
)
# Words after a name that make the whole an organisation or a thing.
ORG_HEADS = frozenset(
    "post times herald tribune journal news gazette daily press telegraph chronicle register "
    "examiner observer inquirer star sun bee globe university college school academy institute "
    "council department ministry party church cathedral fleet army navy company corp inc ltd "
    "club team bank hospital clinic airlines airways railway railways group association "
    "foundation commission committee agency bureau office court police tigers bears united "
    "fc rangers giants yankees braves senators capitals state's".split()
)
# Seats of government named for the government itself: never a place in news ("the White House
# said", "addressed Congress"), and their namesake towns (White House, Tennessee) are not meant.
INSTITUTIONS = frozenset(("white house", "congress", "capitol", "parliament", "senate", "kremlin", "pentagon",
                          "knesset", "bundestag", "duma", "elysee", "élysée", "whitehall"))
# The last word of a proper name that makes it an institution or a street named after its
# place ("Dublin City Council", "Gainesville Environmental Services", "Dublin Road").
INSTITUTION_HEADS = frozenset(
    "council commission board committee department office society club association foundation bureau "
    "services service library museum center centre courthouse jail hall police sheriff patrol guard "
    "district schools school academy university college hospital clinic airport station park parks "
    "street road drive avenue ave st lane boulevard blvd highway court project post authority agency "
    "chamber commerce legislature assembly senate delegation".split()
)
# Words before a demonym that make it a language: "in French", "speaks English".
LANGUAGE_BEFORE = frozenset("in into speak speaks speaking spoke spoken fluent learn learning learned taught "
                            "teach teaches".split())
# An office or a party after a place: the place is the constituency ("Arizona Sen. John McCain").
OFFICE_AFTER = frozenset("sen senator rep representative gov governor congressman congresswoman assemblyman "
                         "assemblywoman democrat democrats republican republicans delegate".split())
# Lower-case words after a one-word name that make it a person's ("the Obama administration").
PERSON_AFTER = frozenset("administration presidency impersonator portrayer biography".split())
# Words after a place's name that make it the name of a disease or its agent.
DISEASE_HEADS = frozenset("virus viruses fever disease flu influenza encephalitis ebolavirus strain "
                          "virus's".split())
# Words after a town's or a region's name that make an institution of that place:
# "Fargo Mayor", "Texas Department of Health", "Alexandria Police": the place is named.
CIVIC_HEADS = frozenset(
    "police sheriff sheriff's fire mayor city town county state public community national regional "
    "international area district highway senior volunteer chamber board station park superior circuit "
    "municipal metropolitan department council governor army airport health township village "
    "legislature assembly senate house delegation".split()
)
# Last words of second-level region names ("Laurel County", "Orleans Parish").
COUNTY_WORDS = frozenset("county parish borough".split())
# Words after a one-word name that make it a speaker, a person ("Robertson said").
SPEECH_VERBS = frozenset("said says told added asked explained noted wrote recalled replied".split())
# Abbreviations that end with a period and are never places ("Dr.", "Sen.", "Jan.").
ABBREVIATIONS = frozenset(
    "dr sen rep gov gen col lt sgt capt cpt rev hon jr sr mr mrs ms prof pres supt det cmdr adm "
    "jan feb mar apr jun jul aug sep sept oct nov dec no vs".split()
)
# Abbreviated titles: "Govr. Harrison", "Capt.\nLewis" (a sentence splitter may cut after the period).
TITLE_ABBREVIATIONS = frozenset("mr mrs ms dr prof sen rep gov govr gen genl col lt lieut maj capt sgt rev hon supt".split())
# Words after a name that make it a (larger) geographic feature.
GEO_HEADS = {
    "county": "admin2", "parish": "admin2", "river": "river", "island": "island", "islands": "island",
    "lake": "lake", "bay": "sea", "sea": "sea", "mountains": "mountain", "mountain": "mountain",
    "valley": "region", "province": "admin1", "region": "region", "krai": "admin1",
    "oblast": "admin1", "prefecture": "admin1", "peninsula": "region", "strait": "sea",
    "canal": "river", "desert": "region", "coast": "region", "gulf": "sea", "harbor": "port",
    "harbour": "port", "creek": "river", "pass": "pass", "canyon": "region", "falls": "other",
    "township": "admin2", "borough": "admin2", "city": "city", "village": "village",
}
# Directions and qualifiers that may stand before a place without hiding it.
QUALIFIERS = frozenset(
    "north south east west northern southern eastern western central upper lower greater "
    "downtown new old metro northeast northwest southeast southwest mid".split()
)
# Words before a name that mark it as a location (several languages).
LOCATIVE_CUES = frozenset(
    "in into at to from near via toward towards through across outside inside around of "
    "between beyond past nach von bei aus über durch zu gegen bis zwischen hinter unweit jenseits à au aux vers depuis de en par dans".split()
)
# Prepositions that only places follow: they outweigh a person of the same name named earlier.
PLACE_ONLY_CUES = frozenset("in at near outside inside into via across through toward towards around".split())
# Words before an unknown name that make it worth reading as a place's other spelling.
UNKNOWN_CUES = frozenset("left leaving reached reaching entered entering visited passed crossed".split())
_ADJECTIVE_ENDS = ("ian", "ians", "ese", "ish", "ic", "ics", "ean", "eans")  # "Palestinian", "Arabic"
_FOR_VERBS = frozenset("sailed left bound headed set started departed made steered".split())  # "... for X"
# German nouns that name a kind of place before its name ("die Stadt Eger", "das Kloster Ettal").
GERMAN_CLASSIFIERS = frozenset(
    "stadt städtchen dorf stift kloster schloss burg markt marktflecken flecken festung fluss insel hafen "
    "hauptstadt reichsstadt residenzstadt bischofsstadt gemeinde ort abtei".split()
)
# Bare directions: "the North" is a place only as the short form of one named before.
DIRECTIONS = frozenset("north south east west northeast northwest southeast southwest".split())
# Calendar words: "Thursday" is not Thursday Island, "May" is rarely Mayenne's town.
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december montag dienstag mittwoch donnerstag "
    "freitag samstag sonntag januar februar märz juni juli oktober dezember lundi mardi mercredi "
    "jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre "
    "octobre novembre décembre".split()
)
_WORD_BEFORE = re.compile(r"(\w+)\.(?: ?\r?\n| )[ \t]*$")
_TITLE_GAP = re.compile(r"\.?(?: ?\r?\n| )[ \t]*")  # "Capt. Lewis", "Capt.\nLewis"
_LOWER_ONLY = re.compile(r"[a-zà-öø-ÿ]{3,}")
_WORD_CHAR = re.compile(r"\w")
_VERB_OF_TRAVEL = re.compile(r"(?:depart|arrive|leave|return|drive|fly|sail|travel|continue|visit|head|transfer|"
                             r"cross|ride|walk|hike|board|stop|overnight)(?:s|ed|ing)?")
# German verbs whose object is the place, a few words on ("verließ Goethe heimlich Karlsbad").
_GERMAN_OBJECT_VERB = re.compile(r"(?:verließ|verlass|erreicht|besucht|überquert|passiert)")


def _german_object(toks: list[Token], hit: _Hit) -> bool:
    """True when a German verb whose object is a place stands a few words before the name:
    "verließ Goethe heimlich Karlsbad", "erreichte am 14. September Verona"."""
    return any(_GERMAN_OBJECT_VERB.match(t.lower) for t in toks[max(0, hit.first - 4):hit.first])


# Only people are born, marry and die: "Maria was born in Kraków".
_BORN_AFTER = re.compile(r"\s+(?:was|were|had\s+been)\s+(?:born|married|raised|educated)|\s+(?:married|died|grew\s+up)\b")
# A verb of travel right after a name: places do not travel, people do.
_TRAVELS_AFTER = re.compile(r"\s+(?:(?:will|would|has|had|have|also|then|later|first|was|is)\s+){0,2}"
                            r"(?:arrived|arrives|flew|flies|fly|visited|visits|travell?ed|travels|travel|toured|"
                            r"landed|departed|departs|set\s+off|set\s+out)\b")
_AGE_AFTER = re.compile(r",\s*\d{1,3}\s*,")
_SAINTS = frozenset("st saint ste sainte san santa são sao".split())
_POSSESSIVE_END = re.compile(r"['’]s$")
_AND = frozenset("and und or oder et ou".split())
# Kinds whose names take an article and stand without a locative cue.
_FEATURE_KINDS = frozenset("river lake sea mountain pass island region admin1 country continent".split())
COMMON_NOTE = "a common word"
UNKNOWN_NOTE = "not in the gazetteer: a name after a locative cue"
EXONYM_POPULATION = 20_000  # a French or German name of a town this big stands after a cue
_ELISION = ("'", "’")
_CONTRACTION = re.compile(r"['’](?:ve|m|ll|re|d|t)$", re.I)
_LANG_MARKERS = {
    # "in" is German as much as English: it tells neither
    "en": frozenset("the and of to is was that for with".split()),
    "de": frozenset("der die und das ich nicht ist mit den sich ein eine von nach wir im auf zu dem des war "
                    "wurde auch er sie".split()),
    "fr": frozenset("le la les et des est une que dans pour qui du au il nous sur avec par pas".split()),
}


# Languages the text rules do not read, told apart by their own function words so that
# their text is not taken for the nearest supported one (Spanish "la", "que" for French).
_OTHER_MARKERS = {
    "Spanish": frozenset("el los las y en del por una con se lo su al es".split()),
    "Italian": frozenset("il di che della per non un sono gli nel alla del le".split()),
    "Portuguese": frozenset("o os do da em não uma com os no na ao pelo".split()),
    "Dutch": frozenset("het een van en de niet zijn op voor met ook naar".split()),
}
SUPPORTED_SHARE = 0.02  # English, French or German prose has over 10% of its words in its markers


_CACHE_MAX = 200_000
_SHARED: dict[int, tuple] = {}  # id -> (is_name, demonym, first candidate, gazetteer)


def _caches(gazetteer) -> tuple[dict, dict, dict]:
    """Return the (is_name, demonym, first candidate) caches of one gazetteer object."""
    key = id(gazetteer)
    hit = _SHARED.get(key)
    if hit is None or hit[3] is not gazetteer:
        if len(_SHARED) > 8:
            _SHARED.clear()
        hit = _SHARED[key] = ({}, {}, {}, gazetteer)
    return hit[0], hit[1], hit[2]


@lru_cache(maxsize=None)
def common_words(lang: str) -> frozenset[str]:
    """Return the common words of ``lang`` (en, fr, de) as a lowercase set."""
    name = f"common_{lang}.txt"
    try:
        text = resources.files("routes.data").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(text.split())


_LETTERS = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str:
    """Return 'en', 'de' or 'fr' by counting function words in the first 20,000 characters."""
    # Counter counts in C; the markers are then 30 lookups, not one test per word.
    counts = Counter(_LETTERS.findall(text[:20000].lower()))
    scores = {lang: sum(counts[w] for w in markers) for lang, markers in _LANG_MARKERS.items()}
    return max(scores, key=lambda k: (scores[k], k == "en"))


def unsupported_language(text: str) -> Optional[str]:
    """The name of the language of ``text`` when it is one the journey rules do not read
    (Spanish, Italian, ... or one written in another script), else None. A text too
    short to tell is taken as supported."""
    words = _LETTERS.findall(text[:20000].lower())
    if len(words) < 12:
        return None
    counts = Counter(words)
    best = max(sum(counts[w] for w in markers) for markers in _LANG_MARKERS.values())
    other, other_score = max(((name, sum(counts[w] for w in markers)) for name, markers in _OTHER_MARKERS.items()),
                             key=lambda kv: kv[1])
    if other_score > best and other_score >= 3:
        return other
    if len(words) >= 60 and best < SUPPORTED_SHARE * len(words):
        latin = sum(1 for w in words if w.isascii())
        return "a language written in another script" if latin < len(words) / 2 else "another language"
    return None


def _occurs_as_word(text: str, word: str) -> bool:
    """True when ``word`` occurs in ``text`` with no word character, apostrophe or period
    just before it and no word character just after it."""
    size = len(word)
    at = text.find(word)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + size] if at + size < len(text) else " "
        if before not in "'’." and not _WORD_CHAR.match(before) and not _WORD_CHAR.match(after):
            return True
        at = text.find(word, at + 1)
    return False


class Token(NamedTuple):
    """A word of a sentence: a NamedTuple, built with one C call per word (see _tokens)."""

    start: int
    end: int
    text: str
    cap: bool
    index: int = 0

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(slots=True)
class _Hit:
    first: int  # token index
    last: int
    start: int
    end: int
    text: str
    kind: str = "place"  # place | demonym
    demonym: Optional[Place] = None
    feature_hint: str = ""
    notes: list[str] = field(default_factory=list)


_new_tuple = tuple.__new__


def _tokens(text: str, span: Span) -> list[Token]:
    # tuple.__new__ skips the NamedTuple's Python-level __new__: a word is the hot path.
    out = []
    append = out.append
    for i, m in enumerate(_TOKEN.finditer(text, span.start, span.end)):
        start, end = m.span()
        word = text[start:end]
        # "d'Ivoire", "l'Aquila": an elided article before a capital is part of a name.
        cap = word[0].isupper() or (word[1:2] in _ELISION and word[2:3].isupper())
        append(_new_tuple(Token, (start, end, word, cap, i)))
    return out


def _glue_ok(text: str, a: Token, b: Token) -> bool:
    """True when only spaces, a hyphen or an abbreviation period separate two tokens."""
    gap = text[a.end:b.start]
    if gap == " ":
        return True  # the common case, decided without the character checks
    if len(gap) > 3:
        return False
    # One line break is a hard wrap ("Capt.\nLewis"); a blank line ends the name.
    return all(c in " \u00a0-.\r\n" for c in gap) and gap.count("\n") <= 1 and gap.count(".") <= 1


def _stems(word: str, lang: str) -> tuple[str, ...]:
    """``word`` and the stems its plural or inflected forms may have ("canoes", "Landen")."""
    out = [word]
    ends = {"en": ("ies", "es", "s"), "de": ("ern", "en", "er", "es", "n", "e", "s"),
            "fr": ("s", "x")}.get(lang, ("s",))
    for end in ends:
        if word.endswith(end) and len(word) - len(end) >= 3:
            out.append(word[: -len(end)] + ("y" if end == "ies" else ""))
    return tuple(out)


def _one_line(name: str) -> str:
    """A name wrapped over two lines ("New\nYork"), as the gazetteer knows it."""
    return " ".join(name.split()) if ("\n" in name or "\r" in name) else name


def _possessive_split(word: str) -> Optional[int]:
    m = _POSSESSIVE.search(word)
    if m and len(word) - (m.end() - m.start()) >= 2:
        return len(word) - (m.end() - m.start())
    return None


class Extractor:
    """Finds place-name spans in documents with one gazetteer."""

    def __init__(self, gazetteer=None) -> None:
        if gazetteer is None:
            from gazetteer import Gazetteer

            gazetteer = Gazetteer.default()
        self.gaz = gazetteer
        self.max_words = max(1, min(int(getattr(gazetteer, "max_name_words", 6)), 8))
        # Answers shared by every Extractor over the same gazetteer: names repeat
        # across the documents of a corpus.
        self._is_name_cache, self._demonym_cache, self._top_cache = _caches(gazetteer)
        self._text = ""
        self._lower_seen: dict[str, bool] = {}  # word -> written in lower case in this text
        self.rejected: Optional[list[tuple[int, int, str, str]]] = None  # (start, end, text, why) when debugging
        self._title_toks: Optional[list[Token]] = None  # the sentence whose Title Case is known
        self._title_value = False

    # -------------------------------------------------------------- matching
    def _demonym(self, text: str) -> Optional[Place]:
        text = _one_line(text)
        try:
            return self._demonym_cache[text]
        except KeyError:
            if len(self._demonym_cache) > _CACHE_MAX:
                self._demonym_cache.clear()
            hit = self._demonym_cache[text] = self.gaz.demonym(text)
            return hit

    def _top_candidate(self, name: str) -> Optional[Candidate]:
        """Return the gazetteer's first candidate for ``name`` (cached)."""
        name = _one_line(name)
        try:
            return self._top_cache[name]
        except KeyError:
            if len(self._top_cache) > _CACHE_MAX:
                self._top_cache.clear()
            cands = self.gaz.lookup(name, limit=1)
            hit = self._top_cache[name] = cands[0] if cands else None
            return hit

    def _top(self, name: str) -> Optional[Place]:
        """Return the gazetteer's first place for ``name`` (cached)."""
        c = self._top_candidate(name)
        return c.place if c is not None else None

    def _is_name(self, text: str) -> bool:
        text = _one_line(text)
        hit = self._is_name_cache.get(text)
        if hit is None:
            hit = bool(self.gaz.is_name(text))
            if len(self._is_name_cache) > _CACHE_MAX:
                self._is_name_cache.clear()
            self._is_name_cache[text] = hit
        return hit

    def _match_at(self, text: str, toks: list[Token], i: int) -> Optional[_Hit]:
        """Return the longest place or demonym starting at token i."""
        n = len(toks)
        # Extend the run: capitalised tokens joined by connectors.
        j = i
        while j + 1 < n and j - i + 1 < self.max_words and _glue_ok(text, toks[j], toks[j + 1]) and (
            toks[j + 1].cap or toks[j + 1].lower in CONNECTORS
        ):
            j += 1
        country = self._acronym_country(toks[i].text)
        if country is not None:
            return _Hit(i, i, toks[i].start, toks[i].end, toks[i].text, kind="place", demonym=country,
                        notes=["region abbreviation" if country.kind == "admin1" else "country abbreviation"])
        for last in range(j, i - 1, -1):
            if not toks[last].cap:
                continue
            start, end = toks[i].start, toks[last].end
            surface = text[start:end]
            cut = _possessive_split(toks[last].text)
            forms = [surface]
            if cut is not None:
                forms.append(text[start:toks[last].start + cut])
            if last == i and (i + 1 >= n or not toks[i + 1].cap):
                # "the Spanish government": the demonym before a village in Ontario.
                for form in forms:
                    place = self._demonym(form)
                    if place is not None and not self._important(form, primary_only=True):
                        return _Hit(i, last, start, start + len(form), form, kind="demonym", demonym=place)
            for form in forms:
                if self._is_name(form):
                    return _Hit(i, last, start, start + len(form), form)
            for form in forms:
                place = self._demonym(form)
                if place is not None:
                    return _Hit(i, last, start, start + len(form), form, kind="demonym", demonym=place)
        return None

    @staticmethod
    def _names_a_disease(text: str, toks: list[Token], i: int) -> bool:
        """True when a hyphenated word names a disease ("the Ebola-Reston virus"): the
        places in it are no mentions."""
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        return nxt is not None and nxt.lower in DISEASE_HEADS and not text[toks[i].end:nxt.start].strip()

    def _hyphen_parts(self, tok: Token) -> list[_Hit]:
        """'Korean-Russian border', 'Moscow-based': the names inside a hyphenated word."""
        hits = []
        pos = tok.start
        for part in tok.text.split("-"):
            if part and part[0].isupper():
                place = self._demonym(part)
                if place is not None:
                    hits.append(_Hit(tok.index, tok.index, pos, pos + len(part), part, kind="demonym",
                                     demonym=place))
                elif len(part) > 3 and part.lower() not in common_words("en") and self._is_name(part):
                    hits.append(_Hit(tok.index, tok.index, pos, pos + len(part), part, notes=["hyphenated"]))
            pos += len(part) + 1
        return hits

    def _unknown_after_cue(self, text: str, toks: list[Token], i: int, lang: str,
                           person_names: set[str]) -> Optional[int]:
        """The last token of a name the gazetteer does not know that reads like a place
        name, or None: one to three capitalised words, not common words or a person's
        name, after a locative cue or a verb of arrival or departure ("zwischen
        Schwanendorf und", "left Le Monastier", "sailed for Monte Video"). The resolver
        may find it as another spelling of a place, or drops it."""
        sailed_for = i >= 2 and toks[i - 1].lower == "for" and toks[i - 2].lower in _FOR_VERBS
        if i == 0 or not (sailed_for or toks[i - 1].lower in UNKNOWN_CUES or (
                self._cue(toks, _Hit(i, i, toks[i].start, toks[i].end, toks[i].text), lang, coordinated=False))):
            return None
        last = i
        while last + 1 < len(toks) and last - i < 2 and toks[last + 1].cap and _glue_ok(text, toks[last], toks[last + 1]):
            last += 1
        if last + 1 < len(toks) and toks[last + 1].cap and _glue_ok(text, toks[last], toks[last + 1]):
            return None  # a longer run: an organisation or a title more likely than a place
        words = toks[i:last + 1]
        head = words[-1]
        if len(text[words[0].start:head.end]) < 5 or not all(t.text.replace("-", "").isalpha() for t in words) \
                or any(t.text.isupper() or t.lower in CALENDAR for t in words) \
                or head.lower in person_names or all(self._common(t.lower, lang) for t in words) \
                or head.lower.endswith(_ADJECTIVE_ENDS):
            return None
        return last

    # -------------------------------------------------------------- filtering
    def _is_sentence_initial(self, text: str, sent: Span, tok: Token) -> bool:
        before = text[sent.start:tok.start]
        return not any(c.isalnum() for c in before)

    def _reject(self, text: str, sent: Span, toks: list[Token], hit: _Hit, lang: str,
                person_names: set[str]) -> Optional[str]:
        """Return why ``hit`` is not a place mention, or None to keep it."""
        first, last = toks[hit.first], toks[hit.last]
        prev = toks[hit.first - 1] if hit.first > 0 else None
        nxt = toks[hit.last + 1] if hit.last + 1 < len(toks) else None
        prev_glued = prev is not None and _glue_ok(text, prev, first) and text[prev.end:first.start].strip() == ""
        next_glued = nxt is not None and _glue_ok(text, last, nxt) and text[last.end:nxt.start].strip() == ""
        surface_l = hit.text.lower()
        initial = self._is_sentence_initial(text, sent, first)
        if _CONTRACTION.search(last.text) or (hit.first == hit.last and len(hit.text) == 1):
            return "a contraction or a single letter"
        if hit.first == hit.last and surface_l in CALENDAR:
            return "a day or a month"
        if hit.first == hit.last and text.startswith(".", hit.end) and surface_l in ABBREVIATIONS:
            return "an abbreviation (Dr., Sen., Jan.)"
        if prev_glued and prev.cap and prev.lower.rstrip(".") in TITLES:
            return "title before the name: a person"
        if prev is not None and prev.lower.rstrip(".") in TITLES and _TITLE_GAP.fullmatch(text[prev.end:first.start]):
            if prev.cap or prev.lower in ("president", "governor", "senator", "mayor", "king", "queen"):
                return "title before the name: a person"
        if prev is None and hit.kind == "place":
            m = _WORD_BEFORE.search(text, max(0, hit.start - 16), hit.start)
            if m and m.group(1).lower() in TITLE_ABBREVIATIONS and m.group(1)[0].isupper() \
                    and text.startswith(".", m.end(1)):
                return "title before the name: a person"  # "Govr. Harrison" split as two sentences
        if hit.kind == "demonym":
            if prev is not None and prev.lower in LANGUAGE_BEFORE and not (next_glued and nxt.cap):
                return "a language (“in French”, “speaks English”)"
            return None
        if hit.text[:_possessive_split(hit.text) or len(hit.text)].lower() in INSTITUTIONS:
            return "an institution, not a place (“the White House”, “Congress”)"
        if first.lower.rstrip(".") in _SAINTS and hit.first < hit.last and _POSSESSIVE_END.search(last.text) \
                and not self._important(_one_line(hit.text)):
            return "a church or a school: a saint's name in the possessive (“St. Peter's”)"
        possessive = _possessive_split(last.text) is not None and hit.end < last.end
        if possessive:
            next_glued = False  # "Russia's Pacific Fleet": the name ends at the possessive
        if next_glued and nxt.cap and hit.first < hit.last and last.lower in COUNTY_WORDS:
            # "Laurel County Sheriff's Office", "Laurel County High School": the
            # county's institutions name the county.
            hit.notes.append("names the county of its institution")
        elif next_glued and nxt.cap and nxt.lower in CIVIC_HEADS:
            # "Fargo Mayor Dennis Walaker", "the Texas Department of Health": the
            # institution belongs to the place, and the place is named.
            hit.notes.append(f"names the place of its {nxt.lower}")
        elif next_glued and nxt.cap and nxt.lower in ORG_HEADS:
            return "part of an organisation name"
        if next_glued and not nxt.cap and nxt.lower in PERSON_AFTER and hit.first == hit.last:
            return "a person: “the Obama administration”"
        if next_glued and nxt.lower in DISEASE_HEADS:
            return "part of a disease's name (“Marburg virus”, “West Nile fever”)"
        if not hit.notes and next_glued and self._proper(nxt, lang, toks, sent_initial=False) \
                and nxt.lower not in GEO_HEADS:
            head = self._institution_head(text, toks, hit.last + 1)
            if head is None and nxt.lower.rstrip(".") in OFFICE_AFTER:
                head = nxt.lower.rstrip(".")  # "Arizona Sen. John McCain", "a Manhattan Democrat"
            if head is None:
                return "part of a longer proper name"
            hit.notes.append(f"names the place of its {head}")
        if prev_glued and self._proper(prev, lang, toks, sent_initial=prev.index == 0) \
                and prev.lower not in QUALIFIERS:
            return "part of a longer proper name"
        if self._after_initial(text, toks, hit):
            return "a surname after a first name and an initial"
        if surface_l in person_names and not (prev is not None and prev.lower in PLACE_ONLY_CUES
                                              and not prev.cap and not possessive):
            return "a person named earlier in the text"  # but "detectives in Alexandria" is the place
        if hit.first == hit.last and _BORN_AFTER.match(text, hit.end) and not self._important(hit.text):
            return "a person: “Maria was born in Kraków”"
        if hit.first == hit.last and _TRAVELS_AFTER.match(text, hit.end) and not self._important(hit.text):
            return "a person: the one who travels (“Obama will travel to Singapore”)"
        if hit.first == hit.last and _AGE_AFTER.match(text, hit.end):
            return "a person: a name followed by an age (“Ahmad, 24,”)"
        if hit.first == hit.last and nxt is not None and nxt.lower in SPEECH_VERBS \
                and text[last.end:nxt.start] == " " and not self._important(hit.text):
            return "a person who speaks"
        if first.text.isupper() and hit.first == hit.last and hit.demonym is None and "." not in hit.text \
                and len(hit.text) <= 5 and (len(hit.text) <= 3 or self._acronym(text, hit)):
            return "an acronym"
        if hit.first == hit.last and prev is not None and prev.lower in ("a", "an", "the") and nxt is not None \
                and next_glued and not nxt.cap and nxt.lower not in FUNCTION_WORDS \
                and self._via_alternate(hit.text) and not self._important(hit.text):
            return "a brand before a noun, known only as another place's alternate name (“a Samsung plant”)"
        if hit.first == hit.last and len(hit.text) <= 3 and self._via_alternate(hit.text) \
                and not self._important(hit.text):
            return "a short word that only another place's alternate name matches (“En route”)"
        if hit.first == hit.last:
            word = _possessive_split(first.text)
            base = (first.text[:word] if word else first.text).lower()
            cue = self._cue(toks, hit, lang)
            if self._common(base, lang):
                cue = self._cue(toks, hit, lang, coordinated=False)  # "in Kentucky and Sent"
                if cue and lang == "en" and prev.lower == "to":
                    cue = False  # "to See us": an infinitive, not a destination
                if initial and not cue:
                    return "a common word at the start of a sentence"
                # An alternate name (Iceland's "Island", Gold Coast's "Gold") makes no place important.
                important = self._important(hit.text, primary_only=True)
                if not cue and not important:
                    return "a common word that is also a small place"
                if not important and self._via_alternate(hit.text) and not (
                        cue and lang != "en" and self._town_of_note(hit.text)):
                    # A French or German text names big places by their own exonyms
                    # ("à Pékin", "en Chine"): with a locative cue those stand.
                    return "a common word that only another place's alternate name matches"
                if not important:
                    hit.notes.append(COMMON_NOTE)
            elif lang == "de" and not cue and not _german_object(toks, hit) \
                    and not self._important(hit.text, primary_only=True) \
                    and not self._feature_reading(hit.text):
                # German capitalises every noun ("Pracht", "Kalk"): capitals are no evidence.
                return "a German noun or a small place without a locative cue"
        return None

    def _common(self, base: str, lang: str) -> bool:
        """True when ``base`` (lower case) or its stem is a common word of the text's language,
        or is written in lower case elsewhere in the text ("canoes", "summit")."""
        words = common_words(lang)
        english = common_words("en")
        for form in _stems(base, lang):
            if form in words or form in english or self._written_lower(form):
                return True
        return False

    def _written_lower(self, word: str) -> bool:
        """True when the text writes ``word`` (lower case) as a word of its own somewhere.

        Searched on demand, for the few one-word names that need it, instead of
        collecting every lower-case word of the text up front.
        """
        hit = self._lower_seen.get(word)
        if hit is None:
            hit = self._lower_seen[word] = _LOWER_ONLY.fullmatch(word) is not None \
                and _occurs_as_word(self._text, word)
        return hit

    def _cue(self, toks: list[Token], hit: _Hit, lang: str, coordinated: bool = True) -> bool:
        """True when a locative word precedes the name ("in Eger", "Bei Abach", "zwischen
        Schwandorf und Regenstauf")."""
        k = hit.first - 1
        if k < 0:
            return False
        prev = toks[k]
        if prev.lower in GERMAN_CLASSIFIERS and lang == "de":
            return True  # "das Stift Waldsassen", "die Reichsstadt Regensburg": the noun says what it is
        if prev.lower == "of" and k > 0 and toks[k - 1].cap and not self._title_for(toks):
            return False  # "Chamber of Commerce": inside a name, "of" locates nothing
        if prev.lower in LOCATIVE_CUES:
            return not prev.cap or k == 0 or self._title_for(toks)
        if coordinated and prev.lower in _AND and k >= 2 and toks[k - 1].cap:
            before = toks[k - 2]
            return before.lower in LOCATIVE_CUES and (not before.cap or k == 2 or self._title_for(toks))
        return False

    def _via_alternate(self, name: str) -> bool:
        """True when the gazetteer knows ``name`` only as some place's alternate name."""
        c = self._top_candidate(name)
        return c is not None and c.reason.startswith("alternate")

    def _feature_reading(self, name: str) -> bool:
        """True when the gazetteer's first answer is a river, a region, a pass...: names that
        take an article ("nach der Donau", "auf den Brenner")."""
        c = self._top_candidate(name)
        return c is not None and c.place.kind in _FEATURE_KINDS

    @staticmethod
    def _after_initial(text: str, toks: list[Token], hit: _Hit) -> bool:
        """'Sheila D. Williams', 'Roy A. Nelson': a name after a first name and an initial."""
        if hit.first < 2:
            return False
        initial, given = toks[hit.first - 1], toks[hit.first - 2]
        return (len(initial.text) == 1 and initial.text.isupper()
                and text[initial.end:toks[hit.first].start] == ". "
                and given.cap and len(given.text) > 1 and text[given.end:initial.start] == " ")

    def _title_for(self, toks: list[Token]) -> bool:
        """Title Case of the sentence ``toks``, worked out once per sentence and only when a
        rule asks."""
        if toks is not self._title_toks:
            self._title_toks, self._title_value = toks, self._title_case(toks)
        return self._title_value

    @staticmethod
    def _title_case(toks: list[Token]) -> bool:
        """A headline in Title Case: most words capitalised, function words included."""
        words = [t for t in toks if t.text.isalpha()]
        return len(words) >= 4 and sum(t.cap for t in words) >= 0.75 * len(words)

    @staticmethod
    def _institution_head(text: str, toks: list[Token], i: int) -> Optional[str]:
        """The head word ending the proper name that starts at token ``i``, when it names an
        institution or a street ("Dublin City Council", "Gainesville Riding Club"): such a
        name names its place too. None for a person's or a brand's name ("Austin Jones")."""
        last = None
        while i < len(toks) and (toks[i].cap or toks[i].lower in ("and", "&")) \
                and (last is None or text[toks[i - 1].end:toks[i].start] in (" ", "\n")):
            if toks[i].cap:
                last = toks[i]
            i += 1
        if last is None:
            return None
        word = last.lower.rstrip(".")
        return word if word in INSTITUTION_HEADS else None

    def _proper(self, tok: Token, lang: str, toks: list[Token], sent_initial: bool) -> bool:
        """True when a capitalised neighbour is itself a proper name ("Jong", "Post").

        A common word capitalised only because it opens the sentence or sits in a
        Title Case headline ("Left London", "Arrives In Vladivostok"), or because German
        capitalises every noun ("das Stift Waldsassen"), is not one.
        """
        if not tok.cap or tok.lower in FUNCTION_WORDS:
            return False
        if tok.lower in common_words(lang) and (sent_initial or lang == "de" or self._title_for(toks)):
            return tok.lower in ORG_HEADS
        if _VERB_OF_TRAVEL.fullmatch(tok.lower):
            return False  # "Day 1: Depart Florence at 9:00": an itinerary's verb, not a name
        return True

    def _names_a_person(self, toks: list[Token], hit: _Hit, reason: str) -> bool:
        """True when a rejected one-word name is a person's, to be remembered for the document.

        "Andrew Jackson" and "President Lincoln" are; "Fargo" in "Fargo Dome" or
        "Texas" in "Texas Instruments" are not, nor is any country or large city.
        """
        if reason != "part of a longer proper name" and not reason.startswith(("title", "a surname", "a person:")):
            return False
        top = self._top(hit.text)
        if top is not None and top.kind in ("country", "admin1", "continent", "region"):
            return False
        if reason != "part of a longer proper name":
            return True
        prev = toks[hit.first - 1] if hit.first > 0 else None
        nxt = toks[hit.last + 1] if hit.last + 1 < len(toks) else None
        rare = lambda t: t is not None and t.cap and t.lower not in common_words("en")  # noqa: E731
        return rare(prev) or (rare(nxt) and nxt.lower not in ORG_HEADS)

    def _important(self, name: str, primary_only: bool = False) -> bool:
        c = self._top_candidate(name)
        if c is None or (primary_only and c.reason.startswith("alternate")):
            return False
        p = c.place
        return p.kind in ("country", "admin1", "capital", "continent", "region") or p.population >= 100_000

    def _town_of_note(self, name: str) -> bool:
        """An important place, or a town of EXONYM_POPULATION people or more ("Venise")."""
        c = self._top_candidate(name)
        return c is not None and (self._important(name) or c.place.population >= EXONYM_POPULATION)

    def _acronym(self, text: str, hit: _Hit) -> bool:
        """True when a capitalised word of four or five letters is an acronym ("NATO foreign
        ministers"), not a dateline opening its line ("ROME —") nor a country's or a
        region's own abbreviation ("DPRK")."""
        if not text[text.rfind("\n", 0, hit.start) + 1:hit.start].strip():
            return False
        top = self._top(hit.text)
        return top is None or top.kind not in ("country", "admin1")

    def _acronym_country(self, word: str) -> Optional[Place]:
        """'US', 'UK', 'UAE', 'NSW': the country or first-level region whose dotted
        abbreviation this is, if any."""
        if not (2 <= len(word) <= 3 and word.isupper() and word.isalpha()):
            return None
        p = self._top(".".join(word) + ".")
        return p if p is not None and p.kind in ("country", "admin1") else None

    # -------------------------------------------------------------- driver
    def extract(self, doc: Document) -> list[Mention]:
        """Return the place and demonym mentions of ``doc`` in text order."""
        text = doc.text
        lang = guess_language(text)
        # Words the text itself writes in lower case are common words here ("the canoes").
        self._text, self._lower_seen = text, {}
        person_names: set[str] = set()
        compounds: dict[str, Place] = {}  # "north" -> North Korea once "North Korean" is read
        out: list[Mention] = []
        for sent in sentences(text):
            toks = _tokens(text, sent)
            # Remember person names: capitalised pairs after a title, and multiword names
            # that contain no place ("Kim Jong Un" -> "kim", "un").
            resume = 0  # the first token after the last name judged
            # Only capitalised words can start a name: skip the others in one C-level pass.
            for tok in [t for t in toks if t[3]]:
                i = tok.index
                if i < resume:
                    continue
                if tok.lower in FUNCTION_WORDS and not (i + 1 < len(toks) and toks[i + 1].lower in CONNECTORS):
                    continue
                hit = self._match_at(text, toks, i)
                if hit is None:
                    if "-" in tok.text and not self._names_a_disease(text, toks, i):
                        for part in self._hyphen_parts(tok):
                            out.append(Mention(doc_id=doc.id, start=part.start, end=part.end, text=part.text,
                                               sentence=sent.text, sentence_start=sent.start, kind=part.kind,
                                               place=part.demonym, confidence=1.0 if part.demonym else 0.0,
                                               reason="; ".join(part.notes)))
                    else:
                        last = self._unknown_after_cue(text, toks, i, lang, person_names)
                        if last is not None:
                            out.append(Mention(doc_id=doc.id, start=tok.start, end=toks[last].end,
                                               text=text[tok.start:toks[last].end], sentence=sent.text,
                                               sentence_start=sent.start, kind="place", reason=UNKNOWN_NOTE))
                            resume = last + 1
                    continue
                if hit.kind == "place" and hit.first == hit.last and hit.text.lower() in DIRECTIONS:
                    # "revenue for the North" after "North Korean": the country named before.
                    named = compounds.get(hit.text.lower())
                    if named is None:
                        if self.rejected is not None:
                            self.rejected.append((hit.start, hit.end, hit.text, "a bare direction"))
                        continue
                    hit.demonym = named
                    hit.notes.append(f"{hit.text}: {named.name}, named before")
                # "the Grand river", "the Korean peninsula": judged whole, not as the common
                # word "Grand" or the demonym "Korean".
                hit = self._extend_lower_geo_head(text, toks, hit)
                reason = self._reject(text, sent, toks, hit, lang, person_names)
                if reason is None and hit.demonym is not None and hit.demonym.kind == "country" \
                        and " " in hit.text:
                    compounds.setdefault(hit.text.split()[0].lower(), hit.demonym)
                if reason == "part of a longer proper name" and hit.first == i:
                    # "left Le Monastier", "sailed for Monte Video": the whole run, which the
                    # gazetteer does not know, may be another spelling of a place.
                    last = self._unknown_after_cue(text, toks, i, lang, person_names)
                    if last is not None and last > hit.last:
                        out.append(Mention(doc_id=doc.id, start=tok.start, end=toks[last].end,
                                           text=text[tok.start:toks[last].end], sentence=sent.text,
                                           sentence_start=sent.start, kind="place", reason=UNKNOWN_NOTE))
                        resume = last + 1
                        continue
                if reason is not None:
                    if self.rejected is not None:
                        self.rejected.append((hit.start, hit.end, hit.text, reason))
                    if hit.kind == "place" and hit.first == hit.last and self._names_a_person(toks, hit, reason):
                        person_names.add(hit.text.lower())
                    resume = hit.last + 1
                    continue
                hit = self._extend_geo_head(text, toks, hit)
                out.append(Mention(doc_id=doc.id, start=hit.start, end=hit.end, text=hit.text,
                                   sentence=sent.text, sentence_start=sent.start, kind=hit.kind,
                                   place=hit.demonym, confidence=1.0 if hit.demonym else 0.0,
                                   reason=hit.feature_hint or "; ".join(hit.notes)))
                resume = hit.last + 1
        return out

    def _extend_lower_geo_head(self, text: str, toks: list[Token], hit: _Hit) -> _Hit:
        """'the Korean peninsula', 'the Grand river': a name with its lower-case feature word."""
        if hit.last + 1 >= len(toks) or hit.demonym is not None and hit.kind == "place":
            return hit
        nxt = toks[hit.last + 1]
        if not nxt.cap and nxt.lower in GEO_HEADS and hit.end == toks[hit.last].end \
                and text[toks[hit.last].end:nxt.start] == " " and self._is_name(text[hit.start:nxt.end]):
            return _Hit(hit.first, hit.last + 1, hit.start, nxt.end, text[hit.start:nxt.end],
                        feature_hint=GEO_HEADS[nxt.lower])
        return hit

    def _extend_geo_head(self, text: str, toks: list[Token], hit: _Hit) -> _Hit:
        """'Harris County', 'Hudson River': include the feature word, note the kind."""
        if hit.last + 1 >= len(toks) or hit.demonym is not None and hit.kind == "place":
            return hit
        nxt = toks[hit.last + 1]
        if nxt.cap and nxt.lower in GEO_HEADS and _glue_ok(text, toks[hit.last], nxt) \
                and text[toks[hit.last].end:nxt.start].strip() == "" and hit.end == toks[hit.last].end:
            return _Hit(hit.first, hit.last + 1, hit.start, nxt.end, text[hit.start:nxt.end],
                        feature_hint=GEO_HEADS[nxt.lower])
        return hit


def extract(doc: Document, gazetteer=None) -> list[Mention]:
    """Return the place and demonym mentions of ``doc`` (unresolved places have place=None)."""
    return Extractor(gazetteer).extract(doc)
