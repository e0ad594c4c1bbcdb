"""The order of a journey's stops: what the text says, then dates, then reading order.

Constraints come from the text ("before arriving in X", "flying from Rome", "by way
of", a diary heading, a list, the pluperfect, a return home), then from dates and
weekdays; reading order breaks the ties, and two neighbours told out of order are
swapped when the route would otherwise double back.
"""

from __future__ import annotations

import re
from typing import Optional

from routes.dates import DateKey, date_key, later, weekday
from routes.distance import place_km as _km
from routes.observation import Group as _Group

UNTANGLE_GAIN = 0.8  # swap two neighbours when that makes their stretch 20% shorter
# A new leg begins: a connective, or a comma and a verb in the past ("landed at Omaha Beach in
# June, fought its way through Saint-Lo").
_NEW_LEG = re.compile(r"\b(?:and|und|et|then|dann|puis|next|later)\b|,\s*(?:\w+ed|fought|went|took|rode|drove|"
                      r"flew|made|came|ran|swept|pushed)\b", re.I)


def travel_order(groups: list[_Group], also_prior: frozenset[int] = frozenset(),
                 now_inside: Optional[dict[int, frozenset[str]]] = None) -> list[_Group]:
    """Return groups in travel order: 'before X' and dates, then reading order.

    ``also_prior`` holds the ids of groups told inside a region or country visited
    "after a visit to South Korea, where he met Yoon in Seoul": they come first too.
    ``now_inside`` maps the id of a group to the documents whose lede puts the traveller
    in a country that contains it ("Bush is in Slovakia" for Bratislava): it is the
    latest state there.
    """
    now_inside = now_inside or {}
    n = len(groups)
    after: dict[int, set[int]] = {i: set() for i in range(n)}  # i must come after each j in set

    def add(later: int, earlier: int) -> None:
        if later != earlier and later not in after[earlier]:
            after[later].add(earlier)

    for i, g in enumerate(groups):
        for o in g.obs:
            if not o.before:
                continue
            # "Before arriving in X, ..." puts every other stop of the sentence before X;
            # "..., before flying to X, and ends the week in Y" only those named before it.
            opening = o.before_opens
            for j, h in enumerate(groups):
                if j != i and any(x.doc.id == o.doc.id and x.mention.sentence_start == o.mention.sentence_start
                                  and (opening or x.mention.start < o.mention.start) for x in h.obs):
                    add(i, j)
        for o in g.obs:
            if not o.source:
                continue
            # "arrived in Baghdad, flying from Rome": the place left comes first.
            for j, h in enumerate(groups):
                if j != i and any(x.doc.id == o.doc.id and x.status == "stop" and x.mention.sentence_start ==
                                  o.mention.sentence_start for x in h.obs):
                    add(j, i)
        for o in g.obs:
            if not (o.prior or (id(g) in also_prior and o.status == "stop")):
                continue
            # "ends in London in August after shows in Dublin and Amsterdam": the stops
            # named after "after" come before the sentence's other stops.
            for j, h in enumerate(groups):
                if j != i and id(h) not in also_prior and any(
                        x.doc.id == o.doc.id and x.status == "stop" and not x.prior
                        and x.mention.sentence_start == o.mention.sentence_start for x in h.obs):
                    add(j, i)
        if any(o.sets_out for o in g.obs):
            # "Before leaving Washington, Obama visited Fort Hood": every other stop of the
            # story comes after the place the trip set out from.
            for j, h in enumerate(groups):
                if j != i and not h.returning and any(x.doc.id == o.doc.id for o in g.obs if o.sets_out
                                                      for x in h.obs):
                    add(j, i)
        for o in g.obs:
            if not o.en_route:
                continue
            # "drove to Cheyenne, stopping for lunch in Fort Collins": on the way to the stop
            # told just before it in the sentence.
            told = [(x.mention.start, j) for j, h in enumerate(groups) if j != i for x in h.obs
                    if x.doc.id == o.doc.id and x.status == "stop" and not x.source
                    and x.mention.sentence_start == o.mention.sentence_start and x.mention.start < o.mention.start]
            if told:
                add(max(told)[1], i)
        for o in g.obs:
            if not o.via:
                continue
            # The way through comes before the place it led to, named just before it in
            # the clause ("reached Turin by Mont Cenis"; not "nach Osterode und den
            # andern Tag über Clausthal nach Goslar").
            for j, h in enumerate(groups):
                if j != i and any(x.doc.id == o.doc.id and x.status == "stop" and not x.source and
                                  o.clause_start <= x.mention.start < o.mention.start and
                                  not _NEW_LEG.search(o.doc.text, x.mention.end, o.mention.start)
                                  for x in h.obs):
                    add(j, i)
        for o in g.obs:
            if not o.heading:
                continue
            # A diary entry tells the day's road to the place it is written at.
            end = min((x.mention.start for h in groups for x in h.obs
                       if x.heading and x.doc.id == o.doc.id and x.mention.start > o.mention.start),
                      default=len(o.doc.text))
            for j, h in enumerate(groups):
                if j != i and h.place.id != g.place.id and any(
                        x.doc.id == o.doc.id and x.status == "stop" and
                        o.mention.start < x.mention.start < end for x in h.obs) \
                        and not any(x.status == "stop" and x.mention.start < o.mention.start for x in h.obs):
                    add(i, j)
    # "on the way back stopped in Warsaw": after every stop told before it.
    for i, g in enumerate(groups):
        for o in g.obs:
            if o.homeward:
                for j, h in enumerate(groups):
                    if j != i and any(x.doc.id == o.doc.id and x.status == "stop" and x.mention.start < o.mention.start
                                      for x in h.obs):
                        add(i, j)
    # "A godwit has touched down in New Zealand following ...": the lede's present perfect
    # tells where the story ends; the trip told after it led there.
    for i, g in enumerate(groups):
        docs = {o.doc.id for o in g.obs if o.latest} | now_inside.get(id(g), frozenset())
        for j, h in enumerate(groups):
            if docs and j != i and not h.planned and not any(o.latest for o in h.obs) \
                    and id(h) not in now_inside \
                    and any(x.doc.id in docs and x.status == "stop" for x in h.obs):
                add(i, j)
    # A list of stops keeps its order wherever another rule moves one of them.
    for i, g in enumerate(groups):
        for o in g.obs:
            if o.listed_after is not None:
                for j, h in enumerate(groups):
                    if j != i and any(x is o.listed_after for x in h.obs):
                        add(i, j)
    # "He arrived in Washington on Wednesday. He had traveled by train from Kyiv ...": a
    # stop first told in the pluperfect comes before the stop told just before it.
    firsts = [min((o for o in g.obs if o.status == "stop"), key=lambda o: o.pos, default=None) for g in groups]
    for i, first in enumerate(firsts):
        if first is None or not first.earlier:
            continue
        told_before = [(f.pos, j) for j, f in enumerate(firsts) if f is not None and not f.earlier
                       and f.doc.id == first.doc.id and f.pos < first.pos and not groups[j].planned]
        if told_before:
            add(max(told_before)[1], i)
    keys: list = [group_date(g) for g in groups]
    dated = {i for i, k in enumerate(keys) if k}  # untangling leaves these in place
    after_date = later
    if not any(keys):
        keys = weekday_keys(groups)
        after_date = lambda a, b: bool(a and b and a > b)  # noqa: E731
    for i in range(n):
        for j in range(n):
            if after_date(keys[i], keys[j]):
                add(i, j)
    # "returned to New Delhi after a tour of ...": a place only ever returned to ends the trip.
    for i, g in enumerate(groups):
        if only_returned(g):
            for j, h in enumerate(groups):
                if j != i and not h.planned:
                    add(i, j)
    # Planned stops come after every travelled one, unless their dates say otherwise.
    for i, g in enumerate(groups):
        if g.planned:
            for j, h in enumerate(groups):
                if not h.planned and not (after_date(keys[i], keys[j]) or after_date(keys[j], keys[i])
                                          or (keys[i] and keys[i] == keys[j])):
                    add(i, j)
    order: list[int] = []
    placed: set[int] = set()
    while len(order) < n:
        ready = [i for i in range(n) if i not in placed and after[i] <= placed]
        if not ready:  # a cycle: fall back to reading order for what is left
            ready = [i for i in range(n) if i not in placed]
        nxt = min(ready, key=lambda i: (groups[i].pos, i))
        order.append(nxt)
        placed.add(nxt)
    return [groups[i] for i in untangle(order, groups, after, dated)]

