"""AnswerKey and KeyItem: what an instructor writes (``annotator.key.v1`` YAML).

Loading resolves every item to offsets in its article and fails loudly on anything that would
make the key score against the wrong text. One reader (``load_key`` / ``parse_key``), one
writer (``dump_key`` / ``save_key``).
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from annotator.article import (
    Article,
    find_article_file,
    load_article,
    occurrences,
    quote_places,
)
from annotator.errors import AnnotatorError
from annotator.files import decode_utf8, read_bytes, write_atomic
from annotator.names import plain_id
from annotator.policy import POLICIES
from annotator.yamladvice import cut_by_comments, ids_not_as_written, repeated_key, yaml_problem

FORMAT = "annotator.key.v1"
DEFAULT_LABELS = ("claim", "source", "hedge")
SOURCE_TYPES = ("named_person", "named_organization", "unnamed_described", "vague", "implicit")
_KNOWN_FIELDS = ("id", "label", "quote", "nth", "start", "end", "min", "max", "required",
                 "alt_labels", "points", "why", "source_type")


@dataclass(frozen=True)
class KeyItem:
    id: str
    label: str
    start: int
    end: int
    min_start: int
    min_end: int
    max_start: int
    max_end: int
    required: bool = True
    alt_labels: tuple[str, ...] = ()
    points: float = 1.0
    why: str = ""
    source_type: str | None = None
    extra: dict = field(default_factory=dict, compare=False, repr=False)
    by_offsets: bool = field(default=False, compare=False, repr=False)
    # min and max written as text on an item given by start and end: saved as text again
    min_as_text: bool = field(default=False, compare=False, repr=False)
    max_as_text: bool = field(default=False, compare=False, repr=False)
    # read from a quote written without nth: the first occurrence was taken, as the default
    first_by_default: bool = field(default=False, compare=False, repr=False)

    @property
    def accepts(self) -> tuple[str, ...]:
        return (self.label, *self.alt_labels)


@dataclass(frozen=True)
class Distractor:
    """A span students are likely to mark wrongly (a participant taken for a source, a booster
    taken for a hedge): a mark of one of ``labels`` there is still extra, but its feedback
    explains why, in the key's words."""

    start: int
    end: int
    labels: tuple[str, ...]
    why: str
    first_by_default: bool = field(default=False, compare=False, repr=False)
    # made for an item of a label the exercise does not ask for (key_for_labels): a mark must
    # take in half of it or more (a word inside a long claim is not the claim)
    whole: bool = field(default=False, compare=False, repr=False)
    extra: dict = field(default_factory=dict, compare=False, repr=False)  # kept as written


@dataclass(frozen=True, eq=False)
class AnswerKey:
    article: Article
    items: tuple[KeyItem, ...]
    labels: tuple[str, ...] = DEFAULT_LABELS
    policy: str | None = None
    distractors: tuple[Distractor, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, repr=False)
    path: str | None = field(default=None, compare=False)
    # what reading the file found that the data alone cannot show (a '#' that cut a why)
    load_warnings: tuple[str, ...] = field(default=(), compare=False, repr=False)
    # the sha256 of the key file's bytes as read (``load_key``): which version was graded with
    file_sha256: str | None = field(default=None, compare=False, repr=False)

    @property
    def article_id(self) -> str:
        return self.article.id

    @property
    def sha256(self) -> str:
        return self.article.sha256

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {item.id: item for item in self.items})

    def item(self, item_id: str) -> KeyItem:
        return self._by_id[item_id]


def key_for_labels(key: AnswerKey, names: list[str] | tuple[str, ...]) -> AnswerKey:
    """The key reduced to a lesson's labels.

    Items of other labels drop out, except those that also accept one of the lesson's labels
    ("reportedly" is a hedge and also an implicit source): in a sources lesson such an item
    stays, as an optional source, so marking it is never counted against the student.
    """
    unknown = [name for name in names if name not in key.labels]
    if unknown:
        raise AnnotatorError(
            f"the lesson asks for label(s) {', '.join(map(repr, unknown))}, but the key only "
            f"has {', '.join(key.labels)}. Use the key's labels (--labels on the command line, "
            "labels= in a lesson) or add them to the key.",
            path=key.path, field="labels")
    wanted = set(names)
    items, others = [], []
    for item in key.items:
        alternatives = tuple(a for a in item.alt_labels if a in wanted)
        if item.label in wanted:
            items.append(replace(item, alt_labels=alternatives))
        elif alternatives:
            items.append(replace(item, label=alternatives[0], alt_labels=alternatives[1:],
                                 required=False))
        elif item.required:
            others.append(Distractor(item.start, item.end, tuple(names),
                                     _other_label_why(item.label, names), whole=True))
    # An item of another label marked with the lesson's (a source marked as a claim in the
    # claims lesson) is still extra, but the key knows what it is: the student is told, and the
    # class report lists it among the mistakes to discuss rather than as a new item to add.
    return replace(key, items=tuple(items), labels=tuple(names),
                   distractors=(*key.distractors, *others))


def _other_label_why(label: str, names: Sequence[str]) -> str:
    from annotator.labels import a_label, meaning

    covers = meaning(label)
    what = f"as {a_label(label)} ({covers})" if covers else f"labelled {label}"
    asked = " or ".join(a_label(name, labelled=False) for name in names)
    return (f"The full answer key has these words {what}, not as {asked}. This exercise asks "
            f"only for {' and '.join(names)} marks.")


def one_label_advice(used: set[str], labels: Sequence[str], verb: str,
                     command_line: bool = True) -> str | None:
    """When marks use one label of the key's several (``used``: a lesson 1-3 file scored on
    the whole key), how to ``verb`` ("grade", "score") them on that label alone: with
    ``--labels`` on the command line, else with ``labels=``; None otherwise."""
    if not used or not used < set(labels):
        return None
    only = sorted(used)
    how = f"--labels {' '.join(only)}" if command_line else f"labels={only}"
    return (f"If the lesson asked for {', '.join(only)} alone (lessons 1-3 ask for one label), "
            f"{verb} with {how}: as it is, the key's other items count as missed.")


def is_draft(item: KeyItem) -> bool:
    """Drafted by ``annotator new`` and not yet reviewed."""
    return item.extra.get("draft") is True


