"""Finding submissions: files, folders, nbgrader trees, Canvas and Moodle zips."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.collect import _iso_by_pattern, collect, parse_time
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


def test_a_missing_lesson_folder_names_the_folders_beside_it(tmp_path):
    """The instructor notebook grades submissions/kn23-full; before anyone has saved lesson 4,
    the folders that are there are the likely ones meant."""
    for name in ("kn23-claims", "kn23-sources", ".hidden"):
        (tmp_path / "submissions" / name).mkdir(parents=True)
    with pytest.raises(AnnotatorError) as err:
        collect([tmp_path / "submissions" / "kn23-full"])
    assert str(err.value).endswith(
        f"Check the paths you gave. {tmp_path / 'submissions'}/ holds kn23-claims, "
        "kn23-sources.")


def test_in_a_notebook_an_error_is_its_message_not_a_traceback(tmp_path):
    """IPython shows what _render_traceback_ gives: a teacher's mistyped folder is one red
    line that says what to do, not twenty lines through the package."""
    import nbformat
    from nbclient import NotebookClient

    code = f"from annotator.collect import collect\ncollect([{str(tmp_path / 'nope')!r}])"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    (error,) = nb.cells[0].outputs
    assert error.output_type == "error" and error.ename == "AnnotatorError"
    shown = f"\x1b[31mAnnotatorError\x1b[0m: not found: {tmp_path / 'nope'}. Check the paths you gave."
    assert error.traceback == [shown]


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


def test_a_classmates_nbgrader_folder_made_inside_a_hand_in_is_the_hand_ins(write, tmp_path):
    """Mallory hands in submitted/s-1/kn23/ inside her own assignment folder (nbgrader submit
    copies subfolders), with a timestamp.txt of her own: it was graded as s-1's latest file
    and replaced s-1's grade."""
    write("c/submitted/s-1/kn23/kn23.json", "{}")
    write("c/submitted/s-1/kn23/timestamp.txt", "2026-11-26 17:00:00 UTC\n")
    write("c/submitted/mallory/kn23/timestamp.txt", "2026-11-26 17:05:00 UTC\n")
    write("c/submitted/mallory/kn23/submitted/s-1/kn23/kn23.json", "{}")
    write("c/submitted/mallory/kn23/submitted/s-1/kn23/timestamp.txt", "2026-11-27 09:00 UTC\n")
    found = {c.origin.split("/c/", 1)[1]: c for c in collect([tmp_path / "c" / "submitted"])}
    forged = found["submitted/mallory/kn23/submitted/s-1/kn23/kn23.json"]
    assert forged.identity.student == "mallory"
    assert forged.submitted_at == datetime(2026, 11, 26, 17, 5, tzinfo=timezone.utc)
    assert found["submitted/s-1/kn23/kn23.json"].identity.student == "s-1"


def test_a_course_under_a_folder_named_submitted_is_understood(write, tmp_path):
    """Only nbgrader's own submitted/<student>/<assignment>/ has a timestamp.txt."""
    write("submitted/course/submitted/ada/kn23/kn23.json", "{}")
    write("submitted/course/submitted/ada/kn23/timestamp.txt", "2026-11-26 17:03:00 UTC\n")
    [ada] = collect([tmp_path / "submitted"])
    assert ada.identity.student == "ada" and ada.submitted_at is not None


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


def test_zips_are_never_modified_nor_extracted(tmp_path):
    zpath = _zip(tmp_path / "s.zip", {"lovelaceada_12345_67890_kn23.json": json.dumps({})})
    before = (zpath.read_bytes(), os.stat(zpath).st_mtime_ns)
    listing = sorted(os.listdir(tmp_path))
    collect([zpath])
    assert (zpath.read_bytes(), os.stat(zpath).st_mtime_ns) == before
    assert sorted(os.listdir(tmp_path)) == listing  # nothing extracted


def test_a_zips_members_are_not_read_until_they_are_graded(tmp_path):
    # a class's zip can be large: holding every member's bytes from collection to grading
    # took ~1,000 times the zip's size
    zpath = _zip(tmp_path / "s.zip", {"a_1_2_x.json": "{}", "b_3_4_x.json": "[]"})
    found = collect([zpath])
    assert [c.data for c in found] == [None, None]
    assert [c.read() for c in found] == [b"{}", b"[]"]


def test_grading_a_zip_holds_one_members_bytes_at_a_time(tmp_path, kn23_key):
    import tracemalloc

    from annotator.gradebook import grade
    members = 40
    zpath = tmp_path / "spaces.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(members):
            archive.writestr(f"s{n:03}_{n}_{n}_kn23.json", b" " * 1_000_000)
    tracemalloc.start()
    try:
        book = grade(collect([zpath]), kn23_key)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(book.rejected) == members
    assert peak < 8_000_000, f"{peak:,} bytes held at once for {members} members of 1 MB"


