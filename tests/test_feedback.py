"""Feedback: a Result explained in words a student understands."""

from __future__ import annotations

import re

import pytest

from annotator.feedback import (
    ClassNotes,
    explain,
    format_percent,
    format_ratio,
    hint,
    summary_line,
    text_report,
)
from annotator.scoring import score
from annotator.submission import Mark


def note_for(notes, item_id):
    return next(n for n in notes if n.item == item_id)


@pytest.fixture(scope="module")
def notes_of(kn23_key):
    def build(marks, **kwargs):
        return explain(score(marks, kn23_key), kn23_key, **kwargs)
    return build


def test_hit_says_what_was_marked_and_why(notes_of, quote_mark, kn23_key):
    note = note_for(notes_of([quote_mark("reportedly", "hedge")]), "hedge-reportedly")
    assert (note.kind, note.headline) == ("hit", "Found")
    assert note.detail == "You found the hedge “reportedly”."
    assert note.why == kn23_key.item("hedge-reportedly").why


def test_hit_with_a_shorter_mark_quotes_the_key_not_what_was_marked(notes_of, quote_mark):
    # "Kim Yong-hyun" is the item's min: full credit, but the student did not mark the title
    note = note_for(notes_of([quote_mark("Kim Yong-hyun", "source")]), "source-kim-yong-hyun")
    assert note.kind == "hit"
    assert note.detail == "You found the source “South Korea’s Defense Minister, Kim Yong-hyun”."
    assert "marked “South Korea" not in note.detail


def test_wrong_label_with_a_shorter_mark_does_not_claim_the_key_words_were_marked(
        notes_of, quote_mark):
    note = note_for(notes_of([quote_mark("Kim Yong-hyun", "hedge")]), "source-kim-yong-hyun")
    assert note.kind == "wrong_label"
    assert note.detail == ("You found “South Korea’s Defense Minister, Kim Yong-hyun” but marked "
                           "it as hedge; it is a source.")


COSTS = " This mark costs you 0.25 points."  # what a mark that earned nothing costs (standard)
SHORT_CLAIM = ("have reportedly been sent to assist Russian forces in their efforts to target "
               "Ukraine")  # 14 of the claim's 21 words, without "engineers" from its min


def test_partial_too_short_suggests_extending_to_min(notes_of, quote_mark):
    note = note_for(notes_of([quote_mark(SHORT_CLAIM, "claim")]), "claim-engineers-sent")
    assert note.kind == "partial" and note.headline.startswith("Partly found")
    assert note.detail.startswith("Your claim mark “have reportedly been sent to assist … in "
                                  "their efforts to target Ukraine” is close. ")
    assert note.detail.endswith("try extending it to include “engineers have reportedly been "
                                "sent”.")


def test_partial_too_long_suggests_trimming_to_max(notes_of, quote_mark):
    mark = quote_mark("South Korea’s Defense Minister, Kim Yong-hyun, stated that it", "source")
    note = note_for(notes_of([mark]), "source-kim-yong-hyun")
    assert note.kind == "partial"
    assert note.detail.endswith("try trimming it to within “South Korea’s Defense Minister, "
                                "Kim Yong-hyun, stated that”.")


def test_wrong_label_names_both_labels(notes_of, quote_mark):
    note = note_for(notes_of([quote_mark("appears", "claim")]), "hedge-appears")
    assert (note.kind, note.headline) == ("wrong_label", "Found, wrong label")
    assert note.detail == "You found “appears” but marked it as claim; it is a hedge."


def test_wrong_label_lists_alternative_labels(notes_of, quote_mark):
    note = note_for(notes_of([quote_mark("reportedly", "claim")]), "hedge-reportedly")
    assert note.detail.endswith("it is a hedge or source.")


def test_missed_items_are_revealed_by_default(notes_of):
    notes = notes_of([])
    assert note_for(notes, "hedge-appears").detail == "The key has “appears” as a hedge."
    assert sum(1 for n in notes if n.kind == "missed") == 31


def test_missed_items_can_be_hidden(notes_of):
    assert notes_of([], reveal_missed=False) == []


def test_optional_items_appear_only_when_found(notes_of, quote_mark):
    assert all(n.required for n in notes_of([]))
    note = note_for(notes_of([quote_mark("several", "hedge")]), "hedge-several")
    assert note.required is False
    assert "(Optional: careful readers disagree about this one" in note.detail


def test_extra_mark_is_explained_without_an_item(notes_of, quote_mark):
    notes = notes_of([quote_mark("incident", "source")], reveal_missed=False)
    assert len(notes) == 1
    note = notes[0]
    assert (note.kind, note.headline, note.item) == ("extra", "Not in the key", None)
    assert note.detail.startswith("The key has no source at “incident”.")
    assert "keys can be incomplete" in note.detail


def test_an_extra_mark_on_a_likely_mistake_gets_the_keys_explanation(notes_of, quote_mark,
                                                                   kn23_key):
    note, = notes_of([quote_mark("Telegram", "source")], reveal_missed=False)
    telegram = next(d for d in kn23_key.distractors if "Telegram" in d.why)
    assert (note.kind, note.why) == ("extra", telegram.why)
    assert "keys can be incomplete" not in note.detail


@pytest.mark.parametrize(("quote", "label", "nth", "says"), [
    ("stated", "source", 1, "reporting verb"), ("Kyiv", "source", 1, "a place, not a speaker"),
    ("Seoul", "source", 2, "where an institute is"),
    ("In a separate incident", "claim", 1, "Framing"),
    ("whether those killed were military engineers or other personnel", "claim", 1,
     "stated unknown")])
def test_the_mistakes_the_lessons_teach_get_the_keys_explanation(notes_of, quote_mark, quote,
                                                                 label, nth, says):
    note, = notes_of([quote_mark(quote, label, nth)], reveal_missed=False)
    assert note.kind == "extra" and says in note.why
    assert "keys can be incomplete" not in note.detail


def test_a_likely_mistake_of_another_label_gets_the_general_advice(notes_of, quote_mark):
    note, = notes_of([quote_mark("Telegram", "hedge")], reveal_missed=False)
    assert note.why == "" and "keys can be incomplete" in note.detail


