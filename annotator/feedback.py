"""Feedback: a Result explained in words a student understands. Plain data, no HTML.

The widget, the command line and the HTML reports all explain a result through these
functions, so a student reads the same words everywhere.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import compress
from operator import attrgetter, itemgetter
from typing import Generic, TypeVar

from annotator.key import AnswerKey, Distractor
from annotator.labels import NEWS_LABELS, a_label
from annotator.scoring import ItemResult, MarkResult, Result
from annotator.submission import Mark

T = TypeVar("T")

HEADLINES = {
    "hit": "Found",
    "partial": "Partly found",
    "wrong_label": "Found, wrong label",
    "missed": "Missed",
}
NO_MARKS = ("You handed in no marks. Did your work save? If you did mark the article, the "
            "file handed in may be an empty or older one: ask your teacher.")
MISSED_HIDDEN = "Items you missed, if any, are not listed here: your teacher will go over them."
BOUNDARY_HINTS = {
    "too_short": "Your mark leaves out part of the answer: try extending it to include {min}.",
    "too_long": "Your mark takes in more than the answer: try trimming it to within {max}.",
    "shifted": "Your mark starts or ends in the wrong place: the answer is {quote}.",
}


@dataclass(frozen=True)
class Note:
    """One line of feedback about a key item or an extra mark."""

    kind: str  # hit, partial, wrong_label, missed, extra
    label: str
    start: int
    end: int
    quote: str
    headline: str
    detail: str
    why: str
    item: str | None = None
    required: bool = True

    def __post_init__(self):
        # a quotation that ends a sentence already ends with its stop: 'include “… a
        # minute.”', not 'include “… a minute.”.'
        if "”." in self.detail:
            object.__setattr__(self, "detail", _DOUBLE_STOP.sub(r"\1”", self.detail))

    def to_dict(self) -> dict:
        return asdict(self)


_DOUBLE_STOP = re.compile(r"([.?!])”\.")


@lru_cache(maxsize=8192)  # a class report quotes the same spans thousands of times
def _quoted(text: str, limit: int = 80) -> str:
    """A span in quotation marks; a long one keeps its first and last words around "…", since
    where a span starts and ends is what a boundary hint is about. A span that is itself a
    quotation keeps its own marks (“highly likely”, not ““highly likely””)."""
    text = shortened(text, limit)
    if len(text) > 1 and text[0] in _OPEN and text[-1] in _CLOSE:
        return text
    return f"“{text}”"


def shortened(text: str, limit: int = 80) -> str:
    """A span on one line; a long one keeps its first and last words around "…" (the widget's
    ``shorten`` does the same)."""
    text = " ".join(text.split())
    if len(text) > limit:
        half = (limit - 3) // 2
        head, tail = text[:half], text[-half:]
        head = head.rsplit(" ", 1)[0] if " " in head else head
        tail = tail.split(" ", 1)[1] if " " in tail else tail
        text = f"{head} … {tail}"
    return text


@lru_cache(maxsize=32)
def _sentence_starts(key: AnswerKey) -> tuple[list[int], frozenset[str]]:
    """Where the article's sentences start, and the labels whose every key item lies inside
    one sentence."""
    sentences = key.article.sentences
    starts = [start for start, _ in sentences]
    inside = set(key.labels)
    for item in key.items:
        if item.end > sentences[max(0, bisect_right(starts, item.start) - 1)][1]:
            inside.difference_update(item.accepts)
    return starts, frozenset(inside)


def _across(key: AnswerKey, label: str, start: int, end: int) -> str:
    """A word on a mark of ``label`` that runs across sentences when the key's every item of
    that label lies inside one: usually several claims marked as one."""
    starts, inside = _sentence_starts(key)
    if label not in inside or end <= start:
        return ""
    sentences, text = key.article.sentences, key.article.text
    first = max(0, bisect_right(starts, start) - 1)
    last = max(0, bisect_right(starts, end - 1) - 1)
    while first < last and not re.search(r"\w", text[start:sentences[first][1]]):
        first += 1  # only a quotation mark or a space of the sentence before
    while last > first and not re.search(r"\w", text[sentences[last][0]:end]):
        last -= 1
    if last == first:
        return ""
    return (f" It runs across {last - first + 1} sentences, and each {label} in the key lies "
            "inside one: mark them one at a time.")


def _told(res: ItemResult, reveal_missed: bool = True) -> bool:
    """Whether a student reads a note on this item: optional items only when found (with
    the wrong label, too: the student should not go on thinking it is that label)."""
    if not res.required and res.outcome == "missed":
        return False
    return reveal_missed or res.outcome != "missed"


def _item_note(res: ItemResult, result: Result, key: AnswerKey, joined: str = "",
               also: str = "") -> Note:
    """The note on one key item's outcome. It depends on ``res`` and the key alone, except
    that a partial answer quotes the mark (``result.marks[res.mark]``), that ``joined``
    (see ``_joined``) says when that mark is several of the student's, and that ``also``
    (see ``_also``) says when it takes in another item the student missed. A found item
    quotes the key's words, which the mark may cover only in part (from ``min`` to
    ``max``)."""
    text = key.article.text
    item = key.item(res.id)
    quote = _quoted(text[item.start:item.end])
    headline = HEADLINES[res.outcome] + _earned(res)
    if res.outcome == "hit":
        detail = f"You found the {item.label} {quote}."
    elif res.outcome == "partial":
        mark = result.marks[res.mark]
        detail = f"{_yours(mark.label, _quoted(text[mark.start:mark.end]), joined)} is close. " + \
            BOUNDARY_HINTS[res.boundary or "shifted"].format(
                min=_quoted(text[item.min_start:item.min_end]),
                max=_quoted(text[item.max_start:item.max_end]), quote=quote) + \
            _across(key, mark.label, mark.start, mark.end)
    elif res.outcome == "wrong_label":
        mark = result.marks[res.mark]
        known = None if item.required else \
            known_mistake(key, res.found_as, mark.start, mark.end)
        if known:  # "According to" as a source: the key's word on that beats an optional hedge
            return Note(res.outcome, item.label, item.start, item.end, text[item.start:item.end],
                        headline, f"{joined}You marked {_quoted(text[mark.start:mark.end])}"
                        f" as {res.found_as}, but it is not {a_label(res.found_as)}.",
                        student_why(known.why), item.id, item.required)
        others = " or ".join(item.accepts)
        detail = f"You found {quote} but marked it as {res.found_as}; " + (
            f"it is a {others}." if set(item.accepts) <= NEWS_LABELS else
            f"the key labels it {others}.")
        if _holds_other(key, item.id, res.found_as, mark.start, mark.end):
            detail += (f" Your mark also takes in {a_label(res.found_as)} of its own: mark the two "
                       "apart, each with its label.")
    else:
        detail = f"The key has {quote} as {a_label(item.label, labelled=False)}."
    if not res.required:
        detail += " (Optional: careful readers disagree about this one, so it earns no " \
                  "points and costs none.)"
    return Note(res.outcome, item.label, item.start, item.end, text[item.start:item.end],
                headline, joined + detail + also, student_why(item.why), item.id, item.required)


def _earned(res: ItemResult) -> str:
    """What a required item answered in part (or, when the policy pays for it, with the
    wrong label) earned, for its headline: " (0.67 of 1 point)", so that a student can add
    up the summary's points. Nothing for a found or missed item: all or nothing."""
    if not res.required or res.outcome not in ("partial", "wrong_label") or res.credit <= 0:
        return ""
    return f" ({_number(res.credit * res.points)} of {_points(res.points)})"


