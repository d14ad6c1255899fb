"""Switching values and the tornado in words, for the CLI, the dashboard and the pack.

Every sentence is built from :class:`appraisal.sensitivity.Switch` figures, never
canned: "Do minimum stays preferred on NPSV unless its opex estimate is more than
3.8% higher (£3.6m a year instead of £3.5m, before optimism bias); then Keep
in-house leads".
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from appraisal.drivers import MULTIPLIER_SEARCH, RATE_SEARCH, Driver
from appraisal.sensitivity import (
    Model,
    Switch,
    price_range,
    switching_frame,
    weight_ranges,
)
from appraisal.smaa import Smaa
from appraisal.stability import Holds, PriceRange, WeightRange
from appraisal.weight_sets import weight_set_table, weight_set_verdict
from report.formatting import discounting_label, money, money_m, percent

MEASURE_WORDS = {"npsv": "on NPSV", "overall": "overall"}
_SEARCH = {
    "multiplier": f"multipliers {MULTIPLIER_SEARCH[0]:g}–{MULTIPLIER_SEARCH[1]:g}×",
    "probability": "probabilities 0–1",
    "mitigation": "mitigation 0–100%",
    "rate": f"a constant rate {RATE_SEARCH[0]:.0%}–{RATE_SEARCH[1]:.0%}",
    "carbon": "the published low, central and high carbon values",
    "share": "weights 0–100%",
    "score": "scores 0–100",
    "price": "any value of a point from £0",
    "staff": "0 to every transferable FTE",
    "pension": "pension rates 0–100%",
}


def value_text(d: Driver, x: float | str | None) -> str:
    """A driver's value as a user reads it: 1.15×, 30%, 74, £193,523, a schedule's name.

    >>> from appraisal.drivers import Driver
    >>> value_text(Driver("cost:a:opex", "A's opex estimate", "multiplier", 0.5, 1.5, 1.0,
    ...                   (0, 5), ""), 1.234)
    '1.23×'
    """
    return kind_value_text(d.kind, x)


def kind_value_text(kind: str, x: float | str | None) -> str:
    """The value of a driver of ``kind`` (:class:`~appraisal.drivers.Driver`) in words.

    >>> kind_value_text("staff", 45.0), kind_value_text("pension", 0.195)
    ('45 FTE', '19.5%')
    """
    if x is None:
        return "—"
    if isinstance(x, str):
        return {"low": "low carbon values", "high": "high carbon values"}.get(
            x, discounting_label(x)
        )
    if kind == "multiplier":
        return f"{x:.2f}×"
    if kind in ("probability", "mitigation", "share"):
        return percent(x, 1 if 0 < x < 0.1 else 0)
    if kind in ("rate", "pension"):
        return percent(x, 2 if kind == "rate" else 1)
    if kind == "score":
        return f"{x:.1f}".removesuffix(".0")
    if kind == "staff":
        return f"{x:.1f}".removesuffix(".0") + " FTE"
    return money(x)


def with_end_texts(tornado: pd.DataFrame) -> pd.DataFrame:
    """The tornado with each input's range ends in words (``low_text``, ``high_text``)
    beside the numbers (``low``, ``high``)."""
    out = tornado.copy()
    at = list(out.columns).index("high") + 1 if "high" in out.columns else len(out.columns)
    for i, end in enumerate(("low", "high")):
        texts = [kind_value_text(k, x) for k, x in zip(out["kind"], out[end], strict=True)]
        out.insert(at + i, f"{end}_text", texts)
    return out


def _amounts(d: Driver, x: float) -> str:
    """'(£3.6m a year instead of £3.5m, before optimism bias)' for a multiplier with an amount."""
    if d.amount is None or not d.amount:
        return ""
    if d.input.startswith("risk:"):
        return f" ({_money(d.amount * x)} instead of {_money(d.amount)} most likely)"
    unit = " a year" if d.per_year else " in total"
    if d.unit != "£":
        return f" ({d.amount * x:,.0f} {d.unit}{unit} instead of {d.amount:,.0f})"
    return f" ({_money(d.amount * x)}{unit} instead of {_money(d.amount)}, before optimism bias)"


def _money(x: float) -> str:
    return money_m(x) if abs(x) >= 1e6 else money(x)


def _label(model: Model, w: Switch) -> str:
    """The driver's label, 'its …' when it is the leader's own input."""
    d = w.driver
    own = f"{model.name(w.leader)}'s "
    return "its " + d.label.removeprefix(own) if d.label.startswith(own) else d.label


def _move(model: Model, w: Switch) -> str:
    """The change that makes the leader lose its place, in words."""
    d, x, base, label = w.driver, w.value, w.driver.base, _label(model, w)
    assert x is not None
    rises = w.direction == "up"
    if d.kind == "multiplier":
        more = "higher" if rises else "lower"
        return f"{label} is more than {percent(abs(x - 1), _digits(x - 1))} {more}{_amounts(d, x)}"
    verb = "rises above" if rises else "falls below"
    if d.kind == "price":
        now = "none is set" if not base else f"now {money(base)}"
        word = "worth more than" if rises else "worth less than"
        return f"a concerns point is {word} {money(x)} ({now})"
    held = ", the value of a point held" if d.kind == "share" else ""
    return f"{label} {verb} {value_text(d, x)} (now {value_text(d, base)}){held}"


def _digits(change: float) -> int:
    return 1 if abs(change) < 0.1 else 0


def sentence(model: Model, w: Switch) -> str:
    """One switching value in words, with where the lead goes and the plausible range."""
    d = w.driver
    lead = f"{model.name(w.leader)} stays preferred {MEASURE_WORDS[w.measure]}"
    if w.direction == "no effect":
        if d.kind == "price":
            return f"{lead}: the value of a concerns point does not change NPSV."
        return f"{lead}: {d.label} does not change it while no price is set for a concerns point."
    if w.direction == "none":
        return (
            f"{lead}: no value of {d.label} in a wide search range ({_SEARCH[d.kind]}) "
            "makes it lose its place."
        )
    then = f"; then {model.name(w.challenger)} leads" if w.challenger else ""
    if d.kind == "carbon":
        return f"{lead} unless the {value_text(d, _series(w))} are used{then}."
    if d.kind == "rate":
        return (
            f"{lead} unless a constant discount rate from {percent(w.value, 2)} to "
            f"{percent(w.value_to, 2)} is used instead of the scenario's discounting "
            f"({discounting_label(model.scenario.discounting)}){then}{_flag(w)}."
        )
    return f"{lead} unless {_move(model, w)}{then}{_flag(w)}."


def _series(w: Switch) -> str:
    return "high" if w.direction == "up" else "low"


def _flag(w: Switch) -> str:
    if w.plausible is None:
        return ""
    d = w.driver
    where = "inside" if w.plausible else "outside"
    if d.kind == "rate":
        return f" ({where} the plausible range: the schedules' first-band rates 3.0% to 3.5%)"
    return f" ({where} its plausible range, {value_text(d, d.low)} to {value_text(d, d.high)})"


def change_text(w: Switch) -> str:
    """The change needed, as a percentage of the base value ('+3.8%'), or '—'."""
    if w.change is None or not math.isfinite(w.change):
        return "—"
    return f"{'+' if w.change > 0 else '−'}{percent(abs(w.change), _digits(w.change))}"


def nearest_clause(model: Model, w: Switch | None) -> str:
    """The verdict's clause: 'this would change if Do minimum's opex estimate were 3.8%
    higher (inside its plausible range)', or '' with no switching value."""
    if w is None or w.value is None:
        return ""
    d = w.driver
    if d.kind == "multiplier":
        more = "higher" if w.direction == "up" else "lower"
        what = f"{d.label} were {percent(abs(w.value - 1), _digits(w.value - 1))} {more}"
    elif d.kind == "rate":
        span = f"{percent(w.value, 2)} to {percent(w.value_to, 2)}"
        what = f"a constant discount rate from {span} were used"
    elif d.kind == "price":
        what = f"a concerns point were worth more than {money(w.value)}"
    else:
        what = f"{d.label} were {value_text(d, w.value)} (now {value_text(d, d.base)})"
    where = "inside" if w.plausible else "outside"
    return f"this would change if {what} ({where} its plausible range)"