def review_warnings(key: AnswerKey) -> list[str]:
    """What to put right before students use a key that is valid as it stands: items still
    drafts, whys still the drafter's placeholder or empty, or no items at all."""
    if not key.items:
        return [("has no items, so every mark a student makes counts as extra. Add the items "
                 "(author mode) before class."), *key.load_warnings]

    def some(items: list[KeyItem]) -> str:
        ids = [item.id for item in items]
        more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
        return f"{len(ids)} of {len(key.items)} items ({', '.join(ids[:3])}{more})"

    warnings = []
    if drafts := [item for item in key.items if is_draft(item)]:
        warnings.append(f"{some(drafts)} are drafts not yet reviewed. Review each with "
                        "answer_keys/KEY-GUIDE.md (author mode: Accept or Reject) before students "
                        "see it.")
    if placeholders := [item for item in key.items if item.why.startswith("DRAFT:")]:
        warnings.append(f"{some(placeholders)} still have the drafted why (\"DRAFT: ...\"), "
                        "which students are not shown, so they read no reason for them. Rewrite "
                        "each why to teach.")
    if empty := [item for item in key.items if not item.why]:
        warnings.append(f"{some(empty)} have no why, so students read no reason for them. "
                        "Add one to each.")
    warnings += _misspelt_fields(key)
    warnings += list(key.load_warnings)
    warnings += _quotes_taken_first(key)
    warnings += _items_on_one_span(key)
    warnings += _types_off_sources(key)
    warnings += _own_labels_without_max(key)
    return warnings


def _own_labels_without_max(key: AnswerKey) -> list[str]:
    """A teacher's own label for claims ("afirmación") is marked as claims are, to the whole
    sentence, but only a claim's max grows to its sentence by default (KEY-GUIDE): once per
    such label, the items without a max whose sentence is longer than their quote."""
    from annotator.labels import NEWS_LABELS

    short: dict[str, list[str]] = {}
    for item in key.items:
        if item.label in NEWS_LABELS or item.max_as_text or \
                (item.max_start, item.max_end) != (item.start, item.end):
            continue
        if default_max(key.article, "claim", item.start, item.end) != (item.start, item.end):
            short.setdefault(item.label, []).append(item.id)
    found = []
    for label, ids in short.items():
        more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
        have = f"{len(ids)} items ({', '.join(ids[:3])}{more}) have" if len(ids) > 1 else \
            f"1 item ({ids[0]}) has"
        found.append(f"label {label!r}: {have} no max, so a mark longer than the quote earns "
                     "only partial credit (only claim items grow to their whole sentence by "
                     "default). Give max where a longer mark should still count.")
    return found


def _types_off_sources(key: AnswerKey) -> list[str]:
    """A ``source_type`` on an item that is not a source: lessons ask the IMVAIN questions of
    sources only, so it is never used, and the label may be the slip."""
    return [f"item {item.id}: source_type {item.source_type!r} is given, but the item is a "
            f"{item.label}, and source_type is read only on sources. Is the label meant to be "
            "source? If not, delete the source_type line."
            for item in key.items
            if item.source_type and "source" in key.labels and "source" not in item.accepts]


def _quotes_taken_first(key: AnswerKey) -> list[str]:
    """Quotes written without ``nth`` that occur more than once: the first occurrence is
    taken, which may not be the one the author meant ("Pyongyang" occurs twice in kn23)."""
    text = key.article.text
    found = []
    places = [(f"item {item.id}", item) for item in key.items] + [
        (f"distractors[{n}]", d) for n, d in enumerate(key.distractors)]
    for where, place in places:
        if not place.first_by_default:
            continue
        quote = text[place.start:place.end]
        count = _count_occurrences(text, quote)
        if count > 1 and text.find(quote) == place.start:  # not moved since (author mode)
            more = f" (and so on, to nth: {count})" if count > 2 else ""
            found.append(f"{where}: quote {quote!r} occurs {count} times in the article; the "
                         f"first is used. Add nth: 2 for the second{more}, or nth: 1 to say "
                         "the first is meant.")
    return found


def _items_on_one_span(key: AnswerKey) -> list[str]:
    """Items of one label on exactly the same span: a student's mark there answers only one of
    them, so the others are never found, even in a perfect answer."""
    groups: dict[tuple[str, int, int], list[str]] = {}
    for item in key.items:
        groups.setdefault((item.label, item.start, item.end), []).append(item.id)
    found = []
    for (label, start, end), ids in groups.items():
        if len(ids) < 2:
            continue
        quote = key.article.text[start:end]
        shown = quote if len(quote) <= 60 else quote[:57].rstrip() + "…"
        names = ", ".join(ids[:-1]) + f" and {ids[-1]}"
        both, others, count = ("both", "other", "counts") if len(ids) == 2 else (
            "all", "others", "count")
        found.append(f"items {names} are {both} {label} items on the same span {shown!r}: a "
                     f"student's mark there answers only one of them, so the {others} {count} "
                     "as missed even in a perfect answer. Keep one (with the best why) and "
                     f"delete the {others}; a second label belongs in alt_labels.")
    return found


def _count_occurrences(text: str, quote: str) -> int:
    """How many times ``quote`` occurs in ``text``, counted as ``nth`` counts (overlapping;
    with any space for any other when the text never has it as written)."""
    return len(quote_places(text, quote))


_KEY_FIELDS = ("format", "article", "sha256", "labels", "policy", "items", "distractors")


_SCORING_FIELDS = ("required", "alt_labels", "min", "max", "points", "quote", "nth", "label")
# fields the tool does not read but keeps, with a meaning (README): not misspellings
_KEPT_FIELDS = ("interested_party", "channel", "draft", "reason")
_DISTRACTOR_FIELDS = ("quote", "nth", "labels", "why")
# an item's fields that a distractor does not read (a teacher may expect it to)
_ITEM_ONLY_FIELDS = ("min", "max", "required", "alt_labels", "points", "source_type", "start",
                     "end")


@dataclass(frozen=True)
class _FieldSet:
    """The fields one part of a key reads. A misspelling of one that decides which marks it
    answers (``scoring``), or of one it needs (``needed``) and lacks, is an error; of any
    other, a warning."""

    kind: str
    known: tuple[str, ...]
    scoring: tuple[str, ...]
    needed: tuple[str, ...]
    effect: str  # what ignoring a misspelt scoring field would do


_ITEM_FIELD_SET = _FieldSet("item", _KNOWN_FIELDS + _KEPT_FIELDS, _SCORING_FIELDS, ("id",),
                            "change how the item is scored")
_DISTRACTOR_FIELD_SET = _FieldSet("distractor", _DISTRACTOR_FIELDS, ("quote", "nth", "labels"),
                                  ("why",), "change which marks the distractor explains")


def _misspelt(name: object, known: Sequence[str] = _KNOWN_FIELDS + _KEPT_FIELDS) -> str | None:
    """The field ``name`` looks like a misspelling of ("requried" → "required"), if any."""
    if name in known:
        return None
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.75)
    return close[0] if close else None


def _misspellings(raw: dict, fields: _FieldSet) -> list[tuple[object, str, bool]]:
    """The fields of an item or distractor as written that look like a misspelt one, as
    (written, meant, whether it is an error)."""
    found = []
    for name in raw:
        if close := _misspelt(name, fields.known):
            error = close in fields.scoring or (close in fields.needed and close not in raw)
            found.append((name, close, error))
    return found


