"""The hand-made writers against references: ``csv_text`` is ``csv.writer`` with every field
quoted, and a ``Grouped`` long table writes the same CSV and XLSX parts as its plain rows."""

from __future__ import annotations

import csv
import io
import sys
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.gradebook import _safe, csv_pieces, csv_text
from annotator.xlsx import Grouped, xlsx_bytes

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, 1, True, 0, False, 0.5, "", '"', '""', "=x", "-0.0"]),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=8),
    st.text(alphabet='"\r\n,\x00= -+@\t', max_size=6))
tables = st.lists(st.lists(values, max_size=6), max_size=12)


def reference_csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else _nul_kept(v) for v in row])
    return buffer.getvalue().replace(_NUL, "\x00") if sys.version_info < (3, 11) else \
        buffer.getvalue()


# Python 3.10's csv module cannot write a NUL (3.11's writes it as it is, between the quotes
# like any other character): there the reference writes a stand-in and puts the NUL back. The
# stand-in is a lone surrogate, which ``values`` never holds.
_NUL = "\udfff"


def _nul_kept(value):
    if sys.version_info < (3, 11) and isinstance(value, str):
        return value.replace("\x00", _NUL)
    return value


def parts(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


@SETTINGS
@given(tables)
def test_csv_text_is_the_csv_module_with_every_field_quoted(rows):
    assert csv_text(rows) == reference_csv(rows)


@SETTINGS
@given(tables)
def test_guarded_csv_guards_every_student_string(rows):
    guarded = [[_safe(v) if isinstance(v, str) else v for v in row] for row in rows]
    assert "".join(csv_pieces(rows, safe=True)) == reference_csv(guarded)


@SETTINGS
@given(st.lists(st.tuples(values, values, values), min_size=1, max_size=5),
       st.lists(st.tuples(values, st.lists(st.integers(0, 4), max_size=6)), max_size=8))
def test_a_grouped_table_writes_as_its_plain_rows(tails, blocks):
    blocks = [(first, [n % len(tails) for n in numbers]) for first, numbers in blocks]
    table = Grouped(tails, blocks)
    plain = list(table)
    assert csv_text(table) == reference_csv(plain)
    first_sheet = ("a", ["x"], [[1, "p"]])
    assert parts(xlsx_bytes([first_sheet, ("t", ["h1", "h2"], table)])) == \
        parts(xlsx_bytes([first_sheet, ("t", ["h1", "h2"], plain)]))
