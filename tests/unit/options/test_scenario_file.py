"""Scenario JSON: lossless round trip, and every input error reported at once."""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest

from options.errors import InputError, Reason
from options.examples import load_example
from options.model import CarbonSeries, Category, OptionKind, ProjectType, Treatment
from options.scenario_file import (
    dump_scenario,
    load_scenario,
    parse_json_bytes,
    read_json_file,
    scenario_digest,
    scenario_from_dict,
    scenario_to_dict,
)

FULL = {
    "uncertainty": {
        "opex": {"low": 0.95, "high": 1.15, "correlation": 0.5},
        "capex": {"low": 0.9, "high": 1.4},
    },
    "settings": {
        "optimism_bias": False,
        "risk_probability_multiplier": 1.5,
        "confidence": 0.9,
        "draws": 2000,
        "seed": 7,
    },
    "risks": [
        {
            "option": "flex",
            "name": "Transition overrun",
            "probability": 0.3,
            "low": 1e5,
            "likely": 2.5e5,
            "high": 9e5,
            "years": [2009],
            "treatment": "transferred",
            "premium": 20_000,
            "source": "assumption",
        }
    ],
    "concerns": [
        {
            "id": "data",
            "title": "Patriot Act",
            "raised_by": "PCS union",
            "weight": 30,
            "scores": {"in-house": 90, "flex": 40},
            "rationale": {"flex": "US parent"},
            "mitigation": {"flex": "UK data centres"},
        }
    ],
    "deflator": {"2008": 100.0, "2009": 102.5},
    "carbon_series": "shadow-price-2007",
    "discounting": 0.05,
}


def problems(excinfo: pytest.ExceptionInfo[InputError]) -> dict[Reason, list[str | None]]:
    out: dict[Reason, list[str | None]] = {}
    for p in excinfo.value.problems:
        out.setdefault(p.reason, []).append(p.column)
    return out


def test_minimal_document_takes_the_documented_defaults(make_scenario):
    """DESIGN.md 'Scenario file': defaults for every optional key."""
    s = make_scenario()
    assert s.prices == 2008 and s.price_base is None
    assert s.discounting == "green-book"
    assert s.carbon_values.value == "central" and s.carbon_series is CarbonSeries.APPRAISAL_2023
    assert s.value_per_point is None and s.legacy_money_weight is None
    assert s.settings.draws == 10_000 and s.settings.seed == 1 and s.settings.confidence == 0.8
    assert s.risks == () and s.concerns == () and s.uncertainty == () and s.deflator is None
    assert s.options[0].kind is OptionKind.IN_HOUSE and s.options[0].project_type is None


def test_full_document_parses_every_key(make_scenario):
    s = make_scenario(**FULL)
    assert s.uncertainty_map[Category.OPEX].correlation == 0.5
    assert s.risks[0].treatment is Treatment.TRANSFERRED and s.risks[0].premium == 20_000
    assert s.concerns[0].scores_map == {"in-house": 90.0, "flex": 40.0}
    assert s.deflator == ((2008, 100.0), (2009, 102.5))
    assert s.discounting == 0.05 and s.settings.optimism_bias is False


def test_round_trip_is_lossless(make_scenario):
    s = make_scenario(**FULL)
    assert scenario_from_dict(json.loads(dump_scenario(s))) == s


def test_example_round_trips_losslessly():
    s = load_example()
    again = scenario_from_dict(json.loads(dump_scenario(s)))
    assert again == s
    assert scenario_to_dict(again) == scenario_to_dict(s)


def test_modules_round_trip_including_empty_list(make_document):
    doc = make_document()
    doc["options"][1]["modules"] = []
    doc["options"][1]["project_type"] = "outsourcing"
    s = scenario_from_dict(doc)
    assert s.options[1].modules == () and s.options[1].project_type is ProjectType.OUTSOURCING
    assert scenario_from_dict(scenario_to_dict(s)).options[1].modules == ()
    assert scenario_from_dict(make_document()).options[1].modules is None


