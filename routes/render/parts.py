"""The parts of a journey map page as plain templates and values, with no folium.

Each part of the page (the map and its layout, the basemap, the legs, the stops, the
tiles, the layers control, the fit) is a set of :class:`string.Template` texts for the
page's ``header``, ``html`` and ``script`` and the values they take. Two back-ends draw
the same parts: :func:`render` here, which ``routes build`` and :func:`routes.render.map_html`
use (importing folium and its dependencies took a third of a cold build), and the folium
elements of :mod:`routes.render.elements`, which :func:`routes.render.folium_map` returns
for users who extend the map with folium. Both give the same bytes (a test checks it).

Text from the input (place names, quotes, document names, the title) reaches the page by
two routes only: HTML built in Python with :func:`html.escape`, or JSON data
(:func:`js_json`, with ``<``, ``>`` and ``&`` escaped) that the browser turns into DOM
text nodes (``textContent``), never into markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from string import Template as _T
from typing import Any, Optional

from routes.render import style

_JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
               "\u2029": "\\u2029"}


def js_json(value: Any) -> str:
    """Return ``value`` as compact JSON that is safe inside an HTML ``<script>``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JS_ESCAPES.items():
        text = text.replace(char, escape)
    return text


# ---------------------------------------------------------------- templates

MAP = {
        "header": _T("""${head_html}
<style>${css}</style>
"""),
        "html": _T("""<div class="routes-page${page_class}" id="${name}_page">
<header class="routes-header">
<h1 id="${name}_title">${title_html}</h1>
<p class="routes-sub">${subtitle_html}</p>
</header>
<div class="routes-body">
${panel_html}
<div class="folium-map routes-map" id="${name}" role="region" aria-labelledby="${name}_title"></div>
${legend_html}
</div>
</div>
"""),
        "script": _T("""(function (page) {
  // '#hide=header,legend,panel' in the URL (an embed's iframe) hides those parts;
  // only these three words are read, as class names of our own.
  var wanted = ${read_hash} ? /(?:^#|&)hide=([a-z,]*)/.exec(window.location.hash) : null;
  if (wanted) wanted[1].split(",").forEach(function (part) {
    if (part === "header" || part === "legend" || part === "panel") page.classList.add("routes-hide-" + part);
  });
  // a narrow map starts with its legend and itinerary folded to their headings
  if (page.offsetWidth < 560) Array.prototype.forEach.call(
    page.querySelectorAll(".routes-legend details, .routes-panel details"), function (d) { d.open = false; });
})(document.getElementById("${name}_page"));
var ${name} = L.map("${name}", {center: ${centre}, zoom: 3, minZoom: 1, zoomControl: false, keyboard: true});
L.control.zoom({position: "topright"}).addTo(${name});
L.control.scale({position: "bottomleft"}).addTo(${name});
${name}.attributionControl.addAttribution(${attribution});
"""),
    }

BASEMAP = {
        "script": _T("""var ${name} = (function (map) {
  var data = ${data};
  var scale = Math.pow(10, data.p);
  function decode(s) {
    var pts = [], i = 0, lat = 0, lon = 0;
    while (i < s.length) {
      var v = [0, 0];
      for (var k = 0; k < 2; k++) {
        var r = 0, shift = 0, b;
        do { b = s.charCodeAt(i++) - 63; r |= (b & 31) << shift; shift += 5; } while (b >= 32);
        v[k] = (r & 1) ? ~(r >> 1) : (r >> 1);
      }
      lat += v[0]; lon += v[1];
      pts.push([lat / scale, lon / scale]);
    }
    return pts;
  }
  var pane = map.createPane("routesBasemap");
  pane.style.zIndex = 150;
  var land = L.polygon(data.land.map(function (p) { return p.map(decode); }), {
    pane: "routesBasemap", stroke: false, fillColor: "${land}", fillOpacity: 1,
    interactive: false, className: "routes-land"});
  var borders = L.polyline(data.borders.map(decode), {
    pane: "routesBasemap", color: "${border}", weight: 0.8, opacity: 1,
    interactive: false, className: "routes-borders"});
  return L.layerGroup([land, borders], {attribution: ${attribution}});
})(${parent});
"""),
    }

