"""The bundled basemap: Natural Earth land and borders, windowed around a journey.

The world at 1:50m is drawn once, centred on the journey (so a trans-Pacific journey
sees the Pacific whole, not cut at the antimeridian). Around the journey, in a box of
the stops' extent plus a margin, the 1:10m data replaces it, clipped to the box: a
regional map carries the detail it shows (Russky Island exists only at 1:10m), a world
map carries none of the 1:10m weight. Data is read lazily from ``routes/static/basemap``
(see :mod:`routes.render.layers`), and a geometry is built only when a map clips it or
draws it at 1:10m: the HTML map takes the rest of the world ready-encoded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator, Optional

import numpy as np
import shapely
from shapely import GeometryType

from routes.render import layers
from routes.render.polyline import decode_polyline, encode_polylines, moved

__all__ = ["Basemap", "basemap", "clip_to", "decode_polyline", "detail_box", "encode_layer",
           "encode_polylines", "encoded", "encoded_window"]

# The 1:10m box is the journey's extent plus this share of its larger side on each
# side (at least MIN_MARGIN_DEG), and only used when it stays regional.
MARGIN_SHARE = 0.6
MIN_MARGIN_DEG = 2.0
MAX_DETAIL_WIDTH_DEG = 50.0
MAX_DETAIL_HEIGHT_DEG = 36.0
COARSE_PRECISION = 3

Rect = tuple[float, float, float, float]  # west, south, east, north (degrees)


@dataclass(frozen=True)
class Basemap:
    """Land polygons and border lines in (unwrapped) lon/lat, ready to encode or project.

    ``land_ids``/``border_ids`` give, for each geometry, its index in the 1:50m data when
    it is that geometry unchanged (else -1), so its encoding can come from a cache.
    """

    land: np.ndarray
    borders: np.ndarray
    detail_box: Optional[Rect]
    land_ids: Optional[np.ndarray] = None
    border_ids: Optional[np.ndarray] = None
    land_shifts: Optional[np.ndarray] = None  # degrees a cached geometry was moved by
    border_shifts: Optional[np.ndarray] = None


def _layer(scale: str) -> layers.Layer:
    return layers.layer(scale)


_TYPES = {"land": GeometryType.POLYGON, "border": GeometryType.LINESTRING}


def _bounds(layer: layers.Layer, kind: str) -> np.ndarray:
    return layer.land_bounds if kind == "land" else layer.border_bounds


def _take(layer: layers.Layer, kind: str, index: np.ndarray) -> np.ndarray:
    return layer.land_at(index) if kind == "land" else layer.borders_at(index)


def _select(bounds: np.ndarray, rect: Rect) -> Iterator[tuple[float, np.ndarray, np.ndarray, Rect]]:
    """Yield, per 360-degree copy of the data meeting ``rect`` (any longitude), its shift,
    the indices of geometries wholly inside, those crossing its edge, and the rect in the
    copy's own longitudes."""
    west, south, east, north = rect
    for shift in (-360.0, 0.0, 360.0):
        w, e = max(west - shift, -180.0), min(east - shift, 180.0)
        if w >= e:
            continue
        touch = ((bounds[:, 0] < e) & (bounds[:, 2] > w) & (bounds[:, 1] < north) & (bounds[:, 3] > south))
        inside = touch & (bounds[:, 0] >= w) & (bounds[:, 2] <= e) & (bounds[:, 1] >= south) & (bounds[:, 3] <= north)
        yield shift, np.flatnonzero(inside), np.flatnonzero(touch & ~inside), (w, south, e, north)


def _cut(layer: layers.Layer, kind: str, index: np.ndarray, rect: Rect) -> np.ndarray:
    """Return the non-empty clips of the geometries at ``index`` to ``rect``."""
    clipped = shapely.clip_by_rect(_take(layer, kind, index), *rect)
    return clipped[~shapely.is_empty(clipped)]


def _shifted(geoms: np.ndarray, shift: float) -> np.ndarray:
    if shift and len(geoms):
        return shapely.transform(geoms, lambda xy, s=shift: xy + np.array([s, 0.0]))
    return geoms


