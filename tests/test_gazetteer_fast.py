"""The gazetteer's hot-path shortcuts give the same answers as the plain formulas."""

from __future__ import annotations

import random
import string
import unicodedata

import pytest

from gazetteer import Gazetteer, _fold, _store
from gazetteer._gazetteer import (_FOLDED_PENALTY, _MATCH_BONUS, _line_candidate, _place,
                                  _reason, _score, importance)
from routes.model import Candidate


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def _plain_fold(text: str) -> str:
    """fold() without its ASCII shortcut."""
    text = unicodedata.normalize("NFKD", text).translate(_fold._DROP_MARKS)
    text = unicodedata.normalize("NFC", text).casefold().translate(_fold._TABLE)
    text = " ".join(text.split())
    if _fold._END_ANY.search(text):
        text = _fold._END_AI.sub("ai", _fold._END_Y.sub("y", text))
    return text


def test_ascii_fold_shortcut_matches_the_plain_rules():
    rng = random.Random(7)
    alphabet = string.printable + "\x1c\x1d\x1e\x1f\x7f"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 16)))
             for _ in range(20_000)]
    texts += ["Primorskiy Kray", "Kazan'", "St. Petersburg", "Ulan-Ude", "a_b/c(d)[e]",
              "`Ain \"Saleh\"", "  Sankt  Peterburg ", "Ii", "Hawaii"]
    assert [t for t in texts if _fold.fold(t) != _plain_fold(t)] == []


def test_score_is_the_clamped_ratio_rounded_to_4_decimals():
    rng = random.Random(3)
    raws = [rng.uniform(-1.0, 13.0) for _ in range(50_000)]
    raws += [12 * (n + 0.5) / 10_000 for n in range(10_000)]  # halves: round() decides
    raws += [12 * n / 10_000 for n in range(10_001)] + [0.0, -0.0, 12.0, 1e9, -1e9]
    bad = [r for r in raws if _score(r) != round(min(1.0, max(0.0, r / 12.0)), 4)]
    assert bad == []


@pytest.mark.parametrize("population", [0, 1, 999, 1000, 12_345, 999_999, 1_000_000,
                                        16_096_724, 1_400_000_000])
def test_reason_writes_the_population_with_thousands_separators(population):
    reason = _reason(_store.HOW_PRIMARY, True, "city", "PPLA", population)
    if population:
        assert f"pop {population:,}," in reason
    else:
        assert "pop" not in reason


def test_line_candidate_is_place_score_and_reason(gaz):
    data = gaz._data
    lines = [f for cell in range(0, 180 * 360, 97) for _, f in data.cell_lines(cell)]
    assert len(lines) > 500
    base = lines[0]
    for pop in ("0", "7", "999", "1000", "654321", "1000000", "123456789"):
        for kind, code in (("country", "PCLI"), ("river", ""), ("admin1", "ADM1"),
                           ("city", "PPLC")):
            f = list(base)
            f[6], f[7], f[8] = code, kind, pop
            lines.append(f)
    rng = random.Random(5)
    for f in lines:
        pop = int(f[8])
        how = rng.choice((_store.HOW_PRIMARY, _store.HOW_ALTERNATE, _store.HOW_ALIAS))
        exact = rng.random() < 0.7
        raw = (importance(f[7], f[6], pop) + _MATCH_BONUS[how]
               - (0.0 if exact else _FOLDED_PENALTY))
        expected = Candidate(_place(f), _score(raw), _reason(how, exact, f[7], f[6], pop))
        assert _line_candidate(f, pop, how, exact, raw) == expected


def _ranked_by_reading_every_line(gaz, name: str) -> list[tuple[str, float]]:
    """(id, score) of every bundled place called ``name``, best first, read in full."""
    data = gaz._data
    value = data.names.get(_fold.fold(name))
    scored = []
    for token in value.split(","):
        f = data.line(int(token[:token.index(":")]))
        how = _store.HOW_ALTERNATE if token.endswith("a") else _store.HOW_PRIMARY
        exact = (name.casefold() in (a.casefold() for a in f[9].split("|")) if token.endswith("a")
                 else f[1].casefold() == name.casefold())
        raw = (importance(f[7], f[6], int(f[8])) + _MATCH_BONUS[how]
               - (0.0 if exact else _FOLDED_PENALTY))
        scored.append((-raw, -int(f[8]), f[0], _score(raw)))
    return [(pid, score) for _, _, pid, score in sorted(scored)]


@pytest.mark.parametrize("name", ["Springfield", "San Jose", "Santa Maria", "Alexandria",
                                  "Victoria", "Novoselovka", "Krasnoye", "Mirny"])
def test_early_stop_gives_the_top_of_the_full_ranking(gaz, name):
    value = gaz._data.names.get(_fold.fold(name))
    assert value.count(",") >= 5  # more places than `limit`: the early stop is used
    full = _ranked_by_reading_every_line(gaz, name)
    if gaz._extra_by_key.get(_fold.fold(name)):
        pytest.skip("a curated entry joins this name's ranking")
    for limit in (1, 3, 5, 10):
        found = gaz.lookup(name, limit=limit)
        assert [(c.place.id, c.score) for c in found] == full[:limit]


def test_name_entries_are_stored_best_bound_first(gaz):
    value = gaz._data.names.get(_fold.fold("Springfield"))
    bounds = []
    for token in value.split(","):
        imp = token[token.index(":") + 1:]
        bounds.append(int(imp[:-1]) / 10 if imp.endswith("a") else int(imp) / 10 + 2.7)
    assert bounds == sorted(bounds, reverse=True)
