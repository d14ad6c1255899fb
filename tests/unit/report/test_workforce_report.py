"""``python -m appraisal workforce``: the workforce and the devices, worked out."""

from __future__ import annotations

import json

import pytest

from appraisal.__main__ import main


def test_table_gives_the_working_and_the_carbon(capsys):
    """The example's in-house staff: 50 × (£28,000 × 1.195 + 9.1% × (£28,000 − £5,435))
    = 50 × £35,513.42 = £1,775,671 a year (by hand); its 4,500 PCs at 85 W for 1,760 h
    are 149.6 kWh each, 673,200 kWh a year, × 0.43 kg = 289.5 tCO2e."""
    assert main(["workforce"]) == 0
    out = capsys.readouterr().out
    assert "Keep in-house (business as usual): in scope 40 / 50 / 60 FTE" in out
    assert "workforce: staff (opex, 2008-2017): £1,775,671 = 50 FTE (likely)" in out
    assert "£35,513.42 each" in out
    assert "4,500 × desktop PC, 2008–2017: 673,200 kWh, 289.5 tCO2e" in out
    assert "Staff who object to transferring (TUPE reg. 4(7)): 10%" in out


def test_json_gives_numbers(capsys):
    assert main(["workforce", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (staff,) = [r for r in doc["lines"] if r["option"] == "in-house"]
    assert staff["amount"] == pytest.approx(50 * (28_000 * 1.195 + 0.091 * (28_000 - 5_435)))
    first = doc["energy"][0]
    assert (first["option"], first["kwh"], first["first"], first["last"]) == (
        "in-house", pytest.approx(4_500 * 85 * 1_760 / 1_000), 2008, 2017)  # fmt: skip
    assert first["tco2e"] == pytest.approx(673_200 * 0.43 / 1_000)
    flex = next(h for h in doc["headcount"] if h["option"] == "flex")
    assert flex["transferring_range"] == [40, 60] and flex["with_department_after"] == 4
    assert doc["carbon_pv"]["flex"] < doc["carbon_pv"]["in-house"]


def test_bad_what_if_is_a_clear_error(capsys):
    assert main(["workforce", "--what-if", "no such case"]) == 2
    assert "has no what-if 'no such case'" in capsys.readouterr().err
