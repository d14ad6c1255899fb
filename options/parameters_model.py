"""The Green Book parameters as one value: a named, dated vintage of the published figures.

Everything the method takes from published guidance rather than from the scenario
lives in a :class:`Parameters`: the discount schedules, the optimism-bias table, the
carbon values and the GDP deflator, each with its source. A vintage is what an analyst
had at one date: the figures of the 2003 Green Book and the Shadow Price of Carbon for
an appraisal made in 2007-08, today's for one made now. The engine takes every such
figure from the scenario's ``parameters`` (``appraisal.appraise(..., parameters=...)``
re-appraises with another); :mod:`options.parameters` loads the vintages shipped as
JSON. This module is pure: frozen values and lookups, no figures and no files.
"""

from __future__ import annotations

from dataclasses import dataclass

from options.model import CarbonSeries, Category, ProjectType, YearMap

STANDARD = "green-book"  # the schedule every vintage has (Green Book STPR, 3.5 % to year 30)
HEALTH = "green-book-health"


@dataclass(frozen=True, slots=True)
class Schedule:
    """A declining discount schedule: one real rate per band of years, with its source.

    ``ends`` holds the last year index of every band but the last, which is open-ended
    (the Green Book's 0-30, 31-75, 76-125, 126-200, 201-300, 301+ are ``(30, 75, 125,
    200, 300)``), so ``len(rates) == len(ends) + 1``.
    """

    name: str
    rates: tuple[float, ...]
    source: str
    ends: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Bounds:
    """Upper and lower bounds (fractions) of one project type's optimism-bias uplift,
    the cost categories they apply to, and the works-duration bounds (None: none published)."""

    upper: float
    lower: float
    applies_to: frozenset[Category]
    duration_upper: float | None
    duration_lower: float | None


@dataclass(frozen=True, slots=True)
class CarbonTable:
    """A published series of £/tCO2e by calendar year, in one price base.

    The low and high values are fixed ratios of the central one, as both published
    series define them (DESNZ: 50 % and 150 %; the Shadow Price of Carbon: −10 % and +20 %).
    """

    series: CarbonSeries
    years: tuple[int, ...]
    central: tuple[float, ...]
    low_ratio: float  # low = low_ratio × central
    high_ratio: float
    price_base: int
    source: str

    @property
    def growth(self) -> float:
        """Average annual growth of the central series over its published years.

        >>> spc = CarbonTable(CarbonSeries.SHADOW_PRICE_2007, (2008, 2009, 2010),
        ...                   (26.5, 27.03, 27.5706), 0.9, 1.2, 2008, "")
        >>> round(spc.growth, 6)
        0.02
        """
        span = self.years[-1] - self.years[0]
        return float((self.central[-1] / self.central[0]) ** (1.0 / span) - 1.0)


@dataclass(frozen=True, slots=True)
class Parameters:
    """One vintage of the Green Book parameters.

    ``schedules`` always include the standard one (``"green-book"``); ``carbon`` lists
    the carbon series the vintage offers, its own first (a scenario that names none
    uses it); ``optimism_bias`` covers every :class:`~options.model.ProjectType`.
    """

    id: str  # e.g. "green-book-2022"; what a scenario file records
    title: str
    published: str  # ISO date (YYYY-MM or YYYY-MM-DD) of the latest dataset in it
    sources: tuple[str, ...]  # the publications the vintage is drawn from
    schedules: tuple[Schedule, ...]
    optimism_bias: tuple[tuple[ProjectType, Bounds], ...]
    optimism_bias_source: str
    carbon: tuple[CarbonTable, ...]
    gdp_deflator: YearMap  # (calendar year, index); only ratios matter
    gdp_deflator_source: str

    @property
    def label(self) -> str:
        """How results name it: ``"<title> (<id>, published <date>)"``."""
        return f"{self.title} ({self.id}, published {self.published})"

    @property
    def schedule_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.schedules)

    @property
    def carbon_series(self) -> tuple[CarbonSeries, ...]:
        return tuple(c.series for c in self.carbon)

    def schedule(self, name: str) -> Schedule | None:
        """The schedule of that name, or None when this vintage has none."""
        return next((s for s in self.schedules if s.name == name), None)

    def bounds(self, project_type: ProjectType) -> Bounds:
        """The optimism-bias bounds of a project type."""
        return next(b for t, b in self.optimism_bias if t is project_type)

    def carbon_table(self, series: CarbonSeries) -> CarbonTable | None:
        """The carbon series of that name, or None when this vintage has none."""
        return next((c for c in self.carbon if c.series is series), None)
