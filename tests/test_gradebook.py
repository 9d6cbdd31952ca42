"""Grading a class: rejections, resubmission policies, identities, tables."""

from __future__ import annotations

import json
import math
import re
import zipfile
from datetime import datetime, timezone
from html import escape
from pathlib import Path

import pytest

from annotator.collect import collect
from annotator.files import MAX_FILE_BYTES
from annotator.gradebook import (
    LONG_FIELDS,
    Gradebook,
    grade,
    grade_folder,
    normalise_id,
    report_file,
    xlsx_bytes,
)
from annotator.xlsx import Grouped

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture()
def marks_for(kn23_key):
    """``marks_for(*item_ids)``: mark dicts over those items' exact spans."""
    def build(*ids, label=None):
        out = []
        for item_id in ids:
            item = kn23_key.item(item_id)
            out.append({"label": label or item.label, "start": item.start, "end": item.end})
        return out
    return build


@pytest.fixture()
def hand_in(write_json, submission_data):
    """``hand_in(name, student_id, marks=(), **changes)``: a submission file."""
    def put(name, student_id="s-017", marks=(), student_name="Ada Lovelace", **changes):
        data = submission_data(marks=marks, **changes)
        data["student"] = {"id": student_id, "name": student_name}
        return write_json(name, data)
    return put


def _book(kn23_key, *paths, **options) -> Gradebook:
    return grade(collect(paths), kn23_key, **options)


def _reasons(book):
    return sorted(r.reason for r in book.rejected)


# -- every valid file is graded, every invalid one rejected with its reason ---------------------


def test_a_perfect_submission_scores_100_percent(kn23_key, hand_in, kn23_required_marks):
    marks = [{"label": m.label, "start": m.start, "end": m.end} for m in kn23_required_marks]
    book = _book(kn23_key, hand_in("a.json", marks=marks))
    [student] = book.graded
    assert student.chosen.result.percent == 100 and book.exit_status == 0


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"  \n ", "empty"),
    (b'{"format": "annotator.submission.v1", "student": ', "bad_json"),
    (b"\xff\xfe{}", "encoding"),
    (b'["not", "an", "object"]', "wrong_format"),
    (b'{"format": "something.else"}', "wrong_format"),
])
def test_unreadable_files_are_rejected_with_their_reason(kn23_key, write, content, reason):
    book = _book(kn23_key, write("bad.json", content))
    assert _reasons(book) == [reason] and not book.graded and book.exit_status == 1


def test_a_submission_for_another_article_is_rejected(kn23_key, hand_in):
    book = _book(kn23_key, hand_in("a.json", article={"id": "other", "sha256": "0" * 64}))
    assert _reasons(book) == ["wrong_article"]
    assert "different text" in book.rejected[0].message


@pytest.mark.parametrize("mark, reason", [
    ({"label": "claim", "start": 0, "end": 99999}, "out_of_range"),
    ({"label": "claim", "start": 10, "end": 5}, "out_of_range"),
    ({"label": "opinion", "start": 0, "end": 5}, "unknown_label"),
    ({"label": "claim", "start": 0, "end": 5, "text": "wrong"}, "text_mismatch"),
])
def test_bad_marks_are_rejected_with_their_reason(kn23_key, hand_in, mark, reason):
    book = _book(kn23_key, hand_in("a.json", marks=[mark]))
    assert _reasons(book) == [reason]
    assert "marks[0]" in book.rejected[0].message  # the message names the field


def test_a_file_too_large_is_rejected(kn23_key, write):
    book = _book(kn23_key, write("big.json", b" " * (MAX_FILE_BYTES + 1)))
    assert _reasons(book) == ["too_large"]


def test_one_bad_file_never_stops_the_rest(kn23_key, hand_in, write, marks_for, tmp_path):
    write("class/broken.json", b"{nope")
    hand_in("class/a.json", "s-1", marks_for("hedge-reportedly"))
    write("class/empty.json", b"")
    hand_in("class/b.json", "s-2", marks_for("hedge-reportedly", "source-senior-officials"))
    book = _book(kn23_key, tmp_path / "class")
    assert [s.key for s in book.graded] == ["s-1", "s-2"]
    assert _reasons(book) == ["bad_json", "empty"] and book.exit_status == 1


def test_every_rejection_message_names_the_file(kn23_key, write, tmp_path):
    path = write("class/broken.json", b"{nope")
    book = _book(kn23_key, tmp_path / "class")
    assert str(path) in book.rejected[0].message


