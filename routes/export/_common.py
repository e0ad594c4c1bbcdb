"""What every export needs: the legs (drawn if missing), checked, in RFC 7946 form."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

import numpy as np

from routes.errors import InputError
from routes.geometry import _check_stop, build_legs, split_antimeridian
from routes.model import Journey, Leg, Stop

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Row:
    """One stop with the leg that reached it (None for the first stop)."""

    stop: Stop
    leg: Optional[Leg]
    leg_index: Optional[int]
    cumulative_m: float


@dataclass(frozen=True)
class Prepared:
    """A journey ready to write: rows in travel order, legs, RFC 7946 leg geometry."""

    journey: Journey
    rows: tuple[Row, ...]
    legs: tuple[Leg, ...]
    rfc_geometry: tuple  # per leg: LineString | MultiLineString, lon in [-180, 180]

    @property
    def title(self) -> str:
        return self.journey.title


def iso_date(value: Optional[str]) -> Optional[str]:
    """Return ``value`` when it is an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD), else None."""
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        return value.strip()
    return None


def _check_leg(leg: Leg, k: int) -> None:
    where = f"leg {k + 1} ({getattr(leg.start, 'name', '?')} -> {getattr(leg.end, 'name', '?')})"
    geom = leg.geometry
    if geom is None or not hasattr(geom, "geom_type") or geom.is_empty:
        raise InputError(f"{where}: geometry is missing or empty.")
    if geom.geom_type not in ("LineString", "MultiLineString"):
        raise InputError(f"{where}: geometry must be a LineString, not {geom.geom_type}.")
    import shapely

    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        raise InputError(f"{where}: geometry has a coordinate that is not a finite number.")
    if np.abs(coords[:, 1]).max() > 90.0:
        raise InputError(f"{where}: geometry has a latitude beyond ±90.")
    if not (isinstance(leg.distance_m, (int, float)) and math.isfinite(leg.distance_m)
            and leg.distance_m >= 0):
        raise InputError(f"{where}: distance_m must be a finite number >= 0, not {leg.distance_m!r}.")


def prepared(journey: Journey) -> Prepared:
    """Return ``journey`` checked and laid out for the writers; raise InputError naming
    the first bad stop or leg (before anything is written)."""
    if not isinstance(journey, Journey):
        raise InputError(f"expected a Journey, not {type(journey).__name__}.")
    stops = tuple(journey.stops)
    if not stops:
        raise InputError("the journey has no stops to export.")
    for i, stop in enumerate(stops):
        _check_stop(stop, i)
    legs = tuple(journey.legs) if journey.legs else build_legs(stops)
    for k, leg in enumerate(legs):
        _check_leg(leg, k)

    # the leg into each stop: by position when legs follow the stops, else by sequence
    into: dict[int, int] = {}
    if len(legs) == len(stops) - 1 and all(leg.end is stops[k + 1] or leg.end == stops[k + 1]
                                          for k, leg in enumerate(legs)):
        into = {k + 1: k for k in range(len(legs))}
    else:
        by_seq = {leg.end.sequence: k for k, leg in enumerate(legs)}
        into = {i: by_seq[s.sequence] for i, s in enumerate(stops) if s.sequence in by_seq}
    rows = []
    total = 0.0
    for i, stop in enumerate(stops):
        k = into.get(i)
        leg = legs[k] if k is not None else None
        if leg is not None:
            total += leg.distance_m
        rows.append(Row(stop, leg, k, total))
    rfc = tuple(split_antimeridian(leg.geometry) if leg.geometry.geom_type == "LineString"
                else _split_multi(leg.geometry) for leg in legs)
    return Prepared(journey, tuple(rows), legs, rfc)


def _split_multi(geom):
    from shapely.geometry import MultiLineString

    parts = []
    for g in geom.geoms:
        s = split_antimeridian(g)
        parts.extend(s.geoms if s.geom_type == "MultiLineString" else [s])
    return MultiLineString(parts) if len(parts) > 1 else parts[0]


def rfc_parts(geom) -> list[np.ndarray]:
    """Return the (n, 2) lon/lat arrays of an RFC 7946 leg geometry."""
    import shapely

    if geom.geom_type == "MultiLineString":
        return [shapely.get_coordinates(g) for g in geom.geoms]
    return [shapely.get_coordinates(geom)]
