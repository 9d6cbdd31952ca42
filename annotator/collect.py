"""Finding submissions: files, folders, nbgrader trees, and the zips Canvas and Moodle give.

Every input becomes ``Candidate`` records: the bytes of one handed-in file (or, in a zip, the
member to read them from), where it came from, and who its path says handed it in. Nothing here
parses a submission, and nothing builds a path or a pattern from a name: names found in folders
and zips are data, only ever compared. Inputs are never modified. A zip is read from disk, one
member at a time when it is parsed: never whole into memory, since a class's zip can hold videos
and hundreds of files, and a JupyterHub may give a user 2 GB.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from annotator.errors import AnnotatorError, writable
from annotator.files import DENIED, MAX_FILE_BYTES, SYMLINK_LOOP, not_regular, read_bytes

MAX_ZIP_BYTES = 2_000_000_000
SUBMISSION_SUFFIX = ".json"

# Canvas, "Download Submissions": app/models/content_zipper.rb builds each file's name as
# sanitize([sortable_name, ("LATE" if late), user_id].join("_")) + "_<attachment id>_" +
# display_name, where sanitize drops every non-word character and lower-cases, and the
# sortable name first has any "_<digits>_" collapsed so that ids can be read back. The issue
# calls the second number the submission id; Canvas's code uses the file's (attachment's) id.
# So: "lovelaceada_12345_67890_kn23.json", "lovelaceada_late_12345_67890_kn23.json"; with
# anonymous grading the name part is empty. Older zips used upper-case "LATE", sometimes first.
_CANVAS = re.compile(r"^(?:(?P<prefix>\w*?)_)?(?P<user>\d+)_(?P<file_id>\d+)_(?P<file>.+)$")
# With anonymous grading, the same code writes "anon_<anonymous id>" where the user id goes and
# no name: "anon_Ab3dE_67890_kn23.json", "LATE_anon_Ab3dE_…". The anonymous id is five base58
# characters (lib/anonymity.rb), so it can be all digits: it is read before the rule above.
_CANVAS_ANON = re.compile(r"^(?:(?P<late>(?i:late))_)?anon_(?P<anon>[1-9A-HJ-NP-Za-km-z]{5})_"
                          r"(?P<file_id>\d+)_(?P<file>.+)$")

# Moodle, "Download all submissions": mod/assign/classes/downloader.php builds a prefix
# clean_filename(fullname with "_" replaced by " " + "_" + participant id) and, by default since
# Moodle 3.1 (download as folders), puts each file under the folder
# "<prefix>_assignsubmission_file/" (Moodle before 4.x wrote "..._assignsubmission_file_/").
# With folders turned off the file itself is "<prefix>_assignsubmission_file_<filename>".
# Blind marking puts "Participant" where the name goes (in English: the word is translated);
# team submissions put the group name and group id.
MOODLE_BLIND_NAME = "Participant"
_MOODLE_FOLDER = re.compile(r"^(?P<name>.+)_(?P<participant>\d+)_assignsubmission_(?P<plugin>[a-z]+)_?$")
_MOODLE_FILE = re.compile(r"^(?P<name>.+)_(?P<participant>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<file>.+)$")

# nbgrader: {course}/submitted/{student_id}/{assignment_id}/... with the submission time in
# timestamp.txt beside the files, written as "%Y-%m-%d %H:%M:%S.%f %Z" (e.g.
# "2020-01-30 10:30:47.524219 UTC").
NBGRADER_STEP = "submitted"
NBGRADER_TIMESTAMP = "timestamp.txt"


@dataclass(frozen=True)
class Identity:
    """Who a file's location says handed it in. Every field is raw text, never trusted."""

    source: str = "file"  # file, nbgrader, canvas or moodle
    student: str | None = None  # a student id the path gives (nbgrader's student folder)
    lms_id: str | None = None  # Canvas user id or Moodle participant id
    name: str | None = None  # the name the LMS wrote (Canvas: sanitised sortable name)
    late: bool = False  # Canvas marked the submission LATE
    blind: bool = False  # the LMS hid who handed it in (Canvas anonymous, Moodle blind marking)


_NO_IDENTITY = Identity()


