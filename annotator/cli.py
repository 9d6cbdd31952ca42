"""The ``annotator`` command. Thin: it parses arguments and calls the modules that own the work.

Exit status: 0 all good, 1 some input was rejected, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from pathlib import Path

from annotator import __version__
from annotator.errors import AnnotatorError
from annotator.names import terminal_safe
from annotator.policy import POLICIES

EPILOG = "Exit status: 0 when everything is valid, 1 when any input was rejected, 2 on usage errors."


def _looks_like_key(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def cmd_validate(args: argparse.Namespace) -> int:
    def say(line: str) -> None:  # file names and ids as a terminal can show them
        print(terminal_safe(line))

    from annotator.article import load_article
    from annotator.key import load_key, review_warnings
    from annotator.submission import check_against, load_submission

    keys, problems, checked = {}, 0, 0
    paths = [Path(p) for p in args.files]
    if args.key and not _looks_like_key(Path(args.key)):
        print(f"error: --key must be an answer key (.yaml), and {args.key} is not one: give the "
              "key after --key (answer_keys/<article>.yaml) and each submission (.json) after "
              "the command.", file=sys.stderr)
        return 2
    if args.key:
        paths.insert(0, Path(args.key))
    for path in sorted(paths, key=lambda p: not _looks_like_key(p)):
        checked += 1
        try:
            if _looks_like_key(path):
                key = load_key(path)
                keys[key.sha256] = key
                say(f"ok    {path}: key for '{key.article_id}', {len(key.items)} items")
                for warning in review_warnings(key):
                    say(f"warn  {path}: {warning}")
                continue
            sub = load_submission(path)
            key = keys.get(sub.article_sha256)
            if key is None and len(keys) == 1:
                key = next(iter(keys.values()))  # check_against says it marks another text
            if key is not None:
                check_against(sub, key.article, key.labels)
                against = f"key {key.path}"
            elif keys:
                raise AnnotatorError(
                    "marks none of the given keys' articles ("
                    f"{', '.join(sorted(k.article_id for k in keys.values()))}). Check it "
                    "against the key for its own article.", path=path, field="article.sha256")
            else:
                if not sub.article_id:
                    raise AnnotatorError("article.id is missing and no key was given: pass "
                                         "--key KEY to check this submission.", path=path)
                try:
                    article = load_article(sub.article_id, near=(path.resolve().parent,))
                except AnnotatorError as exc:  # name the submission, not just the article
                    raise AnnotatorError(exc.reason, path=path, field="article.id") from None
                from annotator.key import DEFAULT_LABELS
                own = sorted({m.label for m in sub.marks} - set(DEFAULT_LABELS))
                beside = _key_beside(article) if own and not args.any_label else None
                if beside is not None:  # a teacher's own labels: its key says which count
                    try:
                        check_against(sub, beside.article, beside.labels)
                    except AnnotatorError as exc:  # say which key it was checked against
                        raise AnnotatorError(
                            f"{exc.reason} (The key is {beside.path}, found beside the "
                            "article; give --key to check against another.)", path=path,
                            field=exc.field) from None
                    against = f"key {beside.path} (found beside the article)"
                elif own and not args.any_label:
                    raise AnnotatorError(
                        f"label {own[0]!r} is not one of the news labels (claim, source, "
                        f"hedge), and no key was given: add --key answer_keys/"
                        f"{article.id}.yaml (the key with this lesson's labels), or "
                        "--any-label to accept any label.", path=path, field="marks")
                else:
                    labels = {m.label for m in sub.marks} if args.any_label else DEFAULT_LABELS
                    check_against(sub, article, labels)
                    against = f"article {article.path}"
            marks = "1 mark" if len(sub.marks) == 1 else f"{len(sub.marks)} marks"
            say(f"ok    {path}: {marks} by {sub.student_id}, checked "
                  f"against {against}")
        except AnnotatorError as exc:
            problems += 1
            say(f"error {exc}")
            for warning in getattr(exc, "warnings", ()):  # what a key with errors also has
                say(f"warn  {path}: {warning}")
    print(f"\n{checked - problems} valid, {problems} invalid.")
    return 1 if problems else 0


def _key_beside(article):
    """The project's key for ``article`` (answer_keys/<id>.yaml beside seeds/), when it loads
    and fits the article: a teacher's own labels are then known without --key."""
    from annotator.key import load_key

    if not article.path:
        return None
    path = Path(article.path).resolve().parent.parent / "answer_keys" / f"{article.id}.yaml"
    try:
        key = load_key(path) if path.is_file() else None
    except AnnotatorError:
        return None
    return key if key is not None and key.sha256 == article.sha256 else None