def _number(value: float) -> str:
    """Points as a student reads them: two decimals at most, as ``format_ratio`` rounds
    them, without trailing zeros (0.67, 0.5, 2)."""
    return format_ratio(value).rstrip("0").rstrip(".")


def _points(value: float) -> str:
    return f"{_number(value)} point{'' if value == 1 else 's'}"


def _yours(label: str, quote: str, joined: str) -> str:
    """How a note names the student's mark: "Your claim mark “…”", or, when the scorer
    joined several of the student's marks into it (``joined`` says so first), "That one mark,
    “…”," (she never made a mark of those words herself)."""
    return f"That one mark, {quote}," if joined else f"Your {label} mark {quote}"


def _joined(result: Result, marks: Collection[Mark] | None) -> dict[tuple[str, int, int], str]:
    """For each of ``result``'s marks that the scorer made of two or more of the student's
    ``marks`` (same-label marks that overlap or touch count as one: ``scoring.merge_marks``),
    by (label, start, end): the words that say so, which start its note. A mark made twice
    over the same words is one mark."""
    if not marks or len(marks) == len(result.marks):
        # as many marks as the result has: none joined, repeated or of a label left out (each
        # would make the result's fewer), so nothing to say; the usual case, said at once
        return {}
    # the student's distinct marks run together as the scorer merges them: per label, a mark
    # that starts before its run's end joins it; each run counts its parts and whether any
    # two overlap (not only touch)
    runs: dict[str, list] = {}  # label → its runs: [start, end, parts, overlap]
    for start, end, label in sorted({(m[0], m[1], m[2]) for m in marks}):
        line = runs.get(label)
        if line and start <= line[-1][1]:
            run = line[-1]
            run[3] = run[3] or start < run[1]
            run[1], run[2] = max(run[1], end), run[2] + 1
        else:
            runs.setdefault(label, []).append([start, end, 1, False])
    scored = {mark[:3] for mark in result.marks}
    said = {}
    for label, line in runs.items():
        for start, end, parts, overlap in line:
            if parts > 1 and (label, start, end) in scored:
                how = "overlap" if overlap else "touch end to end"
                said[label, start, end] = (f"Your {parts} {label} marks here {how}, so they "
                                           "count as one mark. ")
    return said


