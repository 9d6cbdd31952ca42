"""Reading text files with clear errors, and writing files atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from annotator.errors import AnnotatorError

MAX_FILE_BYTES = 5_000_000


def read_bytes(path: str | Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise AnnotatorError(
                f"file is too large (over {limit:,} bytes). Check that this is the right file.",
                path=path)
        return data
    except FileNotFoundError:
        raise AnnotatorError("file not found. Check the path.", path=path) from None
    except IsADirectoryError:
        raise AnnotatorError("is a folder, not a file.", path=path) from None
    except PermissionError:
        raise AnnotatorError("cannot be read (permission denied).", path=path) from None


def decode_utf8(data: bytes, path: str | Path | None = None) -> str:
    """Decode UTF-8, dropping a leading byte-order mark."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AnnotatorError(
            f"is not UTF-8 text (bad byte at line {line}). Save the file as UTF-8 and try again.",
            path=path) from None
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


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write the whole file or nothing: a temporary file in the same folder, then a rename.

    The finished file gets the permissions an ordinary write would give it (temporary files
    are private), so an instructor's account can read what a student's kernel saved.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_folder_atomic(folder: Path, files: dict[str, str]) -> None:
    """Fill a new folder beside ``folder`` and swap it into place, so readers see the old
    set or the new set, never a half-written one (one rename, not an fsync per file)."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    os.chmod(staging, _file_mode(folder) if folder.exists() else 0o777 & ~_umask())
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        old = None
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
            os.replace(folder, old / folder.name)
        os.replace(staging, folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
