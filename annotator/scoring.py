"""The scorer: student marks + answer key + policy → Result. Pure functions, no I/O.

How a score is made, in plain words:

1. Each mark is widened to whole words; its edges' spaces and punctuation never matter.
   Marks of one label that overlap or touch are merged into one.
2. A mark can answer a key item when its label is the item's label or one of its
   ``alt_labels``. It earns full credit when it covers the item's ``min`` and stays inside
   its ``max``; otherwise it earns the word overlap with the item (shared words ÷ words in
   either) when that reaches the policy's threshold; otherwise nothing.
3. Marks and items are paired one to one so that the total credit is as large as possible
   (required items first, then optional ones), whatever order the marks came in.
4. An item left unpaired but covered by a mark of another label is "found, wrong label".
5. Points are the credit earned on required items, less a small penalty for each mark that
   matches nothing, never below zero.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import compress, count
from operator import attrgetter, itemgetter
from typing import NamedTuple

from annotator.key import AnswerKey
from annotator.matching import max_weight_matching
from annotator.names import plain_id
from annotator.policy import DEFAULT_POLICY, POLICIES, Policy
from annotator.submission import Mark

_new = tuple.__new__  # builds a result tuple without the keyword-argument overhead
SEMEVAL_SCHEMES = ("strict", "exact", "partial", "type")


class ItemResult(NamedTuple):
    id: str
    label: str
    required: bool
    outcome: str  # hit, partial, wrong_label, missed
    credit: float
    points: float
    mark: int | None = None  # index into Result.marks of the mark that answered it
    boundary: str | None = None  # for partial: "too_short", "too_long" or "shifted"
    found_as: str | None = None  # for wrong_label: the label the student used


class MarkResult(NamedTuple):
    label: str
    start: int
    end: int
    status: str  # matched, optional or extra
    item: str | None = None  # the item it answered, or (wrong label) the one it overlaps
    credit: float = 0.0
    wrong_label: bool = False


class Figures(NamedTuple):
    precision: float | None
    recall: float | None
    f1: float | None


class SemEval(NamedTuple):
    cor: int
    inc: int
    par: int
    mis: int
    spu: int
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True, slots=True)
class Result:
    policy: str
    percent: float | None
    points: float
    max_points: float
    penalty: float
    overall: Figures
    labels: dict[str, Figures]
    items: tuple[ItemResult, ...]
    marks: tuple[MarkResult, ...]
    semeval: dict[str, SemEval]

    def to_dict(self) -> dict:
        """Plain JSON-ready data (the ``annotator score --json`` object)."""
        return {
            "policy": self.policy, "percent": self.percent, "points": self.points,
            "max_points": self.max_points, "penalty": self.penalty,
            "overall": self.overall._asdict(),
            "labels": {name: fig._asdict() for name, fig in self.labels.items()},
            "items": [r._asdict() for r in self.items],
            "marks": [r._asdict() for r in self.marks],
            "semeval": {name: counts._asdict() for name, counts in self.semeval.items()},
        }


_RESULT_SETTERS = tuple(Result.__dict__[f.name].__set__ for f in fields(Result))


def _result(*values) -> Result:
    """``Result(*values)``, every field given in order, at a third of the cost: a frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``, and the scorer
    makes one Result per file of a class."""
    result = object.__new__(Result)
    for put, value in zip(_RESULT_SETTERS, values, strict=True):
        put(result, value)
    return result


def resolve_policy(policy: str | Policy | None, key: AnswerKey | None = None) -> Policy:
    if isinstance(policy, Policy):
        return policy
    name = policy or (key.policy if key is not None else None) or DEFAULT_POLICY
    if name not in POLICIES:
        raise ValueError(f"unknown policy {name!r}: use one of {', '.join(POLICIES)}")
    return POLICIES[name]


class _Item:
    """A key item in word-index space, ready for fast comparison."""

    __slots__ = (
        "accepts",
        "i",
        "id",
        "item",
        "j",
        "label",
        "max_i",
        "max_j",
        "min_i",
        "min_j",
        "missed",
        "n",
        "points",
        "required",
    )

    def __init__(self, n, item, article):
        self.n, self.item, self.id, self.label = n, item, item.id, item.label
        self.i, self.j = article.word_range(item.start, item.end)
        self.min_i, self.min_j = article.word_range(item.min_start, item.min_end)
        self.max_i, self.max_j = article.word_range(item.max_start, item.max_end)
        self.accepts = frozenset(item.accepts)
        self.required, self.points = item.required, item.points
        self.missed = ItemResult(item.id, item.label, item.required, "missed", 0.0, item.points)


class Scorer:
    """A key prepared once for scoring many submissions."""

    def __init__(self, key: AnswerKey, policy: str | Policy | None = None):
        self.key, self.policy = key, resolve_policy(policy, key)
        self.article = key.article
        self.items = [_Item(n, item, key.article) for n, item in enumerate(key.items)]
        order = sorted(self.items, key=lambda it: (it.i, it.j, it.n))
        self._sorted = order
        self._starts = [it.i for it in order]
        self._longest = max((it.j - it.i for it in order), default=0)
        self.max_points = sum(it.points for it in self.items if it.required)
        self._required = [it.required for it in self.items]
        self._required_count = sum(self._required)
        self._all_missed = tuple(it.missed for it in self.items)
        required_by_label = {label: [it.n for it in self.items
                                     if it.required and it.label == label]
                             for label in key.labels}
        self._possible = {label: sum(self.items[n].points for n in found)
                          for label, found in required_by_label.items()}
        # per label with required items: a getter of their entries in a per-item list
        self._required_by_label = [(label, _getter(found))
                                   for label, found in required_by_label.items() if found]
        self._lanes = sum(1 << (s * len(self.items)) for s in range(len(SEMEVAL_SCHEMES)))
        self._label_order = label_order(self._possible)
        self._spans: dict = {}
        self._semeval_cache: dict = {}
        self._penalties: dict[int, float] = {}  # by the number of extra marks
        self._points: dict[float, tuple[float, float | None]] = {}  # see _points_percent

    # -- candidates -------------------------------------------------------------------

    def _overlapping(self, i: int, j: int) -> list[_Item]:
        """Items sharing at least one word with ``[i, j)``, in key position order."""
        lo = bisect_left(self._starts, i - self._longest + 1)
        hi = bisect_left(self._starts, j)
        return [it for it in self._sorted[lo:hi] if it.j > i]

    def _credit(self, i: int, j: int, it: _Item) -> tuple[float, bool]:
        """(credit, full) for a mark covering words ``[i, j)`` answering item ``it``."""
        policy = self.policy
        if policy.exact:
            if i == it.i and j == it.j:
                return 1.0, True
        elif it.min_i >= i and it.min_j <= j and it.max_i <= i and it.max_j >= j:
            return 1.0, True
        overlap = word_overlap((i, j), (it.i, it.j))
        if overlap <= 0 or overlap < policy.threshold:
            return 0.0, False
        return (0.5 if policy.partial == "half" else round(overlap, 4)), False

    def credits(self, start: int, end: int) -> list[tuple[int, float]]:
        """(item index, credit) for every key item a mark over ``[start, end)`` would earn
        credit for if its label were accepted."""
        return [(n, value) for n, value, _, _ in self._edges(*self.article.word_range(start, end))]

    def _edges(self, i: int, j: int, label: str | None = None,
               overlapping: list[_Item] | None = None) -> tuple:
        """(item, credit, full, label accepted) for every item a ``label`` mark over words
        ``[i, j)`` earns credit for (among the ``overlapping`` items, when known)."""
        if i >= j:
            return ()
        return tuple((it.n, value, full, label in it.accepts)
                     for it in (self._overlapping(i, j) if overlapping is None else overlapping)
                     for value, full in [self._credit(i, j, it)] if value > 0)

    # -- scoring ----------------------------------------------------------------------
    #
    # A class marks the same spans again and again, so everything a mark can earn on its own
    # is worked out once per distinct mark (``_Span``) and scoring a submission is mostly
    # looking things up. When marks compete for an item, they are matched properly.

    def _span(self, start: int, end: int, label: str) -> _Span:
        found = self._spans.get((start, end, label))
        if found is None:
            found = _keep(self._spans, (start, end, label), _Span(self, start, end, label),
                          200_000)
        return found

    def _merged(self, marks: Iterable[Mark]) -> list[_Span]:
        """One span per run of overlapping or touching marks of one label, in text order."""
        span = self._spans.get
        return [span(key) or self._span(*key) for key in _merge(marks)]

    def score(self, marks: Sequence[Mark]) -> Result:
        spans = self._merged(marks)
        pairs, wrong, second_label = self._pair_up(spans) or self._match(spans)
        items, required, policy = self.items, self._required, self.policy

        sums = _Sums({label: [0.0, possible, 0.0, 0]
                      for label, possible in self._possible.items()})
        mark_results = [None] * len(spans)
        item_results = list(self._all_missed)  # the answered items are filled in below
        earned_by_item = [0.0] * len(items)  # credit × points
        extras = tally = gold = 0
        for m, sp, n in zip(count(), spans, pairs):
            if n is not None:
                answer = sp.answers[n]
                result = answer.mark
                item_results[n] = answer.results.get(m) or answer.keep_result(m)
                earned_by_item[n] = answer.earned
            elif m in wrong:
                n_wrong = wrong[m]
                result = sp.wrong(n_wrong)
                it, value = items[n_wrong], policy.wrong_label_credit
                item_results[n_wrong] = _new(ItemResult, (
                    it.id, it.label, it.required, "wrong_label", value, it.points, m, None,
                    sp.label))
                earned_by_item[n_wrong] = value * it.points
            elif m in second_label:
                result = _new(MarkResult, (sp.label, sp.start, sp.end, "optional",
                                           items[second_label[m]].id, 0.0, False))
            else:
                extras += 1
                result = sp.extra
            mark_results[m] = result
            if result[3] != "optional":
                row = sums[sp.label]
                row[2] += result[5]
                row[3] += 1
            if n is None or required[n]:  # SemEval leaves out marks of optional items
                state = gold & sp.gold_lanes
                # no earlier mark took any of its candidates: its outcome alone
                found = sp.fresh if not state else \
                    sp.semeval.get(state) or self._semeval_outcomes(sp, state)
                tally += found[0]
                gold |= found[1]

        # each label's earned points summed in key order, so they add up the same way every
        # time (an item nobody answered adds 0.0, which changes no sum)
        for label, picked in self._required_by_label:
            sums[label][0] = sum(picked(earned_by_item))

        earned = sum(row[0] for row in sums.values())
        penalty = self._penalties.get(extras)
        if penalty is None:
            penalty = self._penalties[extras] = round(extras * policy.extra_penalty, 4)
        net = earned - penalty
        points_percent = self._points.get(net) or self._points_percent(net)
        overall, labels = _figures(sums, self._label_order)
        return _result(policy.name, points_percent[1], points_percent[0], self.max_points,
                       penalty, overall, labels, tuple(item_results), tuple(mark_results),
                       self._semeval(tally))

    def _points_percent(self, net: float) -> tuple[float, float | None]:
        """Points (never below zero) and percent for ``net`` earned points less the penalty;
        a class earns the same few hundred again and again, and rounding is slow, so each
        is worked out once."""
        points = round(max(0.0, net), 4)
        percent = round(100 * points / self.max_points, 2) if self.max_points else None
        return _keep(self._points, net, (points, percent), 100_000)

    def _pair_up(self, spans: list[_Span]) -> tuple[list, dict, dict] | None:
        """Each mark's item (or ``None``), the wrong-label pairs and the second-label marks
        (as ``_match`` gives them) in the usual case: no two marks compete for an item and no
        mark could answer two, so every possible pair is taken (and no mark answers an
        answered item a second way). ``None`` in any other case."""
        pairs = list(map(_PAIR, spans))
        chosen = set(pairs)
        unpaired = pairs.count(None)
        if unpaired:
            chosen.discard(None)
        if -1 in chosen or len(chosen) + unpaired < len(pairs):
            return None
        loose = list(compress(count(), map(_LOOSE, spans)))
        return pairs, self._wrong_label(spans, loose, chosen) if loose else {}, {}

    def _wrong_label(self, spans: list[_Span], loose: list[int], answered: Collection[int]
                     ) -> dict[int, int]:
        """Unpaired marks (``loose``) over an item not ``answered``, with a label the item
        does not accept."""
        return max_weight_matching({(m, n): value for m in loose
                                    for n, value in spans[m].other if n not in answered})

    def _match(self, spans: list[_Span]) -> tuple[list[int | None], dict[int, int],
                                                   dict[int, int]]:
        """Maximum-credit one-to-one pairs (required items first, then optional ones), as
        each mark's item or ``None``; then the wrong-label pairs (mark → item), then the marks
        that answer an answered item a second way (mark → item)."""
        items = self.items
        credit: dict[tuple[int, int], float] = {}  # (mark, item) → credit, accepted labels
        required: dict[tuple[int, int], float] = {}  # the same, weighted, required items only
        optional: dict[tuple[int, int], float] = {}
        for m, sp in enumerate(spans):
            for n, value, _, accepted in sp.edges:
                if accepted:
                    credit[m, n] = value
                    it = items[n]
                    if it.required:
                        required[m, n] = value * it.points
                    else:
                        optional[m, n] = value
        pairs = max_weight_matching(required)
        if optional:
            pairs.update(max_weight_matching(
                {e: c for e, c in optional.items() if e[0] not in pairs}))
        by_item = {n: m for m, n in pairs.items()}
        # "reportedly" is a hedge and also an implicit source: once it is answered with one
        # accepted label, a second mark with another accepted label is neutral, not extra.
        second_label = {m: n for m, n in sorted(credit) if m not in pairs and n in by_item
                        and spans[by_item[n]].label != spans[m].label} \
            if len(credit) > len(pairs) else {}
        loose = [m for m, sp in enumerate(spans) if sp.other and m not in pairs]
        return ([pairs.get(m) for m in range(len(spans))], self._wrong_label(spans, loose, by_item),
                second_label)

    @staticmethod
    def _boundary(mark_range: tuple[int, int], it: _Item) -> str:
        i, j = mark_range
        short = i > it.min_i or j < it.min_j
        long = i < it.max_i or j > it.max_j
        return "shifted" if short and long else "too_short" if short else "too_long"

    # SemEval-2013 task 9.1 counts, computed as the nervaluate package does.
    #
    # Gold entities are the required items; marks paired with optional items are left out.
    # Marks are taken in text order. In each scheme a mark takes at most one gold item among
    # those it overlaps that no earlier mark took, so POS is always the number of gold items
    # and ACT the number of marks:
    #
    # - strict: same words and an accepted label: COR; else the first overlapped: INC
    # - exact: same words: COR; else the first overlapped: INC
    # - partial: same words: COR; else the first overlapped: PAR
    # - type: an accepted label (closest boundaries first): COR; else the first overlapped: INC
    #
    # A mark that takes nothing is SPU; a gold item that no mark took is MIS.
    #
    # The gold items taken so far are bits of one integer, one lane of bits per scheme; with
    # the lanes of a mark's candidates they select the mark's remembered outcome. The outcome
    # counts are lanes of another integer, and they decide the figures.

    def _semeval_outcomes(self, sp: _Span, state: int) -> tuple[int, int]:
        """(outcome counts, gold taken) of one mark in every scheme, given the gold items its
        scheme's earlier marks took (``state``), both packed one lane per scheme."""
        width, counts, gold_taken = len(self.items), 0, 0
        for s, scheme in enumerate(SEMEVAL_SCHEMES):
            lane = state >> (s * width)
            free = [it for it in sp.candidates if not lane >> it.n & 1] if lane else sp.candidates
            outcome, gold = _semeval_match(scheme, free, sp.i, sp.j, sp.label)
            counts += 1 << (_COUNT_BITS * (4 * s + _OUTCOMES.index(outcome)))
            if gold is not None:
                gold_taken |= 1 << (s * width + gold)
        found = sp.semeval[state] = (counts, gold_taken)
        return found

    def _semeval(self, tally: int) -> dict[str, SemEval]:
        """The counts and figures per scheme. Each mark that takes a gold item takes a free
        one, so the outcome counts decide the missed ones too."""
        out = {}
        cache = self._semeval_cache
        for s, scheme in enumerate(SEMEVAL_SCHEMES):
            counts = tally >> (_COUNT_BITS * 4 * s) & _SCHEME_MASK
            found = cache.get((s, counts))
            if found is None:
                cor, inc, par, spu = (counts >> (_COUNT_BITS * k) & _COUNT_MASK
                                      for k in range(4))
                mis = self._required_count - cor - inc - par
                possible, actual = cor + inc + par + mis, cor + inc + par + spu
                hits = cor + (0.5 * par if scheme in ("partial", "type") else 0)
                found = _keep(cache, (s, counts), SemEval(
                    cor, inc, par, mis, spu, *_prf(hits, actual, hits, possible)), 100_000)
            out[scheme] = found
        return out


