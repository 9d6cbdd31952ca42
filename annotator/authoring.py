"""``annotator new``: turn a plain-text article into a seed, a draft key and a lesson.

One call, four files, all written atomically and only after everything has been checked:

- ``seeds/<id>.txt``: the article, normalised (UTF-8, no BOM, LF, NFC, a website's
  non-breaking and other odd spaces made plain) exactly as the key's ``sha256`` describes it;
- ``seeds/<id>.meta.yaml``: title, and outlet / date / url as ``unknown`` for the author;
- ``answer_keys/<id>.yaml``: a draft ``annotator.key.v1`` key from the rule-based suggestions,
  every item marked ``draft: true`` with the rule's ``reason``, for an author to review;
- ``lessons/<id>.ipynb``: a full-analysis lesson that works for any article.

``annotator lesson`` writes that lesson alone, for an article whose key is already written.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import yaml

from annotator.article import SAFE_ID, Article, check_length, normalise_text
from annotator.errors import AnnotatorError
from annotator.files import FolderBusy, Staged, read_bytes
from annotator.key import (
    DEFAULT_LABELS,
    AnswerKey,
    Distractor,
    KeyItem,
    default_max,
    dump_key,
    is_draft,
    parse_key,
)
from annotator.labels import Label, label_set
from annotator.suggest import BOOSTERS, Suggestion, suggest

KEY_HEADER = """\
# DRAFT answer key for seeds/{id}.txt, written by `annotator new` from rule-based suggestions.
# No person has checked it yet. Before a class sees it, go through it with answer_keys/KEY-GUIDE.md:
#   - delete wrong items and add the ones the rules missed;
#   - check each min and max (claims may grow to the whole sentence by default);
#   - decide required: (approximators, elaborations and presupposed background are usually
#     required: false, and items two careful readers disagree on should be optional);
#   - rewrite every why: so that it teaches, and remove draft: and reason: once reviewed.
# Check it with: annotator validate answer_keys/{id}.yaml
"""

_WHY = {
    "claim": "DRAFT: a claim ({reason}). Rewrite: what exactly is asserted, who asserts it, "
             "and how could a reader check it?",
    "source": "DRAFT: {kind} source ({reason}). Rewrite: who is this, what do they know, "
              "what stake do they have, and can a reader check them?",
    "hedge": "DRAFT: a hedge cue ({reason}). Rewrite: how sure does it make the writer sound, "
             "and what should the reader ask?",
}


@dataclass(frozen=True)
class NewArticle:
    """What ``create`` wrote."""

    article: Article
    key: AnswerKey
    seed: Path
    meta: Path
    key_path: Path
    lesson: Path

    @property
    def paths(self) -> tuple[Path, ...]:
        return self.seed, self.meta, self.key_path, self.lesson


# -- checks -------------------------------------------------------------------------------


def check_id(article_id: str) -> str:
    """An article id becomes file names: only safe ones pass."""
    if not isinstance(article_id, str) or not SAFE_ID.match(article_id):
        raise AnnotatorError(
            f"the id {article_id!r} is not a safe file name. Use 1 to 64 characters: "
            "lowercase letters, digits, '-' and '_', starting with a letter or digit "
            "(for example: flu-2026 or council_budget).")
    return article_id


_SAVE_AS_TEXT = "in Word, File → Save As → Plain Text (.txt), with UTF-8 encoding"
_NOT_TEXT = ((b"PK\x03\x04", f"a Word document or another zip file: {_SAVE_AS_TEXT}"),
             (b"%PDF", "a PDF: copy its text into a new plain-text file (.txt, UTF-8)"),
             (b"{\\rtf", "a Rich Text document: save it as Plain Text (.txt, UTF-8)"),
             (b"\xd0\xcf\x11\xe0", f"an old Word document (.doc): {_SAVE_AS_TEXT}"))
_HTML = re.compile(r"<(?:!doctype|html|head|body|meta|p|div|pre|span|article)\b", re.IGNORECASE)


def read_article_text(path: str | Path) -> str:
    """The normalised text of a plain-text article file, or a clear reason why not. UTF-16
    with its byte-order mark (Notepad's "Unicode") is read too: the seed is written as UTF-8."""
    data = read_bytes(path)
    for magic, kind in _NOT_TEXT:
        if data.startswith(magic):
            raise AnnotatorError(f"is {kind}.", path=path)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: said below
    if b"\x00" in data[:65536]:
        hint = " If it is UTF-16 text, save it again as UTF-8." if data[:2] in (
            b"\xff\xfe", b"\xfe\xff") or b"\x00" in (data[:1], data[1:2]) else ""
        raise AnnotatorError("looks like a binary file (it contains NUL bytes), not plain "
                             f"text. Save the article as a UTF-8 .txt file.{hint}", path=path)
    # a website's non-breaking, thin or figure spaces look like spaces but are not: a teacher
    # typing a quote into the key could never match them
    text = normalise_text(data, path).translate(_ODD_SPACES)
    check_length(text, path)
    if len(_HTML.findall(text[:5000])) >= 2:
        raise AnnotatorError("looks like a web page (HTML), not the article's text: select the "
                             "article in the browser, copy it, and paste it into a new plain-"
                             "text file (.txt, UTF-8).", path=path)
    controls = {ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t"}
    if controls:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in sorted(controls)[:3])
        raise AnnotatorError(f"contains control characters ({shown}), so it does not look like "
                             "plain text. Copy the article text into a new UTF-8 .txt file.",
                             path=path)
    if not text.strip():
        raise AnnotatorError("is empty: there is no article text in it.", path=path)
    return text


PROJECT_FOLDERS = ("seeds", "answer_keys", "lessons")
# every Unicode space separator but the ordinary space and CJK's ideographic one (U+3000)
_ODD_SPACES = {code: " " for code in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F)}


