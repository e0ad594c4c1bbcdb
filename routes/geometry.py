"""Legs between stops, drawn along the WGS84 geodesic.

The one place where (lat, lon) becomes (lon, lat): shapely and pyproj are lon-first.

Two longitude conventions meet here:

* **unwrapped** (what :class:`~routes.model.Leg` carries): each vertex's longitude is
  chosen within 180° of the previous one, so a Vladivostok → Anchorage leg runs from
  131.9 to 210.1 instead of jumping from 180 to -180. Leaflet, folium and kepler.gl
  draw straight segments in Web Mercator, and draw such a line the short way.
* **RFC 7946** (GeoJSON, KML, GPX): every longitude in [-180, 180]; a line that crosses
  the antimeridian is cut there into a MultiLineString by :func:`split_antimeridian`.

Vertex spacing is adaptive (:func:`segment_count`): a leg of ``d`` km gets
``ceil(sqrt(d / 5))`` chords, so a 50 km leg has 5 vertices and a 9,000 km leg 44. The
chords' sag off the geodesic is then the same small fraction of every leg's length, so
each leg looks equally smooth at the zoom that fits it. The work for a whole journey is
done in a few vectorised pyproj/numpy calls, not per vertex.

Examples
--------
>>> line = densify(43.1155, 131.8855, 61.2181, -149.9003)   # Vladivostok -> Anchorage
>>> f"{line.coords[0][0]:.1f} {line.coords[-1][0]:.1f}"
'131.9 210.1'
>>> parts = split_antimeridian(line)
>>> f"{parts.geom_type} {len(parts.geoms)}"
'MultiLineString 2'
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache
from numbers import Real
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString

from routes.errors import InputError
from routes.model import MODES, Journey, Leg, Place, Stop

if TYPE_CHECKING:  # pragma: no cover
    from routes.network import Network

__all__ = [
    "SPACING_SCALE_M",
    "build_legs",
    "check_lat_lon",
    "densify",
    "journey_legs",
    "journey_offsets",
    "leg_between",
    "leg_lengths_m",
    "segment_count",
    "split_antimeridian",
    "split_antimeridian_coords",
    "total_distance_m",
    "unwrap_lon",
    "with_legs",
]

#: A leg of d metres is drawn with ceil(sqrt(d / SPACING_SCALE_M)) chords.
SPACING_SCALE_M = 5_000.0
#: Near-pole legs: closer than this to a pole, a chord may sweep many degrees of lon.
_POLE_EPS_DEG = 1e-9


@lru_cache(maxsize=1)
def _geod():
    from pyproj import Geod

    return Geod(ellps="WGS84")


# --------------------------------------------------------------------------- checks

def check_lat_lon(lat: object, lon: object, where: str) -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats; raise InputError naming ``where`` when unusable.

    Rejects strings, booleans, NaN/infinity, ``|lat| > 90`` and ``|lon| > 180``.
    """
    if type(lat) is float and type(lon) is float and abs(lat) <= 90.0 and abs(lon) <= 180.0:
        return lat, lon  # the common case, checked cheaply (NaN fails the comparisons)
    out = []
    for field, value, limit in (("lat", lat, 90.0), ("lon", lon, 180.0)):
        if isinstance(value, bool) or not isinstance(value, (Real, np.floating, np.integer)):
            raise InputError(f"{where}: {field} must be a number, not {value!r:.40}.")
        number = float(value)
        if not math.isfinite(number):
            raise InputError(f"{where}: {field} must be a finite number, not {number}.")
        if abs(number) > limit:
            raise InputError(f"{where}: {field} is {number:g}, outside -{limit:g}..{limit:g}.")
        out.append(number)
    return out[0], out[1]


def _where(stop: Stop) -> str:
    name = getattr(getattr(stop, "place", None), "name", "?")
    return f"stop {getattr(stop, 'sequence', '?')} ({name})"


def _check_place(place: object, where: str) -> tuple[float, float]:
    if not isinstance(place, Place):
        raise InputError(f"{where}: expected a Place, not {type(place).__name__}.")
    return check_lat_lon(place.lat, place.lon, where)


