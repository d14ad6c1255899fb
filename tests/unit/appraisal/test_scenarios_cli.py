"""``python -m appraisal scenarios …``: the scenario library from the command line.

Most tests call ``main()`` in-process against a temporary SQLite library; one runs
the real process to check exit statuses and that no traceback reaches the terminal.
The store itself is tested on both back ends in tests/unit/options/test_store.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy_financial as npf
import pytest

from appraisal import __main__ as cli
from appraisal.scenarios_cli import build_parser
from options.examples import EXAMPLE_PATH
from options.scenario_file import load_scenario
from options.store import Store
from options.store_engine import ENV_URL
from tests.library_helpers import insert_raw_version

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'library.db'}"


@pytest.fixture
def scenario_file(tmp_path: Path, make_document) -> Path:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(make_document()), encoding="utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["scenarios", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_save_list_history_show_export(capsys, db, scenario_file, tmp_path):
    code, out, err = run(capsys, "save", "Pilot study", str(scenario_file), "-m", "first cut",
                         "--by", "ana", "--db", db)  # fmt: skip
    assert (code, err) == (0, "")
    assert out == "Saved Pilot study (pilot-study) as version 1; preferred: Join Flex\n"
    run(capsys, "save", "pilot study", str(scenario_file), "-m", "checked", "--by", "ben",
        "--db", db)  # fmt: skip
    code, out, _ = run(capsys, "list", "--db", db)
    assert code == 0 and "Pilot study" in out and "pilot-study" in out and "Join Flex" in out
    assert out.splitlines()[2].split()[3] == "2"  # latest version
    code, out, _ = run(capsys, "history", "pilot-study", "--db", db)
    assert code == 0 and "first cut" in out and "checked" in out and "2 versions" in out
    code, out, _ = run(capsys, "show", "Pilot study", "--version", "1", "--db", db)
    assert code == 0 and "version 1 of 2" in out and "by ana: first cut" in out
    assert "Preferred: Join Flex" in out and "−£4.2m" in out  # Flex's NPSV, in £m
    code, out, _ = run(capsys, "export", "pilot-study", "--version", "1", "--db", db)
    assert code == 0 and json.loads(out)["name"] == "Test scenario"
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, "export", "pilot-study", "-o", str(target), "--db", db)
    assert (code, out) == (0, "")
    assert load_scenario(target) == load_scenario(scenario_file)  # the same scenario back


def test_json_output_has_numbers_as_numbers(capsys, db, scenario_file):
    run(capsys, "save", "S", str(scenario_file), "-m", "m", "--db", db)
    code, out, _ = run(capsys, "--format", "json", "list", "--db", db)
    [listed] = json.loads(out)
    assert code == 0 and listed["latest_version"] == 1 and listed["preferred"] == "Join Flex"
    code, out, _ = run(capsys, "show", "s", "--db", db, "--format", "json")
    shown = json.loads(out)
    assert shown["version"] == 1 and shown["versions"] == [1]
    npsv = {o["id"]: o["npsv"] for o in shown["summary"]["options"]}
    assert isinstance(npsv["flex"], float) and npsv["flex"] > npsv["in-house"]
    code, out, _ = run(capsys, "history", "s", "--format", "json", "--db", db)
    assert [v["version"] for v in json.loads(out)] == [1]


def test_archive_unarchive_restore(capsys, db, scenario_file, make_document, tmp_path):
    run(capsys, "save", "S", str(scenario_file), "-m", "one", "--db", db)
    second = tmp_path / "second.json"
    second.write_text(json.dumps(make_document(description="two")), encoding="utf-8")
    run(capsys, "save", "S", str(second), "-m", "two", "--db", db)
    code, out, _ = run(capsys, "archive", "S", "--db", db)
    assert code == 0 and "archived" in out
    assert "The library is empty" in run(capsys, "list", "--db", db)[1]
    assert "S (archived)" in run(capsys, "list", "--all", "--db", db)[1]
    assert "is listed" in run(capsys, "unarchive", "s", "--db", db)[1]
    code, out, _ = run(capsys, "restore", "S", "1", "--by", "carol", "--db", db)
    assert code == 0 and "as version 3" in out
    with Store(db) as store:
        latest = store.load("s")
        assert latest.info.message == "Restored version 1" and latest.info.saved_by == "carol"
        assert latest.text == store.load("s", 1).text and latest.info.preferred == "Join Flex"


def test_by_defaults_to_the_os_user_and_db_overrides_the_environment(
    capsys, db, scenario_file, monkeypatch, tmp_path
):
    monkeypatch.setattr("getpass.getuser", lambda: "os-user")
    elsewhere = tmp_path / "elsewhere.db"
    monkeypatch.setenv(ENV_URL, str(elsewhere))
    run(capsys, "save", "S", str(scenario_file), "-m", "m", "--db", db)
    with Store(db) as store:
        assert store.load("s").info.saved_by == "os-user"
    assert not elsewhere.exists()
    run(capsys, "save", "T", str(scenario_file), "-m", "m")  # no --db: the environment's
    with Store(str(elsewhere)) as store:
        assert [s.name for s in store.list()] == ["T"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "nope"], "error: no scenario 'nope' in the library at sqlite:///"),
        (["show", "S", "--version", "4"], "error: 'S' has no version 4; its versions are 1"),
        (["restore", "S", "9"], "error: 'S' has no version 9"),
        (["history", "Ss"], "did you mean 'S'?"),
        (["show", "S", "--version", "0"], "versions are numbered from 1"),
        (["save", "S", "missing.json"], "the following arguments are required: -m/--message"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_unknown_names_and_versions_exit_2_in_one_line(capsys, db, scenario_file, args, needle):
    run(capsys, "save", "S", str(scenario_file), "-m", "m", "--db", db)
    try:
        code, out, err = run(capsys, *args, "--db", db)
    except SystemExit as e:  # argparse's refusals
        code, (out, err) = e.code, capsys.readouterr()
    assert code == 2 and out == "" and needle in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_bad_scenario_file_is_refused_with_the_loaders_lines(capsys, db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": 2, "name": "x", "base_year": "soon", "options": [], "costs": []}')
    code, out, err = run(capsys, "save", "S", str(bad), "-m", "m", "--db", db)
    assert code == 2 and out == "" and err.startswith("bad.json:-:base_year:")
    code, out, err = run(capsys, "save", "S", str(tmp_path / "none.json"), "-m", "m", "--db", db)
    assert code == 2 and err.startswith("none.json:-:-: cannot read the file")
    with Store(db) as store:
        assert store.list() == []


def test_unreachable_and_newer_databases_exit_2(capsys, tmp_path, db, scenario_file):
    nobody = tmp_path / "no-server"
    nobody.mkdir()
    url = f"postgresql+psycopg://ana:s3cret@/library?host={nobody}"
    code, out, err = run(capsys, "list", "--db", url)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"postgresql+psycopg://ana@/library?host={nobody}" in err and "s3cret" not in err
    run(capsys, "save", "S", str(scenario_file), "-m", "m", "--db", db)
    with Store(db) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    code, _, err = run(capsys, "list", "--db", db)
    assert code == 2 and "newer version of this software" in err


def test_the_real_process(tmp_path):
    db = f"sqlite:///{tmp_path / 'library.db'}"

    def shell(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "appraisal", "scenarios", *args, "--db", db],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip

    saved = shell("save", "ONS Flex", str(EXAMPLE_PATH), "-m", "the built-in example")
    assert saved.returncode == 0, saved.stderr
    assert "as version 1" in saved.stdout
    assert shell("list").returncode == 0
    missing = shell("show", "ONS Flux")
    assert missing.returncode == 2 and missing.stdout == "" and "Traceback" not in missing.stderr
    assert "did you mean" in missing.stderr


def test_readme_documents_every_scenarios_flag():
    """Docs stay honest: every option of every action appears in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a.choices, dict))
    for name, action_parser in sub.choices.items():
        assert f"scenarios {name}" in readme, name
        for action in action_parser._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in readme, (name, flag)


