"""Real-world nasty cost files (tests/data/bad/, described in its README) and the three
too big to keep (made here, in a temporary folder): each is read with the amounts it
holds, or refused with a message in words that says what is wrong and what to do.

The amounts expected were worked out from each file's text by hand: ``"£1,250"`` is
1,250; with semicolons, ``1.234,56`` is 1,234.56 and ``10.000`` is 10,000.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from appraisal import __main__ as cli
from options import deadline, xlsx
from options.costs import MAX_BYTES, MAX_ROWS, read_cost_file
from options.errors import InputError, Reason

BAD = Path(__file__).resolve().parents[2] / "data" / "bad"

# file -> (option, line, year, amount) of each line read, in file order
READ = {
    "utf8_bom.csv": [
        ("Flex", "Service charge", 2008, 1250.0),
        ("Flex", "Service charge", 2009, 1250.5),
    ],
    "utf16_unicode_text.txt": [
        ("Flex", "Café licences", 2008, 900.0),
        ("Flex", "Café licences", 2009, 950.0),
    ],
    "cp1252_pound.csv": [
        ("In-house", "Staff – core", 2008, 12000.0),
        ("In-house", "Staff – core", 2009, 500.25),
    ],
    "european_semicolon.csv": [
        ("Flex", "Service charge", 2008, 1234.56),
        ("Flex", "Service charge", 2009, 987.5),
        ("Flex", "Transition", 2008, 10000.0),
    ],
    "really_csv.xlsx": [("Flex", "Fee", 2008, 900.0)],
}

# file -> (row, column, reason, a fragment of the message)
REFUSED = {
    "formula_cell.xlsx": (
        3, "amount", Reason.FORMULA_WITHOUT_VALUE,
        "is a formula saved without its value: open the workbook in Excel, save it",
    ),
    "password_protected.xlsx": (
        None, None, Reason.UNREADABLE,
        "is protected with a password (encrypted), so it cannot be read: open it in Excel, "
        "remove the password",
    ),
    "truncated.xlsx": (
        None, None, Reason.UNREADABLE,
        "cannot be read as an .xlsx workbook: it is damaged or cut short",
    ),
    "header_only.csv": (None, None, Reason.EMPTY_FILE, "has a header (row 1), no rows"),
    "binary_junk.csv": (
        None, None, Reason.UNREADABLE, "contains NUL bytes, so it is not CSV text",
    ),
}  # fmt: skip


def test_every_file_of_the_corpus_has_its_expectation():
    assert sorted(p.name for p in BAD.iterdir() if p.name != "README.md") == sorted(
        [*READ, *REFUSED]
    )


@pytest.mark.parametrize("name", READ)
def test_a_file_that_can_be_read_is_read_with_its_amounts(name):
    table = read_cost_file(BAD / name)
    assert [(c.option, c.line, c.year, c.amount) for c in table.lines] == READ[name]


def test_an_xlsx_that_is_really_csv_says_so():
    notes = read_cost_file(BAD / "really_csv.xlsx").notes
    assert (
        "really_csv.xlsx is CSV text with an .xlsx name, not a workbook: read it as CSV." in notes
    )


@pytest.mark.parametrize("name", REFUSED)
def test_a_file_that_cannot_be_read_is_refused_in_words(name):
    row, column, reason, fragment = REFUSED[name]
    with pytest.raises(InputError) as caught:
        read_cost_file(BAD / name)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.reason) == (
        name,
        row,
        column,
        reason,
    )
    assert fragment in problem.message


@pytest.mark.parametrize("name", [*READ, *REFUSED])
def test_the_command_line_reads_or_refuses_each_file_without_a_traceback(name, capsys):
    """Exit 0 with the comparison, or 2 with one line a problem naming the file."""
    code = cli.main(["--costs", str(BAD / name), "--format", "csv"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if name in READ:
        assert code == 0 and out
    else:
        assert code == 2 and out == ""
        assert err.startswith(f"{name}:")


# ------------------------------------------------ made by fixtures, never committed


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder for the files too big to keep in the repository."""
    return tmp_path_factory.mktemp("big")


