"""Scoring rules (DESIGN §6), one behaviour per test.

Most tests use one short sentence whose words are easy to count:

    The(0) mayor(1) said(2) the(3) new(4) bridge(5) will(6) probably(7) open(8) next(9)
    spring(10) .

Credit for a mark that is not within min/max is the word overlap with the item's span:
shared words ÷ words in either (intersection over union).
"""

from __future__ import annotations

import pytest

from annotator.policy import POLICIES
from annotator.scoring import Scorer, merge_marks, resolve_policy, score
from annotator.submission import Mark

SENTENCE = "The mayor said the new bridge will probably open next spring."
CLAIM = "the new bridge will probably open next spring"  # 8 words


@pytest.fixture(scope="module")
def bridge(article):
    return article(SENTENCE, id="bridge")


@pytest.fixture(scope="module")
def bridge_key(bridge, make_key):
    return make_key(bridge, [
        {"id": "c1", "label": "claim", "quote": CLAIM, "min": "bridge will probably open"},
        {"id": "s1", "label": "source", "quote": "The mayor", "min": "mayor"},
        {"id": "h1", "label": "hedge", "quote": "probably"},
    ])


@pytest.fixture(scope="module")
def m(bridge, quote_mark):
    """``m(quote, label)``: a mark over ``quote`` in the bridge sentence."""
    def build(quote: str, label: str, nth: int = 1) -> Mark:
        return quote_mark(quote, label, nth, article=bridge)
    return build


def item(result, item_id):
    return next(r for r in result.items if r.id == item_id)


# -- full credit: min ⊆ mark ⊆ max ------------------------------------------------------------


def test_exact_span_earns_full_credit(bridge_key, m):
    r = item(score([m(CLAIM, "claim")], bridge_key), "c1")
    assert (r.outcome, r.credit) == ("hit", 1.0)


def test_mark_covering_min_within_max_earns_full_credit(bridge_key, m):
    r = item(score([m("bridge will probably open", "claim")], bridge_key), "c1")
    assert (r.outcome, r.credit) == ("hit", 1.0)


def test_mark_between_min_and_the_whole_sentence_earns_full_credit(bridge_key, m):
    for quote in ("the new bridge will probably open next", SENTENCE,
                  "said the new bridge will probably open"):
        assert item(score([m(quote, "claim")], bridge_key), "c1").credit == 1.0, quote


def test_claim_may_take_in_its_attribution_frame(kn23_key, quote_mark):
    sentence = ("According to senior officials in Kyiv and Seoul, teams of North Koreans are "
                "working behind Russian lines, specifically supporting the launcher systems "
                "for KN-23 missiles.")
    r = item(score([quote_mark(sentence, "claim")], kn23_key), "claim-teams-behind-lines")
    assert (r.outcome, r.credit) == ("hit", 1.0)


def test_hedge_within_its_max_earns_full_credit(kn23_key, quote_mark):
    for quote in ("appears", "now appears", "it now appears that"):
        r = item(score([quote_mark(quote, "hedge")], kn23_key), "hedge-appears")
        assert (r.outcome, r.credit) == ("hit", 1.0), quote


def test_source_with_role_and_cue_earns_full_credit(kn23_key, quote_mark):
    for quote in ("Kim Yong-hyun", "Defense Minister, Kim Yong-hyun",
                  "South Korea’s Defense Minister, Kim Yong-hyun, stated"):
        r = item(score([quote_mark(quote, "source")], kn23_key), "source-kim-yong-hyun")
        assert (r.outcome, r.credit) == ("hit", 1.0), quote


# -- partial credit: word overlap above the threshold -----------------------------------------


def test_short_mark_earns_its_word_overlap(bridge_key, m):
    # "the new bridge will probably": 5 of the claim's 8 words, misses "open" from min.
    r = item(score([m("the new bridge will probably", "claim")], bridge_key), "c1")
    assert (r.outcome, r.credit) == ("partial", 0.625)


