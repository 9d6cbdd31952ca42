"""Reading files with clear errors; writing them whole or not at all."""

from __future__ import annotations

import os

import pytest

from annotator import files
from annotator.errors import AnnotatorError
from annotator.files import Staged, decode_utf8, read_bytes, read_text, write_atomic


def leftovers(folder, name):
    """Temporary files write_atomic may have left beside ``name``."""
    return [p.name for p in folder.iterdir() if p.name != name]


# -- reading ------------------------------------------------------------------------------


def test_read_text_drops_a_leading_bom(write):
    assert read_text(write("a.txt", b"\xef\xbb\xbfhello")) == "hello"


def test_missing_file_is_reported_with_its_path(tmp_path):
    path = tmp_path / "nope.json"
    with pytest.raises(AnnotatorError, match="file not found") as err:
        read_bytes(path)
    assert err.value.path == str(path)
    assert str(path) in str(err.value)


def test_folder_is_not_a_file(tmp_path):
    with pytest.raises(AnnotatorError, match="is a folder"):
        read_bytes(tmp_path)


def test_too_large_file_is_refused_before_reading(write):
    path = write("big.json", b"x" * 101)
    with pytest.raises(AnnotatorError, match="too large"):
        read_bytes(path, limit=100)


def test_file_at_the_size_limit_is_read(write):
    assert read_bytes(write("ok.json", b"x" * 100), limit=100) == b"x" * 100


def test_not_utf8_names_the_line_of_the_bad_byte():
    with pytest.raises(AnnotatorError, match="not UTF-8 text \\(bad byte at line 3\\)") as err:
        decode_utf8(b"one\ntwo\nthr\xe9e\n", "sub.json")
    assert str(err.value).startswith("sub.json: ")


def test_error_without_a_path_has_no_location_prefix():
    err = AnnotatorError("something is wrong.")
    assert str(err) == "something is wrong."
    assert err.reason == "something is wrong."


def test_error_names_the_file_and_the_field():
    err = AnnotatorError("must be a number.", path="key.yaml", field="item x.points")
    assert str(err) == "key.yaml, item x.points: must be a number."
    assert (err.path, err.field) == ("key.yaml", "item x.points")


# -- atomic writing ---------------------------------------------------------------------


def test_write_atomic_writes_the_whole_text(tmp_path):
    path = tmp_path / "out.json"
    write_atomic(path, "héllo\n")
    assert path.read_text(encoding="utf-8") == "héllo\n"
    assert leftovers(tmp_path, "out.json") == []


def test_write_atomic_replaces_an_existing_file(write, tmp_path):
    path = write("out.json", "old")
    write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "new"
    assert leftovers(tmp_path, "out.json") == []


def test_write_atomic_creates_missing_folders(tmp_path):
    path = tmp_path / "a" / "b" / "out.json"
    write_atomic(path, "x")
    assert path.read_text(encoding="utf-8") == "x"


def test_write_atomic_keeps_lf_line_endings(tmp_path):
    path = tmp_path / "out.txt"
    write_atomic(path, "a\nb\n")
    assert path.read_bytes() == b"a\nb\n"


def test_failed_rename_leaves_the_old_file_and_no_temp_file(write, tmp_path, monkeypatch):
    path = write("work.json", "the student's saved work")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, "half a new file")
    assert path.read_text(encoding="utf-8") == "the student's saved work"
    assert leftovers(tmp_path, "work.json") == []


def test_failure_while_writing_leaves_the_old_file_and_no_temp_file(write, tmp_path,
                                                                     monkeypatch):
    path = write("work.json", "the student's saved work")

    def broken_fsync(fd):
        raise OSError("I/O error")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="I/O error"):
        write_atomic(path, "new work")
    assert path.read_text(encoding="utf-8") == "the student's saved work"
    assert leftovers(tmp_path, "work.json") == []


def test_interrupt_while_writing_leaves_the_old_file(write, tmp_path, monkeypatch):
    path = write("work.json", "the student's saved work")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new work")
    assert path.read_text(encoding="utf-8") == "the student's saved work"
    assert leftovers(tmp_path, "work.json") == []


