"""Who is in the class: the roster a grading is checked against (``annotator grade --roster``).

Two kinds are read:

- the instructor's **Canvas gradebook export** (Grades → Export → Export Entire Gradebook): it
  finds each student's Canvas row, and canvas.csv fills that roster's assignment column;
- a **class list**: a text file with one student per line (a name, a login or an email), or a
  table (CSV, or an Excel workbook's first sheet) whose first row names its columns: a name
  (Name, Student, Full name, or First name and Last name/Surname), an id (ID, Student ID, ID
  number, Username, Login) and an email (Email, Email address). Moodle's and Google Classroom's
  exports are such tables. It tells who has handed in nothing.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.files import decode_utf8, read_bytes
from annotator.names import normalise_id


@dataclass(frozen=True)
class Roster:
    """A Canvas gradebook export, read by Canvas's own import rules (GradebookImporter): the
    header starts "Student", "ID" (then "SIS User ID", "SIS Login ID" and others) and its
    student columns end at "Section"; a row whose first cell says "Points Possible" holds
    points; rows that are all blank, "Muted" or "Manual Posting" are skipped. A header with
    more ";" than "," means ";" separates the fields, as Canvas's importer also accepts."""

    path: str
    header: tuple[str, ...]
    info: int  # how many leading student columns (through "Section")
    points_row: tuple[str, ...] | None
    rows: tuple[tuple[str, ...], ...]
    canvas: bool = True  # False: a class list, read into the columns Student, SIS User ID and
    # SIS Login ID (its names, ids and logins or emails); it has no assignments
    section: str | None = None  # the section chosen (``only_section``)
    assignment: str | None = None  # the assignment column graded into (--assignment), if any

    def column(self, name: str) -> int | None:
        return next((n for n, h in enumerate(self.header[:self.info]) if h.strip() == name),
                    None)

    @property
    def assignments(self) -> tuple[str, ...]:
        """The assignment columns: Canvas's read-only totals ("Current Score", "Final Grade",
        "Assignments Current Points" …) are left out, as its importer leaves them out."""
        return tuple(h for h in self.header[self.info:] if not _READ_ONLY.search(h.strip()))

    def assignment_column(self, wanted: str) -> str | None:
        """The column ``wanted`` names: its title, "Title (id)" or id; spaces and case aside
        when no column has it exactly."""
        wanted = wanted.strip()
        for same in (str, str.casefold):
            for head in self.assignments:
                match = re.match(r"^(.*)\((\d+)\)\s*$", head)
                title, ident = (match[1].strip(), match[2]) if match else (head.strip(), None)
                if same(" ".join(wanted.split())) in {same(" ".join(t.split()))
                                                      for t in (head, title, ident) if t}:
                    return head
        return None

    def sections(self, row: Sequence[str]) -> list[str]:
        """The sections a student is in. Canvas writes several as a sentence ("Period 2 and
        Period 4"; "A, B, and C"), and a section's own name may hold ", " or " and "
        ("English 9, Period 2"): a cell is read as several sections only when each part is a
        section some other student's cell names alone."""
        cell = self._section_cell(row)
        if not cell:
            return []
        return list(_split_sections(cell, self._cells))

    def _section_cell(self, row: Sequence[str]) -> str:
        at = self.column("Section") if self.canvas else None
        return " ".join(row[at].split()) if at is not None and at < len(row) else ""

    @cached_property
    def _cells(self) -> frozenset[str]:
        """Every Section cell as written."""
        return frozenset(filter(None, map(self._section_cell, self.rows)))

    def in_section(self, n: int) -> bool:
        """Whether the ``n``-th row's student is in the section chosen (``only_section``);
        every student is when none was chosen."""
        return self.section is None or self.section in self.sections(self.rows[n]) or \
            self.section == self._section_cell(self.rows[n])

    @property
    def section_rows(self) -> list[int]:
        """The rows of the section chosen (every row when none was)."""
        return [n for n in range(len(self.rows)) if self.in_section(n)]

    def only_section(self, wanted: str) -> Roster:
        """This roster with one section chosen: a section named ``wanted`` (case and spaces
        aside), else the one whose name holds it as whole words ("period 2" for "Media Literacy
        - Period 2", not "Period 20"). Its rows stay (a student of another section who handed
        in is still found, and named), but only the section's are checked for, filled and
        counted. A student in two sections is in both."""
        where = f"--section {wanted!r}"
        if not self.canvas or self.column("Section") is None:
            raise AnnotatorError(f"has no Section column, so {where} cannot be found in it: "
                                 "give your Canvas gradebook export, or a class list of that "
                                 "section's students alone.", path=self.path)
        plain = " ".join(wanted.split()).casefold()
        names = sorted({part for row in self.rows for part in self.sections(row)},
                       key=str.casefold)
        # whole words of a name: "period 2" is in "Period 2" but not in "Period 20"
        held = re.compile(rf"(?<!\w){re.escape(plain)}(?!\w)") if plain else None
        # a whole cell named exactly: a section whose name reads as two others joined
        # ("Reading and Writing" beside "Reading" and "Writing")
        cells = sorted(self._cells - set(names), key=str.casefold)
        same = [name for name in names + cells if name.casefold() == plain] or \
            [name for name in names if held and held.search(name.casefold())]
        if len(same) > 1:
            raise AnnotatorError(f"has {len(same)} sections whose names hold {where} "
                                 f"({'; '.join(same[:12])}): give one of them in full.",
                                 path=self.path)
        if not same:
            listed = "; ".join(names[:12]) + (" …" if len(names) > 12 else "")
            raise AnnotatorError(f"has no section named like {where}. Its sections: "
                                 f"{listed or 'none'}. Give one of them, or a part of its name "
                                 "that no other section's has.", path=self.path)
        return replace(self, section=same[0])

    def kept_grades(self, head: str, filled: set[int]) -> list[str]:
        """The students (of the section chosen, if one was) with a grade in column ``head`` in
        Canvas already, whose row is not in ``filled``: canvas.csv does not list them, and
        Canvas keeps the grade. "N/A" (not assigned to them) and "EX" (excused) are no
        grade."""
        if head not in self.header[self.info:]:
            return []
        at = self.header.index(head, self.info)
        return [self.rows[n][0] for n in self.section_rows
                if n not in filled and self.rows[n][at].strip().upper() not in _NO_GRADE]

    def excused(self, head: str, filled: set[int], cells=("EX", "EXCUSED")) -> list[str]:
        """The students excused ("EX") from column ``head`` in Canvas (or with other
        ``cells``) whose row is in ``filled``: importing canvas.csv gives them a grade
        instead."""
        if head not in self.header[self.info:]:
            return []
        at = self.header.index(head, self.info)
        return [self.rows[n][0] for n in sorted(filled)
                if self.rows[n][at].strip().upper() in cells]

    def exempt(self, n: int) -> bool:
        """Whether the ``n``-th row's student owes no work for the assignment graded into:
        excused ("EX") or not assigned it ("N/A") in Canvas."""
        if self.assignment is None or self.assignment not in self.header[self.info:]:
            return False
        cell = self.rows[n][self.header.index(self.assignment, self.info)]
        return cell.strip().upper() in ("EX", "EXCUSED", "N/A")

    def points_possible(self, head: str) -> float | None:
        """The points an assignment column (``head``) is worth in Canvas, if the export says."""
        if self.points_row is None or head not in self.header[self.info:]:
            return None
        cell = self.points_row[self.header.index(head, self.info)].strip()
        try:
            points = float(cell.replace(",", "."))  # "7,5" from a decimal-comma locale
        except ValueError:
            return None
        return points if math.isfinite(points) and points > 0 else None


