"""The bundled basemap: Natural Earth land and borders, windowed around a journey.

The world at 1:50m is drawn once, centred on the journey (so a trans-Pacific journey
sees the Pacific whole, not cut at the antimeridian). Around the journey, in a box of
the stops' extent plus a margin, the 1:10m data replaces it, clipped to the box: a
regional map carries the detail it shows (Russky Island exists only at 1:10m), a world
map carries none of the 1:10m weight. Data is read lazily from ``routes/static/basemap``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

import numpy as np
import shapely
from shapely import GeometryType

# The 1:10m box is the journey's extent plus this share of its larger side on each
# side (at least MIN_MARGIN_DEG), and only used when it stays regional.
MARGIN_SHARE = 0.6
MIN_MARGIN_DEG = 2.0
MAX_DETAIL_WIDTH_DEG = 50.0
MAX_DETAIL_HEIGHT_DEG = 36.0


@dataclass(frozen=True)
class _Layer:
    land: np.ndarray  # shapely Polygons
    land_bounds: np.ndarray  # (n, 4)
    borders: np.ndarray  # shapely LineStrings
    border_bounds: np.ndarray


@dataclass(frozen=True)
class Basemap:
    """Land polygons and border lines in (unwrapped) lon/lat, ready to encode or project.

    ``land_ids``/``border_ids`` give, for each geometry, its index in the 1:50m data when
    it is that geometry unchanged (else -1), so its encoding can come from a cache.
    """

    land: np.ndarray
    borders: np.ndarray
    detail_box: Optional[tuple[float, float, float, float]]  # west, south, east, north
    land_ids: Optional[np.ndarray] = None
    border_ids: Optional[np.ndarray] = None
    land_shifts: Optional[np.ndarray] = None  # degrees a cached geometry was moved by
    border_shifts: Optional[np.ndarray] = None


def _static(name: str):
    return resources.files("routes") / "static" / "basemap" / name


@lru_cache(maxsize=2)
def _layer(scale: str) -> _Layer:
    with _static(f"ne-{scale}.npz").open("rb") as fh:
        return layer_from_npz(fh)


def layer_from_npz(fh) -> _Layer:
    """Return the land polygons and border lines of a ``ne-*.npz`` file, in degrees."""
    with np.load(fh) as npz:
        sx, sy, tx, ty = npz["transform"]
        land_xy = npz["land_xy"] * np.array([sx, sy]) + np.array([tx, ty])
        border_xy = npz["border_xy"] * np.array([sx, sy]) + np.array([tx, ty])
        land = shapely.from_ragged_array(
            GeometryType.POLYGON, land_xy,
            (npz["land_ring_offsets"], npz["land_polygon_offsets"]))
        borders = shapely.from_ragged_array(
            GeometryType.LINESTRING, border_xy, (npz["border_offsets"],))
    return _Layer(land, shapely.bounds(land), borders, shapely.bounds(borders))


def _clip(geoms: np.ndarray, bounds: np.ndarray, rect: tuple[float, float, float, float],
          ids: list[np.ndarray], shifts: list[np.ndarray]) -> list[np.ndarray]:
    """Return the parts of ``geoms`` inside ``rect`` (any longitude), copied by 360s.

    Appends to ``ids``, per returned part, the index in ``geoms`` of a geometry
    returned whole (else -1), and to ``shifts`` the longitude it was moved by.
    """
    west, south, east, north = rect
    out = []
    for shift in (-360.0, 0.0, 360.0):
        w, e = max(west - shift, -180.0), min(east - shift, 180.0)
        if w >= e:
            continue
        touch = ((bounds[:, 0] < e) & (bounds[:, 2] > w) & (bounds[:, 1] < north) & (bounds[:, 3] > south))
        inside = touch & (bounds[:, 0] >= w) & (bounds[:, 2] <= e) & (bounds[:, 1] >= south) & (bounds[:, 3] <= north)
        crossing = shapely.clip_by_rect(geoms[touch & ~inside], w, south, e, north)
        crossing = crossing[~shapely.is_empty(crossing)]
        parts = np.concatenate([geoms[inside], crossing])
        ids.append(np.concatenate([np.flatnonzero(inside), np.full(len(crossing), -1)]).astype(np.int64))
        shifts.append(np.full(len(parts), shift))
        if shift and len(parts):
            parts = shapely.transform(parts, lambda xy, s=shift: xy + np.array([s, 0.0]))
        out.append(parts)
    return out


def _without(window: tuple[float, float, float, float], box) -> list[tuple[float, float, float, float]]:
    """Return rectangles covering ``window`` minus ``box`` (up to four strips)."""
    if box is None:
        return [window]
    ww, ws, we, wn = window
    bw, bs, be, bn = box
    strips = [(ww, ws, bw, wn), (be, ws, we, wn), (bw, ws, be, bs), (bw, bn, be, wn)]
    return [r for r in strips if r[0] < r[2] and r[1] < r[3]]


def detail_box(west: float, south: float, east: float, north: float) -> Optional[tuple[float, float, float, float]]:
    """Return the box drawn at 1:10m for a journey's extent, or None when it is too wide."""
    margin = max(MIN_MARGIN_DEG, MARGIN_SHARE * max(east - west, north - south))
    box = (west - margin, max(south - margin, -85.0), east + margin, min(north + margin, 85.0))
    if box[2] - box[0] > MAX_DETAIL_WIDTH_DEG or box[3] - box[1] > MAX_DETAIL_HEIGHT_DEG:
        return None
    return box


