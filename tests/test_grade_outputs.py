"""Putting a grading's outputs in place: one run at a time, all at once even when Ctrl+C comes
in the middle, and what a killed run left cleaned up by the next."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import files
from annotator.cli import main
from annotator.files import FolderBusy, Staged

KEY = "answer_keys/kn23.yaml"


REPO = Path(__file__).resolve().parent.parent


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


@pytest.fixture()
def ctrl_c_stops():
    """Ctrl+C as a terminal gives it: Python's KeyboardInterrupt. A test run started in the
    background by a shell (``cmd &``) inherits SIGINT ignored, and the grader rightly leaves
    an ignored signal ignored."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def test_ctrl_c_while_outputs_go_in_place_waits_until_all_are_in_place(tmp_path, monkeypatch,
                                                                       ctrl_c_stops):
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
        a_class, tmp_path, monkeypatch, capsys, ctrl_c_stops):
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
    said = " ".join(capsys.readouterr().out.split())
    assert "reports/," in said and "webshare" not in said  # said by the name given


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


# -- a run killed while its outputs go in place ------------------------------------------------

KILLED_AT_THE_THIRD_RENAME = """
import os, sys
from annotator.cli import main
replace, renames = os.replace, []
def dying(src, dst):
    if not os.path.basename(dst).startswith(".annotator"):
        renames.append(dst)
        if len(renames) == 3:
            os._exit(9)  # as kill -9 would, between two renames
    replace(src, dst)
os.replace = dying
sys.exit(main(sys.argv[1:]))
"""


def test_gradebook_csv_goes_in_place_last(a_class, tmp_path, monkeypatch):
    """The next grading reads gradebook.csv as the grading already there: it must be the last
    output to change."""
    replace, renames = os.replace, []

    def recorded(src, dst):
        renames.append(os.path.basename(dst))
        replace(src, dst)

    monkeypatch.setattr(files.os, "replace", recorded)
    assert grade(a_class, tmp_path / "grades") == 0
    outputs = [name for name in renames if not name.startswith(".annotator")]
    assert outputs[-2:] == ["gradebook_items.csv", "gradebook.csv"]


