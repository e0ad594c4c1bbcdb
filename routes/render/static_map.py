"""Static journey map for print and PDF: SVG built in Python (no browser), PNG via resvg.

Same scene as the HTML map: numbered stops, legs styled by mode with arrowheads, the
bundled basemap, a legend, a scale bar, a title and the attributions. Web Mercator, like
the interactive map. Deterministic: equal input, equal bytes.
"""

from __future__ import annotations

import math
import os
from html import escape
from pathlib import Path
from typing import Optional

import numpy as np
import shapely

from routes.errors import RoutesError
from routes.files import write_atomic
from routes.model import Journey
from routes.render import basemap, style
from routes.render.html import summary_text
from routes.render.scene import Scene, build_scene

HEADER_PX = 64
PAD_PX = 56
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
MIN_SPAN_DEG = 1.0  # never zoom closer than about a degree across


def _merc_y(lat: np.ndarray | float) -> np.ndarray:
    lat = np.clip(lat, -85.0511, 85.0511)
    return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


def _inv_merc_y(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


class _View:
    """Web Mercator fit of the scene's bounds into the map area of the picture."""

    def __init__(self, scene: Scene, width: int, height: int, header_px: int = HEADER_PX):
        HEADER_PX = header_px  # noqa: N806 (the picture's header, taller for a long title)
        self.width, self.height = width, height
        x0, x1 = scene.west, scene.east
        y0, y1 = float(_merc_y(scene.south)), float(_merc_y(scene.north))
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        dx, dy = max(x1 - x0, MIN_SPAN_DEG), max(y1 - y0, MIN_SPAN_DEG)
        area_w, area_h = width - 2 * PAD_PX, height - HEADER_PX - 2 * PAD_PX
        self.scale = min(area_w / dx, area_h / dy)  # pixels per degree of longitude
        self.cx, self.cy = cx, cy
        self.px, self.py = width / 2, HEADER_PX + (height - HEADER_PX) / 2
        half_w = width / 2 / self.scale
        half_h = (height - HEADER_PX) / 2 / self.scale
        self.rect = (cx - half_w, _inv_merc_y(cy - half_h), cx + half_w, _inv_merc_y(cy + half_h))

    def xy(self, lonlat: np.ndarray) -> np.ndarray:
        x = self.px + (lonlat[:, 0] - self.cx) * self.scale
        y = self.py - (_merc_y(lonlat[:, 1]) - self.cy) * self.scale
        return np.column_stack([x, y])

    def metres_per_px(self) -> float:
        lat = _inv_merc_y(self.cy)
        return 111_319.49 * math.cos(math.radians(lat)) / self.scale


def _path(runs: list[np.ndarray], close: bool) -> str:
    parts = []
    for xy in runs:
        xy = np.round(xy, 1)
        if len(xy) > 1:
            keep = np.ones(len(xy), dtype=bool)
            keep[1:] = np.any(xy[1:] != xy[:-1], axis=1)
            xy = xy[keep]
        if len(xy) < (3 if close else 2):
            continue
        pts = " ".join(f"{x:g},{y:g}" for x, y in xy)
        parts.append(f"M{pts}{'Z' if close else ''}")
    return "".join(parts)


def _basemap_svg(view: _View, scene: Scene) -> str:
    bm = basemap.basemap(scene.west, scene.south, scene.east, scene.north)
    bm = basemap.clip_to(bm, view.rect)
    rings = [view.xy(shapely.get_coordinates(r)) for r in shapely.get_rings(bm.land)] if len(bm.land) else []
    lines = [view.xy(shapely.get_coordinates(g)) for g in bm.borders]
    return (f'<path class="land" d="{_path(rings, True)}" fill="{style.LAND}" fill-rule="evenodd"/>'
            f'<path class="borders" d="{_path(lines, False)}" fill="none" stroke="{style.BORDER}" '
            f'stroke-width="0.8" stroke-linejoin="round"/>')


def _arrow(xy: np.ndarray, colour: str, opacity: float) -> str:
    if len(xy) < 2:
        return ""
    seg = np.hypot(*np.diff(xy, axis=0).T)
    total = seg.sum()
    if total < 30:  # too short to carry an arrow without hiding under the markers
        return ""
    cum = np.concatenate([[0], np.cumsum(seg)])
    k = int(np.searchsorted(cum, total / 2) - 1)
    k = min(max(k, 0), len(seg) - 1)
    t = (total / 2 - cum[k]) / seg[k] if seg[k] else 0.0
    x, y = xy[k] + t * (xy[k + 1] - xy[k])
    ux, uy = (xy[k + 1] - xy[k]) / (seg[k] or 1.0)
    size = 8.0
    tip = (x + ux * size, y + uy * size)
    left = (x - ux * size - uy * size * 0.75, y - uy * size + ux * size * 0.75)
    right = (x - ux * size + uy * size * 0.75, y - uy * size - ux * size * 0.75)
    pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in (tip, left, right))
    return (f'<polygon class="arrow" points="{pts}" fill="{colour}" fill-opacity="{opacity}" '
            f'stroke="#ffffff" stroke-width="1"/>')


