"""The sidebar: every assumption that every page uses, edited in one place.

Widgets read their values from ``st.session_state`` (keys from
:func:`dashboard.state.control_key`), where they are from the start of a run, so the
values become a :class:`~options.controls.Controls` and a new scenario via
``options.controls`` before the page is drawn (:func:`apply`), and the widgets are drawn
after it (:func:`render`). An invalid combination (every concern weight at 0) is shown
beside the widgets and the last valid scenario stays in force.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import state
from dashboard.saved_status import group, mark
from dashboard.state import control_key as key
from options.controls import (
    Controls,
    available_modules,
    module_costs,
    with_controls,
)
from options.errors import InputError
from options.model import CarbonSeries, CarbonValues, Scenario
from options.parameters import vintage_titles
from report.formatting import DISCOUNT_LABELS, escape_text, money_m
from report.summary import leaders_text

DISCOUNTING = {**DISCOUNT_LABELS, "constant": "Constant rate"}
CARBON_SERIES = {
    CarbonSeries.APPRAISAL_2023.value: "DESNZ appraisal values (2023)",
    CarbonSeries.SHADOW_PRICE_2007.value: "Shadow Price of Carbon (Defra 2007)",
}
DRAWS = (1_000, 100_000)


NO_WEIGHT = (
    "Every concern weight is 0, so the concerns cannot be scored: the figures below "
    "still use the last weights that could be (see Concerns). Give a concern a weight."
)


def apply() -> str | None:
    """Make the active scenario follow the sidebar's values, before anything is drawn.

    The controls' values are in ``st.session_state`` from the start of a run (a control
    just moved included), so the page is drawn first, with them, and the controls after
    it (:func:`render`): after a slider moves, the page's figures and charts reach the
    browser without waiting for the sidebar's forty-odd elements. Nothing here computes
    results, so a scenario that cannot be appraised never stops the page (the Data page
    can still replace it). Returns why the sidebar's values cannot be used, if they
    cannot: the last valid scenario then stays in force.
    """
    s = state.scenario()
    _valid_case(s)
    if _no_weight(s):
        return NO_WEIGHT
    try:
        new = with_controls(s, read_controls(s))
    except InputError as exc:
        return exc.problems[0].message
    if new != s:
        state.set_scenario(new)
    return None


def render(where: DeltaGenerator, problem: str | None) -> DeltaGenerator | None:
    """Draw the assumptions in ``where`` (their place in the sidebar), with ``problem``
    (from :func:`apply`) beneath them; the place for the switching values (None: no
    concerns)."""
    s = state.scenario()
    with where:
        st.header("Assumptions")
        _case(s)
        _parameters()
        _discounting()
        _optimism_bias(s)
        _risk()
        switching = _weights(s)
        _carbon()
        _modules(s)
        _monte_carlo()
        if problem and problem != NO_WEIGHT:  # that one is said beside the weights
            st.error(problem)
    return switching


def switching_values(slot: DeltaGenerator | None) -> None:
    """Where the overall leader changes as the value of a concerns point rises, beneath
    that value. Call after the page: by then its results are cached, and a failure to
    compute them has not kept the page from drawing."""
    if slot is not None and (changes := leaders_text(state.results())):
        slot.caption(f"Switching values: {escape_text(changes)}.")


def _no_weight(s: Scenario) -> bool:
    """Whether the scenario has concerns and every concern weight control is at 0."""
    return bool(s.concerns) and sum(st.session_state[key("weight", c.id)] for c in s.concerns) <= 0


def _case_names(s: Scenario) -> list[str | None]:
    """The cases a page can show: None (the central case), then each what-if's name."""
    return [None, *(w.name for w in s.what_ifs)]


def _valid_case(s: Scenario) -> None:
    """The case shown is the central case unless the scenario has the what-if chosen."""
    if st.session_state.get(state.CASE) not in _case_names(s):
        st.session_state[state.CASE] = None


def _case(s: Scenario) -> None:
    """Which case the pages show: the central case or one of the scenario's what-ifs."""
    if not s.what_ifs:
        return
    st.selectbox(
        "Case shown",
        _case_names(s),
        format_func=lambda n: "Central case" if n is None else escape_text(n),
        key=state.CASE,
        help="A what-if is a named departure from the central case, appraised beside it. "
        "The controls below edit the central case; the what-if's changes are made on top.",
    )