def _load_key(path: str):
    """The key at ``path``; a student's submission given in its place is told so."""
    from annotator.files import read_text
    from annotator.key import load_key
    from annotator.submission import FORMAT as SUBMISSION_FORMAT

    try:
        return load_key(path)
    except AnnotatorError as exc:
        if exc.field != "format":
            raise
        try:
            found = json.loads(read_text(path))
        except (AnnotatorError, ValueError):
            raise exc from None
        if isinstance(found, dict) and found.get("format") == SUBMISSION_FORMAT:
            raise AnnotatorError("is a student's submission, not an answer key: give the key "
                                 "with --key (answer_keys/<article>.yaml) and the submission "
                                 "before it: annotator score SUBMISSION.json --key KEY.yaml",
                                 path=path) from None
        raise


def cmd_score(args: argparse.Namespace) -> int:
    from annotator.feedback import text_report
    from annotator.key import key_for_labels, one_label_advice
    from annotator.scoring import score
    from annotator.submission import check_against, load_submission

    try:
        key = _load_key(args.key)
        sub = load_submission(args.submission)
        check_against(sub, key.article, key.labels)
        marks = sub.marks
        if args.labels:  # as the lesson's widget scores: its labels' items and marks only
            key = key_for_labels(key, args.labels)
            marks = [mark for mark in marks if mark.label in args.labels]
    except AnnotatorError as exc:
        print(f"error {exc}", file=sys.stderr)
        return 1
    used = {mark.label for mark in marks}
    advice = None if args.labels or len(used) != 1 else \
        one_label_advice(used, key.labels, "score it")
    if advice:
        print(f"warning {args.submission}: it marks only {next(iter(used))}. {advice}",
              file=sys.stderr)
    result = score(marks, key, args.policy)
    if args.json:
        data = result.to_dict()
        data.update(student=sub.student_id, key=str(args.key), article=key.article_id)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"{sub.student_id} on '{key.article_id}'")
        print(text_report(result, key, reveal_missed=not args.hide_missed, marks=marks))
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from annotator.gradebook import run

    chosen = args.policy or []
    scoring = [name for name in chosen if name in POLICIES]
    resubmission = [name for name in chosen if name not in POLICIES]
    if len(scoring) > 1 or len(resubmission) > 1:
        print("error: give at most one scoring and one resubmission --policy.", file=sys.stderr)
        return 2
    return run(args.inputs, args.key, policy=(scoring or [None])[0],
               resubmission=(resubmission or ["latest"])[0],
               due=args.due, out=args.out, roster=args.roster, assignment=args.assignment,
               reveal_missed=not args.hide_missed, progress=True if args.progress else None,
               labels=args.labels, moodle_max=args.moodle_max, replace=args.replace,
               section=args.section)


def cmd_agree(args: argparse.Namespace) -> int:
    from annotator.agree import run

    return run(args.files)


