"""Weight sets: would another stakeholder's weights on the concerns change the choice?

The MCDA manual (DCLG 2009, chapter 6) weights the criteria by the judgement of those
with a stake, and asks in its sensitivity analysis whether other weights would change
the ordering of the options. A scenario's ``weight_sets`` are such other weights,
named (a union's, a board's); here each is set beside the concerns' own weights
("Current weights") with the same NPSVs: the MCDA score ``Σ w_i s_i`` with the weights
normalised, the overall value ``NPSV + λ × score`` at the set's price per point λ (its
own, or the scenario's; none: the overall value is NPSV) and the rank, ties going to
the higher NPSV, then the higher score, then list order (:func:`appraisal.mcda.rank`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from appraisal import mcda
from appraisal.register import counted_matrix
from options.model import CURRENT_WEIGHTS, Scenario

Array = npt.NDArray[np.float64]

#: One row per weight set and option; ``value_per_point`` is NaN where the set has no
#: price, ``mcda_score`` NaN where the scenario has no concerns. ``switching_price`` is
#: the £ a point above which the option's overall value passes the NPSV leader's under
#: the set's weights (NaN for an option scoring no higher: no price makes it pass).
COLUMNS = (
    "set", "option", "name", "npsv", "mcda_score", "value_per_point", "overall_value", "rank",
    "preferred", "switching_price",
)  # fmt: skip


def _weights(s: Scenario) -> list[tuple[str, list[float], float | None]]:
    """(name, weight per concern, price per point) of the current weights and each set."""
    out = [(CURRENT_WEIGHTS, [c.weight for c in s.concerns], s.value_per_point)]
    for w in s.weight_sets:
        got = w.weights_map
        if missing := [c.id for c in s.concerns if c.id not in got]:
            raise ValueError(f"weight set '{w.name}' has no weight for {', '.join(missing)}")
        out.append((w.name, [got[c.id] for c in s.concerns], w.price(s.value_per_point)))
    return out


def _switching(value: Array, score: Array | None) -> Array:
    """Each option's switching price against the NPSV leader (NaN where none)."""
    out = np.full(value.size, np.nan)
    if score is None:
        return out
    best = int(mcda.rank(value, value, score).argmin())
    for i in np.flatnonzero(score > score[best] + mcda.SCORE_TOL):
        out[i] = mcda.switching_price(value[best], score[best], value[i], score[i])
    return out


def weight_set_table(scenario: Scenario, npsv: npt.ArrayLike) -> pd.DataFrame:
    """Each option's MCDA score, overall value and rank under each weight set.

    Parameters
    ----------
    scenario : Scenario
        Its concerns give the scores; its ``weight_sets`` the other weights.
    npsv : array_like, shape (options,)
        Each option's NPSV (£, real prices of the price base), in the scenario's order.

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per set (the current weights first) and option: :data:`COLUMNS`.

    Examples
    --------
    Two concerns, c1 (A 80, B 20) and c2 (A 30, B 90), at £20,000 a point. At the
    current 60/40 weights A scores 60 and B 48, so A's -£10m + £1.2m beats B's -£10.5m +
    £0.96m; a union weighting 1:3 scores A 42.5 and B 72.5, so B's -£9.05m beats A's
    -£9.15m.

    >>> from options.model import Concern, Option, OptionKind, WeightSet
    >>> s = Scenario("t", 2024, (Option("a", "A", OptionKind.IN_HOUSE),
    ...              Option("b", "B", OptionKind.FRAMEWORK)), (), value_per_point=20_000.0,
    ...              concerns=(Concern("c1", "C1", "", 60, (("a", 80), ("b", 20))),
    ...                        Concern("c2", "C2", "", 40, (("a", 30), ("b", 90)))),
    ...              weight_sets=(WeightSet("Union", (("c1", 1.0), ("c2", 3.0))),))
    >>> t = weight_set_table(s, [-10e6, -10.5e6])
    >>> t[["set", "option", "mcda_score", "overall_value", "rank"]].to_numpy().tolist()
    [['Current weights', 'a', 60.0, -8800000.0, 1], ['Current weights', 'b', 48.0, -9540000.0, 2],
     ['Union', 'a', 42.5, -9150000.0, 2], ['Union', 'b', 72.5, -9050000.0, 1]]

    Under the union's weights B's 30 more points are worth A's £0.5m more NPSV from
    £16,667 a point; under the current weights B scores lower, so no price makes it pass.

    >>> t["switching_price"].round(0).tolist()
    [nan, nan, nan, 16667.0]
    """
    value = np.asarray(npsv, dtype=float)
    if value.shape != (len(scenario.options),):
        raise ValueError(f"npsv: one value per option ({len(scenario.options)}), not {value.shape}")
    matrix = counted_matrix(scenario)
    frames = []
    for name, weights, price in _weights(scenario):
        score = mcda.weighted_scores(matrix, weights) if scenario.concerns else None
        overall = mcda.overall_values(value, score, price)
        ranks = mcda.rank(overall, value, score)
        frames.append(
            pd.DataFrame({
                "set": name,
                "option": scenario.option_ids,
                "name": [o.name for o in scenario.options],
                "npsv": value,
                "mcda_score": np.nan if score is None else score,
                "value_per_point": np.nan if price is None else price,
                "overall_value": overall,
                "rank": ranks,
                "preferred": ranks == 1,
                "switching_price": _switching(value, score),
            })
        )  # fmt: skip
    return pd.concat(frames, ignore_index=True)[list(COLUMNS)]