def read_controls(s: Scenario) -> Controls:
    """The sidebar's values as Controls (widget keys hold them)."""
    ss = st.session_state
    choice = ss[key("discounting")]
    discounting = round(ss[key("rate")] / 100, 6) if choice == "constant" else choice
    modules = tuple(
        (oid, tuple(m for m in names if ss.get(key("module", oid, m), False)))
        for oid, names in available_modules(s).items()
    )
    return Controls(
        discounting=discounting,
        optimism_bias=ss[key("optimism_bias")],
        ob_mitigation=tuple((o.id, ss[key("ob", o.id)]) for o in s.options if o.project_type),
        confidence=ss[key("confidence")] / 100,
        risk_multiplier=ss[key("risk_multiplier")],
        weights=tuple((c.id, float(ss[key("weight", c.id)])) for c in s.concerns),
        value_per_point=float(ss[key("value_per_point")]) if ss[key("priced")] else None,
        carbon_values=CarbonValues.from_text(ss[key("carbon_values")]),
        carbon_series=CarbonSeries.from_text(ss[key("carbon_series")]),
        modules=modules,
        draws=int(ss[key("draws")]),
        seed=int(ss[key("seed")]),
        parameters=ss[key("parameters")],
    )


def _parameters() -> None:
    """Which vintage of the Green Book parameters to appraise with; a choice other than
    the one the scenario was loaded with is set beside it on the About page."""
    titles = vintage_titles()
    recorded = state.loaded().parameters.id
    with st.expander(
        group("Green Book parameters", "parameters"),
        expanded=st.session_state[key("parameters")] != recorded,
        key="group:parameters",
    ):
        st.selectbox(
            mark("Parameter vintage", key("parameters")),
            tuple(titles),
            format_func=lambda v: f"{v}: {titles[v]}",
            key=key("parameters"),
            help="The discount schedules, optimism-bias table, carbon values and GDP deflator "
            "of one date, with their sources. The scenario records the vintage it is "
            "appraised with.",
        )
        if st.session_state[key("parameters")] != recorded:
            st.caption(
                f"The scenario as loaded records {recorded}: About the method sets the two "
                "appraisals side by side."
            )


def _discounting() -> None:
    with st.expander(
        group("Discounting", "discounting", "rate"), expanded=True, key="group:discounting"
    ):
        st.selectbox(
            mark("Discount schedule", key("discounting")),
            tuple(DISCOUNTING),
            format_func=DISCOUNTING.__getitem__,
            key=key("discounting"),
            help="HM Treasury Green Book (2018) Table 8. Standard: 3.5% to year 30, then "
            "declining; health: from 1.5%; reduced: from 3.0%, the sensitivity test for "
            "horizons beyond 50 years.",
        )
        top = max(10.0, st.session_state[key("rate")])
        st.slider(
            mark("Constant discount rate (%)", key("rate")),
            0.0,
            top,
            step=0.1,
            format="%.1f%%",
            key=key("rate"),
            disabled=st.session_state[key("discounting")] != "constant",
            help="Used when the schedule is 'Constant rate'. Real rate, % a year.",
        )


def _optimism_bias(s: Scenario) -> None:
    with st.expander(group("Optimism bias", "optimism_bias", "ob:"), key="group:ob"):
        st.toggle(
            mark("Apply optimism bias", key("optimism_bias")),
            key=key("optimism_bias"),
            help="Green Book supplementary guidance uplifts (outsourcing 41% of opex "
            "and transition; equipment and development 200% of capex).",
        )
        for o in (o for o in s.options if o.project_type):
            st.slider(
                mark(f"Mitigation: {escape_text(o.name)}", key("ob", o.id)),
                0.0,
                1.0,
                step=0.05,
                key=key("ob", o.id),
                disabled=not st.session_state[key("optimism_bias")],
                help="How far the contributory factors are managed (0 = not at all, 1 = "
                "fully): uplift = max(lower bound, (1 − m) × upper bound).",
            )


def _risk() -> None:
    with st.expander(group("Risk appetite", "confidence", "risk_multiplier"), key="group:risk"):
        c = st.session_state[key("confidence")]
        st.slider(
            mark("Confidence level (%)", key("confidence")),
            min(50, c),
            max(95, c),
            step=5,
            key=key("confidence"),
            help="Net present cost is also shown at this quantile of the Monte Carlo "
            "draws: the risk-adjusted cost the board can be this confident of.",
        )
        k = max(2.0, st.session_state[key("risk_multiplier")])
        st.slider(
            mark("Risk probability multiplier", key("risk_multiplier")),
            0.0,
            k,
            step=0.1,
            key=key("risk_multiplier"),
            help="What if risks were k times as likely? Each probability becomes min(1, k × p).",
        )


