"""The one call a lesson notebook makes: ``exercise("kn23", labels=["claim"], ...)``.

It finds the article (``seeds/<id>.txt``) and its key (``answer_keys/<id>.yaml`` in the same
project), keeps the key items of the lesson's labels, decides whose work it is and where it is
saved, and returns the widget.

``author("kn23")`` is the teacher's counterpart: the same widget in author mode, editing the
article's whole key (or a new, empty one) and saving it back to ``answer_keys/<id>.yaml``.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotator.article import Article, load_article
from annotator.errors import AnnotatorError
from annotator.key import DEFAULT_LABELS, AnswerKey, key_for_labels, load_key
from annotator.widget import Annotator, empty_key, safe_id

__all__ = ["author", "exercise", "find_key_file", "key_for_labels"]


def exercise(article: str, *, labels: list[str] | None = None, lesson: str | None = None,
             key: str | None = None, student: str | None = None, reveal_missed: bool = True,
             hints: bool = True, save_dir: str | None = None) -> Annotator:
    """The annotation exercise for one article.

    - ``article``: an article id (``seeds/<id>.txt``) or the path of an article file.
    - ``labels``: the labels to mark (default: all the key's labels).
    - ``lesson``: the lesson id; names the folder work is saved in (default: the article id).
    - ``key``: an answer key path or id (default: ``answer_keys/<article id>.yaml`` next to the
      ``seeds`` folder). Without a key the widget works but has no Check or Hint.
    - ``student``: whose work this is; else ``$JUPYTERHUB_USER``; else a name field (holding
      the name last typed in this kernel, for Start to confirm or the next student to change).
    - ``reveal_missed``: Check shows the items the student missed.
    - ``hints``: show the Hint button.
    - ``save_dir``: where submissions go (default: ``submissions/<lesson>/`` under the
      notebook's folder); the file is ``<safe student id>.json``.
    """
    art = load_article(article)
    answer_key = _load_lesson_key(art, key)
    names = list(labels) if labels else list(answer_key.labels if answer_key else DEFAULT_LABELS)
    if answer_key is not None:
        answer_key = key_for_labels(answer_key, names)
    login = os.environ.get("JUPYTERHUB_USER", "").strip()
    who = (student or "").strip()
    # the name last typed in this kernel is offered, not used: on a shared computer the next
    # student would otherwise work in the last one's file without being asked
    offered = "" if who or login else Annotator.remembered_name
    lesson_id = lesson or art.id
    folder = save_dir or str(Path.cwd() / "submissions" / safe_id(lesson_id))
    return Annotator(art, answer_key, labels=names, lesson=lesson_id, student=who or None,
                     login=login or None, offered_name=offered, save_dir=folder,
                     reveal_missed=reveal_missed, hints=hints)


def author(article: str, *, key: str | None = None) -> Annotator:
    """The author widget: add, resize, relabel and review the items of an article's key.

    - ``article``: an article id (``seeds/<id>.txt``) or the path of an article file.
    - ``key``: an answer key path or id (default: ``answer_keys/<article id>.yaml`` next to the
      ``seeds`` folder). When the file does not exist yet, the widget starts a new, empty key
      and Save creates it.

    Drafted items (``draft: true`` from ``annotator new``) show the rule's reason with Accept
    and Reject. Nothing is written until Save, and only a key that reads back the same.
    """
    art = load_article(article)
    path = find_key_file(art, key) or _project(art) / "answer_keys" / f"{art.id}.yaml"
    answer_key = load_key(path, article=art) if path.is_file() else empty_key(art)
    return Annotator(art, answer_key, mode="author", key_path=path)


def find_key_file(art: Article, key: str | None = None) -> Path | None:
    """``key`` as a path, or ``<project>/answer_keys/<key or article id>.yaml``."""
    if key:
        given = Path(key)
        if given.suffix or given.exists():
            return given
    candidate = _project(art) / "answer_keys" / f"{key or art.id}.yaml"
    return candidate if candidate.is_file() or key else None


def _project(art: Article) -> Path:
    """The folder that holds ``seeds/`` and ``answer_keys/``."""
    return Path(art.path).resolve().parent.parent if art.path else Path.cwd()


def _load_lesson_key(art: Article, key: str | None) -> AnswerKey | None:
    path = find_key_file(art, key)
    if path is None:
        return None
    if not path.is_file():
        raise AnnotatorError("answer key not found. Check key= in the lesson.", path=path)
    return load_key(path, article=art)