def _names(sets: list[str]) -> str:
    """``the current weights``, ``A and B``, ``A, B and C``."""
    shown = ["the current weights" if s == CURRENT_WEIGHTS else s for s in sets]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _one(sets: list[str]) -> bool:
    """Whether the sets named are grammatically singular (one set, not the current weights)."""
    return len(sets) == 1 and sets[0] != CURRENT_WEIGHTS


def _verb(sets: list[str], word: str) -> str:
    """``word`` agreeing with the sets named: ``Union prefers``, ``A and B prefer``."""
    return f"{word}s" if _one(sets) else word


def _money(x: float) -> str:
    """``-£9.1m``; under £1m in whole pounds: ``£16,667``."""
    sign = "-" if x < 0 else ""
    return f"{sign}£{abs(x) / 1e6:.1f}m" if abs(x) >= 1e6 else f"{sign}£{abs(x):,.0f}"


def _groups(leader: dict[str, str]) -> list[tuple[str, list[str]]]:
    """The sets grouped by the option they pick, the largest group first (ties: the
    group of the earlier set)."""
    out: dict[str, list[str]] = {}
    for s, option in leader.items():
        out.setdefault(option, []).append(s)
    return sorted(out.items(), key=lambda g: -len(g[1]))


Figures = dict[tuple[str, str], tuple[float, float, float]]  # (set, name): score, λ, overall


def _figures(table: pd.DataFrame) -> Figures:
    """Each (set, option name)'s MCDA score, price per point and overall value."""
    columns = ("set", "name", "mcda_score", "value_per_point", "overall_value")
    return {
        (str(s), str(n)): (float(x), float(lam), float(v))
        for s, n, x, lam, v in zip(*(table[c] for c in columns), strict=True)
    }


def _parting(groups: list[tuple[str, list[str]]], got: Figures, verb: str) -> str:
    """``A and B prefer X; C prefers Y (score 72.5 v 42.5, overall -£9.1m v -£9.2m)``:
    each group after the first with its pick's score (and, for the overall choice, its
    overall value) against the first group's pick, under its own weights and price."""
    first = groups[0][0]
    parts = [f"{_names(groups[0][1])} {_verb(groups[0][1], verb)} {first}"]
    for option, sets in groups[1:]:
        gaps = []
        for s in sets:
            (score, lam, overall), (other, _, beaten) = got[s, option], got[s, first]
            gap = f"{score:.1f} v {other:.1f}"
            if verb == "prefer" and not np.isnan(lam):
                gap += f", overall {_money(overall)} v {_money(beaten)}"
            gaps.append(gap)
        parts.append(f"{_names(sets)} {_verb(sets, verb)} {option} (score {'; '.join(gaps)})")
    return "; ".join(parts)