def switching_table(model: Model, switches: list[Switch]) -> pd.DataFrame:
    """The switching values for a page or a pack: words, change needed and range."""
    rows = [
        {
            "Switching value": sentence(model, w),
            "Change needed": change_text(w),
            "Plausible range": f"{value_text(w.driver, w.driver.low)} to "
            f"{value_text(w.driver, w.driver.high)}",
            "Inside it": {True: "yes", False: "no", None: "—"}[w.plausible],
            "Takes the lead": model.name(w.challenger) if w.challenger else "—",
            "Found by": w.method or "—",
            "Input ID": w.driver.input,
        }
        for w in switches
    ]
    return pd.DataFrame(rows)


def _holds(model: Model, h: Holds, what: str, share: float) -> str:
    lead = model.name(model.ids[h.leader])
    text = (
        f"{lead} stays first {what} while the share is between {percent(h.lo, 1)} and "
        f"{percent(h.hi, 1)} (now {percent(share, 1)})"
    )
    ends = []
    if h.below is not None:
        ends.append(f"below {percent(h.lo, 1)} {model.name(model.ids[h.below])} leads")
    if h.above is not None:
        ends.append(f"above {percent(h.hi, 1)} {model.name(model.ids[h.above])} leads")
    return text + (f": {'; '.join(ends)}" if ends else ": no share from 0 to 100% changes it")