@pytest.mark.parametrize(
    ("change", "reason", "column"),
    [
        (lambda d: d.pop("name"), Reason.MISSING_KEY, "name"),
        (lambda d: d.update(schema=3), Reason.UNSUPPORTED_SCHEMA, "schema"),
        (lambda d: d.update(discounting="treasury"), Reason.UNKNOWN_DISCOUNTING, "discounting"),
        (lambda d: d.update(discounting=1.5), Reason.UNKNOWN_DISCOUNTING, "discounting"),
        (
            lambda d: d["costs"][0].update(category="overheads"),
            Reason.WRONG_TYPE,
            "costs[0].category",
        ),
        (lambda d: d["costs"][0].update(amount="lots"), Reason.WRONG_TYPE, "costs[0].amount"),
        (lambda d: d["costs"][0].update(amount=2e15), Reason.AMOUNT_TOO_LARGE, "costs[0].amount"),
        (lambda d: d["costs"][0].update(year=2008.5), Reason.WRONG_TYPE, "costs[0].year"),
        (lambda d: d["costs"][0].update(year=2007), Reason.YEAR_BEFORE_BASE, "costs[0].year"),
        (lambda d: d["costs"][0].update(year=3100), Reason.YEAR_OUT_OF_RANGE, "costs[0].year"),
        (lambda d: d["costs"][0].update(option="ghost"), Reason.UNKNOWN_OPTION, "costs[0].option"),
        (lambda d: d["costs"].append(dict(d["costs"][0])), Reason.DUPLICATE_ROW, "costs[11].year"),
        (
            lambda d: d["options"].append(dict(d["options"][0])),
            Reason.DUPLICATE_ID,
            "options[2].id",
        ),
        (lambda d: d["options"][0].update(kind="mutual"), Reason.WRONG_TYPE, "options[0].kind"),
        (
            lambda d: d["options"][0].update(ob_mitigation=1.2),
            Reason.OUT_OF_RANGE,
            "options[0].ob_mitigation",
        ),
        (lambda d: d.update(value_per_point=-1), Reason.OUT_OF_RANGE, "value_per_point"),
        (lambda d: d.update(value_per_point="lots"), Reason.WRONG_TYPE, "value_per_point"),
        (lambda d: d.update(money_weight=0.5), Reason.UNKNOWN_VALUE, "money_weight"),
        (
            lambda d: d.update(schema=1, money_weight=-0.1),
            Reason.OUT_OF_RANGE,
            "money_weight",
        ),
        (lambda d: d.update(schema=1, money_weight=0), Reason.OUT_OF_RANGE, "money_weight"),
        (
            lambda d: d.update(schema=1, value_per_point=5),
            Reason.UNKNOWN_VALUE,
            "value_per_point",
        ),
        (lambda d: d.update(options=[]), Reason.NO_OPTIONS, "options"),
        (lambda d: d["costs"][0].update(high=0), Reason.OUT_OF_RANGE, "costs[0].high"),
        (lambda d: d["costs"][0].update(low=0), Reason.OUT_OF_RANGE, "costs[0].low"),
        (lambda d: d["costs"][0].update(health="yes"), Reason.WRONG_TYPE, "costs[0].health"),
        (
            lambda d: d["costs"][0].update(basis="nominal", price_year=2008),
            Reason.OUT_OF_RANGE,
            "costs[0].price_year",
        ),
        (
            lambda d: d["costs"][0].update(price_year=2001),
            Reason.DEFLATOR_MISSING_YEAR,
            "costs[0].price_year",
        ),
        (
            lambda d: d.update(base_year=2001) or d["costs"][0].update(year=2001, basis="nominal"),
            Reason.DEFLATOR_MISSING_YEAR,
            "costs[0].year",
        ),
        (
            lambda d: d["options"][0].update(service_years=[2010, 2009]),
            Reason.WRONG_TYPE,
            "options[0].service_years",
        ),
        (
            lambda d: d["options"][0].update(service_years=[2008]),
            Reason.WRONG_TYPE,
            "options[0].service_years",
        ),
        (
            lambda d: d["options"][0].update(service_years=[2008, 3100]),
            Reason.YEAR_OUT_OF_RANGE,
            "options[0].service_years",
        ),
        (
            lambda d: d["options"][0].update(service_years=[2008, 2012], life_years=5),
            Reason.OUT_OF_RANGE,
            "options[0].life_years",
        ),
    ],
)
def test_each_bad_input_is_named(make_document, change, reason, column):
    doc = make_document()
    change(doc)
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(doc, file="s.json")
    assert column in problems(excinfo).get(reason, []), excinfo.value.lines()


