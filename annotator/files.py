"""Reading text files with clear errors, and writing files atomically."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from annotator.errors import AnnotatorError

MAX_FILE_BYTES = 5_000_000
DENIED = "cannot be read (permission denied)"


def read_bytes(path: str | Path, *, limit: int = MAX_FILE_BYTES, regular: bool = False) -> bytes:
    """A file's bytes, at most ``limit`` of them; ``AnnotatorError`` naming the file, with
    ``code`` too_large, not_a_file or unreadable, when they cannot be had.

    ``regular``: read only a regular file. A named pipe, socket or device is refused without
    waiting on it (it is opened non-blocking, and refused once ``fstat`` says what it is): a
    FIFO named like a submission would otherwise hold a whole class's grading forever.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | (_NONBLOCK if regular else 0)
    try:
        fd = os.open(path, flags)
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if regular and not stat.S_ISREG(info.st_mode):
                raise AnnotatorError(not_regular(info.st_mode), path=path, code="not_a_file")
            data = _read_upto(fd, limit + 1, info.st_size)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise AnnotatorError("file not found. Check the path.", path=path,
                             code="unreadable") from None
    except IsADirectoryError:
        raise AnnotatorError("is a folder, not a file.", path=path, code="unreadable") from None
    except PermissionError:
        raise AnnotatorError(f"{DENIED}.", path=path, code="unreadable") from None
    except OSError as exc:  # a symlink loop, a socket (ENXIO), a failing disk …
        if exc.errno == errno.ELOOP:
            raise AnnotatorError(SYMLINK_LOOP, path=path, code="not_a_file") from None
        if exc.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise AnnotatorError(not_regular(stat.S_IFSOCK), path=path,
                                 code="not_a_file") from None
        raise AnnotatorError(f"cannot be read ({exc.strerror or exc}).", path=path,
                             code="unreadable") from None
    if len(data) > limit:
        raise AnnotatorError(
            f"file is too large (over {limit:,} bytes). Check that this is the right file.",
            path=path, code="too_large")
    return data


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
SYMLINK_LOOP = "is a symlink loop (a link that leads, through links, back to itself), so " \
    "there is no file to read."
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link"))


def not_regular(mode: int) -> str:
    """What to say of a path whose ``st_mode`` is not a regular file's."""
    kind = next((name for test, name in _KINDS if test(mode)), "an unusual kind of file")
    return f"is not a regular file ({kind}), so it was not read."


def _read_upto(fd: int, most: int, size: int) -> bytes:
    """Up to ``most`` bytes, to the end of the file: a read sized by the file's ``size``, then
    one to see the end (a buffer of ``most`` bytes for every file would cost more than the
    read)."""
    chunks = []
    want = min(size + 1, most)
    while want > 0:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        most -= len(chunk)
        want = min(1 << 16, most)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def decode_utf8(data: bytes, path: str | Path | None = None) -> str:
    """Decode UTF-8, dropping a leading byte-order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\0") > 20:
        # UTF-16, with its byte-order mark or without (UTF-8 may hold NUL, text never does)
        raise AnnotatorError("is not UTF-8 text: it was saved as UTF-16 (a Windows editor's "
                             "\"Unicode\"). Save it again as UTF-8 and try again.", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if data.startswith(b"PK\x03\x04"):
            raise AnnotatorError("is a zip file, not a text file. To grade the files in a "
                                 "Canvas or Moodle zip, give it to annotator grade as it is.",
                                 path=path) from None
        line = data[: exc.start].count(b"\n") + 1
        raise AnnotatorError(f"is not UTF-8 text (bad byte at line {line}). Save the file as "
                             "UTF-8 and try again.", path=path) from None
    return text.removeprefix("\ufeff")


def read_text(path: str | Path) -> str:
    return decode_utf8(read_bytes(path), path)


def _file_mode(path: Path) -> int:
    """The mode a plain ``open()`` would give: the old file's, else 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def write_atomic(path: str | Path, data: str | bytes | Iterable[str]) -> None:
    """Write the whole file or nothing: a temporary file in the same folder, then a rename.

    ``data`` may come as text pieces (a big table, a row at a time): they are written as they
    come. The finished file gets the permissions an ordinary write would give it (temporary
    files are private), so an instructor's account can read what a student's kernel saved.
    """
    path = Path(path)
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def _write_temp(path: Path, data: str | bytes | Iterable[str]) -> str:
    """``data`` in a new temporary file beside ``path``, synced to disk, with the mode
    ``path`` would get (see ``write_atomic``): its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in utf8_chunks(data):
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def utf8_chunks(data: str | bytes | Iterable[str], size: int = 1 << 20) -> Iterator[bytes]:
    """``data`` as UTF-8, text pieces joined into chunks of about ``size`` characters. A big
    table goes out a chunk at a time, never held whole: a 100 MB string costs more in fresh
    memory (a page fault every 4 KB) than in building it."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        yield data
        return
    if isinstance(data, str):
        yield data.encode("utf-8")
        return
    batch: list[str] = []
    length = 0
    for piece in data:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch).encode("utf-8")
            batch, length = [], 0
    if batch:
        yield "".join(batch).encode("utf-8")


