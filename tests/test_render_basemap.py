"""The basemap's data files, its per-extent encoding and the polyline encoder.

The HTML map's basemap is encoded by a shortcut (only clipped and 1:10m geometries are
built; the rest of the world comes ready-encoded): these tests hold it to the plain
route, geometry by geometry, so the shortcut can never change a map.
"""

from __future__ import annotations

import numpy as np
import pytest

EXTENTS = [
    (125.7625, 39.0392, 131.8735, 43.1056),  # Pyongyang - Vladivostok (1:10m box)
    (131.87, 43.1, 210.1, 61.2),  # Vladivostok - Anchorage, unwrapped past 180
    (-120.0, -30.0, 150.0, 60.0),  # nearly the world: no 1:10m box
    (-10.0, 35.0, 40.0, 60.0),  # Europe
    (170.0, -45.0, 185.0, -35.0),  # New Zealand, box across the antimeridian
    (-179.5, 60.0, -160.0, 70.0),  # Bering Strait from the west side
    (10.0, -60.0, 20.0, -50.0),  # open sea near Antarctica
]


def _reference_polyline(points: list[tuple[float, float]], precision: int) -> str:
    """Google's algorithm point by point (lon, lat input), the slow obvious way."""
    grid: list[tuple[int, int]] = []
    for lon, lat in points:
        p = (int(np.rint(lat * 10 ** precision)), int(np.rint(lon * 10 ** precision)))
        if not grid or p != grid[-1]:
            grid.append(p)
    if len(grid) < 2:
        return ""
    out, prev = [], (0, 0)
    for p in grid:
        for value in (p[0] - prev[0], p[1] - prev[1]):
            z = ~(value << 1) if value < 0 else value << 1
            while z >= 32:
                out.append(chr((32 | (z & 31)) + 63))
                z >>= 5
            out.append(chr(z + 63))
        prev = p
    return "".join(out)


def test_polyline_encoder_matches_the_reference_on_random_runs():
    from routes.render.polyline import encode_polylines

    rng = np.random.default_rng(7)
    sizes = [0, 1, 2, 5, 0, 40, 3, 1, 200]
    coords = np.column_stack([rng.uniform(-540, 540, sum(sizes)), rng.uniform(-90, 90, sum(sizes))])
    coords[10:14] = coords[9]  # repeated points are dropped
    coords[60:70, 0] = np.round(coords[60:70, 0], 1)  # tiny and zero deltas
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    for precision in (3, 5):
        got = encode_polylines(coords, offsets, precision)
        want = [_reference_polyline([tuple(p) for p in coords[a:b]], precision)
                for a, b in zip(offsets[:-1], offsets[1:])]
        assert got == want


@pytest.mark.parametrize("bounds", EXTENTS)
def test_window_encoding_equals_encoding_the_whole_basemap(bounds):
    from dataclasses import replace

    from routes.render import basemap

    bm = basemap.basemap(*bounds)
    fresh = basemap.encoded(replace(bm, land_ids=None, border_ids=None))
    window = basemap.encoded_window(*bounds)
    assert window == {"p": fresh["p"], "land": tuple(tuple(p) for p in fresh["land"]),
                      "borders": tuple(fresh["borders"])}
    assert basemap.encoded(bm) == fresh


@pytest.mark.parametrize("scale", ["50m", "10m"])
def test_layer_bounds_are_the_built_geometries_bounds(scale):
    import shapely

    from routes.render import layers

    layer = layers.layer(scale)
    assert np.array_equal(layer.land_bounds, shapely.bounds(layer.land))
    assert np.array_equal(layer.border_bounds, shapely.bounds(layer.borders))
    assert shapely.get_type_id(layer.land).tolist() == [3] * len(layer.land)


def test_layer_builds_the_same_geometry_whatever_is_asked_first():
    import shapely

    from routes.render import layers
    from routes.render.layers import Layer

    ref = layers.layer("50m")
    fresh = Layer(ref._arrays)
    picks = np.array([7, 3, 500, 3, len(ref.land_bounds) - 1])
    some = fresh.land_at(picks)
    assert all(shapely.equals_exact(some, ref.land[picks], 0))
    assert fresh.borders_at(np.array([], dtype=np.int64)).shape == (0,)


def _plain_arrays(layer) -> dict[str, np.ndarray]:
    """Decode a layer file back to the vendor script's plain ragged arrays."""
    import zlib

    a = layer._arrays
    out = {"transform": a["transform"]}
    for kind, xy_name in (("land", "land_xy"), ("border", "border_xy")):
        offsets = a[f"{kind}_chunk_offsets"]
        parts = [np.cumsum(np.frombuffer(zlib.decompress(a[f"{kind}_chunks"][s:e].tobytes()), np.int32)
                           .reshape(-1, 2), axis=0).astype(np.int32)
                 for s, e in zip(offsets[:-1], offsets[1:])]
        out[xy_name] = np.concatenate(parts)
        if kind == "border":
            out["border_offsets"] = np.cumsum([0] + [len(p) for p in parts]).astype(np.int64)
    out["land_ring_offsets"] = a["land_ring_offsets"]
    out["land_polygon_offsets"] = a["land_polygon_offsets"]
    return out


@pytest.mark.parametrize("scale", ["50m", "10m"])
def test_layer_file_is_what_the_vendor_script_writes(scale, tmp_path):
    from importlib import resources

    from routes.render import layers
    from routes.static.vendor import write_npz

    target = tmp_path / f"ne-{scale}.npz"
    write_npz(target, layers.file_arrays(_plain_arrays(layers.layer(scale))))
    committed = resources.files("routes") / "static" / "basemap" / f"ne-{scale}.npz"
    assert target.read_bytes() == committed.read_bytes()
