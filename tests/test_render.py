"""The journey map: numbering, escaping, determinism, offline self-containment, basemap."""

from __future__ import annotations

import re

import pytest

from routes.geometry import build_legs
from routes.model import Evidence, Journey, Place, Stop

EVIL = ("He said <script>alert(1)</script> and <img src=x onerror=alert(1)> "
        "then </div> closed nothing.")


def _place(pid, name, lat, lon, cc, kind="city"):
    return Place(id=pid, name=name, lat=lat, lon=lon, country_code=cc, kind=kind, source="test")


def _ev(quote, path="seeds/article-1.txt"):
    return Evidence(doc_id="d1", path=path, start=0, end=len(quote), quote=quote, reason="travel verb")


def kim_journey() -> Journey:
    """Pyongyang (inferred origin) -> Khasan -> Vladivostok, planned Russky Island."""
    stops = (
        Stop(_place("1871859", "Pyongyang", 39.0392, 125.7625, "KP"), 1, role="origin", inferred=True),
        Stop(_place("2039557", "Khasan", 42.4308, 130.6434, "RU"), 2, mode_in="train",
             evidence=(_ev("The armoured train crossed into Russia at Khasan. " + EVIL),),
             date="2019-04-24"),
        Stop(_place("2013348", "Vladivostok", 43.1056, 131.8735, "RU"), 3, mode_in="train",
             evidence=(_ev("Kim arrived in Vladivostok on Wednesday.", "seeds/article-2.html"),),
             date="2019-04-24"),
        Stop(_place("2017000", "Russky Island", 43.02, 131.85, "RU", "island"), 4,
             role="destination", planned=True, mode_in="road",
             evidence=(_ev("Talks are due on Russky Island </div><b>bold</b>."),)),
    )
    return Journey(title="Kim <b>Jong Un</b> by train", stops=stops, legs=build_legs(stops),
                   documents=("seeds/article-1.txt", "seeds/article-2.html"))


def pacific_journey() -> Journey:
    """Vladivostok -> Anchorage by air: crosses the antimeridian."""
    stops = (
        Stop(_place("2013348", "Vladivostok", 43.1056, 131.8735, "RU"), 1, role="origin",
             evidence=(_ev("The delegation left Vladivostok."),)),
        Stop(_place("5879400", "Anchorage", 61.2181, -149.9003, "US"), 2, role="destination",
             mode_in="air", evidence=(_ev("It landed in Anchorage. " + EVIL),)),
    )
    return Journey(title="Across the Pacific", stops=stops, legs=build_legs(stops))


def single_stop_journey() -> Journey:
    stop = Stop(_place("1", "Hanoi", 21.0245, 105.8412, "VN"), 1, role="origin",
                evidence=(_ev("{{ 7*7 }} in Hanoi {% raw %}"),))
    return Journey(title="One place", stops=(stop,))


# --- scene ---------------------------------------------------------------------------

def test_stops_are_numbered_in_travel_order_with_flags():
    from routes.render import build_scene

    scene = build_scene(kim_journey())
    assert [(s.number, s.name) for s in scene.stops] == [
        (1, "Pyongyang"), (2, "Khasan"), (3, "Vladivostok"), (4, "Russky Island")]
    assert scene.stops[0].status == "inferred origin"
    assert scene.stops[3].status == "planned destination"
    assert [(leg.start, leg.end, leg.mode, leg.planned) for leg in scene.legs] == [
        (1, 2, "train", False), (2, 3, "train", False), (3, 4, "road", True)]
    assert scene.legs[0].inferred and not scene.legs[1].inferred
    assert scene.stops[2].quotes[0].doc == "article-2.html"


def test_antimeridian_journey_is_continuous():
    from routes.render import build_scene

    scene = build_scene(pacific_journey())
    lons = [lon for leg in scene.legs for _, lon in leg.latlons]
    assert max(abs(b - a) for a, b in zip(lons, lons[1:])) < 5
    assert scene.east - scene.west < 100  # not the 280 degrees the long way round
    anchorage = scene.stops[1]
    assert anchorage.lon == pytest.approx(-149.9003 + 360, abs=1e-4)
    assert -180 <= (scene.west + scene.east) / 2 <= 180


# --- HTML map ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kim_html():
    from routes.render import map_html

    return map_html(kim_journey())


def test_same_input_gives_byte_identical_html(kim_html):
    from routes.render import map_html

    assert map_html(kim_journey()) == kim_html
    assert map_html(pacific_journey(), offline=False) == map_html(pacific_journey(), offline=False)


