"""Exports: GeoJSON (RFC 7946), KML 2.2, GPX 1.1, CSV itinerary; atomic writes."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import geojson
import gpxpy
import pytest
from lxml import etree

from routes import export
from routes.errors import InputError
from routes.export import FORMATS, dumps, format_for, write
from routes.geometry import build_legs
from routes.model import Evidence, Journey, Place, Stop

SCHEMAS = Path(__file__).parent / "data" / "schemas"
KML_NS = "http://www.opengis.net/kml/2.2"
GPX_NS = "http://www.topografix.com/GPX/1/1"

PYONGYANG = Place("gn:1871859", "Pyongyang", 39.0392, 125.7625, "KP", kind="capital")
KHASAN = Place("gn:2039539", "Khasan", 42.4308, 130.6434, "RU")
USSURIYSK = Place("gn:2014006", "Ussuriysk", 43.8000, 131.9500, "RU")
VLADIVOSTOK = Place("gn:2013348", "Vladivostok", 43.1155, 131.8855, "RU")
ANCHORAGE = Place("gn:5879400", "Anchorage", 61.2181, -149.9003, "US")


@pytest.fixture(scope="module")
def gpx_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "gpx-1.1.xsd")))


@pytest.fixture(scope="module")
def kml_schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "ogckml22.xsd")))


def make_journey(with_legs: bool = True) -> Journey:
    quote = Evidence("d1", "seeds/a.txt", 10, 40, 'Kim "arrived" <by train> & waved\x07')
    stops = (
        Stop(PYONGYANG, 1, role="origin", date="2019-04-24", evidence=(quote,)),
        Stop(KHASAN, 2, mode_in="train", date="25 April"),
        Stop(VLADIVOSTOK, 3, mode_in="train", via=(USSURIYSK,), date="2019-04-25",
             inferred=True),
        Stop(ANCHORAGE, 4, role="destination", mode_in="air", planned=True),
    )
    legs = build_legs(stops) if with_legs else ()
    return Journey("Kim's train <&> plane", stops, legs)


# ------------------------------------------------------------------------ GeoJSON

def rfc7946_problems(doc: dict) -> list[str]:
    """Return what breaks RFC 7946 in a FeatureCollection (beyond geojson.is_valid)."""
    problems = []
    if doc.get("type") != "FeatureCollection":
        problems.append("top level is not a FeatureCollection")
    if "crs" in doc:
        problems.append("crs member (removed in RFC 7946)")

    def positions(pos_list, where):
        for pos in pos_list:
            if not (isinstance(pos, list) and len(pos) in (2, 3)
                    and all(isinstance(v, (int, float)) and math.isfinite(v) for v in pos)):
                problems.append(f"{where}: bad position {pos!r}")
                continue
            if not (-180 <= pos[0] <= 180 and -90 <= pos[1] <= 90):
                problems.append(f"{where}: position out of range {pos!r}")

    def line(coords, where):
        if len(coords) < 2:
            problems.append(f"{where}: LineString with fewer than two positions")
        positions(coords, where)
        for p, q in zip(coords, coords[1:]):
            if abs(p[0] - q[0]) > 180:
                problems.append(f"{where}: segment crosses the antimeridian without a cut")

    for i, feat in enumerate(doc.get("features", [])):
        where = f"features[{i}]"
        if feat.get("type") != "Feature" or "properties" not in feat or "geometry" not in feat:
            problems.append(f"{where}: not a Feature with geometry and properties")
            continue
        if "id" in feat and not isinstance(feat["id"], (str, int, float)):
            problems.append(f"{where}: id must be a string or number")
        geom = feat["geometry"]
        kind = geom.get("type")
        if kind == "Point":
            positions([geom["coordinates"]], where)
        elif kind == "LineString":
            line(geom["coordinates"], where)
        elif kind == "MultiLineString":
            for j, part in enumerate(geom["coordinates"]):
                line(part, f"{where}[{j}]")
        else:
            problems.append(f"{where}: unexpected geometry {kind}")
    return problems


def test_geojson_is_valid_rfc7946():
    text = dumps(make_journey(), "geojson")
    obj = geojson.loads(text)
    assert obj.is_valid, obj.errors()
    assert rfc7946_problems(json.loads(text)) == []


def test_geojson_stops_and_legs_have_their_properties():
    doc = json.loads(dumps(make_journey(), "geojson"))
    stops = [f for f in doc["features"] if f["properties"]["feature"] == "stop"]
    legs = [f for f in doc["features"] if f["properties"]["feature"] == "leg"]
    assert [s["properties"]["name"] for s in stops] == ["Pyongyang", "Khasan", "Vladivostok", "Anchorage"]
    first = stops[0]
    assert first["geometry"]["coordinates"] == [125.7625, 39.0392]  # lon, lat
    props = first["properties"]
    assert props["sequence"] == 1 and props["role"] == "origin" and props["place_id"] == "gn:1871859"
    assert props["country_code"] == "KP" and props["date"] == "2019-04-24"
    assert props["planned"] is False and props["inferred"] is False
    assert props["evidence"][0]["quote"].startswith('Kim "arrived"')
    assert stops[3]["properties"]["planned"] is True
    assert len(legs) == 3
    leg2 = legs[1]["properties"]
    assert (leg2["from"], leg2["to"], leg2["mode"], leg2["waypoints"]) == \
        ("Khasan", "Vladivostok", "train", ["Ussuriysk"])
    assert leg2["distance_m"] > 0 and leg2["planned"] is False
    assert legs[2]["properties"]["planned"] is True


def test_geojson_leg_across_the_antimeridian_is_a_multilinestring():
    doc = json.loads(dumps(make_journey(), "geojson"))
    air = [f for f in doc["features"] if f["properties"].get("mode") == "air"][0]
    assert air["geometry"]["type"] == "MultiLineString"
    west, east = air["geometry"]["coordinates"]
    assert west[-1][0] == 180 and east[0][0] == -180


def test_the_rfc7946_checker_catches_breakage():
    doc = json.loads(dumps(make_journey(), "geojson"))
    doc["crs"] = {"type": "name"}
    doc["features"][0]["geometry"]["coordinates"] = [200.0, 10.0]
    doc["features"][-1]["geometry"] = {"type": "LineString", "coordinates": [[170, 0], [-170, 0]]}
    assert len(rfc7946_problems(doc)) == 3


def test_journey_without_legs_gets_them_drawn():
    with_ = json.loads(dumps(make_journey(with_legs=True), "geojson"))
    without = json.loads(dumps(make_journey(with_legs=False), "geojson"))
    assert with_ == without


# --------------------------------------------------------------------------- KML

def test_kml_is_valid_against_the_ogc_schema(kml_schema):
    root = etree.fromstring(dumps(make_journey(), "kml").encode())
    assert root.tag == f"{{{KML_NS}}}kml"
    assert kml_schema.validate(root), kml_schema.error_log


def test_kml_has_a_placemark_per_stop_and_leg_with_styles():
    root = etree.fromstring(dumps(make_journey(), "kml").encode())
    ns = {"k": KML_NS}
    assert root.findtext("k:Document/k:name", namespaces=ns) == "Kim's train <&> plane"
    marks = root.findall(".//k:Placemark", ns)
    assert len(marks) == 4 + 3
    names = [m.findtext("k:name", namespaces=ns) for m in marks]
    assert names[:4] == ["1. Pyongyang", "2. Khasan", "3. Vladivostok", "4. Anchorage"]
    assert names[4] == "Pyongyang → Khasan (train)"
    styles = {s.get("id") for s in root.findall(".//k:Style", ns)}
    for m in marks:
        assert m.findtext("k:styleUrl", namespaces=ns).lstrip("#") in styles
    assert marks[-1].findtext("k:styleUrl", namespaces=ns) == "#leg-air-planned"
    # ISO dates become TimeStamps; free-text dates do not
    assert marks[0].findtext("k:TimeStamp/k:when", namespaces=ns) == "2019-04-24"
    assert marks[1].find("k:TimeStamp", ns) is None
    # the air leg crosses ±180: two tessellated LineStrings, all longitudes in range
    lines = marks[-1].findall("k:MultiGeometry/k:LineString", ns)
    assert len(lines) == 2
    for line in root.findall(".//k:LineString", ns):
        assert line.findtext("k:tessellate", namespaces=ns) == "1"
        for pair in line.findtext("k:coordinates", namespaces=ns).split():
            lon, lat = map(float, pair.split(","))
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_kml_schema_check_is_not_a_rubber_stamp(kml_schema):
    root = etree.fromstring(dumps(make_journey(), "kml").encode())
    pm = root.find(f".//{{{KML_NS}}}Placemark")
    pm.append(pm.find(f"{{{KML_NS}}}name"))  # name after the geometry: out of order
    assert not kml_schema.validate(root)


# --------------------------------------------------------------------------- GPX

def test_gpx_is_valid_against_the_gpx_11_schema(gpx_schema):
    root = etree.fromstring(dumps(make_journey(), "gpx").encode())
    assert root.tag == f"{{{GPX_NS}}}gpx"
    assert gpx_schema.validate(root), gpx_schema.error_log


def test_gpx_has_waypoints_a_route_and_a_track_per_leg():
    gpx = gpxpy.parse(dumps(make_journey(), "gpx"))
    assert [w.name for w in gpx.waypoints] == ["Pyongyang", "Khasan", "Vladivostok", "Anchorage"]
    assert len(gpx.routes) == 1 and len(gpx.routes[0].points) == 4
    assert len(gpx.tracks) == 3
    assert [t.type for t in gpx.tracks] == ["train", "train", "air"]
    assert len(gpx.tracks[2].segments) == 2  # cut at ±180
    for track in gpx.tracks:
        for seg in track.segments:
            assert len(seg.points) >= 2
            assert all(-180 <= p.longitude < 180 for p in seg.points)
    first = gpx.tracks[0].segments[0].points[0]
    assert (first.latitude, first.longitude) == (PYONGYANG.lat, PYONGYANG.lon)


def test_gpx_writes_longitude_180_as_minus_180(gpx_schema):
    on_180 = Place("x", "Dateline", -16.5, 180.0)
    journey = Journey("d", (Stop(on_180, 1), Stop(Place("y", "Y", -16.0, 179.0), 2)))
    root = etree.fromstring(dumps(journey, "gpx").encode())
    assert gpx_schema.validate(root), gpx_schema.error_log


def test_gpx_schema_check_is_not_a_rubber_stamp(gpx_schema):
    root = etree.fromstring(dumps(make_journey(), "gpx").encode())
    root.find(f"{{{GPX_NS}}}wpt").set("lon", "180")  # GPX longitudes are < 180
    assert not gpx_schema.validate(root)


# --------------------------------------------------------------------------- CSV

def test_csv_itinerary_columns_and_figures():
    journey = make_journey()
    rows = list(csv.DictReader(io.StringIO(dumps(journey, "csv"))))
    header = dumps(journey, "csv").splitlines()[0]
    assert header == ("sequence,name,lat,lon,arrival_date,leg_mode,leg_km,cumulative_km,"
                      "planned,inferred,arrival_date_iso")
    assert [r["name"] for r in rows] == ["Pyongyang", "Khasan", "Vladivostok", "Anchorage"]
    assert rows[0]["leg_mode"] == "" and rows[0]["leg_km"] == "" and rows[0]["cumulative_km"] == "0.000"
    assert (rows[1]["lat"], rows[1]["lon"]) == ("42.4308", "130.6434")
    assert rows[1]["arrival_date"] == "25 April" and rows[1]["leg_mode"] == "train"
    total = 0.0
    for row, leg in zip(rows[1:], journey.legs):
        assert float(row["leg_km"]) == pytest.approx(leg.distance_m / 1000, abs=5e-4)
        total += float(row["leg_km"])
        assert float(row["cumulative_km"]) == pytest.approx(total, abs=2e-3)
    assert rows[3]["planned"] == "true" and rows[2]["inferred"] == "true"


def test_csv_neutralises_spreadsheet_formulas():
    evil = Place("e", "=HYPERLINK(\"http://x\")", 10.0, 10.0)
    rows = list(csv.reader(io.StringIO(dumps(Journey("t", (Stop(evil, 1),)), "csv"))))
    assert rows[1][1].startswith("'=")


# ----------------------------------------------------------------------- writing

def test_formats_and_suffixes():
    assert FORMATS == {"geojson": ".geojson", "kml": ".kml", "gpx": ".gpx", "csv": ".csv",
                       "geojson-points": ".points.geojson", "geojson-lines": ".lines.geojson"}
    assert format_for("out/trip.GPX") == "gpx"
    assert format_for("out/trip.lines.geojson") == "geojson-lines"
    assert format_for("out/trip.points.GeoJSON") == "geojson-points"
    assert format_for("out/trip.geojson") == "geojson"
    with pytest.raises(InputError, match="suffix"):
        format_for("trip.txt")
    with pytest.raises(InputError, match="format 'shp'"):
        dumps(make_journey(), "shp")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_write_creates_the_file_and_leaves_no_temporary(tmp_path, fmt):
    target = tmp_path / "maps" / f"trip{FORMATS[fmt]}"
    out = write(make_journey(), target)
    assert out == target and target.read_bytes().decode("utf-8-sig" if fmt == "csv" else "utf-8") == dumps(make_journey(), fmt)
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert target.stat().st_mode & 0o777 == 0o644


def test_bad_journey_writes_nothing_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "trip.geojson"
    target.write_text("old", encoding="utf-8")
    bad = Journey("t", (Stop(PYONGYANG, 1), Stop(Place("n", "Nowhere", math.nan, 0.0), 2)))
    with pytest.raises(InputError, match=r"stop 2 \(Nowhere\): lat"):
        write(bad, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["trip.geojson"]


def test_failure_while_writing_removes_the_temporary(tmp_path, monkeypatch):
    target = tmp_path / "trip.csv"

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(export.os, "replace", boom)
    with pytest.raises(OSError):
        write(make_journey(), target)
    assert list(tmp_path.iterdir()) == []


def test_empty_journey_is_an_input_error():
    with pytest.raises(InputError, match="no stops"):
        dumps(Journey("t", ()), "geojson")


def test_single_stop_journey_exports_everywhere(gpx_schema, kml_schema):
    journey = Journey("one", (Stop(PYONGYANG, 1),))
    assert geojson.loads(dumps(journey, "geojson")).is_valid
    assert gpx_schema.validate(etree.fromstring(dumps(journey, "gpx").encode()))
    assert kml_schema.validate(etree.fromstring(dumps(journey, "kml").encode()))
    assert len(dumps(journey, "csv").splitlines()) == 2


# ------------------------------------------------------------- issue 14: time, Excel, GIS

def dated_journey() -> Journey:
    stops = (
        Stop(Place("gn:3448439", "São Paulo", -23.5475, -46.63611, "BR"), 1, role="origin",
             date="13 September", date_iso="2023-09-13"),
        Stop(Place("gn:3451190", "Rio de Janeiro", -22.90642, -43.18223, "BR"), 2, mode_in="air",
             date="Wednesday"),
        Stop(VLADIVOSTOK, 3, role="destination", mode_in="air", date="2023-09-20"),
    )
    return Journey("São Paulo to Vladivostok", stops, build_legs(stops))


def test_kml_stop_with_an_iso_date_has_a_timestamp(kml_schema):
    text = dumps(dated_journey(), "kml")
    assert kml_schema.validate(etree.fromstring(text.encode()))
    placemarks = etree.fromstring(text.encode()).findall(f".//{{{KML_NS}}}Placemark")
    whens = [p.findtext(f"{{{KML_NS}}}TimeStamp/{{{KML_NS}}}when") for p in placemarks]
    assert whens[:3] == ["2023-09-13", None, "2023-09-20"]  # stops: "Wednesday" has no date
    assert whens[3:] == [None, "2023-09-20"]  # legs: when they arrive


def test_gpx_waypoint_with_an_iso_date_has_a_time(gpx_schema):
    text = dumps(dated_journey(), "gpx")
    assert gpx_schema.validate(etree.fromstring(text.encode()))
    gpx = gpxpy.parse(text)
    times = [w.time.isoformat() if w.time else None for w in gpx.waypoints]
    assert times == ["2023-09-13T00:00:00+00:00", None, "2023-09-20T00:00:00+00:00"]
    assert [w.comment for w in gpx.waypoints] == ["13 September", "Wednesday", "2023-09-20"]


def test_csv_file_starts_with_a_bom_for_excel(tmp_path):
    path = write(dated_journey(), tmp_path / "trip.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["name"] == "São Paulo" and rows[0]["arrival_date_iso"] == "2023-09-13"
    assert rows[1]["arrival_date"] == "Wednesday" and rows[1]["arrival_date_iso"] == ""
    assert not dumps(dated_journey(), "csv").startswith("\ufeff")  # the text itself has none


def _shapefile_ready(doc: dict, family: set[str]) -> None:
    """Fail unless a FeatureCollection is what ogr2ogr can write as one Shapefile layer:
    one geometry family, the same flat fields in every feature, names of 10 characters."""
    assert doc["features"]
    keys = None
    for feature in doc["features"]:
        assert feature["geometry"]["type"] in family
        props = feature["properties"]
        assert all(isinstance(v, (str, int, float, bool)) for v in props.values()), props
        assert all(len(k) <= 10 for k in props)
        keys = keys or list(props)
        assert list(props) == keys


def test_geojson_splits_into_points_and_lines_for_a_shapefile(tmp_path):
    journey = make_journey()
    points = json.loads(write(journey, tmp_path / "trip.points.geojson").read_text())
    lines = json.loads(write(journey, tmp_path / "trip.lines.geojson").read_text())
    _shapefile_ready(points, {"Point"})
    _shapefile_ready(lines, {"LineString", "MultiLineString"})  # one Shapefile polyline type
    assert geojson.loads(json.dumps(points)).is_valid and geojson.loads(json.dumps(lines)).is_valid
    assert rfc7946_problems(points) == [] and rfc7946_problems(lines) == []
    assert [f["properties"]["name"] for f in lines["features"]] == [
        "Pyongyang → Khasan", "Khasan → Vladivostok", "Vladivostok → Anchorage"]
    assert points["features"][0]["properties"]["quote"].startswith('Kim "arrived"')
    assert len(points["features"]) == 4
    with pytest.raises(AssertionError):  # the mixed collection would not do
        _shapefile_ready(json.loads(dumps(journey, "geojson")), {"Point"})


def test_geojson_legs_are_named():
    doc = json.loads(dumps(make_journey(), "geojson"))
    legs = [f for f in doc["features"] if f["properties"]["feature"] == "leg"]
    assert legs[0]["properties"]["name"] == "Pyongyang → Khasan"