_START_END_LABEL = itemgetter(0, 1, 2)
_PAIR, _LOOSE = attrgetter("pair"), attrgetter("loose")
_OUTCOMES = ("cor", "inc", "par", "spu")
_COUNT_BITS = 32  # each outcome count has its own 32-bit lane of one integer
_COUNT_MASK = (1 << _COUNT_BITS) - 1
_SCHEME_MASK = (1 << (4 * _COUNT_BITS)) - 1


def _keep(cache: dict, key, value, limit: int):
    """``cache[key] = value``, the cache emptied first when it holds more than ``limit``
    entries (a class's repeats fill it long before that); returns ``value``."""
    if len(cache) > limit:
        cache.clear()
    cache[key] = value
    return value


class _Sums(dict):
    """Per label: [credit × points earned, points possible, mark credit, marks counted]; a
    label the key does not have gets its row when first used."""

    def __missing__(self, label: str) -> list:
        row = self[label] = [0.0, 0.0, 0.0, 0]
        return row


class _Answer:
    """What a mark earns when it answers an item."""

    __slots__ = ("boundary", "earned", "head", "mark", "results")

    def __init__(self, head: tuple, boundary: str | None, mark: MarkResult, earned: float):
        self.head = head  # the item's result up to its ``mark`` field
        self.boundary = boundary  # the item result's ``boundary``
        self.mark = mark  # the mark's result
        self.earned = earned  # credit × the item's points
        self.results: dict[int, ItemResult] = {}  # the item's results by the mark's position

    def keep_result(self, m: int) -> ItemResult:
        """The item's result when the ``m``-th mark answers it, made and kept in ``results``
        (which the scorer looks in first)."""
        return _keep(self.results, m, _new(ItemResult, (*self.head, m, self.boundary, None)), 50)


