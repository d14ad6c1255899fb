"""Staff in scope of a sourcing decision: what each option pays for them, and TUPE risks.

An option's :class:`~options.model.Workforce` is turned into cost lines at the start
of :func:`appraisal.appraise.prepare` (:func:`with_workforce`), the way devices become
energy lines, so every caller sees them. Each line is named ``"workforce: …"``; the
lines replace typed staff lines, which the user removes (the loader refuses a typed
``"workforce:"`` line beside a workforce, so no staff are counted twice).

- **In-house and do minimum** pay their in-scope staff: ``"workforce: staff"`` (opex)
  = in-scope FTE × :func:`loaded_salary`.
- **Outsourced options** pay the supplier for the transferees inside its charge, so
  only what the department still pays is generated: retained staff
  (``"workforce: retained staff"``), the retained intelligent client
  (``"workforce: intelligent client"``), TUPE consultation, HR and legal costs
  (``"workforce: TUPE consultation, HR and legal"``, transition), the Fair Deal
  pension passback (``"workforce: Fair Deal pension passback"``,
  :func:`pension_passback`) and pay protection (``"workforce: pay protection"``).
- **Redundancy payments are transfers** (Green Book 6.9): never a cost line in
  NPSV; :func:`redundancy_payments` gives them for the financial case. Employer NI
  and pension contributions are part of the cost of labour, not transfers (6.10).
- **Uncertain headcount**: lines that depend on the transferring headcount (or,
  in-house, on the staff in scope, ``in_scope_range``) are entered at the most
  likely headcount with the PERT multipliers low/likely and high/likely, and the
  explicit driver :data:`HEADCOUNT_DRIVER`. The deterministic
  figures are then at the expected (PERT mean) headcount, and Monte Carlo draws one
  headcount quantile a draw, shared by every option (common random numbers). Those
  lines take the headcount's spread instead of their category's.
- **TUPE liabilities** become risks (:func:`workforce_risks`).

A what-if's cost multiplier (``cost:flex:opex`` × k) reaches these lines through
``Option.generated_scale``.

References
----------
HM Treasury (2022) The Green Book, 6.9-6.10 (redundancy payments are transfers; tax
and NI out of gross pay are not). The Transfer of Undertakings (Protection of
Employment) Regulations 2006 (SI 2006/246), regs 4(7), 11-13, 15-16. Cabinet Office
(2000) Statement of Practice on Staff Transfers in the Public Sector, with its annex
A Fair Deal for Staff Pensions (HM Treasury, 1999). HM Treasury (October 2013) Fair
Deal for staff pensions: staff transfer from central government.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt
import pandas as pd

from appraisal.prices import rebase_factor
from options.model import (
    WORKFORCE_LINES,
    Category,
    CostLine,
    FairDeal,
    Option,
    OptionKind,
    Risk,
    Scenario,
    Workforce,
)

Array = npt.NDArray[np.float64]
HEADCOUNT_DRIVER = "headcount:transferring"
AUTO_ENROLMENT_RATE = 0.03  # employer minimum on qualifying earnings (Pensions Act 2008)
ELI_MINIMUM = 500.0  # £ per employee at least, TUPE reg. 12
WEEKS_AWARD = 13  # weeks' pay per affected employee, TUPE reg. 16(3)
IN_HOUSE = (OptionKind.IN_HOUSE, OptionKind.DO_MINIMUM)
FRAME_COLUMNS = ("option", "line", "category", "years", "amount", "working", "source")
REDUNDANCY_COLUMNS = ("option", "year", "people", "per_person", "amount", "price_year", "real")
NOTE = (
    "Workforce: lines named 'workforce: …' are worked out from each option's staff inputs "
    "and replace typed staff lines; redundancy payments are transfers (Green Book 6.9), "
    "left out of NPSV and given for the financial case."
)


def loaded_salary(
    salary: npt.ArrayLike,
    ni_rate: npt.ArrayLike,
    pension_rate: npt.ArrayLike,
    ni_threshold: npt.ArrayLike = 0.0,
) -> Array:
    """Employer cost of one FTE a year: pay + employer NI + employer pension.

    Parameters
    ----------
    salary : array_like
        Average gross pay, £ a year (real).
    ni_rate, pension_rate : array_like
        Employer on-cost rates, fractions from 0 to 1.
    ni_threshold : array_like, optional
        £ a year below which no employer NI is due (the secondary threshold).

    Notes
    -----
    salary × (1 + pension) + ni × max(salary − threshold, 0). NI and pension are part
    of the cost of labour, not transfers (Green Book 6.10).

    Examples
    --------
    £28,000 at 12.8% NI and 14% pension on all pay: 28,000 × 1.268 = £35,504.
    The example's 2008 figures, NI 9.1% contracted out above £5,435 and the PCSPS
    19.5%: 28,000 + 2,053.42 + 5,460 = £35,513.42.

    >>> float(loaded_salary(28_000, 0.128, 0.14))
    35504.0
    >>> round(float(loaded_salary(28_000, 0.091, 0.195, 5_435)), 2)
    35513.42
    """
    pay = np.asarray(salary, dtype=float)
    above = np.maximum(pay - np.asarray(ni_threshold, dtype=float), 0.0)
    return pay * (1 + np.asarray(pension_rate, dtype=float)) + np.asarray(ni_rate) * above


def passback_rate(w: Workforce) -> float:
    """The pension passback as a rate of the transferees' pay.

    ``pension_passback_rate`` when given. Otherwise, under the old Fair Deal (1999)
    0: the supplier's broadly comparable scheme is taken to be inside its price; under
    the new Fair Deal (2013) the public-service employer rate less the auto-enrolment
    minimum (3%) the supplier would pay anyway: the supplier pays the public-service
    rate for its transferees and passes the difference through in its charge.

    >>> from options.model import Workforce, FairDeal
    >>> passback_rate(Workforce(50, (2008, 2014), pension_rate=0.287))
    0.257
    >>> passback_rate(Workforce(50, (2008, 2014), fair_deal=FairDeal.OLD_1999))
    0.0
    """
    if w.pension_passback_rate is not None:
        return w.pension_passback_rate
    if w.fair_deal is FairDeal.OLD_1999:
        return 0.0
    return round(max(w.pension_rate - AUTO_ENROLMENT_RATE, 0.0), 12)


def pension_passback(transferring: npt.ArrayLike, salary: npt.ArrayLike, rate: float) -> Array:
    """£ a year passed back for the transferees' pensions: transferring × salary × rate.

    Examples
    --------
    50 transferees on £28,000 at a 2-point broadly comparable premium:
    50 × 28,000 × 0.02 = £28,000 a year.

    >>> float(pension_passback(50, 28_000, 0.02))
    28000.0
    """
    return np.asarray(transferring, dtype=float) * np.asarray(salary, dtype=float) * rate


def expected_headcount(w: Workforce) -> float:
    """The transferring headcount the deterministic figures use: the PERT mean of
    (low, transferring, high), or ``transferring`` without a range.

    >>> from options.model import Workforce
    >>> expected_headcount(Workforce(50, (2008, 2014), 44, (40, 60), retained=6))  # 276 / 6
    46.0
    """
    if w.transferring_range is None:
        return w.transferring
    low, high = w.transferring_range
    return (low + 4 * w.transferring + high) / 6


def _headcount_spread(likely: float, span: tuple[float, float] | None) -> dict[str, object]:
    """A headcount line's PERT multipliers (low/likely, high/likely) and the shared
    headcount driver; nothing without a range.

    >>> _headcount_spread(50, (40, 60))
    {'low': 0.8, 'high': 1.2, 'driver': 'headcount:transferring'}
    """
    if span is None or likely <= 0:
        return {}
    return {"low": span[0] / likely, "high": span[1] / likely, "driver": HEADCOUNT_DRIVER}


def _client_cost(w: Workforce) -> float:
    """The intelligent client a year: FTE × (cost per FTE, or the loaded salary)."""
    if w.client_cost_per_fte is not None:
        return w.client_fte * w.client_cost_per_fte
    salary = w.client_salary or 0.0
    return w.client_fte * float(loaded_salary(salary, w.ni_rate, w.pension_rate, w.ni_threshold))


def _pct(rate: float) -> str:
    """A rate as a percentage, no trailing zeros: 0.128 → '12.8%', 0.14 → '14%'."""
    return f"{rate * 100:.4g}%"


def _loaded_text(salary: float, w: Workforce) -> str:
    """The loaded salary in words and numbers, e.g. '£28,000 × (1 + 12.8% + 14%)'."""
    ni, pension = _pct(w.ni_rate), _pct(w.pension_rate)
    if not w.ni_threshold or salary <= w.ni_threshold:
        ni = ni if w.ni_threshold < salary else "0%"
        return f"£{salary:,.0f} × (1 + {ni} + {pension})"
    return (f"(£{salary:,.0f} × (1 + {pension}) + {ni} × (£{salary:,.0f} − "
            f"£{w.ni_threshold:,.0f}))")  # fmt: skip


def _items(
    w: Workforce, kind: OptionKind
) -> list[tuple[str, Category, tuple[int, ...], float, str, dict[str, object], bool]]:
    """Each line of a workforce: (role, category, years, £ a year, working, spread, OB)."""
    first, last = w.years
    service = tuple(range(first, last + 1))
    loaded = float(loaded_salary(w.salary, w.ni_rate, w.pension_rate, w.ni_threshold))
    pay = f"{_loaded_text(w.salary, w)} = £{loaded:,.2f} each"
    out: list[tuple[str, Category, tuple[int, ...], float, str, dict[str, object], bool]] = []
    if kind in IN_HOUSE:
        scope = _headcount_spread(w.in_scope, w.in_scope_range)
        heads = f"{w.in_scope:g} FTE" + (" (likely)" if scope else "")
        out.append(("staff", Category.OPEX, service, w.in_scope * loaded,
                    f"{heads} × {pay}", scope, False))  # fmt: skip
    elif w.retained:
        out.append(("retained", Category.OPEX, service, w.retained * loaded,
                    f"{w.retained:g} retained FTE × {pay}", {}, False))  # fmt: skip
    if w.client_fte:
        each = _client_cost(w) / w.client_fte
        how = "" if w.client_salary is None else f"{_loaded_text(w.client_salary, w)} = "
        out.append(("client", Category.OPEX, service, _client_cost(w),
                    f"{w.client_fte:g} FTE × {how}£{each:,.2f} each", {}, False))  # fmt: skip
    if w.tupe_costs:
        out.append(("tupe", Category.TRANSITION, (w.tupe_year or first,), w.tupe_costs,
                    f"£{w.tupe_costs:,.0f} once (consultation, HR, legal)", {}, True))  # fmt: skip
    if kind in IN_HOUSE or not w.transferring:
        return out
    spread, rate = _headcount_spread(w.transferring, w.transferring_range), passback_rate(w)
    heads = f"{w.transferring:g} transferring (likely)"
    if rate:
        out.append(("passback", Category.OPEX, service, float(pension_passback(
            w.transferring, w.salary, rate)), f"{heads} × £{w.salary:,.0f} × {rate:.1%} "
            f"({w.fair_deal.value} Fair Deal)", spread, False))  # fmt: skip
    if w.pay_protection and w.pay_protection_years:
        years = service[: w.pay_protection_years]
        out.append(("protection", Category.OPEX, years, w.transferring * w.pay_protection,
                    f"{heads} × £{w.pay_protection:,.0f} a year for {len(years)} years",
                    spread, False))  # fmt: skip
    return out


def _option_lines(o: Option) -> list[CostLine]:
    """One option's generated lines, × its what-if scale by category."""
    w = o.workforce
    if w is None:
        return []
    scale = dict(o.generated_scale)
    out = []
    for role, category, years, amount, working, spread, ob in _items(w, o.kind):
        k = scale.get(category.value, 1.0)
        note = working + (f" × {k:g} (what-if)" if k != 1.0 else "")
        out += [CostLine(o.id, WORKFORCE_LINES[role], category, y, amount * k, notes=note,
                         source=w.source, optimism_bias=ob, price_year=w.price_year,
                         **spread)  # type: ignore[arg-type]
                for y in years]  # fmt: skip
    return out