def test_overlap_counts_words_outside_the_item_in_the_union(bridge_key, m):
    # "said the new bridge will probably": shared 5, union 9 (said + 8 claim words).
    r = item(score([m("said the new bridge will probably", "claim")], bridge_key), "c1")
    assert r.credit == round(5 / 9, 4)


def test_overlap_exactly_at_the_threshold_earns_credit(bridge_key, m):
    # 4 of 8 words: overlap 0.5 = the standard threshold.
    r = item(score([m("the new bridge will", "claim")], bridge_key), "c1")
    assert (r.outcome, r.credit) == ("partial", 0.5)


def test_overlap_below_the_threshold_earns_nothing(bridge_key, m):
    result = score([m("the new bridge", "claim")], bridge_key)  # 3 of 8 words
    assert (item(result, "c1").outcome, item(result, "c1").credit) == ("missed", 0.0)
    assert result.marks[0].status == "extra"


def test_partial_hit_too_short_gets_a_boundary_hint(bridge_key, m):
    r = item(score([m("the new bridge will probably", "claim")], bridge_key), "c1")
    assert r.boundary == "too_short"


def test_partial_hit_too_long_gets_a_boundary_hint(bridge_key, m):
    r = item(score([m("The mayor said", "source")], bridge_key), "s1")  # max is "The mayor"
    assert (r.outcome, r.credit, r.boundary) == ("partial", round(2 / 3, 4), "too_long")


def test_partial_hit_shifted_gets_a_boundary_hint(article, make_key, quote_mark):
    text = article("Officials said it will probably rain later today.", id="rain")
    key = make_key(text, [{"id": "h", "label": "hedge", "quote": "will probably rain"}])
    r = item(score([quote_mark("probably rain later", "hedge", article=text)], key), "h")
    assert (r.outcome, r.credit, r.boundary) == ("partial", 0.5, "shifted")


# -- edges never matter -----------------------------------------------------------------------


def test_spaces_and_punctuation_at_the_edges_never_matter(bridge_key, bridge):
    start, end = bridge.find(CLAIM)
    exact = score([Mark(start, end, "claim")], bridge_key)
    padded = score([Mark(start - 1, end + 1, "claim")], bridge_key)  # " … spring."
    assert item(padded, "c1") == item(exact, "c1")
    assert padded.points == exact.points


def test_quotation_marks_at_the_edges_never_matter(kn23_key, quote_mark):
    bare = score([quote_mark("highly likely", "hedge")], kn23_key)
    quoted = score([quote_mark("“highly likely”", "hedge")], kn23_key)
    assert item(quoted, "hedge-highly-likely").outcome == "hit"
    assert quoted.points == bare.points


def test_a_mark_of_only_punctuation_matches_nothing(kn23_key, kn23):
    start = kn23.text.index(",")
    result = score([Mark(start, start + 1, "claim")], kn23_key)
    assert result.marks[0].status == "extra"
    assert result.points == 0.0


# -- merging marks -----------------------------------------------------------------------------


def test_overlapping_same_label_marks_merge_into_one(bridge_key, m):
    result = score([m("the new bridge will", "claim"), m("will probably open next spring",
                                                        "claim")], bridge_key)
    assert len(result.marks) == 1
    assert item(result, "c1").outcome == "hit"


def test_touching_same_label_marks_merge_into_one(bridge_key, bridge):
    start, end = bridge.find(CLAIM)
    middle = bridge.text.index(" will")  # first part ends where the second begins
    result = score([Mark(start, middle, "claim"), Mark(middle, end, "claim")], bridge_key)
    assert [(r.start, r.end) for r in result.marks] == [(start, end)]
    assert item(result, "c1").outcome == "hit"


def test_same_label_marks_with_a_space_between_stay_apart(bridge_key, m):
    result = score([m("the new bridge", "claim"), m("will probably open", "claim")], bridge_key)
    assert len(result.marks) == 2


def test_duplicate_marks_count_once(bridge_key, m):
    once = score([m("probably", "hedge")], bridge_key)
    thrice = score([m("probably", "hedge")] * 3, bridge_key)
    assert thrice == once