# Canvas joins a student's sections with Rails' to_sentence, in the course's language: "A and
# B", "A, B, and C"; "A y B", "A et B", "A und B", "A e B"
_SECTIONS_JOIN = re.compile(r"(,? (?:and|y|et|und|e) |, )")
_NO_GRADE = {"", "-", "N/A", "EX", "EXCUSED"}  # a cell of the export that holds no grade


def _split_sections(cell: str, known: frozenset[str]) -> tuple[str, ...]:
    """``cell`` as the sections it lists: its parts between the joins, put back together
    where needed so that each is a ``known`` section (another cell); the cell whole when it
    cannot be read so (one section whose name holds a join)."""
    parts = _SECTIONS_JOIN.split(cell)  # name, join, name, join, …
    words, joins = parts[0::2], parts[1::2]

    def split(i: int) -> tuple[str, ...] | None:  # words[i:] as known sections
        for j in range(len(words), i, -1):
            name = "".join(w + (joins[k] if k < j - 1 else "")
                           for k, w in enumerate(words[i:j], start=i))
            if name in known and name != cell:
                if j == len(words):
                    return (name,)
                rest = split(j)
                if rest is not None:
                    return (name, *rest)
        return None

    found = split(0) if len(words) > 1 else None
    return found if found and len(found) > 1 else (cell,)