def test_a_mark_on_a_key_item_that_is_too_far_off_is_not_told_the_key_has_nothing_there(
        notes_of, quote_mark):
    notes = notes_of([quote_mark("teams of North Koreans", "claim")])
    note = next(n for n in notes if n.kind == "extra")
    assert note.headline == "Not close enough"
    assert note.detail.startswith("Your claim mark “teams of North Koreans” overlaps a claim in "
                                  "the key, but does not line up with it closely enough to "
                                  "count")
    assert note.detail.endswith(": the key's is “teams of North Koreans are working behind "
                                "Russian lines”. Your mark leaves out part of the claim: "
                                "extend it." + COSTS)
    assert "The key has no" not in note.detail
    assert "another of your marks" not in note.detail  # none does


def test_too_far_off_does_not_give_the_answer_away_when_missed_items_are_hidden(
        notes_of, quote_mark):
    note, = notes_of([quote_mark("teams of North Koreans", "claim")], reveal_missed=False)
    assert note.headline == "Not close enough"
    assert note.detail.endswith(": reread the whole sentence. Your mark leaves out part of the "
                                "claim: extend it." + COSTS)
    assert "behind Russian lines" not in note.detail


def test_wrong_label_mark_is_not_also_called_extra(notes_of, quote_mark):
    notes = notes_of([quote_mark("appears", "claim")], reveal_missed=False)
    assert [n.kind for n in notes] == ["wrong_label"]


def test_long_quotes_keep_their_first_and_last_words(notes_of, kn23_key):
    """A boundary hint is about where a span starts and ends: both stay in the quote."""
    note = note_for(notes_of([]), "claim-engineers-sent")
    quoted = note.detail[note.detail.index("“"):note.detail.index("”") + 1]
    assert len(quoted) <= 82  # at most 80 characters between the quotation marks
    assert quoted == "“North Korean military engineers have … Ukraine with ballistic missiles”"
    whole = " ".join(kn23_key.article.text[note.start:note.end].split())
    head, tail = quoted[1:-1].split(" … ")
    assert whole.startswith(head + " ") and whole.endswith(" " + tail)  # whole words only


def test_a_mark_over_much_more_than_a_likely_mistake_is_not_that_mistake(kn23_key):
    """A whole sentence marked as a hedge covers "confirmed" (a booster the key explains), but
    the key's word on "confirmed" is not about that mark; "confirmed on Telegram" still is."""
    from annotator.feedback import known_mistake

    text = kn23_key.article.text
    confirmed = next(d for d in kn23_key.distractors
                     if text[d.start:d.end] == "confirmed" and "hedge" in d.labels)
    assert known_mistake(kn23_key, "hedge", confirmed.start, confirmed.end) is confirmed
    around = kn23_key.article.find("confirmed on Telegram")
    assert known_mistake(kn23_key, "hedge", *around) is confirmed
    assert known_mistake(kn23_key, "claim", confirmed.start, confirmed.end) is None
    start, end = kn23_key.article.sentence_of(confirmed.start, confirmed.end)
    assert known_mistake(kn23_key, "hedge", start, end) is None
    assert known_mistake(kn23_key, "hedge", 0, len(text)) is None


def test_note_keeps_the_full_quote_and_offsets(notes_of, kn23_key, kn23):
    note = note_for(notes_of([]), "claim-engineers-sent")
    item = kn23_key.item("claim-engineers-sent")
    assert (note.start, note.end) == (item.start, item.end)
    assert note.quote == kn23.text[item.start:item.end]


def test_notes_are_plain_data(notes_of, quote_mark):
    data = notes_of([quote_mark("reportedly", "hedge")])[0].to_dict()
    assert set(data) == {"kind", "label", "start", "end", "quote", "headline", "detail", "why",
                         "item", "required"}


# -- summary, hints, report -----------------------------------------------------------------


def test_summary_of_a_perfect_submission(kn23_key, kn23_required_marks):
    result = score(kn23_required_marks, kn23_key)
    assert summary_line(result) == "100% (31 of 31 points): 31 of 31 found."


def test_summary_counts_partial_hits_and_penalties(kn23_key, quote_mark):
    result = score([quote_mark("reportedly", "hedge"),
                    quote_mark(SHORT_CLAIM, "claim"),
                    quote_mark("Telegram", "source")], kn23_key)
    line = summary_line(result)
    assert ": 1 of 31 found, 1 partly; 0.25 off for 1 mark that earned nothing." in line


def test_the_summary_counts_near_misses_among_the_marks_that_earned_nothing(kn23_key,
                                                                            quote_mark):
    """A hedge mark that takes in the claim is told "Not close enough" on its item: the summary
    must not say it matches nothing, and says how many marks the points came off for."""
    result = score([quote_mark("have reportedly been sent", "hedge"),
                    quote_mark("ballistic", "hedge")], kn23_key)
    assert summary_line(result).endswith("; 0.5 off for 2 marks that earned nothing.")


def test_summary_without_required_items(article, make_key):
    text = article("Prices may rise.", id="prices")
    key = make_key(text, [{"id": "h", "label": "hedge", "quote": "may", "required": False}])
    assert summary_line(score([], key)) == \
        "This key has no required items, so there is no score."


def test_hint_shows_the_sentence_of_the_first_missed_item(kn23_key, kn23):
    result = score([], kn23_key)
    first = hint(result, kn23_key)
    assert first["label"] == "claim"
    assert (first["start"], first["end"]) == kn23.sentences[0]
    assert first["item"] == "claim-engineers-sent"


def test_hints_walk_through_each_missed_sentence_and_label_once(kn23_key):
    result = score([], kn23_key)
    wanted = {(*kn23_key.article.sentence_of(i.start, i.end), i.label)
              for i in kn23_key.items if i.required}
    shown: list[tuple[int, int, str]] = []
    while (found := hint(result, kn23_key, shown)) is not None:
        assert found["left"] == len(wanted) - len(shown) - 1
        shown.append((found["start"], found["end"], found["label"]))
    assert sorted(shown) == sorted(wanted)