def weight_set_verdict(table: pd.DataFrame) -> str:
    """One sentence: whether every weight set prefers the same option, and where they part.

    Built from a :func:`weight_set_table`. Where sets part, each group after the
    largest shows its pick's MCDA score and overall value against the largest group's
    pick, under its own weights and price. Sets without a price per point rank by NPSV
    alone, so the sentence says so; when no set has a price, it says which option each
    set's weights favour on the concerns score alone and the lowest price per point
    at which a set's choice would change.

    Examples
    --------
    The two-option case of :func:`weight_set_table`, at £20,000 a point and with none:

    >>> t = pd.DataFrame({"set": ["Current weights"] * 2 + ["Union"] * 2,
    ...                   "name": ["A", "B"] * 2, "npsv": [-10e6, -10.5e6] * 2,
    ...                   "mcda_score": [60.0, 48.0, 42.5, 72.5], "value_per_point": [20e3] * 4,
    ...                   "overall_value": [-8.8e6, -9.54e6, -9.15e6, -9.05e6],
    ...                   "rank": [1, 2, 2, 1], "switching_price": [np.nan] * 3 + [16_666.67]})
    >>> weight_set_verdict(t)
    'The current weights prefer A; Union prefers B (score 72.5 v 42.5, overall -£9.1m v -£9.2m).'
    >>> weight_set_verdict(t.assign(value_per_point=np.nan, overall_value=t["npsv"],
    ...                             rank=[1, 2, 1, 2]))
    'Every weight set (the current weights and Union) prefers A: none prices a concerns point,
     so NPSV decides; on the concerns score alone the current weights favour A; Union favours
     B (score 72.5 v 42.5); from £16,667 a point Union would prefer B.'
    """
    sets = list(dict.fromkeys(table["set"]))
    got = _figures(table)
    best = table[table["rank"] == 1].set_index("set")["name"].to_dict()
    groups = _groups({s: best[s] for s in sets})
    if len(groups) > 1:
        text = _parting(groups, got, "prefer")
    elif len(sets) == 1:
        text = f"The current weights prefer {groups[0][0]}"
    else:
        text = f"Every weight set ({_names(sets)}) prefers {groups[0][0]}"
    text = text[0].upper() + text[1:]
    unpriced = list(dict.fromkeys(table.loc[table["value_per_point"].isna(), "set"]))
    if unpriced and len(unpriced) < len(sets):
        text += (f"; {_names(unpriced)} {_verb(unpriced, 'price')} no concerns point, so NPSV "
                 f"decides for {'it' if _one(unpriced) else 'them'}")  # fmt: skip
    elif unpriced and table["mcda_score"].notna().any():
        text += ": none prices a concerns point, so NPSV decides; on the concerns score alone "
        text += _parting(_groups(_score_leaders(table, sets)), got, "favour") + _first_switch(table)
    return text + "."


def _score_leaders(table: pd.DataFrame, sets: list[str]) -> dict[str, str]:
    """The option each set's weights score highest (ties: higher NPSV, then list order)."""
    out = {}
    for s in sets:
        rows = table[table["set"] == s]
        order = mcda.rank(rows["mcda_score"], rows["npsv"], rows["mcda_score"])
        out[s] = str(rows["name"].to_numpy()[int(order.argmin())])
    return out


def _first_switch(table: pd.DataFrame) -> str:
    """``; from £116,114 a point Management would prefer X``: the lowest switching price
    of any set (the first set in order on a tie), or nothing when no price would do."""
    prices = table["switching_price"].to_numpy(dtype=float)
    if np.isnan(prices).all():
        return ""
    row = table.iloc[int(np.nanargmin(prices))]
    who = "the current weights" if row["set"] == CURRENT_WEIGHTS else row["set"]
    return f"; from {_money(row['switching_price'])} a point {who} would prefer {row['name']}"
