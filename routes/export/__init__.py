"""Write a journey for use outside our map: GeoJSON, KML, GPX and a CSV itinerary.

``dumps(journey, fmt)`` returns the text; ``write(journey, path, fmt)`` writes it
atomically (a temporary file in the same folder, then ``os.replace``), so a failure
never leaves a half-written file behind. A journey without legs gets them drawn with
:func:`routes.geometry.build_legs` first.

Examples
--------
>>> from routes.model import Journey, Place, Stop
>>> a = Stop(Place("p1", "Pyongyang", 39.0392, 125.7625), 1, role="origin")
>>> b = Stop(Place("p2", "Vladivostok", 43.1155, 131.8855), 2, role="destination", mode_in="train")
>>> print(dumps(Journey("Trip", (a, b)), "csv").splitlines()[2])
2,Vladivostok,43.1155,131.8855,,train,685.001,685.001,false,false,
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from routes.errors import InputError
from routes.files import write_atomic
from routes.model import Journey

__all__ = ["CSV_BOM", "FORMATS", "dumps", "format_for", "write"]

#: Export format name -> file suffix.
FORMATS: dict[str, str] = {
    "geojson": ".geojson",
    "kml": ".kml",
    "gpx": ".gpx",
    "csv": ".csv",
    # one geometry type per file, flat properties: what a Shapefile (ogr2ogr) can take
    "geojson-points": ".points.geojson",
    "geojson-lines": ".lines.geojson",
}

#: Written at the start of a CSV file: Excel reads the file as UTF-8 only with it.
CSV_BOM = "\ufeff"


def format_for(path: str | os.PathLike) -> str:
    """Return the export format named by ``path``'s suffix; raise InputError if none is."""
    name_lower = Path(path).name.lower()
    suffix = Path(path).suffix.lower()
    for name, ext in sorted(FORMATS.items(), key=lambda item: -len(item[1])):  # ".lines.geojson" first
        if name_lower.endswith(ext):
            return name
    raise InputError(f"{os.fspath(path)}: cannot tell the export format from the suffix "
                     f"{suffix or '(none)'!r}; use one of {', '.join(FORMATS.values())} "
                     f"or give the format.")


def _writer(fmt: str):
    key = fmt.lower().lstrip(".") if isinstance(fmt, str) else fmt
    if key == "json":
        key = "geojson"
    if key not in FORMATS:
        raise InputError(f"format {fmt!r} is not one of {', '.join(FORMATS)}.")
    if key == "geojson":
        from routes.export.geojson import dumps as writer
    elif key == "geojson-points":
        from routes.export.geojson import dumps_points as writer
    elif key == "geojson-lines":
        from routes.export.geojson import dumps_lines as writer
    elif key == "kml":
        from routes.export.kml import dumps as writer
    elif key == "gpx":
        from routes.export.gpx import dumps as writer
    else:
        from routes.export.csv import dumps as writer
    return writer


def dumps(journey: Journey, fmt: str) -> str:
    """Return ``journey`` as text in format ``fmt`` (one of :data:`FORMATS`)."""
    from routes.export._common import prepared

    return _writer(fmt)(prepared(journey))


def write(journey: Journey, path: str | os.PathLike, fmt: Optional[str] = None) -> Path:
    """Write ``journey`` to ``path`` in format ``fmt`` (default: from the suffix) and
    return the path. The text is built in full first and written to a temporary file
    beside ``path`` that replaces it only once complete."""
    path = Path(path)
    fmt = fmt or format_for(path)
    text = dumps(journey, fmt)
    if fmt.lower().lstrip(".") == "csv":
        text = CSV_BOM + text  # so that Excel shows "São Paulo", not "SÃ£o Paulo"
    return write_atomic(path, text, newline="")


