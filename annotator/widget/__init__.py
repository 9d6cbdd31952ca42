"""The annotation widget: the student marks spans in the browser, the kernel decides.

The browser draws the tokens Python sent and reports marks as the code-point offsets of those
tokens; the kernel snaps them again, saves every change to the student's submission file at
once, and answers Check and Hint with the scorer and the feedback module. The widget never
computes a score itself.

In author mode (``mode="author"``, see ``annotator.lesson.author``) the same view edits an
answer key instead: the browser reports token ranges and actions ("add", "resize", "min", ...),
the kernel applies them with the pure functions of ``annotator.keyedit``, keeps a new key only
if the key's one writer and reader give it back unchanged (``keyedit.checked``) and writes the
key only when Save is pressed.

State lives in traitlets so that a widget shown twice, or a reloaded page, sees the same marks:

- ``article``  the payload of ``Article.widget_payload()`` (sent once)
- ``labels``   the lesson's labels (name, colour, pattern, hotkey, tag, description)
- ``marks``    ``[[start, end, label], ...]`` in article code points
- ``saved_marks`` the marks last read from or written to the student's file, and ``loaded``
  (a count of files read): the browser keeps changes Python has not confirmed and puts them
  back when the student's file is next read, after a kernel restart
- ``status``   ``""``, ``"saving"``, ``"saved"`` or ``"error: ..."``; ``saved_at`` the time the
  file was last saved (from the file), which "Saved" shows
- ``feedback`` what the last Check found (summary, per-label figures, notes)
- ``hints``    the sentences revealed so far by Hint
- ``offered_name`` the name last typed in this kernel, offered in the name field;
  ``offer_focused`` that a view gave it the focus (one view does, once)
- ``mode``     ``"student"`` or ``"author"``
- ``items``    author mode: the key's items as plain data (offsets, extents, fields, draft)
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import replace
from datetime import datetime, timezone
from difflib import SequenceMatcher
from pathlib import Path
from typing import ClassVar

import anywidget
import traitlets as t
import yaml

from annotator import keyedit
from annotator.article import Article
from annotator.errors import AnnotatorError
from annotator.feedback import explain, hint, summary_line
from annotator.files import read_text, write_atomic
from annotator.key import (
    DEFAULT_LABELS,
    SOURCE_TYPES,
    AnswerKey,
    KeyItem,
    default_max,
    dump_key,
    is_draft,
    parse_key,
)
from annotator.keyedit import empty_key
from annotator.labels import label_set
from annotator.names import earlier_safe_id, login_file_id, normalise_id, safe_id
from annotator.scoring import Result, Scorer
from annotator.submission import Mark, Submission, load_submission, save_submission

__all__ = ["MODES", "Annotator", "empty_key", "safe_id"]

log = logging.getLogger(__name__)
_HERE = Path(__file__).parent
_MAX_NAME = 80
# the submission files this kernel has read or written: work found in one of these is the
# student's own from earlier in the session, not a returning student's or a namesake's
_FILES_SEEN: set[str] = set()
MODES = ("student", "author")
_UNDO_LIMIT = 200


class Annotator(anywidget.AnyWidget):
    """Mark claims, sources and hedges in one article; save, check and hint through the kernel.

    Lessons build it with ``annotator.lesson.exercise``. ``student`` is the student's name or
    id; when it is empty the widget shows a name field (holding ``offered_name``, if given, for
    Start to confirm) and saves nothing until it is filled in. Work is saved to
    ``save_dir/<safe student id>.json``.

    With ``mode="author"`` (built by ``annotator.lesson.author``) the marks are the items of
    ``key``, edited in place and written to ``key_path`` by ``save()``; there is no student,
    Check or Hint.
    """

    _esm = _HERE / "widget.js"
    _css = _HERE / "widget.css"

    article = t.Dict().tag(sync=True)
    labels = t.List().tag(sync=True)
    marks = t.List().tag(sync=True)
    saved_marks = t.List().tag(sync=True)  # the marks last read from or written to the file
    loaded = t.Int(0).tag(sync=True)  # counts the student files read, marks first
    status = t.Unicode("").tag(sync=True)
    notice = t.Unicode("").tag(sync=True)
    # "Welcome back …": said apart from notice, which is also how Python answers the view (a
    # change of notice ends the view's wait, and with it "Put back 1 change …")
    welcome = t.Unicode("").tag(sync=True)
    feedback = t.Dict().tag(sync=True)
    hints = t.List().tag(sync=True)
    student = t.Unicode("").tag(sync=True)
    student_id = t.Unicode("").tag(sync=True)
    offered_name = t.Unicode("").tag(sync=True)  # put in the name field, for Start to confirm
    # a view gave the offered name the focus: the next view of this widget (shown twice, or the
    # page reloaded) leaves the focus where the student is
    offer_focused = t.Bool(False).tag(sync=True)
    save_path = t.Unicode("").tag(sync=True)
    saved_at = t.Unicode("").tag(sync=True)  # when the file was last saved (ISO 8601, UTC)
    # marks saved under the name typed just before, offered to a student who fixed a typo in
    # it: {"from": that name, "count": how many marks, "file": its file's name}, or {}
    offer = t.Dict().tag(sync=True)
    lesson = t.Unicode("").tag(sync=True)
    options = t.Dict().tag(sync=True)
    mode = t.Unicode("student").tag(sync=True)
    items = t.List().tag(sync=True)

    #: The name last typed into a name field in this kernel: re-running the cell offers it in
    #: the name field (the next student at a shared computer types their own instead).
    remembered_name: str = ""

    #: Every student widget in this kernel: after one saves a file, the others of that file
    #: (another cell, another tab's Run All) show what it holds at once.
    _live: ClassVar[weakref.WeakSet] = weakref.WeakSet()

    def __init__(self, article: Article, key: AnswerKey | None = None, *,
                 labels: list[str] | tuple[str, ...] | None = None, lesson: str = "",
                 student: str | None = None, login: str | None = None,
                 offered_name: str | None = None, save_dir: str | Path | None = None,
                 reveal_missed: bool = True, hints: bool = True, policy=None,
                 mode: str = "student", key_path: str | Path | None = None) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        authoring = mode == "author"
        if authoring:
            key = key if key is not None else empty_key(article)
            labels, hints = key.labels, False
        names = list(labels or (key.labels if key is not None else DEFAULT_LABELS))
        self._article = article
        self._key = key
        self._scorer = Scorer(key, policy) if key is not None and not authoring else None
        self._label_names = frozenset(names)
        self._reveal_missed = reveal_missed
        lesson = lesson or article.id
        folder = Path(save_dir) if save_dir else Path("submissions") / safe_id(lesson)
        self._save_dir = folder.expanduser().resolve()
        self._path: Path | None = None
        self._base: Submission | None = None
        self._on_disk: tuple | None = None  # the file as last read or written here (_signature)
        self._kept: tuple[Mark, ...] = ()  # marks of labels this lesson does not show
        self._loading = False
        self._login = False  # the student is a JupyterHub login (see set_student)
        self._bring: tuple | None = None  # the file ``offer`` is about, as read (_bring_offer)
        payload = article.widget_payload()
        super().__init__(
            article=payload, labels=[label.to_dict() for label in label_set(names)],
            lesson=lesson, mode=mode, offered_name=" ".join(str(offered_name or "").split()),
            options={"can_check": key is not None and not authoring,
                     "hints": bool(hints and key is not None),
                     "reveal_missed": reveal_missed,
                     # items annotator new drafted and no one reviewed: the student is told
                     # that Check's score may be wrong
                     "draft_key": bool(key is not None and not authoring
                                       and any(map(is_draft, key.items))),
                     # a JupyterHub login is who this is: no "not you?" to sign as another
                     "fixed_student": bool(login and login.strip() and not authoring
                                           and not (student and student.strip()))})
        self.on_msg(self._on_message)
        if not authoring:
            Annotator._live.add(self)
        if authoring:
            self._start_authoring(key, key_path)
        elif student and student.strip():
            self.set_student(student)
        elif login and login.strip():
            self.set_student(login, login=True)

    # -- who is working, and where it is saved ------------------------------------------

    def set_student(self, name: str, *, login: bool = False) -> None:
        """Say whose work this is; load their earlier work if there is any. A typed name is
        saved under its ``safe_id``; a ``login`` (``$JUPYTERHUB_USER``) is one account: it is
        the id in the file as it is (so a roster's SIS Login ID or nbgrader's folder finds
        it), in a file of its own (``login_file_id``)."""
        name = " ".join(str(name).split())[:_MAX_NAME]
        if not name:
            self.notice = "Type your name first, then press Start."
            return
        self._login = login
        apart = None  # the name whose file this name's file name already is
        if login:
            student_id, stem = name, self._login_file(name)
        else:
            student_id = stem = self._earlier_id(name) or safe_id(name)
            owner = self._owner_name(self._save_dir / f"{stem}.json")
            if owner and normalise_id(owner) != normalise_id(name):
                # "Begoña Pena" saved there and this is "Begoña Peña": a file of her own, so
                # that no mark of hers ever goes into her classmate's work
                apart, student_id = owner, login_file_id(name, coded=True)
                stem = student_id
        if self.student and student_id != self.student_id:  # someone else: not their checks
            self.feedback, self.hints, self.notice = {}, [], ""
        before = (self.student, self._path) if self.student and not login else None
        self._path = self._save_dir / f"{stem}.json"
        self.student_id = student_id
        self.save_path = _shown_path(self._path)
        self.student = name
        self._load()
        self.offer = self._bring_offer(before)
        if apart and not self.notice:
            self.notice = (f"Work saved as “{apart}” has the same file name as yours, so yours "
                           f"is saved apart, in {self._path.name}. If that work is yours, "
                           f"press “not you?” and type your name as you did then: “{apart}”.")

    # -- a typo in the name, put right -------------------------------------------------
    #
    # "Ada Lovelcae" marks, then fixes her name: the new name's file is empty and her marks
    # stay in ada-lovelcae.json, where her teacher would grade a second, misspelt student.
    # When the two names are alike and the new one has no marks yet, the widget offers to
    # bring them along; the student says yes (a classmate with a like name would not).

    def _bring_offer(self, before: tuple[str, Path | None] | None) -> dict:
        self._bring = None
        if before is None or before[1] is None or before[1] == self._path or self.marks:
            return {}
        name, path = before
        if SequenceMatcher(None, normalise_id(name), normalise_id(self.student)).ratio() < 0.75:
            return {}
        try:
            theirs = load_submission(path)
        except (AnnotatorError, OSError):
            return {}
        count = sum(mark.label in self._label_names for mark in theirs.marks)
        if not count or theirs.article_sha256 != self._article.sha256:
            return {}
        if normalise_id(theirs.student_name or theirs.student_id) != normalise_id(name):
            # the file holds another student's work under a name that makes the same file
            # name ("Begoña Pena" for "Begoña Peña"): never offered, or it would be taken
            return {}
        self._bring = (path, _signature(path), name, theirs)
        return {"from": name, "count": count, "file": path.name}

    def bring_marks(self) -> None:
        """Bring the marks offered (``offer``) into this student's file, then delete the
        file they were in, so that the teacher grades the student once."""
        if self._bring is None or self._path is None:
            return
        path, signature, name, theirs = self._bring  # the file as read for the offer
        self._bring, self.offer = None, {}
        if _signature(path) != signature:
            self.notice = (f"The work saved as “{name}” changed meanwhile, so it was left where "
                           "it is. Tell your teacher.")
            return
        self._kept = (*self._kept, *(m for m in theirs.marks if m.label not in self._label_names))
        self.marks = self._clean([*self.marks, *([m.start, m.end, m.label]
                                                 for m in theirs.marks)])  # saved at once
        if self.status != "saved":
            return  # the save's error says what to do; the other file is kept
        path.unlink(missing_ok=True)
        self.notice = (f"Your {len(self.marks)} mark(s) saved as “{name}” are now saved as "
                       f"“{self.student}”, and {path.name} is gone: your teacher finds your work "
                       "once.")

    def _login_file(self, login: str) -> str:
        """``login_file_id``, or the file an earlier version saved this login's work in
        (``safe_id``: "ada-lovelace.json" for "ada.lovelace") when that is theirs. A file of
        that name that is another login's ("ada.lovelace"'s, for "ada-lovelace") is never
        opened: the login gets a coded name of its own."""
        new, old = login_file_id(login), safe_id(login)
        if (self._save_dir / f"{new}.json").exists() and new != old:
            return new
        owner = self._owner(self._save_dir / f"{old}.json")
        if owner is None:
            return new
        if owner == normalise_id(login):
            return old
        return new if new != old else login_file_id(login, coded=True)

    @staticmethod
    def _owner(path: Path) -> str | None:
        """Whose work a file is (its name, compared as ids), or None when there is no such
        file, it cannot be read, or it names no one."""
        return normalise_id(Annotator._owner_name(path) or "") or None

    @staticmethod
    def _owner_name(path: Path) -> str | None:
        """The name a file's work is saved under, as written, or None (see ``_owner``)."""
        if not path.exists():
            return None
        try:
            saved = load_submission(path)
        except AnnotatorError:
            return None
        return saved.student_name or None

    def _earlier_id(self, name: str) -> str | None:
        """The id of this student's work saved by an earlier version under another file name
        (see ``names.earlier_safe_id``), if there is such a file and it is theirs."""
        new, old = safe_id(name), earlier_safe_id(name)
        if old == new or (self._save_dir / f"{new}.json").exists():
            return None
        return old if self._owner(self._save_dir / f"{old}.json") == normalise_id(name) \
            else None

    def _fresh(self) -> Submission:
        return Submission(student_id=self.student_id, article_sha256=self._article.sha256,
                          student_name=self.student, lesson=self.lesson,
                          article_id=self._article.id)

    def _load(self) -> None:
        path, marks = self._path, []
        self.notice = self.welcome = ""  # what was said of the last file read is not of this
        self._base, self._kept = self._fresh(), ()
        loaded_id = self.student_id  # a fresh start needs no saving
        if path is not None and path.exists():
            try:
                loaded = load_submission(path)
                if loaded.article_sha256 != self._article.sha256:
                    raise AnnotatorError("it marks a different version of the article.")
            except AnnotatorError as exc:
                kept = _set_aside(path)
                self.notice = (f"Your earlier file could not be used ({exc.reason}) It was kept "
                               f"as {kept.name}; you start again with no marks.")
            else:
                loaded_id = loaded.student_id
                # the id is the widget's: a login's work saved under an earlier id takes it
                # the same name typed again with its capitals put right ("ada lovelace",
                # then "Ada Lovelace"): the gradebook shows it so from the next save; not
                # the other way round
                typed, kept = self.student, loaded.student_name
                better = not kept or normalise_id(kept) == normalise_id(typed) and (
                    typed != typed.lower() or kept == kept.lower())
                self._base = replace(loaded, student_id=self.student_id,
                                     student_name=typed if better else kept,
                                     lesson=loaded.lesson or self.lesson)
                if loaded.student_name and \
                        normalise_id(loaded.student_name) != normalise_id(self.student):
                    # the two names make one file name ("Begoña Pena", "Begoña Peña"): the
                    # same name typed again leads back here, so the advice is to add to it
                    self.notice = (f"This is the work saved as “{loaded.student_name}”, whose "
                                   "name makes the same file name as yours. Not yours? Press "
                                   "“not you?” and type your name with something that tells "
                                   "you apart, such as a middle initial or your student "
                                   "number.")
                elif loaded.marks and not self._login and str(path) not in _FILES_SEEN:
                    # two students of one name in a shared folder would share one file
                    # without a word; the same student back another day reads a welcome
                    n = len(loaded.marks)
                    saved = "mark saved under this name is" if n == 1 else \
                        "marks saved under this name are"
                    self.welcome = (
                        f"Welcome back: the {n} {saved} here. Not yours? Then someone with "
                        "the same name saved work here: press “not you?” and type your name "
                        "with your surname or an initial.")
                _FILES_SEEN.add(str(path))
                kept = []
                for mark in loaded.marks:
                    snapped = self._article.snap(mark.start, mark.end)
                    if mark.label in self._label_names and snapped:
                        marks.append([*snapped, mark.label])
                    else:
                        kept.append(mark)
                self._kept = tuple(kept)
        self._on_disk = _signature(path)
        self._show_loaded(marks)
        # the browser puts back changes it kept (on "loaded") before it hears what the file
        # holds (saved_marks): told first, it would take the file for their confirmation and
        # forget them
        self.loaded += 1
        self.saved_marks = list(self.marks)
        self.saved_at = _saved_at(path, self._base.saved_at)
        self.status = "saved" if path is not None and path.exists() else ""
        if self._login and loaded_id != self.student_id:
            self._save()  # an earlier version's file: it says the login from now on

    def _show_loaded(self, marks: list) -> None:
        """Show marks that came from the file, without saving them back."""
        self._loading = True
        try:
            self.marks = self._clean(marks)
        finally:
            self._loading = False

    def _merge_from_disk(self) -> Submission | None:
        """If the file changed since this widget last read or wrote it (the lesson is open in
        another tab, or another cell), put its marks and this widget's changes together: what
        was added or removed here since then is added or removed there, and the rest of the
        file is kept. A lesson open twice then loses nothing, whichever saves last. Returns the
        file read, or None when there was nothing new to put together."""
        if self._path is None or self._base is None or _signature(self._path) == self._on_disk:
            return None
        try:
            theirs = load_submission(self._path)
        except (AnnotatorError, OSError):
            return None  # gone or unreadable: this widget's marks are written as they are
        if theirs.article_sha256 != self._article.sha256:
            return None
        base, ours, there = _keys(self._base.marks), _keys(self.submission.marks), \
            _keys(theirs.marks)
        merged = (there | (ours - base)) - (base - ours)
        self._base = replace(self._base, marks=tuple(m for m in theirs.marks
                                                     if (m.start, m.end, m.label) in base))
        self._kept = tuple(m for m in theirs.marks if m.label not in self._label_names)
        shown = sorted((s, e, label) for s, e, label in merged if label in self._label_names)
        if sorted(map(tuple, self.marks)) != shown:
            self._show_loaded([list(m) for m in shown])
            self.notice = ("This lesson is also open somewhere else (another tab or cell?): the "
                           "marks saved there and yours here were put together.")
        self._on_disk = _signature(self._path)
        return theirs

    def _reread(self) -> None:
        """Another widget in this kernel saved this widget's file: show what it holds now (with
        this widget's own unsaved changes, if a save of them failed, put together with it).
        Nothing is written here: a widget whose cell ran again lives on in the kernel, its
        view gone, and its failed changes are the new view's to put back (or not: the student
        may have taken them out since). A view still on screen saves them itself, by the
        retries it asks for."""
        if self._base is None:
            return
        pending = _keys(self._base.marks) != _keys(self.submission.marks)
        theirs = self._merge_from_disk()
        if theirs is None or pending:
            return
        self._base = replace(self._base, marks=theirs.marks, saved_at=theirs.saved_at)
        self.saved_marks = list(self.marks)
        self.saved_at = _saved_at(self._path, theirs.saved_at)
        self.status = "saved"

    def _tell_others(self) -> None:
        for other in list(Annotator._live):
            if other is not self and other._path == self._path and other.mode == "student":
                try:
                    other._reread()
                except Exception:  # one stale widget must not stop this one's save
                    log.exception("annotator widget: rereading a saved file failed")

    # -- marks --------------------------------------------------------------------------

    def _clean(self, raw) -> list[list]:
        """Snapped, labelled, de-duplicated marks, in the order given."""
        out, seen = [], set()
        for item in raw:
            try:
                start, end, label = item
                start, end = int(start), int(end)
            except (TypeError, ValueError):
                continue
            if label not in self._label_names:
                continue
            snapped = self._article.snap(start, end)
            if snapped is None or (*snapped, label) in seen:
                continue
            seen.add((*snapped, label))
            out.append([*snapped, label])
        return out

    @t.observe("marks")
    def _marks_changed(self, change) -> None:
        if self.mode == "author":  # an author's marks are the key's items
            return
        clean = self._clean(change["new"])
        if clean != change["new"]:
            self.marks = clean
            return
        if self._loading:
            return
        if self.feedback and not self.feedback.get("stale"):
            self.feedback = {**self.feedback, "stale": True}
        self.notice = self.welcome = ""
        self._save()

    def current_marks(self) -> list[Mark]:
        return [Mark(start, end, label) for start, end, label in self.marks]

    @property
    def submission(self) -> Submission | None:
        """What is (or would be) in the student's file now; None before a name is known."""
        if self._base is None:
            return None
        return self._base.with_marks([*self.current_marks(), *self._kept], self._article)

    def _save(self, *, quiet: bool = False) -> None:
        """Write the student's file. ``quiet``: a retry after a failed save, which says
        nothing new unless it works."""
        if self._path is None:
            self.status = "error: type your name above so that your work can be saved."
            return
        if not quiet:
            self.status = "saving"
        try:
            self._merge_from_disk()
            submission = self.submission
            save_submission(submission, self._path)
            _FILES_SEEN.add(str(self._path))
            self._on_disk = _signature(self._path)
        except OSError as exc:  # the whole path: the teacher must find the folder
            self.status = (f"error: could not save to {self._path} ({exc.strerror or exc}). "
                           "Your marks stay on this page for now, and saving is tried again "
                           "every few seconds; tell your teacher.")
            return
        self._base = submission
        self.saved_marks = list(self.marks)
        self.saved_at = submission.saved_at
        self.status = "saved"
        self._tell_others()

    def retry_save(self) -> None:
        """Try a failed save again (the view asks every few seconds while saving fails)."""
        if self.mode == "student" and self.status.startswith("error: could not save"):
            self._save(quiet=True)

    # -- check and hint -----------------------------------------------------------------

    def check(self) -> Result | None:
        """Score the marks with the lesson's key and show the feedback in the widget."""
        if self._scorer is None:
            self.notice = "This exercise has no answer key, so there is nothing to check against."
            return None
        if self._path is not None and _signature(self._path) != self._on_disk:
            self._save()  # changed elsewhere: Check scores what the teacher will grade
        marks = self.current_marks()
        result = self._scorer.score(marks)
        # the student's own marks: a note on marks the scorer joined says they were joined
        notes = explain(result, self._key, reveal_missed=self._reveal_missed, marks=marks)
        names = [label["name"] for label in self.labels]
        self.feedback = {
            "summary": summary_line(result),
            "percent": result.percent,
            "policy": result.policy,
            "labels": [{"label": name, **_figures(result.labels.get(name))} for name in names],
            "overall": _figures(result.overall),
            "notes": [note.to_dict() for note in notes],
            "stale": False,
            "run": self.feedback.get("run", 0) + 1,
        }
        return result

    def hint(self) -> dict | None:
        """Reveal the sentence of the next missed required item not hinted at yet."""
        if self._scorer is None or not self.options.get("hints"):
            return None
        result = self._scorer.score(self.current_marks())
        found = hint(result, self._key, {(h["start"], h["end"], h["label"]) for h in self.hints})
        if found is not None:
            found["quote"] = self._article.text[found["start"]:found["end"]]
            self.hints = [*self.hints, found]
            return found
        missed = any(r.required and r.outcome == "missed" for r in result.items)
        self.notice = ""  # the same message again is still the answer the view waits for
        self.notice = ("No more hints: every sentence with a missed item is already shown."
                       if missed else "No hints left: you have marked every required item.")
        return None

    def _on_message(self, _widget, content, _buffers) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        try:
            if kind == "author" and self.mode == "author":
                self._on_author_message(content)
            elif kind == "check":
                self.check()
            elif kind == "hint":
                self.hint()
            elif kind == "save":
                self.retry_save()
            elif kind == "bring":
                self.bring_marks()
            elif kind == "student" and not self.options.get("fixed_student"):
                name = str(content.get("name", ""))
                self.set_student(name)
                if self.student:
                    Annotator.remembered_name = self.student
        except Exception as exc:  # a student must see that something went wrong
            log.exception("annotator widget: %s failed", kind)
            self.notice = f"Something went wrong ({type(exc).__name__}: {exc}). Tell your teacher."

    # -- author mode: editing an answer key ---------------------------------------------
    #
    # The edits themselves are pure functions in annotator.keyedit, from one AnswerKey to the
    # next. The widget keeps the current key, the undo and redo stacks and the file; every
    # new key passes keyedit.checked (the key's writer then its reader) before it is kept, so
    # the widget never holds a key that could not be saved and read back the same. Edits
    # raise AnnotatorError; from the browser its message is shown in the widget instead.

    def _start_authoring(self, key: AnswerKey, key_path: str | Path | None) -> None:
        self._key_path = Path(key_path).expanduser().resolve() if key_path else None
        self.save_path = _shown_path(self._key_path) if self._key_path else ""
        self._disk_text = _read_if_file(self._key_path)
        self._overwrite = None  # the changed file a second Save may replace
        path = str(self._key_path) if self._key_path else None
        self._edited = keyedit.with_items(replace(key, path=path), key.items)
        self._saved_key = self._edited
        self._ever_saved = False
        self._undo: list[AnswerKey] = []
        self._redo: list[AnswerKey] = []
        self._renamed: dict[str, str] = {}
        self._publish()
        if self._disk_text and keyedit.comments_between_items(self._disk_text):
            self.notice = (f"Saving rewrites {self.save_path}: the comments at its top are "
                           "kept, comments between its items are not.")

    @property
    def edited_key(self) -> AnswerKey:
        """The key as it stands in the widget (what Save would write)."""
        return self._edited

    @property
    def drafts_left(self) -> int:
        """Items still marked ``draft: true`` (from ``annotator new``), not yet reviewed."""
        return keyedit.drafts_left(self._edited)

    def add_item(self, start: int, end: int, label: str) -> str:
        """A new required item over ``[start, end)`` (snapped to words); returns its id."""
        self._need_author()
        key, item_id = keyedit.add_item(self._edited, start, end, label)
        self._commit(key)
        return item_id

    def resize_item(self, item_id: str, start: int, end: int) -> None:
        """Move the item's span; its min shrinks into it and its max grows around it."""
        self._commit(keyedit.resize_item(self._edited, self._current_id(item_id), start, end))

    def relabel_item(self, item_id: str, label: str) -> None:
        """Give the item another label; a default max follows the new label's default."""
        self._commit(keyedit.relabel_item(self._edited, self._current_id(item_id), label))

    def set_min(self, item_id: str, start: int, end: int) -> None:
        """The smallest span that earns full credit: words inside the item's span."""
        self._commit(keyedit.set_min(self._edited, self._current_id(item_id), start, end))

    def set_max(self, item_id: str, start: int, end: int) -> None:
        """The largest span that still earns full credit: words around the item's span."""
        self._commit(keyedit.set_max(self._edited, self._current_id(item_id), start, end))

    def reset_extents(self, item_id: str) -> None:
        """Min back to the item's span, max back to the KEY-GUIDE default for its label."""
        self._commit(keyedit.reset_extents(self._edited, self._current_id(item_id)))

    def update_item(self, item_id: str, **changes) -> str:
        """Change ``id``, ``required``, ``alt_labels``, ``source_type``, ``interested_party``,
        ``why`` or ``points``; returns the item's (possibly new) id."""
        current = self._current_id(item_id)
        key, new_id = keyedit.update_item(self._edited, current, **changes)
        self._commit(key)
        if new_id != current:
            self._renamed[current] = new_id
        return new_id

    def accept_item(self, item_id: str) -> None:
        """A drafted item is reviewed: its ``draft`` flag and the rule's ``reason`` go."""
        current = self._current_id(item_id)
        item = keyedit.find(self._edited, current)
        self._commit(keyedit.accept_item(self._edited, current))
        if item.why.startswith("DRAFT"):
            self.notice = (f"Accepted {item.id}. Its why is still the draft's text: rewrite it "
                           "so that it teaches.")

    def delete_item(self, item_id: str) -> None:
        """Remove an item (Reject, for a drafted one)."""
        self._commit(keyedit.delete_item(self._edited, self._current_id(item_id)))

    def undo_edit(self) -> bool:
        self._need_author()
        if not self._undo:
            return False
        self._redo.append(self._edited)
        self._show(self._undo.pop())
        return True

    def redo_edit(self) -> bool:
        self._need_author()
        if not self._redo:
            return False
        self._undo.append(self._edited)
        self._show(self._redo.pop())
        return True

    def save(self) -> Path | None:
        """Write the key (whole or not at all); returns its path, or None and shows why not.

        Drafts may be saved: they stay ``draft: true``. The text is checked with the key's
        reader exactly as written, and a file changed by someone else since it was loaded is
        not overwritten unless Save is pressed again.
        """
        self._need_author()
        if self._key_path is None:
            self._refuse_save("this key has no file to save to. Open it with "
                              "annotator.lesson.author, or give key_path=.")
            return None
        key = self.edited_key
        self.status = "saving"
        try:
            text = keyedit.header(key, self._disk_text) + dump_key(key)
            parse_key(yaml.safe_load(text), path=self.save_path, article=self._article)
            on_disk = _read_if_file(self._key_path)
            if on_disk != self._disk_text and on_disk != self._overwrite:
                self._overwrite = on_disk
                raise AnnotatorError("was changed outside this widget since it was opened. "
                                     "Press Save again to replace it with the key shown here, "
                                     "or re-run the cell to load the file instead.",
                                     path=self.save_path)
            write_atomic(self._key_path, text)
        except AnnotatorError as exc:
            self._refuse_save(str(exc))
            return None
        except OSError as exc:
            self._refuse_save(f"could not write {self.save_path} ({exc.strerror or exc}).")
            return None
        self._disk_text, self._overwrite = text, None
        self._saved_key, self._ever_saved = key, True
        left = self.drafts_left
        self.notice = (f"{left} draft{'s' if left != 1 else ''} still to review." if left
                       else "")
        self.status = "saved"
        return self._key_path

    # -- author mode: helpers -----------------------------------------------------------

    def _need_author(self) -> None:
        if self.mode != "author":
            raise AnnotatorError("this widget is not in author mode: open the key with "
                                 "annotator.lesson.author(...) to edit it.")

    def _current_id(self, item_id):
        """The id the item has now: the browser may send one from before a rename."""
        self._need_author()
        ids = {item.id for item in self._edited.items}
        wanted, seen = item_id, set()
        while isinstance(wanted, str) and wanted not in seen:
            if wanted in ids:
                return wanted
            seen.add(wanted)
            wanted = self._renamed.get(wanted)
        return item_id  # keyedit says it is not there

    def _commit(self, key: AnswerKey) -> None:
        if key is self._edited:  # keyedit found nothing to do
            return
        if keyedit.same_items(key, self._edited):
            self.notice = ""
            return
        key = keyedit.checked(key, path=self.save_path or None)
        self._undo = [*self._undo[-(_UNDO_LIMIT - 1):], self._edited]
        self._redo = []
        self._show(key)

    def _show(self, key: AnswerKey) -> None:
        self._edited = key
        self.notice = ""
        self._publish()

    def _publish(self) -> None:
        article = self._article
        self.items = [_item_payload(article, item) for item in self._edited.items]
        self.options = {"can_check": False, "hints": False, "reveal_missed": False,
                        "can_undo": bool(self._undo), "can_redo": bool(self._redo),
                        "source_types": list(SOURCE_TYPES)}
        if not keyedit.same_items(self._edited, self._saved_key):
            self.status = "unsaved"
        else:
            self.status = "saved" if self._ever_saved else ""

    def _refuse_save(self, message: str) -> None:
        self.notice = f"Not saved: {message}"
        self.status = f"error: {message}"

    def _on_author_message(self, content: dict) -> None:
        """An action from the browser; tokens arrive as index ranges into ``tokens``."""
        op, item_id, keep = content.get("op"), content.get("id"), object()
        select = keep
        try:
            if op == "add":
                select = self.add_item(*self._token_span(content), content.get("label"))
            elif op == "resize":
                self.resize_item(item_id, *self._token_span(content))
            elif op == "relabel":
                self.relabel_item(item_id, content.get("label"))
            elif op in ("min", "max"):
                setter = self.set_min if op == "min" else self.set_max
                setter(item_id, *self._token_span(content))
            elif op == "reset":
                self.reset_extents(item_id)
            elif op == "update":
                changes = content.get("changes")
                select = self.update_item(item_id, **(changes if isinstance(changes, dict)
                                                      else {}))
            elif op == "accept":
                self.accept_item(item_id)
            elif op == "delete":
                self.delete_item(item_id)
                select = None
            elif op == "undo":
                self.undo_edit()
            elif op == "redo":
                self.redo_edit()
            elif op == "save":
                self.save()
            else:
                raise AnnotatorError(f"unknown author action {op!r}.")
        except AnnotatorError as exc:
            self.notice = ""  # the same message twice is still news to the view
            self.notice = str(exc)
            return
        if select is not keep:
            self.send({"type": "select", "id": select, "view": content.get("view")})

    def _token_span(self, content: dict) -> tuple[int, int]:
        """``tokens: [a, b]`` (inclusive token indices) -> the code points Python sent."""
        tokens, spans = content.get("tokens"), self._article.tokens
        if not (isinstance(tokens, list) and len(tokens) == 2 and all(
                isinstance(k, int) and not isinstance(k, bool) for k in tokens)
                and 0 <= tokens[0] <= tokens[1] < len(spans)):
            raise AnnotatorError("select at least one word in the text first.")
        return spans[tokens[0]][0], spans[tokens[1]][1]


