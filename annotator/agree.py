"""Agreement between sets of marks over one article: Cohen's kappa and Krippendorff's alpha.

Each label is its own binary layer over the article's words: a word is 1 when a set of marks
covers it with that label, else 0 (the same words the scorer counts; punctuation is ignored).
Kappa compares two sets; alpha (nominal) any number, with missing values allowed. A figure
with nothing to measure (every value the same) is ``None``, printed "undefined", never 0 or 1.

For two answer keys it also lists, item by item, where they disagree, pairing items the way
the scorer pairs marks with items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.article import Article, load_article
from annotator.errors import AnnotatorError
from annotator.key import DEFAULT_LABELS, AnswerKey, load_key
from annotator.matching import max_weight_matching
from annotator.scoring import Scorer, merge_marks
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
    kind: str  # only_in_a, only_in_b, label, required, span
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
    """Where two keys for one article disagree: items without a counterpart, label and
    required/optional differences, and differing spans, pairing items as the scorer would."""
    if a.sha256 != b.sha256:
        raise AnnotatorError(f"the keys mark different texts ('{a.article_id}' and "
                             f"'{b.article_id}'): compare keys for the same article.", path=b.path)
    scorer = Scorer(a, policy)
    text = a.article.text
    same: dict[tuple[int, int], float] = {}
    other: dict[tuple[int, int], float] = {}
    for n, item in enumerate(b.items):
        for m, value in scorer.credits(item.start, item.end):  # the scorer's own credit rule
            it = a.items[m]
            accepted = item.label in it.accepts or it.label in item.accepts
            (same if accepted else other)[n, m] = value
    pairs = max_weight_matching(same)
    used = set(pairs.values())
    wrong = max_weight_matching({e: v for e, v in other.items()
                                 if e[0] not in pairs and e[1] not in used})

    def quote(item) -> str:
        return "“" + " ".join(text[item.start:item.end].split())[:70] + "”"

    out: list[tuple[int, KeyDifference]] = []
    for nb, na in pairs.items():
        ia, ib = a.items[na], b.items[nb]
        if ia.label != ib.label:
            out.append((ia.start, KeyDifference(
                "label", ia.id, ib.id, f"{quote(ia)}: A calls it {ia.label} ({ia.id}), B "
                f"calls it {ib.label} ({ib.id}); each key accepts the other's label.")))
        if ia.required != ib.required:
            state = {True: "required", False: "optional"}
            out.append((ia.start, KeyDifference(
                "required", ia.id, ib.id, f"{quote(ia)}: {state[ia.required]} in A ({ia.id}), "
                f"{state[ib.required]} in B ({ib.id}).")))
        if same[nb, na] < 1:
            out.append((ia.start, KeyDifference(
                "span", ia.id, ib.id, f"{ia.label} {ia.id}: A has {quote(ia)}, B has "
                f"{quote(ib)} (overlap {same[nb, na]:.2f}).")))
    for nb, na in wrong.items():
        ia, ib = a.items[na], b.items[nb]
        out.append((ia.start, KeyDifference(
            "label", ia.id, ib.id, f"{quote(ia)}: A calls it {ia.label} ({ia.id}), B calls it "
            f"{ib.label} ({ib.id}).")))
    paired_a = set(pairs.values()) | set(wrong.values())
    paired_b = set(pairs) | set(wrong)
    for n, item in enumerate(a.items):
        if n not in paired_a:
            kind = "required" if item.required else "optional"
            out.append((item.start, KeyDifference(
                "only_in_a", item.id, None, f"only in A: {kind} {item.label} {item.id} "
                f"{quote(item)}.")))
    for n, item in enumerate(b.items):
        if n not in paired_b:
            kind = "required" if item.required else "optional"
            out.append((item.start, KeyDifference(
                "only_in_b", None, item.id, f"only in B: {kind} {item.label} {item.id} "
                f"{quote(item)}.")))
    out.sort(key=lambda pair: pair[0])
    return [diff for _, diff in out]


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
    labels: list[str] = [] if keys else list(DEFAULT_LABELS)
    for key in keys:
        if key.sha256 != article.sha256:
            raise AnnotatorError(f"marks a different text than '{article.id}': every file "
                                 "must be about the same article.", path=key.path)
        labels += [x for x in key.labels if x not in labels]
    for _, sub in loaded:
        if not isinstance(sub, AnswerKey):
            labels += sorted({m.label for m in sub.marks} - set(labels))
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
