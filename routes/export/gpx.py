"""GPX 1.1 for GPS tools: a waypoint per stop, one route through the stops, and one
track per leg holding the drawn path (cut at ±180 into track segments).

Written with gpxpy. GPX longitudes must lie in [-180, 180), so 180 is written as -180.
Stop dates that are not ISO dates stay in the waypoint comment.
"""

from __future__ import annotations

import re

import gpxpy.gpx as G

from routes.export._common import Prepared, rfc_parts

# Characters XML 1.0 forbids even escaped; gpxpy would write them as they are.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _lon(lon: float) -> float:
    lon = round(lon, 6)
    return -180.0 if lon >= 180.0 else lon


def _stop_description(row) -> str:
    stop = row.stop
    bits = [f"stop {stop.sequence} ({stop.role})"]
    if stop.planned:
        bits.append("planned")
    if stop.inferred:
        bits.append("inferred")
    if row.leg is not None:
        bits.append(f"reached by {row.leg.mode}, {row.leg.distance_m / 1000:.1f} km "
                    f"({row.cumulative_m / 1000:.1f} km in all)")
    quotes = [e.quote for e in stop.evidence if e.quote]
    text = "; ".join(bits)
    if quotes:
        text += "\n" + "\n".join(f"“{q}”" for q in quotes)
    return _text(text)


def dumps(prep: Prepared) -> str:
    """Return the journey as a GPX 1.1 document (text)."""
    gpx = G.GPX()
    gpx.creator = "routes"
    gpx.name = _text(prep.title) if prep.title else None

    route = G.GPXRoute(name=_text(prep.title) if prep.title else "Journey")
    for row in prep.rows:
        stop = row.stop
        lat, lon = round(stop.lat, 6), _lon(stop.lon)
        gpx.waypoints.append(G.GPXWaypoint(
            latitude=lat, longitude=lon, name=_text(stop.name),
            comment=_text(stop.date) if stop.date else None,
            description=_stop_description(row), type=stop.role))
        route.points.append(G.GPXRoutePoint(latitude=lat, longitude=lon, name=_text(stop.name)))
    if len(route.points) >= 2:
        gpx.routes.append(route)

    for k, (leg, geom) in enumerate(zip(prep.legs, prep.rfc_geometry)):
        track = G.GPXTrack(name=_text(f"{k + 1}. {leg.start.name} → {leg.end.name}"),
                           description=_text(f"{leg.distance_m / 1000:.1f} km by {leg.mode}"
                                             + (" (planned)" if leg.planned else "")),
                           number=k + 1)
        track.type = leg.mode
        for part in rfc_parts(geom):
            segment = G.GPXTrackSegment()
            segment.points = [G.GPXTrackPoint(latitude=round(lat, 6), longitude=_lon(lon))
                              for lon, lat in part.tolist()]
            track.segments.append(segment)
        gpx.tracks.append(track)
    return gpx.to_xml(version="1.1")