# -- resubmissions ----------------------------------------------------------------------------


@pytest.fixture()
def two_attempts(hand_in, marks_for, tmp_path):
    """An early good attempt and a later weaker one by the same student."""
    good = marks_for("hedge-reportedly", "source-senior-officials", "claim-engineers-sent")
    hand_in("class/first.json", "s-1", good, saved_at="2026-11-20T10:00:00Z")
    hand_in("class/second.json", "s-1", good[:1], saved_at="2026-11-27T10:00:00Z")
    return tmp_path / "class"


def test_latest_resubmission_counts_by_default(kn23_key, two_attempts):
    [student] = _book(kn23_key, two_attempts).graded
    assert student.chosen.origin.endswith("second.json") and len(student.submissions) == 2


def test_best_resubmission_policy_takes_the_highest_score(kn23_key, two_attempts):
    [student] = _book(kn23_key, two_attempts, resubmission="best").graded
    assert student.chosen.origin.endswith("first.json")


def test_latest_before_due_ignores_late_attempts(kn23_key, two_attempts):
    due = datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)
    [student] = _book(kn23_key, two_attempts, resubmission="latest_before_due", due=due).graded
    assert student.chosen.origin.endswith("first.json") and not student.late


def test_latest_before_due_grades_a_late_only_student_and_flags_it(kn23_key, two_attempts):
    due = datetime(2026, 11, 1, tzinfo=timezone.utc)
    [student] = _book(kn23_key, two_attempts, resubmission="latest_before_due", due=due).graded
    assert student.chosen.origin.endswith("second.json") and student.late


def test_latest_before_due_needs_a_due_time(kn23_key, two_attempts):
    with pytest.raises(ValueError, match="due"):
        _book(kn23_key, two_attempts, resubmission="latest_before_due")


def test_canvas_late_flag_counts_as_late(kn23_key, submission_data, tmp_path):
    zpath = tmp_path / "canvas.zip"
    with zipfile.ZipFile(zpath, "w") as archive:
        archive.writestr("lovelaceada_late_7_1_kn23.json", json.dumps(submission_data()))
    due = datetime(2030, 1, 1, tzinfo=timezone.utc)
    [student] = _book(kn23_key, zpath, resubmission="latest_before_due", due=due).graded
    assert student.late


def test_nbgrader_timestamp_decides_which_attempt_is_latest(kn23_key, hand_in, write, tmp_path):
    # the file's own saved_at says otherwise; nbgrader's collection time wins
    hand_in("c/submitted/s-1/kn23/a.json", "s-1", saved_at="2026-11-30T00:00:00Z")
    write("c/submitted/s-1/kn23/timestamp.txt", "2026-11-20 10:00:00.000000 UTC")
    hand_in("c/submitted/s-1/kn23b/b.json", "s-1", saved_at="2026-11-01T00:00:00Z")
    write("c/submitted/s-1/kn23b/timestamp.txt", "2026-11-25 10:00:00.000000 UTC")
    [student] = _book(kn23_key, tmp_path / "c").graded
    assert student.chosen.origin.endswith("b.json")


def test_byte_identical_resubmissions_count_once(kn23_key, hand_in, tmp_path):
    path = hand_in("class/a.json", "s-1")
    (tmp_path / "class" / "a-copy.json").write_bytes(path.read_bytes())
    book = _book(kn23_key, tmp_path / "class")
    [student] = book.graded
    assert len(student.submissions) == 1 and _reasons(book) == ["duplicate"]
    assert book.exit_status == 0  # its content was graded


def test_unknown_resubmission_policy_is_refused(kn23_key, two_attempts):
    with pytest.raises(ValueError, match="resubmission policy"):
        _book(kn23_key, two_attempts, resubmission="first")


# -- identities --------------------------------------------------------------------------------


def test_ids_are_normalised_for_spaces_and_case():
    assert normalise_id("  S-017 ") == normalise_id("s-017") == "s-017"
    assert normalise_id("Ada\u00a0 Lovelace") == "ada lovelace"


