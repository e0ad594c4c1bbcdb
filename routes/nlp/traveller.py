"""Who travels: the subject of a predicate, and the traveller of a whole text.

A trip story follows one traveller (a person, a group, a vessel, a storm). The
traveller is the subject the text most often gives its verbs of travel, with the
headline's subject counting double; it is what lets the journey stage keep "Kim
arrived in Vladivostok" and set aside "Trump is expected to arrive in Hanoi" in the
same story, and take "Bush is in Slovakia" or "Bush, speaking in Brussels" as the
traveller's whereabouts.

Subjects are found the way a shallow parser finds them: the noun phrase before the
predicate in subject-verb languages (English, French), before or right after it in
German, skipping auxiliaries, adverbs and an apposition or relative clause set off by
commas. Names are runs of capitalised words (a title such as "President" or "Mr."
belongs to the run); a run that overlaps a place mention is a place, not a person.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from routes.nlp.analysis import Analysis

SUBJECT_REACH = 12  # tokens before a predicate where its subject may stand
HEADLINE_WEIGHT = 1  # the headline's first name counts as one more travel predicate
OFTEN = 3  # a person named this often is the story's subject
MIN_WEIGHT = 2  # a traveller told once is not enough to set aside another's trip


@dataclass(frozen=True)
class Subject:
    """The subject of one predicate: the names in it, or the pronoun or common noun."""

    names: tuple[tuple[str, ...], ...] = ()  # each name as lower-cased words, titles left out
    head: str = ""  # the head word when it is not a name ("he", "president", "flame")
    start: int = -1  # token range of the subject
    end: int = -1

    @property
    def found(self) -> bool:
        return bool(self.names or self.head)


@dataclass(frozen=True)
class Traveller:
    """The one the story follows: their name as written and every word that refers to them."""

    name: str = ""
    words: frozenset[str] = frozenset()  # name words, lower-cased ("kim", "jong", "un")
    titles: frozenset[str] = frozenset()  # titles written with the name ("president")
    weight: int = 0  # travel predicates it is subject of, +1 for the headline, +1 when named often
    told: int = 0  # travel predicates in the text it is subject of

    @property
    def known(self) -> bool:
        return self.weight >= MIN_WEIGHT

    def is_named(self, name: Sequence[str]) -> bool:
        return any(w in self.words for w in name if len(w) > 1)

    def refers(self, subject: Subject) -> Optional[bool]:
        """True when ``subject`` is the traveller, False when it is someone else, None when
        the text does not say (a pronoun, a common noun the traveller was not called)."""
        if not self.known or not subject.found:
            return None
        if subject.names:
            return any(self.is_named(n) for n in subject.names)
        if subject.head in self.titles:
            return True  # "the president" in a story of President Bush
        return None


def _common(language: str) -> frozenset[str]:
    from routes.extract import common_words

    return common_words(language)


def _function_words(a: Analysis) -> frozenset[str]:
    lex = a.lex
    words = set(lex.determiners) | {w for k in lex.prepositions for w in k}
    for name in ("then", "after", "before", "subordinators", "coordinators", "relative", "pronouns",
                 "first_person", "future_aux", "be", "negation", "conditional", "other_time",
                 "topic_shift", "schedule_time", "months", "time_words"):
        words |= lex.marker(name)
    return frozenset(words)


def _name_runs(a: Analysis, lo: int, hi: int, places: frozenset[int]) -> list[tuple[int, int]]:
    """Runs [s, e) of capitalised words in tokens lo..hi that are not places, function
    words or words of the lexicon ("Arrives" in a title-case headline); a title ("President",
    "Mr.") is kept inside a run, and a run ends at a line break."""
    lex, toks, text = a.lex, a.tokens, a.text
    titles = lex.marker("titles")
    function = _function_words(a)
    common = _common(a.language) if lex.capitalised_nouns else frozenset()

    def part(k: int) -> bool:
        t = toks[k]
        if not (t.cap and t.word) or k in places or t.text.isdigit():
            return False
        if t.lower in titles:
            return True
        return t.lower not in function and t.lemma not in lex.verbs and t.lemma not in lex.nouns \
            and t.lower not in common

    runs, k = [], lo
    while k < hi:
        if not part(k):
            k += 1
            continue
        s = k
        k += 1
        while k < hi and "\n" not in text[toks[k - 1].end:toks[k].start]:
            if part(k):
                k += 1
            elif toks[k].text == "." and toks[k - 1].lower in titles and k + 1 < hi and part(k + 1):
                k += 2  # "Mr. Bush"
            else:
                break
        if any(toks[j].lower not in titles for j in range(s, k) if toks[j].word):
            runs.append((s, k))
    return runs


def _name_words(a: Analysis, s: int, e: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of a name run without its titles, and the titles."""
    titles = a.lex.marker("titles")
    words = tuple(a.tokens[k].lower for k in range(s, e) if a.tokens[k].lower not in titles
                  and a.tokens[k].word and len(a.tokens[k].text) > 1)
    found = tuple(a.tokens[k].lower for k in range(s, e) if a.tokens[k].lower in titles)
    return words, found