def _flatten(parts: list[np.ndarray], ids: list[np.ndarray], shifts: list[np.ndarray], kind):
    """Return (geometries, ids, shifts) with multi-part results split and other types dropped."""
    if not parts:
        return np.empty(0, dtype=object), np.empty(0, dtype=np.int64), np.empty(0)
    geoms = np.concatenate(parts)
    gid = np.concatenate(ids) if ids else np.full(len(geoms), -1)
    gshift = np.concatenate(shifts) if shifts else np.zeros(len(geoms))
    flat, index = shapely.get_parts(geoms, return_index=True)
    keep = shapely.get_type_id(flat) == kind
    # a geometry split into parts is no longer the cached whole
    split = np.bincount(index, minlength=len(geoms)) > 1
    gid = np.where(split, -1, gid)
    return flat[keep], gid[index][keep], gshift[index][keep]


def _polygons(parts: list[np.ndarray]) -> np.ndarray:
    return _flatten(parts, [], [], GeometryType.POLYGON)[0]


def _lines(parts: list[np.ndarray]) -> np.ndarray:
    return _flatten(parts, [], [], GeometryType.LINESTRING)[0]


def basemap(west: float, south: float, east: float, north: float, *, detail: bool = True) -> Basemap:
    """Return the world centred on a journey's extent, with 1:10m detail around it.

    Arguments are the journey's bounds in degrees, longitudes unwrapped (``west`` may be
    below -180 or ``east`` above 180). The world window is the 360 degrees centred on
    the journey; the 1:10m box (see :func:`detail_box`) replaces 1:50m inside it.
    """
    centre = (west + east) / 2.0
    window = (centre - 180.0, -90.0, centre + 180.0, 90.0)
    box = detail_box(west, south, east, north) if detail else None
    coarse, fine = _layer("50m"), (_layer("10m") if box else None)
    land, borders, land_ids, border_ids, land_shifts, border_shifts = [], [], [], [], [], []
    for rect in _without(window, box):
        land += _clip(coarse.land, coarse.land_bounds, rect, land_ids, land_shifts)
        borders += _clip(coarse.borders, coarse.border_bounds, rect, border_ids, border_shifts)
    if fine is not None:
        fine_land = _clip(fine.land, fine.land_bounds, box, [], [])
        fine_borders = _clip(fine.borders, fine.border_bounds, box, [], [])
        for out, ids, shifts, new in ((land, land_ids, land_shifts, fine_land),
                                      (borders, border_ids, border_shifts, fine_borders)):
            out += new
            ids += [np.full(len(p), -1) for p in new]
            shifts += [np.zeros(len(p)) for p in new]
    land_g, land_i, land_s = _flatten(land, land_ids, land_shifts, GeometryType.POLYGON)
    border_g, border_i, border_s = _flatten(borders, border_ids, border_shifts, GeometryType.LINESTRING)
    return Basemap(land_g, border_g, box, land_i, border_i, land_s, border_s)


def clip_to(bm: Basemap, rect: tuple[float, float, float, float]) -> Basemap:
    """Return the part of ``bm`` inside ``rect`` (west, south, east, north), e.g. for an SVG."""
    land = shapely.clip_by_rect(bm.land, *rect)
    borders = shapely.clip_by_rect(bm.borders, *rect)
    return Basemap(_polygons([land[~shapely.is_empty(land)]]),
                   _lines([borders[~shapely.is_empty(borders)]]), bm.detail_box)


# --- compact text encoding for the HTML map --------------------------------------------

def encode_polylines(coords: np.ndarray, offsets: np.ndarray, precision: int = 3) -> list[str]:
    """Return each run ``coords[offsets[i]:offsets[i+1]]`` (lon, lat) as an encoded polyline.

    The encoding is Google's polyline algorithm (lat first, zig-zag deltas in 5-bit
    chunks offset by 63) at ``10**-precision`` degrees; repeated points after rounding
    are dropped. Runs left with fewer than two points come back as empty strings.
    """
    if len(coords) == 0:
        return [""] * (len(offsets) - 1)
    q = np.rint(coords[:, ::-1] * 10 ** precision).astype(np.int64)  # lat, lon
    run = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    first = np.zeros(len(q), dtype=bool)
    first[offsets[:-1][np.diff(offsets) > 0]] = True
    keep = first.copy()
    keep[1:] |= np.any(q[1:] != q[:-1], axis=1)
    q, run, first = q[keep], run[keep], first[keep]
    delta = q.copy()
    delta[1:] -= q[:-1]
    delta[first] = q[first]
    values = delta.ravel()
    zig = np.where(values < 0, ~(values << 1), values << 1)
    nchunks = 1 + sum((zig >= (1 << (5 * k))).astype(np.int64) for k in range(1, 7))
    shifts = 5 * np.arange(7)
    chunks = (zig[:, None] >> shifts) & 31
    more = np.arange(7)[None, :] < (nchunks[:, None] - 1)
    chunks = chunks + 32 * more + 63
    used = np.arange(7)[None, :] < nchunks[:, None]
    text = chunks[used].astype(np.uint8).tobytes().decode("ascii")
    chars_per_point = nchunks.reshape(-1, 2).sum(axis=1)
    points_per_run = np.bincount(run, minlength=len(offsets) - 1)
    chars_per_run = np.bincount(run, weights=chars_per_point, minlength=len(offsets) - 1).astype(np.int64)
    ends = np.cumsum(chars_per_run)
    starts = ends - chars_per_run
    return [text[s:e] if n >= 2 else "" for s, e, n in zip(starts, ends, points_per_run)]


