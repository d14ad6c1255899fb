"""Number formats shared by the CLI, the dashboard and the board pack."""

from __future__ import annotations

import math


def money_m(value: float | None, *, signed: bool = False) -> str:
    """£ millions with one decimal place, minus sign for negatives.

    >>> money_m(-12_345_678), money_m(2_500_000, signed=True), money_m(None)
    ('−£12.3m', '+£2.5m', '—')
    """
    if value is None or not math.isfinite(value):
        return "—"
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}£{abs(value) / 1e6:,.1f}m"


def money(value: float | None) -> str:
    """Whole pounds with thousands separators.

    >>> money(3797.4), money(-1200.0)
    ('£3,797', '−£1,200')
    """
    if value is None or not math.isfinite(value):
        return "—"
    return f"{'−' if value < 0 else ''}£{abs(value):,.0f}"


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage.

    >>> percent(0.0814), percent(None)
    ('8.1%', '—')
    """
    if value is None or not math.isfinite(value):
        return "—"
    return f"{100 * value:.{digits}f}%"


def number(value: float | None, digits: int = 1) -> str:
    """A plain number (scores, ratios).

    >>> number(59.49), number(None)
    ('59.5', '—')
    """
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:,.{digits}f}"


_ESCAPES = {ch: f"&#{ord(ch)};" for ch in "&<>*_[]#`~|\\$:!"}


def escape_text(text: object) -> str:
    """User text made inert for every renderer that reads markup, as HTML entities.

    Option names, concern titles, rationales and file contents can contain
    characters that Streamlit's Markdown (labels, headings, metric labels),
    its LaTeX (``$``), emoji short codes (``:x:``) or plotly's HTML subset would
    interpret. Every such character becomes a numeric character reference,
    which Markdown and plotly both display as the character itself. Table cells
    are plain text already and need no escaping.

    >>> escape_text("<b>Flex</b> *now* [x](y) $1")
    '&#60;b&#62;Flex&#60;/b&#62; &#42;now&#42; &#91;x&#93;(y) &#36;1'
    """
    return "".join(_ESCAPES.get(ch, ch) for ch in str(text))


DISCOUNT_LABELS = {
    "green-book": "Green Book (standard)",
    "green-book-health": "Green Book (health)",
    "green-book-reduced": "Reduced rate (sensitivity)",
}


def discounting_label(discounting: str | float) -> str:
    """A schedule's name as a reader would say it; a constant rate as a percentage.

    >>> discounting_label("green-book"), discounting_label(0.05)
    ('Green Book (standard)', 'constant 5%')
    """
    if isinstance(discounting, str):
        return DISCOUNT_LABELS.get(discounting, discounting)
    return f"constant {100 * discounting:g}%"