_READ_ONLY = re.compile(r"(?:^|\s)(?:Unposted\s+)?(?:Current|Final)\s+(?:Score|Grade|Points)$|"
                        r"^Override\s+(?:Score|Grade)$")


def load_roster(path: str | Path) -> Roster:
    """The instructor's Canvas gradebook export, else a class list (see ``class_list``)."""
    if Path(path).suffix.lower() in (".xlsx", ".xlsm"):
        return class_list(path, _workbook_rows(path))
    text = _roster_text(path)
    text = text.replace("\x00", "")  # junk in a gradebook; Python 3.10's csv stops at it
    # the commonest separator: of the first line in a Canvas export (";" where "," is the
    # decimal comma), else of the first ten lines (a class list may have a title line above
    # its header; one copied from a spreadsheet has tabs)
    first = text.split("\n", 1)[0]
    sample = first if first.lstrip('"').startswith("Student") else \
        "\n".join(text.split("\n", 10)[:10])
    delimiter = max((",", ";", "\t"), key=sample.count)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise AnnotatorError(f"cannot be read as CSV ({exc}). Export the gradebook from Canvas "
                             "again (Grades → Export → Export Entire Gradebook) and use that "
                             "file as it is, or save your class list as CSV UTF-8.",
                             path=path) from None
    if not rows or len(rows[0]) < 2 or "Student" not in rows[0][0] or "ID" not in rows[0][1]:
        return class_list(path, rows, text, delimiter)
    header = tuple(rows[0])
    info = next((n + 1 for n, h in enumerate(header) if h.strip() == "Section"), None)
    if info is None:
        raise AnnotatorError("has no Section column: Canvas needs the columns Student, ID, "
                             "SIS User ID, SIS Login ID, Section before the assignments.",
                             path=path)
    points, students = None, []
    for row in rows[1:]:
        row = tuple(row) + ("",) * (len(header) - len(row))
        if "Points Possible" in row[0]:
            points = row
        elif all(cell.strip().lower() in ("", "muted") or
                 cell.strip().startswith("Manual Posting") for cell in row):
            continue  # blank, or the row that marks assignments posted by hand
        elif normalise_id(row[0]) in ("student, test", "test student"):
            continue  # Canvas's Student View account
        else:
            students.append(row)
    return Roster(str(path), header, info, points, tuple(students))


# -- class lists -------------------------------------------------------------------------------

# A class list's columns, by what their header says (compared as ``_heading`` gives it)
# (English, then French, German and Spanish: the headings of a teacher's own spreadsheet)
_NAME = {"name", "student", "student name", "students", "full name", "fullname",
         "display name", "learner", "pupil",
         "nom complet", "élève", "étudiant", "étudiante", "vollständiger name", "schüler",
         "schülerin", "nombre completo", "alumno", "alumna", "alumno/a", "alumnos",
         "estudiante", "nombre y apellidos", "apellidos y nombre", "apellidos, nombre"}
_FIRST = {"first name", "firstname", "given name", "forename", "first",
          "prénom", "vorname", "nombre"}
_LAST = {"last name", "lastname", "surname", "family name", "last",
         "nom", "nom de famille", "nachname", "familienname", "apellido", "apellidos",
         "primer apellido"}
_LAST2 = {"segundo apellido"}  # Spanish names have two
_ID = {"id", "student id", "studentid", "id number", "idnumber", "student number", "username",
       "user name", "login", "login id", "user id", "sis user id", "sis login id", "sis id",
       "identifiant", "numéro", "n° étudiant", "numéro étudiant", "numéro d'étudiant",
       "numéro d'identification", "nom d'utilisateur", "matricule", "matrikelnummer",
       "id-nummer", "benutzername", "anmeldename", "kennung", "usuario", "nombre de usuario",
       "número de id", "número de identificación", "matrícula", "número de estudiante"}
_EMAIL = {"email", "email address", "e-mail", "e-mail address", "mail",
          "adresse e-mail", "adresse email", "adresse électronique", "courriel",
          "adresse de courriel", "e-mail-adresse", "correo", "correo electrónico",
          "dirección de correo", "dirección de correo electrónico"}
_HEADINGS = _NAME | _FIRST | _LAST | _LAST2 | _ID | _EMAIL
# rows of a gradebook export that are no student (Google Classroom's, a teacher's own sheet)
_NOT_STUDENTS = {"points", "points possible", "total points", "class average", "average",
                 "moyenne", "moyenne de la classe", "durchschnitt", "promedio", "media"}


