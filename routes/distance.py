"""Great-circle distance on a sphere: cheap and good enough to compare places.

Leg lengths that users see come from the WGS84 geodesic in :mod:`routes.geometry`;
this spherical formula is for ranking and grouping (0.5% error is irrelevant there,
and it needs neither pyproj nor numpy).
"""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the haversine distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def place_km(a, b) -> float:
    """Return the distance in km between two objects with ``lat`` and ``lon``."""
    return great_circle_km(a.lat, a.lon, b.lat, b.lon)
