"""GeoJSON (RFC 7946): stops as Points, legs as LineStrings cut at the antimeridian.

Positions are [lon, lat] rounded to 6 decimals (~0.1 m), every longitude in
[-180, 180], no ``crs`` member. One feature per line so that diffs stay readable.

A Shapefile holds one geometry type and flat fields, so :func:`dumps_points` and
:func:`dumps_lines` write the stops and the legs apart, each property a string, number
or boolean (quotes joined, field names of at most 10 characters), for
``ogr2ogr -f "ESRI Shapefile" legs.shp trip.lines.geojson``.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from routes.export._common import Prepared, Row, format_positions, iso_date
from routes.files import shareable_path  # an absolute source path would leak where the text lay
from routes.model import Leg

_DIGITS = 6


def _stop_feature(row: Row) -> dict[str, Any]:
    stop, place = row.stop, row.stop.place
    props = {
        "feature": "stop",
        "sequence": stop.sequence,
        "name": stop.name,
        "role": stop.role,
        "planned": stop.planned,
        "inferred": stop.inferred,
        "date": stop.date,
        "date_iso": stop.date_iso or iso_date(stop.date),
        "place_id": place.id,
        "country_code": place.country_code,
        "kind": place.kind,
        "mode_in": stop.mode_in if row.leg is not None else None,
        "cumulative_distance_m": round(row.cumulative_m, 1),
        "evidence": [{"quote": e.quote, "path": shareable_path(e.path), "start": e.start, "end": e.end}
                     for e in stop.evidence],
    }
    return {
        "type": "Feature",
        "id": f"stop-{stop.sequence}",
        "geometry": {"type": "Point",
                     "coordinates": [round(stop.lon, _DIGITS), round(stop.lat, _DIGITS)]},
        "properties": props,
    }


def leg_name(leg: Leg) -> str:
    """Return a leg's name: "Pyongyang → Khasan"."""
    return f"{leg.start.name} \u2192 {leg.end.name}"


def _positions(part: np.ndarray) -> str:
    return "[" + format_positions(part, "[%.6f,%.6f],")[:-1] + "]"


def _leg_feature(k: int, leg: Leg, parts: list[np.ndarray]) -> str:
    """Return the leg's Feature as JSON text (coordinates formatted in one go)."""
    if len(parts) == 1:
        geometry = '{"type":"LineString","coordinates":' + _positions(parts[0]) + "}"
    else:
        geometry = ('{"type":"MultiLineString","coordinates":['
                    + ",".join(_positions(p) for p in parts) + "]}")
    props = {
        "feature": "leg",
        "name": leg_name(leg),
        "sequence": k + 1,
        "from": leg.start.name,
        "to": leg.end.name,
        "from_sequence": leg.start.sequence,
        "to_sequence": leg.end.sequence,
        "mode": leg.mode,
        "distance_m": round(float(leg.distance_m), 1),
        "planned": leg.planned,
        "inferred": leg.inferred,
        "waypoints": [p.name for p in leg.waypoints],
    }
    return (f'{{"type":"Feature","id":"leg-{k + 1}","geometry":{geometry},'
            f'"properties":{_enc(props)}}}')


def _enc(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def features(prep: Prepared) -> list[dict[str, Any]]:
    """Return the journey's features as dicts: its stops in travel order, then its legs."""
    return [json.loads(text) for text in _feature_texts(prep)]


def _feature_texts(prep: Prepared) -> list[str]:
    out = [_enc(_stop_feature(row)) for row in prep.rows]
    out.extend(_leg_feature(k, leg, parts)
               for k, (leg, parts) in enumerate(zip(prep.legs, prep.leg_parts)))
    return out


def dumps(prep: Prepared) -> str:
    """Return the journey as an RFC 7946 FeatureCollection (text)."""
    head = '{"type":"FeatureCollection","name":' + _enc(prep.title) + ',"features":['
    return head + "\n" + ",\n".join(_feature_texts(prep)) + "\n]}\n"


def _flat_point(row: Row) -> dict[str, Any]:
    stop = row.stop
    quotes = [e.quote for e in stop.evidence if e.quote]
    return {"seq": stop.sequence, "name": stop.name, "role": stop.role, "planned": stop.planned,
            "inferred": stop.inferred, "date": stop.date or "",
            "date_iso": stop.date_iso or iso_date(stop.date) or "", "place_id": stop.place.id,
            "country": stop.place.country_code, "kind": stop.place.kind,
            "mode_in": stop.mode_in if row.leg is not None else "",
            "cum_km": round(row.cumulative_m / 1000, 3), "quote": " | ".join(quotes)}


def _flat_leg(k: int, leg: Leg) -> dict[str, Any]:
    return {"seq": k + 1, "name": leg_name(leg), "from": leg.start.name, "to": leg.end.name,
            "from_seq": leg.start.sequence, "to_seq": leg.end.sequence, "mode": leg.mode,
            "km": round(float(leg.distance_m) / 1000, 3), "planned": leg.planned,
            "inferred": leg.inferred, "waypoints": ", ".join(p.name for p in leg.waypoints)}


def dumps_points(prep: Prepared) -> str:
    """Return the stops alone as a FeatureCollection of Points with flat properties."""
    texts = []
    for row in prep.rows:
        feature = _stop_feature(row)
        feature["properties"] = _flat_point(row)
        texts.append(_enc(feature))
    head = '{"type":"FeatureCollection","name":' + _enc(prep.title + " (stops)") + ',"features":['
    return head + "\n" + ",\n".join(texts) + "\n]}\n"


def dumps_lines(prep: Prepared) -> str:
    """Return the legs alone as a FeatureCollection of (Multi)LineStrings with flat properties."""
    texts = []
    for k, (leg, leg_parts) in enumerate(zip(prep.legs, prep.leg_parts)):
        full = _leg_feature(k, leg, leg_parts)
        geometry = full[full.index('"geometry":') + len('"geometry":'):full.index(',"properties":')]
        texts.append(f'{{"type":"Feature","id":"leg-{k + 1}","geometry":{geometry},'
                     f'"properties":{_enc(_flat_leg(k, leg))}}}')
    head = '{"type":"FeatureCollection","name":' + _enc(prep.title + " (legs)") + ',"features":['
    return head + "\n" + ",\n".join(texts) + "\n]}\n"
