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
    except (TypeError, ValueError, OverflowError):
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
    try:
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise _fail(label, 1, f"the header lacks column(s) {', '.join(missing)}.")
        rows = ((n, make_place(r, label, n, default_prefix))
                for n, r in enumerate(reader, start=2))
        return list(_unique(rows, label))
    except csv.Error as exc:  # a field over csv.field_size_limit() (128 KiB), a NUL, ...
        raise _fail(label, reader.line_num, f"is not readable CSV ({exc}).") from None


def read_places_geojson(data: dict, label: str) -> list[Place]:
    """Return the places of a GeoJSON FeatureCollection of Points."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GazetteerError(f"{label}: not a GeoJSON FeatureCollection.")
    features = data.get("features")
    if features is None:
        features = []
    if not isinstance(features, list):
        raise GazetteerError(f"{label}: \"features\" must be a list of GeoJSON Features.")

    def rows():
        for n, feature in enumerate(features, start=1):
            row = f"(feature) {n}"
            if not isinstance(feature, dict):
                raise _fail(label, row, "is not a GeoJSON Feature object.")
            geometry = feature.get("geometry")
            coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
            if not isinstance(geometry, dict) or geometry.get("type") != "Point" \
                    or not isinstance(coords, list) or len(coords) < 2:
                raise _fail(label, row, "geometry is not a Point.")
            raw_props = feature.get("properties")
            if raw_props is not None and not isinstance(raw_props, dict):
                raise _fail(label, row, "properties must be an object.")
            props = dict(raw_props or {})
            for key in ("id", "name", *OPTIONAL):
                value = props.get(key)
                if key == "alternate_names" and isinstance(value, list) \
                        and all(isinstance(v, str) for v in value):
                    continue
                if value is not None and (isinstance(value, (dict, list, bool))
                                          or (key != "population" and key != "id"
                                              and not isinstance(value, str))):
                    raise _fail(label, row, f"property {key!r} must be text, not {type(value).__name__}.")
            props.setdefault("id", feature.get("id", ""))
            if isinstance(props["id"], (dict, list)):
                raise _fail(label, row, "id must be text or a number.")
            props["lon"], props["lat"] = coords[0], coords[1]  # GeoJSON is lon, lat
            for key in ("lat", "lon"):
                if isinstance(props[key], bool) or not isinstance(props[key], (int, float)):
                    raise _fail(label, row, f"{key} must be a number.")
            _check_text(props, label, row)
            yield row, make_place(props, label, row, "user:")

    return list(_unique(rows(), label))


def _check_text(props: dict, label: str, row: str) -> None:
    for key, value in props.items():
        for text in (value if isinstance(value, list) else [value]):
            if isinstance(text, str):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    raise _fail(label, row, f"property {key!r} has a lone surrogate, which is not text.") from None


#: Largest ``--places`` file read.
MAX_PLACES_BYTES = 64 * 1024 * 1024


def read_places(path: str | Path) -> list[Place]:
    """Return the validated places of a user CSV or GeoJSON file."""
    from routes.files import read_limited

    path = Path(path)
    label = str(path)
    raw = read_limited(path, limit=MAX_PLACES_BYTES, what="places file", error=GazetteerError)
    if path.suffix.lower() in (".geojson", ".json"):
        from routes.journeyfile import parse_json  # only GeoJSON needs it: not at start-up

        return read_places_geojson(parse_json(raw, label, GazetteerError, "places file"), label)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{label}: cannot read (not UTF-8 text at byte {exc.start}).") from None
    import io
    return read_places_csv(io.StringIO(text, newline=""), label)