def check_project(root: str | Path) -> None:
    """``root`` must be the project (it has seeds/, answer_keys/ or lessons/), or a new or
    empty folder to start one in: not a folder inside the project, such as lessons/, where a
    terminal opened in JupyterLab starts."""
    root = Path(root)
    if not root.is_dir() or not any(root.iterdir()):
        return  # new, empty, or not a folder (writing then says so)
    if any((root / name).exists() or (root / name).is_symlink() for name in PROJECT_FOLDERS):
        return
    parent = root.resolve().parent
    if any((parent / name).is_dir() for name in PROJECT_FOLDERS):
        raise AnnotatorError(
            f"{root.resolve()} is inside the project, not the project itself: run the command "
            f"from {parent} (cd ..), or add --root {parent}.")
    raise AnnotatorError(
        f"{root.resolve()} is not an annotator project (it has no seeds/, answer_keys/ or "
        "lessons/ folder): run the command from the project folder (the one with README.md "
        "and lessons/), or give it with --root PATH. To start a new project here, make its "
        "folders first (mkdir seeds answer_keys lessons), or give an empty folder with --root.")


def looks_english(text: str) -> bool:
    """Whether the text reads as English as far as its commonest words tell: the rules that
    draft a key read English only."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if len(words) < 30:
        return True
    return sum(w in _ENGLISH for w in words) / len(words) >= 0.12


_ENGLISH = frozenset(("the", "of", "and", "to", "a", "in", "is", "that", "for", "on", "it",
                      "with", "as", "was", "by", "at", "be", "are", "from", "this", "have",
                      "has", "an", "or", "not", "but", "said", "were", "which", "their",
                      "they", "he", "she", "its", "had", "will", "would"))


def planned_paths(root: str | Path, article_id: str) -> dict[str, Path]:
    root = Path(root)
    return {"seed": root / "seeds" / f"{article_id}.txt",
            "meta": root / "seeds" / f"{article_id}.meta.yaml",
            "key": root / "answer_keys" / f"{article_id}.yaml",
            "lesson": root / "lessons" / f"{article_id}.ipynb"}


# -- the one entry point ------------------------------------------------------------------


def create(source: str | Path, article_id: str, *, title: str | None = None,
           root: str | Path = ".", force: bool = False) -> NewArticle:
    """Normalise ``source`` into the project at ``root`` and draft its key and lesson.

    Refuses to replace existing files unless ``force``. Nothing is written until every check
    has passed, and each file is written whole or not at all.
    """
    check_id(article_id)
    check_project(root)
    text = read_article_text(source)
    paths = planned_paths(root, article_id)
    existing = [p for p in paths.values() if p.exists()]
    if existing and not force:
        raise AnnotatorError(
            "would replace existing files: " + ", ".join(str(p) for p in existing) +
            ". Choose another --id, or pass --force to overwrite them.")
    folders = [p.parent for p in paths.values() if p.parent.exists() and not p.parent.is_dir()]
    if folders:
        raise AnnotatorError(f"{folders[0]} exists but is not a folder.")
    title = _clean_title(title) or guess_title(text) or article_id
    article = Article(id=article_id, text=text, title=title, path=str(paths["seed"]))
    key = draft_key(article, suggest(article))
    key_text = KEY_HEADER.format(id=article_id) + dump_key(key)
    parse_key(yaml.safe_load(key_text), article=article)  # the draft must load as written
    lesson_text = lesson_notebook(article_id, title, labels=key.labels,
                                  words=article.word_count)
    staged = None  # the four files all written, then all put in place, or none
    try:
        staged = Staged(root)
        # the paths already start with root: absolute, so a relative --root is not added twice
        staged.file(paths["seed"].absolute(), text)
        staged.file(paths["meta"].absolute(), meta_yaml(article_id, title))
        staged.file(paths["key"].absolute(), key_text)
        staged.file(paths["lesson"].absolute(), lesson_text)
        staged.commit()
    except FolderBusy:
        raise AnnotatorError(f"another annotator command is writing under {root} right now: "
                             "wait for it to finish and run this again.") from None
    except OSError as exc:
        if staged is not None:
            staged.discard()
        raise AnnotatorError(
            f"cannot write the new files under {root} ({exc.strerror or exc}"
            f"{': ' + str(exc.filename) if exc.filename else ''}); nothing was written. Check "
            "that --root is a project folder you can write to.") from None
    return NewArticle(article, key, paths["seed"], paths["meta"], paths["key"],
                      paths["lesson"])


# -- metadata -----------------------------------------------------------------------------


def _clean_title(title: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", title or "").split())


def guess_title(text: str) -> str:
    """The first line when it reads like a headline (short, no full stop), else nothing."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if first and len(first) <= 120 and first[-1] not in ".!?:;,\"”’":
        return first
    return ""


