"""Editing an answer key: pure functions from one ``AnswerKey`` to the next.

Author mode (``annotator.widget``) calls these and only publishes what they return. Each edit
takes a key and gives back a new key, never changing the one it was given; when an edit would
change nothing it gives back the very same key. Edits refuse bad input with an
``AnnotatorError`` that says what to do instead.

An edited key is kept only after ``checked``: the key's own writer and reader
(``key_to_data`` then ``parse_key``) must give its items back unchanged, so an editor never
holds a key that could not be saved and read back the same.
"""

from __future__ import annotations

from dataclasses import replace

from annotator.article import Article
from annotator.authoring import KEY_HEADER, new_item_id
from annotator.errors import AnnotatorError
from annotator.key import (
    DEFAULT_LABELS,
    AnswerKey,
    KeyItem,
    default_max,
    is_draft,
    key_to_data,
    parse_key,
)
from annotator.suggest import SPEECH_FRAME_VERBS

__all__ = [
    "EDITABLE", "accept_item", "add_item", "checked", "comments_between_items",
    "delete_item", "drafts_left", "empty_key", "find", "header", "is_draft", "new_item_id",
    "relabel_item", "reset_extents", "resize_item", "same_items", "set_max", "set_min",
    "update_item", "with_items",
]

#: The fields of an item an author edits by name (``update_item``).
EDITABLE = ("id", "required", "alt_labels", "source_type", "interested_party", "why", "points")


# -- keys and items -----------------------------------------------------------------------


def empty_key(article: Article) -> AnswerKey:
    """A new key for an article: the default labels and no items yet."""
    return AnswerKey(article=article, items=(), labels=DEFAULT_LABELS)


def drafts_left(key: AnswerKey) -> int:
    """Items still marked ``draft: true``, not yet reviewed."""
    return sum(is_draft(item) for item in key.items)


def with_items(key: AnswerKey, items) -> AnswerKey:
    """The key with these items; the key-level ``draft`` flag goes with the last draft."""
    items = tuple(items)
    extra = dict(key.extra)
    if extra.get("draft") is True and not any(is_draft(item) for item in items):
        del extra["draft"]
    return replace(key, items=items, extra=extra)


def same_items(a: AnswerKey, b: AnswerKey) -> bool:
    """True when saving ``b`` would write the same items as ``a``.

    Compares the fields ``KeyItem`` equality leaves out too (``extra``, ``by_offsets``).
    """
    return _state(a) == _state(b)


def find(key: AnswerKey, item_id: str) -> KeyItem:
    """The item with this id, or an error that says it is not there."""
    for item in key.items:
        if item.id == item_id:
            return item
    raise AnnotatorError(f"there is no item {item_id!r} in this key (was it deleted?).")


def checked(key: AnswerKey, path: str | None = None) -> AnswerKey:
    """The key, if its writer and reader give its items back unchanged; ``path`` names the
    file in the reader's messages."""
    read = parse_key(key_to_data(key), path=path, article=key.article).items
    for mine, back in zip(key.items, read):
        if mine != back or mine.extra != back.extra:
            raise AnnotatorError("would not read back the same from the key file (its "
                                 "min or max text occurs twice): choose a slightly "
                                 "different min or max.", field=f"item {mine.id}")
    return key


# -- edits --------------------------------------------------------------------------------


def add_item(key: AnswerKey, start: int, end: int, label: str) -> tuple[AnswerKey, str]:
    """A new required item over ``[start, end)`` (snapped to words), in document order;
    returns the new key and the item's id."""
    _need_label(key, label)
    article = key.article
    s, e = _snap(article, start, end)
    same = next((i for i in key.items if (i.start, i.end, i.label) == (s, e, label)), None)
    if same is not None:
        a = "an" if label[:1].lower() in "aeiou" else "a"
        raise AnnotatorError(f"there is already {a} {label} item on these words "
                             f"({same.id}): select it instead of adding another.")
    item_id = new_item_id(label, article.text[s:e], s, {i.id for i in key.items})
    low, high = source_min(article, s, e) if label == "source" else (s, e)
    wide = source_max(article, s, e) if label == "source" else default_max(article, label, s, e)
    item = KeyItem(item_id, label, s, e, low, high, *wide)
    items = list(key.items)
    at = next((n for n, other in enumerate(items) if other.start > s), len(items))
    items.insert(at, item)
    return with_items(key, items), item_id


def resize_item(key: AnswerKey, item_id: str, start: int, end: int) -> AnswerKey:
    """Move the item's span; its min shrinks into it and its max grows around it."""
    item = find(key, item_id)
    article = key.article
    s, e = _snap(article, start, end)
    if (s, e) == (item.start, item.end):
        return key
    if (item.min_start, item.min_end) == (item.start, item.end):
        low, high = s, e
    else:
        low, high = article.snap(max(item.min_start, s), min(item.min_end, e)) or (s, e)
    if (item.max_start, item.max_end) == default_max(article, item.label, item.start, item.end):
        max_span = default_max(article, item.label, s, e)
    else:
        max_span = min(item.max_start, s), max(item.max_end, e)
    return _replace(key, item, replace(item, start=s, end=e, min_start=low, min_end=high,
                                       max_start=max_span[0], max_end=max_span[1]))


