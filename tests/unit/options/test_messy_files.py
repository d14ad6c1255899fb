"""Cost files as finance teams write them: units, synonyms and odd cells never load wrong.

Each case is a small file in ``tests/data/costs/``; every expected figure is the file's
own number times the unit it states, worked by hand in the docstring.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appraisal import __main__ as cli
from options.costs import read_cost_file
from options.errors import InputError, Reason
from options.examples import EXAMPLE_PATH, load_example
from options.plausibility import scale_warnings

DATA = Path(__file__).resolve().parents[2] / "data" / "costs"


def read(name: str, **kwargs):
    return read_cost_file(DATA / name, **kwargs)


def amounts(costs) -> list[float]:
    return [c.amount for c in costs.lines]


def test_a_unit_in_the_title_rows_scales_every_amount():
    """ "All figures £k" above the header: 1,776 → £1,776,000; "4,050" → £4,050,000."""
    costs = read("k_in_title.csv")
    assert amounts(costs) == [1_776_000.0, 1_776_000.0, 4_050_000.0]
    assert costs.unit == "£k"
    assert "Amounts are in £k (× 1,000), as row 2 ('All figures £k, real 2008 prices') says." in (
        costs.notes
    )


def test_a_unit_in_the_amount_header_is_understood_not_refused():
    """ "Amount (£k)" is the amount column, in £k: 4,050 → £4,050,000."""
    costs = read("amount_k_header.csv")
    assert amounts(costs) == [1_776_000.0, 4_050_000.0]
    assert "Amounts are in £k (× 1,000), as the header 'Amount (£k)' says." in costs.notes


def test_a_unit_column_applies_row_by_row():
    """1.776 £m = £1,776,000; 675 £k = £675,000; a blank unit with none stated is £."""
    assert amounts(read("unit_column.csv")) == [1_776_000.0, 675_000.0, 4_050_000.0]


def test_conflicting_unit_statements_are_an_error_naming_both():
    with pytest.raises(InputError) as caught:
        read("unit_conflict.csv")
    (p,) = caught.value.problems
    assert p.reason is Reason.UNIT_CONFLICT
    assert "£k in the header 'Amount (£k)'" in p.message and "£m in row 1" in p.message


def test_a_unit_given_by_the_caller_must_agree_with_the_file():
    assert amounts(read("thousands_unstated.csv", unit="k"))[0] == 1_776_000.0
    with pytest.raises(InputError) as caught:
        read("amount_k_header.csv", unit="£m")
    assert caught.value.problems[0].reason is Reason.UNIT_CONFLICT
    with pytest.raises(InputError, match="'apples' is not a unit"):
        read("amount_k_header.csv", unit="apples")


def test_a_money_figure_in_a_title_states_no_unit():
    """ "a deal worth £61m" touches a number: no unit, amounts read as £."""
    costs = read("money_in_title.csv")
    assert costs.unit is None and "No unit stated: amounts read as £." in costs.notes
    assert amounts(costs) == [4_050_000.0, 1_776_000.0]


def test_unstated_thousands_are_warned_about_against_the_scenario():
    """In-house £1,776 a year against the example's options (median some £5m a year): under
    1/200 of it, so both options are flagged; alone, the largest (£4,050) is under £10,000."""
    costs = read("thousands_unstated.csv")
    against = scale_warnings(costs, load_example())
    assert [w.reason for w in against] == [Reason.LOW_AMOUNTS] * 2
    assert "option 'in-house' costs £1,776 a year on average" in against[0].message
    (alone,) = scale_warnings(costs)
    assert "the largest option costs £4,050 a year on average" in alone.message
    assert scale_warnings(read("k_in_title.csv")) == ()  # a stated unit is not second-guessed


def test_percentages_and_letter_o_are_refused_at_their_cells():
    with pytest.raises(InputError) as caught:
        read("percent_and_letter_o.csv")
    problems = [(p.row, p.reason, p.message) for p in caught.value.problems]
    assert problems == [
        (2, Reason.PERCENT_AMOUNT, "'10%' is a percentage, not an amount: enter the £ figure"),
        (3, Reason.NOT_A_NUMBER, "letter O in a number: '1O0000' (did you mean 100000?)"),
    ]


def test_n_a_nil_and_dashes_are_zero_with_a_note():
    costs = read("zero_words.csv")
    assert amounts(costs) == [0.0, 0.0, 0.0, 4_050_000.0]
    assert "Read n/a, nil or a dash as 0 in row(s) 2, 3, 4." in costs.notes


def test_a_thousands_looking_number_in_a_semicolon_file_is_warned_about():
    """A ';' file's decimal mark is ',': "1,240" is 1.24 (as documented), and warned;
    "1.240,50" is unambiguous (1,240.50), but 1,240.50 / 1.24 = 1,000 times the line's
    other amount, so it is warned about too (at least 500 times: a slipped mark?)."""
    costs = read("semicolon_thousands.csv")
    assert amounts(costs) == [1.24, 1240.5]
    w, big = costs.warnings
    assert (w.row, w.column, w.reason) == (2, "amount", Reason.AMBIGUOUS_NUMBER)
    assert "if it means 1240, write it without the comma" in w.message
    assert (big.row, big.column, big.reason) == (3, "amount", Reason.OUTLIER)
    assert big.message.startswith("£1,240 is 1,000 times the median of the other amounts")


def test_one_amount_a_thousand_times_its_line_is_warned_about():
    """A ';' file in £m: 1,25 is £1.25m, but 1.240 is £1,240m (the '.' groups thousands),
    992 times the line's other amount (1,240 / 1.25): a warning at row 3, not silence."""
    costs = read("semicolon_slipped_mark.csv")
    assert amounts(costs) == [1_250_000.0, 1_240_000_000.0, 1_050_000.0, 1_050_000.0]
    (w,) = costs.warnings
    assert (w.row, w.column, w.reason) == (3, "Amount (£m)", Reason.OUTLIER)
    assert "992 times" in w.message


