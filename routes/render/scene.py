"""What a map shows, as plain data: numbered stops, legs and bounds, dateline-safe.

Both the HTML map and the SVG are drawn from a :class:`Scene`, so they agree on
numbers, positions and labels. Longitudes are *unwrapped*: each stop and leg is moved by
a multiple of 360 degrees so the journey is continuous (Vladivostok 131.9 -> Anchorage
-149.9 becomes 131.9 -> 210.1), and the whole scene is then shifted so its centre lies
within [-180, 180].
"""

from __future__ import annotations

import hashlib
import math
import json
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Iterable, Optional

import numpy as np
import shapely

from routes.model import Journey, Leg, Stop
from routes.render.style import mode_label

# Characters XML 1.0 forbids (NUL and the other C0 controls but tab and newlines, lone
# surrogates, U+FFFE/U+FFFF): one in a name would make the SVG unreadable, and a lone
# surrogate cannot even be written as UTF-8.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(text: str) -> str:
    """Return ``text`` without the characters XML cannot carry (a lone surrogate shows as U+FFFD)."""
    return _NOT_XML.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)


MAX_QUOTES = 3
MAX_QUOTE_CHARS = 320


@dataclass(frozen=True, slots=True)
class Quote:
    """A sentence a stop came from, and the document it is in."""

    text: str
    doc: str


@dataclass(frozen=True, slots=True)
class StopView:
    """A stop as drawn: its number, unwrapped position and the words shown about it."""

    number: int
    name: str
    lat: float
    lon: float  # unwrapped
    role: str
    planned: bool
    inferred: bool
    date: Optional[str]
    mode_in: Optional[str]  # None for the first stop
    km_in: Optional[float]  # length of the leg into this stop
    country_code: str
    quotes: tuple[Quote, ...]

    @property
    def status(self) -> str:
        """Return e.g. "inferred origin", "planned stop", "destination"."""
        words = []
        if self.inferred:
            words.append("inferred")
        if self.planned:
            words.append("planned")
        words.append(self.role if self.role in ("origin", "destination") else "stop")
        return " ".join(words)


@dataclass(frozen=True, slots=True)
class LegView:
    """A leg as drawn: its (lat, lon) points, unwrapped, and its style flags."""

    number: int
    start: int  # stop numbers
    end: int
    mode: str
    planned: bool
    inferred: bool
    km: float
    latlons: tuple[tuple[float, float], ...]

    @property
    def label(self) -> str:
        flags = [w for w, on in (("planned", self.planned), ("inferred", self.inferred)) if on]
        extra = f" ({', '.join(flags)})" if flags else ""
        return f"{mode_label(self.mode)}, {format_km(self.km)}{extra}"


@dataclass(frozen=True, slots=True)
class Scene:
    """Everything a renderer needs, independent of the output format."""

    title: str
    stops: tuple[StopView, ...]
    legs: tuple[LegView, ...]
    south: float
    west: float  # unwrapped, west < east even across the antimeridian
    north: float
    east: float
    documents: tuple[str, ...]

    @property
    def modes(self) -> tuple[str, ...]:
        """Return the modes of the legs, in order of first use."""
        return tuple(dict.fromkeys(leg.mode for leg in self.legs))

    @property
    def travelled_km(self) -> float:
        return sum(leg.km for leg in self.legs if not leg.planned)

    @property
    def planned_km(self) -> float:
        return sum(leg.km for leg in self.legs if leg.planned)

    def digest(self) -> str:
        """Return a short hash of what is drawn, used for stable element ids."""
        payload = json.dumps(
            [self.title, [(s.number, s.name, s.lat, s.lon) for s in self.stops],
             [(leg.start, leg.end, leg.mode) for leg in self.legs]],
            ensure_ascii=True,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:8]


def format_km(km: float) -> str:
    """Return a distance for people: "1,016 km", "8.4 km"."""
    return f"{km:,.1f} km" if km < 10 else f"{km:,.0f} km"


