"""Google's encoded polyline format: the compact text the HTML map carries its basemap in.

A 300 kB basemap as JSON numbers would be about three times larger; the map's script
decodes the strings back to points (see :class:`routes.render.elements.Basemap`).
"""

from __future__ import annotations

import numpy as np


def encode_polylines(coords: np.ndarray, offsets: np.ndarray, precision: int = 3) -> list[str]:
    """Return each run ``coords[offsets[i]:offsets[i+1]]`` (lon, lat) as an encoded polyline.

    The encoding is Google's polyline algorithm (lat first, zig-zag deltas in 5-bit
    chunks offset by 63) at ``10**-precision`` degrees; repeated points after rounding
    are dropped. Runs left with fewer than two points come back as empty strings.
    Every run is encoded on its own (its first point absolute), so a run's string does
    not depend on the runs encoded with it.
    """
    if len(coords) == 0:
        return [""] * (len(offsets) - 1)
    sizes = np.diff(offsets)
    q = np.rint(coords[:, ::-1] * 10 ** precision).astype(np.int64)  # lat, lon
    first = np.zeros(len(q), dtype=bool)
    first[offsets[:-1][sizes > 0]] = True
    keep = first.copy()
    keep[1:] |= np.any(q[1:] != q[:-1], axis=1)
    run = np.repeat(np.arange(len(sizes)), sizes)[keep]
    q, first = q[keep], first[keep]
    delta = q.copy()
    delta[1:] -= q[:-1]
    delta[first] = q[first]
    values = delta.ravel()
    zig = (values << 1) ^ (values >> 63)  # zig-zag: ~(v << 1) for negative v
    nchunks = np.ones(len(zig), dtype=np.int64)
    width = 1
    while True:
        more = zig >= (1 << (5 * width))
        if not more.any():
            break
        nchunks += more
        width += 1
    # Write chunk j of every value that has one straight into its place in the text:
    # most deltas take one or two chunks, so this touches far less memory than a
    # values-by-7 table (which dominated the time of a cold map build).
    text_ends = np.cumsum(nchunks)
    text_starts = text_ends - nchunks
    out = np.empty(int(text_ends[-1]), dtype=np.uint8)
    for j in range(width):
        has = np.flatnonzero(nchunks > j) if j else slice(None)
        rest = zig[has] >> (5 * j)
        out[text_starts[has] + j] = (rest & 31) + 63 + 32 * (rest >= 32)
    text = out.tobytes().decode("ascii")
    chars_per_point = nchunks.reshape(-1, 2).sum(axis=1)
    points_per_run = np.bincount(run, minlength=len(sizes))
    chars_per_run = np.bincount(run, weights=chars_per_point, minlength=len(sizes)).astype(np.int64)
    ends = np.cumsum(chars_per_run)
    starts = ends - chars_per_run
    return [text[s:e] if n >= 2 else "" for s, e, n in zip(starts.tolist(), ends.tolist(), points_per_run.tolist())]


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


def moved(encoded_line: str, dlon: int) -> str:
    """Return an encoded polyline moved east by ``dlon`` units: only its first point changes."""
    lat, i = _varint(encoded_line, 0)
    lon, i = _varint(encoded_line, i)
    return _encode_pair(lat, lon + dlon) + encoded_line[i:]


def _varint(text: str, i: int) -> tuple[int, int]:
    result, shift = 0, 0
    while True:
        b = ord(text[i]) - 63
        i += 1
        result |= (b & 31) << shift
        shift += 5
        if b < 32:
            return (~(result >> 1) if result & 1 else result >> 1), i


def _encode_pair(lat: int, lon: int) -> str:
    out = []
    for value in (lat, lon):
        z = ~(value << 1) if value < 0 else value << 1
        while z >= 32:
            out.append(chr((32 | (z & 31)) + 63))
            z >>= 5
        out.append(chr(z + 63))
    return "".join(out)