@pytest.mark.parametrize(
    ("risk", "reason", "column"),
    [
        ({"probability": 1.2}, Reason.PROBABILITY_OUT_OF_RANGE, "risks[0].probability"),
        ({"probability": -0.1}, Reason.PROBABILITY_OUT_OF_RANGE, "risks[0].probability"),
        ({"low": 5e5, "likely": 2e5}, Reason.IMPACT_ORDER, "risks[0].likely"),
        ({"likely": 1e6}, Reason.IMPACT_ORDER, "risks[0].likely"),
        ({"option": "ghost"}, Reason.UNKNOWN_OPTION, "risks[0].option"),
        ({"years": [2001]}, Reason.YEAR_BEFORE_BASE, "risks[0].years"),
        ({"treatment": "shared"}, Reason.WRONG_TYPE, "risks[0].treatment"),
        ({"lines": ["Transitin"]}, Reason.UNKNOWN_VALUE, "risks[0].lines"),
        ({"lines": ["Staff"]}, Reason.UNKNOWN_VALUE, "risks[0].lines"),  # in-house's line
        ({"lines": "Transition"}, Reason.WRONG_TYPE, "risks[0].lines"),
    ],
)
def test_risk_errors(make_document, risk, reason, column):
    doc = make_document(risks=[{**FULL["risks"][0], **risk}])
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(doc)
    assert column in problems(excinfo).get(reason, []), excinfo.value.lines()


@pytest.mark.parametrize(
    ("concern", "reason", "column"),
    [
        ({"weight": -5}, Reason.NEGATIVE_WEIGHT, "concerns[0].weight"),
        ({"weight": 0}, Reason.ZERO_WEIGHTS, "concerns"),
        (
            {"scores": {"in-house": 90, "flex": 140}},
            Reason.SCORE_OUT_OF_RANGE,
            "concerns[0].scores.flex",
        ),
        ({"scores": {"in-house": 90}}, Reason.MISSING_SCORE, "concerns[0].scores"),
        (
            {"scores": {"in-house": 90, "flex": 40, "ghost": 1}},
            Reason.UNKNOWN_OPTION,
            "concerns[0].scores",
        ),
    ],
)
def test_concern_errors(make_document, concern, reason, column):
    doc = make_document(concerns=[{**FULL["concerns"][0], **concern}])
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(doc)
    assert column in problems(excinfo).get(reason, []), excinfo.value.lines()


def test_every_problem_is_collected_before_raising(make_document):
    doc = make_document()
    doc["costs"][0]["amount"] = "x"
    doc["costs"][3]["option"] = "ghost"
    doc["value_per_point"] = -3
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(doc, file="s.json")
    lines = excinfo.value.lines()
    assert len(lines) == 3
    assert all(line.startswith("s.json:-:") for line in lines)


def test_json_syntax_error_names_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"schema": 1,\n "name": }')
    with pytest.raises(InputError) as excinfo:
        read_json_file(path)
    (p,) = excinfo.value.problems
    assert p.reason is Reason.UNREADABLE and p.row == 2 and p.file == "bad.json"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", Reason.EMPTY_FILE),
        (b"{\x00}", Reason.UNREADABLE),
        (b"\xff\xfe{", Reason.UNREADABLE),
        (b"[1, 2]", Reason.WRONG_TYPE),
    ],
)
def test_unreadable_files(raw, reason):
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(parse_json_bytes(raw, "x.json"), file="x.json")
    assert excinfo.value.problems[0].reason is reason