def _weights(s: Scenario) -> DeltaGenerator | None:
    """Concern weights and the money weight; the place for the switching values."""
    switching = None
    with st.expander(
        group("Concern weights", "weight:", "priced", "value_per_point"),
        expanded=bool(s.concerns),
        key="group:weights",
    ):
        for c in s.concerns:
            top = max(100.0, st.session_state[key("weight", c.id)])
            st.slider(
                mark(escape_text(c.title), key("weight", c.id)),
                0.0,
                top,
                step=1.0,
                format="%.0f",
                key=key("weight", c.id),
                help=f"Swing weight. Raised by {escape_text(c.raised_by or 'not recorded')}.",
            )
        if s.concerns:
            _value_per_point()
            switching = st.empty()
        st.button("Reset weights", on_click=_reset_weights, key="reset_weights")
        if _no_weight(s):
            st.error(
                "Every concern weight is 0: give at least one a weight above 0. The "
                "figures still use the last valid weights."
            )
    return switching


def _value_per_point() -> None:
    """The £ a point of concern score is worth (:func:`switching_values` says where the
    overall leader changes)."""
    st.toggle(
        mark("Set a value for one concerns point", key("priced")),
        key=key("priced"),
        help="Overall value = NPSV + this value × the weighted concerns score (0-100). "
        "With no value set, the options rank by NPSV and the verdict says at which value "
        "the preference would change.",
    )
    st.number_input(
        mark("Value of one concerns point (£)", key("value_per_point")),
        min_value=0.0,
        max_value=1e12,
        step=10_000.0,
        format="%.0f",
        key=key("value_per_point"),
        disabled=not st.session_state[key("priced")],
        help="£ of NPSV, in real prices of the price base, that one point of weighted "
        "concern score is worth.",
    )


def _reset_weights() -> None:
    s, original = state.scenario(), state.loaded()
    weights = {c.id: c.weight for c in original.concerns}
    concerns = tuple(replace(c, weight=weights.get(c.id, c.weight)) for c in s.concerns)
    new = replace(s, concerns=concerns, value_per_point=original.value_per_point)
    state.switch_scenario(new, source="Reset weights")


def _carbon() -> None:
    with st.expander(group("Carbon", "carbon_values", "carbon_series"), key="group:carbon"):
        st.radio(
            mark("Carbon values", key("carbon_values")),
            [v.value for v in CarbonValues],
            horizontal=True,
            format_func=str.capitalize,
            key=key("carbon_values"),
        )
        st.selectbox(
            mark("Carbon series", key("carbon_series")),
            tuple(CARBON_SERIES),
            format_func=CARBON_SERIES.__getitem__,
            key=key("carbon_series"),
        )


def _modules(s: Scenario) -> None:
    catalogue = available_modules(s)
    if not catalogue:
        return
    costs = module_costs(s)
    with st.expander(group("Framework services", "module:"), key="group:modules"):
        for oid, names in catalogue.items():
            st.caption(escape_text(s.option(oid).name))
            for m in names:
                a_year = money_m(costs.get((oid, m), 0.0))
                label = mark(f"{escape_text(m)} ({a_year} a year)", key("module", oid, m))
                st.checkbox(label, key=key("module", oid, m))
        st.caption(
            "Ticked: bought from the framework. Unticked: not bought, so its cost "
            "leaves the option and nothing replaces it."
        )


def _monte_carlo() -> None:
    with st.expander(group("Monte Carlo", "draws", "seed"), key="group:monte_carlo"):
        n = st.session_state[key("draws")]
        st.slider(
            mark("Draws", key("draws")),
            min(DRAWS[0], n),
            max(DRAWS[1], n),
            step=1_000,
            key=key("draws"),
            help="More draws, steadier percentiles; 10,000 takes tens of milliseconds.",
        )
        top = max(2**31 - 1, st.session_state[key("seed")])
        st.number_input(
            mark("Seed", key("seed")), min_value=0, max_value=top, step=1, key=key("seed")
        )
