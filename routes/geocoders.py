"""A geopy geocoder over the bundled gazetteer: offline, no network, no API key.

>>> from routes.geocoders import Gazetteer
>>> location = Gazetteer().geocode("Vladivostok")
>>> f"{location.latitude:.2f} {location.longitude:.2f}"
'43.11 131.87'

It is a :class:`geopy.geocoders.base.Geocoder`, so it fits wherever geopy expects
one (``geopy.extra.rate_limiter.RateLimiter(geocoder.geocode)``, a list of
geocoders tried in turn). Online geocoders stay off unless the caller passes one as
``fallback``: it is asked only when the gazetteer knows no place of that name.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Union

from geopy.geocoders.base import Geocoder
from geopy.location import Location

from routes.model import Candidate, Place

__all__ = ["Gazetteer", "location_from_candidate"]


def location_from_candidate(candidate: Candidate,
                            distance_m: Optional[float] = None) -> Location:
    """Return the geopy Location of a gazetteer candidate (raw: the row + score)."""
    place = candidate.place
    raw: dict[str, Any] = dict(place.to_dict(), alternate_names=list(place.alternate_names),
                               score=candidate.score, reason=candidate.reason)
    if distance_m is not None:
        raw["distance_m"] = distance_m
    return Location(_address(place), (place.lat, place.lon), raw)


def _address(place: Place) -> str:
    parts = [place.name]
    if place.kind != "country" and place.country_code:
        parts.append(place.country_code)
    return ", ".join(parts)


class Gazetteer(Geocoder):
    """Geocode with the offline gazetteer; optionally fall back to another geocoder.

    Parameters
    ----------
    gazetteer : gazetteer.Gazetteer, optional
        The gazetteer to query; the process-wide default when omitted.
    user_places : iterable of paths, optional
        CSV or GeoJSON files of extra places (ignored when ``gazetteer`` is given).
    fallback : geopy geocoder, optional
        Asked (``fallback.geocode(query, exactly_one=...)``) only when the gazetteer
        has no answer. None by default: nothing leaves the machine.
    """

    def __init__(self, gazetteer=None, *, user_places: Iterable = (),
                 fallback: Optional[Any] = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._gazetteer = gazetteer
        self._user_places = tuple(user_places)
        self.fallback = fallback

    @property
    def gazetteer(self):
        """The :class:`gazetteer.Gazetteer` answering the queries (created lazily)."""
        if self._gazetteer is None:
            from gazetteer import Gazetteer as _Gazetteer
            self._gazetteer = (_Gazetteer(user_places=self._user_places)
                               if self._user_places else _Gazetteer.default())
        return self._gazetteer

    def geocode(self, query: str, exactly_one: bool = True,
                country_codes: Union[str, Iterable[str], None] = None,
                kind: Union[str, Iterable[str], None] = None,
                limit: Optional[int] = None) -> Union[None, Location, list[Location]]:
        """Return the best Location for ``query`` (or a ranked list), or None.

        ``country_codes``: one ISO alpha-2 code or several; ``kind``: gazetteer
        kinds (city, country, admin1, island, river, ...). Raises
        ``routes.errors.InputError`` for an empty or unusable name.
        """
        codes = [country_codes] if isinstance(country_codes, str) else list(country_codes or [])
        want = 1 if exactly_one else (limit or 10)
        candidates: list[Candidate] = []
        for code in codes or [None]:
            candidates.extend(self.gazetteer.lookup(query, country=code, kind=kind,
                                                    limit=want))
        candidates.sort(key=lambda c: -c.score)
        if not candidates:
            if self.fallback is not None:
                return self.fallback.geocode(query, exactly_one=exactly_one)
            return None
        locations = [location_from_candidate(c) for c in candidates[:want]]
        return locations[0] if exactly_one else locations

    def reverse(self, query: Any, exactly_one: bool = True,
                limit: Optional[int] = None) -> Union[None, Location, list[Location]]:
        """Return the nearest gazetteer place(s) to a point "lat, lon" or (lat, lon)."""
        lat, lon = self._coerce_point_to_string(query).split(",")
        want = 1 if exactly_one else (limit or 5)
        found = self.gazetteer.nearest(float(lat), float(lon), limit=want)
        if not found:
            return None
        locations = [location_from_candidate(Candidate(place, 1.0, "nearest"), d)
                     for place, d in found]
        return locations[0] if exactly_one else locations