def _misspelt_errors(raw: dict, where: str, fields: _FieldSet, problems: _Problems) -> set[str]:
    """Notes the misspellings that are errors in ``problems``; returns the fields they were
    meant to be, whose own checks then do not also say that they are missing."""
    meant = set()
    for name, close, error in _misspellings(raw, fields):
        if not error:
            continue
        effect = f"so it would be ignored and {fields.effect}" if close in fields.scoring \
            else f"so the {fields.kind} has no {close}"
        problems.add(f"field {name!r} is not one this tool reads, {effect}. Did you mean "
                     f"{close!r}? Correct the spelling.", f"{where}.{name}")
        meant.add(close)
    return meant


def _misspelt_warning(where: str, name: object, close: str) -> str:
    return (f"{where}: field {name!r} is not one this tool reads, so it has no effect. Did "
            f"you mean {close!r}?")


def _item_field_warning(where: str, name: str) -> str:
    return (f"{where}: field {name!r} is one of an item's fields, and a distractor reads only "
            f"{', '.join(_DISTRACTOR_FIELDS)}, so it has no effect here.")


def _misspelt_fields(key: AnswerKey) -> list[str]:
    """Fields this tool does not read, kept as written, that look like a misspelt one it
    does read ("sorce_type" is kept and does nothing), and an item's fields in a distractor
    ("min" there does nothing)."""
    found = []
    places = [("the key", key.extra, _KEY_FIELDS)] + [
        (f"item {item.id}", item.extra, _KNOWN_FIELDS + _KEPT_FIELDS) for item in key.items] + [
        (f"distractors[{n}]", d.extra, _DISTRACTOR_FIELDS) for n, d in enumerate(key.distractors)]
    for where, extra, known in places:
        for name in extra:
            if close := _misspelt(name, known):
                found.append(_misspelt_warning(where, name, close))
            elif known is _DISTRACTOR_FIELDS and name in _ITEM_ONLY_FIELDS:
                found.append(_item_field_warning(where, name))
    return found


def _raw_misspellings(data: object) -> list[str]:
    """``_misspelt_fields`` read off the YAML data itself, for a key with errors; misspelt
    fields that are errors are left to the error."""
    if not isinstance(data, dict):
        return []
    found = [_misspelt_warning("the key", name, close) for name in data
             if (close := _misspelt(name, _KEY_FIELDS))]
    items, distractors = data.get("items"), data.get("distractors")
    places = [(f"item {raw.get('id')}" if _is_id(raw.get("id")) else f"items[{n}]", raw,
               _ITEM_FIELD_SET)
              for n, raw in enumerate(items if isinstance(items, list) else [])
              if isinstance(raw, dict)] + [
        (f"distractors[{n}]", raw, _DISTRACTOR_FIELD_SET)
        for n, raw in enumerate(distractors if isinstance(distractors, list) else [])
        if isinstance(raw, dict) and not _looks_like_item(raw)]
    for where, raw, fields in places:
        found += [_misspelt_warning(where, name, close)
                  for name, close, error in _misspellings(raw, fields) if not error]
        if fields is _DISTRACTOR_FIELD_SET:  # start and end without a quote: in the error
            found += [_item_field_warning(where, name) for name in raw
                      if name in _ITEM_ONLY_FIELDS and
                      ("quote" in raw or name not in ("start", "end"))]
    return found


def default_max(article: Article, label: str, start: int, end: int) -> tuple[int, int]:
    """KEY-GUIDE defaults: a claim may grow to its whole sentence; other labels to the span."""
    if label == "claim":
        s, e = article.sentence_of(start, end)
        return min(s, start), max(e, end)
    return start, end


class RepeatedKeyError(yaml.constructor.ConstructorError):
    """A mapping that gives one key twice; ``first`` and ``second`` are the two key nodes."""

    def __init__(self, mapping: yaml.MappingNode, name: object, first: yaml.Node,
                 second: yaml.Node):
        super().__init__(None, None, f"{name!r} appears twice", second.start_mark)
        self.mapping, self.name, self.first, self.second = mapping, name, first, second


class KeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key written twice in one mapping is an error.

    PyYAML keeps the last silently: a second ``items:`` appended at the end of a key would
    replace every item above it, and a ``required: false`` added above an old
    ``required: true`` would be ignored.
    """

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
                    continue  # a merge (<<: *anchor) may be overridden, as YAML means it
                name = self.construct_object(key_node)
                if name in seen:
                    raise RepeatedKeyError(node, name, seen[name], key_node)
                seen[name] = key_node
        return super().construct_mapping(node, deep=deep)


_MERGE = "tag:yaml.org,2002:merge"
_FIELD_NAMES = frozenset((*_KNOWN_FIELDS, *_KEPT_FIELDS, *_KEY_FIELDS, "labels"))


def load_key(path: str | Path, article: Article | None = None) -> AnswerKey:
    raw = read_bytes(path)
    text = decode_utf8(raw, path)
    loader = KeyLoader(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    except RepeatedKeyError as exc:
        where, message = repeated_key(exc, root)
        raise AnnotatorError(message, path=path, field=where) from None
    except yaml.YAMLError as exc:
        raise AnnotatorError(yaml_problem(text, exc, _FIELD_NAMES), path=path) from None
    finally:
        loader.dispose()
    try:
        key = _parse_key(data, path, article, root)
    except AnnotatorError as exc:
        exc.warnings = cut_by_comments(text, root) + ids_not_as_written(data, root) + \
            exc.warnings
        raise
    notes = cut_by_comments(text, root, key.article.text) + ids_not_as_written(data, root)
    return replace(key, load_warnings=tuple(notes), file_sha256=hashlib.sha256(raw).hexdigest())


def parse_key(data: object, path: str | Path | None = None,
              article: Article | None = None) -> AnswerKey:
    """The key in ``data`` (as YAML reads it), resolved against its article.

    Problems with the key as a whole (format, article, sha256, labels) stop at the first;
    every problem of every item and distractor is found, field by field, and all of them are
    raised together."""
    return _parse_key(data, path, article, None)


class _ItemProblem(Exception):
    """One problem of an item or distractor: what, and the field it is in."""

    def __init__(self, message: str, where: str | None):
        super().__init__(message)
        self.message, self.where = message, where


def _item_fail(message: str, where: str | None = None):
    raise _ItemProblem(message, where)


class _Problems:
    """The problems of one item or distractor, found field by field, so that a teacher sees
    them all in one round. A field's check stops at its first problem; a check that needs
    another field (min needs the quote's span) runs only when that field is right, so that
    no problem is only the echo of another."""

    def __init__(self) -> None:
        self.found: list[_ItemProblem] = []

    def add(self, message: str, where: str | None) -> None:
        self.found.append(_ItemProblem(message, where))

    def check(self, step, *args):
        """``step(*args)``, which raises its problem (``_item_fail``); the problem is noted
        and None returned."""
        try:
            return step(*args)
        except _ItemProblem as exc:
            self.found.append(exc)
            return None


class _Lines:
    """Where each item and distractor, and each of their fields, is in the key file (line
    numbers from 1), read off the composed YAML nodes."""

    def __init__(self, root: yaml.Node | None):
        self.nodes: dict[str, list] = {}
        if isinstance(root, yaml.MappingNode):
            for k, v in root.value:
                if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.SequenceNode):
                    self.nodes[k.value] = v.value
        self.root = root

    def of(self, kind: str, n: int | None = None, name: str | None = None) -> int | None:
        if n is None:  # a field of the key itself
            for k, _ in getattr(self.root, "value", ()) if isinstance(
                    self.root, yaml.MappingNode) else ():
                if isinstance(k, yaml.ScalarNode) and k.value == kind:
                    return k.start_mark.line + 1
            return None
        nodes = self.nodes.get(kind, [])
        if n >= len(nodes):
            return None
        node = nodes[n]
        if name and isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == name:
                    return k.start_mark.line + 1
        return node.start_mark.line + 1


def _parse_key(data: object, path, article: Article | None,
               root: yaml.Node | None) -> AnswerKey:
    try:
        return _resolve_key(data, path, article, _Lines(root))
    except AnnotatorError as exc:
        exc.warnings = getattr(exc, "warnings", []) + _raw_misspellings(data)
        raise


def _resolve_key(data: object, path, article: Article | None, lines: _Lines) -> AnswerKey:
    def fail(message: str, where: str | None = None):
        raise AnnotatorError(message, path=path, field=where)

    if not isinstance(data, dict):
        fail("an answer key must be a YAML mapping (format:, article:, items:).")
    data = _in_nfc(data)
    if data.get("format") == "annotator.submission.v1":
        fail("is a student's submission, not an answer key: give the answer key "
             "(answer_keys/<article>.yaml) with --key.", "format")
    if data.get("format") != FORMAT:
        fail(f"format is {data.get('format')!r}, expected {FORMAT!r}.", "format")
    article_id = data.get("article")
    if not isinstance(article_id, str) or not article_id:
        fail("article is missing: give the article id (seeds/<id>.txt).", "article")
    if article is None:
        near = (Path(path).resolve().parent,) if path else ()
        try:
            article = load_article(article_id, near=near)
        except AnnotatorError as exc:
            # a file of the article's that cannot be read (its text, its .meta.yaml) is named
            reason = exc.reason if exc.path is None else f"{exc.path}: {exc.reason}"
            fail(_article_problem(article_id, near, reason), "article")
    sha = data.get("sha256")
    if not sha:
        fail(f"sha256 is missing: add the line sha256: {article.sha256} (article "
             f"'{article.id}' as it is now), so that the key can never score against an edited "
             "text without a word.", "sha256")
    if sha != article.sha256:
        got = f"{str(sha)[:12]}…"
        fail(f"sha256 is {got}, but article '{article.id}' has sha256 {article.sha256}. "
             "If the article was edited on purpose, re-check every item and paste the new "
             "sha256; otherwise restore the original article.", "sha256")
    labels = data.get("labels", list(DEFAULT_LABELS))
    if not isinstance(labels, list) or not labels or not all(
            isinstance(x, str) for x in labels) or len(set(labels)) != len(labels):
        written = f", in square brackets: write labels: [{labels}], not labels: {labels}" if \
            isinstance(labels, str) and "," in labels else ", e.g. [claim, source, hedge]"
        fail(f"labels must be a list of distinct names{written}.", "labels")
    _check_label_names(labels, fail)
    labels = tuple(labels)
    problems: list[tuple[int, str | None, str, int | None]] = []  # sort line, where, what, line
    policy = data.get("policy")
    if policy is not None and policy not in POLICIES:
        tip = f" Did you mean {policy.lower()}?" if isinstance(policy, str) and \
            policy.lower() in POLICIES else ""
        problems.append((lines.of("policy") or 0, "policy",
                         f"policy {policy!r} is unknown: use one of {', '.join(POLICIES)}.{tip}",
                         lines.of("policy")))
        policy = None
    raw_items = data.get("items")
    if raw_items is None:
        fail("items must be a list of key items, and nothing is under 'items:'. Write the "
             "items below it, each beginning with '- id:' (a dash and a space), or "
             "items: [] for a key with no items yet.", "items")
    if isinstance(raw_items, dict):
        fail("items must be a list of key items, and each item begins with a dash: write its "
             "first line '- id: …' (a dash and a space before id), and its other fields "
             "lined up under id.", "items")
    if not isinstance(raw_items, list):
        fail("items must be a list of key items.", "items")

    def note(kind: str, n: int, raw, exc: _ItemProblem) -> None:
        name = exc.where.rsplit(".", 1)[-1] if exc.where and "." in exc.where else None
        if not (isinstance(raw, dict) and name in raw):
            name = None
        line = lines.of(kind, n, name)
        problems.append((line or 0, exc.where, exc.message, line))

    items, first_of = [], {}
    for n, raw in enumerate(raw_items):
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        where = f"items[{n}]"  # a duplicate's other problems are named by its place
        if _is_id(raw_id) and str(raw_id) in first_of:
            first, second = lines.of("items", first_of[str(raw_id)]), lines.of("items", n)
            both = f" (by the items on lines {first} and {second})" if first and second else ""
            problems.append((second or 0, f"items[{n}].id",
                             (f"id {str(raw_id)!r} is used twice{both}: every item needs "
                              "its own id."), None))
        elif _is_id(raw_id):
            first_of[str(raw_id)] = n
            where = f"item {raw_id}"
        found = _Problems()
        item = _parse_item(raw, n, where, article, labels, found)
        for exc in found.found:
            note("items", n, raw, exc)
        if item is not None:
            items.append(item)
    raw_distractors = data.get("distractors", []) or []
    if not isinstance(raw_distractors, list):
        problems.append((lines.of("distractors") or 0, "distractors",
                         "distractors must be a list of {quote, labels, why}.",
                         lines.of("distractors")))
        raw_distractors = []
    distractors = []
    for n, raw in enumerate(raw_distractors):
        found = _Problems()
        distractor = _parse_distractor(raw, n, article, labels, found)
        for exc in found.found:
            note("distractors", n, raw, exc)
        if distractor is not None:
            distractors.append(distractor)
    if problems:
        raise _all_problems(problems, path)
    extra = {k: v for k, v in data.items() if k not in _KEY_FIELDS}
    return AnswerKey(article=article, items=tuple(items), labels=labels, policy=policy,
                     distractors=tuple(distractors), extra=extra,
                     path=None if path is None else str(path))


# What a key's labels, quotes, mins and maxes are compared with is NFC (the article, the
# key's other labels, a submission's labels): a Mac or a PDF copy gives "é" as "e" and an
# accent (NFD), which looks the same and is another string.
_NFC_FIELDS = ("label", "alt_labels", "quote", "min", "max", "labels")


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _in_nfc(data: dict) -> dict:
    """``data`` with the key's labels and each item's and distractor's labels, quote, min and
    max in NFC (``_NFC_FIELDS``); ids, whys and other fields as written."""
    out = dict(data)
    if "labels" in data:
        out["labels"] = _nfc(data["labels"])
    for part in ("items", "distractors"):
        if isinstance(data.get(part), list):
            out[part] = [{**raw, **{k: _nfc(raw[k]) for k in _NFC_FIELDS if k in raw}}
                         if isinstance(raw, dict) else raw for raw in data[part]]
    return out


def _check_label_names(labels: list[str], fail) -> None:
    """Names a gradebook, a class report and a student would confuse: a blank one, spaces
    around one, two written alike but for accents or case ("afirmación" and "afirmacion"), and
    'overall' (the gradebook's columns for all labels together are overall_precision,
    overall_recall and overall_f1)."""
    seen: dict[str, str] = {}
    for n, name in enumerate(labels):
        if not name.strip():
            fail(f"labels[{n}] is blank: give every label a name, or take it out.", "labels")
        if name != name.strip():
            fail(f"label {name!r} has spaces around it: write {name.strip()!r}.", "labels")
        if name.casefold() == "overall":
            fail(f"label {name!r} cannot be used: the gradebook's overall_precision, "
                 "overall_recall and overall_f1 columns are for all labels together. Choose "
                 "another name.", "labels")
        other = seen.setdefault(plain_id(name), name)
        if other != name:
            differ = "case" if other.casefold() == name.casefold() else "accents or case"
            fail(f"labels {other!r} and {name!r} differ only in {differ}: students would take "
                 "them for one label. Keep one of them.", "labels")


def _article_problem(article_id: str, near: tuple[Path, ...], reason: str) -> str:
    """Why the key's article cannot be read; for a file name where the id belongs
    (article: kn23.txt), the id to write."""
    stem = Path(article_id).name.removesuffix(".txt")
    if stem == article_id or find_article_file(stem, near) is None:
        return reason
    return (f"article {article_id!r} is read as a file's path, and there is no such file from "
            f"here. Write the article's id, its file name without .txt: article: {stem} (for "
            f"seeds/{stem}.txt).")


def _all_problems(problems: list, path) -> AnnotatorError:
    """One error for every problem found: one problem reads as it always has (the field,
    then what to do, then its line); several are listed one a line, in the file's order."""
    if len(problems) == 1:
        _, where, message, line = problems[0]
        return AnnotatorError(message + (f" (line {line})" if line else ""), path=path,
                              field=where)
    rows = []
    for _, where, message, line in sorted(problems, key=lambda p: p[0]):
        place = f"{where} (line {line})" if where and line else where or f"line {line}"
        rows.append(f"  {place}: {message}")
    return AnnotatorError(f"has {len(problems)} problems, one a line below. Put each right, "
                          "then validate the key again.\n" + "\n".join(rows), path=path)


def _parse_distractor(raw, n: int, article: Article, labels: tuple[str, ...],
                      problems: _Problems) -> Distractor | None:
    """One distractor resolved against the article, or None when it has problems (each of
    them in ``problems``)."""
    where = f"distractors[{n}]"
    if not isinstance(raw, dict):
        problems.add("each distractor must be a mapping with quote, labels and why.", where)
        return None
    if _looks_like_item(raw):
        problems.add("this is written as an item (id:, label:), but it is in the distractors "
                     "list, where an item added at the end of the file lands: move it up into "
                     "the items list, above the 'distractors:' line.", where)
        return None
    misspelt = _misspelt_errors(raw, where, _DISTRACTOR_FIELD_SET, problems)
    span = None
    if "quote" in raw or "quote" not in misspelt:
        bad = "quote must be the exact text students are likely to mark wrongly."
        if "quote" not in raw and ("start" in raw or "end" in raw):
            bad += (" A distractor is given by its quote (with nth when the quote occurs more "
                    "than once), not by start and end.")
        span = _quote_span(raw, article, where, problems, bad)
    wrong = raw.get("labels")
    if ("labels" in raw or "labels" not in misspelt) and \
            (problem := _distractor_labels_problem(wrong, labels)):
        problems.add(problem, f"{where}.labels")
    why = raw.get("why")
    if "why" in raw or "why" not in misspelt:
        if problem := _not_text(why, "why"):
            problems.add(problem, f"{where}.why")
        elif not isinstance(why, str) or not why.strip():
            problems.add("why must say, for the student, why this is not what they marked it "
                         "as.", f"{where}.why")
    if problems.found:
        return None
    extra = {k: v for k, v in raw.items() if k not in _DISTRACTOR_FIELDS}
    return Distractor(*span, tuple(wrong), why.strip(), first_by_default="nth" not in raw,
                      extra=extra)


def _looks_like_item(raw: dict) -> bool:
    """An item in the distractors list: an id, or one label, and no labels."""
    return "labels" not in raw and ("id" in raw or isinstance(raw.get("label"), str))


def _distractor_labels_problem(wrong, labels: tuple[str, ...]) -> str | None:
    """What is wrong with a distractor's ``labels``, naming the bad value; None when
    nothing is."""
    rule = (f"labels must list the key's labels ({', '.join(labels)}) that students are likely "
            "to use here wrongly.")
    if isinstance(wrong, str) and wrong.strip():
        names = [part.strip() for part in wrong.split(",") if part.strip()]
        return (f"labels must be a list, even of one label: write labels: [{', '.join(names)}] "
                f"(in square brackets), not labels: {wrong}.")
    if not isinstance(wrong, list) or not wrong:
        return rule
    for name in wrong:
        if name not in labels:
            by_case = {label.casefold(): label for label in labels}
            close = difflib.get_close_matches(str(name).casefold(), list(by_case), n=1,
                                              cutoff=0.6)
            if close:
                fixed = dict.fromkeys(by_case[close[0]] if x == name else x for x in wrong)
                return (f"{name!r} is not one of the key's labels: {', '.join(labels)}. Did "
                        f"you mean labels: [{', '.join(map(str, fixed))}]?")
            return f"{name!r} is not one of the key's labels: {', '.join(labels)}. {rule}"
    return None


def _is_id(value) -> bool:
    """An id as keys have always read them: text or a whole number, not empty."""
    return isinstance(value, (str, int)) and str(value) != ""


def _parse_item(raw, n: int, where: str, article: Article, labels: tuple[str, ...],
                problems: _Problems) -> KeyItem | None:
    """One item resolved against the article, or None when it has problems (each of them in
    ``problems``). ``where``: how messages name it (``item hedge-1``, or ``items[3]``)."""
    if not isinstance(raw, dict):
        problems.add("each item must be a mapping with id, label and quote.", f"items[{n}]")
        return None
    misspelt = _misspelt_errors(raw, where, _ITEM_FIELD_SET, problems)
    if "optional" in raw:
        problems.add(f"optional: {_yaml_word(raw['optional'])} is not a field this tool reads, "
                     "so the item would count as required. An optional item is written "
                     "required: false; a required one needs nothing (or required: true). "
                     "Replace the optional line.", f"{where}.optional")
    item_id = raw.get("id")
    if not _is_id(item_id) and "id" not in misspelt:
        problems.add(_not_text(item_id, "id") or "id is missing: give every item a short "
                     "unique id.", f"items[{n}].id")
    label = raw.get("label")
    if label not in labels:
        if "label" in raw or "label" not in misspelt:
            problems.add(_label_problem(label, labels), f"{where}.label")
        label = None
    span = _item_span(raw, article, where, problems, misspelt)
    min_span = max_span = None
    if span is not None:
        words = problems.check(_need_words, article, *span, "the span",
                               f"{where}.quote" if "quote" in raw else where)
        min_span = problems.check(_sub_span, raw.get("min"), "min", span, article, where)
        if min_span and words and raw.get("min") is not None:
            problems.check(_need_words, article, *min_span, "min", f"{where}.min")
        if raw.get("max") is not None:
            max_span = problems.check(_super_span, raw.get("max"), span, article, where)
        elif label is not None:
            max_span = default_max(article, label, *span)
    required = raw.get("required", True)
    if not isinstance(required, bool):
        problems.add(f"required must be true or false, got {required!r}."
                     f"{_in_quotes(required, 'required')}", f"{where}.required")
    alt = raw.get("alt_labels", []) or []
    if problem := _alt_labels_problem(alt, label, labels):
        problems.add(problem, f"{where}.alt_labels")
    points = raw.get("points", 1)
    if not isinstance(points, (int, float)) or isinstance(points, bool) \
            or not 0 <= points < math.inf:
        problems.add(f"points must be a number of 0 or more, got {points!r}."
                     f"{_in_quotes(points, 'points')}", f"{where}.points")
    why = raw.get("why")
    if why is None:  # no why, or an empty why: (validate warns)
        why = ""
    if not isinstance(why, str):
        problems.add(_not_text(why, "why") or "why must be text.", f"{where}.why")
    source_type = raw.get("source_type")
    if source_type is not None and source_type not in SOURCE_TYPES:
        problems.add(f"source_type {source_type!r} is unknown: use one of "
                     f"{', '.join(SOURCE_TYPES)}.", f"{where}.source_type")
    if problems.found or min_span is None or max_span is None:
        return None
    extra = {k: v for k, v in raw.items() if k not in _KNOWN_FIELDS}
    by_offsets = "quote" not in raw
    return KeyItem(str(item_id), label, *span, *min_span, *max_span, required=required,
                   alt_labels=tuple(alt), points=float(points), why=why.strip(),
                   source_type=source_type, extra=extra, by_offsets=by_offsets,
                   min_as_text=isinstance(raw.get("min"), str),
                   max_as_text=isinstance(raw.get("max"), str),
                   first_by_default=not by_offsets and "nth" not in raw)


def _item_span(raw: dict, article: Article, where: str, problems: _Problems,
               misspelt: set[str]) -> tuple[int, int] | None:
    """An item's span: its quote, or its start and end offsets; None when it has a problem
    (noted)."""
    if "quote" in raw:
        return _quote_span(raw, article, where, problems,
                           "quote must be the exact text of the span.")
    start, end = raw.get("start"), raw.get("end")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        if "quote" not in misspelt:
            problems.add("give either quote (the exact text) or start and end (offsets).",
                         where)
        return None
    if not 0 <= start < end <= len(article.text):
        problems.add(f"offsets [{start}, {end}) must satisfy 0 <= start < end <= "
                     f"{len(article.text)}.", where)
        return None
    return start, end


def _in_quotes(value, name: str) -> str:
    """For required: "false" or points: "2" (true, false or a number in quotes), which YAML
    reads as text: what to write instead; "" otherwise."""
    if not isinstance(value, str):
        return ""
    word = value.strip()
    if name == "required" and word.lower() in ("true", "false", "yes", "no", "on", "off"):
        meant = "false" if word.lower() in ("false", "no", "off") else "true"
    elif name != "required" and re.fullmatch(r"\d+(\.\d+)?", word):
        meant = word
    else:
        return ""
    return f" In quotes, {word} is text to YAML: write {name}: {meant}, without quotes."


def _yaml_word(value) -> str:
    return {True: "true", False: "false", None: ""}.get(value, str(value)) \
        if isinstance(value, (bool, type(None))) else str(value)


def _label_problem(label, labels: tuple[str, ...]) -> str:
    """A label the key does not have, with the label it most looks like (any case)."""
    if label is None:
        return f"label is missing: give one of the key's labels ({', '.join(labels)})."
    by_case = {name.casefold(): name for name in labels}
    close = difflib.get_close_matches(str(label).casefold(), list(by_case), n=1, cutoff=0.6)
    tip = f" Did you mean {by_case[close[0]]}?" if close else ""
    return f"label {label!r} is not in the key's labels ({', '.join(labels)}).{tip}"


def _not_text(value, name: str) -> str | None:
    """YAML reads 1964, 3.5, yes and 2024-01-31 as a number, true/false or a date: what to
    write so that a quote, min, max or why stays text; None when ``value`` is text (or not
    one of these)."""
    if isinstance(value, bool):
        kind = "true or false"
        shown = "yes" if value else "no"
        return (f"YAML read the {name} as {kind}, not text ({name}: {shown}, on, true and the "
                f"like are read that way). Put the {name} in double quotes: "
                f'{name}: "{shown}".')
    if isinstance(value, (int, float)):
        kind = "a number"
    elif isinstance(value, (datetime.date, datetime.datetime)):
        kind = "a date"
    else:
        return None
    return (f"YAML read {value} as {kind}, not text. Put the {name} in double quotes: "
            f'{name}: "{value}".')


def _alt_labels_problem(alt, label: str, labels: tuple[str, ...]) -> str | None:
    """What is wrong with an item's ``alt_labels``, naming the bad value and showing the list
    to write instead; None when nothing is."""
    others = [name for name in labels if name != label]
    if isinstance(alt, str):
        names = [part.strip() for part in alt.split(",") if part.strip()]
        if also := _alt_labels_problem(names, label, labels):
            return (f"alt_labels must be a list in square brackets, not alt_labels: {alt}; "
                    f"and {also}")
        return (f"alt_labels must be a list, even of one label: write alt_labels: "
                f"[{', '.join(names)}] (in square brackets), not alt_labels: {alt}.")
    if not others:
        forms = "; the key has no other label, so leave alt_labels out"
    elif len(others) == 1:
        forms = f": alt_labels: [{others[0]}]"
    else:
        forms = (f", from {', '.join(others)}: alt_labels: [{others[0]}] or alt_labels: "
                 f"[{others[0]}, {others[1]}]")
    rule = f"alt_labels must list other labels this item also accepts{forms}"
    if not isinstance(alt, list):
        return f"alt_labels is {alt!r}: {rule}."
    for name in alt:
        if name == label:
            return f"{name!r} is this item's own label: {rule}; or leave alt_labels out."
        if name not in labels:
            close = difflib.get_close_matches(str(name), labels, n=1, cutoff=0.6)
            if close and close[0] != label:
                fixed = dict.fromkeys(close[0] if a == name else a for a in alt
                                      if a in others or a == name)
                return (f"{name!r} is not one of the key's labels: {', '.join(labels)}. Did "
                        f"you mean alt_labels: [{', '.join(fixed)}]?")
            own = f" ({close[0]!r} is this item's own label.)" if close else ""
            return f"{name!r} is not one of the key's labels: {', '.join(labels)}.{own} {rule}."
    return None


def _quote_span(raw: dict, article: Article, where: str, problems: _Problems, bad_quote: str
                ) -> tuple[int, int] | None:
    """Where ``raw``'s quote (its ``nth`` occurrence, the first by default) is in the article,
    or None when the quote or nth has a problem (noted); ``bad_quote`` says what the quote
    must be. Spaces around the quote never matter (a block quote, ``quote: >``, ends with a
    line break). A bad nth and a quote the article does not have are both named."""
    quote, nth = raw.get("quote"), raw.get("nth", 1)
    if problem := _not_text(quote, "quote"):
        problems.add(problem, f"{where}.quote")
        quote = None
    elif not isinstance(quote, str) or not quote.strip():
        problems.add(bad_quote, f"{where}.quote")
        quote = None
    nth_ok = isinstance(nth, int) and not isinstance(nth, bool) and nth >= 1
    if not nth_ok:
        problems.add(f"nth must be a whole number from 1, got {nth!r}.{_in_quotes(nth, 'nth')}",
                     f"{where}.nth")
    if quote is None:
        return None
    found = article.find(quote, nth if nth_ok else 1)
    if found is None and quote != quote.strip():  # as written first: nth counts it so
        quote = quote.strip()
        found = article.find(quote, nth if nth_ok else 1)
    if found is None:
        problems.add(_not_found(quote, nth, article), f"{where}.quote")
    return found if nth_ok else None


def _need_words(article: Article, start: int, end: int, what: str, where: str) -> bool:
    """Scoring counts words: a span of only spaces and punctuation could never be found."""
    i, j = article.word_range(start, end)
    if i >= j:
        _item_fail(f"{what} {article.text[start:end]!r} has no words, only spaces and "
                   "punctuation, so no mark could ever match it.", where)
    return True


def _sub_span(spec, name, span, article, where):
    """``min``: text inside the item's span (or start/end offsets); default the span."""
    start, end = span
    if spec is None:
        return span
    if isinstance(spec, dict):
        s, e = spec.get("start"), spec.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and start <= s < e <= end):
            _item_fail(f"{name} offsets must lie inside the item's span [{start}, {end}).",
                       f"{where}.{name}")
        return s, e
    if problem := _not_text(spec, name):
        _item_fail(problem, f"{where}.{name}")
    if not isinstance(spec, str) or not spec.strip():
        _item_fail(f"{name} must be text from the item's quote.", f"{where}.{name}")
    places = quote_places(article.text, spec, start, end)
    if not places and spec != spec.strip():  # spaces around it never matter
        spec = spec.strip()
        places = quote_places(article.text, spec, start, end)
    if not places:
        inside = article.text[start:end]
        swapped = " It takes in the whole quote and more: that is a max." if \
            _around(article.text, spec, span) else _tip(spec, inside, name)
        _item_fail(f"min {spec!r} is not inside the item's span {inside!r}: min "
                   "must be the smallest part of the quote that still earns full credit."
                   f"{swapped}", f"{where}.min")
    return places[0], places[0] + len(spec)