class _TakesIn(dict):
    """For a mark that answered an item (found, or partly), by its ``MarkResult``: the other
    required items (their indexes) of a label that takes the mark's, whose whole ``min`` lies
    inside the mark's words, as the scorer counts words (``Article.word_range``); nothing for
    other marks. Worked out once for each mark: a class makes the same marks again and
    again."""

    def __init__(self, key: AnswerKey):
        super().__init__()
        self.key, article = key, key.article
        self.mins = [(n, item.id, item.accepts, *article.word_range(item.min_start, item.min_end))
                     for n, item in enumerate(key.items) if item.required]

    def __missing__(self, mark: MarkResult) -> tuple[int, ...]:
        found = ()
        if mark.status != "extra" and not mark.wrong_label:
            i, j = self.key.article.word_range(mark.start, mark.end)
            found = tuple(n for n, item_id, accepts, min_i, min_j in self.mins
                          if i <= min_i < min_j <= j and item_id != mark.item
                          and mark.label in accepts)
        if len(self) < 65536:
            self[mark] = found
        return found


@lru_cache(maxsize=32)
def _takes_in(key: AnswerKey) -> _TakesIn:
    return _TakesIn(key)


def _also(result: Result, key: AnswerKey) -> dict[str, str]:
    """For each item a mark of ``result`` answered, by id, when that mark's words also take
    in the whole ``min`` of another required item it could have answered, which is missed:
    the words that say one mark answers one item (a whole sentence over two claims finds
    one). They name no item, so a missed one stays hidden. Usually nothing, said at once."""
    takes_in = _takes_in(key)
    marks = result.marks
    said, items = {}, result.items
    for mark in compress(marks, map(takes_in.__getitem__, marks)):  # usually none
        missed = [key.items[n] for n in takes_in[mark] if items[n].outcome == "missed"]
        if missed:
            said[mark.item] = _also_words(tuple(dict.fromkeys(
                item.label for item in missed)), len(missed) > 1)
    return said


@lru_cache(maxsize=64)
def _also_words(labels: tuple[str, ...], several: bool) -> str:
    """"This mark also takes in another claim: …" (``labels``: the missed items' labels)."""
    what = " or ".join(labels) + (" or more" if several else "")
    each = f"each {labels[0]}" if len(labels) == 1 else "each"
    return (f" This mark also takes in another {what}: one mark answers one item, so mark "
            f"{each} on its own.")


def _cost(result: Result, extras: int) -> float:
    """What each of ``extras`` marks that earned nothing took off (``Result.penalty`` is
    the policy's ``extra_penalty`` for each)."""
    return round(result.penalty / extras, 4) if extras and result.penalty else 0.0