@dataclass(frozen=True)
class Candidate:
    """One handed-in file, read but not yet parsed."""

    origin: str  # for people: the path, or "<zip path>!<name inside the zip>"
    data: bytes | None
    identity: Identity = Identity()
    submitted_at: datetime | None = None  # when the collection system says it was handed in
    error: AnnotatorError | None = None  # why it could not even be read
    reason: str | None = None  # short code for ``error``
    member: ZipMember | None = None  # where ``data`` is still to be read from (a zip)

    def read(self) -> bytes:
        """The file's bytes: those held, or its zip member's, read now (and not kept).

        Raises ``AnnotatorError`` (with ``code``) when the member cannot be read."""
        if self.data is not None:
            return self.data
        if self.member is None:
            raise self.error or AnnotatorError("was not read.", path=self.origin,
                                               code=self.reason or "unreadable")
        return self.member.read()


def _what_is_there(missing: Path) -> str:
    """The folders beside a path that does not exist ("submissions/kn23-full" before anyone
    saved lesson 4, when kn23-claims is there): likely the one meant. Nothing for a path in
    the current folder (its folders are rarely what was meant)."""
    if missing.parent == Path("."):
        return ""
    try:
        there = sorted(p.name for p in missing.parent.iterdir()
                       if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return ""
    if not there:
        return ""
    more = f" and {len(there) - 8} more" if len(there) > 8 else ""
    return f" {missing.parent}/ holds {', '.join(there[:8])}{more}."


def collect(inputs: Iterable[str | Path]) -> list[Candidate]:
    """Every candidate submission in the inputs, in a stable order.

    Raises ``AnnotatorError`` for an input that does not exist (a usage error: nothing is
    graded until the command is right), and when no input can be read at all (each is closed
    to this user, a symlink loop, a named pipe …: there is nothing to grade). Problems with
    single files, and with folders inside the inputs, become candidates that carry their
    error, so one bad file never stops the rest; so does an input that cannot be read when
    others can.
    """
    paths = [Path(p) for p in inputs]
    missing = [str(p) for p in paths if _missing(p)]
    if missing:
        raise AnnotatorError(f"not found: {', '.join(missing)}. Check the paths you gave."
                             + _what_is_there(Path(missing[0])))
    found: list[Candidate] = []
    refused: list[Candidate] = []  # inputs that could not be read at all
    seen: set[str] = set()

    def add(cand: Candidate) -> bool:
        if writable(cand.origin) != cand.origin:  # a file name that is not UTF-8
            cand = replace(cand, origin=writable(cand.origin))
        if cand.origin in seen:  # the same file named twice on the command line
            return False
        seen.add(cand.origin)
        found.append(cand)
        return True

    for path in paths:
        try:
            for cand in _from_input(path):
                add(cand)
        except _Unreachable as exc:
            if add(exc.candidate):
                refused.append(exc.candidate)
        except (OSError, RuntimeError) as exc:  # unforeseen: what was found so far stays
            add(Candidate(str(path), None, error=AnnotatorError(
                f"could not be searched to the end ({exc}); the files found before that were "
                "collected. Check it, then grade again.", path=path), reason="unreadable"))
    if refused and len(refused) == len(found):
        raise AnnotatorError(str(refused[0].error) if len(refused) == 1 else
                             "no input can be read:\n  " +
                             "\n  ".join(str(c.error) for c in refused))
    return found


class _Unreachable(Exception):
    """A command-line input that cannot be read at all, as its one rejected candidate."""

    def __init__(self, candidate: Candidate):
        super().__init__(str(candidate.error))
        self.candidate = candidate


def _missing(path: Path) -> bool:
    """Whether a path does not exist (a link to nothing included). One that cannot be
    reached (a folder on its way is closed to this user) or is a symlink loop exists."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return True
    except OSError:
        return False
    return False


def _from_input(path: Path) -> Iterator[Candidate]:
    """A folder is searched for .json files and zips; a file named is a candidate whatever its
    suffix. Raises ``_Unreachable`` when the input itself cannot be read."""
    origin = str(path)
    try:
        info = os.stat(origin)
    except OSError as exc:
        raise _Unreachable(_refused(origin, exc, named=True)) from None
    if stat.S_ISDIR(info.st_mode):
        real = _real_parts(path)
        yield from _from_folder(origin, str(path / "_")[:-1], real, top=True, inside=real)
        return
    if not stat.S_ISREG(info.st_mode):
        raise _Unreachable(_not_a_file(origin, info.st_mode))
    found = _from_zip(path) if path.suffix.lower() == ".zip" else \
        iter([_from_file(origin, _real_parts(path))])
    first = next(found, None)
    if first is not None and first.origin == origin and _closed(first):
        raise _Unreachable(first)
    if first is not None:
        yield first
    yield from found


def _from_folder(folder: str, prefix: str, real: tuple[str, ...], top: bool = False,
                 inside: tuple[str, ...] = ()) -> Iterator[Candidate]:
    """``_in_folder``; and an nbgrader assignment folder (``submitted/<student>/<assignment>``)
    with no submission file in it is a rejected candidate of its own: the student handed in
    through nbgrader, but not their work (they never pressed Start, or it was saved outside
    the assignment folder), and the instructor must hear of it."""
    if len(real) < 3 or real[-3] != NBGRADER_STEP:
        yield from _in_folder(folder, prefix, real, top, inside)
        return
    found = 0
    for cand in _in_folder(folder, prefix, real, top, inside):
        found += 1
        yield cand
    if not found:
        identity, submitted_at = _nbgrader_identity((*real, "_"))
        yield Candidate(folder, None, identity, submitted_at, AnnotatorError(
            f"was handed in through nbgrader by '{real[-2]}' but holds no work file (.json): "
            "the student never pressed Start in the lesson, or their work was saved outside "
            "the assignment folder. Ask them to open the lesson, check that their marks are "
            "there and submit again.", path=folder), "no_work_file")


def _in_folder(folder: str, prefix: str, real: tuple[str, ...], top: bool = False,
               inside: tuple[str, ...] = ()) -> Iterator[Candidate]:
    """The .json files and zips under a folder, sorted, skipping hidden folders and files
    (.ipynb_checkpoints) and not following links to folders, as ``os.walk`` does (so a link
    to a folder above cannot loop, and a link to ``/`` cannot search the whole disk). A link
    to a folder outside the input being searched (real path ``inside``) is a rejected
    candidate that says so: what it holds is not graded. One to a folder inside it is
    searched anyway, and is passed over.

    ``prefix + name`` is ``str(Path(folder) / name)``; ``real`` is the folder's real path's
    parts, so a file's is found without resolving each one (only links are resolved). A
    folder that cannot be listed is a rejected candidate (``_Unreachable`` when ``top``); a
    file's type comes from the listing, so a regular file costs no stat of its own.
    """
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as exc:
        cand = _unlisted(folder, exc)
        if top:
            raise _Unreachable(cand) from None
        yield cand
        return
    files, folders = [], []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:  # a symlink loop, a link into a closed folder: not a folder to search
            is_dir = False
        if not is_dir:
            lowered = name.lower()  # not hidden, so "x.zip" ends with its suffix
            if lowered.endswith((".zip", SUBMISSION_SUFFIX)):
                files.append(entry)
        elif name != "__MACOSX":
            folders.append(entry)
    for entry in sorted(files, key=_name):
        path = prefix + entry.name
        try:
            if entry.is_file(follow_symlinks=False):  # the listing's type: no stat
                file_real = (*real, entry.name)
            else:  # a link, a named pipe, a socket …: only a regular file is opened
                checked = _followed(path, entry)
                if isinstance(checked, Candidate):
                    yield checked
                    continue
                file_real = checked
            if entry.name.lower().endswith(".zip"):
                yield from _from_zip(Path(path))
            else:
                yield _from_file(path, file_real)
        except (OSError, RuntimeError) as exc:  # unforeseen: this file only
            yield _refused(path, exc)
    for entry in sorted(folders, key=_name):
        try:
            link = entry.is_symlink()
        except OSError:
            link = True
        if not link:
            yield from _from_folder(entry.path, f"{prefix}{entry.name}/", (*real, entry.name),
                                    inside=inside)
        elif (target := _real_parts(Path(entry.path)))[:len(inside)] != inside:
            yield _folder_link(prefix + entry.name, target)


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _followed(path: str, entry: os.DirEntry) -> Candidate | tuple[str, ...]:
    """A folder's entry that the listing does not call a regular file: when it is a link to
    one, the real path's parts; else why it is refused (never opened)."""
    link = entry.is_symlink()
    try:
        info = os.stat(path) if link else entry.stat(follow_symlinks=False)
    except OSError as exc:
        return _refused(path, exc, link=link)
    if not stat.S_ISREG(info.st_mode):
        return _not_a_file(path, info.st_mode)
    return _real_parts(Path(path))


def _real_parts(path: Path) -> tuple[str, ...]:
    try:
        return path.resolve().parts
    except (OSError, RuntimeError):  # a loop, a closed folder: the path as given will do
        return Path(os.path.abspath(path)).parts


# What an instructor can do about a file or folder that cannot be read.
_HAND_IN = "A submission is the .json file the annotator saved: ask the student to hand that in."
_ASK = "grade as a user who can read it, or ask the student to let you read it"


def _folder_link(origin: str, target: tuple[str, ...]) -> Candidate:
    shown = str(Path(*target)) if target else "?"
    return Candidate(origin, None, error=AnnotatorError(
        f"is a link to the folder {shown}, which was not searched (a link can lead anywhere, "
        "even back up the tree), so any submissions in it were not graded. If it holds "
        f"submissions, name the folder itself: annotator grade {shown} …", path=origin),
        reason="folder_link")


def _not_a_file(origin: str, mode: int) -> Candidate:
    return Candidate(origin, None, error=AnnotatorError(f"{not_regular(mode)} {_HAND_IN}",
                                                        path=origin), reason="not_a_file")


def _refused(origin: str, exc: OSError | RuntimeError, *, link: bool = False,
             named: bool = False) -> Candidate:
    """A file (or, ``named``, a command-line input) that ``os.stat`` or the walk could not get
    through, as a rejected candidate saying why and what to do."""
    code = getattr(exc, "errno", None)
    if isinstance(exc, RuntimeError) or code == errno.ELOOP:
        message, reason = f"{SYMLINK_LOOP} {_HAND_IN}", "not_a_file"
    elif link and code == errno.ENOENT:
        message, reason = ("is a link to a file that does not exist (a broken link), so there "
                           f"is no file to read. {_HAND_IN}"), "not_a_file"
    elif code in (errno.EACCES, errno.EPERM):
        reason = "unreadable"
        message = (f"{DENIED}: a folder on its way is closed to you. Grade as a user who can "
                   "read it, or ask the student to let you into their folder (chmod a+rX on "
                   "it)." if named else f"{DENIED}: {_ASK} (chmod a+r on the file).")
    else:
        message, reason = (f"cannot be read ({getattr(exc, 'strerror', None) or exc}). Check "
                           "it, then grade again."), "unreadable"
    return Candidate(origin, None, error=AnnotatorError(message, path=origin), reason=reason)


def _unlisted(folder: str, exc: OSError) -> Candidate:
    """A folder that cannot be listed: the students whose work is in it may be missing."""
    if isinstance(exc, PermissionError):
        message = (f"is a folder that {DENIED}, so any submissions in it were not graded: "
                   f"{_ASK} (chmod -R a+rX on the folder).")
    else:
        message = (f"is a folder that cannot be read ({exc.strerror or exc}), so any "
                   "submissions in it were not graded. Check it, then grade again.")
    return Candidate(folder, None, error=AnnotatorError(message, path=folder),
                     reason="unreadable")


def _closed(cand: Candidate) -> bool:
    """Whether a candidate is a file refused before it could be read at all."""
    return cand.data is None and cand.error is not None and (
        cand.reason == "not_a_file" or cand.error.reason.startswith(DENIED))


def _from_file(origin: str, real: tuple[str, ...]) -> Candidate:
    identity, submitted_at = _nbgrader_identity(real)
    try:
        data = read_bytes(origin, limit=MAX_FILE_BYTES, regular=True)
    except AnnotatorError as exc:
        return _unread(origin, exc, identity, submitted_at)
    return Candidate(origin, data, identity, submitted_at)


def _unread(origin: str, exc: AnnotatorError, identity: Identity = _NO_IDENTITY,
            submitted_at: datetime | None = None) -> Candidate:
    """A file ``read_bytes`` refused, with what the instructor can do about it."""
    reason = exc.code if exc.code in ("too_large", "not_a_file") else "unreadable"
    if exc.reason.startswith(DENIED):
        folder = os.path.dirname(origin) or "."
        exc = AnnotatorError(f"{DENIED}: {_ASK} (chmod a+r on the file).", path=origin) \
            if _reachable(origin) else AnnotatorError(
                f"{DENIED}: its folder can be listed but not entered, so no file in it can be "
                f"read: {_ASK} (chmod a+x on the folder {folder}).", path=origin)
    elif reason == "not_a_file":
        exc = AnnotatorError(f"{exc.reason} {_HAND_IN}", path=origin)
    return Candidate(origin, None, identity, submitted_at, exc, reason)


def _reachable(path: str) -> bool:
    """Whether ``path``'s folder lets this user reach it (a folder with read but no execute
    permission lists its files, yet denies even a look at them)."""
    try:
        os.stat(path)
    except PermissionError:
        return False
    except OSError:
        pass
    return True


def _nbgrader_identity(parts: tuple[str, ...]) -> tuple[Identity, datetime | None]:
    """``.../submitted/<student>/<assignment>/<file>`` (``parts`` of the file's real path):
    the student id comes from the folder. With ``submitted`` more than once in the path, the
    outermost whose assignment folder has nbgrader's timestamp.txt is the one nbgrader made:
    a ``submitted/<classmate>/<assignment>/`` a student made inside their own hand-in is
    theirs, not the classmate's (and a course kept under a folder that happens to be named
    ``submitted`` has no timestamp.txt there)."""
    if NBGRADER_STEP not in parts:
        return _NO_IDENTITY, None
    steps = [n for n in range(len(parts) - 3) if parts[n] == NBGRADER_STEP]
    for n in steps:
        when = _handed_in(Path(*parts[:n + 3]))
        if when is not None or n == steps[-1]:  # else the innermost, with no time
            return Identity("nbgrader", student=parts[n + 1]), when
    return _NO_IDENTITY, None


def _handed_in(assignment_folder: Path) -> datetime | None:
    """The time in an nbgrader assignment folder's timestamp.txt; None without one (or an
    unreadable one, or one that is not a time)."""
    try:
        return parse_time(read_bytes(assignment_folder / NBGRADER_TIMESTAMP, limit=4096,
                                     regular=True).decode("utf-8", errors="replace"))
    except (AnnotatorError, ValueError):
        return None


class _OpenZip:
    """A zip open on disk while its members wait to be read; closed after the last one."""

    def __init__(self, path: str, handle: io.BufferedReader, archive: zipfile.ZipFile):
        self.path, self.handle, self.archive, self.waiting = path, handle, archive, 0

    def read(self, info: zipfile.ZipInfo) -> bytes:
        if self.handle.closed:  # a member read a second time: open the zip again for it
            with zipfile.ZipFile(self.path) as archive, archive.open(info) as member:
                return member.read(MAX_FILE_BYTES + 1)
        try:
            with self.archive.open(info) as member:
                return member.read(MAX_FILE_BYTES + 1)
        finally:
            self.waiting -= 1
            if self.waiting <= 0:
                self.close()

    def close(self) -> None:
        self.archive.close()
        self.handle.close()

    __del__ = close


@dataclass(frozen=True)
class ZipMember:
    """A file in a zip, read only when it is parsed, so one member's bytes are held at a time."""

    zip: _OpenZip
    info: zipfile.ZipInfo
    origin: str

    def read(self) -> bytes:
        try:
            data = self.zip.read(self.info)
        except (zipfile.BadZipFile, RuntimeError, OSError, ValueError, NotImplementedError,
                EOFError) as exc:
            raise AnnotatorError(f"cannot be read from the zip ({exc}). Download the zip again "
                                 "from the LMS.", path=self.origin, code="unreadable") from None
        if len(data) > MAX_FILE_BYTES:
            raise AnnotatorError(f"file is too large (over {MAX_FILE_BYTES:,} bytes).",
                                 path=self.origin, code="too_large")
        return data


def _open_zip(path: Path) -> _OpenZip | Candidate:
    """The zip at ``path``, opened but not read; its size is checked on disk first. Else why
    it is refused, as a candidate."""
    origin = str(path)
    try:
        # kept open while its members wait (closed after the last): no context manager
        handle = open(os.open(origin, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)),  # noqa: SIM115
                      "rb")
    except OSError as exc:
        return _refused(origin, exc)
    try:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            handle.close()
            return _not_a_file(origin, info.st_mode)
        if info.st_size > MAX_ZIP_BYTES:
            handle.close()
            return Candidate(origin, None, error=AnnotatorError(
                f"is too large for a zip of submissions ({info.st_size:,} bytes; the limit is "
                f"{MAX_ZIP_BYTES:,}), so it was not opened. Check that this is the right file; "
                "if it is, unzip it and grade the folder.", path=origin), reason="too_large")
        return _OpenZip(origin, handle, zipfile.ZipFile(handle))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        handle.close()
        return Candidate(origin, None, error=AnnotatorError(
            f"is not a readable zip file ({exc}). Download it again from the LMS.", path=origin),
            reason="unreadable")