def meta_yaml(article_id: str, title: str) -> str:
    header = (f"# Metadata for seeds/{article_id}.txt, written by `annotator new`.\n"
              "# Fill in what you know: where the article was published, when, and its "
              "address.\n")
    # "outlet", as in seeds/kn23.meta.yaml: "source" is also a label, and means another thing
    data = {"title": title, "outlet": "unknown", "date": "unknown", "url": "unknown"}
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# -- the draft key ------------------------------------------------------------------------


def draft_key(article: Article, suggestions: list[Suggestion]) -> AnswerKey:
    """An ``AnswerKey`` with one draft item per suggestion, and the boosters as distractors."""
    items, used = [], set()
    for s in suggestions:
        item_id = new_item_id(s.label, s.text, s.start, used)
        used.add(item_id)
        items.append(_draft_item(article, s, item_id))
    return AnswerKey(article=article, items=tuple(items), labels=DEFAULT_LABELS,
                     distractors=booster_distractors(article, items), extra={"draft": True})


_BOOSTER = re.compile(r"\b(?:" + "|".join(sorted(BOOSTERS)) + r")\b", re.IGNORECASE)


def booster_distractors(article: Article, items: Collection[KeyItem]) -> tuple[Distractor, ...]:
    """Every booster ("clearly", "undoubtedly", "confirmed", ...) outside the hedge items, as
    a likely wrong hedge: KEY-GUIDE asks for them, and a student who marks one is told why."""
    hedges = [(i.start, i.end) for i in items if i.label == "hedge"]
    return tuple(
        Distractor(m.start(), m.end(), ("hedge",),
                   f"“{m.group()}” is a booster: it makes the writer sound more sure, not less. "
                   "Hedges weaken a claim and boosters strengthen it, so ask what the "
                   "certainty rests on.")
        for m in _BOOSTER.finditer(article.text)
        if not any(a < m.end() and m.start() < b for a, b in hedges)
        and not _QUALIFIED.search(article.text, max(0, m.start() - 20), m.start()))


