"""The data model: a validated, immutable Scenario and its parts.

Everything below the front ends trusts these objects: validation happens once,
when a file or a form is turned into a :class:`Scenario` (``options.scenario_file``,
``options.costs``). Mappings are stored as sorted tuples of pairs so that every
object is frozen and hashable; the ``*_map`` helpers give them back as dicts.
Money is in £ (real prices of the price base unless a cost line says nominal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, TypeVar

from options.text import fold

if TYPE_CHECKING:  # options.parameters_model imports this module's enums
    from options.parameters_model import Parameters

E = TypeVar("E", bound="TextEnum")

SCHEMA_VERSION = 2
SCHEMAS = (1, 2)  # schema 1 still loads, converted
MAX_HORIZON = 1000  # years after the base year (DESIGN: an input error beyond)
DISCOUNT_SCHEDULES = ("green-book", "green-book-health", "green-book-reduced")
CURRENT_WEIGHTS = "Current weights"  # the concerns' own weights, beside any weight sets


class TextEnum(Enum):
    """An Enum whose members are parsed tolerantly from user text."""

    @classmethod
    def from_text(cls: type[E], text: object) -> E:
        """Case-, space-, hyphen- and underscore-insensitive lookup.

        >>> Category.from_text(" CapEx ")
        <Category.CAPEX: 'capex'>
        >>> OptionKind.from_text("in house")
        <OptionKind.IN_HOUSE: 'in-house'>
        """
        key = fold(text)
        for member in cls:
            if key in (fold(member.value), fold(member.name)):
                return member
        allowed = ", ".join(m.value for m in cls)
        raise ValueError(f"{text!r} is not one of: {allowed}")

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)


class Category(TextEnum):
    """What a cost line is. Costs are positive; benefit and residual are positive gains."""

    CAPEX = "capex"
    OPEX = "opex"
    TRANSITION = "transition"
    EXIT = "exit"
    BENEFIT = "benefit"
    RESIDUAL = "residual"

    @property
    def is_gain(self) -> bool:
        """Adds to NPSV: a benefit, or a residual value (which reduces PV costs)."""
        return self in (Category.BENEFIT, Category.RESIDUAL)

    @property
    def cost_sign(self) -> float:
        """The line's sign in PV costs: +1 a cost, -1 a residual value, 0 a benefit."""
        return {Category.BENEFIT: 0.0, Category.RESIDUAL: -1.0}.get(self, 1.0)


class OptionKind(TextEnum):
    IN_HOUSE = "in-house"
    DO_MINIMUM = "do-minimum"
    FRAMEWORK = "framework"
    ALTERNATIVE = "alternative"


class ProjectType(TextEnum):
    """Optimism-bias project types of the Green Book supplementary guidance."""

    OUTSOURCING = "outsourcing"
    EQUIPMENT_DEVELOPMENT = "equipment_development"
    STANDARD_BUILDINGS = "standard_buildings"
    NON_STANDARD_BUILDINGS = "non_standard_buildings"
    STANDARD_CIVIL_ENGINEERING = "standard_civil_engineering"
    NON_STANDARD_CIVIL_ENGINEERING = "non_standard_civil_engineering"


class Treatment(TextEnum):
    RETAINED = "retained"
    TRANSFERRED = "transferred"


class ConcernStatus(TextEnum):
    """Where a concern stands in the register."""

    OPEN = "open"
    MITIGATED = "mitigated"
    ACCEPTED = "accepted"


class FairDeal(TextEnum):
    """Which Fair Deal policy protects transferring staff's pensions.

    ``old-1999``: the Cabinet Office Statement of Practice on Staff Transfers (2000)
    and the Treasury's Fair Deal (1999): the new employer offers a GAD-certified
    "broadly comparable" scheme, and its extra cost comes back in the charge.
    ``new-2013``: HM Treasury's Fair Deal guidance (October 2013): transferees keep
    continued access to their public-service scheme, the supplier pays the employer
    contribution at the public-service rate and passes it through.
    """

    OLD_1999 = "old-1999"
    NEW_2013 = "new-2013"


class Basis(TextEnum):
    REAL = "real"
    NOMINAL = "nominal"


class CarbonValues(TextEnum):
    LOW = "low"
    CENTRAL = "central"
    HIGH = "high"


class CarbonSeries(TextEnum):
    APPRAISAL_2023 = "appraisal-2023"
    SHADOW_PRICE_2007 = "shadow-price-2007"