def _from_zip(path: Path) -> Iterator[Candidate]:
    origin = str(path)
    opened = _open_zip(path)
    if isinstance(opened, Candidate):
        yield opened
        return
    members = opened.archive.infolist()
    names = [PurePosixPath(i.filename.replace("\\", "/")) for i in members]
    # Moodle participants who handed in a file (their online text, if any, is not graded)
    with_files = {_zip_identity(n)[0].lms_id for n in names
                  if n.parts and _moodle_plugin(n) == "file"}
    # Blind marking in another language: every participant under one (translated) word
    moodle = {(m["participant"], m["name"]) for m in map(_moodle_match, names) if m}
    blind_word = next(iter(moodle))[1] if len(moodle) >= 2 and \
        len({name for _, name in moodle}) == 1 else MOODLE_BLIND_NAME
    found: list[Candidate] = []
    inner_zips: list[str] = []
    for info in sorted(members, key=lambda i: i.filename):
        name = PurePosixPath(info.filename.replace("\\", "/"))
        if info.is_dir() or not name.parts or name.parts[0] == "__MACOSX" \
                or name.name.startswith("."):
            continue
        identity, is_lms = _zip_identity(name, blind_word)
        if _moodle_plugin(name) not in (None, "file") and identity.lms_id in with_files:
            continue  # Moodle's online text beside the student's file: not what is graded
        if not is_lms and name.suffix.lower() == ".zip":
            inner_zips.append(info.filename)
            continue
        if not is_lms and name.suffix.lower() != SUBMISSION_SUFFIX:
            continue  # a zip of our own: only its .json files are submissions
        member_origin = f"{origin}!{info.filename}"
        if name.suffix.lower() != SUBMISSION_SUFFIX:  # never decompressed
            found.append(Candidate(member_origin, None, identity, error=AnnotatorError(
                "is not a submission file (expected a .json file saved by the annotator). "
                "The student may have handed in the wrong file.", path=member_origin),
                reason="not_submission"))
        elif info.file_size > MAX_FILE_BYTES:  # as the zip declares it: never decompressed
            found.append(Candidate(member_origin, None, identity, error=AnnotatorError(
                f"file is too large ({info.file_size:,} bytes; the limit is "
                f"{MAX_FILE_BYTES:,}). Check that this is the right file.",
                path=member_origin), reason="too_large"))
        else:
            found.append(Candidate(member_origin, None, identity,
                                   member=ZipMember(opened, info, member_origin)))
    for inner in inner_zips:  # not searched: a zip in a zip can hold zips, without end
        found.append(Candidate(f"{origin}!{inner}", None, error=AnnotatorError(
            f"holds another zip, {inner}, which is not searched, so any submissions in it were "
            f"not graded: unzip {path.name}, then grade {PurePosixPath(inner).name} itself (or "
            "the folder it unzips to).", path=origin),
            reason="not_submission"))
    if not found:
        found.append(Candidate(origin, None, error=AnnotatorError(
            "is an empty zip: nothing in it was graded. Download it again from the LMS."
            if not members else "is a zip with no .json submission file in it: nothing in it "
            "was graded. Check that this is the right zip.", path=origin),
            reason="empty" if not members else "not_submission"))
    opened.waiting = sum(c.member is not None for c in found)
    if not opened.waiting:
        opened.close()
    yield from found


