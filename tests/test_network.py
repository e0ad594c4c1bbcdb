"""Legs that follow a user-supplied line network (a small synthetic rail network)."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import shapely
from pyproj import Geod

from routes.errors import InputError
from routes.geometry import build_legs
from routes.model import Place, Stop
from routes.network import Network, NetworkWarning, load_network, network_from_geojson

GEOD = Geod(ellps="WGS84")

# A 'Γ'-shaped railway: west-east along lat 10 from lon 0 to 2, then north along lon 2
# to lat 11. A short direct spur from (0,10) north-east exists only in `with_spur`.
MAIN = [[0.0, 10.0], [1.0, 10.0], [2.0, 10.0]]
BRANCH = [[2.0, 10.0], [2.0, 10.5], [2.0, 11.0]]
ISLAND = [[50.0, 50.0], [50.5, 50.0]]  # not joined to anything

A = Place("a", "Aville", 10.0, 0.0)
B = Place("b", "Bburg", 11.0, 2.0)
C = Place("c", "Cton", 10.01, 1.0)  # 1.1 km off the line
FAR = Place("f", "Farland", 30.0, 30.0)
ISLE = Place("i", "Isle", 50.0, 50.4)


def fc(*lines, extra=()):
    feats = [{"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
                                                                "coordinates": line}}
             for line in lines]
    return {"type": "FeatureCollection", "features": feats + list(extra)}


@pytest.fixture
def net() -> Network:
    return network_from_geojson(fc(MAIN, BRANCH, ISLAND))


def stops(*places, mode="train", via=None):
    out = [Stop(places[0], 1)]
    for i, p in enumerate(places[1:], start=2):
        out.append(Stop(p, i, mode_in=mode, via=tuple(via or ()) if i == len(places) else ()))
    return tuple(out)


def test_leg_follows_the_network_not_the_geodesic(net):
    (leg,) = build_legs(stops(A, B), network=net)
    coords = shapely.get_coordinates(leg.geometry)
    assert tuple(coords[0]) == (0.0, 10.0) and tuple(coords[-1]) == (2.0, 11.0)
    # it passes the corner at (2, 10)
    assert np.min(np.hypot(coords[:, 0] - 2.0, coords[:, 1] - 10.0)) < 1e-9
    # the network's segments are straight in lon/lat (RFC 7946), so the east-west one
    # follows the parallel: a hair (0.3 m) longer than the geodesic between its ends
    along = GEOD.inv(0, 10, 2, 10)[2] + GEOD.inv(2, 10, 2, 11)[2]
    assert leg.distance_m == pytest.approx(along, rel=1e-5)
    assert np.allclose(coords[coords[:, 0] < 2.0][:, 1], 10.0)
    assert leg.distance_m > GEOD.inv(0, 10, 2, 11)[2]
    assert leg.distance_m == pytest.approx(GEOD.geometry_length(leg.geometry), rel=1e-9)


def test_shortest_path_is_chosen():
    spur = [[0.0, 10.0], [1.0, 10.5], [2.0, 11.0]]
    net = network_from_geojson(fc(MAIN, BRANCH, spur))
    (leg,) = build_legs(stops(A, B), network=net)
    assert leg.distance_m == pytest.approx(GEOD.geometry_length(shapely.LineString(spur)), rel=1e-6)


def test_stop_off_the_line_is_joined_to_the_nearest_vertex(net):
    (leg,) = build_legs(stops(A, C), network=net)
    coords = shapely.get_coordinates(leg.geometry)
    assert tuple(coords[-1]) == (C.lon, C.lat)
    assert tuple(coords[-2]) == (1.0, 10.0)


def test_waypoints_are_routed_through(net):
    via = Place("v", "Corner", 10.0, 2.0)
    (leg,) = build_legs(stops(A, B, via=[via]), network=net)
    coords = [tuple(c) for c in shapely.get_coordinates(leg.geometry)]
    assert (2.0, 10.0) in coords
    assert len(coords) == len(set(coords))


def test_air_legs_ignore_the_network(net):
    (leg,) = build_legs(stops(A, B, mode="air"), network=net)
    assert leg.distance_m == pytest.approx(GEOD.inv(0, 10, 2, 11)[2], rel=1e-4)


def test_stop_far_from_a_partly_covering_network_falls_back_with_a_warning(net):
    with pytest.warns(NetworkWarning, match="Farland is .* km from the nearest line"):
        legs = build_legs(stops(A, B, FAR), network=net)
    assert legs[0].distance_m > GEOD.inv(0, 10, 2, 11)[2]  # routed
    assert legs[1].distance_m == pytest.approx(GEOD.inv(2, 11, 30, 30)[2], rel=1e-4)  # geodesic


def test_strict_network_turns_the_fallback_into_an_error():
    net = network_from_geojson(fc(MAIN, BRANCH), strict=True)
    with pytest.raises(InputError, match="Farland"):
        build_legs(stops(A, B, FAR), network=net)


def test_disconnected_stops_fall_back_with_a_warning(net):
    with pytest.warns(NetworkWarning, match="no line joins Aville to Isle"):
        (leg,) = build_legs(stops(A, ISLE), network=net)
    assert leg.distance_m == pytest.approx(GEOD.inv(A.lon, A.lat, ISLE.lon, ISLE.lat)[2], rel=1e-4)


def test_network_far_from_every_stop_is_an_error(net):
    elsewhere = Place("x", "Elsewhere", -40.0, -60.0)
    with pytest.raises(InputError, match="far from the stops.*Farland"):
        build_legs(stops(FAR, elsewhere), network=net)


def test_lines_split_at_the_antimeridian_are_joined():
    east = [[179.0, -17.0], [180.0, -17.0]]
    west = [[-180.0, -17.0], [-179.0, -17.0]]
    net = network_from_geojson(fc(east, west))
    a, b = Place("a", "A", -17.0, 179.0), Place("b", "B", -17.0, -179.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (leg,) = build_legs(stops(a, b), network=net)
    x = shapely.get_coordinates(leg.geometry)[:, 0]
    assert np.all(np.abs(np.diff(x)) < 180) and x[-1] == pytest.approx(181.0)
    assert leg.distance_m == pytest.approx(GEOD.inv(179, -17, -179, -17)[2], rel=1e-3)


# ------------------------------------------------------------------- loading

def test_load_network_from_file(tmp_path):
    path = tmp_path / "rail.geojson"
    multi = {"type": "Feature", "properties": {"name": "x"},
             "geometry": {"type": "MultiLineString", "coordinates": [MAIN, BRANCH]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [multi]}))
    net = load_network(path)
    assert net.graph.number_of_nodes() > 5
    (leg,) = build_legs(stops(A, B), network=net)
    assert leg.distance_m > GEOD.inv(0, 10, 2, 11)[2]


def test_network_with_no_lines_is_rejected(tmp_path):
    path = tmp_path / "points.geojson"
    point = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [0, 0]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [point, point]}))
    with pytest.raises(InputError, match=r"points.geojson: has no LineString.*found 2 Point"):
        load_network(path)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    with pytest.raises(InputError, match="has no LineString"):
        load_network(path)


@pytest.mark.parametrize("content,match", [
    ("not json", "is not valid JSON"),
    ("[1, 2]", "must be a GeoJSON object"),
    ('{"type": "FeatureCollection"}', "features must be a list"),
    (json.dumps(fc([[0, 0], [200, 0]])), r"features\[0\].geometry.coordinates\[1\]: lon is 200"),
    (json.dumps(fc([[0, 0], [0, "9"]])), r"coordinates\[1\]: lat must be a number"),
    (json.dumps(fc([[0, 0]])), "at least two positions"),
])
def test_bad_network_files_name_the_field(tmp_path, content, match):
    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(InputError, match=match):
        load_network(path)


def test_missing_network_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_network(tmp_path / "nope.geojson")


def test_network_options_are_checked():
    with pytest.raises(InputError, match="mode 'boat'"):
        network_from_geojson(fc(MAIN), modes=("boat",))
    with pytest.raises(InputError, match="max_snap_m"):
        network_from_geojson(fc(MAIN), max_snap_m=-1)