def test_a_zip_too_large_on_disk_is_refused_before_any_of_it_is_read(tmp_path, monkeypatch):
    import annotator.collect as collect_module
    zpath = _zip(tmp_path / "videos.zip", {"a_1_2_x.json": "{}", "a_1_3_film.mp4": b"x" * 500})
    read = []
    real_read_bytes = collect_module.read_bytes
    monkeypatch.setattr(collect_module, "read_bytes",
                        lambda path, **kw: read.append(str(path)) or real_read_bytes(path, **kw))
    monkeypatch.setattr(collect_module, "MAX_ZIP_BYTES", 300)
    [cand] = collect([zpath])
    assert cand.reason == "too_large" and f"{os.stat(zpath).st_size:,} bytes" in str(cand.error)
    assert read == []


def test_a_zip_inside_a_plain_zip_is_reported_with_what_to_do(tmp_path):
    inner = _zip(tmp_path / "class.zip", {"a.json": "{}"}).read_bytes()
    zpath = _zip(tmp_path / "outer.zip", {"s-1.json": "{}", "class.zip": inner})
    found = collect([zpath])
    assert [c.origin.rsplit("!", 1)[1] for c in found] == ["s-1.json", "class.zip"]
    nested = found[1]
    assert nested.reason == "not_submission" and nested.data is None
    assert "holds another zip, class.zip" in str(nested.error)
    assert "unzip outer.zip, then grade class.zip itself" in str(nested.error)


def test_an_empty_zip_is_reported_as_an_empty_zip(tmp_path):
    zpath = _zip(tmp_path / "download.zip", {})
    [cand] = collect([zpath])
    assert cand.reason == "empty" and "is an empty zip" in str(cand.error)


def test_a_plain_zip_without_submissions_says_so(tmp_path):
    zpath = _zip(tmp_path / "notes.zip", {"readme.md": "x"})
    [cand] = collect([zpath])
    assert cand.reason == "not_submission" and "no .json submission file" in str(cand.error)


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


@pytest.mark.parametrize("text, expected", [
    ("2026-11-26T17:00Z", datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)),
    ("2026-11-26T18:00:00+0100", datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)),
    ("2026-11-26T12:00:00-05", datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)),
    ("20261126T1700Z", datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)),
    ("2026-11-26T17:00:00.5Z", datetime(2026, 11, 26, 17, 0, 0, 500000, tzinfo=timezone.utc)),
    ("2026-11-26T17:00:00,1234567Z",
     datetime(2026, 11, 26, 17, 0, 0, 123456, tzinfo=timezone.utc)),
    ("2026-11-26T17:30.5Z", datetime(2026, 11, 26, 17, 30, 0, 500000, tzinfo=timezone.utc)),
    ("2026-11-26t17:00z", datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)),
])
def test_times_read_alike_on_every_python_the_package_supports(text, expected):
    """Python 3.10's ``fromisoformat`` refuses the "Z" every saved_at ends with: there,
    "latest" picked files by the order they were found and no file was ever late, without a
    word. These are read as Python 3.11 reads them, whatever the Python."""
    assert parse_time(text) == expected
    assert _iso_by_pattern(text) == expected  # as Python 3.10 reads it


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
       st.sampled_from(["T", " "]), st.sampled_from(["seconds", "milliseconds",
                                                      "microseconds", "minutes"]),
       st.sampled_from([None, timezone.utc, timezone(timedelta(hours=5, minutes=30)),
                        timezone(-timedelta(hours=8))]))
def test_iso_times_read_as_the_standard_library_reads_them(when, sep, spec, zone):
    text = when.replace(tzinfo=zone).isoformat(sep, spec)
    assert _iso_by_pattern(text) == datetime.fromisoformat(text)
    if zone is timezone.utc:
        assert _iso_by_pattern(text.replace("+00:00", "Z")) == datetime.fromisoformat(text)


@given(st.integers(1900, 2200), st.integers(1, 12), st.integers(1, 28), st.booleans(),
       st.sampled_from("Tt "), st.integers(0, 23), st.integers(0, 59), st.integers(0, 59),
       st.integers(1, 3), st.booleans(), st.text("0123456789", min_size=1, max_size=9),
       st.sampled_from(["", ".", ","]),
       st.sampled_from(["", "Z", "z", "+05", "-0800", "+05:30", "-00:00"]))