def test_ids_differing_in_case_are_one_student_and_the_clash_is_reported(kn23_key, hand_in,
                                                                       tmp_path):
    hand_in("class/a.json", "S-017", saved_at="2026-11-20T10:00:00Z")
    hand_in("class/b.json", "s-017 ", saved_at="2026-11-21T10:00:00Z")
    book = _book(kn23_key, tmp_path / "class")
    assert [s.key for s in book.graded] == ["s-017"]
    assert [i.kind for i in book.issues] == ["collision"]
    assert "'S-017'" in book.issues[0].message and "'s-017 '" in book.issues[0].message


def test_two_names_under_one_id_are_reported(kn23_key, hand_in, tmp_path):
    hand_in("class/a.json", "s-1", student_name="Ada Lovelace")
    hand_in("class/b.json", "s-1", student_name="Bob Smith",
            saved_at="2026-11-26T18:00:00Z")
    book = _book(kn23_key, tmp_path / "class")
    assert any(i.kind == "collision" and "Bob Smith" in i.message for i in book.issues)


def test_nbgrader_folder_disagreeing_with_the_claimed_id_is_reported(kn23_key, hand_in,
                                                                    tmp_path):
    hand_in("c/submitted/ada/kn23/kn23.json", "bob")
    book = _book(kn23_key, tmp_path / "c")
    assert [s.key for s in book.graded] == ["ada"]  # the folder says who handed it in
    assert [i.kind for i in book.issues] == ["mismatch"]


def _canvas_zip(path, files: dict[str, dict]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, json.dumps(data))
    return path


def test_canvas_name_disagreeing_with_the_file_is_reported(kn23_key, submission_data, tmp_path):
    ada = submission_data()  # Ada Lovelace, s-017
    zpath = _canvas_zip(tmp_path / "c.zip", {"smithbob_7_1_kn23.json": ada,
                                             "lovelaceada_8_2_kn23.json": ada})
    book = _book(kn23_key, zpath)
    assert {s.key for s in book.graded} == {"canvas:7", "canvas:8"}
    kinds = sorted(i.kind for i in book.issues)
    assert kinds == ["collision", "identical_files", "mismatch"]
    mismatch = next(i for i in book.issues if i.kind == "mismatch")
    assert "smithbob" in mismatch.message and "canvas:7" == mismatch.student


def test_canvas_sortable_name_matches_first_last_order(kn23_key, submission_data, tmp_path):
    data = submission_data()
    data["student"]["name"] = "Ada King Lovelace"
    zpath = _canvas_zip(tmp_path / "c.zip", {"lovelaceadaking_8_2_kn23.json": data})
    assert _book(kn23_key, zpath).issues == []


# -- tables ------------------------------------------------------------------------------------


def test_wide_table_has_one_row_per_student_with_label_figures(kn23_key, hand_in, marks_for,
                                                              tmp_path):
    hand_in("class/a.json", "s-1", marks_for("hedge-reportedly"))
    hand_in("class/b.json", "s-2", [])
    wide = _book(kn23_key, tmp_path / "class").wide
    assert list(wide["student"]) == ["s-1", "s-2"]
    for label in ("claim", "source", "hedge", "overall"):
        assert {f"{label}_precision", f"{label}_recall", f"{label}_f1"} <= set(wide.columns)
    nothing = wide.set_index("student").loc["s-2"]
    assert math.isnan(nothing["hedge_precision"])  # undefined, not 0
    assert nothing["percent"] == 0


def test_long_table_has_one_row_per_student_and_key_item(kn23_key, hand_in, marks_for,
                                                        tmp_path):
    hand_in("class/a.json", "s-1", marks_for("hedge-reportedly", label="source"))
    hand_in("class/b.json", "s-2", [])
    long = _book(kn23_key, tmp_path / "class").long
    assert list(long.columns) == list(LONG_FIELDS)
    assert len(long) == 2 * len(kn23_key.items)
    row = long[(long.student == "s-1") & (long.item == "hedge-reportedly")].iloc[0]
    # "reportedly" accepts source as an alternative label: found, marked as source
    assert (row.outcome, row.credit, row.marked_as) == ("hit", 1.0, "source")


def test_files_table_gives_every_file_its_fate(kn23_key, hand_in, write, tmp_path):
    hand_in("class/a.json", "s-1", saved_at="2026-11-20T10:00:00Z")
    hand_in("class/b.json", "s-1", saved_at="2026-11-21T10:00:00Z")
    write("class/c.json", b"{")
    files = _book(kn23_key, tmp_path / "class").files
    assert list(files.status) == ["superseded", "chosen", "rejected"]


