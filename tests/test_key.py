"""AnswerKey: the annotator.key.v1 YAML an instructor writes, resolved against its article."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from annotator.errors import AnnotatorError
from annotator.key import (
    DEFAULT_LABELS,
    SOURCE_TYPES,
    default_max,
    dump_key,
    load_key,
    parse_key,
    review_warnings,
    save_key,
)
from annotator.scoring import score
from annotator.submission import Mark

REPO = Path(__file__).resolve().parent.parent
NER_TEXT = "Marie Curie lived in Paris.\nLater she moved to Warsaw with Pierre Curie."


def span(article, item):
    return article.text[item.start:item.end]


@pytest.fixture(scope="module")
def ner(article):
    """A short text that is not about news, with person and place names."""
    return article(NER_TEXT, id="curie")


@pytest.fixture(scope="module")
def ner_key(ner, make_key):
    """A start/end key with arbitrary label names."""
    def at(quote, nth=1):
        start, end = ner.find(quote, nth)
        return {"start": start, "end": end}

    return make_key(ner, [
        {"id": "p1", "label": "PER", **at("Marie Curie"),
         "min": at("Curie"), "max": at("Marie Curie lived")},
        {"id": "l1", "label": "LOC", **at("Paris")},
        {"id": "l2", "label": "LOC", **at("Warsaw"), "required": False},
        {"id": "p2", "label": "PER", **at("Pierre Curie"), "alt_labels": ["LOC"],
         "points": 2, "why": "A person."},
    ], labels=["PER", "LOC"])


# -- resolving items ------------------------------------------------------------------------


def test_quote_resolves_to_its_first_occurrence(make_key, kn23):
    item, = make_key(kn23, [{"id": "a", "label": "hedge", "quote": "According to"}]).items
    assert (item.start, item.end) == kn23.find("According to")


def test_nth_picks_a_later_occurrence(kn23_key, kn23):
    item = kn23_key.item("hedge-according-to-2")
    assert (item.start, item.end) == kn23.find("According to", 2)


def test_nth_two_of_reported_skips_reportedly(kn23_key, kn23):
    item = kn23_key.item("hedge-reported-agentless")
    assert span(kn23, item) == "reported"
    assert kn23.text[item.end:item.end + 1] == "."  # "… casualties reported."


def test_start_end_items_with_arbitrary_labels(ner_key, ner):
    assert ner_key.labels == ("PER", "LOC")
    assert [(i.id, i.label, span(ner, i)) for i in ner_key.items] == [
        ("p1", "PER", "Marie Curie"), ("l1", "LOC", "Paris"), ("l2", "LOC", "Warsaw"),
        ("p2", "PER", "Pierre Curie")]


def test_start_end_min_and_max_as_offsets(ner_key, ner):
    item = ner_key.item("p1")
    assert ner.text[item.min_start:item.min_end] == "Curie"
    assert ner.text[item.max_start:item.max_end] == "Marie Curie lived"


def test_item_fields_are_read(ner_key):
    item = ner_key.item("p2")
    assert item.alt_labels == ("LOC",)
    assert item.accepts == ("PER", "LOC")
    assert item.points == 2.0
    assert item.why == "A person."
    assert item.required is True
    assert ner_key.item("l2").required is False


def test_start_end_key_loads_from_files_beside_its_seeds(tmp_path, ner):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "curie.txt").write_text(NER_TEXT, encoding="utf-8")
    start, end = ner.find("Paris")
    (tmp_path / "answer_keys").mkdir()
    path = tmp_path / "answer_keys" / "curie.yaml"
    path.write_text(yaml.safe_dump({
        "format": "annotator.key.v1", "article": "curie", "sha256": ner.sha256,
        "labels": ["PER", "LOC"], "items": [{"id": "l1", "label": "LOC", "start": start,
                                              "end": end}]}), encoding="utf-8")
    key = load_key(path)
    assert key.article.path == str(tmp_path / "seeds" / "curie.txt")
    assert span(key.article, key.item("l1")) == "Paris"
    assert key.path == str(path)


def test_labels_default_to_claim_source_hedge(make_key, kn23):
    key = make_key(kn23, [{"id": "h", "label": "hedge", "quote": "reportedly"}], labels=None)
    assert key.labels == DEFAULT_LABELS == ("claim", "source", "hedge")


def test_items_default_to_required_one_point(ner_key):
    item = ner_key.item("l1")
    assert (item.required, item.points, item.alt_labels, item.why) == (True, 1.0, (), "")


def test_integer_ids_are_read_as_text(make_key, ner):
    key = make_key(ner, [{"id": 7, "label": "LOC", "quote": "Paris"}], labels=["LOC"])
    assert key.items[0].id == "7"


def test_key_fields_that_are_not_part_of_the_format_are_kept(kn23_key):
    item = kn23_key.item("source-kovalenko")
    assert item.extra == {"interested_party": True, "channel": "Telegram"}


def test_key_may_set_a_default_policy(make_key, ner):
    key = make_key(ner, [{"id": "l", "label": "LOC", "quote": "Paris"}], labels=["LOC"],
                   policy="lenient")
    assert key.policy == "lenient"


# -- min and max ------------------------------------------------------------------------


def test_min_defaults_to_the_quote(kn23_key):
    item = kn23_key.item("claim-comparable-iskander")
    assert (item.min_start, item.min_end) == (item.start, item.end)


def test_min_text_is_found_inside_the_quote(kn23_key, kn23):
    item = kn23_key.item("source-kim-yong-hyun")
    assert kn23.text[item.min_start:item.min_end] == "Kim Yong-hyun"
    assert item.start <= item.min_start < item.min_end <= item.end


def test_min_is_the_occurrence_inside_the_quote_not_an_earlier_one(kn23_key, kn23):
    item = kn23_key.item("source-ukrainian-military")
    assert kn23.text[item.min_start:item.min_end] == "military"
    assert item.min_start > kn23.text.index("Ukrainian") > kn23.text.index("military")


def test_max_text_contains_the_quote(kn23_key, kn23):
    item = kn23_key.item("hedge-appears")
    assert kn23.text[item.max_start:item.max_end] == "However, it now appears that"
    assert item.max_start <= item.start and item.end <= item.max_end


def test_max_is_the_occurrence_that_contains_the_quote(kn23_key, kn23):
    item = kn23_key.item("hedge-according-to-2")
    lim = kn23_key.item("source-lim-eul-chul")
    assert kn23.text[lim.max_start:lim.max_end].startswith("According to Lim")
    assert lim.max_start == item.start


def test_default_max_of_a_claim_is_its_sentence(kn23_key, kn23):
    item = kn23_key.item("claim-officers-fighting")
    sentence = kn23.sentence_of(item.start, item.end)
    assert (item.max_start, item.max_end) == sentence
    assert kn23.text[slice(*sentence)].startswith("South Korea’s Defense Minister")
    assert kn23.text[slice(*sentence)].endswith("casualties reported.")


def test_default_max_of_other_labels_is_the_span_itself(kn23_key):
    item = kn23_key.item("hedge-numerous")
    assert (item.max_start, item.max_end) == (item.start, item.end)


def test_default_max_of_a_custom_label_is_the_span_itself(ner_key):
    item = ner_key.item("l1")
    assert (item.max_start, item.max_end) == (item.start, item.end)


def test_default_max_function_matches_the_key_guide(kn23):
    start, end = kn23.find("teams of North Koreans")
    assert default_max(kn23, "claim", start, end) == kn23.sentence_of(start, end)
    assert default_max(kn23, "source", start, end) == (start, end)


# -- rejections (each names the item and the field) ---------------------------------------


def test_min_not_inside_the_quote_is_rejected(make_key, kn23):
    with pytest.raises(AnnotatorError, match="is not inside") as err:
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "reportedly", "min": "sent"}])
    assert err.value.field == "item x.min"


def test_min_offsets_outside_the_span_are_rejected(make_key, ner):
    with pytest.raises(AnnotatorError, match="must lie inside") as err:
        make_key(ner, [{"id": "x", "label": "LOC", "start": 21, "end": 26,
                        "min": {"start": 0, "end": 5}}], labels=["LOC"])
    assert err.value.field == "item x.min"


def test_max_not_containing_the_quote_is_rejected(make_key, kn23):
    with pytest.raises(AnnotatorError, match="does not contain") as err:
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "reportedly",
                         "max": "been sent"}])
    assert err.value.field == "item x.max"


def test_max_offsets_not_containing_the_span_are_rejected(make_key, ner):
    with pytest.raises(AnnotatorError, match="must contain") as err:
        make_key(ner, [{"id": "x", "label": "LOC", "start": 21, "end": 26,
                        "max": {"start": 22, "end": 30}}], labels=["LOC"])
    assert err.value.field == "item x.max"


def test_duplicate_ids_are_rejected(make_key, kn23):
    with pytest.raises(AnnotatorError, match="'h' is used twice") as err:
        make_key(kn23, [{"id": "h", "label": "hedge", "quote": "reportedly"},
                        {"id": "h", "label": "hedge", "quote": "appears"}])
    assert err.value.field == "items[1].id"


def test_sha256_mismatch_is_rejected(kn23):
    data = {"format": "annotator.key.v1", "article": "kn23", "sha256": "0" * 64, "items": []}
    with pytest.raises(AnnotatorError, match="sha256 is 000000000000…") as err:
        parse_key(data, path="k.yaml", article=kn23)
    assert err.value.field == "sha256"
    assert kn23.sha256 in str(err.value)


def test_missing_sha256_is_rejected(kn23):
    data = {"format": "annotator.key.v1", "article": "kn23", "items": []}
    with pytest.raises(AnnotatorError, match="sha256 is missing"):
        parse_key(data, article=kn23)


def test_label_outside_the_key_labels_is_rejected(make_key, ner):
    with pytest.raises(AnnotatorError, match="'ORG' is not in the key's labels") as err:
        make_key(ner, [{"id": "x", "label": "ORG", "quote": "Paris"}], labels=["PER", "LOC"])
    assert err.value.field == "item x.label"


@pytest.mark.parametrize(("alt", "says"), [
    (["hedge"], "'hedge' is this item's own label: alt_labels must list other labels"),
    (["opinion"], "'opinion' is not one of the key's labels: claim, source, hedge."),
    ("source", "write alt_labels: [source] (in square brackets), not alt_labels: source."),
    ([None], "None is not one of the key's labels"),
])
def test_bad_alt_labels_are_rejected(make_key, kn23, alt, says):
    with pytest.raises(AnnotatorError, match="alt_labels must list other labels this item "
                       "also accepts, from claim, source: alt_labels: \\[claim\\] or "
                       "alt_labels: \\[claim, source\\]|must be a list") as err:
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "reportedly",
                         "alt_labels": alt}])
    assert says in str(err.value)
    assert err.value.field == "item x.alt_labels"


@pytest.mark.parametrize(("alt", "says"), [
    # the QA tester's two: each names the bad value and shows the list to write
    ("claim", ("alt_labels must be a list, even of one label: write alt_labels: [claim] (in "
              "square brackets), not alt_labels: claim.")),
    (["hedges"], ("'hedges' is not one of the key's labels: claim, source, hedge. Did you mean "
                 "alt_labels: [hedge]?")),
    (["claim", "hedgse"], "Did you mean alt_labels: [claim, hedge]?"),
    ("claim, hedges", ("alt_labels must be a list in square brackets, not alt_labels: claim, "
                      "hedges; and 'hedges' is not one of the key's labels")),
])
def test_a_bad_alt_labels_message_names_the_value_and_shows_the_list(make_key, kn23, alt,
                                                                      says):
    with pytest.raises(AnnotatorError) as err:
        make_key(kn23, [{"id": "x", "label": "source", "quote": "senior officials",
                         "alt_labels": alt}])
    assert says in str(err.value)


@pytest.mark.parametrize("source_type", SOURCE_TYPES)
def test_every_documented_source_type_is_accepted(make_key, kn23, source_type):
    key = make_key(kn23, [{"id": "x", "label": "source", "quote": "Estimates",
                           "source_type": source_type}])
    assert key.items[0].source_type == source_type


def test_unknown_source_type_is_rejected(make_key, kn23):
    with pytest.raises(AnnotatorError, match="source_type 'anonymous' is unknown") as err:
        make_key(kn23, [{"id": "x", "label": "source", "quote": "Estimates",
                         "source_type": "anonymous"}])
    assert err.value.field == "item x.source_type"


@pytest.mark.parametrize("points", [-1, "two", True, None])
def test_bad_points_are_rejected(make_key, kn23, points):
    with pytest.raises(AnnotatorError, match="points must be a number") as err:
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "reportedly",
                         "points": points}])
    assert err.value.field == "item x.points"


@pytest.mark.parametrize("points", [float("nan"), float("inf")])
def test_points_that_are_not_finite_are_rejected(make_key, kn23, points):
    with pytest.raises(AnnotatorError, match="points must be a number"):
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "reportedly",
                         "points": points}])


def test_fractional_and_zero_points_are_accepted(make_key, kn23):
    key = make_key(kn23, [{"id": "a", "label": "hedge", "quote": "reportedly", "points": 0.5},
                          {"id": "b", "label": "hedge", "quote": "appears", "points": 0}])
    assert [i.points for i in key.items] == [0.5, 0.0]


@pytest.mark.parametrize("nth", [0, -1, "2", 1.5, True])
def test_bad_nth_is_rejected(make_key, kn23, nth):
    with pytest.raises(AnnotatorError, match="nth must be a whole number") as err:
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "reportedly", "nth": nth}])
    assert err.value.field == "item x.nth"


def test_nth_larger_than_the_occurrences_is_rejected(make_key, kn23):
    with pytest.raises(AnnotatorError, match="occurs 2 time\\(s\\).*nth: 3") as err:
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "According to", "nth": 3}])
    assert err.value.field == "item x.quote"


def test_quote_with_a_straight_apostrophe_suggests_the_curly_one(make_key, kn23):
    with pytest.raises(AnnotatorError, match="Did you mean 'South Korea’s") as err:
        make_key(kn23, [{"id": "x", "label": "source",
                         "quote": "South Korea's Defense Minister"}])
    assert err.value.field == "item x.quote"


def test_quote_in_other_case_suggests_the_article_spelling(make_key, kn23):
    with pytest.raises(AnnotatorError, match="Did you mean 'Reportedly'|Did you mean 'reportedly'"):
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "REPORTEDLY"}])


def test_quote_with_extra_spaces_suggests_the_single_spaced_text(make_key, kn23):
    with pytest.raises(AnnotatorError, match="Did you mean 'senior officials'"):
        make_key(kn23, [{"id": "x", "label": "source", "quote": "senior  officials"}])


def test_span_of_only_punctuation_is_rejected(make_key, ner):
    start = ner.text.index(".")
    with pytest.raises(AnnotatorError, match="has no words, only spaces and punctuation") as err:
        make_key(ner, [{"id": "x", "label": "LOC", "start": start, "end": start + 2}],
                 labels=["LOC"])
    assert err.value.field == "item x"


def test_quote_of_only_punctuation_is_rejected(make_key, kn23):
    with pytest.raises(AnnotatorError, match="the span '“' has no words") as err:
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "“"}])
    assert err.value.field == "item x.quote"


def test_min_of_only_punctuation_is_rejected(make_key, kn23):
    with pytest.raises(AnnotatorError, match="min ', ' has no words") as err:
        make_key(kn23, [{"id": "x", "label": "source", "quote": "Minister, Kim", "min": ", "}])
    assert err.value.field == "item x.min"


def test_item_needs_a_quote_or_offsets(make_key, kn23):
    with pytest.raises(AnnotatorError, match="give either quote") as err:
        make_key(kn23, [{"id": "x", "label": "hedge"}])
    assert err.value.field == "item x"


@pytest.mark.parametrize("start,end", [(5, 5), (6, 2), (-1, 3), (0, 10_000)])
def test_offsets_must_lie_in_the_text_and_be_ordered(make_key, ner, start, end):
    with pytest.raises(AnnotatorError, match="must satisfy 0 <= start < end"):
        make_key(ner, [{"id": "x", "label": "LOC", "start": start, "end": end}],
                 labels=["LOC"])


@pytest.mark.parametrize("labels,said", [
    ([], "labels must be a list of distinct names"),
    ("claim", "labels must be a list of distinct names"),
    (["claim", "claim"], "labels must be a list of distinct names"),
    (["claim", ""], r"labels\[1\] is blank"),  # not 'distinct': nothing is written twice
])
def test_bad_label_lists_are_rejected(make_key, kn23, labels, said):
    with pytest.raises(AnnotatorError, match=said):
        make_key(kn23, [], labels=labels)


def test_unknown_policy_is_rejected(make_key, kn23):
    with pytest.raises(AnnotatorError, match="policy 'generous' is unknown"):
        make_key(kn23, [], policy="generous")


def test_required_must_be_true_or_false(make_key, kn23):
    with pytest.raises(AnnotatorError, match="required must be true or false"):
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "reportedly",
                         "required": "yes"}])


# -- writing: dump_key and parse_key are inverses -----------------------------------------


def reparse(key):
    return parse_key(yaml.safe_load(dump_key(key)), article=key.article)


def test_kn23_key_round_trips_to_identical_items(kn23_key):
    again = reparse(kn23_key)
    assert again.items == kn23_key.items
    assert [i.extra for i in again.items] == [i.extra for i in kn23_key.items]
    assert again.labels == kn23_key.labels


def test_start_end_key_round_trips_to_identical_items(ner_key):
    again = reparse(ner_key)
    assert again.items == ner_key.items
    assert again.labels == ("PER", "LOC")


def test_start_end_key_is_written_with_offsets(ner_key):
    data = yaml.safe_load(dump_key(ner_key))
    assert "quote" not in data["items"][0]
    assert data["items"][0]["min"] == {"start": ner_key.item("p1").min_start,
                                       "end": ner_key.item("p1").min_end}


def test_min_and_max_written_as_text_on_an_item_by_offsets_stay_text(ner, make_key):
    """A science teacher gave items by start and end but wrote their min and max as text;
    author mode's Save turned them into offsets she could no longer read."""
    start, end = ner.find("Marie Curie")
    key = make_key(ner, [{"id": "p1", "label": "PER", "start": start, "end": end,
                          "min": "Curie", "max": "Marie Curie lived"}], labels=["PER", "LOC"])
    item = yaml.safe_load(dump_key(key))["items"][0]
    assert (item["start"], item["end"], item["min"], item["max"]) == (
        start, end, "Curie", "Marie Curie lived")
    assert reparse(key).items == key.items