YearMap = tuple[tuple[int, float], ...]
TextMap = tuple[tuple[str, str], ...]
ScoreMap = tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Transfer:
    """A payment that moves value between parties (a pension bulk transfer, an asset handed
    to the supplier): in the budgets (the financial case), never in NPSV."""

    name: str
    year: int
    amount: float  # £ real, price base
    budget: str = "resource"  # capital | resource
    source: str = ""


@dataclass(frozen=True, slots=True)
class DeviceGroup:
    """Devices of one type that an option runs, and the electricity each uses.

    A device uses ``kwh_per_year`` kWh a year, or, when that is not given,
    ``watts`` × ``hours_per_year`` ÷ 1000; the group counts in every calendar year
    from ``years[0]`` to ``years[1]``. Its tonnes and its energy cost come from the
    scenario's :class:`Energy` (:mod:`appraisal.energy`).
    """

    type: str  # "desktop PC", "thin client", ...
    count: float
    years: tuple[int, int]  # first and last calendar year in service
    kwh_per_year: float | None = None  # per device; None: watts × hours_per_year ÷ 1000
    watts: float | None = None
    hours_per_year: float | None = None
    source: str = ""

    @property
    def kwh(self) -> float:
        """kWh a year per device.

        >>> DeviceGroup("desktop PC", 10, (2008, 2017), watts=85, hours_per_year=1760).kwh
        149.6
        >>> DeviceGroup("thin client", 10, (2008, 2017), kwh_per_year=79.2).kwh
        79.2
        """
        if self.kwh_per_year is not None:
            return self.kwh_per_year
        return (self.watts or 0.0) * (self.hours_per_year or 0.0) / 1000.0


#: Employer on-cost defaults (editable per option; sources in :class:`Workforce`).
NI_RATE = 0.15  # employer secondary Class 1 NI from 6 April 2025
NI_THRESHOLD = 5000.0  # £ a year: the secondary threshold from 6 April 2025
PENSION_RATE = 0.287  # civil service employer contribution from 1 April 2024 (EPN698)
#: The lines a workforce generates (:mod:`appraisal.workforce`), by role.
WORKFORCE_LINES = {
    "staff": "workforce: staff",
    "retained": "workforce: retained staff",
    "client": "workforce: intelligent client",
    "tupe": "workforce: TUPE consultation, HR and legal",
    "passback": "workforce: Fair Deal pension passback",
    "protection": "workforce: pay protection",
}
#: TUPE liabilities' probabilities, illustrative defaults (a workforce may override them).
WORKFORCE_RISKS = (
    ("employee_liability_information", 0.05),
    ("inform_and_consult", 0.05),
    ("objection", 0.10),
    ("second_generation", 0.25),
)


@dataclass(frozen=True, slots=True)
class Workforce:
    """The staff in scope of one option, who transfer, and what the department still pays.

    Headcounts are FTE: ``in_scope`` = ``transferring`` + ``redundant`` +
    ``redeployed`` + ``retained`` (checked at load). ``transferring`` is the most
    likely headcount; ``transferring_range`` (low, high) makes it uncertain, and
    ``in_scope_range`` (low, high) the staff in scope (the same staff in every option:
    one headcount draw a Monte Carlo draw moves both).
    Money is £ real in ``price_year``'s prices (None: the price base): ``salary``
    is the average a year; the on-costs are rates of it (employer NI on pay above
    ``ni_threshold``). :mod:`appraisal.workforce` turns it into cost lines named
    ``"workforce: …"``, which replace typed staff lines (remove those), and into
    TUPE risks. Defaults: NI 15% above £5,000 (HMRC rates and thresholds 2025-26),
    pension 28.7% (Civil Service Pensions EPN698, from 1 April 2024).
    """

    in_scope: float
    years: tuple[int, int]  # first and last calendar year of the service
    transferring: float = 0.0
    transferring_range: tuple[float, float] | None = None  # low, high (likely: transferring)
    in_scope_range: tuple[float, float] | None = None  # low, high (likely: in_scope)
    redundant: float = 0.0
    redeployed: float = 0.0
    retained: float = 0.0
    salary: float = 0.0  # £ a year, average, real
    price_year: int | None = None  # None: the price base
    ni_rate: float = NI_RATE
    ni_threshold: float = NI_THRESHOLD
    pension_rate: float = PENSION_RATE
    fair_deal: FairDeal = FairDeal.NEW_2013
    pension_passback_rate: float | None = None  # None: the regime's default
    pay_protection: float = 0.0  # £ a year per transferee
    pay_protection_years: int = 0
    redundancy_pay: float = 0.0  # £ per redundancy (a transfer: financial view only)
    redundancy_year: int | None = None  # None: the first service year
    tupe_costs: float = 0.0  # £ consultation, HR and legal, once
    tupe_year: int | None = None  # None: the first service year
    client_fte: float = 0.0  # the retained intelligent client
    client_salary: float | None = None  # loaded at the workforce's rates, or
    client_cost_per_fte: float | None = None  # £ a year per FTE, all-in
    second_generation_year: int | None = None  # None: the last service year
    why_cost_differs: str = ""  # why its employment cost per head differs from others
    risk_probabilities: tuple[tuple[str, float], ...] = ()  # overrides of WORKFORCE_RISKS
    source: str = ""

    def probability(self, risk: str) -> float:
        """A TUPE risk's probability: the workforce's own, else the default.

        >>> Workforce(50, (2008, 2014), risk_probabilities=(("objection", 0.3),)).probability(
        ...     "objection"), Workforce(50, (2008, 2014)).probability("objection")
        (0.3, 0.1)
        """
        return dict((*WORKFORCE_RISKS, *self.risk_probabilities))[risk]


