"""The journey map: numbering, escaping, determinism, offline self-containment, basemap."""

from __future__ import annotations

import re

import pytest

from routes.geometry import build_legs
from routes.model import Evidence, Journey, Place, Stop

EVIL = ("He said <script>alert(1)</script> and <img src=x onerror=alert(1)> "
        "then </div> closed nothing.")


def _place(pid, name, lat, lon, cc, kind="city"):
    return Place(id=pid, name=name, lat=lat, lon=lon, country_code=cc, kind=kind, source="test")


def _ev(quote, path="seeds/article-1.txt"):
    return Evidence(doc_id="d1", path=path, start=0, end=len(quote), quote=quote, reason="travel verb")


def kim_journey() -> Journey:
    """Pyongyang (inferred origin) -> Khasan -> Vladivostok, planned Russky Island."""
    stops = (
        Stop(_place("1871859", "Pyongyang", 39.0392, 125.7625, "KP"), 1, role="origin", inferred=True),
        Stop(_place("2039557", "Khasan", 42.4308, 130.6434, "RU"), 2, mode_in="train",
             evidence=(_ev("The armoured train crossed into Russia at Khasan. " + EVIL),),
             date="2019-04-24"),
        Stop(_place("2013348", "Vladivostok", 43.1056, 131.8735, "RU"), 3, mode_in="train",
             evidence=(_ev("Kim arrived in Vladivostok on Wednesday.", "seeds/article-2.html"),),
             date="2019-04-24"),
        Stop(_place("2017000", "Russky Island", 43.02, 131.85, "RU", "island"), 4,
             role="destination", planned=True, mode_in="road",
             evidence=(_ev("Talks are due on Russky Island </div><b>bold</b>."),)),
    )
    return Journey(title="Kim <b>Jong Un</b> by train", stops=stops, legs=build_legs(stops),
                   documents=("seeds/article-1.txt", "seeds/article-2.html"))


def pacific_journey() -> Journey:
    """Vladivostok -> Anchorage by air: crosses the antimeridian."""
    stops = (
        Stop(_place("2013348", "Vladivostok", 43.1056, 131.8735, "RU"), 1, role="origin",
             evidence=(_ev("The delegation left Vladivostok."),)),
        Stop(_place("5879400", "Anchorage", 61.2181, -149.9003, "US"), 2, role="destination",
             mode_in="air", evidence=(_ev("It landed in Anchorage. " + EVIL),)),
    )
    return Journey(title="Across the Pacific", stops=stops, legs=build_legs(stops))
