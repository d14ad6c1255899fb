"""The one owner of ``st.session_state``: the active scenario, its results, the controls.

The active :class:`~options.model.Scenario` is always the last *valid* one: every
edit goes through ``options.edits`` and replaces it only when it validates, so no
figure is ever computed from half-applied input. Sidebar widgets keep their
values under keys that start with ``ctl:``; when the scenario changes from
anywhere else (a loaded file, an applied cost file, an edited table, a reset)
:func:`switch_scenario` appraises the new one first, switches only if that works,
and rewrites those keys so that the sidebar shows the new scenario's values.

The scenario library's part of a session is here too: the saved version the active
scenario started from (:class:`Base`, or None), the draft that keeps its unsaved
edits, and the name its user saves under. "Saved" means "as loaded" (``LOADED``):
the version opened, the version just saved or, never saved, the scenario as it was
loaded; :func:`changed` says which sidebar controls differ from it.
"""

from __future__ import annotations

import functools
import logging
import threading
import uuid
from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

from appraisal import sensitivity, uncertainty, vintages
from appraisal.appraise import appraise
from appraisal.results import Results
from appraisal.sampling import VariateCache
from options.controls import available_modules, controls_of
from options.errors import InputError
from options.examples import load_example
from options.inputs import apply_what_if
from options.model import Scenario, WhatIf
from options.parameters import load_parameters
from options.scenario_file import dump_scenario, scenario_digest

SCENARIO = "scenario"
LOADED = "scenario_loaded"  # as loaded, for "reset weights"
NOTICES = "notices"  # messages to show once, after a callback
ERRORS = "errors"  # switches refused, to show once, after a callback
CASE = "case"  # the what-if shown, by name; None: the central case
CONTROL = "ctl:"
BASE = "library_base"  # the saved version the active scenario started from, or None
DRAFT = "library_draft"  # the id of the draft keeping the unsaved edits, or None
DRAFTED = "library_drafted"  # (scenario, digest) last checked for a draft
DRAFT_OWNED = "library_draft_owned"  # False: the draft came from a link; edits make a new one
AUTHOR = "library_author"  # who saves, typed once per browser session
LINK_READ = "library_link_read"  # the URL's scenario, version or draft was opened
DRAFT_PROBLEM = "library_draft_problem"  # why the last draft could not be kept, or None
REFERENCE = "controls_loaded"  # (the scenario as loaded, its control values)
# A control that only counts while another has a value (the constant rate, the price).
GOVERNED = {
    CONTROL + "rate": (CONTROL + "discounting", "constant"),
    CONTROL + "value_per_point": (CONTROL + "priced", True),
}
PACK_ASKED = "board_pack_asked"  # the board pack (its cache key) whose files were asked for
CONTROLS_HIDDEN = "controls_hidden"  # the last run did not draw the sidebar's controls

_LOG = logging.getLogger(__name__)


def init() -> None:
    """Load the built-in example on a session's first run (unless a scenario was put in
    place first), and show the active scenario's values in the sidebar."""
    if SCENARIO not in st.session_state:
        example = built_in_example()
        st.session_state[SCENARIO] = example
        st.session_state[LOADED] = example
    if control_key("discounting") not in st.session_state:
        write_controls(scenario())


@functools.cache
def built_in_example() -> Scenario:
    """The built-in example, read once per server process (a Scenario is immutable)."""
    return load_example()


@dataclass(frozen=True, slots=True)
class Base:
    """A saved version of a library scenario: its slug, its name, its number."""

    slug: str
    name: str
    number: int


def scenario() -> Scenario:
    return st.session_state[SCENARIO]


def loaded() -> Scenario:
    return st.session_state[LOADED]


def base() -> Base | None:
    """The saved version the active scenario started from (None: never saved)."""
    return st.session_state.get(BASE)


def draft_id() -> str | None:
    """The id of the draft that keeps the active scenario's unsaved edits, if any."""
    return st.session_state.get(DRAFT)


