"""Grading a class: many submission files → one grade per student → tables, LMS files, reports.

In plain words:

1. ``collect`` finds the files (folders, nbgrader trees, Canvas and Moodle zips).
2. Each file is checked like ``annotator validate`` does; a bad file is rejected with its
   reason and the rest go on. Each good one is scored by one ``Scorer``, prepared once.
3. Files are grouped by student. The student is who the file's location says (nbgrader's
   student folder, the Canvas user, the Moodle participant), else the id in the file. Ids are
   compared normalised (spaces and case do not matter); clashes are reported, never merged
   silently. Byte-identical copies count once.
4. One submission per student is chosen by the resubmission policy: ``latest`` (default),
   ``latest_before_due`` or ``best``.
5. ``Gradebook.write`` writes the tables (CSV, XLSX), the Canvas and Moodle import files,
   a report per student and the class report.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
import shutil
import statistics
import sys
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import replace as with_fields
from datetime import datetime, timedelta, timezone
from functools import cached_property
from operator import attrgetter
from pathlib import Path, PurePath

from annotator.batch import collector_paused
from annotator.collect import Candidate, Identity, collect, parse_time
from annotator.errors import AnnotatorError
from annotator.feedback import format_percent, summary_line
from annotator.files import FolderBusy, FolderLock, Staged, cut_short, dangling_link
from annotator.key import (
    AnswerKey,
    key_for_labels,
    load_key,
    one_label_advice,
    review_warnings,
)
from annotator.names import (
    is_student_report,
    normalise_id,
    plain_id,
    report_file,
    terminal_safe,
)
from annotator.roster import Roster, load_roster
from annotator.scoring import Result, Scorer
from annotator.submission import Submission, check_against, read_submission
from annotator.xlsx import Grouped, xlsx_bytes

RESUBMISSION_POLICIES = ("latest", "latest_before_due", "best")
REASONS = {
    "unreadable": "cannot be read",
    "too_large": "too large",
    "not_a_file": "not a regular file",
    "folder_link": "link to a folder (not searched)",
    "not_submission": "not a submission file",
    "encoding": "not UTF-8 text",
    "empty": "empty file or zip",
    "no_work_file": "no work file",
    "other_lesson": "another lesson's work",
    "bad_json": "not valid JSON",
    "wrong_format": "not an annotator submission",
    "wrong_article": "marks a different article",
    "out_of_range": "offsets out of range",
    "unknown_label": "label not in the key",
    "text_mismatch": "text does not match the article",
    "duplicate": "duplicate (counted once)",
    "error": "could not be graded",
}
REJECTED_SHOWN = 20  # rejected files the summary shows of each reason (files.csv: all)
WIDE_FIELDS = ("student", "name", "student_id", "source", "lms_id", "percent", "points",
               "max_points", "penalty", "late", "submissions", "submitted_at", "file", "report")
LONG_FIELDS = ("student", "item", "label", "required", "points", "outcome", "credit",
               "marked_as", "boundary")
FILE_FIELDS = ("file", "student", "status", "reason", "percent", "message")
ISSUE_FIELDS = ("kind", "student", "message")
CHANGE_FIELDS = ("student", "name", "before", "after", "change")
CANVAS_INFO = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_FIELDS = ("Identifier", "Full name", "Username", "Email address", "Grade",
                 "Maximum Grade", "Last modified (grade)", "Feedback comments")
_EPOCH = datetime.min.replace(tzinfo=timezone.utc)


# -- records -----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Graded:
    """One valid submission file, scored."""

    student: str  # the normalised student key
    origin: str
    sub: Submission
    result: Result
    digest: str
    when: datetime | None
    late: bool
    order: int
    identity: Identity
    saved: bool = False  # ``when`` is the file's own saved_at (the student's clock), not the LMS's

    @cached_property
    def summary(self) -> str:
        """``summary_line`` of the result: the Moodle table and the student report both say
        it, so it is worked out once."""
        return summary_line(self.result)

    @property
    def handed_in(self) -> tuple[datetime, int]:
        """When it was handed in, for ordering a student's files (undated ones first, then
        in the order they were found)."""
        return (self.when or _EPOCH, self.order)


@dataclass(frozen=True)
class Rejected:
    origin: str
    reason: str  # a key of REASONS
    message: str
    student: str | None = None


@dataclass(frozen=True)
class Issue:
    kind: str  # collision, mismatch, identical_files, mixed_lessons, not_in_roster,
    # no_submission, other_section, future_time, file_names, same_name
    student: str
    message: str


@dataclass(eq=False)
class Student:
    key: str
    source: str
    lms_id: str | None = None
    submissions: list[Graded] = field(default_factory=list)
    chosen: Graded | None = None
    late: bool = False
    roster_row: int | None = None
    roster_name: str | None = None  # the roster's Student cell, once matched

    @property
    def blind(self) -> bool:
        """Moodle's blind marking hid who this is: they are "Participant N" everywhere, and the
        name and id typed in their file are not shown."""
        return self.source == "moodle" and bool(self.submissions) and \
            self.submissions[0].identity.blind

    @property
    def name(self) -> str:
        """The name in the file, else the roster's, else the one the LMS's file name gives
        (Canvas's is mangled: "patelpriya")."""
        if self.blind:
            return f"Participant {self.lms_id}"
        sub = self.chosen.sub if self.chosen else None
        if sub and sub.student_name.strip():
            return " ".join(sub.student_name.split())
        lms = self.submissions[0].identity.name if self.submissions else None
        return self.roster_name or lms or ""

    @property
    def student_id(self) -> str:
        if self.blind or not self.chosen:
            return ""
        return " ".join(self.chosen.sub.student_id.split())

    @cached_property
    def report_name(self) -> str:
        """The file name of this student's report (``report_file``; worked out once, as the
        tables, the reports folder and the class report each name it)."""
        return report_file(self.key)


# -- reading one file --------------------------------------------------------------------------


def parse_candidate(data: bytes, origin: str) -> Submission:
    """The submission in a file's bytes; ``AnnotatorError`` with ``.code`` set on failure."""
    try:
        return read_submission(data, origin)
    except AnnotatorError as exc:
        if exc.code is None:  # a bad shape
            exc.code = "out_of_range" if re.fullmatch(r"marks\[\d+\]", exc.field or "") \
                else "wrong_format"
        raise


def check_candidate(sub: Submission, key: AnswerKey) -> None:
    try:
        check_against(sub, key.article, key.labels)
    except AnnotatorError as exc:
        where = exc.field or ""
        exc.code = ("wrong_article" if where == "article.sha256" else "unknown_label"
                    if where.endswith(".label") else "text_mismatch"
                    if where.endswith(".text") else "out_of_range")
        raise


# -- grading -----------------------------------------------------------------------------------


def grade(candidates: Sequence[Candidate], key: AnswerKey, *, policy: str | None = None,
          resubmission: str = "latest", due: datetime | None = None,
          roster: Roster | None = None, progress: bool | None = False,
          labels: Sequence[str] | None = None) -> Gradebook:
    """Check, score and group every candidate; choose one submission per student.

    ``labels``: score only these labels, as a lesson that asks for them does (its key reduced
    by ``key_for_labels``; marks of other labels left out). Files are checked against the
    whole key either way."""
    if resubmission not in RESUBMISSION_POLICIES:
        raise ValueError(f"unknown resubmission policy {resubmission!r}: use one of "
                         f"{', '.join(RESUBMISSION_POLICIES)}")
    if resubmission == "latest_before_due" and due is None:
        raise ValueError("the latest_before_due policy needs a due time")
    scoring_key = key_for_labels(key, list(labels)) if labels else key
    wanted = frozenset(labels) if labels and set(labels) != set(key.labels) else None
    scorer = Scorer(scoring_key, policy)
    book = Gradebook(scoring_key, scorer, resubmission, due, roster)
    seen: dict[tuple[str, str], str] = {}
    checked: list[tuple[int, Candidate, Submission, str | None, str]] = []
    with collector_paused():  # see annotator.batch
        # Every file is read and checked first, then every good one is scored: each kind of
        # work done in a run goes faster than the two taken by turns.
        for order, cand in enumerate(_progress(candidates, progress, "reading", "file")):
            if cand.error is not None or (cand.data is None and cand.member is None):
                book.rejected.append(Rejected(cand.origin, cand.reason or "unreadable",
                                              str(cand.error),
                                              _student_key(cand.identity, None)))
                continue
            try:
                data = cand.read()  # a zip member's bytes are read here, one at a time
                sub = parse_candidate(data, cand.origin)
                check_candidate(sub, key)
            except AnnotatorError as exc:
                book.rejected.append(Rejected(cand.origin, exc.code, str(exc),
                                              _student_key(cand.identity, None)))
                continue
            except Exception as exc:  # noqa: BLE001 - one file must never stop the class
                book.rejected.append(_failed(cand.origin, exc))
                continue
            student = _student_key(cand.identity, sub)
            digest = hashlib.sha256(data).hexdigest()
            if (student, digest) in seen:
                book.rejected.append(Rejected(
                    cand.origin, "duplicate", f"{cand.origin}: byte-identical to "
                    f"{seen[student, digest]}, so it counts once.", student))
                continue
            seen[student, digest] = cand.origin
            checked.append((order, cand, sub, student, digest))
        checked = _one_lesson(checked, book, wanted)
        results: dict[str, Result] = {}  # by the file's digest: a copied file is scored once
        for order, cand, sub, student, digest in _progress(checked, progress, "scoring",
                                                           "file"):
            result = results.get(digest)
            if result is None:
                try:
                    result = results[digest] = scorer.score(
                        sub.marks if wanted is None else
                        [mark for mark in sub.marks if mark.label in wanted])
                except Exception as exc:  # noqa: BLE001 - one file must never stop the class
                    book.rejected.append(_failed(cand.origin, exc))
                    continue
            when = cand.submitted_at or _saved_at(sub)
            if cand.identity.source == "canvas":
                late = cand.identity.late  # Canvas's own mark knows its due date and extensions
            else:
                late = due is not None and when is not None and when > due
            book._add(Graded(student, cand.origin, sub, result, digest, when, late, order,
                             cand.identity, cand.submitted_at is None and when is not None))
    book._choose()
    book._name_reports()
    book._check_identities()
    if roster is not None:
        book._match_roster()
    return book


def _one_lesson(checked: list[tuple], book: Gradebook,
                wanted: frozenset[str] | None = None) -> list[tuple]:
    """The checked files of the lesson most students' files are, the others rejected: a
    student's work in two lessons (all of nbgrader's submitted/ at once) would otherwise count
    as one lesson's resubmissions, and a grade mix both lessons. Students are counted, not
    files: one student's many files of a lesson of their own do not outvote the class. With
    ``wanted`` labels (--labels), the lesson of most students with marks of those labels:
    lesson 1's claims are not graded for sources. Files that name no lesson stay."""
    def students(entries) -> Counter:
        who: dict[str, set[str]] = {}
        for _, cand, sub, student, _ in entries:
            if sub.lesson:
                who.setdefault(sub.lesson, set()).add(student or cand.origin)
        return Counter({lesson: len(names) for lesson, names in who.items()})

    lessons = students(checked)
    if len(lessons) < 2:
        return checked
    if wanted:
        fitting = students(entry for entry in checked
                           if any(mark.label in wanted for mark in entry[2].marks))
        lessons = Counter({lesson: (fitting[lesson], n) for lesson, n in lessons.items()})
    ranked = sorted(lessons, key=lambda lesson: (lessons[lesson], lesson), reverse=True)
    main, tie = ranked[0], lessons[ranked[0]] == lessons[ranked[1]]
    why = "(as many students' files as the others: name one lesson's files to grade " \
        "another)" if tie else "(that of most students' files" + (
            f" with {'/'.join(sorted(wanted))} marks)" if wanted else ")")
    kept = []
    for entry in checked:
        _, cand, sub, student, _ = entry
        if not sub.lesson or sub.lesson == main:
            kept.append(entry)
            continue
        how = " (nbgrader: one assignment's folders, as in 'annotator grade submitted/*/" \
            "<assignment> --key …')" if cand.identity.source == "nbgrader" else ""
        book.rejected.append(Rejected(cand.origin, "other_lesson", f"{cand.origin}: is work "
                                      f"for lesson '{sub.lesson}', but this grading is of "
                                      f"lesson '{main}' {why}. Grade each lesson's files on "
                                      f"their own, into its own --out{how}.", student))
    return kept


def _failed(origin: str, exc: Exception) -> Rejected:
    """A file that broke the grader itself: rejected with what to report."""
    return Rejected(origin, "error", f"{origin}: could not be graded ({type(exc).__name__}: "
                    f"{exc}). Please report this file to the annotator's developers.")


def grade_folder(*inputs: str | Path, key: str | Path | AnswerKey, policy: str | None = None,
                 resubmission: str = "latest", due: str | datetime | None = None,
                 roster: str | Path | None = None, progress: bool | None = False,
                 labels: Sequence[str] | None = None) -> Gradebook:
    """Grade files, folders and LMS zips in one call: the instructor notebook's entry point.
    ``labels=["claim"]`` grades a one-label lesson on that label alone."""
    answer_key = key if isinstance(key, AnswerKey) else load_key(key)
    when = parse_time(due) if isinstance(due, str) else due
    return _grade_inputs(inputs, collect(inputs), answer_key, _to_stderr, command_line=False,
                         policy=policy, resubmission=resubmission, due=when,
                         roster=load_roster(roster) if roster else None, progress=progress,
                         labels=labels)


def _to_stderr(text: str) -> None:
    print(text, file=sys.stderr)


def _grade_inputs(inputs: Sequence[str | Path], candidates: Sequence[Candidate],
                  key: AnswerKey, warn: Callable[[str], None], *, command_line: bool,
                  labels: Sequence[str] | None = None, **options) -> Gradebook:
    """What ``grade_folder`` and ``annotator grade`` share: the key's review warnings, an
    ``AnnotatorError`` when the inputs hold no submission, ``grade``, and a warning when a
    one-label lesson is graded on every label (how to say ``labels`` depends on
    ``command_line``)."""
    for warning in review_warnings(key):
        warn(f"warning {key.path or key.article_id}: {warning}")
    if not candidates:
        raise AnnotatorError(
            f"no submission files in {', '.join(map(str, inputs))}: a folder is searched, with "
            "its subfolders, for .json files and Canvas or Moodle zips. Point at the folder a "
            "lesson saved to, such as lessons/submissions/kn23-full.")
    book = grade(candidates, key, labels=labels, **options)
    used: set[str] = set()
    for s in book.graded if not labels else ():  # the first few students use every label
        used.update(mark.label for mark in s.chosen.sub.marks)
        if used >= set(key.labels):
            break
    advice = one_label_advice(used, key.labels, "grade", command_line)
    if advice:
        warn(f"warning: every submission marks only {', '.join(sorted(used))}. {advice}")
    return book


def _same_person(lms_name: str, claimed: str, canvas: bool) -> bool:
    """Whether the name an LMS wrote and the name in the file are one person's. Canvas writes
    the sortable name ("Last, First") with every non-word character dropped, lower-cased, so
    compare that way, trying each rotation of the file's words; Moodle writes the full name."""
    words = unicodedata.normalize("NFKC", claimed).split()
    if canvas:
        target = re.sub(r"\W", "", lms_name).lower()
        flat = [re.sub(r"\W", "", w).lower() for w in words]
        return any("".join(flat[k:] + flat[:k]) == target for k in range(max(1, len(flat))))
    return sorted(normalise_id(lms_name).split()) == sorted(normalise_id(claimed).split())


def _names_meet(signed: str, listed: str) -> bool:
    """Whether a file's name and a roster's name ("Patel, Priya") share a word, accents and
    case aside: "Bob Smith" meets "Smith, Robert"; "John Smith" does not meet "Patel, Priya"."""
    def words(text: str) -> set[str]:
        plain = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                        if not unicodedata.combining(ch))
        return {w for w in re.split(r"[\W_]+", plain.casefold()) if w}

    return bool(words(signed) & words(listed))