def workforce_lines(s: Scenario) -> list[CostLine]:
    """The cost lines every option's workforce generates (£ real, in its price year).

    Examples
    --------
    Two in-house staff on £30,000 at 10% NI on all pay and 20% pension,
    2 × 30,000 × 1.3 = £78,000 a year, in 2008 and 2009:

    >>> from options.model import Option, OptionKind, Scenario, Workforce
    >>> w = Workforce(2, (2008, 2009), retained=2, salary=30_000, ni_rate=0.1,
    ...               ni_threshold=0, pension_rate=0.2)
    >>> o = Option("a", "A", OptionKind.IN_HOUSE, workforce=w)
    >>> [(c.line, c.year, round(c.amount)) for c in workforce_lines(Scenario("s", 2007, (o,), ()))]
    [('workforce: staff', 2008, 78000), ('workforce: staff', 2009, 78000)]
    """
    return [c for o in s.options for c in _option_lines(o) if c.amount != 0]


def like_with_like_notes(s: Scenario) -> list[str]:
    """The economic case compares like with like: the employment cost per head (pay, NI
    and pension) should be the same in every option unless the workforce records why it
    differs (``why_cost_differs``); a note names each difference left unexplained.

    References: SCIM and the PFI value-for-money guidance hold the employment cost per
    employee equal across options so that no option gains by worse staff terms.
    """
    heads = {
        o.id: float(loaded_salary(w.salary, w.ni_rate, w.pension_rate, w.ni_threshold))
        for o in s.options
        if (w := o.workforce) is not None and w.salary > 0
    }
    if len(heads) < 2:
        return []
    low = min(heads.values())
    names = {o.id: o.name for o in s.options}
    return [
        f"Workforce: {names[oid]} costs £{cost:,.0f} a head a year against £{low:,.0f} in "
        "another option; the economic case compares like with like, so record why in its "
        "workforce's why_cost_differs (or use the same pay and on-costs)."
        for oid, cost in heads.items()
        if cost > low * 1.005 and not s.option(oid).workforce.why_cost_differs  # type: ignore[union-attr]
    ]