def _around(text: str, spec: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """Where ``spec`` (or ``spec`` without the spaces around it) occurs in ``text`` over the
    whole of ``span``, as written, else with any space matching any other (``quote_places``);
    None when it does not."""
    start, end = span
    for any_space in (False, True):
        for written in dict.fromkeys((spec, spec.strip())):
            # only a place from end - len(written) to start can take in the span
            places = occurrences(text, written, max(0, end - len(written)),
                                 start + len(written), any_space=any_space)
            if places:
                return places[0], places[0] + len(written)
    return None


def _super_span(spec, span, article, where):
    """``max``: article text that contains the item's span (or offsets)."""
    start, end = span
    if isinstance(spec, dict):
        s, e = spec.get("start"), spec.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= start and
                end <= e <= len(article.text)):
            _item_fail(f"max offsets must contain the item's span [{start}, {end}).",
                       f"{where}.max")
        return s, e
    if problem := _not_text(spec, "max"):
        _item_fail(problem, f"{where}.max")
    if not isinstance(spec, str) or not spec.strip():
        _item_fail("max must be article text that contains the quote.", f"{where}.max")
    text = article.text
    if found := _around(text, spec, span):
        return found
    spec = spec.strip()
    if quote_places(text, spec, start, end):
        tip = " It is only part of the quote: that is a min."
    else:
        reach = len(spec) + 20  # the words around the span that a max could take in
        tip = _tip(spec, text[max(0, start - reach):end + reach], "max")
    _item_fail(f"max {spec!r} does not contain the item's span {text[start:end]!r}: max must "
               "be the largest span that still earns full credit, so it must include the "
               f"quote.{tip}", f"{where}.max")


