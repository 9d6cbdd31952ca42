"""Agreement between sets of marks over one article: Cohen's kappa and Krippendorff's alpha.

Each label is its own binary layer over the article's words: a word is 1 when a set of marks
covers it with that label, else 0 (the same words the scorer counts; punctuation is ignored).
Kappa compares two sets; alpha (nominal) any number, with missing values allowed. A figure
with nothing to measure (every value the same) is ``None``, printed "undefined", never 0 or 1.

For two answer keys it also lists, item by item, where they disagree: items are paired with the
scorer's credit rule applied both ways, so the list is the same whichever key comes first. A
pair of items differs by its label, the other labels that also count (``alt_labels``), required
or optional, its words, or, for the same words, the marks that earn full credit (``min`` and
``max``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.article import Article, load_article
from annotator.errors import AnnotatorError
from annotator.key import DEFAULT_LABELS, AnswerKey, KeyItem, load_key
from annotator.matching import max_weight_matching
from annotator.scoring import Scorer, merge_marks, word_overlap
from annotator.submission import Mark, check_against, load_submission

UNDEFINED = "undefined"


# -- coefficients ---------------------------------------------------------------------------


def kappa_from_table(table: Sequence[Sequence[float]]) -> float | None:
    """Cohen's kappa from a square table of counts or proportions (rows: rater A's category,
    columns: rater B's). ``None`` when chance agreement is already perfect."""
    total = sum(sum(row) for row in table)
    if not total:
        return None
    observed = sum(table[i][i] for i in range(len(table))) / total
    rows = [sum(row) / total for row in table]
    cols = [sum(row[j] for row in table) / total for j in range(len(table))]
    chance = sum(r * c for r, c in zip(rows, cols))
    if chance >= 1 - 1e-12:
        return None
    return (observed - chance) / (1 - chance)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's (1960) kappa for two raters who each gave every unit one category."""
    if len(a) != len(b):
        raise ValueError(f"the raters coded different numbers of units ({len(a)} and {len(b)})")
    categories = sorted(set(a) | set(b), key=repr)
    index = {c: n for n, c in enumerate(categories)}
    table = [[0] * len(categories) for _ in categories]
    for x, y in zip(a, b):
        table[index[x]][index[y]] += 1
    return kappa_from_table(table)


def alpha_from_counts(units: Iterable[Mapping[Hashable, int]]) -> float | None:
    """Krippendorff's alpha (nominal) from each unit's count of each value.

    Units with fewer than two values are not pairable and drop out, as in Krippendorff's
    "Computing Krippendorff's Alpha-Reliability" (2011).
    """
    disagreement = 0.0  # sum over units of the off-diagonal coincidences
    totals: Counter = Counter()
    for counts in units:
        m = sum(counts.values())
        if m < 2:
            continue
        disagreement += (m * m - sum(v * v for v in counts.values())) / (m - 1)
        totals.update(counts)
    n = sum(totals.values())
    expected = n * n - sum(v * v for v in totals.values())
    if n < 2 or expected <= 0:
        return None
    return 1 - (n - 1) * disagreement / expected