def test_a_25_mb_file_is_refused_before_it_is_read(big_files):
    path = big_files / "25mb.csv"
    row = b"Flex,Service charge,opex,2008,900\n"
    path.write_bytes(b"option,line,category,year,amount\n" + row * (25_000_000 // len(row)))
    assert path.stat().st_size > 25_000_000 - len(row)
    for source in (path, path.read_bytes()):
        start = time.perf_counter()
        with pytest.raises(InputError) as caught:
            read_cost_file(source, name="25mb.csv")
        assert time.perf_counter() - start < 1  # nothing parsed
        (problem,) = caught.value.problems
        assert problem.reason is Reason.FILE_TOO_LARGE
        assert problem.message == "is larger than the 20 MiB limit"


def test_a_million_row_file_is_refused_naming_the_row_limit(big_files):
    """1,000,000 rows of 18 bytes (18 MB, under the size limit): refused at the row limit,
    without reading the rows past it into cells."""
    path = big_files / "million.csv"
    path.write_bytes(b"option,line,category,year,amount\n" + b"F,Fee,opex,2008,1\n" * 1_000_000)
    assert path.stat().st_size < MAX_BYTES
    start = time.thread_time()
    with pytest.raises(InputError) as caught:
        read_cost_file(path)
    assert time.thread_time() - start < deadline.MAX_SECONDS / 4
    (problem,) = caught.value.problems
    assert problem.reason is Reason.TOO_MANY_ROWS
    assert problem.message == f"has more than {MAX_ROWS:,} data rows: split it into smaller files"


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["option", "line", "category", "year", "amount"])
    sheet.append(["Flex", "Fee", "opex", 2008, 900])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip_bomb(size: int) -> bytes:
    """A real workbook with a picture of ``size`` zero bytes: a 2.7 MB file for 600 MiB."""
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in source.infolist():
            z.writestr(info, source.read(info))
        with z.open("xl/media/image1.png", "w", force_zip64=True) as picture:
            for _ in range(size // 2**20):
                picture.write(bytes(2**20))
    return out.getvalue()


def test_a_zip_bomb_disguised_as_a_workbook_is_refused_by_its_declared_size():
    """600 MiB unzipped in a 3 MB file: refused from the zip's directory, before any part
    is unzipped (in well under a second)."""
    data = _zip_bomb(600 * 2**20)
    assert len(data) < 5_000_000
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_cost_file(data, name="costs.xlsx")
    assert time.perf_counter() - start < 1
    (problem,) = caught.value.problems
    assert problem.reason is Reason.FILE_TOO_LARGE
    assert problem.message == "unzips to more than 512 MiB: it is not a cost file"
    assert xlsx.MAX_UNZIPPED == 512 * 2**20


def test_a_zip_that_lies_about_its_sizes_is_refused_as_damaged():
    """A sheet that unzips to 50 MB while the zip's directory says 1,000 bytes: the
    declared-size check passes it, and unzipping stops at the size declared (its
    checksum then fails), so it is refused as damaged, never read to the end."""
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = data.replace(b"</sheetData>", b"</sheetData>" + b"<!-- -->" * 6_250_000)
            z.writestr(info.filename, data)
    raw = bytearray(out.getvalue())
    at = -1
    while (at := raw.find(part.encode(), at + 1)) != -1:  # every size said: 1,000 bytes
        if raw[at - 30 : at - 26] == b"PK\x03\x04":
            raw[at - 30 + 22 : at - 30 + 26] = (1000).to_bytes(4, "little")
        elif raw[at - 46 : at - 42] == b"PK\x01\x02":
            raw[at - 46 + 24 : at - 46 + 28] = (1000).to_bytes(4, "little")
    with pytest.raises(InputError) as caught:
        read_cost_file(bytes(raw), name="liar.xlsx")
    (problem,) = caught.value.problems
    assert problem.reason is Reason.UNREADABLE
    assert "it is damaged or cut short" in problem.message


def test_a_file_still_being_read_at_the_deadline_is_stopped_in_words(monkeypatch):
    monkeypatch.setattr(deadline, "MAX_SECONDS", 0.0)
    with pytest.raises(InputError) as caught:
        read_cost_file(BAD / "utf8_bom.csv")
    (problem,) = caught.value.problems
    assert problem.reason is Reason.FILE_TOO_LARGE
    assert problem.message == (
        "took more than 0 seconds of work to read, so reading it was stopped: split it into "
        "smaller files"
    )
