"""CLI --version, --title, --open, --scale (issue 14)."""

from __future__ import annotations

import json
import struct

from typer.testing import CliRunner

from routes.cli import app
from routes import journeyfile
from test_render import kim_journey


def _journey_file(tmp_path):
    path = tmp_path / "kim.journey.json"
    journeyfile.write(kim_journey(), path)
    return path


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("routes ")


def test_title_reaches_the_map_and_the_exports(tmp_path):
    src = _journey_file(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(src), "-o", str(out), "--format", "html,geojson",
                                      "--title", "My own title"])
    assert result.exit_code == 0, result.output
    assert "<title>My own title</title>" in (out / "kim.html").read_text()
    assert json.loads((out / "kim.geojson").read_text())["name"] == "My own title"


def test_open_does_not_block_or_open_under_ci(tmp_path, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    monkeypatch.setenv("CI", "true")
    result = CliRunner().invoke(app, ["build", str(_journey_file(tmp_path)), "-o", str(tmp_path / "o"), "--open"])
    assert result.exit_code == 0 and opened == [] and "not opening" in result.output
    monkeypatch.delenv("CI")
    monkeypatch.setenv("DISPLAY", ":0")
    result = CliRunner().invoke(app, ["build", str(_journey_file(tmp_path)), "-o", str(tmp_path / "o2"), "--open"])
    assert result.exit_code == 0 and len(opened) == 1 and opened[0].endswith("/o2/kim.html")


def test_png_scale_doubles_the_pixels(tmp_path):
    out = tmp_path / "png"
    result = CliRunner().invoke(app, ["build", str(_journey_file(tmp_path)), "-o", str(out), "--format", "png",
                                      "--scale", "2"])
    assert result.exit_code == 0, result.output
    assert struct.unpack(">II", (out / "kim.png").read_bytes()[16:24]) == (2400, 1600)