def test_report_file_names_are_a_slug_and_a_hash_never_the_raw_name():
    name = report_file("../../etc/passwd <script>")
    assert "/" not in name and "<" not in name and name.startswith("etc-passwd-script-")
    assert report_file("s-017") != report_file("S 017")
    assert re.fullmatch(r"s-[0-9a-f]{10}-[0-9a-f]{8}\.html", report_file(""))


def test_grade_folder_is_one_call_from_a_notebook(kn23_key, hand_in, tmp_path):
    hand_in("class/a.json", "s-1")
    book = grade_folder(tmp_path / "class", key=kn23_key)
    assert len(book.wide) == 1 and "<svg" in book.plot_scores()._repr_html_()
    assert "<iframe" in book.class_report()._repr_html_()
    # the frame fits the window: a fixed 900 px was taller than a notebook on a projector
    assert "height:75vh;min-height:360px" in book.class_report()._repr_html_()


def test_xlsx_has_two_tables_and_keeps_formulas_as_text(tmp_path):
    import openpyxl

    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes([("wide", ["student", "percent", "late"],
                                  [["=HYPERLINK(\"x\")", 50.5, True], ["b\x01", None, False]]),
                                 ("long", ["a"], [["x"]])]))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["wide", "long"]
    rows = list(book["wide"].values)
    assert rows[0] == ("student", "percent", "late")
    assert rows[1] == ('=HYPERLINK("x")', 50.5, True)
    assert book["wide"]["A2"].data_type == "s"  # text, never a formula
    assert rows[2][1] is None and rows[2][2] is False


def test_xlsx_sheets_open_with_filters_and_readable_columns(tmp_path):
    """An instructor sorts and filters the class at once: every sheet has filter buttons over
    its whole table, and each column is as wide as its header or first rows need, within
    bounds (an id column is not cut to Excel's 8.43 characters; a long text is not a screen
    wide)."""
    import openpyxl

    long_table = Grouped([("c1", "hit"), ("c2", "missed")],
                         [("ada-lovelace-of-the-analytical-engine", [0, 1]), ("bo", [1])])
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes([
        ("students", ["student", "percent", "note"], [["ada", 61.5, "x" * 200], ["bo", 7, None]]),
        ("items", ["student", "item", "outcome"], long_table),
        ("empty", ["h"], [])]))
    book = openpyxl.load_workbook(path)
    assert [book[s].auto_filter.ref for s in book.sheetnames] == ["A1:C3", "A1:C4", "A1:A1"]
    widths = {s: [book[s].column_dimensions[c].width for c in "ABC"] for s in book.sheetnames}
    assert widths["students"] == [9, 9, 60]  # "student" + 2; "percent" + 2; at most 60
    assert widths["items"][0] == len("ada-lovelace-of-the-analytical-engine") + 2
    assert widths["empty"][0] == 6  # at least 6
    assert book["items"].freeze_panes == "A2"
    # Excel looks for each filter's area under a hidden name of its sheet
    workbook = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    assert ('<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'
            "'items'!$A$1:$C$4</definedName>") in workbook


# -- the instructor notebook -----------------------------------------------------------------


def test_instructor_notebook_is_clean_and_thin():
    import nbformat

    nb = nbformat.read(REPO / "lessons" / "instructor.ipynb", as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert len(cell.source.strip().splitlines()) <= 2


def test_instructor_notebook_runs_on_a_class_folder(tmp_path, submission_data):
    import os
    import shutil

    import nbformat
    from nbclient import NotebookClient

    for folder in ("seeds", "answer_keys"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    lessons = tmp_path / "lessons"
    (lessons / "submissions" / "kn23-full").mkdir(parents=True)
    shutil.copy(REPO / "lessons" / "instructor.ipynb", lessons)
    for n in range(3):
        data = submission_data()
        data["student"] = {"id": f"s-{n}", "name": f"Student {n}"}
        (lessons / "submissions" / "kn23-full" / f"s-{n}.json").write_text(json.dumps(data),
                                                                         "utf-8")
    (lessons / "submissions" / "kn23-full" / "broken.json").write_text("{", "utf-8")
    nb = nbformat.read(lessons / "instructor.ipynb", as_version=4)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYTHONPATH", os.pathsep.join(
            p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p))
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(lessons)}}).execute()
    outputs = "".join(str(o) for cell in nb.cells if cell.cell_type == "code"
                      for o in cell.outputs)
    assert "Graded 3 student(s)" in outputs and "<svg" in outputs and "<iframe" in outputs
    assert "bad_json" in outputs
    assert (lessons / "grades" / "kn23-full" / "class.html").is_file()
    # lesson 4 is a test: its reports, like the lesson, keep the missed items back
    from annotator.feedback import MISSED_HIDDEN

    report = (lessons / "grades" / "kn23-full" / "reports").glob("*.html")
    assert all(escape(MISSED_HIDDEN) in page.read_text("utf-8") for page in report)
    assert escape(MISSED_HIDDEN) in outputs.replace("\\'", "'")  # the report shown inline