def test_a_hint_says_when_a_mark_came_close_to_the_missed_item(kn23_key, quote_mark):
    """A student who marked the hedge too long did mark it: "you have not marked yet" would be
    untrue; the hint says one of their marks comes close."""
    hedges = [i for i in kn23_key.items if i.label == "hedge" and i.required]
    near = quote_mark("have reportedly been sent", "hedge")
    first = hint(score([near], kn23_key), kn23_key, [
        (*kn23_key.article.sentence_of(i.start, i.end), lab) for i in kn23_key.items
        for lab in ("claim", "source") if i.required])
    assert first["item"] == hedges[0].id == "hedge-reportedly"
    assert first["text"] == ("Look again at this sentence: there is a hedge in it that one of "
                             "your marks comes close to but does not find: check where it "
                             "starts and ends.")
    far = hint(score([], kn23_key), kn23_key)
    assert far["text"].endswith("there is a claim in it you have not marked yet.")


def test_a_hint_says_when_a_mark_took_in_the_missed_item_with_another(kn23_key, quote_mark):
    """One mark over "… to test its weapons and gain valuable combat experience" answers one
    claim; the second is missed. "Check where it starts and ends" sent the student to trim a
    mark that is right: the two claims need a mark each."""
    both = quote_mark("provides an opportunity for Pyongyang to test its weapons and gain "
                      "valuable combat experience", "claim")
    result = score([both], kn23_key)
    shown, said = [], {}
    while (found := hint(result, kn23_key, shown)) is not None:
        said[found["item"]] = found["text"]
        shown.append((found["start"], found["end"], found["label"]))
    assert said["claim-combat-experience"] == (
        "Look again at this sentence: there is a claim in it that one of your marks takes in "
        "together with another: mark each on its own.")


def test_a_hint_is_not_about_a_mark_that_is_a_likely_mistake(kn23_key, quote_mark):
    """"Kyiv" marked as a source is told it is a place, not a speaker: it does not "come
    close" to the source it sits in."""
    from annotator.key import key_for_labels

    sources = key_for_labels(kn23_key, ["source"])
    result = score([quote_mark("Kyiv", "source"), quote_mark("North Koreans", "source")],
                   sources)
    assert hint(result, sources)["text"] == ("Look again at this sentence: there is a source "
                                             "in it you have not marked yet.")


def test_no_hint_when_nothing_is_missed(kn23_key, kn23_required_marks):
    assert hint(score(kn23_required_marks, kn23_key), kn23_key) is None


@pytest.mark.parametrize("value,text", [(None, "n/a"), (0.0, "0.00"), (1.0, "1.00"),
                                        (0.6667, "0.67"),
                                        # as the widget's toFixed(2): Check said 0.13 here
                                        (0.125, "0.13"), (0.145, "0.14"), (0.0625, "0.06")])
def test_format_ratio(value, text):
    assert format_ratio(value) == text


def test_text_report_has_summary_table_notes_and_policy(kn23_key, quote_mark):
    report = text_report(score([quote_mark("reportedly", "hedge")], kn23_key, "lenient"),
                         kn23_key)
    lines = report.splitlines()
    assert lines[0].startswith("3% (1 of 31 points)")
    assert "overall         1.00    0.03   0.06" in lines
    assert "[Found] hedge: You found the hedge “reportedly”." in lines
    assert lines[-1] == "(policy: lenient)"


_QUOTED = re.compile(r"(?<!\w)['‘“\"]([^'‘’“”\"]+)['’”\"]")


def _all_but(key, missing):
    """Marks answering every item of the key but ``missing``, and one on every distractor."""
    marks = [Mark(it.start, it.end, it.label) for it in key.items if it.id != missing]
    marks += [Mark(d.start, d.end, d.labels[0]) for d in key.distractors]
    return marks


def test_with_missed_items_hidden_no_why_quotes_an_item_the_student_missed(kn23_key):
    """lesson 4 and ``grade --hide-missed``: the *why* of a found item or of a likely mistake
    often quotes another item ("hedges it with 'reportedly'"); it must not when that one was
    missed. The notes of a class (ClassNotes) say the same."""
    text, leaks, checked = kn23_key.article.text, [], 0
    class_notes = ClassNotes(kn23_key, lambda note: note.why or "-", reveal_missed=False)
    for item in kn23_key.items:
        result = score(_all_but(kn23_key, item.id), kn23_key)
        notes = explain(result, kn23_key, reveal_missed=False)
        assert [note.why or "-" for note in notes] == class_notes(result)
        answer = " ".join(text[item.min_start:item.min_end].split()).lower()
        for note in notes:
            own = kn23_key.item(note.item) if note.item else None
            for quoted in _QUOTED.findall(note.why):
                checked += 1
                if re.search(rf"(?<!\w){re.escape(answer)}(?!\w)",
                             " ".join(quoted.split()).lower()) and not (
                        own and text[own.min_start:own.min_end].lower() in quoted.lower()):
                    leaks.append((item.id, note.item, quoted))
        shown = explain(result, kn23_key)
        assert [n.why for n in shown if n.item != item.id] == \
            [kn23_key.item(n.item).why if n.item else n.why for n in shown if n.item != item.id]
    assert leaks == []
    assert checked >= 100  # the whys quote words of the article: this test has work to do


def test_a_why_quoting_a_missed_item_keeps_the_rest_of_its_words(kn23_key):
    from dataclasses import replace

    # kn23's own whys no longer quote other items (lesson 4 hides them); a teacher's may
    why = "The writer hedges it with 'reportedly' and names no source."
    key = replace(kn23_key, items=tuple(replace(it, why=why) if it.id == "claim-engineers-sent"
                                        else it for it in kn23_key.items))
    found = key.item("claim-engineers-sent")
    result = score([Mark(found.start, found.end, "claim")], key)
    note = note_for(explain(result, key, reveal_missed=False), found.id)
    assert note.why == why.replace("'reportedly'", "'…'")
    shown = note_for(explain(result, key), found.id)
    assert shown.why == why  # shown in full when missed items may be shown