def _tip(written: str, near: str, name: str) -> str:
    """For a min or max not found: what the article has there that looks like it (a curly
    apostrophe, a non-breaking space, another case), as " Did you mean …?"; "" if nothing."""
    if near.find(written) >= 0:
        return ""
    invisible = _invisible_difference(written, near, name)
    if invisible:
        return f" {invisible}"
    hint = _closest(written, near)
    if not hint or hint == written:
        return ""
    return f" Did you mean {hint!r}?{_typography(written, hint)}"


_LOOKALIKES = (("'", "’‘", "a curly apostrophe or quote mark (’)", "a straight one (')"),
               ('"', "“”", "curly quote marks (“ ”)", 'straight ones (")'),
               ("-", "–—", "a dash (– or —)", "a hyphen (-)"),
               ("–", "—", "a long dash (—, an em dash)", "a shorter one (–, an en dash)"),
               ("—", "–", "a shorter dash (–, an en dash)", "a long one (—, an em dash)"))


def _typography(written: str, article_has: str) -> str:
    """Names the look-alike characters that differ: the article's curly apostrophe where the
    key has a straight one, a dash for a hyphen."""
    for plain, fancy, theirs, ours in _LOOKALIKES:
        if plain in written and any(ch in article_has for ch in fancy) and \
                not any(ch in written for ch in fancy):
            return (f" The article has {theirs} where the key has {ours}: copy the text from "
                    "the article itself.")
    return ""


