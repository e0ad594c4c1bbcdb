"""Immutable value objects passed from one stage to the next.

Axis order is in the names: ``lat``/``lon`` are WGS84 degrees; ``start``/``end`` are
character offsets into a decoded text, end exclusive; distances are ``_m`` (metres).
folium and geopy take (lat, lon); shapely, pyproj and GeoJSON take (lon, lat): the
conversion lives in :mod:`routes.geometry` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, Optional

MODES = ("train", "road", "air", "sea", "foot", "unknown")
ROLES = ("origin", "stop", "destination")
KINDS = (
    "city", "capital", "town", "village", "admin1", "admin2", "country", "continent",
    "region", "island", "river", "lake", "sea", "mountain", "pass", "station",
    "border_crossing", "facility", "port", "other",
)


class Place(NamedTuple):
    """A gazetteer entry: where a name points on the globe.

    An immutable NamedTuple rather than a frozen dataclass: the gazetteer builds one
    per candidate on its hot path, and a NamedTuple is four times cheaper to make.
    Use ``place._replace(...)`` for a changed copy.
    """

    id: str
    name: str
    lat: float
    lon: float
    country_code: str = ""
    kind: str = "city"
    population: int = 0
    admin1: str = ""
    feature_code: str = ""
    alternate_names: tuple[str, ...] = ()
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "lat": self.lat, "lon": self.lon,
            "country_code": self.country_code, "kind": self.kind,
            "population": self.population, "admin1": self.admin1,
            "feature_code": self.feature_code, "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded text with the bookkeeping needed to quote it back.

    ``text`` is what every offset refers to. For HTML input it is the visible text;
    ``source_offsets`` then maps each character of ``text`` back to the raw input
    (None when the text *is* the raw input).
    """

    id: str
    path: str
    text: str
    title: str = ""
    source_offsets: Optional[tuple[int, ...]] = None


class Candidate(NamedTuple):
    """One gazetteer entry considered for a mention, with the score it got (a NamedTuple, as Place)."""

    place: Place
    score: float
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of a document that names a place (or a demonym of one)."""

    doc_id: str
    start: int
    end: int
    text: str
    sentence: str = ""
    sentence_start: int = 0
    kind: str = "place"  # "place" or "demonym"
    place: Optional[Place] = None
    candidates: tuple[Candidate, ...] = ()
    confidence: float = 0.0
    reason: str = ""

    @property
    def lat(self) -> Optional[float]:
        return self.place.lat if self.place else None

    @property
    def lon(self) -> Optional[float]:
        return self.place.lon if self.place else None


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a place is (or is not) part of the journey: a quote and where it is."""

    doc_id: str
    path: str
    start: int
    end: int
    quote: str
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc_id, "path": self.path, "start": self.start,
                "end": self.end, "quote": self.quote, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Stop:
    """A place the traveller went through, numbered in travel order (from 1)."""

    place: Place
    sequence: int
    role: str = "stop"  # origin | stop | destination
    planned: bool = False
    inferred: bool = False
    evidence: tuple[Evidence, ...] = ()
    date: Optional[str] = None  # ISO 8601 date or free text as written
    mode_in: str = "unknown"  # how the traveller reached this stop (mode of the leg into it)
    via: tuple[Place, ...] = ()  # waypoints of the leg into this stop
    date_iso: Optional[str] = None  # ``date`` as ISO 8601 (YYYY-MM-DD), the year from the text when it names none

    @property
    def name(self) -> str:
        return self.place.name

    @property
    def lat(self) -> float:
        return self.place.lat

    @property
    def lon(self) -> float:
        return self.place.lon


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A place named in the text that is not a stop, and why."""

    place: Optional[Place]
    text: str
    reason: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Leg:
    """The way from one stop to the next.

    ``geometry`` is a shapely LineString in lon/lat with longitudes unwrapped (may run
    past ±180 so that Leaflet draws it continuously); use
    :func:`routes.geometry.split_antimeridian` for RFC 7946 output.
    """

    start: Stop
    end: Stop
    mode: str
    geometry: Any
    distance_m: float
    planned: bool = False
    inferred: bool = False
    waypoints: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class Journey:
    """Stops in travel order, the legs between them, and what was left out and why."""

    title: str
    stops: tuple[Stop, ...]
    legs: tuple[Leg, ...] = ()
    excluded: tuple[Exclusion, ...] = ()
    documents: tuple[str, ...] = ()  # paths the journey was read from
    mentions: tuple[Mention, ...] = field(default=(), compare=False, repr=False)
    traveller: str = ""  # who makes the trip, as the text names them ("" when unknown)

    @property
    def travelled(self) -> tuple[Stop, ...]:
        return tuple(s for s in self.stops if not s.planned)

    @property
    def distance_m(self) -> float:
        return sum(leg.distance_m for leg in self.legs)

    def _repr_html_(self) -> str:
        """Show the journey as its offline map inline in Jupyter."""
        from routes.render import notebook_html

        return notebook_html(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        """Show the journey in IPython as its map, with one line of text instead of the
        full repr (which IPython would store in the notebook beside the map)."""
        from routes.render.notebook import mimebundle

        return mimebundle(self)