def subject_of(a: Analysis, v: int, places: frozenset[int], depth: int = 0) -> Subject:
    """The subject of the predicate at token ``v``; a verb after "and" shares the subject
    of the verb before it ("Trump left Washington and flew to Hanoi")."""
    lex, toks = a.lex, a.tokens
    sent = a.sentence(v)
    lo = max(sent.start, v - SUBJECT_REACH)
    skip = lex.marker("be") | lex.marker("future_aux") | lex.marker("conditional") | lex.marker("negation") \
        | lex.marker("present_perfect_aux") | lex.marker("perfect_aux") | lex.marker("then") \
        | lex.marker("plan_forms") | {"to", "also", "just", "finally", "first", "still", "now", "already",
                                      "reportedly", "later", "soon"}
    plan = lex.marker("plan_verbs")
    k = v - 1
    if toks[v].lemma not in lex.verbs or (k >= sent.start and toks[k].lower in lex.determiners):
        return _possessor(a, v, places)  # a frame noun: "the president's visit", "his arrival"
    while k >= lo and (toks[k].lower in skip or toks[k].lemma in plan or toks[k].lower.endswith("ly")
                       and not toks[k].cap):
        k -= 1
    if k >= sent.start and toks[k].lower in lex.marker("coordinators") and depth < 3:
        for j in range(k - 1, sent.start - 1, -1):
            if toks[j].lemma in lex.verbs and not toks[j].cap and not (j > 0 and toks[j - 1].lower in lex.determiners):
                return subject_of(a, j, places, depth + 1)
        return Subject()
    if k >= lo and toks[k].text == ",":
        # an apposition or relative clause between commas: "Kim, who ..., arrived"
        j = k - 1
        while j >= lo and toks[j].text != ",":
            j -= 1
        k = j - 1 if j >= lo else k - 1
    if k < lo:
        return _after_verb(a, v, places) if lex.verb_final else Subject()
    t = toks[k]
    if t.lower in lex.marker("pronouns") or t.lower in lex.marker("first_person"):
        return Subject(head=t.lower, start=k, end=k + 1)
    if t.text in ("'s", "’s") and k - 1 >= lo:
        k -= 1  # "the president's visit": the possessor
        t = toks[k]
    if t.cap and t.word and k not in places:
        e = k + 1
        s = k
        runs = _name_runs(a, lo, e, places)
        names = []
        for rs, re_ in reversed(runs):
            if re_ < s - 1 and toks[re_].lower not in lex.marker("coordinators") and toks[re_].text != ",":
                break
            words, _ = _name_words(a, rs, re_)
            if words:
                names.append(words)
            s = rs
        if names:
            return Subject(names=tuple(reversed(names)), start=s, end=e)
    if not t.cap and t.word and k - 1 >= lo and toks[k - 1].lower in lex.determiners:
        return Subject(head=t.lemma, start=k - 1, end=k + 1)  # "the president", "the flame"
    if lex.verb_final:
        return _after_verb(a, v, places)
    return Subject()