class _Span:
    """One distinct mark (start, end, label) and everything it can earn on its own: which
    items it could answer and for how much, its results when it answers one, and its
    SemEval outcomes."""

    __slots__ = (
        "_wrong",
        "answers",
        "candidates",
        "edges",
        "end",
        "extra",
        "fresh",
        "gold_lanes",
        "i",
        "j",
        "label",
        "loose",
        "other",
        "pair",
        "scorer",
        "semeval",
        "start",
    )

    def __init__(self, scorer: Scorer, start: int, end: int, label: str):
        self.scorer, self.start, self.end, self.label = scorer, start, end, label
        self.i, self.j = i, j = scorer.article.word_range(start, end)
        overlapping = scorer._overlapping(i, j) if i < j else []
        self.edges = edges = scorer._edges(i, j, label, overlapping)
        self.answers = {n: self._answer(scorer.items[n], value, full)
                        for n, value, full, ok in edges if ok}
        # the item this mark answers when no other mark wants it (required items first);
        # -1 when it could answer two
        choice = [n for n in self.answers if scorer._required[n]] or list(self.answers)
        self.pair = None if not choice else choice[0] if len(choice) == 1 else -1
        # (item, weight) of the items it covers with a label they do not accept: a required
        # item weighs more, so the mislabelled item a student is told about is the one that
        # counts ("found, wrong label" for an optional part of a required claim said nothing)
        self.other = tuple((n, value + scorer._required[n])
                           for n, value, _, ok in edges if not ok)
        # unpaired when no other mark competes, yet it may have found an item with a wrong label
        self.loose = self.pair is None and bool(self.other)
        self.extra = _new(MarkResult, (label, start, end, "extra", None, 0.0, False))
        self.candidates = tuple(it for it in overlapping if it.required)
        # the candidates' bits, once in each scheme's lane
        self.gold_lanes = sum(1 << it.n for it in self.candidates) * scorer._lanes
        self.semeval: dict[int, tuple[int, int]] = {}
        self.fresh = scorer._semeval_outcomes(self, 0)  # when no earlier mark took a candidate
        self._wrong: dict[int, MarkResult] = {}

    def _answer(self, it: _Item, value: float, full: bool) -> _Answer:
        """What this mark earns when it answers item ``it``."""
        mark = _new(MarkResult, (self.label, self.start, self.end,
                                 "matched" if it.required else "optional", it.id, value, False))
        return _Answer(
            (it.id, it.label, it.required, "hit" if full else "partial", value, it.points),
            None if full else Scorer._boundary((self.i, self.j), it), mark, value * it.points)

    def wrong(self, n: int) -> MarkResult:
        """This mark's result when it found item ``n`` with a label the item does not take."""
        found = self._wrong.get(n)
        if found is None:
            it = self.scorer.items[n]
            value = self.scorer.policy.wrong_label_credit if it.required else 0.0
            found = self._wrong[n] = _new(MarkResult, (
                self.label, self.start, self.end, "extra" if it.required else "optional",
                it.id, value, True))
        return found


