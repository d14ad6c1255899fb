"""Appraising under a parameter vintage, comparing two, and the command line's --parameters.

The base scenario (tests/small_scenario.py): base year and price base 2008, in-house £1m a year
and Flex £0.8m a year plus £0.5m transition, 2008-2012. Expected figures are hand
calculations from the published figures: GB 2003 Annex 6 Table 6.1 and GB 2018 Table 8
(3.5 % and, for health, 1.5 % to year 30), numpy_financial.npv at 3.5 %, Defra's Shadow
Price of Carbon (£26.50 in 2008 rising 2 % a year, 2008 prices), DESNZ (Nov 2023) Table 3
(£253.19 in 2020 to £397.54 in 2050, 2022 prices) and the HMT GDP deflator (2008 66.8900,
2022 90.5005).
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy_financial as npf
import pytest

from appraisal import __main__ as cli
from appraisal.appraise import appraise
from appraisal.vintages import compare, side_by_side
from options.examples import load_example
from options.inputs import apply_what_if
from options.model import CarbonSeries
from options.parameters import load_parameters

OLD, NOW = load_parameters("green-book-2003"), load_parameters("green-book-2022")
PV5 = npf.npv(0.035, [1.0] * 5)  # £1 a year in 2008-2012 at 3.5 %, 2008 undiscounted


def npsv(results) -> list[float]:
    return [o.npsv for o in results.options]


def test_both_vintages_give_the_hand_figures_where_they_agree(make_scenario):
    """Both discount at 3.5 % to year 30 (GB 2003 Table 6.1, GB 2018 Table 8): in-house
    −£1m × PV5, Flex −(£0.8m × PV5 + £0.5m)."""
    s = make_scenario()
    for vintage in (OLD, NOW):
        r = appraise(s, draws=1, parameters=vintage)
        assert npsv(r) == pytest.approx([-1e6 * PV5, -(0.8e6 * PV5 + 0.5e6)], rel=1e-12)
        assert r.parameters == vintage.id and vintage.id in r.parameters_title


def test_re_appraising_leaves_the_recorded_vintage_alone(make_scenario):
    s = make_scenario()
    r = appraise(s, draws=1, parameters=OLD)
    assert s.parameters is NOW and r.parameters == "green-book-2003"
    assert appraise(s, draws=1).parameters == "green-book-2022"


def test_carbon_is_valued_with_each_vintage_s_own_series(make_document, make_scenario):
    """100 t in 2010 (t = 2). 2007-08: 100 × £26.50 × 1.02² (2008 prices) ÷ 1.035².
    Today: DESNZ's central value extended back from 2020 at its average growth,
    253.19 × (397.54 / 253.19)^(−10/30), rebased from 2022 to 2008 prices × 66.89 /
    90.5005, then ÷ 1.035². The scenario names no series, so each vintage uses its own."""
    doc = make_document()
    doc["options"][0]["carbon_tco2e"] = {"2010": 100.0}
    s = make_scenario(options=doc["options"])
    spc = 100 * 26.50 * 1.02**2 / 1.035**2
    desnz = 100 * 253.19 * (397.54 / 253.19) ** (-10 / 30) * 66.89 / 90.5005 / 1.035**2
    old, now = appraise(s, draws=1, parameters=OLD), appraise(s, draws=1, parameters=NOW)
    assert old.options[0].carbon_cost == pytest.approx(spc, rel=1e-12)
    assert now.options[0].carbon_cost == pytest.approx(desnz, rel=1e-9)
    assert any("have no appraisal-2023 carbon values" in n for n in old.notes)
    assert not any("carbon values, so" in n for n in now.notes)


def test_a_named_shadow_price_is_kept_under_today_s_vintage(make_document, make_scenario):
    """Today's vintage still offers the Shadow Price of Carbon by name (a reconstruction of
    a 2007-08 appraisal): £26.50 × 1.02² in 2008 prices, discounted two years."""
    doc = make_document()
    doc["options"][0]["carbon_tco2e"] = {"2010": 100.0}
    s = make_scenario(options=doc["options"], carbon_series="shadow-price-2007")
    r = appraise(s, draws=1, parameters=NOW)
    assert r.options[0].carbon_cost == pytest.approx(100 * 26.50 * 1.02**2 / 1.035**2)


def test_health_lines_use_the_standard_schedule_under_the_2003_vintage(make_document):
    """GB 2018 5.35 discounts effects on health at 1.5 %; the 2003 Green Book has no
    separate health rate, so a £1m health line in 2010 is 1m / 1.035² under it (with a
    note) and 1m / 1.015² today."""
    from options.scenario_file import scenario_from_dict

    doc = make_document()
    doc["costs"].append({"option": "flex", "line": "Injuries", "category": "opex",
                         "year": 2010, "amount": 1_000_000, "health": True})  # fmt: skip
    s = scenario_from_dict(doc)
    flex_old = appraise(s, draws=1, parameters=OLD).options[1]
    flex_now = appraise(s, draws=1, parameters=NOW).options[1]
    base = 0.8e6 * PV5 + 0.5e6
    assert flex_old.pv_costs == pytest.approx(base + 1e6 / 1.035**2, rel=1e-12)
    assert flex_now.pv_costs == pytest.approx(base + 1e6 / 1.015**2, rel=1e-12)
    notes = appraise(s, draws=1, parameters=OLD).notes
    assert any("no green-book-health schedule, so health lines are" in n for n in notes)


def test_the_reduced_schedule_falls_back_to_the_standard_one_in_2003(make_scenario):
    """GB 2018 Table 8's reduced rate (3.0 % to year 30) is today's sensitivity test; the
    2007-08 vintage has none, so it appraises at 3.5 %, and says so."""
    s = make_scenario(discounting="green-book-reduced")
    now, old = appraise(s, draws=1, parameters=NOW), appraise(s, draws=1, parameters=OLD)
    assert npsv(now)[0] == pytest.approx(-1e6 * npf.npv(0.03, [1.0] * 5), rel=1e-12)
    assert npsv(old)[0] == pytest.approx(-1e6 * PV5, rel=1e-12)
    assert any("no green-book-reduced schedule" in n for n in old.notes)


# ---------------------------------------------------------------- the built-in example


@pytest.fixture(scope="module")
def example():
    return load_example()


def test_the_example_records_today_s_vintage_and_appraises_under_each(example):
    """The example names the Shadow Price of Carbon and the standard schedule, which both
    vintages hold with the same figures, and the same optimism-bias table: its NPSVs are
    the same to the penny under both, and the preferred option too."""
    assert example.parameters is NOW
    base = appraise(example, draws=1)
    for vintage in (OLD, NOW):
        r = appraise(example, draws=1, parameters=vintage)
        assert npsv(r) == npsv(base) and r.preferred == base.preferred


def test_compare_sets_the_example_side_by_side(example):
    t = compare(example, OLD, NOW)
    assert list(t.index) == list(example.option_ids)
    assert (t[("change", "npsv")] == 0).all()
    assert (
        t[("green-book-2003", "preferred")].tolist() == t[("green-book-2022", "preferred")].tolist()
    )
    assert t.loc["do-minimum", ("green-book-2022", "rank")] == 1


def test_compare_shows_what_the_vintage_changes_with_desnz_values_named(example):
    """With DESNZ's values named, the 2007-08 vintage falls back to the Shadow Price of
    Carbon (about a tenth of them), so every option's NPSV is higher under it, the options
    with the most tonnes most; the ranking is unchanged (carbon is small here)."""
    s = replace(example, carbon_series=CarbonSeries.APPRAISAL_2023)
    t = compare(s, OLD, NOW)
    old, now = appraise(s, draws=1, parameters=OLD), appraise(s, draws=1, parameters=NOW)
    assert t[("change", "npsv")].tolist() == pytest.approx(
        [b - a for a, b in zip(npsv(old), npsv(now), strict=True)]
    )
    assert (t[("change", "npsv")] < 0).all()
    assert [o.carbon_cost for o in old.options] == pytest.approx(
        [o.carbon_cost for o in appraise(example, draws=1).options]
    )
    assert t[("green-book-2003", "rank")].tolist() == t[("green-book-2022", "rank")].tolist()


def test_the_example_s_reduced_rate_what_if_is_the_central_case_in_2003(example):
    """What-if W12 asks for the reduced schedule, which the 2007-08 vintage lacks."""
    w12 = next(w for w in example.what_ifs if w.name == "Reduced discount rates")
    s = apply_what_if(example, w12)
    assert npsv(appraise(s, draws=1, parameters=OLD)) == npsv(appraise(example, draws=1))
    assert npsv(appraise(s, draws=1)) != npsv(appraise(example, draws=1))


def test_side_by_side_needs_two_vintages_of_the_same_options(example):
    r = appraise(example, draws=1)
    with pytest.raises(ValueError, match="two different vintages"):
        side_by_side(r, r)


# ---------------------------------------------------------------- the command line


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_appraises_with_another_vintage_and_keeps_the_recorded_one_beside(capsys, example):
    code, out, _ = run(capsys, "--parameters", "green-book-2003", "--draws", "20",
                       "--format", "json")  # fmt: skip
    d = json.loads(out)
    assert code == 0 and d["parameters"] == "green-book-2003"
    assert d["parameters_title"].startswith("2007-08: the Green Book (2003)")
    recorded = d["recorded_parameters"]
    assert recorded["id"] == "green-book-2022"
    assert [o["npsv"] for o in recorded["options"]] == npsv(appraise(example, draws=1))


def test_cli_table_sets_the_two_vintages_side_by_side(capsys):
    code, out, _ = run(capsys, "--parameters", "green-book-2003", "--draws", "20")
    assert code == 0
    assert "Green Book parameters: 2007-08: the Green Book (2003)" in out
    assert "green-book-2003 (shown above) beside green-book-2022, which the scenario" in out


def test_cli_with_the_recorded_vintage_compares_nothing(capsys):
    code, out, _ = run(capsys, "--parameters", "green-book-2022", "--draws", "20",
                       "--format", "json")  # fmt: skip
    assert code == 0 and json.loads(out)["recorded_parameters"] is None
    code, out, _ = run(capsys, "--draws", "20")
    assert code == 0 and "beside green-book" not in out


def test_cli_refuses_an_unknown_vintage_listing_the_shipped_ones(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--parameters", "green-book-1998"])
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and out == ""
    assert "unknown Green Book parameters 'green-book-1998'; use green-book-2003 or " \
           "green-book-2022" in err  # fmt: skip


def test_cli_help_lists_the_vintages(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "book-2003: 2007-08: the Green Book (2003)" in out  # argparse wraps at hyphens
    assert "green-book-2022: Current: the Green Book (2022)" in out


def test_cli_sensitivity_runs_under_the_2003_vintage(capsys):
    """Its discount-rate range reads the vintage's schedules (standard only in 2003)."""
    code, out, _ = run(capsys, "sensitivity", "--parameters", "green-book-2003", "--draws", "200",
                       "--format", "json")  # fmt: skip
    assert code == 0 and json.loads(out)
