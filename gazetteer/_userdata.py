"""Read places from a CSV or GeoJSON file, validating every row.

A bad row stops the read with a :class:`GazetteerError` naming the file and the row:
a gazetteer that silently drops or misplaces a row would put a wrong point on a map.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path
from typing import IO, Iterable, Iterator

from routes.errors import GazetteerError
from routes.model import KINDS, Place

REQUIRED = ("id", "name", "lat", "lon")
OPTIONAL = ("country_code", "kind", "feature_code", "population", "admin1",
            "alternate_names", "source")
MAX_NAME_CHARS = 200
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _fail(label: str, row: int | str, message: str) -> GazetteerError:
    return GazetteerError(f"{label} row {row}: {message}")


def _number(value, label, row, column, low, high) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _fail(label, row, f"{column} {value!r} is not a number.") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise _fail(label, row, f"{column} {value!r} is outside [{low}, {high}].")
    return number


def make_place(fields: dict, label: str, row: int | str, prefix: str) -> Place:
    """Return a validated :class:`Place` from one record (raises GazetteerError)."""
    for column in REQUIRED:
        value = fields.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise _fail(label, row, f"the {column!r} column is missing or empty.")
    name = str(fields["name"]).strip()
    if len(name) > MAX_NAME_CHARS or _CONTROL.search(name):
        raise _fail(label, row, "the name is over 200 characters or has control characters.")
    lat = _number(fields["lat"], label, row, "lat", -90.0, 90.0)
    lon = _number(fields["lon"], label, row, "lon", -180.0, 180.0)
    kind = (fields.get("kind") or "other").strip()
    if kind not in KINDS:
        raise _fail(label, row, f"kind {kind!r} is not one of {', '.join(KINDS)}.")
    pop_raw = fields.get("population") or 0
    try:
        population = int(pop_raw)
        if population < 0:
            raise ValueError
    except (TypeError, ValueError):
        raise _fail(label, row, f"population {pop_raw!r} is not a whole number >= 0.") from None
    alts = fields.get("alternate_names") or ()
    if isinstance(alts, str):
        alts = [a.strip() for a in alts.split(";")]
    alts = tuple(a for a in alts if a and a != name)
    raw_id = str(fields["id"]).strip()
    place_id = raw_id if ":" in raw_id else prefix + raw_id
    cc = (fields.get("country_code") or "").strip().upper()
    if cc and (len(cc) != 2 or not cc.isalpha()):
        raise _fail(label, row, f"country_code {cc!r} is not a two-letter code.")
    return Place(id=place_id, name=name, lat=lat, lon=lon, country_code=cc, kind=kind,
                 population=population, admin1=(fields.get("admin1") or "").strip(),
                 feature_code=(fields.get("feature_code") or "").strip(),
                 alternate_names=alts, source=(fields.get("source") or label).strip())


def _unique(places: Iterable[Place], label: str) -> Iterator[Place]:
    seen: set[str] = set()
    for row, place in places:
        if place.id in seen:
            raise _fail(label, row, f"id {place.id!r} appears twice.")
        seen.add(place.id)
        yield place


def read_places_csv(fh: IO[str], label: str, default_prefix: str = "user:") -> list[Place]:
    """Return the places of a CSV (columns id,name,lat,lon[,country_code,kind,...])."""
    reader = csv.DictReader(fh)
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise _fail(label, 1, f"the header lacks column(s) {', '.join(missing)}.")
    rows = ((n, make_place(r, label, n, default_prefix))
            for n, r in enumerate(reader, start=2))
    return list(_unique(rows, label))


def read_places_geojson(data: dict, label: str) -> list[Place]:
    """Return the places of a GeoJSON FeatureCollection of Points."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GazetteerError(f"{label}: not a GeoJSON FeatureCollection.")

    def rows():
        for n, feature in enumerate(data.get("features") or [], start=1):
            geometry = (feature or {}).get("geometry") or {}
            coords = geometry.get("coordinates")
            if geometry.get("type") != "Point" or not isinstance(coords, list) \
                    or len(coords) < 2:
                raise _fail(label, f"(feature) {n}", "geometry is not a Point.")
            props = dict(feature.get("properties") or {})
            props.setdefault("id", feature.get("id", ""))
            props["lon"], props["lat"] = coords[0], coords[1]  # GeoJSON is lon, lat
            yield f"(feature) {n}", make_place(props, label, f"(feature) {n}", "user:")

    return list(_unique(rows(), label))


def read_places(path: str | Path) -> list[Place]:
    """Return the validated places of a user CSV or GeoJSON file."""
    path = Path(path)
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{label}: cannot read ({exc}).") from exc
    if path.suffix.lower() in (".geojson", ".json"):
        import json  # only GeoJSON needs it: not at start-up

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise GazetteerError(f"{label}: not valid JSON ({exc}).") from exc
        return read_places_geojson(data, label)
    import io
    return read_places_csv(io.StringIO(text, newline=""), label)