def test_diff_two_versions_by_hand(capsys, db, tmp_path, make_document):
    """v1 is the base document: Flex leads by 2e5·S − 5e5 = £434,616 (S = 4.673079, five
    years at 3.5%). v2 doubles Flex's 2008 transition, £500,000 → £1,000,000 at t = 0
    (undiscounted): exactly one change, Flex's NPSV falls by £500,000, and in-house leads."""
    doc = make_document()
    first, second = tmp_path / "v1.json", tmp_path / "v2.json"
    first.write_text(json.dumps(doc), encoding="utf-8")
    doc["costs"][-1]["amount"] = 1_000_000
    second.write_text(json.dumps(doc), encoding="utf-8")
    for path in (first, second):
        run(capsys, "save", "Pilot", str(path), "-m", "m", "--by", "ana", "--db", db)
    code, out, err = run(capsys, "diff", "Pilot", "1", "2", "--format", "json", "--db", db)
    assert (code, err) == (0, "")
    d = json.loads(out)
    (change,) = d["changes"]
    assert (change["section"], change["field"], change["old"], change["new"]) == (
        "costs", "amount", 500_000, 1_000_000)  # fmt: skip
    flex = next(o for o in d["effect"]["options"] if o["id"] == "flex")
    assert flex["npsv_change"] == pytest.approx(-500_000, abs=0.01)
    assert d["effect"]["flipped"] is True
    assert "Keep in-house is now preferred" in d["sentence"]
    code, out, _ = run(capsys, "diff", "Pilot", "1", "2", "--db", db)
    assert code == 0 and out.startswith("v2 raised Join Flex's transition cost")
    assert "£0.5m → £1.0m" in out and "Effect (v1 → v2):" in out
    code, _, err = run(capsys, "diff", "Pilot", "1", "3", "--db", db)
    assert code == 2 and "has no version 3" in err


