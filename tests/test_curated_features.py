"""The curated supplement (gazetteer/data/curated.csv): physical features and well-known sites.

Each sentence names a feature that GeoNames cities500 lacks (or answers with a far-away
village of the same name); the extractor must find it and place it where it is.
"""

import csv
import math

import pytest

from gazetteer import _store
from routes.api import extract
from routes.read import document_from_text

COLUMNS = ["id", "name", "lat", "lon", "country_code", "kind", "feature_code", "population",
           "admin1", "alternate_names", "source"]
KINDS_IN_USE = {"island", "river", "lake", "sea", "mountain", "pass", "region", "continent",
                "station", "border_crossing", "facility", "other"}
# Organisations and buildings that news names metonymically: never places in the supplement.
METONYMS = {"white house", "pentagon", "kremlin", "downing street", "capitol hill", "wall street",
            "whitehall", "foggy bottom", "elysee", "élysée", "number 10"}


def km(lat1, lon1, lat2, lon2):
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(h))


def mention(text, surface):
    found = extract(document_from_text(text))
    for m in found:
        if m.text == surface:
            return m
    raise AssertionError(f"{surface!r} not found in {[(m.text, m.kind) for m in found]}")


def assert_near(m, lat, lon, within_km):
    assert m.place is not None, f"{m.text!r} was not resolved"
    d = km(m.lat, m.lon, lat, lon)
    assert d <= within_km, f"{m.text!r} -> {m.place.name} ({m.place.id}) is {d:.0f} km away"