def _costs(cost: float) -> str:
    """The words on what a mark that earned nothing cost, as ``summary_line`` counts it."""
    return f" This mark costs you {cost:g} point{'' if cost == 1 else 's'}." if cost else ""


def student_why(why: str) -> str:
    """The key's *why* as a student may read it: a drafted one ("DRAFT: a claim (…). Rewrite:
    …"), which ``annotator new`` writes for the teacher to replace, is not shown at all."""
    return "" if why.startswith("DRAFT:") else why


def extra_marks(result: Result) -> list[MarkResult]:
    """The marks that match nothing. A wrong-label mark is told about on its item instead."""
    return [mark for mark in result.marks if mark.status == "extra" and not mark.wrong_label]


def known_mistake(key: AnswerKey, label: str, start: int, end: int) -> Distractor | None:
    """The key's likely wrong mark (``distractors``) that a mark of ``label`` over
    ``start``..``end`` is: the same label, and spans that mostly overlap. A mark over a whole
    paragraph also covers "confirmed", but is not the mistake the key explains there."""
    def same(d) -> bool:
        shared = min(end, d.end) - max(start, d.start)
        if d.whole:  # another label's item: the mark is mostly it, and it is mostly the mark
            return 2 * shared >= max(end - start, d.end - d.start)
        return 2 * shared >= min(end - start, d.end - d.start) and \
            end - start <= 3 * (d.end - d.start) + 30
    return next((d for d in key.distractors if label in d.labels and same(d)), None)


@lru_cache(maxsize=4096)
def _holds_other(key: AnswerKey, item_id: str, label: str, start: int, end: int) -> bool:
    """Whether a mark over ``start``..``end`` takes in most of a key item of ``label`` other
    than ``item_id``: a source and its claim marked as one, say."""
    return any(label in other.accepts and other.id != item_id and
               2 * (min(end, other.end) - max(start, other.start)) >= other.end - other.start
               for other in key.items)


def _near(key: AnswerKey, label: str, start: int, end: int) -> int | None:
    """The key item (its index) of ``label`` that a mark over ``start``..``end`` overlaps
    most, if any."""
    return max((n for n, item in enumerate(key.items) if label in item.accepts
                and item.start < end and start < item.end),
               key=lambda n: min(key.items[n].end, end) - max(key.items[n].start, start),
               default=None)


def _answered(result: Result, near: int | None) -> bool:
    """Whether another mark answers the key item ``near`` (found, or partly)."""
    return near is not None and result.items[near].outcome in ("hit", "partial")


@lru_cache(maxsize=65536)  # a class's extra marks repeat; the note and the badge both ask
def _near_or_known(key: AnswerKey, label: str, start: int, end: int
                   ) -> tuple[int | None, Distractor | None]:
    """For an extra mark: the key item of its label it is near (its index), and the key's
    likely mistake it is, which wins, unless the mark takes in a whole item's min: then it
    is that item's near miss ("stated that it is 'highly likely'" is a hedge marked too
    long)."""
    n = _near(key, label, start, end)
    near = key.items[n] if n is not None else None
    known = None if near is not None and start <= near.min_start and near.min_end <= end \
        else known_mistake(key, label, start, end)
    if known is not None and known.whole and near is not None:
        known = None  # a claim cut short that takes in a hedge is a claim cut short
    return n, known


def told_mistake(key: AnswerKey, label: str, start: int, end: int) -> Distractor | None:
    """The key's likely mistake an extra mark is told it is, if any: ``known_mistake``,
    unless the mark is that of a key item's near miss (see ``_near_or_known``)."""
    return _near_or_known(key, label, start, end)[1]


def found_again(key: AnswerKey, mark: MarkResult, result: Result) -> bool:
    """Whether an extra mark is told "Already found": it is near a key item of its label that
    another of the student's marks answers (and is no likely mistake)."""
    if mark.status != "extra" or mark.wrong_label:
        return False
    n, known = _near_or_known(key, mark.label, mark.start, mark.end)
    return n is not None and known is None and _answered(result, n)


def near_miss(key: AnswerKey, label: str, start: int, end: int) -> bool:
    """Whether an extra mark is near a key item of its label (it overlaps it, too little to
    count) rather than "Not in the key": told "Not close enough", or "Already found" when
    another mark answers that item (``found_again``)."""
    n, known = _near_or_known(key, label, start, end)
    return n is not None and known is None