def test_an_optional_item_marked_with_the_wrong_label_is_told_and_called_optional(
        notes_of, quote_mark):
    """Marking 'some' as a claim must not leave the student thinking it is a claim."""
    note = note_for(notes_of([quote_mark("some", "claim")], reveal_missed=False), "hedge-some")
    assert (note.kind, note.headline, note.required) == ("wrong_label", "Found, wrong label",
                                                         False)
    assert note.detail.startswith("You found “some” but marked it as claim; it is a hedge.")
    assert "no points and costs none" in note.detail


def test_a_missed_optional_item_is_still_not_told(notes_of):
    assert "hedge-some" not in {note.item for note in notes_of([])}


@pytest.mark.parametrize(("value", "text"), [
    (92.5, "93%"), (12.5, "13%"), (37.5, "38%"), (82.5, "83%"), (82.49, "82%"),
    (0.5, "1%"), (0.0, "0%"), (100.0, "100%"), (99.999, "100%"), (None, "n/a")])
def test_percents_round_half_up(value, text):
    assert format_percent(value) == text


def test_the_summary_line_rounds_its_percent_half_up_as_the_lms_files_carry_it(
        kn23_key, kn23_required_marks):
    from dataclasses import replace

    result = replace(score(kn23_required_marks, kn23_key), percent=92.5, points=27.75)
    assert summary_line(result).startswith("93% (27.75 of 31 points)")


def test_a_drafted_why_is_never_shown_to_a_student(kn23_key, quote_mark):
    """A teacher who accepts `annotator new`'s drafts without rewriting their whys must not
    have students read "DRAFT: a claim (…). Rewrite: …"."""
    from dataclasses import replace

    from annotator.keyedit import with_items

    drafted = with_items(kn23_key, [
        replace(item, why="DRAFT: a hedge cue (modal). Rewrite: how sure does it sound?")
        if item.id == "hedge-reportedly" else item for item in kn23_key.items])
    notes = explain(score([quote_mark("reportedly", "hedge")], drafted), drafted)
    assert note_for(notes, "hedge-reportedly").why == ""
    assert not any("DRAFT" in (n.why or "") + n.detail for n in notes)
    assert "DRAFT" not in text_report(score([], drafted), drafted)


def test_a_mark_across_two_sentences_is_told_to_mark_each_alone(notes_of, kn23):
    """Two claims marked as one: the note says why it did not count."""
    (a, b), (c, d) = kn23.sentences[2], kn23.sentences[3]
    two = [n for n in notes_of([Mark(a, d, "claim")]) if n.kind == "extra"]
    assert len(two) == 1 and "runs across 2 sentences" in two[0].detail
    assert "each claim in the key lies inside one" in two[0].detail
    assert not any("sentences" in n.detail for n in notes_of([Mark(a, b, "claim")]))
    # a space or an opening quotation mark of the next sentence is not the next sentence
    assert not any("sentences" in n.detail for n in notes_of([Mark(a, c + 0, "claim")])
                   if n.kind in ("extra", "partial"))


def test_no_sentence_word_when_the_key_itself_marks_across_sentences(article, make_key):
    text = article("Prices rose. Wages fell. The mayor said so.")
    key = make_key(text, [{"id": "c", "label": "claim", "quote": "Prices rose. Wages fell."}])
    assert not any("sentences" in n.detail for n in explain(
        score([Mark(0, 24, "claim")], key), key))
    other = make_key(text, [{"id": "c", "label": "claim", "quote": "Prices rose."}])
    assert any("runs across 2 sentences" in n.detail for n in explain(
        score([Mark(0, 24, "claim")], other), other))


def test_the_text_report_tells_a_near_miss_beside_the_item_it_missed(kn23_key, kn23):
    """An appeal ("I marked it!"): the mark that came close is listed next to the missed
    item, not forty lines below it."""
    wide = kn23.find("stated that it is “highly likely”")
    lines = text_report(score([Mark(*wide, "hedge")], kn23_key), kn23_key).splitlines()
    missed = next(n for n, line in enumerate(lines)
                  if line.startswith("[Missed] hedge") and "highly likely" in line)
    near = next(n for n, line in enumerate(lines) if line.startswith("[Not close enough]"))
    assert abs(near - missed) <= 2


@pytest.mark.parametrize("reveal_missed", [True, False])
def test_every_list_of_notes_tells_a_near_miss_beside_the_item_it_missed(kn23_key, kn23,
                                                                         reveal_missed):
    """The widget's list, the HTML reports (ClassNotes) and ``annotator score`` list notes in
    the article's order, so "Not close enough" follows the item it came close to, not the
    whole key."""
    wide = kn23.find("stated that it is “highly likely”")
    last = max((item for item in kn23_key.items if item.required), key=lambda it: it.start)
    assert last.start > wide[1]
    result = score([Mark(last.start, last.end, last.label), Mark(*wide, "hedge")], kn23_key)
    notes = explain(result, kn23_key, reveal_missed=reveal_missed)
    assert [(n.start, n.end) for n in notes] == sorted((n.start, n.end) for n in notes)
    near = next(n for n, note in enumerate(notes) if note.headline == "Not close enough")
    if reveal_missed:
        missed = next(n for n, note in enumerate(notes) if note.kind == "missed"
                      and "highly likely" in note.quote)
        assert abs(near - missed) == 1
    assert notes[-1].item == last.id  # not the near miss, listed after the whole key
    rendered = ClassNotes(kn23_key, lambda note: note, reveal_missed=reveal_missed)
    assert rendered(result) == notes


# -- a mark that came close: which way it is off, and whether another mark answers the item ----


@pytest.fixture(scope="module")
def harbour(article, make_key):
    text = article("The harbour will probably reopen next spring after repairs, the port "
                   "authority said on Monday.")
    return make_key(text, [
        {"id": "c", "label": "claim", "quote": "The harbour will probably reopen next spring "
         "after repairs", "min": "harbour will probably reopen"},
        {"id": "s", "label": "source", "quote": "the port authority", "min": "port authority"},
        {"id": "h", "label": "hedge", "quote": "probably"},
    ])


def harbour_notes(key, *marks, **kwargs):
    text = key.article.text
    found = [Mark(text.index(quote), text.index(quote) + len(quote), label)
             for quote, label in marks]
    result = score(found, key)
    return explain(result, key, **kwargs), ClassNotes(key, lambda note: note, **kwargs)(result)


