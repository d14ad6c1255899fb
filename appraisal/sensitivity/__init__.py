"""Sensitivity analysis: the tornado, the switching values, the what-ifs side by side.

Each *driver* (:mod:`appraisal.drivers`: one input of the what-if grammar, with its
plausible range) is moved alone and the scenario re-appraised on expected values
(:mod:`~appraisal.sensitivity.model`).

The **switching value** of a driver is the value it would need to take for another
option to be preferred (Green Book 2022, 5.60-5.61): found in closed form where the
measure is linear in the driver, by root finding elsewhere
(:mod:`~appraisal.sensitivity.switching`).

References
----------
HM Treasury, The Green Book (2022) 5.58–5.61 (sensitivity analysis and switching
values); Annex A5 (uncertainty). DCLG, Multi-criteria analysis: a manual (2009)
§6.2.12 (sensitivity of the weights).

Modules
-------
:mod:`~appraisal.sensitivity.model` the base case and its re-appraisals (``Model``);
:mod:`~appraisal.sensitivity.tornado` the tornado; :mod:`~appraisal.sensitivity.switching`
the switching values; :mod:`~appraisal.sensitivity.cases` the what-ifs side by side;
:mod:`~appraisal.sensitivity.ranges` the weights' and the price's stability ranges.
Everything is imported here, so ``from appraisal import sensitivity`` gives it all.
"""

from appraisal.sensitivity.cases import what_if_frame
from appraisal.sensitivity.model import (
    MEASURES,
    Array,
    Model,
    Point,
    base_point,
    concern_arrays,
    leader,
    money_part,
    runner_up,
    share_weights,
)
from appraisal.sensitivity.ranges import price_draws, price_range, weight_ranges
from appraisal.sensitivity.switching import (
    TOLERANCE,
    Switch,
    nearest,
    nearest_first,
    switching_frame,
    switching_values,
    switching_values_by_driver,
)
from appraisal.sensitivity.tornado import TORNADO_COLUMNS, tornado

__all__ = [
    "MEASURES",
    "TOLERANCE",
    "TORNADO_COLUMNS",
    "Array",
    "Model",
    "Point",
    "Switch",
    "base_point",
    "concern_arrays",
    "leader",
    "money_part",
    "nearest",
    "nearest_first",
    "price_draws",
    "price_range",
    "runner_up",
    "share_weights",
    "switching_frame",
    "switching_values",
    "switching_values_by_driver",
    "tornado",
    "weight_ranges",
    "what_if_frame",
]
