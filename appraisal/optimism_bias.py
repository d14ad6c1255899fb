"""Optimism bias: the Green Book supplementary guidance's uplifts and their mitigation.

Appraisers are systematically optimistic about costs; the uplift corrects for it
at the outset and is reduced as the contributory factors are managed. The uplift
is a cost in its own right, reported separately from the base costs.

The bounds are figures of a parameter vintage (:class:`~options.parameters_model.
Parameters`, its ``optimism_bias`` table); the 2003 table is still today's.

References
----------
HM Treasury (2003), Green Book supplementary guidance: optimism bias, Table 1;
Mott MacDonald (2002), Review of large public procurement in the UK, Tables 2,
15-16 and the worked examples (combined project, mitigation, contract award).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from options.model import Category, ProjectType, default_parameters
from options.parameters_model import Bounds, Parameters

__all__ = ["Bounds", "applies_to", "mitigation_factor", "netted_uplift", "ob_uplift",
           "project_bounds", "project_uplift"]  # fmt: skip


def project_bounds(project_type: ProjectType, parameters: Parameters | None = None) -> Bounds:
    """A project type's upper and lower bounds in a vintage's table (default: the current).

    Examples
    --------
    Supplementary guidance (2003) Table 1: outsourcing, 41 % of operating expenditure
    (transition counting as opex) falling to 0 % at contract award.

    >>> b = project_bounds(ProjectType.OUTSOURCING)
    >>> b.upper, b.lower, sorted(c.value for c in b.applies_to)
    (0.41, 0.0, ['opex', 'transition'])
    """
    return (default_parameters() if parameters is None else parameters).bounds(project_type)


def mitigation_factor(shares: npt.ArrayLike, factors: npt.ArrayLike) -> float:
    """Reduction of the upper bound: ``m = Σ share_i × MF_i``.

    Parameters
    ----------
    shares : array_like
        Each contributory factor's share of the upper bound, as fractions
        (Mott MacDonald Tables 15-16 give percentages; divide by 100).
    factors : array_like
        Mitigation factor of each area, 0 (unmanaged) to 1 (fully managed).

    Examples
    --------
    Worked example 11: shares 5, 2, 22, 5, 3 % with MF 1, 1, 0.4, 1, 1.

    >>> round(mitigation_factor([0.05, 0.02, 0.22, 0.05, 0.03], [1, 1, 0.4, 1, 1]), 3)
    0.238
    """
    s, f = np.asarray(shares, dtype=float), np.asarray(factors, dtype=float)
    if s.shape != f.shape or np.any(f < 0) or np.any(f > 1) or np.any(s < 0) or s.sum() > 1 + 1e-9:
        raise ValueError("shares and factors must match; factors in [0, 1], shares sum to <= 1")
    return float(s @ f)


def ob_uplift(upper: float, lower: float, mitigation: float) -> float:
    """Uplift after mitigation: ``max(lower, (1 - m) × upper)``.

    Examples
    --------
    Worked example 12: non-standard buildings capex (upper 51 %, lower 4 %) with
    92 % of the contributory factors managed leaves 4.08 %.

    >>> round(ob_uplift(0.51, 0.04, 0.92), 4)
    0.0408
    >>> ob_uplift(0.41, 0.0, 0.0)   # outsourcing opex, unmitigated
    0.41
    """
    if not 0.0 <= mitigation <= 1.0:
        raise ValueError(f"mitigation must be in [0, 1], not {mitigation}")
    return max(lower, (1.0 - mitigation) * upper)


def netted_uplift(
    upper: float, lower: float, mitigation: float, quantified: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Uplift of lines whose uncertainty is partly quantified: counted once per line.

    ``max(lower, (1 - m) × upper - q)``, where ``q`` is what each line's quantified
    uncertainty already adds above its most-likely estimate, as a share of its
    most-likely PV (its spread's skew plus the risks that name it). A line's total
    addition is then ``max(allowance, q + lower)``: never less than the
    optimism-bias allowance, never the allowance plus the same risks again.

    Parameters
    ----------
    upper, lower : float
        The project type's bounds (fractions).
    mitigation : float
        How far the contributory factors are managed, 0-1.
    quantified : array_like
        ``q`` for each line (fraction of its most-likely PV).

    References
    ----------
    HM Treasury (2003) supplementary guidance: optimism bias (apply the uplift at the
    outset and reduce it as specific risks are costed); Green Book (2018) 5.43-5.46.

    Examples
    --------
    Outsourcing (41 % / 0 %) at m = 0.5 allows 20.5 %. A £1m line whose spread
    0.9 / 1.5 adds 6.67 % and whose risk adds £100k (10 %) keeps 3.83 %; one whose
    risks alone add 30 % keeps none (the lower bound, 0).

    >>> netted_uplift(0.41, 0.0, 0.5, [0.0, 0.4 / 6 + 0.1, 0.3]).round(6).tolist()
    [0.205, 0.038333, 0.0]
    """
    if not 0.0 <= mitigation <= 1.0:
        raise ValueError(f"mitigation must be in [0, 1], not {mitigation}")
    q = np.asarray(quantified, dtype=float)
    return np.maximum(lower, (1.0 - mitigation) * upper - q)


def project_uplift(
    project_type: ProjectType | None, mitigation: float, parameters: Parameters | None = None
) -> float:
    """The uplift for an option's project type (0 when it has none), from a vintage's
    table (default: the current one).

    >>> project_uplift(ProjectType.EQUIPMENT_DEVELOPMENT, 0.5)   # max(10%, 0.5 × 200%)
    1.0
    """
    if not 0.0 <= mitigation <= 1.0:
        raise ValueError(f"mitigation must be in [0, 1], not {mitigation}")
    if project_type is None:
        return 0.0
    bounds = project_bounds(project_type, parameters)
    return ob_uplift(bounds.upper, bounds.lower, mitigation)


def applies_to(
    project_type: ProjectType | None, parameters: Parameters | None = None
) -> frozenset[Category]:
    """Categories of cost line the type's uplift applies to."""
    return (
        frozenset() if project_type is None else project_bounds(project_type, parameters).applies_to
    )