def _flat(parts: np.ndarray, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the single parts of ``parts`` of the kind's type, with the index of the
    geometry each came from and whether that geometry was split."""
    flat, index = shapely.get_parts(parts, return_index=True)
    keep = shapely.get_type_id(flat) == _TYPES[kind]
    split = np.bincount(index, minlength=len(parts))[index] > 1
    return flat[keep], index[keep], split[keep]


def _pieces(layer: layers.Layer, kind: str, rect: Rect, *, cached: bool):
    """Return (geometries, ids, shifts): a layer's ``kind`` inside ``rect``, in drawing order.

    With ``cached``, a geometry drawn whole and unchanged but for a 360-degree ``shift``
    keeps its index in ``ids`` (else -1), so its encoding can come from the cache.
    """
    geoms, ids, shifts = [], [], []
    for shift, inside, crossing, r in _select(_bounds(layer, kind), rect):
        parts = _shifted(np.concatenate([_take(layer, kind, inside), _cut(layer, kind, crossing, r)]), shift)
        flat, index, split = _flat(parts, kind)
        gid = np.full(len(flat), -1, dtype=np.int64)
        if cached:
            whole = (index < len(inside)) & ~split
            gid[whole] = inside[index[whole]]
        geoms.append(flat)
        ids.append(gid)
        shifts.append(np.full(len(flat), shift if cached else 0.0))
    return geoms, ids, shifts


def _crossing_pieces(layer: layers.Layer, kind: str, rect: Rect):
    """Return what :func:`_pieces` does with ``cached``, but with only the ``ids < 0``
    geometries built: a geometry wholly inside is there as its index alone."""
    geoms, ids, shifts = [], [], []
    for shift, inside, crossing, r in _select(_bounds(layer, kind), rect):
        flat = _flat(_shifted(_cut(layer, kind, crossing, r), shift), kind)[0]
        geoms.append(flat)
        ids.append(np.concatenate([inside, np.full(len(flat), -1, dtype=np.int64)]))
        shifts.append(np.full(len(inside) + len(flat), shift))
    return geoms, ids, shifts


def _without(window: Rect, box: Optional[Rect]) -> list[Rect]:
    """Return rectangles covering ``window`` minus ``box`` (up to four strips)."""
    if box is None:
        return [window]
    ww, ws, we, wn = window
    bw, bs, be, bn = box
    strips = [(ww, ws, bw, wn), (be, ws, we, wn), (bw, ws, be, bs), (bw, bn, be, wn)]
    return [r for r in strips if r[0] < r[2] and r[1] < r[3]]


def detail_box(west: float, south: float, east: float, north: float) -> Optional[Rect]:
    """Return the box drawn at 1:10m for a journey's extent, or None when it is too wide."""
    margin = max(MIN_MARGIN_DEG, MARGIN_SHARE * max(east - west, north - south))
    box = (west - margin, max(south - margin, -85.0), east + margin, min(north + margin, 85.0))
    if box[2] - box[0] > MAX_DETAIL_WIDTH_DEG or box[3] - box[1] > MAX_DETAIL_HEIGHT_DEG:
        return None
    return box


def _frame(west: float, south: float, east: float, north: float, detail: bool) -> tuple[Rect, Optional[Rect]]:
    """Return the world window (360 degrees centred on the extent) and the 1:10m box."""
    centre = (west + east) / 2.0
    window = (centre - 180.0, -90.0, centre + 180.0, 90.0)
    return window, (detail_box(west, south, east, north) if detail else None)


def _joined(geoms: list[np.ndarray], ids: list[np.ndarray], shifts: list[np.ndarray]):
    if not geoms:
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64), np.empty(0)
    return np.concatenate(geoms), np.concatenate(ids), np.concatenate(shifts)


def _gather(west: float, south: float, east: float, north: float, detail: bool, build_cached: bool):
    """Return the detail box and, per kind, (geometries, ids, shifts) of the window."""
    window, box = _frame(west, south, east, north, detail)
    coarse = _layer("50m")
    out = {}
    for kind in _TYPES:
        geoms, ids, shifts = [], [], []
        for rect in _without(window, box):
            pieces = _pieces(coarse, kind, rect, cached=True) if build_cached else _crossing_pieces(coarse, kind, rect)
            for acc, new in zip((geoms, ids, shifts), pieces):
                acc += new
        if box is not None:
            for acc, new in zip((geoms, ids, shifts), _pieces(_layer("10m"), kind, box, cached=False)):
                acc += new
        out[kind] = _joined(geoms, ids, shifts)
    return box, out


