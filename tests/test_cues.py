"""The cue word lists: grouping branches by first letter must not change what they match."""

import re
from pathlib import Path

import pytest

from routes import cues

ROOT = Path(__file__).resolve().parents[1]
LISTS = {
    "TRAVEL_VERB": (r"\b(?:%s)\b", cues._TRAVEL_VERBS),
}


def test_branches_are_grouped_by_first_letter_in_order():
    assert cues._by_first_letter(r"arr?iv\w*|(?:took|takes)\s+him|ass?end\w*|b|x?y") == \
        r"a(?:rr?iv\w*|ss?end\w*)|(?:took|takes)\s+him|b|x?y"
    assert cues._alternatives(r"a(?:b|c)|[|]|\||d") == ["a(?:b|c)", "[|]", r"\|", "d"]


@pytest.mark.parametrize("name", sorted(LISTS))
def test_grouped_lists_match_what_the_plain_lists_match(name):
    template, body = LISTS[name]
    plain = re.compile(template % body, re.I)
    grouped = getattr(cues, name)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts.append("We arrived in Paris, then travelled on to the port city of Lyon; er fuhr über Ulm "
                 "nach Wien, elle a rejoint Toulon et regagné Paris. They left the village of Zell.")
    for text in texts:
        for i in range(0, len(text), 7):
            piece = text[max(0, i - 120):i]
            a, b = plain.search(piece), grouped.search(piece)
            assert (a and a.span()) == (b and b.span()), piece


def test_short_texts_find_their_language():
    from routes.extract import guess_language

    assert guess_language("Wir fuhren am Morgen von Regensburg nach Straubing.") == "de"
    assert guess_language("Il est parti du port avec nous vers Marseille.") == "fr"
    assert guess_language("Steinmeier ist am Montag in Kenia eingetroffen. In Nairobi traf er Präsident Ruto.") == "de"
    assert cues.FUTURE["fr"].search("il rentrera samedi") and cues.FUTURE["de"].search("er wird fahren")