def _nearest(lon: float, reference: float) -> float:
    """Return ``lon`` moved by a multiple of 360 to lie within 180 of ``reference``."""
    return reference + ((lon - reference + 180.0) % 360.0 - 180.0)


def _line_lonlat(geometry) -> np.ndarray:
    """Return the (n, 2) lon/lat coordinates of a leg's line, parts joined, unwrapped."""
    if geometry is None or shapely.is_empty(geometry):
        return np.empty((0, 2))
    coords = shapely.get_coordinates(geometry)
    if len(coords) > 1:
        steps = (np.diff(coords[:, 0]) + 180.0) % 360.0 - 180.0
        coords[1:, 0] = coords[0, 0] + np.cumsum(steps)
    return coords


def _quotes(stop: Stop) -> tuple[Quote, ...]:
    seen: dict[tuple[str, str], Quote] = {}
    for ev in stop.evidence:
        text = " ".join(clean_text(ev.quote).split())
        if not text:
            continue
        if len(text) > MAX_QUOTE_CHARS:
            text = text[: MAX_QUOTE_CHARS - 1].rstrip() + "\u2026"
        doc = clean_text(PurePath(ev.path).name if ev.path else ev.doc_id)
        seen.setdefault((text, doc), Quote(text, doc))
    return tuple(seen.values())[:MAX_QUOTES]


def _index_legs(stops: tuple[Stop, ...], legs: Iterable[Leg]) -> dict[int, tuple[int, Leg]]:
    """Return {end stop index: (start stop index, leg)}, matching legs to stops."""
    position = {id(s): i for i, s in enumerate(stops)}
    keyed = {(s.place.id, s.sequence): i for i, s in enumerate(stops)}
    out: dict[int, tuple[int, Leg]] = {}
    for k, leg in enumerate(legs):
        a = position.get(id(leg.start), keyed.get((leg.start.place.id, leg.start.sequence)))
        b = position.get(id(leg.end), keyed.get((leg.end.place.id, leg.end.sequence)))
        if a is None or b is None:  # fall back on order: leg k joins stops k and k+1
            a, b = k, k + 1
        if b < len(stops):
            out[b] = (a, leg)
    return out


def build_scene(journey: Journey, title: Optional[str] = None) -> Scene:
    """Return the drawable scene of ``journey`` (stops numbered 1, 2, 3 in travel order)."""
    stops = tuple(journey.stops)
    legs_into = _index_legs(stops, journey.legs)
    lons: list[float] = []
    lines: dict[int, np.ndarray] = {}
    for i, stop in enumerate(stops):
        if i in legs_into:
            a, leg = legs_into[i]
            line = _line_lonlat(leg.geometry)
            start_lon = lons[a] if a < len(lons) else stop.lon
            if len(line):
                line[:, 0] += 360.0 * round((start_lon - line[0, 0]) / 360.0)
                lines[i] = line
                lons.append(_nearest(stop.lon, float(line[-1, 0])))
                continue
            lons.append(_nearest(stop.lon, start_lon))
        elif lons:
            lons.append(_nearest(stop.lon, lons[-1]))
        else:
            lons.append(_nearest(stop.lon, 0.0))

    all_lon = list(lons) + [x for line in lines.values() for x in line[:, 0]]
    all_lat = [s.lat for s in stops] + [y for line in lines.values() for y in line[:, 1]]
    if not all_lon:
        all_lon, all_lat = [0.0], [0.0]
    west, east = min(all_lon), max(all_lon)
    shift = -360.0 * round((west + east) / 2.0 / 360.0)

    stop_views = []
    leg_views = []
    for i, stop in enumerate(stops):
        leg = legs_into.get(i, (None, None))[1]
        stop_views.append(StopView(
            number=i + 1, name=clean_text(stop.place.name), lat=round(stop.lat, 5),
            lon=round(lons[i] + shift, 5), role=stop.role, planned=stop.planned,
            inferred=stop.inferred, date=clean_text(stop.date) if stop.date else stop.date,
            mode_in=(leg.mode if leg is not None else (stop.mode_in if i else None)),
            km_in=(leg.distance_m / 1000.0 if leg is not None else None),
            country_code=stop.place.country_code, quotes=_quotes(stop),
        ))
    for i in sorted(lines):
        a, leg = legs_into[i]
        line = lines[i]
        leg_views.append(LegView(
            number=len(leg_views) + 1, start=a + 1, end=i + 1, mode=clean_text(leg.mode or "") or "unknown",
            planned=bool(leg.planned or stops[i].planned), inferred=bool(leg.inferred),
            km=leg.distance_m / 1000.0,
            latlons=tuple((round(float(y), 5), round(float(x) + shift, 5)) for x, y in line),
        ))
    return Scene(
        title=clean_text(title or journey.title or "") or "Journey",
        stops=tuple(stop_views), legs=tuple(leg_views),
        south=min(all_lat), west=west + shift, north=max(all_lat), east=east + shift,
        documents=tuple(clean_text(PurePath(p).name) for p in journey.documents),
    )