def _extra_note(mark: MarkResult, key: AnswerKey, reveal_missed: bool = True,
                result: Result | None = None, joined: str = "", cost: float = 0.0) -> Note:
    """The note on an extra mark (see ``extra_marks``): the key's word on it when it lists
    the span as a likely wrong mark; else, when it overlaps a key item of its label but too
    little to count, that, with which way it is off (and the item's words, when missed items
    may be shown), or that another mark of ``result`` already answers the item. It depends on
    the mark's label and span, whether that item is answered, whether the mark is several of
    the student's (``joined``, see ``_joined``) and what it ``cost`` (see ``_cost``)."""
    text = key.article.text
    label, start, end = mark.label, mark.start, mark.end
    quote = _quoted(text[start:end])
    costs = _costs(cost)

    def note(headline: str, detail: str, why: str) -> Note:
        return Note("extra", label, start, end, text[start:end], headline,
                    joined + detail + costs, why)

    n, known = _near_or_known(key, label, start, end)
    near = key.items[n] if n is not None else None
    if known:
        return note("Not in the key", f"The key has no {label} at {quote}.",
                    student_why(known.why))
    across = _across(key, label, start, end)
    if near is None:
        return note("Not in the key", f"The key has no {label} at {quote}.{across} "
                    "Reread the definition; if you still think you are right, tell your "
                    "teacher: keys can be incomplete.", "")
    if result is not None and _answered(result, n):
        return note("Already found",
                    f"{_yours(label, quote, joined)} overlaps the {label} "
                    f"{_quoted(text[near.start:near.end])}, which another of your marks "
                    f"already answers, so this one counts as an extra mark.{across}", "")
    where = f"the key's is {_quoted(text[near.start:near.end])}" if reveal_missed else \
        "reread the whole sentence"
    if start <= near.min_start and near.min_end <= end:
        way = f" Your mark takes in more than the {label}: trim it."
    elif near.max_start <= start and end <= near.max_end:
        way = f" Your mark leaves out part of the {label}: extend it."
    else:
        way = " Your mark starts or ends in the wrong place."
    return note("Not close enough",
                f"{_yours(label, quote, joined)} overlaps {a_label(label)} in the key, but does "
                f"not line up with it closely enough to count: {where}.{way}{across}", "")


_OPEN, _CLOSE = "'‘“\"«‹„‚", "'’”\"»›“‘"  # English, French, Spanish, German quotation marks


class _Hider:
    """Keeps a key's answers out of the *why*s a student reads while missed items are hidden:
    a *why* often quotes another item ("The writer hedges it with 'reportedly'"), and a
    student who missed that item must not read it there. Each quotation holding a missed
    item's words (its ``min``) becomes '…'."""

    def __init__(self, key: AnswerKey):
        text = key.article.text
        self._patterns = {}
        for item in key.items:
            words = text[item.min_start:item.min_end].split()
            if words:
                body = r"\s+".join(map(re.escape, words))
                self._patterns[item.id] = re.compile(
                    rf"(?<!\w)([{_OPEN}])[^{_OPEN}{_CLOSE}]{{0,80}}?(?<!\w){body}(?!\w)"
                    rf"[^{_OPEN}{_CLOSE}]{{0,80}}?([{_CLOSE}])", re.IGNORECASE)
        self._mentions: dict[tuple[str, str | None], frozenset[str]] = {}

    def mentions(self, why: str, own: str | None) -> frozenset[str]:
        """The other items a *why* quotes (``own`` is the item the note is about)."""
        found = self._mentions.get((why, own))
        if found is None:
            found = self._mentions[why, own] = frozenset(
                item_id for item_id, pattern in self._patterns.items()
                if item_id != own and pattern.search(why))
        return found

    def hide(self, note: Note, missed: Collection[str]) -> Note:
        """``note`` with every quotation of a ``missed`` item in its *why* made '…'. A
        quotation that also holds the note's own item is kept: it is about that item."""
        hidden = self.mentions(note.why, note.item).intersection(missed) if note.why else ()
        if not hidden:
            return note
        own = self._patterns.get(note.item) if note.item else None
        why = note.why
        for item_id in sorted(hidden):
            why = self._patterns[item_id].sub(
                lambda m: m[0] if own is not None and own.search(m[0])
                else f"{m[1]}…{m[2]}", why)
        return replace(note, why=why)