def test_overlapping_marks_of_different_labels_stay_apart(bridge_key, m):
    result = score([m(CLAIM, "claim"), m("probably", "hedge")], bridge_key)
    assert [r.label for r in result.marks] == ["claim", "hedge"]
    assert item(result, "c1").outcome == item(result, "h1").outcome == "hit"


def test_merge_marks_sorts_by_position_and_keeps_labels_apart():
    merged = merge_marks([Mark(10, 20, "b"), Mark(0, 5, "a"), Mark(5, 8, "a"),
                          Mark(15, 30, "b"), Mark(2, 3, "b")])
    assert merged == [Mark(0, 8, "a"), Mark(2, 3, "b"), Mark(10, 30, "b")]


# -- one-to-one maximum-credit matching ---------------------------------------------------------


@pytest.fixture(scope="module")
def harbour(article, make_key):
    text = article("Reports say the harbour bridge will close soon", id="harbour")
    key = make_key(text, [
        # A long claim whose key word is "soon", and a nested claim "soon".
        {"id": "whole", "label": "claim", "quote": "the harbour bridge will close soon",
         "min": "soon", "max": "the harbour bridge will close soon"},
        {"id": "soon", "label": "claim", "quote": "soon", "max": "close soon"},
    ])
    return text, key


def test_matching_maximises_total_credit_not_the_best_single_pair(harbour, quote_mark):
    text, key = harbour
    # "soon" earns full credit on both items; greedy would give it "whole" (first, 1.0) and
    # leave "the harbour bridge will" with nothing: 1.0 point. The best pairing gives it
    # "soon" (1.0) and "whole" to the other mark (4 of 6 words): 1.6667 points.
    marks = [quote_mark("the harbour bridge will", "claim", article=text),
             quote_mark("soon", "claim", article=text)]
    result = score(marks, key)
    assert result.points == round(1 + 4 / 6, 4)
    assert (item(result, "whole").outcome, item(result, "whole").credit) == ("partial", 0.6667)
    assert (item(result, "soon").outcome, item(result, "soon").credit) == ("hit", 1.0)
    assert [r.status for r in result.marks] == ["matched", "matched"]


def test_each_mark_answers_at_most_one_item(harbour, quote_mark):
    text, key = harbour
    result = score([quote_mark("soon", "claim", article=text)], key)
    assert [r.outcome for r in result.items].count("hit") == 1
    assert result.points == 1.0


def test_ties_between_items_go_to_the_first_in_the_text(harbour, quote_mark):
    text, key = harbour
    result = score([quote_mark("soon", "claim", article=text)], key)
    assert result.marks[0].item == "whole"


def test_item_result_points_at_its_mark(bridge_key, m):
    result = score([m("probably", "hedge"), m("The mayor", "source")], bridge_key)
    for r in result.items:
        if r.mark is not None:
            mark = result.marks[r.mark]
            assert mark.item == r.id


# -- wrong labels --------------------------------------------------------------------------


def test_found_with_the_wrong_label(bridge_key, m):
    result = score([m("probably", "claim")], bridge_key)
    r = item(result, "h1")
    assert (r.outcome, r.found_as, r.credit) == ("wrong_label", "claim", 0.0)


def test_wrong_label_mark_is_shown_but_not_penalised(bridge_key, m):
    result = score([m("probably", "claim")], bridge_key)
    assert result.marks[0].wrong_label is True
    assert result.marks[0].item == "h1"
    assert result.penalty == 0.0


def test_wrong_label_credit_comes_from_the_policy(bridge_key, m):
    lenient = score([m("probably", "claim")], bridge_key, "lenient")
    assert item(lenient, "h1").credit == POLICIES["lenient"].wrong_label_credit > 0
    assert lenient.points == POLICIES["lenient"].wrong_label_credit


def test_right_label_wins_over_wrong_label(bridge_key, m):
    result = score([m("probably", "claim"), m("probably", "hedge")], bridge_key)
    assert item(result, "h1").outcome == "hit"


