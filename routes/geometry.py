"""Legs between stops, drawn along the WGS84 geodesic.

The one place where (lat, lon) becomes (lon, lat): shapely and pyproj are lon-first.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Sequence

from shapely.geometry import LineString

from routes.model import Leg, Stop

_SPACING_M = 50_000.0


@lru_cache(maxsize=1)
def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


def densify(lat1: float, lon1: float, lat2: float, lon2: float) -> LineString:
    """Return the geodesic from point 1 to point 2 as a lon/lat LineString."""
    geod = _geod()
    _, _, dist_m = geod.inv(lon1, lat1, lon2, lat2)
    n = int(dist_m // _SPACING_M)
    pts = geod.npts(lon1, lat1, lon2, lat2, n, initial_idx=0, terminus_idx=0) if n > 0 else [(lon1, lat1), (lon2, lat2)]
    if len(pts) < 2:
        pts = [(lon1, lat1), (lon2, lat2)]
    return LineString(pts)


def leg_between(a: Stop, b: Stop, mode: str = "unknown") -> Leg:
    """Return the leg from stop ``a`` to stop ``b`` (through ``b.via``) with its length in metres."""
    points = [(a.lat, a.lon)] + [(p.lat, p.lon) for p in b.via] + [(b.lat, b.lon)]
    coords: list[tuple[float, float]] = []
    for (lat1, lon1), (lat2, lon2) in zip(points, points[1:]):
        part = list(densify(lat1, lon1, lat2, lon2).coords)
        coords.extend(part[1:] if coords else part)
    line = LineString(coords)
    distance_m = float(_geod().geometry_length(line))
    return Leg(start=a, end=b, mode=mode or b.mode_in, geometry=line, distance_m=distance_m,
               planned=b.planned, inferred=a.inferred or b.inferred, waypoints=b.via)


def build_legs(stops: Sequence[Stop]) -> tuple[Leg, ...]:
    """Return one leg per consecutive pair of stops, in travel order."""
    return tuple(leg_between(a, b, b.mode_in) for a, b in zip(stops, stops[1:]))