def test_dump_writes_nth_only_when_needed(kn23_key):
    """Only for a quote that occurs more than once, and then even for the first, so that a
    key this tool writes never draws the warning that the first was taken by default."""
    items = {i["id"]: i for i in yaml.safe_load(dump_key(kn23_key))["items"]}
    assert items["hedge-according-to-2"]["nth"] == 2
    assert items["hedge-according-to-1"]["nth"] == 1
    assert "nth" not in items["hedge-reportedly"]


def test_a_key_written_without_nth_has_it_after_a_save(make_key, kn23):
    key = make_key(kn23, [{"id": "p", "label": "source", "quote": "Pyongyang",
                           "required": False, "why": "A place."}])
    assert review_warnings(key) and not review_warnings(reparse(key))


def test_dump_omits_a_default_max(kn23_key):
    items = {i["id"]: i for i in yaml.safe_load(dump_key(kn23_key))["items"]}
    assert "max" not in items["claim-officers-fighting"]
    assert items["hedge-appears"]["max"] == "However, it now appears that"


def test_round_trip_keeps_key_level_policy_and_extras(make_key, ner):
    key = make_key(ner, [{"id": "l", "label": "LOC", "quote": "Paris"}], labels=["LOC"],
                   policy="strict", author="Ms Rivera")
    data = yaml.safe_load(dump_key(key))
    assert (data["policy"], data["author"]) == ("strict", "Ms Rivera")
    assert reparse(key).policy == "strict"