def _missed_ids(result: Result) -> frozenset[str]:
    return frozenset(res.id for res in result.items if res.outcome == "missed")


def explain(result: Result, key: AnswerKey, *, reveal_missed: bool = True,
            marks: Collection[Mark] | None = None) -> list[Note]:
    """Notes for every answered, mislabelled and (optionally) missed item and every extra
    mark, in the article's order (an item's note at the item, an extra mark's at the mark;
    items first, in key order, where they start and end alike): a mark that came close to an
    item is told about beside it. A mark that earned nothing says what it cost.

    Optional items appear only when the student found them. With missed items hidden, no
    *why* quotes one (see ``_Hider``). Given the student's own ``marks`` (those scored), a
    note on a mark the scorer made of several of them says so (see ``_joined``). A note on
    a mark that also takes in a missed item says one mark answers one item (see ``_also``).
    """
    joined, extras, also = _joined(result, marks), extra_marks(result), _also(result, key)
    cost = _cost(result, len(extras))
    notes = [_item_note(res, result, key, _joined_to(joined, result, res), also.get(res.id, ""))
             for res in result.items if _told(res, reveal_missed)]
    notes += [_extra_note(mark, key, reveal_missed, result, joined.get(mark[:3], ""), cost)
              for mark in extras]
    if not reveal_missed:
        hider, missed = _Hider(key), _missed_ids(result)
        notes = [hider.hide(note, missed) for note in notes]
    return sorted(notes, key=_place)


def _joined_to(joined: dict[tuple[str, int, int], str], result: Result,
               res: ItemResult) -> str:
    """``_joined``'s words on the mark that answered ``res``, if any."""
    return joined.get(result.marks[res.mark][:3], "") if joined and res.mark is not None \
        else ""


_place = attrgetter("start", "end")
_span_of = itemgetter(0, 1)


