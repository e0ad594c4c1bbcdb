"""Stops are shown by the name their text uses, not the gazetteer's local form."""

from routes.api import journey_from_text
from routes.display import display_name


def test_the_written_form_wins_over_the_gazetteer_name():
    assert display_name("Thị Trấn Đồng Đăng", ["Dong Dang", "Dong Dang's"], ["Dong Dang"]) == "Dong Dang"
    assert display_name("Moskva", ["Moscow", "MOSCOW", "Moscow"], ["Moscow"]) == "Moscow"


def test_only_a_name_the_gazetteer_knows_is_shown_in_its_spelling():
    assert display_name("Straubing", ["Straubin"]) == "Straubing"  # a misspelling matched by fuzzy search
    assert display_name("Grand River", ["Grand river"]) == "Grand River"


def test_abbreviations_capitals_and_lower_case_keep_the_gazetteer_name():
    assert display_name("United States", ["U.S."], ["U.S."]) == "United States"
    assert display_name("Moscow", ["MOSCOW"]) == "Moscow"
    assert display_name("United Kingdom", ["UK"]) == "United Kingdom"


def test_a_journey_shows_the_texts_names_and_keeps_the_gazetteers():
    j = journey_from_text("Kim Jong Un arrived in Dong Dang on Tuesday and drove to Hanoi.")
    stop = next(s for s in j.stops if s.name == "Dong Dang")
    assert "Thị Trấn Đồng Đăng" in stop.place.alternate_names
