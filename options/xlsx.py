"""An XLSX workbook read by python-calamine, and what its XML says that calamine does not.

calamine reads a sheet's values quickly and lists its merged ranges, but gives a
blank for a formula saved without its value and for an error cell (``#DIV/0!``),
and no number formats. The sheet's XML is searched as bytes (never parsed cell by
cell) for those cells: each ``<f>`` element, each ``t="e"`` cell and, only when the
workbook's styles have a percent format, the cells that use one.

calamine holds a sheet as a dense grid, so one stray cell at XFD1048576 would need
hundreds of gigabytes (and abort the process): the cells a sheet reaches are
counted from its XML before calamine reads it.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from openpyxl.formula.translate import Translator
from openpyxl.utils import column_index_from_string, get_column_letter
from python_calamine import CalamineWorkbook, SheetTypeEnum

from options.cell_values import _Formula
from options.errors import InputError, Problem, Reason

MAX_CELLS = 10_000_000  # rows × columns a sheet's cells reach, checked before reading it
MAX_UNZIPPED = 512 * 1024 * 1024  # a workbook's parts unzipped, as its zip directory says
_PERCENT_IDS = frozenset({9, 10})  # Excel's built-in 0% and 0.00%
_REF = re.compile(rb"""\sr=["']([A-Z]{1,3})(\d+)["']""")
_TYPE_E = (b' t="e"', b" t='e'")

Merge = tuple[int, int, int, int]  # top and bottom row (as numbered), first and last cell index


def _error(file: str, reason: Reason, message: str) -> InputError:
    return InputError([Problem(file, None, None, None, reason, message)])


def _unreadable(file: str, what: str) -> InputError:
    return _error(file, Reason.UNREADABLE, f"cannot be read as an .xlsx workbook ({what})")


def _damaged(file: str, exc: Exception) -> InputError:
    """What a reader's failure inside a workbook means, in words, and the fix.

    >>> print(_damaged("f.xlsx", zipfile.BadZipFile()).problems[0].message)
    cannot be read as an .xlsx workbook: it is damaged or cut short, perhaps by an
    interrupted download; save it again from Excel as .xlsx, or as CSV
    """
    if isinstance(exc, zipfile.BadZipFile | EOFError | zipfile.LargeZipFile):
        what = "it is damaged or cut short, perhaps by an interrupted download"
    elif isinstance(exc, KeyError | StopIteration):
        what = "a part every workbook has is missing"
    elif isinstance(exc, ElementTree.ParseError):
        what = "the XML inside it is damaged"
    else:
        what = "its contents are damaged"
    message = (
        f"cannot be read as an .xlsx workbook: {what}; save it again from Excel as .xlsx, or as CSV"
    )
    return _error(file, Reason.UNREADABLE, message)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: its values from A1 (blank cells ``""``), merged ranges, percent cells."""

    values: list[list[object]]
    merged: list[Merge]
    percent: frozenset[tuple[int, int]]  # (row, cell index) of cells with a percent format
    hidden: tuple[int, ...] = ()  # rows hidden in Excel (1-based), read like any other


class Workbook:
    """The worksheets of an XLSX file, by name, in workbook order.

    Raises
    ------
    InputError
        The file is not a readable workbook, or unzips to more than 512 MiB.
    """

    def __init__(self, data: bytes, file: str):
        self.file = file
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            if sum(i.file_size for i in self.zip.infolist()) > MAX_UNZIPPED:
                message = f"unzips to more than {MAX_UNZIPPED // 2**20} MiB: it is not a cost file"
                raise _error(file, Reason.FILE_TOO_LARGE, message)
            self.names = {n.lower(): n for n in self.zip.namelist()}
            self.parts, styles = self._parts()
            self.book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            kinds = {m.name: m.typ for m in self.book.sheets_metadata}
            self.percent_styles = _percent_styles(self._read(styles)) if styles else frozenset()
        except InputError:
            raise
        except Exception as exc:  # a damaged upload can fail anywhere inside a reader
            raise _damaged(file, exc) from exc
        self.titles = [t for t in self.book.sheet_names if kinds[t] == SheetTypeEnum.WorkSheet]
        if not self.titles or any(t not in self.parts for t in self.titles):
            raise _unreadable(file, "no worksheet found")

    def _read(self, part: str) -> bytes:
        """A part's bytes (part names ignore case, as Excel does)."""
        return self.zip.read(self.names[part.lower()])

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Id -> (type, target part) of a part's relationships; ``""`` is the package."""
        folder, name = posixpath.split(part)
        root = ElementTree.fromstring(self._read(posixpath.join(folder, "_rels", f"{name}.rels")))
        out = {}
        for rel in root:
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(path))
        return out

    def _parts(self) -> tuple[dict[str, str], str | None]:
        """Worksheet name -> its XML part, and the styles part."""
        book = next(t for kind, t in self._rels("").values() if kind.endswith("/officeDocument"))
        rels = self._rels(book)
        sheets = {}
        for element in ElementTree.fromstring(self._read(book)).iter():
            if element.tag.endswith("}sheet"):
                rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), "")
                kind, target = rels.get(rid, ("", ""))
                if kind.endswith("/worksheet"):
                    sheets[element.get("name", "")] = target
        styles = next((t for kind, t in rels.values() if kind.endswith("/styles")), None)
        return sheets, styles if styles and styles.lower() in self.names else None

    def sheet(self, title: str) -> Sheet:
        """The values of sheet ``title``, with what calamine reads as blank put right.

        A formula saved without its value becomes a :class:`_Formula`, an error cell
        its text (``#DIV/0!``); merged ranges and percent-formatted cells are listed.
        """
        try:
            xml = _SheetXml(self._read(self.parts[title]), self.file)
            rows, columns = xml.extent()
            if rows * columns > MAX_CELLS:
                corner = f"{get_column_letter(columns)}{rows}"
                message = (
                    f"has cells as far as {corner} in the sheet '{title}' ({rows:,} rows × "
                    f"{columns:,} columns), too many to read: delete the rows and columns "
                    "beyond the table, save, try again"
                )
                raise _error(self.file, Reason.FILE_TOO_LARGE, message)
            found = self.book.get_sheet_by_name(title)
            values = found.to_python(skip_empty_area=False)
            merged = [
                (r0 + 1, r1 + 1, c0, c1) for (r0, c0), (r1, c1) in found.merged_cell_ranges or ()
            ]
            unread = xml.unread()
            percent = xml.styled(self.percent_styles)
            hidden = xml.hidden_rows()
        except InputError:
            raise
        except Exception as exc:  # damaged sheet XML surfaces while reading it
            raise _damaged(self.file, exc) from exc
        grid: list[list[object]] = values  # type: ignore[assignment]
        for (row, i), value in unread.items():
            grid.extend([] for _ in range(row - len(grid)))
            cells = grid[row - 1]
            cells.extend("" for _ in range(i + 1 - len(cells)))
            cells[i] = value
        return Sheet(grid, sorted(merged, key=lambda m: (m[0], m[2])), percent, hidden)


