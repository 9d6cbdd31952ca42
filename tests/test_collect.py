"""Finding submissions: files, folders, nbgrader trees, Canvas and Moodle zips."""

from __future__ import annotations

import json
import os
import zipfile
from datetime import datetime, timezone

import pytest

from annotator.collect import collect, parse_time
from annotator.errors import AnnotatorError
from annotator.files import MAX_FILE_BYTES


def _zip(path, members: dict[str, bytes | str]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_folder_is_searched_recursively_for_json_files(write, tmp_path):
    write("class/a.json", "{}")
    write("class/sub/deeper/b.json", "{}")
    write("class/notes.txt", "not a submission")
    found = collect([tmp_path / "class"])
    assert [c.origin.split("class")[1] for c in found] == ["/a.json", "/sub/deeper/b.json"]


def test_hidden_files_and_checkpoint_folders_are_skipped(write, tmp_path):
    write("class/.ipynb_checkpoints/a-checkpoint.json", "{}")
    write("class/.hidden.json", "{}")
    write("class/a.json", "{}")
    assert [c.origin.rsplit("/", 1)[1] for c in collect([tmp_path / "class"])] == ["a.json"]


def test_a_file_named_on_the_command_line_is_a_candidate_whatever_its_suffix(write):
    path = write("work.txt", "{}")
    [cand] = collect([path])
    assert cand.data == b"{}" and cand.identity.source == "file"


def test_the_same_file_named_twice_is_collected_once(write, tmp_path):
    path = write("class/a.json", "{}")
    assert len(collect([path, tmp_path / "class", path])) == 1


def test_a_missing_input_is_a_usage_error(tmp_path):
    with pytest.raises(AnnotatorError, match="not found"):
        collect([tmp_path / "nope"])


def test_a_file_too_large_becomes_a_rejected_candidate(write):
    path = write("big.json", b" " * (MAX_FILE_BYTES + 1))
    [cand] = collect([path])
    assert cand.data is None and cand.reason == "too_large" and "too large" in str(cand.error)


def test_nbgrader_student_id_comes_from_the_folder_and_time_from_timestamp(write, tmp_path):
    write("course/submitted/ada/kn23/kn23.json", "{}")
    write("course/submitted/ada/kn23/timestamp.txt", "2026-11-26 17:03:00.123456 UTC\n")
    write("course/submitted/bob/kn23/kn23.json", "{}")
    ada, bob = collect([tmp_path / "course" / "submitted"])
    assert (ada.identity.source, ada.identity.student) == ("nbgrader", "ada")
    assert ada.submitted_at == datetime(2026, 11, 26, 17, 3, 0, 123456, tzinfo=timezone.utc)
    assert bob.identity.student == "bob" and bob.submitted_at is None


def test_nbgrader_is_understood_when_given_the_course_folder_or_one_file(write, tmp_path):
    path = write("course/submitted/ada/kn23/kn23.json", "{}")
    assert collect([tmp_path / "course"])[0].identity.student == "ada"
    assert collect([path])[0].identity.student == "ada"


def test_canvas_zip_names_map_files_to_students(tmp_path):
    # content_zipper.rb: sanitised sortable name, optional "late", user id, file id, file name
    zpath = _zip(tmp_path / "submissions.zip", {
        "lovelaceada_12345_67890_kn23.json": "{}",
        "smithbob_late_23456_78901_kn23-1.json": "{}",
        "LATE_turingalan_34567_89012_my_kn23.json": "{}",
        "45678_90123_anonymous.json": "{}",
    })
    found = {c.identity.lms_id: c.identity for c in collect([zpath])}
    assert found["12345"].source == "canvas" and found["12345"].name == "lovelaceada"
    assert not found["12345"].late
    assert found["23456"].late and found["23456"].name == "smithbob"
    assert found["34567"].late and found["34567"].name == "turingalan"
    assert found["45678"].name is None


def test_canvas_zip_member_origin_names_the_zip_and_the_member(tmp_path):
    zpath = _zip(tmp_path / "s.zip", {"lovelaceada_12345_67890_kn23.json": "{}"})
    [cand] = collect([zpath])
    assert cand.origin == f"{zpath}!lovelaceada_12345_67890_kn23.json"


def test_moodle_zip_folders_map_files_to_participants(tmp_path):
    # downloader.php: "<Full Name>_<participant id>_assignsubmission_file/" (with or without
    # the trailing "_" of older versions), or one flat file per submission
    zpath = _zip(tmp_path / "moodle.zip", {
        "Ada Lovelace_101_assignsubmission_file_/kn23.json": "{}",
        "Bob Smith_102_assignsubmission_file/sub/kn23.json": "{}",
        "Carol Jones_103_assignsubmission_file_kn23.json": "{}",
    })
    found = {c.identity.lms_id: c.identity for c in collect([zpath])}
    assert {k: (v.source, v.name) for k, v in found.items()} == {
        "101": ("moodle", "Ada Lovelace"), "102": ("moodle", "Bob Smith"),
        "103": ("moodle", "Carol Jones")}


def test_a_non_json_file_in_an_lms_zip_is_reported_not_ignored(tmp_path):
    zpath = _zip(tmp_path / "moodle.zip", {
        "Ada Lovelace_101_assignsubmission_file_/essay.docx": b"PK...",
        "Bob Smith_102_assignsubmission_onlinetext_/onlinetext.html": "<p>hi</p>",
    })
    found = collect([zpath])
    assert [c.reason for c in found] == ["not_submission", "not_submission"]
    assert [c.identity.lms_id for c in found] == ["101", "102"]  # Bob's online text: no file


def test_a_plain_zip_gives_its_json_files_only(tmp_path):
    zpath = _zip(tmp_path / "mine.zip", {"a/s-1.json": "{}", "a/readme.md": "x",
                                          "__MACOSX/a/._s-1.json": "junk"})
    [cand] = collect([zpath])
    assert cand.origin.endswith("!a/s-1.json") and cand.identity.source == "file"


def test_a_zip_member_too_large_is_rejected_without_reading_it(tmp_path):
    zpath = tmp_path / "big.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lovelaceada_1_2_kn23.json", b" " * (MAX_FILE_BYTES + 10))
    [cand] = collect([zpath])
    assert cand.reason == "too_large"


