"""The interactive journey map as one HTML file (offline by default): drawn from the
project's own templates (:mod:`routes.render.parts`), or as a folium Map to extend."""

from __future__ import annotations

import math
import os
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Optional

from routes.files import write_atomic
from routes.model import Journey
from routes.render import assets, basemap, parts, style
from routes.render.css import MAP_CSS
from routes.render.parts import js_json
from routes.render.scene import Scene, build_scene, focus_bounds, format_km


def _swatch(mode: str, planned: bool = False, inferred: bool = False, colour: str = "") -> str:
    pattern = style.PLANNED_DASH if planned else (style.INFERRED_DOTS if inferred else "")
    dash = f' stroke-dasharray="{pattern}"' if pattern else ""
    opacity = style.INFERRED_OPACITY if inferred else style.TRAVELLED_OPACITY
    return (f'<svg width="30" height="10" aria-hidden="true" focusable="false">'
            f'<line x1="2" y1="5" x2="28" y2="5" stroke="{colour or style.mode_colour(mode)}" '
            f'stroke-width="{style.LEG_WEIGHT_PX}" stroke-linecap="{"butt" if planned else "round"}" '
            f'stroke-opacity="{opacity}"{dash}/></svg>')


def _arrow_swatch() -> str:
    return ('<svg width="30" height="10" aria-hidden="true" focusable="false">'
            f'<line x1="2" y1="5" x2="24" y2="5" stroke="{style.INK}" stroke-width="2"/>'
            f'<path d="M28 5 L20 0.5 L20 9.5 Z" fill="{style.INK}"/></svg>')


def summary_text(scene: Scene) -> str:
    """Return e.g. "4 stops · 1,016 km travelled · 1 planned (22 km)"."""
    travelled = [s for s in scene.stops if not s.planned]
    planned = [s for s in scene.stops if s.planned]
    parts = [f"{len(travelled)} stop{'s' if len(travelled) != 1 else ''}"]
    if scene.legs:
        parts.append(f"{format_km(scene.travelled_km)} travelled")
    if planned:
        extra = f" ({format_km(scene.planned_km)})" if scene.planned_km else ""
        parts.append(f"{len(planned)} planned{extra}")
    return " \u00b7 ".join(parts)


@lru_cache(maxsize=256)
def country_name(code: str) -> str:
    """Return the country's name for an ISO 3166-1 alpha-2 code (the code itself when the
    gazetteer has no such country, "" for none)."""
    code = (code or "").strip().upper()
    if len(code) != 2:
        return ""
    try:
        from gazetteer import Gazetteer

        country = Gazetteer.default().country(code)
    except Exception:  # the itinerary still draws without the gazetteer's data
        country = None
    return country.name if country is not None else code


def panel_html(scene: Scene, panel_id: str) -> str:
    """Return the itinerary panel: the map's text alternative, keyboard reachable."""
    items = []
    for s in scene.stops:
        meta = [s.status]
        if s.date:
            meta.append(s.date)
        cls = " is-inferred" if s.inferred else (" is-planned" if s.planned else "")
        leg = ""
        if s.mode_in is not None and s.km_in is not None:
            words = f"by {style.mode_label(s.mode_in).lower()}, {format_km(s.km_in)}"
            if s.planned:
                words += " (planned)"
            leg = (f'<span class="routes-leg-in">{_swatch(s.mode_in, s.planned, s.inferred)}'
                   f"{escape(words)}</span>")
        # the country says at a glance which Rome is meant (Italy or Georgia, USA)
        where = country_name(s.country_code)
        country = f'<span class="routes-country">, {escape(where)}</span>' if where and where != s.name else ""
        items.append(
            f'<li>{leg}<button type="button" class="routes-goto" data-stop="{s.number - 1}">'
            f'<span class="routes-num{cls}" aria-hidden="true">{s.number}</span>'
            f'<span><span class="routes-stop-name">{s.number}. {escape(s.name)}{country}</span>'
            f'<span class="routes-stop-meta">{escape(" · ".join(meta))}</span></span>'
            f"</button></li>"
        )
    return (
        f'<aside class="routes-panel" id="{panel_id}" aria-label="Itinerary">'
        f"<details open><summary><h2>Itinerary</h2></summary>"
        f'<p class="routes-total">{escape(summary_text(scene))}</p>'
        f'<ol class="routes-itin">{"".join(items)}</ol></details></aside>'
    )


