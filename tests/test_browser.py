"""Built maps in a real browser (headless Chromium, file://, network blocked)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from test_render import kim_journey, pacific_journey

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
SEED_MAPS = sorted((REPO / "maps").glob("*.html")) if (REPO / "maps").is_dir() else []

JOURNEYS = {"kim": kim_journey, "pacific": pacific_journey}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Write each sample journey's map (offline, and animated) and return their paths."""
    from routes.render import write_embed, write_map

    folder = tmp_path_factory.mktemp("maps")
    out = {}
    for name, make in JOURNEYS.items():
        out[name] = write_map(make(), folder / f"{name}.html")
        out[name + "-animated"] = write_map(make(), folder / f"{name}-animated.html", animate=True)
        fragment = folder / f"{name}-fragment.html"
        write_embed(make(), fragment)
        page = folder / f"{name}-embedded.html"
        page.write_text("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Report"
                        "</title></head><body><h1>Report</h1><p>Before.</p>"
                        + fragment.read_text() + "<p>After.</p></body></html>")
        out[name + "-embedded"] = page
    return out


def _png_colours(png: bytes) -> int:
    """Return how many distinct pixel values a (non-interlaced, 8-bit RGB/RGBA) PNG has."""
    width, height, depth, colour_type = struct.unpack(">IIBB", png[16:26])
    channels = {2: 3, 6: 4}[colour_type]
    data, pos = b"", 8
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"IDAT":
            data += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(data)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return len({row[i:i + channels] for row in rows[::7] for i in range(0, stride, channels * 7)})


@pytest.mark.parametrize("name", sorted(JOURNEYS))
def test_map_draws_offline_without_errors(open_offline, built, name):
    journey = JOURNEYS[name]()
    opened = open_offline(built[name])
    page = opened.page
    assert opened.errors == []
    assert opened.blocked == []
    numbers = page.eval_on_selector_all(".routes-marker .routes-num", "els => els.map(e => e.textContent)")
    assert sorted(numbers, key=int) == [str(i + 1) for i in range(len(journey.stops))]
    assert page.locator("path.routes-leg").count() == len(journey.legs)
    assert page.locator("path.routes-arrow").count() == len(journey.legs)
    land_d = page.get_attribute("path.routes-land", "d")
    assert land_d and len(land_d) > 500  # the bundled basemap is drawn
    assert page.locator(".leaflet-control-scale").count() == 1
    assert "GeoNames" in page.inner_text(".leaflet-control-attribution")
    shot = page.screenshot()
    assert _png_colours(shot) > 40, "screenshot looks blank"


def test_antimeridian_leg_is_drawn_continuously(open_offline, built):
    page = open_offline(built["pacific"]).page
    box = page.locator("path.routes-leg").bounding_box()
    assert 100 < box["width"] < 1000  # a wrapped line would span the whole map


def test_popup_quotes_the_sentence_and_input_markup_stays_text(open_offline, built):
    opened = open_offline(built["kim"])
    page = opened.page
    page.locator(".routes-marker", has_text="2").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "The armoured train crossed into Russia at Khasan." in text
    assert "<script>alert(1)</script>" in text  # shown as text ...
    assert "<img src=x onerror=alert(1)>" in text
    assert "article-1.txt" in text
    assert page.locator(".leaflet-popup-content script, .leaflet-popup-content img").count() == 0
    page.locator(".routes-marker", has_text="4").first.dispatch_event("click")  # under the popup
    russky = page.locator(".leaflet-popup-content", has_text="Russky Island")
    russky.wait_for()
    assert "</div><b>bold</b>" in russky.inner_text()
    page.wait_for_timeout(200)
    assert opened.dialogs == []  # ... and never runs
    assert page.locator("img[src='x']").count() == 0
    assert opened.errors == []


def test_itinerary_panel_is_reachable_and_usable_with_the_keyboard(open_offline, built):
    page = open_offline(built["kim"]).page
    for _ in range(40):
        page.keyboard.press("Tab")
        inside = page.evaluate("!!document.activeElement.closest('.routes-panel button[data-stop]')")
        if inside:
            break
    assert inside, "no itinerary button reachable with Tab"
    assert page.evaluate("document.activeElement.getAttribute('data-stop')") == "0"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # second stop: Khasan
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.inner_text().startswith("2. Khasan")