def unsaved() -> bool:
    """Whether the active scenario differs from the scenario as saved (or as loaded)."""
    return scenario() != loaded()


def switch_scenario(
    new: Scenario,
    *,
    source: str,
    loaded: bool = False,
    notice: str | None = None,
    base: Base | None = None,
    reference: Scenario | None = None,
    draft: str | None = None,
) -> bool:
    """Make ``new`` the active scenario, but only once it appraises; True if it did.

    Every switch from outside the sidebar comes here: a loaded scenario file, an
    applied cost file, applied table edits, a reset. ``new`` is appraised first, as
    the pages will show it (with the chosen what-if) and through the same cache, so
    nothing is computed twice. On any failure the previous scenario stays in force,
    the traceback goes to the server's log under a short error id, and the user is
    told so with that id (``source`` says where the new scenario came from), on the
    next run. This is the one place that catches more than ``InputError``.

    Call from a widget callback (callbacks run before the script, so the sidebar
    then renders the new values). ``loaded=True`` also makes it the scenario that
    "reset weights" and "reset all to saved" return to (``reference`` instead, when
    given: a draft restored is ``new``, the version it started from ``reference``),
    ``base`` the saved version it is (None: not a saved version) and ``draft`` the
    draft that keeps its edits (None: a new draft when there are edits to keep).
    """
    try:
        for candidate in _cases(new):
            results(candidate)
    except Exception:
        error = logged_failure(f"could not appraise {new.name!r} from {source}")
        st.session_state.setdefault(ERRORS, []).append(
            f"The new scenario ({source}) could not be appraised, so the previous scenario "
            f"is still in force. Error id {error}: the server's log has the details under it."
        )
        return False
    st.session_state[SCENARIO] = new
    if loaded:
        st.session_state[LOADED] = new if reference is None else reference
        st.session_state[BASE] = base
        st.session_state[DRAFT] = draft
    write_controls(new, clear=loaded)
    if notice:
        st.session_state.setdefault(NOTICES, []).append(notice)
    return True


def logged_failure(what: str) -> str:
    """Log the exception being handled, with its traceback, under a new short error id
    (the server's log, stderr); returns the id, for the user to quote."""
    error = uuid.uuid4().hex[:8]
    _LOG.exception("error %s: %s", error, what)
    return error


def page_failed(title: str) -> str:
    """What to tell the user when drawing page ``title`` failed unexpectedly (a bug): a
    short message with the error id under which the traceback is logged."""
    error = logged_failure(f"the page {title!r} failed")
    return (
        f"Something went wrong while drawing this page ({title}), so part of it is missing. "
        "Every other page works, and your scenario and unsaved changes are kept. "
        f"Error id {error}: the server's log has the details under it."
    )


def set_scenario(new: Scenario) -> None:
    """Make ``new`` active without touching the sidebar (the sidebar made it)."""
    st.session_state[SCENARIO] = new


def pop_notices() -> list[str]:
    return st.session_state.pop(NOTICES, [])


def pop_errors() -> list[str]:
    return st.session_state.pop(ERRORS, [])


def report_error(message: str) -> None:
    """An error to show once, at the top of the page (a refused link, say)."""
    st.session_state.setdefault(ERRORS, []).append(message)


def notify(message: str) -> None:
    """A message to show once, as a toast (an action done)."""
    st.session_state.setdefault(NOTICES, []).append(message)


def control_key(*parts: str) -> str:
    return CONTROL + ":".join(parts)


def mark_saved(s: Scenario, saved: Base) -> None:
    """``s`` (the active scenario) was just saved as version ``saved``: it is now what
    the controls compare with, and its edits need no draft."""
    st.session_state[LOADED] = s
    st.session_state[BASE] = saved
    st.session_state[DRAFT] = None


def set_draft(draft: str | None, s: Scenario, key: str | None, *, owned: bool = True) -> None:
    """The draft ``draft`` now keeps ``s`` (content digest ``key``); None: no draft.

    ``owned=False`` for a draft opened from a link: this session's next edits go to a
    new draft, so a link once given out keeps showing what it showed.
    """
    st.session_state[DRAFT] = draft
    st.session_state[DRAFTED] = (s, key)
    st.session_state[DRAFT_OWNED] = owned


