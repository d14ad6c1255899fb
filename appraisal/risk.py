"""Risk: expected values from a risk register, retained or transferred.

The public sector is risk-neutral and decides on expected values (Green Book
2003 5.66; SCIM 2.6.8). A retained risk costs its probability times the mean of
its impact distribution in each year it is listed for; a transferred risk leaves
the public register and returns only as the supplier's price premium.

Impacts follow a PERT distribution on (low, most likely, high): a Beta
distribution scaled to [low, high] with shape parameters
``α = 1 + 4 (likely - low) / (high - low)`` and ``β = 1 + 4 (high - likely) / (high - low)``,
whose mean is ``(low + 4 likely + high) / 6``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


def pert_mean(low: npt.ArrayLike, likely: npt.ArrayLike, high: npt.ArrayLike) -> Array:
    """Mean of a PERT distribution, ``(low + 4 × likely + high) / 6``.

    Examples
    --------
    Transition overrun of £100k / £250k / £900k: mean £333,333.

    >>> float(pert_mean(100_000, 250_000, 900_000).round(0))
    333333.0
    """
    low, likely, high = (np.asarray(x, dtype=float) for x in (low, likely, high))
    if np.any(low > likely) or np.any(likely > high):
        raise ValueError("PERT needs low <= likely <= high")
    return (low + 4.0 * likely + high) / 6.0


def pert_shape(
    low: npt.ArrayLike, likely: npt.ArrayLike, high: npt.ArrayLike
) -> tuple[Array, Array]:
    """Beta shape parameters ``(α, β)`` of a PERT distribution (λ = 4).

    A degenerate range (``low == high``) gets ``α = β = 1``; scale it by zero.

    >>> [a.item() for a in pert_shape(0.9, 1.0, 1.3)]
    [2.0, 4.0]
    """
    low, likely, high = (np.asarray(x, dtype=float) for x in (low, likely, high))
    if np.any(low > likely) or np.any(likely > high):
        raise ValueError("PERT needs low <= likely <= high")
    span = high - low
    safe = np.where(span > 0, span, 1.0)
    alpha = np.where(span > 0, 1.0 + 4.0 * (likely - low) / safe, 1.0)
    beta = np.where(span > 0, 1.0 + 4.0 * (high - likely) / safe, 1.0)
    return alpha, beta


def adjusted_probability(probability: npt.ArrayLike, multiplier: float = 1.0) -> Array:
    """Risk appetite's "what if": each probability becomes ``min(1, k × p)``.

    >>> adjusted_probability([0.3, 0.6], 2.0).tolist()
    [0.6, 1.0]
    """
    if multiplier < 0:
        raise ValueError(f"the probability multiplier must be >= 0, not {multiplier}")
    return np.minimum(1.0, multiplier * np.asarray(probability, dtype=float))


def risk_expected_value(
    probability: npt.ArrayLike,
    low: npt.ArrayLike,
    likely: npt.ArrayLike,
    high: npt.ArrayLike,
    *,
    transferred: npt.ArrayLike = False,
    premium: npt.ArrayLike = 0.0,
) -> Array:
    """Expected cost to the public sector of a risk in one listed year.

    Retained: ``p × PERT mean``. Transferred: the price premium only.

    Examples
    --------
    Green Book (2003) Box 13 style expected value: a 30 % chance of a
    £100k / £250k / £900k overrun costs £100,000 in expectation.

    >>> float(risk_expected_value(0.3, 100_000, 250_000, 900_000).round(0))
    100000.0
    >>> float(risk_expected_value(0.3, 1e5, 2.5e5, 9e5, transferred=True, premium=20_000))
    20000.0
    """
    p = np.asarray(probability, dtype=float)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("probabilities must lie in [0, 1]")
    retained = p * pert_mean(low, likely, high)
    return np.where(np.asarray(transferred, dtype=bool), np.asarray(premium, dtype=float), retained)