def test_a_damaged_zip_is_one_rejected_candidate(write):
    path = write("broken.zip", b"PK\x03\x04 this is not a zip")
    [cand] = collect([path])
    assert cand.reason == "unreadable" and "not a readable zip" in str(cand.error)


def test_zips_are_read_in_memory_and_never_modified(tmp_path):
    zpath = _zip(tmp_path / "s.zip", {"lovelaceada_12345_67890_kn23.json": json.dumps({})})
    before = (zpath.read_bytes(), os.stat(zpath).st_mtime_ns)
    listing = sorted(os.listdir(tmp_path))
    collect([zpath])
    assert (zpath.read_bytes(), os.stat(zpath).st_mtime_ns) == before
    assert sorted(os.listdir(tmp_path)) == listing  # nothing extracted


def test_names_in_zips_never_become_paths(tmp_path):
    zpath = _zip(tmp_path / "evil.zip", {"../../escape_1_2_x.json": "{}"})
    listing = sorted(os.listdir(tmp_path))
    [cand] = collect([zpath])
    assert cand.origin.endswith("!../../escape_1_2_x.json")
    assert sorted(os.listdir(tmp_path)) == listing and not (tmp_path.parent / "x.json").exists()


@pytest.mark.parametrize("text, expected", [
    ("2026-11-26T17:00:00Z", datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)),
    ("2026-11-26T18:00:00+01:00", datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)),
    ("2020-01-30 10:30:47.524219 UTC",
     datetime(2020, 1, 30, 10, 30, 47, 524219, tzinfo=timezone.utc)),
    ("2026-11-26 18:00 Europe/Berlin", datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)),
])
def test_times_are_read_as_iso_8601_or_as_nbgrader_writes_them(text, expected):
    assert parse_time(text) == expected


def test_a_time_without_a_zone_is_local_time():
    assert parse_time("2026-11-26 17:00") == datetime(2026, 11, 26, 17, 0).astimezone()


def test_text_that_is_not_a_time_raises_value_error():
    with pytest.raises(ValueError):
        parse_time("next tuesday")


def test_ids_compare_without_invisible_characters():
    from annotator.names import normalise_id
    assert normalise_id("S-017\u200b ") == normalise_id("s-017") == "s-017"
    assert normalise_id("\u200b\u2060") == ""


def test_moodle_online_text_beside_a_students_file_is_not_graded(tmp_path, submission_data):
    """A Moodle assignment with online text on exports it beside each student's file: the
    file is their work, the online text no rejected file."""
    zpath = _zip(tmp_path / "moodle.zip", {
        "Ada Lovelace_101_assignsubmission_file_/kn23.json": json.dumps(submission_data()),
        "Ada Lovelace_101_assignsubmission_onlinetext_/onlinetext.html": "<p>done</p>",
    })
    [found] = collect([zpath])
    assert found.origin.endswith("kn23.json") and found.error is None