def test_min_text_that_occurs_twice_in_the_quote_round_trips(make_key, article):
    text = article("the cat saw the dog", id="pets")
    key = make_key(text, [{"id": "x", "label": "claim", "quote": "the cat saw the dog",
                           "min": {"start": 12, "end": 15}}])
    assert text.text[12:15] == "the"
    assert reparse(key).items == key.items


def test_save_key_then_load_key_gives_the_same_items(tmp_path, kn23_key):
    path = tmp_path / "answer_keys" / "kn23.yaml"
    save_key(kn23_key, path)
    assert load_key(path, article=kn23_key.article).items == kn23_key.items


def test_saved_key_keeps_unicode_readable(tmp_path, kn23_key):
    path = tmp_path / "kn23.yaml"
    save_key(kn23_key, path)
    assert "South Korea’s Defense Minister" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted((REPO / "answer_keys").rglob("*.yaml")),
                         ids=lambda p: str(p.relative_to(REPO)))
def test_every_key_in_the_repository_loads(path):
    assert load_key(path).items


def test_a_lesson_key_keeps_only_its_labels(kn23_key):
    from annotator.key import key_for_labels

    claims = key_for_labels(kn23_key, ["claim"])
    assert claims.labels == ("claim",)
    assert {i.label for i in claims.items} == {"claim"}
    assert all(set(i.alt_labels) <= {"claim"} for i in claims.items)