def test_oversize_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (20 * 1024 * 1024 + 1))
    with pytest.raises(InputError) as excinfo:
        load_scenario(path)
    assert excinfo.value.problems[0].reason is Reason.FILE_TOO_LARGE


def test_an_upload_is_held_to_the_same_20_mib():
    """An upload's bytes: 20 MiB (20 × 1,048,576 bytes) passes the size check (and fails
    later, as blank), one byte more is refused as too large, with the limit named."""
    with pytest.raises(InputError) as excinfo:
        parse_json_bytes(b" " * (20 * 1024 * 1024), "at.json")
    assert excinfo.value.problems[0].reason is Reason.EMPTY_FILE
    with pytest.raises(InputError) as excinfo:
        parse_json_bytes(b" " * (20 * 1024 * 1024 + 1), "over.json")
    (p,) = excinfo.value.problems
    assert p.reason is Reason.FILE_TOO_LARGE and "20 MiB limit" in p.message


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as excinfo:
        load_scenario(tmp_path / "nope.json")
    assert excinfo.value.problems[0].reason is Reason.UNREADABLE


@pytest.mark.parametrize("key", ["low", "high", "optimism_bias"])
def test_per_line_settings_must_agree_across_years(make_document, key):
    """low/high and optimism_bias apply to the whole line, so one year cannot differ."""
    doc = make_document()
    doc["costs"][1][key] = {"low": 0.5, "high": 3.0, "optimism_bias": False}[key]
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(doc, file="s.json")
    (p,) = excinfo.value.problems
    assert p.column == f"costs[1].{key}" and "every year" in p.message


def test_a_risk_names_its_lines_ignoring_case_and_punctuation(make_document):
    """Risk "lines" match cost lines of the risk's own option, folded (case, spaces,
    punctuation): " TRANSITION " names Flex's "Transition"; the message for a
    misspelling lists the option's lines."""
    doc = make_document(risks=[{**FULL["risks"][0], "lines": [" TRANSITION "]}])
    assert scenario_from_dict(doc).risks[0].lines == (" TRANSITION ".strip(),)
    doc = make_document(risks=[{**FULL["risks"][0], "lines": ["Transitin"]}])
    with pytest.raises(InputError) as excinfo:
        scenario_from_dict(doc)
    assert excinfo.value.problems[0].message == (
        "risks[0].lines: 'Transitin' is not a cost line of option 'flex'; its lines: "
        "'Service charge', 'Transition'"
    )


def test_new_cost_line_keys_round_trip(make_document):
    doc = make_document()
    for c in doc["costs"]:
        if c["option"] == "flex" and c["line"] == "Service charge":
            c.update(driver="Service", health=True, price_year=2009)
    doc["options"][1]["service_years"] = [2008, 2012]
    doc["risks"] = [{**FULL["risks"][0], "lines": ["Transition"]}]
    s = scenario_from_dict(doc)
    line = next(c for c in s.costs if c.line == "Service charge")
    assert (line.driver, line.health, line.price_year) == ("Service", True, 2009)
    assert s.options[1].service_years == (2008, 2012)
    assert scenario_from_dict(json.loads(dump_scenario(s))) == s


@pytest.mark.parametrize(
    ("first_year", "span"),
    [("capex", (2009, 2015)), ("opex", (2008, 2014))],
)
def test_schema_1_life_years_become_service_years_with_a_note(make_document, first_year, span):
    """life_years L: service from the next year when the base-year flows are capex only
    (bought, then used: SCIM A4.9), else from the base year."""
    doc = make_document(
        options=[{"id": "x", "name": "Boiler", "kind": "in-house", "life_years": 7}],
        costs=[{"option": "x", "line": "Boiler", "category": first_year, "year": 2008,
                "amount": 2000}],
    )  # fmt: skip
    s = scenario_from_dict(doc)
    assert s.options[0].service_years == span
    assert s.load_notes == (
        f"Boiler: schema 1's life_years 7 read as service_years [{span[0]}, {span[1]}].",
    )
    assert "life_years" not in dump_scenario(s)