GRADE_EPILOG = """examples:
  annotator grade submitted/*/lesson1 --key answer_keys/kn23.yaml --labels claim \\
      --out grades/lesson1                            (nbgrader: one assignment, lesson 1)
  annotator grade lessons/submissions/kn23-claims --key answer_keys/kn23.yaml --labels claim \\
      --out grades/kn23-claims --roster class-list.txt     (who has handed in nothing?)
  annotator grade canvas-submissions.zip --key kn23.yaml --labels source \\
      --out grades/sources --roster canvas-export.csv --assignment "KN-23 sources (4812)"
  annotator grade period2.zip --key kn23.yaml --hide-missed --out grades/full-p2 \\
      --roster canvas-export.csv --section "Period 2" --assignment 4813 --due 2026-11-19T17:00
  annotator grade moodle.zip late/*.json --key kn23.yaml --hide-missed --out grades/full \\
      --policy latest_before_due --due 2026-11-26T17:00 --policy lenient      (lesson 4)

Lessons 1-3 ask for one label: grade them with its --labels. Lesson 4 keeps missed items
back: grade it with --hide-missed. --due is in this computer's time zone unless it ends in Z
or an offset (-05:00).

Writes into --out: gradebook.csv (one row per student), gradebook_items.csv (student x key
item), gradebook.xlsx (both, plus files and issues), canvas.csv, moodle.csv, files.csv (every
file's fate), issues.csv (identity and roster problems), class.html and reports/<student>.html.

Everything is written in full before any old output is replaced. Files in reports/ that are
not student reports are kept. When --out already holds a grading, the summary says whose grade
went up or down and changes.csv lists them; a grading that leaves out students graded there
before, or grades another lesson there, is refused unless --replace is given (grade late files
together with the others; give each lesson its own --out).

Exit status: 0 every file graded (byte-identical duplicates count once), 1 some files
rejected, 2 usage error or the outputs could not be written. No submission file found (2) or
every file rejected (1): nothing is written, and earlier grades in --out stay."""


VALIDATE_DESCRIPTION = """Check answer keys (.yaml) and submissions (.json) against their article.
Submissions are checked against the keys given on the same line (or --key): one
that marks another article is invalid. With no key, against seeds/<id>.txt. A
valid key not yet ready for students (draft items, drafted or missing whys, no
items) gets 'warn' lines, which leave the exit status as it is."""

VALIDATE_EPILOG = """examples:
  annotator validate answer_keys/kn23.yaml         # a key you wrote or edited
  annotator validate submissions/*.json --key answer_keys/kn23.yaml
  annotator validate ada.json                      # against its article in seeds/

""" + EPILOG

SCORE_EPILOG = """examples:
  annotator score submissions/ada.json --key answer_keys/kn23.yaml
  annotator score ada.json --key answer_keys/kn23.yaml --labels claim   # lesson 1
  annotator score ada.json --key answer_keys/kn23.yaml --json > ada-score.json

Exit status: 0 scored, 1 input rejected, 2 usage error."""


def cmd_suggest(args: argparse.Namespace) -> int:
    from annotator.article import load_article
    from annotator.suggest import format_table, suggest, to_json

    try:
        article = load_article(args.article)
    except AnnotatorError as exc:
        print(f"error {exc}", file=sys.stderr)
        return 1
    found = suggest(article)
    if args.json:
        print(json.dumps(to_json(article, found), ensure_ascii=False, indent=2))
    else:
        print(format_table(article, found))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from annotator.authoring import LONG_LESSON_WORDS, create, looks_english
    from annotator.suggest import clutter_lines

    try:
        made = create(args.article, args.id, title=args.title, root=args.root, force=args.force)
    except AnnotatorError as exc:
        print(f"error {exc}", file=sys.stderr)
        return 1
    print(f"new article '{made.article.id}' ({made.article.word_count} words), "
          f"{len(made.key.items)} draft key items:")
    for path in made.paths:
        print(f"  wrote {path}")
    words = made.article.word_count
    clutter = clutter_lines(made.article)
    if clutter:
        text = made.article.text
        shown = "\n".join(f"  line {text.count(chr(10), 0, start) + 1}: {line[:70]}"
                          for start, _, line in clutter[:8])
        more = f"\n  … and {len(clutter) - 8} more" if len(clutter) > 8 else ""
        print(f"warning: {len(clutter)} line(s) look like what a website adds around an article "
              "(bylines, captions, links, credits). No key items were drafted on them, but "
              f"students would see them:\n{shown}{more}\nDelete them from {args.article} and run "
              "this command again with --force, before you review the key (the key depends on "
              "the exact text).", file=sys.stderr)
    if not looks_english(made.article.text):
        print("warning: this does not read as English, and the rules that draft a key read "
              "English only: expect few or wrong drafts. Add the key's items by hand in author "
              "mode.", file=sys.stderr)
    elif not made.key.items:
        print("The rules found nothing to suggest (they read English text only): add the key's "
              "items by hand.")
    if words > LONG_LESSON_WORDS:  # the lesson says to plan two or more
        print(f"warning: {words:,} words is long for one lesson (most are 300 to 1,500 words; "
              f"the draft has {len(made.key.items):,} items to review). Consider a shorter "
              "article or an excerpt.", file=sys.stderr)
    print(f"Next: review the draft key in author mode (in a notebook in lessons/, run: from "
          f"annotator.lesson import author; author(\"{made.article.id}\")) or in "
          f"{made.key_path}, with answer_keys/KEY-GUIDE.md: every item is a draft. Then run "
          f"annotator validate {made.key_path}")
    print(_where_work_goes(made.lesson, made.article.id, made.key_path, args.root))
    return 0


