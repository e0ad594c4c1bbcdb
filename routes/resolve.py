"""Stage 3: choose the gazetteer entry each place mention means.

Every candidate starts from the gazetteer's own score (name match, population,
feature importance) and gains from the document: an "X, Y" qualifier naming its
region or country, countries, first-level regions (states, provinces) and
demonyms named elsewhere in the text, and closeness to the places already
resolved with confidence. Spatial coherence then re-ranks each ambiguous local
name by its closeness to the other names' plausible readings and by how many of
them lie within 150 km ("Huntsville" beside "Walker County": both in Texas).
"St."/"Mt."/"Ft." names are also looked up spelled out. A doubtful one-word name
(a common word, or a word known only as an alternate name) whose best reading is a
small place far from everything else is dropped. One sense per discourse: a name
resolves the same way throughout a document. A name the gazetteer lacks, found after a
locative cue, is read as another spelling of a place near the text's sure places
(``Gazetteer.spelled_like``), or dropped.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Optional, Sequence

from routes.extract import COMMON_NOTE, UNKNOWN_NOTE
from routes.model import Candidate, Mention, Place

# A creek or lake unknown to the gazetteer is no town of the same name ("Coldwater Creek");
# islands, counties and mountains often are ("Tybee Island" is a town too), so only water
# features are held to their kind.
_FALLBACK_KINDS = {"river": ("river", "lake", "sea"), "lake": ("lake", "river"), "sea": ("sea", "lake", "river")}
_REGIONAL = ("country", "admin1", "continent", "region")
W_COUNTRY = 0.25  # candidate lies in a country the text names
W_ADMIN1 = 0.25  # candidate lies in a first-level region (state, province) the text names
W_QUALIFIER = 0.6  # "Richmond, Virginia": the qualifier names its region or country
W_NEAR = 0.25  # close to the document's confidently resolved places
W_KIND = 0.2  # the feature word says what it is ("Hudson River")
W_COHERE = 0.4  # near the other places the text names (coherence, all choices)
COHERE_MARGIN = 0.4
W_SUPPORT = 0.4  # ... and within SUPPORT_KM of many of them
SUPPORT_KM = 150.0
FAR_KM = 2000.0  # a doubtful one-word name this far from all the others is dropped  # coherence only chooses among candidates this close to the best

# Abbreviated first words and how they are spelled out in the gazetteer's names.
_SPELLED = {"st": "Saint", "ste": "Sainte", "mt": "Mount", "ft": "Fort", "pt": "Point"}
_ABBREVIATED = re.compile(r"(St|Ste|Mt|Ft|Pt)\.?\s+(?=[A-Z])")

SPELLING_KM = 100.0  # a misspelt name is looked for this close to the text's sure places
SPELLING_RATIO = 0.9  # difflib similarity of the folded names (0.91 for Schwanendorf/Schwandorf)
_CACHE_MAX = 50_000
# Candidates per (gazetteer, name), shared by every document a process resolves.
_CAND_CACHE: dict[tuple[int, str, int], list[Candidate]] = {}


class _PairDistances:
    """The distance matrix of one document: (distance in km, closeness 0..1) of two
    places, each pair computed once.

    Stored as one row per place (a dict from the other place's object id to the pair),
    both ways at once, so that a loop over one candidate's neighbours reads one row
    without building a key per pair. Keyed by the places' object ids, so one instance
    must not outlive the candidate lists it is used with (one document). The haversine
    is symmetric (sin is odd, the products commute), so (a, b) and (b, a) share a value.
    """

    __slots__ = ("rows", "trig")

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, tuple[float, float]]] = {}
        self.trig: dict[int, tuple[float, float]] = {}

    def row(self, p: Place) -> dict[int, tuple[float, float]]:
        """The pairs of ``p`` computed so far, by the other place's object id (filled in
        place as more are computed)."""
        r = self.rows.get(id(p))
        if r is None:
            r = self.rows[id(p)] = {}
        return r

    def __call__(self, p: Place, o: Place) -> tuple[float, float]:
        hit = self.row(p).get(id(o))
        return hit if hit is not None else self.compute(p, o)

    def fill(self, p: Place, targets: list[tuple[Place, int]]) -> dict[int, tuple[float, float]]:
        """Return the row of ``p`` with every (place, object id) of ``targets`` in it.

        The missing pairs are computed here in one loop, with the operations of
        :meth:`compute` in the same order (the same floats), but without a call per pair.
        """
        rows, trig = self.rows, self.trig
        pid = id(p)
        row = rows.get(pid)
        if row is None:
            row = rows[pid] = {}
        t = trig.get(pid)
        if t is None:
            r = math.radians(p.lat)
            t = trig[pid] = (r, math.cos(r))
        p1, c1 = t
        lon = p.lon
        radians, sin, sqrt, asin, log10 = math.radians, math.sin, math.sqrt, math.asin, math.log10
        for o, oid in targets:
            if oid in row:
                continue
            t = trig.get(oid)
            if t is None:
                r = radians(o.lat)
                t = trig[oid] = (r, math.cos(r))
            p2, c2 = t
            dp, dl = p2 - p1, radians(o.lon - lon)
            h = sin(dp / 2) ** 2 + c1 * c2 * sin(dl / 2) ** 2
            h = sqrt(h)
            d = 2 * 6371.0088 * asin(h if h < 1.0 else 1.0)
            near = 1.0 - log10(1 + d) / 4.0
            hit = row[oid] = (d, near if near > 0.0 else 0.0)
            other = rows.get(oid)
            if other is None:
                other = rows[oid] = {}
            other[pid] = hit
        return row

    def compute(self, p: Place, o: Place, key=None) -> tuple[float, float]:
        """Compute and store the pair (p, o); ``key`` is accepted for callers of the
        tuple-keyed version and ignored."""
        return self.fill(p, [(o, id(o))])[id(o)]


def _resolved(m: Mention, place: Optional[Place], candidates: tuple, confidence: float, reason: str) -> Mention:
    """``m`` with its resolution: ``dataclasses.replace`` without its generic cost (a
    field lookup per call), which showed in profiles of long texts."""
    return Mention(doc_id=m.doc_id, start=m.start, end=m.end, text=m.text, sentence=m.sentence,
                   sentence_start=m.sentence_start, kind=m.kind, place=place, candidates=candidates,
                   confidence=confidence, reason=reason)


def _fold(s: str) -> str:
    from gazetteer import fold

    return fold(s)


class Resolver:
    """Resolves the mentions of one document with one gazetteer."""

    def __init__(self, gazetteer=None, *, limit: int = 12) -> None:
        if gazetteer is None:
            from gazetteer import Gazetteer

            gazetteer = Gazetteer.default()
        self.gaz = gazetteer
        self.limit = limit
        self._pair: Optional[_PairDistances] = None

    def _lookup(self, name: str) -> list[Candidate]:
        """Return the gazetteer's candidates for ``name`` (cached across documents)."""
        if "\n" in name or "\r" in name:
            name = " ".join(name.split())  # a name wrapped over two lines
        key = (id(self.gaz), name, self.limit)
        hit = _CAND_CACHE.get(key)
        if hit is None:
            if len(_CAND_CACHE) > _CACHE_MAX:
                _CAND_CACHE.clear()
            hit = _CAND_CACHE[key] = list(self.gaz.lookup(name, limit=self.limit))
        return hit

    def _variants(self, name: str) -> list[Candidate]:
        """Candidates of ``name`` and of its spelled-out abbreviations ("St. Charles" is
        also looked up as "Saint Charles", "Mt. Pleasant" as "Mount Pleasant")."""
        cands = self._lookup(name)
        m = _ABBREVIATED.match(name)
        if m is None:
            return cands
        long = _SPELLED[m.group(1).lower()] + " " + name[m.end():]
        best: dict[str, Candidate] = {c.place.id: c for c in cands}
        for c in self._lookup(long):
            old = best.get(c.place.id)
            if old is None or c.score > old.score:
                best[c.place.id] = c._replace(reason=f"{c.reason}; as {long}")
        return sorted(best.values(), key=lambda c: (-c.score, -c.place.population, c.place.id))[:self.limit]

    def _candidates(self, m: Mention) -> list[Candidate]:
        cands = self._variants(m.text)
        if not cands and m.reason and m.reason != UNKNOWN_NOTE:
            # "Harris County" unknown as a whole: fall back to the name before the feature word,
            # keeping only entries of that kind of feature ("Coldwater Creek" is no town).
            base = m.text.rsplit(" ", 1)[0]
            fits = _FALLBACK_KINDS.get(m.reason)
            cands = [c._replace(score=c.score * 0.8, reason=c.reason + "; feature word dropped")
                     for c in self._variants(base) if fits is None or c.place.kind in fits]
        return cands

    def resolve(self, mentions: Sequence[Mention], text: str = "") -> list[Mention]:
        """Return ``mentions`` with ``place``, ``candidates``, ``confidence`` and ``reason`` set."""
        places = [m for m in mentions if m.kind == "place" and m.place is None]
        cands: dict[str, list[Candidate]] = {}
        hints: dict[str, str] = {}
        for m in places:
            if m.text not in cands:
                cands[m.text] = self._candidates(m)
            if m.reason and m.text not in hints:
                hints[m.text] = m.reason
        qualifiers = self._qualifiers(mentions, text, cands)

        # Countries and first-level regions named in the text make the places inside
        # them likelier. Two passes: the regions are themselves chosen with the
        # context ("Georgia" in a story that names Atlanta and Macon).
        chosen: dict[str, Candidate] = {}
        pair = self._pair = _PairDistances()  # distances between this text's candidates
        countries, regions = self._context(mentions, cands, chosen, qualifiers)
        for name, cs in cands.items():
            if cs:
                cc, rc = self._without(name, cs, chosen, countries, regions)
                # Only the best's place and score count here: no reasons written.
                chosen[name] = self._best(cs, cc, rc, qualifiers.get(name), hints.get(name))
        countries, regions = self._context(mentions, cands, chosen, qualifiers)
        anchors = [(n, c.place) for n, c in chosen.items() if self._anchor(cands[n], c, countries, regions)]
        for name in [n for n, cs in cands.items() if not cs and hints.get(n) == UNKNOWN_NOTE]:
            cands[name] = self._spelling_variants(name, [a for _, a in anchors])
        # Second pass: the geography of the anchors.
        ranked_by_name: dict[str, list[Candidate]] = {}
        for name, cs in cands.items():
            if not cs:
                continue
            own = [a for n, a in anchors if n != name]
            cc, rc = self._without(name, cs, chosen, countries, regions)
            ranked_by_name[name] = self._rank(cs, cc, rc, qualifiers.get(name), own, hints.get(name))
        self._cohere(ranked_by_name, pair)

        dropped = self._far_doubtful(places, ranked_by_name, pair)
        self._pair = None  # keyed by object ids: valid for this text only
        out: list[Mention] = []
        for m in mentions:
            if m.text in dropped and m.place is None:
                continue
            if m.kind != "place" or m.place is not None:
                out.append(_resolved(m, m.place, m.candidates, 1.0 if m.place else 0.0, m.reason or "demonym"))
                continue
            ranked = ranked_by_name.get(m.text) or []
            if not ranked and m.reason == UNKNOWN_NOTE:
                continue  # an unknown word that is no spelling of a place nearby
            if not ranked:
                out.append(_resolved(m, None, (), 0.0, m.reason or "no gazetteer entry"))
                continue
            best = ranked[0]
            second = ranked[1].score if len(ranked) > 1 else 0.0
            confidence = max(0.0, min(1.0, 0.5 + (best.score - second)))
            if len(ranked) == 1:
                confidence = max(confidence, min(1.0, best.score + 0.3))
            out.append(_resolved(m, best.place, tuple(ranked[:5]), round(confidence, 3), best.reason))
        return out

    def _spelling_variants(self, name: str, anchors: list[Place]) -> list[Candidate]:
        """A name the gazetteer lacks, read as another spelling of a place near the text's
        sure places ("Schwanendorf" beside Regensburg is Schwandorf): old texts and typos."""
        points = [(a.lat, a.lon) for a in anchors if a.kind not in _REGIONAL]
        found = self.gaz.spelled_like(name, points, within_m=SPELLING_KM * 1000, min_ratio=SPELLING_RATIO)
        return [c._replace(score=round(0.5 * c.score, 4), reason=f"{c.reason}, near the text's other places")
                for c in found[:self.limit]]

    @staticmethod
    def _context(mentions: Sequence[Mention], cands: dict[str, list[Candidate]],
                 chosen: dict[str, Candidate], qualifiers: dict[str, Place]) -> tuple[Counter, Counter]:
        """Return the countries and the (country, region) pairs the text names, counted."""
        countries: Counter[str] = Counter()
        regions: Counter[tuple[str, str]] = Counter()
        for m in mentions:
            if m.place is not None and (m.kind == "demonym" or m.place.kind == "country"):
                countries[m.place.country_code] += 1
        for name, cs in cands.items():
            c = chosen.get(name) or (cs[0] if cs else None)
            if c is None or c.score < 0.5:
                continue
            p = c.place
            if p.kind == "country":
                countries[p.country_code] += 1
            elif p.kind == "admin1":
                regions[(p.country_code, p.admin1)] += 1
                countries[p.country_code] += 1
        for q in qualifiers.values():
            if q.kind == "admin1":
                regions[(q.country_code, q.admin1)] += 1
        return countries, regions

    @staticmethod
    def _far_doubtful(places: Sequence[Mention], ranked: dict[str, list[Candidate]],
                      pair: Optional[_PairDistances] = None) -> set[str]:
        """One-word names that are likely not places at all: a common word ("Cash", "Mine")
        or a word known only as some place's alternate name ("Stern", "Salute"), whose best
        reading is a small place far (FAR_KM) from everything else the text names."""
        doubtful, unsure = set(), set()
        for m in places:
            r = ranked.get(m.text)
            if not r or " " in m.text.strip() or "\n" in m.text:
                continue
            if COMMON_NOTE in (m.reason or "") or r[0].reason.startswith("alternate name"):
                unsure.add(m.text)
                p = r[0].place
                if p.kind not in _REGIONAL and p.population < 100_000:
                    doubtful.add(m.text)
        if not doubtful:
            return set()
        # Only sure names vouch for a doubtful one: "Rim" read as Rome (an alternate name)
        # must not keep "Arches" in France in a story about Utah.
        others = {n: r[0].place for n, r in ranked.items() if r and n not in unsure}
        if not others:
            return set()
        far = set()
        pair = pair or _PairDistances()
        for name in doubtful:
            p = ranked[name][0].place
            if all(pair(p, o)[0] > FAR_KM for o in others.values()):
                far.add(name)
        return far

    @staticmethod
    def _without(name: str, cs: list[Candidate], chosen: dict[str, Candidate], countries: Counter,
                 regions: Counter) -> tuple[Counter, Counter]:
        """The context without the name's own vote: "Georgia" the country does not
        count as evidence for itself."""
        c = chosen.get(name) or (cs[0] if cs else None)
        if c is None or c.score < 0.5 or c.place.kind not in ("country", "admin1"):
            return countries, regions
        p = c.place
        countries = countries.copy()
        countries[p.country_code] -= 1
        if p.kind == "admin1":
            regions = regions.copy()
            regions[(p.country_code, p.admin1)] -= 1
        return +countries, +regions

    @staticmethod
    def _cohere(ranked: dict[str, list[Candidate]], pair: Optional[_PairDistances] = None) -> None:
        """Spatial coherence: the places of one text lie near each other.

        Each ambiguous local name (not a country or a state) is re-ranked with a
        bonus for lying near the other names' places. In the first round the other
        names' places are all their plausible readings (those within the margin of
        their best), so that two names agree on the pair that lies closest
        ("Huntsville" beside "Walker County": both in Texas); then a few rounds of
        coordinate ascent use the other names' current choices. ``ranked`` is
        changed in place.
        """
        local = lambda p: p.kind not in _REGIONAL  # noqa: E731
        original = {n: list(r) for n, r in ranked.items()}
        pools = {n: [c for c in r[:6] if local(c.place) and c.score >= r[0].score - COHERE_MARGIN]
                 for n, r in original.items()}
        choice = {n: r[0].place for n, r in ranked.items()}
        pair = pair or _PairDistances()
        # Each name's plausible readings with their weights, made once for every round-0 pass.
        weighted = {n: [(c.place, id(c.place), 1.0 - (pool[0].score - c.score) / (2 * COHERE_MARGIN)) for c in pool]
                    for n, pool in pools.items() if pool}
        for round_ in range(4):
            changed = False
            for name, r in original.items():
                if len(r) < 2 or not local(r[0].place):
                    continue  # a country or a state keeps its rank ("California", not a village)
                if round_ == 0:
                    others = [group for n, group in weighted.items() if n != name]
                else:
                    others = [[(p, id(p), 1.0)] for n, p in choice.items() if n != name and local(p)]
                if not others:
                    continue
                targets = [(o, oid) for group in others for o, oid, _w in group]
                scored = []
                for c in r:
                    p = c.place
                    if not local(p) or c.score < r[0].score - COHERE_MARGIN:
                        scored.append(c)
                        continue
                    close, d_min, support = 0.0, 1e9, 0.0
                    row = pair.fill(p, targets)  # this candidate's row of the document's distance matrix
                    for group in others:
                        near_group = 0.0
                        for o, oid, w in group:
                            d, near = row[oid]
                            if d < d_min:
                                d_min = d
                            near *= w
                            if near > close:
                                close = near
                            if d < SUPPORT_KM and w > near_group:
                                near_group = w
                        support += near_group
                    # Near the nearest other place, and near many of them.
                    bonus = W_COHERE * close + W_SUPPORT * support / len(others)
                    why = c.reason + (f"; {d_min:.0f} km from the text's other places" if d_min < 300 else "")
                    scored.append(Candidate(place=p, score=round(c.score + bonus, 4), reason=why))
                scored.sort(key=lambda c: (-c.score, -c.place.population, c.place.id))
                ranked[name] = scored
                if scored[0].place.id != choice[name].id:
                    changed = True
                    choice[name] = scored[0].place
            if round_ > 0 and not changed:
                break

    @staticmethod
    def _anchor(cs: list[Candidate], c: Candidate, countries: Counter, regions: Counter) -> bool:
        """True when a name's choice is sure enough to pull the other names towards it."""
        p = c.place
        if p.kind == "continent":
            return False
        if len(cs) == 1 or p.kind in ("country", "admin1"):
            return True
        if (p.country_code, p.admin1) in regions:
            return True
        return cs[0].score - cs[1].score >= 0.15 and (p.country_code in countries or p.population >= 100_000)

    def _qualifiers(self, mentions: Sequence[Mention], text: str, cands) -> dict[str, Place]:
        """Map a name to the place named right after it ("Richmond, Virginia")."""
        out: dict[str, Place] = {}
        ms = [m for m in mentions if m.kind == "place"]
        for a, b in zip(ms, ms[1:]):
            gap = text[a.end:b.start] if text else ""
            if gap.strip() not in (",", "(") or len(gap) > 3:
                continue
            bc = cands.get(b.text) or []
            regional = [c for c in bc if c.place.kind in _REGIONAL]
            if regional:
                out.setdefault(a.text, regional[0].place)
        return out

    def _best(self, cs: list[Candidate], countries: Counter, regions: Counter, qualifier: Optional[Place],
              hint: Optional[str]) -> Candidate:
        """``self._rank(cs, countries, regions, qualifier, None, hint)[0]`` without its reason
        (the first pass reads only the place and the score)."""
        total = sum(countries.values()) or 1
        best = None
        best_key = None
        for c in cs:
            p = c.place
            score = c.score
            if qualifier is not None:
                if qualifier.kind == "country" and p.country_code == qualifier.country_code:
                    score += W_QUALIFIER
                elif qualifier.kind != "country" and p.country_code == qualifier.country_code and (
                    _fold(p.admin1) == _fold(qualifier.name) or _fold(p.admin1) == _fold(qualifier.admin1)
                ):
                    score += W_QUALIFIER
            if p.country_code and countries.get(p.country_code):
                score += W_COUNTRY * min(1.0, 0.5 + countries[p.country_code] / total)
            if p.kind != "admin1" and p.admin1 and regions.get((p.country_code, p.admin1)):
                score += W_ADMIN1
            if hint and (p.kind == hint or (hint == "admin2" and p.kind in ("admin2", "city", "town", "village"))):
                score += W_KIND
            score = round(score, 4)
            key = (-score, -p.population, p.id)
            if best_key is None or key < best_key:  # the first of equals, as a stable sort keeps it
                best, best_key = Candidate(place=p, score=score, reason=""), key
        return best

    def _rank(self, cs: list[Candidate], countries: Counter, regions: Counter, qualifier: Optional[Place],
              anchors: Optional[list[Place]], hint: Optional[str]) -> list[Candidate]:
        total = sum(countries.values()) or 1
        # Regions and countries that hold the document's sure places: "Georgia" next to
        # "Atlanta" is the state.
        held_regions = {(a.country_code, a.admin1) for a in anchors or () if a.kind not in _REGIONAL}
        held_countries = {a.country_code for a in anchors or () if a.kind not in _REGIONAL}
        scored = []
        pair = self._pair or _PairDistances()
        anchor_ids = [(a, id(a)) for a in anchors or ()]
        for c in cs:
            p = c.place
            score = c.score
            why = [c.reason] if c.reason else []
            if qualifier is not None:
                if qualifier.kind == "country" and p.country_code == qualifier.country_code:
                    score += W_QUALIFIER
                    why.append(f"in {qualifier.name} as the text says")
                elif qualifier.kind != "country" and p.country_code == qualifier.country_code and (
                    _fold(p.admin1) == _fold(qualifier.name) or _fold(p.admin1) == _fold(qualifier.admin1)
                ):
                    score += W_QUALIFIER
                    why.append(f"in {qualifier.name} as the text says")
            if p.country_code and countries.get(p.country_code):
                score += W_COUNTRY * min(1.0, 0.5 + countries[p.country_code] / total)
                why.append(f"the text names {p.country_code}")
            if p.kind != "admin1" and p.admin1 and regions.get((p.country_code, p.admin1)):
                score += W_ADMIN1
                why.append(f"the text names its region ({p.country_code}-{p.admin1})")
            if p.kind == "admin1" and (p.country_code, p.admin1) in held_regions:
                score += W_ADMIN1
                why.append("holds other places in the text")
            elif p.kind == "country" and p.country_code in held_countries:
                score += W_COUNTRY
                why.append("holds other places in the text")
            if anchors:
                # The nearest anchor (the first of equals, as min() keeps it): near is 1 at
                # 0 km, 0 at 10,000 km.
                row = pair.fill(p, anchor_ids)
                d = near = None
                for _a, aid in anchor_ids:
                    hit = row[aid]
                    if d is None or hit[0] < d:
                        d, near = hit
                score += W_NEAR * near
                if d < 500:
                    why.append(f"{d:.0f} km from other places in the text")
            if hint and (p.kind == hint or (hint == "admin2" and p.kind in ("admin2", "city", "town", "village"))):
                score += W_KIND
            scored.append(Candidate(place=p, score=round(score, 4), reason="; ".join(why)))
        scored.sort(key=lambda c: (-c.score, -c.place.population, c.place.id))
        return scored


def resolve(mentions: Sequence[Mention], text: str = "", gazetteer=None) -> list[Mention]:
    """Return the mentions with their chosen place, runner-up candidates and confidence."""
    return Resolver(gazetteer).resolve(mentions, text)