@pytest.mark.parametrize(("quote", "label", "way"), [
    ("probably reopen next spring after repairs, the port authority said", "hedge",
     "Your mark takes in more than the hedge: trim it."),
    ("spring after", "claim", "Your mark leaves out part of the claim: extend it."),
    ("authority said on Monday", "source", "Your mark starts or ends in the wrong place."),
])
def test_a_mark_that_came_close_says_which_way_it_is_off(harbour, quote, label, way):
    notes, by_class = harbour_notes(harbour, (quote, label))
    note, = [n for n in notes if n.kind == "extra"]
    assert note.headline == "Not close enough" and note.detail.endswith(way + COSTS)
    assert "another of your marks" not in note.detail
    assert by_class == notes


def test_a_second_mark_on_an_answered_item_is_told_the_item_is_answered(harbour):
    """Not "does not line up closely enough", which sends the student to mend a mark that
    is not the one that counts."""
    notes, by_class = harbour_notes(harbour, ("harbour will probably reopen", "claim"),
                                    ("repairs", "claim"))
    assert [n.kind for n in notes if n.item == "c"] == ["hit"]
    note, = [n for n in notes if n.kind == "extra"]
    assert note.headline == "Already found"  # not "Not close enough", nor its badge
    assert note.detail == ("Your claim mark “repairs” overlaps the claim “The harbour will "
                           "probably reopen next spring after repairs”, which another of your "
                           "marks already answers, so this one counts as an extra mark." + COSTS)
    assert by_class == notes
    alone, _ = harbour_notes(harbour, ("repairs", "claim"))  # the same mark, alone: close
    assert "already answers" not in next(n for n in alone if n.kind == "extra").detail


def test_a_claim_and_its_source_marked_as_one_source_are_told_to_mark_them_apart(harbour):
    notes, by_class = harbour_notes(
        harbour, ("harbour will probably reopen next spring after repairs, the port authority",
                  "source"))
    note = note_for(notes, "c")
    assert note.kind == "wrong_label"
    assert note.detail.endswith("it is a claim. Your mark also takes in a source of its own: "
                                "mark the two apart, each with its label.")
    assert by_class == notes
    plain = note_for(harbour_notes(harbour, ("harbour will probably reopen", "source"))[0], "c")
    assert plain.detail.endswith("it is a claim.")  # a mark of the claim alone


def test_a_span_that_is_a_quotation_is_not_put_in_quotation_marks_twice(article, make_key):
    text = article("He said it was “highly likely” to happen.")
    key = make_key(text, [{"id": "s", "label": "source", "quote": "He"}])
    start = text.text.index("“")
    notes = explain(score([Mark(start, text.text.index("”") + 1, "claim")], key), key)
    note = next(n for n in notes if n.kind == "extra")
    assert note.detail.startswith("The key has no claim at “highly likely”.")
    assert "““" not in note.detail and "””" not in note.detail


@pytest.mark.parametrize("quoted", ["« Je n’en suis pas sûr »", "«¡Es una gran noticia!»",
                                    "„Das ist sicher“"])
def test_a_quotation_in_french_spanish_or_german_marks_keeps_its_own(article, make_key,
                                                                     quoted):
    """“« Je n’en suis pas sûr »” wrapped a French quotation in English marks as well."""
    text = article(f"Il a dit {quoted} hier.")
    key = make_key(text, [{"id": "s", "label": "source", "quote": "Il"}])
    start = text.text.index(quoted)
    notes = explain(score([Mark(start, start + len(quoted), "claim")], key), key)
    note = next(n for n in notes if n.kind == "extra")
    assert note.detail.startswith(f"The key has no claim at {quoted}.")


@pytest.fixture(scope="module")
def plant(article, make_key):
    text = article("According to the minister, the plant will “very likely” close, he stated.")
    return make_key(text, [
        {"id": "s", "label": "source", "quote": "the minister", "min": "minister"},
        {"id": "c", "label": "claim", "quote": "the plant will “very likely” close"},
        {"id": "h", "label": "hedge", "quote": "likely"},
        {"id": "a", "label": "hedge", "quote": "According to", "required": False},
    ], distractors=[
        {"quote": "According to", "labels": ["source"], "why": "It introduces the source."},
        {"quote": "stated", "labels": ["hedge"], "why": "'Stated' is neutral."},
    ])


def plant_notes(key, quote, label):
    text = key.article.text
    result = score([Mark(text.index(quote), text.index(quote) + len(quote), label)], key)
    notes = explain(result, key, reveal_missed=False)
    assert ClassNotes(key, lambda note: note, reveal_missed=False)(result) == notes
    return notes


def test_a_likely_mistake_does_not_take_over_a_near_miss_of_an_item(plant):
    """A hedge marked with its quotation and "he stated" is the hedge marked too long, not
    the key's word on "stated"."""
    note, = [n for n in plant_notes(plant, "“very likely” close, he stated", "hedge")
             if n.kind == "extra"]
    assert note.headline == "Not close enough" and note.detail.endswith("trim it." + COSTS)
    alone, = plant_notes(plant, "stated", "hedge")  # "stated" alone: the key's word on it
    assert (alone.headline, alone.why) == ("Not in the key", "'Stated' is neutral.")


def test_an_optional_item_marked_as_a_likely_mistake_gets_the_key_word_on_that_mistake(plant):
    """"According to" marked as a source: the key's optional hedge there would have the
    student told "it is a hedge", with the hedge's why; the key's word on "According to" as
    a source is what the student needs."""
    note, = plant_notes(plant, "According to", "source")
    assert (note.kind, note.item) == ("wrong_label", "a")
    assert note.detail == "You marked “According to” as source, but it is not a source."
    assert note.why == "It introduces the source."