def test_markers_are_focusable_with_a_label(open_offline, built):
    page = open_offline(built["kim"]).page
    labels = page.eval_on_selector_all(".routes-marker", "els => els.map(e => [e.tabIndex, e.getAttribute('aria-label')])")
    assert all(tab == 0 for tab, _ in labels)
    assert any(label.startswith("1. Pyongyang, inferred origin") for _, label in labels)


@pytest.mark.parametrize("motion, expected", [("reduce", "none"), ("no-preference", "routes-draw")])
def test_animation_respects_reduced_motion(open_offline, built, motion, expected):
    page = open_offline(built["kim-animated"], reduced_motion=motion).page
    name = page.eval_on_selector("path.routes-leg:not(.is-planned):not(.is-inferred)",
                                 "el => getComputedStyle(el).animationName")
    assert name == expected


def test_embedded_fragment_works_inside_another_page(open_offline, built):
    opened = open_offline(built["kim-embedded"])
    assert opened.errors == [] and opened.blocked == []
    box = opened.page.locator(".routes-embed").bounding_box()
    assert box["height"] == pytest.approx(box["width"] * 10 / 16, abs=2)
    assert opened.page.locator("path.routes-leg").count() == 3


@pytest.mark.parametrize("path", SEED_MAPS, ids=[p.name for p in SEED_MAPS])
def test_committed_seed_maps_draw_offline(open_offline, path):
    opened = open_offline(path)
    assert opened.errors == [] and opened.blocked == []
    page = opened.page
    assert page.locator(".routes-marker").count() >= 2
    assert page.locator("path.routes-leg").count() >= 1
    assert page.locator("path.routes-land").count() == 1
    assert _png_colours(page.screenshot()) > 40


def test_markers_of_nearby_stops_do_not_cover_each_other(open_offline):
    """Vladivostok and Russky Island lie a few kilometres apart: both numbers stay readable."""
    path = REPO / "maps" / "merged.html"
    if not path.exists():
        pytest.skip("no committed merged map")
    opened = open_offline(path)
    page = opened.page
    page.wait_for_timeout(300)
    assert not opened.errors
    boxes = page.eval_on_selector_all(
        ".routes-marker .routes-num", "els => els.map(e => { const r = e.getBoundingClientRect(); "
        "return [r.left, r.top, r.right, r.bottom]; })")
    assert len(boxes) >= 4
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_x <= 2 or overlap_y <= 2, (a, b)


def _pixels(png: bytes) -> tuple[int, int, list[bytes], int]:
    """Return (width, height, rows, channels) of a non-interlaced 8-bit RGB/RGBA PNG."""
    width, height, _, colour_type = struct.unpack(">IIBB", png[16:26])
    channels = {2: 3, 6: 4}[colour_type]
    data, pos = b"", 8
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"IDAT":
            data += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(data)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, channels


def _planned_road_journey():
    from routes.geometry import build_legs
    from routes.model import Journey, Stop
    from test_render import _ev, _place

    stops = (
        Stop(_place("2013348", "Vladivostok", 43.1056, 131.8735, "RU"), 1, role="origin",
             evidence=(_ev("He left Vladivostok."),)),
        Stop(_place("2022890", "Khabarovsk", 48.4827, 135.0838, "RU"), 2, role="destination",
             planned=True, mode_in="road", evidence=(_ev("He will drive on to Khabarovsk."),)),
    )
    return Journey(title="A planned drive", stops=stops, legs=build_legs(stops))


def test_planned_leg_is_drawn_dashed(open_offline, tmp_path):
    """The legend says planned legs are dashed: the drawn line has gaps along it."""
    from routes.render import write_map

    opened = open_offline(write_map(_planned_road_journey(), tmp_path / "planned.html"))
    page = opened.page
    leg = page.locator("path.routes-leg.is-planned")
    assert leg.count() == 1
    assert leg.get_attribute("pathLength") is None  # it would stretch the dash over the line
    assert leg.evaluate("el => getComputedStyle(el).strokeDasharray") == "9px, 7px"
    # pixels: hide what lies over the line, then sample along it
    page.add_style_tag(content=".leaflet-marker-pane,.leaflet-tooltip-pane,.routes-arrow,.routes-panel,"
                               ".routes-legend,.leaflet-control-container{visibility:hidden}")
    points = leg.evaluate("""el => { const m = el.getScreenCTM(), n = el.getTotalLength(), out = [];
        for (let d = n * 0.2; d < n * 0.8; d += 1) { const p = el.getPointAtLength(d);
          out.push([Math.round(m.a * p.x + m.c * p.y + m.e), Math.round(m.b * p.x + m.d * p.y + m.f)]); }
        return out; }""")
    assert len(points) > 60
    width, height, rows, channels = _pixels(page.screenshot())
    on_line = [rows[y][x * channels] < 110 for x, y in points if 0 <= x < width and 0 <= y < height]
    # road blue (red channel ~10) where a dash is, the basemap (red channel > 200) between
    assert 0.35 < sum(on_line) / len(on_line) < 0.8, sum(on_line) / len(on_line)