def legend_html(scene: Scene, legend_id: str) -> str:
    """Return the legend: modes present, planned/inferred styles, markers, direction."""
    rows = [f"<li>{_swatch(m)}{escape(style.mode_label(m))}</li>" for m in scene.modes]
    if any(leg.planned for leg in scene.legs):
        rows.append(f"<li>{_swatch('unknown', planned=True, colour=style.INK)}Planned (dashed)</li>")
    if any(leg.inferred for leg in scene.legs):
        rows.append(f"<li>{_swatch('unknown', inferred=True, colour=style.INK)}Inferred (dotted)</li>")
    if scene.legs:
        rows.append(f"<li>{_arrow_swatch()}Direction of travel</li>")
    rows.append('<li><span class="routes-num" aria-hidden="true">1</span>Stop, in travel order</li>')
    if any(s.inferred for s in scene.stops):
        rows.append('<li><span class="routes-num is-inferred" aria-hidden="true">1</span>'
                    "Inferred (not stated)</li>")
    if any(s.planned for s in scene.stops):
        rows.append('<li><span class="routes-num is-planned" aria-hidden="true">1</span>'
                    "Planned stop</li>")
    return (f'<section class="routes-legend" id="{legend_id}" aria-label="Legend">'
            f'<details open><summary><h2>Legend</h2></summary><ul>{"".join(rows)}</ul></details></section>')


def _stops_data(scene: Scene) -> list[dict]:
    out = []
    for s in scene.stops:
        meta = [s.status]
        if s.date:
            meta.append(s.date)
        if s.mode_in is not None and s.km_in is not None:
            meta.append(f"by {style.mode_label(s.mode_in).lower()}, {format_km(s.km_in)}")
        cls = (" is-inferred" if s.inferred else "") + (" is-planned" if s.planned else "")
        where = country_name(s.country_code)
        out.append({"n": s.number, "name": s.name, "lat": s.lat, "lon": s.lon, "cls": cls,
                    "country": where if where != s.name else "",
                    "meta": " · ".join(meta),
                    "quotes": [{"text": q.text, "doc": q.doc} for q in s.quotes]})
    return out


def _legs_data(scene: Scene) -> list[dict]:
    names = {s.number: s.name for s in scene.stops}
    return [{"latlons": [list(p) for p in leg.latlons], "mode": leg.mode,
             "colour": style.mode_colour(leg.mode), "planned": leg.planned,
             "inferred": leg.inferred, "end": leg.end,
             "label": f"{leg.start}. {names[leg.start]} \u2192 {leg.end}. {names[leg.end]}: {leg.label}"}
            for leg in scene.legs]


def _snapped(west: float, south: float, east: float, north: float) -> tuple[float, float, float, float]:
    """The extent widened to the next half degree: journeys that differ by a station or a
    campus (a text's trip and the merged one) share one basemap window, made once."""
    return (math.floor(west * 2) / 2, math.floor(south * 2) / 2, math.ceil(east * 2) / 2, math.ceil(north * 2) / 2)


@lru_cache(maxsize=8)
def _basemap_json(west: float, south: float, east: float, north: float) -> str:
    # 300 kB of JSON: made once per extent, as a build's maps often share one
    return js_json(basemap.encoded_window(west, south, east, north))


def _stabilise_ids(element, prefix: str, counter: Optional[list[int]] = None) -> None:
    # folium gives every element a random id; derive them from the content instead, so
    # the same journey renders to the same bytes and two maps on one page never clash.
    counter = counter if counter is not None else [0]
    element._id = f"{prefix}{counter[0]}"
    counter[0] += 1
    for child in element._children.values():
        _stabilise_ids(child, prefix, counter)


def _inputs(journey: Journey, *, offline: bool, title: Optional[str], tiles: bool, animate: bool,
            scene: Optional[Scene], hide: tuple[str, ...], read_hash: bool, draw_basemap: bool = True) -> dict:
    """Return what both back-ends draw: the page title, id prefix, map values and the
    data of each layer (escaped HTML and JSON texts)."""
    scene = scene or build_scene(journey, title)
    panel_id = f"routes_{scene.digest()}_panel"
    legend_id = f"routes_{scene.digest()}_legend"
    subtitle = summary_text(scene)
    if scene.documents:
        subtitle += " \u00b7 from " + ", ".join(scene.documents)
    centre = ((scene.south + scene.north) / 2, (scene.west + scene.east) / 2)
    return {
        "page_title": escape(scene.title), "prefix": f"r{scene.digest()}_",
        "map": dict(centre=centre, head_html=assets.head_html(offline), css=MAP_CSS,
                    title_html=escape(scene.title), subtitle_html=escape(subtitle),
                    panel_html=panel_html(scene, panel_id), legend_html=legend_html(scene, legend_id),
                    animate=animate, hide=hide, read_hash=read_hash),
        "basemap": (_basemap_json(*_snapped(scene.west, scene.south, scene.east, scene.north))
                    if (offline or not tiles) and draw_basemap else None),
        "tiles": (not offline) if tiles else None,  # None: no tile layer; else whether shown first
        "legs": _legs_data(scene), "stops": _stops_data(scene), "panel_id": panel_id,
        "fit": (scene.south, scene.west, scene.north, scene.east, panel_id, legend_id, focus_bounds(scene)),
    }