def _student_key(identity: Identity, sub: Submission | None) -> str | None:
    if identity.source in ("canvas", "moodle") and identity.lms_id:
        return f"{identity.source}:{identity.lms_id}"
    if identity.student:
        return normalise_id(identity.student) or None
    return normalise_id(sub.student_id) if sub is not None else None


def _saved_at(sub: Submission) -> datetime | None:
    try:
        return parse_time(sub.saved_at) if sub.saved_at else None
    except ValueError:
        return None


def _progress(items, progress: bool | None, what: str, unit: str):
    """tqdm on stderr: shown on a terminal, hidden otherwise unless ``progress=True``."""
    if progress is False:
        return items
    from tqdm import tqdm

    # what matters on a long run is how far it is and how long is left; tqdm's own line puts
    # the rate in too, and in a narrow terminal its bar shrinks to a cell. Below 50 columns
    # the counts go, so that the time left still shows (tqdm cuts the line's end)
    counts = "" if shutil.get_terminal_size().columns < 50 else " {n_fmt}/{total_fmt}"
    return tqdm(items, desc=what, unit=unit, file=sys.stderr,
                disable=None if progress is None else False, leave=False,
                bar_format="{desc}: {percentage:3.0f}%|{bar}|" + counts + " [{remaining} left]")


