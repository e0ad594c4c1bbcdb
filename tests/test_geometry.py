"""Legs along the WGS84 geodesic: lengths, antimeridian, poles, zero-length, waypoints."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from pyproj import Geod

from routes.errors import InputError
from routes.geometry import (
    build_legs,
    densify,
    journey_legs,
    journey_offsets,
    leg_between,
    segment_count,
    split_antimeridian,
    total_distance_m,
    unwrap_lon,
    with_legs,
)
from routes.model import Journey, Place, Stop

GEOD = Geod(ellps="WGS84")

PYONGYANG = Place("gn:1871859", "Pyongyang", 39.0392, 125.7625, "KP")
KHASAN = Place("gn:2039539", "Khasan", 42.4308, 130.6434, "RU")
USSURIYSK = Place("gn:2014006", "Ussuriysk", 43.8000, 131.9500, "RU")
VLADIVOSTOK = Place("gn:2013348", "Vladivostok", 43.1155, 131.8855, "RU")
ANCHORAGE = Place("gn:5879400", "Anchorage", 61.2181, -149.9003, "US")
LONDON = Place("gn:2643743", "London", 51.5074, -0.1278, "GB")
NEW_YORK = Place("gn:5128581", "New York", 40.7128, -74.0060, "US")
SUVA = Place("gn:2198148", "Suva", -18.1416, 178.4415, "FJ")
TAVEUNI = Place("x:taveuni", "Taveuni", -16.85, -179.97, "FJ")


def stop(place: Place, seq: int, **kw) -> Stop:
    return Stop(place=place, sequence=seq, **kw)


def lons(geom) -> np.ndarray:
    return shapely.get_coordinates(geom)[:, 0]


def inv_m(a: Place, b: Place) -> float:
    return GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2]


# ------------------------------------------------------------------------- lengths

@pytest.mark.parametrize("a,b", [(PYONGYANG, VLADIVOSTOK), (LONDON, NEW_YORK),
                                 (VLADIVOSTOK, ANCHORAGE), (SUVA, TAVEUNI),
                                 (KHASAN, VLADIVOSTOK)])
def test_leg_length_agrees_with_geod_inv_to_a_hundredth_of_a_percent(a, b):
    leg = leg_between(stop(a, 1), stop(b, 2))
    expected = inv_m(a, b)
    assert leg.distance_m == pytest.approx(expected, rel=1e-4)
    assert leg.distance_m == pytest.approx(GEOD.geometry_length(leg.geometry), rel=1e-9)


@pytest.mark.parametrize("a,b,published_km", [
    (PYONGYANG, VLADIVOSTOK, 690),   # "about 690 km" as the crow flies
    (LONDON, NEW_YORK, 5570),        # "about 5,570 km"
])
def test_leg_length_matches_published_great_circle_distance(a, b, published_km):
    leg = leg_between(stop(a, 1), stop(b, 2))
    assert leg.distance_m / 1000 == pytest.approx(published_km, rel=0.01)


def test_journey_total_is_the_sum_of_its_legs():
    stops = (stop(PYONGYANG, 1), stop(KHASAN, 2, mode_in="train"),
             stop(VLADIVOSTOK, 3, mode_in="train"))
    legs = build_legs(stops)
    assert len(legs) == 2
    assert total_distance_m(legs) == pytest.approx(inv_m(PYONGYANG, KHASAN) + inv_m(KHASAN, VLADIVOSTOK),
                                                   rel=1e-6)
    journey = with_legs(Journey("t", stops))
    assert journey.distance_m == pytest.approx(total_distance_m(legs))


def test_legs_carry_mode_planned_inferred_and_endpoints():
    a = stop(PYONGYANG, 1, inferred=True)
    b = stop(VLADIVOSTOK, 2, mode_in="train", planned=True)
    (leg,) = journey_legs((a, b))
    assert (leg.start, leg.end, leg.mode, leg.planned, leg.inferred) == (a, b, "train", True, True)
    assert leg.geometry.coords[0] == (PYONGYANG.lon, PYONGYANG.lat)
    assert leg.geometry.coords[-1] == (VLADIVOSTOK.lon, VLADIVOSTOK.lat)


def test_leg_between_explicit_mode_wins_over_stop_mode():
    leg = leg_between(stop(PYONGYANG, 1), stop(VLADIVOSTOK, 2, mode_in="train"), "air")
    assert leg.mode == "air"
    assert leg_between(stop(PYONGYANG, 1), stop(VLADIVOSTOK, 2, mode_in="train")).mode == "train"


def test_densified_vertices_lie_on_the_geodesic():
    line = densify(LONDON.lat, LONDON.lon, NEW_YORK.lat, NEW_YORK.lon)
    coords = np.asarray(line.coords)
    # every vertex: distance from start + distance to end == total (on the geodesic)
    total = inv_m(LONDON, NEW_YORK)
    n = len(coords)
    _, _, d1 = GEOD.inv(np.full(n, LONDON.lon), np.full(n, LONDON.lat), coords[:, 0], coords[:, 1])
    _, _, d2 = GEOD.inv(coords[:, 0], coords[:, 1], np.full(n, NEW_YORK.lon), np.full(n, NEW_YORK.lat))
    assert np.allclose(d1 + d2, total, rtol=1e-9, atol=1e-3)


# -------------------------------------------------------------------- adaptivity

def max_sag_fraction(line) -> float:
    """Return the largest gap between a chord's lon/lat midpoint and the geodesic's
    midpoint, as a fraction of the line's length (what a viewer sees as a kink)."""
    c = np.asarray(line.coords)
    az, _, d = GEOD.inv(c[:-1, 0], c[:-1, 1], c[1:, 0], c[1:, 1])
    mid_lon, mid_lat, _ = GEOD.fwd(c[:-1, 0], c[:-1, 1], az, d / 2)
    chord_mid = (c[1:] + c[:-1]) / 2
    _, _, gap = GEOD.inv(chord_mid[:, 0], chord_mid[:, 1], mid_lon, mid_lat)
    return float(np.max(gap) / GEOD.geometry_length(line))