def folium_map(journey: Journey, *, offline: bool = True, title: Optional[str] = None,
               tiles: bool = True, animate: bool = False, scene: Optional[Scene] = None,
               hide: tuple[str, ...] = (), read_hash: bool = False):
    """Return the journey map as a folium Map (inside its page), ready to customise or render.

    ``offline`` inlines Leaflet and draws the bundled basemap; OpenStreetMap tiles are a
    second base layer when ``tiles`` (the default layer when not ``offline``). ``hide``
    leaves out the ``header``, ``legend`` or ``panel``; with ``read_hash`` the page also
    hides those named in its URL (``map.html#hide=header,legend``, as embeds use).
    Rendered as it comes, it gives the same bytes as :func:`map_html` (which draws
    without importing folium).
    """
    from routes.render.elements import Basemap, FitJourney, JourneyMap, LayerSwitch, Legs, OsmTiles, Page, Stops

    data = _inputs(journey, offline=offline, title=title, tiles=tiles, animate=animate, scene=scene,
                   hide=hide, read_hash=read_hash)
    page = Page(data["page_title"])
    m = JourneyMap(**data["map"])
    page.add_child(m)
    if data["basemap"] is not None:
        m.add_child(Basemap(data["basemap"]))
    if data["tiles"] is not None:
        m.add_child(OsmTiles(show=data["tiles"]))
    m.add_child(Legs(data["legs"]))
    m.add_child(Stops(data["stops"], data["panel_id"]))
    m.add_child(LayerSwitch())
    m.add_child(FitJourney(*data["fit"]))
    _stabilise_ids(page, data["prefix"])
    return m


def map_parts(journey: Journey, *, offline: bool = True, title: Optional[str] = None,
              tiles: bool = True, animate: bool = False, scene: Optional[Scene] = None,
              hide: tuple[str, ...] = (), read_hash: bool = False, head_html: Optional[str] = None,
              basemap_part: Optional[parts.Part] = None) -> tuple[str, parts.Rendered]:
    """Return the page title (escaped) and the rendered parts of the map, drawn without
    folium: what :func:`folium_map` renders to, at a fraction of the start-up cost.

    ``head_html`` replaces the markup that loads Leaflet, ``basemap_part`` the basemap
    layer (a notebook shares both between its maps: :mod:`routes.render.notebook`).
    """
    data = _inputs(journey, offline=offline, title=title, tiles=tiles, animate=animate, scene=scene,
                   hide=hide, read_hash=read_hash, draw_basemap=basemap_part is None)
    if head_html is not None:
        data["map"]["head_html"] = head_html
    children = []
    if basemap_part is not None:
        children.append(basemap_part)
    elif data["basemap"] is not None:
        children.append(parts.Part("Basemap", parts.BASEMAP, parts.basemap_values(data["basemap"]),
                                   ("Offline basemap (Natural Earth)", False, True)))
    if data["tiles"] is not None:
        children.append(parts.Part("OsmTiles", parts.OSM_TILES, parts.osm_tiles_values(),
                                   ("OpenStreetMap (online)", False, data["tiles"])))
    children.append(parts.Part("Legs", parts.LEGS, parts.legs_values(data["legs"]), ("Legs", True, True)))
    children.append(parts.Part("Stops", parts.STOPS, parts.stops_values(data["stops"], data["panel_id"]),
                               ("Stops", True, True)))
    children.append(parts.Part("LayerSwitch", parts.LAYER_SWITCH))
    children.append(parts.Part("FitJourney", parts.FIT_JOURNEY, parts.fit_values(*data["fit"])))
    rendered = parts.render(parts.Part("Map", parts.MAP, parts.map_values(**data["map"])), children,
                            data["prefix"])
    return data["page_title"], rendered


def map_html(journey: Journey, *, offline: bool = True, title: Optional[str] = None,
             tiles: bool = True, animate: bool = False) -> str:
    """Return the journey map as a complete HTML document (byte-identical for equal input)."""
    page_title, rendered = map_parts(journey, offline=offline, title=title, tiles=tiles, animate=animate,
                                     read_hash=True)
    join = parts.Rendered.join
    return parts.document(page_title, join(rendered.header), join(rendered.html), join(rendered.script))


def write_map(journey: Journey, path: os.PathLike | str, *, offline: bool = True,
              title: Optional[str] = None, tiles: bool = True, animate: bool = False) -> Path:
    """Write the journey map to ``path`` atomically; return the path."""
    return write_atomic(path, map_html(journey, offline=offline, title=title, tiles=tiles,
                                            animate=animate))