def _legs_svg(view: _View, scene: Scene) -> str:
    out = []
    for leg in scene.legs:
        lonlat = np.array([(lon, lat) for lat, lon in leg.latlons])
        xy = view.xy(lonlat)
        d = _path([xy], False)
        colour = style.mode_colour(leg.mode)
        opacity = style.INFERRED_OPACITY if leg.inferred else style.TRAVELLED_OPACITY
        pattern = style.PLANNED_DASH if leg.planned else (style.INFERRED_DOTS if leg.inferred else "")
        dash = f' stroke-dasharray="{pattern}"' if pattern else ""
        if not leg.planned:
            out.append(f'<path d="{d}" fill="none" stroke="#ffffff" stroke-width="{style.CASING_WEIGHT_PX}" '
                       f'stroke-opacity="0.85" stroke-linecap="round" stroke-linejoin="round"/>')
        out.append(f'<path class="leg leg-{escape(leg.mode)}" d="{d}" fill="none" stroke="{colour}" '
                   f'stroke-width="{style.LEG_WEIGHT_PX}" stroke-opacity="{opacity}" '
                   f'stroke-linecap="{"butt" if leg.planned else "round"}" stroke-linejoin="round"{dash}>'
                   f"<title>{escape(f'{leg.start} to {leg.end}: {leg.label}')}</title></path>")
        out.append(_arrow(xy, colour, 1.0))
    return "".join(out)


MARKER_GAP_PX = 28  # markers closer than this would cover each other's numbers
RING_PX = 30


class _Grid:
    """Boxes (left, top, right, bottom) filed by the square cells they touch: a box is
    compared with the few boxes near it, not with every box placed, so placing n markers
    and names takes about n steps rather than n squared."""

    def __init__(self, cell_px: float = 64.0):
        self.cell = cell_px
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box):
        c = self.cell
        for gx in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for gy in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield gx, gy

    def add(self, box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def hits(self, box, ignore=None) -> bool:
        """Return whether a box already filed (other than ``ignore``) overlaps ``box``."""
        for key in self._keys(box):
            for b in self.cells.get(key, ()):
                if b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3] and b != ignore:
                    return True
        return False