def test_a_lesson_key_knows_the_other_labels_items_as_likely_mistakes(kn23_key):
    """A source marked in the claims lesson is still extra, but the key says what it is."""
    from annotator.key import key_for_labels

    claims = key_for_labels(kn23_key, ["claim"])
    officials = kn23_key.item("source-senior-officials")
    made = [d for d in claims.distractors if (d.start, d.end) == (officials.start, officials.end)]
    assert [(d.labels, d.whole) for d in made] == [(("claim",), True)]
    assert made[0].why == (
        "The full answer key has these words as a source (who or what a statement is "
        "attributed to), not as a claim. This exercise asks only for claim marks.")
    others = [(i.start, i.end) for i in kn23_key.items if i.label != "claim" and i.required
              and "claim" not in i.alt_labels]  # optional ones are no mistake to make
    assert [(d.start, d.end) for d in claims.distractors if d.whole] == others
    assert key_for_labels(kn23_key, list(kn23_key.labels)).distractors == kn23_key.distractors
    from annotator.key import _other_label_why

    assert _other_label_why("reasoning", ["evidence"]) == (
        "The full answer key has these words labelled reasoning, not as evidence. This "
        "exercise asks only for evidence marks.")


def test_an_item_that_also_accepts_the_lessons_label_stays_as_optional(kn23_key):
    from annotator.key import key_for_labels

    sources = key_for_labels(kn23_key, ["source"])
    reportedly = sources.item("hedge-reportedly")
    assert (reportedly.label, reportedly.required, reportedly.alt_labels) == ("source", False, ())
    marks = [Mark(reportedly.start, reportedly.end, "source")]
    assert score(marks, sources).marks[0].status == "optional"