def with_workforce(s: Scenario) -> tuple[Scenario, tuple[str, ...]]:
    """The scenario with its workforces' cost lines and TUPE risks added, and the notes.

    A scenario without a workforce comes back as it is.
    """
    if not any(o.workforce for o in s.options):
        return s, ()
    notes = [NOTE]
    notes += [_headcount_note(o) for o in s.options if _headcount_note(o)]
    notes += like_with_like_notes(s)
    costs = (*s.costs, *workforce_lines(s))
    return replace(s, costs=costs, risks=(*s.risks, *workforce_risks(s))), tuple(notes)


def _headcount_note(o: Option) -> str:
    """What an option's uncertain headcount does, or '' without a range."""
    w = o.workforce
    if w is None:
        return ""
    if o.kind in IN_HOUSE:
        span, likely, what = w.in_scope_range, w.in_scope, "keeps"
    else:
        span, likely, what = w.transferring_range, w.transferring, "transfers"
    if span is None:
        return ""
    low, high = span
    mean = (low + 4 * likely + high) / 6
    return (f"Workforce: {o.name} {what} {low:g} / {likely:g} / {high:g} FTE; its headcount "
            f"lines are at the expected {mean:g} (the PERT mean), and Monte Carlo draws one "
            "headcount a draw, shared by the options.")  # fmt: skip


