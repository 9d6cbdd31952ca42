"""Class lists as rosters: a teacher without a Canvas export still learns who handed in nothing.

A class list is a text file with one student per line, or a table (CSV, tab-separated, or an
Excel workbook) whose first row names its columns, as Moodle's and Google Classroom's exports do.
"""

from __future__ import annotations

import csv
import io

import pytest

from annotator.collect import collect
from annotator.errors import AnnotatorError
from annotator.gradebook import grade, run
from annotator.roster import load_roster


@pytest.fixture()
def hand_in(write_json, submission_data):
    def put(name, student_id, student_name):
        data = submission_data()
        data["student"] = {"id": student_id, "name": student_name}
        return write_json(name, data)
    return put


def _graded(tmp_path, key, roster):
    """The class in ``tmp_path/class`` graded against ``roster``."""
    return grade(collect([tmp_path / "class"]), key, roster=roster)


def _kinds(book):
    return sorted((i.kind, i.student) for i in book.issues)


def test_a_plain_class_list_says_who_handed_in_nothing(write, hand_in, kn23_key, tmp_path):
    hand_in("class/a.json", "s-017", "Ada Lovelace")
    hand_in("class/b.json", "aturing", "Alan Turing")
    hand_in("class/c.json", "jh-7", "Jo Hale")
    roster = load_roster(write("class.txt", "Ada Lovelace\n# the back row\n\nTuring, Alan\n"
                                            "jh-7\nKatherine Johnson\n"))
    assert not roster.canvas and len(roster.rows) == 4
    book = _graded(tmp_path, kn23_key, roster)
    # found by name, by "Last, First", by a login line; the one without work is named
    assert _kinds(book) == [("no_submission", "Katherine Johnson")]
    assert "of them, no grade (roster)       1" in book.summary()


def test_a_login_line_is_not_a_name_to_compare(write, hand_in, kn23_key, tmp_path):
    """A list of logins gives no names: "jh-7" signed "Jo Hale" is not someone else's work."""
    hand_in("class/c.json", "jh-7", "Jo Hale")
    roster = load_roster(write("logins.txt", "jh-7\n"))
    book = _graded(tmp_path, kn23_key, roster)
    assert book.issues == []
    assert book.graded[0].roster_row == 0


def test_a_class_list_table_like_moodles_export(write, hand_in, kn23_key, tmp_path):
    hand_in("class/a.json", "ada@school.org", "Ada Lovelace")
    hand_in("class/b.json", "20417", "Alan Turing")
    hand_in("class/z.json", "zoe", "Zoë Ñúñez")
    export = ("\ufeffFirst name,Surname,ID number,Institution,Department,Email address,"
              "Assignment: KN-23 (Real)\n"
              "Ada,Lovelace,,,,ada@school.org,-\n"
              "Alan,Turing,20417,,,alan@school.org,-\n"
              "Zoë,Ñúñez,,,,zn@school.org,-\n"
              "Grace,Hopper,,,,grace@school.org,-\n")
    roster = load_roster(write("moodle-grades.csv", export))
    assert roster.rows[0] == ("Ada Lovelace", "", "ada@school.org")
    book = _graded(tmp_path, kn23_key, roster)
    assert _kinds(book) == [("no_submission", "Grace Hopper")]
    book.write(tmp_path / "out")
    moodle = list(csv.DictReader(io.StringIO(
        (tmp_path / "out" / "moodle.csv").read_text(encoding="utf-8"))))
    # the roster's email goes to moodle.csv, which Moodle's CSV import maps users by
    assert {row["Full name"]: row["Email address"] for row in moodle} == {
        "Ada Lovelace": "ada@school.org", "Alan Turing": "alan@school.org",
        "Zoë Ñúñez": "zn@school.org"}


def test_a_list_pasted_from_a_spreadsheet_is_tab_separated(write):
    roster = load_roster(write("pasted.tsv", "Name\tEmail\nLovelace, Ada\tada@school.org\n"))
    assert roster.rows == (("Lovelace, Ada", "", "ada@school.org"),)


def test_a_header_that_names_no_column_is_a_student_per_line(write):
    roster = load_roster(write("list.csv", "Lovelace, Ada\nTuring, Alan\n"))
    assert [row[0] for row in roster.rows] == ["Lovelace, Ada", "Turing, Alan"]


def test_an_excel_class_list(tmp_path, hand_in, kn23_key):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Student ID", "First Name", "Last Name"])
    sheet.append([20417.0, "Alan", "Turing"])  # an id Excel keeps as a number
    sheet.append([20418, "Grace", "Hopper"])
    book.save(tmp_path / "class.xlsx")
    roster = load_roster(tmp_path / "class.xlsx")
    assert roster.rows == (("Alan Turing", "20417", ""), ("Grace Hopper", "20418", ""))
    hand_in("class/b.json", "20417", "Alan Turing")
    graded = grade(collect([tmp_path / "class"]), kn23_key, roster=roster)
    assert _kinds(graded) == [("no_submission", "Grace Hopper")]


