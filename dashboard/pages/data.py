"""Data: upload cost files, load and save scenarios, download results and templates.

Both uploaders are drawn before anything that can fail, so that a scenario whose
figures cannot be computed can still be replaced from here; the results are computed
last, for their download only.
"""

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from appraisal.appraise import settle
from dashboard import state
from dashboard.widgets import html_table, problems, uploader
from options.costs import (
    MAX_BYTES,
    CostFile,
    merge_costs,
    read_cost_file,
    scenario_from_costs,
    sheet_names,
)
from options.errors import InputError, Problem, Reason
from options.model import Scenario
from options.names import NEW, Unsettled, reconcile, reconcile_alone
from options.plausibility import scale_warnings
from options.scenario_file import (
    MAX_FILE_BYTES,
    dump_scenario,
    parse_json_bytes,
    scenario_from_dict,
)
from report.formatting import escape_text
from report.tables import costs_csv, results_csv

s = state.scenario()
st.title("Data")
# Each uploader starts empty again after its file is applied or loaded (a new round,
# a new key); so does the scenario file's after a cost file is applied, so that it
# cannot be loaded back over the costs just applied.
ROUND, LOAD_ROUND, APPLIED = "upload_round", "scenario_round", "upload_applied"
costs_part, scenario_part = st.container(), st.container()
with costs_part:
    st.header("Upload a cost file")
    st.caption(
        "CSV or Excel (.xlsx), long (option, line, category, year, amount) or wide (option, "
        "line, category, then one column per year). Nothing changes until you press "
        "**Apply**; a file with any problem is never applied."
    )
    upload = uploader(
        "Cost file",
        type=["csv", "txt", "tsv", "xlsx", "xlsm", "xls"],
        key=f"cost_upload:{st.session_state.get(ROUND, 0)}",
        limit=MAX_BYTES,
        more=" and 200,000 rows",
    )
with scenario_part:
    st.header("Scenario")
    downloads, loading = st.columns(2)
    with loading:
        scenario_file = uploader(
            "Load a scenario (JSON)",
            type=["json"],
            key=f"scenario_upload:{st.session_state.get(LOAD_ROUND, 0)}",
            limit=MAX_FILE_BYTES,
        )


def warning_table(warnings: tuple[Problem, ...]) -> pd.DataFrame:
    """Each warning at its row and column, as the problem table shows problems."""
    return pd.DataFrame(
        [
            {
                "Row": "—" if w.row is None else w.row,
                "Column": w.column or "—",
                "Value": w.value or "",
                "Warning": w.message,
            }
            for w in warnings
        ]
    )


def _summary(frame: pd.DataFrame) -> pd.DataFrame:
    grouped = frame.groupby("option", sort=False)
    return pd.DataFrame(
        {
            "Option": list(grouped.groups),
            "Lines": grouped["line"].nunique().to_numpy(),
            "Years": [f"{g.year.min()}-{g.year.max()}" for _, g in grouped],
            "Total (£)": grouped["amount"].sum().to_numpy(),
        }
    )


def _mapping(
    unsettled: tuple[Unsettled, ...], choices: dict[str, str], key: str, what: str
) -> dict[str, str] | None:
    """A name the file writes that is only similar: the user says which it is, or new.

    One select per name, none preselected; None until every name is chosen.
    """
    if not unsettled:
        return {}
    st.warning(
        f"{what}: some names in the file are only similar to an option (or to each other). "
        "Say which each one is: nothing is merged until you do."
    )
    mapping: dict[str, str] = {}
    for u in unsettled:
        near = ", ".join(choices.get(c, c) for c in u.candidates)
        picked = st.selectbox(
            f"'{escape_text(u.name)}' in the file is (similar to: {escape_text(near)})",
            [*choices, NEW],
            index=None,
            format_func=lambda c: "A new option" if c == NEW else escape_text(choices[c]),
            key=f"{key}:{u.name}",
            placeholder="Choose the option it is",
        )
        if picked is not None:
            mapping[u.name] = picked
    return mapping if len(mapping) == len(unsettled) else None


