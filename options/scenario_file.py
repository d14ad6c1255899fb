"""Scenario JSON (``"schema": 1``): load with every problem collected, dump losslessly.

``scenario_from_dict`` is the one gate every scenario passes (files, the dashboard's
forms, the scenario library): it checks types, vocabularies and ranges, and that
costs, risks and concerns name defined options, then builds a frozen
:class:`~options.model.Scenario`. ``scenario_to_dict`` is its inverse, so
``scenario_from_dict(scenario_to_dict(s)) == s`` (tested).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from options.cost_rules import (
    MAX_AMOUNT,
    MAX_MULTIPLIER,
    LineSettings,
    Repeats,
    multipliers_in_order,
    settings_of,
    year_outside,
)
from options.errors import Collector, InputError, Reason
from options.model import (
    DISCOUNT_SCHEDULES,
    MAX_HORIZON,
    SCHEMA_VERSION,
    Basis,
    CarbonSeries,
    CarbonValues,
    Category,
    Concern,
    CostLine,
    Option,
    OptionKind,
    ProjectType,
    Risk,
    Scenario,
    Settings,
    Spread,
    TextEnum,
    Treatment,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
T = TypeVar("T")
E = TypeVar("E", bound=TextEnum)
_MISSING = object()


class _Reader:
    """Typed access to one JSON object, recording problems instead of raising."""

    def __init__(self, out: Collector, data: Any, path: str):
        self.out, self.path = out, path
        self.data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        if not isinstance(data, Mapping):
            out.add(
                Reason.WRONG_TYPE,
                f"{path or 'the file'} should be a JSON object",
                column=path or None,
                value=_show(data),
            )

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def bad(self, key: str, reason: Reason, message: str, value: Any = _MISSING) -> None:
        shown = _show(self.data.get(key) if value is _MISSING else value)
        self.out.add(reason, message, column=self.where(key), value=shown)

    def get(
        self,
        key: str,
        parse: Callable[[Any], T],
        default: Any = _MISSING,
        what: str = "a value",
        reason: Reason = Reason.WRONG_TYPE,
    ) -> Any:
        raw = self.data.get(key, _MISSING)
        if raw is _MISSING or (raw is None and default is not _MISSING):
            if default is _MISSING:
                self.bad(key, Reason.MISSING_KEY, f"{self.where(key)} is required", None)
                return None
            return default
        try:
            return parse(raw)
        except (TypeError, ValueError) as exc:
            self.bad(key, reason, f"{self.where(key)} should be {what}: {exc}")
            return None

    def text(self, key: str, default: Any = _MISSING) -> Any:
        value = self.get(key, _text, default, "text")
        if value == "" and default is _MISSING:
            self.bad(key, Reason.EMPTY_TEXT, f"{self.where(key)} must not be empty")
        return value

    def number(
        self,
        key: str,
        default: Any = _MISSING,
        *,
        low: float | None = None,
        high: float | None = None,
        reason: Reason = Reason.OUT_OF_RANGE,
    ) -> Any:
        value = self.get(key, _number, default, "a number")
        if isinstance(value, float) and not _within(value, low, high):
            self.bad(key, reason, f"{self.where(key)} must be {_range_text(low, high)}")
        return value

    def integer(
        self, key: str, default: Any = _MISSING, *, low: int | None = None, high: int | None = None
    ) -> Any:
        value = self.get(key, _integer, default, "a whole number")
        if isinstance(value, int) and not _within(value, low, high):
            self.bad(
                key, Reason.OUT_OF_RANGE, f"{self.where(key)} must be {_range_text(low, high)}"
            )
        return value

    def enum(self, key: str, kind: type[E], default: Any = _MISSING) -> Any:
        value = self.get(key, kind.from_text, default, "one of " + ", ".join(kind.values()))
        return value

    def items(self, key: str, *, required: bool = False) -> list[_Reader]:
        raw = self.data.get(key, _MISSING)
        if raw is _MISSING or raw is None:
            if required:
                self.bad(key, Reason.MISSING_KEY, f"{self.where(key)} is required", None)
            return []
        if not isinstance(raw, list):
            self.bad(key, Reason.WRONG_TYPE, f"{self.where(key)} should be a list")
            return []
        return [_Reader(self.out, item, f"{self.where(key)}[{i}]") for i, item in enumerate(raw)]


def _show(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "…"


def _within(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _range_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"between {low:g} and {high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise TypeError(f"got {_kind(raw)}")
    return raw.strip()


def _number(raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise TypeError(f"got {_kind(raw)}")
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _kind(raw: Any) -> str:
    """What a JSON value is, in words: ``text 'abc'``, ``true``, ``a list``."""
    if isinstance(raw, str):
        return f"text {raw[:40]!r}"
    if isinstance(raw, bool) or raw is None:
        return json.dumps(raw)
    if isinstance(raw, dict):
        return "an object"
    return "a list" if isinstance(raw, list) else type(raw).__name__


def _integer(raw: Any) -> int:
    value = _number(raw)
    if value != int(value):
        raise ValueError("not a whole number")
    return int(value)


def _year_map(raw: Any) -> tuple[tuple[int, float], ...]:
    if not isinstance(raw, Mapping):
        raise TypeError("expected an object of year: value")
    pairs = {}
    for year, value in raw.items():
        try:
            pairs[int(str(year).strip())] = _number(value)
        except ValueError as exc:
            raise ValueError(f"year {year!r}: {exc}") from None
    return tuple(sorted(pairs.items()))


def _text_map(raw: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, Mapping):
        raise TypeError("expected an object of option id: text")
    return tuple(sorted((str(k), _text(v)) for k, v in raw.items()))


def parse_discounting(raw: Any) -> str | float:
    """A schedule name or a constant rate (a fraction in [0, 1]); ValueError otherwise.

    >>> parse_discounting(" Green-Book "), parse_discounting("0.05")
    ('green-book', 0.05)
    """
    if isinstance(raw, str):
        name = raw.strip().lower()
        if name in DISCOUNT_SCHEDULES:
            return name
        try:
            raw = float(name)
        except ValueError:
            raise ValueError(
                f"unknown schedule {raw!r}; use {', '.join(DISCOUNT_SCHEDULES)}"
                " or a rate such as 0.05"
            ) from None
    rate = _number(raw)
    if not 0 <= rate <= 1:
        raise ValueError("a constant rate is a fraction between 0 and 1 (0.05 = 5%)")
    return rate


def _modules(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise TypeError("expected a list of module names")
    return tuple(_text(m) for m in raw)


def scenario_from_dict(data: Any, *, file: str = "scenario") -> Scenario:
    """Validate a parsed scenario document and build a :class:`Scenario`.

    Raises
    ------
    InputError
        Every problem found, each located by a JSON path in ``column``.
    """
    out = Collector(file)
    top = _Reader(out, data, "")
    if not top.data:
        out.raise_if_any()
    schema = top.integer("schema")
    if schema is not None and schema != SCHEMA_VERSION:
        top.bad(
            "schema",
            Reason.UNSUPPORTED_SCHEMA,
            f"schema {schema} is not supported; this version reads schema {SCHEMA_VERSION}",
        )
    base_year = top.integer("base_year", low=1900, high=2200)
    base = base_year if isinstance(base_year, int) else None
    options = _options(top, base)
    ids = {o.id for o in options}
    costs = _costs(top, ids, base)
    scenario = Scenario(
        name=top.text("name"),
        base_year=base or 0,
        options=tuple(options),
        costs=tuple(costs),
        price_base=top.integer("price_base", None, low=1900, high=2200),
        discounting=top.get(
            "discounting",
            parse_discounting,
            "green-book",
            "a schedule name or rate",
            Reason.UNKNOWN_DISCOUNTING,
        ),
        carbon_values=top.enum("carbon_values", CarbonValues, CarbonValues.CENTRAL),
        carbon_series=top.enum("carbon_series", CarbonSeries, CarbonSeries.APPRAISAL_2023),
        money_weight=top.number("money_weight", 0.6, low=0, high=1),
        uncertainty=_uncertainty(top),
        settings=_settings(top),
        risks=tuple(_risks(top, ids, base)),
        concerns=tuple(_concerns(top, ids)),
        deflator=_deflator(top),
        description=top.text("description", ""),
        source=top.text("source", ""),
    )
    out.raise_if_any()
    return scenario


def _check_year(r: _Reader, key: str, year: Any, base: int | None) -> None:
    """A year of a cost line, a risk or a carbon profile falls within the horizon."""
    if not isinstance(year, int) or base is None:
        return
    if (reason := year_outside(year, base)) is Reason.YEAR_BEFORE_BASE:
        r.bad(key, reason, f"{r.where(key)}: {year} is before the base year {base}", year)
    elif reason is Reason.YEAR_OUT_OF_RANGE:
        message = f"{r.where(key)}: {year} is more than {MAX_HORIZON} years after the base year"
        r.bad(key, reason, message, year)


def _options(top: _Reader, base: int | None) -> list[Option]:
    readers = top.items("options", required=True)
    if "options" in top.data and isinstance(top.data["options"], list) and not readers:
        top.bad("options", Reason.NO_OPTIONS, "options: the scenario needs at least one option")
    options, seen = [], set()
    for r in readers:
        oid = r.text("id")
        if oid in seen:
            r.bad("id", Reason.DUPLICATE_ID, f"{r.where('id')}: option id {oid!r} is used twice")
        seen.add(oid)
        carbon = r.get("carbon_tco2e", _year_map, (), "an object of year: tonnes")
        for year, _ in carbon or ():
            _check_year(r, "carbon_tco2e", year, base)
        modules = r.get("modules", _modules, None, "a list of module names")
        options.append(
            Option(
                id=oid,
                name=r.text("name"),
                kind=r.enum("kind", OptionKind),
                project_type=r.enum("project_type", ProjectType, None),
                ob_mitigation=r.number("ob_mitigation", 0.0, low=0, high=1),
                ob_evidence=r.text("ob_evidence", ""),
                carbon_tco2e=carbon or (),
                staff_transferring=r.integer("staff_transferring", 0, low=0, high=1_000_000),
                life_years=r.integer("life_years", None, low=1, high=MAX_HORIZON + 1),
                modules=modules,
                description=r.text("description", ""),
                source=r.text("source", ""),
            )
        )
    return options


def _known_option(r: _Reader, ids: set[str], key: str = "option") -> Any:
    oid = r.text(key)
    if oid is not None and ids and oid not in ids:
        r.bad(
            key,
            Reason.UNKNOWN_OPTION,
            f"{r.where(key)}: option {oid!r} is not defined; defined: {', '.join(sorted(ids))}",
        )
    return oid


def _multiplier(r: _Reader, key: str) -> Any:
    return r.number(key, None, low=0, high=MAX_MULTIPLIER)


def _costs(top: _Reader, ids: set[str], base: int | None) -> list[CostLine]:
    lines: list[CostLine] = []
    repeats, paths, settings = Repeats(), list[str](), LineSettings()
    for r in top.items("costs", required=True):
        year = r.integer("year")
        _check_year(r, "year", year, base)
        line = CostLine(
            option=_known_option(r, ids),
            line=r.text("line"),
            category=r.enum("category", Category),
            year=year,
            amount=r.number(
                "amount", low=-MAX_AMOUNT, high=MAX_AMOUNT, reason=Reason.AMOUNT_TOO_LARGE
            ),
            basis=r.enum("basis", Basis, Basis.REAL),
            low=_multiplier(r, "low"),
            high=_multiplier(r, "high"),
            module=r.text("module", None),
            notes=r.text("notes", ""),
            source=r.text("source", ""),
            optimism_bias=r.get("optimism_bias", _boolean, True, "true or false"),
        )
        if not multipliers_in_order(line.low, line.high):
            r.bad(
                "low",
                Reason.OUT_OF_RANGE,
                f"{r.where('low')}/high must satisfy low <= 1 <= high",
                f"{line.low}/{line.high}",
            )
        paths.append(r.path)
        if (first := repeats.of((line.option, line.line, line.category, line.year))) is not None:
            message = f"{r.path}: same option, line, category and year as {paths[first]}"
            r.bad("year", Reason.DUPLICATE_ROW, message, year)
        if differs := settings.differing(line):
            r.bad(
                differs[0],
                Reason.OUT_OF_RANGE,
                f"{r.path}: {', '.join(differs)} must be the same in every year of line "
                f"'{line.line}' of option '{line.option}' (they apply to the whole line)",
                settings_of(line),
            )
        lines.append(line)
    return lines


def _uncertainty(top: _Reader) -> tuple[tuple[Category, Spread], ...]:
    raw = top.data.get("uncertainty") or {}
    if not isinstance(raw, Mapping):
        top.bad(
            "uncertainty", Reason.WRONG_TYPE, "uncertainty should be an object keyed by category"
        )
        return ()
    spreads = []
    for key, value in raw.items():
        r = _Reader(top.out, value, f"uncertainty.{key}")
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


def _settings(top: _Reader) -> Settings:
    r = _Reader(top.out, top.data.get("settings") or {}, "settings")
    return Settings(
        optimism_bias=r.get("optimism_bias", _boolean, True, "true or false"),
        risk_probability_multiplier=r.number("risk_probability_multiplier", 1.0, low=0, high=10),
        confidence=r.number("confidence", 0.8, low=0.01, high=0.99),
        draws=r.integer("draws", 10_000, low=1, high=10_000_000),
        seed=r.integer("seed", 1, low=0, high=2**63 - 1),
    )


def _boolean(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise TypeError(f"got {_kind(raw)}")
    return raw


def _years(raw: Any) -> tuple[int, ...]:
    if not isinstance(raw, list) or not raw:
        raise TypeError("expected a non-empty list of years")
    return tuple(_integer(y) for y in raw)


def _risks(top: _Reader, ids: set[str], base: int | None) -> list[Risk]:
    risks = []
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
            _check_year(r, "years", year, base)
        risks.append(
            Risk(
                option=_known_option(r, ids),
                name=r.text("name"),
                probability=probability,
                low=low,
                likely=likely,
                high=high,
                years=years or (),
                treatment=r.enum("treatment", Treatment, Treatment.RETAINED),
                premium=r.number("premium", 0.0, low=-1e15, high=1e15),
                source=r.text("source", ""),
            )
        )
    return risks


def _concerns(top: _Reader, ids: set[str]) -> list[Concern]:
    concerns, weights = [], []
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
        concerns.append(
            Concern(
                id=r.text("id"),
                title=r.text("title"),
                raised_by=r.text("raised_by", ""),
                weight=weight,
                scores=scores or (),
                rationale=r.get("rationale", _text_map, (), "an object"),
                mitigation=r.get("mitigation", _text_map, (), "an object"),
                source=r.text("source", ""),
            )
        )
    if weights and None not in weights and sum(weights) == 0:
        top.bad(
            "concerns",
            Reason.ZERO_WEIGHTS,
            "concerns: the weights add up to zero; give at least one concern a positive weight",
            None,
        )
    return concerns


def _year_like_scores(raw: Any) -> tuple[tuple[str, float], ...]:
    if not isinstance(raw, Mapping):
        raise TypeError("expected an object of option id: score")
    return tuple(sorted((str(k), _number(v)) for k, v in raw.items()))


def _deflator(top: _Reader) -> tuple[tuple[int, float], ...] | None:
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


# ---------------------------------------------------------------------------
# Reading and writing files


def read_json_file(path: str | Path) -> Any:
    """Parse a JSON file, reporting size, encoding and syntax problems as InputError."""
    path = Path(path)
    out = Collector(path.name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            out.add(
                Reason.FILE_TOO_LARGE, f"the file is {size / 2**20:.1f} MiB; the limit is 20 MiB"
            )
            out.raise_if_any()
        raw = path.read_bytes()
    except OSError as exc:
        out.add(Reason.UNREADABLE, f"cannot read the file: {exc.strerror or exc}")
        out.raise_if_any()
    return parse_json_bytes(raw, path.name)


def parse_json_bytes(raw: bytes, file: str) -> Any:
    out = Collector(file)
    if not raw.strip():
        out.add(Reason.EMPTY_FILE, "the file is empty")
    elif b"\x00" in raw:
        out.add(Reason.UNREADABLE, "the file contains NUL bytes; it is not a JSON text file")
    else:
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            out.add(Reason.UNREADABLE, "the file is not UTF-8 text")
        except json.JSONDecodeError as exc:
            out.add(
                Reason.UNREADABLE,
                f"not valid JSON at line {exc.lineno}, character {exc.colno}: {exc.msg}"
                + (" (the file ends early)" if exc.pos >= len(raw.strip()) else ""),
                row=exc.lineno,
                column=f"char {exc.colno}",
            )
    raise InputError(out.problems)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario JSON file."""
    return scenario_from_dict(read_json_file(path), file=Path(path).name)


