"""Canvas and Moodle import files, checked against the rules their importers apply.

Canvas: app/models/gradebook_importer.rb. The header's first cells match /Student/ and /ID/;
when the next two match /SIS User ID/ and /SIS Login ID/ there are five student columns, and
the last one must match /Section/. A row whose first cell matches /Points Possible/ sets
points; assignment columns are "Title (id)" (no id: a new assignment). A student is found by
ID, else by SIS User ID or SIS Login ID, else by name or sortable name.

Moodle: the offline grading worksheet importer (mod/assign/feedback/offline/importgradeslib.php)
needs the columns "Identifier" ("Participant <id>"), "Grade" and "Last modified (grade)", and
reads feedback columns by name ("Feedback comments"); the gradebook CSV import
(grade/import/csv) maps users by id, username, ID number or email address.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime

import pytest

from annotator.collect import collect
from annotator.errors import AnnotatorError
from annotator.feedback import format_percent, summary_line
from annotator.gradebook import grade, load_roster


def _rows(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def canvas_read(rows):
    """Canvas's GradebookImporter, as far as columns go: (students, points, assignments)."""
    header = rows[0]
    assert len(header) > 3 and re.search("Student", header[0]) and re.search("ID", header[1])
    info = 3
    if re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        info += 2
    assert re.search("Section", header[info - 1])
    assignments = []
    for head in header[info:]:
        match = re.match(r"^(.*)\((\d+)\)\s*$", head)
        assignments.append((match[1].strip(), match[2]) if match else (head, None))
    points, students = None, []
    for row in rows[1:]:
        if re.search("Points Possible", row[0]):
            points = row[info:]
            continue
        students.append((row[:info], row[info:]))
    return students, points, assignments


@pytest.fixture()
def hand_in(write_json, submission_data):
    def put(name, student_id, student_name, marks=()):
        data = submission_data(marks=marks)
        data["student"] = {"id": student_id, "name": student_name}
        return write_json(name, data)
    return put


@pytest.fixture()
def some_marks(kn23_key):
    return [{"label": i.label, "start": i.start, "end": i.end} for i in kn23_key.items[:6]]


def test_canvas_csv_follows_canvas_column_rules(kn23_key, hand_in, some_marks, tmp_path):
    hand_in("class/a.json", "s-017", "Ada Lovelace", some_marks)
    book = grade(collect([tmp_path / "class"]), kn23_key)
    book.write(tmp_path / "out", assignment="KN-23 annotation")
    rows = _rows(tmp_path / "out" / "canvas.csv")
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    students, points, assignments = canvas_read(rows)
    assert assignments == [("KN-23 annotation", None)]  # a new assignment, worth the key's points
    assert float(points[0]) == book.scorer.max_points
    [(info, grades)] = students
    assert info[0] == "Ada Lovelace" and info[3] == "s-017"
    assert float(grades[0]) == pytest.approx(book.graded[0].chosen.result.points, abs=0.01)


def test_canvas_csv_gives_the_canvas_user_id_from_a_canvas_zip(kn23_key, submission_data,
                                                              tmp_path):
    zpath = tmp_path / "submissions.zip"
    with zipfile.ZipFile(zpath, "w") as archive:
        archive.writestr("lovelaceada_12345_999_kn23.json", json.dumps(submission_data()))
    book = grade(collect([zpath]), kn23_key)
    students, _, _ = canvas_read(book.canvas_rows())
    assert students[0][0][1] == "12345"


def test_an_assignment_without_an_id_is_a_new_canvas_assignment(kn23_key, hand_in, tmp_path):
    hand_in("class/a.json", "s-1", "Ada")
    book = grade(collect([tmp_path / "class"]), kn23_key)
    _, _, assignments = canvas_read(book.canvas_rows())
    assert assignments == [(f"{kn23_key.article.title} [kn23-hedging]", None)]


def test_each_lessons_new_canvas_assignment_has_its_own_name(kn23_key, write_json,
                                                             submission_data, tmp_path):
    """Lessons 1 and 2 graded apart both named their new assignment after the article, so
    Canvas would take the second import for the first's grades."""
    titles = []
    for lesson in ("kn23-claims", "kn23-sources"):
        data = submission_data()
        data["lesson"] = lesson
        write_json(f"{lesson}/a.json", data)
        book = grade(collect([tmp_path / lesson]), kn23_key)
        titles += [title for title, _ in canvas_read(book.canvas_rows())[2]]
    assert titles == [f"{kn23_key.article.title} [kn23-claims]",
                      f"{kn23_key.article.title} [kn23-sources]"]
    # files of two lessons (a warning says so): the lesson most of them are from; a file
    # with no lesson (another tool's) does not take the lesson away
    data = submission_data()
    data["lesson"], data["student"] = "", {"id": "s-9", "name": "Nine"}
    write_json("kn23-claims/b.json", data)
    assert grade(collect([tmp_path / "kn23-claims"]), kn23_key).assignment_title() == \
        f"{kn23_key.article.title} [kn23-claims]"


ROSTER = (
    "Student,ID,SIS User ID,SIS Login ID,Section,KN-23 annotation (4812),Quiz 1 (4813),"
    "Current Score,Final Score\r\n"
    "    Points Possible,,,,,30,10,(read only),(read only)\r\n"
    '"Lovelace, Ada",1001,U-1,s-017,Period 1,,8,,\r\n'
    '"Smith, Bob",1002,U-2,s-018,Period 1,,7,,\r\n'
    '"Turing, Alan",1003,U-3,s-019,Period 2,,9,,\r\n'
    '"Hopper, Grace",1005,U-5,s-021,Period 2,,9,,\r\n'
    '"Curie, Marie",1006,U-6,s-022,Period 2,,9,,\r\n'
    '"Student, Test",1004,,,Period 1,,,,\r\n'
)