def draft_owned() -> bool:
    """Whether this session made the draft in force (so its edits may update it)."""
    return bool(st.session_state.get(DRAFT_OWNED, True))


def set_draft_problem(problem: str | None) -> None:
    st.session_state[DRAFT_PROBLEM] = problem


def draft_problem() -> str | None:
    """Why the unsaved edits could not be kept as a draft (None: they are, or need not be)."""
    return st.session_state.get(DRAFT_PROBLEM)


def drafted() -> tuple[Scenario | None, str | None]:
    """The scenario last checked for a draft, and its digest (None, None: none yet)."""
    return st.session_state.get(DRAFTED, (None, None))


def read_link_once() -> bool:
    """True on the first call in a session (when the URL's version or draft is opened)."""
    if st.session_state.get(LINK_READ):
        return False
    st.session_state[LINK_READ] = True
    return True


def author() -> str:
    """The name this session saves under ("" until typed)."""
    return str(st.session_state.get(AUTHOR) or "").strip()


def write_controls(s: Scenario, *, clear: bool = False) -> None:
    """Put a scenario's control values under the sidebar's widget keys."""
    if clear:
        for key in [k for k in st.session_state if str(k).startswith(CONTROL)]:
            del st.session_state[key]
    for key, value in control_values(s).items():
        st.session_state[key] = value


def changed(key: str) -> bool:
    """Whether the sidebar control ``key`` differs from the scenario as saved (or, never
    saved, as loaded). A control the saved scenario lacks (a concern added since) has
    changed; one that counts only while another has a value (the constant rate, the
    price per point) has changed only while it counts. Cheap: one dict lookup."""
    ss = st.session_state
    saved = reference_values()
    governor = GOVERNED.get(key)
    if governor is not None and ss.get(governor[0]) != governor[1]:
        return False
    return key not in saved or ss.get(key) != saved[key]


def changed_controls() -> list[str]:
    """The keys of every sidebar control that differs from the scenario as saved."""
    keys = [k for k in st.session_state if isinstance(k, str) and k.startswith(CONTROL)]
    return [k for k in keys if changed(k)]


def reference_values() -> dict[str, Any]:
    """The control values of the scenario as saved (or loaded), computed once per scenario."""
    ref = loaded()
    cached = st.session_state.get(REFERENCE)
    if cached is None or cached[0] is not ref:
        cached = (ref, control_values(ref))
        st.session_state[REFERENCE] = cached
    return cached[1]


def control_values(s: Scenario) -> dict[str, Any]:
    """A scenario's values under the sidebar's widget keys."""
    c = controls_of(s)
    values: dict[str, Any] = {
        control_key("discounting"): c.discounting if isinstance(c.discounting, str) else "constant",
        control_key("rate"): 3.5 if isinstance(c.discounting, str) else 100 * c.discounting,
        control_key("optimism_bias"): c.optimism_bias,
        control_key("confidence"): round(100 * c.confidence),
        control_key("risk_multiplier"): c.risk_multiplier,
        control_key("priced"): c.value_per_point is not None,
        control_key("value_per_point"): float(c.value_per_point or 0.0),
        control_key("carbon_values"): c.carbon_values.value,
        control_key("carbon_series"): c.carbon_series.value,
        control_key("draws"): c.draws,
        control_key("seed"): c.seed,
        control_key("parameters"): c.parameters,
    }
    values |= {control_key("ob", oid): m for oid, m in c.ob_mitigation}
    values |= {control_key("weight", cid): float(w) for cid, w in c.weights}
    ticked = dict(c.modules)
    for oid, modules in available_modules(s).items():
        values |= {control_key("module", oid, m): m in ticked[oid] for m in modules}
    return values


def digest(s: Scenario) -> str:
    """Content digest of a scenario: the cache key of its results."""
    return _remembered(s)[1]


