"""Shared fixtures: the real kn23 article and key, small synthetic keys, and file helpers."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from annotator.article import Article, load_article
from annotator.key import AnswerKey, load_key, parse_key
from annotator.submission import FORMAT as SUBMISSION_FORMAT
from annotator.submission import Mark

REPO = Path(__file__).resolve().parent.parent
KN23_TXT = REPO / "seeds" / "kn23.txt"
KN23_KEY = REPO / "answer_keys" / "kn23.yaml"
KN23_SHA256 = "5469dc5df8bafab94c7e705fc09a8cc8a7df434063642d90317037960fee7835"


@pytest.fixture(scope="session")
def kn23() -> Article:
    return load_article(KN23_TXT)


@pytest.fixture(scope="session")
def kn23_key(kn23) -> AnswerKey:
    return load_key(KN23_KEY)


@pytest.fixture(scope="session")
def kn23_required_marks(kn23_key) -> list[Mark]:
    """The perfect submission: every required item's exact span, with its label."""
    return [Mark(i.start, i.end, i.label) for i in kn23_key.items if i.required]


@pytest.fixture(scope="session")
def quote_mark(kn23):
    """``quote_mark(quote, label, nth=1, article=kn23)``: a mark over that occurrence."""
    def build(quote: str, label: str, nth: int = 1, article: Article | None = None) -> Mark:
        article = article or kn23
        found = article.find(quote, nth)
        assert found is not None, f"{quote!r} is not in the article"
        return Mark(found[0], found[1], label)
    return build


@pytest.fixture(scope="session")
def item_mark(kn23_key):
    """``item_mark(item_id, label=None, key=kn23_key)``: a mark over exactly an item's span,
    with the item's label unless told."""
    def build(item_id: str, label: str | None = None, key: AnswerKey | None = None) -> Mark:
        item = (key or kn23_key).item(item_id)
        return Mark(item.start, item.end, label or item.label)
    return build


@pytest.fixture(scope="session")
def make_key():
    """``make_key(article, items, labels=..., **top)``: a key parsed from plain data.

    Items use ``quote`` or ``start``/``end`` exactly as a YAML key would; ``labels=None``
    leaves the labels out.
    """
    def build(article: Article, items, labels=("claim", "source", "hedge"), **top) -> AnswerKey:
        data = {"format": "annotator.key.v1", "article": article.id, "sha256": article.sha256,
                "labels": list(labels) if isinstance(labels, tuple) else labels,
                "items": list(items), **top}
        if labels is None:
            del data["labels"]
        return parse_key(data, article=article)
    return build


@pytest.fixture(scope="session")
def article():
    """``article(text, id="demo")``: an Article built from text."""
    def build(text: str, id: str = "demo") -> Article:
        return Article.from_text(text, id=id)
    return build


@pytest.fixture()
def write(tmp_path):
    """``write(name, content)``: a file under tmp_path (str → UTF-8, bytes as is)."""
    def put(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path
    return put


@pytest.fixture()
def submission_data():
    """``submission_data(marks=[...], **changes)``: a valid kn23 submission as a dict."""
    def build(marks=(), **changes) -> dict:
        data = {
            "format": SUBMISSION_FORMAT,
            "student": {"id": "s-017", "name": "Ada Lovelace"},
            "lesson": "kn23-hedging",
            "article": {"id": "kn23", "sha256": KN23_SHA256},
            "marks": [dict(m) for m in marks],
            "saved_at": "2026-11-26T17:03:00Z",
            "tool_version": "0.1.0",
        }
        data.update(changes)
        return data
    return build


@pytest.fixture()
def write_json(write):
    def put(name: str, data) -> Path:
        return write(name, json.dumps(data, ensure_ascii=False, indent=1))
    return put


@pytest.fixture()
def closed(monkeypatch):
    """``closed(folder, ..., listable=False)``: close folders as another user's mode 700 home
    is closed to a teacher: listing one (unless ``listable``: mode a+r without a+x), and
    reaching or opening anything in it, is denied. chmod does that
    unless the tests run as root, so os.scandir, os.stat and os.open are made to say it too.
    The folders get their mode back afterwards, so that pytest can remove them."""
    shut: list[str] = []
    listed: list[str] = []  # closed folders that can still be listed (mode a+r without a+x)

    def inside(path) -> bool:
        return isinstance(path, (str, os.PathLike)) and \
            any(os.fspath(path).startswith(f + os.sep) for f in shut)

    def denied(path):
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    real_scandir, real_stat, real_open = os.scandir, os.stat, os.open

    def scandir(path="."):
        if inside(path) or os.fspath(path) in shut and os.fspath(path) not in listed:
            raise denied(path)
        return real_scandir(path)

    def stat(path, *args, **kwargs):
        if inside(path):
            raise denied(path)
        return real_stat(path, *args, **kwargs)

    def open_(path, *args, **kwargs):
        if inside(path):
            raise denied(path)
        return real_open(path, *args, **kwargs)

    def close(*folders, listable: bool = False):
        for folder in map(os.fspath, folders):
            os.chmod(folder, 0o444 if listable else 0)
            shut.append(folder)
            if listable:
                listed.append(folder)
        monkeypatch.setattr(os, "scandir", scandir)
        monkeypatch.setattr(os, "stat", stat)
        monkeypatch.setattr(os, "open", open_)
    yield close
    for folder in shut:
        os.chmod(folder, 0o755)


@pytest.fixture()
def two_students(kn23_key, write_json, submission_data, tmp_path):
    """``tmp_path/class`` holding two good submissions, s-0 and s-1 (each marks 15 key items)."""
    for n in range(2):
        items = kn23_key.items[n * 5:(n + 1) * 5 + 10]
        data = submission_data(marks=[{"label": i.label, "start": i.start, "end": i.end}
                                      for i in items])
        data["student"] = {"id": f"s-{n}", "name": f"Student {n}"}
        write_json(f"class/s-{n}.json", data)
    return tmp_path / "class"
