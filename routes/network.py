"""A user-supplied line network (rail, road) that legs follow instead of the geodesic.

The network is a GeoJSON file of LineStrings / MultiLineStrings (lon/lat, RFC 7946),
for example railway lines exported from OpenStreetMap. Lines join where they share a
vertex (as in OSM exports); a vertex on ±180 joins its twin on ∓180. Each stop is
snapped to the nearest network vertex and the leg follows the shortest path between
the two vertices, measured along the WGS84 geodesic.

Needs ``networkx`` (``pip install 'routes[network]'``).

Examples
--------
>>> net = network_from_geojson({"type": "FeatureCollection", "features": [
...     {"type": "Feature", "properties": {}, "geometry": {
...         "type": "LineString", "coordinates": [[0, 0], [0.5, 0], [1, 0]]}}]})
>>> coords = net.path(0.001, 0.0, 0.001, 1.0)
>>> f"{coords[0][0]:.1f} {coords[-1][0]:.1f} {coords[:, 1].max():.3f}"
'0.0 1.0 0.001'
"""

from __future__ import annotations

import json
import math
import os
import warnings
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

import numpy as np

from routes.errors import InputError, RoutesError
from routes.model import Stop

__all__ = [
    "DEFAULT_MAX_SNAP_M",
    "DEFAULT_MODES",
    "Network",
    "NetworkWarning",
    "load_network",
    "network_from_geojson",
]

#: A stop farther than this from every network vertex is not routed on the network.
DEFAULT_MAX_SNAP_M = 25_000.0
#: Modes whose legs follow a network by default (air and sea legs never do).
DEFAULT_MODES = ("train", "road", "foot", "unknown")
#: Segments longer than this are split so that snapping to a vertex is within half of it.
_NODE_SPACING_M = 5_000.0
#: Vertices closer than ~1 cm are the same network node.
_KEY_DIGITS = 7
_EARTH_RADIUS_M = 6_371_008.8


class NetworkWarning(UserWarning):
    """A leg could not follow the network (stop too far, no path) and was drawn as a geodesic."""


def _require_networkx():
    try:
        import networkx
    except ImportError:  # pragma: no cover - depends on the environment
        raise RoutesError("Routing legs along a network needs networkx: "
                          "pip install 'routes[network]'.") from None
    return networkx


# ------------------------------------------------------------------------- loading

def load_network(path: str | os.PathLike, *, modes: Sequence[str] = DEFAULT_MODES,
                 max_snap_m: float = DEFAULT_MAX_SNAP_M, strict: bool = False) -> "Network":
    """Return the network in the GeoJSON file at ``path``.

    Raises InputError naming the file (and the feature) when the file is missing, is
    not JSON, holds no LineString/MultiLineString, or has a bad coordinate.
    """
    from routes.files import MAX_NETWORK_BYTES, read_limited
    from routes.journeyfile import parse_json

    where = f"network file {os.fspath(path)}"
    raw = read_limited(path, limit=MAX_NETWORK_BYTES, what="GeoJSON file", where=where)
    data = parse_json(raw, where, InputError, "network file")
    return network_from_geojson(data, where=where, modes=modes, max_snap_m=max_snap_m,
                                strict=strict)


def network_from_geojson(data: Any, *, where: str = "network", modes: Sequence[str] = DEFAULT_MODES,
                         max_snap_m: float = DEFAULT_MAX_SNAP_M, strict: bool = False) -> "Network":
    """Return the network made of the lines in a parsed GeoJSON object.

    Accepts a FeatureCollection (the usual case), a Feature, a GeometryCollection or a
    bare LineString/MultiLineString. Other geometries are ignored; no line at all is an
    error.
    """
    lines: list[np.ndarray] = []
    skipped: dict[str, int] = {}
    _collect(data, "$", where, lines, skipped, top=True)
    if not lines:
        found = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items())) or "nothing"
        raise InputError(f"{where}: has no LineString or MultiLineString features "
                         f"(found {found}); a network must be lines.")
    return Network(lines, source=where, modes=modes, max_snap_m=max_snap_m, strict=strict)


def _collect(obj: Any, field: str, where: str, lines: list, skipped: dict, top: bool = False) -> None:
    if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
        what = "the file" if top else field
        raise InputError(f"{where}: {what} must be a GeoJSON object with a \"type\".")
    kind = obj["type"]
    if kind == "FeatureCollection":
        feats = obj.get("features")
        if not isinstance(feats, list):
            raise InputError(f"{where}: {field}.features must be a list.")
        for i, feat in enumerate(feats):
            _collect(feat, f"features[{i}]", where, lines, skipped)
    elif kind == "Feature":
        geom = obj.get("geometry")
        if geom is None:
            skipped["null geometry"] = skipped.get("null geometry", 0) + 1
            return
        _collect(geom, f"{field}.geometry", where, lines, skipped)
    elif kind == "GeometryCollection":
        geoms = obj.get("geometries")
        if not isinstance(geoms, list):
            raise InputError(f"{where}: {field}.geometries must be a list.")
        for i, geom in enumerate(geoms):
            _collect(geom, f"{field}.geometries[{i}]", where, lines, skipped)
    elif kind == "LineString":
        lines.append(_line(obj.get("coordinates"), f"{field}.coordinates", where))
    elif kind == "MultiLineString":
        parts = obj.get("coordinates")
        if not isinstance(parts, list):
            raise InputError(f"{where}: {field}.coordinates must be a list of lines.")
        for i, part in enumerate(parts):
            lines.append(_line(part, f"{field}.coordinates[{i}]", where))
    else:
        skipped[kind] = skipped.get(kind, 0) + 1