def test_a_damaged_workbook_is_a_clear_error(write):
    with pytest.raises(AnnotatorError, match=r"class\.xlsx: cannot be read as an Excel workbook "
                                             r".*File → Save As → CSV UTF-8"):
        load_roster(write("class.xlsx", b"PK\x03\x04 not really a workbook"))


@pytest.mark.parametrize("content", ["", "\n# nobody yet\n\n", "Name,Email\n"])
def test_a_list_with_no_students_is_a_clear_error(write, content):
    with pytest.raises(AnnotatorError, match=r"empty\.csv: lists no students\. Give your Canvas "
                                             r"gradebook export .* or a class list"):
        load_roster(write("empty.csv", content))


def test_grading_with_a_class_list_makes_a_new_canvas_assignment(write, hand_in, kn23_key,
                                                                 tmp_path, capsys):
    """A class list has no Canvas columns: canvas.csv is as without a roster, with no warning
    about the roster's assignment columns; an existing Canvas assignment still needs Canvas's
    export, which alone knows what it is worth."""
    hand_in("class/a.json", "s-017", "Ada Lovelace")
    write("class.txt", "Ada Lovelace\nGrace Hopper\n")
    key = str(kn23_key.path)
    status = run([str(tmp_path / "class")], key, roster=str(tmp_path / "class.txt"),
                 out=str(tmp_path / "out"), progress=False)
    said = capsys.readouterr()
    assert status == 0
    assert "warning" not in said.err
    assert "roster student 'Grace Hopper' has no graded submission" in said.out
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "canvas.csv").read_text("utf-8"))))
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[2][0] == "Ada Lovelace"
    status = run([str(tmp_path / "class")], key, roster=str(tmp_path / "class.txt"),
                 assignment="KN-23 (5104)", out=str(tmp_path / "out2"), progress=False)
    assert status == 2
    assert "without a Canvas --roster" in capsys.readouterr().err


def test_a_roster_finds_students_accents_aside(write, hand_in, kn23_key, tmp_path):
    """Exports often drop accents ("Dupont, Francois"); students type them, or do not."""
    hand_in("class/f.json", "fd", "François Dupont")
    hand_in("class/z.json", "zm", "zoe martin")
    roster = load_roster(write("class.txt", "Dupont, Francois\nMartin, Zoë\n"))
    book = _graded(tmp_path, kn23_key, roster)
    assert book.issues == []
    assert {s.name: s.roster_row for s in book.graded} == {"François Dupont": 0,
                                                           "zoe martin": 1}


def test_canvas_csv_sorts_names_accents_aside(hand_in, kn23_key, tmp_path):
    for n, name in enumerate(["zoe martin", "Ángel Ruiz", "Émilie Roy", "Bea Cruz"]):
        hand_in(f"class/{n}.json", f"s{n}", name)
    book = grade(collect([tmp_path / "class"]), kn23_key)
    assert [row[0] for row in book.canvas_rows()[2:]] == ["Ángel Ruiz", "Bea Cruz",
                                                          "Émilie Roy", "zoe martin"]


def test_without_emails_next_steps_say_how_moodle_can_find_the_students(
        write, hand_in, kn23_key, tmp_path):
    """moodle.csv from plain files has ids but no emails: Moodle's CSV import can then map
    users only by a Username that must be their Moodle one. The advice says how to get emails
    in: the Moodle grade export as the roster."""
    hand_in("class/a.json", "s-017", "Ada Lovelace")
    book = grade(collect([tmp_path / "class"]), kn23_key)
    advice = " ".join(book.next_steps().split())
    assert "moodle.csv has no emails (the files give none)" in advice
    assert "Moodle grade export" in advice
    roster = load_roster(write("m.csv", "First name,Surname,Email address\n"
                                        "Ada,Lovelace,ada@school.org\n"))
    book = _graded(tmp_path, kn23_key, roster)
    assert "moodle.csv has no emails" not in " ".join(book.next_steps().split())
    # a class list without emails: the advice does not blame the files alone
    roster = load_roster(write("names.csv", "Name,Username\nAda Lovelace,s-017\n"))
    book = _graded(tmp_path, kn23_key, roster)
    assert [s.roster_row for s in book.graded] == [0]
    advice = " ".join(book.next_steps().split())
    assert "moodle.csv has no emails (neither the files nor --roster give any)" in advice


