"""Issue 13: odd inputs and file-system faults give one sentence and exit 1, never a
traceback, a hang or a lost file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from routes.cli import app
from routes.errors import GazetteerError, InputError, JourneyFileError, RoutesError

SEED = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("000_*.txt"))[0]
TRIP = {"format": "routes-journey", "version": 1, "title": "T",
        "stops": [{"name": "Pyongyang", "lat": 39.03, "lon": 125.75},
                  {"name": "Vladivostok", "lat": 43.1, "lon": 131.9}]}


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), \
        result.exception
    return result


def _trip(tmp_path, data=None, name="trip.journey.json"):
    p = tmp_path / name
    p.write_text(json.dumps(TRIP if data is None else data), encoding="utf-8")
    return p


def test_fifo_input_is_refused_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = run("build", fifo, SEED, "-o", tmp_path / "out")
    assert r.exit_code == 1
    assert "not a regular file" in r.output
    assert (tmp_path / "out" / (SEED.stem + ".html")).exists()  # the other input still built


@pytest.mark.parametrize("option", ["--places", "--network"])
def test_dev_zero_as_places_or_network_is_refused(tmp_path, option):
    r = run("build", SEED, "-o", tmp_path / "out", option, "/dev/zero")
    assert r.exit_code == 1
    assert "/dev/zero" in r.output and "not a regular file" in r.output


def test_utf16_text_is_read_with_its_encoding(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    r = run("journey", p, "--encoding", "utf-16")
    assert r.exit_code == 0, r.output
    assert "Vladivostok" in r.output


def test_journey_version_true_is_refused(tmp_path):
    with pytest.raises(JourneyFileError, match="version"):
        from routes import journeyfile
        journeyfile.load(_trip(tmp_path, dict(TRIP, version=True)))


@pytest.mark.parametrize("text, words", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"format": "routes-journey", "version": 1, "stops": [{"name": "A", "lat": '
     + "9" * 5000 + ', "lon": 0}]}', "number too long"),
])
def test_deep_or_huge_json_is_one_sentence(tmp_path, text, words):
    p = tmp_path / "bad.json"
    p.write_text(text)
    r = run("build", p, "-o", tmp_path / "out")
    assert r.exit_code == 1 and words in r.output and str(p) in r.output


def test_lone_surrogate_in_a_name_is_one_sentence(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(TRIP).replace("Pyongyang", "Py\\ud800"))
    r = run("build", p, "-o", tmp_path / "out", "-f", "html,json")
    assert r.exit_code == 1 and "surrogate" in r.output
    assert not list((tmp_path / "out").glob("*"))


def test_export_json_never_overwrites_its_input_and_keeps_unknown_keys(tmp_path):
    data = dict(TRIP, note="checked by J.", stops=[dict(TRIP["stops"][0], desk="x"), TRIP["stops"][1]])
    p = _trip(tmp_path, data)
    before = p.read_bytes()
    r = run("export", p, "-f", "json")
    assert r.exit_code == 1 and "overwrite" in r.output
    assert p.read_bytes() == before
    r = run("export", p, "-f", "json", "-o", tmp_path / "copy.json")
    assert r.exit_code == 0, r.output
    copy = json.loads((tmp_path / "copy.json").read_text())
    assert copy["note"] == "checked by J." and copy["stops"][0]["desk"] == "x"


def test_build_never_replaces_an_input(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    article = d / "a.html"
    article.write_text("<html><body><p>" + SEED.read_text() + "</p></body></html>")
    before = article.read_bytes()
    r = run("build", article, "-o", d)
    assert r.exit_code == 1 and "would replace the input" in r.output
    assert article.read_bytes() == before


def test_distinct_inputs_get_distinct_outputs(tmp_path):
    text = SEED.read_text()
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "a.html").write_text("<html><body><p>" + text + "</p></body></html>")
    _trip(tmp_path, name="a.json")
    (tmp_path / "merged.txt").write_text(text)
    out = tmp_path / "out"
    r = run("build", tmp_path / "a.txt", tmp_path / "a.html", tmp_path / "a.json", tmp_path / "merged.txt",
            "-o", out)
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in out.glob("*.html"))
    assert names == ["a-html.html", "a-json.html", "a-txt.html", "merged-txt.html", "merged.html"]


def test_output_folder_that_is_a_file_is_one_sentence(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    for out in (f, f / "sub"):
        r = run("build", SEED, "-o", out)
        assert r.exit_code == 1 and str(f) in r.output and "Traceback" not in r.output


def test_output_folder_in_a_symlink_loop_is_one_sentence(tmp_path):
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    r = run("build", SEED, "-o", loop)
    assert r.exit_code == 1 and str(loop) in r.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_is_one_sentence(tmp_path):  # pragma: no cover - CI runs as a user
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    r = run("build", SEED, "-o", out)
    assert r.exit_code == 1 and "permission" in r.output


def test_write_atomic_turns_a_full_disk_into_an_output_error(tmp_path, monkeypatch):
    import errno

    from routes import files

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: _Full(fd))
    with pytest.raises(RoutesError, match="disk is full"):
        files.write_atomic(tmp_path / "a.html", "x")
    assert list(tmp_path.iterdir()) == []


class _Full:
    def __init__(self, fd):
        self.fd = fd

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        os.close(self.fd)

    def write(self, data):
        import errno
        raise OSError(errno.ENOSPC, "No space left on device")


def test_png_format_is_written(tmp_path):
    r = run("build", SEED, "-o", tmp_path, "-f", "png")
    assert r.exit_code == 0, r.output
    assert (tmp_path / (SEED.stem + ".png")).read_bytes()[:4] == b"\x89PNG"


def test_absolute_source_path_is_not_stored(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = tmp_path.parent / f"{tmp_path.name}-private" / "source.txt"
    src.parent.mkdir()
    shutil.copy(SEED, src)
    r = run("build", src.resolve(), "-o", "out", "-f", "json,geojson")
    assert r.exit_code == 0, r.output
    for p in Path("out").iterdir():
        assert f"{tmp_path.name}-private" not in p.read_text(), p


def test_html_title_keeps_its_entities():
    from routes.read import document_from_text

    doc = document_from_text("<html><head><title>Z&uuml;rich &amp; AT&amp;T</title></head>"
                             "<body><p>From Zurich to Bern.</p></body></html>", "z.html")
    assert doc.title == "Zürich & AT&T"


def test_routes_extract_stays_the_function_after_the_submodule_is_imported():
    import routes
    import routes.extract  # noqa: F401

    assert callable(routes.extract)


def test_relative_xdg_cache_home_is_ignored(monkeypatch):
    from gazetteer import _store

    monkeypatch.delenv("ROUTES_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert _store.cache_dir().is_absolute()


def test_places_csv_field_over_128_kib_is_one_sentence(tmp_path):
    p = tmp_path / "places.csv"
    p.write_text('id,name,lat,lon\n1,"' + "x" * 200_000 + '",1,2\n')
    r = run("geocode", "x", "--places", p)
    assert r.exit_code == 1 and str(p) in r.output and "CSV" in r.output


@pytest.mark.parametrize("data", [
    {"type": "FeatureCollection", "features": 3},
    {"type": "FeatureCollection", "features": [[1, 2]]},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": [1, 2]}]},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": [1],
                                                "geometry": {"type": "Point", "coordinates": [1, 2]}}]},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": 1, "name": 5},
                                                "geometry": {"type": "Point", "coordinates": [1, 2]}}]},
])
def test_places_geojson_of_wrong_structure_is_one_sentence(tmp_path, data):
    p = tmp_path / "places.geojson"
    p.write_text(json.dumps(data))
    r = run("geocode", "x", "--places", p)
    assert r.exit_code == 1 and str(p) in r.output


# ------------------------------------------------------------------ fuzz

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=30,
)
_keys = st.sampled_from(["type", "features", "geometry", "coordinates", "properties", "format",
                         "version", "stops", "name", "lat", "lon", "id", "via", "evidence"])
_shaped = st.recursive(
    _json,
    lambda children: st.dictionaries(_keys, children, max_size=5) | st.lists(children, max_size=4),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    _shaped, st.just(TRIP),
    st.builds(lambda s: dict(TRIP, stops=s), _shaped),
    st.builds(lambda s: dict(TRIP, stops=[dict(TRIP["stops"][0], **s)]), st.dictionaries(_keys, _shaped, max_size=4)),
    st.builds(lambda f: {"type": "FeatureCollection", "features": f}, _shaped),
    st.builds(lambda g, p: {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": g, "properties": p}]}, _shaped, _shaped),
    st.builds(lambda c, p: {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": c}, "properties": p}]},
        _shaped, st.dictionaries(st.sampled_from(["id", "name", "kind", "population", "country_code",
                                                  "alternate_names"]), _json, max_size=4)),
    st.builds(lambda c: {"type": "LineString", "coordinates": c}, _shaped),
))
def test_fuzz_journey_places_and_network_readers(tmp_path, data):
    from gazetteer._userdata import read_places
    from routes import journeyfile
    from routes.network import load_network

    p = tmp_path / "f.geojson"
    p.write_text(json.dumps(data), encoding="utf-8")
    for reader, allowed in ((journeyfile.load, (JourneyFileError,)),
                            (read_places, (GazetteerError,)),
                            (load_network, (InputError, RoutesError))):
        try:
            reader(p)
        except allowed:
            pass


def test_kml_description_is_not_live_html():
    from routes.export import dumps
    from routes.model import Evidence, Journey, Place, Stop

    ev = Evidence("d", "a.txt", 0, 5, '<script>alert(1)</script><a href="x">go</a>')
    a = Stop(Place("p1", "A", 1.0, 2.0), 1, role="origin", evidence=(ev,))
    b = Stop(Place("p2", "B", 3.0, 4.0), 2, role="destination")
    kml = dumps(Journey("T", (a, b)), "kml")
    import xml.etree.ElementTree as ET

    ns = {"k": "http://www.opengis.net/kml/2.2"}
    desc = ET.fromstring(kml).find(".//k:Placemark/k:description", ns).text
    assert "<script" not in desc and "<a " not in desc and "&lt;script&gt;" in desc