def test_header_and_category_synonyms_are_read_and_said():
    costs = read("synonyms.csv")
    got = [(c.option, c.line, c.category.value, c.year, c.amount) for c in costs.lines]
    assert got == [
        ("flex", "Service", "opex", 2009, 4_050_000.0),
        ("flex", "Kit", "capex", 2009, 100_000.0),
        ("flex", "Move", "transition", 2009, 50_000.0),
        ("flex", "Close", "exit", 2010, 20_000.0),
    ]
    for note in (
        "Read the column 'Option name' as option.",
        "Read the column 'Line item' as line.",
        "Read the column 'FY' as year.",
        "Read the column 'Value' as amount.",
        "Read 'Revenue' as opex (1 row).",
        "Read 'CDEL' as capex (1 row).",
    ):
        assert note in costs.notes


def test_the_standard_name_wins_over_a_synonym():
    costs = read("standard_name_wins.csv")
    assert costs.lines[0].line == "Service"
    assert "Ignored column(s) that a long cost file does not use: 'description'." in costs.notes


def test_the_command_line_prints_warnings_and_takes_a_unit(capsys):
    code = cli.main(["--costs", str(DATA / "thousands_unstated.csv"), "--format", "csv"])
    err = capsys.readouterr().err
    assert code == 0
    assert "warning: thousands_unstated.csv:-:-: the largest option costs £4,050 a year" in err
    code = cli.main(["--costs", str(DATA / "thousands_unstated.csv"), "--unit", "£k"])
    err = capsys.readouterr().err
    assert code == 0 and "warning:" not in err and "note: Amounts are in £k" in err