LEGS = {
        "script": _T("""var ${name} = (function () {
  var legs = ${data};
  var group = L.featureGroup();
  legs.forEach(function (leg, i) {
    if (!leg.planned) L.polyline(leg.latlons, {color: "#ffffff", weight: ${casing}, opacity: 0.85,
      interactive: false, lineCap: "round", className: "routes-leg-casing"}).addTo(group);
    var cls = "routes-leg routes-mode-" + leg.mode + (leg.planned ? " is-planned" : "") + (leg.inferred ? " is-inferred" : "");
    var dash = leg.planned ? "${dash}" : (leg.inferred ? "${dots}" : null);
    var line = L.polyline(leg.latlons, {color: leg.colour, weight: ${weight},
      opacity: leg.inferred ? ${inferred_opacity} : ${opacity},
      dashArray: dash, lineCap: leg.planned ? "butt" : "round", className: cls});
    var tip = document.createElement("span");
    tip.textContent = leg.label;
    line.bindTooltip(tip, {sticky: true});
    line.addTo(group);
    line.on("add", function () {
      var path = line.getElement();
      if (!path) return;
      // the itinerary says the same in words: a line is no Tab stop of its own
      path.setAttribute("tabindex", "-1");
      path.setAttribute("aria-label", leg.label);
      path.setAttribute("data-end", String(leg.end));
      // pathLength="1" lets the drawing animation run in dash units, but it would
      // stretch a planned leg's dashes (or an inferred leg's dots) into one line
      if (!dash) { path.setAttribute("pathLength", "1"); path.style.setProperty("--routes-delay", (i * 0.5) + "s"); }
    });
    L.polylineDecorator(line, {patterns: [{offset: "50%", repeat: 0, symbol: L.Symbol.arrowHead({
      pixelSize: 14, polygon: true, headAngle: 60, pathOptions: {stroke: true, color: "#ffffff", weight: 1,
      fill: true, fillColor: leg.colour, fillOpacity: 1, interactive: false,
      className: "routes-arrow"}})}]}).addTo(group);
  });
  return group;
})();
"""),
    }