def test_a_teachers_own_labels_are_not_given_an_article_they_may_not_take(tmp_path, kn23_key):
    """'evidence' and 'reasoning' are not counted ('a evidence', 'a reasoning'): a label of the
    teacher's own is 'an item labelled evidence'; the news labels keep 'a claim'."""
    path = tmp_path / "own.yaml"
    path.write_text(
        f"format: annotator.key.v1\narticle: kn23\nsha256: {kn23_key.sha256}\n"
        "labels: [evidence, reasoning]\nitems:\n"
        "  - id: e1\n    label: evidence\n    quote: reportedly\n"
        "  - id: r1\n    label: reasoning\n    quote: appears\n", encoding="utf-8")
    from annotator.key import load_key
    key = load_key(path)
    text = key.article.text
    at = text.index("appears")
    marks = [Mark(at, at + len("appears"), "evidence")]
    notes = {n.item: n.detail for n in explain(score(marks, key), key)}
    assert notes["r1"] == ("You found “appears” but marked it as evidence; the key labels it "
                           "reasoning.")
    assert notes["e1"] == "The key has “reportedly” as evidence."
    assert hint(score([], key), key)["text"] == ("Look again at this sentence: there is an item labelled "
                                     "evidence in it you have not marked yet.")
    assert not any(re.search(r"\ba (evidence|reasoning)\b", n) for n in notes.values())
    assert "(1 of 1 point)" not in summary_line(score(marks, key))  # 0 of 2 points
    one = score([Mark(at, at + len("appears"), "reasoning")], key)
    assert "(1 of 2 points)" in summary_line(one)


def test_a_claim_mark_on_a_source_in_the_claims_lesson_is_told_what_it_is(kn23_key):
    """Lesson 1 grades claims only; a student who marks a source as a claim used to be told
    the key had no claim there and that keys can be incomplete."""
    from annotator.key import key_for_labels

    claims = key_for_labels(kn23_key, ["claim"])
    officials = kn23_key.item("source-senior-officials")
    notes = explain(score([Mark(officials.start, officials.end, "claim")], claims), claims)
    (extra,) = [n for n in notes if n.kind == "extra"]
    assert extra.why.startswith("The full answer key has these words as a source")
    assert "keys can be incomplete" not in extra.detail + extra.why
    # a claim cut short that takes in a hedge ('reportedly') is a claim cut short: told to
    # extend it, not that its words are a hedge (a verification pass found 309 such marks)
    text = kn23_key.article.text
    cut = "North Korean military engineers have reportedly been"
    notes = explain(score([Mark(0, len(cut), "claim")], claims), claims)
    (extra,) = [n for n in notes if n.kind == "extra"]
    assert extra.headline == "Not close enough" and "extend it" in extra.detail
    assert "full answer key" not in extra.why
    assert text.startswith(cut)
    # one word of the long source is not the source
    kovalenko = kn23_key.item("source-kovalenko")
    head = kn23_key.article.text.index("head", kovalenko.start)
    notes = explain(score([Mark(head, head + 4, "claim")], claims), claims)
    (extra,) = [n for n in notes if n.kind == "extra"]
    assert "full answer key" not in extra.why


def test_a_quotation_that_ends_a_sentence_keeps_one_full_stop():
    """'try extending it to include “… a minute.”.' read as a typo to a science teacher whose
    key quoted whole sentences."""
    from annotator.feedback import Note

    note = Note("partial", "claim", 0, 1, "q", "Almost",
                "Try extending it to include “the balloon grew within a minute.”. Then Check.",
                "")
    assert note.detail == ("Try extending it to include “the balloon grew within a minute.” "
                           "Then Check.")
    assert Note("hit", "claim", 0, 1, "q", "Found", "You found “it”.", "").detail == \
        "You found “it”."


# -- why points were lost: joined marks, partial credit, what a mark cost -------------------


def joined_notes(key, marks, **kwargs):
    """``explain`` given the student's own marks, checked against ``ClassNotes`` (the HTML
    reports) and ``text_report`` (``annotator score``), which must say the same."""
    result = score(marks, key)
    notes = explain(result, key, marks=marks, **kwargs)
    assert ClassNotes(key, lambda note: note, **kwargs)(result, marks) == notes
    report = text_report(result, key, marks=marks, **kwargs)
    assert all(f"[{note.headline}] {note.label}: {note.detail}" in report for note in notes)
    return notes


def test_two_overlapping_marks_joined_into_one_are_told_so(kn23_key, quote_mark):
    """A student who made two claim marks that overlap read a note quoting one long mark she
    never made ("Your claim mark 'teams … arms deal'"): it says her marks were joined."""
    first = Mark(quote_mark("teams of North Koreans", "claim").start,
                 quote_mark("The deployment follows a summit", "claim").end, "claim")
    second = Mark(quote_mark("The deployment follows", "claim").start,
                  quote_mark("a secret arms deal", "claim").end, "claim")
    note, = [n for n in joined_notes(kn23_key, [first, second]) if n.kind == "extra"]
    assert note.headline == "Not close enough"
    assert note.detail.startswith(
        "Your 2 claim marks here overlap, so they count as one mark. That one mark, “teams of "
        "North Koreans are working … their ties through a secret arms deal”, overlaps a claim "
        "in the key")
    assert "Your claim mark “teams" not in note.detail
    alone, = [n for n in explain(score([first, second], kn23_key), kn23_key)
              if n.kind == "extra"]  # a caller that does not pass the marks: as before
    assert alone.detail.startswith("Your claim mark “teams of North Koreans")


def test_marks_that_touch_end_to_end_are_told_they_were_joined(harbour):
    text = harbour.article.text
    one, two = "next spring after repairs", ", the port authority said"
    marks = [Mark(text.index(one), text.index(one) + len(one), "claim"),
             Mark(text.index(two), text.index(two) + len(two), "claim")]
    note, = [n for n in joined_notes(harbour, marks) if n.kind == "extra"]
    assert note.detail.startswith("Your 2 claim marks here touch end to end, so they count as "
                                  "one mark. That one mark, “next spring after repairs, the "
                                  "port authority said”, overlaps a claim in the key")