def _where_work_goes(lesson: Path, article_id: str, key_path: str | Path | None,
                     root: str) -> str:
    """Where a full-analysis lesson saves students' work, and the grade command that reports
    as its Check does (missed items hidden), ready to copy."""
    from shlex import quote

    folder = lesson.parent / "submissions" / f"{article_id}-full"
    out = Path(root) / "grades" / f"{article_id}-full"
    return (f"Students' work is saved in {folder}{os.sep} (one file per student). Grade it "
            "with missed items hidden from their reports, as the lesson's Check hides them:\n"
            f"  annotator grade {quote(str(folder))} --key {quote(str(key_path))} --hide-missed "
            f"--out {quote(str(out))}")



def cmd_lesson(args: argparse.Namespace) -> int:
    from annotator.authoring import make_lesson
    from annotator.key import is_draft

    try:
        path, key = make_lesson(args.id, root=args.root, force=args.force)
    except AnnotatorError as exc:
        print(f"error {exc}", file=sys.stderr)
        return 1
    required = sum(item.required for item in key.items)
    print(f"wrote {path}: the full-analysis lesson for '{args.id}', checked against "
          f"{key.path} ({len(key.items)} items, {required} required).")
    if any(map(is_draft, key.items)):
        print("warning: the key still has draft items (draft: true) that no person has "
              "reviewed: review them before students press Check.", file=sys.stderr)
    print(f"Open it in JupyterLab ({path}), run all cells and try it as a student would, then "
          "delete the teacher's cell at the top.")
    print(_where_work_goes(path, args.id, key.path, args.root))
    return 0


LESSON_EPILOG = """examples:
  annotator lesson council-pool
  annotator lesson flu-2026 --root ~/media-lessons --force

For an article already in the project (seeds/ID.txt) with its answer key written
(answer_keys/ID.yaml, by hand or in author mode): writes lessons/ID.ipynb, a full-analysis
lesson with missed items hidden until the teacher goes over them. For a key whose labels are
the news labels (claim, source, hedge), it is the lesson annotator new makes, which teaches
claims, sources and hedges. For a key with other labels (evidence, reasoning, conclusion...),
its text is written for the key's own labels and their keys, with a note to add a definition
and an example of each before class. The key must load: run annotator validate on it first.
Nothing is overwritten without --force.

Students' work is saved in lessons/submissions/ID-full/. Grade it with missed items hidden
from their reports, as the lesson's Check hides them:
  annotator grade lessons/submissions/ID-full --key answer_keys/ID.yaml --hide-missed \\
      --out grades/ID-full

Exit status: 0 written, 1 bad input (no such article or key, a key that does not load, an
existing lesson), 2 usage error."""


SUGGEST_EPILOG = """examples:
  annotator suggest kn23                 # seeds/kn23.txt, as a readable list
  annotator suggest my-article.txt --json > suggestions.json

Rule-based (spaCy Matcher and word lists, no trained model): hedge cues with their look-alikes
filtered out, attribution frames for sources, clauses for claims. Optional-tier suggestions
(approximators, elaborations) are marked. Suggestions are for authors: review every one.

Exit status: 0 listed, 1 the article could not be read, 2 usage error."""