# -- alt_labels ----------------------------------------------------------------------------


def test_alt_label_earns_full_credit(kn23_key, quote_mark):
    result = score([quote_mark("reportedly", "source")], kn23_key)
    r = item(result, "hedge-reportedly")
    assert (r.outcome, r.credit) == ("hit", 1.0)
    assert result.marks[0].status == "matched"


def test_alt_label_is_not_a_wrong_label(kn23_key, quote_mark):
    result = score([quote_mark("is believed", "source")], kn23_key)
    assert item(result, "hedge-is-believed").outcome == "hit"


def test_second_mark_with_another_accepted_label_is_neutral(kn23_key, quote_mark):
    one = score([quote_mark("reportedly", "hedge")], kn23_key)
    both = score([quote_mark("reportedly", "hedge"), quote_mark("reportedly", "source")],
                 kn23_key)
    assert sorted(r.status for r in both.marks) == ["matched", "optional"]
    assert both.points == one.points
    assert both.penalty == 0.0
    assert both.overall.precision == one.overall.precision


# -- optional items --------------------------------------------------------------------------


def test_optional_item_found_earns_nothing_and_costs_nothing(kn23_key, quote_mark):
    none = score([], kn23_key)
    found = score([quote_mark("several", "hedge")], kn23_key)
    assert item(found, "hedge-several").outcome == "hit"
    assert found.marks[0].status == "optional"
    assert (found.points, found.penalty, found.max_points) == (none.points, 0.0,
                                                               none.max_points)


def test_optional_item_missed_costs_nothing(kn23_key, kn23_required_marks):
    result = score(kn23_required_marks, kn23_key)
    assert item(result, "hedge-several").outcome == "missed"
    assert result.percent == 100.0


def test_optional_marks_do_not_count_in_precision(kn23_key, quote_mark):
    hit = quote_mark("appears", "hedge")
    alone = score([hit], kn23_key)
    with_optional = score([hit, quote_mark("several", "hedge")], kn23_key)
    assert with_optional.overall == alone.overall
    assert with_optional.labels["hedge"] == alone.labels["hedge"]


def test_max_points_counts_required_items_only(kn23_key):
    required = [i for i in kn23_key.items if i.required]
    assert score([], kn23_key).max_points == sum(i.points for i in required) == 31


def test_required_item_beats_an_optional_one_for_the_same_mark(kn23_key, quote_mark):
    # "Ukraine’s Centre for Countering Disinformation" lies inside Kovalenko's (required)
    # source and is itself an optional source: the mark should not be wasted on the optional.
    text = "Andriy Kovalenko, head of Ukraine’s Centre for Countering Disinformation"
    result = score([quote_mark(text, "source")], kn23_key)
    assert item(result, "source-kovalenko").outcome == "hit"


# -- extra marks ---------------------------------------------------------------------------


def test_extra_mark_costs_the_policy_penalty(bridge_key, m):
    right = m("probably", "hedge")
    for name, policy in POLICIES.items():
        base = score([right], bridge_key, name)
        extra = score([right, m("said", "hedge")], bridge_key, name)
        assert extra.penalty == policy.extra_penalty, name
        assert extra.points == round(base.points - policy.extra_penalty, 4), name


def test_extra_mark_counts_against_precision(bridge_key, m):
    result = score([m("probably", "hedge"), m("spring", "hedge")], bridge_key)
    assert [r.status for r in result.marks] == ["matched", "extra"]
    assert result.labels["hedge"].precision == 0.5
    assert result.overall.precision == 0.5


def test_points_never_go_below_zero(bridge_key, m):
    result = score([m("said", label) for label in ("claim", "source", "hedge")], bridge_key)
    assert result.penalty == 0.75
    assert result.points == 0.0
    assert result.percent == 0.0


def test_percent_is_points_over_max_points(bridge_key, m):
    result = score([m(CLAIM, "claim"), m("the new bridge will probably", "hedge")], bridge_key)
    assert result.max_points == 3
    assert result.percent == round(100 * result.points / 3, 2)


