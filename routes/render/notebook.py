"""Journey maps in Jupyter: small outputs that share Leaflet and the world basemap.

A map page inlines Leaflet, its plugin and the 1:50m world (about 500 kB). In a notebook
every displayed journey would carry them again, so here the first map a kernel displays
also carries them once, as an inert JSON block (``<script type="application/json">``,
never run) beside its ``<iframe srcdoc>``; every map's iframe (the first one too) takes
them from that block in the notebook page, and keeps a copy in the page's memory and
its ``localStorage`` so that maps still load when the first output is scrolled out of
a windowed notebook. A map's own output is its stops, legs, the 1:10m land around it
and references into the shared world: tens of kilobytes. Nothing is fetched from the
network. In IPython a :class:`~routes.model.Journey` shows as this map
(``_repr_mimebundle_``) with a one-line text form, not the journey's full repr.

When the output holding the library was cleared, display
:func:`library_html` again (``IPython.display.HTML(routes.render.notebook.library_html())``)
or pass ``library=True``.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from html import escape
from string import Template
from typing import Optional

from routes.model import Journey
from routes.render import assets, basemap, parts
from routes.render.scene import build_scene, format_km

MIN_HEIGHT_PX = 360
_SENT: set[str] = set()  # library blocks this process has put in its notebook

NOTEBOOK_BASEMAP = {
    "script": Template("""var ${name} = (function (map) {
  var refs = ${data}, world = window.routesWorld, scale = Math.pow(10, refs.p);
  function decode(s, dlon) {
    var pts = [], i = 0, lat = 0, lon = 0;
    while (i < s.length) {
      var v = [0, 0];
      for (var k = 0; k < 2; k++) {
        var r = 0, shift = 0, b;
        do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << shift; shift += 5; } while (b >= 32);
        v[k] = (r & 1) ? ~(r >> 1) : (r >> 1);
      }
      lat += v[0]; lon += v[1];
      pts.push([lat / scale, lon / scale + dlon]);
    }
    return pts;
  }
  function each(runs, fn) {
    for (var k = 0; k < runs.length; k += 2) for (var i = runs[k]; i < runs[k] + runs[k + 1]; i++) fn(i);
  }
  var land = [], borders = [];
  [-360, 0, 360].forEach(function (dlon, j) {
    each(refs.land_refs[j], function (i) {
      if (world.land[i].length) land.push(world.land[i].map(function (s) { return decode(s, dlon); }));
    });
    each(refs.border_refs[j], function (i) { if (world.borders[i]) borders.push(decode(world.borders[i], dlon)); });
  });
  refs.land.forEach(function (p) { land.push(p.map(function (s) { return decode(s, 0); })); });
  var pane = map.createPane("routesBasemap");
  pane.style.zIndex = 150;
  var fill = L.polygon(land, {pane: "routesBasemap", stroke: false, fillColor: "${land}", fillOpacity: 1,
    interactive: false, className: "routes-land"});
  var lines = L.polyline(borders, {pane: "routesBasemap", color: "${border}", weight: 0.8, opacity: 1,
    interactive: false, className: "routes-borders"});
  return L.layerGroup([fill, lines], {attribution: ${attribution}});
})(${parent});
"""),
}

LOADER = Template("""(function () {
  // Leaflet, its plugin and the world basemap come from the notebook page (see
  // routes.render.notebook): the block the first map put there, or the copy kept from it.
  var id = ${lib_id};
  function shared() {
    try {
      var w = window.parent;
      if (!w || w === window) return null;
      var cache = w.__routesLibraries || (w.__routesLibraries = {});
      if (cache[id]) return cache[id];
      var node = w.document.getElementById(id), text = node ? node.textContent : null;
      try { if (text) w.localStorage.setItem(id, text); else text = w.localStorage.getItem(id); } catch (e) {}
      return text ? (cache[id] = JSON.parse(text)) : null;
    } catch (e) {
      return null;
    }
  }
  function load(lib) {
    var css = document.createElement("style");
    css.textContent = lib.css;
    document.head.appendChild(css);
    lib.js.forEach(function (code) {
      var script = document.createElement("script");
      script.textContent = code;
      document.head.appendChild(script);
    });
    window.routesWorld = lib.world;
    draw();
  }
  function draw() {
${script}
  }
  var tries = 0;
  (function attempt() {
    var lib = shared();
    if (lib) return load(lib);
    if (++tries < 40) return setTimeout(attempt, 250);
    var note = document.createElement("p");
    note.className = "routes-missing";
    note.textContent = "The map library is not in this notebook: display routes.render.notebook.library_html() once, or the journey with library=True.";
    document.body.insertBefore(note, document.body.firstChild);
  })();
})();""")


@lru_cache(maxsize=1)
def _library() -> tuple[str, str]:
    """Return (element id, JSON text) of the shared library block."""
    data = {"css": assets.inline_css("leaflet/leaflet.css"),
            "js": [assets.inline_js(rel) for rel in assets.SCRIPTS],
            "world": basemap.coarse_encoded()}
    text = parts.js_json(data)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"routes-library-{digest}", text


def library_id() -> str:
    """Return the id of the shared library block (it changes with its content)."""
    return _library()[0]


def library_html() -> str:
    """Return the block that holds Leaflet, its plugin and the world basemap for every
    map of a notebook: inert JSON, hidden, run by no one but the maps' iframes."""
    ident, text = _library()
    _SENT.add(ident)
    return f'<script type="application/json" id="{ident}">{text}</script>'