def _declutter(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Marker positions, in stop order, with each one that would cover a marker already
    placed moved round it on a ring (the same rule the interactive map follows)."""
    placed: list[tuple[float, float]] = []
    grid = _Grid()
    half = (MARKER_GAP_PX - 2) / 2
    for x, y in points:
        dx = dy = 0.0
        k = 0
        while k < 24 and grid.hits((x + dx - half, y + dy - half, x + dx + half, y + dy + half)):
            k += 1
            ring, angle = math.ceil(k / 8), (k - 1) * math.pi / 4 - math.pi / 4
            dx, dy = round(RING_PX * ring * math.cos(angle)), round(RING_PX * ring * math.sin(angle))
        placed.append((x + dx, y + dy))
        grid.add((x + dx - half, y + dy - half, x + dx + half, y + dy + half))
    return placed


def _label_box(x: float, y: float, name: str, side: str,
               shift: float = 0.0) -> tuple[float, float, float, float, float, str]:
    """(left, top, right, bottom, text x, anchor) of a stop's name beside its marker,
    ``shift`` pixels lower (or higher, when negative)."""
    width = 7.5 * len(name)
    y += shift
    if side == "right":
        return x + 18, y - 9, x + 18 + width, y + 7, x + 18, "start"
    if side == "left":
        return x - 18 - width, y - 9, x - 18, y + 7, x - 18, "end"
    dy = 24 if side == "below" else -20
    return x - width / 2, y + dy - 13, x + width / 2, y + dy + 3, x, "middle"


# Where a name may go, in order of preference: beside the marker, then above or below it.
_LABEL_PLACES = (("right", 0), ("left", 0), ("below", 0), ("above", 0), ("right", -16), ("right", 16),
                 ("left", -16), ("left", 16), ("below", 18), ("above", -18))


def _stops_svg(view: _View, scene: Scene) -> str:
    true_xy = [tuple(view.xy(np.array([[s.lon, s.lat]]))[0]) for s in scene.stops]
    shown = _declutter(true_xy)
    grid = _Grid()
    for x, y in shown:  # markers, then names as they are placed
        grid.add((x - 14, y - 14, x + 14, y + 14))
    labels = []
    named: set[tuple[str, float, float]] = set()
    for s, (x, y), (tx, ty) in zip(scene.stops, shown, true_xy):
        own = (x - 14, y - 14, x + 14, y + 14)
        place = (s.name, round(tx), round(ty))
        if place in named:  # a place visited again: its number shows, its name once
            labels.append(None)
            continue
        named.add(place)

        # The first place that covers no marker or name and stays on the picture; a name
        # with none is left out (it stays in the stop's tooltip and the description):
        # overlapping names would be unreadable, and leaving them out keeps each place
        # compared with a bounded number of neighbours.
        best = None
        for side, shift in _LABEL_PLACES:
            box = _label_box(x, y, s.name, side, shift)
            if box[0] >= 4 and box[2] <= view.width - 4 and not grid.hits(box, own):
                best = box
                break
        if best is None:
            labels.append(None)
            continue
        grid.add(best[:4])
        labels.append(best)
    out = []
    for s, (tx, ty), (x, y), label in reversed(list(zip(scene.stops, true_xy, shown, labels))):  # stop 1 on top
        fill, ink, dash = style.MARKER, "#ffffff", ""
        if s.inferred:
            fill = style.MARKER_INFERRED
        if s.planned:
            fill, ink, dash = "#ffffff", style.MARKER, ' stroke-dasharray="3 2"'
        ring = style.MARKER if s.planned else "#ffffff"
        leader = ""
        if (x, y) != (tx, ty):  # moved off its place: a leader line back to it
            leader = (f'<line x1="{tx:.1f}" y1="{ty:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{style.INK}" '
                      f'stroke-width="1.5"/><circle cx="{tx:.1f}" cy="{ty:.1f}" r="2.5" fill="{style.INK}"/>')
        text = ""
        if label is not None:
            _, _, _, _, lx, anchor = label
            ly = (label[1] + label[3]) / 2 + 4.5
            text = (f'<text class="label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="13" '
                    f'fill="{style.INK}" stroke="#ffffff" stroke-width="3" paint-order="stroke" '
                    f'stroke-linejoin="round">{escape(s.name)}</text>')
        out.append(
            f'<g class="stop"><title>{escape(f"{s.number}. {s.name} ({s.status})")}</title>{leader}'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="13" fill="{fill}" stroke="{ring}" stroke-width="2"{dash}/>'
            f'<text x="{x:.1f}" y="{y + 4.5:.1f}" text-anchor="middle" font-size="13" '
            f'font-weight="700" fill="{ink}">{s.number}</text>{text}</g>'
        )
    return "".join(out)


def _legend_svg(scene: Scene, width: int, height: int, view: Optional["_View"] = None,
                header_px: int = HEADER_PX) -> str:
    rows: list[tuple[str, str]] = []
    for mode in scene.modes:
        rows.append((f'<line x1="0" y1="0" x2="26" y2="0" stroke="{style.mode_colour(mode)}" '
                     f'stroke-width="{style.LEG_WEIGHT_PX}" stroke-linecap="round"/>', style.mode_label(mode)))
    if any(leg.planned for leg in scene.legs):
        rows.append((f'<line x1="0" y1="0" x2="26" y2="0" stroke="{style.INK}" stroke-width="{style.LEG_WEIGHT_PX}" '
                     f'stroke-linecap="round" stroke-dasharray="{style.PLANNED_DASH}"/>', "Planned (dashed)"))
    if any(leg.inferred for leg in scene.legs):
        rows.append((f'<line x1="0" y1="0" x2="26" y2="0" stroke="{style.INK}" stroke-width="{style.LEG_WEIGHT_PX}" '
                     f'stroke-opacity="{style.INFERRED_OPACITY}" stroke-linecap="round" stroke-dasharray="{style.INFERRED_DOTS}"/>',
                     "Inferred (dotted)"))
    rows.append((f'<circle cx="13" cy="0" r="9" fill="{style.MARKER}"/><text x="13" y="4" '
                 'text-anchor="middle" font-size="10" font-weight="700" fill="#fff">1</text>',
                 "Stop, in travel order"))
    if any(s.inferred for s in scene.stops):
        rows.append((f'<circle cx="13" cy="0" r="9" fill="{style.MARKER_INFERRED}"/>', "Inferred (not stated)"))
    if any(s.planned for s in scene.stops):
        rows.append((f'<circle cx="13" cy="0" r="9" fill="#fff" stroke="{style.MARKER}" stroke-width="2" '
                     'stroke-dasharray="3 2"/>', "Planned stop"))
    box_w, row_h = 190, 19
    box_h = 28 + row_h * len(rows)
    # bottom right by default; another corner when a stop lies under it there
    corners = [(width - box_w - 12, height - box_h - 28), (width - box_w - 12, header_px + 12),
               (12, header_px + 12), (12, height - box_h - 40)]
    x0, y0 = corners[0]
    if view is not None and scene.stops:
        xy = view.xy(np.array([[s.lon, s.lat] for s in scene.stops]))
        reach = 14 + 30  # a marker's radius, and a ring it may be moved to
        for cx, cy in corners:
            if not np.any((xy[:, 0] + reach > cx) & (xy[:, 0] - reach < cx + box_w)
                          & (xy[:, 1] + reach > cy) & (xy[:, 1] - reach < cy + box_h)):
                x0, y0 = cx, cy
                break
    body = "".join(
        f'<g transform="translate(10,{30 + i * row_h})">{symbol}'
        f'<text x="34" y="4" font-size="12" fill="{style.INK}">{escape(label)}</text></g>'
        for i, (symbol, label) in enumerate(rows))
    return (f'<g class="legend" transform="translate({x0},{y0})">'
            f'<rect width="{box_w}" height="{box_h}" rx="6" fill="#ffffff" fill-opacity="0.95" '
            f'stroke="#c9d1d9"/><text x="10" y="17" font-size="11" font-weight="700" '
            f'fill="#4a5563" letter-spacing="0.5">LEGEND</text>{body}</g>')


def _scale_svg(view: _View, height: int) -> str:
    target_m = view.metres_per_px() * 120
    exponent = 10 ** math.floor(math.log10(target_m))
    nice = max(m * exponent for m in (1, 2, 5) if m * exponent <= target_m)
    px = nice / view.metres_per_px()
    label = f"{nice / 1000:g} km" if nice >= 1000 else f"{nice:g} m"
    y = height - 16
    return (f'<g class="scale" transform="translate(14,{y})">'
            f'<path d="M0,-6V0H{px:.1f}V-6" fill="none" stroke="{style.INK}" stroke-width="1.5"/>'
            f'<text x="{px + 6:.1f}" y="0" font-size="11" fill="{style.INK}">{label}</text></g>')


TITLE_LINE_PX = 25
TITLE_CHAR_PX = 11.5  # a generous average width of a 20 px bold character
MAX_TITLE_LINES = 3


def _title_lines(title: str, width: int) -> list[str]:
    """Return the title broken at spaces into lines that fit ``width`` px (at most three,
    the last cut with an ellipsis), instead of one line clipped at the picture's edge."""
    room = max(10, int((width - 32) / TITLE_CHAR_PX))
    words = [word[i:i + room] for word in title.split() for i in range(0, len(word), room)]
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > MAX_TITLE_LINES:
        last = lines[MAX_TITLE_LINES - 1]
        lines = lines[:MAX_TITLE_LINES - 1] + [last[:room - 1].rstrip() + "\u2026"]
    return lines or [""]


def svg(journey: Journey, *, width: int = 1200, height: int = 800, title: Optional[str] = None,
        scene: Optional[Scene] = None) -> str:
    """Return the journey map as a standalone SVG document (Web Mercator, ``width`` x ``height`` px)."""
    scene = scene or build_scene(journey, title)
    lines = _title_lines(scene.title, width)
    header_px = HEADER_PX + TITLE_LINE_PX * (len(lines) - 1)
    view = _View(scene, width, height, header_px)
    subtitle = summary_text(scene)
    title_svg = "".join(
        f'<text x="16" y="{30 + TITLE_LINE_PX * i}" font-size="20" font-weight="700" fill="{style.INK}">'
        f"{escape(line)}</text>" for i, line in enumerate(lines))
    attribution = f"{style.ATTRIBUTION_BASEMAP} \u00b7 {style.ATTRIBUTION_PLACES}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="title desc" '
        f'font-family="{FONT}">\n'
        f'<title id="title">{escape(scene.title)}</title>\n'
        f'<desc id="desc">{escape(subtitle)}: '
        f'{escape(", ".join(f"{s.number}. {s.name}" for s in scene.stops))}</desc>\n'
        f'<defs><clipPath id="map-area"><rect x="0" y="{header_px}" width="{width}" '
        f'height="{height - header_px}"/></clipPath></defs>\n'
        f'<rect width="{width}" height="{height}" fill="{style.SEA}"/>\n'
        f'<g clip-path="url(#map-area)">{_basemap_svg(view, scene)}\n{_legs_svg(view, scene)}\n'
        f'{_stops_svg(view, scene)}</g>\n'
        f'<rect width="{width}" height="{header_px}" fill="#ffffff"/>'
        f'<line x1="0" y1="{header_px}" x2="{width}" y2="{header_px}" stroke="#d3d8de"/>\n'
        f'<g class="title">{title_svg}</g>\n'
        f'<text x="16" y="{header_px - 13}" font-size="13" fill="#4a5563">{escape(subtitle)}</text>\n'
        f"{_legend_svg(scene, width, height, view, header_px)}\n{_scale_svg(view, height)}\n"
        f'<text x="{width - 8}" y="{height - 8}" text-anchor="end" font-size="10" fill="#4a5563">'
        f"{escape(attribution)}</text>\n</svg>\n"
    )