def _semeval_match(scheme: str, free: Sequence[_Item], i: int, j: int,
                   label: str) -> tuple[str, int | None]:
    """A mark's outcome in one SemEval scheme and the gold item it takes (see ``_semeval``)."""
    if not free:
        return "spu", None
    if scheme == "type":
        best, distance = None, None
        for it in free:
            if label in it.accepts:
                d = abs(it.i - i) + abs(it.j - j)
                if distance is None or d < distance:
                    best, distance = it, d
        return ("cor", best.n) if best is not None else ("inc", free[0].n)
    for it in free:
        if it.i == i and it.j == j and (scheme != "strict" or label in it.accepts):
            return "cor", it.n
    return ("par" if scheme == "partial" else "inc"), free[0].n


def word_overlap(x: tuple[int, int], y: tuple[int, int]) -> float:
    """The words two word ranges share over the words either covers (intersection over
    union): the scorer's partial credit, and how close two spans are wherever it is asked."""
    union = max(x[1], y[1]) - min(x[0], y[0])
    return max(0, min(x[1], y[1]) - max(x[0], y[0])) / union if union > 0 else 0.0


def _getter(indexes: Sequence[int]) -> Callable[[Sequence], tuple]:
    """``lambda seq: tuple(seq[i] for i in indexes)``, for one index or more."""
    if len(indexes) == 1:
        return lambda seq, i=indexes[0]: (seq[i],)
    return itemgetter(*indexes)


