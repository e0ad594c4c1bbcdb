"""A place mention's frame: which predicate governs it, in which role, in which tense and
mood. Rules read token attributes (lemma, case, position) and the language's lexicon;
the decision is in the fields, and the sentence a person reads is rendered from them at
the end (:func:`Frame.describe`), never parsed back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from routes.nlp.analysis import Analysis, Token
from routes.nlp.lexicon import Verb

# The roles each frame takes a place in; any other role is not this frame's place.
ROLES_OF = {
    "arrive": {"location", "goal", "object", "path"},
    "depart": {"object", "source", "goal"},
    "travel": {"goal", "source", "path", "location"},
    "pass": {"object", "path", "location", "goal"},
    "stay": {"location"},
    "visit": {"object", "location", "goal"},  # "a visit to Hawaii"
    "return": {"goal", "location", "source", "object", "path"},
    "meet": {"location"},
    "convey": {"goal", "source", "path"},
}
MOTION = frozenset({"arrive", "depart", "travel", "pass", "return", "convey"})
NOT_TRAVEL = frozenset({"send", "say"})
VERB_REACH = 10  # tokens before the place's preposition where its verb may stand
NP_REACH = 4  # modifier words of a described feature ("the Russian port city of")


@dataclass(frozen=True, slots=True)
class Frame:
    """What a clause says of one place."""

    frame: Optional[str]  # arrive | depart | travel | pass | stay | visit | return | meet | convey | send | say
    role: Optional[str]  # goal | source | path | location | object
    verb: Optional[str]  # the predicate's lemma (a verb, or a noun such as "visit", "trip")
    cue_start: int = -1  # character offsets of the predicate ... preposition
    cue_end: int = -1
    tense: str = "past"  # past | present | perfect | pluperfect | future
    modality: str = "actual"  # actual | planned | scheduled | heading | conditional | denied
    verb_index: int = -1  # token index of the predicate

    @property
    def travels(self) -> bool:
        """True when the frame moves someone to, through or from the place."""
        return self.frame is not None and self.frame not in NOT_TRAVEL and (
            self.role in ROLES_OF[self.frame] or self.role == "object")

    def describe(self, text: str) -> str:
        cue = " ".join(text[self.cue_start:self.cue_end].split()) if self.cue_start >= 0 else ""
        if self.frame in NOT_TRAVEL:
            return f"“{cue}”: something {'said' if self.frame == 'say' else 'sent'} there, not a trip"
        role = {"goal": "where the move ends", "source": "where it starts", "path": "the way through",
                "location": "where it happens", "object": "what it reaches or leaves"}.get(self.role or "", "")
        mood = {"planned": "still to come", "scheduled": "scheduled", "heading": "the goal not yet reached",
                "conditional": "only possible", "denied": "the text says it does not happen"}.get(self.modality)
        base = f"travel cue “{cue}” ({self.frame}: {role})"
        return f"{mood}: {base}" if mood else base


def _words_at(toks: list[Token], i: int, n: int) -> tuple[str, ...]:
    return tuple(t.lower for t in toks[i:i + n])


def _preposition(a: Analysis, j: int, lo: int) -> tuple[Optional[str], int]:
    """The role of the preposition ending at token ``j`` and its first token."""
    lex, toks = a.lex, a.tokens
    for n in range(min(lex.max_preposition, j - lo + 1), 0, -1):
        role = lex.prepositions.get(_words_at(toks, j - n + 1, n))
        if role:
            return role, j - n + 1
    return None, j


def _noun_phrase_start(a: Analysis, i0: int, lo: int) -> int:
    """Index of the last token before the place's noun phrase: articles and a described
    feature ("the border town of", "die Stadt") are part of the phrase."""
    lex, toks = a.lex, a.tokens
    j = i0 - 1
    while j >= lo and toks[j].lower in lex.determiners:
        j -= 1  # "the enterance of the Osage River"
    if j >= lo and toks[j].lower in lex.features:
        j -= 1  # "port city Vladivostok", "die Stadt Regensburg"
    elif j >= lo and toks[j].lower in lex.of:
        k = j - 1
        while k >= lo and toks[k].lower in lex.determiners:
            k -= 1
        if k >= lo and toks[k].lower in lex.features:
            j = k - 1
            for _ in range(NP_REACH):
                t = toks[j] if j >= lo else None
                if t is None or not t.word or t.lower in lex.determiners or _preposition(a, j, lo)[0] \
                        or t.lemma in lex.verbs:
                    break
                j -= 1
        else:
            return j  # "the summit of": handled as a preposition of its own
    while j >= lo and toks[j].lower in lex.determiners:
        j -= 1
    return j


def _nominal(a: Analysis, v: int) -> bool:
    """A verb form used as a noun: after an article or a possessive ("the return", "his visit")."""
    return v > 0 and a.tokens[v - 1].lower in a.lex.determiners


def _verb_sense(a: Analysis, v: int, verb: Verb, end: int) -> bool:
    """True when the verb at ``v`` has its sense of motion here: its particle or needed
    word follows, its reflexive pronoun comes before, and no idiom takes the sense away."""
    toks = a.tokens
    after = [t.lower for t in toks[v + 1:min(len(toks), v + 4)]]
    for idiom in a.lex.idioms.get(verb.lemma, ()):
        if tuple(after[:len(idiom)]) == idiom:
            return False
    if verb.particles and not any(p in after[:2] for p in verb.particles):
        return False
    if verb.needs and not any(n in after for n in verb.needs) and \
            not any(t.lower in verb.needs for t in toks[v + 1:end]):
        return False
    if verb.reflexive and not any(t.lower in ("se", "s'", "me", "m'", "te", "t'", "nous", "vous")
                                  for t in toks[max(0, v - 3):v]):
        return False
    return True


def _predicate(a: Analysis, before: int, lo: int, hi: int, i_end: int,
               role: Optional[str]) -> tuple[Optional[str], Optional[int]]:
    """The nearest predicate (verb or frame noun) of the place's clause that takes ``role``:
    before the preposition first, then (in verb-final languages, or for a phrase that
    opens its clause) after the place."""
    lex, toks = a.lex, a.tokens

    def fits(k: int) -> Optional[str]:
        t = toks[k]
        verb = lex.verbs.get(t.lemma)
        mid_capital = t.cap and k > a.sentence(k).start and toks[k - 1].word
        if verb is not None and not mid_capital and not _nominal(a, k) \
                and _verb_sense(a, k, verb, hi):
            if verb.frame in NOT_TRAVEL or role in ROLES_OF.get(verb.frame, ()) or (role == "object" and verb.object):
                return verb.frame
            return ""  # the nearest verb governs, and it takes no place in this role
        noun = lex.nouns.get(t.lemma)
        if noun is not None and role in ROLES_OF.get(noun, ()) and role != "object" and not mid_capital \
                and (k == before - 1 or (k > before and role in ("source", "path"))):
            # "a visit to": the noun governs the preposition; "From Izmir ... a boat to Piraeus"
            return noun  # "a visit to", "his arrival in": the noun governs the preposition
        return None

    reach = 1 if role == "object" and not lex.verb_final else VERB_REACH  # an object follows its verb
    for k in range(before - 1, max(lo, before - reach) - 1, -1):
        frame = fits(k)
        if frame == "" and role == "object":
            return None, None  # an object belongs to the verb right before it
        if frame:
            return frame, k  # a prepositional phrase may attach to a verb further back
    if lex.verb_final or (before <= lo + 1 and role != "object"):  # English: the subject comes first
        for k in range(i_end, hi):
            frame = fits(k)
            if frame == "":
                break
            if frame:
                return frame, k
        if lex.separable and hi - 1 > i_end and toks[hi - 1].lower in lex.separable:
            for k in range(lo, hi - 1):  # "kehrt ... nach Berlin zurück"
                joined = lex.verbs.get(toks[hi - 1].lower + toks[k].lemma)
                if joined and (role in ROLES_OF.get(joined.frame, ()) or joined.frame in NOT_TRAVEL):
                    return joined.frame, k
    return None, None


def _modality(a: Analysis, v: int, lo: int, hi: int, role: Optional[str], news: bool) -> tuple[str, str]:
    """Tense and mood of the predicate at ``v`` from the markers of its clause."""
    lex, toks = a.lex, a.tokens
    span = range(lo, hi) if lex.verb_final else range(lo, v + 1)
    words = [toks[k].lower for k in span]
    if a.language == "fr":
        t = toks[v]
        stem = t.lemma[:-1] if t.lemma.endswith("re") else t.lemma
        for ending, new in lex.tense.get("future_stem_endings", {}).items():
            if t.lemma.endswith(ending):
                stem = t.lemma[:-len(ending)] + new
        stem = lex.tense.get("future_stems", {}).get(t.lemma, stem)
        if t.lower != t.lemma and any(t.lower == stem + e for e in lex.tense.get("future_endings", ())):
            return "future", "planned"
        if t.lower != t.lemma and any(t.lower == stem + e for e in lex.tense.get("conditional_endings", ())):
            return "future", "conditional"
    future = lex.marker("future_aux")
    if any(w in future for w in words):
        return "future", "planned"
    plan = lex.marker("plan_verbs")
    plan_forms = lex.marker("plan_forms")
    for k in span:
        t = toks[k]
        if t.lower in plan_forms:
            return "future", "planned"
        if k + 1 < len(toks) and toks[k + 1].lower == "to" and k < v and (
                t.lemma in plan or (t.lower == "going" and k > lo and toks[k - 1].lower in lex.marker("be"))):
            return "future", "planned"
    cond = lex.marker("conditional")
    if any(toks[k].lower in cond and toks[k].text.islower() for k in span):  # "may", not the month May
        return "future", "conditional"
    t = toks[v]
    be = lex.marker("be")
    if a.language == "en" and t.lower.endswith("ing") and role == "goal":
        k = v - 1
        while k > lo and toks[k].lower in ("now", "still", "currently", "already"):
            k -= 1
        if toks[k].lower in be or toks[k].lower not in lex.marker("before") | lex.marker("after"):
            return "present", "heading"
    if t.lower != t.lemma and any(toks[k].lower in lex.marker("present_perfect_aux") for k in range(max(lo, v - 3), v)):
        return "perfect", "actual"
    perfect = lex.marker("perfect_aux")
    if any(toks[k].lower in perfect for k in range(max(lo, v - 3), v)) or (
            lex.verb_final and any(w in perfect for w in words)):
        return "pluperfect", "actual"
    frame = lex.verbs[t.lemma].frame if t.lemma in lex.verbs else None
    if a.language == "en" and news and (frame in MOTION or frame == "visit") and t.lower != t.lemma \
            and t.lower in (t.lemma + "s", t.lemma + "es",
                                                                         t.lemma[:-1] + "ies"):
        sent = a.sentence(v)
        sw = {toks[k].lower for k in sent}
        if sw & lex.marker("schedule_time") and not sw & lex.marker("habit") and toks[sent.stop - 1].text in ".!?":
            return "present", "scheduled"
    return "past", "actual"


def _fictive(a: Analysis, v: int, lo: int, hi: int) -> bool:
    """True when the verb's subject is a road, a river or the land ("the road runs to Lhasa",
    "die Wasser laufen nach der Donau"): fictive motion, nobody travels."""
    lex, toks = a.lex, a.tokens
    nouns = lex.marker("fictive_subjects")
    if not nouns or lex.verbs.get(toks[v].lemma) is None or lex.verbs[toks[v].lemma].frame not in MOTION:
        return False
    # the subject's head stands right before the verb (German may also put it right after)
    heads = (v - 1, v + 1, v + 2) if lex.verb_final else (v - 1,)
    return any(lo <= k < hi and toks[k].lower in nouns for k in heads)


def _own_start(a: Analysis, v: int, lo: int) -> int:
    """Where the predicate's own part of the clause starts: after the last subordinator or
    coordinator before it ("did not stop until it reached Omaha": "reached" is not denied)."""
    lex, toks = a.lex, a.tokens
    cut = lex.marker("subordinators") | lex.marker("coordinators")
    for k in range(v - 1, lo - 1, -1):
        if toks[k].lower in cut:
            return k + 1
    return lo


def _negated(a: Analysis, v: int, lo: int, place: int) -> bool:
    lex, toks = a.lex, a.tokens
    neg = lex.marker("negation")
    for k in range(max(_own_start(a, v, lo), v - 4), place):
        t = toks[k]
        if t.lower in neg or t.lemma in neg:
            nxt = toks[k + 1].lower if k + 1 < len(toks) else ""
            if nxt in ("only", "just", "far", "long", "least", "until", "till", "nur"):
                continue
            if a.language == "fr" and not any(x.lower in ("ne", "n'") for x in toks[max(lo, k - 4):k]):
                continue
            return True
    return False


def continues(a: Analysis, i: int) -> Optional[range]:
    """The clause before, when the clause of token ``i`` goes on from it with its subject
    and tense (", and take a helicopter to Mosul", ", avant de se rendre à Canton")."""
    lex, toks = a.lex, a.tokens
    clause = a.clause(i)
    k = clause.start + (1 if toks[clause.start].text == "," else 0)
    goes_on = lex.marker("coordinators") | lex.marker("then") | lex.marker("before")
    if k < len(toks) and toks[k].lower in goes_on:
        return a.previous_clause(i)
    return None


def frame_for(a: Analysis, start: int, end: int, news: bool = False) -> Frame:
    """Return the frame of the place named at character offsets [start, end)."""
    lex, toks = a.lex, a.tokens
    if not lex.supported or not toks:
        return Frame(None, None, None)
    i0 = a.token_at(start)
    if i0 >= len(toks):
        return Frame(None, None, None)
    i_end = a.token_at(end)
    clause = a.clause(i0)
    lo, hi = clause.start, clause.stop
    j = _noun_phrase_start(a, i0, lo)
    role, p = _preposition(a, j, lo) if j >= lo else (None, j)
    if role is None:
        role, p = "object", j + 1
    frame, v = _predicate(a, p, lo, hi, i_end, role)
    if frame is None and role == "object" and j >= lo and toks[j].lower in lex.marker("be"):
        for k in range(j - 1, max(lo, j - 4) - 1, -1):  # "Our last stop was Las Vegas": a frame noun is the subject
            noun = lex.nouns.get(toks[k].lemma)
            if noun in ("arrive", "stay", "visit"):
                frame, v, role = noun, k, "location"
                break
    if frame is None and role == "object" and not lex.verb_final:
        return Frame(None, None, None)
    if frame is None and role == "object" and lex.verb_final:
        for k in range(max(lo, j - 3), j + 1):  # "verließ Goethe heimlich Karlsbad"
            verb = lex.verbs.get(toks[k].lemma)
            if verb is not None and verb.object:
                frame, v = verb.frame, k
        if frame is None:
            return Frame(None, None, None)
    if frame is None and role in ("goal", "source", "path"):
        prev = continues(a, i0)  # ", then on to Kigali": the verb of the clause before is understood
        if prev is not None:
            for k in range(prev.stop - 1, prev.start - 1, -1):
                verb = lex.verbs.get(toks[k].lemma)
                if verb is not None and verb.frame in MOTION and not toks[k].cap:
                    frame, v = verb.frame, k
                    lo, hi = prev.start, prev.stop
                    break
    if frame is None and role in ("location", "goal") and p > lo and toks[p - 1].lower in lex.marker("planned_adjectives") \
            and p - 2 >= lo and toks[p - 2].lower in lex.marker("be"):
        return Frame("arrive", role, toks[p - 1].lower, cue_start=toks[p - 2].start, cue_end=toks[j].end,
                     tense="present", modality="planned", verb_index=p - 1)
    if frame is None and role == "location":
        be = lex.marker("be")
        if any(toks[k].lower in be for k in range(max(lo, p - 3), p)) and \
                any(toks[k].lower in lex.marker("future_aux") for k in range(lo, p)):
            frame, v = "stay", p - 1  # "will be in Nice", "sera jeudi à Nice": a stop to come
            while v > lo and toks[v].lower not in be:
                v -= 1
    if frame is None:
        return Frame(None, role, None, cue_start=toks[p].start, cue_end=toks[j].end)
    if role in lex.motion_only and frame not in MOTION:
        return Frame(None, role, None, cue_start=toks[p].start, cue_end=toks[j].end)
    if _fictive(a, v, lo, hi):
        return Frame(None, role, None, cue_start=toks[p].start, cue_end=toks[j].end)
    tense, modality = _modality(a, v, lo, hi, role, news)
    if _negated(a, v, lo, i0):
        modality = "denied"
    cue_from, cue_to = (v, max(j, v)) if v < i0 else (p, v)
    return Frame(frame, role, toks[v].lemma, cue_start=toks[min(cue_from, p)].start,
                 cue_end=toks[max(cue_to, j) if max(cue_to, j) < len(toks) else j].end,
                 tense=tense, modality=modality, verb_index=v)