@pytest.fixture()
def rostered(kn23_key, hand_in, write, submission_data, tmp_path):
    roster = write("export.csv", ROSTER)
    hand_in("class/ada.json", "S-017", "Ada Lovelace")  # by SIS Login ID
    hand_in("class/bob.json", "U-2", "Robert Smith")  # by SIS User ID
    hand_in("class/grace.json", "grace-h", "Grace Hopper")  # by name only
    hand_in("class/zed.json", "s-999", "Zed Outsider")  # not in the roster
    with zipfile.ZipFile(tmp_path / "canvas.zip", "w") as archive:  # by Canvas user id
        data = submission_data()
        data["student"] = {"id": "s-019", "name": "Alan Turing"}
        archive.writestr("turingalan_1003_77_kn23.json", json.dumps(data))
    book = grade(collect([tmp_path / "class", tmp_path / "canvas.zip"]), kn23_key,
                 roster=load_roster(roster))
    return book


def test_roster_students_are_matched_by_login_sis_id_canvas_id_and_name(rostered):
    matched = {s.key: rostered.roster.rows[s.roster_row][0] for s in rostered.graded
               if s.roster_row is not None}
    assert matched == {"s-017": "Lovelace, Ada", "u-2": "Smith, Bob",
                       "canvas:1003": "Turing, Alan", "grace-h": "Hopper, Grace"}


def test_roster_problems_are_reported(rostered):
    kinds = {(i.kind, i.student) for i in rostered.issues}
    assert ("not_in_roster", "s-999") in kinds
    assert ("no_submission", "Curie, Marie") in kinds
    assert not any("Test" in student for _, student in kinds)  # Canvas's test student


def test_canvas_csv_with_a_roster_fills_the_roster_in_its_order(rostered, tmp_path):
    rows = rostered.canvas_rows(assignment="4812")
    students, points, assignments = canvas_read(rows)
    assert assignments == [("KN-23 annotation", "4812")]  # the roster's own column
    assert points == ["30"]
    names = [info[0] for info, _ in students]
    # Marie Curie handed in nothing: she is not listed at all. Canvas's importer takes a blank
    # cell for "remove this grade" (GradebookImporter#no_change_to_value? sees a change when the
    # new value is blank and Canvas has one) and leaves the students a file does not list.
    assert names == ["Lovelace, Ada", "Smith, Bob", "Turing, Alan", "Hopper, Grace"]
    assert [info[1] for info, _ in students] == ["1001", "1002", "1003", "1005"]
    assert all(g[0] for _, g in students)


def test_canvas_points_are_scaled_to_what_the_rosters_assignment_is_worth(
        rostered, kn23_key, write, hand_in, some_marks, tmp_path):
    hand_in("class/curie.json", "s-022", "Marie Curie", marks=some_marks)
    roster = load_roster(write("ten.csv", ROSTER.replace(",,,,,30,10,", ",,,,,10,10,")))
    book = grade(collect([tmp_path / "class", tmp_path / "canvas.zip"]), kn23_key,
                 roster=roster)
    students, points, _ = canvas_read(book.canvas_rows(assignment="4812"))
    assert points == ["10"]  # the assignment keeps its points possible
    by_name = {info[0]: grade_[0] for info, grade_ in students}
    for s in book.graded:
        if s.roster_row is not None:
            name = roster.rows[s.roster_row][0]
            expected = round(s.chosen.result.points * 10 / book.scorer.max_points, 2)
            assert float(by_name[name]) == pytest.approx(expected, abs=0.005)
    assert by_name["Curie, Marie"] not in ("", "0")
    # a column the roster has no points for (a new assignment) keeps the key's points
    _, points, assignments = canvas_read(book.canvas_rows(assignment="Reflection"))
    assert assignments == [("Reflection", None)] and points == ["31"]


def test_a_semicolon_roster_with_a_manual_posting_row_reads_like_the_comma_one(write):
    plain = load_roster(write("plain.csv", ROSTER))
    hidden = ROSTER.replace("    Points Possible", ",,,,,Manual Posting,,,\r\n    Points Possible")
    semicolon = "".join(";".join(row) + "\r\n" for row in csv.reader(io.StringIO(hidden)))
    semicolon = semicolon.replace(";30;10;", ";30;7,5;")
    roster = load_roster(write("semicolon.csv", semicolon))
    assert (roster.header, roster.info) == (plain.header, plain.info)
    assert roster.rows == plain.rows  # the "Manual Posting" row is not a student
    assert roster.points_possible("Quiz 1 (4813)") == 7.5
    assert roster.points_possible("KN-23 annotation (4812)") == 30


def test_a_roster_with_nul_characters_reads_as_without_them(write):
    """A NUL in an exported gradebook (a damaged cell) crashed Python 3.10's csv reader with
    a traceback; it is junk, and the roster reads as it would without it."""
    plain = load_roster(write("plain.csv", ROSTER))
    damaged = load_roster(write("nul.csv", ROSTER.replace("Points Possible", "Points\x00 Possible")
                                .replace(",30,", ",3\x000,", 1)))
    assert (damaged.header, damaged.rows, damaged.points_row) == \
        (plain.header, plain.rows, plain.points_row)