def _not_found(quote: str, nth: int, article: Article) -> str:
    count = _count_occurrences(article.text, quote)  # as nth counts
    if count:
        return (f"quote {quote!r} occurs {count} time(s) in the article, so nth: {nth} "
                "does not exist. Lower nth.")
    hint = _closest(quote, article.text)
    tip = f" Did you mean {hint!r}?{_typography(quote, hint)}" if hint and hint != quote else ""
    invisible = _invisible_difference(quote, article.text)
    if invisible:
        tip = f" {invisible}"
    return (f"cannot find quote {quote!r} in the article{' (' + article.path + ')' if article.path else ''}."
            f"{tip} Quotes must match the article exactly, including curly quotes and dashes.")


_SPACES = {"\u00a0": "a non-breaking space (U+00A0)", "\u202f": "a narrow non-breaking space "
           "(U+202F)", "\u2009": "a thin space (U+2009)", "\u2007": "a figure space (U+2007)",
           "\t": "a tab"}


def _invisible_difference(quote: str, text: str, name: str = "quote") -> str | None:
    """When the quote is in the article but for the kind of its spaces (a website's
    non-breaking space between "7" and "million" looks like any other, a paragraph's end
    where the quote runs on), say where."""
    words = quote.split()
    if len(words) < 2:
        return None
    found = re.search(r"[\s\u00a0\u202f\u2009\u2007]+".join(map(re.escape, words)), text)
    if not found:
        return None
    if "\n" in found[0]:
        word = found[0][:found[0].index("\n")].split()[-1]
        return (f"The {name} runs on past the end of a paragraph: the article has a line break "
                f"after {word!r}, where the {name} has a space. End the {name} at {word!r}, or, "
                "if it must run on, give start and end offsets instead.")
    odd = next(((k, ch) for k, ch in enumerate(found[0]) if ch in _SPACES), None)
    if odd is None:
        return None
    k, ch = odd
    return (f"The article has {_SPACES[ch]} where the {name} has an ordinary space, after "
            f"{found[0][:k].split()[-1]!r}: it looks the same but is another character. Copy "
            f"the {name} from the article file itself, or give start and end offsets instead.")