def weight_range_sentence(model: Model, w: WeightRange) -> str:
    """'Data sovereignty (share of the weights, the others keeping their proportions):
    Keep in-house stays first on the concerns while …; …'."""
    title = model.scenario.concerns[w.concern].title
    parts = [_holds(model, w.mcda, "on the concerns", w.share)]
    if w.overall is not None:
        parts.append(_holds(model, w.overall, "overall, the value of a point held", w.share))
    return f"{title} (its share of the weights, the others keeping their proportions): " + (
        "; ".join(parts) + "."
    )


def price_range_sentence(model: Model, p: PriceRange) -> str:
    """Where the overall leader holds as the value of a concerns point moves."""
    now = "none is set" if not p.lam else f"now {money(p.lam)}"
    upper = "any higher value" if not math.isfinite(p.hi) else money(p.hi)
    text = (
        f"{model.name(model.ids[p.leader])} leads overall for a concerns point worth "
        f"{money(p.lo)} to {upper} ({now})"
    )
    if p.above is not None:
        text += f"; above that {model.name(model.ids[p.above])} leads"
    if p.below is not None:
        text += f"; below {money(p.lo)} {model.name(model.ids[p.below])} leads"
    return text + "."


def text_report(
    model: Model,
    switches: dict[str, list[Switch]],
    tornado: pd.DataFrame,
    pair: tuple[str, str],
    extra: Callable[[], list[str]] | None = None,
    top: int = 15,
) -> str:
    """The command line's table form: switching values in words, then the tornado."""
    out = [f"Sensitivity: {model.scenario.name}", ""]
    for measure, rows in switches.items():
        found = [w for w in rows if w.direction in ("up", "down", "range")]
        out.append(f"Switching values {MEASURE_WORDS[measure]} (nearest first)")
        for n, w in enumerate(found, 1):
            out.append(f"{n:>3}. {sentence(model, w)} [{change_text(w)}]")
        held = [w for w in rows if w.direction == "none"]
        if held:
            out.append(
                f"     No value in a wide search range moves it for {len(held)} other inputs:"
            )
            out += [f"       - {w.driver.label}" for w in held]
        out.append("")
    a, b = pair
    out.append(f"Tornado: NPSV of {model.name(a)} less {model.name(b)} (£m), largest swing first")
    bars = with_end_texts(tornado.head(top)).to_dict("records")
    width = min(max((len(str(r["label"])) for r in bars), default=10), 70)
    for r in bars:
        label = str(r["label"])
        label = label if len(label) <= width else label[: width - 1] + "…"
        out.append(
            f"  {label:<{width}}  {r['low_text']:>22} {float(r['at_low']) / 1e6:>8.2f}   "
            f"{r['high_text']:>22} {float(r['at_high']) / 1e6:>8.2f}   "
            f"swing {float(r['swing']) / 1e6:.2f}"
        )
    out.append(f"  base case: {tornado['base'].iloc[0] / 1e6:.2f}" if len(tornado) else "")
    sets = weight_set_table(model.scenario, model.base.npsv)
    if model.scenario.weight_sets:
        out += ["", "Stakeholder weight sets", f"  {weight_set_verdict(sets)}"]
    ranges = weight_ranges(model)
    if ranges:
        out += ["", "Weight ranges"]
        out += [f"  {weight_range_sentence(model, w)}" for w in ranges]
    if (p := price_range(model)) is not None:
        out += ["", "Value of a concerns point", f"  {price_range_sentence(model, p)}"]
    out += extra() if extra else []
    return "\n".join(out) + "\n"


