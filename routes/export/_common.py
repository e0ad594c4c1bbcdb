"""What every export needs: the legs (drawn if missing), checked, in RFC 7946 form."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

import numpy as np
import shapely

from routes.errors import InputError
from routes.geometry import _check_stop, build_legs, split_antimeridian_coords
from routes.model import Journey, Leg, Stop

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Row:
    """One stop with the leg that reached it (None for the first stop)."""

    stop: Stop
    leg: Optional[Leg]
    leg_index: Optional[int]
    cumulative_m: float


@dataclass(frozen=True)
class Prepared:
    """A journey ready to write: rows in travel order, legs, and each leg's RFC 7946
    parts ((n, 2) lon/lat arrays, longitudes in [-180, 180], cut at the antimeridian)."""

    journey: Journey
    rows: tuple[Row, ...]
    legs: tuple[Leg, ...]
    leg_parts: tuple[list[np.ndarray], ...]

    @property
    def title(self) -> str:
        return self.journey.title


def format_positions(coords: np.ndarray, template: str) -> str:
    """Return ``template`` filled in for every row of ``coords`` and joined.

    One %-format over the whole array: C speed, no per-vertex Python. ``template`` takes
    the row's values in order, e.g. ``"%.6f,%.6f "``.
    """
    if coords.shape[0] == 0:
        return ""
    return (template * coords.shape[0]) % tuple(coords.ravel().tolist())


def iso_date(value: Optional[str]) -> Optional[str]:
    """Return ``value`` when it is an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD), else None."""
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        return value.strip()
    return None


def _check_leg(leg: Leg, k: int) -> None:
    where = f"leg {k + 1} ({getattr(leg.start, 'name', '?')} -> {getattr(leg.end, 'name', '?')})"
    geom = leg.geometry
    if geom is None or not hasattr(geom, "geom_type") or geom.is_empty:
        raise InputError(f"{where}: geometry is missing or empty.")
    if geom.geom_type not in ("LineString", "MultiLineString"):
        raise InputError(f"{where}: geometry must be a LineString, not {geom.geom_type}.")
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        raise InputError(f"{where}: geometry has a coordinate that is not a finite number.")
    if np.abs(coords[:, 1]).max() > 90.0:
        raise InputError(f"{where}: geometry has a latitude beyond ±90.")
    if not (isinstance(leg.distance_m, (int, float)) and math.isfinite(leg.distance_m)
            and leg.distance_m >= 0):
        raise InputError(f"{where}: distance_m must be a finite number >= 0, not {leg.distance_m!r}.")


def _parts(geom) -> list[np.ndarray]:
    if geom.geom_type == "MultiLineString":
        return [p for g in geom.geoms for p in split_antimeridian_coords(shapely.get_coordinates(g))]
    return split_antimeridian_coords(shapely.get_coordinates(geom))


def _checked_coords(legs: tuple[Leg, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Return all legs' vertices (one array) and each leg's vertex count; raise
    InputError naming the first bad leg. Checked in one pass, not leg by leg."""
    geoms = np.empty(len(legs), dtype=object)
    for k, leg in enumerate(legs):
        geom, dist = leg.geometry, leg.distance_m
        if (getattr(geom, "geom_type", None) not in ("LineString", "MultiLineString")
                or type(dist) not in (float, int) or not (0 <= dist < math.inf)):
            _check_leg(leg, k)  # raises, naming the problem
        geoms[k] = geom
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    counts = np.bincount(owner, minlength=len(legs))
    good = np.isfinite(coords).all(axis=1) & (np.abs(coords[:, 1]) <= 90.0)
    if not good.all() or (counts < 2).any():
        for k, leg in enumerate(legs):
            _check_leg(leg, k)
        if (counts < 2).any():
            k = int(np.flatnonzero(counts < 2)[0])
            raise InputError(f"leg {k + 1}: geometry has fewer than two vertices.")
    return coords, counts


def prepared(journey: Journey) -> Prepared:
    """Return ``journey`` checked and laid out for the writers; raise InputError naming
    the first bad stop or leg (before anything is written)."""
    if not isinstance(journey, Journey):
        raise InputError(f"expected a Journey, not {type(journey).__name__}.")
    stops = tuple(journey.stops)
    if not stops:
        raise InputError("the journey has no stops to export.")
    for i, stop in enumerate(stops):
        _check_stop(stop, i)
    legs = tuple(journey.legs) if journey.legs else build_legs(stops)

    parts: list[list[np.ndarray]] = []
    if legs:
        coords, counts = _checked_coords(legs)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        owner = np.repeat(np.arange(len(legs)), counts)
        outside = np.bincount(owner, weights=np.abs(coords[:, 0]) >= 180.0, minlength=len(legs))
        for k, leg in enumerate(legs):
            # a leg already within (-180, 180) is written as it is; others are cut at ±180
            mine = coords[starts[k]:starts[k] + counts[k]]
            if outside[k] == 0 and leg.geometry.geom_type == "LineString":
                parts.append([mine])
            elif leg.geometry.geom_type == "LineString":
                parts.append(split_antimeridian_coords(mine))
            else:
                parts.append(_parts(leg.geometry))

    # the leg into each stop: by position when legs follow the stops, else by sequence
    if len(legs) == len(stops) - 1 and all(leg.end is stops[k + 1] or leg.end == stops[k + 1]
                                          for k, leg in enumerate(legs)):
        into = {k + 1: k for k in range(len(legs))}
    else:
        by_seq = {leg.end.sequence: k for k, leg in enumerate(legs)}
        into = {i: by_seq[s.sequence] for i, s in enumerate(stops) if s.sequence in by_seq}
    rows = []
    total = 0.0
    for i, stop in enumerate(stops):
        k = into.get(i)
        leg = legs[k] if k is not None else None
        if leg is not None:
            total += leg.distance_m
        rows.append(Row(stop, leg, k, total))
    return Prepared(journey, tuple(rows), legs, tuple(parts))