def workforce_as_lines(s: Scenario) -> Scenario:
    """The scenario with its workforces turned into the lines and risks they give, and no
    workforce left (so appraising it again adds nothing), as
    :func:`appraisal.energy.devices_as_lines` does for devices.

    >>> from options.model import Option, OptionKind, Scenario, Workforce
    >>> w = Workforce(2, (2008, 2009), retained=2, salary=30_000)
    >>> flat = workforce_as_lines(Scenario("s", 2007, (Option("a", "A", OptionKind.IN_HOUSE,
    ...                                                       workforce=w),), ()))
    >>> flat.options[0].workforce, sorted({c.line for c in flat.costs})
    (None, ['workforce: staff'])
    """
    if not any(o.workforce for o in s.options):
        return s
    flat, _ = with_workforce(s)
    return replace(flat, options=tuple(replace(o, workforce=None) for o in flat.options))


def workforce_risks(s: Scenario) -> list[Risk]:
    """TUPE liabilities of every outsourced option that transfers staff, as risks.

    Impacts follow the transferring headcount (low / likely / high): the employee
    liability information award, at least £500 an employee (TUPE reg. 12(4), for
    information reg. 11 requires); failure to inform and consult, up to 13 weeks'
    pay an affected employee (regs. 13, 15-16); staff who object to the transfer
    (reg. 4(7)), whose employment ends without a dismissal: the department keeps
    them, for a year at their loaded cost, until redeployed (10% of the transferees,
    an illustrative share); a second-generation transfer at the end of the contract,
    another round of the TUPE costs (between half and twice them). Each probability
    is the workforce's own or its illustrative default (``WORKFORCE_RISKS``); a
    probability of 0 leaves the risk out. Impacts are rebased from the workforce's
    price year to the price base (a risk has no price year of its own).

    Examples
    --------
    >>> from options.model import Option, OptionKind, Scenario, Workforce
    >>> w = Workforce(50, (2008, 2014), 50, (40, 60), salary=26_000, ni_rate=0,
    ...               ni_threshold=0, pension_rate=0)
    >>> s = Scenario("s", 2007, (Option("f", "F", OptionKind.FRAMEWORK, workforce=w),), ())
    >>> [(r.low, r.likely, r.high) for r in workforce_risks(s)][:2]
    [(20000.0, 25000.0, 30000.0), (260000.0, 325000.0, 390000.0)]
    """
    out = []
    for o in s.options:
        w = o.workforce
        if w is None or o.kind in IN_HOUSE or not w.transferring:
            continue
        low, high = w.transferring_range or (w.transferring, w.transferring)
        heads = np.array([low, w.transferring, high])
        factor = 1.0
        if w.price_year is not None and w.price_year != s.prices:
            factor, _ = rebase_factor(
                w.price_year, s.prices, s.deflator or s.parameters.gdp_deflator
            )
        week = w.salary / 52
        loaded = float(loaded_salary(w.salary, w.ni_rate, w.pension_rate, w.ni_threshold))
        first, last = w.years
        found = [
            ("employee_liability_information", "Incomplete employee liability information "
             "(TUPE reg. 11-12)", heads * ELI_MINIMUM, first,
             "TUPE Regulations 2006 regs 11-12: at least £500 an employee"),
            ("inform_and_consult", "Failure to inform and consult on the transfer (TUPE regs "
             "13, 15-16)", heads * WEEKS_AWARD * week, first,
             "TUPE Regulations 2006 regs 13, 15-16: up to 13 weeks' pay an affected employee"),
            ("objection", "Staff who object to transferring (TUPE reg. 4(7))",
             heads * 0.1 * loaded, first,
             "TUPE Regulations 2006 reg. 4(7); 10% objecting, a year's loaded cost: illustrative"),
            ("second_generation", "Second-generation transfer at the end of the contract",
             np.array([0.5, 1.0, 2.0]) * w.tupe_costs, w.second_generation_year or last,
             "Cabinet Office Statement of Practice (2000); HM Treasury Fair Deal (2013): "
             "protection continues at later transfers; half to twice the TUPE costs: illustrative"),
        ]  # fmt: skip
        for key, name, impact, year, source in found:
            p = w.probability(key)
            if p > 0 and impact[2] > 0:
                lo, mid, hi = (float(x) * factor for x in impact)
                out.append(Risk(o.id, f"workforce: {name}", p, lo, mid, hi, years=(year,),
                                source=source))  # fmt: skip
    return out


