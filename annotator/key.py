"""AnswerKey and KeyItem: what an instructor writes (``annotator.key.v1`` YAML).

Loading resolves every item to offsets in its article and fails loudly on anything that would
make the key score against the wrong text. One reader (``load_key`` / ``parse_key``), one
writer (``dump_key`` / ``save_key``).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from annotator.article import Article, load_article
from annotator.errors import AnnotatorError
from annotator.files import read_text, write_atomic
from annotator.policy import POLICIES

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


@dataclass(frozen=True, eq=False)
class AnswerKey:
    article: Article
    items: tuple[KeyItem, ...]
    labels: tuple[str, ...] = DEFAULT_LABELS
    policy: str | None = None
    distractors: tuple[Distractor, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, repr=False)
    path: str | None = field(default=None, compare=False)

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
    items = []
    for item in key.items:
        alternatives = tuple(a for a in item.alt_labels if a in wanted)
        if item.label in wanted:
            items.append(replace(item, alt_labels=alternatives))
        elif alternatives:
            items.append(replace(item, label=alternatives[0], alt_labels=alternatives[1:],
                                 required=False))
    return replace(key, items=tuple(items), labels=tuple(names))


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
                 "(author mode) before class.")]

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
                        "which students read. Rewrite each why to teach.")
    if empty := [item for item in key.items if not item.why]:
        warnings.append(f"{some(empty)} have no why, so students read no reason for them. "
                        "Add one to each.")
    warnings += _misspelt_fields(key)
    warnings += _quotes_taken_first(key)
    warnings += _items_on_one_span(key)
    return warnings


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
    """How many times ``quote`` occurs in ``text``, counted as ``nth`` counts (overlapping)."""
    count, pos = 0, text.find(quote)
    while pos >= 0:
        count += 1
        pos = text.find(quote, pos + 1)
    return count


_KEY_FIELDS = ("format", "article", "sha256", "labels", "policy", "items", "distractors")


def _misspelt_fields(key: AnswerKey) -> list[str]:
    """Fields this tool does not read, kept as written, that look like a misspelt one it
    does read ("requried: false" leaves the item required)."""
    found = []
    places = [("the key", key.extra, _KEY_FIELDS)] + [
        (f"item {item.id}", item.extra, _KNOWN_FIELDS) for item in key.items]
    for where, extra, known in places:
        for name in extra:
            close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.75)
            if close:
                found.append(f"{where}: field {name!r} is not one this tool reads, so it has no "
                             f"effect. Did you mean {close[0]!r}?")
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


def load_key(path: str | Path, article: Article | None = None) -> AnswerKey:
    text = read_text(path)
    loader = KeyLoader(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    except RepeatedKeyError as exc:
        where, message = _repeated_key(exc, root)
        raise AnnotatorError(message, path=path, field=where) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        hint = (_colon_hint(text, mark.line) if mark else None) or \
            "Check the indentation and quoting there."
        raise AnnotatorError(f"is not valid YAML{where}: {getattr(exc, 'problem', exc)}. "
                             f"{hint}", path=path) from None
    finally:
        loader.dispose()
    return parse_key(data, path=path, article=article)


_FIELD_LINE = re.compile(r"(\s*(?:-\s+)?)([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?\s*$")


def _colon_hint(text: str, line: int) -> str | None:
    """For "mapping values are not allowed here": a value such as a why that holds ': ' must
    be in double quotes. Shows the line, and the line as it should be."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return None
    current = lines[line]
    above = next((m for m in (_FIELD_LINE.fullmatch(x) for x in reversed(lines[:line])
                              if x.strip() and not x.lstrip().startswith("#")) if m), None)
    indent = len(current) - len(current.lstrip())
    if above and above[3] and above[3][0] not in "\"'|>" and indent > len(above[1]):
        return (f"Line {line + 1} ({current.strip()}) goes on with the {above[2]} above it "
                "and holds ': ' (a colon and a space), which YAML reads as the start of a "
                f"field. Put the whole {above[2]} in double quotes, from its first word to its "
                "last.")
    found = _FIELD_LINE.fullmatch(current)
    if not found or not found[3] or found[3][0] in "\"'[{|>&*!":
        return None
    name, value = found[2], found[3]
    shown = current.strip() if len(current.strip()) <= 80 else current.strip()[:77] + "…"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    quoted = f'{name}: "{escaped}"'
    if len(quoted) > 100:
        quoted = f'{name}: "{escaped[:70].rstrip()} … (to the end of the line)"'
    inner = ', with a backslash before each " inside it' if '"' in value else ""
    return (f"Line {line + 1} ({shown}) holds ': ' (a colon and a space) in its "
            f"{name}, which YAML reads as the start of another field. Put the {name} in double "
            f"quotes{inner}: {quoted}")


