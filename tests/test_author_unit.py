"""Author mode without a browser: the entry point, every edit, Save, and what reaches the view."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.authoring import create
from annotator.cli import main as cli
from annotator.errors import AnnotatorError
from annotator.key import default_max, load_key
from annotator.lesson import author
from annotator.widget import Annotator

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project, with the kernel working in its lessons folder."""
    for folder in ("seeds", "answer_keys"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    (tmp_path / "lessons").mkdir()
    monkeypatch.chdir(tmp_path / "lessons")
    return tmp_path


@pytest.fixture
def drafted(project):
    """A key drafted by ``annotator new`` for a copy of kn23 (every item ``draft: true``)."""
    source = project / "incoming.txt"
    source.write_text((REPO / "seeds" / "kn23.txt").read_text(encoding="utf-8"),
                      encoding="utf-8")
    made = create(source, "demo", root=project)
    return made.key_path


@pytest.fixture
def sent(monkeypatch):
    """The custom messages the kernel sends to the browser."""
    messages = []
    monkeypatch.setattr(Annotator, "send", lambda self, content, buffers=None:
                        messages.append(content))
    return messages


def at(article, quote: str, nth: int = 1) -> tuple[int, int]:
    found = article.find(quote, nth)
    assert found is not None, quote
    return found


def tokens_of(article, quote: str, nth: int = 1) -> list[int]:
    """Inclusive token indices of a quote, as the browser sends them."""
    i, j = article.token_range(*at(article, quote, nth))
    return [i, j - 1]


def item_data(w: Annotator, item_id: str) -> dict:
    return next(item for item in w.items if item["id"] == item_id)


def state(key) -> list:
    return [(item, item.extra) for item in key.items]


# -- the entry point ----------------------------------------------------------------------------


def test_author_opens_the_articles_whole_key_in_author_mode(project, kn23_key):
    w = author("kn23")
    assert isinstance(w, Annotator) and w.mode == "author"
    assert [item["id"] for item in w.items] == [item.id for item in kn23_key.items]
    assert [label["name"] for label in w.labels] == ["claim", "source", "hedge"]
    assert Path(w.save_path).resolve() == project / "answer_keys" / "kn23.yaml"
    assert w.student == "" and w.options["can_check"] is False and w.options["hints"] is False
    assert w.status == "" and w.drafts_left == 0


def test_author_without_a_key_starts_an_empty_one_that_save_creates(project):
    (project / "seeds" / "fresh.txt").write_text("Officials said the bridge may reopen.\n")
    w = author("fresh")
    assert w.items == [] and not (project / "answer_keys" / "fresh.yaml").exists()
    assert w.save() == project / "answer_keys" / "fresh.yaml"
    key = load_key(project / "answer_keys" / "fresh.yaml")
    assert (key.article_id, key.labels, key.items) == ("fresh", ("claim", "source", "hedge"), ())
    assert key.sha256 == w.article["sha256"]


def test_author_accepts_a_key_path(project):
    target = project / "answer_keys" / "second-opinion.yaml"
    w = author("kn23", key=str(target))
    assert w.items == []
    w.save()
    assert load_key(target).article_id == "kn23"


def test_an_unknown_mode_is_refused(kn23):
    with pytest.raises(ValueError, match="mode"):
        Annotator(kn23, mode="teacher")


def test_each_item_reaches_the_view_with_its_extents_and_draft_state(drafted):
    w = author("demo")
    first = w.items[0]
    key = load_key(drafted)
    item = key.items[0]
    assert first["id"] == item.id and [first["start"], first["end"]] == [item.start, item.end]
    assert first["min"] == [item.min_start, item.min_end]
    assert first["max"] == [item.max_start, item.max_end]
    assert first["draft"] is True and first["reason"] == item.extra["reason"]
    assert w.drafts_left == len(key.items) == len(w.items)


# -- round trips --------------------------------------------------------------------------------


def test_saving_kn23_unchanged_gives_back_the_same_items(project, kn23_key):
    w = author("kn23")
    assert "comments" in w.notice  # the file has comments between items: saving drops those
    path = w.save()
    again = load_key(path)
    assert again.items == kn23_key.items
    assert state(again) == state(kn23_key)  # interested_party and other extras too
    assert (again.labels, again.policy, again.extra) == (kn23_key.labels, kn23_key.policy,
                                                        kn23_key.extra)
    assert path.read_text(encoding="utf-8").startswith("# Answer key for seeds/kn23.txt")


def test_saving_a_drafted_key_unchanged_rewrites_the_same_file(drafted):
    before = drafted.read_text(encoding="utf-8")
    w = author("demo")
    w.save()
    assert drafted.read_text(encoding="utf-8") == before


def test_drafts_may_be_saved_and_stay_drafts(drafted):
    w = author("demo")
    first = w.items[0]["id"]
    w.accept_item(first)
    w.save()
    key = load_key(drafted)
    assert "draft" not in key.item(first).extra and "reason" not in key.item(first).extra
    assert all(item.extra["draft"] is True for item in key.items[1:])
    assert w.notice == f"{len(key.items) - 1} drafts still to review."
    assert key.extra == {"draft": True}


def test_the_last_accepted_draft_takes_the_key_level_draft_flag_and_header(drafted):
    w = author("demo")
    for item in list(w.items):
        w.accept_item(item["id"])
    assert w.drafts_left == 0
    w.save()
    text = drafted.read_text(encoding="utf-8")
    assert not text.startswith("# DRAFT") and "reviewed in the widget's author mode" in text
    key = load_key(drafted)
    assert key.extra == {} and not any("draft" in item.extra for item in key.items)
    assert w.notice == ""


# -- editing ------------------------------------------------------------------------------------


def test_add_item_snaps_to_words_names_it_and_keeps_document_order(project, kn23):
    w = author("kn23")
    s, e = at(kn23, "Telegram")
    item_id = w.add_item(s - 1, e + 1, "source")
    assert item_id == "source-telegram"
    new = w.edited_key.item(item_id)
    assert (new.start, new.end, new.required, new.why) == (s, e, True, "")
    assert (new.min_start, new.min_end, new.max_start, new.max_end) == (s, e, s, e)
    starts = [item.start for item in w.edited_key.items]
    position = [item.id for item in w.edited_key.items].index(item_id)
    assert starts[position - 1] <= s < starts[position + 1]
    assert w.status == "unsaved"


def test_a_new_claim_may_grow_to_its_sentence_and_ids_stay_unique(project, kn23):
    w = author("kn23")
    s, e = at(kn23, "teams of North Koreans")
    first = w.add_item(s, e, "claim")
    second = w.add_item(s, e + len(" are working"), "claim")
    assert (first, second) == ("claim-teams-of-north-koreans", "claim-teams-of-north-koreans-2")
    item = w.edited_key.item(first)
    assert (item.max_start, item.max_end) == default_max(kn23, "claim", s, e)


def test_the_same_words_and_label_twice_are_refused(project, kn23):
    w = author("kn23")
    with pytest.raises(AnnotatorError, match="already a hedge item.*hedge-reportedly"):
        w.add_item(*at(kn23, "reportedly"), "hedge")
    with pytest.raises(AnnotatorError, match="nothing to mark"):
        w.add_item(*at(kn23, ", "), "claim")
    with pytest.raises(AnnotatorError, match="'opinion' is not one of this key's labels"):
        w.add_item(*at(kn23, "Telegram"), "opinion")


def test_resize_keeps_min_inside_and_max_around_the_span(project, kn23):
    w = author("kn23")
    item = w.edited_key.item("source-senior-officials")  # min "officials", max "According to…"
    s, _e = at(kn23, "senior officials in Kyiv")
    w.resize_item(item.id, s, s + len("senior officials"))
    resized = w.edited_key.item(item.id)
    assert kn23.text[resized.start:resized.end] == "senior officials"
    assert kn23.text[resized.min_start:resized.min_end] == "officials"
    assert (resized.max_start, resized.max_end) == (item.max_start, item.max_end)
    w.resize_item(item.id, *at(kn23, "senior"))
    shrunk = w.edited_key.item(item.id)
    assert (shrunk.min_start, shrunk.min_end) == (shrunk.start, shrunk.end)  # min had to go


def test_a_default_max_follows_the_span_and_the_label(project, kn23):
    w = author("kn23")
    item_id = w.add_item(*at(kn23, "teams of North Koreans"), "claim")
    s, e = at(kn23, "North Koreans are working")
    w.resize_item(item_id, s, e)
    resized = w.edited_key.item(item_id)
    assert (resized.max_start, resized.max_end) == default_max(kn23, "claim", s, e)
    w.relabel_item(item_id, "source")
    relabelled = w.edited_key.item(item_id)
    assert relabelled.label == "source"
    assert (relabelled.max_start, relabelled.max_end) == (s, e)


def test_relabel_drops_an_alternative_equal_to_the_new_label_and_stale_source_fields(project):
    w = author("kn23")
    w.relabel_item("hedge-reportedly", "source")  # a hedge that also counts as a source
    item = w.edited_key.item("hedge-reportedly")
    assert (item.label, item.alt_labels, item.source_type) == ("source", (), "implicit")
    w.relabel_item("source-senior-officials", "claim")
    item = w.edited_key.item("source-senior-officials")
    assert item.source_type is None and "interested_party" not in item.extra


def test_min_must_lie_inside_and_max_around_the_items_words(project, kn23):
    w = author("kn23")
    w.set_min("claim-engineers-sent", *at(kn23, "military engineers"))
    item = w.edited_key.item("claim-engineers-sent")
    assert kn23.text[item.min_start:item.min_end] == "military engineers"
    with pytest.raises(AnnotatorError, match="not inside the item's words"):
        w.set_min("hedge-reportedly", *at(kn23, "have reportedly"))
    with pytest.raises(AnnotatorError, match="does not contain the item's words"):
        w.set_max("hedge-reportedly", *at(kn23, "have"))
    w.set_max("hedge-reportedly", *at(kn23, "engineers have reportedly been sent"))
    item = w.edited_key.item("hedge-reportedly")
    assert kn23.text[item.max_start:item.max_end] == "engineers have reportedly been sent"
    assert item_data(w, "hedge-reportedly")["max_default"] is False


def test_reset_gives_the_default_min_and_max_back(project, kn23):
    w = author("kn23")
    w.reset_extents("source-senior-officials")
    item = w.edited_key.item("source-senior-officials")
    assert (item.min_start, item.min_end) == (item.start, item.end)
    assert (item.max_start, item.max_end) == (item.start, item.end)
    data = item_data(w, "source-senior-officials")
    assert data["min_default"] and data["max_default"]


def test_the_panels_fields_are_edited_and_validated_by_the_key_reader(project):
    w = author("kn23")
    new_id = w.update_item("hedge-according-to-1", id="hedge-according-to", required=True,
                           alt_labels=["source"], source_type="vague",
                           interested_party=True, why="  Attribution marker.  ")
    item = w.edited_key.item(new_id)
    assert (item.id, item.required, item.alt_labels, item.source_type, item.why) == (
        "hedge-according-to", True, ("source",), "vague", "Attribution marker.")
    assert item.extra["interested_party"] is True
    before = w.edited_key.items
    with pytest.raises(AnnotatorError, match="already used by another item"):
        w.update_item(new_id, id="hedge-reportedly")
    with pytest.raises(AnnotatorError, match="source_type 'gossip' is unknown"):
        w.update_item(new_id, source_type="gossip")
    with pytest.raises(AnnotatorError, match="alt_labels must list other labels"):
        w.update_item(new_id, alt_labels=["hedge"])
    with pytest.raises(AnnotatorError, match="required must be true or false"):
        w.update_item(new_id, required="yes")
    with pytest.raises(AnnotatorError, match="cannot change start"):
        w.update_item(new_id, start=0)
    assert w.edited_key.items == before


def test_unticking_source_drops_the_source_fields(project):
    w = author("kn23")
    w.update_item("hedge-reportedly", alt_labels=[])
    assert w.edited_key.item("hedge-reportedly").source_type is None


def test_accept_removes_the_draft_flag_and_reason_and_reject_deletes(drafted):
    w = author("demo")
    first, second = w.items[0]["id"], w.items[1]["id"]
    w.accept_item(first)
    assert "draft" not in w.edited_key.item(first).extra
    assert "why is still the draft's text" in w.notice
    assert item_data(w, first)["draft"] is False and item_data(w, first)["reason"] == ""
    with pytest.raises(AnnotatorError, match="not a draft"):
        w.accept_item(first)
    w.delete_item(second)
    assert second not in [item["id"] for item in w.items]
    assert w.drafts_left == len(w.items) - 1


def test_undo_and_redo_walk_through_the_edits(project, kn23_key):
    w = author("kn23")
    w.delete_item("hedge-reportedly")
    w.update_item("claim-engineers-sent", required=False)
    assert w.options["can_undo"] and not w.options["can_redo"]
    assert w.undo_edit() and w.undo_edit() and not w.undo_edit()
    assert w.edited_key.items == kn23_key.items and w.status == ""
    assert w.redo_edit()
    assert "hedge-reportedly" not in [item.id for item in w.edited_key.items]
    assert w.status == "unsaved"


def test_status_says_whether_the_shown_key_is_saved(project):
    w = author("kn23")
    assert w.status == ""
    w.update_item("hedge-reportedly", required=False)
    assert w.status == "unsaved"
    w.save()
    assert w.status == "saved"
    w.update_item("hedge-reportedly", required=True)
    assert w.status == "unsaved"
    w.undo_edit()
    assert w.status == "saved"


def test_an_edit_that_changes_nothing_is_not_an_edit(project):
    w = author("kn23")
    w.update_item("hedge-reportedly", required=True)
    assert w.status == "" and not w.options["can_undo"]


# -- messages from the browser ------------------------------------------------------------------


def test_the_browser_adds_by_token_indices_and_is_told_what_to_select(project, kn23, sent):
    w = author("kn23")
    w._on_message(w, {"type": "author", "op": "add", "view": "v1",
                      "tokens": tokens_of(kn23, "Telegram"), "label": "source"}, [])
    assert sent == [{"type": "select", "id": "source-telegram", "view": "v1"}]
    item = w.edited_key.item("source-telegram")
    assert (item.start, item.end) == at(kn23, "Telegram")


def test_every_action_of_the_panel_arrives_as_a_message(project, kn23, sent):
    w = author("kn23")

    def act(op, **data):
        w._on_message(w, {"type": "author", "op": op, "view": "v", **data}, [])
        assert w.notice == "", w.notice

    act("resize", id="hedge-reportedly", tokens=tokens_of(kn23, "have reportedly"))
    act("relabel", id="hedge-reportedly", label="claim")
    act("min", id="hedge-reportedly", tokens=tokens_of(kn23, "reportedly"))
    act("max", id="hedge-reportedly", tokens=tokens_of(kn23, "engineers have reportedly been"))
    item = w.edited_key.item("hedge-reportedly")
    assert kn23.text[item.start:item.end] == "have reportedly"
    assert kn23.text[item.min_start:item.min_end] == "reportedly"
    assert kn23.text[item.max_start:item.max_end] == "engineers have reportedly been"
    act("reset", id="hedge-reportedly")
    act("update", id="hedge-reportedly", changes={"id": "claim-have-reportedly", "why": "W"})
    assert sent[-1] == {"type": "select", "id": "claim-have-reportedly", "view": "v"}
    act("update", id="hedge-reportedly", changes={"required": False})  # sent before the rename
    assert w.edited_key.item("claim-have-reportedly").required is False
    act("delete", id="claim-have-reportedly")
    assert sent[-1] == {"type": "select", "id": None, "view": "v"}
    act("undo")
    act("redo")
    assert "claim-have-reportedly" not in [item.id for item in w.edited_key.items]
    act("save")
    assert w.status == "saved"


def test_a_refused_action_is_shown_in_the_widget_not_raised(project, kn23, sent):
    w = author("kn23")
    before = w.items
    w._on_message(w, {"type": "author", "op": "min", "id": "hedge-reportedly",
                      "tokens": tokens_of(kn23, "engineers")}, [])
    assert "is not inside the item's words" in w.notice and "hedge-reportedly.min" in w.notice
    w._on_message(w, {"type": "author", "op": "update", "id": "hedge-reportedly",
                      "changes": {"id": "claim-engineers-sent"}}, [])
    assert "already used by another item" in w.notice
    w._on_message(w, {"type": "author", "op": "add", "tokens": [5, 2], "label": "claim"}, [])
    assert "select at least one word" in w.notice
    w._on_message(w, {"type": "author", "op": "accept", "id": "no-such-item"}, [])
    assert "there is no item 'no-such-item'" in w.notice
    w._on_message(w, {"type": "author", "op": "explode"}, [])
    assert "unknown author action" in w.notice
    assert w.items == before and sent == []


def test_author_messages_are_ignored_in_student_mode(project, kn23):
    w = Annotator(kn23, student="Ada", save_dir=str(project / "subs"))
    w._on_message(w, {"type": "author", "op": "add", "tokens": [0, 1], "label": "claim"}, [])
    assert w.items == [] and w.marks == []


def test_marks_set_in_author_mode_save_no_submission(project, kn23):
    w = author("kn23")
    w.marks = [[0, 5, "claim"]]
    assert not (project / "lessons" / "submissions").exists()


# -- saving -------------------------------------------------------------------------------------


def test_a_key_the_reader_rejects_is_not_written_and_the_reason_is_shown(project, kn23_key):
    path = project / "answer_keys" / "kn23.yaml"
    before = path.read_text(encoding="utf-8")
    first = kn23_key.items[1]  # a key built in Python, with a min outside the item's span
    broken = replace(kn23_key, items=(kn23_key.items[0], replace(first, min_start=0),
                                      *kn23_key.items[2:]))
    w = Annotator(kn23_key.article, broken, mode="author", key_path=path)
    assert w.save() is None
    assert w.notice.startswith("Not saved: ") and first.id in w.notice
    assert w.status.startswith("error:")
    assert path.read_text(encoding="utf-8") == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]


def test_a_file_changed_meanwhile_is_replaced_only_by_a_second_save(project):
    w = author("kn23")
    path = project / "answer_keys" / "kn23.yaml"
    w.update_item("hedge-reportedly", why="Edited in the widget.")
    path.write_text(path.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    assert w.save() is None and "changed outside this widget" in w.notice
    assert path.read_text(encoding="utf-8").endswith("# edited by hand\n")
    assert w.save() == path
    assert load_key(path).item("hedge-reportedly").why == "Edited in the widget."


def test_a_failed_write_is_shown_not_raised(project, kn23):
    folder = project / "answer_keys" / "taken.yaml"
    folder.mkdir()
    w = author("kn23", key=str(folder))
    assert w.save() is None and "Not saved" in w.notice and w.status.startswith("error")


def test_a_saved_key_passes_annotator_validate(project, kn23, capsys):
    w = author("kn23")
    w.add_item(*at(kn23, "Telegram"), "source")
    w.update_item("source-telegram", source_type="named_organization", why="A channel.")
    path = w.save()
    assert cli(["validate", str(path)]) == 0
    assert "ok" in capsys.readouterr().out
