"""The bundled basemap: Natural Earth land and borders, windowed around a journey.

The world at 1:50m is drawn once, centred on the journey (so a trans-Pacific journey
sees the Pacific whole, not cut at the antimeridian). Around the journey, in a box of
the stops' extent plus a margin, the 1:10m data replaces it, clipped to the box: a
regional map carries the detail it shows (Russky Island exists only at 1:10m), a world
map carries none of the 1:10m weight. Data is read lazily from ``routes/static/basemap``.
"""

from __future__ import annotations

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
    """Land polygons and border lines in (unwrapped) lon/lat, ready to encode or project."""

    land: np.ndarray
    borders: np.ndarray
    detail_box: Optional[tuple[float, float, float, float]]  # west, south, east, north


@lru_cache(maxsize=2)
def _layer(scale: str) -> _Layer:
    ref = resources.files("routes") / "static" / "basemap" / f"ne-{scale}.npz"
    with ref.open("rb") as fh, np.load(fh) as npz:
        sx, sy, tx, ty = npz["transform"]
        land_xy = npz["land_xy"] * np.array([sx, sy]) + np.array([tx, ty])
        border_xy = npz["border_xy"] * np.array([sx, sy]) + np.array([tx, ty])
        land = shapely.from_ragged_array(
            GeometryType.POLYGON, land_xy,
            (npz["land_ring_offsets"], npz["land_polygon_offsets"]))
        borders = shapely.from_ragged_array(
            GeometryType.LINESTRING, border_xy, (npz["border_offsets"],))
    return _Layer(land, shapely.bounds(land), borders, shapely.bounds(borders))


def _clip(geoms: np.ndarray, bounds: np.ndarray, rect: tuple[float, float, float, float]) -> list[np.ndarray]:
    """Return the parts of ``geoms`` inside ``rect`` (any longitude), copied by 360s."""
    west, south, east, north = rect
    out = []
    for shift in (-360.0, 0.0, 360.0):
        w, e = max(west - shift, -180.0), min(east - shift, 180.0)
        if w >= e:
            continue
        touch = ((bounds[:, 0] < e) & (bounds[:, 2] > w) & (bounds[:, 1] < north) & (bounds[:, 3] > south))
        inside = touch & (bounds[:, 0] >= w) & (bounds[:, 2] <= e) & (bounds[:, 1] >= south) & (bounds[:, 3] <= north)
        crossing = shapely.clip_by_rect(geoms[touch & ~inside], w, south, e, north)
        parts = np.concatenate([geoms[inside], crossing[~shapely.is_empty(crossing)]])
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


def _polygons(parts: list[np.ndarray]) -> np.ndarray:
    if not parts:
        return np.empty(0, dtype=object)
    flat = shapely.get_parts(np.concatenate(parts))
    return flat[shapely.get_type_id(flat) == GeometryType.POLYGON]


def _lines(parts: list[np.ndarray]) -> np.ndarray:
    if not parts:
        return np.empty(0, dtype=object)
    flat = shapely.get_parts(np.concatenate(parts))
    return flat[shapely.get_type_id(flat) == GeometryType.LINESTRING]


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
    land, borders = [], []
    for rect in _without(window, box):
        land += _clip(coarse.land, coarse.land_bounds, rect)
        borders += _clip(coarse.borders, coarse.border_bounds, rect)
    if fine is not None:
        land += _clip(fine.land, fine.land_bounds, box)
        borders += _clip(fine.borders, fine.border_bounds, box)
    return Basemap(_polygons(land), _lines(borders), box)


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
        pair = []
        for _ in range(2):
            result, shift = 0, 0
            while True:
                b = ord(text[i]) - 63
                i += 1
                result |= (b & 31) << shift
                shift += 5
                if b < 32:
                    break
            pair.append(~(result >> 1) if result & 1 else result >> 1)
        lat += pair[0]
        lon += pair[1]
        points.append((lat / 10 ** precision, lon / 10 ** precision))
    return points


def encoded(bm: Basemap, precision: int = 3) -> dict:
    """Return ``{"p": precision, "land": [[ring, hole, ...], ...], "borders": [line, ...]}``."""
    land: list[list[str]] = []
    if len(bm.land):
        rings = shapely.get_rings(bm.land)
        per_polygon = shapely.get_num_interior_rings(bm.land) + 1
        coords, index = shapely.get_coordinates(rings, return_index=True)
        offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(rings)))])
        strings = encode_polylines(coords, offsets, precision)
        k = 0
        for n in per_polygon:
            polygon = [s for s in strings[k:k + n] if len(s) >= 6]
            if len(strings[k]) >= 6:
                land.append(polygon)
            k += n
    borders: list[str] = []
    if len(bm.borders):
        coords, index = shapely.get_coordinates(bm.borders, return_index=True)
        offsets = np.concatenate([[0], np.cumsum(np.bincount(index, minlength=len(bm.borders)))])
        borders = [s for s in encode_polylines(coords, offsets, precision) if s]
    return {"p": precision, "land": land, "borders": borders}
