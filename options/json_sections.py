"""The sections of a scenario document: options, uncertainty, settings, risks, concerns.

Each reader takes the typed reader of the whole document (:mod:`options.json_reader`),
records every problem at its JSON path and returns the section's model objects;
:func:`options.scenario_file.scenario_from_dict` puts them together. Cost lines,
with the rules they share with cost files, are read by :mod:`options.json_costs`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from options.cost_rules import year_outside
from options.errors import Reason
from options.json_reader import (
    _boolean,
    _number,
    _Reader,
    _text,
    _text_map,
    _texts,
    _year_like_scores,
    _year_map,
    _year_span,
    _years,
)
from options.model import (
    MAX_HORIZON,
    Category,
    Concern,
    ConcernStatus,
    Option,
    OptionKind,
    ProjectType,
    Risk,
    Settings,
    Spread,
    Treatment,
)
from options.text import fold_words


def check_year(r: _Reader, key: str, year: Any, base: int | None) -> None:
    """A year of a cost line, a risk or a carbon profile falls within the horizon."""
    if not isinstance(year, int) or base is None:
        return
    if (reason := year_outside(year, base)) is Reason.YEAR_BEFORE_BASE:
        r.bad(key, reason, f"{r.where(key)}: {year} is before the base year {base}", year)
    elif reason is Reason.YEAR_OUT_OF_RANGE:
        message = f"{r.where(key)}: {year} is more than {MAX_HORIZON} years after the base year"
        r.bad(key, reason, message, year)


def with_option_key(
    top: _Reader, options: list[Option], key: str, read: Callable[[_Reader, Option], Option]
) -> list[Option]:
    """The options with one optional key of each read by ``read(reader, option)``.

    ``reader`` stands at ``options[i]`` (problems are recorded at their JSON path); an
    option without the key (or with it null) comes back as it is. The inputs that other
    modules read per option (devices, workforce, transfers) share this loop.
    """
    raw = top.data.get("options")
    if not isinstance(raw, list):
        return options
    out = []
    for i, (item, o) in enumerate(zip(raw, options, strict=False)):
        if isinstance(item, Mapping) and item.get(key) is not None:
            o = read(_Reader(top.out, item, f"options[{i}]", ("options", i)), o)
        out.append(o)
    return out


def options(top: _Reader, base: int | None) -> tuple[list[Option], dict[str, int]]:
    """The options, each with a unique id, service years within the horizon; and the
    schema-1 ``life_years`` of the options that give one (converted by the caller)."""
    readers = top.items("options", required=True)
    if "options" in top.data and isinstance(top.data["options"], list) and not readers:
        top.bad("options", Reason.NO_OPTIONS, "options: the scenario needs at least one option")
    found, seen, lives = [], set(), {}
    for r in readers:
        oid = r.text("id")
        if oid in seen:
            r.bad("id", Reason.DUPLICATE_ID, f"{r.where('id')}: option id {oid!r} is used twice")
        seen.add(oid)
        carbon = r.get("carbon_tco2e", _year_map, (), "an object of year: tonnes")
        for year, _ in carbon or ():
            check_year(r, "carbon_tco2e", year, base)
        modules = r.get("modules", _texts, None, "a list of module names")
        vat = r.get("irrecoverable_vat", _rates, (), "an object of category: rate (0 to 1)")
        service = r.get("service_years", _year_span, None, "[first, last], two whole years")
        for year in service or ():
            check_year(r, "service_years", year, base)
        life = r.integer("life_years", None, low=1, high=MAX_HORIZON + 1)
        if life is not None and service is not None:
            r.bad("life_years", Reason.OUT_OF_RANGE, f"{r.where('life_years')}: give "
                  "service_years or the older life_years, not both")  # fmt: skip
        elif isinstance(life, int) and isinstance(oid, str):
            lives[oid] = life
        found.append(
            Option(
                id=oid,
                name=r.text("name"),
                kind=r.enum("kind", OptionKind),
                project_type=r.enum("project_type", ProjectType, None),
                ob_mitigation=r.number("ob_mitigation", 0.0, low=0, high=1),
                ob_evidence=r.text("ob_evidence", ""),
                carbon_tco2e=carbon or (),
                irrecoverable_vat=vat or (),
                staff_transferring=r.integer("staff_transferring", 0, low=0, high=1_000_000),
                service_years=service,
                aliases=r.get("aliases", _texts, (), "a list of names") or (),
                modules=modules,
                description=r.text("description", ""),
                source=r.text("source", ""),
            )
        )
    _unique_names(readers, found)
    return found, lives


def _rates(raw: Any) -> tuple[tuple[str, float], ...]:
    """``{"opex": 0.175, …}``: a rate from 0 to 1 per cost category.

    >>> _rates({"Opex": 0.175})
    (('opex', 0.175),)
    """
    if not isinstance(raw, Mapping):
        raise TypeError("expected an object of category: rate")
    out = {}
    for key, value in raw.items():
        category = Category.from_text(str(key))
        rate = _number(value)
        if not 0 <= rate <= 1:
            raise ValueError(f"the {category.value} rate {rate:g} is not between 0 and 1")
        out[category.value] = rate
    return tuple(sorted(out.items()))


def _unique_names(readers: list[_Reader], options: list[Option]) -> None:
    """An alias names one option only: it must not fold to another option's id, name or alias."""
    owner: dict[str, str] = {}
    for o in options:
        for t in (o.id, o.name):
            if isinstance(t, str):  # a missing or mistyped one is a problem already
                owner.setdefault(fold_words(t), o.id)
    for r, o in zip(readers, options, strict=True):
        for alias in o.aliases:
            other = owner.setdefault(fold_words(alias), o.id)
            if other != o.id:
                message = f"{r.where('aliases')}: '{alias}' already names option '{other}'"
                r.bad("aliases", Reason.DUPLICATE_ID, message, alias)