# -- robustness ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def robust_key():
    from annotator.key import load_key

    return load_key(REPO / "answer_keys" / "kn23.yaml")


def _json_values():
    from hypothesis import strategies as st

    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def test_no_bytes_whatsoever_stop_the_grader(robust_key):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from annotator.collect import Candidate

    @settings(max_examples=150, deadline=None)
    @given(st.binary(max_size=300))
    def check(data):
        book = grade([Candidate("x.json", data)], robust_key)
        assert len(book.rejected) + book.files_graded == 1

    check()


def test_no_json_shape_whatsoever_stops_the_grader(robust_key):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from annotator.collect import Candidate

    @settings(max_examples=150, deadline=None)
    @given(_json_values(), _json_values(), st.lists(_json_values(), max_size=3))
    def check(student, article, marks):
        data = {"format": "annotator.submission.v1", "student": student, "article": article,
                "marks": marks}
        book = grade([Candidate("x.json", json.dumps(data).encode())], robust_key)
        assert len(book.rejected) + book.files_graded == 1
        assert all(r.reason != "error" for r in book.rejected), book.rejected

    check()


def test_a_number_too_long_to_read_is_bad_json(robust_key):
    from annotator.collect import Candidate

    data = b'{"format": "annotator.submission.v1", "x": ' + b"9" * 5000 + b"}"
    book = grade([Candidate("x.json", data)], robust_key)
    assert _reasons(book) == ["bad_json"]


def test_any_marks_on_the_right_article_are_graded_or_rejected_cleanly(robust_key):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from annotator.collect import Candidate

    size = len(robust_key.article.text)
    mark = st.fixed_dictionaries({
        "label": st.sampled_from(["claim", "source", "hedge", "other"]),
        "start": st.integers(-5, size + 5), "end": st.integers(-5, size + 5)})

    @settings(max_examples=100, deadline=None)
    @given(st.lists(mark, max_size=12))
    def check(marks):
        data = {"format": "annotator.submission.v1", "student": {"id": "s"},
                "article": {"sha256": robust_key.sha256}, "marks": marks}
        book = grade([Candidate("x.json", json.dumps(data).encode())], robust_key)
        assert len(book.rejected) + book.files_graded == 1
        assert {r.reason for r in book.rejected} <= {"out_of_range", "unknown_label"}
        for student in book.graded:
            assert 0 <= student.chosen.result.percent <= 100

    check()


def test_a_file_that_breaks_the_scorer_is_rejected_and_the_rest_graded(kn23_key, hand_in,
                                                                      monkeypatch):
    """A bug the grader meets on one file is that file's rejection, never the class's end."""
    from annotator.scoring import Scorer

    marked = [{"label": "hedge", "start": 37, "end": 47, "text": "reportedly"}]
    good, bad = hand_in("good.json", "s-1"), hand_in("bad.json", "s-2", marks=marked)
    score = Scorer.score

    def breaks_on_marks(self, marks):
        if marks:
            raise ZeroDivisionError("a scorer bug")
        return score(self, marks)

    monkeypatch.setattr(Scorer, "score", breaks_on_marks)
    book = _book(kn23_key, good, bad)
    assert [s.key for s in book.graded] == ["s-1"]
    [rejected] = book.rejected
    assert rejected.reason == "error" and rejected.origin.endswith("bad.json")
    assert "ZeroDivisionError: a scorer bug" in rejected.message
    assert "report this file" in rejected.message


# -- what the summary says about late work and empty files ---------------------------------------

DUE = datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)  # between the two attempts