_QUALIFIED = re.compile(r"\b(?:almost|nearly|not|hardly)\s+$", re.IGNORECASE)  # "almost certainly"


def _draft_item(article: Article, s: Suggestion, item_id: str) -> KeyItem:
    start, end = s.start, s.end
    lo, hi = s.min_span or (start, end)
    if not (start <= lo < hi <= end):
        lo, hi = start, end
    default_lo, default_hi = default_max(article, s.label, start, end)
    max_lo, max_hi = s.max_span or (default_lo, default_hi)
    if not (max_lo <= start and end <= max_hi):
        max_lo, max_hi = default_lo, default_hi
    if s.label == "claim":  # a claim keeps the KEY-GUIDE default: up to its whole sentence
        max_lo, max_hi = min(max_lo, default_lo), max(max_hi, default_hi)
    core = s.tier == "core"
    reason = s.reason if core else \
        f"{s.reason} (KEY-GUIDE's optional tier, so drafted as required: false)"
    kind = (s.source_type or "").replace("_", " ") or "possible"
    kind = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"  # "an unnamed", "a vague"
    why = _WHY[s.label].format(reason=s.reason, kind=kind) if s.label in _WHY \
        else f"DRAFT: {s.reason}. Rewrite this to teach."
    return KeyItem(
        id=item_id, label=s.label, start=start, end=end, min_start=lo, min_end=hi,
        max_start=max_lo, max_end=max_hi, required=core, alt_labels=s.alt_labels, points=1.0,
        why=why, source_type=s.source_type, extra={"draft": True,
                                                   "reason": f"{s.rule}: {reason}"})


def new_item_id(label: str, text: str, start: int, used: Collection[str]) -> str:
    """``<label>-<first words>`` (``<label>-<start>`` when there are none), made unique
    against ``used``: how ``annotator new`` and author mode name items."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).encode(
        "ascii", "ignore").decode().lower())
    base = f"{label}-{'-'.join(words[:4])}" if words else f"{label}-{start}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# -- the lesson ---------------------------------------------------------------------------


def make_lesson(article_id: str, *, root: str | Path = ".", force: bool = False
                ) -> tuple[Path, AnswerKey]:
    """``annotator lesson``: the full-analysis lesson ``lessons/<id>.ipynb`` for an article
    already in the project (``seeds/<id>.txt``) with a key that loads
    (``answer_keys/<id>.yaml``, written by hand or reviewed in author mode). Returns the
    lesson's path and the key."""
    from annotator.article import load_article
    from annotator.key import load_key

    check_id(article_id)
    check_project(root)
    paths = planned_paths(root, article_id)
    if not paths["seed"].is_file():
        raise AnnotatorError(f"there is no article '{article_id}': put it in the project first "
                             f"with annotator new ARTICLE.txt --id {article_id}.",
                             path=paths["seed"])
    if not paths["key"].is_file():
        raise AnnotatorError(f"there is no answer key for '{article_id}' yet: write it (see "
                             "answer_keys/KEY-GUIDE.md), or draft one with annotator new.",
                             path=paths["key"])
    article = load_article(paths["seed"])
    key = load_key(paths["key"], article=article)  # a key that does not load: its message
    if paths["lesson"].exists() and not force:
        raise AnnotatorError("would replace an existing lesson. Pass --force to overwrite it, "
                             "or rename the lesson you have.", path=paths["lesson"])
    draft = any(map(is_draft, key.items))
    staged = Staged(root)
    try:
        staged.file(paths["lesson"].absolute(), lesson_notebook(
            article_id, article.title or article_id, labels=key.labels, draft=draft,
            made_by="annotator lesson", words=article.word_count))
        staged.commit()
    except OSError as exc:
        staged.discard()
        raise AnnotatorError(f"cannot write the lesson ({exc.strerror or exc}): check that you "
                             "can write to lessons/.", path=paths["lesson"]) from None
    return paths["lesson"], key


