"""KML 2.2 for Google Earth: a placemark per stop and a styled path per leg.

Written with the standard library's ElementTree (which escapes text), in the element
order the OGC KML 2.2 schema requires. simplekml was considered and not used: its last
release is from 2021. Legs are styled per mode; planned legs are thinner and half
transparent (KML has no dashed lines). Paths are tessellated so that Google Earth draws
them on the ground; a leg that crosses ±180 is a MultiGeometry of its two halves.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np

from routes.export._common import Prepared, format_positions, iso_date
from routes.model import MODES

NS = "http://www.opengis.net/kml/2.2"

#: Line colour per mode as RGB hex (KML wants aabbggrr; see _kml_color).
MODE_COLORS = {
    "train": "d62728",
    "road": "ff7f0e",
    "air": "1f77b4",
    "sea": "17becf",
    "foot": "2ca02c",
    "unknown": "7f7f7f",
}


def _kml_color(rgb: str, alpha: int) -> str:
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"


# Characters XML 1.0 forbids even escaped (ElementTree would write them as they are).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _sub(parent: ET.Element, tag: str, text: object = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = _NOT_XML.sub("", str(text))
    return el


def _extended(parent: ET.Element, data: dict[str, object]) -> None:
    ext = _sub(parent, "ExtendedData")
    for key, value in data.items():
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        d = _sub(ext, "Data")
        d.set("name", key)
        _sub(d, "value", value)


def _coords(arr: np.ndarray) -> str:
    return format_positions(arr, "%.6f,%.6f ")[:-1]


def _styles(doc: ET.Element) -> None:
    stop = _sub(doc, "Style")
    stop.set("id", "stop")
    icon = _sub(stop, "IconStyle")
    _sub(icon, "scale", "1.1")
    planned_stop = _sub(doc, "Style")
    planned_stop.set("id", "stop-planned")
    icon = _sub(planned_stop, "IconStyle")
    _sub(icon, "color", "80ffffff")
    _sub(icon, "scale", "0.9")
    for mode in MODES:
        for planned in (False, True):
            style = _sub(doc, "Style")
            style.set("id", f"leg-{mode}{'-planned' if planned else ''}")
            line = _sub(style, "LineStyle")
            _sub(line, "color", _kml_color(MODE_COLORS[mode], 0x80 if planned else 0xff))
            _sub(line, "width", "2" if planned else "4")


def dumps(prep: Prepared) -> str:
    """Return the journey as a KML 2.2 document (text)."""
    kml = ET.Element("kml", xmlns=NS)
    doc = _sub(kml, "Document")
    _sub(doc, "name", prep.title or "Journey")
    _sub(doc, "open", "1")
    _styles(doc)

    stops = _sub(doc, "Folder")
    _sub(stops, "name", "Stops")
    for row in prep.rows:
        stop = row.stop
        pm = _sub(stops, "Placemark")
        _sub(pm, "name", f"{stop.sequence}. {stop.name}")
        quotes = [e.quote for e in stop.evidence if e.quote]
        if quotes:
            _sub(pm, "description", "\n\n".join(f"“{q}”" for q in quotes))
        when = iso_date(stop.date)
        if when:
            ts = _sub(pm, "TimeStamp")
            _sub(ts, "when", when)
        _sub(pm, "styleUrl", "#stop-planned" if stop.planned else "#stop")
        _extended(pm, {
            "sequence": stop.sequence, "role": stop.role, "planned": stop.planned,
            "inferred": stop.inferred, "date": stop.date, "place_id": stop.place.id,
            "country_code": stop.place.country_code,
            "cumulative_km": f"{row.cumulative_m / 1000:.3f}",
        })
        point = _sub(pm, "Point")
        _sub(point, "coordinates", f"{stop.lon:.6f},{stop.lat:.6f}")

    legs = _sub(doc, "Folder")
    _sub(legs, "name", "Legs")
    for k, (leg, parts) in enumerate(zip(prep.legs, prep.leg_parts)):
        pm = _sub(legs, "Placemark")
        _sub(pm, "name", f"{leg.start.name} → {leg.end.name} ({leg.mode})")
        _sub(pm, "description", f"{leg.distance_m / 1000:.1f} km by {leg.mode}"
             + (" (planned)" if leg.planned else ""))
        _sub(pm, "styleUrl", f"#leg-{leg.mode}{'-planned' if leg.planned else ''}")
        _extended(pm, {
            "sequence": k + 1, "from": leg.start.name, "to": leg.end.name, "mode": leg.mode,
            "distance_m": f"{leg.distance_m:.1f}", "planned": leg.planned,
            "inferred": leg.inferred,
            "waypoints": ", ".join(p.name for p in leg.waypoints),
        })
        holder = _sub(pm, "MultiGeometry") if len(parts) > 1 else pm
        for part in parts:
            line = _sub(holder, "LineString")
            _sub(line, "tessellate", "1")
            _sub(line, "coordinates", _coords(part))
    ET.indent(kml, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode") + "\n"