def test_the_summary_says_how_many_counted_files_are_late_and_how_to_grade_on_time_ones(
        kn23_key, two_attempts):
    summary = " ".join(_book(kn23_key, two_attempts, due=DUE).summary().split())
    assert ("Late: 1 of the counted files came after the due time (2026-11-26 17:00 UTC) and "
            "is graded as handed in (this student also handed in on time).") in summary
    assert "use --policy latest_before_due" in summary
    assert "Late:" not in _book(kn23_key, two_attempts).summary()  # no due time, none late
    # a due time nobody missed is still said: typed on a server in another time zone, its
    # hour may not be the one meant
    early = _book(kn23_key, two_attempts, due=datetime(2026, 12, 1, 9, tzinfo=timezone.utc))
    assert "Late: none; every counted file came before the due time (2026-12-01 09:00 UTC)." \
        in " ".join(early.summary().split())


def test_the_summary_says_which_late_files_latest_before_due_left_out(kn23_key, two_attempts):
    summary = " ".join(_book(kn23_key, two_attempts, resubmission="latest_before_due",
                             due=DUE).summary().split())
    assert "Late: 1 file(s) handed in after the due time (2026-11-26 17:00 UTC) not counted: " \
        "each of those students (Ada Lovelace (id s-1)) is graded on their last on-time file." \
        in summary
    assert "only after the due time" not in summary and "--policy" not in summary


def test_the_summary_says_who_handed_in_only_late_files_under_latest_before_due(
        kn23_key, two_attempts):
    early = datetime(2026, 11, 1, tzinfo=timezone.utc)  # both attempts late
    summary = " ".join(_book(kn23_key, two_attempts, resubmission="latest_before_due",
                             due=early).summary().split())
    assert ("1 student(s) handed in only after the due time and are graded on their last late "
            "file") in summary


def test_the_summary_names_the_students_who_handed_in_no_marks(kn23_key, hand_in, marks_for,
                                                                 tmp_path):
    hand_in("class/a.json", "s-1", marks_for("hedge-reportedly"), student_name="Ann")
    hand_in("class/b.json", "s-2", student_name="Bea")
    hand_in("class/c.json", "s-3", student_name="")
    book = _book(kn23_key, tmp_path / "class")
    assert [s.key for s in book.no_marks] == ["s-2", "s-3"]
    summary = book.summary()
    assert re.search(r"handed in no marks +2\n", summary)
    assert "No marks: 2 student(s) handed in a file with no marks (Bea (s-2), s-3)." in \
        " ".join(summary.split())
    assert "s-1" not in summary.split("No marks:")[1]


def test_a_file_in_another_students_folder_saying_it_is_someone_else_is_reported(
        kn23_key, write_json, submission_data, tmp_path):
    """Grading the students' home folders: a file in stu2's folder that says it is stu1 (a
    forged or misplaced file) would silently replace stu1's work as the later file."""
    def put(path, student_id, saved_at):
        data = submission_data(saved_at=saved_at)
        data["student"] = {"id": student_id, "name": student_id}
        write_json(path, data)

    put("home/stu1/lessons/submissions/kn23/stu1.json", "stu1", "2026-11-20T10:00:00Z")
    put("home/stu2/lessons/submissions/kn23/stu2.json", "stu2", "2026-11-20T10:00:00Z")
    put("home/stu2/lessons/submissions/kn23/notes.json", "stu1", "2026-11-21T10:00:00Z")
    book = grade(collect([tmp_path / "home"]), kn23_key)
    problems = [i for i in book.issues if i.kind == "mismatch"]
    assert len(problems) == 1 and problems[0].student == "stu1"
    assert "notes.json is in the folder of student 'stu2'" in problems[0].message


def test_an_nbgrader_student_who_typed_their_full_name_is_not_a_mismatch(kn23_key, hand_in,
                                                                         tmp_path):
    """Off JupyterHub the widget asks for a name: "ada" typing "Ada Lovelace" saves id
    "ada-lovelace". Reporting that for every student buried the real mismatches."""
    hand_in("c/submitted/ada/kn23/ada-lovelace.json", "ada-lovelace",
            student_name="Ada Lovelace")
    hand_in("c/submitted/bob/kn23/kn23.json", "carol-cruz", student_name="Carol Cruz")
    book = _book(kn23_key, tmp_path / "c")
    assert [(i.kind, i.student) for i in book.issues] == [("mismatch", "bob")]
    assert "says it is 'Carol Cruz' (id 'carol-cruz')" in book.issues[0].message


