"""The geopy-compatible offline geocoder."""

from __future__ import annotations

import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from routes.errors import InputError
from routes.geocoders import Gazetteer


class FakeOnline:
    """Stands in for an online geopy geocoder; records what it was asked."""

    def __init__(self):
        self.asked = []

    def geocode(self, query, exactly_one=True):
        self.asked.append(query)
        return Location("Somewhere Online", (1.0, 2.0), {"fake": True})


def test_is_a_geopy_geocoder_returning_locations():
    geocoder = Gazetteer()
    assert isinstance(geocoder, Geocoder)
    location = geocoder.geocode("Vladivostok")
    assert isinstance(location, Location)
    assert round(location.latitude, 2) == 43.11 and round(location.longitude, 2) == 131.87
    assert location.raw["id"] == "gn:2013348"
    assert location.raw["score"] > 0 and "primary name" in location.raw["reason"]
    assert location.address == "Vladivostok, RU"


def test_list_results_and_filters():
    geocoder = Gazetteer()
    many = geocoder.geocode("Canton", exactly_one=False, limit=4)
    assert len(many) == 4 and many[0].raw["country_code"] == "CN"
    ohio = geocoder.geocode("Canton", country_codes="US")
    assert ohio.raw["country_code"] == "US"
    both = geocoder.geocode("Georgia", exactly_one=False, country_codes=["US", "GE"])
    assert {loc.raw["country_code"] for loc in both} == {"US", "GE"}
    assert geocoder.geocode("Georgia", kind="admin1").raw["id"] == "adm1:US.GA"


def test_unknown_name_is_none_without_fallback():
    assert Gazetteer().geocode("Qwxzvb Plorg") is None


def test_fallback_is_asked_only_when_the_gazetteer_has_no_answer():
    online = FakeOnline()
    geocoder = Gazetteer(fallback=online)
    assert geocoder.geocode("Khasan").raw["id"] == "gn:2022586"
    assert online.asked == []
    assert geocoder.geocode("Qwxzvb Plorg").raw == {"fake": True}
    assert online.asked == ["Qwxzvb Plorg"]


def test_chains_in_a_list_and_under_rate_limiter():
    chain = [Gazetteer(), FakeOnline()]

    def geocode(query):
        for geocoder in chain:
            found = geocoder.geocode(query)
            if found is not None:
                return found
        return None

    assert geocode("Russky Island").raw["kind"] == "island"
    limited = RateLimiter(Gazetteer().geocode, min_delay_seconds=0)
    assert limited("Tumen River").raw["kind"] == "river"


def test_reverse():
    geocoder = Gazetteer()
    near = geocoder.reverse("43.115, 131.886")
    assert near.raw["distance_m"] < 3_000
    several = geocoder.reverse((42.424, 130.652), exactly_one=False, limit=3)
    assert len(several) == 3
    assert several[0].raw["distance_m"] <= several[1].raw["distance_m"]


def test_bad_query_raises_input_error():
    with pytest.raises(InputError):
        Gazetteer().geocode("   ")