def test_item_points_weight_the_score(article, make_key, quote_mark):
    text = article("Experts say prices may rise.", id="prices")
    key = make_key(text, [{"id": "s", "label": "source", "quote": "Experts", "points": 3},
                          {"id": "h", "label": "hedge", "quote": "may"}])
    result = score([quote_mark("Experts", "source", article=text)], key)
    assert (result.points, result.max_points, result.percent) == (3.0, 4.0, 75.0)


# -- figures: credit-weighted and never invented -------------------------------------------------


def test_precision_without_marks_is_undefined_and_f1_is_0(bridge_key):
    """F1 is 0 when recall is 0, whatever precision would be: it was undefined, and a class's
    mean F1 then left out the students who marked nothing."""
    result = score([], bridge_key)
    assert result.overall.precision is None
    assert result.overall.f1 == 0.0
    assert result.overall.recall == 0.0


def test_f1_with_one_ratio_undefined_is_0_only_when_the_other_is_0(article, make_key,
                                                                   quote_mark):
    text = article("Experts say prices may rise.", id="prices")
    key = make_key(text, [{"id": "s", "label": "source", "quote": "Experts"}])
    extra = score([quote_mark("may", "hedge", article=text)], key).labels["hedge"]
    assert extra == (0.0, None, 0.0)  # marks that earned nothing, and nothing to find
    optional = make_key(text, [{"id": "s", "label": "source", "quote": "Experts"},
                               {"id": "h", "label": "hedge", "quote": "may", "required": False}])
    found = score([quote_mark("may", "hedge", article=text)], optional).labels["hedge"]
    assert found.recall is None and found.f1 is None


def test_recall_of_a_label_without_required_items_is_undefined(article, make_key, quote_mark):
    text = article("Experts say prices may rise.", id="prices")
    key = make_key(text, [{"id": "s", "label": "source", "quote": "Experts"},
                          {"id": "h", "label": "hedge", "quote": "may", "required": False}])
    result = score([quote_mark("may", "hedge", article=text)], key)
    assert result.labels["hedge"].recall is None
    assert result.labels["hedge"].f1 is None
    assert result.labels["claim"] == (None, None, None)


def test_key_without_required_items_has_no_percent(article, make_key):
    text = article("Experts say prices may rise.", id="prices")
    key = make_key(text, [{"id": "h", "label": "hedge", "quote": "may", "required": False}])
    result = score([], key)
    assert result.percent is None
    assert result.max_points == 0


def test_f1_of_zero_precision_and_recall_is_zero(bridge_key, m):
    result = score([m("spring", "hedge")], bridge_key)
    assert result.labels["hedge"] == (0.0, 0.0, 0.0)


def test_figures_are_credit_weighted(bridge_key, m):
    result = score([m("the new bridge will", "claim")], bridge_key)  # credit 0.5
    assert result.labels["claim"] == (0.5, 0.5, 0.5)


def test_every_key_label_has_figures(bridge_key):
    assert set(score([], bridge_key).labels) == {"claim", "source", "hedge"}


# -- policies ----------------------------------------------------------------------------------


@pytest.mark.parametrize("quote,expected", [
    # quote marked as claim: credit under strict, standard, lenient, semeval
    (CLAIM, (1.0, 1.0, 1.0, 1.0)),
    ("bridge will probably open", (1.0, 1.0, 1.0, 0.5)),  # within min/max, not exact
    ("the new bridge will probably", (0.0, 0.625, 0.625, 0.5)),  # 5 of 8 words
    ("the new bridge", (0.0, 0.0, 0.375, 0.0)),  # 3 of 8 words
    ("new bridge", (0.0, 0.0, 0.0, 0.0)),  # 2 of 8 words
])
def test_policies_differ_as_documented(bridge_key, m, quote, expected):
    credits = tuple(item(score([m(quote, "claim")], bridge_key, name), "c1").credit
                    for name in ("strict", "standard", "lenient", "semeval"))
    assert credits == expected


