"""folium elements of a journey map: page, map, basemap, legs, stops, fit.

Each is a folium ``MacroElement`` with one Jinja template. Text from the input (place
names, quotes, document names, the title) reaches the page by two routes only: HTML
built in Python with :func:`html.escape`, or JSON data (:func:`js_json`, with ``<``,
``>`` and ``&`` escaped) that the browser turns into DOM text nodes (``textContent``),
never into markup.
"""

from __future__ import annotations

import json
from typing import Any

import folium
from branca.element import Element, Figure
from folium.elements import ElementAddToElement
from folium.map import Layer
from folium.template import Template

from routes.render import style

_JS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
               "\u2029": "\\u2029"}


def js_json(value: Any) -> str:
    """Return ``value`` as compact JSON that is safe inside an HTML ``<script>``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JS_ESCAPES.items():
        text = text.replace(char, escape)
    return text


class Raw(Element):
    """Text placed in the page as is.

    branca wraps each macro's output in ``Element(output)``, which compiles it as a Jinja
    template: text containing ``{{`` would be evaluated (and a 300 kB basemap compiled).
    Our elements hand over their output as ``Raw`` instead.
    """

    def __init__(self, text: str):
        super().__init__()
        self._name = "Raw"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _RawMacro:
    """Mixin: render the template's header/html/script macros into the figure as Raw."""

    def render(self, **kwargs):
        if isinstance(self, Layer) and self.show:
            self.add_child(ElementAddToElement(self.get_name(), self._parent.get_name()),
                           name=self.get_name() + "_add")
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            if part in macros:
                getattr(figure, part).add_child(Raw(macros[part](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class Page(Figure):
    """The HTML document: ``lang``, charset, title, and the scripts at the end of body."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="routes">\n'
        "<title>{{ this.page_title }}</title>\n"
        "<style>html,body{margin:0;padding:0;height:100%}body{position:relative}</style>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{{ this.html.render(**kwargs) }}\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, page_title_html: str):
        super().__init__()
        self._name = "Page"
        self.page_title = page_title_html
        self.header._children.pop("meta_http", None)


class JourneyMap(_RawMacro, folium.Map):
    """A folium Map laid out with a title bar, an itinerary panel and a legend.

    ``head_html``, ``layout_html`` and the panel/legend markup are built (and escaped)
    by :mod:`routes.render.html`; this element only places them.
    """

    default_js: list = []
    default_css: list = []

    _template = Template("""
{% macro header(this, kwargs) %}
{{ this.head_html }}
<style>{{ this.css }}</style>
{% endmacro %}

{% macro html(this, kwargs) %}
<div class="routes-page{% if this.animate %} routes-animate{% endif %}" id="{{ this.get_name() }}_page">
<header class="routes-header">
<h1 id="{{ this.get_name() }}_title">{{ this.title_html }}</h1>
<p class="routes-sub">{{ this.subtitle_html }}</p>
</header>
<div class="routes-body">
{{ this.panel_html }}
<div class="folium-map routes-map" id="{{ this.get_name() }}" role="region" aria-labelledby="{{ this.get_name() }}_title"></div>
{{ this.legend_html }}
</div>
</div>
{% endmacro %}

{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.map("{{ this.get_name() }}", {center: {{ this.centre }}, zoom: 3, minZoom: 1, zoomControl: false, keyboard: true});
L.control.zoom({position: "topright"}).addTo({{ this.get_name() }});
L.control.scale({position: "bottomleft"}).addTo({{ this.get_name() }});
{{ this.get_name() }}.attributionControl.addAttribution({{ this.attribution }});
{% endmacro %}
""")

    def __init__(self, *, centre: tuple[float, float], head_html: str, css: str, title_html: str,
                 subtitle_html: str, panel_html: str, legend_html: str, animate: bool):
        super().__init__(location=list(centre), tiles=None, zoom_start=3)
        self._name = "Map"
        self.centre = js_json([round(centre[0], 5), round(centre[1], 5)])
        self.head_html = head_html
        self.css = css
        self.title_html = title_html
        self.subtitle_html = subtitle_html
        self.panel_html = panel_html
        self.legend_html = legend_html
        self.animate = animate
        self.attribution = js_json(
            f'<a href="{style.GEONAMES_URL}">GeoNames</a> places (CC BY 4.0)')


class Basemap(_RawMacro, Layer):
    """The bundled Natural Earth land and borders, drawn as vector paths (no tiles)."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (map) {
  var data = {{ this.data }};
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
    pane: "routesBasemap", stroke: false, fillColor: "{{ this.land }}", fillOpacity: 1,
    interactive: false, className: "routes-land"});
  var borders = L.polyline(data.borders.map(decode), {
    pane: "routesBasemap", color: "{{ this.border }}", weight: 0.8, opacity: 1,
    interactive: false, className: "routes-borders"});
  return L.layerGroup([land, borders], {attribution: {{ this.attribution }}});
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, encoded: dict, name: str = "Offline basemap (Natural Earth)"):
        super().__init__(name=name, overlay=False, control=True, show=True)
        self._name = "Basemap"
        self.data = js_json(encoded)
        self.land = style.LAND
        self.border = style.BORDER
        self.attribution = js_json(style.ATTRIBUTION_BASEMAP)


class Legs(_RawMacro, Layer):
    """One polyline per leg (white casing under it), styled by mode, with an arrowhead."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var legs = {{ this.data }};
  var group = L.featureGroup();
  legs.forEach(function (leg, i) {
    L.polyline(leg.latlons, {color: "#ffffff", weight: {{ this.casing }}, opacity: 0.85,
      interactive: false, lineCap: "round", className: "routes-leg-casing"}).addTo(group);
    var cls = "routes-leg routes-mode-" + leg.mode + (leg.planned ? " is-planned" : "") + (leg.inferred ? " is-inferred" : "");
    var line = L.polyline(leg.latlons, {color: leg.colour, weight: {{ this.weight }},
      opacity: leg.inferred ? {{ this.inferred_opacity }} : {{ this.opacity }},
      dashArray: leg.planned ? "{{ this.dash }}" : null, lineCap: "round", className: cls});
    var tip = document.createElement("span");
    tip.textContent = leg.label;
    line.bindTooltip(tip, {sticky: true});
    line.addTo(group);
    line.on("add", function () {
      var path = line.getElement();
      if (path) { path.setAttribute("pathLength", "1"); path.style.setProperty("--routes-delay", (i * 0.5) + "s"); }
    });
    L.polylineDecorator(line, {patterns: [{offset: "50%", repeat: 0, symbol: L.Symbol.arrowHead({
      pixelSize: 14, polygon: true, headAngle: 60, pathOptions: {stroke: true, color: "#ffffff", weight: 1,
      fill: true, fillColor: leg.colour, fillOpacity: leg.inferred ? 0.55 : 1, interactive: false,
      className: "routes-arrow"}})}]}).addTo(group);
  });
  return group;
})();
{% endmacro %}
""")

    def __init__(self, legs: list[dict], name: str = "Legs"):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "Legs"
        self.data = js_json(legs)
        self.casing = style.CASING_WEIGHT_PX
        self.weight = style.LEG_WEIGHT_PX
        self.dash = style.PLANNED_DASH
        self.opacity = style.TRAVELLED_OPACITY
        self.inferred_opacity = style.INFERRED_OPACITY


class Stops(_RawMacro, Layer):
    """Numbered markers (keyboard focusable) with a tooltip and a popup quoting the text.

    Also wires the itinerary panel: each stop's button there centres the map on the
    marker and opens its popup.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (map) {
  var stops = {{ this.data }};
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
    root.appendChild(el("p", "routes-meta", s.meta));
    s.quotes.forEach(function (q) {
      var fig = el("figure", "routes-quote");
      fig.appendChild(el("blockquote", null, "\\u201c" + q.text + "\\u201d"));
      fig.appendChild(el("figcaption", null, q.doc));
      root.appendChild(fig);
    });
    if (!s.quotes.length) root.appendChild(el("p", "routes-meta", "No sentence names this stop; it was inferred."));
    return root;
  }
  stops.forEach(function (s) {
    var num = el("span", "routes-num", String(s.n));
    var icon = L.divIcon({html: num, className: "routes-marker" + s.cls, iconSize: [28, 28],
      iconAnchor: [14, 14], popupAnchor: [0, -12], tooltipAnchor: [14, 0]});
    var marker = L.marker([s.lat, s.lon], {icon: icon, keyboard: true, riseOnHover: true,
      zIndexOffset: 1000 - s.n});
    marker.bindTooltip(el("span", null, s.n + ". " + s.name), {direction: "right"});
    marker.bindPopup(popup(s), {maxWidth: 320, minWidth: 200, autoPanPadding: [20, 20]});
    marker.on("add", function () {
      var node = marker.getElement();
      if (node) node.setAttribute("aria-label", s.n + ". " + s.name + ", " + s.meta);
    });
    marker.addTo(group);
    markers.push(marker);
  });
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var panel = document.getElementById("{{ this.panel_id }}");
  if (panel) {
    Array.prototype.forEach.call(panel.querySelectorAll("button[data-stop]"), function (button) {
      button.addEventListener("click", function () {
        var marker = markers[Number(button.getAttribute("data-stop"))];
        if (!map.hasLayer(group)) group.addTo(map);
        map.setView(marker.getLatLng(), Math.max(map.getZoom(), 7), {animate: !reduce});
        marker.openPopup();
      });
    });
    if (window.innerWidth < 560) {
      var details = panel.querySelector("details");
      if (details) details.open = false;
    }
  }
  group.markers = markers;
  return group;
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, stops: list[dict], panel_id: str, name: str = "Stops"):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "Stops"
        self.data = js_json(stops)
        self.panel_id = panel_id


class FitJourney(_RawMacro, folium.MacroElement):
    """Fit the view to the journey's (unwrapped) bounds, leaving room for the panel."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function (map) {
  var bounds = L.latLngBounds({{ this.bounds }});
  var panel = document.getElementById("{{ this.panel_id }}");
  var left = (panel && map.getSize().x > 640) ? panel.offsetWidth + 30 : 30;
  map.fitBounds(bounds, {paddingTopLeft: [left, 40], paddingBottomRight: [40, 60], maxZoom: 9, animate: false});
})({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, south: float, west: float, north: float, east: float, panel_id: str):
        super().__init__()
        self._name = "FitJourney"
        self.bounds = js_json([[round(south, 5), round(west, 5)], [round(north, 5), round(east, 5)]])
        self.panel_id = panel_id
