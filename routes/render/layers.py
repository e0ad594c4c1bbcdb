"""The bundled Natural Earth layers (``routes/static/basemap/ne-*.npz``), read one geometry at a time.

A regional map needs a few dozen of the 4,000 polygons at 1:10m (and a clip of the
Eurasian coast); decompressing and building all of them took most of a map's drawing
time. So each file keeps, per geometry, its bounding box and its own compressed
coordinates: a map reads the boxes, then decompresses and builds only the geometries
that touch its window. The file layout is in ``routes/static/README.md``;
:func:`file_arrays` writes it (called by ``routes.static.vendor``).
"""

from __future__ import annotations

import zlib
from functools import cached_property, lru_cache
from importlib import resources
from typing import BinaryIO

import numpy as np
import shapely
from shapely import GeometryType

_KINDS = ("land", "border")


def file_arrays(arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Return the arrays of a layer file, from a layer's plain arrays.

    ``arrays`` holds ``transform``, ``land_xy``, ``land_ring_offsets``,
    ``land_polygon_offsets``, ``border_xy`` and ``border_offsets`` (integer grid
    coordinates, one ragged array per kind). Each geometry's coordinates are stored
    delta-coded (integers that compress to a third) in their own zlib stream, with
    the geometry's bounds in grid units beside them.
    """
    land_rings = arrays["land_ring_offsets"]
    land_starts = land_rings[arrays["land_polygon_offsets"]]
    exterior_ends = land_rings[arrays["land_polygon_offsets"][:-1] + 1]
    out = {"transform": arrays["transform"]}
    for kind, xy, starts, bound_ends in (
            ("land", arrays["land_xy"], land_starts, exterior_ends),
            ("border", arrays["border_xy"], arrays["border_offsets"], arrays["border_offsets"][1:])):
        chunks, bounds = [], []
        for start, end, bound_end in zip(starts[:-1], starts[1:], bound_ends):
            part = xy[start:end].astype(np.int32)
            delta = part.copy()
            delta[1:] -= part[:-1]
            chunks.append(zlib.compress(delta.tobytes(), 9))
            # a polygon's box is its exterior ring's, as GEOS computes it
            shell = xy[start:bound_end]
            bounds.append(np.concatenate([shell.min(axis=0), shell.max(axis=0)]))
        out[f"{kind}_bounds"] = np.array(bounds, dtype=np.int32).reshape(-1, 4)
        out[f"{kind}_chunk_offsets"] = np.cumsum([0] + [len(c) for c in chunks]).astype(np.int64)
        out[f"{kind}_chunks"] = np.frombuffer(b"".join(chunks), dtype=np.uint8)
    out["land_ring_offsets"] = land_rings
    out["land_polygon_offsets"] = arrays["land_polygon_offsets"]
    return out


class Layer:
    """One scale's land polygons and border lines (lon/lat degrees), built on demand.

    ``land_bounds``/``border_bounds`` are the ``(n, 4)`` boxes (west, south, east,
    north) of every geometry, equal to ``shapely.bounds`` of the built geometry.
    """

    def __init__(self, arrays: dict[str, np.ndarray]):
        self._arrays = arrays
        sx, sy, tx, ty = arrays["transform"]
        self._scale, self._translate = np.array([sx, sy]), np.array([tx, ty])
        self.land_bounds = arrays["land_bounds"] * np.tile(self._scale, 2) + np.tile(self._translate, 2)
        self.border_bounds = arrays["border_bounds"] * np.tile(self._scale, 2) + np.tile(self._translate, 2)
        self._built: dict[str, dict[int, shapely.Geometry]] = {kind: {} for kind in _KINDS}

    @classmethod
    def from_npz(cls, fh: BinaryIO) -> "Layer":
        """Read a layer file (an open binary file or a path)."""
        with np.load(fh) as npz:
            return cls({name: npz[name] for name in npz.files})

    def land_at(self, index: np.ndarray) -> np.ndarray:
        """Return the land polygons at ``index`` (an integer array), in that order."""
        return self._at("land", index)

    def borders_at(self, index: np.ndarray) -> np.ndarray:
        """Return the border lines at ``index`` (an integer array), in that order."""
        return self._at("border", index)

    @cached_property
    def land(self) -> np.ndarray:
        """All land polygons."""
        return self.land_at(np.arange(len(self.land_bounds)))

    @cached_property
    def borders(self) -> np.ndarray:
        """All border lines."""
        return self.borders_at(np.arange(len(self.border_bounds)))

    def _coords(self, kind: str, i: int) -> np.ndarray:
        start, end = self._arrays[f"{kind}_chunk_offsets"][i:i + 2]
        raw = zlib.decompress(self._arrays[f"{kind}_chunks"][start:end].tobytes())
        # summed in float64 (exact for these integers), scaled in place: the same
        # numbers as ``grid * scale + translate`` with fewer temporary arrays
        xy = np.cumsum(np.frombuffer(raw, dtype=np.int32).reshape(-1, 2), axis=0, dtype=np.float64)
        xy *= self._scale
        xy += self._translate
        return xy

    def _at(self, kind: str, index: np.ndarray) -> np.ndarray:
        built = self._built[kind]
        missing = sorted({int(i) for i in index} - built.keys())
        if missing:
            coords = [self._coords(kind, i) for i in missing]
            sizes = np.array([len(c) for c in coords], dtype=np.int64)
            xy = np.concatenate(coords) if coords else np.empty((0, 2))
            if kind == "land":
                geoms = self._polygons(missing, xy)
            else:
                offsets = np.concatenate([[0], np.cumsum(sizes)])
                geoms = shapely.from_ragged_array(GeometryType.LINESTRING, xy, (offsets,))
            built.update(zip(missing, geoms))
        out = np.empty(len(index), dtype=object)
        out[:] = [built[int(i)] for i in index]
        return out

    def _polygons(self, index: list[int], xy: np.ndarray) -> np.ndarray:
        rings, polygons = self._arrays["land_ring_offsets"], self._arrays["land_polygon_offsets"]
        ring_offsets, polygon_offsets, base = [np.zeros(1, dtype=np.int64)], [0], 0
        for i in index:
            first, last = polygons[i], polygons[i + 1]
            local = rings[first:last + 1] - rings[first]
            ring_offsets.append(local[1:] + base)
            base += local[-1]
            polygon_offsets.append(polygon_offsets[-1] + last - first)
        return shapely.from_ragged_array(
            GeometryType.POLYGON, xy,
            (np.concatenate(ring_offsets), np.array(polygon_offsets, dtype=np.int64)))


@lru_cache(maxsize=2)
def layer(scale: str) -> Layer:
    """Return the bundled layer at ``scale`` ("50m" or "10m"), read once per process."""
    ref = resources.files("routes") / "static" / "basemap" / f"ne-{scale}.npz"
    with ref.open("rb") as fh:
        return Layer.from_npz(fh)
