"""The drivers of a sensitivity analysis: each input a user can vary, with its plausible range.

A *driver* is one input named by the input IDs of the what-ifs
(:mod:`options.inputs`: ``cost:flex:opex``, ``risk:flex:<risk>:probability``,
``ob:flex:mitigation``, ``carbon:flex:tonnes``, ``discounting``, ``carbon_values``,
``weight:<concern>``, ``score:<concern>:<option>``, ``value_per_point``). Its
*plausible range* is:

- a cost multiplier (one option's category, or every option's): the scenario's
  uncertainty bounds for that category, else ±50%;
- a risk's probability 0–1, its impact its own low and high over its most likely
  value (else ±50%); optimism-bias mitigation 0–1;
- the discount schedule: the reduced-rate schedule against the standard one;
  carbon values: the published low and high series; emissions ±50%;
- a concern's share of the weights 0–100% (the others keep their proportions), a
  score ± the scenario's ``settings.score_spread`` (10 points unless set) within 0–100;
- the value of a concerns point: ÷3 to ×3 of the price set, or 0 to twice the
  largest switching price when none is set.

References
----------
HM Treasury, The Green Book (2022) 5.58–5.61 (sensitivity analysis and switching
values).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from appraisal import mcda
from appraisal.appraise import prepare, settle
from appraisal.energy import devices_as_lines
from appraisal.flows import cost_lines, horizon
from appraisal.register import counted_matrix
from appraisal.workforce import HEADCOUNT_DRIVER, workforce_as_lines
from options.inputs import parse_input
from options.model import Category, Option, Scenario
from options.text import fold_words
from options.workforce_inputs import KEEPS_STAFF, bounds

Array = npt.NDArray[np.float64]
DEFAULT_SPREAD = 0.5  # ±50% for a multiplier without uncertainty bounds
MULTIPLIER_SEARCH = (0.0, 5.0)
RATE_SEARCH = (0.0, 0.15)
PLAUSIBLE_SCHEDULES = ("green-book-reduced", "green-book")


@dataclass(frozen=True, slots=True)
class Driver:
    """One input varied in the sensitivity analysis.

    ``kind`` sets its axis: ``multiplier`` (× the estimate), ``probability``,
    ``mitigation``, ``rate`` (a constant discount rate; the base is a schedule),
    ``carbon`` (a published carbon-value series), ``staff`` (FTE), ``pension`` (a
    workforce's employer pension rate),
    ``share`` (a concern's share of
    the weights), ``score`` (0–100), ``price`` (£ a concerns point). ``low`` and
    ``high`` are the plausible range (a schedule or series name for ``rate`` and
    ``carbon``); ``base`` is the value now on the axis (None when the base is a
    named schedule); ``search`` the wide range searched for a switching value.
    ``amount`` is the estimate a multiplier scales (£ real, before optimism bias),
    ``per_year`` whether it is a yearly amount or a total.
    """

    input: str
    label: str
    kind: str
    low: float | str
    high: float | str
    base: float | None
    search: tuple[float, float] | None
    range_source: str
    option: str | None = None
    amount: float | None = None
    per_year: bool = False
    unit: str = "£"  # of ``amount``: £ (real, before optimism bias) or tCO2e

    @property
    def linear_candidate(self) -> bool:
        """Whether the measure may be linear in it (checked before a closed form is used)."""
        return self.kind not in ("rate", "carbon", "staff")  # staff: a range may drop


def _multiplier_range(low: float, high: float) -> tuple[float, float, str]:
    if low < 1.0 or high > 1.0:
        return low, high, "the scenario's uncertainty bounds"
    return 1.0 - DEFAULT_SPREAD, 1.0 + DEFAULT_SPREAD, "±50% (no uncertainty bounds given)"


def cost_drivers(s: Scenario) -> list[Driver]:
    """A multiplier on each category of each option's cost lines, and on every option's.

    The plausible range is the widest of the lines' PERT bounds in that category
    (their own, else the category's), else ±50%; lines whose spread is a headcount's
    (the workforce's, varied by its own driver) count only when no other line does.
    ``amount`` is the estimate at real prices before optimism bias: a yearly average
    of the years with flows for running costs and benefits, the total for one-off
    categories.
    """
    lines = cost_lines(s, horizon(s), [])
    headcount = np.array([d == ("driver", fold_words(HEADCOUNT_DRIVER)) for d in lines.driver])
    out: list[Driver] = []
    categories = [c for c in Category if c in lines.category]

    def spread(rows: npt.NDArray[np.bool_]) -> tuple[float, float, str]:
        own = rows & ~headcount if (rows & ~headcount).any() else rows
        return _multiplier_range(lines.low[own].min(), lines.high[own].max())

    for cat in categories:
        rows = np.array([c is cat for c in lines.category])
        options = sorted(set(lines.option[rows].tolist()))
        per_year = cat in (Category.OPEX, Category.BENEFIT)
        if len(options) > 1:
            low, high, source = spread(rows)
            out.append(Driver(f"cost:*:{cat.value}", f"every option's {cat.value} estimate",
                              "multiplier", low, high, 1.0, MULTIPLIER_SEARCH, source,
                              per_year=per_year))  # fmt: skip
        for i in options:
            mine = rows & (lines.option == i)
            low, high, source = spread(mine)
            yearly = lines.flows[mine].sum(axis=0)
            active = yearly != 0
            amount = (
                float(yearly[active].mean() if per_year else yearly.sum()) if active.any() else 0.0
            )
            o = s.options[i]
            out.append(Driver(f"cost:{o.id}:{cat.value}", f"{o.name}'s {cat.value} estimate",
                              "multiplier", low, high, 1.0, MULTIPLIER_SEARCH, source, o.id,
                              amount, per_year))  # fmt: skip
    return out


def risk_drivers(s: Scenario) -> list[Driver]:
    """Each risk's probability (0–1) and impact (its low and high over its most likely)."""
    out: list[Driver] = []
    for r in s.risks:
        name = s.option(r.option).name
        stem = f"risk:{r.option}:{r.name}"
        out.append(Driver(f"{stem}:probability", f"the probability of '{r.name}' ({name})",
                          "probability", 0.0, 1.0, r.probability, (0.0, 1.0), "0 to 1",
                          r.option))  # fmt: skip
        if r.likely > 0 and (r.low < r.likely or r.high > r.likely):
            low, high, source = (
                r.low / r.likely,
                r.high / r.likely,
                "the risk's low and high impact",
            )
        else:
            low, high, source = _multiplier_range(1.0, 1.0)
        out.append(Driver(f"{stem}:impact", f"the impact of '{r.name}' ({name})", "multiplier",
                          low, high, 1.0, MULTIPLIER_SEARCH, source, r.option,
                          r.likely))  # fmt: skip
    return out


def carbon_drivers(s: Scenario) -> list[Driver]:
    """The carbon values (the published low and high series) and a multiplier on each
    option's emissions, and on every option's (±50%; linear, so it is also the switching
    value of the carbon price)."""
    emitting = [o for o in s.options if o.carbon_tco2e]
    if not emitting:
        return []
    out = [Driver("carbon_values", "the carbon values", "carbon", "low", "high", None, None,
                  "the published low and high carbon values")]  # fmt: skip
    low, high, source = _multiplier_range(1.0, 1.0)
    if len(emitting) > 1:
        out.append(Driver("carbon:*:tonnes", "every option's carbon emissions", "multiplier",
                          low, high, 1.0, MULTIPLIER_SEARCH, source))  # fmt: skip
    for o in emitting:
        yearly = [t for _, t in o.carbon_tco2e if t]
        out.append(Driver(f"carbon:{o.id}:tonnes", f"{o.name}'s carbon emissions",
                          "multiplier", low, high, 1.0, MULTIPLIER_SEARCH, source, o.id,
                          sum(yearly) / len(yearly) if yearly else None, True,
                          unit="tCO2e"))  # fmt: skip
    return out


PENSION_RANGE = (0.171, 0.287)  # Civil Service employer rates: 2006's lowest band, 2024's
PENSION_SOURCE = (
    "Civil Service employer rates, 17.1% (2006, lowest band) to 28.7% (2024, flat rate)"
)


def _pension_driver(who: str, label: str, rate: float) -> Driver:
    """The employer pension rate of one option, or of every option (``*``)."""
    low, high = min(rate, PENSION_RANGE[0]), max(rate, PENSION_RANGE[1])
    return Driver(f"workforce:{who}:pension_rate", label, "pension", low, high, rate, (0.0, 1.0),
                  PENSION_SOURCE, None if who == "*" else who)  # fmt: skip


def _scope_driver(staffed: list[Option]) -> Driver | None:
    """Every option's staff in scope × k (headcounts in proportion): the widest of the
    options' ``in_scope_range`` as a multiplier, or None when none gives one."""
    spans = [(w.in_scope_range, w.in_scope) for o in staffed
             if (w := o.workforce) is not None and w.in_scope_range and w.in_scope]  # fmt: skip
    if not spans:
        return None
    low, high = min(s[0] / n for s, n in spans), max(s[1] / n for s, n in spans)
    return Driver("workforce:*:in_scope", "every option's staff in scope", "multiplier", low,
                  high, 1.0, MULTIPLIER_SEARCH, "the headcount range")  # fmt: skip


def _option_drivers(o: Option) -> list[Driver]:
    """An option's staff transferring (an outsourced option: its headcount range, else
    ±50%, within 0 and the most who could) and its intelligent client (halved to
    doubled: no published source sizes it)."""
    w = o.workforce
    assert w is not None
    out = []
    most = bounds(o, "transferring")[1] or 0.0
    if o.kind not in KEEPS_STAFF and most > 0:
        span = w.transferring_range or (w.transferring * 0.5, w.transferring * 1.5)
        source = (
            "the headcount range" if w.transferring_range else "±50% (no headcount range given)"
        )
        out.append(Driver(f"workforce:{o.id}:transferring", f"{o.name}'s staff transferring",
                          "staff", max(0.0, span[0]), min(most, span[1]), w.transferring,
                          (0.0, most), source, o.id))  # fmt: skip
    if w.client_fte:
        out.append(Driver(f"workforce:{o.id}:client_fte", f"{o.name}'s intelligent client FTE",
                          "staff", w.client_fte * 0.5, w.client_fte * 2.0, w.client_fte,
                          (0.0, 10.0 * w.client_fte), "half to double (no source sizes it)",
                          o.id))  # fmt: skip
    return out


def workforce_drivers(s: Scenario) -> list[Driver]:
    """The workforce inputs varied (:mod:`options.workforce_inputs`):

    - every option's staff in scope, as one multiplier (the same staff are in scope
      whichever option is chosen): the widest headcount range;
    - the employer pension rate, one for every option when they share it (the same
      scheme; else one an option): the Civil Service employer rates from the lowest
      2006 band (17.1%) to the 2024 flat rate (28.7%, the full cost of the
      public-service scheme a broadly comparable scheme is costed against), widened
      to hold the scenario's rate;
    - each outsourced option's staff transferring and intelligent client.
    """
    staffed = [o for o in s.options if o.workforce is not None]
    out = [d for d in [_scope_driver(staffed)] if d is not None]
    rates = {o.workforce.pension_rate for o in staffed if o.workforce is not None}
    if len(rates) == 1:
        out.append(_pension_driver("*", "every option's employer pension rate", rates.pop()))
    else:
        out += [_pension_driver(o.id, f"{o.name}'s employer pension rate",
                                o.workforce.pension_rate)
                for o in staffed if o.workforce is not None]  # fmt: skip
    return out + [d for o in staffed for d in _option_drivers(o)]


def drivers(s: Scenario, npsv: Array | None = None, flat: Scenario | None = None) -> list[Driver]:
    """Every driver of a scenario, in a stable order (costs, staff transferring, risks,
    optimism bias, discounting, carbon, weights, scores, the price per point).

    ``flat`` is the scenario with its devices and workforce as lines, when the caller
    has made it already.
    """
    s = settle(s)
    staff = workforce_drivers(s)
    s = workforce_as_lines(devices_as_lines(s)) if flat is None else flat
    out = cost_drivers(s) + staff + risk_drivers(s)
    if s.settings.optimism_bias:
        out += [Driver(f"ob:{o.id}:mitigation", f"{o.name}'s optimism-bias mitigation",
                       "mitigation", 0.0, 1.0, o.ob_mitigation, (0.0, 1.0), "0 to 1", o.id)
                for o in s.options if o.project_type is not None]  # fmt: skip
    rate = s.discounting if isinstance(s.discounting, float) else None
    source = "the reduced-rate and the standard Green Book schedules"
    out.append(Driver("discounting", "the discount rate", "rate", *PLAUSIBLE_SCHEDULES, rate,
                      RATE_SEARCH, source))  # fmt: skip
    out += carbon_drivers(s)
    if len(s.concerns) > 1:
        w = mcda.normalise_weights([c.weight for c in s.concerns])
        out += [Driver(f"weight:{c.id}", f"{c.title}'s share of the concern weights", "share",
                       0.0, 1.0, float(w[j]), (0.0, 1.0), "0 to 100%")
                for j, c in enumerate(s.concerns)]  # fmt: skip
    spread = s.settings.score_spread
    for c in s.concerns:
        for o in s.options:
            x = c.scores_map[o.id]
            out.append(Driver(f"score:{c.id}:{o.id}", f"{o.name}'s score on {c.title}", "score",
                              max(0.0, x - spread), min(100.0, x + spread), x,
                              (0.0, 100.0), f"± {spread:g} points (settings.score_spread)",
                              o.id))  # fmt: skip
    if s.concerns:
        out.append(_price_driver(s, prepare(s, frames=False).value if npsv is None else npsv))
    return out


def _price_driver(s: Scenario, npsv: Array) -> Driver:
    lam = s.value_per_point
    if lam is not None and lam > 0:
        low, high, source = lam / 3, lam * 3, "÷3 to ×3 of the price set"
    else:
        score = mcda.weighted_scores(counted_matrix(s), [c.weight for c in s.concerns])
        prices = [p for p, _ in mcda.leaders(npsv, score)[1:]]
        low, high = 0.0, 2 * max(prices, default=0.0)
        source = "0 to twice the largest switching price (no price is set)"
    return Driver("value_per_point", "the value of a concerns point", "price", low, high,
                  0.0 if lam is None else lam, (0.0, float("inf")), source)  # fmt: skip


def short_label(s: Scenario, d: Driver, width: int = 28) -> str:
    """A driver's name for a chart axis: the option first, names shortened, unique.

    >>> from options.examples import load_example
    >>> s = load_example()
    >>> for d in drivers(s)[:2] + [d for d in drivers(s) if d.input.startswith("risk:in")]:
    ...     print(short_label(s, d))
    All options: capex estimate
    Keep in-house (business as…: capex estimate
    Keep in-house (business as…: 'Loss of key IT staff…' probability
    Keep in-house (business as…: 'Loss of key IT staff…' impact
    """
    iid = parse_input(d.input)

    def cut(text: str, n: int = width) -> str:
        return text if len(text) <= n else text[: n - 1].rstrip() + "…"

    who = (
        "All options" if iid.option == "*" else cut(s.option(iid.option).name) if iid.option else ""
    )
    concern = next((c.title for c in s.concerns if c.id == iid.concern), "")
    what = {
        "cost": f"{iid.category.value if iid.category else ''} estimate",
        "carbon": "carbon emissions",
        "workforce": {
            "in_scope": "staff in scope",
            "transferring": "staff transferring",
            "pension_rate": "pension rate",
            "client_fte": "client FTE",
        }.get(iid.part or "", iid.part or ""),
        "risk": f"'{cut(iid.risk or '', 22)}' {iid.part}",
        "ob": "optimism-bias mitigation",
        "score": f"score on {cut(concern)}",
    }.get(iid.kind)
    if what is not None:
        return f"{who}: {what}"
    return {
        "discounting": "Discount rate",
        "carbon_values": "Carbon values",
        "weight": f"Weight on {cut(concern, 40)}",
        "value_per_point": "Value of a concerns point",
    }[iid.kind]