def basemap(west: float, south: float, east: float, north: float, *, detail: bool = True) -> Basemap:
    """Return the world centred on a journey's extent, with 1:10m detail around it.

    Arguments are the journey's bounds in degrees, longitudes unwrapped (``west`` may be
    below -180 or ``east`` above 180). The world window is the 360 degrees centred on
    the journey; the 1:10m box (see :func:`detail_box`) replaces 1:50m inside it.
    """
    box, out = _gather(west, south, east, north, detail, build_cached=True)
    (land, land_ids, land_shifts), (borders, border_ids, border_shifts) = out["land"], out["border"]
    return Basemap(land, borders, box, land_ids, border_ids, land_shifts, border_shifts)


def clip_to(bm: Basemap, rect: Rect) -> Basemap:
    """Return the part of ``bm`` inside ``rect`` (west, south, east, north), e.g. for an SVG."""
    land = shapely.clip_by_rect(bm.land, *rect)
    borders = shapely.clip_by_rect(bm.borders, *rect)
    return Basemap(_flat(land[~shapely.is_empty(land)], "land")[0],
                   _flat(borders[~shapely.is_empty(borders)], "border")[0], bm.detail_box)


# --- compact text encoding for the HTML map --------------------------------------------

@lru_cache(maxsize=1)
def _coarse_encoded() -> dict:
    """Return the 1:50m data encoded at COARSE_PRECISION, one entry per geometry.

    Read from ``ne-50m.polylines.json`` (written by the vendor script with
    :func:`encode_layer`), so a map only encodes what it clips, moves or adds.
    """
    ref = resources.files("routes") / "static" / "basemap" / "ne-50m.polylines.json"
    if ref.is_file():
        return json.loads(ref.read_text())
    return encode_layer(_layer("50m"))


def encode_layer(layer: layers.Layer) -> dict:
    """Return ``{"land": [[ring, ...] or [], ...], "borders": [line or "", ...]}`` per geometry."""
    return {"land": _encode_polygons(layer.land, keep_empty=True),
            "borders": _encode_lines(layer.borders, keep_empty=True)}


def _encode_polygons(polygons: np.ndarray, precision: int = COARSE_PRECISION,
                     keep_empty: bool = False) -> list[list[str]]:
    out: list[list[str]] = []
    if not len(polygons):
        return out
    rings = shapely.get_rings(polygons)
    per_polygon = shapely.get_num_interior_rings(polygons) + 1
    coords, index = shapely.get_coordinates(rings, return_index=True)
    offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(rings)))])
    strings = encode_polylines(coords, offsets, precision)
    k = 0
    for n in per_polygon.tolist():
        if len(strings[k]) >= 6:
            out.append([s for s in strings[k:k + n] if len(s) >= 6])
        elif keep_empty:
            out.append([])
        k += n
    return out


def _encode_lines(lines: np.ndarray, precision: int = COARSE_PRECISION,
                  keep_empty: bool = False) -> list[str]:
    if not len(lines):
        return []
    coords, index = shapely.get_coordinates(lines, return_index=True)
    offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(lines)))])
    return [s for s in encode_polylines(coords, offsets, precision) if s or keep_empty]


@lru_cache(maxsize=None)
def _moved_land(gid: int, dlon: int) -> tuple[str, ...]:
    # maps of one build share most moved polygons (the Americas for an Asian journey)
    return tuple(moved(ring, dlon) for ring in _coarse_encoded()["land"][gid])


def _assemble(precision: int, land: np.ndarray, land_ids: np.ndarray, land_shifts: np.ndarray,
              borders: np.ndarray, border_ids: np.ndarray, border_shifts: np.ndarray) -> dict:
    """Return the encoded basemap from the 1:50m cache (ids >= 0, moved by their shift)
    and fresh encodings of ``land``/``borders`` (one geometry per id < 0, in order)."""
    cache = _coarse_encoded()
    scale = 10 ** precision
    out_land: list[list[str]] = []
    new = iter(_encode_polygons(land, precision, keep_empty=True))
    for gid, shift in zip(land_ids.tolist(), land_shifts.tolist()):
        polygon = next(new) if gid < 0 else cache["land"][gid]
        if polygon and gid >= 0 and shift:
            polygon = list(_moved_land(gid, int(round(shift * scale))))
        if polygon:
            out_land.append(polygon)
    new_lines = iter(_encode_lines(borders, precision, keep_empty=True))
    out_borders = []
    for gid, shift in zip(border_ids.tolist(), border_shifts.tolist()):
        line = next(new_lines) if gid < 0 else cache["borders"][gid]
        if line and gid >= 0 and shift:
            line = moved(line, int(round(shift * scale)))
        if line:
            out_borders.append(line)
    return {"p": precision, "land": out_land, "borders": out_borders}