def test_distractors_are_resolved_and_written_back(kn23_key):
    putin = next(d for d in kn23_key.distractors if "Putin" in d.why)
    assert kn23_key.article.text[putin.start:putin.end] == "Russian President Vladimir Putin"
    assert putin.labels == ("source",)
    again = parse_key(yaml.safe_load(dump_key(kn23_key)), article=kn23_key.article)
    assert again.distractors == kn23_key.distractors


@pytest.mark.parametrize("distractor,fragment", [
    ({"quote": "Vladimir Poutine", "labels": ["source"], "why": "x"}, "cannot find quote"),
    ({"quote": "Putin", "labels": ["opinion"], "why": "x"}, "labels must list"),
    ({"quote": "Putin", "labels": ["source"]}, "why must say"),
    ("Putin", "must be a mapping"),
])
def test_a_bad_distractor_is_rejected_with_its_place(kn23_key, distractor, fragment):
    data = yaml.safe_load(dump_key(kn23_key))
    data["distractors"] = [distractor]
    with pytest.raises(AnnotatorError) as caught:
        parse_key(data, path="k.yaml", article=kn23_key.article)
    assert fragment in str(caught.value) and "distractors[0]" in str(caught.value)


# -- review warnings: valid keys not yet ready for students -------------------------------------