NEW_EPILOG = """examples:
  annotator new ~/Downloads/flu-story.txt --id flu-2026 --title "Flu cases double"
  annotator new article.txt --id council_budget --root ~/media-lessons --force

Writes seeds/ID.txt (normalised: UTF-8, LF, NFC, plain spaces), seeds/ID.meta.yaml, a DRAFT key
answer_keys/ID.yaml (every item has draft: true and the rule's reason) and lessons/ID.ipynb.
Nothing is overwritten without --force. IDs are 1-64 lowercase letters, digits, '-' or '_'.

Exit status: 0 written, 1 bad input (unreadable, empty, binary or non-UTF-8 article, unsafe id,
existing files), 2 usage error."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Mark claims, sources and hedges in news articles; score marks against "
                    "answer keys.",
        epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check answer keys and submissions",
                       description=VALIDATE_DESCRIPTION, epilog=VALIDATE_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help="keys (.yaml) and submissions (.json)")
    p.add_argument("--key", help="answer key to check submissions against")
    p.add_argument("--any-label", action="store_true",
                   help="without a key, accept any label name (default: claim, source, hedge)")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("score", help="score one submission against a key",
                       description="Score one submission and print a readable report, or JSON.",
                       epilog=SCORE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("submission", metavar="SUBMISSION", help="the student's .json file")
    p.add_argument("--key", required=True, help="the answer key (.yaml)")
    p.add_argument("--policy", choices=sorted(POLICIES), default=None,
                   help="scoring policy (default: the key's, else standard)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--labels", nargs="+", metavar="LABEL", type=_label,
                   help="score these labels only, as a lesson that asks for them does")
    p.add_argument("--hide-missed", action="store_true",
                   help="do not list the items the student missed")
    p.set_defaults(run=cmd_score)

    p = sub.add_parser("grade", help="grade a class: files, folders, nbgrader, Canvas/Moodle zips",
                       description="Grade every submission found in the inputs (files, folders\n"
                                   "searched recursively, nbgrader's submitted/<student>/"
                                   "<assignment>/\ntree, Canvas and Moodle 'download all' zips); "
                                   "reject bad files with their\nreason; write gradebooks, LMS "
                                   "import files and HTML reports.",
                       epilog=GRADE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="submission files, folders, zips")
    p.add_argument("--key", required=True, help="the answer key (.yaml)")
    p.add_argument("--policy", action="append", metavar="NAME",
                   choices=("latest", "latest_before_due", "best", *sorted(POLICIES)),
                   help="which resubmission counts: latest (default), latest_before_due, best; "
                   "and/or the scoring policy: " + ", ".join(sorted(POLICIES)) + " (default: "
                   "the key's, else standard). Repeat to give both.")
    p.add_argument("--due", metavar="TIME", help="due time, e.g. 2026-11-26T17:00 (this computer's "
                   "time zone) or ...Z (UTC); needed by latest_before_due")
    p.add_argument("--out", default="grades", metavar="DIR", help="output folder (default: grades)")
    p.add_argument("--roster", metavar="FILE", help="who is in the class: your Canvas gradebook "
                   "export (.csv; canvas.csv then fills its students), or a class list (a "
                   "student per line, or a .csv/.xlsx table with a Name, ID or Email column); "
                   "who handed in nothing is reported")
    p.add_argument("--section", metavar="NAME", help="grade one section of a Canvas "
                   "--roster: its students alone are checked for (who handed in nothing) and "
                   "filled in canvas.csv; a part of the section's name will do, e.g. "
                   "'Period 2'")
    p.add_argument("--assignment", metavar="NAME", help="Canvas assignment column, e.g. "
                   "'KN-23 (4812)'; with --roster, a title or id picks the roster's column")
    p.add_argument("--moodle-max", type=_positive, default=100, metavar="POINTS",
                   help="the Moodle assignment's maximum grade: moodle.csv's grades are out of "
                   "it (default: 100, the percent; Moodle skips, without an error, a grade above "
                   "the maximum)")
    p.add_argument("--labels", nargs="+", metavar="LABEL", type=_label,
                   help="score these labels only, as a lesson that asks for them does: "
                   "--labels claim for lesson 1 (default: every label of the key)")
    p.add_argument("--hide-missed", action="store_true",
                   help="student reports do not reveal the items they missed")
    p.add_argument("--progress", action="store_true",
                   help="show the progress bar even when stderr is not a terminal")
    p.add_argument("--replace", action="store_true",
                   help="replace the grades already in --out even when some of their students "
                   "are not in these inputs (without it, that is refused: grade late files "
                   "together with the others)")
    p.set_defaults(run=cmd_grade)

    p = sub.add_parser("agree", help="agreement between sets of marks (kappa, alpha)",
                       description="Token-level agreement between two or more submissions or "
                                   "keys for one\narticle, per label: Cohen's kappa (two sets) "
                                   "and Krippendorff's alpha\n(nominal). For two keys, also "
                                   "where they differ item by item.",
                       epilog="example: annotator agree answer_keys/drafts/kn23.a.yaml "
                              "answer_keys/drafts/kn23.b.yaml\n\n" + EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", metavar="FILE", help="submissions (.json) or keys (.yaml)")
    p.set_defaults(run=cmd_agree)

    p = sub.add_parser("suggest", help="suggest claims, sources and hedges in an article",
                       description="List rule-based suggestions of claims, sources and hedges\n"
                                   "for an article, with offsets and the reason for each.",
                       epilog=SUGGEST_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("article", metavar="ARTICLE", help="an article id (seeds/<id>.txt) or a path")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=cmd_suggest)

    p = sub.add_parser("new", help="add an article: seed, draft key and lesson",
                       description="Normalise a plain-text article into seeds/, draft an answer\n"
                                   "key from rule-based suggestions and create a lesson notebook.",
                       epilog=NEW_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("article", metavar="ARTICLE.txt", help="the article as a UTF-8 text file")
    p.add_argument("--id", required=True, help="the new article's id, e.g. flu-2026")
    p.add_argument("--title", help="its title (default: its first line if that is a headline)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument("--root", default=".", metavar="DIR",
                   help="the project folder (default: the current folder)")
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("lesson", help="make a lesson for an article whose key is written",
                       description="Make the full-analysis lesson notebook lessons/ID.ipynb "
                                   "for an article\nand its answer key already in the "
                                   "project.",
                       epilog=LESSON_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("id", metavar="ID", help="the article's id (seeds/ID.txt, answer_keys/ID.yaml)")
    p.add_argument("--force", action="store_true", help="overwrite an existing lesson")
    p.add_argument("--root", default=".", metavar="DIR",
                   help="the project folder (default: the current folder)")
    p.set_defaults(run=cmd_lesson)
    return parser


def _positive(text: str) -> float:
    """A number above zero, for argparse (its message names the option)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number above zero")
    return value