def test_a_roster_csv_cannot_read_is_a_clear_error(write, monkeypatch):
    def broken(*args, **kwargs):
        raise csv.Error("field larger than field limit (131072)")
    monkeypatch.setattr(csv, "reader", broken)
    with pytest.raises(AnnotatorError, match=r"r\.csv: cannot be read as CSV \(field larger "
                                             r"than field limit \(131072\)\)\. Export the "
                                             r"gradebook from Canvas again"):
        load_roster(write("r.csv", ROSTER))


def test_a_canvas_roster_must_look_like_a_canvas_export(write):
    with pytest.raises(AnnotatorError, match="r.csv: has no Section column: Canvas needs"):
        load_roster(write("r.csv", "Student,ID,SIS User ID\n\"Lovelace, Ada\",17,s-017\n"))
    # any other table is a class list (tests/test_roster.py): it has no Canvas columns
    roster = load_roster(write("r.csv", "name,score\nada,3\n"))
    assert not roster.canvas and roster.rows == (("ada", "", ""),)


def test_moodle_csv_has_the_columns_its_importers_need(kn23_key, submission_data, tmp_path):
    zpath = tmp_path / "moodle.zip"
    with zipfile.ZipFile(zpath, "w") as archive:
        archive.writestr("Ada Lovelace_101_assignsubmission_file_/kn23.json",
                         json.dumps(submission_data()))
    book = grade(collect([zpath]), kn23_key)
    book.write(tmp_path / "out")
    rows = _rows(tmp_path / "out" / "moodle.csv")
    header = rows[0]
    for needed in ("Identifier", "Grade", "Last modified (grade)", "Feedback comments",
                   "Username", "Email address"):
        assert needed in header
    row = dict(zip(header, rows[1]))
    assert row["Identifier"] == "Participant 101"
    assert float(row["Grade"]) == book.graded[0].chosen.result.percent
    assert row["Maximum Grade"] == "100"
    assert datetime.strptime(row["Last modified (grade)"], "%Y-%m-%d %H:%M:%S UTC")
    assert row["Feedback comments"] == summary_line(book.graded[0].chosen.result)
    assert row["Username"] == "s-017"


def test_moodle_grades_are_out_of_the_assignments_maximum_grade(kn23_key, submission_data,
                                                                tmp_path, capsys):
    """An assignment worth 10 in Moodle: a grade of 53.6 would be refused as above its
    maximum; --moodle-max 10 gives 5.36 of 10."""
    from annotator.cli import main

    folder = tmp_path / "class"
    folder.mkdir()
    marks = [{"label": i.label, "start": i.start, "end": i.end} for i in kn23_key.items[:20]]
    (folder / "a.json").write_text(json.dumps(submission_data(marks=marks)), "utf-8")
    out = tmp_path / "out"
    assert main(["grade", str(folder), "--key", kn23_key.path,
                 "--out", str(out), "--moodle-max", "10"]) == 0
    row = dict(zip(*_rows(out / "moodle.csv")[:2]))
    percent = grade(collect([folder]), kn23_key).graded[0].chosen.result.percent
    assert 0 < percent < 100
    assert float(row["Grade"]) == round(percent / 10, 2) and row["Maximum Grade"] == "10"
    assert row["Feedback comments"].startswith(format_percent(percent))  # the percent, as shown
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["grade", str(folder), "--key", "k.yaml", "--moodle-max", "0"])
    assert "--moodle-max" in capsys.readouterr().err


def test_moodle_email_column_is_filled_when_the_id_is_an_email(kn23_key, hand_in, tmp_path):
    hand_in("class/a.json", "Ada@School.example", "Ada")
    row = grade(collect([tmp_path / "class"]), kn23_key).moodle_rows()[1]
    assert row[3] == "ada@school.example"