def known_option(r: _Reader, ids: set[str], key: str = "option") -> Any:
    oid = r.text(key)
    if oid is not None and ids and oid not in ids:
        r.bad(
            key,
            Reason.UNKNOWN_OPTION,
            f"{r.where(key)}: option {oid!r} is not defined; defined: {', '.join(sorted(ids))}",
        )
    return oid


def uncertainty(top: _Reader) -> tuple[tuple[Category, Spread], ...]:
    raw = top.data.get("uncertainty") or {}
    if not isinstance(raw, Mapping):
        top.bad(
            "uncertainty", Reason.WRONG_TYPE, "uncertainty should be an object keyed by category"
        )
        return ()
    spreads = []
    for key, value in raw.items():
        r = _Reader(top.out, value, f"uncertainty.{key}", ("uncertainty", key))
        try:
            category = Category.from_text(key)
        except ValueError as exc:
            top.bad("uncertainty", Reason.UNKNOWN_CATEGORY, f"uncertainty: {exc}", key)
            continue
        low, high = r.number("low", low=0, high=1), r.number("high", low=1, high=100)
        rho = r.number("correlation", 0.0, low=0, high=0.9)
        if None not in (low, high, rho):
            spreads.append((category, Spread(low, high, rho)))
    return tuple(sorted(spreads, key=lambda s: list(Category).index(s[0])))


def settings(top: _Reader) -> Settings:
    r = _Reader(top.out, top.data.get("settings") or {}, "settings", ("settings",))
    return Settings(
        optimism_bias=r.get("optimism_bias", _boolean, True, "true or false"),
        risk_probability_multiplier=r.number("risk_probability_multiplier", 1.0, low=0, high=10),
        confidence=r.number("confidence", 0.8, low=0.01, high=0.99),
        draws=r.integer("draws", 10_000, low=1, high=10_000_000),
        seed=r.integer("seed", 1, low=0, high=2**63 - 1),
        score_spread=r.number("score_spread", 10.0, low=0, high=50),
    )


def risks(top: _Reader, ids: set[str], base: int | None) -> list[Risk]:
    """The risk register; ``lines`` are checked against the costs by the caller."""
    found = []
    for r in top.items("risks"):
        probability = r.number("probability", low=0, high=1, reason=Reason.PROBABILITY_OUT_OF_RANGE)
        low, likely, high = (r.number(k, low=-1e15, high=1e15) for k in ("low", "likely", "high"))
        if None not in (low, likely, high) and not low <= likely <= high:
            r.bad(
                "likely",
                Reason.IMPACT_ORDER,
                f"{r.path}: impacts must satisfy low <= likely <= high",
                f"{low}/{likely}/{high}",
            )
        years = r.get("years", _years, what="a list of years")
        for year in years or ():
            check_year(r, "years", year, base)
        found.append(
            Risk(
                option=known_option(r, ids),
                name=r.text("name"),
                probability=probability,
                low=low,
                likely=likely,
                high=high,
                years=years or (),
                treatment=r.enum("treatment", Treatment, Treatment.RETAINED),
                premium=r.number("premium", 0.0, low=-1e15, high=1e15),
                source=r.text("source", ""),
                lines=r.get("lines", _texts, (), "a list of cost-line names") or (),
            )
        )
    return found


