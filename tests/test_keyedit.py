"""keyedit: editing an answer key with pure functions, one AnswerKey to the next."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator import keyedit
from annotator.authoring import KEY_HEADER, draft_key
from annotator.errors import AnnotatorError
from annotator.key import DEFAULT_LABELS, default_max
from annotator.suggest import suggest


def at(article, quote: str, nth: int = 1) -> tuple[int, int]:
    found = article.find(quote, nth)
    assert found is not None, quote
    return found


@pytest.fixture(scope="module")
def drafted(kn23):
    """The key ``annotator new`` drafts for kn23: every item ``draft: true``."""
    return draft_key(kn23, suggest(kn23))


# -- keys and items -----------------------------------------------------------------------------


def test_empty_key_has_the_default_labels_and_no_items(kn23):
    key = keyedit.empty_key(kn23)
    assert (key.article, key.labels, key.items) == (kn23, DEFAULT_LABELS, ())


def test_drafts_left_counts_the_items_still_marked_draft(drafted, kn23_key):
    assert keyedit.drafts_left(drafted) == len(drafted.items) > 0
    assert keyedit.drafts_left(kn23_key) == 0


def test_the_key_level_draft_flag_goes_with_the_last_draft(drafted):
    assert keyedit.with_items(drafted, drafted.items[:1]).extra == {"draft": True}
    reviewed = replace(drafted.items[0], extra={})
    assert keyedit.with_items(drafted, [reviewed]).extra == {}


def test_same_items_sees_changes_that_item_equality_leaves_out(kn23_key):
    first = kn23_key.items[0]
    changed = keyedit.with_items(kn23_key, (replace(first, extra={"note": 1}),
                                            *kn23_key.items[1:]))
    assert keyedit.same_items(kn23_key, keyedit.with_items(kn23_key, kn23_key.items))
    assert not keyedit.same_items(kn23_key, changed)


def test_find_names_an_item_that_is_not_there(kn23_key):
    assert keyedit.find(kn23_key, "hedge-reportedly").label == "hedge"
    with pytest.raises(AnnotatorError, match="no item 'gone' in this key"):
        keyedit.find(kn23_key, "gone")


# -- the id rule --------------------------------------------------------------------------------


def test_a_new_id_is_the_label_and_the_first_four_words():
    assert keyedit.new_item_id("claim", "Teams of North Koreans are", 0, set()) == \
        "claim-teams-of-north-koreans"


def test_a_new_id_without_words_falls_back_to_the_start():
    assert keyedit.new_item_id("hedge", "—", 42, set()) == "hedge-42"


def test_a_new_id_is_made_unique_with_a_number():
    used = {"source-telegram", "source-telegram-2"}
    assert keyedit.new_item_id("source", "Telegram", 0, used) == "source-telegram-3"


def test_annotator_new_names_its_drafts_by_the_same_rule(drafted):
    first = drafted.items[0]
    text = drafted.article.text[first.start:first.end]
    assert first.id == keyedit.new_item_id(first.label, text, first.start, set())


# -- add ----------------------------------------------------------------------------------------


def test_add_item_snaps_to_words_and_returns_the_new_id(kn23, kn23_key):
    s, e = at(kn23, "Telegram")
    key, item_id = keyedit.add_item(kn23_key, s - 1, e + 1, "source")
    item = key.item(item_id)
    assert item_id == "source-telegram"
    assert (item.start, item.end, item.min_start, item.min_end) == (s, e, s, e)
    assert (item.required, item.why) == (True, "")


def test_add_item_leaves_the_given_key_unchanged(kn23, kn23_key):
    before = list(kn23_key.items)
    keyedit.add_item(kn23_key, *at(kn23, "Telegram"), "source")
    assert list(kn23_key.items) == before


def test_add_item_goes_before_the_first_item_that_starts_after_it(kn23, kn23_key):
    s, e = at(kn23, "Telegram")
    key, item_id = keyedit.add_item(kn23_key, s, e, "source")
    position = [item.id for item in key.items].index(item_id)
    assert all(item.start <= s for item in key.items[:position])
    assert key.items[position + 1].start > s


def test_a_new_claim_may_grow_to_its_sentence(kn23, kn23_key):
    s, e = at(kn23, "teams of North Koreans")
    key, item_id = keyedit.add_item(kn23_key, s, e, "claim")
    item = key.item(item_id)
    assert (item.max_start, item.max_end) == default_max(kn23, "claim", s, e)


def test_the_same_words_and_label_twice_are_refused(kn23, kn23_key):
    with pytest.raises(AnnotatorError, match="already a hedge item.*hedge-reportedly"):
        keyedit.add_item(kn23_key, *at(kn23, "reportedly"), "hedge")


def test_a_label_the_key_does_not_have_is_refused(kn23, kn23_key):
    with pytest.raises(AnnotatorError, match="'opinion' is not one of this key's labels"):
        keyedit.add_item(kn23_key, *at(kn23, "Telegram"), "opinion")


def test_a_span_without_words_is_refused(kn23, kn23_key):
    with pytest.raises(AnnotatorError, match="nothing to mark"):
        keyedit.add_item(kn23_key, *at(kn23, ", "), "claim")


def test_a_span_must_be_two_whole_numbers(kn23_key):
    with pytest.raises(AnnotatorError, match="two whole numbers"):
        keyedit.add_item(kn23_key, "0", 5, "claim")


@pytest.mark.parametrize("span", [(0, 99_999), (-5, 10), (30, 20)])
def test_a_span_outside_the_article_is_refused_not_clipped(kn23_key, span):
    with pytest.raises(AnnotatorError, match="is not inside the article"):
        keyedit.add_item(kn23_key, *span, "claim")


# -- resize, relabel, min and max ---------------------------------------------------------------


def test_resizing_to_the_same_span_gives_back_the_same_key(kn23_key):
    item = kn23_key.item("hedge-reportedly")
    assert keyedit.resize_item(kn23_key, item.id, item.start, item.end) is kn23_key


def test_resize_keeps_a_min_that_still_lies_inside(kn23, kn23_key):
    s, _e = at(kn23, "senior officials in Kyiv")
    key = keyedit.resize_item(kn23_key, "source-senior-officials", s, s + len("senior officials"))
    item = key.item("source-senior-officials")
    assert kn23.text[item.start:item.end] == "senior officials"
    assert kn23.text[item.min_start:item.min_end] == "officials"


def test_resize_lets_a_min_that_no_longer_fits_become_the_span(kn23, kn23_key):
    key = keyedit.resize_item(kn23_key, "source-senior-officials", *at(kn23, "senior"))
    item = key.item("source-senior-officials")
    assert (item.min_start, item.min_end) == (item.start, item.end)


def test_resize_keeps_a_max_set_by_hand_around_the_span(kn23, kn23_key):
    before = kn23_key.item("source-senior-officials")
    s, _e = at(kn23, "senior officials in Kyiv")
    key = keyedit.resize_item(kn23_key, before.id, s, s + len("senior officials"))
    item = key.item(before.id)
    assert (item.max_start, item.max_end) == (before.max_start, before.max_end)


def test_a_default_max_follows_the_span(kn23, kn23_key):
    key, item_id = keyedit.add_item(kn23_key, *at(kn23, "teams of North Koreans"), "claim")
    s, e = at(kn23, "North Koreans are working")
    item = keyedit.resize_item(key, item_id, s, e).item(item_id)
    assert (item.max_start, item.max_end) == default_max(kn23, "claim", s, e)


def test_relabelling_to_the_same_label_gives_back_the_same_key(kn23_key):
    assert keyedit.relabel_item(kn23_key, "hedge-reportedly", "hedge") is kn23_key


def test_a_default_max_follows_the_new_label(kn23, kn23_key):
    key, item_id = keyedit.add_item(kn23_key, *at(kn23, "teams of North Koreans"), "claim")
    item = keyedit.relabel_item(key, item_id, "source").item(item_id)
    assert item.label == "source" and (item.max_start, item.max_end) == (item.start, item.end)


def test_relabel_drops_an_alternative_equal_to_the_new_label(kn23_key):
    item = keyedit.relabel_item(kn23_key, "hedge-reportedly", "source").item("hedge-reportedly")
    assert (item.label, item.alt_labels, item.source_type) == ("source", (), "implicit")


def test_an_item_that_stops_being_a_source_loses_the_source_fields(kn23_key):
    key = keyedit.relabel_item(kn23_key, "source-senior-officials", "claim")
    item = key.item("source-senior-officials")
    assert item.source_type is None and "interested_party" not in item.extra


def test_set_min_takes_words_inside_the_span(kn23, kn23_key):
    key = keyedit.set_min(kn23_key, "claim-engineers-sent", *at(kn23, "military engineers"))
    item = key.item("claim-engineers-sent")
    assert kn23.text[item.min_start:item.min_end] == "military engineers"


def test_a_min_outside_the_span_is_refused_and_names_the_field(kn23, kn23_key):
    with pytest.raises(AnnotatorError, match="not inside the item's words") as caught:
        keyedit.set_min(kn23_key, "hedge-reportedly", *at(kn23, "have reportedly"))
    assert caught.value.field == "item hedge-reportedly.min"


def test_set_max_takes_words_around_the_span(kn23, kn23_key):
    s, e = at(kn23, "engineers have reportedly been sent")
    item = keyedit.set_max(kn23_key, "hedge-reportedly", s, e).item("hedge-reportedly")
    assert (item.max_start, item.max_end) == (s, e)


def test_a_max_that_does_not_contain_the_span_is_refused(kn23, kn23_key):
    with pytest.raises(AnnotatorError, match="does not contain the item's words"):
        keyedit.set_max(kn23_key, "hedge-reportedly", *at(kn23, "have"))


def test_reset_gives_the_default_min_and_max_back(kn23_key):
    item = keyedit.reset_extents(kn23_key, "source-senior-officials").item(
        "source-senior-officials")
    assert (item.min_start, item.min_end) == (item.start, item.end)
    assert (item.max_start, item.max_end) == (item.start, item.end)


# -- the panel's fields -------------------------------------------------------------------------


def test_update_item_renames_and_returns_the_new_id(kn23_key):
    key, new_id = keyedit.update_item(kn23_key, "hedge-according-to-1", id=" hedge-according ")
    assert new_id == "hedge-according"
    assert key.item(new_id).label == "hedge"
    assert "hedge-according-to-1" not in [item.id for item in key.items]


def test_an_id_already_used_is_refused(kn23_key):
    with pytest.raises(AnnotatorError, match="already used by another item"):
        keyedit.update_item(kn23_key, "hedge-according-to-1", id="hedge-reportedly")


def test_an_empty_id_is_refused(kn23_key):
    with pytest.raises(AnnotatorError, match="the id is empty"):
        keyedit.update_item(kn23_key, "hedge-according-to-1", id="  ")


def test_fields_an_author_does_not_edit_are_refused(kn23_key):
    with pytest.raises(AnnotatorError, match="cannot change start"):
        keyedit.update_item(kn23_key, "hedge-reportedly", start=0)


def test_required_must_be_true_or_false(kn23_key):
    with pytest.raises(AnnotatorError, match="required must be true or false"):
        keyedit.update_item(kn23_key, "hedge-reportedly", required="yes")


def test_points_must_be_a_number_and_become_a_float(kn23_key):
    key, item_id = keyedit.update_item(kn23_key, "hedge-reportedly", points=2)
    assert key.item(item_id).points == 2.0 and isinstance(key.item(item_id).points, float)
    with pytest.raises(AnnotatorError, match="points must be a number"):
        keyedit.update_item(kn23_key, "hedge-reportedly", points=True)


def test_why_is_stripped(kn23_key):
    key, item_id = keyedit.update_item(kn23_key, "hedge-reportedly", why="  Ask who.  ")
    assert key.item(item_id).why == "Ask who."


def test_interested_party_is_kept_only_when_true(kn23_key):
    key, item_id = keyedit.update_item(kn23_key, "source-senior-officials",
                                       interested_party=False)
    assert "interested_party" not in key.item(item_id).extra
    key, item_id = keyedit.update_item(key, item_id, interested_party=True)
    assert key.item(item_id).extra["interested_party"] is True


def test_alt_labels_lose_repeats(kn23_key):
    key, item_id = keyedit.update_item(kn23_key, "hedge-reportedly",
                                       alt_labels=["source", "source"])
    assert key.item(item_id).alt_labels == ("source",)


def test_unticking_source_drops_the_source_fields(kn23_key):
    key, item_id = keyedit.update_item(kn23_key, "hedge-reportedly", alt_labels=[])
    assert key.item(item_id).source_type is None


# -- review: accept and delete ------------------------------------------------------------------


def test_accept_removes_the_draft_flag_and_the_reason(drafted):
    first = drafted.items[0]
    item = keyedit.accept_item(drafted, first.id).item(first.id)
    assert "draft" not in item.extra and "reason" not in item.extra


def test_only_a_draft_can_be_accepted(kn23_key):
    with pytest.raises(AnnotatorError, match="not a draft"):
        keyedit.accept_item(kn23_key, "hedge-reportedly")


def test_delete_removes_the_item(kn23_key):
    key = keyedit.delete_item(kn23_key, "hedge-reportedly")
    assert [item.id for item in key.items] == [
        item.id for item in kn23_key.items if item.id != "hedge-reportedly"]


def test_deleting_an_unknown_item_is_refused(kn23_key):
    with pytest.raises(AnnotatorError, match="no item 'gone'"):
        keyedit.delete_item(kn23_key, "gone")


# -- checked: the writer and the reader agree ---------------------------------------------------


def test_a_key_that_reads_back_the_same_passes_checked(kn23_key):
    assert keyedit.checked(kn23_key) is kn23_key


def test_checked_refuses_what_the_key_reader_refuses_and_names_the_file(kn23_key):
    key, _id = keyedit.update_item(kn23_key, "hedge-reportedly", source_type="gossip")
    with pytest.raises(AnnotatorError, match="source_type 'gossip' is unknown") as caught:
        keyedit.checked(key, path="answer_keys/kn23.yaml")
    assert caught.value.path == "answer_keys/kn23.yaml"


def test_checked_refuses_a_max_whose_text_would_be_found_elsewhere(article):
    empty = keyedit.empty_key(article("go go go go."))
    key, item_id = keyedit.add_item(empty, 3, 5, "hedge")
    key = keyedit.set_max(key, item_id, 3, 11)  # "go go go", which also starts at 0
    with pytest.raises(AnnotatorError, match="would not read back the same"):
        keyedit.checked(key)


# -- the key file's comments --------------------------------------------------------------------


def test_the_comments_at_the_top_of_the_file_are_kept(kn23_key):
    disk = "# Reviewed by Ms Park.\n\nformat: annotator.key.v1\n# later\n"
    assert keyedit.header(kn23_key, disk) == "# Reviewed by Ms Park.\n"


def test_a_drafts_header_goes_with_the_last_draft(drafted):
    disk = KEY_HEADER.format(id=drafted.article_id) + "format: annotator.key.v1\n"
    assert keyedit.header(drafted, disk).startswith("# DRAFT answer key")
    reviewed = keyedit.with_items(drafted, [replace(i, extra={}) for i in drafted.items])
    assert keyedit.header(reviewed, disk) == (
        f"# Answer key for seeds/{drafted.article_id}.txt: drafted by `annotator new`,\n"
        "# reviewed in the widget's author mode.\n")


def test_a_new_file_says_it_was_written_in_author_mode(kn23_key):
    assert keyedit.header(kn23_key, None) == \
        "# Answer key for seeds/kn23.txt, written in author mode.\n"


def test_a_file_without_comments_gets_none(kn23_key):
    assert keyedit.header(kn23_key, "format: annotator.key.v1\n") == ""


def test_comments_between_items_are_noticed():
    assert keyedit.comments_between_items("# top\nformat: x\nitems:\n  # an item\n")
    assert keyedit.comments_between_items("format: x\nitems: []  # none yet\n")


def test_comments_only_at_the_top_are_not_between_items():
    assert not keyedit.comments_between_items("# top\n\nformat: x\nitems: []\n")


def test_a_new_source_takes_key_guides_min_and_max():
    """KEY-GUIDE: a source's min is the name or head noun, its max the phrase with its cue. A
    student who marks "Zoë Müller-Ashworth" without "Ms" has found her."""
    from annotator.article import Article
    from annotator.key import AnswerKey

    article = Article.from_text("Ms Zoë Müller-Ashworth said she had noticed a difference. "
                                "According to the council, fees rose.", "zoe")
    key = AnswerKey(article=article, items=())
    text = article.text
    for quote, low, high in [("Ms Zoë Müller-Ashworth", "Zoë Müller-Ashworth",
                              "Ms Zoë Müller-Ashworth said"),
                             ("the council", "council", "According to the council")]:
        s = text.index(quote)
        key2, item_id = keyedit.add_item(key, s, s + len(quote), "source")
        item = key2.item(item_id)
        assert text[item.start:item.end] == quote
        assert text[item.min_start:item.min_end] == low
        assert text[item.max_start:item.max_end] == high