STOPS = {
        "script": _T("""var ${name} = (function (map) {
  var stops = ${data};
  var group = L.featureGroup();
  var markers = [];
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function popup(s) {
    var root = el("div", "routes-popup");
    root.appendChild(el("h3", null, s.n + ". " + s.name));
    root.appendChild(el("p", "routes-meta", (s.country ? s.country + " \u00b7 " : "") + s.meta));
    s.quotes.forEach(function (q) {
      var fig = el("figure", "routes-quote");
      fig.appendChild(el("blockquote", null, "\\u201c" + q.text + "\\u201d"));
      fig.appendChild(el("figcaption", null, q.doc));
      root.appendChild(fig);
    });
    if (!s.quotes.length) root.appendChild(el("p", "routes-meta", "No sentence names this stop; it was inferred."));
    return root;
  }
  var labels = [], named = {};
  stops.forEach(function (s) {
    var num = el("span", "routes-num", String(s.n));
    var where = s.name + "|" + s.lat + "|" + s.lon;  // a place visited again is named once
    var label = named[where] ? null : el("span", "routes-label is-hidden", s.name);
    named[where] = true;
    labels.push(label);
    var icon = L.divIcon({html: num, className: "routes-marker" + s.cls, iconSize: [28, 28],
      iconAnchor: [14, 14], popupAnchor: [0, -12], tooltipAnchor: [14, 0]});
    var marker = L.marker([s.lat, s.lon], {icon: icon, keyboard: true, riseOnHover: true,
      zIndexOffset: 1000 - s.n});
    marker.bindTooltip(el("span", null, s.n + ". " + s.name), {direction: "right"});
    marker.bindPopup(popup(s), {maxWidth: 320, minWidth: 200, autoPanPadding: [20, 20]});
    marker.on("add", function () {
      var node = marker.getElement();
      if (!node) return;
      node.setAttribute("aria-label", s.n + ". " + s.name + ", " + s.meta);
      if (label && label.parentNode !== node) { label.setAttribute("aria-hidden", "true"); node.appendChild(label); }
    });
    marker.addTo(group);
    markers.push(marker);
  });
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var panel = document.getElementById("${panel_id}");
  if (panel) {
    Array.prototype.forEach.call(panel.querySelectorAll("button[data-stop]"), function (button) {
      button.addEventListener("click", function () {
        var marker = markers[Number(button.getAttribute("data-stop"))];
        if (!map.hasLayer(group)) group.addTo(map);
        var narrow = map.getSize().x <= 640, details = panel.querySelector("details");
        // on a narrow map the open itinerary would cover the popup: fold it to its heading
        if (narrow && details) details.open = false;
        var below = panel.offsetTop + panel.offsetHeight + 10;
        marker.getPopup().options.autoPanPaddingTopLeft = L.point(narrow ? 10 : panel.offsetLeft + panel.offsetWidth + 10,
                                                                  narrow ? below : 10);
        var at = map.project(marker.getLatLng(), Math.max(map.getZoom(), 7));
        // the marker a little below the centre, so the popup above it has room
        map.setView(map.unproject(at.subtract([0, Math.round(map.getSize().y / 5)]), Math.max(map.getZoom(), 7)),
                    Math.max(map.getZoom(), 7), {animate: !reduce});
        marker.openPopup();
      });
    });
    if (window.innerWidth < 560) {
      var details = panel.querySelector("details");
      if (details) details.open = false;
    }
  }
  // Stops a few pixels apart (a city and the island off it) would hide each other's
  // numbers: at every zoom, a marker that would cover one already placed is moved
  // round it on a small ring, and shows where it belongs with a thin leader line.
  function declutter() {
    var placed = [];
    markers.forEach(function (marker) {
      var node = marker.getElement();
      if (!node) return;
      var p = map.latLngToLayerPoint(marker.getLatLng());
      var dx = 0, dy = 0;
      for (var k = 1; k <= 24 && placed.some(function (q) {
        return Math.abs(q.x - p.x - dx) < 26 && Math.abs(q.y - p.y - dy) < 26;
      }); k++) {
        var ring = Math.ceil(k / 8), angle = (k - 1) * Math.PI / 4 - Math.PI / 4;
        dx = Math.round(30 * ring * Math.cos(angle));
        dy = Math.round(30 * ring * Math.sin(angle));
      }
      node.style.translate = (dx || dy) ? dx + "px " + dy + "px" : "";
      node.classList.toggle("routes-moved", Boolean(dx || dy));
      node.style.setProperty("--routes-leader", Math.round(Math.sqrt(dx * dx + dy * dy)) + "px");
      node.style.setProperty("--routes-leader-angle", Math.atan2(-dy, -dx) + "rad");
      placed.push({x: p.x + dx, y: p.y + dy});
    });
    placeLabels();
  }
  // Names beside the markers: each takes the first of eight places round its marker that
  // covers no marker, name, control, legend or panel and stays on the map, else it is
  // hidden (the number, tooltip and itinerary still name the stop). Boxes are filed by
  // 64 px cells, so each name is checked against its neighbours only.
  function placeLabels() {
    var size = map.getSize(), cellPx = 64, grid = {};
    var origin = map.getContainer().getBoundingClientRect();
    function keys(b, fn) {
      for (var gx = Math.floor(b[0] / cellPx); gx <= Math.floor(b[2] / cellPx); gx++)
        for (var gy = Math.floor(b[1] / cellPx); gy <= Math.floor(b[3] / cellPx); gy++) fn(gx + "," + gy);
    }
    function add(b) { keys(b, function (k) { (grid[k] = grid[k] || []).push(b); }); }
    function hits(b) {
      var hit = false;
      keys(b, function (k) {
        if (!hit && grid[k]) hit = grid[k].some(function (o) { return o[0] < b[2] && b[0] < o[2] && o[1] < b[3] && b[1] < o[3]; });
      });
      return hit;
    }
    function box(node) {
      var r = node.getBoundingClientRect();
      return [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top];
    }
    var obstacles = Array.prototype.slice.call(map.getContainer().querySelectorAll(".leaflet-control"));
    var page = map.getContainer().closest(".routes-page");
    if (page) obstacles = obstacles.concat(Array.prototype.slice.call(page.querySelectorAll(".routes-panel, .routes-legend")));
    obstacles.forEach(function (node) { if (node.offsetWidth && node.offsetHeight) add(box(node)); });
    var spots = [];
    markers.forEach(function (marker, i) {
      var node = marker.getElement();
      if (!node) return;
      var b = box(node);
      add(b);
      spots.push([i, b]);
    });
    spots.forEach(function (spot) {
      var label = labels[spot[0]], b = spot[1];
      if (!label) return;
      label.classList.remove("is-hidden");
      var w = label.offsetWidth + 2, h = label.offsetHeight, cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2;
      var places = [[b[2] + 3, cy - h / 2], [b[0] - 3 - w, cy - h / 2], [cx - w / 2, b[1] - 2 - h], [cx - w / 2, b[3] + 2],
                    [b[2], b[1] - h], [b[2], b[3]], [b[0] - w, b[1] - h], [b[0] - w, b[3]]];
      var chosen = null;
      for (var k = 0; k < places.length && !chosen; k++) {
        var c = [places[k][0], places[k][1], places[k][0] + w, places[k][1] + h];
        if (c[0] >= 2 && c[1] >= 2 && c[2] <= size.x - 2 && c[3] <= size.y - 2 && !hits(c)) chosen = c;
      }
      if (!chosen) { label.classList.add("is-hidden"); return; }
      add(chosen);
      label.style.left = Math.round(chosen[0] - b[0]) + "px";
      label.style.top = Math.round(chosen[1] - b[1]) + "px";
    });
  }
  map.on("moveend", function () { if (map.hasLayer(group)) placeLabels(); });
  // Escape closes the open popup wherever the focus is (Leaflet's own key handler only
  // listens while the map itself has the focus), and gives the focus back to the
  // marker or itinerary button that opened it.
  var opener = null;
  map.on("popupopen", function () {
    var active = document.activeElement;
    opener = active && active !== document.body && !active.closest(".leaflet-popup") ? active : null;
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !markers.some(function (m) { return m.isPopupOpen(); })) return;
    map.closePopup();
    if (opener && document.contains(opener)) opener.focus();
    e.preventDefault();
  });
  // Step through the journey in travel order: each step shows the stops and legs up to
  // it (later ones faint), centres the stop and opens its popup; Play steps on its own
  // every two seconds. With reduced motion the map jumps instead of gliding.
  var current = -1, timer = null;
  var bar = L.control({position: "bottomleft"});
  bar.onAdd = function () {
    var root = el("div", "routes-steps leaflet-bar");
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", "Step through the journey");
    function button(text, label, act) {
      var b = el("button", null, text);
      b.type = "button";
      b.setAttribute("aria-label", label);
      b.addEventListener("click", act);
      root.appendChild(b);
      return b;
    }
    button("\u25c0", "Previous stop", function () { pause(); step(Math.max(0, current - 1)); });
    var play = button("\u25b6", "Play the journey", function () { if (timer) pause(); else start(); });
    play.setAttribute("aria-pressed", "false");
    button("\u25b6\u258f", "Next stop", function () { pause(); step(Math.min(markers.length - 1, current + 1)); });
    button("All", "Show the whole journey", function () { pause(); step(-1); });
    var status = el("output", null, "All stops");
    status.setAttribute("aria-live", "polite");
    root.appendChild(status);
    L.DomEvent.disableClickPropagation(root);
    bar.play = play;
    bar.status = status;
    return root;
  };
  bar.addTo(map);
  function step(k) {
    current = k;
    var later = function (n) { return k >= 0 && n > k + 1; };
    markers.forEach(function (marker, i) {
      var node = marker.getElement();
      if (node) node.classList.toggle("routes-step-later", later(i + 1));
    });
    Array.prototype.forEach.call(map.getContainer().querySelectorAll("path[data-end]"), function (path) {
      path.classList.toggle("routes-step-later", later(Number(path.getAttribute("data-end"))));
    });
    if (k < 0) { map.closePopup(); bar.status.textContent = "All stops"; return; }
    bar.status.textContent = "Stop " + (k + 1) + " of " + markers.length;
    map.setView(markers[k].getLatLng(), map.getZoom(), {animate: !reduce});
    markers[k].openPopup();
  }
  function start() {
    if (current >= markers.length - 1) current = -1;
    bar.play.setAttribute("aria-pressed", "true");
    bar.play.textContent = "\u275a\u275a";
    step(current + 1);
    timer = setInterval(function () {
      if (current >= markers.length - 1) pause(); else step(current + 1);
    }, 2000);
  }
  function pause() {
    if (timer) clearInterval(timer);
    timer = null;
    bar.play.setAttribute("aria-pressed", "false");
    bar.play.textContent = "\u25b6";
  }
  group.on("add", function () { setTimeout(declutter, 0); });
  map.on("zoomend", declutter);
  group.markers = markers;
  return group;
})(${parent});
"""),
    }

