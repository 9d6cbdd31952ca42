"""A minimal XLSX (Office Open XML) writer for the gradebook's tables.

Written from string templates: openpyxl takes about a minute for a 10,000-student long table.
Strings go to the shared-string table, so a student-provided "=..." is text, never a formula,
and characters XML cannot hold become U+FFFD. ``Grouped`` describes a long table by its
repeating parts; the CSV writer (``annotator.gradebook.csv_text``) takes it too.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter
from xml.sax.saxutils import escape as xml_escape

from annotator.files import utf8_chunks


@dataclass(frozen=True)
class Grouped:
    """A long table whose rows repeat but for their first cell: each block ``(first, numbers)``
    stands for the rows ``(first, *tails[n]) for n in numbers``. A writer renders each tail
    once, so a row costs a list look-up."""

    tails: Sequence[tuple]
    blocks: Iterable[tuple[object, Sequence[int]]]

    def __iter__(self) -> Iterator[tuple]:
        for first, numbers in self.blocks:
            for n in numbers:
                yield (first, *self.tails[n])

    def rendered(self, first: Callable[[object], str], tail: Callable[[tuple], str]
                 ) -> Iterator[tuple[str, Sequence[str]]]:
        """Each block as its first cell's text and its rows' tail texts. A tail is rendered
        when first used, after the cells before it, as a row-by-row writer would (the XLSX
        shared strings are numbered by first use)."""
        texts: list[str | None] = [None] * len(self.tails)
        for lead, numbers in self.blocks:
            if not numbers:  # no rows, so nothing to write (or to number)
                continue
            lead_text = first(lead)
            found = itemgetter(*numbers)(texts) if len(numbers) > 1 else \
                [texts[n] for n in numbers]
            if None in found:
                found = list(found)
                for k, n in enumerate(numbers):
                    if texts[n] is None:
                        texts[n] = tail(self.tails[n])
                    found[k] = texts[n]
            yield lead_text, found


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_JOIN = "\ue000"  # a private-use character: legal in XML and never escaped
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_START = (
    f'{_HEAD}<worksheet xmlns="{_NS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" '
    'topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
_SAMPLE = 500  # rows a column's width is judged on
_WIDTHS = (6, 60)  # a column's narrowest and widest, in characters
_STYLES = (
    f'<styleSheet xmlns="{_NS}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/>'
    '</font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2">'
    '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
    '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
    'borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" '
    'borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" '
    'applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
    'builtinId="0"/></cellStyles></styleSheet>')


class _ByValue(dict):
    """Cell XML by value for one type, built on first use."""

    def __init__(self, make, known=()):
        super().__init__(known)
        self.make = make

    def __missing__(self, value) -> str:
        xml = self[value] = self.make(value)
        return xml


class _AsText:
    """Cells of any other type hold their ``str()`` as text."""

    def __init__(self, texts: _ByValue):
        self.texts = texts

    def __getitem__(self, value) -> str:
        return self.texts[str(value)]


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence] | Grouped]]
               ) -> bytes:
    """A workbook with one sheet per ``(name, header, rows)``: the header row bold, frozen and
    with filter buttons, each column as wide as its header and first rows need."""
    strings: dict[str, int] = {}

    def text_cell(value: str) -> str:
        return f'<c t="s"><v>{strings.setdefault(value, len(strings))}</v></c>'

    def number_cell(value) -> str:
        return f"<c><v>{value!r}</v></c>" if math.isfinite(value) else "<c/>"

    # A cell's XML depends only on its type and value, and a gradebook repeats values a lot:
    # each is built once. Cells carry no reference: they fill their row left to right.
    texts = _ByValue(text_cell, {"": "<c/>"})
    cells = {str: texts, int: _ByValue(number_cell), float: _ByValue(number_cell),
             bool: {True: '<c t="b"><v>1</v></c>', False: '<c t="b"><v>0</v></c>'},
             type(None): {None: "<c/>"}}

    of_type, other = cells.get, _AsText(texts)

    def cell(value) -> str:
        return of_type(type(value), other)[value]

    def row_xml(row: Sequence) -> str:
        return "".join([of_type(type(v), other)[v] for v in row])

    # First every sheet's cells in reading order, which numbers the shared strings; a sheet's
    # text is put together only while it is compressed, a block of rows at a time.
    sheet_xml, filters = [], []
    for _, header, rows in sheets:
        if isinstance(rows, Grouped):
            blocks = list(rows.rendered(cell, lambda tail: row_xml(tail) + "</row>"))
            count, body = sum(len(ends) for _, ends in blocks), _numbered(blocks)
        else:
            rows = rows if isinstance(rows, Sequence) else list(rows)
            count, body = len(rows), [f'<row r="{r}">{row_xml(row)}</row>'
                                      for r, row in enumerate(rows, start=2)]
        area = f"A1:{_column(len(header))}{count + 1}"
        filters.append(area)
        head = _SHEET_START + _cols(header, islice(rows, _SAMPLE)) + '<sheetData><row r="1">' + \
            "".join(f'<c s="1" t="s"><v>{strings.setdefault(str(h), len(strings))}</v></c>'
                    for h in header) + "</row>"
        sheet_xml.append(chain([head], body,
                               [f'</sheetData><autoFilter ref="{area}"/></worksheet>']))

    shared = _shared_strings([s[:32767] for s in strings])  # Excel's limit for a cell
    names = [re.sub(r"[\[\]:*?/\\]", "_", name)[:31] for name, _, _ in sheets]
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                        f'ContentType="{_CT}.worksheet+xml"/>' for n in range(1, len(sheets) + 1))
    files = {
        "[Content_Types].xml":
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'{overrides}<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
            '</Types>',
        "_rels/.rels":
            f'{_HEAD}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>' + "".join(
                f'<sheet name="{xml_escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                for n, name in enumerate(names, start=1)) + "</sheets><definedNames>" + "".join(
                # Excel keeps each sheet's filter area under this hidden name, and looks for it
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
                f"{xml_escape(_quoted(name))}!{_absolute(area)}</definedName>"
                for n, (name, area) in enumerate(zip(names, filters))) +
            "</definedNames></workbook>",
        "xl/_rels/workbook.xml.rels":
            f'{_HEAD}<Relationships xmlns="{_PKG}">' + "".join(
                f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" '
                f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, len(sheets) + 1)) +
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" '
            f'Target="styles.xml"/><Relationship Id="rId{len(sheets) + 2}" '
            f'Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml": _HEAD + _STYLES,
        "xl/sharedStrings.xml":
            f'{_HEAD}<sst xmlns="{_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            f'{shared}</sst>',
    }
    for n, xml in enumerate(sheet_xml, start=1):
        files[f"xl/worksheets/sheet{n}.xml"] = xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in files.items():
            with archive.open(name, "w") as part:  # dated 1980-01-01, as Excel dates its own
                for chunk in utf8_chunks(text):
                    part.write(chunk)
    return buffer.getvalue()


def _shared_strings(strings: Sequence[str]) -> str:
    """The ``<si>`` items: XML-illegal characters replaced, ``&<>`` escaped. Both change one
    character at a time, so all the strings are cleaned at once, joined by a character no
    string holds (each string cleaned alone if one does hold it)."""
    def clean(text: str) -> str:
        return xml_escape(_XML_ILLEGAL.sub("\ufffd", text))

    start, end = '<si><t xml:space="preserve">', "</t></si>"
    joined = _JOIN.join(strings)
    if joined.count(_JOIN) != max(len(strings) - 1, 0):
        return "".join(start + clean(s) + end for s in strings)
    return start + clean(joined).replace(_JOIN, end + start) + end if strings else ""


def _numbered(blocks: list[tuple[str, Sequence[str]]]) -> Iterator[str]:
    """The rows of rendered ``Grouped`` blocks, a block at a time, numbered from 2."""
    r = 2
    for lead, ends in blocks:
        yield "".join([f'<row r="{n}">{lead}{end}' for n, end in enumerate(ends, start=r)])
        r += len(ends)


def _cols(header: Sequence, sample: Iterable[Sequence]) -> str:
    """The ``<cols>`` of a sheet: each column as wide as the longest of its header and its
    cells in ``sample`` (a sheet's first rows), within ``_WIDTHS``."""
    widths = [len(str(h)) for h in header]
    for row in sample:
        for k, value in enumerate(row[:len(widths)]):
            if value is not None and len(text := str(value)) > widths[k]:
                widths[k] = len(text)
    low, high = _WIDTHS
    return "<cols>" + "".join(
        f'<col min="{k}" max="{k}" width="{min(max(w + 2, low), high)}" customWidth="1"/>'
        for k, w in enumerate(widths, start=1)) + "</cols>" if widths else ""


def _column(n: int) -> str:
    """The letters of the ``n``-th column (1 → A, 27 → AA)."""
    letters = ""
    while n > 0:
        n, k = divmod(n - 1, 26)
        letters = chr(65 + k) + letters
    return letters or "A"


def _absolute(area: str) -> str:
    """``A1:D10`` as ``$A$1:$D$10``."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", corner) for corner in area.split(":"))


def _quoted(sheet: str) -> str:
    """A sheet's name as a formula names it: in single quotes, each quote doubled."""
    return "'" + sheet.replace("'", "''") + "'"