def lesson_notebook(article_id: str, title: str, *,
                    labels: tuple[str, ...] | list[str] = DEFAULT_LABELS, draft: bool = True,
                    made_by: str = "annotator new", words: int | None = None) -> str:
    """A full-analysis lesson for any article: teaching text, the exercise, reflection.
    ``labels``: the key's labels. The teaching text is about claims, sources and hedges only
    when they are exactly those; for any other labels (evidence, reasoning, conclusion in a
    lab report) it is neutral and built from the labels, so that it never tells students to
    press keys the widget does not have. ``draft``: its key still has items no person has
    reviewed. ``words``: the article's length, which says how long the lesson takes."""
    teacher = (_TEACHER_NOTE if draft else _TEACHER_NOTE_REVIEWED).format(
        id=article_id, made_by=made_by)
    exercise = new_code_cell("from annotator.lesson import exercise\n"
                             f'exercise("{article_id}", lesson="{article_id}-full", '
                             "reveal_missed=False)")
    shown = markdown_text(title)
    if is_news(labels):
        cells = [
            new_markdown_cell(teacher),
            new_markdown_cell(_INTRO.format(title=shown, length=lesson_length(words))),
            new_markdown_cell(_LABELS),
            new_markdown_cell(_TASK),
            exercise,
            new_markdown_cell(_FEEDBACK),
            new_markdown_cell(_REFLECTION),
            new_markdown_cell(_ANSWERS),
        ]
    else:
        cells = [new_markdown_cell(teacher + _TEACHER_NOTE_OWN_LABELS.format(
                     labels=_listed([markdown_text(name) for name in labels]))),
                 *map(new_markdown_cell, _own_labels_intro(shown, labels)),
                 exercise,
                 *map(new_markdown_cell, _own_labels_after(labels))]
    for n, cell in enumerate(cells, 1):
        cell["id"] = f"new-{n:02d}"
    return notebook_text(cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"},
        "title": title,
        "annotator": {"article": article_id, "lesson": f"{article_id}-full", "draft": draft},
    })


# A notebook (nbformat 4.5) written as nbformat writes one, without importing nbformat: its
# JSON Schema checker (jsonschema with rfc3987-syntax) takes seconds to import, half of what
# `annotator lesson` took. tests/test_authoring.py checks the text against nbformat's own.