def _merge(marks: Iterable[Mark]) -> list[tuple[int, int, str]]:
    """(start, end, label) per run of overlapping or touching same-label marks, in order."""
    runs: list[tuple[int, int, str]] = []
    last: dict[str, int] = {}  # label → its latest run
    merged = False
    for key in sorted(map(_START_END_LABEL, marks)):
        k = last.get(key[2])
        if k is not None and key[0] <= runs[k][1]:
            merged = True
            if key[1] > runs[k][1]:
                runs[k] = (runs[k][0], key[1], key[2])
        else:
            last[key[2]] = len(runs)
            runs.append(key)
    if merged:  # a run grew longer than marks after it
        runs.sort()
    return runs


def merge_marks(marks: Iterable[Mark]) -> list[Mark]:
    """One mark per run of overlapping or touching marks of the same label, in text order."""
    return [Mark(start, end, label) for start, end, label in _merge(marks)]


def _prf(found_p: float, actual: float, found_r: float,
         possible: float) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1, each rounded once: F1 comes from the unrounded ratios.
    A ratio with nothing to divide by is undefined (None), never 0 or 1. F1 with one ratio
    undefined is undefined, unless the other is 0: then F1 is 0 whatever the undefined one
    would be (a student with no marks found nothing, and a class's mean F1 counts them)."""
    precision = found_p / actual if actual else None
    recall = found_r / possible if possible else None
    if precision is None or recall is None:
        known = recall if precision is None else precision
        return (None if precision is None else round(precision, 4),
                None if recall is None else round(recall, 4), 0.0 if known == 0 else None)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)