def test_spellings_of_one_option_fold_together_but_bau_is_asked_about(capsys):
    """ "In house" and "In-House " fold to one option (case, spaces, hyphens); "BAU" is an
    in-house spelling too, so it is only similar and the command refuses, naming it and
    the flags; --map "BAU=In house" joins it: in-house then has Staff 100 in 2008 and
    2009 and Kit 50 in 2009."""
    path = str(DATA / "three_in_house_spellings.csv")
    code = cli.main(["--costs", path, "--format", "json"])
    err = capsys.readouterr().err
    assert code == 2
    said = "option 'BAU' is similar to another name in the file, 'In house'"
    assert f"three_in_house_spellings.csv:4:option: {said}" in err
    assert '--map "BAU=In house"' in err and '--new-option "BAU"' in err
    code = cli.main(["--costs", path, "--map", "BAU=In house", "--format", "json", "--draws", "1"])
    out = capsys.readouterr().out
    assert code == 0
    ids = [o["id"] for o in json.loads(out)["options"]]
    assert ids == ["In house", "Flex"]
    code = cli.main(["--costs", path, "--new-option", "BAU", "--format", "json", "--draws", "1"])
    assert code == 0 and len(json.loads(capsys.readouterr().out)["options"]) == 3


def test_a_similar_name_merged_into_the_example_needs_a_mapping_and_becomes_an_alias(capsys):
    """'Alternative supplier' is similar to the example's 'alternative' (a fuzzy score of
    90): refused without a mapping; with --map it replaces the alternative's lines (no
    fifth option), and the note says which alias to add."""
    path, example = str(DATA / "alternative_supplier.csv"), str(EXAMPLE_PATH)
    assert cli.main([example, "--costs", path]) == 2
    assert "similar to 'alternative'" in capsys.readouterr().err
    code = cli.main([example, "--costs", path, "--map", "Alternative supplier=alternative",
                     "--format", "json", "--draws", "1"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0
    assert len(json.loads(out)["options"]) == 4
    assert "'Alternative supplier' is now an alias of option 'alternative'" in err


def test_subtotal_rows_are_left_out_never_added():
    """Wide file: in-house's "Subtotal" row (150, 100, 150) is Staff + Kit; Flex's "Flex
    total" (30, 100, 100) is its three lines; the grand "Total" (180, 200, 250) is every
    line above it (the two subtotals skipped). Only the five real lines remain, so in-house
    costs 100 + 50 = £150 in 2008, not £300."""
    costs = read("subtotals_wide.csv")
    by_line = {(c.option, c.line) for c in costs.lines}
    assert by_line == {
        ("in-house", "Staff"), ("in-house", "Kit"),
        ("flex", "Service"), ("flex", "Transition"), ("flex", "Modules"),
    }  # fmt: skip
    assert sum(c.amount for c in costs.lines if c.option == "in-house" and c.year == 2008) == 150
    assert (
        "Left out 3 subtotal or total row(s), each the sum of the rows above it (never added "
        "in): row(s) 4, 8–9." in costs.notes
    )


def test_a_total_named_line_that_does_not_add_up_is_kept_with_a_warning():
    """Long file: "Total" (150 in 2008) is Staff 100 + Kit 50, left out (and needs no
    category); "Total facilities management" (40 in 2009) is not a sum: a real line, kept,
    with a warning at its row."""
    costs = read("subtotals_long.csv")
    assert [(c.line, c.year, c.amount) for c in costs.lines] == [
        ("Staff", 2008, 100.0), ("Kit", 2008, 50.0), ("Staff", 2009, 100.0),
        ("Total facilities management", 2009, 40.0),
    ]  # fmt: skip
    (w,) = costs.warnings
    assert (w.row, w.column, w.reason) == (6, "line", Reason.SUBTOTAL)


def test_a_row_equal_to_one_other_row_is_never_a_subtotal():
    text = b"option,line,category,year,amount\nflex,A,opex,2009,100\nflex,B,opex,2009,100\n"
    assert len(read_cost_file(text, name="c.csv").lines) == 2


def test_a_long_block_with_no_sums_keeps_every_line():
    """200 lines of one option in one year, growing as 1000 + 7i², so no line is the sum of
    a run of lines above it (hand: 1000 + 7i² < the sum of the two lines above it for every
    i >= 2): nothing is left out."""
    rows = "".join(f"flex,L{i},opex,2009,{1000 + 7 * i * i}\n" for i in range(200))
    costs = read_cost_file(("option,line,category,year,amount\n" + rows).encode(), name="c.csv")
    assert len(costs.lines) == 200


def test_a_year_typo_is_kept_but_flagged_at_its_cell(capsys):
    """2108 for 2018: 90 years after the other years (2016–2018), more than 5, so the
    command line keeps it and warns at row 4, column year; the base year stays 2016."""
    costs = read("year_typo.csv")
    (w,) = costs.warnings
    assert (w.row, w.column, w.value, w.reason) == (4, "year", "2108", Reason.STRAY_YEAR)
    assert costs.stray == (2108,)
    code = cli.main(["--costs", str(DATA / "year_typo.csv"), "--format", "json", "--draws", "1"])
    captured = capsys.readouterr()
    assert code == 0 and json.loads(captured.out)["base_year"] == 2016
    assert "warning: year_typo.csv:4:year: 2108 is 90 years after the other years" in captured.err


def test_a_stray_early_year_never_chooses_the_base_year(capsys):
    """2000 beside 2008–2009: the base year is 2008 (the earliest non-stray year), so
    2000 is before it, an input error at row 2 (exit 2); --base-year 2000 accepts it."""
    path = str(DATA / "stray_early_year.csv")
    assert cli.main(["--costs", path]) == 2
    err = capsys.readouterr().err
    assert "stray_early_year.csv:2:year: year 2000 is before the base year 2008" in err
    assert "--base-year" in err
    code = cli.main(["--costs", path, "--base-year", "2000", "--format", "json", "--draws", "1"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and (out["base_year"], out["price_base"]) == (2000, 2000)
    assert cli.main(["--costs", path, "--base-year", "2009"]) == 2  # 2008 is before it
    assert cli.main([str(EXAMPLE_PATH), "--costs", path, "--base-year", "2000"]) == 2


def test_financial_year_end_dates_are_the_years_they_end():
    """31/03/2009 ends 2008-09, read as 2008: the same NPVs as a long file of 2008-09,
    2009/10 and FY2010 labels (both files: 2008, 2009, 2010), with a note saying so."""
    ends, labels = read("year_end_dates.csv"), read("financial_years_long.csv")
    assert sorted({c.year for c in ends.lines}) == [2008, 2009, 2010]
    assert [(c.option, c.year, c.amount) for c in ends.lines] == [
        (c.option, c.year, c.amount) for c in labels.lines
    ]
    assert any("31/03/2009 is the year 2008" in n for n in ends.notes)


def test_mixed_start_and_end_dates_are_refused_until_the_user_says(capsys):
    path = str(DATA / "mixed_year_dates.csv")
    assert cli.main(["--costs", path]) == 2
    assert "--year-convention start|end" in capsys.readouterr().err
    as_ends = read("mixed_year_dates.csv", year_convention="end")
    assert {c.year for c in as_ends.lines} == {2007, 2009}
    (gap,) = as_ends.warnings  # a wide file whose year columns skip one says so
    assert (gap.row, gap.reason) == (1, Reason.YEAR_GAP) and "skip 2008" in gap.message
    assert cli.main(["--costs", path, "--year-convention", "start", "--draws", "1"]) == 0


def test_a_year_column_the_reader_cannot_read_is_refused_not_dropped():
    """'FY14-15' after 2008-09 … 2013-14 holds £100k of staff, £90k of service and Flex's
    whole £400k exit: dropping it would lose £590k silently, so it is an error at its
    header; and '08/09' headers alone say how to write them."""
    with pytest.raises(InputError) as caught:
        read("year_column_unread.csv")
    (p,) = caught.value.problems
    assert (p.row, p.column, p.reason) == (1, "FY14-15", Reason.BAD_YEAR_HEADER)
    assert "write it as 2014-15, 2014 or FY2014" in p.message
    with pytest.raises(InputError) as caught:
        read("two_digit_years.csv")
    assert "'08/09' looks like a year: write it as 2008-09" in caught.value.problems[0].message


def test_line_names_that_differ_only_in_case_or_spaces_are_one_line_never_summed():
    """Service, 'service ' and SERVICE of Flex in 2008: one line given three times, so
    rows 4 and 5 repeat row 3 (never 3 × £90,000 = £270,000)."""
    with pytest.raises(InputError) as caught:
        read("line_spellings.csv")
    assert [(p.row, p.reason) for p in caught.value.problems] == [
        (4, Reason.DUPLICATE_ROW),
        (5, Reason.DUPLICATE_ROW),
    ]
    assert caught.value.problems[0].message.startswith("repeats row 3 (option 'Flex'")


def test_the_unit_warning_counts_an_option_once_whatever_its_spellings():
    """'In-house' (£3m a year) and 'In House' (toner, £2,000 a year) are one option of
    £3,002,000 a year: no too-small warning against the example (median £7.0m / 200 =
    £35k), where counting 'In House' alone would have warned."""
    costs = read("small_line_other_spelling.csv")
    assert scale_warnings(costs, load_example()) == ()


def totals(costs) -> dict[str, float]:
    out: dict[str, float] = {}
    for c in costs.lines:
        out[c.option] = out.get(c.option, 0.0) + c.amount
    return out


def test_total_lines_of_a_long_file_sorted_by_line_are_left_out():
    """Rows run Staff 2008, 2009, Licences 2008, 2009, then 'Total in-house' 2008 and
    2009 (120,000 = 100,000 + 20,000 each): not contiguous with what they add, yet each
    is the sum of its option's rows of its year above it. Flex's 2009 total (90,000) adds
    one row, but its 2008 one adds two, so the whole total line goes: in-house 240,000,
    Flex 90,000 + 90,000 + 30,000 = 210,000, never doubled."""
    costs = read("long_totals_sorted_by_line.csv")
    assert totals(costs) == {"In-house": 240_000.0, "Flex": 210_000.0}
    assert costs.warnings == ()
    assert any("row(s) 6–7, 11–12" in n for n in costs.notes)


def test_a_subtotal_of_rounded_figures_is_still_a_subtotal():
    """£000: 'Subtotal' shows 1,651 for 1,240 + 410 = 1,650 (figures rounded for display,
    then added): a row named like a total may be off by half a unit per row it adds and
    its own (1.5 here), so it is left out: in-house 3 × (1,240 + 410) × 1,000 = £4.95m."""
    costs = read("rounded_subtotals.csv")
    assert totals(costs)["In-house"] == 4_950_000.0
    assert totals(costs)["Flex"] == 1_000 * (3 * 1_050 + 380)


def test_a_line_equal_to_the_two_above_is_left_out_with_a_warning_naming_it():
    """'Service desk contract' (10,000 a year) equals hardware maintenance + software
    licences (5,000 + 5,000): it is left out as a subtotal, as the rule says, but with a
    warning naming it that the user must accept, not a note."""
    costs = read("line_equal_to_two_above.csv")
    assert totals(costs)["In-house"] == 30_000.0
    (w,) = costs.warnings
    assert (w.row, w.column, w.reason) == (4, "line", Reason.SUBTOTAL)
    assert w.message.startswith("'Service desk contract' equals the sum of rows 2–3")


def test_a_grand_total_row_is_recognised_by_its_option():
    """'Grand Total' with no line or category, 240,000 = 100,000 + 20,000 + 90,000 +
    30,000 in 2008: left out before validation, so its empty cells are no error."""
    costs = read("grand_total_row.csv")
    assert totals(costs) == {"In-house": 360_000.0, "Flex": 300_000.0}
