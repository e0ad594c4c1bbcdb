"""Colours, labels and line styles shared by the HTML map, the legend and the SVG.

Colours are Paul Tol's "vibrant" scheme (distinguishable with colour-blindness); the
mode is also written in the legend, tooltips and itinerary, so colour is never the only
cue. Planned legs are dashed, inferred legs dotted: drawn at full strength, so that
every leg keeps at least 3:1 contrast on the land (WCAG 1.4.11), and the inferred marker
keeps 4.5:1 for its white number.
"""

from __future__ import annotations

MODE_COLOURS = {
    "train": "#CC3311",
    "road": "#0077BB",
    "air": "#EE3377",
    "sea": "#009988",
    "foot": "#EE7733",
    "unknown": "#555555",
}
MODE_LABELS = {
    "train": "Train",
    "road": "Road",
    "air": "Air",
    "sea": "Sea",
    "foot": "On foot",
    "unknown": "Mode unknown",
}

LEG_WEIGHT_PX = 4
CASING_WEIGHT_PX = 7
PLANNED_DASH = "9 7"
INFERRED_DOTS = "0.1 8"  # with round caps: dots one line-width across, 8 px apart
INFERRED_OPACITY = 0.95  # was 0.45: a lighter line fell to 2:1 on the land
TRAVELLED_OPACITY = 0.95

SEA = "#cfe0ea"
LAND = "#f4f1ea"
BORDER = "#9c968a"
INK = "#1d2733"
MARKER = "#1d2733"
MARKER_INFERRED = "#5f6b78"  # white on it: 5.4:1 (was #7b8794, 3.7:1)

ATTRIBUTION_BASEMAP = "Basemap: Natural Earth (public domain) via world-atlas"
ATTRIBUTION_PLACES = "Places: GeoNames (CC BY 4.0)"
GEONAMES_URL = "https://www.geonames.org/"


def mode_colour(mode: str) -> str:
    """Return the CSS colour of a travel mode (grey for modes not in MODES)."""
    return MODE_COLOURS.get(mode, MODE_COLOURS["unknown"])


def mode_label(mode: str) -> str:
    """Return the human label of a travel mode."""
    return MODE_LABELS.get(mode, mode.capitalize() if mode else MODE_LABELS["unknown"])
