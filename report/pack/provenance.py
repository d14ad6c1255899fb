"""The provenance footer: what every page of the board pack says about where it came from.

A reader who finds one page of the pack on a printer should be able to tell which
scenario and version it shows, when it was made, in what prices and with what
discounting, how many Monte Carlo draws with which seed, which published parameters
(the discount schedule and the carbon values) and which software version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from appraisal import __version__
from appraisal.discounting import schedule_in
from appraisal.results import Results
from options.model import Scenario
from report.formatting import discounting_label, percent

UNSAVED = "unsaved scenario"


class SavedVersion(Protocol):
    """What the scenario library knows of a saved version (``options.store`` ``VersionInfo``)."""

    @property
    def number(self) -> int: ...
    @property
    def saved_by(self) -> str: ...
    @property
    def saved_at(self) -> dt.datetime: ...


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a pack's figures come from, in short phrases (each a piece of the footer)."""

    scenario: str
    version: str  # "version 3, saved by A. Analyst on 2026-12-01", or "unsaved scenario"
    date: str  # the day the pack was made, ISO 8601
    prices: str  # "£ in real 2007 prices, base year 2007"
    discounting: str  # "discounting Green Book (standard)"
    simulation: str  # "10,000 Monte Carlo draws, seed 1"
    vintage: str  # the published parameters used
    software: str  # "options-appraisal 0.1.0"

    def parts(self) -> tuple[str, ...]:
        """The footer's phrases in reading order."""
        return (
            self.scenario,
            self.version,
            self.date,
            self.prices,
            self.discounting,
            self.simulation,
            self.vintage,
            self.software,
        )

    def line(self) -> str:
        """The footer as one line of text, phrases separated by `` · ``."""
        return " · ".join(self.parts())


def version_text(saved: SavedVersion | None) -> str:
    """The version phrase: who saved which version when, or that it is unsaved.

    >>> version_text(None)
    'unsaved scenario'
    >>> from types import SimpleNamespace
    >>> version_text(SimpleNamespace(number=3, saved_by="A. Analyst",
    ...                              saved_at=dt.datetime(2026, 12, 1, 9, 30)))
    'version 3, saved by A. Analyst on 2026-12-01'
    """
    if saved is None:
        return UNSAVED
    return f"version {saved.number}, saved by {saved.saved_by} on {saved.saved_at:%Y-%m-%d}"


def vintage_text(scenario: Scenario) -> str:
    """The published parameters: the vintage, the discount schedule's table and the
    carbon series used from it.

    >>> from options.model import Scenario
    >>> vintage_text(Scenario("x", 2008, (), ()))   # doctest: +ELLIPSIS
    'parameters: green-book-2022 (published ...): discount rates HM Treasury Green Book (2018) ...'
    """
    p = scenario.parameters
    schedule, _ = schedule_in(p, scenario.discounting)
    if isinstance(schedule, float):
        rates = f"a constant discount rate of {percent(schedule, 2)}"
    else:
        rates = f"discount rates {schedule.source.split(',')[0]}"
    table = p.carbon_table(scenario.carbon_series)
    carbon = "" if table is None else (
        f"; carbon values {table.source.split(':')[0].strip()}, "
        f"{scenario.carbon_values.value}")  # fmt: skip
    return f"parameters: {p.id} (published {p.published}): {rates}{carbon}"


def provenance(
    scenario: Scenario,
    results: Results,
    saved: SavedVersion | None = None,
    today: dt.date | None = None,
) -> Provenance:
    """The footer of a pack of ``results`` (the appraisal of ``scenario``).

    ``saved`` is the library's version of the scenario (None: "unsaved scenario");
    ``today`` the pack's date (default: today).
    """
    day = today or dt.date.today()
    return Provenance(
        scenario=results.scenario,
        version=version_text(saved),
        date=f"made {day.isoformat()}",
        prices=f"£ in real {results.price_base} prices, base year {results.base_year}",
        discounting=f"discounting {discounting_label(results.discounting)}",
        simulation=f"{results.draws:,} Monte Carlo draws, seed {results.seed}",
        vintage=vintage_text(scenario),
        software=f"options-appraisal {__version__}",
    )