# -- author mode: what the browser is sent ------------------------------------------------

def _item_payload(article: Article, item: KeyItem) -> dict:
    """One item as the browser draws it and the item panel shows it."""
    return {
        "id": item.id, "label": item.label, "start": item.start, "end": item.end,
        "min": [item.min_start, item.min_end], "max": [item.max_start, item.max_end],
        "min_default": (item.min_start, item.min_end) == (item.start, item.end),
        "max_default": (item.max_start, item.max_end) == default_max(
            article, item.label, item.start, item.end),
        "required": item.required, "alt_labels": list(item.alt_labels),
        "source_type": item.source_type or "",
        "interested_party": item.extra.get("interested_party") is True,
        "why": item.why, "points": item.points,
        "draft": keyedit.is_draft(item), "reason": str(item.extra.get("reason") or ""),
    }


def _read_if_file(path: Path | None) -> str | None:
    if path is None or not path.is_file():
        return None
    try:
        return read_text(path)
    except AnnotatorError:
        return None


def _figures(fig) -> dict:
    if fig is None:
        return {"precision": None, "recall": None, "f1": None}
    return {"precision": fig.precision, "recall": fig.recall, "f1": fig.f1}


def _signature(path: Path | None) -> tuple | None:
    """What changes whenever the file is written (each write replaces it with a new file):
    None when there is no file."""
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size) if stat else None


def _keys(marks) -> set:
    return {(m.start, m.end, m.label) for m in marks}


def _saved_at(path: Path | None, stamp: str) -> str:
    """When the file was saved: its own ``saved_at``, else (a file written by another tool)
    the time the file was last changed; "" when there is no file."""
    if stamp:
        return stamp
    try:
        changed = path.stat().st_mtime if path is not None else None
    except OSError:
        return ""
    if changed is None:
        return ""
    return datetime.fromtimestamp(changed, timezone.utc).replace(microsecond=0).isoformat() \
        .replace("+00:00", "Z")


def _shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _set_aside(path: Path) -> Path:
    """Rename an unusable submission out of the way: it is never overwritten or deleted."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.unusable-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.unusable-{stamp}-{n}")
    path.rename(target)
    return target