@dataclass(frozen=True, slots=True)
class Energy:
    """The scenario's electricity figures, by calendar year, for its options' devices.

    ``emission_factors`` are marginal factors, kgCO2e per kWh used (the Green Book's
    supplementary guidance values a change in use at the marginal factor, not the
    grid average); ``value_per_kwh`` is the long-run variable cost of electricity,
    £ real in the scenario's price base (the resource cost, never a retail price,
    which carries levies and transfers); ``price_paid_per_kwh`` (optional) is the
    price the organisation pays, for the financial view only. A year after the last
    one given takes the last value (and the results say so); a year before the
    first is refused when the scenario is loaded.
    """

    emission_factors: YearMap = ()
    value_per_kwh: YearMap = ()
    price_paid_per_kwh: YearMap = ()
    source: str = ""


@dataclass(frozen=True, slots=True)
class Option:
    """One sourcing option on the shortlist."""

    id: str
    name: str
    kind: OptionKind
    project_type: ProjectType | None = None
    ob_mitigation: float = 0.0
    ob_evidence: str = ""
    carbon_tco2e: YearMap = ()  # typed tonnes; devices' tonnes are added to them
    devices: tuple[DeviceGroup, ...] = ()
    # The VAT the department cannot recover on each category of its (net) cost lines, as a
    # rate of the net amount: a cost to its budget (the financial case), a transfer to the
    # Exchequer (never in NPSV).
    irrecoverable_vat: tuple[tuple[str, float], ...] = ()
    transfers: tuple[Transfer, ...] = ()
    # What a what-if's multiplier does to the lines and tonnes the engine generates from
    # inputs such as devices (a cost multiplier scales every line of its category, typed or
    # generated): factors by category value, and on the devices' tonnes. Not saved.
    generated_scale: tuple[tuple[str, float], ...] = ()
    device_tonnes_scale: float = 1.0
    staff_transferring: int = 0
    workforce: Workforce | None = None  # staff inputs: generated "workforce: …" lines
    service_years: tuple[int, int] | None = None  # first and last calendar year of service
    modules: tuple[str, ...] | None = None  # None: every module of the option counts
    aliases: tuple[str, ...] = ()  # other names cost files give it (confirmed by the user)
    description: str = ""
    source: str = ""

    def includes(self, module: str | None) -> bool:
        """Whether a cost line of this option with ``module`` counts."""
        return module is None or self.modules is None or module in self.modules


@dataclass(frozen=True, slots=True)
class CostLine:
    """One amount of one line of one option in one calendar year."""

    option: str
    line: str
    category: Category
    year: int
    amount: float
    basis: Basis = Basis.REAL
    low: float | None = None  # PERT multiplier bounds overriding the category's
    high: float | None = None
    module: str | None = None
    notes: str = ""
    source: str = ""
    optimism_bias: bool = True  # False: a firm figure (e.g. BAU continuing) gets no uplift
    driver: str | None = None  # shared uncertainty; None: category + folded line name
    health: bool = False  # an effect on health or life: always the health discount schedule
    price_year: int | None = None  # real amounts in this year's prices, rebased to the price base


