"""Tables and CSV: formats, null cells and formula neutralisation."""

from __future__ import annotations

import csv
import io

import pytest

from appraisal.appraise import appraise
from report.tables import csv_text, neutralise, results_csv, results_table


def test_neutralise_every_dangerous_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(f"{start}x") == f"'{start}x"
    assert neutralise(-3.5) == -3.5 and neutralise("Flex") == "Flex" and neutralise(None) is None


def test_csv_text_empty_cells_and_newlines():
    text = csv_text(["a", "b"], [[None, "=1+1"], [1.5, "ok"]])
    assert text == "a,b\n,'=1+1\n1.5,ok\n"


def test_results_csv_matches_results(make_scenario):
    r = appraise(make_scenario(), draws=10)
    rows = list(csv.DictReader(io.StringIO(results_csv(r))))
    assert [row["id"] for row in rows] == ["in-house", "flex"]
    assert float(rows[1]["npsv"]) == r.options[1].npsv
    assert rows[0]["mcda_score"] == ""


def test_results_csv_carries_its_assumptions_on_every_row(make_scenario):
    """The six assumptions trail every row, as given to the appraisal: the scenario's
    name (neutralised: it starts with '='), a constant 5% rate, £250,000 a point, 10
    draws, the default seed 1 and the package version; the header stays one row."""
    from appraisal import __version__

    s = make_scenario(name="=Board paper", discounting=0.05, value_per_point=250_000)
    r = appraise(s, draws=10)
    text = results_csv(r)
    lines = list(csv.reader(io.StringIO(text)))
    header, body = lines[0], lines[1:]
    assert header[-6:] == ["scenario", "discounting", "value_per_point", "draws", "seed", "version"]
    assert header[:2] == ["id", "name"] and len(body) == 2 and header not in body
    expected = ["'=Board paper", "0.05", "250000.0", "10", "1", __version__]
    for row in csv.DictReader(io.StringIO(text)):
        assumptions = [row[k] for k in header[-6:]]
        assert assumptions == expected
        assert assumptions == [
            "'" + r.scenario,
            str(r.discounting),
            str(r.value_per_point),
            str(r.draws),
            str(r.seed),
            r.version,
        ]


def test_results_csv_schedule_name_and_no_price_per_point(make_scenario):
    """The default schedule is written by name, and no price per point is an empty cell."""
    r = appraise(make_scenario(), draws=10)
    for row in csv.DictReader(io.StringIO(results_csv(r))):
        assert row["discounting"] == "green-book" and row["value_per_point"] == ""
        assert row["scenario"] == "Test scenario" and row["draws"] == "10"


def test_table_shows_money_in_millions(make_scenario):
    r = appraise(make_scenario(), draws=10)
    text = results_table(r)
    assert "−£4.7m" in text  # in-house NPSV: −£1m × 4.673 (PV of 5 years at 3.5%)
    assert "Keep in-house" in text and "Preferred by NPSV:    Join Flex" in text


def test_discounting_labels():
    from report.formatting import discounting_label

    assert discounting_label("green-book-health") == "Green Book (health)"
    assert discounting_label(0.035) == "constant 3.5%"


def test_comparison_keeps_options_that_share_a_name(make_document):
    from options.scenario_file import scenario_from_dict
    from report.tables import comparison_frame

    doc = make_document()
    doc["options"][1]["name"] = doc["options"][0]["name"]
    frame = comparison_frame(appraise(scenario_from_dict(doc), draws=10))
    assert frame.shape[1] == 2
    assert list(frame.loc["NPSV"]) == ["−£4.7m", "−£4.2m"]  # £1m and £0.8m a year + £0.5m


def test_added_frame_adds_up_to_the_step_from_most_likely(make_document):
    """For each option: NPSV = NPSV at most-likely − total added (hand: the identity of
    the three parts); a £1m transition with spread 0.9/1.5 adds £66,667 of skew."""
    from options.scenario_file import scenario_from_dict
    from report.tables import added_frame

    doc = make_document()
    for c in doc["costs"]:
        if c["line"] == "Transition":
            c.update(amount=1_000_000, low=0.9, high=1.5)
    r = appraise(scenario_from_dict(doc), draws=1)
    table = added_frame(r)
    assert table.loc[1, "Spread skew (£m)"] == pytest.approx(0.0666667, abs=1e-6)
    for _, row in table.iterrows():
        assert row["NPSV (£m)"] == pytest.approx(
            row["NPSV at most-likely estimates (£m)"] - row["Total added (£m)"]
        )