def test_a_found_item_and_a_wrong_label_say_their_mark_was_joined(harbour):
    text = harbour.article.text

    def mark(quote, label):
        return Mark(text.index(quote), text.index(quote) + len(quote), label)

    notes = joined_notes(harbour, [mark("The harbour will probably", "claim"),
                                   mark("probably reopen", "claim"),
                                   mark("port", "hedge"), mark("the port authority", "hedge")],
                         reveal_missed=False)
    hit, = [n for n in notes if n.item == "c"]
    assert hit.detail == ("Your 2 claim marks here overlap, so they count as one mark. You found "
                          "the claim “The harbour will probably reopen next spring after "
                          "repairs”.")
    wrong, = [n for n in notes if n.item == "s"]
    assert wrong.detail.startswith("Your 2 hedge marks here overlap, so they count as one mark. "
                                   "You found “the port authority” but marked it as hedge")


def test_a_mark_alone_or_made_twice_is_not_told_it_was_joined(harbour):
    text = harbour.article.text
    start = text.index("The harbour will probably reopen")
    mark = Mark(start, start + len("The harbour will probably reopen"), "claim")
    for marks in ([mark], [mark, mark]):  # the same words marked twice are one mark
        notes = joined_notes(harbour, marks)
        assert not any("count as one mark" in n.detail for n in notes)


def test_the_notes_of_a_class_keep_a_joined_mark_to_the_student_who_made_it(harbour):
    """Two students whose results are the same, one with two marks joined and one with that
    mark alone: each reads the words on their own marks, whoever came first."""
    text = harbour.article.text
    whole = "The harbour will probably reopen"
    alone = [Mark(0, len(whole), "claim")]
    joined = [Mark(0, len("The harbour will"), "claim"), Mark(4, len(whole), "claim")]
    result = score(alone, harbour)
    assert score(joined, harbour) == result and text.startswith(whole)
    for first, then in ((alone, joined), (joined, alone)):
        for reveal_missed in (True, False):
            notes = ClassNotes(harbour, lambda note: note, reveal_missed=reveal_missed)
            for marks in (first, then, first):
                assert notes(result, marks) == explain(result, harbour, marks=marks,
                                                       reveal_missed=reveal_missed)


def test_a_partly_found_item_says_what_it_earned(notes_of, quote_mark):
    """"19 found, 1 partly; 1.5 off" could not be added up: the partial answer says its
    points."""
    note = note_for(notes_of([quote_mark(SHORT_CLAIM, "claim")]), "claim-engineers-sent")
    assert note.headline == "Partly found (0.67 of 1 point)"  # 14 of 21 words


def test_a_partly_found_item_worth_two_points_says_so(article, make_key):
    text = article("The harbour will probably reopen next spring after repairs.")
    key = make_key(text, [{"id": "c", "label": "claim", "points": 2, "min": "harbour will",
                           "quote": "The harbour will probably reopen next spring after repairs"}])
    start = text.text.index("probably")
    result = score([Mark(start, text.text.index("."), "claim")], key)  # 6 of 9 words
    note, = explain(result, key)
    assert note.headline == "Partly found (1.33 of 2 points)"
    half, = explain(score([Mark(start, text.text.index("."), "claim")], key, "lenient"), key)
    assert half.headline == "Partly found (1.33 of 2 points)"


def test_a_partly_found_optional_item_earns_nothing_and_says_no_number(article, make_key):
    text = article("The harbour will probably reopen next spring after repairs.")
    key = make_key(text, [{"id": "c", "label": "claim", "required": False, "min": "harbour",
                           "quote": "The harbour will probably reopen next spring after repairs"}])
    start = text.text.index("will")
    note, = explain(score([Mark(start, text.text.index("."), "claim")], key), key)
    assert note.headline == "Partly found"


def test_a_wrong_label_says_what_it_earned_only_when_the_policy_pays_for_it(kn23_key,
                                                                            quote_mark):
    marks = [quote_mark("appears", "claim")]
    lenient = note_for(explain(score(marks, kn23_key, "lenient"), kn23_key), "hedge-appears")
    assert lenient.headline == "Found, wrong label (0.25 of 1 point)"
    standard = note_for(explain(score(marks, kn23_key), kn23_key), "hedge-appears")
    assert standard.headline == "Found, wrong label"
    assert "costs you" not in lenient.detail + standard.detail  # it is not an extra mark


@pytest.mark.parametrize(("policy", "cost"), [
    ("standard", " This mark costs you 0.25 points."),
    ("strict", " This mark costs you 0.5 points."),
    ("lenient", " This mark costs you 0.15 points."),
])
def test_each_mark_that_earned_nothing_says_what_it_cost(kn23_key, quote_mark, policy, cost):
    """Only "Already found" said a mark counted against her, and none said by how much: each
    note on a mark that earned nothing ends with its cost, and they add up to the summary's."""
    marks = [quote_mark("Telegram", "source"),  # not in the key
             quote_mark("teams of", "claim"),  # not close enough
             quote_mark("crucial", "hedge"),  # a likely mistake the key explains
             quote_mark("reportedly", "hedge"), quote_mark("reportedly", "source"),  # neutral
             quote_mark("Recent reports", "hedge")]  # found, wrong label
    result = score(marks, kn23_key, policy)
    notes = explain(result, kn23_key)
    costly = [n for n in notes if n.detail.endswith(cost)]
    assert [n.kind for n in costly] == ["extra"] * 3 == [n.kind for n in notes
                                                         if n.kind == "extra"]
    assert not any("costs you" in n.detail for n in notes if n not in costly)
    assert f"; {result.penalty:g} off for 3 marks that earned nothing." in summary_line(result)
    assert 3 * float(cost.split()[4]) == pytest.approx(result.penalty)
    assert ClassNotes(kn23_key, lambda note: note)(result) == notes


def test_a_mark_that_earned_nothing_says_no_cost_when_the_policy_takes_none(kn23_key,
                                                                           quote_mark):
    from annotator.scoring import resolve_policy

    free = resolve_policy("standard").with_overrides(extra_penalty=0.0)
    result = score([quote_mark("Telegram", "source")], kn23_key, free)
    note, = [n for n in explain(result, kn23_key) if n.kind == "extra"]
    assert note.detail == "The key has no source at “Telegram”."
    assert "off for" not in summary_line(result)


# -- one mark over two items: it answers one, and says so -----------------------------------