def dumped(s: Scenario) -> tuple[str, str]:
    """A scenario's JSON text and its content digest."""
    _, key, text = _remembered(s)
    if text is None:
        text = dump_scenario(s)
        with _dumps_lock:
            if _dumps.get(id(s), (None,))[0] is s:  # still remembered: remember its text too
                _dumps[id(s)] = (s, key, text)
    return text, key


def _remembered(s: Scenario) -> tuple[Scenario, str, str | None]:
    """(``s``, its digest, its JSON text once asked for), remembered for the last few
    scenarios seen.

    A rerun asks for the digest of the same scenario several times (its results, its
    sensitivity model, its draft), and writing the example's JSON takes milliseconds,
    so the last ``_DUMPS`` scenarios are remembered by identity (they are immutable;
    holding them keeps their ``id`` from being reused).
    """
    found = _dumps.get(id(s))
    if found is not None and found[0] is s:
        return found
    entry = (s, scenario_digest(s), None)
    with _dumps_lock:  # sessions run in threads of their own
        _dumps[id(s)] = entry
        while len(_dumps) > _DUMPS:
            del _dumps[next(iter(_dumps))]
    return entry


_DUMPS = 16
_dumps_lock = threading.Lock()
# id -> (scenario, digest, JSON text or None until asked for), oldest first
_dumps: dict[int, tuple[Scenario, str, str | None]] = {}


# Monte Carlo draws shared by every session: a change that only discounts, prices or
# scales costs (the discount rate, the value of a concerns point, a cost's amount)
# re-appraises without drawing them again; the results are the same.
_VARIATES = VariateCache()


@st.cache_data(max_entries=48, show_spinner="Appraising the options…")
def _appraise(key: str, _scenario: Scenario) -> Results:
    return appraise(_scenario, variates=_VARIATES)


@st.cache_data(max_entries=16, show_spinner="Appraising the central case…")
def _central(key: str, _scenario: Scenario) -> Results:
    return appraise(_scenario, draws=1)


def central_results(s: Scenario) -> Results:
    """Results of ``s`` without Monte Carlo (one draw): every deterministic figure, for a
    diff of two versions (cached by content)."""
    return _central(digest(s), s)


def case(s: Scenario | None = None) -> WhatIf | None:
    """The what-if the pages show (of ``s``, default the active scenario), or None for
    the central case (the sidebar's picker)."""
    name = st.session_state.get(CASE)
    return next((w for w in (scenario() if s is None else s).what_ifs if w.name == name), None)


def _view(s: Scenario) -> tuple[Scenario, str | None]:
    """``s`` as the pages show it, with the chosen what-if applied; or, when that what-if
    no longer applies, ``s`` itself and why."""
    w = case(s)
    if w is None:
        return s, None
    try:
        return apply_what_if(s, w), None
    except InputError as exc:
        return s, (
            f"What-if '{w.name}' no longer applies ({exc.problems[0].message}); "
            "showing the central case."
        )


def _cases(s: Scenario) -> list[Scenario]:
    """What a switch to ``s`` appraises: ``s``, and the what-if the pages would show."""
    view = _view(s)[0]
    return [s] if view is s else [s, view]


def shown() -> Scenario:
    """The scenario whose figures the pages show: the active one, with the chosen what-if
    applied. A what-if the edits have made stale is reported and the central case shown."""
    s, stale = _view(scenario())
    if stale is not None:
        st.session_state[CASE] = None
        st.session_state.setdefault(NOTICES, []).append(stale)
    return s


def results(s: Scenario | None = None) -> Results:
    """Results of the shown (or given) scenario, cached by content."""
    s = shown() if s is None else s
    return _appraise(digest(s), s)


@st.cache_resource(max_entries=16)
def _npsv_cache(key: str) -> dict[Any, Any]:
    """Re-appraised NPSVs shared by scenarios with the same money part (one content key)."""
    return {}


