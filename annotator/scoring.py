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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from annotator.key import AnswerKey
from annotator.matching import max_weight_matching
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


@dataclass(frozen=True)
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
        self._required_count = sum(1 for it in self.items if it.required)
        self._all_missed = tuple(it.missed for it in self.items)
        self._possible = {label: sum(it.points for it in self.items
                                     if it.required and it.label == label)
                          for label in key.labels}
        self._cache: dict = {}
        self._semeval_cache: dict = {}

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
        inter = min(j, it.j) - max(i, it.i)
        if inter <= 0:
            return 0.0, False
        overlap = inter / (max(j, it.j) - min(i, it.i))
        if overlap < policy.threshold:
            return 0.0, False
        return (0.5 if policy.partial == "half" else round(overlap, 4)), False

    def credits(self, start: int, end: int) -> list[tuple[int, float]]:
        """(item index, credit) for every key item a mark over ``[start, end)`` would earn
        credit for if its label were accepted."""
        i, j = self.article.word_range(start, end)
        if i >= j:
            return []
        return [(it.n, value) for it in self._overlapping(i, j)
                for value, _ in [self._credit(i, j, it)] if value > 0]

    def _edges(self, i: int, j: int, label: str) -> tuple:
        """Every item a ``label`` mark over words ``[i, j)`` could answer, with its credit.

        A class marks the same spans again and again, so the answer is remembered.
        """
        cache_key = (i, j, label)
        found = self._cache.get(cache_key)
        if found is None:
            found = []
            if i < j:
                for it in self._overlapping(i, j):
                    value, full = self._credit(i, j, it)
                    if value > 0:
                        found.append((it.n, value, full, label in it.accepts))
            found = tuple(found)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[cache_key] = found
        return found

    # -- scoring ----------------------------------------------------------------------

    def score(self, marks: Sequence[Mark]) -> Result:
        policy, items = self.policy, self.items
        merged = _merge(marks)
        word_range = self.article.word_range
        ranges = [word_range(start, end) for start, end, _ in merged]

        credit: dict[tuple[int, int], float] = {}  # (mark, item) → credit, accepted labels
        required: dict[tuple[int, int], float] = {}  # the same, weighted, required items only
        optional: dict[tuple[int, int], float] = {}
        full: set[tuple[int, int]] = set()
        other: dict[tuple[int, int], float] = {}  # overlaps with a label the item rejects
        edges = self._edges
        for m, ((_, _, label), (i, j)) in enumerate(zip(merged, ranges)):
            for n, value, is_full, accepted in edges(i, j, label):
                if accepted:
                    credit[m, n] = value
                    it = items[n]
                    if it.required:
                        required[m, n] = value * it.points
                    else:
                        optional[m, n] = value
                    if is_full:
                        full.add((m, n))
                else:
                    other[m, n] = value

        pairs = max_weight_matching(required)
        if optional:
            pairs.update(max_weight_matching(
                {e: c for e, c in optional.items() if e[0] not in pairs}))
        by_item = {n: m for m, n in pairs.items()}
        wrong = max_weight_matching(
            {e: c for e, c in other.items() if e[0] not in pairs and e[1] not in by_item}
            if other else other)
        wrong_by_item = {n: m for m, n in wrong.items()}
        # "reportedly" is a hedge and also an implicit source: once it is answered with one
        # accepted label, a second mark with another accepted label is neutral, not extra.
        second_label = {m: n for m, n in sorted(credit) if m not in pairs and n in by_item
                        and merged[by_item[n]][2] != merged[m][2]} \
            if len(credit) > len(pairs) else {}

        # per label: [credit × points earned, points possible, mark credit, marks counted]
        sums = {label: [0.0, possible, 0.0, 0] for label, possible in self._possible.items()}
        item_results = list(self._all_missed)  # then the answered items are filled in
        answered = sorted([(n, m, True) for n, m in by_item.items()] +
                          [(n, m, False) for n, m in wrong_by_item.items()])
        for n, m, right_label in answered:  # in key order, so sums add up the same way
            it = items[n]
            if not right_label:
                value = policy.wrong_label_credit
                result = _new(ItemResult, (it.id, it.label, it.required, "wrong_label", value,
                                           it.points, m, None, merged[m][2]))
            elif (m, n) in full:
                value = credit[m, n]
                result = _new(ItemResult, (it.id, it.label, it.required, "hit", value,
                                           it.points, m, None, None))
            else:
                value = credit[m, n]
                result = _new(ItemResult, (it.id, it.label, it.required, "partial", value,
                                           it.points, m, self._boundary(ranges[m], it), None))
            item_results[n] = result
            if it.required:
                sums[it.label][0] += value * it.points

        mark_results = []
        extras = 0
        for m, (start, end, label) in enumerate(merged):
            value = 0.0
            if m in pairs:
                it = items[pairs[m]]
                value = credit[m, it.n]
                result = _new(MarkResult, (label, start, end,
                                           "matched" if it.required else "optional", it.id,
                                           value, False))
            elif m in wrong:
                it = items[wrong[m]]
                value = policy.wrong_label_credit if it.required else 0.0
                result = _new(MarkResult, (label, start, end,
                                           "extra" if it.required else "optional", it.id,
                                           value, True))
            elif m in second_label:
                result = _new(MarkResult, (label, start, end, "optional",
                                           items[second_label[m]].id, 0.0, False))
            else:
                extras += 1
                result = _new(MarkResult, (label, start, end, "extra", None, 0.0, False))
            mark_results.append(result)
            if result[3] != "optional":
                row = sums.get(label) or sums.setdefault(label, [0.0, 0.0, 0.0, 0])
                row[2] += value
                row[3] += 1

        earned = sum(row[0] for row in sums.values())
        penalty = round(extras * policy.extra_penalty, 4)
        points = round(max(0.0, earned - penalty), 4)
        percent = round(100 * points / self.max_points, 2) if self.max_points else None
        overall, labels = _figures(sums)
        return Result(
            policy=policy.name, percent=percent, points=points,
            max_points=self.max_points, penalty=penalty, overall=overall, labels=labels,
            items=tuple(item_results), marks=tuple(mark_results),
            semeval=self._semeval(merged, ranges, pairs))

    @staticmethod
    def _boundary(mark_range: tuple[int, int], it: _Item) -> str:
        i, j = mark_range
        short = i > it.min_i or j < it.min_j
        long = i < it.max_i or j > it.max_j
        return "shifted" if short and long else "too_short" if short else "too_long"

    def _semeval_candidates(self, i: int, j: int, label: str) -> tuple:
        """Required items sharing a word with ``[i, j)`` in key position order, and the
        mark's (outcome, gold) per scheme while none of them is taken (cached)."""
        cache_key = (i, j, label)
        found = self._semeval_cache.get(cache_key)
        if found is None:
            candidates = tuple(it for it in self._overlapping(i, j) if it.required) \
                if i < j else ()
            found = candidates, tuple(_semeval_match(scheme, candidates, i, j, label)
                                      for scheme in SEMEVAL_SCHEMES)
            if len(self._semeval_cache) > 200_000:
                self._semeval_cache.clear()
            self._semeval_cache[cache_key] = found
        return found

    def _semeval(self, merged, ranges, pairs) -> dict[str, SemEval]:
        """SemEval-2013 task 9.1 counts, computed as the nervaluate package does.

        Gold entities are the required items; marks paired with optional items are left out.
        Marks are taken in text order. In each scheme a mark takes at most one gold item among
        those it overlaps that no earlier mark took, so POS is always the number of gold items
        and ACT the number of marks:

        - strict: same words and an accepted label: COR; else the first overlapped: INC
        - exact: same words: COR; else the first overlapped: INC
        - partial: same words: COR; else the first overlapped: PAR
        - type: an accepted label (closest boundaries first): COR; else the first overlapped: INC

        A mark that takes nothing is SPU; a gold item that no mark took is MIS.
        """
        items = self.items
        taken: list[set[int]] = [set() for _ in SEMEVAL_SCHEMES]
        taken_by_any: set[int] = set()
        tally = [dict.fromkeys(("cor", "inc", "par", "spu"), 0) for _ in SEMEVAL_SCHEMES]
        for m, ((_, _, label), (i, j)) in enumerate(zip(merged, ranges)):
            if m in pairs and not items[pairs[m]].required:
                continue
            candidates, outcomes = self._semeval_candidates(i, j, label)
            if any(it.n in taken_by_any for it in candidates):
                outcomes = [_semeval_match(scheme, [it for it in candidates if it.n not in used],
                                           i, j, label)
                            for scheme, used in zip(SEMEVAL_SCHEMES, taken)]
            for used, counts, (outcome, gold) in zip(taken, tally, outcomes):
                counts[outcome] += 1
                if gold is not None:
                    used.add(gold)
                    taken_by_any.add(gold)
        out = {}
        for scheme, c, used in zip(SEMEVAL_SCHEMES, tally, taken):
            missed = self._required_count - len(used)
            possible = c["cor"] + c["inc"] + c["par"] + missed
            actual = c["cor"] + c["inc"] + c["par"] + c["spu"]
            found = c["cor"] + (0.5 * c["par"] if scheme in ("partial", "type") else 0)
            out[scheme] = SemEval(c["cor"], c["inc"], c["par"], missed, c["spu"],
                                  *_prf(found, actual, found, possible))
        return out


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