def test_offline_map_loads_no_remote_script_or_style(kim_html):
    assert not re.search(r"<script[^>]+src=", kim_html)
    assert not re.search(r"<link[^>]+stylesheet", kim_html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", kim_html)
    assert "L.polylineDecorator" in kim_html and "leaflet" in kim_html.lower()
    assert "data:image/png;base64," in kim_html  # Leaflet's control images
    assert len(kim_html.encode()) < 1_500_000


def test_online_map_links_pinned_cdn_files_with_integrity():
    from routes.render import map_html

    page = map_html(kim_journey(), offline=False)
    assert 'src="https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js" integrity="sha384-' in page
    assert "tile.openstreetmap.org" in page
    assert len(page.encode()) < 100_000
    assert "routes-land" not in page  # tiles instead of the bundled basemap


def test_offline_map_keeps_osm_as_a_second_base_layer(kim_html):
    assert "tile.openstreetmap.org" in kim_html
    assert "Offline basemap (Natural Earth)" in kim_html
    assert "GeoNames" in kim_html and "Natural Earth" in kim_html


@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                                 "</div><b>bold</b>", "<b>Jong Un</b>"])
def test_input_markup_never_reaches_the_page_as_markup(kim_html, raw):
    assert raw not in kim_html


def test_title_and_names_are_escaped_text(kim_html):
    assert "<title>Kim &lt;b&gt;Jong Un&lt;/b&gt; by train</title>" in kim_html
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in kim_html  # quote as JSON data


def test_template_syntax_in_input_is_not_evaluated():
    from routes.render import map_html

    page = map_html(single_stop_journey())
    assert "{{ 7*7 }} in Hanoi {% raw %}" in page


def test_itinerary_panel_lists_every_stop_as_a_button(kim_html):
    buttons = re.findall(r'<button type="button" class="routes-goto" data-stop="(\d+)"', kim_html)
    assert buttons == ["0", "1", "2", "3"]
    assert 'aria-label="Itinerary"' in kim_html
    assert "by train, 558 km" in kim_html or re.search(r"by train, [\d,]+ km", kim_html)
    assert "planned destination" in kim_html and "inferred origin" in kim_html


def test_legend_shows_modes_and_styles(kim_html):
    legend = re.search(r'<section class="routes-legend".*?</section>', kim_html).group(0)
    for words in ("Train", "Road", "Planned (dashed)", "Inferred (dotted)", "Direction of travel"):
        assert words in legend


def test_two_different_maps_do_not_share_element_ids():
    from routes.render import map_html

    ids_a = set(re.findall(r'id="([^"]+)"', map_html(kim_journey())))
    ids_b = set(re.findall(r'id="([^"]+)"', map_html(pacific_journey())))
    assert ids_a and not ids_a & ids_b


def test_single_stop_map_renders():
    from routes.render import map_html

    assert "Hanoi" in map_html(single_stop_journey())


def test_write_map_is_atomic(tmp_path, monkeypatch):
    from routes.render import html as render_html
    from routes.render import write_map

    target = write_map(kim_journey(), tmp_path / "maps" / "kim.html")
    before = target.read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr(render_html, "map_html", boom)
    with pytest.raises(RuntimeError):
        render_html.write_map(pacific_journey(), target)
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["kim.html"]


# --- basemap -------------------------------------------------------------------------

def test_regional_map_carries_10m_detail_world_map_does_not():
    import shapely

    from routes.render import basemap

    korea = basemap.basemap(125.76, 39.03, 131.87, 43.1)
    assert korea.detail_box is not None
    russky = shapely.box(131.6, 42.9, 132.0, 43.12)
    islands = [p for p in korea.land if russky.contains(p) and p.area > 0.005]
    assert islands, "Russky Island (1:10m) missing"
    world = basemap.basemap(-120.0, -30.0, 150.0, 60.0)
    assert world.detail_box is None
    assert not [p for p in world.land if russky.contains(p) and p.area > 0.005]


def test_basemap_has_no_bands_across_the_antimeridian():
    import shapely

    from routes.render import basemap

    bm = basemap.basemap(131.87, 43.1, 210.1, 61.2)
    land = shapely.union_all(bm.land)
    for lon, lat in [(-160.0, 30.0), (180.0, 50.0), (200.0, 45.0), (0.0, 86.0), (-30.0, 40.0)]:
        assert not land.contains(shapely.Point(lon, lat)), (lon, lat)  # open sea
    for lon, lat in [(177.0, 66.0), (200.0, 64.0), (131.9, 45.0)]:  # Chukotka, Alaska, Primorye
        assert land.contains(shapely.Point(lon, lat)), (lon, lat)


