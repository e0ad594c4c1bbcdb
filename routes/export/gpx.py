"""GPX 1.1 for GPS tools: a waypoint per stop, one route through the stops, and one
track per leg holding the drawn path (cut at ±180 into track segments).

Written directly, in the element order of the GPX 1.1 schema, with every text escaped
by the standard library (``xml.sax.saxutils``) and every number formatted by us; the
tests validate the output against the GPX 1.1 XSD and read it back with gpxpy. gpxpy
was the first choice, but building one Python object per track point made a 1,000-stop
journey (~45,000 points) take seconds; this writer takes milliseconds.

GPX longitudes must lie in [-180, 180), so 180 is written as -180. A stop with an ISO
date (``Stop.date_iso``) has a waypoint ``<time>`` at midnight UTC of that day (GPX
takes a date and time; the day is what the text gives); its date as written stays in
the waypoint comment.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from typing import Optional

from routes.export._common import Prepared, Row, format_positions, iso_date

NS = "http://www.topografix.com/GPX/1/1"
SCHEMA_LOCATION = f"{NS} {NS}/gpx.xsd"

# Characters XML 1.0 forbids even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def _el(tag: str, value: object) -> str:
    return f"<{tag}>{_text(value)}</{tag}>"


def _lonlat(lon: float, lat: float) -> str:
    lon = -180.0 if round(lon, 6) >= 180.0 else lon
    return f'lat="{lat:.6f}" lon="{lon:.6f}"'


def _stop_description(row: Row) -> str:
    stop = row.stop
    bits = [f"stop {stop.sequence} ({stop.role})"]
    if stop.planned:
        bits.append("planned")
    if stop.inferred:
        bits.append("inferred")
    if row.leg is not None:
        bits.append(f"reached by {row.leg.mode}, {row.leg.distance_m / 1000:.1f} km "
                    f"({row.cumulative_m / 1000:.1f} km in all)")
    text = "; ".join(bits)
    quotes = [e.quote for e in stop.evidence if e.quote]
    if quotes:
        text += "\n" + "\n".join(f"“{q}”" for q in quotes)
    return text


def _day(iso: Optional[str]) -> Optional[str]:
    """Return an ISO date (YYYY-MM-DD) as the xsd:dateTime GPX wants, or None for a
    year or month alone (no day to place it on)."""
    return f"{iso}T00:00:00Z" if iso and len(iso) == 10 else None


def _track_points(part: np.ndarray) -> str:
    lat_lon = part[:, ::-1].copy()
    lat_lon[:, 1] = np.where(np.round(lat_lon[:, 1], 6) >= 180.0, -180.0, lat_lon[:, 1])
    return format_positions(lat_lon, '<trkpt lat="%.6f" lon="%.6f"/>\n')


def dumps(prep: Prepared) -> str:
    """Return the journey as a GPX 1.1 document (text)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           f'<gpx xmlns="{NS}" version="1.1" creator="routes" '
           f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation={quoteattr(SCHEMA_LOCATION)}>\n']
    if prep.title:
        out.append(f"<metadata>{_el('name', prep.title)}</metadata>\n")

    for row in prep.rows:  # wpt: name, cmt, desc, type (schema order)
        stop = row.stop
        out.append(f"<wpt {_lonlat(stop.lon, stop.lat)}>")
        when = _day(stop.date_iso or iso_date(stop.date))
        if when:  # wpt: ele, time, ..., name (schema order)
            out.append(_el("time", when))
        out.append(_el("name", stop.name))
        if stop.date:
            out.append(_el("cmt", stop.date))
        out.append(f"{_el('desc', _stop_description(row))}{_el('type', stop.role)}</wpt>\n")

    if len(prep.rows) >= 2:
        out.append(f"<rte>{_el('name', prep.title or 'Journey')}\n")
        for row in prep.rows:
            out.append(f"<rtept {_lonlat(row.stop.lon, row.stop.lat)}>"
                       f"{_el('name', row.stop.name)}</rtept>\n")
        out.append("</rte>\n")

    for k, (leg, parts) in enumerate(zip(prep.legs, prep.leg_parts)):
        # trk: name, desc, number, type, trkseg (schema order)
        desc = f"{leg.distance_m / 1000:.1f} km by {leg.mode}" + (" (planned)" if leg.planned else "")
        out.append(f"<trk>{_el('name', f'{k + 1}. {leg.start.name} → {leg.end.name}')}"
                   f"{_el('desc', desc)}<number>{k + 1}</number>{_el('type', leg.mode)}\n")
        for part in parts:
            out.append("<trkseg>\n")
            out.append(_track_points(part))
            out.append("</trkseg>\n")
        out.append("</trk>\n")
    out.append("</gpx>\n")
    return "".join(out)