def _fill_staging(folder: Path, files: Iterable[tuple[str, str | bytes]]) -> str:
    """A new folder beside ``folder`` holding ``files``, (name, contents) pairs written as
    they come, a batch at a time: thousands of reports are made and written a few dozen at a
    time, never all held (and making a batch, then writing it, is faster than making and
    writing files by turns). A name given twice holds the last contents, as a dict would."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent)
    try:
        os.chmod(staging, _file_mode(folder) if folder.exists() else 0o777 & ~_umask())
        pending = iter(files)
        while batch := list(islice(pending, _BATCH)):
            _fill(staging, batch)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _swap_in(staging: str, folder: Path, keep: Callable[[str], bool] | None) -> None:
    """``staging`` becomes ``folder``; the old folder's kept entries move across. The old
    folder is deleted only once nothing kept is left in it."""
    if not folder.exists():
        os.replace(staging, folder)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
    try:
        os.replace(folder, old / folder.name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        old.rmdir()
        raise
    try:
        os.replace(staging, folder)
    except BaseException:  # the old folder goes back where it was
        os.replace(old / folder.name, folder)
        old.rmdir()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _empty_old(old, folder, keep)


def _empty_old(old: Path, folder: Path, keep: Callable[[str], bool] | None) -> bool:
    """The entries of ``old``/``folder.name`` (a folder moved aside) that ``keep`` keeps move
    into ``folder``; then ``old`` goes, unless a kept entry could not move. Whether it went."""
    left = []
    inside = old / folder.name
    for name in os.listdir(inside) if keep and inside.is_dir() else ():
        if keep(inside / name):
            try:
                if (folder / name).exists():
                    raise FileExistsError(name)
                os.replace(inside / name, folder / name)
            except OSError:
                left.append(name)
    if not left:
        shutil.rmtree(old, ignore_errors=True)
    return not left


_TEMP = r"[a-z0-9_]{8}"  # the random part of tempfile's names


@contextmanager
def _signals_held(before_acting: Callable[[], None] = lambda: None):
    """Ctrl+C, a polite kill and a closed terminal wait until the block is done, then act as
    they would have: the block puts a grading's outputs in place, and stopped half-way it
    would leave new grades beside old reports. Python's own handlers are set aside for the
    block (a blocked signal mask would not do: any other thread, a progress bar's, takes the
    signal instead). Only the main thread can set them; elsewhere the block runs as it is.
    ``before_acting`` runs first when one came: a kill ends the process on the spot."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    kinds = [signal.SIGINT, signal.SIGTERM, *filter(None, [getattr(signal, "SIGHUP", None)])]
    before = {}
    try:
        for kind in kinds:
            before[kind] = signal.signal(kind, lambda number, _: caught.append(number))
        yield
    finally:
        for kind, handler in before.items():
            signal.signal(kind, signal.SIG_DFL if handler is None else handler)
    if caught:
        before_acting()
    for kind in dict.fromkeys(caught):  # each once, in the order they came
        signal.raise_signal(kind)


class FolderBusy(AnnotatorError):
    """Another process is writing outputs into the folder (see ``Staged``)."""


