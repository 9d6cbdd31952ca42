"""``annotator grade``: exit status, outputs, inputs left alone, progress bar, help."""

from __future__ import annotations

import json
import os
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
def a_class(kn23_key, write_json, submission_data, tmp_path):
    """Three good submissions (one in a Canvas zip) and, optionally, a broken file."""
    def build(broken: bool = False):
        folder = tmp_path / "class"
        for n in range(2):
            items = kn23_key.items[n * 5:(n + 1) * 5 + 10]
            data = submission_data(marks=[{"label": i.label, "start": i.start, "end": i.end}
                                          for i in items])
            data["student"] = {"id": f"s-{n}", "name": f"Student {n}"}
            write_json(f"class/s-{n}.json", data)
        with zipfile.ZipFile(folder / "canvas.zip", "w") as archive:
            archive.writestr("lovelaceada_77_1_kn23.json", json.dumps(submission_data()))
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


def test_a_broken_file_exits_1_and_is_listed_with_its_reason(a_class, tmp_path, capsys):
    out = tmp_path / "grades"
    assert main(["grade", str(a_class(broken=True)), "--key", KEY, "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "Rejected files:" in printed and "broken.json" in printed
    assert "not valid JSON" in printed
    assert len(os.listdir(out / "reports")) == 3  # the rest were graded


def test_usage_errors_exit_2(a_class, tmp_path, capsys):
    folder = str(a_class())
    out = ["--out", str(tmp_path / "g")]
    assert main(["grade", str(tmp_path / "missing"), "--key", KEY, *out]) == 2
    assert main(["grade", folder, "--key", "nope.yaml", *out]) == 2
    assert main(["grade", folder, "--key", KEY, "--due", "soonish", *out]) == 2
    assert main(["grade", folder, "--key", KEY, "--policy", "latest_before_due", *out]) == 2
    assert main(["grade", folder, "--key", KEY, "--policy", "best", "--policy", "latest",
                 *out]) == 2
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
    assert sorted(os.listdir(out)) == sorted(OUTPUTS)
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
    assert "grading" not in quiet.stderr and "grading" in forced.stderr
    assert "grading" not in forced.stdout


def test_help_shows_examples_and_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    text = capsys.readouterr().out
    assert "examples:" in text and "Exit status" in text and "--roster" in text


def test_grading_with_a_draft_key_says_so_first(a_class, tmp_path, capsys):
    key = tmp_path / "draft.yaml"
    key.write_text(Path(KEY).read_text(encoding="utf-8").replace(
        "    why: \"Hearsay adverb", "    why: \"DRAFT: Hearsay adverb", 1), "utf-8")
    assert main(["grade", str(a_class()), "--key", str(key), "--out", str(tmp_path / "g")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"warning {key}: 1 of 53 items (hedge-reportedly) still have the "
                              "drafted why")


def test_a_roster_without_a_matching_assignment_column_is_pointed_out(a_class, tmp_path, capsys):
    roster = tmp_path / "export.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,KN-23 (4812)\r\n"
                      "    Points Possible,,,,,10\r\n\"Lovelace, Ada\",77,,s-0,P1,\r\n", "utf-8")
    folder, out = str(a_class()), ["--out", str(tmp_path / "g"), "--roster", str(roster)]
    for extra, said in [([], "no --assignment given"),
                        (["--assignment", "KN23"], "no column matches --assignment 'KN23'")]:
        assert main(["grade", folder, "--key", KEY, *out, *extra]) == 0
        printed = capsys.readouterr().out
        assert f"warning {roster}: {said}, so canvas.csv makes a new Canvas assignment." in printed
        assert "(columns: 'KN-23 (4812)')" in printed
    assert main(["grade", folder, "--key", KEY, *out, "--assignment", "4812"]) == 0
    assert "warning" not in capsys.readouterr().out