def _possessor(a: Analysis, v: int, places: frozenset[int]) -> Subject:
    """Who a frame noun belongs to: "Kim's arrival", "the president's visit", "his trip"."""
    toks, lex = a.tokens, a.lex
    k = v - 1
    while k >= 0 and not toks[k].cap and toks[k].word and toks[k].lower not in lex.determiners \
            and v - k <= 2:
        k -= 1  # "his first visit", "Kim's historic trip"
    if k < 0:
        return Subject()
    if toks[k].lower in lex.marker("pronouns") | lex.marker("first_person") | lex.determiners \
            and toks[k].lower not in ("the", "a", "an", "le", "la", "les", "der", "die", "das"):
        return Subject(head=toks[k].lower, start=k, end=k + 1)
    if toks[k].text in ("'s", "’s") and k >= 1:
        e = k
        runs = [r for r in _name_runs(a, max(0, k - 6), e, places) if r[1] == e]
        if runs:
            words, _ = _name_words(a, *runs[0])
            if words:
                return Subject(names=(words,), start=runs[0][0], end=e)
        if toks[k - 1].word and k >= 2 and toks[k - 2].lower in lex.determiners:
            return Subject(head=toks[k - 1].lemma, start=k - 2, end=k)  # "the president's"
    return Subject()


def _after_verb(a: Analysis, v: int, places: frozenset[int]) -> Subject:
    """German puts the subject right after the verb when something else comes first
    ("Am Montag flog Merkel nach Paris")."""
    toks = a.tokens
    clause = a.clause(v)
    for rs, re_ in _name_runs(a, v + 1, min(clause.stop, v + 4), places)[:1]:
        words, _ = _name_words(a, rs, re_)
        if words and rs <= v + 2:
            return Subject(names=(words,), start=rs, end=re_)
    if v + 1 < clause.stop and toks[v + 1].lower in a.lex.marker("pronouns"):
        return Subject(head=toks[v + 1].lower, start=v + 1, end=v + 2)
    return Subject()


def headline(a: Analysis) -> Optional[range]:
    """The first sentence when it does not end with a full stop (a headline)."""
    if not a.sentence_bounds:
        return None
    s, e = a.sentence_bounds[0]
    if a.tokens[e - 1].text in ".!?" and e - s > 3:
        return None
    return range(s, e)