def _next_round(*rounds: str) -> None:
    """Fresh, empty uploaders: their files are done with."""
    for r in rounds:
        st.session_state[r] = st.session_state.get(r, 0) + 1


def _apply(
    table: CostFile, *, alone: bool, mapping: dict[str, str], base_year: int | None = None
) -> None:
    notes: tuple[str, ...] = ()
    try:
        if alone:
            new = scenario_from_costs(table, mapping, base_year)
        else:
            new, notes = merge_costs(state.scenario(), table, mapping)
    except InputError as exc:
        st.session_state["upload_problems"] = exc
        return
    done = f"Applied {table.file}: " + (
        "a new scenario from the file alone."
        if alone
        else "its cost lines replace those of the options it names."
    )
    if state.switch_scenario(new, source=table.file, loaded=alone, notice=done):
        st.session_state[APPLIED] = (done, notes)
        _next_round(ROUND, LOAD_ROUND)


UNITS = {None: "As the file says (£ if it says nothing)", "£": "£", "£k": "£k", "£m": "£m"}


def _read(data: bytes, name: str, sheet: str | None, unit: str | None) -> CostFile | None:
    """The file read; when its year dates are neither all year starts nor all year ends,
    the user says which (none preselected) and None is returned until they do."""

    def read(convention: str | None = None) -> CostFile:  # years meet a base year at Apply
        return read_cost_file(data, name=name, sheet=sheet, unit=unit, year_convention=convention)

    try:
        return read()
    except InputError as exc:
        asked = [p for p in exc.problems if p.reason is Reason.YEAR_CONVENTION]
        if not asked:
            raise
        why = asked[0].message.split(";")[0]
        st.warning(escape_text(f"{why[0].upper()}{why[1:]}: say which each date marks."))
        convention = st.radio(
            "Each date in this file marks",
            ["start", "end"],
            index=None,
            format_func=lambda c: f"the {c} of its year",
            key=f"year_convention:{st.session_state.get(ROUND, 0)}",
            help="31/03/2009 as the end of its year is 2008-09, read as 2008; as the start "
            "of a year it is 2009.",
        )
    return None if convention is None else read(convention)


