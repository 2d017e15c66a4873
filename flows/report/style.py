"""The report's colours: one per ACLED event type, the same in every chart and badge."""

from __future__ import annotations

EVENT_TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#7d3c98",
    "Protests": "#2471a3",
    "Riots": "#17a589",
    "Strategic developments": "#7f8c8d",
}
OTHER_COLOUR = "#34495e"
HOLDER_COLOURS = [
    "#1f4e79",
    "#b03a2e",
    "#1e8449",
    "#b9770e",
    "#6c3483",
    "#117a65",
    "#873600",
    "#2e4053",
    "#a93226",
    "#5b2c6f",
]
PASSED, WARNED = "#1f4e79", "#c0392b"  # the runs of the quality chart


def type_colour(event_type: str) -> str:
    return EVENT_TYPE_COLOURS.get(event_type, OTHER_COLOUR)


def ordered_types(types: set[str]) -> list[str]:
    """ACLED's event types in codebook order, anything else after them."""
    known = [t for t in EVENT_TYPE_COLOURS if t in types]
    return known + sorted(types - set(known))