OSM_TILES = {
        "script": _T("""var ${name} = L.tileLayer(${url}, {attribution: ${attribution}, maxZoom: ${max_zoom}});"""),
    }

LAYER_SWITCH = {
        "script": _T("""L.control.layers(${base}, ${overlays}, {position: "topright", collapsed: true}).addTo(${parent});"""),
    }

FIT_JOURNEY = {
        "script": _T("""(function (map) {
  var bounds = L.latLngBounds(${bounds});
  var panel = document.getElementById("${panel_id}");
  var legend = document.getElementById("${legend_id}");
  function shown(node) {  // drawn over the map (in print the itinerary follows it instead)
    return node && node.offsetWidth > 0 && node.offsetHeight > 0 && getComputedStyle(node).position === "absolute";
  }
  function fit() {
    var size = map.getSize(), top = 40, left = 30, bottom = 60, right = 40;
    if (shown(panel)) {
      // beside a wide map's panel; below a narrow map's folded one
      if (size.x > 640) left = panel.offsetWidth + 30; else top = Math.max(top, panel.offsetTop + panel.offsetHeight + 24);
    }
    if (shown(legend) && size.x <= 640) bottom = Math.max(bottom, legend.offsetHeight + 50);
    var corner = map.getContainer().querySelector(".leaflet-bottom.leaflet-left");
    if (corner) bottom = Math.max(bottom, corner.offsetHeight + 24);  // scale bar and step buttons
    if (top + bottom > size.y - 40) { top = Math.min(top, size.y / 3); bottom = Math.min(bottom, size.y / 3); }
    map.fitBounds(bounds, {paddingTopLeft: [left, top], paddingBottomRight: [right, bottom], maxZoom: 9, animate: false});
  }
  fit();
  // the scale bar moves up above an attribution that wraps over it (a narrow map)
  function unclutter() {
    var scale = map.getContainer().querySelector(".leaflet-control-scale");
    var attribution = map.getContainer().querySelector(".leaflet-control-attribution");
    if (!scale || !attribution) return;
    var corner = scale.parentNode;
    corner.style.bottom = "";
    var a = attribution.getBoundingClientRect(), b = scale.getBoundingClientRect();
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) corner.style.bottom = a.height + "px";
  }
  unclutter();
  window.addEventListener("resize", unclutter);
  // printing lays the map out anew (another width and height): redraw it there and back
  var printing = window.matchMedia && window.matchMedia("print");
  function relayout() { map.invalidateSize({animate: false}); fit(); unclutter(); }
  function openAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".routes-panel details, .routes-legend details"),
      function (d) { d.open = true; });
  }
  if (printing && printing.addEventListener) printing.addEventListener("change", function (e) { if (e.matches) openAll(); relayout(); });
  window.addEventListener("beforeprint", function () { openAll(); relayout(); });
  window.addEventListener("afterprint", relayout);
})(${parent});
"""),
    }