@st.cache_resource(max_entries=16, show_spinner="Finding the switching values…")
def _sensitivity(key: str, _scenario: Scenario) -> sensitivity.Model:
    """One model per scenario content: its re-appraisals are cached inside it, so the
    tornado of another pair or the other measure costs no new appraisal; and those of
    the money part are shared, so moving a concern weight re-appraises nothing."""
    shared = _npsv_cache(digest(sensitivity.money_part(_scenario)))
    return sensitivity.Model(_scenario, npsv_cache=shared)


def sensitivity_model(s: Scenario | None = None) -> sensitivity.Model:
    """The sensitivity model of the shown (or given) scenario, cached by content."""
    s = shown() if s is None else s
    return _sensitivity(digest(s), s)


@st.cache_data(max_entries=16, show_spinner="Drawing the Monte Carlo simulation…")
def _draws(key: str, _scenario: Scenario) -> Any:
    s = _scenario
    return uncertainty.npsv_draws(
        s, draws=s.settings.draws, rng=np.random.default_rng(s.settings.seed)
    )


def npsv_draws(s: Scenario | None = None) -> Any:
    """NPSV of every Monte Carlo draw (draws × options), the draws ``appraise`` makes."""
    s = shown() if s is None else s
    return _draws(digest(s), s)


@st.cache_data(max_entries=16, show_spinner="Comparing correlated and independent draws…")
def _spreads(key: str, rho: float, _scenario: Scenario) -> Any:
    s = _scenario
    return uncertainty.spread_comparison(s, draws=s.settings.draws, seed=s.settings.seed, rho=rho)


def spread_comparison(rho: float, s: Scenario | None = None) -> Any:
    """P10–P90 as entered, independent and with ρ on every category (cached)."""
    s = shown() if s is None else s
    return _spreads(digest(s), rho, s)


@st.cache_data(max_entries=16, show_spinner="Appraising the what-ifs…")
def _what_ifs(key: str, _scenario: Scenario) -> Any:
    return sensitivity.what_if_frame(_scenario)


def what_if_frame() -> Any:
    """Every what-if of the active scenario beside its central case (cached by content:
    a slider on the Sensitivity page re-appraises none of them)."""
    s = scenario()
    return _what_ifs(digest(s), s)


@st.cache_data(max_entries=8, show_spinner="Appraising under both parameter vintages…")
def _vintages(key: str, recorded: str, chosen: str, _scenario: Scenario) -> Any:
    return vintages.compare(_scenario, load_parameters(recorded), load_parameters(chosen))


def vintage_comparison() -> Any:
    """The shown scenario under the parameter vintage it was loaded with beside the one
    chosen since (:func:`appraisal.vintages.compare`, cached by content), or None when
    they are the same."""
    s, recorded = shown(), loaded().parameters.id
    if s.parameters.id == recorded:
        return None
    return _vintages(digest(s), recorded, s.parameters.id, s)


def hide_controls() -> None:
    """A run that does not draw the sidebar's controls (the board view): their values are
    kept, and the next run that draws them sends them to the browser again."""
    _rewrite_controls()
    st.session_state[CONTROLS_HIDDEN] = True


def show_controls() -> None:
    """A run that draws the sidebar's controls: after a run that did not, write each value
    back under its key, so that the browser, which drew the controls anew, shows the value
    kept rather than the control's default (a slider's minimum)."""
    if st.session_state.pop(CONTROLS_HIDDEN, False):
        _rewrite_controls()


def _rewrite_controls() -> None:
    """Every sidebar control's value written back under its key, as the user's own value
    (Streamlit forgets a widget's value once a run ends without the widget)."""
    ss = st.session_state
    for key in [k for k in ss if isinstance(k, str) and (k.startswith(CONTROL) or k == CASE)]:
        ss[key] = ss[key]


def ask_for_pack(key: tuple[str, ...]) -> None:
    """The board pack with this cache key was asked for (its files are made, then kept)."""
    st.session_state[PACK_ASKED] = key


def pack_asked(key: tuple[str, ...]) -> bool:
    """Whether the board pack with this cache key was asked for."""
    return st.session_state.get(PACK_ASKED) == key