WHOLE_SENTENCE = ("The involvement of North Korean troops in the conflict provides an opportunity "
                  "for Pyongyang to test its weapons and gain valuable combat experience.")
ALSO = (" This mark also takes in another claim: one mark answers one item, so mark each claim "
        "on its own.")


@pytest.mark.parametrize("reveal_missed", [True, False])
def test_a_whole_sentence_over_two_claims_is_told_one_mark_answers_one_item(
        kn23_key, quote_mark, reveal_missed):
    """A student who marked whole sentences read "Found" on every note and lost points no
    note explained: the mark over two required claims found one, and with missed items hidden
    she never saw the other. Its note says so, without naming the other claim."""
    notes = joined_notes(kn23_key, [quote_mark(WHOLE_SENTENCE, "claim")],
                         reveal_missed=reveal_missed)
    found = note_for(notes, "claim-opportunity-test-weapons")
    assert found.kind == "hit"
    assert found.detail == ("You found the claim “The involvement of North Korean … for "
                            "Pyongyang to test its weapons”." + ALSO)
    assert "combat" not in found.detail + found.why
    told = [n for n in notes if "one mark answers one item" in n.detail]
    assert told == [found]
    missed = [n for n in notes if n.item == "claim-combat-experience"]
    assert [n.kind for n in missed] == (["missed"] if reveal_missed else [])


def test_a_mark_over_one_claim_is_not_told_it_takes_in_another(kn23_key, quote_mark):
    """The claim's own words, and the optional hidden claim inside them ("The involvement of
    North Korean troops"), which a student need not mark: nothing to say."""
    marks = [quote_mark("The involvement of North Korean troops in the conflict provides an "
                        "opportunity for Pyongyang to test its weapons", "claim")]
    for reveal_missed in (True, False):
        notes = joined_notes(kn23_key, marks, reveal_missed=reveal_missed)
        assert note_for(notes, "claim-opportunity-test-weapons").detail == (
            "You found the claim “The involvement of North Korean … for Pyongyang to test its "
            "weapons”.")
        assert not any("one mark answers one item" in n.detail for n in notes)


def test_no_word_on_another_item_when_the_student_marked_it_with_another_label(
        kn23_key, quote_mark):
    """"gain valuable combat experience" marked as a hedge as well: her notes already tell
    her about it (found, wrong label)."""
    notes = joined_notes(kn23_key, [quote_mark(WHOLE_SENTENCE, "claim"),
                                    quote_mark("gain valuable combat experience", "hedge")])
    assert note_for(notes, "claim-combat-experience").kind == "wrong_label"
    assert not any("one mark answers one item" in n.detail for n in notes)


@pytest.fixture(scope="module")
def reopen(article, make_key):
    """A hedge the key also takes as a claim, inside a claim."""
    text = article("The harbour will reportedly reopen next spring after repairs.")
    return make_key(text, [
        {"id": "c", "label": "claim", "quote": "The harbour will reportedly reopen next spring "
         "after repairs", "min": "harbour will reportedly reopen"},
        {"id": "h", "label": "hedge", "quote": "reportedly", "alt_labels": ["claim"]},
    ])


def test_no_word_on_another_item_that_another_mark_answers(reopen):
    text = reopen.article.text
    sentence = Mark(0, text.index("."), "claim")
    hedge = Mark(text.index("reportedly"), text.index("reportedly") + len("reportedly"), "hedge")
    notes = joined_notes(reopen, [sentence, hedge])
    assert [n.kind for n in notes] == ["hit", "hit"]
    assert not any("one mark answers one item" in n.detail for n in notes)
    alone = note_for(joined_notes(reopen, [sentence], reveal_missed=False), "c")
    assert alone.detail.endswith(" This mark also takes in another hedge: one mark answers one "
                                 "item, so mark each hedge on its own.")  # the other's label


def test_a_mark_over_three_claims_says_another_or_more(article, make_key):
    text = article("The harbour will reopen, the ferry will run and the market will return.")
    key = make_key(text, [{"id": "a", "label": "claim", "quote": "The harbour will reopen"},
                          {"id": "b", "label": "claim", "quote": "the ferry will run"},
                          {"id": "c", "label": "claim", "quote": "the market will return"}])
    notes = joined_notes(key, [Mark(0, len(text.text), "claim")], reveal_missed=False)
    note, = [n for n in notes if n.kind in ("hit", "partial")]
    assert note.detail.endswith(" This mark also takes in another claim or more: one mark "
                                "answers one item, so mark each claim on its own.")


@pytest.mark.parametrize("label", ["hedge", "source"])
def test_a_whole_sentence_with_the_wrong_label_is_not_told_it_takes_in_another(
        kn23_key, quote_mark, label):
    for reveal_missed in (True, False):
        notes = joined_notes(kn23_key, [quote_mark(WHOLE_SENTENCE, label)],
                             reveal_missed=reveal_missed)
        assert not any("one mark answers one item" in n.detail for n in notes)


def test_the_notes_of_a_class_keep_the_word_to_the_student_whose_mark_takes_in_more(
        kn23_key, quote_mark):
    """Two students whose notes on the claim share a cache entry (the same outcome, the same
    mark index): one marked the whole sentence and missed the claim after it, one marked the
    claim alone. Each reads the words on her own mark, whoever came first."""
    whole = score([quote_mark(WHOLE_SENTENCE, "claim")], kn23_key)
    alone = score([quote_mark("The involvement of North Korean troops in the conflict provides "
                              "an opportunity for Pyongyang to test its weapons", "claim")],
                  kn23_key)
    item = next(n for n, res in enumerate(whole.items)
                if res.id == "claim-opportunity-test-weapons")
    assert whole.items[item] == alone.items[item]  # what the cache is keyed by
    for first, then in ((whole, alone), (alone, whole)):
        for reveal_missed in (True, False):
            notes = ClassNotes(kn23_key, lambda note: note, reveal_missed=reveal_missed)
            for result in (first, then, first):
                said = notes(result)
                assert said == explain(result, kn23_key, reveal_missed=reveal_missed)
                assert any(ALSO in n.detail for n in said) == (result is whole)