def _document(journey: Journey, title: Optional[str]) -> str:
    scene = build_scene(journey, title)
    refs = basemap.window_refs(scene.west, scene.south, scene.east, scene.north)
    part = parts.Part("Basemap", NOTEBOOK_BASEMAP, parts.basemap_values(refs),
                      ("Offline basemap (Natural Earth)", False, True))
    from routes.render.html import map_parts

    page_title, rendered = map_parts(journey, offline=True, title=title, tiles=False, scene=scene,
                                     head_html="", basemap_part=part)
    join = parts.Rendered.join
    script = LOADER.substitute(lib_id=parts.js_json(library_id()), script=join(rendered.script))
    return parts.document(page_title, join(rendered.header), join(rendered.html), script)


def notebook_html(journey: Journey, *, height_px: Optional[int] = None, title: Optional[str] = None,
                  ratio: tuple[int, int] = (16, 10), min_height_px: int = MIN_HEIGHT_PX,
                  library: Optional[bool] = None) -> str:
    """Return the journey's map for a notebook output: an ``<iframe srcdoc>``, preceded by
    the shared library block when ``library`` (by default: the first time this process
    shows a map).

    Offline and inline. It takes the output's width at ``ratio`` (never lower than
    ``min_height_px``, never taller than most of the window), or a fixed ``height_px``.
    """
    scene = build_scene(journey, title)
    if library is None:
        library = library_id() not in _SENT
    if height_px is not None:
        size = f"height:{int(height_px)}px"
    else:
        size = (f"aspect-ratio:{int(ratio[0])}/{int(ratio[1])};min-height:{int(min_height_px)}px;"
                "max-height:85vh")
    frame = (f'<iframe srcdoc="{escape(_document(journey, title))}" title="{escape("Map: " + scene.title)}" '
             f'style="width:100%;{size};border:0" loading="lazy"></iframe>')
    return (library_html() if library else "") + frame


def text_summary(journey: Journey) -> str:
    """Return the one-line text form of a journey ("Journey 'Kim…': 4 stops, 1,016 km")."""
    km = journey.distance_m / 1000.0
    title = journey.title or "untitled"
    return f"Journey {title!r}: {len(journey.stops)} stops, {format_km(km)}"


def mimebundle(journey: Journey) -> dict[str, str]:
    """Return the notebook output of a journey: its map, and one line of text."""
    return {"text/html": notebook_html(journey), "text/plain": text_summary(journey)}


__all__ = ["library_html", "library_id", "mimebundle", "notebook_html", "text_summary"]
