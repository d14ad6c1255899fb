"""Optimism bias: the supplementary guidance's bounds, mitigation and uplifts.

Sources: HMT (2003) supplementary guidance Table 1 / Mott MacDonald (2002) Table 2, as
and Mott MacDonald (2002)'s mitigation method (Tables 15-16) and worked examples; hand
calculation otherwise.
"""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.optimism_bias import (
    applies_to,
    mitigation_factor,
    ob_uplift,
    project_uplift,
)
from options.model import Category, ProjectType
from options.parameters import current_parameters

OPTIMISM_BIAS = dict(current_parameters().optimism_bias)  # the current vintage's table

# HMT 2003 Table 1 (percent): capex U, capex L, works duration U, works duration L.
# Outsourcing: 41 / 0 is opex, and there is no duration bound ("N/A").
GB_TABLE = {
    ProjectType.STANDARD_BUILDINGS: (24, 2, 4, 1),
    ProjectType.NON_STANDARD_BUILDINGS: (51, 4, 39, 2),
    ProjectType.STANDARD_CIVIL_ENGINEERING: (44, 3, 20, 1),
    ProjectType.NON_STANDARD_CIVIL_ENGINEERING: (66, 6, 25, 3),
    ProjectType.EQUIPMENT_DEVELOPMENT: (200, 10, 54, 10),
    ProjectType.OUTSOURCING: (41, 0, None, None),
}


# ---------------------------------------------------------------- the bounds table


def test_every_project_type_has_bounds() -> None:
    """DESIGN.md: six project types, each with bounds from HMT 2003 Table 1."""
    assert set(OPTIMISM_BIAS) == set(ProjectType) == set(GB_TABLE)


@pytest.mark.parametrize(("project_type", "row"), list(GB_TABLE.items()))
def test_bounds_match_greenbook_table(
    project_type: ProjectType, row: tuple[int, int, int | None, int | None]
) -> None:
    """HMT 2003 Table 1 / Mott MacDonald Table 2: upper and lower bounds
    of capex (opex for outsourcing) and works duration, in %."""
    upper, lower, d_upper, d_lower = row
    b = OPTIMISM_BIAS[project_type]
    assert b.upper == pytest.approx(upper / 100, abs=1e-12)
    assert b.lower == pytest.approx(lower / 100, abs=1e-12)
    if d_upper is None:
        assert b.duration_upper is None
        assert b.duration_lower is None
    else:
        assert b.duration_upper == pytest.approx(d_upper / 100, abs=1e-12)
        assert b.duration_lower == pytest.approx(d_lower / 100, abs=1e-12)


def test_outsourcing_applies_to_opex_and_transition_only() -> None:
    """DESIGN.md "Optimism bias" / HMT 2003 Table 1: the outsourcing figure is opex;
    transition lines count as opex; capex, exit, benefit and residual lines get none."""
    assert applies_to(ProjectType.OUTSOURCING) == {Category.OPEX, Category.TRANSITION}
    for category in (Category.CAPEX, Category.EXIT, Category.BENEFIT, Category.RESIDUAL):
        assert category not in applies_to(ProjectType.OUTSOURCING)


NOT_OUTSOURCING = [t for t in ProjectType if t is not ProjectType.OUTSOURCING]


@pytest.mark.parametrize("project_type", NOT_OUTSOURCING)
def test_other_types_apply_to_capex_only(project_type: ProjectType) -> None:
    """DESIGN.md "Optimism bias": every other type applies to capex lines only."""
    assert applies_to(project_type) == {Category.CAPEX}


def test_no_project_type_means_no_categories() -> None:
    """DESIGN.md: an option with no project_type gets no optimism bias."""
    assert applies_to(None) == frozenset()


# ---------------------------------------------------------------- worked example 11


EX11_SHARES = [0.05, 0.02, 0.22, 0.05, 0.03]
EX11_FACTORS = [1, 1, 0.4, 1, 1]


def test_example_11_mitigation_factor() -> None:
    """Mott MacDonald (2002) mitigation example: shares 5, 2, 22, 5, 3 % with MF 1, 1, 0.4, 1, 1
    give a
    reduction of 23.8 % (0.05 + 0.02 + 0.22 × 0.4 + 0.05 + 0.03 = 0.238)."""
    assert mitigation_factor(EX11_SHARES, EX11_FACTORS) == pytest.approx(0.238, abs=1e-12)


def test_example_11_duration_uplift_and_months() -> None:
    """Mott MacDonald (2002) mitigation example: NSB duration U = 39 %, reduction 23.8 % -> OB 29.7
    %
    (exact 0.762 × 39 = 29.718 %); 28 months -> 36.3 months (28 × 1.29718 = 36.32);
    unmitigated 38.9 months (28 × 1.39 = 38.92)."""
    b = OPTIMISM_BIAS[ProjectType.NON_STANDARD_BUILDINGS]
    m = mitigation_factor(EX11_SHARES, EX11_FACTORS)
    uplift = ob_uplift(b.duration_upper, b.duration_lower, m)
    assert uplift == pytest.approx(0.29718, abs=1e-12)
    assert round(100 * uplift, 1) == 29.7
    assert round(28 * (1 + uplift), 1) == 36.3
    unmitigated = ob_uplift(b.duration_upper, b.duration_lower, 0.0)
    assert round(28 * (1 + unmitigated), 1) == 38.9