@pytest.mark.parametrize("a,b", [(LONDON, Place("t", "Tokyo", 35.68, 139.69)),
                                 (VLADIVOSTOK, ANCHORAGE), (PYONGYANG, VLADIVOSTOK),
                                 (KHASAN, Place("k", "Kraskino", 42.80, 130.90))])
def test_every_leg_is_equally_smooth(a, b):
    line = leg_between(stop(a, 1), stop(b, 2)).geometry
    assert max_sag_fraction(line) < 1e-3  # a 9,600 km leg strays < 10 km from the geodesic


def test_short_legs_have_few_vertices_and_long_legs_many():
    short = densify(42.43, 130.64, 42.80, 130.90)  # ~45 km
    long_ = densify(LONDON.lat, LONDON.lon, 35.68, 139.69)  # London-Tokyo ~9,600 km
    assert len(short.coords) <= 6
    assert len(long_.coords) >= 40


def test_segment_count_rule():
    assert segment_count(0.0) == 1
    assert segment_count(5_000.0) == 1
    assert segment_count(50_000.0) == 4
    assert segment_count(685_000.0) == 12
    assert segment_count(9_000_000.0) == 43
    assert list(segment_count(np.array([0.0, 20_000_000.0]))) == [1, 64]


def test_explicit_spacing_overrides_the_rule():
    line = densify(PYONGYANG.lat, PYONGYANG.lon, VLADIVOSTOK.lat, VLADIVOSTOK.lon, spacing_m=200_000)
    assert len(line.coords) == 5  # 685 km / 200 km -> 4 chords
    assert max(GEOD.line_lengths(*np.asarray(line.coords).T)) <= 200_000


# -------------------------------------------------------------------- antimeridian

def test_vladivostok_to_anchorage_is_continuous_for_leaflet():
    leg = leg_between(stop(VLADIVOSTOK, 1), stop(ANCHORAGE, 2, mode_in="air"))
    x = lons(leg.geometry)
    assert np.all(np.abs(np.diff(x)) < 180)
    assert x[0] == pytest.approx(VLADIVOSTOK.lon)
    assert x[-1] == pytest.approx(ANCHORAGE.lon + 360)  # runs east past 180
    assert np.all(np.diff(x) > 0)  # eastward all the way: no wrong-way detour


def test_vladivostok_to_anchorage_is_split_for_geojson():
    leg = leg_between(stop(VLADIVOSTOK, 1), stop(ANCHORAGE, 2))
    split = split_antimeridian(leg.geometry)
    assert split.geom_type == "MultiLineString"
    west, east = split.geoms
    assert west.coords[-1][0] == 180.0 and east.coords[0][0] == -180.0
    assert west.coords[-1][1] == pytest.approx(east.coords[0][1])  # same crossing latitude
    all_x = shapely.get_coordinates(split)[:, 0]
    assert all_x.min() >= -180 and all_x.max() <= 180
    # the split line has the same geodesic length, up to the interpolated crossing point
    assert GEOD.geometry_length(split) == pytest.approx(leg.distance_m, rel=1e-5)