def test_a_grading_killed_while_its_outputs_go_in_place_is_told_by_the_next(
        a_class, tmp_path, capsys):
    out = tmp_path / "grades"
    assert grade(a_class, out) == 0
    before = (out / "gradebook.csv").read_bytes()
    killed = subprocess.run([sys.executable, "-c", KILLED_AT_THE_THIRD_RENAME, "grade",
                             str(a_class), "--key", KEY, "--out", str(out)],
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert killed.returncode == 9, killed.stderr
    assert (out / "gradebook.csv").read_bytes() == before  # not yet replaced
    assert files.cut_short(out)
    capsys.readouterr()
    assert grade(a_class, out) == 0
    printed, err = capsys.readouterr()
    said = " ".join(err.split())
    assert "the last grading into" in said and "was stopped" in said
    assert "a mix of two gradings" in said and "This grading has replaced them all" in said
    printed = " ".join(printed.split())
    assert "cannot be told this time" in printed and "0 up, 0 down" not in printed
    assert not (out / "changes.csv").exists()
    assert not files.cut_short(out)
    assert not [p for p in out.rglob(".*")]


def test_a_grading_after_a_whole_one_says_what_changed_as_before(a_class, tmp_path, capsys):
    out = tmp_path / "grades"
    assert grade(a_class, out) == 0
    capsys.readouterr()
    assert grade(a_class, out) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert "0 up, 0 down, 2 the same" in printed and "cannot be told" not in printed
    assert (out / "changes.csv").exists()


# -- one grading at a time: the lock from the start ------------------------------------------


def test_a_second_grading_is_refused_before_it_grades_anything(a_class, tmp_path, monkeypatch,
                                                                capsys):
    from annotator import gradebook

    def graded(*_, **__):
        raise AssertionError("graded while another grading held the folder")

    out = tmp_path / "grades"
    busy = Staged(out)
    monkeypatch.setattr(gradebook, "grade", graded)
    try:
        assert grade(a_class, out) == 2
    finally:
        busy.discard()
    assert "another grading is writing to this folder right now" in capsys.readouterr().err


def test_the_grades_already_there_are_read_with_the_folder_locked(a_class, tmp_path,
                                                                   monkeypatch):
    """Read unlocked, a second grading saw an empty folder while the first wrote 300 students,
    then replaced them with its own 2 without the --replace question."""
    from annotator import gradebook

    out, seen = tmp_path / "grades", []
    read = gradebook.earlier_grades

    def reading(folder):
        with pytest.raises(FolderBusy):
            Staged(folder)  # another run, starting now
        seen.append(folder)
        return read(folder)

    monkeypatch.setattr(gradebook, "earlier_grades", reading)
    assert grade(a_class, out) == 0
    assert seen
    assert not [p for p in out.rglob(".*")]  # the lock goes with the run


def test_the_lock_goes_when_the_run_stops_with_an_error(a_class, tmp_path, capsys):
    out = tmp_path / "grades"
    assert main(["grade", str(a_class), "--key", "no/such/key.yaml", "--out", str(out)]) == 2
    assert not out.exists()  # made for the lock, and nothing was written
    assert grade(a_class, out) == 0


def test_the_library_still_locks_the_folder_it_writes(a_class, tmp_path):
    from annotator.gradebook import grade_folder

    out = tmp_path / "grades"
    book = grade_folder(a_class, key=KEY)
    busy = Staged(out)
    try:
        with pytest.raises(FolderBusy):
            book.write(out)
    finally:
        busy.discard()
    book.write(out)
    assert (out / "gradebook.csv").exists() and not [p for p in out.rglob(".*")]


SIGTERM_DURING_THE_COMMIT = """
import os, signal, sys
from annotator.cli import main
replace = os.replace
def polite_kill(src, dst):
    if os.path.basename(dst) == "class.html":
        os.kill(os.getpid(), signal.SIGTERM)
    replace(src, dst)
os.replace = polite_kill
sys.exit(main(sys.argv[1:]))
"""


def test_a_kill_during_the_commit_leaves_no_lock_file(a_class, tmp_path):
    out = tmp_path / "grades"
    done = subprocess.run([sys.executable, "-c", SIGTERM_DURING_THE_COMMIT, "grade",
                           str(a_class), "--key", KEY, "--out", str(out)],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert done.returncode == -signal.SIGTERM, done.stderr
    assert (out / "gradebook.csv").exists()  # the commit finished first
    assert not [p.name for p in out.rglob(".*")]


# -- links in --out that lead nowhere --------------------------------------------------------


def test_a_reports_link_to_nothing_stops_before_grading(a_class, tmp_path, capsys):
    """A link to an unmounted drive made the drive's folders anywhere, and said 'Written'."""
    out, gone = tmp_path / "grades", tmp_path / "usb" / "rep"
    out.mkdir()
    (out / "reports").symlink_to(gone, target_is_directory=True)
    assert grade(a_class, out) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"error: {out}/reports is a link to {gone}, which does not exist" in err
    assert "remove the link" in err and "Nothing was graded" in err
    assert not (tmp_path / "usb").exists()
    assert os.listdir(out) == ["reports"]


def test_an_out_that_is_a_link_to_nothing_is_said_so(a_class, tmp_path, capsys):
    out = tmp_path / "grades"
    out.symlink_to(tmp_path / "usb", target_is_directory=True)
    assert grade(a_class, out) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"--out {out} is a link to a folder that does not exist ({tmp_path}/usb)" in err
    assert "File exists" not in err


# -- a narrow terminal ------------------------------------------------------------------------


def test_the_summary_lines_wrap_to_a_narrow_terminal(a_class, tmp_path, capsys, monkeypatch):
    (a_class / "broken.json").write_text("{", "utf-8")
    (a_class / "twin.json").write_bytes((a_class / "s-1.json").read_bytes().replace(
        b'"Student 1"', b'"Someone Else With A Long Name"'))
    monkeypatch.setenv("COLUMNS", "36")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    key = os.path.abspath(KEY)
    monkeypatch.chdir(tmp_path)
    assert main(["grade", "class", "--key", key, "--out", "grades"]) == 1
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    head = lines[:lines.index("")]
    assert len(head) > 2 and head[1].startswith("  ")
    rejected = lines[lines.index("Rejected files:") + 1:]
    rejected = rejected[:rejected.index("")]
    assert len(rejected) > 1 and rejected[1].startswith("    ")
    written = printed[printed.index("Written to"):printed.index("Next:")].strip().splitlines()
    assert len(written) > 2
    # the scores line and the histogram too (the bars were 30 wide whatever the width)
    scores = lines[lines.index(next(x for x in lines if x.startswith("  scores:"))):]
    scores = scores[:scores.index("")]
    assert len(scores) >= 11 and any("#" in line for line in scores)
    for line in head + rejected + written + scores:
        assert len(line) <= 40 or " " not in line.strip(), line  # a word wider is left whole


def test_the_progress_bar_shows_the_time_left_in_a_narrow_terminal(a_class, tmp_path):
    """In a real terminal 40 columns wide (a pseudo-terminal: tqdm asks the terminal its
    size), the bar's line used to be cut before "[… left]" ('grading: reading:  33%|▎|
    109/331 [00:0')."""
    import fcntl
    import pty
    import struct
    import termios

    for n in range(400):
        (a_class / f"broken-{n:03}.json").write_text("{", "utf-8")
    main_fd, term = pty.openpty()
    fcntl.ioctl(term, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 40, 0, 0))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)}
    env.pop("COLUMNS", None)
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "grade", str(a_class), "--key",
         str(REPO / "answer_keys" / "kn23.yaml"), "--out", str(tmp_path / "grades"),
         "--progress"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=term,
        env=env, timeout=120, check=False)
    os.close(term)
    seen = b""
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        seen += chunk
    os.close(main_fd)
    assert done.returncode == 1
    bars = [part for part in re.split(r"[\r\n]", seen.decode("utf-8", "replace"))
            if "%|" in part]
    assert bars and all(part.rstrip().endswith("left]") for part in bars), bars
