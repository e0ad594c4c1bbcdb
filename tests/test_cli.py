"""The command line: contracts of ARCHITECTURE.md, help texts, bad inputs."""

import json
from pathlib import Path

from typer.testing import CliRunner

from routes.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_every_command_has_help():
    for name in ("build", "journey", "extract", "geocode", "export"):
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Usage" in result.output


def test_extract_jsonl_contract():
    result = run("extract", *SEEDS, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert [x["path"] for x in lines] == SEEDS
    text = Path(SEEDS[1]).read_text(encoding="utf-8")
    for m in lines[1]["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
        assert {"start", "end", "text", "lat", "lon"} <= set(m)
    names = {m["text"] for m in lines[1]["mentions"]}
    assert {"Vladivostok", "Khasan"} <= names


def test_journey_jsonl_contract_and_merge():
    result = run("journey", *SEEDS, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert len(lines) == 2
    for line in lines:
        for stop in line["stops"]:
            assert {"name", "lat", "lon", "planned", "inferred"} <= set(stop)
    merged = run("journey", *SEEDS, "--merge", "--format", "jsonl")
    assert merged.exit_code == 0
    assert len([x for x in merged.stdout.splitlines() if x.strip()]) == 1


def test_journey_table_shows_evidence_and_exclusions():
    result = run("journey", SEEDS[0], "--format", "table")
    assert result.exit_code == 0, result.output
    assert "Not stops:" in result.output
    assert "“" in result.output


def test_geocode_json_ranks_candidates():
    result = run("geocode", "Vladivostok", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    best = data["candidates"][0]
    assert best["country_code"] == "RU"
    assert abs(best["lat"] - 43.1) < 0.2 and abs(best["lon"] - 131.9) < 0.2


def test_geocode_unknown_name_fails_cleanly():
    result = run("geocode", "Xqzzyvillebergstadt")
    assert result.exit_code == 1
    assert "no place called" in result.stderr


def test_build_writes_maps_and_bad_inputs_do_not_stop_the_rest(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"Caf\xe9 au lait in Paris")
    bad_journey = tmp_path / "bad.json"
    bad_journey.write_text(json.dumps({"format": "routes-journey", "version": 1,
                                       "stops": [{"name": "X", "lat": 95, "lon": 0}]}))
    missing = tmp_path / "missing.txt"
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    out = tmp_path / "maps"
    result = run("build", SEEDS[1], str(empty), str(binary), str(latin), str(bad_journey), str(missing),
                 str(empty_dir), "-o", str(out))
    assert result.exit_code == 1
    err = result.stderr
    assert f"{empty}: the file is empty." in err
    assert f"{binary}: this is a binary file, not text." in err
    assert f"{latin}: the file is not valid UTF-8" in err
    assert f"{bad_journey}: stops[0].lat is 95" in err
    assert f"{missing}: no such file or folder." in err
    assert f"{empty_dir}: the folder has no text files" in err
    assert len([line for line in err.splitlines() if line.startswith("routes: ")]) == 6
    written = sorted(p.name for p in out.iterdir())
    assert written == [Path(SEEDS[1]).stem + ".html"]


def test_build_journey_file_round_trip(tmp_path):
    result = run("journey", SEEDS[1], "--format", "json")
    assert result.exit_code == 0, result.output
    jf = tmp_path / "trip.journey.json"
    jf.write_text(result.stdout)
    data = json.loads(result.stdout)
    data["stops"].insert(1, {"name": "Tumangang", "lat": 42.36, "lon": 130.6})  # a person's correction
    jf.write_text(json.dumps(data))
    out = tmp_path / "maps"
    built = run("build", str(jf), "-o", str(out), "--format", "json")
    assert built.exit_code == 0, built.output
    again = json.loads((out / "trip.journey.json").read_text())
    assert [s["name"] for s in again["stops"]] == [s["name"] for s in data["stops"]]


def test_python_m_routes_runs():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "routes", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "build" in proc.stdout


def test_build_embed_writes_iframe_snippet_and_fragment(tmp_path):
    result = run("build", SEEDS[1], "-o", str(tmp_path), "--embed")
    assert result.exit_code == 0, result.output
    stem = Path(SEEDS[1]).stem
    snippet = (tmp_path / f"{stem}.embed.html").read_text()
    assert f'src="{stem}.html"' in snippet and 'loading="lazy"' in snippet and "title=" in snippet
    fragment = (tmp_path / f"{stem}.fragment.html").read_text()
    assert "<html" not in fragment.lower() and "<script>" in fragment


def test_build_every_export_format(tmp_path):
    result = run("build", SEEDS[1], "-o", str(tmp_path), "--format", "json,svg,geojson,kml,gpx,csv")
    assert result.exit_code == 0, result.output
    stem = Path(SEEDS[1]).stem
    for suffix in (".journey.json", ".svg", ".geojson", ".kml", ".gpx", ".csv"):
        assert (tmp_path / f"{stem}{suffix}").stat().st_size > 100, suffix


def test_extract_streams_a_long_text_as_one_valid_line_with_offsets_into_the_whole(tmp_path):
    para = "The delegation flew from Berlin to Warsaw on Monday and drove on to Vilnius.\n\n"
    text = para * 700  # about 55,000 characters: three chunks
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert lines[0] == json.dumps(doc, ensure_ascii=False)  # the bytes json.dumps gives
    vilnius = [m for m in doc["mentions"] if m["text"] == "Vilnius"]
    assert len(vilnius) == 700
    assert all(text[m["start"]:m["end"]] == m["text"] for m in doc["mentions"])


def test_build_names_the_file_that_tells_no_journey(tmp_path):
    econ = tmp_path / "econ.txt"
    econ.write_text("Inflation in Germany rose to 3 percent in March, while prices in France were stable.")
    result = run("build", str(econ), SEEDS[1], "-o", str(tmp_path / "maps"))
    assert result.exit_code == 1
    assert f"routes: {econ}: no place in the text is one the traveller goes to or through." in result.stderr
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == [Path(SEEDS[1]).stem + ".html"]