def untangle(order: list[int], groups: list[_Group], after: dict[int, set[int]],
             dated: frozenset[int] | set[int] = frozenset()) -> list[int]:
    """Swap two neighbours told out of order when the route would otherwise double back.

    Reading order is only a guess where the text gives no connective or date; a
    swap is made when it shortens the way through the two places by a fifth or
    more, and never against an explicit constraint.
    """
    def way(seq: list[int]) -> float:
        return sum(_km(groups[a].place, groups[b].place) for a, b in zip(seq, seq[1:]))

    changed, rounds = True, 0
    while changed and rounds < len(order):
        changed, rounds = False, rounds + 1
        for k in range(1, len(order) - 1):  # the origin stays first
            b, c = order[k], order[k + 1]
            if b in after[c] or c in after[b] or groups[b].planned != groups[c].planned \
                    or groups[b].returning or groups[c].returning:
                continue  # the way home ends the trip, however long it is
            if any(o.then for o in groups[b].obs) and groups[c].pos > groups[b].pos:
                continue  # "thence up the Parana to Santa Fe": told in sequence, and so travelled
            if b in dated or c in dated:
                continue  # a dated stop keeps its place among the stops told around it
            window = order[max(0, k - 1):k + 3]
            swapped = [c if x == b else b if x == c else x for x in window]
            if any(groups[x].place.id == groups[y].place.id for x, y in zip(swapped, swapped[1:])):
                continue  # a round trip's return is not a detour
            if way(swapped) < UNTANGLE_GAIN * way(window):
                order[k], order[k + 1] = c, b
                changed = True
    return order

def only_returned(g: _Group) -> bool:
    travelled = [o for o in g.obs if o.status != "excluded"]
    return bool(travelled) and all(o.returning for o in travelled) and not g.returning

def weekday_keys(groups: list[_Group]) -> list[Optional[tuple[int, int]]]:
    """Order by weekday when the text gives no calendar dates ("arrived on Friday ...
    on Sunday he will fly"): days count on from the first weekday the story names,
    so a trip from Friday to Monday stays in order."""
    days = []
    for g in groups:
        day = None
        for o in g.telling():
            day = weekday(o.date)
            if day is not None:
                break
        days.append(day)
    named = [(g.pos, d) for g, d in zip(groups, days) if d is not None]
    if len(named) < 2:
        return [None] * len(groups)
    base = min(named)[1]
    return [None if d is None else ((d - base) % 7, 0) for d in days]

def group_date(g: _Group) -> Optional[DateKey]:
    """The stop's date as far as its telling gives it: a day and month first, else a year."""
    keys = [k for k in (date_key(o.date, o.year) for o in g.telling()) if k]
    return next((k for k in keys if k[1] is not None), keys[0] if keys else None)
