"""folium elements of a journey map: page, map, basemap, legs, stops, fit.

For users who extend the map with folium (:func:`routes.render.folium_map`). Each is a
folium element (a node of the map's element tree) whose ``header``, ``html`` and
``script`` parts are the templates and values of :mod:`routes.render.parts`, filled with
:class:`string.Template` rather than Jinja: no template is compiled at import or per
map, and no input text is ever read as template syntax (branca compiles each macro's
output as Jinja again; see :class:`Raw`). ``routes build`` draws the same parts without
folium (:func:`routes.render.parts.render`), to the same bytes.
"""

from __future__ import annotations

import folium
from branca.element import Element, Figure
from folium.map import Layer

from routes.render import parts
from routes.render.parts import js_json  # noqa: F401 (kept importable here)


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

    _parts: dict = {}

    def render(self, **kwargs):
        figure = self.get_root()
        values = dict(self.values(), name=self.get_name(),
                      parent=self._parent.get_name() if self._parent is not None else "")
        for part, template in self._parts.items():
            text = template.substitute(values)
            if part == "script" and isinstance(self, Layer) and self.show:
                text += f"\n{values['name']}.addTo({values['parent']});"
            getattr(figure, part).add_child(Raw(text), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)

    def values(self) -> dict:
        """Return the values the parts' ``$name`` placeholders take (public attributes)."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}


class Page(Figure):
    """The HTML document: ``lang``, charset, title, and the scripts at the end of body."""

    def __init__(self, page_title_html: str):
        super().__init__()
        self._name = "Page"
        self.page_title = page_title_html
        self.header._children.pop("meta_http", None)

    def render(self, **kwargs) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        return parts.document(self.page_title, self.header.render(**kwargs), self.html.render(**kwargs),
                              self.script.render(**kwargs))


class JourneyMap(_RawMacro, folium.Map):
    """A folium Map laid out with a title bar, an itinerary panel and a legend.

    ``head_html``, ``layout_html`` and the panel/legend markup are built (and escaped)
    by :mod:`routes.render.html`; this element only places them.
    """

    default_js: list = []
    default_css: list = []
    _parts = parts.MAP

    def __init__(self, *, centre: tuple[float, float], head_html: str, css: str, title_html: str,
                 subtitle_html: str, panel_html: str, legend_html: str, animate: bool,
                 hide: tuple[str, ...] = (), read_hash: bool = False):
        super().__init__(location=list(centre), tiles=None, zoom_start=3)
        self._name = "Map"
        vars(self).update(parts.map_values(
            centre=centre, head_html=head_html, css=css, title_html=title_html, subtitle_html=subtitle_html,
            panel_html=panel_html, legend_html=legend_html, animate=animate, hide=hide, read_hash=read_hash))


class Basemap(_RawMacro, Layer):
    """The bundled Natural Earth land and borders, drawn as vector paths (no tiles)."""

    _parts = parts.BASEMAP

    def __init__(self, encoded: dict | str, name: str = "Offline basemap (Natural Earth)"):
        """``encoded`` is :func:`routes.render.basemap.encoded` output, or that already
        passed through :func:`js_json` (a build reuses one extent's text for its maps)."""
        super().__init__(name=name, overlay=False, control=True, show=True)
        self._name = "Basemap"
        vars(self).update(parts.basemap_values(encoded))


class Legs(_RawMacro, Layer):
    """One polyline per leg (white casing under it), styled by mode, with an arrowhead."""

    _parts = parts.LEGS

    def __init__(self, legs: list[dict], name: str = "Legs"):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "Legs"
        vars(self).update(parts.legs_values(legs))


class Stops(_RawMacro, Layer):
    """Numbered markers (keyboard focusable) with a tooltip and a popup quoting the text.

    Also wires the itinerary panel: each stop's button there centres the map on the
    marker and opens its popup.
    """

    _parts = parts.STOPS

    def __init__(self, stops: list[dict], panel_id: str, name: str = "Stops"):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "Stops"
        vars(self).update(parts.stops_values(stops, panel_id))


class OsmTiles(_RawMacro, Layer):
    """OpenStreetMap tiles (URL and attribution from xyzservices), for when there is a network."""

    _parts = parts.OSM_TILES

    def __init__(self, *, show: bool, name: str = "OpenStreetMap (online)"):
        super().__init__(name=name, overlay=False, control=True, show=show)
        self._name = "OsmTiles"
        vars(self).update(parts.osm_tiles_values())


class LayerSwitch(_RawMacro, folium.MacroElement):
    """Leaflet's layers control over the map's base layers and overlays (as folium's)."""

    _parts = parts.LAYER_SWITCH

    def __init__(self):
        super().__init__()
        self._name = "LayerSwitch"

    def values(self) -> dict:
        layers = [(item.layer_name, item.get_name(), item.overlay) for item in self._parent._children.values()
                  if isinstance(item, Layer) and item.control]
        return parts.layer_switch_values(layers)


class FitJourney(_RawMacro, folium.MacroElement):
    """Fit the view to the journey's (unwrapped) bounds, leaving room for the panel."""

    _parts = parts.FIT_JOURNEY

    def __init__(self, south: float, west: float, north: float, east: float, panel_id: str,
                 legend_id: str = "", focus=None):
        super().__init__()
        self._name = "FitJourney"
        vars(self).update(parts.fit_values(south, west, north, east, panel_id, legend_id, focus))