def test_polyline_encoding_round_trips():
    import numpy as np

    from routes.render.basemap import decode_polyline, encode_polylines

    coords = np.array([[-120.2, 38.5], [-120.95, 40.7], [-126.453, 43.252], [210.1, 61.2], [-179.9, -85.0]])
    first, second = encode_polylines(coords, np.array([0, 3, 5]), precision=5)
    assert first == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"  # the reference example
    assert decode_polyline(second, 5) == [(61.2, 210.1), (-85.0, -179.9)]


def test_vendored_files_match_the_manifest():
    import hashlib
    import json
    from importlib import resources

    static = resources.files("routes") / "static"
    manifest = json.loads((static / "vendored.json").read_text())
    assert manifest["packages"]["leaflet"]["version"] == "1.9.4"
    for rel, digest in manifest["files"].items():
        ref = static
        for part in rel.split("/"):
            ref = ref / part
        assert hashlib.sha256(ref.read_bytes()).hexdigest() == digest, rel


# --- embed and notebook --------------------------------------------------------------

def test_iframe_snippet_has_title_ratio_and_lazy_loading():
    from routes.render import embed_html

    snippet = embed_html(kim_journey(), src="maps/kim.html")
    assert 'loading="lazy"' in snippet and 'src="maps/kim.html"' in snippet
    assert 'title="Map: Kim &lt;b&gt;Jong Un&lt;/b&gt; by train"' in snippet
    assert "aspect-ratio:16/10;min-height:360px" in snippet


@pytest.mark.parametrize("stem, url", [("javascript:alert(1)", "javascript%3Aalert%281%29.html"),
                                       ("JaVaScRiPt:alert(1)", "JaVaScRiPt%3Aalert%281%29.html"),
                                       ("data:text/html,x", "data%3Atext/html%2Cx.html"),
                                       ("//evil.example/x", "evil.example/x.html"),
                                       ("a b\"<>#?.", "a%20b%22%3C%3E%23%3F..html")])
def test_iframe_src_is_a_relative_percent_encoded_path_never_a_scheme(stem, url):
    from routes.render import embed_html

    snippet = embed_html(kim_journey(), src=f"{stem}.html")
    src = re.search(r'<iframe src="([^"]*)"', snippet).group(1)
    assert src == url
    assert not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", src) and not src.startswith("/")


def test_iframe_snippet_can_hide_parts_and_refuses_unknown_ones():
    from routes.render import embed_html

    snippet = embed_html(kim_journey(), src="kim.html", hide=("legend", "header"))
    assert 'src="kim.html#hide=header,legend"' in snippet
    with pytest.raises(ValueError):
        embed_html(kim_journey(), src="kim.html", hide=("onload=x",))
    fragment = embed_html(kim_journey(), hide=("panel",))
    assert 'class="routes-page routes-hide-panel"' in fragment


def test_div_and_script_fragment_is_self_contained_and_not_a_page():
    from routes.render import embed_html

    fragment = embed_html(kim_journey())
    assert "<html" not in fragment and "<body" not in fragment
    assert "html,body" not in fragment  # no page-wide style in someone else's page
    assert '<div class="routes-embed"' in fragment and "L.map(" in fragment
    assert "<script>alert(1)</script>" not in fragment
    assert fragment == embed_html(kim_journey())


def test_notebook_html_is_an_escaped_srcdoc_iframe():
    from routes.render import notebook_html

    out = notebook_html(kim_journey(), library=False)
    assert out.startswith("<iframe srcdoc=\"&lt;!DOCTYPE html&gt;")
    assert "<script" not in out
    first = notebook_html(kim_journey(), library=True)
    block, frame = first.split("</script>", 1)
    assert block.startswith('<script type="application/json" id="routes-library-')  # inert data, never run
    assert frame == out and "<script" not in frame


# --- static export -------------------------------------------------------------------