def concerns(top: _Reader, ids: set[str]) -> list[Concern]:
    """The concerns, each scored 0-100 for every option; weights not all zero."""
    found, weights = [], []
    readers = top.items("concerns")
    for r in readers:
        weight = r.number("weight", low=0, reason=Reason.NEGATIVE_WEIGHT)
        weights.append(weight)
        scores = r.get("scores", _year_like_scores, what="an object of option id: score")
        for oid, score in scores or ():
            if ids and oid not in ids:
                r.bad(
                    "scores",
                    Reason.UNKNOWN_OPTION,
                    f"{r.where('scores')}: option {oid!r} is not defined",
                    oid,
                )
            elif not 0 <= score <= 100:
                r.bad(
                    f"scores.{oid}",
                    Reason.SCORE_OUT_OF_RANGE,
                    f"{r.where(f'scores.{oid}')}: scores run from 0 to 100, not {score:g}",
                    score,
                )
        missing = sorted(ids - {oid for oid, _ in scores or ()})
        if scores is not None and missing:
            r.bad(
                "scores",
                Reason.MISSING_SCORE,
                f"{r.where('scores')}: no score for {', '.join(missing)}",
                None,
            )
        found.append(
            Concern(
                id=r.text("id"),
                title=r.text("title"),
                raised_by=r.text("raised_by", ""),
                weight=weight,
                scores=scores or (),
                rationale=r.get("rationale", _text_map, (), "an object"),
                mitigation=r.get("mitigation", _text_map, (), "an object"),
                source=r.text("source", ""),
                date_raised=r.get("date_raised", _date_text, "", "a date such as 2007-06-14"),
                status=r.enum("status", ConcernStatus, ConcernStatus.OPEN),
                evidence=r.text("evidence", ""),
                risks=r.get("risks", _texts, (), "a list of risk names") or (),
                residual_share=r.number("residual_share", 1.0, low=0, high=1),
                related=r.get("related", _texts, (), "a list of concern ids") or (),
            )
        )
    if weights and None not in weights and sum(weights) == 0:
        top.bad(
            "concerns",
            Reason.ZERO_WEIGHTS,
            "concerns: the weights add up to zero; give at least one concern a positive weight",
            None,
        )
    return found


def _date_text(raw: Any) -> str:
    """A date a concern was raised: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, kept as text.

    >>> _date_text(" 2007-06-14 "), _date_text("2007")
    ('2007-06-14', '2007')
    """
    text = _text(raw)
    if not text:
        return ""  # not recorded
    for form in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            datetime.strptime(text, form)
            return text
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date; write it as 2007-06-14 (or 2007-06, or 2007)")


def check_concern_links(top: _Reader, concerns: list[Concern], risks: list[Risk]) -> None:
    """Every risk a concern links to exists (matched ignoring case, spaces and
    punctuation, in any option), and every concern it marks as related is another one."""
    risk_names = {fold_words(r.name) for r in risks if isinstance(r.name, str)}
    ids = {c.id for c in concerns if isinstance(c.id, str)}  # a missing id: a problem already
    for r, c in zip(top.items("concerns"), concerns, strict=False):
        unknown = [n for n in c.risks if fold_words(n) not in risk_names]
        if unknown:
            known = "; ".join(sorted({f"'{x.name}'" for x in risks})) or "none"
            r.bad("risks", Reason.UNKNOWN_VALUE, f"{r.where('risks')}: concern '{c.id}' links "
                  f"to no risk called {', '.join(repr(n) for n in unknown)}; the risks: "
                  f"{known}")  # fmt: skip
        strangers = [x for x in c.related if x not in ids or x == c.id]
        if strangers:
            r.bad("related", Reason.UNKNOWN_VALUE, f"{r.where('related')}: concern '{c.id}' "
                  f"marks {', '.join(repr(x) for x in strangers)} as related, which is not "
                  f"another concern; the concerns: {', '.join(sorted(ids))}")  # fmt: skip


def deflator(top: _Reader) -> tuple[tuple[int, float], ...] | None:
    table = top.get("deflator", _year_map, None, "an object of year: index")
    for year, index in table or ():
        if index <= 0:
            top.bad(
                "deflator",
                Reason.OUT_OF_RANGE,
                f"deflator: the index for {year} must be positive",
                index,
            )
    return table
