"""Who travels: the traveller of a text, other people's trips set aside by their subject,
and the traveller's whereabouts ("Bush is in Slovakia", "speaking in Brussels")."""

import pytest

from routes.api import journey_from_text
from routes.nlp.analysis import analyse
from routes.nlp.traveller import Subject, Traveller, find_traveller, subject_of

KIM = ("Kim Jong Un reaches Hanoi by train\n\n"
       "North Korean leader Kim Jong Un arrived in Dong Dang on Tuesday after a long train ride. "
       "Kim then travelled by car to Hanoi, where he will hold talks.\n\n"
       "{other} Kim is expected to stay in Hanoi until Friday.")


def names(journey, planned=False):
    return [s.name for s in journey.stops if s.planned == planned]


def excluded(journey):
    return {x.text: x.reason for x in journey.excluded}


def test_the_traveller_is_the_subject_of_the_travel_verbs_and_the_headline():
    j = journey_from_text(KIM.format(other=""))
    assert j.traveller == "Kim Jong Un"


@pytest.mark.parametrize("other", [
    "Mr. Trump flew from Washington to Hanoi via Doha, officials said.",
    "U.S. President Donald Trump travelled from Washington to Hanoi via Doha.",
    "Donald Trump left Washington on Monday and flew to Hanoi via Doha.",
    "Meanwhile Donald Trump will fly from Washington to Hanoi via Doha.",
])
def test_another_persons_trip_is_set_aside_by_its_subject(other):
    j = journey_from_text(KIM.format(other=other))
    assert "Washington" not in names(j) and "Doha" not in names(j) + names(j, planned=True)
    assert "Washington" in excluded(j)


def test_a_trip_the_traveller_takes_part_in_is_kept():
    text = ("Putin hosts Kim in Vladivostok\n\nKim Jong Un arrived in Vladivostok on Wednesday. "
            "Kim later travelled to Khabarovsk. Vladimir Putin welcomed Kim in Khabarovsk on Friday.")
    j = journey_from_text(text)
    assert names(j) == ["Vladivostok", "Khabarovsk"]


@pytest.mark.parametrize("sentence", [
    "Scholz, speaking to reporters on Monday in Seoul, said trade mattered.",
    "Scholz held a news conference in Seoul on Monday.",
    "On Monday Scholz gave a speech at Seoul before leaving.",
    "Chancellor Scholz spent Monday in Seoul.",
])
def test_the_travellers_doings_place_them(sentence):
    text = ("Scholz in Tokyo for talks on trade\n\n"
            "Chancellor Olaf Scholz is in Tokyo for talks with Prime Minister Fumio Kishida, the last stop "
            f"of his tour of Asia. {sentence} He criticised the situation in Russia.")
    j = journey_from_text(text)
    assert names(j) == ["Seoul", "Tokyo"]  # "is in Tokyo" in the lede: where the story ends
    assert "Russia" in excluded(j)


@pytest.mark.parametrize("sentence", [
    "Scholz said Vladimir Putin was in Moscow on Monday.",
    "Scholz criticised the situation in Moscow.",
    "Scholz could hold talks in Moscow.",
    "Scholz did not hold talks in Moscow.",
])
def test_not_the_travellers_whereabouts(sentence):
    text = ("Scholz in Tokyo for talks\n\nChancellor Olaf Scholz arrived in Tokyo on Sunday. "
            f"Chancellor Scholz met Kishida. {sentence}")
    j = journey_from_text(text)
    assert "Moscow" not in names(j)


def test_someone_named_once_is_no_traveller_to_set_others_aside_by():
    a = analyse("Anna went to Paris. Ben flew to Rome.", "en")
    trav = find_traveller(a, [], frozenset())
    assert not trav.known
    assert trav.refers(Subject(names=(("ben",),))) is None


def test_subject_skips_auxiliaries_and_an_apposition():
    a = analyse("Kim Jong Un, who left on Saturday, is expected to arrive in Hanoi.", "en")
    v = next(t.i for t in a.tokens if t.lower == "arrive")
    assert subject_of(a, v, frozenset()).names == (("kim", "jong", "un"),)
    a = analyse("Kim's arrival in Hanoi was delayed.", "en")
    v = next(t.i for t in a.tokens if t.lower == "arrival")
    assert subject_of(a, v, frozenset()).names == (("kim",),)


def test_german_subject_after_the_verb():
    a = analyse("Am Montag flog Scholz nach Paris.", "de")
    v = next(t.i for t in a.tokens if t.lower == "flog")
    assert subject_of(a, v, frozenset()).names == (("scholz",),)


def test_a_title_names_the_traveller():
    trav = Traveller(name="President Bush", words=frozenset({"bush"}), titles=frozenset({"president"}), weight=3)
    assert trav.refers(Subject(head="president")) is True
    assert trav.refers(Subject(names=(("putin",),))) is False
    assert trav.refers(Subject(head="he")) is None


def test_a_text_in_an_unsupported_language_says_so_and_lists_its_towns():
    import warnings

    from routes.journey import LanguageWarning

    text = ("El presidente llegó a Madrid el lunes y viajó después a Barcelona, donde se reunió con los "
            "líderes de la región. La visita terminó en Sevilla con una cena.")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        j = journey_from_text(text)
    assert names(j) == ["Madrid", "Barcelona", "Sevilla"]
    assert any(issubclass(w.category, LanguageWarning) and "Spanish" in str(w.message) for w in caught)


def test_the_cli_prints_the_language_warning_once(tmp_path):
    from typer.testing import CliRunner

    from routes.cli import app

    src = tmp_path / "es.txt"
    src.write_text("El presidente llegó a Madrid el lunes y viajó después a Barcelona, donde se reunió con los "
                   "líderes de la región. La visita terminó en Sevilla con una cena.", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(src), "-o", str(tmp_path / "maps")])
    assert result.exit_code == 0
    err = result.stderr if hasattr(result, "stderr") else result.output
    assert err.count("looks like Spanish") == 1
