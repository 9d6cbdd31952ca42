"""Putting a grading's outputs in place: one run at a time, all at once even when Ctrl+C comes
in the middle, and what a killed run left cleaned up by the next."""

from __future__ import annotations

import json
import os
import signal
import sys

import pytest

from annotator import files
from annotator.cli import main
from annotator.files import FolderBusy, Staged

KEY = "answer_keys/kn23.yaml"


@pytest.fixture()
def a_class(two_students):
    return two_students


def grade(folder, out, *more) -> int:
    return main(["grade", str(folder), "--key", KEY, "--out", str(out), *more])


def test_a_second_grading_into_a_folder_being_written_is_refused(tmp_path):
    first = Staged(tmp_path / "grades")
    first.file("gradebook.csv", "first")
    with pytest.raises(FolderBusy, match="another grading is writing to this folder"):
        Staged(tmp_path / "grades")
    first.commit()
    second = Staged(tmp_path / "grades")  # free again once the first is done
    second.file("gradebook.csv", "second")
    second.commit()
    assert os.listdir(tmp_path / "grades") == ["gradebook.csv"]  # no lock file left
    assert (tmp_path / "grades" / "gradebook.csv").read_text("utf-8") == "second"


def test_the_command_says_another_grading_is_writing_and_writes_nothing(a_class, tmp_path,
                                                                         capsys):
    out = tmp_path / "grades"
    busy = Staged(out)  # as another terminal's run would, while it writes
    try:
        assert grade(a_class, out) == 2
    finally:
        busy.discard()
    err = capsys.readouterr().err
    assert "another grading is writing to this folder right now" in err
    assert "Nothing was written" in err
    assert os.listdir(out) == []


def test_ctrl_c_while_outputs_go_in_place_waits_until_all_are_in_place(tmp_path, monkeypatch):
    """Stopped between two renames, new grades would sit beside old reports."""
    out = tmp_path / "grades"
    old = Staged(out)
    old.file("gradebook.csv", "old")
    old.folder_of("reports", [("a.html", "old")])
    old.commit()
    replace, calls = os.replace, []

    def interrupted(src, dst):
        calls.append(dst)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C, after the first file is in place
        replace(src, dst)

    monkeypatch.setattr(files.os, "replace", interrupted)
    new = Staged(out)
    new.file("gradebook.csv", "new")
    new.folder_of("reports", [("a.html", "new")])
    with pytest.raises(KeyboardInterrupt):
        new.commit()
    assert new.committed
    assert (out / "gradebook.csv").read_text("utf-8") == "new"
    assert (out / "reports" / "a.html").read_text("utf-8") == "new"
    assert sorted(os.listdir(out)) == ["gradebook.csv", "reports"]


def test_the_command_says_the_grades_were_put_in_place_when_ctrl_c_came_during_it(
        a_class, tmp_path, monkeypatch, capsys):
    replace, calls = os.replace, []

    def interrupted(src, dst):
        calls.append(dst)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)
        replace(src, dst)

    monkeypatch.setattr(files.os, "replace", interrupted)
    assert grade(a_class, tmp_path / "grades") == 130
    assert "interrupted: the new grades had all been put in place in" in \
        capsys.readouterr().err
    assert len(os.listdir(tmp_path / "grades" / "reports")) == 2


def test_what_a_killed_run_left_is_cleaned_up_by_the_next_and_said(a_class, tmp_path, capsys):
    out = tmp_path / "grades"
    assert grade(a_class, out) == 0
    (out / "reports" / "mine.docx").write_bytes(b"the instructor's")
    # killed (kill -9) just after moving the old reports aside: no reports/ at all
    aside = out / ".reports.old.k1ll3d0x"
    aside.mkdir()
    os.replace(out / "reports", aside / "reports")
    (out / ".gradebook.csv.abcd_123.tmp").write_text("half", "utf-8")
    (out / ".reports.zz9plur9").mkdir()
    (out / ".reports.zz9plur9" / "s-0.html").write_text("half", "utf-8")
    capsys.readouterr()
    assert grade(a_class, out) == 0
    err = capsys.readouterr().err
    assert "note: removed what an interrupted grading had left in" in err
    assert ".gradebook.csv.abcd_123.tmp" in err and "reports/ put back" in err
    assert not [name for name in os.listdir(out) if name.startswith(".")]
    assert (out / "reports" / "mine.docx").read_bytes() == b"the instructor's"  # kept
    assert len([n for n in os.listdir(out / "reports") if n.endswith(".html")]) == 2


def test_a_reports_link_stays_a_link_and_its_folder_gets_the_new_reports(a_class, tmp_path,
                                                                          capsys):
    out, shared = tmp_path / "grades", tmp_path / "webshare"
    shared.mkdir()
    (shared / "notes.txt").write_text("the instructor's", "utf-8")
    out.mkdir()
    (out / "reports").symlink_to(shared, target_is_directory=True)
    assert grade(a_class, out) == 0
    assert (out / "reports").is_symlink()
    assert "notes.txt" in os.listdir(shared)
    assert len([n for n in os.listdir(shared) if n.endswith(".html")]) == 2
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".")]
    assert "class.html, reports/" in capsys.readouterr().out  # said by the name given


@pytest.mark.parametrize("out", ["", "  "])
def test_an_empty_out_is_a_usage_error(a_class, out, capsys, tmp_path, monkeypatch):
    """An unset $OUTDIR in a script: the grades went to the current folder, said as '/'."""
    monkeypatch.chdir(tmp_path)
    assert main(["grade", str(a_class), "--key", os.path.abspath(KEY), "--out", out]) == 2
    assert "error: --out is empty" in capsys.readouterr().err
    assert not (tmp_path / "gradebook.csv").exists()


def test_the_files_list_of_a_grading_holds_no_lock_or_temporary_file(a_class, tmp_path):
    out = tmp_path / "grades"
    assert grade(a_class, out) == 0
    assert not [p for p in out.rglob(".*")]
    json.loads(json.dumps(sorted(os.listdir(out))))  # plain names only


def test_the_next_steps_wrap_to_a_narrow_terminal(a_class, tmp_path, capsys, monkeypatch):
    """At 60 columns, lines wrapped at 96 broke in the middle of words, ragged."""
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert grade(a_class, tmp_path / "grades") == 0
    out = capsys.readouterr().out
    steps = out[out.index("Next:"):].splitlines()
    assert len(steps) > 4 and max(map(len, steps)) < 60


def test_the_progress_bar_says_how_far_and_how_long_is_left(a_class, tmp_path, capsys):
    assert grade(a_class, tmp_path / "grades", "--progress") == 0
    err = capsys.readouterr().err
    assert " left]" in err and "it/s" not in err and "files/s" not in err