def _review(upload: UploadedFile) -> None:
    """What was read from a cost file, its warnings and notes, and the buttons that apply it."""
    st.session_state.pop(APPLIED, None)  # a new file: the last one's notes are done with
    data = upload.getvalue()
    sheet = None
    try:
        sheets = sheet_names(data, name=upload.name)
    except InputError:
        sheets = []
    if len(sheets) > 1:
        sheet = st.selectbox("Sheet", sheets, key="cost_sheet")
    unit = st.selectbox(
        "Amounts are in",
        list(UNITS),
        format_func=UNITS.__getitem__,
        key="cost_unit",
        help="The unit of the file's amounts when it does not say. A unit the file states "
        "(a unit column, 'Amount (£k)', 'All figures £k' above the header) that differs "
        "is an error.",
    )
    try:
        table = _read(data, upload.name, sheet, unit)
    except InputError as exc:
        problems(exc, what=upload.name)
        table = None
    if table is not None:
        st.success(
            f"Read {len(table.lines):,} amounts from {escape_text(upload.name)} "
            f"({table.layout} layout)."
        )
        warnings = table.warnings + scale_warnings(table, s)
        accepted = True
        if warnings:
            with st.container(border=True):
                st.warning(
                    f"{len(warnings)} thing{'s' * (len(warnings) > 1)} in this file may be "
                    "wrong. Check each before you apply it:"
                )
                html_table(warning_table(warnings))
                accepted = st.checkbox(
                    "I have checked these warnings and the figures are right",
                    key=f"accept_warnings:{st.session_state.get(ROUND, 0)}",
                )
        for note in table.notes:
            st.info(escape_text(note))
        read = table.frame()
        html_table(_summary(read))
        with st.expander("Preview what was read"):
            st.dataframe(read, hide_index=True, width="stretch")
        left, right = st.columns(2)
        names = [c.option for c in table.lines]
        round_ = st.session_state.get(ROUND, 0)
        merge_map = _mapping(
            reconcile(names, s.options).unsettled,
            {o.id: o.name for o in s.options},
            f"map:{round_}",
            "To apply it to the scenario",
        )
        alone_map = _mapping(
            reconcile_alone(names)[1],
            {n: n for n in dict.fromkeys(n.strip() for n in names)},
            f"alone:{round_}",
            "To start a new scenario from it",
        )
        left.button(
            "Apply to scenario",
            type="primary",
            on_click=_apply,
            args=(table,),
            kwargs={"alone": False, "mapping": merge_map or {}},
            key="apply_upload",
            disabled=not accepted or merge_map is None,
            help="Replace the cost lines of the options in the file; keep everything "
            "else (risks, concerns, weights). New options are added.",
        )
        years = {c.year for c in table.lines}
        base_year = right.number_input(
            "Base year of a new scenario",
            min_value=1,
            max_value=9999,
            value=min(years - set(table.stray) or years),
            step=1,
            key=f"new_base_year:{round_}",
            help="Also its price base. The default is the file's earliest year that is not "
            "a stray year (more than 5 years outside the others); a year before it is an "
            "error.",
        )
        right.button(
            "Start a new scenario from this file",
            on_click=_apply,
            args=(table,),
            kwargs={"alone": True, "mapping": alone_map or {}, "base_year": int(base_year)},
            key="new_from_upload",
            disabled=not accepted or alone_map is None,
            help="Green Book defaults: no optimism bias, risk, carbon or concerns.",
        )
        if failed := st.session_state.pop("upload_problems", None):
            problems(failed, what=upload.name)


with costs_part:
    if upload is None and (applied := st.session_state.get(APPLIED)):
        st.success(escape_text(applied[0]))
        for note in applied[1]:
            st.info(escape_text(note))
    if upload is not None:
        _review(upload)


def _load(new: Scenario, name: str) -> None:
    if state.switch_scenario(new, source=name, loaded=True, notice=f"Loaded {name}."):
        _next_round(LOAD_ROUND)


def _preview(scenario_file: UploadedFile) -> None:
    """What a scenario file holds, and the button that loads it."""
    try:
        raw = parse_json_bytes(scenario_file.getvalue(), scenario_file.name)
        candidate = settle(scenario_from_dict(raw, file=scenario_file.name))
    except InputError as exc:
        problems(exc, what=scenario_file.name)
        return
    st.success(
        f"{escape_text(candidate.name)}: {len(candidate.options)} options, "
        f"{len(candidate.costs):,} cost amounts, {len(candidate.risks)} risks, "
        f"{len(candidate.concerns)} concerns."
    )
    for note in candidate.load_notes:
        st.info(escape_text(note))
    st.button(
        "Load this scenario",
        type="primary",
        on_click=_load,
        key="load_scenario",
        args=(candidate, scenario_file.name),
    )


if scenario_file is not None:
    with loading:
        _preview(scenario_file)

with downloads:  # last: the results are computed here, for their download only
    for label, payload, file_name, mime in (
        ("Download scenario (JSON)", dump_scenario(s), "scenario.json", "application/json"),
        ("Download results (CSV)", results_csv(state.results()), "results.csv", "text/csv"),
        (
            "Cost-file template, long (the current cost lines)",
            costs_csv(s, "long"),
            "costs_long.csv",
            "text/csv",
        ),
        (
            "Cost-file template, wide (the current cost lines)",
            costs_csv(s, "wide"),
            "costs_wide.csv",
            "text/csv",
        ),
    ):
        st.download_button(
            label,
            payload,
            file_name=file_name,
            mime=mime,
            on_click="ignore",
            key=f"download:{file_name}",
        )