# ---------------------------------------------------------------- worked example 12


def test_example_12_at_contract_award() -> None:
    """Mott MacDonald (2002) contract-award example: NSB capex U = 51 %, 92 % reduction -> OB 4.08
    % (0.08 × 51);
    £100m NPC -> £104.08m (published £104m); + £7m risk management -> £111.08m (£111m)."""
    uplift = project_uplift(ProjectType.NON_STANDARD_BUILDINGS, 0.92)
    assert uplift == pytest.approx(0.0408, abs=1e-12)
    with_ob = 100e6 * (1 + uplift)
    assert with_ob == pytest.approx(104.08e6, abs=1.0)
    assert with_ob + 7e6 == pytest.approx(111.08e6, abs=1.0)
    assert round(with_ob / 1e6) == 104
    assert round((with_ob + 7e6) / 1e6) == 111


# ---------------------------------------------------------------- uplift rule


@pytest.mark.parametrize(("project_type", "row"), list(GB_TABLE.items()))
def test_unmitigated_uplift_is_the_upper_bound(
    project_type: ProjectType, row: tuple[int, int, int | None, int | None]
) -> None:
    """Mott MacDonald (2002) method, step 1: start from U; with m = 0 the uplift is U."""
    assert project_uplift(project_type, 0.0) == pytest.approx(row[0] / 100, abs=1e-12)


@pytest.mark.parametrize(("project_type", "row"), list(GB_TABLE.items()))
def test_fully_mitigated_uplift_is_the_lower_bound(
    project_type: ProjectType, row: tuple[int, int, int | None, int | None]
) -> None:
    """Mott MacDonald (2002) method, step 5: OB = max(L, (1 − m) U), which is L at m = 1."""
    assert project_uplift(project_type, 1.0) == pytest.approx(row[1] / 100, abs=1e-12)


def test_uplift_floors_at_the_lower_bound() -> None:
    """DESIGN.md: uplift = max(lower, (1 − m) × upper). Hand calculation for standard
    buildings (24 / 2 %): m = 0.95 gives 0.05 × 24 = 1.2 % < 2 %, so 2 %; m = 0.5 gives 12 %."""
    assert ob_uplift(0.24, 0.02, 0.95) == 0.02
    assert ob_uplift(0.24, 0.02, 0.5) == pytest.approx(0.12, abs=1e-15)


def test_outsourcing_uplift_by_hand() -> None:
    """HMT 2003 Table 1, outsourcing opex 41 / 0 %: m = 0.25 gives 0.75 × 41 = 30.75 %."""
    assert project_uplift(ProjectType.OUTSOURCING, 0.25) == pytest.approx(0.3075, abs=1e-15)


@pytest.mark.parametrize("m", [0.0, 0.3, 1.0])
def test_no_project_type_means_no_uplift(m: float) -> None:
    """DESIGN.md: an option with no project_type gets no optimism bias."""
    assert project_uplift(None, m) == 0.0


@pytest.mark.parametrize("m", [-0.01, 1.01, float("nan")])
def test_mitigation_outside_0_1_is_rejected(m: float) -> None:
    """Mott MacDonald (2002) method, step 3: a mitigation factor lies in 0-1."""
    with pytest.raises(ValueError, match="mitigation must be in"):
        ob_uplift(0.51, 0.04, m)
    with pytest.raises(ValueError, match="mitigation must be in"):
        project_uplift(ProjectType.NON_STANDARD_BUILDINGS, m)


# ---------------------------------------------------------------- mitigation factor


@pytest.mark.parametrize(
    ("shares", "factors"),
    [
        ([0.05, 0.02], [1.0]),  # shapes differ
        ([0.05, 0.02], [1.0, 1.5]),  # a factor above 1
        ([0.05, 0.02], [1.0, -0.1]),  # a factor below 0
        ([0.05, -0.02], [1.0, 1.0]),  # a negative share
        ([0.6, 0.5], [1.0, 1.0]),  # shares over 100 %
    ],
)
def test_mitigation_factor_rejects_bad_input(shares: list[float], factors: list[float]) -> None:
    """Mott MacDonald (2002) method, step 3: each MF is between 0 and 1; shares of U are at most
    100 %."""
    with pytest.raises(ValueError, match="factors in"):
        mitigation_factor(shares, factors)


def test_all_areas_fully_managed_is_the_sum_of_shares() -> None:
    """Mott MacDonald (2002) method, step 4: reduction = Σ share × MF; with every MF = 1 it is Σ
    share.
    Hand calculation with the NSB capex shares of the nine Table 15 rows
    transcribes (2, 5, 11, 3, 9, 23, 6, 1, 7 %): 67 %."""
    shares = np.array([2, 5, 11, 3, 9, 23, 6, 1, 7]) / 100
    assert mitigation_factor(shares, np.ones(9)) == pytest.approx(0.67, abs=1e-12)


def test_shares_adding_up_to_exactly_100_percent_are_accepted() -> None:
    """Mott MacDonald (2002) method, step 2: the contributory factors each carry a % share of U,
    and a
    full table's shares add up to 100 %. Hand calculation: 0.46 + 0.13 + 0.32 + 0.09 = 1,
    so with every MF = 1 the reduction is 100 % (m = 1)."""
    shares = np.array([46, 13, 32, 9]) / 100
    assert mitigation_factor(shares, [1, 1, 1, 1]) == pytest.approx(1.0, abs=1e-12)