def hanging(line: str, indent: str = "  ") -> str:
    """A summary line wrapped to a terminal's ``text_width``, the lines after the first
    indented; a path or a name is never broken (one longer than the width keeps a line of
    its own). In a file or a pipe the line stays whole, one to a file, for grep."""
    if not sys.stdout.isatty():
        return line
    return textwrap.fill(line, text_width(), subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def text_width() -> int:
    """Where the summary's paragraphs wrap: at 96 columns, or a narrower terminal's width."""
    if not sys.stdout.isatty():
        return 96
    return max(40, min(96, shutil.get_terminal_size((96, 24)).columns - 1))


class Gradebook:
    """A graded class: one chosen submission per student, every file's fate, every problem."""

    def __init__(self, key: AnswerKey, scorer: Scorer, resubmission: str,
                 due: datetime | None, roster: Roster | None):
        self.key, self.scorer, self.resubmission, self.due = key, scorer, resubmission, due
        self.roster = roster
        self.graded_at = datetime.now(timezone.utc)  # said on every report, to tell gradings apart
        self.students: dict[str, Student] = {}
        self.rejected: list[Rejected] = []
        self.issues: list[Issue] = []
        self.cleaned: list[str] = []  # what a killed earlier run had left in the outputs
        self.committed = False  # the last write put every output in place
        self.put: list[Path] = []  # what the last write put in place (all, or a failure's part)
        self._report_pages: dict = {}  # reveal_missed → what the student reports share
        self._folders: dict[str, frozenset[str]] = {}  # a folder → the student keys it names

    # -- building ------------------------------------------------------------------------

    def _add(self, graded: Graded) -> None:
        student = self.students.get(graded.student)
        if student is None:
            student = self.students[graded.student] = Student(
                graded.student, graded.identity.source, graded.identity.lms_id)
        student.submissions.append(graded)

    def _choose(self) -> None:
        def latest(subs: list[Graded]) -> Graded:
            return max(subs, key=attrgetter("handed_in"))

        for student in self.students.values():
            subs = student.submissions
            if self.resubmission == "best":
                chosen = max(subs, key=lambda g: (g.result.points, *g.handed_in))
            elif self.resubmission == "latest_before_due":
                chosen = latest([g for g in subs if not g.late] or subs)
            else:
                chosen = latest(subs)
            student.chosen, student.late = chosen, chosen.late
        self.students = dict(sorted(self.students.items()))

    def _issue(self, kind: str, student: str, message: str) -> None:
        self.issues.append(Issue(kind, student, message))

    def _name_reports(self) -> None:
        """Two students whose report names are one (a short hash alike: a student could make
        an id to match a classmate's and overwrite their report) get longer ones."""
        taken = Counter(s.report_name for s in self.graded)
        for s in self.graded:
            if taken[s.report_name] > 1:
                s.report_name = report_file(s.key, digits=16)

    def _check_identities(self) -> None:
        claimed: dict[str, set[str]] = {}  # normalised student.id → student keys claiming it
        later = datetime.now(timezone.utc) + timedelta(days=1)  # a day for clocks and zones
        clashed: set[str] = set()  # students a collision is said of
        by_digest: dict[str, set[str]] = {}
        for student in self.students.values():
            raw_ids = {g.sub.student_id for g in student.submissions}
            names = {" ".join(g.sub.student_name.split()) for g in student.submissions
                     if g.sub.student_name.strip()}
            if student.source in ("file", "nbgrader") and len(raw_ids) > 1:
                shown = ", ".join(repr(r) for r in sorted(raw_ids))
                if len({unicodedata.normalize("NFC", r) for r in raw_ids}) == 1:
                    why = ("they are written alike, with the accents encoded differently: one "
                           "computer stores é as one character, another as e and an accent")
                else:
                    why = "spaces, case and how accents are encoded do not count"
                self._issue("collision", student.key, f"ids {shown} are treated as one "
                            f"student, '{student.key}' ({why}).")
                clashed.add(student.key)
            two_names = len(names) > 1 and len({normalise_id(n) for n in names}) > 1
            if two_names:
                shown = ", ".join(repr(n) for n in sorted(names))
                self._issue("collision", student.key, f"one student id, two or more names: "
                            f"{shown}. Check that these files are really one student's.")
                clashed.add(student.key)
            for g in student.submissions:
                claimed.setdefault(normalise_id(g.sub.student_id), set()).add(student.key)
                by_digest.setdefault(g.digest, set()).add(student.key)
                self._check_location(student, g)
                if student.source == "file":
                    self._check_folder(student, g)
                if g.saved and g.when is not None and g.when > later:
                    self._issue("future_time", student.key, f"{g.origin} says it was saved "
                                f"at {g.when:%Y-%m-%d %H:%M} UTC, after this grading: the "
                                "student's clock is wrong, or the file was edited. It counts as "
                                "their latest; check it is theirs.")
            names_of_files = {_file_name(g.origin) for g in student.submissions} \
                if student.source == "file" and len(student.submissions) > 1 else ()
            if len(names_of_files) > 1 and len(raw_ids) == 1 and not two_names:  # else above
                chosen = _file_name(student.chosen.origin)
                self._issue("file_names", student.key, f"the files that say they are "
                            f"'{student.key}' have {len(names_of_files)} names ("
                            f"{', '.join(sorted(names_of_files))}); {chosen} counts. A "
                            "classmate may have handed in a file in their name: check that "
                            "each is theirs.")
        # a file that names no lesson (written by hand, or by an early version) mixes nothing
        lessons = sorted({g.sub.lesson for s in self.students.values() for g in s.submissions}
                         - {""})
        if len(lessons) > 1:
            nbgrader = any(s.source == "nbgrader" for s in self.students.values())
            self._issue("mixed_lessons", "", f"the files come from {len(lessons)} lessons "
                        f"({', '.join(repr(x) for x in lessons)}): a student's work in one "
                        "lesson may count as a resubmission of another. Grade one lesson's "
                        "folder at a time" + (
                            ": in nbgrader's layout, one assignment's folders, as in "
                            "'annotator grade submitted/*/lesson1 --key …'." if nbgrader
                            else "."))
        for sid, keys in sorted(claimed.items()):
            if len(keys) > 1:
                self._issue("collision", ", ".join(sorted(keys)), f"files of {len(keys)} "
                            f"different students ({', '.join(sorted(keys))}) all say they are "
                            f"student '{sid}'.")
                clashed.update(keys)
        for keys in by_digest.values():
            if len(keys) > 1:
                self._issue("identical_files", ", ".join(sorted(keys)),
                            f"byte-identical files were handed in by {', '.join(sorted(keys))}.")
        # two students of one name: namesakes, or an id made to look like a classmate's
        # ("ѕ-1" with a Cyrillic ѕ), whose row in canvas.csv and moodle.csv reads the same
        by_name: dict[str, list[Student]] = {}
        for student in self.graded:
            name = student.name
            if name and not student.blind:
                key = name.lower() if name.isascii() else plain_id(name)  # names are spaced once
                by_name.setdefault(key, []).append(student)
        for namesakes in by_name.values():
            keys = sorted(s.key for s in namesakes)
            if len(keys) > 1 and not set(keys) <= clashed:  # else said as a clash above
                self._issue("same_name", ", ".join(keys), f"{len(keys)} students are named "
                            f"'{namesakes[0].name}' (ids {', '.join(repr(k) for k in keys)}). "
                            "Check that each is who you think: the LMS files show them alike.")

    def _check_folder(self, student: Student, g: Graded) -> None:
        """A plain file in a folder named after another student of the class (their home, on
        a shared server), saying it is this student: someone else's work, or a forgery."""
        parent = g.origin.rpartition("/")[0] if "/" in g.origin else \
            str(PurePath(g.origin).parent)
        folders = self._folders.get(parent)
        if folders is None:  # a class's files share a few folders: each is read once
            folders = self._folders[parent] = frozenset(
                normalise_id(part) for part in PurePath(parent).parts) & self.students.keys()
        if not folders:
            return
        others = sorted(folders - {student.key})
        if others and student.key not in folders:
            self._issue("mismatch", student.key, f"{g.origin} is in the folder of student "
                        f"'{others[0]}' but says it is student '{g.sub.student_id}'. Check "
                        "whose work it is: as it is, it counts as theirs.")

    def _check_location(self, student: Student, g: Graded) -> None:
        """A file's claimed student.id (or name) against the one its location implies."""
        ident, sub = g.identity, g.sub
        if ident.source == "nbgrader" and normalise_id(sub.student_id) != student.key and \
                not _names_meet(ident.student, sub.student_id):
            # "ada" who typed "Ada Lovelace" (id "ada-lovelace") is herself: not a problem
            said = f"'{sub.student_name}' (id '{sub.student_id}')" if sub.student_name.strip() \
                else f"student '{sub.student_id}'"
            self._issue("mismatch", student.key, f"{g.origin} is in nbgrader's folder for "
                        f"'{ident.student}' but says it is {said}. Check whose work it is: "
                        f"as it is, it counts as {ident.student}'s.")
        elif ident.source in ("canvas", "moodle") and ident.name and sub.student_name.strip() \
                and not _same_person(ident.name, sub.student_name,
                                     canvas=ident.source == "canvas"):
            self._issue("mismatch", student.key, f"{g.origin} was handed in by "
                        f"{ident.source.title()} user '{ident.name}' ({ident.lms_id}) but "
                        f"says it is '{sub.student_name}' ({sub.student_id}).")

    def _match_roster(self) -> None:
        roster = self.roster
        indexes: dict[str, dict[str, list[int]]] = {}
        any_order: dict[str, list[int]] = {}
        indexes["Student, any order"] = any_order
        for column in ("ID", "SIS User ID", "SIS Login ID", "Student"):
            at = roster.column(column)
            index: dict[str, list[int]] = {}
            login: dict[str, list[int]] = {}  # a login's part before "@": "jsmith@uni.edu"
            if at is not None:
                for n, row in enumerate(roster.rows):
                    value = plain_id(row[at])  # accents aside: "Francois" is "François"
                    if value:
                        forms = {value, _id_forms(value)}
                        if column == "Student" and "," in value:  # "Lovelace, Ada"
                            last, _, first = value.partition(",")
                            forms.add(f"{first.strip()} {last.strip()}")
                        for form in forms:
                            index.setdefault(form, []).append(n)
                        if column == "Student":  # the name's words in any order, tried last
                            any_order.setdefault(_id_forms(value, True), []).append(n)
                        if column == "SIS Login ID" and "@" in value:
                            login.setdefault(value.partition("@")[0], []).append(n)
            indexes[column] = index
            if column == "SIS Login ID":
                indexes["login before @"] = login
        taken: dict[int, str] = {}
        name_at = roster.column("Student")
        for student in self.students.values():
            ids = {_id_forms(plain_id(g.sub.student_id)) for g in student.submissions}
            tries = []
            if student.source == "canvas":
                tries.append(("ID", {student.lms_id}))
            elif student.source == "nbgrader":  # the folder says who: tried first, alone
                folder = {_id_forms(plain_id(student.key))}
                tries += [(column, folder) for column in ("SIS Login ID", "SIS User ID", "ID",
                                                          "login before @")]
            if student.source not in ("canvas", "moodle"):
                ids.add(_id_forms(plain_id(student.key)))
            tries += [("SIS Login ID", ids), ("SIS User ID", ids), ("ID", ids),
                      ("login before @", ids),
                      ("Student", {plain_id(student.name)} - {""}),
                      ("Student, any order", {_id_forms(plain_id(student.name), True)} - {""})]
            row = by = None
            alike: set[int] = set()  # roster rows it matched more than one of
            for n, (column, values) in enumerate(tries):
                hits = {n for v in values for n in indexes[column].get(v, ())}
                if len(hits) == 1:
                    row, by = hits.pop(), (column, n)
                    break
                alike = alike or hits
            if row is None:
                # with each one's id (Canvas's ID, a class list's ID): their names are alike
                rows = " and ".join(f"'{roster.rows[n][0]}'" + (
                    f" ({roster.rows[n][1]})" if roster.rows[n][1].strip() else "")
                    for n in sorted(alike)[:3])
                self._issue("not_in_roster", student.key, f"{student.key} "
                            f"({student.name or 'no name'}) handed in work but " + (
                                f"matches {len(alike)} roster students ({rows}) by name, "
                                "and no id or email in the file tells which: " + (
                                    "canvas.csv leaves it out; enter this grade by hand in "
                                    "Canvas." if roster.canvas else
                                    "moodle.csv still carries it, by the Moodle participant; "
                                    "check which of them handed it in." if
                                    student.source == "moodle" else
                                    "check which of them handed it in.") if alike else
                                f"is not in the roster {Path(roster.path).name}."))
                continue
            listed = roster.rows[row][name_at] if name_at is not None else ""
            # a Canvas user or an nbgrader folder says who handed the work in: its typed name
            # is checked against the location (``_check_location``), not the roster's
            by_folder = student.source == "nbgrader" and by[1] < 4
            signed = student.name if student.source in ("file", "nbgrader") and \
                not by[0].startswith("Student") and not by_folder else ""
            if normalise_id(signed) == normalise_id(student.student_id) or \
                    normalise_id(listed) in self._roster_ids(row):
                # signed with the login alone (JupyterHub), or a class list that gives a
                # login or an email alone: no two names to compare
                signed = ""
            if signed and listed and not _names_meet(signed, listed):
                # an id that is someone else's: a typo or a copied file, never a grade for them
                self._issue("mismatch", student.key, f"{student.chosen.origin} says it "
                            f"is student '{student.student_id}', who is '{listed}' in the "
                            f"roster, but is signed '{signed}'. " + (
                                "Its grade was left out of canvas.csv" if roster.canvas else
                                "It was not matched to the roster") + ": check whose work it "
                            "is, correct the id in the file and grade again.")
            elif row in taken:
                self._issue("collision", student.key, f"{student.key} and {taken[row]} both "
                            f"match roster student '{roster.rows[row][0]}'.")
            else:
                taken[row] = student.key
                student.roster_row, student.roster_name = row, listed.strip() or None
                if student.source == "canvas" and roster.column("ID") is not None:
                    self._check_canvas_claims(student, row, indexes)
        if roster.section is not None:
            for n, key in taken.items():
                if not roster.in_section(n):
                    here = " and ".join(roster.sections(roster.rows[n])) or "no section"
                    self._issue("other_section", key, f"{key} ('{roster.rows[n][0]}' in the "
                                f"roster) is in {here}, not {roster.section}: graded here, and "
                                "filled in canvas.csv. If their section's own grading grades "
                                "them too, the canvas.csv imported last sets their grade.")
        rejected = {r.student: r for r in self.rejected if r.student and r.reason != "duplicate"}
        for n, row in enumerate(roster.rows):
            if n in taken or not roster.in_section(n) or roster.exempt(n):
                continue  # excused or not assigned in Canvas: they owe no work
            why = next((rejected[k] for k in self._roster_keys(row) if k in rejected), None)
            self._issue("no_submission", row[0], f"roster student '{row[0]}' has no graded "
                        "submission" + (f": their file {why.origin} was rejected "
                                        f"({REASONS.get(why.reason, why.reason)}; see "
                                        "files.csv)." if why else "."))

    def _roster_ids(self, row: int) -> set[str]:
        """A roster row's SIS User ID and SIS Login ID, normalised."""
        return {normalise_id(self.roster.rows[row][at]) for at in
                (self.roster.column("SIS User ID"), self.roster.column("SIS Login ID"))
                if at is not None}

    def _roster_keys(self, row: tuple[str, ...]) -> list[str]:
        """The student keys a roster row's student could have in this gradebook."""
        keys = []
        for column in ("ID", "SIS User ID", "SIS Login ID"):
            at = self.roster.column(column)
            value = normalise_id(row[at]) if at is not None else ""
            if value:
                keys += [f"canvas:{value}"] if column == "ID" else [value]
                if "@" in value:
                    keys.append(value.partition("@")[0])
        return keys

    def _check_canvas_claims(self, student: Student, row: int, indexes: dict) -> None:
        """A Canvas user's files that say they are another roster student."""
        roster = self.roster
        sis = {plain_id(roster.rows[row][c]) for c in
               (roster.column("SIS Login ID"), roster.column("SIS User ID"))
               if c is not None} - {""}
        for g in student.submissions:
            claim = plain_id(g.sub.student_id)
            other = {n for col in ("SIS Login ID", "SIS User ID")
                     for n in indexes[col].get(claim, ())} - {row}
            if sis and claim not in sis and other:
                self._issue("mismatch", student.key, f"{g.origin} was handed in by "
                            f"'{roster.rows[row][0]}' but says it is student "
                            f"'{g.sub.student_id}' ('{roster.rows[min(other)][0]}' in the "
                            "roster).")

    # -- views -----------------------------------------------------------------------------

    @property
    def graded(self) -> list[Student]:
        return [s for s in self.students.values() if s.chosen is not None]

    @property
    def labels(self) -> tuple[str, ...]:
        return self.key.labels

    @property
    def files_graded(self) -> int:
        return sum(len(s.submissions) for s in self.students.values())

    @property
    def exit_status(self) -> int:
        """0 when every file was graded (duplicates count as graded), else 1."""
        return 1 if any(r.reason != "duplicate" for r in self.rejected) else 0

    def wide_rows(self) -> Iterable[tuple]:
        figure_labels = (*self.labels, "overall")
        for s in self.graded:
            r, g = s.chosen.result, s.chosen
            row = [s.key, s.name, s.student_id, s.source, s.lms_id, r.percent, r.points,
                   r.max_points, r.penalty, s.late, len(s.submissions),
                   g.when.isoformat().replace("+00:00", "Z") if g.when else None, g.origin,
                   f"reports/{s.report_name}"]
            for label in figure_labels:
                fig = r.overall if label == "overall" else r.labels.get(label)
                row += [fig.precision, fig.recall, fig.f1] if fig else [None] * 3
            yield tuple(row)

    @property
    def wide_fields(self) -> tuple[str, ...]:
        return WIDE_FIELDS + tuple(f"{label}_{f}" for label in (*self.labels, "overall")
                                   for f in ("precision", "recall", "f1"))

    def long_rows(self, safe: bool = False) -> Iterable[tuple]:
        """One row per student and key item; ``safe``: student text guarded for spreadsheets."""
        table = self.long_table()
        return iter(_guarded(table) if safe else table)

    def long_table(self) -> Grouped:
        """The long table as a block of rows per student. A class repeats a few hundred row
        tails (item, outcome, credit, label used) thousands of times: each is kept once."""
        tails: list[tuple] = []
        number: dict[tuple, int] = {}  # equal results print alike: scoring never mixes 1, 1.0
        blocks = []
        for s in self.graded:
            marks, numbers = s.chosen.result.marks, []
            for item in s.chosen.result.items:
                key = (item, marks[item.mark].label if item.mark is not None else None)
                n = number.get(key)
                if n is None:  # the label used: the mark's, or the wrong one it was found as
                    used = item.found_as if item.outcome == "wrong_label" else key[1]
                    n = number[key] = len(tails)
                    tails.append((item.id, item.label, item.required, item.points,
                                  item.outcome, item.credit, used, item.boundary))
                numbers.append(n)
            blocks.append((s.key, numbers))
        return Grouped(tails, blocks)

    def file_rows(self) -> Iterable[tuple]:
        rows = []
        for s in self.students.values():
            for g in s.submissions:
                rows.append((g.origin, s.key, "chosen" if g is s.chosen else "superseded",
                             "", g.result.percent, ""))
        for r in self.rejected:
            rows.append((r.origin, r.student or "", "duplicate" if r.reason == "duplicate"
                         else "rejected", r.reason, None, r.message))
        return sorted(rows, key=lambda row: row[0])

    def issue_rows(self) -> Iterable[tuple]:
        return [(i.kind, i.student, i.message) for i in self.issues]

    @property
    def wide(self):
        import pandas as pd

        return pd.DataFrame(list(self.wide_rows()), columns=list(self.wide_fields))

    @property
    def long(self):
        import pandas as pd

        return pd.DataFrame(list(self.long_rows()), columns=list(LONG_FIELDS))

    @property
    def files(self):
        import pandas as pd

        return pd.DataFrame(list(self.file_rows()), columns=list(FILE_FIELDS))

    @property
    def problems(self):
        import pandas as pd

        return pd.DataFrame(list(self.issue_rows()), columns=list(ISSUE_FIELDS))

    def percents(self) -> list[float]:
        return [s.chosen.result.percent for s in self.graded
                if s.chosen.result.percent is not None]

    def plot_scores(self):
        """The score distribution as an inline SVG histogram (displays in Jupyter)."""
        from annotator.reports import Inline, histogram_svg

        return Inline(histogram_svg(self.percents()))

    def class_report_html(self, reports_folder: str | None = "reports") -> str:
        from annotator.reports import class_report

        return class_report(self, reports_folder=reports_folder)

    def class_report(self):
        """The class report, displayed inline in Jupyter (in a frame, styles kept apart)."""
        from annotator.reports import Framed

        return Framed(self.class_report_html(reports_folder=None))

    def student_report_html(self, student: str, reveal_missed: bool = True) -> str:
        from annotator.reports import student_report

        return student_report(self, self.students[normalise_id(student)] if student not in
                              self.students else self.students[student],
                              reveal_missed=reveal_missed)

    def student_report(self, student: str, reveal_missed: bool = True):
        """One student's report, displayed inline in Jupyter."""
        from annotator.reports import Framed

        return Framed(self.student_report_html(student, reveal_missed))

    # -- LMS tables ----------------------------------------------------------------------

    @property
    def canvas_roster(self) -> Roster | None:
        """The roster when it is a Canvas gradebook export (a class list has no assignments)."""
        return self.roster if self.roster is not None and self.roster.canvas else None

    def assignment_title(self, assignment: str | None = None) -> str:
        if self.canvas_roster is not None and assignment:
            found = self.canvas_roster.assignment_column(assignment)
            if found:
                return found
        if assignment:
            return assignment
        # each lesson its own column: lessons 1 and 2 of one article would otherwise both
        # be named after it, and Canvas would take the second import for the first's grades
        title = self.key.article.title or self.key.article.id
        lessons = Counter(g.sub.lesson for s in self.graded for g in s.submissions
                          if g.sub.lesson)  # a file written by another tool may have none
        return f"{title} [{lessons.most_common(1)[0][0]}]" if lessons else title

    def canvas_rows(self, assignment: str | None = None) -> list[list[str]]:
        """Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the
        assignment column "Name (id)" (a name without "(id)" makes a new assignment), a
        "Points Possible" row, and points per student. With a roster, its students in its order,
        only those with a grade here: Canvas's importer takes a blank cell over a grade it has
        for "remove this grade" (GradebookImporter#no_change_to_value?), and leaves the students
        a file does not list as they are. The points are scaled to what the roster's assignment
        is worth (30 of 30 key points → 10 of 10)."""
        title = self.assignment_title(assignment)
        possible = _number(self.scorer.max_points)
        roster = self.canvas_roster
        if roster is None and assignment and names_canvas_assignment(assignment):
            raise ValueError(f"assignment {title!r} is an existing Canvas assignment: without a "
                             "Canvas roster (the Canvas gradebook export; a class list has no "
                             "assignments) its points are unknown. Give that roster, or a "
                             "title without an id.")
        if roster is None:
            rows = [list(CANVAS_INFO) + [title],
                    ["    Points Possible", "", "", "", "", possible]]
            for s in sorted(self.graded, key=lambda s: (plain_id(s.name), s.key)):
                canvas_id = s.lms_id or "" if s.source == "canvas" else ""
                # as written (Canvas finds a login by its exact text): the hub user an
                # nbgrader folder is named after, else the id in the file
                login = " ".join((s.chosen.identity.student if s.source == "nbgrader" else
                                  s.student_id).split())
                rows.append([_safe(s.name), canvas_id, "", _safe_login(login), "",
                             _number(s.chosen.result.points)])
            return rows
        # The roster's assignment is worth what Canvas says: points are scaled to it.
        worth = roster.points_possible(title)
        scale = worth / self.scorer.max_points if worth and self.scorer.max_points else 1.0
        info = list(roster.header[:roster.info])
        points_cells = list(roster.points_row[:roster.info]) if roster.points_row else \
            ["    Points Possible"] + [""] * (roster.info - 1)
        rows = [info + [title], points_cells + [_number(worth) if worth else possible]]
        by_row = {s.roster_row: s for s in self.graded if s.roster_row is not None}
        for n, row in enumerate(roster.rows):
            s = by_row.get(n)
            if s is not None:
                rows.append(list(row[:roster.info]) +
                            [_number(round(s.chosen.result.points * scale, 2))])
        return rows

    def moodle_rows(self, now: datetime | None = None, maximum: float = 100
                    ) -> list[list[str]]:
        """Moodle: the assignment's offline grading worksheet columns (Identifier
        "Participant N", Grade, Last modified (grade), Feedback comments: what its importer
        requires), plus Username and Email address for the gradebook's CSV import, which maps a
        user by username, ID number or email. Grade is out of ``maximum``, the assignment's
        maximum grade in Moodle (100 by default, so the percent): Moodle refuses a grade
        above it."""
        stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M:%S UTC")
        rows = [list(MOODLE_FIELDS)]
        emails = self.moodle_emails()
        for s in self.graded:
            result = s.chosen.result
            login = _login(s)
            rows.append([
                f"Participant {s.lms_id}" if s.source == "moodle" else "",
                _safe(s.name), _safe_login(login), _safe_login(emails.get(s.key, "")),
                "" if result.percent is None else _number(result.percent * maximum / 100),
                _number(maximum), stamp,
                s.chosen.summary])
        return rows

    def moodle_emails(self) -> dict[str, str]:
        """Each graded student's email for moodle.csv (typed as their id, or from the roster),
        by student key; none at all unless every student has one. Moodle's CSV import keeps
        the user of the row before for a row whose email is blank, and would give that user
        this row's grade: a partly filled column must never be written."""
        emails = {s.key: self._email(s) for s in self.graded}
        return emails if all(emails.values()) else {}

    def _without_email(self) -> list[Student]:
        """The graded students who keep moodle.csv from having emails (``moodle_emails``)."""
        return [s for s in self.graded if not self._email(s)]

    def _email(self, student: Student) -> str:
        """A student's email: their login when it is one, else the one the roster gives them
        (a class list's Email, Canvas's SIS Login ID when it is one), else ""."""
        login = _login(student)
        if "@" in login:
            return login
        at = self.roster.column("SIS Login ID") if self.roster is not None else None
        if at is None or student.roster_row is None:
            return ""
        email = self.roster.rows[student.roster_row][at].strip()
        return email if "@" in email else ""

    # -- text --------------------------------------------------------------------------------

    def late_note(self) -> str | None:
        """What the summary and the class report say about late work: how many counted files
        came after the due time, and what the resubmission policy did about them."""
        graded = self.graded
        late = [s for s in graded if s.late]
        due = f" ({self.due.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC)" if self.due else ""
        # the due time is said even when no file was late, for a --due read in another time zone
        none = f"Late: none; every counted file came before the due time{due}." if \
            self.due and graded else None
        if self.resubmission == "latest_before_due":
            whose = [s for s in graded if any(g.late for g in s.submissions
                                              if g is not s.chosen)]
            dropped = sum(g.late for s in whose for g in s.submissions if g is not s.chosen)
            said = []
            if dropped:
                names = _first_few([_named(s.key, s.name) for s in whose], ", ")
                said.append(f"{dropped} file(s) handed in after the due time{due} not counted: "
                            f"each of those students ({names}) is graded on their last on-time "
                            "file")
            if late:
                said.append(f"{len(late)} student(s) handed in only after the due time and are "
                            "graded on their last late file")
            return "Late: " + "; ".join(said) + "." if said else none
        if not late:
            return none
        also = sum(1 for s in late if any(not g.late for g in s.submissions))
        one = len(late) == 1
        on_time = "" if not also else " (this student also handed in on time)" if one else \
            f" ({also} of these students also handed in on time)"
        return (f"Late: {len(late)} of the counted files came after the due time{due} and "
                f"{'is' if one else 'are'} graded as handed in{on_time}. To grade each "
                "student's last on-time file instead, use --policy latest_before_due.")

    def times_note(self) -> str | None:
        """Where "late" comes from, when a due time or a Canvas zip makes it matter: Canvas's
        own LATE mark for its zips; elsewhere the time the file was saved, which is the
        student's clock (Moodle zips and plain files carry no hand-in time)."""
        sources = {g.identity.source: g for s in self.graded for g in s.submissions}
        said = []
        if "canvas" in sources:
            said.append("files from a Canvas zip are late when Canvas marked them so (its own "
                        "due date, extensions included)" + (", whatever --due says" if self.due
                                                            else ""))
            if self.resubmission == "latest_before_due":
                said.append("a Canvas zip holds only each student's latest attempt, so an "
                            "on-time attempt before a late one is not in it")
        if self.due and any(g.saved for g in sources.values() if g.identity.source != "canvas"):
            said.append(f"{'other files' if 'canvas' in sources else 'files'} are timed by "
                        "when they were saved on the student's computer (Moodle zips and plain "
                        "files carry no hand-in time)")
        return "Times: " + "; ".join(said) + "." if said else None

    def change_rows(self, earlier: Mapping[str, Earlier]) -> list[list]:
        """changes.csv: every student whose grade is not what ``earlier`` had (new students
        and students no longer graded too), the largest change first."""
        now = {s.key: s for s in self.graded}
        rows = []
        for key in sorted(set(now) | set(earlier)):
            after = now[key].chosen.result.percent if key in now else None
            before = earlier[key].percent if key in earlier else None
            if key in now and key in earlier and after is not None and before is not None \
                    and round(after, 2) == round(before, 2):
                continue
            name = now[key].name if key in now else earlier[key].name
            change = None if after is None or before is None else round(after - before, 2)
            rows.append([key, name, before, None if after is None else round(after, 2), change])
        rows.sort(key=lambda r: (r[4] is None, -abs(r[4] or 0), r[0]))
        return rows

    def changes_note(self, earlier: Mapping[str, Earlier], out: str, shown: int = 5) -> str:
        """The summary's word on what changed since the grading already in ``out``."""
        rows = self.change_rows(earlier)
        up = sum(1 for r in rows if r[4] is not None and r[4] > 0)
        down = sum(1 for r in rows if r[4] is not None and r[4] < 0)
        graded = {s.key for s in self.graded}
        new = sum(1 for r in rows if r[2] is None and r[0] not in earlier)
        gone = sum(1 for r in rows if r[0] not in graded)
        same = len(self.graded) - up - down - new
        said = [f"{up} up", f"{down} down", f"{same} the same"]
        if new:
            said.append(f"{new} new")
        if gone:
            said.append(f"{gone} no longer graded")
        text = (f"Since the last grading in {out}/ ({len(earlier)} student(s)): "
                f"{', '.join(said)}.")
        if gone and self.canvas_roster is not None:
            left = [r for r in rows if r[0] not in graded]
            names = _first_few([_named(r[0], r[1] or "") for r in left])
            text += (f" canvas.csv does not list those no longer graded ({names}), so Canvas "
                     "keeps any grade the last grading's canvas.csv gave them: remove it there "
                     "if it was wrong.")
        moved = [r for r in rows if r[4]][:shown]
        if moved:
            text += " Largest: " + "; ".join(
                f"{r[1] or r[0]} {format_percent(r[2])} → {format_percent(r[3])}"
                for r in moved) + ". Every change is in changes.csv."
        then = {e.max_points for e in earlier.values()} - {None}
        if len(then) == 1 and (worth := then.pop()) != self.scorer.max_points:
            text += (f" The grading counts {_number(self.scorer.max_points)} points now, "
                     f"{_number(worth)} then (a revised key, or other --labels), so every "
                     "grade may move.")
        return text

    def roster_note(self) -> str | None:
        """What the summary says when no graded student was found in the roster: most likely
        another class's list, or one read otherwise than meant."""
        roster = self.roster
        if roster is None or not self.graded or any(s.roster_row is not None
                                                    for s in self.graded):
            return None
        return (f"Roster: none of the {len(self.graded)} graded students was found in "
                f"{Path(roster.path).name}, read as " + (
                    "a Canvas gradebook export" if roster.canvas else
                    f"a class list of {len(roster.rows)} (the first: '{roster.rows[0][0]}')") +
                ". Is it this class's list?")

    def blind_note(self) -> str | None:
        """What anonymous files mean for the outputs: Moodle's blind marking (students shown as
        "Participant N"), Canvas's anonymous grading (no Canvas user: each file's own id)."""
        said = []
        if any(s.blind for s in self.graded):
            said.append("Moodle's blind marking hides who handed in each file, so students are "
                        "shown as 'Participant N' and the names and ids typed in their files are "
                        "left out; moodle.csv's Identifier column takes the grades back")
        if any(g.identity.blind for s in self.graded if s.source == "canvas"
               for g in s.submissions):
            said.append("the Canvas zip is from an assignment with anonymous grading, which "
                        "names no student: students are known by the id and name typed in "
                        "their own files (shown in the reports), and canvas.csv can fill only "
                        "the students whose typed id Canvas knows (give --roster to check them). "
                        "If Canvas's import does not offer the assignment, post its grades or "
                        "turn anonymous grading off first")
        return "Anonymous: " + "; ".join(said) + "." if said else None

    @property
    def key_name(self) -> str:
        """The key as the summary and the reports name it: its file's name."""
        return Path(self.key.path).name if self.key.path else self.key.article_id

    def graded_line(self) -> str:
        """When, and with which key, this class was graded: "graded 2026-11-27 14:03 UTC with
        kn23.yaml"."""
        return f"graded {self.graded_at:%Y-%m-%d %H:%M} UTC with {self.key_name}"

    @property
    def no_marks(self) -> list[Student]:
        """The students whose counted file has no marks at all: usually the wrong file saved."""
        return [s for s in self.graded if not s.chosen.sub.marks]

    def no_marks_note(self, shown: int = 5) -> str | None:
        """The summary's and the class report's word on ``no_marks``, naming the first few."""
        empty = self.no_marks
        if not empty:
            return None
        names = ", ".join(f"{s.name} ({s.student_id or s.key})" if s.name else
                          s.student_id or s.key for s in empty[:shown])
        more = f" and {len(empty) - shown} more" if len(empty) > shown else ""
        return (f"No marks: {len(empty)} student(s) handed in a file with no marks ({names}"
                f"{more}). Did their work save? Their reports ask them.")

    def next_steps(self, assignment: str | None = None, moodle_max: float = 100) -> str:
        """What to do with canvas.csv and moodle.csv: where each goes, and what it fills."""
        title = self.assignment_title(assignment)
        roster = self.canvas_roster
        lines = ["Next:"]
        if roster is not None:
            rows = {s.roster_row for s in self.graded if s.roster_row is not None}
            filled = sum(roster.in_section(n) for n in rows)
            worth = roster.points_possible(title)
            new = "" if title in roster.assignments else " (a new assignment)"
            whose = f"section {roster.section}'s" if roster.section else "the roster's"
            others = len(rows) - filled
            lines.append(
                f"  Canvas: Grades → Import → canvas.csv. It fills '{title}'{new} for {filled} "
                f"of {whose} {len(roster.section_rows)} students" + (
                    f" (and {others} of other sections, named above)" if others else "") +
                ", in points out of "
                f"{_number(worth or self.scorer.max_points)}." +
                ("" if filled else " No grade matched a roster student: see the identity "
                                   "and roster problems above before you import."))
            # the students whose Canvas cell says more than their grade here ("Smith, Bob; …")
            for found, said in ((roster.excused(title, rows), _EXCUSED),
                                (roster.excused(title, rows, cells=("N/A",)), _UNASSIGNED),
                                (roster.kept_grades(title, rows), _KEPT)):
                if found:
                    lines.append("  " + said.format(n=len(found), names=_first_few(found)))
            if roster.section:
                twice = [(roster.rows[s.roster_row][0], roster.sections(roster.rows[s.roster_row]))
                         for s in self.graded if s.roster_row is not None]
                twice = [(name, parts) for name, parts in twice if len(parts) > 1]
                if twice:
                    names = _first_few([f"{name} ({' and '.join(parts)})"
                                        for name, parts in twice])
                    lines.append(f"  {len(twice)} student(s) graded here are in more than one "
                                 f"section ({names}): a grading of another of their sections "
                                 "may grade them too, and the canvas.csv imported last sets "
                                 "their grade. Import the one that holds their work last.")
        else:
            lines.append(
                f"  Canvas: Grades → Import → canvas.csv makes a new assignment '{title}' worth "
                f"{_number(self.scorer.max_points)} points (the key's). To fill an assignment "
                "you already have, grade again with --roster (your Canvas gradebook export) "
                "and --assignment.")
        moodle = sum(s.source == "moodle" for s in self.graded)
        where = ("  Moodle: in the assignment, with the 'Offline grading worksheet' feedback "
                 "type on: View all submissions → Upload grading worksheet → moodle.csv"
                 if moodle else "  Moodle: Grades → Import → CSV file → moodle.csv, mapping "
                 "users by 'Email address' or 'Username'")
        lines.append(f"{where}. Grades are out of {_number(moodle_max)} (--moodle-max); Moodle "
                     "skips, without an error, a grade above the assignment's maximum grade.")
        without = self._without_email() if not moodle else []
        if without and len(without) == len(self.graded):
            given = "the files give none" if self.roster is None else \
                "neither the files nor --roster give any"
            lines.append(f"  moodle.csv has no emails ({given}), so Moodle can map "
                         "users only by 'Username', which must be their Moodle username. To "
                         "map by email, grade again with --roster and your Moodle grade export "
                         "(Grades → Export → Plain text file), which lists each student's "
                         "email.")
        elif without:
            names = ", ".join(s.name or s.key for s in without[:5]) + (
                f" and {len(without) - 5} more" if len(without) > 5 else "")
            lines.append(f"  moodle.csv has no emails: {len(without)} student(s) have none "
                         f"({names}), and Moodle's import would give a row without an email "
                         "the user of the row before it. Find them in the roster (see the "
                         "problems above) and grade again to map users by email.")
        return "\n".join(textwrap.fill(line, text_width(), subsequent_indent="    ")
                         for line in lines)

    def summary(self) -> str:
        """The table ``annotator grade`` prints at the end."""
        graded = self.graded
        rejected = [r for r in self.rejected if r.reason != "duplicate"]
        duplicates = len(self.rejected) - len(rejected)
        superseded = self.files_graded - len(graded)
        lines = [hanging(f"Graded {len(graded)} student(s) from "
                         f"{self.files_graded + duplicates} file(s); {len(rejected)} file(s) "
                         f"rejected. Key: {self.key_name}, scoring {self.scorer.policy.name}, "
                         f"resubmissions: {self.resubmission}."), ""]
        table = [("graded (one per student)", len(graded)),
                 ("resubmissions not counted", superseded),
                 ("duplicates (counted once)", duplicates)]
        by_reason: dict[str, int] = {}
        for r in rejected:
            by_reason[r.reason] = by_reason.get(r.reason, 0) + 1
        table += [(f"rejected: {REASONS.get(k, k)}", v) for k, v in sorted(by_reason.items())]
        table.append(("identity and roster problems", len(self.issues)))
        if self.roster is not None:  # who has handed in nothing: among the problems below
            table.append(("  of them, no grade (roster)",
                          sum(i.kind == "no_submission" for i in self.issues)))
        table.append(("handed in no marks", len(self.no_marks)))
        width = max(len(k) for k, _ in table)
        lines += [f"  {k:<{width}}  {v:>6}" for k, v in table]
        notes = [note for note in (self.roster_note(), self.late_note(), self.times_note(),
                                   self.blind_note(), self.no_marks_note()) if note]
        if notes:
            lines += ["", *(textwrap.fill(note, text_width(), subsequent_indent="  ")
                            for note in notes)]
        scores = self.percents()
        if scores:
            lines += ["", hanging(f"  scores: mean {format_percent(statistics.fmean(scores))}, "
                                  f"median {format_percent(statistics.median(scores))}, lowest "
                                  f"{format_percent(min(scores))}, highest "
                                  f"{format_percent(max(scores))}", "    ")]
            bins = _bins(scores)
            top = max(bins) or 1
            # the bars fit the terminal: 30 wide, narrower in a terminal under 46 columns
            wide = max(5, min(30, text_width() - 16))
            for n, count in enumerate(bins):
                low = n * 10
                label = f"{low}-{low + 10}%" if n < 9 else "90-100%"
                lines.append(f"  {label:>8} {'#' * round(wide * count / top):<{wide}} {count}")
        if rejected:
            lines += ["", "Rejected files:"]
            shown: dict[str, int] = {}  # the first few of each reason; files.csv has them all
            for r in rejected:
                shown[r.reason] = shown.get(r.reason, 0) + 1
                if shown[r.reason] <= REJECTED_SHOWN:
                    lines.append(hanging(f"  [{REASONS.get(r.reason, r.reason)}] {r.message}",
                                         "    "))
            lines += [hanging(f"  … and {count - REJECTED_SHOWN:,} more "
                              f"[{REASONS.get(reason, reason)}]: files.csv lists every file "
                              "with its reason", "    ")
                      for reason, count in shown.items() if count > REJECTED_SHOWN]
        if self.issues:
            lines += ["", "Identity and roster problems:"]
            lines += [hanging(f"  [{i.kind}] {i.message}", "    ") for i in self.issues]
        return "\n".join(lines)

    # -- writing -------------------------------------------------------------------------

    def write(self, out: str | Path = "grades", *, reveal_missed: bool = True,
              assignment: str | None = None, progress: bool | None = False,
              moodle_max: float = 100, earlier: Mapping[str, Earlier] | None = None,
              held: FolderLock | None = None) -> list[Path]:
        """Write every output into ``out``; each file appears whole or not at all.
        ``moodle_max``: the Moodle assignment's maximum grade (see ``moodle_rows``);
        ``earlier``: the grades already there (``earlier_grades``), for changes.csv;
        ``held``: the caller's lock on ``out`` (else ``out`` is locked while it is written)."""
        with collector_paused():  # see annotator.batch
            return self._write(Path(out), reveal_missed, assignment, progress, moodle_max,
                               earlier, held)

    def _write(self, out: Path, reveal_missed: bool, assignment: str | None,
               progress: bool | None, moodle_max: float = 100,
               earlier: Mapping[str, Earlier] | None = None,
               held: FolderLock | None = None) -> list[Path]:
        from annotator.reports import class_report, student_report_files

        out.mkdir(parents=True, exist_ok=True)
        staged = Staged(out, held)  # every output in full first, then all put in place at once
        self.cleaned, self.committed = staged.cleaned, False
        try:
            wide_fields, wide_rows = self.wide_fields, list(self.wide_rows())
            long_table, file_rows = self.long_table(), self.file_rows()
            issue_rows = self.issue_rows()
            staged.file("files.csv", csv_pieces(file_rows, header=FILE_FIELDS, safe=True))
            staged.file("issues.csv", csv_pieces(issue_rows, header=ISSUE_FIELDS, safe=True))
            staged.file("canvas.csv", csv_pieces(self.canvas_rows(assignment)))
            staged.file("moodle.csv", csv_pieces(self.moodle_rows(maximum=moodle_max)))
            if earlier is not None:
                staged.file("changes.csv", csv_pieces(self.change_rows(earlier),
                                                      header=CHANGE_FIELDS, safe=True))
            else:  # another grading's changes, not this one's
                staged.remove("changes.csv")
            staged.file("gradebook.xlsx", xlsx_bytes([
                ("students", wide_fields, wide_rows), ("items", LONG_FIELDS, long_table),
                ("files", FILE_FIELDS, file_rows), ("issues", ISSUE_FIELDS, issue_rows)]))
            students = _progress(self.graded, progress, "reports", "student")
            # files in reports/ that are not student reports are the instructor's: kept
            staged.folder_of("reports", student_report_files(self, students, reveal_missed),
                             keep=lambda path: not is_student_report(path))
            staged.file("class.html", class_report(self, reports_folder="reports"))
            # last: the next grading reads them as the grading already there
            staged.file("gradebook_items.csv",
                        csv_pieces(_guarded(long_table), header=LONG_FIELDS))
            staged.file("gradebook.csv", csv_pieces(wide_rows, header=wide_fields, safe=True))
        except BaseException:
            staged.discard()
            raise
        try:
            return staged.commit()
        finally:
            self.committed, self.put = staged.committed, staged.put


def _id_forms(value: str, name: bool = False) -> str:
    """The form an id or a name (``plain_id``'s) is looked up by in a roster: a number without
    the leading zeros Excel drops ("020240130" is 20240130); a name's words in sorted order,
    so that "Girard, Jules", "Jules Girard" and "Fournier Manon" meet their roster rows."""
    if name:
        return " ".join(sorted(value.replace(",", " ").split()))
    return value.lstrip("0") or value if value.isdigit() else value


def _login(student: Student) -> str:
    """moodle.csv's Username: the student's key for a file or an nbgrader folder (a hub login
    or the typed id, normalised), else the id typed in the file."""
    return student.key if student.source in ("file", "nbgrader") else \
        normalise_id(student.student_id)


def _bins(scores: Sequence[float]) -> list[int]:
    bins = [0] * 10
    for value in scores:
        bins[min(9, max(0, int(value // 10)))] += 1
    return bins


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    """A student-provided string that a spreadsheet must not run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


_LOGIN = re.compile(r"[A-Za-z0-9_.@-]*")  # what Moodle and Canvas logins are made of


def _safe_login(value: str) -> str:
    """A login or email the LMS matches its user by, as it is when it is made only of the
    characters logins are ("-jdoe", "@ada": a spreadsheet may read "-A1" as a formula, but
    none of those characters can call a function or a program, and the LMS would not find
    "'-jdoe"); else guarded (``_safe``)."""
    return value if _LOGIN.fullmatch(value) else _safe(value)


def _guarded(table: Grouped) -> Grouped:
    """The long table with each student's key guarded (``_safe``) for a spreadsheet."""
    return Grouped(table.tails, [(_safe(student), numbers) for student, numbers in table.blocks])


def run(inputs: Sequence[str], key: str, *, policy: str | None = None,
        resubmission: str = "latest", due: str | None = None, out: str = "grades",
        roster: str | None = None, assignment: str | None = None, reveal_missed: bool = True,
        progress: bool | None = None, labels: Sequence[str] | None = None,
        moodle_max: float = 100, replace: bool = False, section: str | None = None,
        echo: Callable[[str], None] = print,
        complain: Callable[[str], None] = lambda text: print(text, file=sys.stderr)) -> int:
    """``annotator grade``: 0 all graded, 1 some files rejected, 2 usage error or the outputs
    could not be written. The results go to ``echo``; errors and warnings to ``complain``,
    each without the control characters a name in a file may hold (``terminal_safe``)."""
    echo, complain = _safe_for_terminal(echo), _safe_for_terminal(complain)
    try:
        when = parse_time(due) if due else None
    except ValueError:
        complain(f"error: --due {due!r} is not a time: write it like 2026-11-26T17:00 or "
                 "2026-11-26T17:00Z.")
        return 2
    if resubmission == "latest_before_due" and when is None:
        complain("error: --policy latest_before_due needs --due TIME.")
        return 2
    out = out.rstrip("/") or out  # "grades/" is said as "grades/", not "grades//"
    if not out.strip():
        complain("error: --out is empty: give the folder to write the grades to (for example "
                 "--out grades).")
        return 2
    gone_to = dangling_link(out)
    if gone_to is not None:
        complain(f"error: --out {out} is a link to a folder that does not exist ({gone_to}): "
                 "connect the drive it is on or make that folder, or give another --out.")
        return 2
    if os.path.exists(out) and not os.path.isdir(out):
        complain(f"error: --out {out} is a file, not a folder: give a folder to write the "
                 "grades to (it is made if it is not there).")
        return 2
    gone_to = dangling_link(Path(out) / "reports")
    if gone_to is not None:
        complain(f"error: {out}/reports is a link to {gone_to}, which does not exist (a drive "
                 "not connected?), so the students' reports have nowhere to go. Connect the "
                 "drive or make that folder, or remove the link to have the reports written "
                 f"in {out}/reports/, and run this again. Nothing was graded.")
        return 2
    try:
        held = FolderLock(out)  # held until the grades are in place: one grading at a time
    except FolderBusy as exc:
        complain(f"error {exc} Nothing was written.")
        return 2
    except OSError as exc:
        complain(f"error: cannot write the grades to {out}/ ({exc.strerror or exc}). Check "
                 "the folder is writable, or choose another --out.")
        return 2
    try:
        return _grade_into(held, inputs, key, policy=policy, resubmission=resubmission,
                           when=when, out=out, roster=roster, assignment=assignment,
                           reveal_missed=reveal_missed, progress=progress, labels=labels,
                           moodle_max=moodle_max, replace=replace, section=section,
                           echo=echo, complain=complain)
    finally:  # on an error and Ctrl+C too
        held.release()


def _grade_into(held: FolderLock, inputs: Sequence[str], key: str, *, policy: str | None,
                resubmission: str, when: datetime | None, out: str, roster: str | None,
                assignment: str | None, reveal_missed: bool, progress: bool | None,
                labels: Sequence[str] | None, moodle_max: float, replace: bool,
                section: str | None, echo: Callable[[str], None],
                complain: Callable[[str], None]) -> int:
    """``run`` once ``--out`` is ``held``: grade, compare with the grades there, write."""
    try:
        answer_key = load_key(key)
        if labels:
            key_for_labels(answer_key, list(labels))  # a label the key lacks: said here
        table = load_roster(roster) if roster else None
        if section is not None:
            if table is None:
                complain("error: --section picks a section of the roster's students: give "
                         "--roster with your Canvas gradebook export too.")
                return 2
            table = table.only_section(section)
        candidates = collect(inputs)
        if table is not None and table.canvas and assignment:
            # the column graded into: who is excused from it or not assigned it owes nothing
            table = with_fields(table, assignment=table.assignment_column(assignment))
    except AnnotatorError as exc:
        complain(f"error {exc}")
        return 2
    canvas_table = table if table is not None and table.canvas else None
    if canvas_table is None and assignment and names_canvas_assignment(assignment):
        complain(f"error: --assignment {assignment!r} names an existing Canvas assignment by its "
                 "id, but without a Canvas --roster canvas.csv cannot know what that assignment is worth "
                 "and would put the key's points into it as they are. Give --roster with your "
                 "Canvas gradebook export (Grades → Export → Export Entire Gradebook) so the "
                 "points are scaled to the assignment, or give a title without an id to make a "
                 "new assignment (Canvas reads a number in brackets at the end of a title as an "
                 "assignment's id: write 'Lesson 4 (2026)' as 'Lesson 4, 2026').")
        return 2
    if canvas_table is not None and (not assignment or
                                     canvas_table.assignment_column(assignment) is None):
        columns = ", ".join(repr(h) for h in canvas_table.assignments[:6]) or "none"
        complain(f"warning {roster}: " + (f"no column matches --assignment {assignment!r}" if
                 assignment else "no --assignment given") + ", so canvas.csv makes a new "
                 "Canvas assignment. To fill one of the roster's columns, give its title or id "
                 f"with --assignment (columns: {columns}).")
    try:
        book = _grade_inputs(inputs, candidates, answer_key, complain, command_line=True,
                             policy=policy, resubmission=resubmission, due=when, roster=table,
                             progress=progress, labels=labels)
    except AnnotatorError as exc:  # nothing to grade
        complain(f"error: {exc} Nothing was written to {out}/.")
        return 2
    if not book.graded:
        echo(book.summary())
        complain(f"error: no file could be graded (the reasons are above). Nothing was written "
                 f"to {out}/: grades already there are as they were.")
        return 1
    # the grading already there: a mix of two when the last was killed while putting its
    # outputs in place, and then no measure of what changed (its gradebook.csv may be either)
    was_cut = cut_short(out)
    earlier = earlier_grades(out)
    counted = earlier_items(out) if earlier is not None else None
    # another lesson: no key item in common (another key), or items of other labels (lesson 1's
    # claims, then lesson 4's every label); the same lesson graded again, with its key revised,
    # shares its items and labels, and is told what changed
    was = _other_lesson(counted, answer_key, book, out) if counted is not None else None
    if was is not None and not replace:
        complain(f"{was} To replace them anyway, add --replace. Nothing was written.")
        return 2
    gone = sorted(set(earlier or ()) - {s.key for s in book.graded})
    if gone and not replace:
        names = ", ".join(_named(k, earlier[k].name) for k in gone[:5]) + \
            (f" and {len(gone) - 5} more" if len(gone) > 5 else "")
        complain(f"error: {out}/ already holds the grades of {len(earlier)} student(s), and "
                 f"{len(gone)} of them ({names}) {'is' if len(gone) == 1 else 'are'} not in "
                 "these inputs: writing would replace "
                 "their grades and delete their reports. To add late files, grade them together "
                 "with the others (all the folders and zips in one command); to grade apart, "
                 "choose another --out; to replace the grades there anyway, add --replace. "
                 "Nothing was written.")
        return 2
    try:
        written = book.write(out, reveal_missed=reveal_missed, assignment=assignment,
                             progress=progress, moodle_max=moodle_max,
                             earlier=None if was_cut else earlier, held=held)
    except OSError as exc:
        why = f"{exc.strerror or exc}{': ' + exc.filename if exc.filename else ''}"
        close = " If it is open in Excel or another program, close it." if \
            isinstance(exc, PermissionError) and exc.filename and \
            not os.path.isdir(exc.filename) else ""
        if book.put:  # a file could not be replaced half way (open in Excel on Windows)
            names = [p.name for p in book.put]
            complain(f"error: cannot put the grades in place in {out}/ ({why}). "
                     f"{len(names)} output(s) had already been replaced ({', '.join(names)}); "
                     f"the others are still the last grading's.{close} Then grade again, which "
                     "replaces them all.")
        else:
            complain(f"error: cannot write the grades to {out}/ ({why}). No output there was "
                     f"replaced.{close} Check the folder is writable and has space, or choose "
                     "another --out.")
        return 2
    except KeyboardInterrupt:  # the outputs go in place all at once, or not at all
        complain(f"interrupted: the new grades had all been put in place in {out}/." if
                 book.committed else f"interrupted: nothing in {out}/ was replaced.")
        return 130
    if book.cleaned:
        complain(f"note: removed what an interrupted grading had left in {out}/: "
                 + ", ".join(book.cleaned[:6])
                 + (f" and {len(book.cleaned) - 6} more" if len(book.cleaned) > 6 else "") + ".")
    if was_cut:
        complain(f"note: the last grading into {out}/ was stopped (killed, the computer went "
                 "off, or a file could not be replaced) while its outputs were being put in "
                 "place, so they were a mix of two gradings: some files new, the rest old. This "
                 "grading has replaced them all.")
    echo(book.summary())
    if was_cut:
        changes = (f"Since the last grading in {out}/: cannot be told this time, since it was "
                   "stopped half way in place (its gradebook.csv may not be the one the rest "
                   "came from), so no changes.csv was written. The next grading says what "
                   "changed since this one.")
    elif earlier is not None:
        changes = book.changes_note(earlier, out)
    if was_cut or earlier is not None:
        echo("\n" + textwrap.fill(changes, text_width(), subsequent_indent="  "))
    echo("\n" + hanging(f"Written to {out}/: " + ", ".join(
        p.name + ("/" if p.is_dir() else "") for p in written)))
    echo("\n" + book.next_steps(assignment, moodle_max))
    return book.exit_status


def _safe_for_terminal(say: Callable[[str], None]) -> Callable[[str], None]:
    return lambda text: say(terminal_safe(text))


_OWN_OUT = (" Grading these there would replace them. Give each lesson its own --out (for "
            "example grades/kn23-claims and grades/kn23-sources);")


def _other_lesson(counted: frozenset[str], key: AnswerKey, book: Gradebook,
                  out: str) -> str | None:
    """Why grading ``book`` (graded with ``key``) into ``out``, whose grading counted the key
    items ``counted``, would replace another lesson's grades, or good ones with wrong ones;
    ``None`` when it grades the same lesson again: the same key items (a key revised or not),
    or the same files graded for the labels most of them mark (a lesson graded without the
    --labels it asks for, then with them)."""
    now = {item.id for item in book.key.items}
    if not counted & now:
        return (f"error: {out}/ holds the grades of another lesson: they counted none of these "
                f"key items (another key, or other --labels).{_OWN_OUT}")
    label_of = {item.id: item.label for item in key.items}
    then = {label_of[i] for i in counted if i in label_of}
    labels = {item.label for item in book.key.items}
    if then == labels:
        return None
    said = (f"they counted the key's {_and(sorted(then))} items, and this grading counts its "
            f"{_and(sorted(labels))} items")
    if not _same_files(earlier_files(out), (g.origin for s in book.graded
                                            for g in s.submissions)):
        return f"error: {out}/ holds the grades of another lesson: {said} (other --labels).{_OWN_OUT}"
    # the labels at least half the students mark: a stray mark of another label is no lesson
    marking = Counter(label for s in book.graded for label in {m.label for m in s.chosen.sub.marks})
    marked = {label for label, n in marking.items() if 2 * n >= len(book.graded)}
    if marked == labels:
        return None
    before = "without --labels" if then == set(key.labels) else \
        "with --labels " + " ".join(sorted(then))
    return (f"error: {out}/ holds the grades of these same files: {said}, but most of them mark "
            f"{_and(sorted(marked)) or 'nothing'}. To grade them as before, grade {before}. "
            "Grading these there would replace them.")


def _same_files(then: Iterable[str], now: Iterable[str]) -> bool:
    """Whether a file of ``now`` is one of ``then``, each named from whatever folder the
    grading ran in ("lessons/submissions/x/a.json" from the project, "submissions/x/a.json"
    from lessons/, "/home/t/…/x/a.json"): one path ends as the other does, ".." aside, in a
    folder and a name at least (graded from inside its folder, a file is its name alone, and
    every lesson has an "ada.json")."""
    def parts(origin: str) -> tuple[str, ...]:
        return tuple(p for p in _origin_parts(origin) if p not in ("", ".", ".."))

    by_end: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for origin in then:
        path = parts(origin)
        by_end.setdefault(path[-2:], []).append(path)
    for origin in now:
        path = parts(origin)
        for other in by_end.get(path[-2:], ()):
            n = min(len(path), len(other))
            if n >= 2 and path[-n:] == other[-n:]:  # a file's name alone says nothing
                return True
    return False


def _origin_parts(origin: str) -> list[str]:
    """An origin's folders and name (a zip's, then its member's), whichever slashes it has."""
    return origin.replace("\\", "/").replace("!", "/").split("/")


def _file_name(origin: str) -> str:
    """The name of a file (or of a zip's member) from its origin."""
    return _origin_parts(origin)[-1]


def _named(key: str, name: str) -> str:
    """A student of an earlier grading as a teacher can find them: their name, and their id
    when it is not the name (a hub login "grace.hopper" graded as "grace-hopper"); an LMS's
    ("canvas:77") is not one they know."""
    shown = name and normalise_id(name) != key and ":" not in key
    return f"{name} (id {key})" if shown else name or key


_EXCUSED = ("{n} student(s) excused from it in Canvas have a grade here ({names}): importing "
            "canvas.csv replaces the excuse with that grade. Take them out of the file first if "
            "the excuse stands.")
_UNASSIGNED = ("{n} student(s) graded here are not assigned it in Canvas (N/A: {names}): "
               "Canvas's import skips their grade. Assign it to them in Canvas, export again "
               "and grade again if it should count.")
_KEPT = ("{n} student(s) with a grade for it in Canvas have none here ({names}): canvas.csv "
         "leaves their Canvas grade as it is. Check their work before you import.")


def _first_few(names: Sequence[str], sep: str = "; ", shown: int = 5) -> str:
    """The first ``shown`` of ``names``, then how many more: "a; b; c and 4 more"."""
    more = len(names) - shown
    return sep.join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def _and(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


@dataclass(frozen=True)
class Earlier:
    """A student's grade in the grading already in ``--out`` (its gradebook.csv)."""

    name: str
    percent: float | None
    max_points: float | None = None  # what the key was worth then


def earlier_grades(out: str | Path) -> dict[str, Earlier] | None:
    """The grades in ``out``'s gradebook.csv, by student, from an earlier ``annotator grade``;
    None when there is none (or it is not one of ours: then nothing is compared)."""
    path = Path(out) / "gradebook.csv"
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not rows or not {"student", "name", "percent"} <= set(rows[0]):
        return None
    grades = {}
    for row in rows:
        try:
            percent = float(row["percent"]) if row["percent"] else None
        except ValueError:
            percent = None
        key = _unguarded(row["student"])  # written guarded (``_safe``)
        try:
            worth = float(row.get("max_points") or "nan")
        except ValueError:
            worth = math.nan
        grades[key] = Earlier(row["name"] or "", percent, None if math.isnan(worth) else worth)
    return grades


def earlier_items(out: str | Path) -> frozenset[str] | None:
    """The key items the grading already in ``out`` counted (its gradebook_items.csv, the
    first student's rows): none of them in the key now, and it is another lesson."""
    items: set[str] = set()
    try:
        with open(Path(out) / "gradebook_items.csv", encoding="utf-8", newline="") as handle:
            first = None
            for row in csv.DictReader(handle):
                if first is None:
                    first = row.get("student")
                elif row.get("student") != first:
                    break
                items.add(row.get("item") or "")
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return frozenset(items) if items else None


def earlier_files(out: str | Path) -> frozenset[str]:
    """The files the grading already in ``out`` graded (its files.csv), as they were named."""
    try:
        with open(Path(out) / "files.csv", encoding="utf-8", newline="") as handle:
            return frozenset(_unguarded(row.get("file") or "") for row in csv.DictReader(handle)
                             if row.get("status") in ("chosen", "superseded"))
    except (OSError, UnicodeDecodeError, csv.Error):
        return frozenset()


def _unguarded(text: str) -> str:
    """A field as it was before ``_safe`` guarded it for spreadsheets ("'=x" was "=x")."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def names_canvas_assignment(assignment: str) -> bool:
    """Whether ``--assignment`` names an existing Canvas assignment: "Title (id)" or an id."""
    return bool(re.match(r"^(.*)\((\d+)\)\s*$", assignment)) or assignment.strip().isdigit()


# -- CSV (RFC 4180); the XLSX writer is annotator.xlsx ------------------------------------------


def csv_text(rows: Iterable[Sequence] | Grouped) -> str:
    """RFC 4180: every field quoted, quotes doubled, CRLF line ends; None is an empty field.

    The text ``csv.writer`` gives with ``QUOTE_ALL``, written by hand so that a ``Grouped``
    table quotes each repeated row tail once.
    """
    return "".join(csv_pieces(rows))


def csv_pieces(rows: Iterable[Sequence] | Grouped, *, header: Sequence[str] = (),
               safe: bool = False) -> Iterator[str]:
    """``csv_text`` a row (a ``Grouped`` block) at a time, for ``Staged.file``: ``header``
    first; ``safe``: the rows' text guarded for spreadsheets, as ``_safe`` does."""
    floats = _FloatText()

    def fields(row: Iterable, guard: bool = safe) -> list[str]:
        return [(_safe(v) if guard else v).replace('"', '""')
                if isinstance(v, str) else floats[v] if type(v) is float else
                "" if v is None else str(v).replace('"', '""') for v in row]

    def line(row: Iterable, guard: bool = safe) -> str:
        quoted = fields(row, guard)
        return '"' + '","'.join(quoted) + '"\r\n' if quoted else "\r\n"

    if header:
        yield line(header, guard=False)
    if not isinstance(rows, Grouped):
        yield from map(line, rows)
        return
    for lead, ends in rows.rendered(lambda first: f'"{fields([first])[0]}"',
                                    lambda tail: "," + line(tail) if tail else "\r\n"):
        yield lead + lead.join(ends)


class _FloatText(dict):
    """``str(value)`` of floats, each worked out once (that is slow, and scores repeat).
    Zeros are not kept, since 0.0 == -0.0; nor is NaN, which equals nothing."""

    def __missing__(self, value: float) -> str:
        text = str(value)
        if value and not math.isnan(value):
            self[value] = text
        return text