def test_escape_closes_a_popup_opened_from_the_itinerary(open_offline, built):
    page = open_offline(built["kim"]).page
    button = page.locator(".routes-panel button[data-stop='2']")
    button.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content").wait_for()
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached", timeout=2000)
    assert page.evaluate("document.activeElement.getAttribute('data-stop')") == "2"


_NAME_JS = """el => (el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') || '').split(' ')
    .map(id => (document.getElementById(id) || {}).textContent || '').join(' ') ||
    (el.labels && el.labels.length ? el.labels[0].textContent : '') || el.textContent || el.title || '').trim()"""


@pytest.mark.parametrize("name", sorted(JOURNEYS))
def test_every_tab_stop_has_an_accessible_name(open_offline, built, name):
    page = open_offline(built[name]).page
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        tag = page.evaluate("document.activeElement.tagName")
        if tag == "BODY":
            break
        seen.append((tag, page.evaluate(f"({_NAME_JS})(document.activeElement)")))
    assert len(seen) > 5
    unnamed = [tag for tag, label in seen if not label]
    assert unnamed == [], seen
    assert "path" not in [tag for tag, _ in seen]  # leg lines are no Tab stops


@pytest.mark.parametrize("width", [540, 390])
def test_iframe_embed_in_a_narrow_column_shows_every_stop(open_offline, tmp_path, width):
    """In a 540 px column and on a phone the map keeps a usable height, and no stop lies
    off the map or under its header, legend or itinerary."""
    from routes.render import embed_html, write_map

    write_map(kim_journey(), tmp_path / "kim.html")
    host = tmp_path / "report.html"
    host.write_text("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Report</title>"
                    f"<style>body{{margin:0}} main{{width:{width}px}}</style></head><body><main>"
                    + embed_html(kim_journey(), src="kim.html") + "</main></body></html>")
    opened = open_offline(host, viewport={"width": width, "height": 844}, wait_markers=False)
    page = opened.page
    box = page.locator(".routes-embed").bounding_box()
    assert box["height"] >= 360
    frame = page.frame_locator("iframe")
    frame.locator(".routes-marker").first.wait_for()
    page.wait_for_timeout(300)
    inner = next(f for f in page.frames if f.url.endswith("kim.html"))
    covered = inner.evaluate("""() => {
      const map = document.querySelector('.routes-map').getBoundingClientRect(), out = [];
      document.querySelectorAll('.routes-marker').forEach(m => {
        const r = m.querySelector('.routes-num').getBoundingClientRect();
        const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
        const hit = document.elementFromPoint(x, y);
        if (x < map.left || x > map.right || y < map.top || y > map.bottom || !hit || !m.contains(hit))
          out.push([m.getAttribute('aria-label'), x, y, hit && hit.className]);
      });
      return out; }""")
    assert covered == []
    assert inner.locator(".routes-marker").count() == len(kim_journey().stops)
    assert opened.errors == []