def scenario_to_dict(s: Scenario) -> dict[str, Any]:
    """The scenario as a schema-1 document (every key written, defaults included)."""
    return {
        "schema": SCHEMA_VERSION,
        "name": s.name,
        "description": s.description,
        "source": s.source,
        "base_year": s.base_year,
        "price_base": s.price_base,
        "discounting": s.discounting,
        "carbon_values": s.carbon_values.value,
        "carbon_series": s.carbon_series.value,
        "money_weight": s.money_weight,
        "options": [_option_dict(o) for o in s.options],
        "costs": [_cost_dict(c) for c in s.costs],
        "uncertainty": {
            c.value: {"low": sp.low, "high": sp.high, "correlation": sp.correlation}
            for c, sp in s.uncertainty
        },
        "settings": {
            "optimism_bias": s.settings.optimism_bias,
            "risk_probability_multiplier": s.settings.risk_probability_multiplier,
            "confidence": s.settings.confidence,
            "draws": s.settings.draws,
            "seed": s.settings.seed,
        },
        "risks": [
            {
                "option": r.option,
                "name": r.name,
                "probability": r.probability,
                "low": r.low,
                "likely": r.likely,
                "high": r.high,
                "years": list(r.years),
                "treatment": r.treatment.value,
                "premium": r.premium,
                "source": r.source,
            }
            for r in s.risks
        ],
        "concerns": [
            {
                "id": c.id,
                "title": c.title,
                "raised_by": c.raised_by,
                "weight": c.weight,
                "scores": dict(c.scores),
                "rationale": dict(c.rationale),
                "mitigation": dict(c.mitigation),
                "source": c.source,
            }
            for c in s.concerns
        ],
        "deflator": None if s.deflator is None else {str(y): v for y, v in s.deflator},
    }


def _option_dict(o: Option) -> dict[str, Any]:
    return {
        "id": o.id,
        "name": o.name,
        "kind": o.kind.value,
        "project_type": o.project_type.value if o.project_type else None,
        "ob_mitigation": o.ob_mitigation,
        "ob_evidence": o.ob_evidence,
        "carbon_tco2e": {str(y): t for y, t in o.carbon_tco2e},
        "staff_transferring": o.staff_transferring,
        "life_years": o.life_years,
        "modules": None if o.modules is None else list(o.modules),
        "description": o.description,
        "source": o.source,
    }


def _cost_dict(c: CostLine) -> dict[str, Any]:
    return {
        "option": c.option,
        "line": c.line,
        "category": c.category.value,
        "year": c.year,
        "amount": c.amount,
        "basis": c.basis.value,
        "low": c.low,
        "high": c.high,
        "module": c.module,
        "notes": c.notes,
        "source": c.source,
        "optimism_bias": c.optimism_bias,
    }


def dump_scenario(s: Scenario) -> str:
    """The scenario as pretty JSON text (UTF-8, trailing newline)."""
    return json.dumps(scenario_to_dict(s), indent=2, ensure_ascii=False) + "\n"