def relabel_item(key: AnswerKey, item_id: str, label: str) -> AnswerKey:
    """Give the item another label; a default max follows the new label's default."""
    item = find(key, item_id)
    _need_label(key, label)
    if label == item.label:
        return key
    article = key.article
    max_span = (item.max_start, item.max_end)
    if max_span == default_max(article, item.label, item.start, item.end):
        max_span = default_max(article, label, item.start, item.end)
    changed = replace(item, label=label, max_start=max_span[0], max_end=max_span[1],
                      alt_labels=tuple(a for a in item.alt_labels if a != label))
    return _replace(key, item, _drop_source_fields(changed))


def set_min(key: AnswerKey, item_id: str, start: int, end: int) -> AnswerKey:
    """The smallest span that earns full credit: words inside the item's span."""
    item = find(key, item_id)
    article = key.article
    s, e = _snap(article, start, end)
    if not (item.start <= s and e <= item.end):
        raise AnnotatorError(
            f"min {article.text[s:e]!r} is not inside the item's words "
            f"{_quote(article, item.start, item.end)!r}: select part of them, then press "
            "Set min.", field=f"item {item.id}.min")
    return _replace(key, item, replace(item, min_start=s, min_end=e))


def set_max(key: AnswerKey, item_id: str, start: int, end: int) -> AnswerKey:
    """The largest span that still earns full credit: words around the item's span."""
    item = find(key, item_id)
    article = key.article
    s, e = _snap(article, start, end)
    if not (s <= item.start and item.end <= e):
        raise AnnotatorError(
            f"max {_quote(article, s, e)!r} does not contain the item's words "
            f"{_quote(article, item.start, item.end)!r}: select them and the words around "
            "them that may also be marked, then press Set max.", field=f"item {item.id}.max")
    return _replace(key, item, replace(item, max_start=s, max_end=e))


def reset_extents(key: AnswerKey, item_id: str) -> AnswerKey:
    """Min back to the item's span, max back to the KEY-GUIDE default for its label."""
    item = find(key, item_id)
    low, high = default_max(key.article, item.label, item.start, item.end)
    return _replace(key, item, replace(item, min_start=item.start, min_end=item.end,
                                       max_start=low, max_end=high))


def update_item(key: AnswerKey, item_id: str, /, **changes) -> tuple[AnswerKey, str]:
    """Change the ``EDITABLE`` fields named in ``changes``; returns the new key and the
    item's (possibly new) id."""
    item = find(key, item_id)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise AnnotatorError(f"cannot change {', '.join(unknown)} here: the fields an "
                             f"author edits are {', '.join(EDITABLE)}.")
    fields, extra, where = {}, dict(item.extra), f"item {item.id}"
    if "id" in changes:
        new_id = str(changes["id"]).strip()
        if not new_id:
            raise AnnotatorError("the id is empty: give every item a short unique id.",
                                 field=f"{where}.id")
        if new_id != item.id and any(other.id == new_id for other in key.items):
            raise AnnotatorError(f"id {new_id!r} is already used by another item: "
                                 "every item needs its own id.", field=f"{where}.id")
        fields["id"] = new_id
    for name, kind in (("required", bool), ("interested_party", bool), ("why", str)):
        if name in changes and not isinstance(changes[name], kind):
            raise AnnotatorError(f"{name} must be {'true or false' if kind is bool else 'text'}"
                                 f", got {changes[name]!r}.", field=f"{where}.{name}")
    if "required" in changes:
        fields["required"] = changes["required"]
    if "why" in changes:
        fields["why"] = changes["why"].strip()
    if "alt_labels" in changes:
        alt = changes["alt_labels"] or []
        if not isinstance(alt, (list, tuple)) or not all(isinstance(a, str) for a in alt):
            raise AnnotatorError("alt_labels must be a list of label names.",
                                 field=f"{where}.alt_labels")
        fields["alt_labels"] = tuple(dict.fromkeys(alt))
    if "source_type" in changes:
        value = changes["source_type"]
        if value is not None and not isinstance(value, str):
            raise AnnotatorError(f"source_type must be text, got {value!r}.",
                                 field=f"{where}.source_type")
        fields["source_type"] = value or None
    if "points" in changes:
        points = changes["points"]
        if not isinstance(points, (int, float)) or isinstance(points, bool):
            raise AnnotatorError(f"points must be a number, got {points!r}.",
                                 field=f"{where}.points")
        fields["points"] = float(points)
    if "interested_party" in changes:
        if changes["interested_party"]:
            extra["interested_party"] = True
        else:
            extra.pop("interested_party", None)
    changed = replace(item, **fields, extra=extra)
    if "alt_labels" in changes:
        changed = _drop_source_fields(changed)
    return _replace(key, item, changed), changed.id


