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