def test_a_reviewed_key_has_no_review_warnings(kn23_key):
    assert review_warnings(kn23_key) == []


def test_draft_items_drafted_whys_and_missing_whys_are_each_named(kn23_key):
    items = list(kn23_key.items)
    for n in range(5):
        items[n] = replace(items[n], extra={"draft": True}, why="DRAFT: a claim. Rewrite.")
    items[9] = replace(items[9], why="")
    warnings = review_warnings(replace(kn23_key, items=tuple(items)))
    assert len(warnings) == 3
    drafts, drafted_whys, no_why = warnings
    ids = [item.id for item in items]
    assert drafts.startswith(f"5 of 56 items ({', '.join(ids[:3])} and 2 more) are drafts "
                             "not yet reviewed.")
    assert "Review each with answer_keys/KEY-GUIDE.md" in drafts
    assert drafted_whys.startswith("5 of 56 items (") and "Rewrite each why" in drafted_whys
    assert no_why.startswith(f"1 of 56 items ({ids[9]}) have no why")


def test_a_misspelt_field_is_pointed_out_and_a_field_of_another_tool_is_not(kn23_key):
    items = list(kn23_key.items)
    items[2] = replace(items[2], extra={"requried": False, "reason": "drafted", "draft": False})
    key = replace(kn23_key, items=tuple(items), extra={"distractor": [], "course": "7b"})
    warnings = review_warnings(key)
    assert warnings == [
        ("the key: field 'distractor' is not one this tool reads, so it has no effect. Did you "
         "mean 'distractors'?"),
        (f"item {items[2].id}: field 'requried' is not one this tool reads, so it has no "
         "effect. Did you mean 'required'?")]
    assert key.items[2].required  # as the warning says: the misspelt field did nothing


def test_validate_prints_the_misspelt_field(tmp_path, capsys):
    import yaml

    from annotator.cli import main

    data = yaml.safe_load((REPO / "answer_keys" / "kn23.yaml").read_text("utf-8"))
    data["items"][0]["sorce_type"] = "vague"  # a misspelt field that does not score: a warning
    data["article"] = str(REPO / "seeds" / "kn23.txt")
    path = tmp_path / "k.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert main(["validate", str(path)]) == 0
    assert "Did you mean 'source_type'?" in capsys.readouterr().out


def test_a_key_without_items_gets_one_warning(kn23_key):
    assert review_warnings(replace(kn23_key, items=())) == [
        ("has no items, so every mark a student makes counts as extra. Add the items "
         "(author mode) before class.")]


def test_a_quote_with_a_plain_space_for_a_non_breaking_one_is_found():
    """A website's "7\u00a0million" looks like "7 million": any space in a quote matches any
    space in the article, and the item is the article's own characters."""
    from annotator.article import Article
    from annotator.key import parse_key

    article = Article.from_text("The backlog could still be above 7\u00a0million by 2028.", "nb")
    data = {"format": "annotator.key.v1", "article": "nb", "sha256": article.sha256,
            "items": [{"id": "c1", "label": "claim", "quote": "above 7 million by 2028"}]}
    item = parse_key(data, article=article).item("c1")
    assert article.text[item.start:item.end] == "above 7\u00a0million by 2028"


