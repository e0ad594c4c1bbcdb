"""A CSV itinerary: one row per stop, with the leg that reached it.

Columns: sequence, name, lat, lon, arrival_date, leg_mode, leg_km, cumulative_km,
planned, inferred, arrival_date_iso. The first stop has empty leg columns and
cumulative_km 0. ``arrival_date`` is the date as the text writes it, ``arrival_date_iso``
the same as YYYY-MM-DD when the text gives day, month and year. A file written by
:func:`routes.export.write` starts with a UTF-8 byte order mark, which Excel needs to
read it as UTF-8.
"""

from __future__ import annotations

import csv
import io

from routes.export._common import Prepared, iso_date

COLUMNS = ("sequence", "name", "lat", "lon", "arrival_date", "leg_mode", "leg_km",
           "cumulative_km", "planned", "inferred", "arrival_date_iso")

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def dumps(prep: Prepared) -> str:
    """Return the itinerary as CSV text (RFC 4180, UTF-8, header row first)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(COLUMNS)
    for row in prep.rows:
        stop, leg = row.stop, row.leg
        out.writerow([
            stop.sequence,
            _cell(stop.name),
            f"{stop.lat:.6f}".rstrip("0").rstrip("."),
            f"{stop.lon:.6f}".rstrip("0").rstrip("."),
            _cell(stop.date or ""),
            leg.mode if leg is not None else "",
            f"{leg.distance_m / 1000:.3f}" if leg is not None else "",
            f"{row.cumulative_m / 1000:.3f}",
            "true" if stop.planned else "false",
            "true" if stop.inferred else "false",
            stop.date_iso or iso_date(stop.date) or "",
        ])
    return buf.getvalue()