def accept_item(key: AnswerKey, item_id: str) -> AnswerKey:
    """A drafted item is reviewed: its ``draft`` flag and the rule's ``reason`` go."""
    item = find(key, item_id)
    if not is_draft(item):
        raise AnnotatorError(f"item {item.id} is not a draft: there is nothing to accept.")
    extra = {k: v for k, v in item.extra.items() if k not in ("draft", "reason")}
    return _replace(key, item, replace(item, extra=extra))


def delete_item(key: AnswerKey, item_id: str) -> AnswerKey:
    """Remove an item (Reject, for a drafted one)."""
    n = _index(key, find(key, item_id))
    return with_items(key, key.items[:n] + key.items[n + 1:])


# -- the key file's comments --------------------------------------------------------------


def header(key: AnswerKey, disk_text: str | None) -> str:
    """The comment lines at the top of the key file (``disk_text``, None for a new file),
    kept; a draft's header goes with the last draft."""
    lines = []
    for line in (disk_text or "").splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
    top = "".join(lines).strip("\n")
    draft_header = KEY_HEADER.format(id=key.article_id).splitlines()[0]
    if top.startswith(draft_header) and not any(is_draft(i) for i in key.items):
        top = (f"# Answer key for seeds/{key.article_id}.txt: drafted by `annotator new`,"
               "\n# reviewed in the widget's author mode.")
    elif not top and disk_text is None:
        top = f"# Answer key for seeds/{key.article_id}.txt, written in author mode."
    return f"{top}\n" if top else ""


def comments_between_items(text: str) -> bool:
    """True when a comment follows the first YAML line: ``dump_key`` cannot keep those."""
    started = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not started:
            started = not stripped.startswith("#")
        elif "#" in stripped and (stripped.startswith("#") or " #" in line):
            return True
    return False


# -- helpers ------------------------------------------------------------------------------


def _state(key: AnswerKey) -> list:
    return [(item, item.extra, item.by_offsets) for item in key.items]


def _replace(key: AnswerKey, old: KeyItem, new: KeyItem) -> AnswerKey:
    n = _index(key, old)
    return with_items(key, key.items[:n] + (new,) + key.items[n + 1:])


def _index(key: AnswerKey, item: KeyItem) -> int:
    return next(n for n, other in enumerate(key.items) if other is item)


def _need_label(key: AnswerKey, label) -> None:
    if label not in key.labels:
        raise AnnotatorError(f"label {label!r} is not one of this key's labels "
                             f"({', '.join(key.labels)}).")


_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev"])
_LEADING = frozenset(["the", "a", "an"]) | _HONORIFICS


def source_min(article: Article, start: int, end: int) -> tuple[int, int]:
    """KEY-GUIDE's source ``min``, the name or head noun, as far as words tell: the span
    without a leading article or title ("Ms Zoë Müller-Ashworth" → "Zoë Müller-Ashworth",
    "the council" → "council")."""
    words = article.word_spans(*article.word_range(start, end))
    text = article.text
    while len(words) > 1 and text[slice(*words[0])].rstrip(".").casefold() in _LEADING:
        words.pop(0)
    return words[0][0], words[-1][1]


def source_max(article: Article, start: int, end: int) -> tuple[int, int]:
    """KEY-GUIDE's source ``max``: the span with its cue beside it ("according to …",
    "… said")."""
    i, j = article.word_range(start, end)
    text = article.text
    before, after = article.word_spans(i - 2, i), article.word_spans(j, j + 1)
    low, high = start, end
    if len(before) == 2 and text[before[0][0]:before[1][1]].casefold() == "according to" and \
            not text[before[1][1]:start].strip():
        low = before[0][0]
    if after and text[slice(*after[0])].casefold() in SPEECH_FRAME_VERBS and \
            not text[end:after[0][0]].strip(" ,"):
        high = after[0][1]
    return low, high


def _snap(article: Article, start, end) -> tuple[int, int]:
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        raise AnnotatorError(f"a span is two whole numbers, got {start!r} and {end!r}.")
    if not 0 <= start < end <= len(article.text):
        raise AnnotatorError(f"the span [{start}, {end}) is not inside the article (0 to "
                             f"{len(article.text)}).")
    snapped = article.snap(start, end)
    if snapped is None:
        raise AnnotatorError("nothing to mark there: select at least one word.")
    return snapped


def _quote(article: Article, start: int, end: int) -> str:
    text = " ".join(article.text[start:end].split())
    return text if len(text) <= 80 else f"{text[:77]}…"


def _drop_source_fields(item: KeyItem) -> KeyItem:
    """A source type belongs to items that count as a source; others lose it."""
    if "source" in item.accepts:
        return item
    extra = {k: v for k, v in item.extra.items() if k != "interested_party"}
    return replace(item, source_type=None, extra=extra)
