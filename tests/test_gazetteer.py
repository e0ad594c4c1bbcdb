"""Gazetteer lookups: accuracy on a 200-name list, the tricky cases, bad input."""

from __future__ import annotations

import math

import pytest

from gazetteer import Gazetteer, fold
from gazetteer._gazetteer import distance_m
from routes.errors import InputError, PlaceNotFound
from routes.model import Candidate, Place

from test_gazetteer_names import NAMES


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def _top_km(gaz, name, lat, lon) -> float:
    found = gaz.lookup(name, limit=1)
    if not found:
        return math.inf
    return distance_m(lat, lon, found[0].place.lat, found[0].place.lon) / 1000


def test_names_list_is_broad():
    assert len(NAMES) >= 150
    assert len({n for n, *_ in NAMES}) == len(NAMES)


def test_top1_accuracy_within_25_km(gaz):
    misses = [(n, round(_top_km(gaz, n, lat, lon))) for n, lat, lon, _ in NAMES
              if _top_km(gaz, n, lat, lon) > 25]
    accuracy = 1 - len(misses) / len(NAMES)
    assert accuracy >= 0.95, misses


@pytest.mark.parametrize("name, lat, lon, cc", [
    ("Khasan", 42.424, 130.652, "RU"),          # not Hassan (India) nor Kazan
    ("Canton", 23.129, 113.264, "CN"),          # not Canton, Ohio
    ("Vladivostok", 43.115, 131.886, "RU"),
    ("Владивосток", 43.115, 131.886, "RU"),
    ("P'yŏngyang", 39.039, 125.763, "KP"),
    ("Pjöngjang", 39.039, 125.763, "KP"),
    ("Bombay", 19.076, 72.878, "IN"),
    ("Calcutta", 22.573, 88.364, "IN"),
    ("Peking", 39.904, 116.407, "CN"),
    ("Saigon", 10.823, 106.630, "VN"),
    ("Russky Island", 43.01, 131.84, "RU"),
    ("Tumen River", 42.42, 130.64, "KP"),
    ("Tumangang", 42.41, 130.62, "KP"),
    ("Primorsky Krai", 45.0, 134.5, "RU"),
    ("Primorskiy Kray", 45.0, 134.5, "RU"),
    ("Russian Federation", 60.0, 100.0, "RU"),
    ("DPRK", 40.0, 127.0, "KP"),
    ("Bayern", 49.0, 11.5, "DE"),
    ("Dong Dang", 21.95, 106.70, "VN"),
])
def test_tricky_names(gaz, name, lat, lon, cc):
    best = gaz.lookup(name)[0].place
    assert best.country_code == cc
    assert distance_m(lat, lon, best.lat, best.lon) < 25_000


def test_khasan_beats_larger_places_with_the_name_as_alternate(gaz):
    found = gaz.lookup("Khasan")
    assert found[0].place.id == "gn:2022586"
    assert "primary name" in found[0].reason
    assert any(c.place.country_code == "IN" for c in found[1:])


def test_georgia_is_the_country_first_and_the_state_second(gaz):
    found = gaz.lookup("Georgia", limit=2)
    assert [c.place.kind for c in found] == ["country", "admin1"]
    assert found[1].place.country_code == "US"


def test_candidates_expose_scores_and_reasons(gaz):
    found = gaz.lookup("Canton", limit=5)
    assert len(found) == 5 and all(isinstance(c, Candidate) for c in found)
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert "curated alias" in found[0].reason and "pop 16,096,724" in found[0].reason
    assert "Canton" == found[1].place.name and found[1].place.country_code == "US"


def test_filters_by_country_and_kind(gaz):
    ohio = gaz.lookup("Canton", country="us", limit=3)
    assert ohio and all(c.place.country_code == "US" for c in ohio)
    states = gaz.lookup("Georgia", kind="admin1")
    assert [c.place.country_code for c in states] == ["US"]
    assert gaz.lookup("Vladivostok", country="FR") == []


def test_countries_regions_and_demonyms(gaz):
    assert gaz.country("ru").name == "Russia"
    assert gaz.country("KP").lat == 40.0
    assert gaz.country("XX") is None
    assert gaz.admin1("RU", "59").name == "Primorye"
    assert gaz.admin1("US", "Georgia").id == "adm1:US.GA"
    assert gaz.demonym("Russian").country_code == "RU"
    assert gaz.demonym("North Korean").country_code == "KP"
    assert gaz.demonym("American").country_code == "US"
    assert gaz.demonym("French").country_code == "FR"
    assert gaz.demonym("Vladivostok") is None


def test_capital_of_a_country(gaz):
    assert gaz.capital("KP").name == "Pyongyang"
    assert gaz.capital("ru").name == "Moscow"
    assert gaz.capital(" US ").kind == "capital"
    assert gaz.capital("XX") is None and gaz.capital("") is None


@pytest.mark.parametrize("code", ["KP", "RU", "US", "BO", "ZA", "AU"])
def test_capital_is_the_nearest_capital_search_answer(gaz, code):
    country = gaz.country(code)
    nearest = next(p for p, _ in gaz.nearest(country.lat, country.lon, limit=80, kind="capital")
                   if p.country_code == code)
    assert gaz.capital(code) == nearest