def test_fiji_leg_crossing_the_antimeridian_westward():
    leg = leg_between(stop(TAVEUNI, 1), stop(SUVA, 2, mode_in="sea"))
    x = lons(leg.geometry)
    assert x[0] == pytest.approx(TAVEUNI.lon) and x[-1] == pytest.approx(SUVA.lon - 360)
    split = split_antimeridian(leg.geometry)
    assert split.geom_type == "MultiLineString"
    first, second = split.geoms
    assert first.coords[-1][0] == -180.0 and second.coords[0][0] == 180.0


def test_crossing_latitude_is_interpolated_between_the_two_vertices():
    split = split_antimeridian(shapely.LineString([(170, 0), (190, 10)]))
    assert [list(g.coords) for g in split.geoms] == [[(170, 0), (180, 5)], [(-180, 5), (-170, 10)]]


def test_split_of_a_line_that_does_not_cross_is_one_linestring():
    line = densify(LONDON.lat, LONDON.lon, NEW_YORK.lat, NEW_YORK.lon)
    split = split_antimeridian(line)
    assert split.geom_type == "LineString"
    assert np.allclose(split.coords, line.coords)


def test_split_normalises_a_line_lying_wholly_past_180():
    split = split_antimeridian(shapely.LineString([(190, 0), (200, 1)]))
    assert list(split.coords) == [(-170, 0), (-160, 1)]


def test_split_handles_several_wraps():
    # unwrapped line going more than once round the world
    x = np.linspace(0, 800, 81)
    split = split_antimeridian(shapely.LineString(np.column_stack((x, np.zeros_like(x)))))
    assert split.geom_type == "MultiLineString" and len(split.geoms) == 3
    assert all(-180 <= c <= 180 for c in shapely.get_coordinates(split)[:, 0])


def test_vertex_exactly_on_180_does_not_make_a_degenerate_part():
    split = split_antimeridian(shapely.LineString([(170, 0), (180, 1), (190, 2)]))
    assert split.geom_type == "MultiLineString"
    assert all(len(g.coords) >= 2 for g in split.geoms)
    end = split_antimeridian(shapely.LineString([(170, 0), (180, 1)]))
    assert end.geom_type == "LineString" and list(end.coords) == [(170, 0), (180, 1)]


def test_unwrap_lon_keeps_each_step_within_180():
    out = unwrap_lon([170, -170, -150, 179, -179])
    assert list(out) == [170, 190, 210, 179, 181]


def test_journey_offsets_make_a_round_the_world_journey_continuous():
    places = [Place(f"p{i}", f"P{i}", 10.0, lon) for i, lon in enumerate([0, 100, -160, -60, 0])]
    stops = tuple(stop(p, i + 1) for i, p in enumerate(places))
    legs = build_legs(stops)
    offsets = journey_offsets(legs)
    ends = [leg.geometry.coords[-1][0] + off for leg, off in zip(legs, offsets)]
    starts = [leg.geometry.coords[0][0] + off for leg, off in zip(legs, offsets)]
    assert all(abs(s - e) < 1e-9 for s, e in zip(starts[1:], ends[:-1]))
    assert ends[-1] == pytest.approx(360.0)


# --------------------------------------------------------------------------- poles

def test_leg_over_the_north_pole_goes_up_to_the_pole_and_down():
    a = Place("a", "A", 80.0, 0.0)
    b = Place("b", "B", 80.0, 180.0)
    leg = leg_between(stop(a, 1), stop(b, 2))
    coords = np.asarray(leg.geometry.coords)
    assert coords[:, 1].max() == 90.0
    assert np.all(np.abs(np.diff(coords[:, 0])) <= 180)
    assert leg.distance_m == pytest.approx(inv_m(a, b), rel=1e-4)
    split = split_antimeridian(leg.geometry)
    assert all(-180 <= c <= 180 for c in shapely.get_coordinates(split)[:, 0])


def test_leg_from_the_south_pole_takes_its_neighbours_longitude():
    pole = Place("sp", "South Pole", -90.0, 0.0)
    mcmurdo = Place("mm", "McMurdo", -77.846, 166.676)
    leg = leg_between(stop(pole, 1), stop(mcmurdo, 2))
    coords = np.asarray(leg.geometry.coords)
    assert coords[0, 1] == -90.0
    assert coords[0, 0] == pytest.approx(coords[1, 0])  # no sweep along the pole
    assert leg.distance_m == pytest.approx(inv_m(pole, mcmurdo), rel=1e-4)


def test_leg_near_the_pole_has_no_longitude_jump_over_180():
    a = Place("a", "A", 89.9, -10.0)
    b = Place("b", "B", 89.9, 150.0)
    line = leg_between(stop(a, 1), stop(b, 2)).geometry
    assert np.all(np.abs(np.diff(lons(line))) <= 180)