def _merge(marks: Iterable[Mark]) -> list[tuple[int, int, str]]:
    """(start, end, label) per run of overlapping or touching same-label marks, in order."""
    spans = sorted((m.label, m.start, m.end) for m in marks)
    merged = []
    if not spans:
        return merged
    label, start, end = spans[0]
    for next_label, next_start, next_end in spans[1:]:
        if next_label == label and next_start <= end:
            end = max(end, next_end)
        else:
            merged.append((start, end, label))
            label, start, end = next_label, next_start, next_end
    merged.append((start, end, label))
    merged.sort()
    return merged


def merge_marks(marks: Iterable[Mark]) -> list[Mark]:
    """One mark per run of overlapping or touching marks of the same label, in text order."""
    return [Mark(start, end, label) for start, end, label in _merge(marks)]


def _prf(found_p: float, actual: float, found_r: float,
         possible: float) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1, each rounded once: F1 comes from the unrounded ratios.
    A ratio with nothing to divide by is undefined (None), never 0 or 1."""
    precision = found_p / actual if actual else None
    recall = found_r / possible if possible else None
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return tuple(None if x is None else round(x, 4) for x in (precision, recall, f1))


def _figures(sums: dict[str, list[float]]) -> tuple[Figures, dict[str, Figures]]:
    """Credit-weighted precision (over the student's counted marks) and recall (over required
    items), overall and per label, from [earned, possible, mark credit, marks counted]."""

    def figures(earned, possible, credit, count):
        return Figures(*_prf(credit, count, earned, possible))

    total = [sum(row[k] for row in sums.values()) for k in range(4)]
    return figures(*total), {label: figures(*sums[label]) for label in sorted(sums)}


def score(marks: Sequence[Mark], key: AnswerKey, policy: str | Policy | None = None) -> Result:
    """Score one set of marks. To score many against the same key, reuse a ``Scorer``."""
    return Scorer(key, policy).score(marks)