def test_svg_has_numbered_stops_legs_legend_and_basemap():
    import xml.etree.ElementTree as ET

    from routes.render import svg

    text = svg(kim_journey())
    root = ET.fromstring(text)  # well-formed
    ns = {"s": "http://www.w3.org/2000/svg"}
    stops = root.findall(".//s:g[@class='stop']", ns)
    assert [g.find("s:text", ns).text for g in reversed(stops)] == ["1", "2", "3", "4"]
    assert len(root.findall(".//s:path[@class]", ns)) >= 3
    assert sum(1 for p in root.iter("{http://www.w3.org/2000/svg}path")
               if (p.get("class") or "").startswith("leg ")) == 3
    assert len(root.findall(".//s:polygon[@class='arrow']", ns)) >= 2
    assert root.find(".//s:g[@class='legend']", ns) is not None
    assert len(root.find(".//s:path[@class='land']", ns).get("d")) > 1000
    assert "<script" not in text and "Kim &lt;b&gt;Jong Un&lt;/b&gt;" in text
    assert text == svg(kim_journey())


def test_svg_markers_and_names_of_nearby_stops_do_not_cover_each_other():
    """Vladivostok and Russky Island are 10 km apart: at the journey's scale both numbers
    and both names stay readable, and the moved marker has a leader line to its place."""
    import xml.etree.ElementTree as ET

    from routes.render import svg

    ns = {"s": "http://www.w3.org/2000/svg"}
    root = ET.fromstring(svg(kim_journey()))
    stops = root.findall(".//s:g[@class='stop']", ns)
    centres = [(float(g.find("s:circle[@r='13']", ns).get("cx")), float(g.find("s:circle[@r='13']", ns).get("cy")))
               for g in stops]
    for i, (ax, ay) in enumerate(centres):
        for bx, by in centres[i + 1:]:
            assert max(abs(ax - bx), abs(ay - by)) >= 26
    assert len(root.findall(".//s:g[@class='stop']/s:line", ns)) >= 1
    labels = []
    for g in stops:
        t = g.find("s:text[@class='label']", ns)
        x, y, width = float(t.get("x")), float(t.get("y")), 7.5 * len(t.text)
        left = {"start": x, "end": x - width, "middle": x - width / 2}[t.get("text-anchor")]
        labels.append((left, y - 13, left + width, y + 3))
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_png_export_when_resvg_is_installed(tmp_path):
    pytest.importorskip("resvg_py")
    from routes.render import write_png

    path = write_png(pacific_journey(), tmp_path / "map.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_cached_world_encoding_matches_a_fresh_encoding():
    from dataclasses import replace

    from routes.render import basemap

    assert basemap._coarse_encoded() == basemap.encode_layer(basemap._layer("50m"))
    for bounds in [(125.76, 39.03, 131.87, 43.1), (131.87, 43.1, 210.1, 61.2), (-10.0, 35.0, 40.0, 60.0)]:
        bm = basemap.basemap(*bounds)
        assert basemap.encoded(bm) == basemap.encoded(replace(bm, land_ids=None, border_ids=None))


def test_nearby_extents_share_one_basemap_window_that_holds_them():
    from routes.render.html import _snapped

    a = _snapped(125.75432, 39.03385, 131.87353, 43.10562)  # Pyongyang -> Vladivostok
    b = _snapped(125.75432, 39.03385, 131.893, 43.10562)  # ... and on to the FEFU campus
    assert a == b == (125.5, 39.0, 132.0, 43.5)
    assert _snapped(-0.2, -10.1, 0.0, 10.0) == (-0.5, -10.5, 0.0, 10.0)


# --- contrast ------------------------------------------------------------------------

def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _over(colour: str, background: str, alpha: float) -> str:
    fg = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    bg = [int(background.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(alpha * f + (1 - alpha) * b):02x}" for f, b in zip(fg, bg))


def test_inferred_marker_and_leg_keep_their_contrast():
    """White numbers on the inferred marker 4.5:1 (text); an inferred train leg 3:1 on the land."""
    from routes.render import style

    assert _contrast("#ffffff", style.MARKER_INFERRED) >= 4.5
    for mode in ("train", "road", "unknown"):
        drawn = _over(style.mode_colour(mode), style.LAND, style.INFERRED_OPACITY)
        assert _contrast(drawn, style.LAND) >= 3.0, mode


def test_svg_stays_well_formed_xml_with_nul_controls_and_lone_surrogates_in_names(tmp_path):
    from dataclasses import replace

    from lxml import etree

    from routes.render import svg, write_map, write_svg

    journey = kim_journey()
    odd = replace(journey.stops[1], place=journey.stops[1].place._replace(name="Kha\x00san\x01\x1f\ud800\ufffe"))
    journey = replace(journey, title="Trip\x00 \x0b<b>", stops=(journey.stops[0], odd) + journey.stops[2:])
    text = svg(journey)
    root = etree.fromstring(text.encode("utf-8"))  # strict parser: raises on any of them
    names = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "label"]
    assert "Khasan\ufffd" in names
    write_svg(journey, tmp_path / "odd.svg")  # writable as UTF-8
    write_map(journey, tmp_path / "odd.html")


def _spread_journey(n: int):
    import random

    rng = random.Random(7)
    stops = tuple(Stop(_place(str(i), f"Place {i}", rng.uniform(40, 50), rng.uniform(0, 20), "FR"), i + 1)
                  for i in range(n))
    return Journey(title="Many stops", stops=stops)


def _steps_placing_names(n: int) -> int:
    """Return how many lines of routes.render.static_map run to place n markers and names."""
    import sys

    from routes.render import build_scene
    from routes.render import static_map

    scene = build_scene(_spread_journey(n))
    view = static_map._View(scene, 1200, 800)
    count = 0
    module_file = static_map.__file__

    def tracer(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename != module_file:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        static_map._stops_svg(view, scene)
    finally:
        sys.settrace(None)
    return count


def test_svg_marker_and_name_placement_grows_about_linearly():
    """Four times the stops take about four times the steps (it took sixteen: every name
    was compared with every marker and name placed; 4,000 stops took 272 s)."""
    small, large = _steps_placing_names(300), _steps_placing_names(1200)
    assert large / small < 7, (small, large)


def test_svg_names_a_place_visited_twice_once():
    from routes.render import svg

    journey = kim_journey()
    back = replace_stop = journey.stops[0]
    from dataclasses import replace

    again = replace(back, sequence=5, role="destination", inferred=False)
    journey = replace(journey, stops=journey.stops + (again,), legs=())
    labels = re.findall(r'<text class="label"[^>]*>([^<]*)</text>', svg(journey))
    assert labels.count("Pyongyang") == 1
    assert len(re.findall(r'<g class="stop">', svg(journey))) == 5
    del replace_stop


def test_svg_wraps_a_long_title_instead_of_clipping_it():
    import xml.etree.ElementTree as ET
    from dataclasses import replace

    from routes.render import svg

    title = "A very long headline about a leader's armoured train journey " * 4 + "Vladivostok"
    root = ET.fromstring(svg(replace(kim_journey(), title=title), width=800))
    ns = "{http://www.w3.org/2000/svg}"
    lines = [t.text for t in root.find(f"{ns}g[@class='title']").iter(f"{ns}text")]
    assert 2 <= len(lines) <= 3
    assert all(len(line) * 11.5 <= 800 - 32 for line in lines)
    assert " ".join(lines).replace("\u2026", "").split()[:10] == title.split()[:10]
    header = float(root.findall(f"{ns}rect")[1].get("height"))
    clip = root.find(f"{ns}defs/{ns}clipPath/{ns}rect")
    assert float(clip.get("y")) == header > 64  # the map starts below the taller header
    assert svg(kim_journey()).count('font-size="20"') == 1  # a short title stays one line


def test_notebook_map_takes_the_output_width_not_a_fixed_height():
    from routes.render import notebook_html

    out = notebook_html(kim_journey())
    style = re.search(r'style="([^"]*)"', out[-300:]).group(1)
    assert "aspect-ratio:16/10" in style and "min-height:360px" in style and "520px" not in style
    assert "height:400px" in notebook_html(kim_journey(), height_px=400)


def test_svg_legend_moves_off_a_stop_in_its_corner():
    import xml.etree.ElementTree as ET

    from routes.render import svg

    stops = (Stop(_place("1", "Dieppe", 49.92, 1.08, "FR"), 1, role="origin"),
             Stop(_place("2", "Thessaloniki", 40.64, 22.94, "GR"), 2, role="destination", mode_in="train"))
    root = ET.fromstring(svg(Journey(title="South-east", stops=stops, legs=build_legs(stops))))
    ns = "{http://www.w3.org/2000/svg}"
    legend = root.find(f"{ns}g[@class='legend']")
    x0, y0 = (float(v) for v in re.match(r"translate\(([-\d.]+),([-\d.]+)\)", legend.get("transform")).groups())
    rect = legend.find(f"{ns}rect")
    x1, y1 = x0 + float(rect.get("width")), y0 + float(rect.get("height"))
    for circle in root.iter(f"{ns}circle"):
        if circle.get("r") == "13":
            cx, cy = float(circle.get("cx")), float(circle.get("cy"))
            assert not (x0 - 13 < cx < x1 + 13 and y0 - 13 < cy < y1 + 13), (cx, cy, (x0, y0, x1, y1))