def test_an_nbgrader_hand_in_without_a_work_file_is_reported(kn23_key, hand_in, write,
                                                            tmp_path):
    """nbgrader's submitted/<student>/<assignment>/ with no .json: the student handed in, but
    not their work. They were missing from every output without a word."""
    hand_in("c/submitted/ada/kn23/submissions/kn23-claims/ada.json", "ada")
    write("c/submitted/dave/kn23/timestamp.txt", "2026-11-27 21:58:11.000000 UTC")
    write("c/submitted/dave/kn23/1-claims.ipynb", "{}")
    book = _book(kn23_key, tmp_path / "c")
    assert [s.key for s in book.graded] == ["ada"]
    [rejected] = book.rejected
    assert (rejected.reason, rejected.student) == ("no_work_file", "dave")
    assert "handed in through nbgrader by 'dave' but holds no work file" in rejected.message
    assert book.exit_status == 1
    assert "rejected: no work file" in book.summary()


@pytest.mark.parametrize("layout,advice", [
    ("c/{who}/{lesson}.json", "into its own --out."),
    ("c/submitted/{who}/{lesson}/w.json", ("into its own --out (nbgrader: one assignment's "
                                           "folders, as in 'annotator grade submitted/*/"
                                           "<assignment> --key …').")),
])
def test_files_of_another_lesson_are_rejected_with_how_to_grade_them(kn23_key, hand_in,
                                                                    tmp_path, layout, advice):
    """Grading all of nbgrader's submitted/ at once took each student's lesson 1 file for a
    resubmission of their lesson 4 file, and wrote grades that mixed the two lessons (exit 0,
    with a warning). The lesson most files are is graded; the others are rejected, saying
    how to grade them."""
    hand_in(layout.format(who="ada", lesson="l1"), "ada", lesson="kn23-claims")
    hand_in(layout.format(who="ada", lesson="l4"), "ada", lesson="kn23-full")
    hand_in(layout.format(who="bob", lesson="l4"), "bob", lesson="kn23-full")
    book = _book(kn23_key, tmp_path / "c")
    assert {s.key: s.chosen.sub.lesson for s in book.graded} == {"ada": "kn23-full",
                                                                 "bob": "kn23-full"}
    [other] = book.rejected
    assert other.reason == "other_lesson" and other.student == "ada"
    assert "is work for lesson 'kn23-claims', but this grading is of lesson 'kn23-full'" \
        in other.message
    assert other.message.endswith(advice)
    assert book.exit_status == 1 and "rejected: another lesson's work" in book.summary()
    assert [i for i in book.issues if i.kind == "mixed_lessons"] == []


def test_with_labels_the_lesson_graded_is_the_one_with_those_marks(kn23_key, hand_in, tmp_path):
    """Three lesson 1 files (claims) and two lesson 2 files (sources), graded with --labels
    source: the lesson 1 files were graded for sources (0 % each) and the sources rejected."""
    item = kn23_key.item("source-kim-yong-hyun")
    source = [{"label": "source", "start": item.start, "end": item.end}]
    claim = [{"label": "claim", "start": kn23_key.items[0].start, "end": kn23_key.items[0].end}]
    for who in ("ann", "ben", "cat"):
        hand_in(f"d/{who}-claims.json", who, marks=claim, lesson="kn23-claims")
    for who in ("dan", "eve"):
        hand_in(f"d/{who}-sources.json", who, marks=source, lesson="kn23-sources")
    book = _book(kn23_key, tmp_path / "d", labels=["source"])
    assert sorted(s.key for s in book.graded) == ["dan", "eve"]
    assert {r.student for r in book.rejected} == {"ann", "ben", "cat"}
    assert "this grading is of lesson 'kn23-sources' (that of most students' files with source marks)" \
        in book.rejected[0].message


def test_a_file_that_names_no_lesson_mixes_no_lessons(kn23_key, tmp_path, hand_in):
    """"lesson" is optional: a file without one (an early version's, or one written by hand)
    beside the widget's files was reported as a second lesson, ''."""
    hand_in("c/ada.json", "ada", lesson="")
    hand_in("c/bob.json", "bob", lesson="kn23-full")
    book = _book(kn23_key, tmp_path / "c")
    assert len(book.graded) == 2
    assert [i for i in book.issues if i.kind == "mixed_lessons"] == []