def _figures(sums: dict[str, list[float]], labels: Sequence[str]
             ) -> tuple[Figures, dict[str, Figures]]:
    """Credit-weighted precision (over the student's counted marks) and recall (over required
    items), overall and per label (in the order of sorted ``labels``, the key's), from
    [earned, possible, mark credit, marks counted]."""
    earned, possible, credit, count = map(sum, zip(*sums.values()))
    if len(sums) > len(labels):  # marks with labels the key does not have
        labels = label_order(sums)
    return (_label_figures(earned, possible, credit, count),
            {label: _label_figures(*sums[label]) for label in labels})


def label_order(labels: Iterable[str]) -> list[str]:
    """Labels in the order figures list them: alphabetical, case and accents aside
    ("afirmación, fuente, Opinión"; a plain sort puts capitals and accents first)."""
    return sorted(labels, key=lambda label: (plain_id(label), label))


@lru_cache(maxsize=100_000)
def _label_figures(earned: float, possible: float, credit: float, count: int) -> Figures:
    """One label's figures; a class repeats them a lot, so each is worked out once."""
    return _new(Figures, _prf(credit, count, earned, possible))


def score(marks: Sequence[Mark], key: AnswerKey, policy: str | Policy | None = None) -> Result:
    """Score one set of marks. To score many against the same key, reuse a ``Scorer``."""
    return Scorer(key, policy).score(marks)