def _repeated_key(exc: RepeatedKeyError, root: yaml.Node) -> tuple[str, str]:
    """The field a repeated key names (``items``, ``item hedge-reportedly.required``) and what
    to tell the teacher."""
    trail = _trail(root, exc.mapping) or []
    name, first, second = exc.name, exc.first.start_mark.line + 1, exc.second.start_mark.line + 1
    lines = f"lines {first} and {second}" if first != second else f"both on line {first}"
    if not trail and name in ("items", "distractors"):
        values = {k.value: v for k, v in reversed(exc.mapping.value)  # the first of each
                  if isinstance(k, yaml.ScalarNode)}
        old = values.get(name)
        count = len(old.value) if isinstance(old, yaml.SequenceNode) else 0
        lost = f"the {name} of the first would be lost"
        if count:
            lost = f"the {count} {name if count > 1 else name[:-1]} of the first would be lost"
        above = " above distractors:," if name == "items" and "distractors" in values \
            and values["distractors"].start_mark.line + 1 > first else ""
        return name, (f"{name!r} appears twice ({lines}): a key has one {name} list, and only "
                      f"the last would be read, so {lost}. Move the new {name} up into the "
                      f"first list,{above} and delete the second '{name}:' line.")
    where = _field_of(trail)
    field_name = f"{where}.{name}" if where else str(name)
    values = [v for k, v in exc.mapping.value if k is exc.first or k is exc.second]
    shown = ""
    if all(isinstance(v, yaml.ScalarNode) for v in values) and len(values) == 2:
        said = [v.value if len(v.value) <= 40 else v.value[:37].rstrip() + "…"
                for v in values]
        shown = f": {said[0]!r}, then {said[1]!r}"
    inside = f" in {where}" if where else ""
    new_item = ""
    if name == "id" and where.startswith("item"):
        new_item = (f" If line {second} starts a new item, begin it with '- id:' (a dash and a "
                    "space before id).")
    return field_name, (f"{name!r} appears twice{inside} ({lines}{shown}): only the last "
                        "would be read, so the other is silently ignored. Keep the one you "
                        f"mean and delete the other.{new_item}")


