"""The journey JSON file: the editable hand-off between reading and drawing.

``routes journey --format json`` writes it, a person may correct it, and
``routes build journey.json`` draws exactly what it says. Format (version 1)::

    {
      "format": "routes-journey",            # required, this exact string
      "version": 1,                           # required
      "title": "Kim Jong Un's train to Vladivostok",
      "documents": ["seeds/000.txt", ...],     # optional: where the journey was read from
      "stops": [                               # required, travel order, at least one
        {"name": "Pyongyang",                  # required, non-empty string
         "lat": 39.0392, "lon": 125.7625,      # required numbers, |lat| <= 90, |lon| <= 180
         "id": "gn:1871859",                   # optional gazetteer id
         "country_code": "KP", "kind": "capital",
         "role": "origin",                     # optional: origin | stop | destination
         "planned": false, "inferred": true,   # optional booleans
         "date": "Wednesday 24 April",         # optional: as the text writes it
         "date_iso": "2019-04-24",             # optional: ISO 8601 (YYYY-MM-DD), read from "date" when absent
         "mode": "train",                      # optional: mode of the leg INTO this stop
         "via": [{"name": "Ussuriysk", "lat": 43.8, "lon": 131.95}],   # optional waypoints of that leg
         "evidence": [{"doc": "...", "path": "...", "start": 0, "end": 10,
                       "quote": "...", "reason": "..."}]}
      ],
      "excluded": [{"text": "MOSCOW", "reason": "dateline", "name": "Moscow",
                    "lat": 55.75, "lon": 37.62, "evidence": [...]}]
    }

Unknown keys are kept out of the model but never rejected, so newer files still load;
:func:`load_keeping` returns them too, and ``dumps(journey, keep=raw)`` writes them back,
so a hand-edited file rewritten by ``routes`` keeps its notes. Paths of source texts
are stored as given, an absolute one relative to the current folder (or its file name
alone): a shared journey file does not tell where its texts lay on someone's disk.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from routes.errors import JourneyFileError
from routes.files import MAX_JOURNEY_BYTES, is_journey_file, read_limited, shareable_path, write_atomic  # noqa: F401 (is_journey_file: kept importable here)
from routes.model import MODES, ROLES, Evidence, Exclusion, Journey, Place, Stop

FORMAT = "routes-journey"
VERSION = 1


def _place_dict(place: Place) -> dict[str, Any]:
    d: dict[str, Any] = {"name": place.name, "lat": round(place.lat, 6), "lon": round(place.lon, 6)}
    if place.id:
        d["id"] = place.id
    if place.country_code:
        d["country_code"] = place.country_code
    if place.kind:
        d["kind"] = place.kind
    return d


def journey_to_dict(journey: Journey) -> dict[str, Any]:
    """Return the JSON-ready dict of ``journey`` (format version 1)."""
    stops = []
    for stop in journey.stops:
        d = _place_dict(stop.place)
        d.update({"sequence": stop.sequence, "role": stop.role, "planned": stop.planned,
                  "inferred": stop.inferred})
        if stop.date:
            d["date"] = stop.date
        if stop.date_iso:
            d["date_iso"] = stop.date_iso
        if stop.mode_in and stop.mode_in != "unknown":
            d["mode"] = stop.mode_in
        if stop.via:
            d["via"] = [_place_dict(p) for p in stop.via]
        d["evidence"] = [_evidence_dict(e) for e in stop.evidence]
        stops.append(d)
    excluded = []
    for ex in journey.excluded:
        d = {"text": ex.text, "reason": ex.reason}
        if ex.place is not None:
            d.update(_place_dict(ex.place))
        d["evidence"] = [_evidence_dict(e) for e in ex.evidence]
        excluded.append(d)
    head = {"format": FORMAT, "version": VERSION, "title": journey.title}
    if journey.traveller:
        head["traveller"] = journey.traveller
    return {**head,
            "documents": [shareable_path(p) for p in journey.documents], "stops": stops,
            "excluded": excluded}


def _evidence_dict(evidence: Evidence) -> dict[str, Any]:
    d = evidence.to_dict()
    d["path"] = shareable_path(d["path"])
    return d


def _keep(written: Any, raw: Any) -> Any:
    """``written`` with every key of ``raw`` it lacks added back, at any depth (lists
    are matched item by item when they have the same length). Known keys keep the
    value ``routes`` writes."""
    if isinstance(written, dict) and isinstance(raw, dict):
        out = {key: _keep(value, raw[key]) if key in raw else value for key, value in written.items()}
        out.update((key, value) for key, value in raw.items() if key not in written)
        return out
    if isinstance(written, list) and isinstance(raw, list) and len(written) == len(raw):
        return [_keep(w, r) for w, r in zip(written, raw)]
    return written


def dumps(journey: Journey, *, keep: Any = None) -> str:
    """Return the journey file text of ``journey``; with ``keep`` (the parsed file it
    was loaded from, see :func:`load_keeping`) the keys ``routes`` does not know are
    written back too."""
    data = journey_to_dict(journey)
    if keep is not None:
        data = _keep(data, keep)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write(journey: Journey, path: str | os.PathLike, *, keep: Any = None) -> Path:
    """Write ``journey`` to ``path`` atomically and return the path (``keep``: see
    :func:`dumps`)."""
    return write_atomic(path, dumps(journey, keep=keep))


# ---------------------------------------------------------------- reading


def _fail(where: str, field: str, problem: str) -> JourneyFileError:
    return JourneyFileError(f"{where}: {field} {problem}.")


def _number(where: str, field: str, value: Any, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(where, field, f"must be a number, not {json.dumps(value)[:40]}")
    if isinstance(value, int) and abs(value) > limit:  # float() of a 400-digit int overflows
        raise _fail(where, field, f"is {str(value)[:20]}..., outside -{limit:g}..{limit:g}")
    value = float(value)
    if not math.isfinite(value):
        raise _fail(where, field, "must be a finite number")
    if abs(value) > limit:
        raise _fail(where, field, f"is {value:g}, outside -{limit:g}..{limit:g}")
    return value


def _text(where: str, field: str, value: Any, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(where, field, "must be a non-empty string" if required else "must be a string")
    return value


def _bool(where: str, field: str, value: Any) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _fail(where, field, "must be true or false")
    return value


def _place(where: str, field: str, raw: Any) -> Place:
    if not isinstance(raw, dict):
        raise _fail(where, field, "must be an object with name, lat and lon")
    for key in ("name", "lat", "lon"):
        if key not in raw:
            raise _fail(where, f"{field}.{key}", "is missing")
    name = _text(where, f"{field}.name", raw["name"])
    lat = _number(where, f"{field}.lat", raw["lat"], 90.0)
    lon = _number(where, f"{field}.lon", raw["lon"], 180.0)
    return Place(id=_text(where, f"{field}.id", raw.get("id"), required=False) or f"file:{name}",
                 name=name, lat=lat, lon=lon,
                 country_code=_text(where, f"{field}.country_code", raw.get("country_code"), required=False),
                 kind=_text(where, f"{field}.kind", raw.get("kind"), required=False) or "other",
                 source="journey file")


def _evidence(where: str, field: str, raw: Any) -> tuple[Evidence, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _fail(where, field, "must be a list")
    out = []
    for i, e in enumerate(raw):
        f = f"{field}[{i}]"
        if not isinstance(e, dict):
            raise _fail(where, f, "must be an object")
        quote = _text(where, f"{f}.quote", e.get("quote", ""), required=False)
        start, end = e.get("start", 0), e.get("end", 0)
        for key, val in (("start", start), ("end", end)):
            if isinstance(val, bool) or not isinstance(val, int) or val < 0:
                raise _fail(where, f"{f}.{key}", "must be a non-negative integer")
        out.append(Evidence(doc_id=str(e.get("doc", "")), path=str(e.get("path", "")),
                            start=start, end=end, quote=quote,
                            reason=_text(where, f"{f}.reason", e.get("reason", ""), required=False)))
    return tuple(out)


def _check_unicode(data: Any, where: str) -> None:
    """Raise JourneyFileError naming the first string (or key) holding a lone surrogate
    (JSON's ``"\\ud800"``): it is no text, and no file could be written with it."""
    todo: list[tuple[str, Any]] = [("", data)]
    while todo:  # iterative: a deeply nested file must not exhaust the stack
        field, value = todo.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise _fail(where, field or "a string",
                            f"holds a lone surrogate (\\u{ord(value[exc.start]):04x}), which is not text") from None
        elif isinstance(value, dict):
            for key, item in value.items():
                todo.append((f"{field}.{key}" if field else str(key), key))
                todo.append((f"{field}.{key}" if field else str(key), item))
        elif isinstance(value, list):
            todo.extend((f"{field}[{i}]", item) for i, item in enumerate(value))


def journey_from_dict(data: Any, where: str = "<journey>") -> Journey:
    """Return the Journey described by ``data``; raise JourneyFileError naming the bad field."""
    from routes.dates import iso_date  # its patterns compile on first use

    if not isinstance(data, dict):
        raise JourneyFileError(f"{where}: a journey file must hold a JSON object.")
    if data.get("format") != FORMAT:
        raise _fail(where, "format", f'must be "{FORMAT}"')
    _check_unicode(data, where)
    version = data.get("version")
    if isinstance(version, bool) or version != VERSION:  # true == 1 in Python, not in the format
        raise _fail(where, "version", f"is {json.dumps(version)}; this routes reads version {VERSION}")
    raw_stops = data.get("stops")
    if not isinstance(raw_stops, list) or not raw_stops:
        raise _fail(where, "stops", "must be a non-empty list")
    stops = []
    for i, raw in enumerate(raw_stops):
        field = f"stops[{i}]"
        place = _place(where, field, raw)
        role = raw.get("role") or ("origin" if i == 0 else "destination" if i == len(raw_stops) - 1 else "stop")
        if role not in ROLES:
            raise _fail(where, f"{field}.role", f"must be one of {', '.join(ROLES)}")
        mode = raw.get("mode") or "unknown"
        if mode not in MODES:
            raise _fail(where, f"{field}.mode", f"must be one of {', '.join(MODES)}")
        via_raw = raw.get("via", [])
        if not isinstance(via_raw, list):
            raise _fail(where, f"{field}.via", "must be a list of places")
        via = tuple(_place(where, f"{field}.via[{j}]", v) for j, v in enumerate(via_raw))
        date = raw.get("date")
        if date is not None and not isinstance(date, str):
            raise _fail(where, f"{field}.date", "must be a string")
        date_iso = raw.get("date_iso")
        if date_iso is not None and (not isinstance(date_iso, str) or iso_date(date_iso) != date_iso):
            raise _fail(where, f"{field}.date_iso", "must be an ISO 8601 date (YYYY-MM-DD)")
        date_iso = date_iso or iso_date(date)
        stops.append(Stop(place=place, sequence=i + 1, role=role,
                          planned=_bool(where, f"{field}.planned", raw.get("planned")),
                          inferred=_bool(where, f"{field}.inferred", raw.get("inferred")),
                          evidence=_evidence(where, f"{field}.evidence", raw.get("evidence")),
                          date=date, mode_in=mode, via=via, date_iso=date_iso))
    excluded = []
    raw_ex = data.get("excluded", [])
    if not isinstance(raw_ex, list):
        raise _fail(where, "excluded", "must be a list")
    for i, raw in enumerate(raw_ex):
        field = f"excluded[{i}]"
        if not isinstance(raw, dict):
            raise _fail(where, field, "must be an object")
        place = _place(where, field, raw) if "lat" in raw or "lon" in raw else None
        excluded.append(Exclusion(place=place, text=str(raw.get("text", raw.get("name", ""))),
                                  reason=str(raw.get("reason", "")),
                                  evidence=_evidence(where, f"{field}.evidence", raw.get("evidence"))))
    docs = data.get("documents", [])
    if not isinstance(docs, list) or not all(isinstance(d, str) for d in docs):
        raise _fail(where, "documents", "must be a list of strings")
    title = data.get("title") or ""
    if not isinstance(title, str):
        raise _fail(where, "title", "must be a string")
    traveller = data.get("traveller") or ""
    if not isinstance(traveller, str):
        raise _fail(where, "traveller", "must be a string")
    from routes.geometry import build_legs

    stops_t = tuple(stops)
    return Journey(title=title, stops=stops_t, legs=build_legs(stops_t), excluded=tuple(excluded),
                   documents=tuple(docs), traveller=traveller)


def parse_json(raw: bytes, where: str, error: type = JourneyFileError, what: str = "file") -> Any:
    """Return the parsed JSON of ``raw``; raise ``error`` naming ``where`` with the reason
    (not UTF-8, a syntax error, nested too deeply, a number too long to read)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{where}: the {what} is not UTF-8 text (byte {exc.start}).") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{where}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from None
    except RecursionError:
        raise error(f"{where}: the JSON is nested too deeply to read.") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise error(f"{where}: the JSON has a number too long to read ({str(exc)[:60]}).") from None


def load_keeping(path: str | os.PathLike) -> tuple[Journey, Any]:
    """Return the Journey stored in the JSON file at ``path`` and the parsed file (for
    ``dumps(journey, keep=...)``, which writes its unknown keys back)."""
    where = str(path)
    raw = read_limited(path, limit=MAX_JOURNEY_BYTES, what="journey file", error=JourneyFileError)
    data = parse_json(raw, where, what="journey file")
    return journey_from_dict(data, where), data


def load(path: str | os.PathLike) -> Journey:
    """Return the Journey stored in the JSON file at ``path``."""
    return load_keeping(path)[0]