def to_json(
    model: Model,
    switches: dict[str, list[Switch]],
    tornado: pd.DataFrame,
    pair: tuple[str, str],
    extra: dict[str, object] | None = None,
) -> str:
    """The command line's JSON: numbers (the words are in the table form)."""

    def records(frame: pd.DataFrame) -> list[dict[str, object]]:
        return json.loads(frame.to_json(orient="records"))  # NaN and inf become null

    doc: dict[str, object] = {
        "scenario": model.scenario.name,
        "switching_values": {
            m: {
                "leader": rows[0].leader if rows else None,
                "values": records(switching_frame(rows)),
            }
            for m, rows in switches.items()
        },
        "tornado": {
            "a": pair[0],
            "b": pair[1],
            "measure": "npsv",
            "base": float(tornado["base"].iloc[0]) if len(tornado) else None,
            "drivers": records(with_end_texts(tornado)),
        },
    }
    sets = weight_set_table(model.scenario, model.base.npsv)
    doc["weight_sets"] = json.loads(
        sets.drop(columns="name").to_json(orient="records")
    ) if model.scenario.concerns else []  # fmt: skip
    doc["weight_ranges"] = [_range_dict(model, w) for w in weight_ranges(model)]
    p = price_range(model)
    doc["price_range"] = None if p is None else {
        "leader": model.ids[p.leader], "value_per_point": p.lam, "low": p.lo,
        "high": p.hi if math.isfinite(p.hi) else None,
        "below": _id(model, p.below), "above": _id(model, p.above),
    }  # fmt: skip
    doc |= extra or {}
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _id(model: Model, i: int | None) -> str | None:
    return None if i is None else model.ids[i]


def _range_dict(model: Model, w: WeightRange) -> dict[str, object]:
    def holds(h: Holds | None) -> dict[str, object] | None:
        if h is None:
            return None
        return {"leader": model.ids[h.leader], "low": h.lo, "high": h.hi,
                "below": _id(model, h.below), "above": _id(model, h.above)}  # fmt: skip

    concern = model.scenario.concerns[w.concern]
    return {"concern": concern.id, "share": w.share, "mcda": holds(w.mcda),
            "overall": holds(w.overall)}  # fmt: skip


def weight_sets_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The stakeholder weight sets side by side, one column per set: each option's concerns
    score and rank (and its overall value where the set prices a point), then the value of
    a point used and the option each set prefers.

    ``table`` is :func:`appraisal.weight_sets.weight_set_table`'s long frame.
    """
    rows: dict[str, dict[str, object]] = {}
    price_row: dict[str, object] = {"Option": "Value of a concerns point"}
    best_row: dict[str, object] = {"Option": "Preferred"}
    for r in table.to_dict("records"):
        row = rows.setdefault(str(r["name"]), {"Option": r["name"]})
        lam = float(r["value_per_point"])
        cell = f"score {float(r['mcda_score']):.1f} · rank {int(r['rank'])} overall"
        if math.isfinite(lam):
            cell += f" · {money_m(float(r['overall_value']))}"
        row[str(r["set"])] = cell
        price_row[str(r["set"])] = money(lam) if math.isfinite(lam) else "none (NPSV decides)"
        if r["preferred"]:
            best_row[str(r["set"])] = r["name"]
    return pd.DataFrame([*rows.values(), price_row, best_row])


def smaa_lines(model: Model, joint: Smaa) -> list[str]:
    """The table form's joint uncertainty: each option's rank acceptabilities and confidence."""
    lo, hi, how = joint.lam_range
    out = [
        "",
        f"Joint uncertainty (SMAA-2): {joint.draws:,} joint draws of money, weights (uniform "
        f"over every weighting), scores (spread {model.scenario.settings.score_spread:g} "
        f"points) and the value of a point ({how} on {money(lo)} to {money(hi)})",
    ]
    k = len(model.ids)
    for i, oid in enumerate(model.ids):
        ranks = ", ".join(f"rank {r + 1} {percent(joint.acceptability[i, r], 0)}" for r in range(k))
        conf = joint.confidence[i]
        tail = f"; confidence factor {percent(conf, 0)}" if math.isfinite(conf) else ""
        out.append(f"  {model.name(oid)}: {ranks}{tail}")
    return out


def smaa_dict(model: Model, joint: Smaa) -> dict[str, object]:
    """The JSON's ``smaa``: rank acceptabilities, central weights, confidence factors."""
    concerns = [c.id for c in model.scenario.concerns]

    def number(x: float) -> float | None:
        return float(x) if math.isfinite(x) else None

    lo, hi, how = joint.lam_range
    return {
        "draws": joint.draws,
        "score_spread": model.scenario.settings.score_spread,
        "value_per_point_range": {"low": lo, "high": hi, "distribution": how},
        "options": [
            {
                "id": oid,
                "acceptability": [float(a) for a in joint.acceptability[i]],
                "prob_best": float(joint.prob_best[i]),
                "confidence": number(joint.confidence[i]),
                "central_weights": None
                if not np.isfinite(joint.central_weights[i]).all()
                else dict(zip(concerns, map(float, joint.central_weights[i]), strict=True)),
            }
            for i, oid in enumerate(model.ids)
        ],
    }
