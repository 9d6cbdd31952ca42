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
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Iterable, Sequence

from annotator.key import AnswerKey
from annotator.matching import max_weight_matching
from annotator.policy import DEFAULT_POLICY, POLICIES, Policy
from annotator.submission import Mark

OUTCOMES = ("hit", "partial", "wrong_label", "missed")
SEMEVAL_SCHEMES = ("strict", "exact", "partial", "type")


@dataclass(frozen=True)
class ItemResult:
    id: str
    label: str
    required: bool
    outcome: str  # hit, partial, wrong_label, missed
    credit: float
    points: float
    mark: int | None = None  # index into Result.marks of the mark that answered it
    boundary: str | None = None  # for partial: "too_short", "too_long" or "shifted"
    found_as: str | None = None  # for wrong_label: the label the student used


@dataclass(frozen=True)
class MarkResult:
    label: str
    start: int
    end: int
    status: str  # matched, optional or extra
    item: str | None = None  # the item it answered, or (wrong label) the one it overlaps
    credit: float = 0.0
    wrong_label: bool = False


@dataclass(frozen=True)
class Figures:
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True)
class SemEval:
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
        return asdict(self)


def resolve_policy(policy: str | Policy | None, key: AnswerKey | None = None) -> Policy:
    if isinstance(policy, Policy):
        return policy
    name = policy or (key.policy if key is not None else None) or DEFAULT_POLICY
    if name not in POLICIES:
        raise ValueError(f"unknown policy {name!r}: use one of {', '.join(POLICIES)}")
    return POLICIES[name]


class _Item:
    """A key item in word-index space, ready for fast comparison."""

    __slots__ = ("n", "i", "j", "min_i", "min_j", "max_i", "max_j", "accepts", "label",
                 "required", "points", "item")

    def __init__(self, n, item, article):
        self.n, self.item, self.label = n, item, item.label
        self.i, self.j = article.word_range(item.start, item.end)
        self.min_i, self.min_j = article.word_range(item.min_start, item.min_end)
        self.max_i, self.max_j = article.word_range(item.max_start, item.max_end)
        self.accepts = frozenset(item.accepts)
        self.required, self.points = item.required, item.points


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
        self._by_range = defaultdict(list)
        for it in order:
            self._by_range[it.i, it.j].append(it)
        self.max_points = sum(it.points for it in self.items if it.required)

    # -- candidates -------------------------------------------------------------------

    def _overlapping(self, i: int, j: int) -> Iterable[_Item]:
        """Items sharing at least one word with ``[i, j)``, in key position order."""
        lo = bisect_left(self._starts, i - self._longest + 1)
        hi = bisect_left(self._starts, j)
        for it in self._sorted[lo:hi]:
            if it.j > i:
                yield it

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

    # -- scoring ----------------------------------------------------------------------

    def score(self, marks: Sequence[Mark]) -> Result:
        policy, article = self.policy, self.article
        merged = merge_marks(marks)
        ranges = [article.word_range(m.start, m.end) for m in merged]

        credit: dict[tuple[int, int], float] = {}
        full: set[tuple[int, int]] = set()
        other: dict[tuple[int, int], float] = {}
        for m, (mark, (i, j)) in enumerate(zip(merged, ranges)):
            if i >= j:
                continue
            for it in self._overlapping(i, j):
                value, is_full = self._credit(i, j, it)
                if value <= 0:
                    continue
                if mark.label in it.accepts:
                    credit[m, it.n] = value
                    if is_full:
                        full.add((m, it.n))
                else:
                    other[m, it.n] = value

        items = self.items
        pairs = max_weight_matching(
            {e: c * items[e[1]].points for e, c in credit.items() if items[e[1]].required})
        pairs.update(max_weight_matching(
            {e: c for e, c in credit.items()
             if e[0] not in pairs and not items[e[1]].required}))
        used_items = set(pairs.values())
        wrong = max_weight_matching(
            {e: c for e, c in other.items() if e[0] not in pairs and e[1] not in used_items})

        by_item = {n: m for m, n in pairs.items()}
        # "reportedly" is a hedge and also an implicit source: once it is answered with one
        # accepted label, a second mark with another accepted label is neutral, not extra.
        second_label = {m: n for m, n in sorted(credit) if m not in pairs and n in by_item
                        and merged[by_item[n]].label != merged[m].label}
        wrong_by_item = {n: m for m, n in wrong.items()}
        item_results = []
        for it in items:
            m = by_item.get(it.n)
            if m is not None:
                value = credit[m, it.n]
                hit = (m, it.n) in full
                item_results.append(ItemResult(
                    it.item.id, it.label, it.required, "hit" if hit else "partial", value,
                    it.points, m, None if hit else self._boundary(ranges[m], it)))
            elif it.n in wrong_by_item:
                m = wrong_by_item[it.n]
                item_results.append(ItemResult(
                    it.item.id, it.label, it.required, "wrong_label",
                    policy.wrong_label_credit, it.points, m, found_as=merged[m].label))
            else:
                item_results.append(ItemResult(it.item.id, it.label, it.required, "missed",
                                               0.0, it.points))

        mark_results = []
        for m, mark in enumerate(merged):
            if m in pairs:
                it = items[pairs[m]]
                status = "matched" if it.required else "optional"
                mark_results.append(MarkResult(mark.label, mark.start, mark.end, status,
                                               it.item.id, credit[m, it.n]))
            elif m in wrong:
                it = items[wrong[m]]
                mark_results.append(MarkResult(
                    mark.label, mark.start, mark.end, "extra" if it.required else "optional",
                    it.item.id, policy.wrong_label_credit if it.required else 0.0, True))
            elif m in second_label:
                mark_results.append(MarkResult(mark.label, mark.start, mark.end, "optional",
                                               items[second_label[m]].item.id))
            else:
                mark_results.append(MarkResult(mark.label, mark.start, mark.end, "extra"))

        earned = sum(r.credit * r.points for r in item_results if r.required)
        extras = sum(1 for r in mark_results if r.status == "extra" and not r.wrong_label)
        penalty = round(extras * policy.extra_penalty, 4)
        points = round(max(0.0, earned - penalty), 4)
        percent = round(100 * points / self.max_points, 2) if self.max_points else None
        labels = sorted(set(self.key.labels) | {m.label for m in merged})
        return Result(
            policy=policy.name, percent=percent, points=points,
            max_points=self.max_points, penalty=penalty,
            overall=_figures(item_results, mark_results, None),
            labels={label: _figures(item_results, mark_results, label) for label in labels},
            items=tuple(item_results), marks=tuple(mark_results),
            semeval=self._semeval(merged, ranges, pairs))

    @staticmethod
    def _boundary(mark_range: tuple[int, int], it: _Item) -> str:
        i, j = mark_range
        short = i > it.min_i or j < it.min_j
        long = i < it.max_i or j > it.max_j
        return "shifted" if short and long else "too_short" if short else "too_long"

    def _semeval(self, merged, ranges, pairs) -> dict[str, SemEval]:
        """SemEval-2013 task 9.1 counts, computed as the nervaluate package does.

        Gold entities are the required items; marks paired with optional items are left out.
        """
        items = self.items
        counts = {s: dict.fromkeys(("cor", "inc", "par", "mis", "spu"), 0)
                  for s in SEMEVAL_SCHEMES}
        overlapped: set[int] = set()

        def add(strict, exact, partial, type_):
            for scheme, outcome in zip(SEMEVAL_SCHEMES, (strict, exact, partial, type_)):
                counts[scheme][outcome] += 1

        for m, (mark, (i, j)) in enumerate(zip(merged, ranges)):
            if m in pairs and not items[pairs[m]].required:
                continue
            same = [it for it in self._by_range.get((i, j), ()) if it.required]
            exact_type = next((it for it in same if mark.label in it.accepts), None)
            if exact_type is not None and i < j:
                add("cor", "cor", "cor", "cor")
                overlapped.add(exact_type.n)
                continue
            for it in self._overlapping(i, j) if i < j else ():
                if not it.required:
                    continue
                overlapped.add(it.n)
                right_type = mark.label in it.accepts
                if (it.i, it.j) == (i, j):
                    add("inc", "cor", "cor", "inc")
                else:
                    add("inc", "inc", "par", "cor" if right_type else "inc")
                break
            else:
                add("spu", "spu", "spu", "spu")
        missed = sum(1 for it in items if it.required and it.n not in overlapped)
        out = {}
        for scheme, c in counts.items():
            c["mis"] = missed
            possible = c["cor"] + c["inc"] + c["par"] + c["mis"]
            actual = c["cor"] + c["inc"] + c["par"] + c["spu"]
            found = c["cor"] + (0.5 * c["par"] if scheme in ("partial", "type") else 0)
            precision = _ratio(found, actual)
            recall = _ratio(found, possible)
            out[scheme] = SemEval(**c, precision=precision, recall=recall,
                                  f1=_f1(precision, recall))
        return out


