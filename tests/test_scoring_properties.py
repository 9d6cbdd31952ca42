"""Scorer invariants (DESIGN §11) as property tests: over the real kn23 key, and over random keys
and marks on a small synthetic text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.article import Article
from annotator.key import parse_key
from annotator.policy import POLICIES
from annotator.scoring import Scorer, merge_marks, score
from annotator.submission import Mark

ALL_POLICIES = list(POLICIES)
GRADING_POLICIES = list(POLICIES)  # a policy added later is held to the same rules
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_within_bounds(result):
    if result.percent is None:
        assert result.max_points == 0
    else:
        assert 0 <= result.percent <= 100
    assert 0 <= result.points <= result.max_points
    assert result.penalty >= 0
    for r in result.items:
        assert 0 <= r.credit <= 1
    for r in result.marks:
        assert 0 <= r.credit <= 1
    figures = [result.overall, *result.labels.values()]
    figures += [(s.precision, s.recall, s.f1) for s in result.semeval.values()]
    for ratios in figures:
        for value in ratios:
            assert value is None or 0 <= value <= 1


def assert_consistent(result):
    """Outcomes, credits and cross-references agree with each other."""
    answered = [r for r in result.items if r.outcome in ("hit", "partial")]
    assert len({r.mark for r in answered}) == len(answered), "one mark answers one item"
    for r in result.items:
        if r.outcome == "hit":
            assert r.credit == 1.0
        elif r.outcome == "partial":
            assert 0 < r.credit < 1
        elif r.outcome == "missed":
            assert r.credit == 0.0 and r.mark is None
        if r.outcome in ("hit", "partial"):
            assert result.marks[r.mark].item == r.id
            assert result.marks[r.mark].status in ("matched", "optional")
    for r in result.marks:
        assert r.status in ("matched", "optional", "extra")


# -- strategies -----------------------------------------------------------------------------


def token_marks(article, labels, max_size=30):
    """Marks over runs of whole tokens, and some with ragged character edges."""
    n = len(article.tokens)
    tokens = article.tokens

    def build(args):
        first, length, label, ragged_start, ragged_end = args
        last = min(n - 1, first + length - 1)
        start, end = tokens[first][0], tokens[last][1]
        start = max(0, start - ragged_start)
        end = min(len(article.text), end + ragged_end)
        return Mark(start, end, label)

    return st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 25), st.sampled_from(labels),
                              st.integers(0, 2), st.integers(0, 2)).map(build),
                    max_size=max_size)


def near_item_marks(key, max_size=30):
    """Marks close to key items: shifted by a few tokens, sometimes with another label."""
    article = key.article
    starts = [s for s, _ in article.tokens]
    ends = [e for _, e in article.tokens]

    def build(args):
        item, shift_start, shift_end, relabel = args
        i = starts.index(item.start) if item.start in starts else 0
        j = ends.index(item.end) if item.end in ends else len(ends) - 1
        i = max(0, min(len(starts) - 1, i + shift_start))
        j = max(i, min(len(ends) - 1, j + shift_end))
        return Mark(starts[i], ends[j], relabel or item.label)

    return st.lists(st.tuples(st.sampled_from(key.items), st.integers(-3, 3), st.integers(-3, 3),
                              st.one_of(st.none(), st.sampled_from(key.labels))).map(build),
                    max_size=max_size)


@st.composite
def kn23_submissions(draw, key):
    marks = draw(near_item_marks(key)) + draw(token_marks(key.article, key.labels, 10))
    return draw(st.permutations(marks))


# -- the real key: kn23 ------------------------------------------------------------------


@pytest.mark.parametrize("policy", ALL_POLICIES)
def test_perfect_submission_scores_100(kn23_key, kn23_required_marks, policy):
    result = score(kn23_required_marks, kn23_key, policy)
    assert result.percent == 100.0
    assert all(r.outcome == "hit" for r in result.items if r.required)
    assert result.penalty == 0


@pytest.mark.parametrize("policy", ALL_POLICIES)
def test_perfect_submission_with_every_optional_item_still_scores_100(kn23_key, policy):
    marks = [Mark(i.start, i.end, i.label) for i in kn23_key.items]
    assert score(marks, kn23_key, policy).percent == 100.0


@pytest.mark.parametrize("policy", ALL_POLICIES)
def test_empty_submission_scores_0(kn23_key, policy):
    result = score([], kn23_key, policy)
    assert (result.percent, result.points, result.penalty) == (0.0, 0.0, 0.0)
    assert all(r.outcome == "missed" for r in result.items)


@pytest.mark.parametrize("policy", GRADING_POLICIES)
def test_whole_article_marked_with_every_label_earns_nothing(kn23_key, kn23, policy):
    marks = [Mark(0, len(kn23.text), label) for label in kn23_key.labels]
    result = score(marks, kn23_key, policy)
    assert result.points == 0.0
    assert all(r.credit == 0 for r in result.items)


def spans_of(kn23, unit):
    if unit == "article":
        return [(0, len(kn23.text))]
    return {"paragraph": kn23.paragraphs, "sentence": kn23.sentences,
            "token": kn23.tokens}[unit]


@pytest.mark.parametrize("policy", ALL_POLICIES)
@pytest.mark.parametrize("unit", ["article", "paragraph", "sentence", "token"])
def test_marking_everything_does_not_pass(kn23_key, kn23, unit, policy):
    marks = [Mark(s, e, label) for s, e in spans_of(kn23, unit) for label in kn23_key.labels]
    assert score(marks, kn23_key, policy).percent < 50


@SETTINGS
@given(data=st.data())
def test_order_of_marks_never_matters(kn23_key, data):
    marks = data.draw(kn23_submissions(kn23_key))
    shuffled = data.draw(st.permutations(marks))
    for policy in ALL_POLICIES:
        assert score(shuffled, kn23_key, policy) == score(marks, kn23_key, policy)


@SETTINGS
@given(data=st.data())
def test_repeating_marks_never_matters(kn23_key, data):
    marks = data.draw(kn23_submissions(kn23_key))
    assert score(marks + marks[::2], kn23_key) == score(marks, kn23_key)


@SETTINGS
@given(data=st.data())
def test_kn23_scores_stay_within_bounds(kn23_key, data):
    marks = data.draw(kn23_submissions(kn23_key))
    for policy in ALL_POLICIES:
        result = score(marks, kn23_key, policy)
        assert_within_bounds(result)
        assert_consistent(result)


@SETTINGS
@given(data=st.data())
def test_recall_is_the_share_of_points_earned(kn23_key, data):
    result = score(data.draw(kn23_submissions(kn23_key)), kn23_key)
    earned = sum(r.credit * r.points for r in result.items if r.required)
    # Figures are rounded to 4 places; sums in another order may round the other way.
    assert result.overall.recall == pytest.approx(earned / result.max_points, abs=6e-5)
    assert result.points == pytest.approx(max(0.0, earned - result.penalty), abs=6e-5)


@SETTINGS
@given(data=st.data())
def test_a_mark_that_touches_no_item_never_raises_the_score(kn23_key, kn23, data):
    marks = data.draw(kn23_submissions(kn23_key))
    # "In a separate incident" is framing: no key item shares a word with it.
    start, end = kn23.find("In a separate incident")
    assert not any(i.start < end and start < i.end for i in kn23_key.items)
    label = data.draw(st.sampled_from(kn23_key.labels))
    for policy in ALL_POLICIES:
        before = score(marks, kn23_key, policy)
        after = score(marks + [Mark(start, end, label)], kn23_key, policy)
        assert after.points <= before.points


@SETTINGS
@given(data=st.data())
def test_scorer_reuse_matches_a_fresh_scorer(kn23_key, data):
    scorer = Scorer(kn23_key)
    first = data.draw(kn23_submissions(kn23_key))
    second = data.draw(kn23_submissions(kn23_key))
    scorer.score(first)
    assert scorer.score(second) == score(second, kn23_key)


def matched_in_full(scorer, marks):
    """The result when the marks are always matched for the most credit: the scorer's
    general path, which the usual case (no two marks competing for an item) skips."""
    general = Scorer(scorer.key, scorer.policy)
    general._pair_up = lambda spans: None
    return general.score(marks)


@SETTINGS
@given(data=st.data(), policy=st.sampled_from(ALL_POLICIES))
def test_usual_case_matches_full_matching_on_kn23(kn23_key, data, policy):
    marks = data.draw(kn23_submissions(kn23_key))
    scorer = Scorer(kn23_key, policy)
    assert scorer.score(marks) == matched_in_full(scorer, marks)


# -- random keys on a small synthetic text ---------------------------------------------------

SYNTHETIC = Article.from_text(
    "Ana said the river rose, maybe two metres. Ben thinks “it will fall” soon; "
    "officials disagree.\nNobody knows why.", id="synthetic")
LABELS = ["A", "B", "C"]
N_TOKENS = len(SYNTHETIC.tokens)


WORDS = [t for t, punct in zip(SYNTHETIC.tokens, SYNTHETIC.token_is_punct) if not punct]


@st.composite
def synthetic_items(draw, n):
    """A key item: min ⊆ span ⊆ max; span and min start and end on words (a key may not
    have a span of only punctuation), max on any token."""
    tok = SYNTHETIC.tokens
    i = draw(st.integers(0, len(WORDS) - 1))
    j = draw(st.integers(i, min(len(WORDS) - 1, i + 4)))
    mi = draw(st.integers(i, j))
    mj = draw(st.integers(mi, j))
    first, last = tok.index(WORDS[i]), tok.index(WORDS[j])
    xi = draw(st.integers(max(0, first - 3), first))
    xj = draw(st.integers(last, min(N_TOKENS - 1, last + 3)))
    label = draw(st.sampled_from(LABELS))
    alt = draw(st.lists(st.sampled_from([x for x in LABELS if x != label]), max_size=1))
    return {"id": f"i{n}", "label": label, "start": WORDS[i][0], "end": WORDS[j][1],
            "min": {"start": WORDS[mi][0], "end": WORDS[mj][1]},
            "max": {"start": tok[xi][0], "end": tok[xj][1]},
            "required": draw(st.booleans()), "alt_labels": alt,
            "points": draw(st.sampled_from([1, 1, 2, 0.5]))}


@st.composite
def synthetic_keys(draw):
    count = draw(st.integers(0, 6))
    items = [draw(synthetic_items(n)) for n in range(count)]
    return parse_key({"format": "annotator.key.v1", "article": "synthetic",
                      "sha256": SYNTHETIC.sha256, "labels": LABELS, "items": items},
                     article=SYNTHETIC)


synthetic_marks = token_marks(SYNTHETIC, LABELS, max_size=8)


def words_of(start, end):
    i, j = SYNTHETIC.word_range(start, end)
    return set(range(i, j))


@SETTINGS
@given(synthetic_keys(), synthetic_marks, st.randoms(use_true_random=False))
def test_random_key_order_independence(key, marks, rng):
    shuffled = list(marks)
    rng.shuffle(shuffled)
    for policy in ALL_POLICIES:
        assert score(shuffled, key, policy) == score(marks, key, policy)


@SETTINGS
@given(synthetic_keys(), synthetic_marks)
def test_random_key_scores_stay_within_bounds(key, marks):
    for policy in ALL_POLICIES:
        result = score(marks, key, policy)
        assert_within_bounds(result)
        assert_consistent(result)
        assert result.max_points == sum(i.points for i in key.items if i.required)


@SETTINGS
@given(synthetic_keys())
def test_random_key_empty_submission_scores_0(key):
    result = score([], key)
    assert result.points == 0
    assert result.percent in (0.0, None)
    assert result.overall.precision is None


@SETTINGS
@given(synthetic_keys())
def test_random_key_perfect_submission_scores_100(key):
    required = [i for i in key.items if i.required]
    for a in required:  # marks of one label that overlap or touch would merge into one
        for b in required:
            if a is not b and a.label == b.label:
                assume(a.end < b.start or b.end < a.start)
    assume(sum(i.points for i in required) > 0)
    marks = [Mark(i.start, i.end, i.label) for i in required]
    for policy in ALL_POLICIES:
        assert score(marks, key, policy).percent == 100.0, policy


@SETTINGS
@given(synthetic_items(0), synthetic_marks.filter(lambda m: len(m) >= 1))
def test_single_mark_credit_follows_the_rule(raw_item, marks):
    """Full credit when min ⊆ mark ⊆ max; else word overlap when it reaches the threshold."""
    raw_item["required"] = True
    raw_item["alt_labels"] = []
    key = parse_key({"format": "annotator.key.v1", "article": "synthetic",
                     "sha256": SYNTHETIC.sha256, "labels": LABELS, "items": [raw_item]},
                    article=SYNTHETIC)
    item = key.items[0]
    mark = Mark(marks[0].start, marks[0].end, item.label)
    span, mark_words = words_of(item.start, item.end), words_of(mark.start, mark.end)
    least, most = words_of(item.min_start, item.min_end), words_of(item.max_start, item.max_end)
    overlap = len(span & mark_words) / len(span | mark_words) if span | mark_words else 0
    for name in ("strict", "standard", "lenient"):  # semeval's own rule is tested elsewhere
        policy = POLICIES[name]
        if mark_words and least <= mark_words <= most:
            want = 1.0
        elif overlap >= policy.threshold and span & mark_words:
            want = round(overlap, 4)
        else:
            want = 0.0
        assert score([mark], key, name).items[0].credit == want, name


@SETTINGS
@given(synthetic_marks)
def test_merged_marks_never_overlap_or_touch_within_a_label(marks):
    merged = merge_marks(marks)
    assert merged == sorted(merged)
    for label in LABELS:
        same = [m for m in merged if m.label == label]
        for a, b in itertools.pairwise(same):
            assert a.end < b.start
    assert merge_marks(merged) == merged


@SETTINGS
@given(synthetic_marks)
def test_merged_marks_cover_exactly_the_marked_characters(marks):
    for label in LABELS:
        covered = {c for m in marks if m.label == label for c in range(m.start, m.end)}
        merged = {c for m in merge_marks(marks) if m.label == label
                  for c in range(m.start, m.end)}
        assert merged == covered


@SETTINGS
@given(synthetic_keys(), synthetic_marks, st.sampled_from(ALL_POLICIES))
def test_random_key_usual_case_matches_full_matching(key, marks, policy):
    scorer = Scorer(key, policy)
    assert scorer.score(marks) == matched_in_full(scorer, marks)