def test_csv_files_are_rfc_4180_utf8_and_round_trip_awkward_names(kn23_key, hand_in, tmp_path):
    awkward = 'Zoë "Zed" O\'Brien, Jr. 李'

    hand_in("class/a.json", "s-1", awkward)
    grade(collect([tmp_path / "class"]), kn23_key).write(tmp_path / "out")
    for name in ("gradebook.csv", "gradebook_items.csv", "canvas.csv", "moodle.csv",
                 "files.csv", "issues.csv"):
        raw = (tmp_path / "out" / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8")
        assert text.endswith("\r\n")
        records = list(csv.reader(io.StringIO(text)))
        first_line = text.split("\r\n", 1)[0]
        assert first_line.startswith('"') and first_line.endswith('"')  # every field quoted
        assert len({len(r) for r in records}) == 1, name
    wide = _rows(tmp_path / "out" / "gradebook.csv")
    assert wide[1][1] == awkward


def test_student_text_cannot_become_a_spreadsheet_formula(kn23_key, hand_in, tmp_path):
    hand_in("class/a.json", "=cmd|'/c calc'!A1", '=HYPERLINK("http://x","y")')
    grade(collect([tmp_path / "class"]), kn23_key).write(tmp_path / "out")
    canvas = _rows(tmp_path / "out" / "canvas.csv")
    assert canvas[2][0] == "'=HYPERLINK(\"http://x\",\"y\")"
    wide = _rows(tmp_path / "out" / "gradebook.csv")
    assert wide[1][0].startswith("'=") and wide[1][1].startswith("'=")
    moodle = _rows(tmp_path / "out" / "moodle.csv")
    assert moodle[1][2].startswith("'=")  # Username


@pytest.mark.parametrize("login", ["-jdoe", "@ada", "ada.l-1@school.org"])
def test_a_login_of_login_characters_is_never_guarded_in_the_lms_files(kn23_key, hand_in,
                                                                       tmp_path, login):
    """A Moodle username "-jdoe" was written "'-jdoe", which Moodle's import would not find
    (the analyst's check); made of login characters only, no formula can be made of it."""
    hand_in("class/a.json", login, "Jo Doe")
    grade(collect([tmp_path / "class"]), kn23_key).write(tmp_path / "out")
    assert _rows(tmp_path / "out" / "moodle.csv")[1][2] == login  # Username
    assert _rows(tmp_path / "out" / "canvas.csv")[2][3] == login  # SIS Login ID
    assert _rows(tmp_path / "out" / "gradebook.csv")[1][0] == \
        ("'" + login if login[0] in "-@" else login)  # a table still guards it


# -- what an instructor taking grades to Canvas or Moodle trips on --------------------------


def test_a_file_claiming_another_roster_students_id_is_not_given_their_grade(
        kn23_key, hand_in, write, tmp_path):
    """John's file says it is s-019 (Alan Turing's login): Canvas would put John's grade on
    Alan. Left out, and said; Alan is listed with no submission."""
    roster = load_roster(write("export.csv", ROSTER))
    hand_in("class/john.json", "s-019", "John Doe")
    hand_in("class/bob.json", "U-2", "Robert Smith")  # a nickname still meets "Smith, Bob"
    book = grade(collect([tmp_path / "class"]), kn23_key, roster=roster)
    placed = {s.key: s.roster_row for s in book.graded}
    assert placed["s-019"] is None and placed["u-2"] == 1
    [mismatch] = [i for i in book.issues if i.kind == "mismatch"]
    assert "'Turing, Alan'" in mismatch.message and "'John Doe'" in mismatch.message
    assert "left out of canvas.csv" in mismatch.message
    students, _, _ = canvas_read(book.canvas_rows(assignment="4812"))
    assert "Turing, Alan" not in {info[0] for info, _ in students}


def test_an_existing_canvas_assignment_needs_the_roster_for_its_points(
        kn23_key, hand_in, tmp_path, capsys):
    """Without the roster, "Title (id)" would get the key's 30 points into an assignment
    worth, say, 10: 24 of 10 is 240%. Refused, and nothing written."""
    from annotator.cli import main

    hand_in("class/a.json", "s-1", "Ada")
    book = grade(collect([tmp_path / "class"]), kn23_key)
    with pytest.raises(ValueError, match="roster"):
        book.canvas_rows(assignment="KN-23 annotation (4812)")
    for assignment in ("KN-23 annotation (4812)", "4812", "Media literacy (2026)"):
        assert main(["grade", str(tmp_path / "class"), "--key", kn23_key.path, "--out",
                     str(tmp_path / "out"), "--assignment", assignment]) == 2
        err = " ".join(capsys.readouterr().err.split())
        assert "--roster" in err
        # a year in brackets is an id to Canvas too: the way out is said
        assert "write 'Lesson 4 (2026)' as 'Lesson 4, 2026'" in err
    assert not (tmp_path / "out").exists()
    # a title of its own makes a new assignment, worth the key's points
    _, points, assignments = canvas_read(book.canvas_rows(assignment="Annotation"))
    assert assignments == [("Annotation", None)] and points == [_number_text(book)]


def _number_text(book) -> str:
    points = book.scorer.max_points
    return str(int(points)) if points == int(points) else str(points)


def test_a_hub_login_matches_the_part_of_a_canvas_login_before_the_at(
        kn23_key, submission_data, write, tmp_path):
    roster = load_roster(write("export.csv", ROSTER.replace(",s-018,", ",bsmith@uni.edu,")))
    folder = tmp_path / "course" / "submitted" / "BSmith" / "kn23"
    folder.mkdir(parents=True)
    data = submission_data()
    data["student"] = {"id": "bsmith", "name": ""}
    (folder / "kn23.json").write_text(json.dumps(data), "utf-8")
    book = grade(collect([tmp_path / "course" / "submitted"]), kn23_key, roster=roster)
    [student] = book.graded
    assert roster.rows[student.roster_row][0] == "Smith, Bob"
    assert student.name == "Smith, Bob"  # the roster's name, as the file has none
    # without a roster, canvas.csv gives the hub login as written: Canvas matches it exactly
    bare = grade(collect([tmp_path / "course" / "submitted"]), kn23_key)
    students, _, _ = canvas_read(bare.canvas_rows())
    assert students[0][0][3] == "BSmith"


def test_a_rejected_file_is_named_beside_its_roster_student(kn23_key, write, tmp_path):
    roster = load_roster(write("export.csv", ROSTER))
    with zipfile.ZipFile(tmp_path / "canvas.zip", "w") as archive:
        archive.writestr("curiemarie_1006_77_kn23.json", b"\xff\xfe{")
    book = grade(collect([tmp_path / "canvas.zip"]), kn23_key, roster=roster)
    [curie] = [i for i in book.issues if i.student == "Curie, Marie"]
    assert "curiemarie_1006_77_kn23.json was rejected (not UTF-8 text" in curie.message
    assert "files.csv" in curie.message


def test_canvas_read_only_columns_are_not_assignments(write):
    roster = load_roster(write("export.csv", ROSTER))
    assert roster.assignments == ("KN-23 annotation (4812)", "Quiz 1 (4813)")
    assert roster.assignment_column("Final Score") is None
    assert roster.assignment_column("Quiz 1") == "Quiz 1 (4813)"


def test_a_canvas_zip_is_late_by_canvas_own_mark_not_the_students_clock(
        kn23_key, submission_data, tmp_path):
    """Priya had an extension: Canvas did not mark her late, though her file was saved after
    --due. Grace's attempt was marked late by Canvas, though her clock said otherwise."""
    due = datetime.fromisoformat("2026-11-26T17:00:00+00:00")
    with zipfile.ZipFile(tmp_path / "canvas.zip", "w") as archive:
        late_save = submission_data(saved_at="2026-11-28T10:00:00Z")
        archive.writestr("patelpriya_1001_77_kn23.json", json.dumps(late_save))
        early_save = submission_data(saved_at="2026-11-20T10:00:00Z")
        archive.writestr("hoppergrace_late_1005_78_kn23.json", json.dumps(early_save))
    book = grade(collect([tmp_path / "canvas.zip"]), kn23_key, due=due,
                 resubmission="latest_before_due")
    assert {s.lms_id: s.late for s in book.graded} == {"1001": False, "1005": True}
    note = book.times_note()
    assert "Canvas marked them so" in note and "whatever --due says" in note
    assert "only each student's latest attempt" in note


def test_next_steps_say_where_each_file_goes_and_what_it_fills(rostered, kn23_key, hand_in,
                                                               tmp_path):
    text = " ".join(rostered.next_steps("4812", moodle_max=10).split())  # lines unwrapped
    assert "fills 'KN-23 annotation (4812)' for 4 of the roster's 5 students" in text
    assert "out of 30" in text and "Grades are out of 10" in text
    assert "Grades → Import → CSV file" in text  # no Moodle zip: the gradebook import
    hand_in("alone/a.json", "s-1", "Ada")
    bare = " ".join(grade(collect([tmp_path / "alone"]), kn23_key).next_steps().split())
    assert "makes a new assignment" in bare and "--roster" in bare


def test_a_report_on_a_plain_file_says_when_it_was_saved_not_handed_in(kn23_key, hand_in,
                                                                     tmp_path):
    hand_in("class/a.json", "s-1", "Ada")
    book = grade(collect([tmp_path / "class"]), kn23_key)
    page = book.student_report_html("s-1")
    assert "· saved: " in page and "handed in:" not in page


def test_plain_files_are_said_to_be_timed_by_their_saved_time(kn23_key, hand_in, tmp_path):
    hand_in("class/a.json", "s-1", "Ada")
    due = datetime.fromisoformat("2026-11-20T12:00:00+00:00")
    note = grade(collect([tmp_path / "class"]), kn23_key, due=due).times_note()
    assert note.startswith("Times: files are timed by when they were saved")


def _signed(submission_data, student_id, name):
    data = submission_data()
    data["student"] = {"id": student_id, "name": name}
    return json.dumps(data)


@pytest.mark.parametrize("word", ["Participant", "Teilnehmerin"])
def test_moodle_blind_marking_shows_participants_not_the_names_typed_in_files(
        kn23_key, submission_data, tmp_path, word):
    """Blind marking writes one word (English "Participant", or its translation) for every
    name. No file is then a "mismatch", and the typed names and ids stay out of the outputs."""
    zpath = tmp_path / "moodle.zip"
    with zipfile.ZipFile(zpath, "w") as archive:
        archive.writestr(f"{word}_101_assignsubmission_file/kn23.json",
                         _signed(submission_data, "ada", "Ada Lovelace"))
        archive.writestr(f"{word}_102_assignsubmission_file/kn23.json",
                         _signed(submission_data, "grace", "Grace Hopper"))
    book = grade(collect([zpath]), kn23_key)
    assert book.issues == []
    assert [(s.name, s.student_id) for s in book.graded] == [
        ("Participant 101", ""), ("Participant 102", "")]
    assert "blind marking" in book.blind_note()
    book.write(tmp_path / "out")
    for path in (tmp_path / "out").rglob("*"):
        if path.suffix in (".csv", ".html"):
            text = path.read_text(encoding="utf-8")
            assert "Lovelace" not in text and "Hopper" not in text, path.name
    row = dict(zip(*_rows(tmp_path / "out" / "moodle.csv")[:2]))
    assert row["Identifier"] == "Participant 101" and row["Username"] == ""


def test_a_moodle_zip_of_one_named_student_is_not_blind(kn23_key, submission_data, tmp_path):
    zpath = tmp_path / "moodle.zip"
    with zipfile.ZipFile(zpath, "w") as archive:
        archive.writestr("Ada Lovelace_101_assignsubmission_file/kn23.json",
                         _signed(submission_data, "ada", "Ada Lovelace"))
    book = grade(collect([zpath]), kn23_key)
    assert book.graded[0].name == "Ada Lovelace" and book.blind_note() is None


def test_a_canvas_anonymous_zip_is_graded_by_the_files_own_ids(kn23_key, submission_data,
                                                               tmp_path):
    """Anonymous grading: "anon_<five base58 characters>" where the user id goes. An all-digit
    anonymous id is no Canvas user id (canvas.csv would have given Alan's grade to user 12345),
    and Canvas's LATE mark still counts."""
    zpath = tmp_path / "canvas.zip"
    with zipfile.ZipFile(zpath, "w") as archive:
        archive.writestr("anon_12345_79_kn23.json", _signed(submission_data, "alan", "Alan T"))
        archive.writestr("LATE_anon_x9YzQ_78_kn23.json",
                         _signed(submission_data, "grace", "Grace Hopper"))
    book = grade(collect([zpath]), kn23_key)
    assert book.issues == []
    assert {s.key: (s.source, s.lms_id, s.late) for s in book.graded} == {
        "alan": ("canvas", None, False), "grace": ("canvas", None, True)}
    students, _, _ = canvas_read(book.canvas_rows())
    assert [row[:4] for row, _ in students] == [["Alan T", "", "", "alan"],
                                                ["Grace Hopper", "", "", "grace"]]
    assert "anonymous grading" in book.blind_note()


def test_assignment_names_a_roster_column_whatever_its_case(write):
    roster = load_roster(write("export.csv", ROSTER))
    assert roster.assignment_column("kn-23  ANNOTATION") == "KN-23 annotation (4812)"
    assert roster.assignment_column("quiz 1 (4813)") == "Quiz 1 (4813)"
    assert roster.assignment_column("Current Score") is None and \
        roster.assignment_column("Quiz 2") is None


def test_next_steps_name_students_whose_canvas_grade_canvas_csv_leaves(
        kn23_key, hand_in, write, tmp_path):
    """Quiz 1 has grades in Canvas for five students; a regrade that has a file of only one
    of them leaves the others' Canvas grades as they are: the instructor is told whose."""
    roster = load_roster(write("export.csv", ROSTER))
    hand_in("class/ada.json", "S-017", "Ada Lovelace")
    book = grade(collect([tmp_path / "class"]), kn23_key, roster=roster)
    text = " ".join(book.next_steps("Quiz 1").split())
    assert "4 student(s) with a grade for it in Canvas have none here" in text
    assert "Smith, Bob" in text and "Lovelace, Ada" not in text
    assert "with a grade for it" not in " ".join(book.next_steps("4812").split())  # none yet
    # and canvas.csv does leave them: it lists Ada alone, so Bob's 7 is not blanked out
    students, _, assignments = canvas_read(book.canvas_rows(assignment="Quiz 1"))
    assert assignments == [("Quiz 1", "4813")]
    assert [info[0] for info, _ in students] == ["Lovelace, Ada"] and students[0][1][0]


def test_hub_logins_are_matched_to_the_roster_as_they_are(kn23_key, hand_in, write, tmp_path):
    """Files saved on JupyterHub carry the login as their id and, with no name typed, as their
    name: "ada.lovelace" and "ada-lovelace" are two students, a login that is the roster's SIS
    Login ID finds its student, and a file signed with its login alone is not a mismatch."""
    roster = load_roster(write("export.csv", (
        "Student,ID,SIS User ID,SIS Login ID,Section,KN-23 (4812)\r\n"
        "    Points Possible,,,,,30\r\n"
        '"Lovelace, Ada",1001,U-1,ada.lovelace@school.edu,P1,\r\n'
        '"Lovelace, Adam",1002,U-2,ada-lovelace@school.edu,P1,\r\n'
        '"Doe, Jane",1003,U-3,stu1,P1,\r\n')))
    for login in ("ada.lovelace@school.edu", "ada-lovelace@school.edu", "stu1"):
        hand_in(f"class/{login}.json", login, login)
    book = grade(collect([tmp_path / "class"]), kn23_key, roster=roster)
    assert len(book.graded) == 3 and book.issues == []
    assert {s.key: roster.rows[s.roster_row][0] for s in book.graded} == {
        "ada.lovelace@school.edu": "Lovelace, Ada", "ada-lovelace@school.edu": "Lovelace, Adam",
        "stu1": "Doe, Jane"}


# -- several sections in one Canvas course ----------------------------------------------------

SECTIONS = (
    "Student,ID,SIS User ID,SIS Login ID,Section,KN-23 full (4813)\r\n"
    "    Points Possible,,,,,20\r\n"
    '"Lovelace, Ada",1001,U-1,s-017,Media Lit - Period 2,\r\n'
    '"Lee, Jordan",1002,U-2,s-018,Media Lit - Period 2 and Media Lit - Period 4,3.06\r\n'
    '"Turing, Alan",1003,U-3,s-019,Media Lit - Period 4,15\r\n'
    '"Hopper, Grace",1005,U-5,s-021,Media Lit - Period 20,12\r\n'
    '"Curie, Marie",1006,U-6,s-022,Media Lit - Period 2,\r\n'
)


def test_a_section_is_found_by_its_name_or_a_whole_word_part_of_it(write):
    """Canvas writes a student's sections as a sentence ("A and B"; "A, B, and C"). "Period 2"
    is in "Media Lit - Period 2" but not in "Period 20"; a part held by two names is refused,
    with them; a name the export lacks is refused with its sections."""
    roster = load_roster(write("export.csv", SECTIONS))
    assert roster.sections(roster.rows[1]) == ["Media Lit - Period 2", "Media Lit - Period 4"]
    two = roster.only_section("period 2")
    assert two.section == "Media Lit - Period 2"
    assert [two.rows[n][0] for n in two.section_rows] == ["Lovelace, Ada", "Lee, Jordan",
                                                          "Curie, Marie"]
    four = roster.only_section("Media Lit - Period 4")
    assert [four.rows[n][0] for n in four.section_rows] == ["Lee, Jordan", "Turing, Alan"]
    with pytest.raises(AnnotatorError, match=r"3 sections whose names hold --section 'Period'"):
        roster.only_section("Period")
    with pytest.raises(AnnotatorError, match=r"no section named like --section 'Period 6'\. "
                                             r"Its sections: Media Lit - Period 2; "):
        roster.only_section("Period 6")
    listed = load_roster(write("names.txt", "Ada Lovelace\nAlan Turing\n"))
    with pytest.raises(AnnotatorError, match="has no Section column"):
        listed.only_section("Period 2")


def test_grading_one_section_checks_and_fills_that_section_alone(
        kn23_key, hand_in, write, tmp_path, capsys):
    """Period 2 graded against the whole course's export: Alan (period 4) is not listed as
    having handed in nothing, and canvas.csv does not touch his 15; Jordan, in periods 2 and
    4, is graded and named, since period 4's grading may grade him too; a period-4 file in
    period 2's folder is named as not in the section."""
    from annotator.cli import main

    roster = write("export.csv", SECTIONS)
    hand_in("p2/ada.json", "s-017", "Ada Lovelace")
    hand_in("p2/jordan.json", "s-018", "Jordan Lee")
    hand_in("p2/grace.json", "s-021", "Grace Hopper")  # period 20's
    out = tmp_path / "out"
    assert main(["grade", str(tmp_path / "p2"), "--key", kn23_key.path, "--out", str(out),
                 "--roster", str(roster), "--section", "Period 2", "--assignment", "4813"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    students, _, _ = canvas_read(_rows(out / "canvas.csv"))
    assert [info[0] for info, _ in students] == ["Lovelace, Ada", "Lee, Jordan", "Hopper, Grace"]
    issues = {(row["kind"], row["student"]): row["message"]
              for row in csv.DictReader(io.StringIO((out / "issues.csv").read_text("utf-8")))}
    assert set(issues) == {("no_submission", "Curie, Marie"), ("other_section", "s-021")}
    assert "s-021 ('Hopper, Grace' in the roster) is in Media Lit - Period 20, not Media Lit - " \
        "Period 2: graded here, and filled in canvas.csv." in issues["other_section", "s-021"]
    assert "for 2 of section Media Lit - Period 2's 3 students (and 1 of other sections, " \
        "named above)" in said
    assert ("1 student(s) graded here are in more than one section (Lee, Jordan (Media Lit - "
            "Period 2 and Media Lit - Period 4))") in said
    assert "with a grade for it in Canvas" not in said  # Jordan's 3.06 is replaced, not kept
    # a section the export lacks, or no roster: a usage error, nothing written
    for extra in (["--roster", str(roster), "--section", "Period 6"], ["--section", "P2"]):
        assert main(["grade", str(tmp_path / "p2"), "--key", kn23_key.path,
                     "--out", str(tmp_path / "none"), *extra]) == 2
        assert "section" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


def test_a_student_matching_two_alike_roster_students_gets_advice_for_the_lms_at_hand(
        kn23_key, submission_data, write, hand_in, tmp_path):
    """Two Alex Johnsons, in two sections. From a Moodle zip, moodle.csv carries the grade by
    the participant, so 'enter this grade by hand' was wrong; against a Canvas export,
    canvas.csv leaves it out and Canvas needs it by hand. Each says which Alex is which."""
    data = submission_data()
    data["student"] = {"id": "alex", "name": "Alex Johnson"}
    zpath = tmp_path / "moodle.zip"
    with zipfile.ZipFile(zpath, "w") as archive:
        archive.writestr("Alex Johnson_7_assignsubmission_file_/kn23.json", json.dumps(data))
    names = load_roster(write("m.csv", "First name,Surname,ID number\n"
                                       "Alex,Johnson,48216\nAlex,Johnson,48516\n"))
    book = grade(collect([zpath]), kn23_key, roster=names)
    [said] = [i.message for i in book.issues if i.kind == "not_in_roster"]
    assert "('Alex Johnson' (48216) and 'Alex Johnson' (48516))" in said
    assert "moodle.csv still carries it, by the Moodle participant" in said
    export = load_roster(write("export.csv", (
        "Student,ID,SIS User ID,SIS Login ID,Section,KN-23 (4812)\r\n"
        '"Johnson, Alex",48216,,,Period 2,\r\n"Johnson, Alex",48516,,,Period 6,\r\n')))
    hand_in("class/alex.json", "alex-j", "Alex Johnson")
    book = grade(collect([tmp_path / "class"]), kn23_key, roster=export)
    [said] = [i.message for i in book.issues if i.kind == "not_in_roster"]
    assert "canvas.csv leaves it out; enter this grade by hand in Canvas." in said


def test_a_section_whose_name_holds_a_comma_or_and_is_one_section(write):
    """Canvas joins a student's sections with ", " and " and ", which a section's own name may
    hold: a cell is several sections only when each part is some other student's section."""
    roster = load_roster(write("export.csv", (
        "Student,ID,SIS User ID,SIS Login ID,Section,A (1)\r\n"
        '"A, Ann",1,,,"English 9, Period 2",\r\n'
        '"B, Bo",2,,,"English 10, Period 2",\r\n'
        '"C, Cy",3,,,Reading and Writing,\r\n'
        '"D, Di",4,,,"English 9, Period 2 and Reading and Writing",\r\n'
        '"E, Ed",5,,,"P1, P3, and P5",\r\n'
        '"F, Fa",6,,,P1,\r\n"G, Gu",7,,,P3,\r\n"H, Hu",8,,,P5,\r\n'
        '"I, Ines",9,,,Periodo 2 y Periodo 4,\r\n'
        '"J, Jo",10,,,Periodo 2,\r\n"K, Ka",11,,,Periodo 4,\r\n')))
    sections = [roster.sections(row) for row in roster.rows]
    assert sections[0] == ["English 9, Period 2"] and sections[2] == ["Reading and Writing"]
    assert sections[3] == ["English 9, Period 2", "Reading and Writing"]
    assert sections[4] == ["P1", "P3", "P5"] and sections[8] == ["Periodo 2", "Periodo 4"]
    nine = roster.only_section("English 9, Period 2")
    assert [nine.rows[n][0] for n in nine.section_rows] == ["A, Ann", "D, Di"]
    assert roster.only_section("reading and writing").section == "Reading and Writing"
    with pytest.raises(AnnotatorError, match="2 sections whose names hold --section 'Period 2'"):
        roster.only_section("Period 2")


def test_excused_and_unassigned_cells_are_no_grade_to_keep(kn23_key, hand_in, write, tmp_path):
    """"N/A" (not assigned to the student) and "EX" (excused) are not grades canvas.csv leaves
    in Canvas; a graded student who is excused is said to lose the excuse on import."""
    roster = load_roster(write("export.csv", (
        "Student,ID,SIS User ID,SIS Login ID,Section,KN-23 (4812)\r\n"
        '"Lovelace, Ada",1001,,s-017,P1,EX\r\n"Smith, Bob",1002,,s-018,P1,N/A\r\n'
        '"Curie, Marie",1003,,s-019,P1,EX\r\n"Hopper, Grace",1004,,s-020,P1,7\r\n')))
    hand_in("class/ada.json", "s-017", "Ada Lovelace")
    book = grade(collect([tmp_path / "class"]), kn23_key, roster=roster)
    text = " ".join(book.next_steps("4812").split())
    assert "1 student(s) with a grade for it in Canvas have none here (Hopper, Grace)" in text
    assert "1 student(s) excused from it in Canvas have a grade here (Lovelace, Ada): " \
        "importing canvas.csv replaces the excuse" in text


def test_a_regrade_that_drops_a_student_says_canvas_keeps_what_was_imported(
        kn23_key, hand_in, write, tmp_path, capsys):
    """canvas.csv lists only the students graded, so a grade imported from the last grading
    for a student this one drops stays in Canvas: the summary says so."""
    from annotator.cli import main

    roster = write("export.csv", ROSTER)
    hand_in("class/ada.json", "s-017", "Ada Lovelace")
    hand_in("class/bob.json", "U-2", "Robert Smith")
    args = ["grade", str(tmp_path / "class"), "--key", kn23_key.path, "--out",
            str(tmp_path / "out"), "--roster", str(roster), "--assignment", "4812"]
    assert main(args) == 0
    (tmp_path / "class" / "bob.json").unlink()
    capsys.readouterr()
    assert main([*args, "--replace"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "1 no longer graded. canvas.csv does not list those no longer graded (Robert " \
        "Smith (id u-2)), so Canvas keeps any grade the last grading's canvas.csv gave them: " \
        "remove it there if it was wrong." in said


def test_a_section_named_like_two_others_joined_can_be_chosen_in_full(write):
    """"Reading and Writing" beside "Reading" and "Writing": Canvas's cell cannot tell one
    section from two, but naming it in full chooses it."""
    roster = load_roster(write("export.csv", (
        "Student,ID,SIS User ID,SIS Login ID,Section,A (1)\r\n"
        '"A, Ann",1,,,Reading,\r\n"B, Bo",2,,,Writing,\r\n'
        '"C, Cy",3,,,Reading and Writing,\r\n"D, Di",4,,,Reading and Writing,\r\n')))
    both = roster.only_section("Reading and Writing")
    assert [both.rows[n][0] for n in both.section_rows] == ["C, Cy", "D, Di"]


def test_students_excused_or_not_assigned_owe_no_work(kn23_key, hand_in, write, tmp_path,
                                                       capsys):
    """EX (excused) and N/A (not assigned) in the column graded into: no 'has no graded
    submission' for them; a graded N/A student is said to be skipped by Canvas's import."""
    from annotator.cli import main

    roster = write("export.csv", (
        "Student,ID,SIS User ID,SIS Login ID,Section,KN-23 (4812)\r\n"
        '"Lovelace, Ada",1001,,s-017,P1,N/A\r\n"Smith, Bob",1002,,s-018,P1,N/A\r\n'
        '"Curie, Marie",1003,,s-019,P1,EX\r\n"Hopper, Grace",1004,,s-020,P1,\r\n'))
    hand_in("class/ada.json", "s-017", "Ada Lovelace")
    out = tmp_path / "out"
    assert main(["grade", str(tmp_path / "class"), "--key", kn23_key.path, "--out", str(out),
                 "--roster", str(roster), "--assignment", "4812"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    missing = [row["student"] for row in csv.DictReader(io.StringIO(
        (out / "issues.csv").read_text("utf-8"))) if row["kind"] == "no_submission"]
    assert missing == ["Hopper, Grace"]
    assert "1 student(s) graded here are not assigned it in Canvas (N/A: Lovelace, Ada): " \
        "Canvas's import skips their grade." in said
