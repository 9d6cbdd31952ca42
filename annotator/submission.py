"""Mark and Submission: what a student hands in (``annotator.submission.v1`` JSON).

One reader (``load_submission``, ``read_submission``, ``parse_submission``), one writer
(``save_submission``).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from itertools import repeat
from operator import itemgetter, lt
from pathlib import Path
from sys import intern
from typing import NamedTuple

from annotator import __version__
from annotator.article import Article
from annotator.errors import AnnotatorError
from annotator.files import decode_utf8, read_bytes, write_atomic
from annotator.names import normalise_id

FORMAT = "annotator.submission.v1"


class Mark(NamedTuple):
    """One marked span: ``[start, end)`` in code points, with its label.

    ``text`` is the article slice, written to files to catch drifting offsets. Marks sort by
    position, then label.
    """

    start: int
    end: int
    label: str
    text: str | None = None

    def to_dict(self) -> dict:
        data = {"label": self.label, "start": self.start, "end": self.end}
        if self.text is not None:
            data["text"] = self.text
        return data


@dataclass(frozen=True)
class Submission:
    student_id: str
    article_sha256: str
    marks: tuple[Mark, ...] = ()
    student_name: str = ""
    lesson: str = ""
    article_id: str = ""
    saved_at: str = ""
    tool_version: str = __version__
    extra: dict = field(default_factory=dict, compare=False, repr=False)
    path: str | None = field(default=None, compare=False)
    # fields this reader does not know on marks, by the mark's (start, end, label): a save gives
    # them back to the marks that are still there
    mark_extra: Mapping[tuple, dict] | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        data = dict(self.extra)
        marks = [m.to_dict() for m in self.marks]
        if self.mark_extra:
            marks = [{**self.mark_extra.get((m.start, m.end, m.label), {}), **known}
                     for m, known in zip(self.marks, marks)]
        data.update({
            "format": FORMAT,
            "student": {**self.extra.get("student", {}), "id": self.student_id,
                        **({"name": self.student_name} if self.student_name else {})},
            "lesson": self.lesson,
            "article": {**self.extra.get("article", {}), "id": self.article_id,
                        "sha256": self.article_sha256},
            "marks": marks,
            "saved_at": self.saved_at,
            "tool_version": self.tool_version,
        })
        return data

    def with_marks(self, marks, article: Article | None = None) -> Submission:
        """A copy with new marks (their ``text`` filled from the article) and a fresh time."""
        if article is not None:
            marks = [m._replace(text=article.text[m.start:m.end]) for m in marks]
        return replace(self, marks=tuple(sorted(marks, key=lambda m: (m.start, m.end, m.label))), saved_at=now_utc())


def now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _fail(message: str, path, field: str | None = None):
    raise AnnotatorError(message, path=path, field=field)


def parse_submission(data: object, path: str | Path | None = None) -> Submission:
    """Check the shape of a decoded submission and build it. Offsets are checked later,
    against the article, by ``check_against``."""
    if not isinstance(data, dict):
        _fail("a submission must be a JSON object ({...}).", path)
    tag = data.get("format")
    if tag != FORMAT and "nbformat" in data:
        _fail("is a notebook, not a submission: the lesson saves the student's work beside it, "
              "to lessons/submissions/<lesson>/<student>.json. Give that file.", path, "format")
    if "format" not in data:
        _fail(f"the field format is missing: an annotator submission has \"format\": "
              f"\"{FORMAT}\". Is this an annotator submission?", path, "format")
    if tag != FORMAT:
        _fail(f"format is {tag!r}, expected {FORMAT!r}. Is this an annotator submission?",
              path, "format")
    student = data.get("student")
    if not isinstance(student, dict) or not isinstance(student.get("id"), str) \
            or not student["id"].strip() \
            or not (student["id"].isprintable() or normalise_id(student["id"])):
        _fail("student.id is missing or empty: every submission needs the student's id.",
              path, "student.id")
    article = data.get("article")
    if not isinstance(article, dict) or not isinstance(article.get("sha256"), str):
        _fail("article.sha256 is missing: the submission must say which article it marks.",
              path, "article.sha256")
    raw_marks = data.get("marks", [])
    if not isinstance(raw_marks, list):
        _fail("marks must be a list.", path, "marks")
    marks, mark_extra = _marks(raw_marks, path)
    # fields this reader does not know, kept so that a save gives them back
    extra = _others(data, _KNOWN)
    extra["student"] = _others(student, _STUDENT_KNOWN)
    extra["article"] = _others(article, _ARTICLE_KNOWN)
    name = student.get("name")
    return Submission(
        student_id=student["id"], student_name=_nfc(name) if isinstance(name, str) else "",
        lesson=str(data.get("lesson") or ""), article_id=str(article.get("id") or ""),
        article_sha256=article["sha256"], marks=marks,
        saved_at=str(data.get("saved_at") or ""), tool_version=str(data.get("tool_version") or ""),
        extra=extra, path=None if path is None else str(path), mark_extra=mark_extra)


_KNOWN = frozenset(("format", "student", "lesson", "article", "marks", "saved_at",
                    "tool_version"))
_STUDENT_KNOWN, _ARTICLE_KNOWN = frozenset(("id", "name")), frozenset(("id", "sha256"))
_MARK_KNOWN = frozenset(("label", "start", "end", "text"))


def _others(data: dict, known: frozenset) -> dict:
    """The fields of ``data`` not ``known`` (gathered only when there are some)."""
    return {k: v for k, v in data.items() if k not in known} if data.keys() - known else {}


def _mark_others(raw_marks: list, marks: Sequence[Mark]) -> dict[tuple, dict] | None:
    """The fields of each mark not known here, by the mark's (start, end, label); ``None``
    when there are none."""
    return {(m.start, m.end, m.label): others for raw, m in zip(raw_marks, marks)
            if (others := _others(raw, _MARK_KNOWN))} or None


_FIELDS = itemgetter("start", "end", "label", "text")
_START_END_LABEL = itemgetter("start", "end", "label")
_INT, _STR, _TEXT_TYPES = {int}, {str}, {str, type(None)}


def _marks(raw_marks: list, path) -> tuple[tuple[Mark, ...], dict[tuple, dict] | None]:
    """The marks, checked column by column (a class's files are read in bulk; the first bad
    mark is then explained on its own), and the fields on them not known here
    (``_mark_others``)."""
    if not raw_marks:
        return (), None
    all_four = True  # every mark has the four known fields
    try:
        try:
            rows = list(map(_FIELDS, raw_marks))  # the usual case: every mark has its text
        except KeyError:
            all_four = False
            rows = [(*_START_END_LABEL(raw), raw.get("text")) for raw in raw_marks]
        starts, ends, labels, texts = zip(*rows)
        good = (set(map(type, starts)) == _INT and set(map(type, ends)) == _INT
                and set(map(type, labels)) == _STR and "" not in labels
                and all(map(lt, starts, ends)) and set(map(type, texts)) <= _TEXT_TYPES)
    except (TypeError, KeyError, AttributeError):
        good = False
    if not good:
        for n, raw in enumerate(raw_marks):
            _explain_bad_mark(raw, n, path)
        _fail("a mark is not valid.", path, "marks")  # not reached: one mark fails above
    # Labels in NFC, as keys and articles are: a file from a Mac or a PDF copy may have "é"
    # as "e" and an accent, which looks the same and is another string. (A mark's text is
    # compared in NFC only when it differs from the article's: ``check_against``.)
    if not all(map(str.isascii, labels)):
        labels = tuple(map(_nfc, labels))
    # Each row made a Mark directly, without the keyword-argument overhead of Mark(...). The
    # labels are interned: a class's thousands of marks then share a few label strings, which
    # stay in the processor's cache while they are compared and hashed.
    marks = tuple(map(tuple.__new__, repeat(Mark), zip(starts, ends, map(intern, labels), texts)))
    if all_four and sum(map(len, raw_marks)) == len(_MARK_KNOWN) * len(marks):
        return marks, None  # nothing but the known fields
    return marks, _mark_others(raw_marks, marks)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _explain_bad_mark(raw: object, n: int, path) -> None:
    """Fail with what is wrong with one mark, if anything."""
    where = f"marks[{n}]"
    if not isinstance(raw, dict):
        _fail("each mark must be an object with label, start and end.", path, where)
    label, start, end = raw.get("label"), raw.get("start"), raw.get("end")
    if not isinstance(label, str) or not label:
        _fail("label is missing or not text.", path, f"{where}.label")
    for name, value in (("start", start), ("end", end)):
        if type(value) is not int:
            _fail(f"{name} must be a whole number (a character offset), got {value!r}.",
                  path, f"{where}.{name}")
    if start >= end:
        _fail(f"start ({start}) must be less than end ({end}).", path, where)
    text = raw.get("text")
    if text is not None and type(text) is not str:
        _fail("text must be a string.", path, f"{where}.text")


def load_submission(path: str | Path) -> Submission:
    return read_submission(read_bytes(path), path)


def read_submission(data: bytes, path: str | Path | None = None) -> Submission:
    """A submission from a file's bytes. A failure to decode, an empty file and bad JSON carry
    the ``code`` encoding, empty and bad_json; a bad shape carries none."""
    try:
        text = decode_utf8(data, path)
    except AnnotatorError as exc:
        exc.code = "encoding"
        raise
    if not text or text.isspace():
        raise AnnotatorError("the file is empty. The student may not have saved any work.",
                             path=path, code="empty")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        kind = _OTHER_KINDS.get(Path(path).suffix.lower()) if path is not None else None
        if kind:
            raise AnnotatorError(f"is {kind}, not a submission: give a student's .json file "
                                 "here (a lesson saves it to lessons/submissions/<lesson>/).",
                                 path=path, code="bad_json") from None
        raise AnnotatorError(
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {_json_problem(exc)}). "
            "The file may be damaged; ask the student to hand it in again.", path=path,
            code="bad_json") from None
    except (ValueError, RecursionError) as exc:  # e.g. a number with 5,000 digits
        raise AnnotatorError(f"is not valid JSON ({exc}). The file may be damaged; ask the "
                             "student to hand it in again.", path=path, code="bad_json") from None
    if "\\ud" in text or "\\uD" in text:  # an escaped surrogate: a pair, or half of one
        where = _lone_surrogate(raw)
        if where is not None:
            raise AnnotatorError(
                "holds text that is not Unicode (half of a character, written as a \\u "
                "escape), which no report or table can be written with. The file may have been "
                "edited or damaged; ask the student to hand it in again.", path=path,
                field=where or None, code="encoding")
    return parse_submission(raw, path)


def _lone_surrogate(value: object, where: str = "") -> str | None:
    """Where in decoded JSON a string (or a key) holds a lone surrogate ("\\udfff"), which
    cannot be encoded, so no report or table could be written with it; ``None`` if nowhere."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return where
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            at = f"{where}.{key}" if where else str(key)
            found = _lone_surrogate(key, where) if not key.isascii() else None
            if found is not None:
                return found
            found = _lone_surrogate(item, at)
            if found is not None:
                return found
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found = _lone_surrogate(item, f"{where}[{n}]")
            if found is not None:
                return found
    return None