def test_every_way_of_writing_a_time_reads_as_the_standard_library_reads_it(
        year, month, day, basic, sep, hour, minute, second, parts, colons, fraction, point,
        zone):
    """Written out part by part, as people and tools write times: a fraction after the
    minutes ("17:30.5") is a fraction of a second, as Python 3.11 reads it, never 30 seconds."""
    date = f"{year:04d}{month:02d}{day:02d}" if basic else f"{year:04d}-{month:02d}-{day:02d}"
    clock = [f"{hour:02d}", f"{minute:02d}", f"{second:02d}"][:parts]
    text = date + sep + (":" if colons else "").join(clock) + \
        (point + fraction if point else "") + zone
    try:
        expected = datetime.fromisoformat(text)
    except ValueError:  # Python 3.10 refuses most of these: the cases above hold there
        return
    assert _iso_by_pattern(text) == expected


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


# -- what is not a regular file, and what cannot be read ----------------------------------------


@pytest.fixture()
def deadline():
    """Fail, rather than hang, a test whose code opens a named pipe and waits on it."""
    def expired(signum, frame):
        raise TimeoutError("collect blocked: it opened something that is not a regular file")
    before = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, before)


def _by_name(found):
    return {c.origin.rsplit("/", 1)[1]: c for c in found}


def test_a_symlink_loop_is_rejected_and_the_rest_collected(write, tmp_path):
    write("home/good.json", "{}")
    os.symlink("b.json", tmp_path / "home/a.json")
    os.symlink("a.json", tmp_path / "home/b.json")
    found = _by_name(collect([tmp_path / "home"]))
    assert found["good.json"].data == b"{}"
    for name in ("a.json", "b.json"):
        assert found[name].data is None and found[name].reason == "not_a_file"
        assert f"home/{name}: is a symlink loop" in str(found[name].error)
        assert "ask the student to hand that in" in str(found[name].error)


def test_pipes_sockets_and_broken_links_are_rejected_without_being_opened(
        write, tmp_path, monkeypatch, deadline):
    home = tmp_path / "home"
    write("home/good.json", "{}")
    os.mkfifo(home / "pipe.json")  # opened, it would wait for a writer forever
    os.symlink("pipe.json", home / "to-pipe.json")
    os.symlink("nowhere.json", home / "broken.json")
    monkeypatch.chdir(home)  # a socket's path must be short
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("sock.json")
        found = _by_name(collect([home]))
    assert found["good.json"].data == b"{}"
    assert "is not a regular file (a named pipe)" in str(found["pipe.json"].error)
    assert "is not a regular file (a named pipe)" in str(found["to-pipe.json"].error)
    assert "is not a regular file (a socket)" in str(found["sock.json"].error)
    assert "is a link to a file that does not exist" in str(found["broken.json"].error)
    assert {c.reason for name, c in found.items() if name != "good.json"} == {"not_a_file"}


def test_a_named_pipe_named_on_the_command_line_is_refused_not_waited_on(
        write, tmp_path, deadline):
    good = write("good.json", "{}")
    os.mkfifo(tmp_path / "pipe.json")
    pipe, kept = collect([tmp_path / "pipe.json", good])
    assert pipe.reason == "not_a_file" and "(a named pipe)" in str(pipe.error)
    assert kept.data == b"{}"
    with pytest.raises(AnnotatorError, match=r"pipe\.json: is not a regular file"):
        collect([tmp_path / "pipe.json"])  # nothing else to grade: the command is wrong


def test_a_folder_linking_to_its_parent_is_not_searched_in_circles(write, tmp_path, deadline):
    write("home/ada/a.json", "{}")
    os.symlink("..", tmp_path / "home/ada/up")
    os.symlink("../ada", tmp_path / "home/ada/self")
    os.symlink(tmp_path / "home", tmp_path / "home/ada/home.json")  # a folder named .json
    found = collect([tmp_path / "home"])
    assert [c.origin.split("home", 1)[1] for c in found] == ["/ada/a.json"]


def test_a_link_to_a_folder_outside_the_input_is_reported_not_silently_skipped(
        write, tmp_path):
    """A teacher's "class" folder of links to each student's folder: nothing was graded and
    nothing said so. The link is not followed (it could lead anywhere), but it is reported
    with the folder to name instead; a link to a folder inside the input is searched anyway,
    and is passed over."""
    write("class/ada/a.json", "{}")
    write("homes/bob/submissions/b.json", "{}")
    os.symlink(tmp_path / "homes/bob/submissions", tmp_path / "class/bob")
    os.symlink(tmp_path / "class/ada", tmp_path / "class/ada-again")
    found = collect([tmp_path / "class"])
    assert [c.origin.split("class/")[1] for c in found] == ["ada/a.json", "bob"]
    link = found[1]
    assert link.data is None and link.reason == "folder_link"
    assert str(link.error) == (
        f"{tmp_path}/class/bob: is a link to the folder {tmp_path}/homes/bob/submissions, which "
        "was not searched (a link can lead anywhere, even back up the tree), so any "
        "submissions in it were not graded. If it holds submissions, name the folder itself: "
        f"annotator grade {tmp_path}/homes/bob/submissions …")
    named = collect([tmp_path / "class/bob"])  # named on the command line, it is searched
    assert [(c.origin, c.data) for c in named] == [(f"{tmp_path}/class/bob/b.json", b"{}")]