def _percent_styles(xml: bytes) -> frozenset[int]:
    """Indexes of the cell formats (``cellXfs``) whose number format shows a percentage."""
    root = ElementTree.fromstring(xml)
    codes = {e.get("numFmtId"): e.get("formatCode", "") for e in root.iter() if _is(e, "numFmt")}
    formats = next((e for e in root if _is(e, "cellXfs")), None)
    found = set()
    for index, xf in enumerate(formats if formats is not None else ()):
        number = xf.get("numFmtId", "0")
        if int(number) in _PERCENT_IDS or _shows_percent(codes.get(number, "")):
            found.add(index)
    return frozenset(found)


def _is(element: ElementTree.Element, name: str) -> bool:
    return element.tag == name or element.tag.endswith("}" + name)


def _shows_percent(code: str) -> bool:
    """A number format that multiplies by 100 and shows ``%``: not a quoted or escaped one.

    >>> [_shows_percent(c) for c in ("0.0%", '0.0"%"', "0\\\\%", "#,##0", "[Red]0%")]
    [True, False, False, False, True]
    """
    return "%" in re.sub(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]', "", code)


class _SheetXml:
    """A worksheet's XML, searched for the cells calamine cannot describe."""

    def __init__(self, xml: bytes, file: str):
        found = re.search(rb"<([\w.-]+:)?sheetData\b", xml)
        self.xml, self.file = xml, file
        self.p = (found[1] or b"") if found else b""
        self.start = found.end() if found else len(xml)
        end = xml.find(b"</" + self.p + b"sheetData>", self.start)
        self.end = len(xml) if end == -1 else end
        self.cell_open = b"<" + self.p + b"c"

    def hidden_rows(self) -> tuple[int, ...]:
        """The rows Excel hides (``<row r="7" hidden="1">``): a superseded figure hidden
        rather than deleted is still in the file.

        >>> xml = b'<sheetData><row r="2"/><row r="7" hidden="1"/></sheetData>'
        >>> _SheetXml(xml, "f").hidden_rows()
        (7,)
        """
        tag = re.escape(b"<" + self.p + b"row") + rb"\b([^>]*)>"
        found = []
        for attrs in re.compile(tag).findall(self.xml, self.start, self.end):
            row = re.search(rb"""\sr=["'](\d+)["']""", attrs)
            if row and re.search(rb"""\shidden=["'](1|true)["']""", attrs):
                found.append(int(row[1]))
        return tuple(found)

    def extent(self) -> tuple[int, int]:
        """The last row and column (1-based) that a cell with content reaches."""
        pattern = (
            re.escape(self.cell_open) + rb"""\b[^>]*?\sr=["']([A-Z]{1,3})(\d+)["'][^>]*(?<!/)>"""
        )
        refs = re.compile(pattern).findall(self.xml, self.start, self.end)
        if not refs:
            return 0, 0
        letters = max({c for c, _ in refs}, key=lambda c: (len(c), c))
        return max(int(r) for _, r in refs), column_index_from_string(letters.decode())

    def unread(self) -> dict[tuple[int, int], object]:
        """(row, cell index) -> a formula saved without its value, or an error cell's text."""
        found: dict[tuple[int, int], object] = {}
        tag = b"<" + self.p + b"f"
        at = self.xml.find(tag, self.start, self.end)
        while at != -1:
            if self.xml[at + len(tag) : at + len(tag) + 1] in (
                b" ",
                b">",
                b"/",
                b"\t",
                b"\n",
                b"\r",
            ):
                attrs, content = self._cell(at)
                if self._value(content) is None:
                    found[self._where(attrs)] = _Formula(self._formula(attrs, content))
            at = self.xml.find(tag, at + 1, self.end)
        for needle in _TYPE_E:
            at = self.xml.find(needle, self.start, self.end)
            while at != -1:
                attrs, content = self._cell(at)
                if needle in attrs and (value := self._value(content)) is not None:
                    found[self._where(attrs)] = value
                at = self.xml.find(needle, at + 1, self.end)
        return found

    def styled(self, styles: frozenset[int]) -> frozenset[tuple[int, int]]:
        """(row, cell index) of each cell whose format is one of ``styles``."""
        if not styles:
            return frozenset()
        ids = b"|".join(b"%d" % s for s in sorted(styles))
        pattern = (
            re.escape(self.cell_open) + rb"""\b([^>]*?\ss=["'](?:""" + ids + rb""")["'][^>]*)>"""
        )
        cells = re.compile(pattern).finditer(self.xml, self.start, self.end)
        return frozenset(self._where(m[1]) for m in cells)

    def _cell(self, at: int) -> tuple[bytes, bytes]:
        """The attributes and the content of the cell around position ``at``."""
        start = self.xml.rfind(self.cell_open, self.start, at)
        if start == -1:
            raise _unreadable(self.file, "a formula or an error outside a cell")
        close = self.xml.find(b">", start)
        end = self.xml.find(b"</" + self.p + b"c>", close, self.end)
        return self.xml[start:close], self.xml[close + 1 : self.end if end == -1 else end]

    def _where(self, attrs: bytes) -> tuple[int, int]:
        """(row, cell index) of a cell from its reference; a cell without one is refused."""
        if (ref := _REF.search(attrs)) is None:
            raise _unreadable(self.file, "a cell without its reference: save it from Excel")
        return int(ref[2]), column_index_from_string(ref[1].decode()) - 1

    def _value(self, content: bytes) -> str | None:
        """The saved value of a cell, or None when it has none (an empty ``<v>``, or none)."""
        p = re.escape(self.p)
        value = re.search(rb"<" + p + rb"v(?:\s[^>]*)?>([^<]*)</" + p + rb"v>", content)
        return html.unescape(value[1].decode()) if value and value[1] else None

    def _formula(self, attrs: bytes, content: bytes) -> str:
        """A cell's formula as Excel shows it (``=E2*1.1``); a shared one translated to it."""
        p = re.escape(self.p)
        own = re.search(rb"<" + p + rb"f(\s[^>]*?)?(/?)>(?:([^<]*)<)?", content)
        if own is None:
            return "="
        if own[3] and not own[2]:
            return "=" + html.unescape(own[3].decode())
        shared = re.search(rb"""\ssi=["'](\d+)["']""", own[1] or b"")
        if shared is None:
            return "="
        pattern = rb"<" + p + rb"f\s([^>]*\ssi=[\"']" + shared[1] + rb"[\"'][^>]*)(?<!/)>([^<]+)<"
        master = re.compile(pattern).search(self.xml, self.start, self.end)
        ref = re.search(rb"""\sref=["']([A-Z]+\d+)""", master[1]) if master else None
        if master is None or ref is None:
            return "="
        formula = "=" + html.unescape(master[2].decode())
        here = _REF.search(attrs)
        try:
            return Translator(formula, origin=ref[1].decode()).translate_formula(
                here[1].decode() + here[2].decode() if here else ref[1].decode()
            )
        except Exception:  # a formula openpyxl cannot translate: shown as the master's
            return formula
