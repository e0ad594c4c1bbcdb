"""Property-based checks over random point pairs (hypothesis)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from routes.geometry import build_legs, split_antimeridian
from routes.model import Place, Stop

GEOD = Geod(ellps="WGS84")

lats = st.one_of(st.floats(-90, 90, allow_nan=False), st.sampled_from([-90.0, 90.0, 0.0, 89.999]))
lons = st.one_of(st.floats(-180, 180, allow_nan=False), st.sampled_from([-180.0, 180.0, 0.0, 179.999]))
points = st.tuples(lats, lons)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def leg(p, q, via=()):
    a = Stop(Place("a", "A", p[0], p[1]), 1)
    b = Stop(Place("b", "B", q[0], q[1]), 2,
             via=tuple(Place(f"w{i}", f"W{i}", lat, lon) for i, (lat, lon) in enumerate(via)))
    return build_legs((a, b))[0]


@SETTINGS
@given(points, points)
def test_no_leaflet_segment_jumps_more_than_180_degrees(p, q):
    x = shapely.get_coordinates(leg(p, q).geometry)[:, 0]
    assert np.all(np.abs(np.diff(x)) <= 180.0)


@SETTINGS
@given(points, points, st.lists(points, max_size=3))
def test_every_geojson_coordinate_is_in_range(p, q, via):
    split = split_antimeridian(leg(p, q, via).geometry)
    coords = shapely.get_coordinates(split)
    assert np.all((coords[:, 0] >= -180) & (coords[:, 0] <= 180))
    assert np.all((coords[:, 1] >= -90) & (coords[:, 1] <= 90))
    parts = split.geoms if split.geom_type == "MultiLineString" else [split]
    for part in parts:
        assert len(part.coords) >= 2
        # RFC 7946 parts never cross the antimeridian inside themselves; a leg over a pole
        # switches meridians there, a jump of exactly 180 degrees (up to rounding).
        assert np.all(np.abs(np.diff(np.asarray(part.coords)[:, 0])) <= 180.0 + 1e-9)


@SETTINGS
@given(points, points)
def test_lengths_are_non_negative_symmetric_and_agree_with_geod_inv(p, q):
    there, back = leg(p, q), leg(q, p)
    assert there.distance_m >= 0
    assert there.distance_m == pytest.approx(back.distance_m, rel=1e-6, abs=1e-3)
    expected = GEOD.inv(p[1], p[0], q[1], q[0])[2]
    assert there.distance_m == pytest.approx(expected, rel=1e-4, abs=1e-3)


@SETTINGS
@given(points, points)
def test_endpoints_are_kept(p, q):
    coords = shapely.get_coordinates(leg(p, q).geometry)
    for (lon, lat), (want_lat, want_lon) in ((coords[0], p), (coords[-1], q)):
        assert lat == pytest.approx(want_lat, abs=1e-9)
        if abs(want_lat) < 90 - 1e-6:  # at (or a nanometre from) a pole lon is meaningless
            assert (lon - want_lon) % 360 == pytest.approx(0, abs=1e-9) or \
                (lon - want_lon) % 360 == pytest.approx(360, abs=1e-9)


def test_a_cut_beside_the_pole_stays_within_the_poles():
    # found by hypothesis: the crossing latitude rounded to 90.00000000000001
    split = split_antimeridian(leg((0.0, 0.0), (0.0, 179.99999999999997), [(0.0, 173.0), (90.0, 0.0)]).geometry)
    assert shapely.get_coordinates(split)[:, 1].max() <= 90.0