def _closest(quote: str, text: str) -> str | None:
    flat = re.sub(r"\s+", " ", quote.strip())
    if flat and flat != quote and flat in text:
        return flat
    lowered = text.lower().find(flat.lower())
    if lowered >= 0:
        return text[lowered:lowered + len(flat)]
    words = re.findall(r"\S+", text)
    n = max(1, len(flat.split()))
    grams = {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}
    match = difflib.get_close_matches(flat, grams, n=1, cutoff=0.6)
    if not match:
        return None
    edge = ".,;:!?"  # words are split at spaces: not a comma the quote did not have
    best = match[0].rstrip(edge) if flat[-1] not in edge else match[0]
    return best or match[0]


# -- writing ------------------------------------------------------------------------------


def key_to_data(key: AnswerKey) -> dict:
    """The YAML-ready mapping; ``parse_key`` of it gives back the same items."""
    text = key.article.text
    items = []
    for item in key.items:
        out: dict = {"id": item.id, "label": item.label}
        if item.by_offsets:
            out.update(start=item.start, end=item.end)
        else:
            out.update(_quote_fields(text, item.start, item.end))
        # min and max as text where they were written so (a teacher's "min: Kovalenko" on
        # an item by offsets stays readable) and where the text finds them again
        low, high = text[item.min_start:item.min_end], text[item.max_start:item.max_end]
        if (item.min_start, item.min_end) != (item.start, item.end):
            out["min"] = low if (not item.by_offsets or item.min_as_text) and \
                text.find(low, item.start) == item.min_start else \
                {"start": item.min_start, "end": item.min_end}
        if (item.max_start, item.max_end) != default_max(key.article, item.label, item.start,
                                                         item.end):
            out["max"] = high if not item.by_offsets or item.max_as_text and _around(
                text, high, (item.start, item.end)) == (item.max_start, item.max_end) else \
                {"start": item.max_start, "end": item.max_end}
        out["required"] = item.required
        if item.alt_labels:
            out["alt_labels"] = list(item.alt_labels)
        out["points"] = int(item.points) if item.points == int(item.points) else item.points
        if item.source_type:
            out["source_type"] = item.source_type
        out.update(item.extra)
        if item.why:
            out["why"] = item.why
        items.append(out)
    data: dict = {"format": FORMAT, "article": key.article.id, "sha256": key.article.sha256,
                  "labels": list(key.labels)}
    if key.policy:
        data["policy"] = key.policy
    data.update(key.extra)
    data["items"] = items
    if key.distractors:
        data["distractors"] = [{**_quote_fields(text, d.start, d.end), "labels": list(d.labels),
                                **d.extra, "why": d.why} for d in key.distractors]
    return data


def _quote_fields(text: str, start: int, end: int) -> dict:
    """``quote`` (and ``nth`` when the quote occurs more than once, so that the key says which
    occurrence it means) for a span, as keys write it."""
    quote = text[start:end]
    nth = _occurrence(text, quote, start)
    more = nth > 1 or text.find(quote, start + 1) >= 0
    return {"quote": quote, "nth": nth} if more else {"quote": quote}


def _occurrence(text: str, quote: str, start: int) -> int:
    nth, pos = 0, -1
    while True:
        pos = text.find(quote, pos + 1)
        nth += 1
        if pos < 0 or pos >= start:
            return nth


def dump_key(key: AnswerKey) -> str:
    return yaml.safe_dump(key_to_data(key), allow_unicode=True, sort_keys=False, width=100)


def save_key(key: AnswerKey, path: str | Path) -> None:
    write_atomic(path, dump_key(key))