def decode_polyline(text: str, precision: int = 3) -> list[tuple[float, float]]:
    """Return the (lat, lon) points of an encoded polyline (the inverse, for tests)."""
    points, lat, lon, i = [], 0, 0, 0
    while i < len(text):
        dlat, i = _varint(text, i)
        dlon, i = _varint(text, i)
        lat += dlat
        lon += dlon
        points.append((lat / 10 ** precision, lon / 10 ** precision))
    return points


COARSE_PRECISION = 3


@lru_cache(maxsize=1)
def _coarse_encoded() -> dict:
    """Return the 1:50m data encoded at COARSE_PRECISION, one entry per geometry.

    Read from ``ne-50m.polylines.json`` (written by the vendor script with
    :func:`encode_layer`), so a map only encodes what it clips, moves or adds.
    """
    ref = _static("ne-50m.polylines.json")
    if ref.is_file():
        return json.loads(ref.read_text())
    return encode_layer(_layer("50m"))


def encode_layer(layer: _Layer) -> dict:
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
    for n in per_polygon:
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


def encoded(bm: Basemap, precision: int = COARSE_PRECISION) -> dict:
    """Return ``{"p": precision, "land": [[ring, hole, ...], ...], "borders": [line, ...]}``."""
    cache = _coarse_encoded() if precision == COARSE_PRECISION and bm.land_ids is not None else None
    if cache is None:
        return {"p": precision, "land": _encode_polygons(bm.land, precision),
                "borders": _encode_lines(bm.borders, precision)}
    scale = 10 ** precision
    land: list[list[str]] = []
    fresh = bm.land_ids < 0
    new = iter(_encode_polygons(bm.land[fresh], precision, keep_empty=True))
    for gid, shift in zip(bm.land_ids, bm.land_shifts):
        polygon = next(new) if gid < 0 else cache["land"][gid]
        if polygon and gid >= 0 and shift:
            polygon = [_moved(ring, int(round(shift * scale))) for ring in polygon]
        if polygon:
            land.append(polygon)
    fresh = bm.border_ids < 0
    new_lines = iter(_encode_lines(bm.borders[fresh], precision, keep_empty=True))
    borders = []
    for gid, shift in zip(bm.border_ids, bm.border_shifts):
        line = next(new_lines) if gid < 0 else cache["borders"][gid]
        if line and gid >= 0 and shift:
            line = _moved(line, int(round(shift * scale)))
        if line:
            borders.append(line)
    return {"p": precision, "land": land, "borders": borders}


def encoded_window(west: float, south: float, east: float, north: float) -> dict:
    """Return ``encoded(basemap(west, south, east, north))``, remembered per extent.

    A build draws the same extent more than once (a merged map of a trip told twice has
    the stops of one of its texts): the second map reuses the first one's encoding.
    The lists come back as tuples (the same JSON), so a caller cannot change the cache.
    """
    return dict(_encoded_window(west, south, east, north))


@lru_cache(maxsize=8)
def _encoded_window(west: float, south: float, east: float, north: float) -> dict:
    enc = encoded(basemap(west, south, east, north))
    return {"p": enc["p"], "land": tuple(tuple(rings) for rings in enc["land"]),
            "borders": tuple(enc["borders"])}


def _varint(text: str, i: int) -> tuple[int, int]:
    result, shift = 0, 0
    while True:
        b = ord(text[i]) - 63
        i += 1
        result |= (b & 31) << shift
        shift += 5
        if b < 32:
            return (~(result >> 1) if result & 1 else result >> 1), i


def _moved(encoded_line: str, dlon: int) -> str:
    """Return an encoded polyline moved east by ``dlon`` units: only its first point changes."""
    lat, i = _varint(encoded_line, 0)
    lon, i = _varint(encoded_line, i)
    return _encode_pair(lat, lon + dlon) + encoded_line[i:]


def _encode_pair(lat: int, lon: int) -> str:
    out = []
    for value in (lat, lon):
        z = ~(value << 1) if value < 0 else value << 1
        while z >= 32:
            out.append(chr((32 | (z & 31)) + 63))
            z >>= 5
        out.append(chr(z + 63))
    return "".join(out)