@dataclass(frozen=True, slots=True)
class Spread:
    """PERT multiplier range (mode 1.0) for one category, with copula correlation."""

    low: float
    high: float
    correlation: float = 0.0


@dataclass(frozen=True, slots=True)
class Risk:
    option: str
    name: str
    probability: float
    low: float
    likely: float
    high: float
    years: tuple[int, ...]
    treatment: Treatment = Treatment.RETAINED
    premium: float = 0.0  # £ a listed year, paid when the risk is transferred
    source: str = ""
    lines: tuple[str, ...] = ()  # the cost lines of its option this risk quantifies


@dataclass(frozen=True, slots=True)
class Concern:
    """A non-monetised criterion, scored 0-100 for every option."""

    id: str
    title: str
    raised_by: str
    weight: float
    scores: ScoreMap
    rationale: TextMap = ()
    mitigation: TextMap = ()
    source: str = ""
    date_raised: str = ""  # ISO date, YYYY-MM-DD (or YYYY-MM, YYYY)
    status: ConcernStatus = ConcernStatus.OPEN
    evidence: str = ""  # free text or a link
    risks: tuple[str, ...] = ()  # names of the risks that monetise the same harm
    residual_share: float = 1.0  # the share of the concern not monetised by those risks
    related: tuple[str, ...] = ()  # concerns a user marks as overlapping with this one

    @property
    def scores_map(self) -> dict[str, float]:
        return dict(self.scores)

    def counted(self, option_id: str) -> float:
        """The score that counts in the weighted sum: the score × the residual share."""
        return self.residual_share * self.scores_map[option_id]


class Quality(TextEnum):
    """How well an assumption is evidenced: its red / amber / green rating.

    The Aqua Book (HM Treasury 2015; 2025 edition) asks that analysis keep a log of
    its assumptions with their quality and owner, so that whoever uses the results
    knows which rest on evidence and which on judgement. Here ``green`` is a published
    figure used as published, ``amber`` one derived from published figures by stated
    reasoning, and ``red`` a judgement with no source.
    """

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


@dataclass(frozen=True, slots=True)
class Assumption:
    """One entry of the assumptions register (Aqua Book: an assumptions log).

    ``value`` is text, as the register states it ("4,500 seats", "£900 a seat");
    ``date`` is when it was recorded or last reviewed, ISO ``YYYY-MM-DD`` (or
    ``YYYY-MM``, ``YYYY``). It describes the appraisal and never enters it.
    """

    id: str
    text: str
    quality: Quality
    date: str
    value: str = ""
    source: str = ""
    owner: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    """One entry of the decision log (Aqua Book: a decisions log): what was decided,
    by whom, when, and on which saved version of the scenario (None: on none, such as
    a historical decision recorded after the event)."""

    id: str
    date: str  # ISO YYYY-MM-DD (or YYYY-MM, YYYY)
    text: str
    decided_by: str
    version: int | None = None
    rationale: str = ""
    source: str = ""


LineKey = tuple[str, str, Category]  # option id, line name, category: one cost line


