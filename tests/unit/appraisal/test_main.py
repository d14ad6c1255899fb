"""The command line: every flag, the output contracts, and exit 2 on bad input.

Most tests call ``main()`` in-process (fast); a few run ``python -m appraisal`` as
a user would, to check exit statuses, byte-identical output and that no
traceback ever reaches the terminal.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy_financial as npf
import openpyxl
import pytest

from appraisal import __main__ as cli
from options.examples import EXAMPLE_PATH, load_example

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "options" / "examples"
LONG = EXAMPLES / "sample_costs_long.csv"
WIDE = EXAMPLES / "sample_costs_wide.csv"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def shell(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "appraisal", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_default_table_shows_every_option_and_the_preferred(capsys):
    code, out, err = run(capsys, "--draws", "500")
    # the one line on stderr: the Patriot Act concern is linked to the costed disclosure risk
    assert (
        code == 0 and err.count("\n") == 1 and err.startswith("warning: Possible double counting")
    )
    example = load_example()
    words = set(out.split())
    for o in example.options:  # names wrap over several header lines, word by word
        assert set(o.name.split()) <= words, o.name
    for label in (
        "PV costs",
        "PV benefits",
        "Optimism bias",
        "Risk (expected value)",
        "Carbon",
        "NPSV",
        "EAC",
        "MCDA score",
        "Overall value",
        "Rank",
        "NPC at P50",
        "NPC at P80",
        "NPC at P90",
        "NPSV at most-likely estimates",
        "Probability best",
        "Cost per weighted point",
        "Preferred by NPSV:",
        "Preferred by MCDA:",
        "Preferred overall:",
    ):
        assert label in out


def test_json_contract(capsys):
    code, out, _ = run(capsys, "--format", "json", "--draws", "200")
    assert code == 0
    d = json.loads(out)
    assert d["scenario"] == load_example().name and d["discounting"] == "green-book"
    assert d["draws"] == 200 and d["seed"] == 1 and d["version"]
    assert {o["id"] for o in d["options"]} == set(load_example().option_ids)
    assert d["preferred"]["npsv"] == max(d["options"], key=lambda o: o["npsv"])["id"]
    for o in d["options"]:
        assert o["monte_carlo"]["draws"] == 200


def test_same_seed_is_byte_identical_and_seeds_differ():
    a = shell("--format", "json", "--draws", "2000", "--seed", "3")
    b = shell("--format", "json", "--draws", "2000", "--seed", "3")
    c = shell("--format", "json", "--draws", "2000", "--seed", "4")
    assert a.returncode == b.returncode == c.returncode == 0
    assert a.stdout == b.stdout
    mc = lambda r: [o["monte_carlo"] for o in json.loads(r.stdout)["options"]]  # noqa: E731
    assert mc(a) != mc(c)


def test_csv_one_row_per_option_in_json_order(capsys):
    code, out, _ = run(capsys, "--format", "csv", "--draws", "100")
    assert code == 0 and "\r" not in out
    rows = list(csv.DictReader(io.StringIO(out)))
    header = out.splitlines()[0].split(",")
    assert header[:4] == ["id", "name", "pv_costs", "pv_benefits"]
    assert header.index("rank") < header.index("monte_carlo_p10") < header.index("npc")
    assert {"monte_carlo_draws", "monte_carlo_p50", "monte_carlo_prob_best"} <= set(header)
    assert "monte_carlo_quantiles" not in header
    assert [r["id"] for r in rows] == list(load_example().option_ids)
    inhouse = rows[0]
    assert inhouse["irr"] == "" and inhouse["payback_year"] == ""  # null → empty cell


def test_csv_ends_with_the_assumptions_on_every_row(capsys):
    """A constant 5% rate, 100 draws and seed 7 from the flags, the example's name and its
    null price per point (empty), and the version --version prints: on every row, after
    the option fields, under the one header row."""
    from appraisal import __version__

    args = ("--format", "csv", "--discount", "0.05", "--draws", "100", "--seed", "7")
    code, out, _ = run(capsys, *args)
    assert code == 0
    lines = list(csv.reader(io.StringIO(out)))
    trailing = ["scenario", "discounting", "value_per_point", "draws", "seed", "version"]
    assert lines[0][-6:] == trailing
    assert lines[0].index("npc_p90") < lines[0].index("scenario")
    assert len(lines) == 1 + len(load_example().options)
    expected = [load_example().name, "0.05", "", "100", "7", __version__]
    assert all(line[-6:] == expected for line in lines[1:])


def test_csv_neutralises_formula_text(capsys, tmp_path):
    doc = json.loads(EXAMPLE_PATH.read_text())
    doc["options"][0]["name"] = '=HYPERLINK("http://x")'
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc))
    code, out, _ = run(capsys, str(path), "--format", "csv", "--draws", "10")
    assert code == 0
    first = next(iter(csv.DictReader(io.StringIO(out))))
    assert first["name"].startswith("'=HYPERLINK")


def test_costs_file_alone_uses_the_stated_defaults(capsys):
    """Sample file: in-house staff etc. from 2008; base year = earliest year; NPSV of
    each option = −npf.npv(0.035, its yearly totals)."""
    code, out, err = run(capsys, "--costs", str(LONG), "--format", "json", "--draws", "50")
    assert code == 0, err
    d = json.loads(out)
    assert d["base_year"] == 2008 and d["price_base"] == 2008 and d["preferred"]["mcda"] is None
    totals: dict[str, dict[int, float]] = {}
    for row in csv.DictReader(LONG.open(encoding="utf-8")):
        sign = 1 if row["category"] in ("benefit", "residual") else -1
        by_year = totals.setdefault(row["option"], {})
        by_year[int(row["year"])] = by_year.get(int(row["year"]), 0) + sign * float(row["amount"])
    for o in d["options"]:
        flows = [totals[o["id"]].get(y, 0.0) for y in range(2008, 2008 + 10)]
        assert o["npsv"] == pytest.approx(npf.npv(0.035, flows))
        assert o["optimism_bias"] == o["risk"] == o["carbon_cost"] == 0
    kinds = {o["id"]: o["kind"] for o in d["options"]}
    assert kinds["in-house"] == "in-house"


def test_long_and_wide_files_give_the_same_appraisal(capsys):
    _, long_out, _ = run(capsys, "--costs", str(LONG), "--format", "json", "--draws", "20")
    _, wide_out, _ = run(capsys, "--costs", str(WIDE), "--format", "json", "--draws", "20")
    assert json.loads(long_out)["options"] == json.loads(wide_out)["options"]


def test_xlsx_with_sheet(capsys, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("Costs")
    for row in csv.reader(LONG.open(encoding="utf-8")):
        sheet.append([float(x) if x.replace(".", "").isdigit() else x for x in row])
    path = tmp_path / "costs.xlsx"
    book.save(path)
    code, out, err = run(
        capsys, "--costs", str(path), "--sheet", "Costs", "--format", "json", "--draws", "20"
    )
    assert code == 0, err
    _, long_out, _ = run(capsys, "--costs", str(LONG), "--format", "json", "--draws", "20")
    assert json.loads(out)["options"] == json.loads(long_out)["options"]
    code, _, err = run(capsys, "--costs", str(path), "--sheet", "Nope")
    assert code == 2 and "Costs" in err


def test_scenario_plus_costs_replaces_named_options_and_adds_new(capsys, tmp_path):
    path = tmp_path / "flex.csv"
    path.write_text(
        "option,line,category,year,amount\n"
        "Join Public Sector Flex (Fujitsu),Everything,opex,2008,1000000\n"
        "Mutual,Everything,opex,2008,2000000\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, str(EXAMPLE_PATH), "--costs", str(path), "--format", "json", "--draws", "20"
    )
    assert code == 0, err
    assert "Mutual" in err and out.startswith("{")  # the user is told, on stderr
    d = {o["id"]: o for o in json.loads(out)["options"]}
    # the example's opex spread 0.95 / 1.15: expected value 1m × (0.95 + 4 + 1.15) / 6; its
    # base year is 2007, so the 2008 amount (real, in the 2007 price base) is discounted a year.
    # Flex keeps its devices (the merge says so), whose energy at £0.07/kWh is still costed:
    # 2008 (2,500 PCs × 149.6 + 2,000 thin clients × 79.2 kWh) × 0.07 = £37,268, then
    # (500 × 149.6 + 4,000 × 79.2) × 0.07 = £27,412 a year 2009-2017, spread like any opex.
    energy = 37_268 / 1.035 + sum(27_412 / 1.035**t for t in range(2, 11))
    # Flex keeps its workforce too (the merge says so): its intelligent client, 4 × £59,224
    # = £236,896 a year 2008-2017 in 2008 prices (× 64.7322 / 66.8900 to 2007's), an opex
    # line; and its TUPE costs, £200,000 in 2008, a transition line (spread 0.9 / 1.6:
    # expected × (0.9 + 4 + 1.6) / 6 = 6.5 / 6).
    rebase = 64.7322 / 66.8900
    client = 236_896 * rebase * sum(1.035**-t for t in range(1, 11))
    tupe = 200_000 * rebase / 1.035 * 6.5 / 6
    expected = (1_000_000 / 1.035 + energy + client) * 6.1 / 6 + tupe
    assert d["flex"]["pv_costs"] == pytest.approx(expected)
    assert "keeps its devices" in err and "keeps its workforce" in err
    assert d["in-house"]["pv_costs"] > 10_000_000  # untouched
    assert any(o["name"] == "Mutual" and o["kind"] == "alternative" for o in d.values())


def test_scenario_plus_costs_scores_new_options_zero_and_says_so(capsys, tmp_path):
    """A new option has no concern scores: the merge gives it 0 on every concern (the
    fixed scale's "not addressed at all") and tells the user on stderr. Hand: a weighted
    sum of zeros is 0; the example's own options keep their scores (in-house 68.5 from
    its file, data sovereignty counted at its residual share 0.5: 0.20 × 45 + 0.10 × 100 +
    0.10 × 100 + 0.10 × 90 + 0.20 × 65 + 0.10 × 90 + 0.10 × 30 + 0.10 × 55 = 68.5)."""
    path = tmp_path / "new.csv"
    path.write_text("option,line,category,year,amount\nMutual,X,opex,2008,1\n")
    code, out, err = run(
        capsys, str(EXAMPLE_PATH), "--costs", str(path), "--format", "json", "--draws", "20"
    )
    assert code == 0, err
    assert "New options score 0 on every concern until you score them." in err
    scores = {o["id"]: o["mcda_score"] for o in json.loads(out)["options"]}
    assert scores["mutual"] == 0.0
    assert scores["in-house"] == pytest.approx(68.5)


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("green-book", "green-book"),
        ("green-book-health", "green-book-health"),
        ("green-book-reduced", "green-book-reduced"),
        ("0.05", 0.05),
        ("0", 0.0),
    ],
)
def test_discount_flag(capsys, flag, expected):
    code, out, _ = run(capsys, "--discount", flag, "--format", "json", "--draws", "10")
    assert code == 0
    assert json.loads(out)["discounting"] == expected


def test_health_schedule_discounts_less(capsys):
    npsv = {}
    for flag in ("green-book", "green-book-health"):
        _, out, _ = run(capsys, "--discount", flag, "--format", "json", "--draws", "10")
        npsv[flag] = json.loads(out)["options"][0]["npsv"]
    assert npsv["green-book-health"] < npsv["green-book"] < 0  # costs weigh more at 1.5%


def test_draws_and_seed_flags(capsys):
    code, out, _ = run(capsys, "--draws", "1,234", "--seed", "9", "--format", "json")
    d = json.loads(out)
    assert code == 0 and d["draws"] == 1234 and d["seed"] == 9
    assert d["options"][0]["monte_carlo"]["draws"] == 1234


@pytest.mark.parametrize(
    "args",
    [
        ["--discount", "treasury"],
        ["--discount", "1.5"],
        ["--discount", "-0.01"],
        ["--draws", "0"],
        ["--draws", "10000001"],
        ["--draws", "many"],
        ["--seed", "-1"],
        ["--format", "xml"],
        ["--bogus"],
    ],
)
def test_bad_flags_exit_2_without_traceback(capsys, args):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(args)
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2
    assert out == "" and "Traceback" not in err and "error:" in err


def test_sheet_without_costs_exits_2(capsys):
    code, out, err = run(capsys, "--sheet", "Costs")
    assert code == 2 and out == "" and "--sheet needs --costs" in err


BAD_FILES = {
    "missing column": "option,line,year,amount\nFlex,Fee,2008,1\n",
    "unknown category": "option,line,category,year,amount\nFlex,Fee,overheads,2008,1\n",
    "non-numeric amount": "option,line,category,year,amount\nFlex,Fee,opex,2008,lots\n",
    "non-finite amount": "option,line,category,year,amount\nFlex,Fee,opex,2008,inf\n",
    "non-integer year": "option,line,category,year,amount\nFlex,Fee,opex,2008.5,1\n",
    "duplicate column": "option,line,category,year,amount,Amount\nFlex,Fee,opex,2008,1,2\n",
    "duplicate row": "option,line,category,year,amount\nF,L,opex,2008,1\nf,L,opex,2008,2\n",
    "empty file": "",
    "huge amount": "option,line,category,year,amount\nFlex,Fee,opex,2008,2e15\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_cost_files_exit_2_with_located_lines(capsys, tmp_path, name):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_FILES[name], encoding="utf-8")
    code, out, err = run(capsys, "--costs", str(path))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("bad.csv:") for line in lines), err
    assert "Traceback" not in err


def test_year_before_base_year_of_scenario(capsys, tmp_path):
    path = tmp_path / "early.csv"
    path.write_text("option,line,category,year,amount\nflex,Fee,opex,2001,1\n")
    code, out, err = run(capsys, str(EXAMPLE_PATH), "--costs", str(path))
    assert code == 2 and out == "" and err.startswith("early.csv:2:year:")


def test_more_than_100_problems_are_summarised(capsys, tmp_path):
    path = tmp_path / "many.csv"
    rows = "".join(f"Flex,Line {i},opex,2008,oops{i}\n" for i in range(150))
    path.write_text("option,line,category,year,amount\n" + rows)
    code, _, err = run(capsys, "--costs", str(path))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 101
    assert lines[0].startswith("many.csv:2:amount:") and lines[-1] == "… and 50 more problems"


def test_one_misspelling_down_a_column_is_one_line(capsys, tmp_path):
    path = tmp_path / "capitl.csv"
    rows = "".join(f"Flex,Line {i},Capitl,2008,1\n" for i in range(26))
    path.write_text("option,line,category,year,amount\n" + rows)
    code, _, err = run(capsys, "--costs", str(path))
    (line,) = err.strip().splitlines()
    assert code == 2
    assert line.startswith("capitl.csv:2:category: 'Capitl' is not a category — 26 rows: 2–27; ")


def test_unreadable_and_oversize_files(capsys, tmp_path):
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"option,line\x00")
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (20 * 1024 * 1024 + 1))
    for path, word in ((nul, "nul.csv:-:-:"), (big, "big.csv:-:-:")):
        code, out, err = run(capsys, "--costs", str(path))
        assert code == 2 and out == "" and err.startswith(word)
    code, _, err = run(capsys, "--costs", str(tmp_path / "absent.csv"))
    assert code == 2 and "absent.csv" in err


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda d: d["costs"][0].update(option="ghost"), "ghost"),
        (lambda d: d["risks"][0].update(probability=1.5), "probability"),
        (lambda d: d["risks"][0].update(low=9e9), "low <= likely <= high"),
        (lambda d: d["concerns"][0].update(weight=-1), "weight"),
        (lambda d: d["concerns"][0]["scores"].update({"flex": 101}), "0 to 100"),
        (lambda d: d.update(discounting="fast"), "discounting"),
        (lambda d: d["risks"][0].update(option="ghost"), "ghost"),
        (lambda d: d["concerns"][0]["scores"].update({"ghost": 50}), "ghost"),
        (lambda d: [c.update(weight=0) for c in d["concerns"]], "add up to zero"),
        (lambda d: d["concerns"][0]["scores"].pop("flex"), "no score for flex"),
    ],
)
def test_bad_scenario_exits_2(capsys, tmp_path, change, needle):
    doc = json.loads(EXAMPLE_PATH.read_text())
    change(doc)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == "" and err.startswith("bad.json:-:")
    assert needle in err


def test_xlsx_refusals(capsys, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["option", "line", "category", "year", "amount"])
    book.active.append(["Flex", "Fee", "opex", 2008, "=1+1"])  # saved without a value
    formula = tmp_path / "formula.xlsx"
    book.save(formula)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    code, out, err = run(capsys, "--costs", str(formula))
    assert code == 2 and out == "" and err.startswith("formula.xlsx:2:amount:") and "save" in err
    code, out, err = run(capsys, "--costs", str(old))
    assert code == 2 and out == "" and err.startswith("old.xls:-:-:")


def test_unexpected_fault_exits_1_in_one_line(capsys, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli, "appraise", boom)
    code, out, err = run(capsys, "--draws", "10")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "disk on fire" in err
    with pytest.raises(RuntimeError):
        cli.main(["--draws", "10", "--debug"])


def test_real_process_exit_statuses():
    assert shell("--draws", "10").returncode == 0
    bad = shell("--costs", "/nonexistent/costs.csv")
    assert bad.returncode == 2 and bad.stdout == "" and "Traceback" not in bad.stderr


def test_readme_documents_every_flag():
    """Docs stay honest: every option of the parser appears in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for action in cli.build_parser()._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag not in ("--help", "--version"):
                assert flag in readme, flag


