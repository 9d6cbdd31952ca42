"""Student names and ids: one rule for comparing them and one for turning them into file names.

No path or pattern is ever built from a raw name: files are named by ``safe_id``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path


def normalise_id(raw: str) -> str:
    """How ids and names are compared: Unicode-normalised, invisible format characters (a
    zero-width space, say) dropped, spaces collapsed, case folded."""
    text = unicodedata.normalize("NFKC", raw)
    if not text.isprintable():  # the usual id is printable text, and skips this
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split()).casefold()


def plain_id(raw: str) -> str:
    """``normalise_id`` with accents dropped ("Zoë" → "zoe"): how a name is looked up in a
    roster, since exports often drop accents a student types, and how names are sorted."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", normalise_id(raw))
                   if not unicodedata.combining(ch))


def safe_id(name: str, limit: int = 64) -> str:
    """A file-name-safe id (``[a-z0-9_-]``, at most ``limit`` characters) for any name.

    Accents are dropped ("Zoë" -> "zoe"); spaces and punctuation become "-". A name with no
    usable letters (all CJK, say) gets a stable id from its hash, so it still has a file of its
    own. A name that loses more than accents, spaces and punctuation ("Мария 7b", "Anna 😀")
    keeps what is left and a short hash of the whole name, so that two such names ("Анна 7b")
    never share a file.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    cleaned = _ascii_id(decomposed, limit)
    if not cleaned:
        digest = hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:10]
        return f"s-{digest}"
    if any(not ch.isascii() and unicodedata.category(ch)[0] in "LNS" for ch in decomposed):
        digest = hashlib.sha256(normalise_id(name).encode("utf-8")).hexdigest()[:6]
        return f"{cleaned[:limit - 7].strip('-_')}-{digest}"
    return cleaned


def login_file_id(login: str, limit: int = 64, *, coded: bool = False) -> str:
    """The file name (without ".json") for a login such as ``$JUPYTERHUB_USER``: the login
    itself when it is already file-safe ("jsmith"; case aside, as JupyterHub lower-cases
    names); else its ``safe_id`` and a short hash of the login, since a login is one account
    and "ada.lovelace" and "ada-lovelace" are two. ``coded``: with the hash even so (the
    plain name's file is someone else's)."""
    plain = safe_id(login, limit)
    if plain == login.casefold() and not coded:
        return plain
    digest = hashlib.sha256(login.casefold().encode("utf-8")).hexdigest()[:6]
    base = _ascii_id(unicodedata.normalize("NFKD", login), limit - 7) or "s"
    return f"{base}-{digest}"


def earlier_safe_id(name: str, limit: int = 64) -> str:
    """The id ``safe_id`` gave before a name that loses letters got a hash ("Łukasz" was
    "ukasz"): only to find work saved then, never to name a new file."""
    return _ascii_id(unicodedata.normalize("NFKD", name), limit) or safe_id(name, limit)


def _ascii_id(decomposed: str, limit: int) -> str:
    """What is left of a decomposed (NFKD) name in ``[a-z0-9_-]``: accents dropped, other
    runs made "-", at most ``limit`` characters; empty when nothing is left."""
    ascii_name = decomposed.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9_-]+", "-", ascii_name.lower()).strip("-_")[:limit].strip("-_")


def report_file(student: str, digits: int = 8) -> str:
    """A student's report file name: a safe id plus a short hash, never the raw name (a
    grading gives two students whose names are alike longer hashes: ``digits=16``)."""
    digest = hashlib.sha256(student.encode("utf-8")).hexdigest()[:digits]
    return f"{safe_id(student, 32)}-{digest}.html"


def is_report_file(name: str) -> bool:
    """Whether a file name is one ``report_file`` makes (any other file is someone else's)."""
    return _REPORT_FILE.fullmatch(name) is not None


def is_student_report(path: Path) -> bool:
    """Whether a file in reports/ is a student report a grading wrote: a report's name, and a
    report's start. A teacher's "notes-20261126.html" has a report's name (a date is eight hex
    digits) but not its start, and is kept."""
    if not is_report_file(path.name):
        return False
    try:
        with open(path, "rb") as handle:
            return _REPORT_START in handle.read(1024)
    except OSError:
        return False


_REPORT_START = b"<title>Feedback for "  # in every student report's head


_REPORT_FILE = re.compile(r"[a-z0-9_-]+-(?:[0-9a-f]{8}|[0-9a-f]{16})\.html")


# characters a terminal acts on (escape sequences clear the screen, set its title or make a
# link) or that reorder text (bidi controls), but a newline and a tab
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e"
                                "\u2066-\u2069\ud800-\udfff]")  # and what UTF-8 cannot hold


def terminal_safe(text: str) -> str:
    """``text`` with every control character shown as its escape ("\\x1b"), so that a name a
    student typed cannot clear the teacher's screen, hide lines or make a link there."""
    return _TERMINAL_CONTROLS.sub(lambda m: ascii(m.group())[1:-1], text)
