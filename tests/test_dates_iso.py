"""ISO dates of stops (issue 14): the date as written, the year from the clause or document."""

from __future__ import annotations

import pytest

from routes.dates import document_year, iso_date


@pytest.mark.parametrize("written, year, expected", [
    ("Sept. 13", 2023, "2023-09-13"),
    ("September 13, 2023", None, "2023-09-13"),
    ("le 13 juillet 1806", 1900, "1806-07-13"),  # the date's own year wins
    ("den 6. September", 1786, "1786-09-06"),
    ("2019-04-24", None, "2019-04-24"),
    ("October 3rd", 2001, "2001-10-03"),
    ("Sept. 13", None, None),  # no year anywhere
    ("Wednesday", 2023, None),  # which Wednesday is not written
    ("30 February", 2020, None),  # no such day
    ("", 2020, None),
    (None, 2020, None),
])
def test_iso_date(written, year, expected):
    assert iso_date(written, year) == expected


def test_document_year_prefers_the_head_then_the_latest_year():
    assert document_year("VLADIVOSTOK, Russia, April 24, 2019 — Kim said in 2018 ...") == 2019
    assert document_year("x " * 400 + "In 1990 and again in 2005 he went.") == 2005
    assert document_year("No year at all.") is None


def test_a_stop_dated_in_the_text_gets_an_iso_date_with_the_document_year():
    import routes

    text = ("VLADIVOSTOK, Russia, April 24, 2019 — North Korean leader Kim Jong Un arrived in "
            "Vladivostok by train on April 24 for a summit with Vladimir Putin.")
    journey = routes.journey_from_text(text)
    stop = next(s for s in journey.stops if s.name == "Vladivostok")
    assert stop.date_iso == "2019-04-24"
    assert stop.date  # the date as written is kept beside it