def _label(text: str) -> str:
    """A label as keys read it: NFC, so that "Évaluation" typed or pasted with a separate
    accent (a Mac, a PDF) is the key's label."""
    return unicodedata.normalize("NFC", text)


def _paths_out_of_labels(argv: list[str]) -> list[str]:
    """``--labels claim lessons/submissions/kn23-claims``: the option takes every word after
    it, so a file or folder named there would leave the command without one. A word after the
    first label that names an existing file or folder is moved before the option, among the
    inputs, unless it is a label (the news labels, or the --key's): with a folder called
    ``hedge`` beside it, ``--labels claim hedge`` still means two labels."""
    if "--labels" not in argv:
        return argv
    at = argv.index("--labels") + 1
    end = at
    while end < len(argv) and not argv[end].startswith("-"):
        end += 1
    moved = [word for word in argv[at + 1:end] if Path(word).exists()]
    if moved:  # the key is read only when a word could be either
        labels = {"claim", "source", "hedge"} | _key_labels(argv)
        moved = [word for word in moved if word not in labels]
    if not moved:
        return argv
    kept = [word for word in argv[at + 1:end] if word not in moved]
    return argv[:at - 1] + moved + argv[at - 1:at + 1] + kept + argv[end:]


def _key_labels(argv: list[str]) -> set[str]:
    """The labels the ``--key`` on the command line names, read quickly (no article, no
    checks: a key that cannot be read says so later, when the command loads it)."""
    import yaml

    try:
        path = argv[argv.index("--key") + 1]
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return {str(label) for label in data.get("labels") or ()}
    except (ValueError, IndexError, OSError, UnicodeDecodeError, yaml.YAMLError,
            AttributeError, TypeError):
        return set()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_paths_out_of_labels(list(sys.argv[1:] if argv is None else argv)))
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        status = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader stopped early ("annotator suggest x.txt | head"): not an error in the
        # inputs, and nothing more to say; Python's own recipe, so exit does not complain
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
