"""User places: CSV and GeoJSON files, validated row by row."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from routes.errors import GazetteerError


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_places_are_found_and_ranked(tmp_path):
    path = _write(tmp_path, "mine.csv",
                  "id,name,lat,lon,country_code,kind,population,alternate_names,source\n"
                  "camp1,Base Camp Zulu,43.2,131.5,RU,facility,0,Zulu Camp;BCZ,field notes\n"
                  "v2,Vladivostok,10.0,10.0,,city,5,,my test\n")
    gaz = Gazetteer(user_places=[path])
    found = gaz.lookup("Base Camp Zulu")
    assert found[0].place.id == "user:camp1"
    assert found[0].reason.startswith("user place")
    assert gaz.lookup("zulu camp")[0].place.lat == 43.2
    assert gaz.get("user:camp1").source == "field notes"
    assert gaz.is_name("Base Camp Zulu")
    # the bundled Vladivostok still wins over a tiny user place of the same name
    assert gaz.lookup("Vladivostok")[0].place.id == "gn:2013348"
    assert any(p.id == "user:camp1" for p, _ in gaz.nearest(43.2, 131.5, limit=3))


def test_add_places_geojson(tmp_path):
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "ferry", "geometry": {"type": "Point",
                                                         "coordinates": [131.9, 43.1]},
         "properties": {"name": "Ferry Pier 7", "kind": "port"}}]}
    path = _write(tmp_path, "p.geojson", json.dumps(data))
    gaz = Gazetteer()
    assert gaz.add_places(path) == 1
    place = gaz.lookup("Ferry Pier 7")[0].place
    assert (place.lat, place.lon, place.kind) == (43.1, 131.9, "port")


@pytest.mark.parametrize("body, words", [
    ("id,name,lat\n1,A,10\n", "lacks column(s) lon"),
    ("id,name,lat,lon\n1,A,200,10\n", "row 2: lat '200' is outside"),
    ("id,name,lat,lon\n1,A,10,abc\n", "row 2: lon 'abc' is not a number"),
    ("id,name,lat,lon\n1,A,10,10\n1,B,11,11\n", "row 3: id 'user:1' appears twice"),
    ("id,name,lat,lon\n1,,10,10\n", "row 2: the 'name' column is missing or empty"),
    ("id,name,lat,lon,kind\n1,A,10,10,castle\n", "row 2: kind 'castle' is not one of"),
    ("id,name,lat,lon,population\n1,A,10,10,-4\n", "row 2: population '-4'"),
    ("id,name,lat,lon\n1,A\x01B,10,10\n", "row 2: the name is over 200 characters or has control"),
    ("id,name,lat,lon\n1,A,nan,10\n", "row 2: lat 'nan' is outside"),
])
def test_malformed_csv_names_file_and_row(tmp_path, body, words):
    path = _write(tmp_path, "bad.csv", body)
    with pytest.raises(GazetteerError) as info:
        Gazetteer().add_places(path)
    assert str(path) in str(info.value)
    assert words in str(info.value)


def test_malformed_geojson(tmp_path):
    path = _write(tmp_path, "bad.geojson", '{"type": "FeatureCollection", "features": '
                  '[{"type": "Feature", "geometry": {"type": "LineString", '
                  '"coordinates": [[0, 0], [1, 1]]}, "properties": {"name": "x"}}]}')
    with pytest.raises(GazetteerError, match="feature. 1: geometry is not a Point"):
        Gazetteer().add_places(path)
    with pytest.raises(GazetteerError, match="not valid JSON"):
        Gazetteer().add_places(_write(tmp_path, "x.json", "{"))


def test_same_id_twice_across_files(tmp_path):
    path = _write(tmp_path, "a.csv", "id,name,lat,lon\n1,A,10,10\n")
    gaz = Gazetteer(user_places=[path])
    with pytest.raises(GazetteerError, match="already added"):
        gaz.add_places(path)


def test_first_use_unpacks_once_with_a_progress_line(tmp_path):
    env = dict(os.environ, ROUTES_CACHE_DIR=str(tmp_path / "cache"))
    code = "from gazetteer import Gazetteer; print(Gazetteer.default().lookup('Khasan')[0].place.id)"
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True)
    assert first.stdout.strip() == "gn:2022586"
    assert "unpacking the gazetteer" in first.stderr
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True)
    assert second.stdout.strip() == "gn:2022586" and second.stderr == ""
    assert not list((tmp_path / "cache").glob("*.tmp"))


def test_version_matches_the_bundled_files():
    import hashlib
    from importlib import resources
    data = resources.files("gazetteer") / "data"
    digest = hashlib.sha256()
    for name in ("ids.tsv.gz", "names.tsv.gz", "places.tsv.gz"):
        digest.update(name.encode() + (data / name).read_bytes())
    assert (data / "VERSION").read_text().strip() == digest.hexdigest()[:16]


def test_bundled_data_is_small_enough():
    from importlib import resources
    data = resources.files("gazetteer") / "data"
    total = sum(p.stat().st_size for p in Path(str(data)).iterdir())
    assert total <= 25 * 1024 * 1024


def test_curated_rows_all_carry_a_source():
    import csv
    from importlib import resources
    text = (resources.files("gazetteer") / "data" / "curated.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) >= 40
    assert all(r["source"].strip() for r in rows)


def test_added_places_reach_a_name_looked_up_before(tmp_path):
    gaz = Gazetteer()
    before = gaz.lookup("Vladivostok", limit=20)
    gaz.add_places(_write(tmp_path, "late.csv", "id,name,lat,lon\nlate1,Vladivostok,1.0,2.0\n"))
    after = gaz.lookup("Vladivostok", limit=20)
    assert len(after) == len(before) + 1
    assert any(c.place.id == "user:late1" for c in after)


def test_curated_overlay_is_kept_parsed_and_a_damaged_copy_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("ROUTES_CACHE_DIR", str(tmp_path / "cache"))
    names = ("Skye", "Canton", "Russky Island", "Lesbos", "DPRK")

    def answers():
        gaz = Gazetteer()
        return [[(c.place, c.score, c.reason) for c in gaz.lookup(n)[:3]] for n in names]

    parsed = answers()
    (overlay,) = (tmp_path / "cache").glob("gazetteer-*/overlay-*.json")
    assert answers() == parsed  # read back from the kept copy
    overlay.write_text('{"places": [["cut off', encoding="utf-8")
    assert answers() == parsed
    assert overlay.read_text(encoding="utf-8").startswith('{"places": [[')
    assert len(overlay.read_text(encoding="utf-8")) > 1000