def rows():
    text = _store.data_file("curated.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_island_lesbos():
    m = mention("Migrants landed on Lesbos overnight.", "Lesbos")
    assert_near(m, 39.17, 26.33, 50)
    assert m.place.kind == "island"


def test_river_euphrates():
    m = mention("The ship sailed up the Euphrates towards Basra.", "Euphrates")
    assert m.place.kind == "river" and m.place.country_code == "IQ"


def test_mountain_kilimanjaro_is_in_tanzania():
    m = mention("They climbed Kilimanjaro last spring.", "Kilimanjaro")
    assert m.place.country_code == "TZ"


def test_mount_everest():
    m = mention("The climbers reached the summit of Mount Everest on Tuesday.", "Mount Everest")
    assert_near(m, 27.99, 86.93, 10)


def test_strait_bosphorus():
    m = mention("The ferry crossed the Bosphorus at dawn.", "Bosphorus")
    assert_near(m, 41.12, 29.07, 30)
    assert m.place.kind == "sea"


def test_sea_gulf_of_mexico_is_one_mention():
    found = [x.text for x in extract(document_from_text("Oil spread across the Gulf of Mexico."))]
    assert found == ["Gulf of Mexico"]
    assert_near(mention("Oil spread across the Gulf of Mexico.", "Gulf of Mexico"), 25.0, -90.0, 50)


def test_region_patagonia_not_the_arizona_village():
    m = mention("We drove south through Patagonia for a week.", "Patagonia")
    assert m.place.kind == "region" and m.lat < -35


def test_region_darfur():
    m = mention("Fighting broke out again in Darfur on Sunday.", "Darfur")
    assert m.place.country_code == "SD"


def test_java_is_the_indonesian_island():
    m = mention("A strong earthquake struck Java early on Monday.", "Java")
    assert_near(m, -7.5, 110.0, 100)


def test_lake_victoria():
    m = mention("Fishermen on Lake Victoria reported high waves.", "Lake Victoria")
    assert_near(m, -1.0, 33.0, 50)
    assert m.place.kind == "lake"


def test_guantanamo_bay():
    m = mention("The detainees were flown to Guantanamo Bay.", "Guantanamo Bay")
    assert_near(m, 19.9, -75.15, 10)


def test_site_angkor_wat():
    m = mention("Tourists flock to Angkor Wat every year.", "Angkor Wat")
    assert m.place.country_code == "KH"
    assert_near(m, 13.41, 103.87, 10)


def test_curated_file_has_the_documented_columns():
    text = _store.data_file("curated.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].split(",") == COLUMNS


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["id"])
def test_curated_row_is_well_formed(row):
    lat, lon = float(row["lat"]), float(row["lon"])
    assert -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0
    assert row["source"].strip(), "every row names its source"
    assert row["name"].strip()
    assert row["kind"] in KINDS_IN_USE
    assert row["id"] == row["id"].strip().lower() and " " not in row["id"]
    assert int(row["population"]) >= 0
    assert not row["country_code"] or len(row["country_code"]) == 2
    names = [row["name"], *[a for a in row["alternate_names"].split(";") if a]]
    assert all(n.strip() == n and n for n in names)
    assert not {n.casefold() for n in names} & METONYMS


def test_curated_ids_and_names_are_unique():
    all_rows = rows()
    ids = [r["id"] for r in all_rows]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    owner = {}
    for r in all_rows:
        for n in [r["name"], *[a for a in r["alternate_names"].split(";") if a]]:
            other = owner.setdefault(n.casefold(), r["id"])
            assert other == r["id"], f"{n!r} names both {other} and {r['id']}"


# Alternates that knowingly outrank a far town of the same name: the river is what the name means.
SHADOWING_ON_PURPOSE = {"Amur", "Severn"}


def test_a_curated_alternate_does_not_shadow_a_far_town():
    """Curated alternates count as aliases, so one that is also the name of a town of 20,000
    or more far away ("Eger", Hungary, for the Ohře) would take that town's mentions."""
    from gazetteer import Gazetteer

    gaz = Gazetteer.default()
    clashes = []
    with open(_store.data_file("curated.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            lat, lon = float(row["lat"]), float(row["lon"])
            for alt in filter(None, row["alternate_names"].split(";")):
                for c in gaz.lookup(alt)[:5]:
                    p = c.place
                    if (not p.id.startswith("cur:") and p.kind in ("capital", "city", "town", "village")
                            and p.population >= 20_000 and c.reason.startswith("primary")
                            and km(lat, lon, p.lat, p.lon) > 161 and alt not in SHADOWING_ON_PURPOSE):
                        clashes.append(f"{row['name']}: {alt} is also {p.name}, {p.country_code}")
    assert clashes == []


def test_a_curated_alternate_outranks_a_village_of_that_name():
    assert mention("We took the ferry to Skye.", "Skye").place.name == "Isle of Skye"
    assert mention("The Severn floods every spring.", "Severn").place.kind == "river"


def test_curated_seas_lie_off_land_and_land_features_on_it():
    """A sign slip in a hand-typed coordinate (45 W for 45 E) puts an island in an ocean
    or a sea on a continent: Natural Earth's 1:10m land (lakes are part of it) tells."""
    import numpy as np
    import shapely

    from routes.render import basemap

    layer = basemap._layer("10m")
    tree = shapely.STRtree(layer.land_at(np.arange(len(layer.land_bounds))))
    with open(_store.data_file("curated.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    points = shapely.points([float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows])
    on_land = np.zeros(len(rows), bool)
    on_land[tree.query(points, predicate="intersects")[0]] = True
    nearest, gap_deg = tree.query_nearest(points, return_distance=True, all_matches=False)
    gap = np.zeros(len(rows))
    gap[nearest[0]] = gap_deg
    wrong = []
    for row, land, deg in zip(rows, on_land, gap):
        code = row["feature_code"]
        if code in ("SEA", "OCN", "GULF", "BAY", "STRT", "SD") and land:
            wrong.append(f"{row['name']} is on land")
        # groups of islets, reefs and sea-wide regions have their point between the pieces
        if row["kind"] not in ("sea", "lake", "river") and code not in ("ISLS", "RF", "RGN", "VLC") \
                and not land and deg > 0.3:
            wrong.append(f"{row['name']} is {deg:.1f} degrees off land")
    assert wrong == []