# -- keys a teacher edited by hand: a key written twice, a quote that occurs twice ----------


KN23_TEXT = (REPO / "answer_keys" / "kn23.yaml").read_text("utf-8")


def edited_kn23(tmp_path, text: str) -> Path:
    """A copy of kn23.yaml as a teacher edited it, beside a copy of its article."""
    (tmp_path / "seeds").mkdir(exist_ok=True)
    for name in ("kn23.txt", "kn23.meta.yaml"):
        (tmp_path / "seeds" / name).write_bytes((REPO / "seeds" / name).read_bytes())
    path = tmp_path / "answer_keys" / "kn23.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    return text[:text.index(fragment)].count("\n") + 1


def test_a_second_items_list_at_the_end_is_an_error_not_the_only_items(tmp_path):
    """The QA tester appended an items: block after distractors:; PyYAML kept only it, so
    validate said ok with 1 item and every student got 0."""
    text = KN23_TEXT + ("items:\n  - id: source-pyongyang\n    label: source\n"
                        "    quote: Pyongyang\n    nth: 2\n")
    path = edited_kn23(tmp_path, text)
    with pytest.raises(AnnotatorError) as err:
        load_key(path)
    second = line_of(text, "\nitems:\n  - id: source-pyongyang") + 1
    assert str(err.value) == (
        f"{path}, items: 'items' appears twice (lines 8 and {second}): a key has one items "
        "list, and only the last would be read, so the 56 items of the first would be lost. "
        "Move the new items up into the first list, above distractors:, and delete the second "
        "'items:' line.")
    assert err.value.field == "items"


def test_a_field_given_twice_in_an_item_is_an_error_naming_both_lines(tmp_path):
    """required: false added under label: while the old required: true stays further down."""
    old = "  - id: hedge-reportedly\n    label: hedge\n"
    text = KN23_TEXT.replace(old, old + "    required: false\n", 1)
    path = edited_kn23(tmp_path, text)
    with pytest.raises(AnnotatorError) as err:
        load_key(path)
    first = line_of(text, old) + 2
    assert str(err.value) == (
        f"{path}, item hedge-reportedly.required: 'required' appears twice in item "
        f"hedge-reportedly (lines {first} and {first + 3}: 'false', then 'true'): only the last "
        "would be read, so the other is silently ignored. Keep the one you mean and delete "
        "the other.")


def test_validate_reports_a_repeated_key_and_exits_1(tmp_path, capsys):
    from annotator.cli import main

    path = edited_kn23(tmp_path, KN23_TEXT.replace("labels: [claim, source, hedge]\n",
                                                   "labels: [claim, source, hedge]\n"
                                                   "labels: [claim]\n", 1))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert (f"error {path}, labels: 'labels' appears twice (lines 7 and 8): only the last "
            "would be read") in out
    assert "0 valid, 1 invalid." in out


def test_the_key_loader_stays_safe_and_allows_a_merge_override(tmp_path):
    from annotator.key import KeyLoader

    text = "base: &b {required: false, points: 2}\nitem: {<<: *b, points: 3}\n"
    assert yaml.load(text, Loader=KeyLoader)["item"] == {"required": False, "points": 3}
    unsafe = KN23_TEXT.replace("policy", "policy").replace(
        "labels: [claim, source, hedge]\n",
        "labels: [claim, source, hedge]\nrun: !!python/object/apply:os.getcwd []\n", 1)
    with pytest.raises(AnnotatorError, match="is not valid YAML at line 8"):
        load_key(edited_kn23(tmp_path, unsafe))


def test_a_quote_that_occurs_twice_without_nth_is_a_warning(make_key, kn23):
    key = make_key(kn23, [{"id": "p", "label": "source", "quote": "Pyongyang",
                           "required": False, "why": "A place."}])
    assert review_warnings(key) == [
        ("item p: quote 'Pyongyang' occurs 2 times in the article; the first is used. Add "
        "nth: 2 for the second, or nth: 1 to say the first is meant.")]
    assert (key.items[0].start, key.items[0].end) == kn23.find("Pyongyang")  # still valid


def test_no_nth_warning_once_author_mode_moved_the_item_to_another_occurrence(make_key, kn23):
    key = make_key(kn23, [{"id": "p", "label": "source", "quote": "Pyongyang",
                           "required": False, "why": "A place."}])
    start, end = kn23.find("Pyongyang", 2)
    moved = replace(key, items=(replace(key.items[0], start=start, end=end),))
    assert review_warnings(moved) == []


