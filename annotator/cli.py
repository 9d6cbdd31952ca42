"""The ``annotator`` command. Thin: it parses arguments and calls the modules that own the work.

Exit status: 0 all good, 1 some input was rejected, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annotator import __version__
from annotator.errors import AnnotatorError
from annotator.policy import POLICIES

EPILOG = "Exit status: 0 when everything is valid, 1 when any input was rejected, 2 on usage errors."


def _looks_like_key(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def cmd_validate(args: argparse.Namespace) -> int:
    from annotator.article import load_article
    from annotator.key import load_key
    from annotator.submission import check_against, load_submission

    keys, problems, checked = {}, 0, 0
    paths = [Path(p) for p in args.files]
    if args.key:
        paths.insert(0, Path(args.key))
    for path in sorted(paths, key=lambda p: not _looks_like_key(p)):
        checked += 1
        try:
            if _looks_like_key(path):
                key = load_key(path)
                keys[key.sha256] = key
                print(f"ok    {path}: key for '{key.article_id}', {len(key.items)} items")
                continue
            sub = load_submission(path)
            key = keys.get(sub.article_sha256)
            if key is not None:
                check_against(sub, key.article, key.labels)
                against = f"key {key.path}"
            else:
                if not sub.article_id:
                    raise AnnotatorError("article.id is missing and no key was given: pass "
                                         "--key KEY to check this submission.", path=path)
                article = load_article(sub.article_id, near=(path.resolve().parent,))
                from annotator.key import DEFAULT_LABELS
                labels = {m.label for m in sub.marks} if args.any_label else DEFAULT_LABELS
                check_against(sub, article, labels)
                against = f"article {article.path}"
            print(f"ok    {path}: {len(sub.marks)} marks by {sub.student_id}, checked "
                  f"against {against}")
        except AnnotatorError as exc:
            problems += 1
            print(f"error {exc}")
    print(f"\n{checked - problems} valid, {problems} invalid.")
    return 1 if problems else 0


def cmd_score(args: argparse.Namespace) -> int:
    from annotator.feedback import text_report
    from annotator.key import load_key
    from annotator.scoring import score
    from annotator.submission import check_against, load_submission

    try:
        key = load_key(args.key)
        sub = load_submission(args.submission)
        check_against(sub, key.article, key.labels)
    except AnnotatorError as exc:
        print(f"error {exc}", file=sys.stderr)
        return 1
    result = score(sub.marks, key, args.policy)
    if args.json:
        data = result.to_dict()
        data.update(student=sub.student_id, key=str(args.key), article=key.article_id)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"{sub.student_id} on '{key.article_id}'")
        print(text_report(result, key, reveal_missed=not args.hide_missed))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Mark claims, sources and hedges in news articles; score marks against "
                    "answer keys.",
        epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("validate", help="check answer keys and submissions",
                       description="Check answer keys (.yaml) and submissions (.json) against "
                                   "their article. Submissions are checked against a key given "
                                   "on the same line (or --key), else against seeds/<id>.txt.",
                       epilog=EPILOG)
    p.add_argument("files", nargs="+", metavar="FILE", help="keys (.yaml) and submissions (.json)")
    p.add_argument("--key", help="answer key to check submissions against")
    p.add_argument("--any-label", action="store_true",
                   help="without a key, accept any label name (default: claim, source, hedge)")
    p.set_defaults(run=cmd_validate)

    p = sub.add_parser("score", help="score one submission against a key",
                       description="Score one submission and print a readable report, or JSON.",
                       epilog="Exit status: 0 scored, 1 input rejected, 2 usage error.")
    p.add_argument("submission", metavar="SUBMISSION", help="the student's .json file")
    p.add_argument("--key", required=True, help="the answer key (.yaml)")
    p.add_argument("--policy", choices=sorted(POLICIES), default=None,
                   help="scoring policy (default: the key's, else standard)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--hide-missed", action="store_true",
                   help="do not list the items the student missed")
    p.set_defaults(run=cmd_score)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
