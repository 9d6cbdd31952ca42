"""The annotation widget: the student marks spans in the browser, the kernel decides.

The browser draws the tokens Python sent and reports marks as the code-point offsets of those
tokens; the kernel snaps them again, saves every change to the student's submission file at
once, and answers Check and Hint with the scorer and the feedback module. The widget never
computes a score itself.

State lives in traitlets so that a widget shown twice, or a reloaded page, sees the same marks:

- ``article``  the payload of ``Article.widget_payload()`` (sent once)
- ``labels``   the lesson's labels (name, colour, pattern, hotkey, tag, description)
- ``marks``    ``[[start, end, label], ...]`` in article code points
- ``status``   ``""``, ``"saving"``, ``"saved"`` or ``"error: ..."``
- ``feedback`` what the last Check found (summary, per-label figures, notes)
- ``hints``    the sentences revealed so far by Hint
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import anywidget
import traitlets as t

from annotator.article import Article
from annotator.errors import AnnotatorError
from annotator.feedback import explain, hint, summary_line
from annotator.key import DEFAULT_LABELS, AnswerKey
from annotator.labels import label_set
from annotator.names import safe_id
from annotator.scoring import Result, Scorer
from annotator.submission import Mark, Submission, load_submission, save_submission

__all__ = ["Annotator", "safe_id"]

log = logging.getLogger(__name__)
_HERE = Path(__file__).parent
_MAX_NAME = 80


class Annotator(anywidget.AnyWidget):
    """Mark claims, sources and hedges in one article; save, check and hint through the kernel.

    Lessons build it with ``annotator.lesson.exercise``. ``student`` is the student's name or
    id; when it is empty the widget shows a name field and saves nothing until it is filled
    in. Work is saved to ``save_dir/<safe student id>.json``.
    """

    _esm = _HERE / "widget.js"
    _css = _HERE / "widget.css"

    article = t.Dict().tag(sync=True)
    labels = t.List().tag(sync=True)
    marks = t.List().tag(sync=True)
    status = t.Unicode("").tag(sync=True)
    notice = t.Unicode("").tag(sync=True)
    feedback = t.Dict().tag(sync=True)
    hints = t.List().tag(sync=True)
    student = t.Unicode("").tag(sync=True)
    student_id = t.Unicode("").tag(sync=True)
    save_path = t.Unicode("").tag(sync=True)
    lesson = t.Unicode("").tag(sync=True)
    options = t.Dict().tag(sync=True)

    #: The name last typed into a name field in this kernel: re-running the cell keeps it.
    remembered_name: str = ""

    def __init__(self, article: Article, key: AnswerKey | None = None, *,
                 labels: list[str] | tuple[str, ...] | None = None, lesson: str = "",
                 student: str | None = None, save_dir: str | Path | None = None,
                 reveal_missed: bool = True, hints: bool = True, policy=None) -> None:
        names = list(labels or (key.labels if key is not None else DEFAULT_LABELS))
        self._article = article
        self._key = key
        self._scorer = Scorer(key, policy) if key is not None else None
        self._label_names = frozenset(names)
        self._reveal_missed = reveal_missed
        lesson = lesson or article.id
        folder = Path(save_dir) if save_dir else Path("submissions") / safe_id(lesson)
        self._save_dir = folder.expanduser().resolve()
        self._path: Path | None = None
        self._base: Submission | None = None
        self._kept: tuple[Mark, ...] = ()  # marks of labels this lesson does not show
        self._loading = False
        payload = article.widget_payload()
        super().__init__(
            article=payload, labels=[label.to_dict() for label in label_set(names)],
            lesson=lesson,
            options={"can_check": key is not None, "hints": bool(hints and key is not None),
                     "reveal_missed": reveal_missed})
        self.on_msg(self._on_message)
        if student and student.strip():
            self.set_student(student)

    # -- who is working, and where it is saved ------------------------------------------

    def set_student(self, name: str) -> None:
        """Say whose work this is; load their earlier work if there is any."""
        name = " ".join(str(name).split())[:_MAX_NAME]
        if not name:
            self.notice = "Type your name first, then press Start."
            return
        student_id = safe_id(name)
        self._path = self._save_dir / f"{student_id}.json"
        self.student_id = student_id
        self.save_path = _shown_path(self._path)
        self.student = name
        self._load()

    def _fresh(self) -> Submission:
        return Submission(student_id=self.student_id, article_sha256=self._article.sha256,
                          student_name=self.student, lesson=self.lesson,
                          article_id=self._article.id)

    def _load(self) -> None:
        path, marks = self._path, []
        self._base, self._kept = self._fresh(), ()
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
                self._base = replace(loaded, student_name=loaded.student_name or self.student,
                                     lesson=loaded.lesson or self.lesson)
                kept = []
                for mark in loaded.marks:
                    snapped = self._article.snap(mark.start, mark.end)
                    if mark.label in self._label_names and snapped:
                        marks.append([*snapped, mark.label])
                    else:
                        kept.append(mark)
                self._kept = tuple(kept)
        self._loading = True
        try:
            self.marks = self._clean(marks)
        finally:
            self._loading = False
        self.status = "saved" if path is not None and path.exists() else ""

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
        clean = self._clean(change["new"])
        if clean != change["new"]:
            self.marks = clean
            return
        if self._loading:
            return
        if self.feedback and not self.feedback.get("stale"):
            self.feedback = {**self.feedback, "stale": True}
        self.notice = ""
        self._save()

    def current_marks(self) -> list[Mark]:
        return [Mark(start, end, label) for start, end, label in self.marks]

    @property
    def submission(self) -> Submission | None:
        """What is (or would be) in the student's file now; None before a name is known."""
        if self._base is None:
            return None
        return self._base.with_marks([*self.current_marks(), *self._kept], self._article)

    def _save(self) -> None:
        if self._path is None:
            self.status = "error: type your name above so that your work can be saved."
            return
        self.status = "saving"
        try:
            submission = self.submission
            save_submission(submission, self._path)
        except OSError as exc:
            self.status = (f"error: could not save to {self.save_path} "
                           f"({exc.strerror or exc}). Tell your teacher.")
            return
        self._base = submission
        self.status = "saved"

    # -- check and hint -----------------------------------------------------------------

    def check(self) -> Result | None:
        """Score the marks with the lesson's key and show the feedback in the widget."""
        if self._scorer is None:
            self.notice = "This exercise has no answer key, so there is nothing to check against."
            return None
        result = self._scorer.score(self.current_marks())
        notes = explain(result, self._key, reveal_missed=self._reveal_missed)
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
        self.notice = ("No more hints: every sentence with a missed item is already shown."
                       if missed else "No hints left: you have marked every required item.")
        return None

    def _on_message(self, _widget, content, _buffers) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        try:
            if kind == "check":
                self.check()
            elif kind == "hint":
                self.hint()
            elif kind == "student":
                name = str(content.get("name", ""))
                self.set_student(name)
                if self.student:
                    Annotator.remembered_name = self.student
        except Exception as exc:  # a student must see that something went wrong
            log.exception("annotator widget: %s failed", kind)
            self.notice = f"Something went wrong ({type(exc).__name__}: {exc}). Tell your teacher."


def _figures(fig) -> dict:
    if fig is None:
        return {"precision": None, "recall": None, "f1": None}
    return {"precision": fig.precision, "recall": fig.recall, "f1": fig.f1}


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