def _trail(node: yaml.Node, target: yaml.Node, seen: set | None = None) -> list | None:
    """The steps (a key or an index, and the node it leads to) from ``node`` down to
    ``target``, or None when it is not there."""
    if node is target:
        return []
    seen = set() if seen is None else seen
    if id(node) in seen:  # an alias
        return None
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        children = [(k.value if isinstance(k, yaml.ScalarNode) else "?", v)
                    for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = list(enumerate(node.value))
    else:
        return None
    for step, child in children:
        rest = _trail(child, target, seen)
        if rest is not None:
            return [(step, child), *rest]
    return None


def _field_of(trail: list) -> str:
    """A trail as messages name fields: ``item claim-1.min``, ``distractors[2]``."""
    parts: list[str] = []
    for n, (step, node) in enumerate(trail):
        if n == 1 and trail[0][0] == "items" and isinstance(step, int):
            ids = [v.value for k, v in getattr(node, "value", ()) if isinstance(k, yaml.ScalarNode)
                   and k.value == "id" and isinstance(v, yaml.ScalarNode) and v.value]
            parts = [f"item {ids[0]}"] if ids else [f"items[{step}]"]
        elif isinstance(step, int):
            parts.append(f"[{step}]")
        else:
            parts.append(f".{step}" if parts else str(step))
    return "".join(parts)


def parse_key(data: object, path: str | Path | None = None,
              article: Article | None = None) -> AnswerKey:
    def fail(message: str, where: str | None = None):
        raise AnnotatorError(message, path=path, field=where)

    if not isinstance(data, dict):
        fail("an answer key must be a YAML mapping (format:, article:, items:).")
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
            fail(exc.reason, "article")
    sha = data.get("sha256")
    if sha != article.sha256:
        got = "missing" if not sha else f"{str(sha)[:12]}…"
        fail(f"sha256 is {got}, but article '{article.id}' has sha256 {article.sha256}. "
             "If the article was edited on purpose, re-check every item and paste the new "
             "sha256; otherwise restore the original article.", "sha256")
    labels = data.get("labels", list(DEFAULT_LABELS))
    if not isinstance(labels, list) or not labels or not all(
            isinstance(x, str) and x for x in labels) or len(set(labels)) != len(labels):
        fail("labels must be a list of distinct names, e.g. [claim, source, hedge].", "labels")
    policy = data.get("policy")
    if policy is not None and policy not in POLICIES:
        fail(f"policy {policy!r} is unknown: use one of {', '.join(POLICIES)}.", "policy")
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        fail("items must be a list of key items.", "items")
    items, seen = [], set()
    for n, raw in enumerate(raw_items):
        item = _parse_item(raw, n, article, tuple(labels), fail)
        if item.id in seen:
            fail(f"id {item.id!r} is used twice: every item needs its own id.",
                 f"items[{n}].id")
        seen.add(item.id)
        items.append(item)
    raw_distractors = data.get("distractors", []) or []
    if not isinstance(raw_distractors, list):
        fail("distractors must be a list of {quote, labels, why}.", "distractors")
    distractors = tuple(_parse_distractor(raw, n, article, tuple(labels), fail)
                        for n, raw in enumerate(raw_distractors))
    extra = {k: v for k, v in data.items() if k not in _KEY_FIELDS}
    return AnswerKey(article=article, items=tuple(items), labels=tuple(labels), policy=policy,
                     distractors=distractors, extra=extra,
                     path=None if path is None else str(path))


def _parse_distractor(raw, n: int, article: Article, labels: tuple[str, ...],
                      fail) -> Distractor:
    where = f"distractors[{n}]"
    if not isinstance(raw, dict):
        fail("each distractor must be a mapping with quote, labels and why.", where)
    found = _quote_span(raw, article, where, fail,
                        "quote must be the exact text students are likely to mark wrongly.")
    wrong = raw.get("labels")
    if not isinstance(wrong, list) or not wrong or any(x not in labels for x in wrong):
        fail(f"labels must list the key's labels ({', '.join(labels)}) that students are "
             "likely to use here wrongly.", f"{where}.labels")
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip():
        fail("why must say, for the student, why this is not what they marked it as.",
             f"{where}.why")
    return Distractor(*found, tuple(wrong), why.strip(), first_by_default="nth" not in raw)


def _parse_item(raw, n: int, article: Article, labels: tuple[str, ...], fail) -> KeyItem:
    if not isinstance(raw, dict):
        fail("each item must be a mapping with id, label and quote.", f"items[{n}]")
    item_id = raw.get("id")
    if not isinstance(item_id, (str, int)) or str(item_id) == "":
        fail("id is missing: give every item a short unique id.", f"items[{n}].id")
    item_id = str(item_id)
    where = f"item {item_id}"
    label = raw.get("label")
    if label not in labels:
        fail(f"label {label!r} is not in the key's labels ({', '.join(labels)}).",
             f"{where}.label")
    text = article.text
    by_offsets = "quote" not in raw
    if by_offsets:
        start, end = raw.get("start"), raw.get("end")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            fail("give either quote (the exact text) or start and end (offsets).", where)
        if not 0 <= start < end <= len(text):
            fail(f"offsets [{start}, {end}) must satisfy 0 <= start < end <= {len(text)}.",
                 where)
    else:
        start, end = _quote_span(raw, article, where, fail,
                                 "quote must be the exact text of the span.")
    field_name = where if by_offsets else f"{where}.quote"
    _need_words(article, start, end, "the span", field_name, fail)
    min_span = _sub_span(raw.get("min"), "min", (start, end), article, where, fail)
    _need_words(article, *min_span, "min", f"{where}.min", fail)
    max_span = _super_span(raw.get("max"), (start, end), article, where, fail) \
        or default_max(article, label, start, end)
    required = raw.get("required", True)
    if not isinstance(required, bool):
        fail(f"required must be true or false, got {required!r}.", f"{where}.required")
    alt = raw.get("alt_labels", []) or []
    if problem := _alt_labels_problem(alt, label, labels):
        fail(problem, f"{where}.alt_labels")
    points = raw.get("points", 1)
    if not isinstance(points, (int, float)) or isinstance(points, bool) \
            or not 0 <= points < math.inf:
        fail(f"points must be a number of 0 or more, got {points!r}.", f"{where}.points")
    why = raw.get("why", "")
    if not isinstance(why, str):
        fail("why must be text.", f"{where}.why")
    source_type = raw.get("source_type")
    if source_type is not None and source_type not in SOURCE_TYPES:
        fail(f"source_type {source_type!r} is unknown: use one of {', '.join(SOURCE_TYPES)}.",
             f"{where}.source_type")
    extra = {k: v for k, v in raw.items() if k not in _KNOWN_FIELDS}
    return KeyItem(item_id, label, start, end, *min_span, *max_span, required=required,
                   alt_labels=tuple(alt), points=float(points), why=why.strip(),
                   source_type=source_type, extra=extra, by_offsets=by_offsets,
                   first_by_default=not by_offsets and "nth" not in raw)


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


def _quote_span(raw: dict, article: Article, where: str, fail, bad_quote: str
                ) -> tuple[int, int]:
    """Where ``raw``'s quote (its ``nth`` occurrence, the first by default) is in the article;
    ``bad_quote`` says what the quote must be."""
    quote, nth = raw.get("quote"), raw.get("nth", 1)
    if not isinstance(quote, str) or not quote.strip():
        fail(bad_quote, f"{where}.quote")
    if not isinstance(nth, int) or isinstance(nth, bool) or nth < 1:
        fail(f"nth must be a whole number from 1, got {nth!r}.", f"{where}.nth")
    found = article.find(quote, nth)
    if found is None:
        fail(_not_found(quote, nth, article), f"{where}.quote")
    return found


def _need_words(article: Article, start: int, end: int, what: str, where: str, fail) -> None:
    """Scoring counts words: a span of only spaces and punctuation could never be found."""
    i, j = article.word_range(start, end)
    if i >= j:
        fail(f"{what} {article.text[start:end]!r} has no words, only spaces and punctuation, "
             "so no mark could ever match it.", where)


def _sub_span(spec, name, span, article, where, fail):
    """``min``: text inside the item's span (or start/end offsets); default the span."""
    start, end = span
    if spec is None:
        return span
    if isinstance(spec, dict):
        s, e = spec.get("start"), spec.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and start <= s < e <= end):
            fail(f"{name} offsets must lie inside the item's span [{start}, {end}).",
                 f"{where}.{name}")
        return s, e
    if not isinstance(spec, str) or not spec.strip():
        fail(f"{name} must be text from the item's quote.", f"{where}.{name}")
    pos = article.text.find(spec, start, end)
    if pos < 0:
        fail(f"min {spec!r} is not inside the item's span {article.text[start:end]!r}: min "
             "must be the smallest part of the quote that still earns full credit.",
             f"{where}.min")
    return pos, pos + len(spec)