# ---------------------------------------------------------------- values


def map_values(*, centre: tuple[float, float], head_html: str, css: str, title_html: str,
               subtitle_html: str, panel_html: str, legend_html: str, animate: bool,
               hide: tuple[str, ...] = (), read_hash: bool = False) -> dict[str, str]:
    """Return the values of :data:`MAP` (the HTML arguments are already escaped)."""
    return {
        "centre": js_json([round(centre[0], 5), round(centre[1], 5)]),
        "head_html": head_html, "css": css, "title_html": title_html,
        "subtitle_html": subtitle_html, "panel_html": panel_html, "legend_html": legend_html,
        "page_class": (" routes-animate" if animate else "") + "".join(f" routes-hide-{part}" for part in hide),
        "read_hash": "true" if read_hash else "false",
        "attribution": js_json(f'<a href="{style.GEONAMES_URL}">GeoNames</a> places (CC BY 4.0)'),
    }


def basemap_values(encoded: dict | str) -> dict[str, str]:
    """Return the values of :data:`BASEMAP`; ``encoded`` is
    :func:`routes.render.basemap.encoded` output, or that already passed through
    :func:`js_json` (a build reuses one extent's text for its maps)."""
    return {"data": encoded if isinstance(encoded, str) else js_json(encoded),
            "land": style.LAND, "border": style.BORDER,
            "attribution": js_json(style.ATTRIBUTION_BASEMAP)}


