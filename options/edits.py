"""Edits made in the dashboard, as pure functions from one Scenario to the next.

Every edited table goes through here (the sidebar through :mod:`options.controls`),
so the dashboard never builds a Scenario by hand and nothing is computed from
half-applied input: each function returns a new, validated Scenario or raises
:class:`InputError` naming the table row and column, and the caller keeps the last valid scenario.

Table rows are numbered as the dashboard shows them: the first row is row 1.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pandas as pd

from options.costs import read_cost_table
from options.errors import InputError, Problem, Reason, moved
from options.model import Scenario
from options.scenario_file import scenario_from_dict, scenario_to_dict
from options.workforce_inputs import FIELDS, problem, with_value

COST_COLUMNS = (
    "option",
    "line",
    "category",
    "year",
    "amount",
    "basis",
    "module",
    "low",
    "high",
    "optimism_bias",
    "price_year",
    "driver",
    "health",
    "notes",
    "source",
)
RISK_COLUMNS = (
    "option",
    "name",
    "probability",
    "low",
    "likely",
    "high",
    "years",
    "treatment",
    "premium",
    "lines",
    "source",
)
RATIONALE_COLUMNS = ("concern", "option", "rationale", "mitigation")


# ---------------------------------------------------------------- cost lines


def cost_table(s: Scenario) -> pd.DataFrame:
    """The scenario's cost lines as an editable table (rows numbered from 1), with every
    per-line setting, so applying the table unedited gives the same scenario."""
    rows = [
        (
            c.option,
            c.line,
            c.category.value,
            c.year,
            c.amount,
            c.basis.value,
            c.module or "",
            c.low,
            c.high,
            c.optimism_bias,
            c.price_year,
            c.driver or "",
            c.health,
            c.notes,
            c.source,
        )
        for c in s.costs
    ]
    return _numbered(rows, COST_COLUMNS)


def apply_edits(s: Scenario, edits: pd.DataFrame) -> Scenario:
    """Replace the cost lines with an edited table, validated as a cost file would be.

    Every problem names the table row (first row = 1) and column. An option must
    be one of the scenario's, by id or name (a typo is not a new option).
    """
    try:
        table = read_cost_table(edits, name="Cost lines", base_year=s.base_year)
    except InputError as exc:  # file rows (header = 1) -> table rows (first = 1)
        raise InputError([_table_row(p) for p in exc.problems]) from None
    rows: list[int] = list(table._where.rows) if table._where is not None else []
    ids = {_fold(o.id): o.id for o in s.options} | {_fold(o.name): o.id for o in s.options}
    problems = [
        Problem(
            "Cost lines",
            int(row) - 1,
            "option",
            line.option,
            Reason.UNKNOWN_OPTION,
            f"'{line.option}' is not an option of this scenario: use one of "
            + ", ".join(s.option_ids),
        )
        for line, row in zip(table.lines, rows, strict=True)
        if _fold(line.option) not in ids
    ]
    if problems:
        raise InputError(problems)
    records = _records(edits)
    lines = tuple(
        replace(c, option=ids[_fold(c.option)], **_line_settings(records[row - 2]))
        for c, row in zip(table.lines, rows, strict=True)
    )
    return _validated(replace(s, costs=lines), "Cost lines")


def _line_settings(record: dict[str, Any]) -> dict[str, Any]:
    """The per-line settings a cost file does not read (``price_year``, ``driver``,
    ``health``), from the editor's own row (table row r is file row r + 1); a value
    of the wrong kind is passed on for the scenario's checks to report at its cell.

    >>> _line_settings({"price_year": 2008.0, "driver": None, "health": None})
    {'price_year': 2008, 'driver': None, 'health': False}
    """
    year, health = record.get("price_year"), record.get("health")
    if isinstance(year, float) and year.is_integer():
        year = int(year)
    return {"price_year": year, "driver": record.get("driver"),
            "health": False if health is None else health}  # fmt: skip


def _table_row(p: Problem) -> Problem:
    return moved(p, -1)


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


# ---------------------------------------------------------------- risks


def risk_table(s: Scenario) -> pd.DataFrame:
    """The risk register as an editable table (rows numbered from 1); a risk's ``lines``,
    the cost lines it quantifies, are joined by semicolons."""
    rows = [
        (
            r.option,
            r.name,
            r.probability,
            r.low,
            r.likely,
            r.high,
            ", ".join(map(str, r.years)),
            r.treatment.value,
            r.premium,
            "; ".join(r.lines),
            r.source,
        )
        for r in s.risks
    ]
    return _numbered(rows, RISK_COLUMNS)


def apply_risk_edits(s: Scenario, edits: pd.DataFrame) -> Scenario:
    """Replace the risk register with an edited table, every problem located (``lines``
    split at semicolons)."""
    doc = scenario_to_dict(s)
    doc["risks"], problems = [], []
    for i, row in enumerate(_records(edits), start=1):
        years = _parse_years(row.get("years"))
        if years is None:
            problems.append(
                Problem(
                    "Risk register",
                    i,
                    "years",
                    str(row.get("years")),
                    Reason.WRONG_TYPE,
                    "years must be calendar years separated by commas, e.g. 2009, 2010",
                )
            )
        lines = [n.strip() for n in str(row.get("lines") or "").split(";") if n.strip()]
        doc["risks"].append(
            {**row, "years": years or [], "premium": row.get("premium") or 0.0, "lines": lines}
        )
    return _validated_doc(doc, "Risk register", problems)


def _parse_years(value: Any) -> list[int] | None:
    text = "" if value is None else str(value)
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    try:
        years = [int(float(p)) for p in parts]
    except ValueError:
        return None
    return years if years and all(float(p) == int(float(p)) for p in parts) else None


# ---------------------------------------------------------------- concerns


CONCERN_COLUMNS = ("id", "title", "raised_by", "date_raised", "status", "weight")
LINK_COLUMNS = ("risks", "residual_share")


def concern_table(s: Scenario) -> pd.DataFrame:
    """Concerns with who raised them, when, their status and weight, a score column per
    option id, then the risks that monetise the same harm (separated by semicolons) and
    the residual share counted in the scores."""
    rows = [
        {
            "id": c.id,
            "title": c.title,
            "raised_by": c.raised_by,
            "date_raised": c.date_raised,
            "status": c.status.value,
            "weight": c.weight,
            **{oid: c.scores_map.get(oid) for oid in s.option_ids},
            "risks": "; ".join(c.risks),
            "residual_share": c.residual_share,
        }
        for c in s.concerns
    ]
    return _numbered(rows, (*CONCERN_COLUMNS, *s.option_ids, *LINK_COLUMNS))


def rationale_table(s: Scenario) -> pd.DataFrame:
    """One row per concern and option: the rationale for its score and the mitigation."""
    rows = [
        (c.id, oid, dict(c.rationale).get(oid, ""), dict(c.mitigation).get(oid, ""))
        for c in s.concerns
        for oid in s.option_ids
    ]
    return _numbered(rows, RATIONALE_COLUMNS)


def apply_concern_edits(
    s: Scenario, scores: pd.DataFrame, rationale: pd.DataFrame | None = None
) -> Scenario:
    """Replace concerns (weights, scores) and, if given, their rationale and mitigation."""
    doc = scenario_to_dict(s)
    old = {c["id"]: c for c in doc["concerns"]}
    notes = _rationale_map(rationale) if rationale is not None else None
    doc["concerns"] = []
    for row in _records(scores):
        cid = str(row.get("id") or "").strip()
        keep = old.get(cid, {})
        texts = notes.get(cid, ({}, {})) if notes is not None else None
        doc["concerns"].append(
            {
                "id": row.get("id"),
                "title": row.get("title"),
                "raised_by": row.get("raised_by") or "",
                "weight": row.get("weight"),
                "scores": {oid: row.get(oid) for oid in s.option_ids if row.get(oid) is not None},
                "rationale": texts[0] if texts else keep.get("rationale", {}),
                "mitigation": texts[1] if texts else keep.get("mitigation", {}),
                "source": keep.get("source", ""),
                "date_raised": _text_cell(row.get("date_raised", keep.get("date_raised"))),
                "status": row.get("status") or keep.get("status") or "open",
                "evidence": keep.get("evidence", ""),
                "risks": [
                    n.strip()
                    for n in _text_cell(row.get("risks", "; ".join(keep.get("risks", [])))).split(
                        ";"
                    )
                    if n.strip()
                ],
                "residual_share": row.get("residual_share", keep.get("residual_share", 1.0)),
                "related": keep.get("related", []),
            }
        )
    return _validated_doc(doc, "Concerns", [])


def _text_cell(value: Any) -> str:
    """A table cell as text: empty for a blank (None or NaN) cell."""
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _rationale_map(table: pd.DataFrame) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    out: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    for row in _records(table):
        why, how = out.setdefault(str(row.get("concern")), ({}, {}))
        oid = str(row.get("option"))
        if row.get("rationale"):
            why[oid] = str(row["rationale"])
        if row.get("mitigation"):
            how[oid] = str(row["mitigation"])
    return out


# ---------------------------------------------------------------- the log


ASSUMPTION_COLUMNS = ("id", "text", "value", "quality", "source", "owner", "date", "notes")
DECISION_COLUMNS = ("id", "date", "text", "decided_by", "version", "rationale", "source")


def assumption_table(s: Scenario) -> pd.DataFrame:
    """The assumptions register as an editable table (rows numbered from 1), every field
    as text, so applying it unedited gives the same scenario."""
    rows = [(a.id, a.text, a.value, a.quality.value, a.source, a.owner, a.date, a.notes)
            for a in s.assumptions]  # fmt: skip
    return _numbered(rows, ASSUMPTION_COLUMNS)


def decision_table(s: Scenario) -> pd.DataFrame:
    """The decision log as an editable table (rows numbered from 1); ``version`` is a
    number column, blank for a decision made on no saved version."""
    rows = [(d.id, d.date, d.text, d.decided_by, d.version, d.rationale, d.source)
            for d in s.decisions]  # fmt: skip
    table = _numbered(rows, DECISION_COLUMNS)
    table["version"] = pd.to_numeric(table["version"]).astype(float)
    return table


def apply_assumption_edits(s: Scenario, edits: pd.DataFrame) -> Scenario:
    """Replace the assumptions register with an edited table, checked by the scenario
    file's rules (:mod:`options.json_log`): a bad quality word, a date that is not a date,
    a missing text or a repeated id is refused naming its row (first = 1) and column, and
    nothing is applied."""
    doc = scenario_to_dict(s)
    doc["assumptions"] = [_log_entry(row, ASSUMPTION_COLUMNS) for row in _records(edits)]
    return _validated_doc(doc, "Assumptions register", [])


def apply_decision_edits(s: Scenario, edits: pd.DataFrame) -> Scenario:
    """Replace the decision log with an edited table (as :func:`apply_assumption_edits`;
    a version must be a whole number from 1, or blank)."""
    doc = scenario_to_dict(s)
    doc["decisions"] = [_log_entry(row, DECISION_COLUMNS) for row in _records(edits)]
    return _validated_doc(doc, "Decision log", [])


def _log_entry(row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    """A table row as a log entry: blanks as null, every field but ``version`` as text
    (a number typed in a text cell stays that text).

    >>> _log_entry({"id": "A1", "value": 4500, "version": 2.0}, ("id", "value", "version"))
    {'id': 'A1', 'value': '4500', 'version': 2.0}
    """
    return {
        k: row.get(k) if k == "version" or row.get(k) is None else _text_cell(row.get(k))
        for k in columns
    }


# ---------------------------------------------------------------- shared


def _numbered(rows: list[Any], columns: tuple[str, ...]) -> pd.DataFrame:
    """A table whose rows are numbered from 1, as the dashboard shows them."""
    table = pd.DataFrame(rows, columns=list(columns))
    table.index = pd.RangeIndex(1, len(table) + 1)
    return table


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Table rows as dicts, blanks (NaN, None, "") as None, numpy scalars as Python."""
    out = []
    for row in table.to_dict("records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if value is None or (isinstance(value, float) and value != value) or value == "":
                clean[str(key)] = None
            else:
                clean[str(key)] = value.item() if hasattr(value, "item") else value
        out.append(clean)
    return out


def _validated(s: Scenario, table: str) -> Scenario:
    return _validated_doc(scenario_to_dict(s), table, [])


def _validated_doc(doc: dict[str, Any], table: str, problems: list[Problem]) -> Scenario:
    """Pass the document through the one gate; report JSON paths as table cells."""
    try:
        scenario = scenario_from_dict(doc, file=table)
    except InputError as exc:
        seen = {(p.row, p.column) for p in problems}
        cells = (_as_cell(p, table) for p in exc.problems)
        problems = problems + [p for p in cells if (p.row, p.column) not in seen]
        scenario = None
    if problems:
        raise InputError(problems)
    assert scenario is not None
    return scenario


def _as_cell(p: Problem, table: str) -> Problem:
    """A problem at ``risks[3].probability`` (its :attr:`~Problem.path`, as data) stands
    at row 4, column ``probability`` of the table; the message loses the path it opens with."""
    if len(p.path) < 2 or not isinstance(p.path[1], int):
        return replace(p, file=table)
    row, column = p.path[1] + 1, str(p.path[-1] if len(p.path) > 2 else p.path[0])
    column = column.removeprefix("scores.")  # a score's column is its option id
    message = p.message.removeprefix(p.column or "").lstrip(": .") or p.message
    return Problem(table, row, column, p.value, p.reason, message)


# ---------------------------------------------------------------- workforce


def apply_workforce_edit(s: Scenario, option_id: str, **fields: float) -> Scenario:
    """The scenario with some of one option's workforce fields changed (``in_scope``,
    ``transferring``, ``pension_rate``, ``client_fte``: :mod:`options.workforce_inputs`),
    checked by the same rules as a scenario file (InputError naming the option and field).

    The staff in scope stay as they are unless ``in_scope`` is given or more transfer
    than it holds (up to its range's high end): those no longer transferring are
    redeployed. A headcount range that no longer holds the most likely headcount is
    dropped.
    """
    o = s.option(option_id)
    if o.workforce is None:
        raise InputError([Problem("Workforce", None, "workforce", option_id,
                                  Reason.UNKNOWN_VALUE, f"option '{option_id}' has no "
                                  "workforce inputs")])  # fmt: skip
    for field in sorted(fields, key=FIELDS.index):
        if (message := problem(o, field, fields[field])) is not None:
            raise InputError([Problem("Workforce", None, field, f"{fields[field]:g}",
                                      Reason.OUT_OF_RANGE, message)])  # fmt: skip
        o = with_value(o, field, fields[field])
    moved = replace(s, options=tuple(o if x.id == option_id else x for x in s.options))
    try:
        return scenario_from_dict(scenario_to_dict(moved), file="Workforce")
    except InputError as exc:
        raise InputError([replace(p, file="Workforce") for p in exc.problems]) from None