def _check_stop(stop: object, index: int) -> None:
    if not isinstance(stop, Stop):
        raise InputError(f"stops[{index}]: expected a Stop, not {type(stop).__name__}.")
    where = _where(stop)
    _check_place(stop.place, where)
    if stop.mode_in not in MODES:
        raise InputError(f"{where}: mode {stop.mode_in!r} is not one of {', '.join(MODES)}.")
    if not isinstance(stop.via, (tuple, list)):
        raise InputError(f"{where}: via (the waypoints of the leg into it) must be a list of places, "
                         f"not {type(stop.via).__name__}.")
    for k, place in enumerate(stop.via):
        _check_place(place, f"{where}: via[{k}]")


# ----------------------------------------------------------------- longitude helpers

def unwrap_lon(lons: Iterable[float]) -> np.ndarray:
    """Return the longitudes with each one moved by a multiple of 360° to lie within
    180° of the previous one (the first is kept as given)."""
    arr = np.asarray(lons, dtype=float)
    if arr.size < 2:
        return arr.copy()
    return np.unwrap(arr, period=360.0)


def _fix_poles(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return vertices where a pole's (meaningless) longitude follows its neighbour and a
    chord through a pole is drawn up to the pole and down again.

    A geodesic over a pole flips longitude by exactly 180° between two vertices; drawn
    as a straight lon/lat chord it would run along a parallel instead of via the pole.
    """
    at_pole = np.abs(lat) >= 90.0 - _POLE_EPS_DEG
    if at_pole.any() and not at_pole.all():
        idx = np.flatnonzero(~at_pole)
        # each pole vertex takes the lon of the nearest vertex that is not at a pole
        nearest = idx[np.clip(np.searchsorted(idx, np.arange(lon.size)), 0, idx.size - 1)]
        lon = np.where(at_pole, lon[nearest], lon)
    dlon = np.abs(((np.diff(lon) + 180.0) % 360.0) - 180.0)
    flips = np.flatnonzero((dlon > 180.0 - 1e-6) & (np.abs(lat[:-1] + lat[1:]) > 0))
    if flips.size:
        lons, lats = list(lon), list(lat)
        for i in flips[::-1]:  # insert from the end so earlier indices stay valid
            pole = 90.0 if lat[i] + lat[i + 1] > 0 else -90.0
            lons[i + 1:i + 1] = [lon[i], lon[i + 1]]
            lats[i + 1:i + 1] = [pole, pole]
        lon, lat = np.asarray(lons), np.asarray(lats)
    return lon, lat


# ------------------------------------------------------------------ densification

def segment_count(distance_m: float | np.ndarray) -> np.ndarray:
    """Return how many chords a geodesic of ``distance_m`` metres is drawn with.

    ``ceil(sqrt(d / 5 km))``, at least 1: 5 km -> 1, 50 km -> 4, 685 km -> 12,
    9,000 km -> 43, 20,000 km -> 64. Chords grow as ``sqrt(5 km * d)``, so a chord's
    sag off the geodesic (~ chord² / 8R) is a fixed fraction of the leg's length.
    """
    d = np.asarray(distance_m, dtype=float)
    return np.maximum(np.ceil(np.sqrt(d / SPACING_SCALE_M) - 1e-9), 1).astype(np.int64)


def _geodesic_parts(lon1, lat1, lon2, lat2, spacing_m: Optional[float] = None):
    """Return (lons, lats, offsets, distances_m): all parts densified in one vectorised call.

    Part ``i`` occupies ``[offsets[i], offsets[i+1])`` of the flat arrays, starts exactly
    at point 1 and ends exactly at point 2; longitudes are not yet unwrapped.
    """
    geod = _geod()
    lon1, lat1, lon2, lat2 = (np.asarray(a, dtype=float) for a in (lon1, lat1, lon2, lat2))
    az12, _, dist = geod.inv(lon1, lat1, lon2, lat2)
    dist = np.asarray(dist, dtype=float)
    if spacing_m is None:
        nseg = segment_count(dist)
    else:
        if not (math.isfinite(spacing_m) and spacing_m > 0):
            raise InputError(f"spacing_m must be a positive number of metres, not {spacing_m!r}.")
        nseg = np.maximum(np.ceil(dist / spacing_m - 1e-9), 1).astype(np.int64)
    npts = nseg + 1
    offsets = np.concatenate(([0], np.cumsum(npts)))
    part = np.repeat(np.arange(nseg.size), npts)
    step = np.arange(offsets[-1]) - offsets[part]
    frac = step / nseg[part]
    lons, lats, _ = geod.fwd(lon1[part], lat1[part], np.broadcast_to(az12, dist.shape)[part],
                             frac * dist[part])
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    # keep the endpoints exactly as given (fwd's round trip is off by ~1e-12)
    first, last = offsets[:-1], offsets[1:] - 1
    lons[first], lats[first] = lon1, lat1
    lons[last], lats[last] = lon2, lat2
    return lons, lats, offsets, dist


def _leg_arrays(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Return an (n, 2) lon/lat array: poles fixed, longitudes unwrapped."""
    lons, lats = _fix_poles(lons, lats)
    return np.column_stack((unwrap_lon(lons), lats))


def densify(lat1: float, lon1: float, lat2: float, lon2: float, *,
            spacing_m: Optional[float] = None) -> LineString:
    """Return the geodesic from point 1 to point 2 as a lon/lat LineString.

    Both endpoints are kept; longitudes are unwrapped (the line may run past ±180);
    the same place twice gives a two-vertex, zero-length line. ``spacing_m`` overrides
    the adaptive spacing of :func:`segment_count`.
    """
    lat1, lon1 = check_lat_lon(lat1, lon1, "densify: point 1")
    lat2, lon2 = check_lat_lon(lat2, lon2, "densify: point 2")
    lons, lats, _, _ = _geodesic_parts([lon1], [lat1], [lon2], [lat2], spacing_m)
    return LineString(_leg_arrays(lons, lats))


def leg_lengths_m(lines: Sequence[np.ndarray]) -> np.ndarray:
    """Return the geodesic length (metres) of each (n, 2) lon/lat array.

    Same as ``Geod.geometry_length`` per line, computed in one vectorised call.
    """
    if not lines:
        return np.zeros(0)
    coords = np.concatenate(lines)
    sizes = np.array([len(c) for c in lines])
    if coords.shape[0] < 2:
        return np.zeros(len(lines))
    seg = np.asarray(_geod().line_lengths(coords[:, 0], coords[:, 1]), dtype=float)
    # zero the chords that join one line's end to the next line's start
    ends = np.cumsum(sizes)[:-1] - 1
    seg[ends] = 0.0
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    seg = np.append(seg, 0.0)
    return np.add.reduceat(seg, starts) * (sizes > 1)


# --------------------------------------------------------------------------- legs

def build_legs(stops: Sequence[Stop], network: Optional["Network"] = None) -> tuple[Leg, ...]:
    """Return one leg per consecutive pair of stops, in travel order.

    Each leg runs along the geodesic through the waypoints of its end stop
    (``Stop.via``), or along ``network`` when given and the leg's mode is one the network
    carries (see :class:`routes.network.Network`). Every stop is checked before any leg
    is drawn: a bad coordinate, mode or waypoint list raises InputError naming it.
    ``distance_m`` equals ``Geod.geometry_length(leg.geometry)``.
    """
    stops = tuple(stops)
    for i, stop in enumerate(stops):
        _check_stop(stop, i)
    pairs = list(zip(stops, stops[1:]))
    if not pairs:
        return ()
    routed: dict[int, np.ndarray] = {}
    if network is not None:
        routed = network.route_legs(pairs)

    geoms: list = [None] * len(pairs)
    lengths = np.zeros(len(pairs))
    if routed:
        keys = sorted(routed)
        routed_m = leg_lengths_m([routed[k] for k in keys])
        for k, length in zip(keys, routed_m):
            geoms[k] = LineString(routed[k])
            lengths[k] = length
    todo = [k for k in range(len(pairs)) if k not in routed]
    if todo:
        for k, geom, length in zip(todo, *_geodesic_legs([pairs[k] for k in todo])):
            geoms[k] = geom
            lengths[k] = length
    return tuple(Leg(start=a, end=b, mode=b.mode_in, geometry=geoms[k],
                     distance_m=float(lengths[k]), planned=b.planned,
                     inferred=a.inferred or b.inferred, waypoints=tuple(b.via))
                 for k, (a, b) in enumerate(pairs))


def _geodesic_legs(pairs: Sequence[tuple[Stop, Stop]]):
    """Return (geometries, lengths_m) of geodesic legs, all computed in a few vectorised
    calls: densify every piece (start -> waypoints -> end), join the pieces of each leg,
    unwrap longitudes leg by leg, and fix the rare legs that touch a pole."""
    owners: list[int] = []
    lat1: list[float] = []
    lon1: list[float] = []
    lat2: list[float] = []
    lon2: list[float] = []
    for k, (a, b) in enumerate(pairs):
        if b.via:
            pts = [(a.lat, a.lon)] + [(p.lat, p.lon) for p in b.via] + [(b.lat, b.lon)]
            for (la1, lo1), (la2, lo2) in zip(pts, pts[1:]):
                owners.append(k)
                lat1.append(la1); lon1.append(lo1); lat2.append(la2); lon2.append(lo2)
        else:
            owners.append(k)
            lat1.append(a.lat); lon1.append(a.lon); lat2.append(b.lat); lon2.append(b.lon)
    owner = np.asarray(owners)
    lons, lats, offsets, dist = _geodesic_parts(lon1, lat1, lon2, lat2)
    nlegs = len(pairs)
    lengths = np.bincount(owner, weights=dist, minlength=nlegs)

    # a piece that continues its leg drops its first vertex (it repeats the last one)
    continues = np.concatenate(([False], owner[1:] == owner[:-1]))
    keep = np.ones(lons.size, dtype=bool)
    keep[offsets[:-1][continues]] = False
    lons, lats = lons[keep], lats[keep]
    sizes = np.bincount(owner, weights=np.diff(offsets) - continues, minlength=nlegs).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    leg_of = np.repeat(np.arange(nlegs), sizes)

    # unwrap each leg: every step within 180°, each leg's first vertex as given
    step = np.diff(lons)
    wrapped = ((step + 180.0) % 360.0) - 180.0
    wrapped[(wrapped == -180.0) & (step > 0)] = 180.0
    turns = np.round((wrapped - step) / 360.0)  # whole turns: keeps the sums exact
    shift = np.concatenate(([0.0], 360.0 * np.cumsum(turns)))
    shift -= np.repeat(shift[starts], sizes)
    raw_lons = lons
    lons = lons + shift

    # legs touching a pole or flipping 180° over one are redrawn one by one
    same_leg = leg_of[1:] == leg_of[:-1]
    flips = same_leg & (np.abs(wrapped) > 180.0 - 1e-6)
    # sorted(set(...)) rather than np.unique, which imports numpy.ma (~17 ms per process)
    odd = sorted(set(leg_of[np.abs(lats) >= 90.0 - _POLE_EPS_DEG].tolist())
                 | set(leg_of[:-1][flips].tolist()))
    geoms = list(shapely.linestrings(np.column_stack((lons, lats)), indices=leg_of))
    for k in odd:
        sl = slice(starts[k], starts[k] + sizes[k])
        geoms[k] = LineString(_leg_arrays(raw_lons[sl], lats[sl]))
    return geoms, lengths


def journey_legs(stops: Sequence[Stop], *, network: Optional["Network"] = None) -> tuple[Leg, ...]:
    """Return the legs between consecutive stops (keyword-only form of :func:`build_legs`)."""
    return build_legs(stops, network)


def leg_between(a: Stop, b: Stop, mode: str = "unknown", *,
                network: Optional["Network"] = None) -> Leg:
    """Return the leg from stop ``a`` to stop ``b`` (through ``b.via``) with its length in metres.

    ``mode`` falls back to ``b.mode_in`` when empty or "unknown".
    """
    leg = build_legs((a, b), network)[0]
    chosen = mode if mode and mode != "unknown" else b.mode_in
    if chosen not in MODES:
        raise InputError(f"{_where(b)}: mode {chosen!r} is not one of {', '.join(MODES)}.")
    return replace(leg, mode=chosen)


def with_legs(journey: Journey, network: Optional["Network"] = None) -> Journey:
    """Return ``journey`` with its legs (re)drawn from its stops."""
    return replace(journey, legs=build_legs(journey.stops, network))


def total_distance_m(legs: Iterable[Leg]) -> float:
    """Return the summed geodesic length of ``legs`` in metres."""
    return float(sum(leg.distance_m for leg in legs))


def journey_offsets(legs: Sequence[Leg]) -> tuple[float, ...]:
    """Return, per leg, the multiple of 360° to add to its longitudes so that the
    journey is one continuous line on a Leaflet map (each leg starts where the previous
    one ended, even after crossing ±180 several times).

    Add the same offset to a stop marker's longitude to keep it on the line.
    """
    offsets: list[float] = []
    prev_end: Optional[float] = None
    for leg in legs:
        coords = leg.geometry.coords
        start = coords[0][0]
        shift = 0.0 if prev_end is None else 360.0 * round((prev_end - start) / 360.0)
        offsets.append(shift)
        prev_end = coords[-1][0] + shift
    return tuple(offsets)


# --------------------------------------------------------------------- antimeridian

def split_antimeridian(line) -> LineString | MultiLineString:
    """Return ``line`` with every longitude in [-180, 180], cut where it crosses ±180.

    The input may use unwrapped longitudes (any range) or wrapped ones; each vertex is
    first put within 180° of the previous one, then the line is cut at every odd
    multiple of 180° with the crossing latitude interpolated linearly between the two
    vertices (legs are densified, so the chord is short). A line that does not cross
    comes back as one LineString; one that does as a MultiLineString whose parts end
    and start on ±180.
    """
    coords = np.asarray(line.coords if hasattr(line, "coords") else line, dtype=float)
    if coords.ndim != 2 or coords.shape[0] == 0:
        raise InputError("split_antimeridian: the line has no coordinates.")
    parts = split_antimeridian_coords(coords[:, :2])
    return LineString(parts[0]) if len(parts) == 1 else MultiLineString(parts)


def split_antimeridian_coords(coords: np.ndarray) -> list[np.ndarray]:
    """Return the (n, 2) lon/lat parts of ``coords`` cut at ±180 (array form of
    :func:`split_antimeridian`; every part has at least two vertices)."""
    lon, lat = coords[:, 0], coords[:, 1]
    if lon.size > 1 and np.any(np.abs(np.diff(lon)) > 180.0):
        lon = unwrap_lon(lon)
    world = np.floor((lon + 180.0) / 360.0)
    crossings = np.flatnonzero(world[1:] != world[:-1])
    # clip: lon + 180 can round up to 360 for a lon a hair below 180
    norm = np.column_stack((np.clip(lon - 360.0 * world, -180.0, 180.0), lat))
    if crossings.size == 0:
        return [norm if norm.shape[0] >= 2 else np.vstack([norm, norm])]

    i0, i1 = crossings, crossings + 1
    w0, w1 = world[i0], world[i1]
    t = (-180.0 + 360.0 * np.maximum(w0, w1) - lon[i0]) / (lon[i1] - lon[i0])
    lat_c = lat[i0] + t * (lat[i1] - lat[i0])
    # rounding must not carry the cut past its vertices (90.00000000000001 beside the pole)
    lat_c = np.clip(lat_c, np.minimum(lat[i0], lat[i1]), np.maximum(lat[i0], lat[i1]))
    edge = np.where(w1 > w0, 180.0, -180.0)  # where the part before the cut ends
    parts: list[np.ndarray] = []
    start = 0
    for j, i in enumerate(crossings.tolist()):
        pieces = [norm[start:i + 1], [[edge[j], lat_c[j]]]]
        if j:
            pieces.insert(0, [[-edge[j - 1], lat_c[j - 1]]])
        parts.append(np.concatenate(pieces))
        start = i + 1
    parts.append(np.concatenate([[[-edge[-1], lat_c[-1]]], norm[start:]]))

    kept = [p for p in map(_drop_repeats, parts) if p.shape[0] >= 2]
    if not kept:  # a zero-length line sitting on ±180
        point = [180.0 if lon[0] > 0 else -180.0, float(lat[0])]
        return [np.array([point, point])]
    return kept


def _drop_repeats(part: np.ndarray) -> np.ndarray:
    """Return ``part`` without a cut point that repeats its neighbouring vertex."""
    if part.shape[0] >= 2 and (part[0] == part[1]).all():
        part = part[1:]
    if part.shape[0] >= 2 and (part[-1] == part[-2]).all():
        part = part[:-1]
    return part
