"""Offline gazetteer: put a place name on the globe without the network.

Bundled data: GeoNames cities500 (all 239k places kept, whatever their population),
countries and first-level regions with a point each, a hand-curated supplement
(islands, rivers, border crossings, regions, historic names) and demonyms. See
``PROVENANCE.md`` for sources, versions and licences (GeoNames: CC BY 4.0).

>>> from gazetteer import Gazetteer
>>> best = Gazetteer.default().lookup("Vladivostok")[0]
>>> f"{best.place.lat:.2f} {best.place.lon:.2f}"
'43.11 131.87'

Nothing is read at import time. The first query ever unpacks the compressed data
files into the cache directory once (under a second, with a progress line on
stderr); every process then searches those files directly through small sorted
indexes, without loading the name list into memory.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Gazetteer", "fold"]


def __getattr__(name: str) -> Any:
    # Lazy so that ``import gazetteer`` stays cheap for the CLI's start-up.
    if name == "Gazetteer":
        from gazetteer._gazetteer import Gazetteer
        return Gazetteer
    if name == "fold":
        from gazetteer._fold import fold
        return fold
    raise AttributeError(f"module 'gazetteer' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