class ClassNotes(Generic[T]):
    """``explain`` for a whole class of one key, each note made once and kept as ``render``
    makes it (HTML, say): a class reads the same notes again and again (everyone who missed
    an item reads the same words), so a report per student costs lookups, not sentences.
    ``render`` returns something true: a false rendering is left out."""

    def __init__(self, key: AnswerKey, render: Callable[[Note], T], *,
                 reveal_missed: bool = True):
        self.key, self.render, self.reveal_missed = key, render, reveal_missed
        self._items: dict = {}  # ItemResult (a partial one: its mark) → T, or False if untold
        self._extras: dict = {}  # an extra mark's (label, start, end) → T
        # with missed items hidden, a note whose *why* quotes other items is made once for
        # each set of those items a student missed
        self._hider = None if reveal_missed else _Hider(key)
        self._hidden: dict = {}  # (note's basis, quoted items missed) → T
        self._extra_notes: dict = {}  # an extra mark's (label, start, end, answered) → Note
        self._near: dict = {}  # an extra mark's (label, start, end) → the item it is near
        # the items in the article's order (as ``explain`` sorts their notes), and where each
        # is: an extra mark's note goes in among them by where the mark is
        places = [(item.start, item.end) for item in key.items]
        self._order = sorted(range(len(places)), key=places.__getitem__)
        self._places = [places[n] for n in self._order]

    def __call__(self, result: Result, marks: Collection[Mark] | None = None) -> list[T]:
        """What ``explain(result, key, reveal_missed=..., marks=marks)`` says, each note
        rendered."""
        joined, extras = _joined(result, marks), extra_marks(result)
        also = _also(result, self.key)
        cost = _cost(result, len(extras))
        if self._hider is not None:
            return self._with_missed_hidden(result, joined, extras, cost, also)
        items = result.items
        notes = list(map(self._items.get, items))
        if joined or also:  # a note on a mark made of several, or that takes in a missed
            for n, res in enumerate(items):  # item, says so: not the one kept for its item
                if res.id in also or _joined_to(joined, result, res):
                    notes[n] = None
        n = -1
        for _ in range(notes.count(None)):  # partial answers (they quote the mark), new notes
            n = notes.index(None, n + 1)
            notes[n] = self._item(items[n], result, _joined_to(joined, result, items[n]),
                                  also.get(items[n].id, ""))
        told = []
        for mark in extras:
            words = joined.get(mark[:3], "")
            span = self._extra_basis(mark, result, words, cost)
            made = self._extras.get(span)
            if made is None:
                made = self._extras[span] = self.render(
                    _extra_note(mark, self.key, self.reveal_missed, result, words, cost))
            told.append((mark.start, mark.end, made))
        return self._in_order(notes, told)

    def _extra_basis(self, mark: MarkResult, result: Result, joined: str, cost: float
                     ) -> tuple[str, int, int, bool, str, float]:
        """What an extra mark's note depends on: its label and span, whether another mark
        answers the item it is near, whether it is several of the student's marks, and what
        it cost."""
        span = (mark.label, mark.start, mark.end)
        near = self._near.get(span, -1)
        if near == -1:
            near = self._near[span] = _near(self.key, *span)
        return (*span, _answered(result, near), joined, cost)

    def _with_missed_hidden(self, result: Result, joined: dict, extras: list[MarkResult],
                            cost: float, also: dict[str, str]) -> list[T]:
        missed, hider, key = _missed_ids(result), self._hider, self.key
        notes = []
        for res in result.items:
            if _told(res, False):
                item = key.item(res.id)
                words = _joined_to(joined, result, res)
                more = also.get(res.id, "")
                basis = self._basis(res, result)
                notes.append(self._hidden_once(
                    (basis, words, more) if words or more else basis,
                    hider.mentions(item.why, item.id) & missed, missed,
                    lambda res=res, words=words, more=more: _item_note(res, result, key, words,
                                                                       more)))
            else:
                notes.append(None)
        told = []
        for mark in extras:
            words = joined.get(mark[:3], "")
            span = self._extra_basis(mark, result, words, cost)
            note = self._extra_notes.get(span)
            if note is None:
                note = self._extra_notes[span] = _extra_note(mark, key, False, result, words,
                                                             cost)
            told.append((mark.start, mark.end, self._hidden_once(
                span, hider.mentions(note.why, None) & missed, missed, lambda note=note: note)))
        return self._in_order(notes, told)

    def _in_order(self, notes: list, extras: list[tuple[int, int, T]]) -> list[T]:
        """The items' ``notes`` (in key order, one per item, falsy when untold) and the extra
        marks' (start, end, note), in the article's order, the untold left out."""
        ordered = [notes[n] for n in self._order]
        extras.sort(key=_span_of)  # stable: marks where they start and end alike keep order
        for offset, (start, end, note) in enumerate(extras):
            # after the items (and the extra notes before it) where it starts and ends alike
            ordered.insert(bisect_right(self._places, (start, end)) + offset, note)
        return list(filter(None, ordered))

    def _hidden_once(self, basis, quoted_missed: frozenset[str], missed: frozenset[str],
                     make: Callable[[], Note]) -> T:
        """The note ``make`` gives, with ``missed`` items hidden, rendered once for each
        ``basis`` and set of the missed items its *why* quotes."""
        found = self._hidden.get((basis, quoted_missed))
        if found is None:
            found = self._hidden[basis, quoted_missed] = self.render(
                self._hider.hide(make(), missed))
        return found

    def _basis(self, res: ItemResult, result: Result):
        """What an item's note depends on: the item's outcome; for a partial answer (and its
        credit) or a wrong label the mark too."""
        if res.outcome == "partial":
            mark = result.marks[res.mark]
            return (res.id, res.required, res.boundary, res.credit, res.points, mark.label,
                    mark.start, mark.end)
        if res.outcome == "wrong_label":  # the mark may be a likely mistake, or hold an item
            mark = result.marks[res.mark]
            return res, mark.start, mark.end
        return res

    def _item(self, res: ItemResult, result: Result, joined: str = "", also: str = ""):
        basis = self._basis(res, result)
        if joined or also:
            basis = (basis, joined, also)
        made = self._items.get(basis)
        if made is None:
            made = self._items[basis] = self.render(
                _item_note(res, result, self.key, joined, also)) \
                if _told(res, self.reveal_missed) else False
        return made