def redundancy_payments(s: Scenario) -> pd.DataFrame:
    """Redundancy compensation by option and year, for the financial case only.

    Redundancy payments are transfers between the employer and the employee: they
    are left out of NPSV but are a cost to the public sector's budget (Green Book 6.9).
    ``amount`` is £ in the workforce's price year (as entered, ``price_year``); ``real``
    the same rebased to the scenario's price base with the GDP deflator, as cost lines
    are (Green Book 5.11-5.12).

    Examples
    --------
    >>> from options.model import Option, OptionKind, Scenario, Workforce
    >>> w = Workforce(55, (2009, 2015), 50, redundant=5, redundancy_pay=20_000,
    ...               redundancy_year=2009)
    >>> s = Scenario("s", 2008, (Option("f", "F", OptionKind.FRAMEWORK, workforce=w),), ())
    >>> redundancy_payments(s).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'option': 'f', 'year': 2009, 'people': 5.0, 'per_person': 20000.0, 'amount': 100000.0,
      'price_year': 2008, 'real': 100000.0}]
    """
    rows = []
    for o in s.options:
        w = o.workforce
        if w is None or not w.redundant or not w.redundancy_pay:
            continue
        year = w.price_year or s.prices
        factor = 1.0
        if year != s.prices:
            factor, _ = rebase_factor(year, s.prices, s.deflator or s.parameters.gdp_deflator)
        amount = float(w.redundant * w.redundancy_pay)
        rows.append((o.id, w.redundancy_year or w.years[0], float(w.redundant),
                     float(w.redundancy_pay), amount, year, amount * factor))  # fmt: skip
    return pd.DataFrame(rows, columns=REDUNDANCY_COLUMNS)