def _heading(cell: str) -> str:
    return " ".join(cell.replace("_", " ").split()).casefold()


def class_list(path: str | Path, rows: Sequence[Sequence[str]], text: str | None = None,
               delimiter: str = ",") -> Roster:
    """A class list as a roster of the columns Student, SIS User ID and SIS Login ID (as
    a Canvas export names them, so one matcher serves both). ``rows``: the file's table;
    ``text``: the file itself, when it is text, and ``delimiter`` its field separator. A
    table is known by a row naming a column above (the first of the first ten rows that
    does); a file that looks like a table but names none is refused rather than guessed at;
    any other file is one student per line, each line as it is ("Lovelace, Ada" is one
    student), in the columns Student and SIS Login ID alike."""
    # the header: the first row naming a column, among the first few (a spreadsheet may have
    # a title row or two above it)
    top = next((n for n, row in enumerate(rows[:10])
                if any(_heading(str(cell)) in _HEADINGS for cell in row)), None)
    header = [_heading(str(cell)) for cell in rows[top]] if top is not None else []
    name, first, last, last2, ident, email = (
        next((n for n, h in enumerate(header) if h in wanted), None)
        for wanted in (_NAME, _FIRST, _LAST, _LAST2, _ID, _EMAIL))
    if first is not None and last is None and name is not None:
        name, last = None, name  # "Name" beside "Vorname" (German) is the surname
    if top is None:
        widest = max((sum(bool(str(c).strip()) for c in row) for row in rows[:10]), default=0)
        if widest >= (2 if text is None or delimiter != "," else 3):
            # a table whose columns are not named as this reads them: never guessed at
            firsts = ", ".join(repr(str(c).strip()) for c in rows[0][:4] if str(c).strip())
            raise AnnotatorError(f"is a table whose first row ({firsts}) names no column "
                                 "this reads. Put a first row that names its columns: Name "
                                 "(or First name and Last name), ID, Email; or give one "
                                 "student per line.", path=path)
        lines = text.splitlines() if text is not None else \
            [" ".join(c for c in row if c.strip()) for row in rows]
        students = [(line.strip(), "", line.strip()) for line in lines
                    if line.strip() and not line.lstrip().startswith("#")]
    else:
        def cell(row: Sequence[str], at: int | None) -> str:
            return " ".join(str(row[at]).split()) if at is not None and at < len(row) else ""

        students = []
        for row in rows[top + 1:]:
            full = cell(row, name) or " ".join(filter(None, (
                cell(row, first), cell(row, last), cell(row, last2))))
            login, mail = cell(row, ident), cell(row, email)
            if not (login or mail) and full.casefold() in _NOT_STUDENTS:
                continue  # a spreadsheet's row of points or averages
            if full or login or mail:
                students.append((full or login or mail, login, mail))
    if not students:
        raise AnnotatorError("lists no students. Give your Canvas gradebook export (Grades → "
                             "Export → Export Entire Gradebook), or a class list: one student "
                             "per line, or a table whose first row names a Name, ID or Email "
                             "column.", path=path)
    return Roster(str(path), ("Student", "SIS User ID", "SIS Login ID"), 3, None,
                  tuple(students), canvas=False)


def _roster_text(path: str | Path) -> str:
    """The file's text: UTF-8, else Windows-1252, which Excel's "CSV" (not "CSV UTF-8")
    saves in Western Europe and the Americas ("Prénom" as the byte E9). Read once."""
    data = read_bytes(path)
    try:
        return decode_utf8(data, path)
    except AnnotatorError as exc:
        if "bad byte" not in exc.reason:
            raise
        try:
            return data.decode("cp1252").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise exc from None


def _workbook_rows(path: str | Path) -> list[list[str]]:
    """The first sheet of an Excel workbook, as text cells."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise AnnotatorError("does not exist. Give the path of your class list or Canvas "
                             "gradebook export.", path=path) from None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException) as exc:
        # a damaged or password-protected workbook
        raise AnnotatorError(f"cannot be read as an Excel workbook ({exc}). Save it again "
                             "from Excel, or as CSV (File → Save As → CSV UTF-8), and give "
                             "that.", path=path) from None
    try:
        sheet = book.worksheets[0]
        return [["" if value is None else _text(value) for value in row]
                for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _text(value: object) -> str:
    """A cell as its text: a whole number without ".0" (an id number Excel stored as one)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
