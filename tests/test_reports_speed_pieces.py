"""Reports made from shared pieces (escaped stretches of the article, runs of marked-up spans,
notes made once per class) say exactly what making each page from scratch says."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from html import escape
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.collect import collect
from annotator.feedback import ClassNotes, explain
from annotator.gradebook import grade
from annotator.reports import _class_stats, _StudentPages, student_report
from annotator.submission import Mark, Submission, save_submission

NAMES = ["Ada", "<script>x</script>", "Zoë & \"Bo\"", "  O'Brien  ", ""]


def sweep(text: str, spans: list[tuple[int, int, str, str, str]]) -> str:
    """The article marked up from scratch: one pass over every span edge, each stretch of text
    inside the spans open there (in the order they opened), a span's opener at its start, each
    end tag after its span."""
    opening, closing = defaultdict(list), defaultdict(list)
    for n, (start, end, *_) in enumerate(spans):
        if start < end:
            opening[start].append(n)
            closing[end].append(n)
    out, active = [], []
    for a, b in pairwise(sorted({0, len(text), *opening, *closing})):
        active = [n for n in active if n not in closing.get(a, ())] + opening.get(a, [])
        out.append("".join(f'<span class="{spans[n][2]}">' +
                           (spans[n][4] if spans[n][0] == a else "") for n in active)
                   + escape(text[a:b]) + "</span>" * len(active))
        out.extend(spans[n][3] for n in closing.get(b, ()) if spans[n][3])
    return "".join(out)


def counted_student_by_student(book):
    """The class page's counts, one student and one mark at a time."""
    key, article = book.key, book.key.article
    outcomes = [Counter() for _ in key.items]
    confusion, extras = Counter(), defaultdict(set)
    coverage = {label: [0] * article.word_count for label in key.labels}
    for student in book.graded:
        result = student.chosen.result
        for n, r in enumerate(result.items):
            outcomes[n][r.outcome] += 1
            if r.required:
                used = result.marks[r.mark].label if r.outcome in ("hit", "partial") else \
                    r.found_as if r.outcome == "wrong_label" else ""
                confusion[r.label, used] += 1
        for mark in result.marks:
            i, j = article.word_range(mark.start, mark.end)
            if i >= j:
                continue
            for w in range(i, j):
                if mark.label in coverage:
                    coverage[mark.label][w] += 1
            if mark.status == "extra" and not mark.wrong_label:
                extras[mark.label, i, j].add(student.key)
                confusion["", mark.label] += 1
    return outcomes, confusion, extras, coverage


@pytest.fixture(scope="module")
def class_folder(kn23_key, tmp_path_factory):
    """80 students: items found, shifted, mislabelled or missed, extra marks at token and
    character offsets, and names that need escaping."""
    rng = random.Random(2026)
    folder = tmp_path_factory.mktemp("class")
    text, tokens = kn23_key.article.text, kn23_key.article.tokens
    for n in range(80):
        marks = []
        for item in kn23_key.items:
            if rng.random() < 0.35:
                continue
            start, end = item.start, item.end
            if rng.random() < 0.3:
                start = rng.choice([s for s, _ in tokens if abs(s - start) < 30 and s < end])
            label = item.label if rng.random() < 0.8 else rng.choice(kn23_key.labels)
            marks.append(Mark(start, end, label))
        for _ in range(rng.randint(0, 6)):
            i = rng.randrange(len(tokens) - 3)
            start, end = tokens[i][0], tokens[i + rng.randint(0, 2)][1]
            if rng.random() < 0.3:
                start, end = start + 1, min(len(text), end + rng.randint(0, 5))
            marks.append(Mark(start, end, rng.choice(kn23_key.labels)))
        sub = Submission(f"s-{n:03d}", kn23_key.sha256, student_name=f"{rng.choice(NAMES)} {n}",
                         lesson="kn23-full", article_id=kn23_key.article_id)
        save_submission(sub.with_marks(marks, kn23_key.article), folder / f"s{n:03d}.json")
    return folder


def graded(folder, key):
    return grade(collect([folder]), key)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 120), st.integers(0, 120), st.sampled_from("ab"),
                          st.sampled_from(["", "<i>1</i>", "<i>2</i>"]),
                          st.sampled_from(["", "<b>a:</b>"])), max_size=12))
def test_marked_up_article_is_the_sweep_from_scratch(kn23_key, spans):
    pages = _StudentPages(kn23_key, reveal_missed=True)
    made = [pages._span(*span) for span in spans]
    out: list[bytes] = []
    pages.mark_up([span for span in made if span], out)
    assert b"".join(out).decode() == sweep(kn23_key.article.text, spans)


@pytest.mark.parametrize("reveal_missed", [True, False])
def test_class_notes_say_what_explain_says(class_folder, kn23_key, reveal_missed):
    book = graded(class_folder, kn23_key)
    notes = ClassNotes(kn23_key, lambda note: note, reveal_missed=reveal_missed)
    for student in book.graded:
        result = student.chosen.result
        assert notes(result) == explain(result, kn23_key, reveal_missed=reveal_missed)


@pytest.mark.parametrize("reveal_missed", [True, False])
def test_a_page_does_not_depend_on_the_pages_made_before_it(class_folder, kn23_key,
                                                            reveal_missed):
    forward, backward = graded(class_folder, kn23_key), graded(class_folder, kn23_key)
    pages = {s.key: student_report(forward, s, reveal_missed) for s in forward.graded}
    for student in reversed(backward.graded):
        assert student_report(backward, student, reveal_missed) == pages[student.key]


def test_class_counts_are_what_counting_student_by_student_gives(class_folder, kn23_key):
    book = graded(class_folder, kn23_key)
    assert _class_stats(book) == counted_student_by_student(book)