def test_save_appraises_with_the_main_commands_inputs(capsys, db, scenario_file, tmp_path):
    """``save`` takes the main command's --costs, --discount, --draws and --seed. Expected
    NPSVs by numpy_financial.npv at a constant 5% (t = 0 undiscounted): in-house pays
    £1m a year for five years; the cost file sets Flex's service charge to £700,000 a
    year and keeps its £500,000 transition in the base year."""
    costs = tmp_path / "flex.csv"
    rows = [f"flex,Service charge,opex,{y},700000" for y in range(2008, 2013)]
    costs.write_text("\n".join(["option,line,category,year,amount", *rows,
                                "flex,Transition,transition,2008,500000"]) + "\n")  # fmt: skip
    inputs = ["--costs", str(costs), "--discount", "0.05", "--draws", "500", "--seed", "7"]
    code, out, err = run(capsys, "save", "S", str(scenario_file), "-m", "m", *inputs, "--db", db)
    assert code == 0 and "as version 1" in out, err
    code, out, _ = run(capsys, "show", "S", "--format", "json", "--db", db)
    summary = json.loads(out)["summary"]
    assert (summary["draws"], summary["seed"], summary["discounting"]) == (500, 7, 0.05)
    npsv = {o["id"]: o["npsv"] for o in summary["options"]}
    assert npsv["in-house"] == pytest.approx(-npf.npv(0.05, [1_000_000] * 5), abs=1)
    assert npsv["flex"] == pytest.approx(-npf.npv(0.05, [700_000] * 5) - 500_000, abs=1)
    code, out, _ = run(capsys, "show", "S", "--db", db)
    assert "Appraised with: discounting 0.05, parameters green-book-2022, 500 draws, seed 7" in out
    saved = json.loads(run(capsys, "export", "S", "--db", db)[1])  # what it was appraised with
    assert (saved["settings"]["draws"], saved["settings"]["seed"]) == (500, 7)
    charges = {c["amount"] for c in saved["costs"] if c["line"] == "Service charge"}
    assert saved["discounting"] == 0.05 and charges == {700_000}
    main = json.loads(_main_json(capsys, str(scenario_file), *inputs))
    assert summary == library_view(main)


def _main_json(capsys, *args: str) -> str:
    """What ``python -m appraisal ARGS --format json`` prints."""
    code = cli.main([*args, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def library_view(main: dict) -> dict:
    """The main command's JSON under the library summary's keys (the preferred option
    overall by name, as the library lists it; Monte Carlo figures left out)."""
    names = {o["id"]: o["name"] for o in main["options"]}
    keep = ("scenario", "price_base", "discounting", "value_per_point", "parameters", "draws",
            "seed")  # fmt: skip
    return {**{k: main[k] for k in keep}, "preferred": names[main["preferred"]["overall"]],
            "preferred_ids": main["preferred"], "software_version": main["version"],
            "options": [{k: o[k] for k in ("id", "name", "npsv", "mcda_score", "overall_value",
                                            "rank")} for o in main["options"]]}  # fmt: skip


def test_export_raw_gets_a_version_that_no_longer_loads(capsys, db, scenario_file, tmp_path):
    """A version corrupted behind the library's back: export refuses it (and says --raw
    would write it); --raw writes it exactly as stored, saying on stderr why it does not
    load; a version that loads comes out the same with or without --raw, with no note."""
    run(capsys, "save", "S", str(scenario_file), "-m", "good", "--db", db)
    cut_off = '{"schema": 2, "name": "cut off'
    with Store(db) as store:
        insert_raw_version(store, "s", 2, cut_off)
    code, out, err = run(capsys, "export", "S", "--version", "2", "--db", db)
    assert code == 2 and out == ""
    assert err.startswith("error: version 2 of 'S' cannot be opened") and "--raw" in err
    code, out, err = run(capsys, "export", "S", "--version", "2", "--raw", "--db", db)
    assert (code, out) == (0, cut_off)
    assert err.startswith("note: version 2 of 'S' cannot be opened: what is stored does not load")
    assert "not valid JSON" in err and "written exactly as stored" in err
    target = tmp_path / "v2.json"
    code, out, _ = run(capsys, "export", "S", "--raw", "-o", str(target), "--db", db)
    assert (code, out, target.read_text(encoding="utf-8")) == (0, "", cut_off)
    plain_export = run(capsys, "export", "S", "--version", "1", "--db", db)
    assert run(capsys, "export", "S", "--version", "1", "--raw", "--db", db) == plain_export
    assert plain_export[0] == 0 and plain_export[2] == ""