def _moodle_match(name: PurePosixPath) -> re.Match | None:
    """Moodle's convention in a zip member's name: its folder, or (folders off) the file."""
    if len(name.parts) >= 2:
        return _MOODLE_FOLDER.match(name.parts[0])
    return _MOODLE_FILE.match(name.name) if len(name.parts) == 1 else None


def _moodle_plugin(name: PurePosixPath) -> str | None:
    """The Moodle submission plugin a zip member's name gives ("file", "onlinetext" …)."""
    match = _moodle_match(name)
    return match["plugin"] if match else None


def _zip_identity(name: PurePosixPath, blind_word: str = MOODLE_BLIND_NAME
                  ) -> tuple[Identity, bool]:
    """(identity, whether the name follows Canvas's or Moodle's convention). ``blind_word``:
    the word Moodle's blind marking writes in place of every name."""
    match = _moodle_match(name)
    if match:
        if match["name"] == blind_word:
            return Identity("moodle", lms_id=match["participant"], blind=True), True
        return Identity("moodle", lms_id=match["participant"], name=match["name"]), True
    if len(name.parts) == 1:
        match = _CANVAS_ANON.match(name.name)
        if match:  # no Canvas user: the student is the one the file says
            return Identity("canvas", late=bool(match["late"]), blind=True), True
        match = _CANVAS.match(name.name)
        if match:
            words = [w for w in (match["prefix"] or "").split("_") if w]
            late = any(w.lower() == "late" for w in words)
            person = "_".join(w for w in words if w.lower() != "late")
            return Identity("canvas", lms_id=match["user"], name=person or None, late=late), True
    return Identity(), False