# One leg can dominate a map: a flight home 8,000 km away squeezes eight stops 50 km
# apart into a corner. Then the map frames the cluster of stops instead (the HTML map
# with a button back to the whole journey, the SVG with an inset of the whole).
FOCUS_MIN_STOPS = 3
FOCUS_SHARE = 0.6  # the cluster holds at least this share of the stops
FOCUS_RATIO = 0.2  # and spans at most this share of the whole journey's extent


def _extent(lat: np.ndarray, lon: np.ndarray) -> float:
    """Return the diagonal of the points' box in degrees, longitude scaled to the equator."""
    scale = math.cos(math.radians(float(np.clip((lat.min() + lat.max()) / 2, -80, 80))))
    return math.hypot(float(lon.max() - lon.min()) * scale, float(lat.max() - lat.min()))


def focus_bounds(scene: Scene) -> Optional[tuple[float, float, float, float]]:
    """Return (south, west, north, east) of the cluster of stops to frame when one leg
    dominates the map, else None.

    Stops are linked when they lie within a tenth of the journey's extent of each other
    (single linkage); the largest group is the cluster when it holds at least
    ``FOCUS_SHARE`` of the (distinct) stops, three or more, and spans at most
    ``FOCUS_RATIO`` of the whole extent (legs included).
    """
    points = np.array(sorted({(s.lat, s.lon) for s in scene.stops}))
    if len(points) < FOCUS_MIN_STOPS + 1:
        return None
    whole = _extent(np.array([scene.south, scene.north]), np.array([scene.west, scene.east]))
    if whole <= 0:
        return None
    lat, lon = points[:, 0], points[:, 1]
    scale = math.cos(math.radians(float(np.clip(lat.mean(), -80, 80))))
    dist = np.hypot((lon[:, None] - lon[None, :]) * scale, lat[:, None] - lat[None, :])
    linked = dist <= whole / 10
    group = -np.ones(len(points), dtype=int)
    for i in range(len(points)):  # connected components, breadth first
        if group[i] >= 0:
            continue
        group[i], todo = i, [i]
        while todo:
            j = todo.pop()
            for k in np.flatnonzero(linked[j] & (group < 0)):
                group[k] = i
                todo.append(int(k))
    labels, counts = np.unique(group, return_counts=True)
    best = labels[np.argmax(counts)]
    members = group == best
    if members.sum() < max(FOCUS_MIN_STOPS, FOCUS_SHARE * len(points)) or members.all():
        return None
    if _extent(lat[members], lon[members]) > FOCUS_RATIO * whole:
        return None
    return (float(lat[members].min()), float(lon[members].min()),
            float(lat[members].max()), float(lon[members].max()))