def new_markdown_cell(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def new_code_cell(source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source}


def notebook_text(cells: list[dict], metadata: dict) -> str:
    """The notebook file's text: nbformat 4.5, each source as a list of lines, keys sorted,
    one space of indent, as ``nbformat.writes`` gives it (and a final newline)."""
    nb = {"cells": [{**cell, "source": cell["source"].splitlines(keepends=True)}
                    for cell in cells],
          "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def is_news(labels: Collection[str]) -> bool:
    """Whether a key's labels are exactly the news labels, in any order: the ones the news
    lesson's teaching text (and its c, s and h) is written for."""
    return sorted(labels) == sorted(DEFAULT_LABELS)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")


def markdown_text(text: str) -> str:
    """``text`` as plain words in a Markdown cell, on one line: HTML escaped, and Markdown's
    emphasis, code, link, table and maths characters backslashed. A title or a label name is
    the teacher's own text and never markup."""
    one_line = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def _listed(words: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _shown_key(label: Label) -> str:
    """The key letter as the widget's button shows it, in bold."""
    return f"**{markdown_text(label.hotkey.upper())}**" if label.hotkey else "(click its button)"


def _own_labels_intro(title: str, names: Collection[str]) -> list[str]:
    """The intro, the labels table (and a cell for the teacher when a label has no
    description) and the task, for a key whose labels are the teacher's own."""
    labels = label_set(tuple(names))
    bold = _listed([f"**{markdown_text(label.name)}**" for label in labels])
    rows = "\n".join(
        f"| **{markdown_text(label.name)}** | {_shown_key(label)} | "
        f"{markdown_text(label.description) if label.description else '…'} |"
        for label in labels)
    undefined = [markdown_text(label.name) for label in labels if not label.description]
    placeholder = [_OWN_LABELS_UNDEFINED.format(labels=_listed(undefined))] if undefined else []
    keys = _listed([f"{_shown_key(label)} for **{markdown_text(label.name)}**"
                    if label.hotkey else f"the **{markdown_text(label.name)}** button"
                    for label in labels])
    passes = "\n".join(f"{n}. **{markdown_text(label.name)}**: read the text again, looking "
                        "for this label only." for n, label in enumerate(labels, 1))
    return [_OWN_INTRO.format(title=title, labels=bold), _OWN_LABELS.format(rows=rows),
            *placeholder, _OWN_TASK.format(keys=keys, passes=passes)]


def _own_labels_after(names: Collection[str]) -> list[str]:
    """The feedback table, the reflection and the answer cell, for the teacher's own labels."""
    answers = "\n\n".join(f"**Best example of {markdown_text(name)}, and why:**"
                           for name in names)
    return [_FEEDBACK, _OWN_REFLECTION, _OWN_ANSWERS.format(per_label=answers)]


_TEACHER_NOTE = """\
> **For the teacher (delete this cell before class).** This lesson was made by
> `{made_by}`. Its answer key, `answer_keys/{id}.yaml`, is a **draft** written by rules,
> not by a person: review every item with answer_keys/KEY-GUIDE.md before students press Check.
> Check keeps missed items hidden, so that a second Check still tests; Hint shows the sentence
> of one missed item at a time. To show every missed item instead, change `reveal_missed=False`
> to `True` in the exercise cell."""

_TEACHER_NOTE_REVIEWED = """\
> **For the teacher (delete this cell before class).** This lesson was made by
> `{made_by}`. Check scores students' marks with the answer key `answer_keys/{id}.yaml`: run
> `annotator validate answer_keys/{id}.yaml` after each change to it. Check keeps missed items
> hidden, so that a second Check still tests; Hint shows the sentence of one missed item at a
> time. To show every missed item instead, change `reveal_missed=False` to `True` in the
> exercise cell."""

_INTRO = """\
# A full analysis: {title}

*Media literacy with the annotator · {length}*

**By the end of this lesson you can**

- mark the **claims**, **sources** and **hedges** in a news article, including where they overlap;
- use your marks as **evidence** for a judgement: how well supported is this article?"""

_LABELS = """\
## The three labels

| label | key | mark | do not mark |
|---|---|---|---|
| **claim** | **c** | the content of a checkable statement: a fact, number, cause, evaluation or prediction, attributed or the writer's own; one checkable unit each | questions, stated unknowns ("whether … or …"), framing ("In other news") |
| **source** | **s** | who or what a statement is attributed to: a named person or organisation, an unnamed but described source ("a council spokesperson"), a vague one ("reports", "experts") | the reporting verb alone; places; people who take part but are not quoted |
| **hedge** | **h** | the cue that lowers commitment: *appears, suggests, reportedly, likely, unclear, may, is believed* | the statement being hedged; boosters such as *confirmed, clearly, crucial* |

**Example** (not from the article):

> The new bus timetable will **probably** save commuters about ten minutes a day, according to a
> council spokesperson.

- **claim**: *The new bus timetable will probably save commuters about ten minutes a day*
- **source**: *a council spokesperson*: unnamed but described, and an interested party
- **hedge**: *probably* (it sits inside the claim: mark both)"""

_TASK = """\
## Your turn

Run the cell below (**Shift+Enter**), type your name and press **Start**. Select words by
dragging or double-clicking, then press **c**, **s** or **h**. Your work saves itself.
Coming back another day? If the box below says *Error displaying widget*, run the cell again
and type the same name as last time: your marks come back.

A method that works: three passes.

1. **Claims**: sentence by sentence, one mark per checkable unit.
2. **Sources**: for each claim, ask *whose claim is this?*
3. **Hedges**: for each claim, ask *how sure is the writer?*

Press **Check** when you are ready, fix what it points out, and Check again. Check does not
show what you missed: press **Hint** to see the sentence of one missed item."""

_FEEDBACK = """\
### Reading your feedback

| Check says | what it means | what to do |
|---|---|---|
| **Found** | your mark matches the key | read the *why*: it often says what to ask next |
| **Partly found** | right place, but too short, too long or shifted | extend or trim the mark |
| **Found, wrong label** | right words, wrong label | reread the labels, then relabel the mark |
| **Not in the key** | the mark matches nothing in the key | reread the definition; if you still think you are right, tell your teacher why |
| **Not close enough** | the mark overlaps a key answer but covers too little of it to count | reread the whole sentence and mark the answer itself |
| **Already found** | another of your marks already answers this key item, so this one counts as an extra mark and costs a little | remove it, or keep the mark that counts and delete the other |
| *Optional* | careful readers disagree about this one | no points and no penalty either way |

Your boundaries do not have to be perfect: spaces, punctuation and quotation marks at the edges
never matter."""

_REFLECTION = """\
## Your verdict

Use your marks as evidence:

1. **Claims.** What is the main claim? Which claims are the writer's own, with no source?
2. **Sources.** Who are they, and what type? Are they Independent, Multiple, Verified,
   Authoritative, Named (IMVAIN)? Does any have a stake in the story?
3. **Hedges and boosters.** Are the most important claims hedged? Are there boosters where the
   evidence is thin?
4. **The article itself.** Who published it, when, and who wrote it? Can you find the reports it
   relies on?

Then decide: *well supported*, *partly supported* or *poorly supported*, with reasons that
point to what you marked."""

_ANSWERS = """\
### My answers

*Double-click this cell to type; press Shift+Enter when you are done.*

**Main claim:**

**Best-supported claim, and why:**

**Weakest claim, and why:**

**Sources (IMVAIN):**

**Hedges and boosters:**

**Verdict** (well / partly / poorly supported), **because:**"""


# -- the lesson for a key whose labels are the teacher's own -------------------------------
# Nothing here may speak of news, claims, sources or hedges: the students' widget has the
# key's labels and their keys, and a lesson that names others makes them mislabel.

_TEACHER_NOTE_OWN_LABELS = """
>
> The teaching text below was written for this key's own labels ({labels}): it says how to
> mark and how to read Check, but not what each label means. **Before class, add a definition
> and an example for each label** to the cell *The labels* (double-click it to edit)."""

LONG_LESSON_WORDS = 1500  # longer: more than one lesson (kn23, 375 words, takes 45 minutes)


def lesson_length(words: int | None) -> str:
    """How long a lesson on an article of ``words`` words takes, as its intro says."""
    if words is None or words <= LONG_LESSON_WORDS:
        return "one lesson, about 45 minutes"
    return f"a long article ({words:,} words): plan two lessons or more"


_OWN_INTRO = """\
# A full analysis: {title}

*Reading closely with the annotator · one lesson*

**By the end of this lesson you can**

- mark the {labels} in this text, including where they overlap;
- explain each mark: why those words, and why that label."""

_OWN_LABELS = """\
## The labels

| label | key | what to mark |
|---|---|---|
{rows}"""

_OWN_LABELS_UNDEFINED = """\
> **For the teacher (delete this cell before class).** The annotator has no description of
> {labels}. In the table above, replace each … with what students should mark with that label
> (and what not), and under the table give an example of each label from another text."""

_OWN_TASK = """\
## Your turn

Run the cell below (**Shift+Enter**), type your name and press **Start**. Read the text, then
mark it: select words by dragging or double-clicking, and press a label's key ({keys}), or
click the label's button. Your work saves itself.
Coming back another day? If the box below says *Error displaying widget*, run the cell again
and type the same name as last time: your marks come back.

A method that works: one pass for each label.

{passes}

Press **Check** when you are ready, fix what it points out, and Check again. Check does not
show what you missed: press **Hint** to see the sentence of one missed item."""

_OWN_REFLECTION = """\
## Looking back

Use your marks:

1. **What you found.** Which label was easiest to find, and which hardest? Why?
2. **Boundaries.** Where did two labels overlap, or where were you unsure which label fits?
   What made you decide?
3. **Check.** Which of Check's explanations taught you something? What would you mark
   differently next time?"""

_OWN_ANSWERS = """\
### My answers

*Double-click this cell to type; press Shift+Enter when you are done.*

{per_label}

**Hardest to label, and why:**

**What I would mark differently next time:**"""