_ISO_TIME = re.compile(  # date, then [time [fraction of a second] [zone]]
    r"(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[Tt ](\d{2})(?::?(\d{2})(?::?(\d{2}))?)?(?:[.,](\d+))?"
    r"(?:\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?))?)?")


def _iso_time(text: str) -> datetime:
    """``datetime.fromisoformat`` as Python 3.11 reads ISO 8601, on 3.10 too: 3.10 refuses
    the "Z" every submission's ``saved_at`` ends with (and "+0100", "20261126T1700", a
    fraction of a second other than 3 or 6 digits), and grading by time would go silently
    wrong there. Raises ``ValueError`` when the text is not a time."""
    try:
        return datetime.fromisoformat(text)  # 3.11 and later: all of it, ten times faster
    except ValueError:
        return _iso_by_pattern(text)


def _iso_by_pattern(text: str) -> datetime:
    """What Python 3.11's ``fromisoformat`` reads, for 3.10 (see ``_iso_time``)."""
    found = _ISO_TIME.fullmatch(text)
    if found is None:
        raise ValueError(f"Invalid isoformat string: {text!r}")
    year, month, day, hour, minute, second, fraction, utc, sign, zh, zm = found.groups()
    zone = None
    if utc:
        zone = timezone.utc
    elif sign:
        offset = timedelta(hours=int(zh), minutes=int(zm or 0))
        zone = timezone(-offset if sign == "-" else offset)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                    int(second or 0), micro, zone)


def parse_time(text: str) -> datetime:
    """A time as ISO 8601 ("2026-11-26T17:00:00Z", "2026-11-26 17:00") or as nbgrader writes
    it ("2026-11-26 17:03:00.123456 UTC"). A time without a zone is local time.

    Raises ``ValueError`` when the text is not a time.
    """
    text = " ".join(text.split())
    zone = None
    head, _, last = text.rpartition(" ")
    if head and last and not any(ch.isdigit() for ch in last):
        if last.upper() in ("UTC", "GMT", "Z"):
            zone = timezone.utc
        else:
            try:
                zone = ZoneInfo(last)
            except (KeyError, ValueError, OSError):
                zone = None
        text = head
    when = _iso_time(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=zone) if zone else when.astimezone()
    return when.astimezone(timezone.utc)
