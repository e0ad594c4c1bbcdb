"""KML 2.2 for Google Earth: a placemark per stop and a styled path per leg.

Written directly, in the element order the OGC KML 2.2 schema requires, with every
text escaped by the standard library (``xml.sax.saxutils``) and every number formatted
by us; the tests validate the output against the OGC KML 2.2 XSD. simplekml was
considered and not used: its last release is from 2021, and an object per element is
slow for 1,000 legs. Legs are styled per mode; planned legs are thinner and half
transparent (KML has no dashed lines). Paths are tessellated so that Google Earth draws
them on the ground; a leg that crosses ±180 is a MultiGeometry of its parts.
"""

from __future__ import annotations

import html
import re
from xml.sax.saxutils import escape, quoteattr

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

# Characters XML 1.0 forbids even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _kml_color(rgb: str, alpha: int) -> str:
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"


def _text(value: object) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def _el(tag: str, value: object) -> str:
    return f"<{tag}>{_text(value)}</{tag}>"


def _html_text(text: str) -> str:
    """``text`` as HTML showing exactly that text: Google Earth renders a description as
    HTML, so a quote holding ``<script>`` or ``<a href>`` must be escaped for HTML too
    (then escaped again for XML by :func:`_el`); line breaks become ``<br>``."""
    return html.escape(text, quote=False).replace("\n", "<br>\n")


def _extended(data: dict[str, object]) -> str:
    out = []
    for key, value in data.items():
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        out.append(f"<Data name={quoteattr(key)}>{_el('value', value)}</Data>")
    return "<ExtendedData>" + "".join(out) + "</ExtendedData>"


def _coords(arr: np.ndarray) -> str:
    return format_positions(arr, "%.6f,%.6f ")[:-1]


def _styles() -> str:
    out = ['<Style id="stop"><IconStyle><scale>1.1</scale></IconStyle></Style>\n',
           '<Style id="stop-planned"><IconStyle><color>80ffffff</color><scale>0.9</scale>'
           '</IconStyle></Style>\n']
    for mode in MODES:
        for planned in (False, True):
            color = _kml_color(MODE_COLORS[mode], 0x80 if planned else 0xFF)
            out.append(f'<Style id="leg-{mode}{"-planned" if planned else ""}"><LineStyle>'
                       f'<color>{color}</color><width>{2 if planned else 4}</width>'
                       f'</LineStyle></Style>\n')
    return "".join(out)


def dumps(prep: Prepared) -> str:
    """Return the journey as a KML 2.2 document (text)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<kml xmlns="{NS}">\n<Document>',
           _el("name", prep.title or "Journey"), "<open>1</open>\n", _styles()]

    # Placemark children in schema order: name, description, TimeStamp, styleUrl,
    # ExtendedData, then the geometry.
    out.append("<Folder><name>Stops</name>\n")
    for row in prep.rows:
        stop = row.stop
        out.append("<Placemark>" + _el("name", f"{stop.sequence}. {stop.name}"))
        quotes = [e.quote for e in stop.evidence if e.quote]
        if quotes:
            out.append(_el("description", _html_text("\n\n".join(f"“{q}”" for q in quotes))))
        when = stop.date_iso or iso_date(stop.date)
        if when:
            out.append(f"<TimeStamp>{_el('when', when)}</TimeStamp>")
        out.append(f"<styleUrl>#stop{'-planned' if stop.planned else ''}</styleUrl>")
        out.append(_extended({
            "sequence": stop.sequence, "role": stop.role, "planned": stop.planned,
            "inferred": stop.inferred, "date": stop.date, "date_iso": stop.date_iso, "place_id": stop.place.id,
            "country_code": stop.place.country_code,
            "cumulative_km": f"{row.cumulative_m / 1000:.3f}",
        }))
        out.append(f"<Point><coordinates>{stop.lon:.6f},{stop.lat:.6f}</coordinates></Point>"
                   "</Placemark>\n")
    out.append("</Folder>\n")

    out.append("<Folder><name>Legs</name>\n")
    for k, (leg, parts) in enumerate(zip(prep.legs, prep.leg_parts)):
        out.append("<Placemark>" + _el("name", f"{leg.start.name} → {leg.end.name} ({leg.mode})"))
        out.append(_el("description", f"{leg.distance_m / 1000:.1f} km by {leg.mode}"
                       + (" (planned)" if leg.planned else "")))
        when = leg.end.date_iso or iso_date(leg.end.date)
        if when:  # the leg arrives then: Google Earth's time slider shows it with its stop
            out.append(f"<TimeStamp>{_el('when', when)}</TimeStamp>")
        out.append(f"<styleUrl>#leg-{leg.mode}{'-planned' if leg.planned else ''}</styleUrl>")
        out.append(_extended({
            "sequence": k + 1, "from": leg.start.name, "to": leg.end.name, "mode": leg.mode,
            "distance_m": f"{leg.distance_m:.1f}", "planned": leg.planned,
            "inferred": leg.inferred, "waypoints": ", ".join(p.name for p in leg.waypoints),
        }))
        lines = [f"<LineString><tessellate>1</tessellate><coordinates>{_coords(part)}"
                 f"</coordinates></LineString>" for part in parts]
        if len(lines) > 1:
            out.append("<MultiGeometry>" + "".join(lines) + "</MultiGeometry>")
        else:
            out.append(lines[0])
        out.append("</Placemark>\n")
    out.append("</Folder>\n</Document>\n</kml>\n")
    return "".join(out)
