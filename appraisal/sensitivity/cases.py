"""Every what-if of a scenario (its own named alternative cases, each a set of changes to
its inputs) beside its central case, on expected values (HM Treasury, The Green Book
(2022) 5.58-5.61: sensitivity analysis)."""

from __future__ import annotations

import pandas as pd

from appraisal.appraise import settle
from appraisal.sensitivity.model import base_point, leader
from options.inputs import apply_what_if
from options.model import Scenario


def what_if_frame(s: Scenario) -> pd.DataFrame:
    """Every what-if beside the central case: each option's NPSV, concerns score and
    overall value (expected values; Monte Carlo keeps its own rule), and the preferred
    option on NPSV and overall under each.

    Returns
    -------
    pandas.DataFrame
        One row per case and option: ``case`` ("Central case" first), ``rationale``,
        ``option``, ``npsv``, ``mcda_score`` (None with no concerns), ``overall_value``,
        ``preferred_npsv``, ``preferred_overall`` (option ids).
    """
    s = settle(s)
    rows = []
    for name, rationale, case in [("Central case", "", s)] + [
        (w.name, w.rationale, apply_what_if(s, w)) for w in s.what_ifs
    ]:
        point = base_point(case)
        overall = point.measure("overall")
        best = (case.option_ids[leader(point, "npsv")], case.option_ids[leader(point, "overall")])
        for i, o in enumerate(case.options):
            score = None if point.score is None else float(point.score[i])
            rows.append((name, rationale, o.id, float(point.npsv[i]), score, float(overall[i]),
                         *best))  # fmt: skip
    columns = ["case", "rationale", "option", "npsv", "mcda_score", "overall_value",
               "preferred_npsv", "preferred_overall"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