def krippendorff_alpha(data: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha (nominal) for coders × units; ``None`` marks a missing value."""
    widths = {len(row) for row in data}
    if len(widths) > 1:
        raise ValueError("every coder's row must cover the same units (use None for missing)")
    units = zip(*data) if data else ()
    return alpha_from_counts(Counter(v for v in unit if v is not None) for unit in units)


def binary_alpha(marked: Sequence[int], coders: int) -> float | None:
    """Alpha for a binary layer where every coder coded every unit: ``marked[u]`` coders said 1."""
    return alpha_from_counts({1: k, 0: coders - k} for k in marked)


def format_figure(value: float | None) -> str:
    return UNDEFINED if value is None else f"{value:.3f}"


# -- marks as word layers ---------------------------------------------------------------------


def word_layers(marks: Iterable[Mark], article: Article, labels: Sequence[str]) -> dict[str, list[int]]:
    """For each label, 1 for every word a mark of that label covers, else 0."""
    layers = {label: [0] * article.word_count for label in labels}
    for mark in merge_marks(marks):
        layer = layers.get(mark.label)
        if layer is None:
            continue
        i, j = article.word_range(mark.start, mark.end)
        layer[i:j] = [1] * max(0, j - i)
    return layers


def key_marks(key: AnswerKey) -> list[Mark]:
    """A key read as a set of marks: each item's span with its label."""
    return [Mark(item.start, item.end, item.label) for item in key.items]


@dataclass(frozen=True)
class LabelAgreement:
    label: str
    words_marked: tuple[int, ...]  # per set of marks
    kappa: float | None  # only for exactly two sets
    alpha: float | None


@dataclass(frozen=True)
class KeyDifference:
    kind: str  # only_in_a, only_in_b, label, alt_labels, required, full_credit, span
    a_item: str | None
    b_item: str | None
    detail: str


@dataclass(frozen=True)
class AgreementReport:
    names: tuple[str, ...]
    article_id: str
    words: int
    labels: tuple[LabelAgreement, ...]
    differences: tuple[KeyDifference, ...] | None = None  # for two keys

    def to_text(self) -> str:
        lines = [f"Agreement on '{self.article_id}' ({self.words} words), between:"]
        lines += [f"  {chr(65 + n) if n < 26 else n}. {name}" for n, name in enumerate(self.names)]
        lines.append("")
        head = f"{'label':<10}{'words marked':>22}"
        if len(self.names) == 2:
            head += f"{'kappa':>11}"
        lines.append(head + f"{'alpha':>11}")
        for row in self.labels:
            counts = row.words_marked
            marked = " / ".join(map(str, counts)) if len(counts) <= 4 else \
                f"{min(counts)}-{max(counts)}, mean {sum(counts) / len(counts):.0f}"
            line = f"{row.label:<10}{marked:>22}"
            if len(self.names) == 2:
                line += f"{format_figure(row.kappa):>11}"
            lines.append(line + f"{format_figure(row.alpha):>11}")
        lines.append("\n(kappa: Cohen's, two sets; alpha: Krippendorff's, nominal; each label a "
                     "yes/no layer over the words. 'undefined': nothing varies, so there is "
                     "nothing to measure.)")
        if self.differences is not None:
            lines.append("")
            if not self.differences:
                lines.append("The two keys agree item by item.")
            for diff in self.differences:
                lines.append(f"[{diff.kind}] {diff.detail}")
        return "\n".join(lines)


def agreement(mark_sets: Sequence[Sequence[Mark]], article: Article, labels: Sequence[str],
              names: Sequence[str]) -> AgreementReport:
    layers = [word_layers(marks, article, labels) for marks in mark_sets]
    rows = []
    for label in labels:
        data = [layer[label] for layer in layers]
        kappa = cohen_kappa(data[0], data[1]) if len(data) == 2 else None
        rows.append(LabelAgreement(label, tuple(sum(d) for d in data), kappa,
                                   krippendorff_alpha(data)))
    return AgreementReport(tuple(names), article.id, article.word_count, tuple(rows))


# -- two keys, item by item ---------------------------------------------------------------------


def key_differences(a: AnswerKey, b: AnswerKey, policy: str | None = None) -> list[KeyDifference]:
    """Where two keys for one article disagree, in the order of the article: items without a
    counterpart, and for each pair of items, a different label, other labels that count
    (alt_labels), required/optional status, span (different words, whatever either key's
    min/max would accept) or, for the same words, full credit (min/max, in words). Swapping
    the keys swaps A and B and changes nothing else."""
    if a.sha256 != b.sha256:
        raise AnnotatorError(f"the keys mark different texts ('{a.article_id}' and "
                             f"'{b.article_id}'): compare keys for the same article.", path=b.path)
    article = a.article
    pairs = _paired_items(a, b, policy)

    def quote(start: int, end: int) -> str:
        """The words, their middle left out when long: spans differ at their ends."""
        words = " ".join(article.text[start:end].split())
        if len(words) > 70:
            words = f"{words[:35].rsplit(' ', 1)[0]} … {words[-35:].split(' ', 1)[-1]}"
        return f"“{words}”"

    out: list[tuple[tuple, KeyDifference]] = []
    for na, nb in pairs.items():
        ia, ib = a.items[na], b.items[nb]
        place = (min(ia.start, ib.start), max(ia.end, ib.end))
        shared = quote(max(ia.start, ib.start), min(ia.end, ib.end))
        ids = tuple(sorted((ia.id, ib.id)))
        if ia.label != ib.label:
            out.append(((*place, 0, ids), KeyDifference(
                "label", ia.id, ib.id, f"{shared}: A calls it {ia.label} ({ia.id}), B calls it "
                f"{ib.label} ({ib.id}){_accepted(ia, ib)}.")))
        both = {ia.label, ib.label}  # a label difference already says who accepts the other's
        if set(ia.accepts) - both != set(ib.accepts) - both:
            out.append(((*place, 1, ids), KeyDifference(
                "alt_labels", ia.id, ib.id, f"{shared}: A accepts {_accepts(ia)} ({ia.id}), "
                f"B accepts {_accepts(ib)} ({ib.id}).")))
        if ia.required != ib.required:
            state = {True: "required", False: "optional"}
            out.append(((*place, 2, ids), KeyDifference(
                "required", ia.id, ib.id, f"{shared}: {state[ia.required]} in A ({ia.id}), "
                f"{state[ib.required]} in B ({ib.id}).")))
        range_a = article.word_range(ia.start, ia.end)
        range_b = article.word_range(ib.start, ib.end)
        if range_a != range_b:  # the words differ, not just punctuation or space at an edge
            head = f"{ia.label} {ia.id}" if (ia.label, ia.id) == (ib.label, ib.id) else \
                f"A's {ia.label} {ia.id}, B's {ib.label} {ib.id}"
            out.append(((*place, 3, ids), KeyDifference(
                "span", ia.id, ib.id, f"{head}: A has {quote(ia.start, ia.end)}, B has "
                f"{quote(ib.start, ib.end)} (overlap {word_overlap(range_a, range_b):.2f}).")))
        elif _full_credit(article, ia) != _full_credit(article, ib):
            out.append(((*place, 3, ids), KeyDifference(
                "full_credit", ia.id, ib.id, f"{shared}: full credit "
                f"{_credit_words(article, ia, quote)} in A ({ia.id}), "
                f"{_credit_words(article, ib, quote)} in B ({ib.id}).")))
    alone = [("a", n, item) for n, item in enumerate(a.items) if n not in pairs]
    used = set(pairs.values())
    alone += [("b", n, item) for n, item in enumerate(b.items) if n not in used]
    for side, n, item in alone:
        kind = "required" if item.required else "optional"
        out.append(((item.start, item.end, 4, (item.id,), item.label), KeyDifference(
            f"only_in_{side}", item.id if side == "a" else None, item.id if side == "b" else None,
            f"only in {side.upper()}: {kind} {item.label} {item.id} "
            f"{quote(item.start, item.end)}.")))
    out.sort(key=lambda pair: pair[0])
    return [diff for _, diff in out]


def _paired_items(a: AnswerKey, b: AnswerKey, policy: str | None) -> dict[int, int]:
    """A's items paired one to one with B's items that mark the same thing: ``{a: b}``.

    Two items can pair when either key gives the other's span credit (the scorer's rule, each
    key with its own min/max, so a clause and its whole sentence pair). Pairs are chosen to
    maximise that credit taken both ways and averaged, then the words the spans share, then a
    same label; items whose labels neither key accepts pair only among those left over (a
    wrong label). Every step treats A and B alike, so the order of the keys does not matter.
    """
    credit: Counter = Counter()  # (a item, b item) → credit summed both ways
    scorer_a, scorer_b = Scorer(a, policy), Scorer(b, policy)
    for m, item in enumerate(b.items):
        for n, value in scorer_a.credits(item.start, item.end):
            credit[n, m] += value
    for n, item in enumerate(a.items):
        for m, value in scorer_b.credits(item.start, item.end):
            credit[n, m] += value
    article = a.article
    same: dict[tuple[int, int], float] = {}
    other: dict[tuple[int, int], float] = {}
    for (n, m), value in credit.items():
        ia, ib = a.items[n], b.items[m]
        closeness = word_overlap(article.word_range(ia.start, ia.end),
                                article.word_range(ib.start, ib.end))
        weight = value / 2 + closeness / 1e3 + (ia.label == ib.label) / 1e6
        compatible = ib.label in ia.accepts or ia.label in ib.accepts
        (same if compatible else other)[n, m] = weight
    pairs = max_weight_matching(same)
    used = set(pairs.values())
    pairs |= max_weight_matching({(n, m): w for (n, m), w in other.items()
                                  if n not in pairs and m not in used})
    return pairs


def _accepted(ia: KeyItem, ib: KeyItem) -> str:
    """Which key also accepts the other's label, as the end of a sentence."""
    a_takes, b_takes = ib.label in ia.accepts, ia.label in ib.accepts
    if a_takes and b_takes:
        return "; each key accepts the other's label"
    if a_takes or b_takes:
        return f"; {'A' if a_takes else 'B'} accepts {ib.label if a_takes else ia.label} too"
    return ""


def _accepts(item: KeyItem) -> str:
    """The labels that count for an item, in words: "hedge or source", "hedge only"."""
    labels = list(dict.fromkeys(item.accepts))
    if len(labels) == 1:
        return f"{labels[0]} only"
    return f"{', '.join(labels[:-1])} or {labels[-1]}"


def _full_credit(article: Article, item: KeyItem) -> tuple[tuple[int, int], tuple[int, int]]:
    """The words of an item's min and max, as the scorer compares them."""
    return (article.word_range(item.min_start, item.min_end),
            article.word_range(item.max_start, item.max_end))


def _credit_words(article: Article, item: KeyItem, quote: Callable[[int, int], str]) -> str:
    """The marks that earn an item full credit: "from “min” to “max”" (a max that is the
    item's whole sentence said so), or "only for “span”"."""
    shortest, longest = _full_credit(article, item)
    if shortest == longest:
        return f"only for {quote(item.min_start, item.min_end)}"
    sentence = article.sentence_of(item.start, item.end)
    whole = sentence in article.sentences and longest == article.word_range(*sentence)
    upto = "the whole sentence" if whole else quote(item.max_start, item.max_end)
    return f"from {quote(item.min_start, item.min_end)} to {upto}"


# -- files ------------------------------------------------------------------------------------


def _is_key(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def _file_names(paths: Sequence[Path]) -> dict[Path, str]:
    """Each file's name, with as many of its folders as tell it from another file of the same
    name (two lessons' ada.json: kn23-claims/ada.json, kn23-full/ada.json)."""
    out = {}
    for path in paths:
        depth = 1
        while depth < len(path.parts) and any(
                other != path and other.parts[-depth:] == path.parts[-depth:] for other in paths):
            depth += 1
        out[path] = "/".join(path.parts[-depth:])
    return out


def agree_files(paths: Sequence[str | Path],
                rejected: list[AnnotatorError] | None = None) -> AgreementReport:
    """Agreement among submissions and/or keys for one article (raises ``AnnotatorError``).
    Given a ``rejected`` list, a file that cannot be used goes there and the others are
    compared (two at least are needed)."""
    loaded = []
    for path in map(Path, paths):
        try:
            loaded.append((path, load_key(path) if _is_key(path) else load_submission(path)))
        except AnnotatorError as exc:
            _reject(exc, rejected)
    if len(loaded) < 2:
        raise AnnotatorError(f"{len(loaded)} usable file(s): agreement needs two or more.")
    keys = [x for _, x in loaded if isinstance(x, AnswerKey)]
    if keys:
        article = keys[0].article
    else:
        first_path, first = loaded[0]
        if not first.article_id:
            raise AnnotatorError("article.id is missing, so the article cannot be found: "
                                 "add an answer key (.yaml) to the files.", path=first_path)
        article = load_article(first.article_id, near=(first_path.resolve().parent,))
    used = list(dict.fromkeys(m.label for _, sub in loaded if not isinstance(sub, AnswerKey)
                              for m in sub.marks))
    # with no key, the news labels, unless the marks use labels of a teacher's own: then
    # those, in the order the marks first use them (no rows of news labels nobody used)
    labels: list[str] = [] if keys else list(DEFAULT_LABELS) if set(used) <= set(
        DEFAULT_LABELS) else []
    for key in keys:
        if key.sha256 != article.sha256:
            raise AnnotatorError(f"marks a different text than '{article.id}': every file "
                                 "must be about the same article.", path=key.path)
        labels += [x for x in key.labels if x not in labels]
    labels += [x for x in (sorted(used) if keys else used) if x not in labels]
    mark_sets, names = [], []
    shown = _file_names([path for path, _ in loaded])
    for path, item in loaded:
        if isinstance(item, AnswerKey):
            mark_sets.append(key_marks(item))
            names.append(f"key {shown[path]}")
            continue
        try:
            check_against(item, article, labels)
        except AnnotatorError as exc:
            if exc.field == "article.sha256":  # the grading advice does not fit here
                exc = AnnotatorError(f"marks a different text than '{article.id}': every file "
                                     "must be about the same article.", path=path)
            _reject(exc, rejected)
            continue
        mark_sets.append(list(item.marks))
        names.append(f"{item.student_id} ({shown[path]})")
    if len(mark_sets) < 2:
        raise AnnotatorError(f"{len(mark_sets)} usable file(s): agreement needs two or more.")
    report = agreement(mark_sets, article, labels, names)
    if len(mark_sets) == 2 and len(keys) == 2:
        report = AgreementReport(report.names, report.article_id, report.words, report.labels,
                                 tuple(key_differences(*keys)))
    return report


def _reject(exc: AnnotatorError, rejected: list[AnnotatorError] | None) -> None:
    """Keep going without the file (its error in ``rejected``), or stop when there is no list."""
    if rejected is None:
        raise exc
    rejected.append(exc)


def run(paths: Sequence[str], echo: Callable[[str], None] = print) -> int:
    """The ``annotator agree`` command: 0 done, 1 a file was rejected, 2 usage error. A file
    that cannot be used is listed, and the others are still compared."""
    if len(paths) < 2:
        echo("error: give two or more files (submissions .json or keys .yaml).")
        return 2
    rejected: list[AnnotatorError] = []
    try:
        report = agree_files(paths, rejected)
    except AnnotatorError as exc:
        for problem in rejected:
            echo(f"error {problem}")
        echo(f"error {exc}")
        return 1
    for problem in rejected:
        echo(f"error {problem} (left out)")
    echo(report.to_text())
    return 1 if rejected else 0