def _super_span(spec, span, article, where, fail):
    """``max``: article text that contains the item's span (or offsets); default by label."""
    start, end = span
    if spec is None:
        return None
    if isinstance(spec, dict):
        s, e = spec.get("start"), spec.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= start and
                end <= e <= len(article.text)):
            fail(f"max offsets must contain the item's span [{start}, {end}).", f"{where}.max")
        return s, e
    if not isinstance(spec, str) or not spec.strip():
        fail("max must be article text that contains the quote.", f"{where}.max")
    text = article.text
    pos = text.find(spec, max(0, end - len(spec)))
    while 0 <= pos <= start:
        if pos + len(spec) >= end:
            return pos, pos + len(spec)
        pos = text.find(spec, pos + 1)
    fail(f"max {spec!r} does not contain the item's span {text[start:end]!r}: max must be "
         "the largest span that still earns full credit, so it must include the quote.",
         f"{where}.max")


def _not_found(quote: str, nth: int, article: Article) -> str:
    count = _count_occurrences(article.text, quote)  # as nth counts
    if count:
        return (f"quote {quote!r} occurs {count} time(s) in the article, so nth: {nth} "
                "does not exist. Lower nth.")
    hint = _closest(quote, article.text)
    tip = f" Did you mean {hint!r}?" if hint else ""
    invisible = _invisible_difference(quote, article.text)
    if invisible:
        tip = f" {invisible}"
    return (f"cannot find quote {quote!r} in the article{' (' + article.path + ')' if article.path else ''}."
            f"{tip} Quotes must match the article exactly, including curly quotes and dashes.")


_SPACES = {"\u00a0": "a non-breaking space (U+00A0)", "\u202f": "a narrow non-breaking space "
           "(U+202F)", "\u2009": "a thin space (U+2009)", "\u2007": "a figure space (U+2007)",
           "\t": "a tab"}


def _invisible_difference(quote: str, text: str) -> str | None:
    """When the quote is in the article but for the kind of its spaces (a website's
    non-breaking space between "7" and "million" looks like any other), say where."""
    words = quote.split()
    if len(words) < 2:
        return None
    found = re.search(r"[\s\u00a0\u202f\u2009\u2007]+".join(map(re.escape, words)), text)
    if not found:
        return None
    odd = next(((k, ch) for k, ch in enumerate(found[0]) if ch in _SPACES), None)
    if odd is None:
        return None
    k, ch = odd
    return (f"The article has {_SPACES[ch]} where the quote has an ordinary space, after "
            f"{found[0][:k].split()[-1]!r}: it looks the same but is another character. Copy "
            "the quote from the article file itself, or give the item start and end offsets.")


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
    return match[0] if match else None


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
        if (item.min_start, item.min_end) != (item.start, item.end):
            out["min"] = ({"start": item.min_start, "end": item.min_end} if item.by_offsets
                          or text.find(text[item.min_start:item.min_end], item.start) !=
                          item.min_start else text[item.min_start:item.min_end])
        if (item.max_start, item.max_end) != default_max(key.article, item.label, item.start,
                                                         item.end):
            out["max"] = ({"start": item.max_start, "end": item.max_end} if item.by_offsets
                          else text[item.max_start:item.max_end])
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
                                "why": d.why} for d in key.distractors]
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