def test_get_and_place_not_found(gaz):
    place = gaz.get("gn:2013348")
    assert isinstance(place, Place) and place.name == "Vladivostok"
    assert "Владивосток" in place.alternate_names
    assert gaz.get("cur:russky-island").kind == "island"
    with pytest.raises(PlaceNotFound):
        gaz.get("gn:0")
    with pytest.raises(LookupError):
        gaz.get("country:RU")  # an index entry, not a place id


def test_is_name_and_max_words(gaz):
    assert gaz.is_name("Vladivostok") and gaz.is_name("vladivostok")
    assert gaz.is_name("Russky Island") and gaz.is_name("Bombay")
    assert not gaz.is_name("Qwxzvb Plorg")
    assert not gaz.is_name("") and not gaz.is_name("x" * 10_000)
    assert 1 < gaz.max_name_words <= 6


def test_nearest(gaz):
    found = gaz.nearest(43.12, 131.88, limit=3)
    assert len(found) == 3
    assert [d for _, d in found] == sorted(d for _, d in found)
    assert found[0][1] < 3_000
    cities = gaz.nearest(43.12, 131.88, limit=1, kind="city")
    assert cities[0][0].name == "Vladivostok"
    assert gaz.nearest(0.0, -140.0, limit=2, max_distance_m=50_000) == []
    # near the antimeridian and the pole the ring search still finds something
    assert gaz.nearest(65.0, 179.9, limit=1)[0][0].country_code == "RU"
    assert gaz.nearest(89.0, 0.0, limit=1)
    with pytest.raises(InputError):
        gaz.nearest(200.0, 0.0)


@pytest.mark.parametrize("bad", ["", "   ", "\t\n", "x" * 10_000, "Vladi\x00vostok",
                                 "Moscow\x07"])
def test_bad_names_raise_input_error(gaz, bad):
    with pytest.raises(InputError) as info:
        gaz.lookup(bad)
    message = str(info.value)
    assert message.endswith(".") and message.count(". ") == 0


def test_limit_zero_is_an_empty_list(gaz):
    assert gaz.lookup("Springfield", limit=0) == []  # a name of many places
    assert gaz.lookup("Vladivostok", limit=0) == []


def test_repeated_lookups_give_equal_fresh_lists(gaz):
    first = gaz.lookup("Springfield", limit=3)
    first.append("mine")
    again = gaz.lookup("Springfield", limit=3)
    assert len(again) == 3 and again == first[:3]
    assert gaz.lookup("springfield", kind=["city", "town"], limit=3) == \
        gaz.lookup("springfield", kind=("town", "city"), limit=3)


def test_unknown_name_is_an_empty_list(gaz):
    assert gaz.lookup("Qwxzvb Plorg") == []
    with pytest.raises(PlaceNotFound):
        gaz.best("Qwxzvb Plorg")


@pytest.mark.parametrize("a, b", [
    ("P'yŏngyang", "Pyongyang"), ("Primorskiy Kray", "Primorsky Krai"),
    ("São Paulo", "Sao Paulo"), ("Łódź", "Lodz"), ("ST. PETERSBURG", "st petersburg"),
    ("Ulan-Ude", "Ulan Ude"), ("Kazan’", "Kazan"), ("Düsseldorf", "Dusseldorf"),
])
def test_fold_merges_spellings(a, b):
    assert fold(a) == fold(b)


def test_fold_keeps_distinct_names_apart():
    assert fold("Paris") != fold("Parish")
    assert fold("Владивосток") == "владивосток"
    assert fold("  Hanoi  ") == "hanoi"


def test_nothing_is_loaded_at_import():
    import subprocess
    import sys
    code = ("import sys, gazetteer, routes.geocoders; "
            "print(any(m.startswith('gazetteer._store') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_spelled_like_finds_an_old_spelling_only_near_the_given_points():
    from gazetteer import Gazetteer

    gaz = Gazetteer.default()
    regensburg = gaz.best("Regensburg")
    found = gaz.spelled_like("Straubin", [(regensburg.lat, regensburg.lon)])
    assert found and found[0].place.name == "Straubing"
    # Far from every given point, the same spelling finds nothing.
    assert gaz.spelled_like("Straubin", [(40.0, -100.0)]) == []
    assert gaz.spelled_like("Xq", [(regensburg.lat, regensburg.lon)]) == []


def test_names_with_a_prefix_come_in_order_even_before_the_first_index_key():
    from gazetteer import Gazetteer

    names = Gazetteer.default()._data.names
    first = names._keys[0]
    found = list(names.with_prefix(first[:1]))
    assert found and found[0][0] == first
    keys = [k for k, _ in names.with_prefix("regens")]
    assert "regensburg" in keys and keys == sorted(keys) and all(k.startswith("regens") for k in keys)


@pytest.mark.parametrize("old, now", [("Port Desire", "Puerto Deseado"), ("Port San Julian", "Puerto San Julián"),
                                      ("Otaheite", "Tahiti"), ("Van Diemen's Land", "Tasmania"),
                                      ("Sandwich Islands", "Hawaii")])
def test_old_english_names_of_voyages_reach_todays_places(old, now):
    assert Gazetteer.default().lookup(old)[0].place.name == now