def test_schema_1_money_weight_is_priced_once_from_its_own_npsvs(make_document):
    """Schema 1 → 2: λ = (1 − w)/w × (best − worst NPSV)/100. Hand: in-house −£1m × PV5,
    Flex −(£0.8m × PV5 + £0.5m): span 0.2m × 4.67308 − 0.5m = £434,616; with w = 0.6,
    λ = (0.4 / 0.6) × 434,616 / 100 = £2,897.44 a point. The scenario then writes schema 2
    with that price and no money weight, and its overall ranking is schema 1's (Flex 60 +
    0.4 × 45 = 78 against in-house 0.4 × 92.5 = 37: Flex first)."""
    from appraisal.appraise import appraise, settle

    concerns = [
        {
            "id": "data",
            "title": "Patriot Act",
            "weight": 30,
            "scores": {"in-house": 90, "flex": 40},
        },
        {"id": "tupe", "title": "TUPE", "weight": 10, "scores": {"in-house": 100, "flex": 60}},
    ]
    doc = make_document(schema=1, money_weight=0.6, concerns=concerns)
    loaded = scenario_from_dict(doc)
    assert loaded.legacy_money_weight == 0.6 and loaded.value_per_point is None
    s = settle(loaded)
    span = 0.2e6 * 4.673079 - 0.5e6
    assert s.value_per_point == pytest.approx(0.4 / 0.6 * span / 100, rel=1e-6)
    assert s.legacy_money_weight is None
    assert s.load_notes[-1].startswith("Schema 1's money weight 60% became value_per_point £2,897")
    written = json.loads(dump_scenario(s))
    assert written["schema"] == 2 and "money_weight" not in written
    assert written["value_per_point"] == pytest.approx(s.value_per_point)
    assert appraise(s, draws=1).preferred.overall == "flex"


def test_schema_1_weight_of_one_prices_concerns_at_zero(make_document):
    from appraisal.appraise import settle

    concerns = [{"id": "q", "title": "Q", "weight": 1, "scores": {"in-house": 90, "flex": 40}}]
    s = settle(scenario_from_dict(make_document(schema=1, money_weight=1, concerns=concerns)))
    assert s.value_per_point == 0.0


def test_an_unsettled_schema_1_weight_is_never_written(make_document):
    s = scenario_from_dict(make_document(schema=1))
    with pytest.raises(ValueError, match="settle"):
        dump_scenario(s)


def test_score_spread_is_read_checked_and_written(make_document):
    from options.errors import InputError
    from options.scenario_file import dump_scenario

    s = scenario_from_dict(make_document(settings={"score_spread": 15}))
    assert s.settings.score_spread == 15.0
    assert json.loads(dump_scenario(s))["settings"]["score_spread"] == 15.0
    with pytest.raises(InputError) as bad:
        scenario_from_dict(make_document(settings={"score_spread": 60}))
    assert "settings.score_spread" in str(bad.value.problems[0].column or "") + bad.value.lines()[0]


def test_the_content_digest_is_the_sha256_of_the_document_written_compactly():
    """Worked out from the pretty file itself: read back and written with no spaces.
    Equal scenarios (built apart) share it; any change to the document changes it."""
    s = load_example()
    compact = json.dumps(json.loads(dump_scenario(s)), ensure_ascii=False, separators=(",", ":"))
    assert scenario_digest(s) == hashlib.sha256(compact.encode()).hexdigest()
    assert scenario_digest(load_example()) == scenario_digest(s)
    assert scenario_digest(dataclasses.replace(s, discounting=0.036)) != scenario_digest(s)
    renamed = dataclasses.replace(s, name=s.name + " ")
    assert scenario_digest(renamed) != scenario_digest(s)