def encoded(bm: Basemap, precision: int = COARSE_PRECISION) -> dict:
    """Return ``{"p": precision, "land": [[ring, hole, ...], ...], "borders": [line, ...]}``."""
    if precision != COARSE_PRECISION or bm.land_ids is None:
        return {"p": precision, "land": _encode_polygons(bm.land, precision),
                "borders": _encode_lines(bm.borders, precision)}
    return _assemble(precision, bm.land[bm.land_ids < 0], bm.land_ids, bm.land_shifts,
                     bm.borders[bm.border_ids < 0], bm.border_ids, bm.border_shifts)


def encoded_window(west: float, south: float, east: float, north: float) -> dict:
    """Return ``encoded(basemap(west, south, east, north))``, remembered per extent.

    Only the geometries it clips or draws at 1:10m are built; the rest of the world
    comes ready-encoded from ``ne-50m.polylines.json``. A build draws the same extent
    more than once (a merged map of a trip told twice has the stops of one of its
    texts): the second map reuses the first one's encoding. The lists come back as
    tuples (the same JSON), so a caller cannot change the cache.
    """
    return dict(_encoded_window(west, south, east, north))


@lru_cache(maxsize=8)
def _encoded_window(west: float, south: float, east: float, north: float) -> dict:
    _, out = _gather(west, south, east, north, True, build_cached=False)
    enc = _assemble(COARSE_PRECISION, *out["land"], *out["border"])
    return {"p": enc["p"], "land": tuple(tuple(rings) for rings in enc["land"]),
            "borders": tuple(enc["borders"])}


def window_refs(west: float, south: float, east: float, north: float, *,
                simplify_deg: float = 0.0) -> dict:
    """Return a journey's basemap as references into the 1:50m cache, plus its 1:10m land.

    ``{"p": precision, "land_refs": [west, centre, east], "border_refs": [...],
    "land": [[ring, ...], ...]}``: each ``*_refs`` entry lists the cached geometries
    that meet the world window (:func:`basemap`), moved by -360, 0 or +360 degrees, as
    runs ``[first, count, first, count, ...]``; ``land`` holds the 1:10m land of the
    detail box (:func:`detail_box`), simplified to ``simplify_deg`` when given. A page
    that has the cache (:func:`coarse_encoded`, shared by the maps of a notebook)
    rebuilds the map from a few kilobytes: the 1:50m land is drawn whole under the
    1:10m land (the same colour) instead of clipped round it, and the borders stay
    at 1:50m.
    """
    window, box = _frame(west, south, east, north, True)
    coarse = _layer("50m")
    result: dict = {"p": COARSE_PRECISION}
    for kind in _TYPES:
        refs: list[set[int]] = [set(), set(), set()]
        for shift, inside, crossing, _ in _select(_bounds(coarse, kind), window):
            refs[int(round(shift / 360.0)) + 1].update(inside.tolist(), crossing.tolist())
        result[f"{kind}_refs"] = [_runs(sorted(r)) for r in refs]
    land: list = []
    if box is not None:
        geoms = np.concatenate(_pieces(_layer("10m"), "land", box, cached=False)[0] or [np.empty(0, dtype=object)])
        if simplify_deg > 0 and len(geoms):
            geoms = shapely.simplify(geoms, simplify_deg, preserve_topology=True)
        land = _encode_polygons(geoms, COARSE_PRECISION)
    result["land"] = land
    return result


def _runs(ids: list[int]) -> list[int]:
    out: list[int] = []
    for gid in ids:
        if out and out[-2] + out[-1] == gid:
            out[-1] += 1
        else:
            out += [gid, 1]
    return out


def coarse_encoded() -> dict:
    """Return the 1:50m world, encoded, one entry per geometry (see :func:`window_refs`)."""
    return _coarse_encoded()