def test_moodle_csv_never_has_emails_for_some_students_only(write, hand_in, kn23_key, tmp_path):
    """Moodle's CSV import keeps the user of the row before for a row whose email is blank
    (grade/import/csv load_data.php, map_user_data_with_value): mapped by email, Jo Hale's
    grade would have gone to the student above. A partly filled column is not written, and
    the next steps name who has no email."""
    hand_in("class/a.json", "s-017", "Ada Lovelace")
    hand_in("class/j.json", "jh-7", "Jo Hale")
    roster = load_roster(write("m.csv", "First name,Surname,Email address\n"
                                        "Ada,Lovelace,ada@school.org\n"))
    book = _graded(tmp_path, kn23_key, roster)
    book.write(tmp_path / "out")
    moodle = list(csv.DictReader(io.StringIO(
        (tmp_path / "out" / "moodle.csv").read_text(encoding="utf-8"))))
    assert [row["Email address"] for row in moodle] == ["", ""]
    advice = " ".join(book.next_steps().split())
    assert "moodle.csv has no emails: 1 student(s) have none (Jo Hale)" in advice


def test_two_roster_students_of_one_name_are_said_to_be_alike(write, hand_in, kn23_key,
                                                              tmp_path):
    """Alex Kim who handed in was 'not in the roster', which lists two Alex Kims."""
    hand_in("class/a.json", "alex-kim", "Alex Kim")
    roster = load_roster(write("c.csv", "Name,ID\nAlex Kim,101\nAlex Kim,102\n"))
    book = _graded(tmp_path, kn23_key, roster)
    said = next(i.message for i in book.issues if i.student == "alex-kim")
    assert "matches 2 roster students ('Alex Kim' (101) and 'Alex Kim' (102)) by name, and " \
           "no id or email in the file tells which: check which of them handed it in." in said
    assert "is not in the roster" not in said


@pytest.mark.parametrize("typed", ["Girard, Jules", "Jules Girard", "Girard Jules",
                                   "jules  GIRARD"])
def test_a_name_meets_its_roster_row_in_either_order(write, hand_in, kn23_key, tmp_path,
                                                     typed):
    hand_in("class/j.json", "jg", typed)
    roster = load_roster(write("c.csv", "First name,Last name\nJules,Girard\n"))
    book = _graded(tmp_path, kn23_key, roster)
    assert book.issues == [] and book.graded[0].roster_row == 0


def test_an_id_excel_took_the_leading_zero_from_still_meets_its_student(tmp_path, hand_in,
                                                                        kn23_key):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Student ID", "Name"])
    book.active.append([20240130, "Adam Chevalier"])  # typed as 020240130; Excel kept a number
    book.save(tmp_path / "class.xlsx")
    hand_in("class/a.json", "020240130", "Adam")
    graded = grade(collect([tmp_path / "class"]), kn23_key,
                   roster=load_roster(tmp_path / "class.xlsx"))
    assert graded.issues == [] and graded.graded[0].roster_row == 0


def test_an_nbgrader_folder_finds_its_roster_row_whatever_the_file_is_signed(
        write, hand_in, kn23_key, tmp_path):
    """dave's folder holds a file signed 'Erin Smith': the location check says so once. The
    roster row is dave's (the folder decides), not 'left out of canvas.csv' with a second,
    untrue message, nor 'Dave Jones has no graded submission'."""
    hand_in("c/submitted/dave/lesson1/erin.json", "erin-smith", "Erin Smith")
    roster = load_roster(write("classlist.csv", "Name,Username,Email\n"
                                                "Dave Jones,dave,dave@school.org\n"))
    book = grade(collect([tmp_path / "c"]), kn23_key, roster=roster)
    assert [(i.kind, i.student) for i in book.issues] == [("mismatch", "dave")]
    assert "nbgrader's folder for 'dave'" in book.issues[0].message
    assert book.graded[0].roster_row == 0


def test_the_notebooks_canvas_assignment_with_a_class_list_says_a_canvas_roster_is_needed(
        write, hand_in, kn23_key, tmp_path):
    hand_in("class/a.json", "s-017", "Ada Lovelace")
    roster = load_roster(write("class.txt", "Ada Lovelace\n"))
    book = _graded(tmp_path, kn23_key, roster)
    with pytest.raises(ValueError, match="without a Canvas roster .* a class list has no "
                                         "assignments"):
        book.canvas_rows("Lesson 4 (5104)")


@pytest.mark.parametrize(("header", "row", "wanted"), [
    ("Nom;Prénom;N° étudiant;Adresse e-mail", "Dupont;François;2024;fd@lycee.fr",
     ("François Dupont", "2024", "fd@lycee.fr")),
    ("Nachname;Vorname;Matrikelnummer;E-Mail", "Müller;Alice;77;am@schule.de",
     ("Alice Müller", "77", "am@schule.de")),
    ("Apellidos,Nombre,Correo electrónico", "Ruiz,Ángel,ar@colegio.es",
     ("Ángel Ruiz", "", "ar@colegio.es")),
])
def test_a_class_list_in_french_german_or_spanish(write, header, row, wanted):
    empty = ";;;" if ";" in header else ",,,"  # a spreadsheet's blank row
    assert load_roster(write("liste.csv", f"{header}\n{row}\n{empty}\n")).rows == (wanted,)