@dataclass(frozen=True, slots=True)
class Change:
    """One change a what-if makes (exactly one kind: an input, a line's amounts, an added
    cost line or a removed line). Input IDs are parsed by :mod:`options.inputs`."""

    input: str | None = None  # an input ID such as "cost:flex:opex"
    multiply: float | None = None
    value: float | str | None = None
    has_value: bool = False  # "value" was given (null is a value for value_per_point)
    line: LineKey | None = None  # with set: {year: amount}
    set: YearMap = ()
    add: CostLine | None = None
    remove: LineKey | None = None


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A named departure from the central case, appraised beside it, never instead of it."""

    name: str
    rationale: str
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class WeightSet:
    """One stakeholder's swing weights on the concerns, set beside the scenario's own.

    The MCDA manual (DCLG 2009, chapter 6) weights criteria by the judgement of those
    with a stake and tests whether other weights would change the ordering; a weight
    set is such a judgement, named, e.g. a union's or a board's. It names every concern
    once, with a weight of 0 or more (not all 0).
    """

    name: str
    weights: ScoreMap  # (concern id, swing weight), one for every concern, in concern order
    value_per_point: float | None = None  # its own £ a point when has_price; None: no price
    has_price: bool = False  # "value_per_point" was given (null too); else the scenario's
    rationale: str = ""
    source: str = ""

    @property
    def weights_map(self) -> dict[str, float]:
        return dict(self.weights)

    def price(self, scenario_price: float | None) -> float | None:
        """The £ a concerns point is worth for this set: its own if given, else the scenario's.

        >>> WeightSet("Board", (("a", 1.0),)).price(150_000.0)
        150000.0
        >>> WeightSet("Union", (("a", 1.0),), None, has_price=True).price(150_000.0) is None
        True
        """
        return self.value_per_point if self.has_price else scenario_price


@dataclass(frozen=True, slots=True)
class Settings:
    optimism_bias: bool = True
    risk_probability_multiplier: float = 1.0
    confidence: float = 0.8
    draws: int = 10_000
    seed: int = 1
    score_spread: float = 10.0  # points: how far a concern score may be off (sensitivity, SMAA)


def default_parameters() -> Parameters:
    """The current vintage of the Green Book parameters (a scenario's default), read from
    the shipped dataset once (:func:`options.parameters.current_parameters`)."""
    from options.parameters import current_parameters  # the loader imports this module

    return current_parameters()


@dataclass(frozen=True, slots=True)
class Scenario:
    """A whole appraisal: options, their costs, risks, concerns and settings."""

    name: str
    base_year: int
    options: tuple[Option, ...]
    costs: tuple[CostLine, ...]
    price_base: int | None = None  # None: the base year
    discounting: str | float = "green-book"
    carbon_values: CarbonValues = CarbonValues.CENTRAL
    carbon_series: CarbonSeries = CarbonSeries.APPRAISAL_2023
    energy: Energy = Energy()  # electricity factors and values for the options' devices
    carbon_scale: float = 1.0  # multiplies the carbon values (a what-if's carbon_values × k)
    value_per_point: float | None = None  # £ of NPSV a point of concern score is worth
    uncertainty: tuple[tuple[Category, Spread], ...] = ()
    settings: Settings = field(default_factory=Settings)
    risks: tuple[Risk, ...] = ()
    concerns: tuple[Concern, ...] = ()
    deflator: YearMap | None = None  # None: the GDP deflator of its parameters
    # The Green Book parameter vintage it is appraised with (file: its id, "parameters").
    parameters: Parameters = field(default_factory=default_parameters)
    what_ifs: tuple[WhatIf, ...] = ()
    weight_sets: tuple[WeightSet, ...] = ()  # stakeholders' weights, beside the concerns' own
    assumptions: tuple[Assumption, ...] = ()  # the assumptions register (never appraised)
    decisions: tuple[Decision, ...] = ()  # the decision log (never appraised)
    description: str = ""
    source: str = ""
    load_notes: tuple[str, ...] = field(default=(), compare=False)  # what loading converted
    # A schema-1 money weight not yet priced: appraisal.appraise.settle turns it into
    # value_per_point from the file's own NPSVs, once, as it is loaded.
    legacy_money_weight: float | None = None

    @property
    def prices(self) -> int:
        """The price base year (defaults to the base year)."""
        return self.base_year if self.price_base is None else self.price_base

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def option(self, option_id: str) -> Option:
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(option_id)

    @property
    def uncertainty_map(self) -> dict[Category, Spread]:
        return dict(self.uncertainty)

    @property
    def counterfactual(self) -> str | None:
        """Id of the first in-house (business-as-usual) option, if any."""
        return next((o.id for o in self.options if o.kind is OptionKind.IN_HOUSE), None)


#: HM Treasury GDP deflator at market prices, calendar years, 2024 = 100: the series of
#: the current parameter vintage (``options/parameters/green-book-2022.json``, which a
#: test holds equal to it). The engine reads a scenario's ``parameters.gdp_deflator``.
GDP_DEFLATOR: YearMap = (
    (2007, 64.7322),
    (2008, 66.8900),
    (2009, 68.2170),
    (2010, 69.1217),
    (2020, 85.2137),
    (2021, 85.6358),
    (2022, 90.5005),
    (2023, 96.2507),
    (2024, 100.0),
)
GDP_DEFLATOR_SOURCE = (
    "HM Treasury GDP deflators at market prices and money GDP (December 2025 Quarterly "
    "National Accounts, calendar years, 2024 = 100), years 2007-2010 and 2020-2024 as "
    "as published; other years are interpolated or extrapolated "
    "(Green Book 5.12) and each appraisal says which"
)