# ------------------------------------------------------------------ zero length

def test_same_place_twice_is_a_zero_length_two_vertex_leg():
    leg = leg_between(stop(VLADIVOSTOK, 1), stop(VLADIVOSTOK, 2))
    assert leg.distance_m == 0.0
    assert list(leg.geometry.coords) == [(VLADIVOSTOK.lon, VLADIVOSTOK.lat)] * 2
    split = split_antimeridian(leg.geometry)
    assert split.geom_type == "LineString" and len(split.coords) == 2


def test_zero_length_leg_on_the_antimeridian_and_at_a_pole():
    on_180 = Place("x", "X", -16.5, 180.0)
    leg = leg_between(stop(on_180, 1), stop(on_180, 2))
    split = split_antimeridian(leg.geometry)
    assert split.geom_type == "LineString" and len(split.coords) == 2
    assert abs(split.coords[0][0]) == 180.0
    pole = Place("np", "North Pole", 90.0, 0.0)
    assert leg_between(stop(pole, 1), stop(pole, 2)).distance_m == 0.0


def test_one_stop_gives_no_legs():
    assert build_legs((stop(PYONGYANG, 1),)) == ()
    assert build_legs(()) == ()


# ------------------------------------------------------------------- waypoints

def test_leg_goes_through_its_waypoints():
    b = stop(VLADIVOSTOK, 2, mode_in="train", via=(USSURIYSK,))
    leg = leg_between(stop(KHASAN, 1), b)
    coords = [tuple(c) for c in leg.geometry.coords]
    assert (USSURIYSK.lon, USSURIYSK.lat) in coords
    assert leg.waypoints == (USSURIYSK,)
    expected = inv_m(KHASAN, USSURIYSK) + inv_m(USSURIYSK, VLADIVOSTOK)
    assert leg.distance_m == pytest.approx(expected, rel=1e-4)
    assert leg.distance_m > inv_m(KHASAN, VLADIVOSTOK)
    assert len(coords) == len(set(coords))  # the waypoint is not repeated


def test_waypoints_across_the_antimeridian_stay_continuous():
    b = stop(ANCHORAGE, 2, via=(Place("adak", "Adak", 51.88, -176.66),))
    leg = leg_between(stop(VLADIVOSTOK, 1), b)
    assert np.all(np.abs(np.diff(lons(leg.geometry))) < 180)


# ------------------------------------------------------------------- bad input

@pytest.mark.parametrize("lat,lon,field", [
    (float("nan"), 10.0, "lat"), (10.0, float("inf"), "lon"), (91.0, 0.0, "lat"),
    (0.0, 180.5, "lon"), (0.0, "131.9", "lon"), (None, 0.0, "lat"), (True, 0.0, "lat"),
])
def test_bad_coordinates_name_the_stop_and_the_field(lat, lon, field):
    bad = Stop(Place("b", "Badplace", lat, lon), 2)
    with pytest.raises(InputError) as err:
        build_legs((stop(PYONGYANG, 1), bad))
    assert "stop 2 (Badplace)" in str(err.value) and field in str(err.value)


def test_waypoint_list_that_is_not_a_list_is_rejected():
    bad = Stop(VLADIVOSTOK, 2, via=USSURIYSK)  # a Place, not a list of them
    with pytest.raises(InputError, match="via"):
        build_legs((stop(KHASAN, 1), bad))


def test_bad_waypoint_coordinate_is_named():
    bad = Stop(VLADIVOSTOK, 2, via=(Place("u", "Ussuriysk", 43.8, float("nan")),))
    with pytest.raises(InputError, match=r"via\[0\].*lon"):
        build_legs((stop(KHASAN, 1), bad))


def test_unknown_mode_is_rejected():
    with pytest.raises(InputError, match="mode 'rocket'"):
        build_legs((stop(KHASAN, 1), Stop(VLADIVOSTOK, 2, mode_in="rocket")))


def test_densify_rejects_non_finite_input_and_bad_spacing():
    with pytest.raises(InputError, match="point 2: lat"):
        densify(0, 0, math.nan, 0)
    with pytest.raises(InputError, match="spacing_m"):
        densify(0, 0, 1, 1, spacing_m=0)


def test_longitude_a_hair_below_180_stays_in_range_after_the_split():
    # found by hypothesis: lon + 180 rounds up to 360 for lon = 179.99999999999997
    split = split_antimeridian(densify(0.0, 0.0, 0.0, 179.99999999999997))
    x = shapely.get_coordinates(split)[:, 0]
    assert x.min() >= -180 and x.max() <= 180