@pytest.mark.parametrize("content", ["Klasse;Kind;Note\n10B;Alice;2\n",
                                     "Dupont\tFrançois\nGirard\tJules\n",
                                     "Lovelace, Ada, 10B\nTuring, Alan, 10B\n"])
def test_a_table_whose_columns_are_not_named_is_refused_not_guessed(write, content):
    """Read as a student per line, such a table matched nobody, and the header row itself
    became a student 'with no graded submission'."""
    with pytest.raises(AnnotatorError, match=r"t\.csv: is a table whose first row \(.*\) names "
                                             r"no column this reads\. Put a first row"):
        load_roster(write("t.csv", content))


def test_an_excel_class_list_with_a_title_row_above_its_header(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Class 10B, spring term"])
    book.active.append([])
    book.active.append(["Name", "Email"])
    book.active.append(["Ada Lovelace", "ada@school.org"])
    book.save(tmp_path / "class.xlsx")
    assert load_roster(tmp_path / "class.xlsx").rows == (("Ada Lovelace", "", "ada@school.org"),)


def test_a_class_list_excel_saved_as_windows_1252_is_read(write):
    """Excel's plain "CSV" in France saves "Prénom" as the byte E9, not UTF-8."""
    roster = load_roster(write("liste.csv", "Nom;Prénom\nDupont;François\n".encode("cp1252")))
    assert roster.rows == (("François Dupont", "", ""),)


def test_a_roster_that_matches_nobody_is_said_so(write, hand_in, kn23_key, tmp_path):
    """A list of emails against files signed with names, another class's list: every student
    was 'not in the roster' and every roster student 'has no graded submission', no more."""
    hand_in("class/a.json", "s-017", "Ada Lovelace")
    roster = load_roster(write("other.txt", "grace@school.org\nalan@school.org\n"))
    book = _graded(tmp_path, kn23_key, roster)
    assert "Roster: none of the 1 graded students was found in other.txt, read as a class " \
           "list of 2 (the first: 'grace@school.org'). Is it this class's list?" in \
           " ".join(book.summary().split())


@pytest.mark.parametrize(("content", "wanted"), [
    # German lists: "Name" beside "Vorname" is the surname
    ("Name;Vorname;E-Mail\nMüller;Alice;am@schule.de\n", ("Alice Müller", "", "am@schule.de")),
    # Spanish lists: "Alumno/a" written "Apellidos, Nombre"; two surnames
    ("Nº;Alumno/a;Correo\n1;Ruiz Gil, Ángel;ar@colegio.es\n",
     ("Ruiz Gil, Ángel", "", "ar@colegio.es")),
    ("Nombre;Primer apellido;Segundo apellido;Email\nÁngel;Ruiz;Gil;ar@colegio.es\n",
     ("Ángel Ruiz Gil", "", "ar@colegio.es")),
    # Moodle's grade export in French
    (("Prénom,Nom,Numéro d'identification,Institution,Département,Adresse de courriel\n"
     "Alice,Dupont,77,,,ad@lycee.fr\n"), ("Alice Dupont", "77", "ad@lycee.fr")),
])
def test_class_lists_as_german_spanish_and_french_schools_write_them(write, content, wanted):
    assert load_roster(write("liste.csv", content)).rows == (wanted,)


def test_a_name_typed_as_a_roster_row_has_it_wins_over_the_same_words_reversed(
        write, hand_in, kn23_key, tmp_path):
    """Thomas Martin and Martin Thomas, both in the roster: each file found both rows (names
    in any order), and neither student was matched."""
    hand_in("class/a.json", "tm", "Thomas Martin")
    hand_in("class/b.json", "mt", "Martin Thomas")
    roster = load_roster(write("c.csv", "First name,Last name\nThomas,Martin\nMartin,Thomas\n"))
    book = _graded(tmp_path, kn23_key, roster)
    assert book.issues == []
    assert {s.name: s.roster_row for s in book.graded} == {"Thomas Martin": 0,
                                                           "Martin Thomas": 1}


def test_a_class_list_below_title_lines_and_without_its_points_row(write):
    """A semicolon list whose title line has no semicolon was split at commas; a gradebook's
    Points and Class average rows became students 'with no graded submission'."""
    content = ("Lycée Victor Hugo, classe de 2nde B\n\nNom;Prénom;Courriel\n"
               "Points;;\nDupont;François;fd@lycee.fr\nClass average;;\n")
    assert load_roster(write("liste.csv", content)).rows == (("François Dupont", "",
                                                              "fd@lycee.fr"),)