@pytest.mark.parametrize("nth", [1, 2])
def test_no_warning_when_nth_says_which(make_key, kn23, nth):
    key = make_key(kn23, [{"id": "p", "label": "source", "quote": "Pyongyang", "nth": nth,
                           "required": False, "why": "A place."}])
    assert review_warnings(key) == []


def test_no_warning_for_a_quote_that_occurs_once_or_for_offsets(make_key, kn23):
    start, end = kn23.find("Pyongyang")
    key = make_key(kn23, [{"id": "r", "label": "hedge", "quote": "reportedly", "why": "x"},
                          {"id": "p", "label": "source", "start": start, "end": end,
                           "why": "A place."}])
    assert review_warnings(key) == []


def test_a_quote_that_occurs_three_times_says_how_far_nth_goes(make_key, kn23):
    key = make_key(kn23, [{"id": "r", "label": "hedge", "quote": "reported", "why": "x"}])
    assert review_warnings(key) == [
        ("item r: quote 'reported' occurs 3 times in the article; the first is used. Add "
        "nth: 2 for the second (and so on, to nth: 3), or nth: 1 to say the first is meant.")]


def test_a_distractor_quote_that_occurs_twice_without_nth_is_a_warning(kn23_key):
    data = yaml.safe_load(dump_key(kn23_key))
    data["distractors"] = [{"quote": "Seoul", "labels": ["source"], "why": "A place."}]
    key = parse_key(data, article=kn23_key.article)
    assert review_warnings(key) == [
        ("distractors[0]: quote 'Seoul' occurs 2 times in the article; the first is used. Add "
        "nth: 2 for the second, or nth: 1 to say the first is meant.")]


def test_validate_and_the_shipped_key_say_nothing_of_nth(capsys):
    """kn23.yaml's 'According to' and 'Seoul' that mean the first now say nth: 1."""
    from annotator.cli import main

    assert main(["validate", str(REPO / "answer_keys" / "kn23.yaml")]) == 0
    assert "warn" not in capsys.readouterr().out


def test_validate_prints_the_nth_warning_and_exits_0(tmp_path, capsys):
    from annotator.cli import main

    text = KN23_TEXT.replace("distractors:\n", "  - id: source-pyongyang\n    label: source"
                             "\n    quote: Pyongyang\n    required: false\n    why: A place."
                             "\n\ndistractors:\n", 1)
    path = edited_kn23(tmp_path, text)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert (f"warn  {path}: item source-pyongyang: quote 'Pyongyang' occurs 2 times in the "
            "article; the first is used. Add nth: 2 for the second") in out


def test_two_items_of_one_label_on_the_same_span_are_a_warning(make_key, kn23):
    key = make_key(kn23, [
        {"id": "c1", "label": "claim", "quote": "teams of North Koreans are working behind "
                                                 "Russian lines", "why": "One."},
        {"id": "h1", "label": "hedge", "quote": "reportedly", "why": "A hedge."},
        {"id": "c2", "label": "claim", "quote": "teams of North Koreans are working behind "
                                                 "Russian lines", "why": "Two."},
        {"id": "s1", "label": "source", "quote": "reportedly", "why": "Another label."}])
    assert review_warnings(key) == [
        ("items c1 and c2 are both claim items on the same span 'teams of North Koreans are "
        "working behind Russian lines': a student's mark there answers only one of them, so "
        "the other counts as missed even in a perfect answer. Keep one (with the best why) and "
        "delete the other; a second label belongs in alt_labels.")]
    marks = [Mark(key.item("c1").start, key.item("c1").end, "claim")]
    assert [i.outcome for i in score(marks, key).items if i.label == "claim"] == ["hit",
                                                                                 "missed"]


def test_a_submission_given_as_the_key_is_named_for_what_it_is(write_json, submission_data):
    """annotator grade --key SUB.json said only "format is 'annotator.submission.v1',
    expected 'annotator.key.v1'"."""
    path = write_json("sub.json", submission_data())
    with pytest.raises(AnnotatorError, match="is a student's submission, not an answer key: "
                                             r"give the answer key \(answer_keys/<article>.yaml\)"
                                             " with --key"):
        load_key(path)


def test_a_key_whose_articles_meta_file_is_broken_names_that_file(tmp_path):
    """The key's message named the key and 'article' alone, not the .meta.yaml to put right."""
    path = edited_kn23(tmp_path, KN23_TEXT)
    (tmp_path / "seeds" / "kn23.meta.yaml").write_text("- a list\n", "utf-8")
    with pytest.raises(AnnotatorError) as caught:
        load_key(path)
    assert caught.value.field == "article"
    assert f"{tmp_path / 'seeds' / 'kn23.meta.yaml'}: must be a YAML mapping" in str(caught.value)