def merge_marks(marks: Iterable[Mark]) -> list[Mark]:
    """One mark per run of overlapping or touching marks of the same label, in text order."""
    by_label: dict[str, list[Mark]] = defaultdict(list)
    for mark in marks:
        by_label[mark.label].append(mark)
    merged = []
    for label, group in by_label.items():
        group.sort()
        start, end = group[0].start, group[0].end
        for mark in group[1:]:
            if mark.start <= end:
                end = max(end, mark.end)
            else:
                merged.append(Mark(start, end, label))
                start, end = mark.start, mark.end
        merged.append(Mark(start, end, label))
    merged.sort()
    return merged


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    if precision + recall == 0:
        return 0.0
    return round(2 * precision * recall / (precision + recall), 4)


def _figures(items: Sequence[ItemResult], marks: Sequence[MarkResult],
             label: str | None) -> Figures:
    """Credit-weighted precision (over the student's marks) and recall (over required items)."""
    wanted = [r for r in items if r.required and (label is None or r.label == label)]
    counted = [r for r in marks if r.status != "optional" and (label is None or r.label == label)]
    recall = _ratio(sum(r.credit * r.points for r in wanted), sum(r.points for r in wanted))
    precision = _ratio(sum(r.credit for r in counted), len(counted))
    return Figures(precision, recall, _f1(precision, recall))


def score(marks: Sequence[Mark], key: AnswerKey, policy: str | Policy | None = None) -> Result:
    """Score one set of marks. To score many against the same key, reuse a ``Scorer``."""
    return Scorer(key, policy).score(marks)