def legs_values(legs: list[dict]) -> dict[str, Any]:
    """Return the values of :data:`LEGS`."""
    return {"data": js_json(legs), "casing": style.CASING_WEIGHT_PX, "weight": style.LEG_WEIGHT_PX,
            "dash": style.PLANNED_DASH, "dots": style.INFERRED_DOTS,
            "opacity": style.TRAVELLED_OPACITY, "inferred_opacity": style.INFERRED_OPACITY}


def stops_values(stops: list[dict], panel_id: str) -> dict[str, str]:
    """Return the values of :data:`STOPS`."""
    return {"data": js_json(stops), "panel_id": panel_id}


def osm_tiles_values() -> dict[str, Any]:
    """Return the values of :data:`OSM_TILES` (URL and attribution from xyzservices)."""
    import xyzservices

    provider = xyzservices.providers.OpenStreetMap.Mapnik
    return {"url": js_json(provider.build_url(fill_subdomain=False)),
            "attribution": js_json(provider.html_attribution),
            "max_zoom": int(provider.get("max_zoom", 19))}


def fit_values(south: float, west: float, north: float, east: float, panel_id: str,
               legend_id: str = "", focus: Optional[tuple[float, float, float, float]] = None) -> dict[str, str]:
    """Return the values of :data:`FIT_JOURNEY`: the bounds to fit (south, west, north,
    east) and, when one leg dominates, the ``focus`` bounds of the stops' cluster."""
    def box(s, w, n, e):
        return js_json([[round(s, 5), round(w, 5)], [round(n, 5), round(e, 5)]])

    return {"bounds": box(south, west, north, east), "panel_id": panel_id, "legend_id": legend_id,
            "focus": box(*focus) if focus is not None else "null"}


def layer_switch_values(layers: list[tuple[str, str, bool]]) -> dict[str, str]:
    """Return the values of :data:`LAYER_SWITCH` for ``(label, variable, overlay)`` layers."""
    base = [f"{js_json(label)}: {var}" for label, var, overlay in layers if not overlay]
    overlays = [f"{js_json(label)}: {var}" for label, var, overlay in layers if overlay]
    return {"base": "{" + ", ".join(base) + "}", "overlays": "{" + ", ".join(overlays) + "}"}


# ---------------------------------------------------------------- the plain back-end


@dataclass
class Part:
    """One part of the page: its kind (the folium element's name, "Basemap"), templates,
    values and, for a layer, its label in the layers control and whether it is an
    overlay and shown at first."""

    kind: str
    templates: dict[str, _T]
    values: dict[str, Any] = field(default_factory=dict)
    layer: Optional[tuple[str, bool, bool]] = None  # (label, overlay, show)


def variable(kind: str, ident: str) -> str:
    """Return the JavaScript name of a part, as folium names its elements
    ("OsmTiles", "r1_3" -> "osm_tiles_r1_3")."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", kind).lower() + "_" + ident


@dataclass
class Rendered:
    """The page's three parts, each a list of texts in order."""

    header: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    script: list[str] = field(default_factory=list)

    @staticmethod
    def join(texts: list[str]) -> str:
        # as branca joins an element's children
        return "".join("\n    " + text for text in texts)


def render(map_part: Part, children: list[Part], prefix: str) -> Rendered:
    """Return the texts of a map (numbered 1, as the page is 0) and its children (2, 3, ...)."""
    out = Rendered()
    map_name = variable(map_part.kind, f"{prefix}1")
    names = [variable(p.kind, f"{prefix}{i + 2}") for i, p in enumerate(children)]
    layers = [(p.layer[0], name, p.layer[1]) for p, name in zip(children, names) if p.layer is not None]
    for part, name, parent in [(map_part, map_name, "")] + [(p, n, map_name) for p, n in zip(children, names)]:
        values = dict(part.values, name=name, parent=parent)
        if part.kind == "LayerSwitch":
            values.update(layer_switch_values(layers))
        for where, template in part.templates.items():
            text = template.substitute(values)
            if where == "script" and part.layer is not None and part.layer[2]:
                text += f"\n{name}.addTo({parent});"
            getattr(out, where).append(text)
    return out


def document(page_title_html: str, header: str, html: str, script: str) -> str:
    """Return the complete HTML document from its joined parts (see :meth:`Rendered.join`)."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="routes">\n'
        f"<title>{page_title_html}</title>\n"
        "<style>html,body{margin:0;padding:0;height:100%}body{position:relative}</style>\n"
        f"{header}\n"
        "</head>\n"
        "<body>\n"
        f"{html}\n"
        "<script>\n"
        f"{script}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )
