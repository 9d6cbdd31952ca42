"""``annotator grade``: exit status, outputs, inputs left alone, progress bar, help."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from annotator.cli import main

KEY = "answer_keys/kn23.yaml"
OUTPUTS = {"gradebook.csv", "gradebook_items.csv", "gradebook.xlsx", "canvas.csv",
           "moodle.csv", "files.csv", "issues.csv", "class.html", "reports"}


@pytest.fixture()
def a_class(two_students, submission_data):
    """Three good submissions (one in a Canvas zip) and, optionally, a broken file."""
    def build(broken: bool = False):
        folder = two_students
        with zipfile.ZipFile(folder / "canvas.zip", "w") as archive:
            archive.writestr("lovelaceada_77_1_kn23.json", json.dumps(submission_data()))
            if broken:  # the wrong file handed in, as Canvas names it
                archive.writestr("lovelaceada_77_2_essay.docx", b"PK\x03\x04 not ours")
        if broken:
            (folder / "broken.json").write_text('{"format": "annotator.submission.v1",', "utf-8")
        return folder
    return build


def test_grading_a_clean_class_exits_0_and_writes_every_output(a_class, tmp_path, capsys):
    out = tmp_path / "grades"
    assert main(["grade", str(a_class()), "--key", KEY, "--out", str(out)]) == 0
    assert OUTPUTS <= set(os.listdir(out))
    assert len(os.listdir(out / "reports")) == 3
    printed = capsys.readouterr().out
    assert "Graded 3 student(s)" in printed and "rejected" in printed


@pytest.mark.parametrize("where", ["id", "name", "lesson", "text"])
def test_a_lone_surrogate_in_a_file_is_rejected_and_the_class_is_graded(
        a_class, tmp_path, capsys, submission_data, where):
    """"\\udfff" is valid JSON but no UTF-8: in an id, a name or a lesson it crashed the
    whole grading when the outputs were written (a traceback, nobody graded)."""
    data = submission_data(marks=[{"label": "claim", "start": 0, "end": 4}])
    data["student"] = {"id": "s-x", "name": "Eve"}
    if where == "text":
        data["marks"][0]["text"] = "Nort\udfff"
    elif where == "lesson":
        data["lesson"] = "kn23-full\udc80"
    else:
        data["student"][where] = "E\ud800ve"
    folder = a_class()
    (folder / "eve.json").write_text(json.dumps(data), "utf-8")  # escaped: ASCII on disk
    out = tmp_path / "g"
    assert main(["grade", str(folder), "--key", KEY, "--out", str(out)]) == 1
    printed = " ".join(capsys.readouterr().out.split())
    assert "holds text that is not Unicode (half of a character, written as a \\u escape)" \
        in printed and "eve.json" in printed
    assert len(os.listdir(out / "reports")) == 3


def test_a_name_cannot_send_escape_sequences_to_the_teachers_terminal(
        a_class, tmp_path, capsys, submission_data):
    """A name with ESC sequences (clear the screen, set the title, a hidden link) was printed
    raw in the summary's "No marks" line."""
    data = submission_data(marks=[])
    data["student"] = {"id": "eve", "name": "Eve\x1b[2J\x1b]0;pwned\x07\u202e"}
    folder = a_class()
    (folder / "eve.json").write_text(json.dumps(data), "utf-8")
    assert main(["grade", str(folder), "--key", KEY, "--out", str(tmp_path / "g")]) == 0
    printed = capsys.readouterr()
    assert "\x1b" not in printed.out + printed.err and "\u202e" not in printed.out
    assert "Eve\\x1b[2J\\x1b]0;pwned\\x07\\u202e" in printed.out


def test_a_file_whose_name_is_not_utf8_is_graded_and_named_with_an_escape(
        a_class, tmp_path, capsys, submission_data):
    """A zip with Windows-1252 names unpacked on Linux: "\\xffbad.json" crashed the whole run
    when files.csv was written (a traceback, nothing written)."""
    folder = a_class()
    data = submission_data()
    data["student"] = {"id": "zoe", "name": "Zoe"}
    with open(os.fsencode(folder) + b"/\xffzoe.json", "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    with open(os.fsencode(folder) + b"/\xfebad.json", "w", encoding="utf-8") as handle:
        handle.write("{not json")
    out = tmp_path / "g"
    assert main(["grade", str(folder), "--key", KEY, "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert len(os.listdir(out / "reports")) == 4
    files = (out / "files.csv").read_text("utf-8")
    assert "\\udcffzoe.json" in files and "\\udcfebad.json" in files
    assert "\\udcfebad.json: is not valid JSON" in printed


def test_an_out_written_with_a_slash_is_said_with_one(a_class, tmp_path, capsys):
    """The README's ``--out grades/`` was said as "Written to grades//"."""
    out = tmp_path / "grades"
    assert main(["grade", str(a_class()), "--key", KEY, "--out", f"{out}/"]) == 0
    printed = capsys.readouterr().out
    assert f"Written to {out}/: " in printed and "//" not in printed


def test_a_broken_file_exits_1_and_is_listed_with_its_reason(a_class, tmp_path, capsys):
    out = tmp_path / "grades"
    assert main(["grade", str(a_class(broken=True)), "--key", KEY, "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "Rejected files:" in printed and "broken.json" in printed
    assert "not valid JSON" in printed
    assert len(os.listdir(out / "reports")) == 3  # the rest were graded
    files = {row[0]: row for row in _csv(out / "files.csv")}
    docx = next(row for origin, row in files.items() if origin.endswith("essay.docx"))
    assert docx[1:4] == ["canvas:77", "rejected", "not_submission"]  # whose it was, known


def test_usage_errors_exit_2(a_class, tmp_path, capsys):
    folder = str(a_class())
    out = ["--out", str(tmp_path / "g")]
    assert main(["grade", str(tmp_path / "missing"), "--key", KEY, *out]) == 2
    assert main(["grade", folder, "--key", "nope.yaml", *out]) == 2
    assert main(["grade", folder, "--key", KEY, "--due", "soonish", *out]) == 2
    assert main(["grade", folder, "--key", KEY, "--policy", "latest_before_due", *out]) == 2
    assert main(["grade", folder, "--key", KEY, "--policy", "best", "--policy", "latest",
                 *out]) == 2
    assert main(["grade", folder, "--key", KEY, "--labels", "opinion", *out]) == 2
    out_text, err = capsys.readouterr()
    assert "label(s) 'opinion'" in err and "error" not in out_text  # errors go to stderr
    with pytest.raises(SystemExit) as exit_info:
        main(["grade", folder])  # --key is required
    assert exit_info.value.code == 2
    assert not (tmp_path / "g").exists()


def test_scoring_and_resubmission_policies_are_both_accepted(a_class, tmp_path):
    out = tmp_path / "g"
    assert main(["grade", str(a_class()), "--key", KEY, "--out", str(out), "--policy",
                 "latest_before_due", "--due", "2030-01-01T00:00Z", "--policy", "strict"]) == 0
    assert "scoring policy strict" in (out / "class.html").read_text("utf-8")


def test_inputs_are_never_modified(a_class, tmp_path):
    folder = a_class(broken=True)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*")}
    main(["grade", str(folder), "--key", KEY, "--out", str(tmp_path / "g")])
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*")} == before


def test_outputs_leave_no_temporary_files_and_can_be_rewritten(a_class, tmp_path):
    out = tmp_path / "g"
    for _ in range(2):
        assert main(["grade", str(a_class()), "--key", KEY, "--out", str(out)]) == 0
    assert sorted(os.listdir(out)) == sorted(OUTPUTS | {"changes.csv"})  # the second time
    assert all(not name.startswith(".") for name in os.listdir(out / "reports"))


def test_hide_missed_reaches_the_student_reports(a_class, tmp_path, kn23_key):
    out = tmp_path / "g"
    main(["grade", str(a_class()), "--key", KEY, "--out", str(out), "--hide-missed"])
    html = "".join(p.read_text("utf-8") for p in (out / "reports").iterdir())
    assert "missed claim" not in html and ">Missed<" not in html


def test_progress_bar_goes_to_stderr_only_when_forced(a_class, tmp_path):
    folder = str(a_class())
    command = [sys.executable, "-m", "annotator.cli", "grade", folder, "--key", KEY, "--out"]
    quiet = subprocess.run([*command, str(tmp_path / "a")], capture_output=True, text=True,
                           check=False)
    forced = subprocess.run([*command, str(tmp_path / "b"), "--progress"], capture_output=True,
                            text=True, check=False)
    assert quiet.returncode == forced.returncode == 0
    assert "reading" not in quiet.stderr and "reading" in forced.stderr
    assert "grading" not in forced.stdout


def test_help_shows_examples_and_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    text = capsys.readouterr().out
    assert "examples:" in text and "Exit status" in text and "--roster" in text


def test_grading_with_a_draft_key_says_so_first(a_class, tmp_path, capsys):
    key = tmp_path / "draft.yaml"
    key.write_text(Path(KEY).read_text(encoding="utf-8").replace(
        "    why: \"'Reportedly' means", "    why: \"DRAFT: 'Reportedly' means", 1), "utf-8")
    assert main(["grade", str(a_class()), "--key", str(key), "--out", str(tmp_path / "g")]) == 0
    warned = capsys.readouterr().err
    assert warned.startswith(f"warning {key}: 1 of 56 items (hedge-reportedly) still have the "
                             "drafted why")


def test_a_roster_without_a_matching_assignment_column_is_pointed_out(a_class, tmp_path, capsys):
    roster = tmp_path / "export.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,KN-23 (4812)\r\n"
                      "    Points Possible,,,,,10\r\n\"Lovelace, Ada\",77,,s-0,P1,\r\n", "utf-8")
    folder, out = str(a_class()), ["--out", str(tmp_path / "g"), "--roster", str(roster)]
    for extra, said in [([], "no --assignment given"),
                        (["--assignment", "KN23"], "no column matches --assignment 'KN23'")]:
        assert main(["grade", folder, "--key", KEY, *out, *extra]) == 0
        warned = capsys.readouterr().err
        assert f"warning {roster}: {said}, so canvas.csv makes a new Canvas assignment." in warned
        assert "(columns: 'KN-23 (4812)')" in warned
    assert main(["grade", folder, "--key", KEY, *out, "--assignment", "4812"]) == 0
    assert "warning" not in capsys.readouterr().err


@pytest.fixture()
def claims_class(kn23_key, write_json, submission_data, tmp_path):
    """Two students of lesson 1 (claims only): one marks every required claim exactly."""
    claims = [i for i in kn23_key.items if i.label == "claim" and i.required]
    for n, chosen in enumerate((claims, claims[:3])):
        data = submission_data(marks=[{"label": "claim", "start": i.start, "end": i.end}
                                      for i in chosen])
        data["student"] = {"id": f"c-{n}", "name": f"Claimer {n}"}
        write_json(f"claims/c-{n}.json", data)
    return tmp_path / "claims"


def test_labels_grades_a_one_label_lesson_as_its_check_does(claims_class, tmp_path, capsys):
    out = tmp_path / "g"
    assert main(["grade", str(claims_class), "--key", KEY, "--out", str(out)]) == 0
    assert "every submission marks only claim" in capsys.readouterr().err
    whole = {row[0]: row[5] for row in _csv(out / "gradebook.csv")[1:]}  # the percent
    assert main(["grade", str(claims_class), "--key", KEY, "--out", str(out),
                 "--labels", "claim"]) == 0
    assert "marks only" not in capsys.readouterr().err
    rows = _csv(out / "gradebook.csv")
    assert rows[0][5] == "percent" and "claim_f1" in rows[0] and "hedge_f1" not in rows[0]
    claims = {row[0]: row[5] for row in rows[1:]}
    assert float(claims["c-0"]) == 100 and float(whole["c-0"]) < 60  # every claim found
    assert 0 < float(claims["c-1"]) < 100
    items = _csv(out / "gradebook_items.csv")
    assert {row[2] for row in items[1:]} == {"claim"}  # the label column: claim items only


def test_a_lesson_graded_again_with_its_labels_from_another_folder_is_the_same_lesson(
        claims_class, tmp_path, capsys, monkeypatch):
    """Lesson 1 graded without --labels from the project's folder, then with them from another
    folder (its files named "claims/c-0.json", not "/…/claims/c-0.json"): refused as another
    lesson, though the files were the same. The summary says why every grade moved."""
    out, key = tmp_path / "g", str(Path(KEY).resolve())
    assert main(["grade", str(claims_class), "--key", key, "--out", str(out)]) == 0
    monkeypatch.chdir(claims_class.parent)
    capsys.readouterr()
    assert main(["grade", claims_class.name, "--key", key, "--out", str(out),
                 "--labels", "claim"]) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "2 up, 0 down, 0 the same" in said
    assert "The grading counts 17 points now, 31 then (a revised key, or other --labels), so " \
        "every grade may move." in said


def test_score_labels_scores_one_label(capsys, tmp_path, kn23_key, write_json, submission_data):
    claims = [i for i in kn23_key.items if i.label == "claim" and i.required]
    data = submission_data(marks=[{"label": "claim", "start": i.start, "end": i.end}
                                  for i in claims])
    path = write_json("c.json", data)
    assert main(["score", str(path), "--key", KEY, "--labels", "claim", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["percent"] == 100


def test_score_warns_when_a_file_marks_one_label_of_several(capsys, kn23_key, write_json,
                                                           submission_data):
    claims = [i for i in kn23_key.items if i.label == "claim" and i.required]
    path = write_json("c.json", submission_data(
        marks=[{"label": "claim", "start": i.start, "end": i.end} for i in claims]))
    assert main(["score", str(path), "--key", KEY]) == 0
    err = capsys.readouterr().err
    assert "marks only claim" in err and "--labels claim" in err
    assert main(["score", str(path), "--key", KEY, "--labels", "claim"]) == 0
    assert "marks only" not in capsys.readouterr().err


@pytest.mark.parametrize("contents", [None, "notes.txt"])
def test_a_folder_with_no_submissions_is_an_error_and_earlier_grades_stay(
        a_class, tmp_path, capsys, contents):
    out = tmp_path / "grades"
    assert main(["grade", str(a_class()), "--key", KEY, "--out", str(out)]) == 0
    before = (out / "gradebook.csv").read_bytes()
    empty = tmp_path / "empty"
    empty.mkdir()
    if contents:
        (empty / contents).write_text("not a submission", "utf-8")
    capsys.readouterr()
    assert main(["grade", str(empty), "--key", KEY, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no submission files in" in err and "Nothing was written" in err
    assert (out / "gradebook.csv").read_bytes() == before
    assert len(os.listdir(out / "reports")) == 3


def test_a_class_whose_every_file_is_rejected_writes_nothing(a_class, tmp_path, capsys):
    out = tmp_path / "grades"
    assert main(["grade", str(a_class()), "--key", KEY, "--out", str(out)]) == 0
    before = (out / "gradebook.csv").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.json").write_text("{", "utf-8")
    capsys.readouterr()
    assert main(["grade", str(bad), "--key", KEY, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "x.json" in captured.out and "no file could be graded" in captured.err
    assert (out / "gradebook.csv").read_bytes() == before


def test_grade_folder_on_an_empty_folder_says_where_to_look(tmp_path):
    from annotator.errors import AnnotatorError
    from annotator.gradebook import grade_folder

    with pytest.raises(AnnotatorError, match="no submission files in .*lessons/submissions"):
        grade_folder(tmp_path, key=KEY)


def test_grade_folder_warns_as_the_command_does(claims_class, capsys):
    from annotator.gradebook import grade_folder

    grade_folder(claims_class, key=KEY)
    assert "labels=['claim']" in capsys.readouterr().err
    grade_folder(claims_class, key=KEY, labels=["claim"])
    assert "marks only" not in capsys.readouterr().err


def test_labels_before_the_inputs_leave_the_inputs_to_the_command(claims_class, tmp_path,
                                                                  kn23_key, write_json,
                                                                  submission_data, capsys):
    """``--labels claim FOLDER``: the option would take the folder for a label."""
    out = tmp_path / "g"
    assert main(["grade", "--key", KEY, "--out", str(out), "--labels", "claim",
                 str(claims_class)]) == 0
    assert "Graded 2 student(s)" in capsys.readouterr().out
    claims = [i for i in kn23_key.items if i.label == "claim" and i.required]
    path = write_json("c.json", submission_data(
        marks=[{"label": "claim", "start": i.start, "end": i.end} for i in claims]))
    assert main(["score", "--labels", "claim", str(path), "--key", KEY, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["percent"] == 100


def test_a_reader_that_stops_early_is_no_error(tmp_path):
    """``annotator suggest kn23 | head -1``: no traceback when head closes the pipe."""
    done = subprocess.run(f"{sys.executable} -m annotator suggest kn23 | true", shell=True,
                          check=True,
                          capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def _csv(path):
    import csv
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_a_folder_where_an_output_goes_stops_the_run_and_replaces_nothing(
        a_class, tmp_path, capsys):
    out = tmp_path / "g"
    folder = str(a_class())
    assert main(["grade", folder, "--key", KEY, "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (out / "canvas.csv").unlink()
    (out / "canvas.csv").mkdir()  # something in the way of one output
    capsys.readouterr()
    assert main(["grade", folder, "--key", KEY, "--out", str(out), "--policy", "strict"]) == 2
    err = capsys.readouterr().err
    assert f"error: cannot write the grades to {out}/" in err and "canvas.csv" in err
    assert "No output there was replaced" in err
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == {name: data for name, data in before.items() if name != "canvas.csv"}
    assert not [p for p in out.rglob(".*")]  # no temporary files left behind


def test_an_output_folder_that_is_a_file_is_a_clear_error(a_class, tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.write_text("mine", "utf-8")
    assert main(["grade", str(a_class()), "--key", KEY, "--out", str(taken)]) == 2
    assert f"error: --out {taken} is a file, not a folder" in capsys.readouterr().err
    assert taken.read_text("utf-8") == "mine"


def test_the_instructors_own_files_in_reports_are_kept(a_class, tmp_path):
    out = tmp_path / "g"
    (out / "reports").mkdir(parents=True)
    (out / "reports" / "midterm-feedback.docx").write_bytes(b"mine")
    (out / "reports" / "old-student-0123abcd.html").write_text(
        "<!doctype html>\n<html><head><title>Feedback for Old Student</title>", "utf-8")
    (out / "reports" / "notes-20261126.html").write_text("<p>my notes</p>", "utf-8")
    assert main(["grade", str(a_class()), "--key", KEY, "--out", str(out)]) == 0
    names = sorted(os.listdir(out / "reports"))
    assert "midterm-feedback.docx" in names and len(names) == 5  # 3 reports and 2 of mine
    assert (out / "reports" / "midterm-feedback.docx").read_bytes() == b"mine"
    assert "old-student-0123abcd.html" not in names  # a report of an earlier run goes
    # a report's name (a date is 8 hex digits), not a report: the teacher's, kept
    assert (out / "reports" / "notes-20261126.html").read_text("utf-8") == "<p>my notes</p>"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_class_reports_student_table_shows_the_students_own_ids(a_class, tmp_path):
    out = tmp_path / "g"
    assert main(["grade", str(a_class()), "--key", KEY, "--out", str(out)]) == 0
    page = (out / "class.html").read_text("utf-8")
    table = page[page.index("<th>student</th>"):]
    assert "<th>late</th>" in table
    assert "canvas:77" not in table  # the grader's own key for a Canvas zip's student
    assert "<td>s-0</td>" in table and "<td>s-017</td>" in table


def test_a_label_the_key_lacks_is_explained_in_command_line_words(capsys, write_json,
                                                                 submission_data):
    path = write_json("c.json", submission_data())
    assert main(["score", str(path), "--key", KEY, "--labels", "claims"]) == 1
    err = capsys.readouterr().err
    assert "'claims'" in err and "--labels on the command line" in err


def test_grading_only_the_late_files_into_the_same_out_is_refused(a_class, tmp_path,
                                                                   write_json, submission_data,
                                                                   capsys):
    """The class is graded; a late file arrives; the instructor grades the late folder alone
    into the same --out. That would replace the class's grades with one student's and delete
    the other reports: refused (exit 2, nothing written) unless --replace."""
    out = tmp_path / "g"
    assert main(["grade", str(a_class()), "--key", KEY, "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    data = submission_data(saved_at="2026-11-28T10:00:00Z")
    data["student"] = {"id": "s-0", "name": "Student 0"}
    late = write_json("late/s-0.json", data)
    capsys.readouterr()
    assert main(["grade", str(late.parent), "--key", KEY, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "already holds the grades of 3 student(s)" in err
    assert "2 of them (Ada Lovelace, Student 1 (id s-1)) are not in these inputs" in \
        " ".join(err.split())
    assert "--replace" in err and "Nothing was written" in err
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    # together with the others: fine, and the summary says whose grade changed
    assert main(["grade", str(tmp_path / "class"), str(late.parent), "--key", KEY,
                 "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "Since the last grading" in said and "1 down" in said and "2 the same" in said
    with (out / "changes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["student"] for r in rows] == ["s-0"] and float(rows[0]["change"]) < 0
    assert main(["grade", str(late.parent), "--key", KEY, "--out", str(out), "--replace"]) == 0
    assert len(list((out / "reports").iterdir())) == 1
    with (out / "changes.csv").open(encoding="utf-8", newline="") as handle:
        gone = {r["student"]: r["after"] for r in csv.DictReader(handle)}
    assert gone.keys() == {"s-1", "canvas:77"} and set(gone.values()) == {""}


def test_what_cannot_be_read_in_students_folders_is_listed_and_the_rest_graded(
        a_class, tmp_path, capsys, closed, submission_data):
    """Grading home folders on a shared server: a symlink loop, a socket, a named pipe and a
    folder closed to the grader are each a rejected file with its reason; the rest is graded."""
    folder = a_class()
    (folder / "bo").mkdir()
    (folder / "bo/hw").mkdir()
    (folder / "bo/hw/bo.json").write_text(json.dumps(submission_data()), "utf-8")
    os.symlink("b.json", folder / "a.json")
    os.symlink("a.json", folder / "b.json")
    os.symlink("..", folder / "bo/up")
    os.mkfifo(folder / "pipe.json")
    closed(folder / "bo")
    def blocked(signum, frame):
        raise TimeoutError("grade opened the named pipe and waited on it")
    before = signal.signal(signal.SIGALRM, blocked)  # fail, rather than hang, if it waits
    signal.alarm(60)
    try:
        status = main(["grade", str(folder), "--key", KEY, "--out", str(tmp_path / "g")])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert status == 1
    printed = capsys.readouterr().out
    assert "rejected: not a regular file       3" in printed
    assert f"{folder}/pipe.json: is not a regular file (a named pipe)" in printed
    assert f"{folder}/a.json: is a symlink loop" in printed
    assert (f"{folder}/bo: is a folder that cannot be read (permission denied), so any "
            "submissions in it were not graded: grade as a user who can read it") in printed
    files = {row[0]: row for row in _csv(tmp_path / "g/files.csv")}
    assert files[f"{folder}/bo"][2:4] == ["rejected", "unreadable"]
    assert files[f"{folder}/b.json"][2:4] == ["rejected", "not_a_file"]
    assert len(os.listdir(tmp_path / "g/reports")) == 3  # the rest were graded


def test_an_input_that_cannot_be_read_stops_the_run_only_when_nothing_else_can_be_graded(
        a_class, tmp_path, capsys, closed):
    folder = a_class()
    home = tmp_path / "home"
    (home / "hw").mkdir(parents=True)
    (home / "hw/x.json").write_text("{}", "utf-8")
    closed(home)
    out = tmp_path / "g"
    assert main(["grade", str(home / "hw"), "--key", KEY, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"error {home}/hw: cannot be read (permission denied)" in err
    assert "grade as a user who can read it" in err.replace("Grade", "grade")
    assert not out.exists()
    assert main(["grade", str(home / "hw"), str(folder), "--key", KEY, "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert f"{home}/hw: cannot be read (permission denied)" in printed
    assert {row[0]: row for row in _csv(out / "files.csv")}[f"{home}/hw"][2:4] == \
        ["rejected", "unreadable"]
    assert len(os.listdir(out / "reports")) == 3
    # a path that does not exist stops the run, beside others or not, as it always has
    assert main(["grade", str(tmp_path / "missing"), str(folder), "--key", KEY,
                 "--out", str(tmp_path / "g2")]) == 2
    assert "not found" in capsys.readouterr().err and not (tmp_path / "g2").exists()


def test_an_output_open_in_excel_on_windows_stops_the_run_before_anything_is_replaced(
        a_class, tmp_path, capsys, monkeypatch):
    """On Windows a file open in Excel cannot be replaced: that is found out before the first
    output goes in place (``_replaceable``, which only Windows needs), not half way."""
    import annotator.files

    out = tmp_path / "g"
    folder = str(a_class())
    assert main(["grade", folder, "--key", KEY, "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    monkeypatch.setattr(annotator.files, "_replaceable", lambda path: path.name != "gradebook.xlsx")
    capsys.readouterr()
    assert main(["grade", folder, "--key", KEY, "--out", str(out), "--policy", "strict"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "gradebook.xlsx). No output there was replaced. If it is open in Excel or another " \
        "program, close it." in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_an_output_that_cannot_be_replaced_half_way_is_named_with_what_was(
        a_class, tmp_path, capsys, monkeypatch):
    """A rename that fails after others were done: the message said "No output there was
    replaced" though files.csv and the rest were new. It now says which were, and the next
    grading, which replaces them all, says the outputs were a mix."""
    out = tmp_path / "g"
    folder = str(a_class())
    assert main(["grade", folder, "--key", KEY, "--out", str(out)]) == 0
    rename = os.replace

    def locked(source, target, *args, **kwargs):
        if Path(target).name == "gradebook.xlsx":
            raise PermissionError(13, "Permission denied", str(target))
        return rename(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", locked)
    capsys.readouterr()
    assert main(["grade", folder, "--key", KEY, "--out", str(out), "--policy", "strict"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"error: cannot put the grades in place in {out}/ (Permission denied: " \
        f"{out}/gradebook.xlsx). 5 output(s) had already been replaced (files.csv, issues.csv, " \
        "canvas.csv, moodle.csv, changes.csv); the others are still the last grading's. If it " \
        "is open in " \
        "Excel or another program, close it. Then grade again, which replaces them all." in err
    assert not [p for p in out.rglob(".*.tmp")]  # nothing staged left behind
    monkeypatch.setattr(os, "replace", rename)
    assert main(["grade", folder, "--key", KEY, "--out", str(out)]) == 0
    assert "a file could not be replaced" in " ".join(capsys.readouterr().err.split())


def test_another_lesson_into_the_same_out_is_refused(a_class, tmp_path, capsys):
    """Lesson 1 (claims) graded into grades/, then lesson 2 (sources) for the same students
    into grades/ too: that would replace lesson 1's grades, reports and canvas.csv, and call
    the difference 'changes'."""
    out = tmp_path / "grades"
    folder = str(a_class())
    assert main(["grade", folder, "--key", KEY, "--out", str(out), "--labels", "claim"]) == 0
    before = (out / "gradebook.csv").read_bytes()
    capsys.readouterr()
    assert main(["grade", folder, "--key", KEY, "--out", str(out), "--labels", "source"]) == 2
    err = capsys.readouterr().err
    assert "holds the grades of another lesson" in err and "its own --out" in err
    assert (out / "gradebook.csv").read_bytes() == before
    assert main(["grade", folder, "--key", KEY, "--out", str(out), "--labels", "claim"]) == 0


def test_a_lesson_of_every_label_into_a_one_label_lessons_out_is_refused(a_class, tmp_path,
                                                                          capsys):
    """Lesson 1 (claims) graded into grades/, then lesson 4 (every label, its own files) into
    grades/ too: the two share the claim items, and lesson 1's grades were replaced with only
    "changes" lines to say so. Grading lesson 1's files again there, with the --labels it asks
    for or without, is still allowed."""
    out = tmp_path / "grades"
    folder = str(a_class())
    lesson4 = shutil.copytree(folder, tmp_path / "lesson4")
    assert main(["grade", folder, "--key", KEY, "--out", str(out), "--labels", "claim"]) == 0
    before = (out / "gradebook.csv").read_bytes()
    capsys.readouterr()
    assert main(["grade", str(lesson4), "--key", KEY, "--out", str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "holds the grades of another lesson: they counted the key's claim items, and this " \
        "grading counts its claim, hedge and source items (other --labels)" in err
    assert (out / "gradebook.csv").read_bytes() == before
    assert main(["grade", folder, "--key", KEY, "--out", str(out), "--labels", "claim"]) == 0
    assert main(["grade", str(lesson4), "--key", KEY, "--out", str(out), "--labels", "claim",
                 "--replace"]) == 0


def test_a_lessons_files_graded_again_without_the_labels_it_asks_for_are_refused(
        claims_class, tmp_path, capsys):
    """Lesson 1 graded with --labels claim, then again with --labels forgotten: every grade
    went down ("0 up, 5 down"), exit 0. The other way round (forgotten, then given) is how a
    mistake is put right, and is allowed (test_labels_grades_a_one_label_lesson_...)."""
    out = tmp_path / "g"
    assert main(["grade", str(claims_class), "--key", KEY, "--out", str(out),
                 "--labels", "claim"]) == 0
    before = (out / "gradebook.csv").read_bytes()
    capsys.readouterr()
    assert main(["grade", str(claims_class), "--key", KEY, "--out", str(out)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"error: {out}/ holds the grades of these same files: they counted the key's claim " \
        "items, and this grading counts its claim, hedge and source items, but most of them " \
        "mark claim. To grade them as before, grade with --labels claim. Grading these there " \
        "would replace them. To replace them anyway, add --replace." in err
    assert "another lesson" not in err
    assert (out / "gradebook.csv").read_bytes() == before
    assert main(["grade", str(claims_class), "--key", KEY, "--out", str(out), "--replace"]) == 0


def test_a_stray_mark_of_another_label_does_not_block_putting_a_grading_right(
        claims_class, tmp_path, capsys, write_json, submission_data, kn23_key):
    """One student of lesson 1 also marked a source: grading the class again with the
    --labels claim first forgotten was refused, and told to grade without --labels."""
    source = next(i for i in kn23_key.items if i.label == "source" and i.required)
    data = submission_data(marks=[{"label": "source", "start": source.start,
                                   "end": source.end}])
    data["student"] = {"id": "c-2", "name": "Claimer 2"}
    write_json("claims/c-2.json", data)
    out = tmp_path / "g"
    assert main(["grade", str(claims_class), "--key", KEY, "--out", str(out)]) == 0
    assert main(["grade", str(claims_class), "--key", KEY, "--out", str(out),
                 "--labels", "claim"]) == 0


def test_two_lessons_graded_from_inside_their_folders_are_two_lessons(
        two_students, tmp_path, capsys, monkeypatch):
    """Each lesson graded from inside its own folder ("annotator grade ."): files.csv names
    the files by their names alone, which every lesson shares, and lesson 4 replaced lesson 1's
    grades."""
    lesson1 = two_students
    lesson4 = shutil.copytree(lesson1, tmp_path / "lesson4")
    key, out = str(Path(KEY).resolve()), str(tmp_path / "grades")
    monkeypatch.chdir(lesson1)
    assert main(["grade", ".", "--key", key, "--out", out, "--labels", "claim"]) == 0
    monkeypatch.chdir(lesson4)
    capsys.readouterr()
    assert main(["grade", ".", "--key", key, "--out", out]) == 2
    assert "holds the grades of another lesson" in capsys.readouterr().err


def test_a_link_to_a_folder_of_submissions_is_listed_with_the_folder_to_name(
        tmp_path, kn23_key, submission_data, write_json, capsys):
    """A teacher's folder of links to the students' folders graded nobody and said nothing."""
    write_json("class/ada.json", submission_data(student={"id": "ada", "name": "Ada"}))
    write_json("homes/bob/bob.json", submission_data(student={"id": "bob", "name": "Bob"}))
    os.symlink(tmp_path / "homes" / "bob", tmp_path / "class" / "bob")
    status = main(["grade", str(tmp_path / "class"), "--key", kn23_key.path,
                   "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert status == 1  # a student's work may be missing: the teacher must look
    assert "rejected: link to a folder (not searched)" in out
    assert f"annotator grade {tmp_path}/homes/bob" in out
    status = main(["grade", str(tmp_path / "class"), str(tmp_path / "homes" / "bob"), "--key",
                   kn23_key.path, "--out", str(tmp_path / "out2")])
    assert "Graded 2 student(s)" in capsys.readouterr().out


def test_many_rejected_files_are_summed_up_after_the_first_of_each_reason(
        a_class, tmp_path, capsys):
    from annotator.gradebook import REJECTED_SHOWN
    folder = a_class()
    for n in range(REJECTED_SHOWN + 7):
        (folder / f"broken-{n:03}.json").write_text("{", "utf-8")
    out = tmp_path / "grades"
    assert main(["grade", str(folder), "--key", KEY, "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert printed.count("  [not valid JSON] ") == REJECTED_SHOWN
    assert "… and 7 more [not valid JSON]: files.csv lists every file" in printed
    assert sum(row[2] == "rejected" for row in _csv(out / "files.csv")) == REJECTED_SHOWN + 7


def test_ids_whose_accents_are_encoded_differently_are_told_so(
        tmp_path, write_json, submission_data, capsys):
    import unicodedata
    for n, form in enumerate(("NFC", "NFD")):
        data = submission_data(saved_at=f"2026-11-2{n}T10:00:00Z")
        data["student"] = {"id": unicodedata.normalize(form, "José Ñúñez"), "name": "José"}
        write_json(f"class/{n}.json", data)
    assert main(["grade", str(tmp_path / "class"), "--key", KEY,
                 "--out", str(tmp_path / "g")]) == 0
    printed = capsys.readouterr().out
    assert "with the accents encoded differently" in printed
    assert "spaces and case do not count" not in printed


def test_an_empty_zip_is_not_called_an_empty_file(a_class, tmp_path, capsys):
    folder = a_class()
    with zipfile.ZipFile(folder / "nothing.zip", "w"):
        pass
    assert main(["grade", str(folder), "--key", KEY, "--out", str(tmp_path / "g")]) == 1
    printed = capsys.readouterr().out
    assert "rejected: empty file or zip" in printed and "is an empty zip" in printed


def test_a_label_that_is_also_a_folders_name_stays_a_label(claims_class, tmp_path, capsys,
                                                           monkeypatch):
    """With a folder called ``hedge`` in the working folder, ``--labels claim hedge`` was
    read as one label and an input, and failed ("unrecognized arguments")."""
    key = str(Path(KEY).resolve())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hedge").mkdir()
    out = tmp_path / "g"
    assert main(["grade", str(claims_class), "--key", key, "--out", str(out),
                 "--labels", "claim", "hedge"]) in (0, 1)
    said = capsys.readouterr()
    assert "unrecognized arguments" not in said.err and "Graded 2 student(s)" in said.out
    assert "claim_f1" in (out / "gradebook.csv").read_text("utf-8")
    assert "hedge_f1" in (out / "gradebook.csv").read_text("utf-8")