def test_strict_gives_no_partial_credit():
    assert POLICIES["strict"].threshold > 1


def test_semeval_policy_ignores_min_and_max(bridge_key, m):
    r = item(score([m(SENTENCE, "claim")], bridge_key, "semeval"), "c1")
    assert (r.outcome, r.credit) == ("partial", 0.5)


def test_policies_are_ordered_from_strict_to_lenient():
    strict, standard, lenient = (POLICIES[n] for n in ("strict", "standard", "lenient"))
    assert strict.threshold > standard.threshold > lenient.threshold
    assert strict.extra_penalty > standard.extra_penalty and strict.extra_penalty > lenient.extra_penalty
    assert strict.wrong_label_credit <= standard.wrong_label_credit < lenient.wrong_label_credit


def test_standard_is_the_default_policy(bridge_key):
    assert score([], bridge_key).policy == "standard"


def test_key_policy_is_used_unless_overridden(bridge, make_key, m):
    key = make_key(bridge, [{"id": "c1", "label": "claim", "quote": CLAIM}], policy="lenient")
    assert score([], key).policy == "lenient"
    assert score([], key, "strict").policy == "strict"


def test_a_policy_can_be_tuned_for_one_run(bridge_key, m):
    generous = POLICIES["standard"].with_overrides(threshold=0.3)
    r = item(score([m("the new bridge", "claim")], bridge_key, generous), "c1")
    assert r.credit == 0.375


def test_unknown_policy_is_refused(bridge_key):
    with pytest.raises(ValueError, match="unknown policy 'kind'"):
        resolve_policy("kind", bridge_key)


# -- results -----------------------------------------------------------------------------------


def test_scorer_reused_for_many_submissions_gives_the_same_results(bridge_key, m):
    scorer = Scorer(bridge_key)
    subs = [[m(CLAIM, "claim")], [m("probably", "claim")], [], [m("spring", "hedge")]]
    assert [scorer.score(s) for s in subs] == [score(s, bridge_key) for s in subs]


def test_result_lists_every_item_once_in_key_order(kn23_key):
    result = score([], kn23_key)
    assert [r.id for r in result.items] == [i.id for i in kn23_key.items]
    assert all(r.outcome == "missed" for r in result.items)


def test_result_to_dict_is_plain_data(bridge_key, m):
    import json

    data = score([m(CLAIM, "claim"), m("spring", "hedge")], bridge_key).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["items"][0]["id"] == "c1"
    assert data["overall"].keys() == {"precision", "recall", "f1"}


def test_the_scorers_quick_result_equals_the_dataclasss_own(kn23_key):
    """The scorer builds its Result without the dataclass's __init__: every field is set."""
    from dataclasses import astuple, fields

    from annotator.scoring import Result, _result

    item = kn23_key.items[0]
    made = score([Mark(item.start, item.end, item.label)], kn23_key)
    values = [getattr(made, f.name) for f in fields(Result)]
    assert _result(*values) == Result(*values)
    assert astuple(_result(*values)) == astuple(Result(*values))
    with pytest.raises(ValueError):
        _result(*values[:-1])  # a field left out is an error, never a hole


def test_a_mislabelled_mark_over_a_required_and_an_optional_item_is_told_about_the_required(
        kn23_key):
    """A source mark over the whole sentence "The involvement of North Korean troops … combat
    experience" covers the required claim and, inside it, an optional one: the student is told
    about the claim that counts, and a lenient policy gives its wrong-label credit."""
    required = kn23_key.item("claim-opportunity-test-weapons")
    optional = kn23_key.item("claim-involvement-presupposed")
    assert required.required and not optional.required
    assert required.start <= optional.start < optional.end <= required.end
    mark = Mark(required.start, required.end, "source")
    result = score([mark], kn23_key)
    outcomes = {r.id: r.outcome for r in result.items}
    assert outcomes[required.id] == "wrong_label" and outcomes[optional.id] == "missed"
    assert result.marks[0].item == required.id
    lenient = score([mark], kn23_key, "lenient")
    assert lenient.points > 0