_OTHER_KINDS = {".yaml": "an answer key (YAML; give it with --key)",
                ".yml": "an answer key (YAML; give it with --key)",
                ".txt": "an article's text", ".md": "a text document",
                ".ipynb": "a notebook"}


def _json_problem(exc: json.JSONDecodeError) -> str:
    """The decoder's message without the dangling "at" of some ("Invalid control character
    at", "Unterminated string starting at"): the line and column say where."""
    return exc.msg.removesuffix(" at").removesuffix(" starting")


def check_against(sub: Submission, article: Article, labels) -> None:
    """Reject a submission that does not fit the article or the key's labels."""
    if sub.article_sha256 != article.sha256:
        _fail(f"marks a different text (sha256 {sub.article_sha256[:12]}…) than article "
              f"'{article.id}' (sha256 {article.sha256[:12]}…). Grade it with the key for its "
              "own article, or check the student used the right lesson.", sub.path,
              "article.sha256")
    # A class hands in the same marks again and again: each is checked once.
    known = _checked.get((article.sha256, tuple(labels)))
    if known is None:
        if len(_checked) > 100:
            _checked.clear()
        known = _checked[article.sha256, tuple(labels)] = set()
    elif known.issuperset(sub.marks):
        return
    if len(known) > 200_000:
        known.clear()
    size, text = len(article.text), article.text
    for n, mark in enumerate(sub.marks):
        if mark in known:
            continue
        where = f"marks[{n}]"
        if mark.start < 0 or mark.end > size:
            _fail(f"offsets [{mark.start}, {mark.end}) lie outside the article "
                  f"(0 to {size}).", sub.path, where)
        if mark.label not in labels:
            _fail(f"label {mark.label!r} is not one of the key's labels "
                  f"({', '.join(labels)}).", sub.path, f"{where}.label")
        if mark.text is not None and mark.text != text[mark.start:mark.end] and \
                _nfc(mark.text) != text[mark.start:mark.end]:
            _fail(f"text {mark.text!r} does not match the article at [{mark.start}, "
                  f"{mark.end}) ({text[mark.start:mark.end]!r}): the offsets have drifted.",
                  sub.path, f"{where}.text")
        known.add(mark)


_checked: dict[tuple[str, tuple[str, ...]], set[Mark]] = {}  # marks known to fit an article


def save_submission(sub: Submission, path: str | Path) -> None:
    """Write atomically: a student's file is never left half-written."""
    write_atomic(path, json.dumps(sub.to_dict(), ensure_ascii=False, indent=1) + "\n")