def _line(coords: Any, field: str, where: str) -> np.ndarray:
    if not isinstance(coords, list) or len(coords) < 2:
        raise InputError(f"{where}: {field} must be a list of at least two positions.")
    out = np.empty((len(coords), 2))
    for i, pos in enumerate(coords):
        if not isinstance(pos, list) or len(pos) < 2:
            raise InputError(f"{where}: {field}[{i}] must be a [lon, lat] position.")
        for j, (name, limit) in enumerate((("lon", 180.0), ("lat", 90.0))):
            value = pos[j]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InputError(f"{where}: {field}[{i}]: {name} must be a number, not {value!r:.40}.")
            if isinstance(value, float) and not math.isfinite(value):
                raise InputError(f"{where}: {field}[{i}]: {name} must be a finite number.")
            if abs(value) > limit:
                raise InputError(f"{where}: {field}[{i}]: {name} is {str(value)[:20]}, "
                                 f"outside -{limit:g}..{limit:g}.")
            out[i, j] = value
    return out


# ------------------------------------------------------------------------- network

def _chord_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Return great-circle distances on the mean sphere (a fast pre-filter, metres)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


class Network:
    """A graph over the vertices of some lines, weighted by geodesic length in metres.

    Parameters
    ----------
    lines : list of (n, 2) lon/lat arrays
    source : str
        Names the network in messages ("network file rail.geojson").
    modes : modes whose legs follow the network; others are drawn as geodesics.
    max_snap_m : a stop farther than this from the network is not routed on it.
    strict : if True, a stop too far from the network or a leg with no path raises
        InputError instead of falling back to the geodesic with a NetworkWarning.
    """

    def __init__(self, lines: Iterable[np.ndarray], *, source: str = "network",
                 modes: Sequence[str] = DEFAULT_MODES, max_snap_m: float = DEFAULT_MAX_SNAP_M,
                 strict: bool = False) -> None:
        from routes.geometry import _geod
        from routes.model import MODES

        nx = _require_networkx()
        bad = [m for m in modes if m not in MODES]
        if bad:
            raise InputError(f"{source}: mode {bad[0]!r} is not one of {', '.join(MODES)}.")
        if not (isinstance(max_snap_m, (int, float)) and math.isfinite(max_snap_m) and max_snap_m > 0):
            raise InputError(f"{source}: max_snap_m must be a positive number of metres.")
        self.source = source
        self.modes = tuple(modes)
        self.max_snap_m = float(max_snap_m)
        self.strict = strict

        geod = _geod()
        key_to_node: dict[tuple[float, float], int] = {}
        node_lonlat: list[tuple[float, float]] = []
        graph = nx.Graph()

        def node(lon: float, lat: float) -> int:
            if lon == 180.0:  # the antimeridian's two names are one place
                lon = -180.0
            key = (round(lon, _KEY_DIGITS), round(lat, _KEY_DIGITS))
            found = key_to_node.get(key)
            if found is None:
                found = key_to_node[key] = len(node_lonlat)
                node_lonlat.append((lon, lat))
            return found

        for line in lines:
            line = np.asarray(line, dtype=float)
            seg_m = np.asarray(geod.line_lengths(line[:, 0], line[:, 1]), dtype=float)
            for (lon1, lat1), (lon2, lat2), length in zip(line[:-1], line[1:], seg_m):
                pieces = max(int(math.ceil(length / _NODE_SPACING_M)), 1)
                if pieces == 1:
                    u, v = node(lon1, lat1), node(lon2, lat2)
                    if u != v:
                        graph.add_edge(u, v, length_m=float(length))
                    continue
                # split straight in lon/lat, as RFC 7946 reads a segment (the short way
                # round if a careless file crosses ±180 inside one segment)
                lon2_near = lon1 + ((lon2 - lon1 + 180.0) % 360.0) - 180.0
                t = np.linspace(0.0, 1.0, pieces + 1)
                sub_lon = lon1 + t * (lon2_near - lon1)
                sub_lat = lat1 + t * (lat2 - lat1)
                sub_lon[-1], sub_lat[-1] = lon2, lat2
                sub_m = np.asarray(geod.line_lengths(sub_lon, sub_lat), dtype=float)
                sub_lon = ((sub_lon + 180.0) % 360.0) - 180.0
                sub_lon[0], sub_lon[-1] = lon1, lon2
                ids = [node(lon, lat) for lon, lat in zip(sub_lon.tolist(), sub_lat.tolist())]
                for u, v, piece_m in zip(ids, ids[1:], sub_m.tolist()):
                    if u != v:
                        graph.add_edge(u, v, length_m=piece_m)
        self.graph = graph
        self.nodes = np.array(node_lonlat, dtype=float).reshape(-1, 2)

    def __repr__(self) -> str:
        return (f"Network({self.source!r}, {self.graph.number_of_nodes()} nodes, "
                f"{self.graph.number_of_edges()} edges, modes={self.modes})")

    def nearest_node(self, lat: float, lon: float) -> tuple[int, float]:
        """Return (node index, geodesic distance in metres) of the vertex nearest to a point."""
        from routes.geometry import _geod

        approx = _chord_m(lon, lat, self.nodes[:, 0], self.nodes[:, 1])
        take = min(16, approx.size)
        cand = np.argpartition(approx, take - 1)[:take]
        _, _, dist = _geod().inv(np.full(take, lon), np.full(take, lat),
                                 self.nodes[cand, 0], self.nodes[cand, 1])
        best = int(np.argmin(dist))
        return int(cand[best]), float(np.asarray(dist)[best])

    def path(self, lat1: float, lon1: float, lat2: float, lon2: float) -> Optional[np.ndarray]:
        """Return the (n, 2) lon/lat path from point 1 to point 2 along the network, or
        None when a point is farther than ``max_snap_m`` from it or no path joins them.

        The path starts and ends exactly at the two points (joined to their nearest
        vertices by a short straight connector).
        """
        found = self._path(lat1, lon1, lat2, lon2)
        return found if isinstance(found, np.ndarray) else None

    def _path(self, lat1, lon1, lat2, lon2):
        nx = _require_networkx()
        u, du = self.nearest_node(lat1, lon1)
        v, dv = self.nearest_node(lat2, lon2)
        if du > self.max_snap_m:
            return ("far", 1, du)
        if dv > self.max_snap_m:
            return ("far", 2, dv)
        try:
            ids = nx.shortest_path(self.graph, u, v, weight="length_m") if u != v else [u]
        except nx.NetworkXNoPath:
            return ("nopath", 0, 0.0)
        coords = np.vstack([[lon1, lat1], self.nodes[ids], [lon2, lat2]])
        keep = np.concatenate(([True], np.any(coords[1:] != coords[:-1], axis=1)))
        coords = coords[keep]
        if coords.shape[0] < 2:
            coords = np.vstack([coords, coords])
        return coords

    def route_legs(self, pairs: Sequence[tuple[Stop, Stop]]) -> dict[int, np.ndarray]:
        """Return {leg index: (n, 2) lon/lat array, unwrapped} for the legs that follow
        the network; the others are left for the geodesic.

        Raises InputError when no stop of a network leg is within ``max_snap_m`` of the
        network (the wrong file, most likely), or, when ``strict``, for any stop that is.
        """
        from routes.geometry import _leg_arrays

        wanted = [k for k, (_, b) in enumerate(pairs) if b.mode_in in self.modes]
        if not wanted:
            return {}
        routed: dict[int, np.ndarray] = {}
        problems: list[tuple[int, str]] = []
        nearest_m = math.inf
        nearest_name = ""
        for k in wanted:
            a, b = pairs[k]
            points = [(a.lat, a.lon, a.name)] + [(p.lat, p.lon, p.name) for p in b.via] \
                + [(b.lat, b.lon, b.name)]
            pieces = []
            for (lat1, lon1, n1), (lat2, lon2, n2) in zip(points, points[1:]):
                found = self._path(lat1, lon1, lat2, lon2)
                if isinstance(found, np.ndarray):
                    pieces.append(found if not pieces else found[1:])
                    continue
                why, which, dist = found
                if why == "far":
                    name = n1 if which == 1 else n2
                    if dist < nearest_m:
                        nearest_m, nearest_name = dist, name
                    problems.append((k, f"{name} is {dist / 1000:.0f} km from the nearest line "
                                        f"(more than max_snap_m = {self.max_snap_m / 1000:g} km)"))
                else:
                    problems.append((k, f"no line joins {n1} to {n2}"))
                break
            else:
                stacked = np.vstack(pieces)
                routed[k] = _leg_arrays(stacked[:, 0], stacked[:, 1])
        if not routed and problems and all("max_snap_m" in why for _, why in problems):
            raise InputError(f"{self.source}: its lines are far from the stops (the nearest, "
                             f"{nearest_name}, is {nearest_m / 1000:.0f} km away; max_snap_m is "
                             f"{self.max_snap_m / 1000:g} km); is it the network for this journey?")
        for k, why in problems:
            a, b = pairs[k]
            message = f"{self.source}: leg {a.name} -> {b.name}: {why}"
            if self.strict:
                raise InputError(message + ".")
            warnings.warn(message + "; drawn as a geodesic instead.", NetworkWarning, stacklevel=3)
        return routed