@pytest.fixture
def what_if_file(tmp_path, make_document):
    """The base document with two what-ifs: opex × 1.5 on Flex, and 5 % discounting."""
    doc = make_document()
    doc["what_ifs"] = [
        {"name": "Dear Flex", "rationale": "A higher price.",
         "changes": [{"input": "cost:flex:opex", "multiply": 1.5}]},
        {"name": "Five per cent", "rationale": "A constant 5%.",
         "changes": [{"input": "discounting", "value": 0.05}]},
    ]  # fmt: skip
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc))
    return path


def test_what_if_is_appraised_instead_of_the_central_case(capsys, what_if_file):
    """Hand: Flex's opex × 1.5 adds 0.4m × PV5 = £1,869,232 to its PV costs; the JSON
    says which case it is and lists every what-if with its preferred option (Flex's extra
    £1.87m puts in-house first: £1m × PV5 against £1.2m × PV5 + £0.5m)."""
    code, out, err = run(capsys, str(what_if_file), "--what-if", "dear flex", "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["what_if"] == "Dear Flex"
    flex = next(o for o in d["options"] if o["id"] == "flex")
    assert flex["pv_costs"] == pytest.approx(1.2e6 * 4.673079 + 0.5e6, rel=1e-6)
    assert [w["name"] for w in d["what_ifs"]] == ["Dear Flex", "Five per cent"]
    assert d["what_ifs"][0]["preferred"]["npsv"] == "in-house"
    assert d["what_ifs"][1]["preferred"]["npsv"] == "flex"
    assert {o["id"] for o in d["what_ifs"][1]["options"]} == {"in-house", "flex"}
    code, out, _ = run(capsys, str(what_if_file), "--format", "json")
    assert json.loads(out)["what_if"] is None


def test_table_lists_every_what_if_beside_the_central_case(capsys, what_if_file):
    code, out, _ = run(capsys, str(what_if_file), "--what-if", "Five per cent")
    assert code == 0
    block = out[out.index("What-ifs, each appraised beside the central case:") :]
    lines = block.splitlines()[2:]
    assert lines[0].startswith("Central case ")
    assert lines[1].startswith("Dear Flex ") and "Keep in-house" in lines[1]
    assert lines[2].startswith("Five per cent (shown above)") and "Join Flex" in lines[2]


def test_unknown_what_if_exits_2_listing_them(capsys, what_if_file):
    code, out, err = run(capsys, str(what_if_file), "--what-if", "cheap")
    assert code == 2 and out == ""
    assert err.strip() == (
        "--what-if:-:-: the scenario has no what-if 'cheap'; its what-ifs: 'Dear Flex', "
        "'Five per cent'"
    )