def test_one_students_many_files_of_another_lesson_do_not_outvote_the_class(
        kn23_key, tmp_path, hand_in):
    """Six resubmissions by one student, all of a lesson of her own ("zzz"), against a class
    of three: every classmate's file was rejected as "another lesson's work"."""
    for n in range(6):
        hand_in(f"c/mallory-{n}.json", "mallory", student_name="Mallory", lesson="zzz",
                saved_at=f"2026-11-26T1{n}:00:00Z")
    for who in ("ada", "bob", "cy"):
        hand_in(f"c/{who}.json", who, student_name=who.title(), lesson="kn23-full")
    book = _book(kn23_key, tmp_path / "c")
    assert sorted(s.key for s in book.graded) == ["ada", "bob", "cy"]
    assert {r.reason for r in book.rejected} == {"other_lesson"} and len(book.rejected) == 6
    assert "this grading is of lesson 'kn23-full' (that of most students' files)" in \
        book.rejected[0].message


def test_a_file_in_a_classmates_name_beside_theirs_is_pointed_out(kn23_key, tmp_path, hand_in,
                                                                   kn23_required_marks):
    """steal.json, with s-4's id, no marks and a saved_at of 9999, put beside the class's
    files: s-4's grade went from full marks to 0 with nothing said but "resubmissions"."""
    marks = [{"label": m.label, "start": m.start, "end": m.end} for m in kn23_required_marks]
    hand_in("c/s-4.json", "s-4", marks=marks, student_name="Student 4",
            saved_at="2026-11-26T10:00:00Z")
    hand_in("c/s-5.json", "s-5", student_name="Student 5", saved_at="2026-11-26T10:00:00Z")
    hand_in("c/steal.json", "s-4", student_name="Student 4", saved_at="9999-12-31T23:59:59Z")
    book = _book(kn23_key, tmp_path / "c")
    issues = {i.kind: i for i in book.issues}
    assert set(issues) == {"future_time", "file_names"}
    assert issues["future_time"].student == "s-4" and "9999-12-31 23:59 UTC, after this " \
        "grading: the student's clock is wrong, or the file was edited" in \
        issues["future_time"].message
    assert "the files that say they are 's-4' have 2 names (s-4.json, steal.json); steal.json " \
        "counts. A classmate may have handed in a file in their name" in \
        issues["file_names"].message


def test_a_students_files_of_one_name_in_two_folders_are_no_issue(kn23_key, tmp_path, hand_in):
    """The class's folder and a late folder: the same file name twice is a resubmission."""
    hand_in("c/ada.json", "ada", saved_at="2026-11-26T10:00:00Z")
    hand_in("late/ada.json", "ada", saved_at="2026-11-27T10:00:00Z")
    book = _book(kn23_key, tmp_path / "c", tmp_path / "late")
    assert book.issues == []


def test_two_students_whose_report_names_are_one_get_reports_of_their_own(
        kn23_key, tmp_path, hand_in, monkeypatch):
    """Report names end in 8 hex digits of a hash: a student could make an id whose name
    matches a classmate's (2^32 tries), and one report overwrote the other. Two names alike
    are made longer; here the 8-digit ones are made alike on purpose."""
    from annotator import gradebook
    from annotator.names import is_report_file, report_file

    monkeypatch.setattr(gradebook, "report_file", lambda key, digits=8: "same-0123abcd.html"
                        if digits == 8 else report_file(key, digits))
    hand_in("c/ada.json", "ada")
    hand_in("c/mallory.json", "mallory")
    hand_in("c/bob.json", "bob")
    book = _book(kn23_key, tmp_path / "c")
    names = {s.key: s.report_name for s in book.graded}
    assert names["ada"] == report_file("ada", 16) and names["mallory"] == report_file("mallory", 16)
    assert len(set(names.values())) == 3 and all(is_report_file(n) for n in names.values())


def test_two_students_of_one_name_are_pointed_out(kn23_key, tmp_path, hand_in):
    """An id made to look like a classmate's ("ѕ-1", a Cyrillic ѕ), under the classmate's
    name, made a second "Student 1" row in canvas.csv and moodle.csv with nothing said."""
    hand_in("c/s-1.json", "s-1", student_name="Student 1")
    hand_in("c/s-1-fake.json", "\u0455-1", student_name="Student 1")
    hand_in("c/s-2.json", "s-2", student_name="Student 2")
    book = _book(kn23_key, tmp_path / "c")
    [issue] = book.issues
    assert issue.kind == "same_name" and "2 students are named 'Student 1' (ids 's-1', " \
        "'\u0455-1')" in issue.message