def workforce_frame(s: Scenario) -> pd.DataFrame:
    """How the workforce lines were worked out: one row per option and line.

    Columns: ``years`` (first-last), ``amount`` (£ a year, in the workforce's price
    year, at the most likely headcount), ``working`` (the arithmetic in words and
    numbers) and ``source``. Empty without a workforce.

    Examples
    --------
    >>> from options.model import Option, OptionKind, Scenario, Workforce
    >>> w = Workforce(50, (2008, 2014), retained=50, salary=28_000, ni_rate=0.128,
    ...               ni_threshold=0, pension_rate=0.14)
    >>> row = workforce_frame(Scenario("s", 2007, (Option("a", "A", OptionKind.IN_HOUSE,
    ...                                                    workforce=w),), ())).iloc[0]
    >>> row["working"], float(row["amount"])
    ('50 FTE × £28,000 × (1 + 12.8% + 14%) = £35,504.00 each', 1775200.0)
    """
    rows = []
    for o in s.options:
        if o.workforce is None:
            continue
        for role, category, years, amount, working, _, _ in _items(o.workforce, o.kind):
            span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
            name = WORKFORCE_LINES[role]
            rows.append((o.id, name, category.value, span, amount, working, o.workforce.source))
    return pd.DataFrame(rows, columns=FRAME_COLUMNS)