def test_stop_names_are_on_the_map_and_do_not_overlap(open_offline, built):
    page = open_offline(built["kim"]).page
    page.wait_for_timeout(300)
    shown = page.eval_on_selector_all(
        ".routes-label:not(.is-hidden)", "els => els.map(e => { const r = e.getBoundingClientRect(); "
        "return [e.textContent, r.left, r.top, r.right, r.bottom]; })")
    assert {name for name, *_ in shown} >= {"Pyongyang", "Khasan", "Vladivostok"}
    numbers = page.eval_on_selector_all(
        ".routes-marker .routes-num", "els => els.map(e => { const r = e.getBoundingClientRect(); "
        "return [r.left, r.top, r.right, r.bottom]; })")
    for i, (name, *a) in enumerate(shown):
        assert a[2] - a[0] > 20, name
        for _, *b in shown[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (name, a, b)
        for b in numbers:
            assert not (a[0] < b[2] - 1 and b[0] + 1 < a[2] and a[1] < b[3] - 1 and b[1] + 1 < a[3]), (name, a, b)


def test_itinerary_gives_each_stop_its_country(open_offline, built):
    page = open_offline(built["kim"]).page
    names = page.eval_on_selector_all(".routes-stop-name", "els => els.map(e => e.textContent)")
    assert names[:2] == ["1. Pyongyang, North Korea", "2. Khasan, Russia"]


def test_on_a_phone_a_stop_tapped_in_the_itinerary_opens_its_popup_in_view(open_offline, built):
    opened = open_offline(built["kim"], viewport={"width": 390, "height": 844}, has_touch=True)
    page = opened.page
    legend = page.locator(".routes-legend").bounding_box()
    area = page.locator(".routes-map").bounding_box()
    assert legend["width"] * legend["height"] < 0.06 * area["width"] * area["height"]  # folded
    scale = page.locator(".leaflet-control-scale").bounding_box()
    attribution = page.locator(".leaflet-control-attribution").bounding_box()
    assert scale["y"] + scale["height"] <= attribution["y"] + 1 or scale["x"] + scale["width"] <= attribution["x"]
    page.locator(".routes-panel summary").tap()
    page.locator(".routes-panel button[data-stop='2']").tap()
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    page.wait_for_timeout(400)
    box = popup.bounding_box()
    panel = page.locator(".routes-panel").bounding_box()
    assert not (box["x"] < panel["x"] + panel["width"] and panel["x"] < box["x"] + box["width"]
                and box["y"] < panel["y"] + panel["height"] and panel["y"] < box["y"] + box["height"]), (box, panel)
    assert 0 <= box["x"] and box["x"] + box["width"] <= 390 and area["y"] <= box["y"]
    assert opened.errors == []


def test_print_shows_the_map_the_key_and_the_itinerary_but_no_buttons(open_offline, built):
    page = open_offline(built["kim"]).page
    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    hidden = page.evaluate("""() => ['.leaflet-control-zoom', '.leaflet-control-layers'].map(
        s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none"]
    for selector in (".routes-legend", ".routes-itin", ".routes-map"):
        box = page.locator(selector).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, selector
    assert page.locator(".routes-itin li").nth(3).is_visible()
    # the map is drawn over its whole print box (Leaflet measured it again), not a part
    covered = page.evaluate("""() => { const m = document.querySelector('.routes-map').getBoundingClientRect();
        const s = document.querySelector('.leaflet-overlay-pane svg, .leaflet-pane svg').getBoundingClientRect();
        return s.left <= m.left + 1 && s.top <= m.top + 1 && s.right >= m.right - 1 && s.bottom >= m.bottom - 1; }""")
    assert covered
    numbers = page.eval_on_selector_all(".routes-marker .routes-num", "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top]; })")
    box = page.locator(".routes-map").bounding_box()
    assert all(box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"] for x, y in numbers)


def test_step_through_plays_the_journey_in_travel_order(open_offline, built):
    opened = open_offline(built["kim"], reduced_motion="reduce")
    page = opened.page
    steps = page.locator(".routes-steps")
    status = steps.locator("output")
    assert status.inner_text() == "All stops"
    steps.get_by_role("button", name="Next stop").click()
    steps.get_by_role("button", name="Next stop").click()
    assert status.inner_text() == "Stop 2 of 4"
    page.wait_for_function("document.querySelectorAll('.leaflet-popup-content').length === 1")  # the last one faded
    assert page.locator(".leaflet-popup-content").inner_text().startswith("2. Khasan")
    later = page.eval_on_selector_all(".routes-marker.routes-step-later", "els => els.map(e => e.getAttribute('aria-label').split('.')[0])")
    assert sorted(later) == ["3", "4"]
    assert page.locator("path.routes-leg.routes-step-later").count() == 2  # into stops 3 and 4
    steps.get_by_role("button", name="Previous stop").click()
    assert status.inner_text() == "Stop 1 of 4"
    play = steps.get_by_role("button", name="Play the journey")
    play.click()
    assert play.get_attribute("aria-pressed") == "true"
    page.wait_for_function("document.querySelector('.routes-steps output').textContent === 'Stop 3 of 4'", timeout=6000)
    steps.get_by_role("button", name="Show the whole journey").click()
    assert play.get_attribute("aria-pressed") == "false"
    assert page.locator(".routes-step-later").count() == 0
    assert opened.errors == []