def test_temp_file_is_written_in_the_target_folder(tmp_path, monkeypatch):
    """A rename is only atomic within one file system: the temp file sits beside the target."""
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((os.path.dirname(src), os.path.dirname(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", spy)
    write_atomic(tmp_path / "out.json", "x")
    assert seen == [(str(tmp_path), str(tmp_path))]


def test_write_atomic_gives_a_new_file_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.json", "{}")
    finally:
        os.umask(old)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644


def test_write_atomic_keeps_an_existing_files_permissions(tmp_path):
    path = tmp_path / "shared.json"
    path.write_text("old")
    path.chmod(0o664)
    write_atomic(path, "new")
    assert path.stat().st_mode & 0o777 == 0o664
    assert path.read_text() == "new"


def write_folder(folder, files) -> None:
    """A folder of (name, contents) pairs, staged and swapped in as ``annotator grade``
    writes its reports."""
    staged = Staged(folder.parent)
    try:
        staged.folder_of(folder.name, files)
    except BaseException:
        staged.discard()
        raise
    staged.commit()


def test_a_staged_folder_is_written_pairs_as_they_come(tmp_path):
    made = []

    def pages():
        for n in range(files._BATCH * 2 + 3):  # more than one batch
            made.append(n)
            yield f"{n}.html", f"page {n} ✓"

    write_folder(tmp_path / "reports", pages())
    written = sorted(os.listdir(tmp_path / "reports"), key=lambda name: int(name[:-5]))
    assert written == [f"{n}.html" for n in made]
    assert (tmp_path / "reports" / "7.html").read_text("utf-8") == "page 7 ✓"


def test_a_staged_folder_keeps_the_last_contents_of_a_name_given_twice(tmp_path):
    write_folder(tmp_path / "out", [("a.html", "first"), ("b.html", b"b"),
                                    ("a.html", b"last")])
    assert sorted(os.listdir(tmp_path / "out")) == ["a.html", "b.html"]
    assert (tmp_path / "out" / "a.html").read_bytes() == b"last"


def test_a_staged_folder_leaves_the_old_folder_when_making_a_file_fails(tmp_path):
    write_folder(tmp_path / "out", [("old.html", "old")])

    def pages():
        yield "new.html", "new"
        raise RuntimeError("a page could not be made")

    with pytest.raises(RuntimeError):
        write_folder(tmp_path / "out", pages())
    assert os.listdir(tmp_path) == ["out"]  # no staging folder left behind
    assert os.listdir(tmp_path / "out") == ["old.html"]


def _failing_rename_at(monkeypatch, nth: int) -> None:
    replace, renames = os.replace, []

    def failing(src, dst):
        if not os.path.basename(dst).startswith(".annotator"):
            renames.append(dst)
            if len(renames) == nth:
                raise OSError(5, "input/output error", dst)
        replace(src, dst)

    monkeypatch.setattr(files.os, "replace", failing)


def test_a_commit_stopped_half_way_leaves_a_mark_the_next_clears(tmp_path, monkeypatch):
    """New grades beside old reports: the next run must know, and not compare with them."""
    staged = Staged(tmp_path)
    for name in ("a.csv", "b.csv", "c.csv"):
        staged.file(name, "new")
    _failing_rename_at(monkeypatch, 2)
    with pytest.raises(OSError):
        staged.commit()
    assert files.cut_short(tmp_path)
    monkeypatch.undo()
    again = Staged(tmp_path)
    again.file("a.csv", "newer")
    again.commit()
    assert not files.cut_short(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["a.csv"]


def test_a_commit_that_replaced_nothing_leaves_no_mark(tmp_path, monkeypatch):
    staged = Staged(tmp_path)
    staged.file("a.csv", "new")
    _failing_rename_at(monkeypatch, 1)
    with pytest.raises(OSError):
        staged.commit()
    assert not files.cut_short(tmp_path) and os.listdir(tmp_path) == []


def test_a_staged_folder_through_a_link_to_nothing_is_refused(tmp_path):
    (tmp_path / "reports").symlink_to(tmp_path / "usb" / "rep", target_is_directory=True)
    staged = Staged(tmp_path)
    with pytest.raises(FileNotFoundError, match="is a link to .*usb/rep, which does not exist"):
        staged.folder_of("reports", [("a.html", "new")])
    staged.discard()
    assert not (tmp_path / "usb").exists()


def test_a_lock_held_by_the_caller_is_used_and_left_to_it(tmp_path):
    held = files.FolderLock(tmp_path)
    staged = Staged(tmp_path, held)
    staged.file("a.csv", "new")
    staged.commit()
    with pytest.raises(files.FolderBusy):
        Staged(tmp_path)  # still held: the caller has more to do
    held.release()
    Staged(tmp_path).discard()
    assert os.listdir(tmp_path) == ["a.csv"]