def write_svg(journey: Journey, path: os.PathLike | str, **options) -> Path:
    """Write :func:`svg` output to ``path`` atomically; return the path."""
    return write_atomic(path, svg(journey, **options))


class PngUnavailable(RoutesError, RuntimeError):
    """PNG export needs the ``resvg-py`` package (``pip install resvg-py``)."""


def png(journey: Journey, *, scale: float = 1.0, **options) -> bytes:
    """Return the static map as PNG bytes, rasterised by resvg (the ``resvg-py`` package).

    ``scale`` multiplies the pixels (2: a 2400 x 1600 picture of the 1200 x 800 map, for
    print and high-density screens); the layout stays that of the SVG.
    """
    if not (0.1 <= scale <= 8):
        raise ValueError(f"PNG scale must be between 0.1 and 8, not {scale}")
    try:
        import resvg_py
    except ImportError as exc:  # optional: SVG needs nothing beyond the core dependencies
        raise PngUnavailable("PNG export needs resvg-py: pip install resvg-py") from exc
    text = svg(journey, **options)
    if scale != 1.0:
        width, height = options.get("width", 1200), options.get("height", 800)
        text = text.replace(f'width="{width}" height="{height}" viewBox',
                            f'width="{round(width * scale)}" height="{round(height * scale)}" viewBox', 1)
    return bytes(resvg_py.svg_to_bytes(svg_string=text))


def write_png(journey: Journey, path: os.PathLike | str, **options) -> Path:
    """Write :func:`png` output to ``path`` atomically; return the path."""
    return write_atomic(path, png(journey, **options))