def test_a_closed_subfolder_is_reported_not_skipped(write, tmp_path, closed):
    write("homes/ada/a.json", "{}")
    write("homes/bob/secret/b.json", "{}")
    closed(tmp_path / "homes/bob/secret")
    found = collect([tmp_path / "homes"])
    assert [c.origin.split("homes/")[1] for c in found] == ["ada/a.json", "bob/secret"]
    shut = found[1]
    assert shut.data is None and shut.reason == "unreadable"
    message = str(shut.error)
    assert message.startswith(f"{tmp_path}/homes/bob/secret: is a folder that cannot be read "
                              "(permission denied)")
    assert "not graded" in message and "grade as a user who can read it" in message


def _bob_cannot_be_opened(write, tmp_path, monkeypatch, error: OSError):
    """Two students' files, Ada's and Bob's, collected while opening Bob's raises ``error``."""
    write("homes/ada/a.json", "{}")
    write("homes/bob/b.json", "{}")
    real_open = os.open

    def open_(path, *args, **kwargs):
        if os.fspath(path).endswith("b.json"):
            raise error
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr(os, "open", open_)
    return collect([tmp_path / "homes"])


def test_a_file_closed_to_the_grader_says_what_to_do(write, tmp_path, monkeypatch):
    ada, bob = _bob_cannot_be_opened(write, tmp_path, monkeypatch,
                                     PermissionError(errno.EACCES, "Permission denied"))
    assert ada.data == b"{}" and bob.reason == "unreadable"
    assert str(bob.error) == (f"{tmp_path}/homes/bob/b.json: cannot be read (permission "
                              "denied): grade as a user who can read it, or ask the student to "
                              "let you read it (chmod a+r on the file).")


def test_a_read_that_fails_is_one_rejected_file(write, tmp_path, monkeypatch):
    ada, bob = _bob_cannot_be_opened(write, tmp_path, monkeypatch,
                                     OSError(errno.EIO, os.strerror(errno.EIO)))
    assert ada.data == b"{}" and bob.reason == "unreadable"
    assert f"b.json: cannot be read ({os.strerror(errno.EIO)})" in str(bob.error)


def test_an_input_that_cannot_be_read_beside_others_is_reported(write, tmp_path, closed):
    write("homes/ada/a.json", "{}")
    write("homes/bob/hw/b.json", "{}")
    write("homes/cy/c.json", "{}")
    closed(tmp_path / "homes/bob", tmp_path / "homes/cy")
    inside, shut, ada = collect([tmp_path / "homes/bob/hw", tmp_path / "homes/cy",
                                 tmp_path / "homes/ada"])
    assert ada.data == b"{}"
    assert inside.origin == str(tmp_path / "homes/bob/hw") and inside.reason == "unreadable"
    assert "hw: cannot be read (permission denied)" in str(inside.error)
    assert shut.origin == str(tmp_path / "homes/cy") and shut.reason == "unreadable"
    assert "cy: is a folder that cannot be read (permission denied)" in str(shut.error)


def test_when_no_input_can_be_read_it_is_a_usage_error(write, tmp_path, closed):
    write("homes/bob/hw/b.json", "{}")
    (tmp_path / "empty").mkdir()
    closed(tmp_path / "homes/bob")
    with pytest.raises(AnnotatorError, match=r"bob/hw: cannot be read \(permission denied\)"):
        collect([tmp_path / "homes/bob/hw", tmp_path / "empty"])
    with pytest.raises(AnnotatorError, match=r"bob: is a folder that cannot be read"):
        collect([tmp_path / "homes/bob"])
    with pytest.raises(AnnotatorError, match="not found"):  # a path that is not there: as ever
        collect([tmp_path / "homes/nobody", tmp_path / "homes"])


def test_a_folder_that_lists_but_cannot_be_entered_gets_folder_advice(write, tmp_path, closed):
    """A folder of mode a+r without a+x lists its files, but none can be read: the advice is
    about the folder (chmod a+x), not each file (chmod a+r would change nothing)."""
    write("homes/ada/a.json", "{}")
    write("homes/bob/b.json", "{}")
    closed(tmp_path / "homes/bob", listable=True)
    ada, bob = collect([tmp_path / "homes"])
    assert ada.data == b"{}"
    assert bob.reason == "unreadable" and bob.data is None
    assert str(bob.error) == (
        f"{tmp_path}/homes/bob/b.json: cannot be read (permission denied): its folder can be "
        "listed but not entered, so no file in it can be read: grade as a user who can read "
        "it, or ask the student to let you read it (chmod a+x on the folder "
        f"{tmp_path}/homes/bob).")