def find_traveller(a: Analysis, predicates: Iterable[int], places: frozenset[int]) -> Traveller:
    """The traveller of the text: the name most often subject of ``predicates`` (token
    indexes of travel verbs), with the first name of a headline counted double. Names
    that share a word ("President Bush", "Mr. Bush") are one person."""
    clusters: list[dict] = []  # {"words": set, "titles": set, "weight": int, "name": str}

    def add(words: tuple[str, ...], titles: tuple[str, ...], weight: int, written: str, told: int) -> None:
        for c in clusters:
            if c["words"] & set(w for w in words if len(w) > 1):
                c["words"] |= set(words)
                c["titles"] |= set(titles)
                c["weight"] += weight
                c["told"] += told
                c["forms"][written] += 1
                return
        clusters.append({"words": set(words), "titles": set(titles), "weight": weight,
                         "forms": Counter({written: 1}), "told": told})

    def written(s: int, e: int) -> str:
        return " ".join(a.text[a.tokens[s].start:a.tokens[e - 1].end].split())

    head = headline(a)
    if head is not None:
        for s, e in _name_runs(a, head.start, head.stop, places)[:1]:
            words, titles = _name_words(a, s, e)
            if words:
                add(words, titles, HEADLINE_WEIGHT, written(s, e), 0)
    for v in predicates:
        subj = subject_of(a, v, places)
        for words in subj.names:
            titles = tuple(a.tokens[k].lower for k in range(subj.start, subj.end)
                           if a.tokens[k].lower in a.lex.marker("titles"))
            run = next(((s, e) for s, e in _name_runs(a, subj.start, subj.end, places)
                        if _name_words(a, s, e)[0] == words), None)
            add(words, titles, 1, written(*run) if run else " ".join(words), 1)
    if not clusters:
        return Traveller()
    # a person named again and again ("President Obama", "Mr. Obama", "Obama") is the
    # story's subject even when its verbs of travel take pronouns; a title makes a name
    titles = a.lex.marker("titles")
    runs = _name_runs(a, 0, len(a.tokens), places)
    for s, e in runs:
        if a.tokens[s].lower in titles:
            words, found = _name_words(a, s, e)
            if words:
                add(words, found, 0, written(s, e), 0)
    named = Counter()
    for s, e in runs:
        words = set(_name_words(a, s, e)[0])
        for i, c in enumerate(clusters):
            if words & c["words"]:
                named[i] += 1
                break
    ranked = named.most_common(2)
    for i, c in enumerate(clusters):
        if named[i] >= OFTEN:
            c["weight"] += 1
            runner_up = next((n for j, n in ranked if j != i), 0)
            if named[i] >= 2 * runner_up:
                c["weight"] += 1  # named far more often than anyone else
    weights = Counter({i: (c["told"], c["weight"]) for i, c in enumerate(clusters)})
    best_i, (_, best_w) = weights.most_common(1)[0]
    best = clusters[best_i]
    name = max(best["forms"].items(), key=lambda kv: (kv[1], len(kv[0])))[0]
    return Traveller(name=name, words=frozenset(best["words"]), titles=frozenset(best["titles"]),
                     weight=best_w, told=best["told"])


def other_person(a: Analysis, traveller: Traveller, lo: int, hi: int, places: frozenset[int]) -> str:
    """The first name in tokens lo..hi of a person other than the traveller, as written,
    or "". A person's name has a title or a word that is not a common word ("Air Force
    One" is none; "Vladimir Putin", "Mr. Bush" are)."""
    common = _common(a.language)
    for s, e in _name_runs(a, lo, hi, places):
        words, found = _name_words(a, s, e)
        if words and not traveller.is_named(words) and (found or not all(w in common for w in words)):
            return " ".join(a.text[a.tokens[s].start:a.tokens[e - 1].end].split())
    return ""


def traveller_before(a: Analysis, traveller: Traveller, p: int, lo: int, places: frozenset[int]) -> Optional[int]:
    """Token index of the last reference to the traveller before token ``p`` (from ``lo``):
    their name, "the president" when that is their title, or a pronoun opening the span."""
    toks = a.tokens
    best = None
    for s, e in _name_runs(a, lo, p, places):
        if traveller.is_named(_name_words(a, s, e)[0]):
            best = e - 1
    for k in range(lo, p):
        if toks[k].lower in traveller.titles and k > lo and toks[k - 1].lower in a.lex.determiners \
                and (best is None or k > best):
            best = k
    if best is None and p > lo and toks[lo].lower in a.lex.marker("pronouns") and toks[lo].lower not in ("it", "es", "il"):
        best = lo
    return best


def mentioned_in(a: Analysis, traveller: Traveller, lo: int, hi: int, places: frozenset[int]) -> bool:
    """True when the traveller is named (or called by a title of theirs) in tokens lo..hi."""
    for s, e in _name_runs(a, lo, hi, places):
        if traveller.is_named(_name_words(a, s, e)[0]):
            return True
    return any(a.tokens[k].lower in traveller.titles and k > lo and a.tokens[k - 1].lower in a.lex.determiners
               for k in range(lo, hi))
