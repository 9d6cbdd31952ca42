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


def test_quote_resolves_to_its_first_occurrence(kn23_key, kn23):
    item = kn23_key.item("hedge-according-to-1")
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
    item = kn23_key.item("claim-officers-fighting")
    assert (item.min_start, item.min_end) == (item.start, item.end)


def test_min_text_is_found_inside_the_quote(kn23_key, kn23):
    item = kn23_key.item("source-kim-yong-hyun")
    assert kn23.text[item.min_start:item.min_end] == "Kim Yong-hyun"
    assert item.start <= item.min_start < item.min_end <= item.end


def test_min_is_the_occurrence_inside_the_quote_not_an_earlier_one(kn23_key, kn23):
    item = kn23_key.item("source-ukrainian-military")
    assert kn23.text[item.min_start:item.min_end] == "Ukrainian military"
    assert item.min_start > kn23.text.index("Ukrainian")


def test_max_text_contains_the_quote(kn23_key, kn23):
    item = kn23_key.item("hedge-appears")
    assert kn23.text[item.max_start:item.max_end] == "it now appears that"
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


@pytest.mark.parametrize("alt", [["hedge"], ["opinion"], "source", [None]])
def test_bad_alt_labels_are_rejected(make_key, kn23, alt):
    with pytest.raises(AnnotatorError, match="alt_labels must list other labels") as err:
        make_key(kn23, [{"id": "x", "label": "hedge", "quote": "reportedly",
                         "alt_labels": alt}])
    assert err.value.field == "item x.alt_labels"


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


@pytest.mark.parametrize("labels", [[], "claim", ["claim", "claim"], ["claim", ""]])
def test_bad_label_lists_are_rejected(make_key, kn23, labels):
    with pytest.raises(AnnotatorError, match="labels must be a list of distinct names"):
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


def test_dump_writes_nth_only_when_needed(kn23_key):
    items = {i["id"]: i for i in yaml.safe_load(dump_key(kn23_key))["items"]}
    assert items["hedge-according-to-2"]["nth"] == 2
    assert "nth" not in items["hedge-according-to-1"]


def test_dump_omits_a_default_max(kn23_key):
    items = {i["id"]: i for i in yaml.safe_load(dump_key(kn23_key))["items"]}
    assert "max" not in items["claim-officers-fighting"]
    assert items["hedge-appears"]["max"] == "it now appears that"


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
    assert drafts.startswith(f"5 of 53 items ({', '.join(ids[:3])} and 2 more) are drafts "
                             "not yet reviewed.")
    assert "Review each with answer_keys/KEY-GUIDE.md" in drafts
    assert drafted_whys.startswith("5 of 53 items (") and "Rewrite each why" in drafted_whys
    assert no_why.startswith(f"1 of 53 items ({ids[9]}) have no why")


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
    data["items"][0]["requried"] = False
    data["article"] = str(REPO / "seeds" / "kn23.txt")
    path = tmp_path / "k.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    assert main(["validate", str(path)]) == 0
    assert "Did you mean 'required'?" in capsys.readouterr().out


def test_a_key_without_items_gets_one_warning(kn23_key):
    assert review_warnings(replace(kn23_key, items=())) == [
        ("has no items, so every mark a student makes counts as extra. Add the items "
         "(author mode) before class.")]


def test_a_quote_with_a_plain_space_for_a_non_breaking_one_is_explained():
    """A website's "7\u00a0million" looks like "7 million": the message says which character
    differs, where, and what to do."""
    from annotator.article import Article
    from annotator.key import parse_key

    article = Article.from_text("The backlog could still be above 7\u00a0million by 2028.", "nb")
    data = {"format": "annotator.key.v1", "article": "nb", "sha256": article.sha256,
            "items": [{"id": "c1", "label": "claim", "quote": "above 7 million by 2028"}]}
    with pytest.raises(AnnotatorError, match=r"non-breaking space \(U\+00A0\).*after '7'"):
        parse_key(data, article=article)