class FolderLock:
    """A folder locked for this process alone, until ``release`` (or the process ends, however
    it ends); ``FolderBusy`` if another holds it. ``annotator grade`` holds it from before it
    reads the grades already there until its own are in place, so a second grading cannot
    read the folder while the first writes it. The lock file goes on release, so a finished
    run leaves nothing behind (and the folder too, if the lock made it and it is still
    empty); a lock taken on a file another run had just removed is taken again on the new
    one."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._made = not self.folder.exists()
        self._handle = _lock(self.folder)

    def release(self) -> None:
        """Unlock; again is nothing."""
        if self._handle is None:
            return
        _unlock(self._handle, self.folder)
        self._handle = None
        if self._made:
            try:
                self.folder.rmdir()  # only if nothing was written
            except OSError:
                pass


def _lock(folder: Path):
    """An open lock file in ``folder``, locked by this process alone (see ``FolderLock``)."""
    path = folder / LOCK_FILE
    while True:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle = open(path, "a+b")  # noqa: SIM115 (held until _unlock)
        except FileNotFoundError:  # the folder went, emptied by the run that held it
            continue
        try:
            if os.name == "nt":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
                return handle
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.path.samestat(os.fstat(handle.fileno()), os.stat(path)):
                return handle
            handle.close()  # removed by the run that held it: lock the new one
        except FileNotFoundError:
            handle.close()
        except OSError as exc:
            handle.close()
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
                raise FolderBusy(
                    "another grading is writing to this folder right now (in another terminal "
                    "or a notebook). Wait for it to finish and run this again, or give another "
                    "--out.", path=folder) from None
            raise


def _unlock(handle, folder: Path) -> None:
    if os.name != "nt":
        _remove(str(folder / LOCK_FILE))  # while still held: no other run holds it
    handle.close()
    if os.name == "nt":
        try:
            os.unlink(folder / LOCK_FILE)
        except OSError:
            pass


LOCK_FILE = ".annotator.lock"
# In the folder while a commit puts outputs in place: found later, that commit was killed half
# way, and the outputs may be a mix of two gradings
COMMITTING = ".annotator.committing"


def cut_short(folder: str | Path) -> bool:
    """Whether the last commit into ``folder`` was killed while it put the outputs in place
    (see ``Staged.commit``): some may be the new ones, the rest the old."""
    return os.path.lexists(Path(folder) / COMMITTING)


def dangling_link(path: str | Path) -> str | None:
    """Where ``path`` leads, when it is a link to nothing (a drive not mounted); else None."""
    if os.path.islink(path) and not os.path.exists(path):
        return os.readlink(path)
    return None


class Staged:
    """Files and folders under one folder, each written in full under a temporary name, then
    all put in place by ``commit``: a failure while writing (a full disk, a read-only folder)
    replaces nothing, and ``discard`` removes what was written.

    One ``Staged`` at a time writes into a folder: a second (another terminal's grading) gets
    ``FolderBusy``. ``held``: the caller's ``FolderLock`` on the folder, used instead of a lock
    of its own and left to the caller to release. What a run killed outright left (temporary
    files, a staging folder, a folder moved aside) goes when the next one writes the same
    name; ``cleaned`` says what went. ``commit`` finishes before Ctrl+C acts; ``committed``
    says it was done."""

    def __init__(self, folder: str | Path, held: FolderLock | None = None):
        self.folder = Path(folder)
        # in the order they go in place: (kind, what was written, where it goes, keep, the
        # name it was asked for: a link's); kind is file, folder or remove
        self._steps: list[tuple[str, str, Path, Callable[[str], bool] | None, Path]] = []
        self.cleaned: list[str] = []
        self.committed = False
        self.put: list[Path] = []  # what ``commit`` has put in place (all of it, or a failure's part)
        self._held = held
        self._lock = None if held is not None else _lock(self.folder)
        self._was_cut = cut_short(self.folder)
        self._clean(self.folder, rf"\.{re.escape(COMMITTING)}\.{_TEMP}\.tmp")

    def file(self, name: str | Path, data: str | bytes | Iterable[str]) -> None:
        """``name`` under the folder (a path under it, or an absolute path)."""
        path = self.folder / name
        self._clean(path.parent, rf"\.{re.escape(path.name)}\.{_TEMP}\.tmp")
        self._steps.append(("file", _write_temp(path, data), path, None, path))

    def remove(self, name: str | Path) -> None:
        """``name`` under the folder goes when the rest go in place (an output this run does
        not make, which would otherwise be left from another)."""
        path = self.folder / name
        self._clean(path.parent, rf"\.{re.escape(path.name)}\.{_TEMP}\.tmp")
        self._steps.append(("remove", "", path, None, path))

    def folder_of(self, name: str, files: Iterable[tuple[str, str | bytes]],
                  keep: Callable[[str], bool] | None = None) -> None:
        """A folder of ``files`` (see ``_fill_staging``), swapped in whole, so readers see the
        old set or the new set, never a half-written one (one rename, not an fsync per file).
        Entries of the old folder for which ``keep(path)`` is true (files this writer never
        makes: someone else's) move into the new one; the rest go. A link to a folder stays
        a link: the folder it leads to is the one replaced; a link to nothing (a drive not
        mounted) is ``FileNotFoundError``, not a folder made wherever it points."""
        path = asked = self.folder / name
        target = dangling_link(path)
        if target is not None:
            raise FileNotFoundError(errno.ENOENT, f"{name} is a link to {target}, which does "
                                    "not exist", str(path))
        if path.is_symlink():
            path = path.resolve()
        self._clean(path.parent, rf"\.{re.escape(path.name)}\.{_TEMP}")
        for old in self._leftovers(path.parent, rf"\.{re.escape(path.name)}\.old\.{_TEMP}"):
            if not path.exists() and (old / path.name).is_dir():  # killed between renames
                os.replace(old / path.name, path)
                self.cleaned.append(f"{path.name}/ put back from {old.name}/")
            if _empty_old(old, path, keep):
                self.cleaned.append(f"{old.name}/")
        self._steps.append(("folder", _fill_staging(path, files), path, keep, asked))

    @staticmethod
    def _leftovers(where: Path, pattern: str) -> list[Path]:
        try:
            return [where / name for name in sorted(os.listdir(where))
                    if re.fullmatch(pattern, name)]
        except OSError:
            return []

    def _clean(self, where: Path, pattern: str) -> None:
        """Remove what an earlier run, killed, left under ``pattern`` in ``where``."""
        for path in self._leftovers(where, pattern):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                self.cleaned.append(f"{path.name}/")
            else:
                _remove(str(path))
                self.cleaned.append(path.name)

    def commit(self) -> list[Path]:
        """Put everything in place, in the order given; what was put, in order. Nothing is
        replaced when a file's place is taken by a folder. ``COMMITTING`` is in the folder,
        on disk, from before the first rename until after the last: a run killed between
        them (kill -9, a power cut) leaves it to tell the next that the outputs are a mix."""
        done: list[Path] = self.put
        mark = self.folder / COMMITTING
        try:
            for kind, _, path, _, _ in self._steps:
                if kind == "file" and path.is_dir():
                    raise IsADirectoryError(21, "a folder is where a file should go", str(path))
                if kind == "file" and not _replaceable(path):
                    raise PermissionError(errno.EACCES, "it cannot be replaced: open in "
                                          "another program, or read-only",
                                          str(path))
            with _signals_held(before_acting=self._let_go):
                write_atomic(mark, "annotator grade is putting its outputs in place here. If "
                             "this file stays, it was stopped half way: grade again.\n")
                _sync_folder(self.folder)
                for kind, staged, path, keep, asked in self._steps:
                    if kind == "file":
                        os.replace(staged, path)
                    elif kind == "folder":
                        _swap_in(staged, path, keep)
                    else:
                        _remove(str(path))
                        continue
                    done.append(asked)
                _sync_folder(self.folder)
                _remove(str(mark))
                self.committed = True
        except BaseException:
            if not self.committed:
                if not done and not self._was_cut:  # the outputs are as they were
                    _remove(str(mark))
                self.discard()  # what was not put in place yet
            raise
        finally:
            self._unlock()
        return done

    def discard(self) -> None:
        """Remove everything written so far (after a failure)."""
        for kind, staged, *_ in self._steps:
            if kind == "file":
                _remove(staged)
            elif kind == "folder":
                shutil.rmtree(staged, ignore_errors=True)
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            _unlock(self._lock, self.folder)
            self._lock = None

    def _let_go(self) -> None:
        """A signal held during ``commit`` is about to act, and a kill ends the process on the
        spot: the lock goes first, the caller's too (everything is in place)."""
        self._unlock()
        if self._held is not None:
            self._held.release()


def _replaceable(path: Path) -> bool:
    """Whether a file can be replaced, as far as can be told before trying. On Windows a file
    open in Excel cannot: found out here, before any output is put in place, rather than half
    way through. Elsewhere an open file is no obstacle."""
    if os.name != "nt":
        return True
    try:
        os.close(os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0)))
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _sync_folder(folder: Path) -> None:
    """The folder's entries (names made, renamed, removed) on disk, where that can be asked."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_BATCH = 64  # files: about 2 MB of reports (measured: 32 to 256 do about as well)


def _fill(folder: str, files: Iterable[tuple[str, str | bytes]]) -> None:
    """Create each file in an empty folder: one open, write and close each, the mode an
    ordinary ``open()`` gives (a class's reports are thousands of small files)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for name, text in files:
        data = text.encode("utf-8") if isinstance(text, str) else text
        path = os.path.join(folder, name)
        try:
            fd = os.open(path, flags, 0o666)
        except FileExistsError:  # the name again: its new contents replace the old
            os.unlink(path)
            fd = os.open(path, flags, 0o666)
        try:
            done = os.write(fd, data)
            while done < len(data):  # a short write is rare but allowed
                done += os.write(fd, data[done:])
        finally:
            os.close(fd)