def summary_line(result: Result) -> str:
    if result.percent is None:
        return "This key has no required items, so there is no score."
    outcomes = [r.outcome for r in result.items if r.required]
    found, partial, total = outcomes.count("hit"), outcomes.count("partial"), len(outcomes)
    points = "point" if result.max_points == 1 else "points"
    text = (f"{format_percent(result.percent)} ({result.points:.4g} of "
            f"{result.max_points:.4g} {points}): {found} of {total} found")
    if partial:
        text += f", {partial} partly"
    if result.penalty:  # marks not in the key, and near misses: neither earns anything
        n = sum(m.status == "extra" and not m.wrong_label for m in result.marks)
        text += f"; {result.penalty:g} off for {n} mark{'' if n == 1 else 's'} that earned nothing"
    return text + "."


def hint(result: Result, key: AnswerKey,
         shown: Collection[tuple[int, int, str]] = ()) -> dict | None:
    """The next sentence holding a missed required item, as ``(start, end, label)`` not in
    ``shown`` (the hints already revealed), or None when every such sentence is shown."""
    pending: dict[tuple[int, int, str], str] = {}
    for res in result.items:
        if res.required and res.outcome == "missed":
            item = key.item(res.id)
            start, end = key.article.sentence_of(item.start, item.end)
            if (start, end, item.label) not in shown:
                pending.setdefault((start, end, item.label), item.id)
    if not pending:
        return None
    (start, end, label), item_id = next(iter(pending.items()))
    item = key.item(item_id)
    over = [m for m in result.marks if m.start < item.end and item.start < m.end
            and m.label in item.accepts]  # the student's marks on it, of a label it takes
    if any(m.status != "extra" and m.item != item_id for m in over):
        said = "that one of your marks takes in together with another: mark each on its own."
    elif any(m.status == "extra" and near_miss(key, m.label, m.start, m.end) for m in over):
        said = "that one of your marks comes close to but does not find: check where it " \
               "starts and ends."
    else:  # unmarked, or marked only by a likely mistake ("Kyiv" for a source)
        said = "you have not marked yet."
    return {"label": label, "start": start, "end": end, "item": item_id,
            "left": len(pending) - 1,
            "text": f"Look again at this sentence: there is {a_label(label)} in it {said}"}


def format_ratio(value: float | None) -> str:
    """A ratio to two decimals as the widget shows it (JavaScript's ``toFixed(2)``: the exact
    value rounded half up), so that Check and the report agree: 0.125 is 0.13 in both."""
    if value is None:
        return "n/a"
    return f"{Decimal(value).quantize(_HUNDREDTH, ROUND_HALF_UP)}"


_HUNDREDTH = Decimal("0.01")


_WHOLE = Decimal(1)


@lru_cache(maxsize=4096)  # a class has a few hundred different scores
def format_percent(value: float | None) -> str:
    """A percent as everyone reads it: whole, rounded half up from the two decimals the LMS
    files carry (92.5 → "93%"; Python's own rounding gives 92 but 38 for 37.5)."""
    if value is None:
        return "n/a"
    return f"{Decimal(f'{value:.2f}').quantize(_WHOLE, ROUND_HALF_UP)}%"


def text_report(result: Result, key: AnswerKey, *, reveal_missed: bool = True,
                marks: Collection[Mark] | None = None) -> str:
    """The report ``annotator score`` prints (``marks``: the student's own, as ``explain``)."""
    lines = [summary_line(result), "", f"{'label':<10}{'precision':>10}{'recall':>8}{'F1':>7}"]
    for label, fig in [*result.labels.items(), ("overall", result.overall)]:
        lines.append(f"{label:<10}{format_ratio(fig.precision):>10}"
                     f"{format_ratio(fig.recall):>8}{format_ratio(fig.f1):>7}")
    lines.append("")
    for note in explain(result, key, reveal_missed=reveal_missed, marks=marks):  # in order
        lines.append(f"[{note.headline}] {note.label}: {note.detail}")
        if note.why:
            lines.append(f"    why: {note.why}")
    lines.append(f"\n(policy: {result.policy})")
    return "\n".join(lines)
