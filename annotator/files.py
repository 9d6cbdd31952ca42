"""Reading text files with clear errors, and writing files atomically."""

from __future__ import annotations

import os
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
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: str | Path) -> str:
    return decode_utf8(read_bytes(path), path)


def write_atomic(path: str | Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file in the same folder, then a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
