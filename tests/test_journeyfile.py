"""The journey JSON file: round trip and field validation."""

import json
import math

import pytest

from routes import journeyfile
from routes.errors import JourneyFileError
from routes.model import Evidence, Journey, Place, Stop
from routes.geometry import build_legs


def _journey():
    stops = (
        Stop(Place("gn:1", "Pyongyang", 39.0392, 125.7625, "KP", "capital"), 1, "origin", inferred=True,
             evidence=(Evidence("d", "a.txt", 5, 10, "North Korean leader", "implied"),)),
        Stop(Place("gn:2", "Khasan", 42.4308, 130.6434, "RU", "village"), 2, "stop", mode_in="train",
             date="Wednesday"),
        Stop(Place("gn:3", "Vladivostok", 43.1056, 131.8735, "RU", "city"), 3, "destination", mode_in="train",
             via=(Place("v", "Ussuriysk", 43.8, 131.95),)),
        Stop(Place("cur:r", "Russky Island", 43.02, 131.85, "RU", "island"), 4, "stop", planned=True),
    )
    return Journey("Kim's train", stops, build_legs(stops), documents=("a.txt",))


def test_round_trip_draws_exactly_what_was_written(tmp_path):
    j = _journey()
    path = journeyfile.write(j, tmp_path / "trip.journey.json")
    back = journeyfile.load(path)
    assert [(s.name, s.lat, s.lon, s.planned, s.inferred, s.role, s.mode_in, s.date) for s in back.stops] == \
           [(s.name, s.lat, s.lon, s.planned, s.inferred, s.role, s.mode_in, s.date) for s in j.stops]
    assert back.stops[2].via[0].name == "Ussuriysk"
    assert back.stops[0].evidence[0].quote == "North Korean leader"
    assert len(back.legs) == 3
    assert math.isclose(back.distance_m, j.distance_m, rel_tol=1e-9)
    # Written again, the file is byte-identical.
    assert journeyfile.dumps(back) == journeyfile.dumps(j)


def _write(tmp_path, data):
    p = tmp_path / "j.json"
    p.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return p


GOOD = {"format": "routes-journey", "version": 1, "stops": [{"name": "A", "lat": 1, "lon": 2}]}


@pytest.mark.parametrize("mutate,needle", [
    (lambda d: d["stops"][0].pop("lat"), "stops[0].lat is missing"),
    (lambda d: d["stops"][0].update(lat=95), "stops[0].lat is 95"),
    (lambda d: d["stops"][0].update(lon=-181), "stops[0].lon is -181"),
    (lambda d: d["stops"][0].update(lon="12"), "stops[0].lon must be a number"),
    (lambda d: d["stops"][0].update(name=""), "stops[0].name must be a non-empty string"),
    (lambda d: d["stops"][0].update(via={"name": "x"}), "stops[0].via must be a list"),
    (lambda d: d["stops"][0].update(mode="teleport"), "stops[0].mode must be one of"),
    (lambda d: d.update(stops=[]), "stops must be a non-empty list"),
    (lambda d: d.update(version=7), "version is 7"),
    (lambda d: d.pop("format"), "format must be"),
])
def test_bad_fields_are_named(tmp_path, mutate, needle):
    data = json.loads(json.dumps(GOOD))
    mutate(data)
    with pytest.raises(JourneyFileError) as err:
        journeyfile.load(_write(tmp_path, data))
    assert needle in str(err.value)
    assert "j.json" in str(err.value)


def test_nan_is_rejected(tmp_path):
    p = _write(tmp_path, '{"format": "routes-journey", "version": 1, "stops": [{"name": "A", "lat": NaN, "lon": 2}]}')
    with pytest.raises(JourneyFileError, match="stops\\[0\\].lat must be a finite number"):
        journeyfile.load(p)


def test_not_json(tmp_path):
    with pytest.raises(JourneyFileError, match="not valid JSON \\(line 1"):
        journeyfile.load(_write(tmp_path, "{nope"))


def test_atomic_write_leaves_no_temp_files(tmp_path):
    journeyfile.write(_journey(), tmp_path / "a.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]
