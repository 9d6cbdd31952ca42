"""The widget class and the lesson entry point, without a browser."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import annotator.widget as widget_module
from annotator.errors import AnnotatorError
from annotator.feedback import explain, hint, summary_line
from annotator.labels import label_set
from annotator.lesson import exercise, key_for_labels
from annotator.scoring import Scorer
from annotator.submission import Mark, Submission, load_submission, save_submission
from annotator.widget import Annotator, safe_id

REPO = Path(__file__).resolve().parent.parent
WIDGET = REPO / "annotator" / "widget"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A lesson folder inside a copy of the project, as the working folder of the kernel."""
    for folder in ("seeds", "answer_keys"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    monkeypatch.chdir(lessons)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr(Annotator, "remembered_name", "")
    return tmp_path


def span(article, quote: str, nth: int = 1) -> list[int]:
    return list(article.find(quote, nth))


# -- safe ids ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name, expected", [
    ("Ada Lovelace", "ada-lovelace"),
    ("Zoë O'Brien", "zoe-o-brien"),
    ("../../etc/passwd", "etc-passwd"),
    ("s_017", "s_017"),
    ("  --Bob--  ", "bob"),
    ('<img src=x onerror="alert(1)">', "img-src-x-onerror-alert-1"),
    ("C:\\Users\\eve\\x.json", "c-users-eve-x-json"),
])
def test_safe_id_keeps_only_lowercase_letters_digits_dash_and_underscore(name, expected):
    assert safe_id(name) == expected


def test_safe_id_of_a_name_without_latin_letters_is_a_stable_hash():
    assert re.fullmatch(r"s-[0-9a-f]{10}", safe_id("李雷"))
    assert safe_id("李雷") == safe_id("李雷") != safe_id("韩梅梅")
    assert safe_id("...") == safe_id("...")


@pytest.mark.parametrize(("one", "other"), [
    ("Мария 7b", "Анна 7b"), ("Anna 😀", "Anna 😎"), ("Łukasz", "Ukasz"), ("李雷 A", "韩梅梅 A")])
def test_names_that_differ_beyond_accents_and_punctuation_never_share_a_file(one, other):
    assert safe_id(one) != safe_id(other)
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", safe_id(one))
    assert safe_id(one) == safe_id(f"  {one.upper()} ")  # the same name typed again


def test_an_accent_or_punctuation_is_still_the_same_file():
    assert safe_id("Zoë Ñúñez") == safe_id("Zoe Nunez") == "zoe-nunez"
    assert safe_id("O'Brien") == safe_id("O Brien")


def test_work_saved_under_an_earlier_file_name_is_found(project, kn23):
    """Before names that lose letters got a hash, "Łukasz" saved to ukasz.json."""
    folder = Path("submissions/kn23")
    earlier = Submission(student_id="ukasz", article_sha256=kn23.sha256, student_name="Łukasz",
                         marks=(Mark(*span(kn23, "reportedly"), "hedge", "reportedly"),))
    save_submission(earlier, folder / "ukasz.json")
    assert safe_id("Łukasz") != "ukasz"
    w = exercise("kn23", student="Łukasz")
    assert w.marks == [[*span(kn23, "reportedly"), "hedge"]] and w.student_id == "ukasz"
    other = exercise("kn23", student="Ukasz")  # another student: the file is not theirs,
    assert other.student_id != "ukasz" and other.marks == []  # so they get one of their own
    assert "saved as “Łukasz”" in other.notice  # and are told whose work that one is
    other._on_message(other, {"type": "student", "name": "Łukasz"}, [])  # the right name
    assert other.notice == ""  # what was said about the other name is not said again


def test_work_found_under_a_name_says_whose_it_may_be(project, kn23, monkeypatch):
    """Two students called Sam Lee in a shared folder shared one file without a word. Work
    this kernel has not seen (another day, or another Sam's) now comes with a welcome that
    says what to do if it is not yours; the same student running the cell again is not told."""
    import dataclasses

    from annotator import widget

    first = exercise("kn23", student="Sam Lee")
    first.marks = [[*span(kn23, "reportedly"), "hedge"], [*span(kn23, "appears"), "hedge"]]
    assert exercise("kn23", student="Sam Lee").welcome == ""  # the cell run again
    monkeypatch.setattr(widget, "_FILES_SEEN", set())  # another kernel: the other Sam's
    second = exercise("kn23", student="sam lee")
    assert len(second.marks) == 2
    assert second.notice == "" and second.welcome == (
        "Welcome back: the 2 marks saved under this name are here. Not yours? Then someone "
        "with the same name saved work here: press “not you?” and type your name with your "
        "surname or an initial.")
    assert exercise("kn23", student="Kim Wu").welcome == ""  # nothing saved: nothing to say
    # "sam lee" typed the next time does not take the capitals off; "Sam Lee" puts them back
    second.marks = second.marks + [[*span(kn23, "significant"), "hedge"]]
    assert load_submission(second._path).student_name == "Sam Lee"
    save_submission(dataclasses.replace(load_submission(second._path), student_name="sam lee"),
                    second._path)
    third = exercise("kn23", student="Sam  Lee")
    third.marks = third.marks[:1]
    assert load_submission(third._path).student_name == "Sam Lee"
    second.marks = second.marks[:1]
    monkeypatch.setattr(widget, "_FILES_SEEN", set())
    assert exercise("kn23", student="Sam Lee").welcome.startswith(
        "Welcome back: the 1 mark saved under this name is here.")


def test_two_students_whose_names_differ_only_in_letters_a_file_name_drops(project, kn23):
    maria = exercise("kn23", student="Мария 7b")
    maria.marks = [[*span(kn23, "reportedly"), "hedge"]]
    anna = exercise("kn23", student="Анна 7b")
    assert anna.marks == [] and anna.save_path != maria.save_path


def test_the_same_lesson_open_twice_loses_no_mark_whichever_saves_last(project, kn23):
    """Two widgets of one lesson, each with its own kernel (two copies of the notebook), or
    not told of each other's saves: whichever saves puts the file and its changes together."""
    a = exercise("kn23", student="Dee")
    one, two, three = ([*span(kn23, q), "hedge"] for q in ("reportedly", "appears", "suggest"))
    a.marks = [one]
    b = exercise("kn23", student="Dee")  # the second tab opens with what the first saved
    Annotator._live.discard(a)  # as in two kernels: neither hears of the other's saves
    Annotator._live.discard(b)
    a.marks = [one, two]
    b.marks = [*b.marks, three]  # saved last: the first tab's mark must survive it
    path = Path(a.save_path)
    assert {m.text for m in load_submission(path).marks} == {"reportedly", "appears", "suggest"}
    assert sorted(b.marks) == sorted([one, two, three]) and "put together" in b.notice
    a.marks = [two]  # a mark removed in the first tab stays removed
    assert {m.text for m in load_submission(path).marks} == {"appears", "suggest"}
    assert sorted(a.marks) == sorted([two, three])
    b.check()  # Check scores what is in the file, which the teacher will grade
    assert sorted(b.marks) == sorted([two, three])
    assert {n["quote"] for n in b.feedback["notes"] if n["kind"] == "hit"} >= {"appears"}


def test_safe_id_is_never_longer_than_64():
    assert len(safe_id("x" * 500)) == 64
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", safe_id("a" + "-" * 100 + "b"))


# -- exercise() -------------------------------------------------------------------------------


def test_exercise_finds_article_and_key_and_saves_under_the_lesson(project, kn23):
    w = exercise("kn23", labels=["claim"], lesson="kn23-claims", student="Ada Lovelace")
    assert isinstance(w, Annotator)
    assert w.article["sha256"] == kn23.sha256
    assert [label["name"] for label in w.labels] == ["claim"]
    assert w.options == {"can_check": True, "hints": True, "reveal_missed": True,
                         "draft_key": False, "fixed_student": False}
    assert (w.student, w.student_id, w.lesson) == ("Ada Lovelace", "ada-lovelace", "kn23-claims")
    assert w.save_path == str(Path("submissions") / "kn23-claims" / "ada-lovelace.json")
    assert w.status == "" and w.marks == []


def test_exercise_defaults_lesson_to_article_and_labels_to_the_key(project):
    w = exercise("kn23", student="s1")
    assert w.lesson == "kn23"
    assert [label["name"] for label in w.labels] == ["claim", "source", "hedge"]
    assert [label["hotkey"] for label in w.labels] == ["c", "s", "h"]


def test_exercise_reduces_the_key_to_the_lessons_labels(project, kn23_key):
    w = exercise("kn23", labels=["hedge"], student="s1")
    assert {item.label for item in w._key.items} == {"hedge"}
    reportedly = w._key.item("hedge-reportedly")
    assert kn23_key.item("hedge-reportedly").alt_labels == ("source",)
    assert reportedly.alt_labels == ()


def test_key_for_labels_rejects_a_label_the_key_does_not_have(kn23_key):
    with pytest.raises(AnnotatorError, match="'opinion'"):
        key_for_labels(kn23_key, ["claim", "opinion"])


def test_exercise_student_precedence_argument_then_hub_user_then_name_field(project,
                                                                             monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-user")
    assert exercise("kn23", student="Given").student == "Given"
    assert exercise("kn23").student_id == "hub-user"
    monkeypatch.delenv("JUPYTERHUB_USER")
    w = exercise("kn23")
    assert (w.student, w.student_id, w.save_path) == ("", "", "")


def test_exercise_options_follow_the_lesson(project):
    w = exercise("kn23", student="s1", reveal_missed=False, hints=False)
    assert w.options == {"can_check": True, "hints": False, "reveal_missed": False,
                         "draft_key": False, "fixed_student": False}


def test_exercise_without_a_key_has_no_check_or_hint(project):
    (project / "seeds" / "nokey.txt").write_text("Officials said it may rain.\n")
    w = exercise("nokey", student="s1")
    assert w.options["can_check"] is False and w.options["hints"] is False
    assert [label["name"] for label in w.labels] == ["claim", "source", "hedge"]
    assert w.check() is None and "no answer key" in w.notice


def test_exercise_with_a_missing_key_path_fails_loudly(project):
    with pytest.raises(AnnotatorError, match="answer key not found"):
        exercise("kn23", key="answer_keys/nope.yaml", student="s1")


def test_exercise_with_an_unknown_article_fails_loudly(project):
    with pytest.raises(AnnotatorError, match="cannot find the article"):
        exercise("no-such-article", student="s1")


def test_exercise_save_dir_overrides_the_folder(project, tmp_path):
    w = exercise("kn23", student="s1", save_dir=str(tmp_path / "elsewhere"))
    w.marks = [[0, 5, "claim"]]
    assert (tmp_path / "elsewhere" / "s1.json").is_file()


# -- marks and saving -------------------------------------------------------------------------


def test_marks_are_snapped_deduplicated_and_saved_at_once(project, kn23):
    w = exercise("kn23", lesson="L", student="Ada")
    s, e = span(kn23, "reportedly")
    w.marks = [[s - 1, e + 1, "hedge"], [s, e, "hedge"], [0, 2, "claim"], [5, 9, "opinion"],
               [142, 143, "claim"]]
    # widened to whole tokens, duplicates, unknown labels and bare punctuation dropped
    assert w.marks == [[s, e, "hedge"], [0, 5, "claim"]]
    assert w.status == "saved"
    saved = load_submission(Path("submissions/l/ada.json"))
    assert saved.article_sha256 == kn23.sha256 and saved.lesson == "L"
    assert [(m.start, m.end, m.label, m.text) for m in saved.marks] == [
        (0, 5, "claim", "North"), (s, e, "hedge", "reportedly")]
    assert not list(Path("submissions/l").glob(".*"))


def test_offsets_are_python_code_points_for_astral_text(project):
    text = "\ufeffOfficials 👩\u200d🔬 said the 🚀 launch\r\nmay have failed.\r\n"
    (project / "seeds" / "astral.txt").write_bytes(text.encode("utf-8"))
    w = exercise("astral", student="s1")
    tokens = w.article["tokens"]
    launch = next(t for t in tokens if t[2] == "launch")
    art_text = text.lstrip("\ufeff").replace("\r\n", "\n")
    assert art_text[launch[0]:launch[1]] == "launch"
    w.marks = [[launch[0], launch[1], "claim"]]
    assert load_submission(Path(w.save_path)).marks[0].text == "launch"


def test_work_is_loaded_back_when_the_widget_is_made_again(project, kn23):
    first = exercise("kn23", student="Ada")
    first.marks = [[*span(kn23, "reportedly"), "hedge"]]
    again = exercise("kn23", student="Ada")
    assert again.marks == first.marks
    assert again.status == "saved"
    assert json.loads(Path(again.save_path).read_text())["student"]["name"] == "Ada"


def test_marks_of_other_labels_are_kept_in_the_file(project, kn23):
    full = exercise("kn23", lesson="same", student="Ada")
    full.marks = [[*span(kn23, "officials"), "source"], [*span(kn23, "reportedly"), "hedge"]]
    hedges = exercise("kn23", lesson="same", labels=["hedge"], student="Ada")
    assert hedges.marks == [[*span(kn23, "reportedly"), "hedge"]]
    hedges.marks = []
    saved = load_submission(Path(hedges.save_path))
    assert [(m.label, m.text) for m in saved.marks] == [("source", "officials")]


def test_another_tools_fields_on_a_mark_survive_the_students_next_save(project, kn23):
    first = exercise("kn23", student="Ada")
    first.marks = [[*span(kn23, "reportedly"), "hedge"]]
    path = Path(first.save_path)
    data = json.loads(path.read_text())
    data["marks"][0]["peer_review"] = {"agree": True}
    path.write_text(json.dumps(data))
    again = exercise("kn23", student="Ada")
    again.marks = [*again.marks, [*span(kn23, "officials"), "source"]]
    saved = {m["label"]: m for m in json.loads(path.read_text())["marks"]}
    assert saved["hedge"]["peer_review"] == {"agree": True}
    assert "peer_review" not in saved["source"]


def test_an_unreadable_earlier_file_is_set_aside_not_lost(project):
    folder = Path("submissions/kn23")
    folder.mkdir(parents=True)
    (folder / "ada.json").write_text("{broken")
    w = exercise("kn23", student="Ada")
    assert w.marks == [] and "could not be used" in w.notice
    kept = list(folder.glob("ada.json.unusable-*"))
    assert [p.read_text() for p in kept] == ["{broken"]


def test_a_file_for_another_version_of_the_article_is_set_aside(project, kn23):
    folder = Path("submissions/kn23")
    other = Submission(student_id="ada", article_sha256="0" * 64, marks=(Mark(0, 5, "claim"),))
    save_submission(other, folder / "ada.json")
    w = exercise("kn23", student="Ada")
    assert w.marks == [] and "different version" in w.notice
    assert len(list(folder.glob("ada.json.unusable-*"))) == 1


def test_without_a_student_nothing_is_saved_until_a_name_is_given(project, kn23):
    w = exercise("kn23")
    w.marks = [[*span(kn23, "reportedly"), "hedge"]]
    assert w.status.startswith("error: type your name")
    assert not Path("submissions").exists()
    w._on_message(w, {"type": "student", "name": "  Zoë   O'Brien "}, [])
    assert (w.student, w.student_id) == ("Zoë O'Brien", "zoe-o-brien")
    assert Annotator.remembered_name == "Zoë O'Brien"
    assert w.marks == []  # a fresh start: that student had no file yet
    w.marks = [[*span(kn23, "reportedly"), "hedge"]]
    assert Path("submissions/kn23/zoe-o-brien.json").is_file()
    again = exercise("kn23")  # re-running the cell offers the name, and opens nothing yet
    assert (again.student, again.offered_name, again.marks) == ("", "Zoë O'Brien", [])


def test_another_student_at_the_same_computer_gets_their_own_file_and_no_old_check(
        project, kn23):
    w = exercise("kn23", student="Ada")
    w.marks = [[*span(kn23, "reportedly"), "hedge"]]
    w.check()
    w.hint()
    assert w.feedback and w.hints
    w._on_message(w, {"type": "student", "name": "Bob"}, [])  # "not you?" in the widget
    assert (w.student, w.marks, w.feedback, w.hints) == ("Bob", [], {}, [])
    w.marks = [[*span(kn23, "appears"), "hedge"]]
    assert load_submission("submissions/kn23/ada.json").marks[0].text == "reportedly"
    assert load_submission("submissions/kn23/bob.json").marks[0].text == "appears"
    w._on_message(w, {"type": "student", "name": "ada"}, [])  # back again: Ada's work
    assert w.marks == [[*span(kn23, "reportedly"), "hedge"]]


def test_a_typo_put_right_in_the_name_offers_to_bring_the_marks_along(project, kn23):
    """'Ada Lovelcae' marks, then puts her name right: her marks stayed in the misspelt file
    (a second student for her teacher) and she saw none. The widget offers to bring them;
    after she says yes, one file holds them."""
    w = exercise("kn23")
    w._on_message(w, {"type": "student", "name": "Ada Lovelcae"}, [])
    w.marks = [[*span(kn23, "reportedly"), "hedge"], [*span(kn23, "appears"), "hedge"]]
    w._on_message(w, {"type": "student", "name": "Ada Lovelace"}, [])
    assert w.marks == [] and w.offer == {"from": "Ada Lovelcae", "count": 2,
                                         "file": "ada-lovelcae.json"}
    w.marks = [[*span(kn23, "suggest"), "hedge"]]  # marks made before saying yes are kept
    w._on_message(w, {"type": "bring"}, [])
    assert w.offer == {} and w.status == "saved"
    assert sorted(m.text for m in load_submission("submissions/kn23/ada-lovelace.json").marks) \
        == ["appears", "reportedly", "suggest"]
    assert not Path("submissions/kn23/ada-lovelcae.json").exists()
    assert "now saved as “Ada Lovelace”" in w.notice and "ada-lovelcae.json is gone" in w.notice


def test_no_offer_to_bring_another_students_marks(project, kn23):
    """Ben after Ada, a name that is not a typo of hers, or a name whose file has marks of its
    own: nothing is offered."""
    w = exercise("kn23")
    w._on_message(w, {"type": "student", "name": "Ada Lovelace"}, [])
    w.marks = [[*span(kn23, "reportedly"), "hedge"]]
    w._on_message(w, {"type": "student", "name": "Ben Smith"}, [])
    assert w.offer == {}
    w.marks = [[*span(kn23, "appears"), "hedge"]]
    w._on_message(w, {"type": "student", "name": "Ada Lovelace"}, [])
    assert w.offer == {}  # back to a file with marks: hers
    w._on_message(w, {"type": "bring"}, [])  # a stray message changes nothing
    assert load_submission("submissions/kn23/ben-smith.json").marks[0].text == "appears"


def test_marks_changed_since_the_offer_are_left_where_they_are(project, kn23):
    w = exercise("kn23")
    w._on_message(w, {"type": "student", "name": "Ada Lovelcae"}, [])
    w.marks = [[*span(kn23, "reportedly"), "hedge"]]
    w._on_message(w, {"type": "student", "name": "Ada Lovelace"}, [])
    other = exercise("kn23", student="Ada Lovelcae")  # another tab, still the misspelt name
    other.marks = [*other.marks, [*span(kn23, "appears"), "hedge"]]
    w._on_message(w, {"type": "bring"}, [])
    assert w.marks == [] and "changed meanwhile" in w.notice
    assert len(load_submission("submissions/kn23/ada-lovelcae.json").marks) == 2


def test_an_empty_name_is_refused(project):
    w = exercise("kn23")
    w._on_message(w, {"type": "student", "name": "   "}, [])
    assert w.student == "" and "Type your name" in w.notice


def test_a_failed_save_is_shown_not_hidden(project, kn23, monkeypatch):
    w = exercise("kn23", student="Ada")

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("annotator.widget.save_submission", refuse)
    w.marks = [[*span(kn23, "reportedly"), "hedge"]]
    assert w.status.startswith("error: could not save") and "Permission denied" in w.status
    assert str(w._path) in w.status  # the whole path, for the teacher to find the folder


def test_a_remembered_name_is_only_offered_a_given_student_or_hub_login_is_used(
        project, kn23, monkeypatch):
    w = exercise("kn23")
    w._on_message(w, {"type": "student", "name": "Ada Lovelace"}, [])
    w.marks = [[*span(kn23, "reportedly"), "hedge"]]
    ben = exercise("kn23")  # the next student at a shared laptop, same kernel
    assert (ben.student, ben._path, ben.offered_name) == ("", None, "Ada Lovelace")
    ben.marks = [[*span(kn23, "appears"), "hedge"]]  # nothing lands in Ada's file
    assert [m.text for m in load_submission("submissions/kn23/ada-lovelace.json").marks] == [
        "reportedly"]
    given = exercise("kn23", student="Cy")
    assert (given.student, given.offered_name) == ("Cy", "")
    monkeypatch.setenv("JUPYTERHUB_USER", "dee")
    hub = exercise("kn23")
    assert (hub.student, hub.offered_name) == ("dee", "")


def test_a_failed_save_is_tried_again_when_the_view_asks(project, kn23, monkeypatch):
    w = exercise("kn23", student="Ada")
    real = __import__("annotator.widget", fromlist=["save_submission"]).save_submission

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("annotator.widget.save_submission", refuse)
    w.marks = [[*span(kn23, "reportedly"), "hedge"]]
    failed = w.status
    assert failed.startswith("error: could not save") and "tried again" in failed
    statuses = []
    w.observe(lambda change: statuses.append(change["new"]), "status")
    w._on_message(w, {"type": "save"}, [])  # still failing: nothing new to say
    assert w.status == failed and statuses == []
    monkeypatch.setattr("annotator.widget.save_submission", real)
    w._on_message(w, {"type": "save"}, [])
    assert w.status == "saved" and w.saved_marks == w.marks
    assert [m.text for m in load_submission("submissions/kn23/ada.json").marks] == ["reportedly"]
    w._on_message(w, {"type": "save"}, [])  # saved: a late retry writes nothing
    assert statuses == ["saved"]


def test_saved_at_is_the_files_own_time(project, kn23):
    w = exercise("kn23", student="Ada")
    assert w.saved_at == ""
    w.marks = [[*span(kn23, "reportedly"), "hedge"]]
    path = Path("submissions/kn23/ada.json")
    assert w.saved_at == load_submission(path).saved_at != ""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["saved_at"] = "2026-11-26T17:03:00Z"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert exercise("kn23", student="Ada").saved_at == "2026-11-26T17:03:00Z"
    del data["saved_at"]  # a file another tool wrote: the time it was last changed
    path.write_text(json.dumps(data), encoding="utf-8")
    assert exercise("kn23", student="Ada").saved_at.endswith("Z")


def test_widgets_of_one_file_in_one_kernel_show_each_others_saves_at_once(project, kn23):
    a, b = exercise("kn23", student="Ada"), exercise("kn23", student="Ada")
    other = exercise("kn23", student="Ben")
    one, two = [*span(kn23, "reportedly"), "hedge"], [*span(kn23, "appears"), "hedge"]
    a.marks = [one]
    assert b.marks == [one] and b.saved_marks == [one] and b.status == "saved"
    assert "put together" in b.notice and b.saved_at == a.saved_at
    assert other.marks == []
    b.marks = [one, two]
    assert sorted(a.marks) == sorted([one, two]) and a.saved_marks == a.marks


def test_a_widget_left_from_before_the_cell_ran_again_never_writes_its_failed_changes(
        project, kn23, monkeypatch):
    """Ada's save of B failed; she ran the lesson again (the old widget lives on in the
    kernel, its view gone), got B put back, and took it out. When the folder was mended, the
    new widget saved [A], and the old one, told of it, wrote its B back in."""
    a, b = [*span(kn23, "reportedly"), "hedge"], [*span(kn23, "appears"), "hedge"]
    old = exercise("kn23", student="Ada")
    old.marks = [a]
    real_save = widget_module.save_submission

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(widget_module, "save_submission", refuse)
    old.marks = [a, b]
    assert old.status.startswith("error: could not save")
    new = exercise("kn23", student="Ada")  # the cell run again
    new.marks = [a, b]  # B put back from the browser's copy ...
    new.marks = [a]  # ... and taken out by Ada
    monkeypatch.setattr(widget_module, "save_submission", real_save)
    new.retry_save()
    assert new.status == "saved"
    assert [m.text for m in load_submission("submissions/kn23/ada.json").marks] == \
        ["reportedly"]


# -- check and hint ---------------------------------------------------------------------------


def test_check_reports_what_the_scorer_and_feedback_modules_say(project, kn23, kn23_key):
    w = exercise("kn23", student="Ada")
    item = kn23_key.item("claim-engineers-sent")
    w.marks = [[item.start, item.end, "claim"], [*span(kn23, "Telegram"), "hedge"]]
    result = w.check()
    expected = Scorer(kn23_key).score(w.current_marks())
    assert result == expected
    assert w.feedback["summary"] == summary_line(expected)
    assert w.feedback["notes"] == [n.to_dict() for n in explain(expected, kn23_key)]
    assert [row["label"] for row in w.feedback["labels"]] == ["claim", "source", "hedge"]
    assert w.feedback["overall"]["recall"] == expected.overall.recall
    assert w.feedback["stale"] is False
    w.marks = []
    assert w.feedback["stale"] is True


def test_check_hides_missed_items_when_the_lesson_says_so(project, kn23_key):
    w = exercise("kn23", student="Ada", reveal_missed=False)
    w.check()
    assert all(note["kind"] != "missed" for note in w.feedback["notes"])


def test_check_twice_is_a_new_feedback_each_time(project):
    w = exercise("kn23", student="Ada")
    w.check()
    first = w.feedback["run"]
    w.check()
    assert w.feedback["run"] == first + 1


def test_hints_reveal_missed_sentences_one_at_a_time(project, kn23, kn23_key):
    w = exercise("kn23", student="Ada")
    result = Scorer(kn23_key).score([])
    first, second = w.hint(), w.hint()
    assert (first["start"], first["end"]) == (hint(result, kn23_key)["start"],
                                             hint(result, kn23_key)["end"])
    assert first["quote"] == kn23.text[first["start"]:first["end"]]
    assert (second["start"], second["end"], second["label"]) != (
        first["start"], first["end"], first["label"])
    assert w.hints == [first, second]


def test_no_hint_when_every_required_item_is_marked(project, kn23_key):
    w = exercise("kn23", student="Ada", labels=["hedge"])
    w.marks = [[i.start, i.end, i.label] for i in key_for_labels(kn23_key, ["hedge"]).items
               if i.required]
    assert w.hint() is None and "No hints left" in w.notice


def test_a_second_no_hints_left_is_still_an_answer_to_the_view(project, kn23_key):
    """The view waits for a change of notice after Hint: the same message again must be one."""
    w = exercise("kn23", student="Ada", labels=["hedge"])
    w.marks = [[i.start, i.end, i.label] for i in key_for_labels(kn23_key, ["hedge"]).items
               if i.required]
    said = []
    w.observe(lambda change: said.append(change["new"]), names="notice")
    w.hint()
    w.hint()
    assert [n for n in said if n].count(w.notice) == 2 and "No hints left" in w.notice


def test_hints_off_means_no_hint(project):
    w = exercise("kn23", student="Ada", hints=False)
    assert w.hint() is None and w.hints == []


def test_messages_from_the_browser_run_check_and_hint(project):
    w = exercise("kn23", student="Ada")
    w._on_message(w, {"type": "check"}, [])
    w._on_message(w, {"type": "hint"}, [])
    w._on_message(w, {"type": "nonsense"}, [])
    w._on_message(w, "not a dict", [])
    assert w.feedback["summary"] and len(w.hints) == 1


# -- what goes to the browser -----------------------------------------------------------------


def test_a_key_with_drafted_items_is_flagged_to_the_student(project, kn23):
    key = project / "answer_keys" / "kn23.yaml"
    text = key.read_text(encoding="utf-8")
    key.write_text(text.replace("    required: true\n", "    required: true\n    draft: true\n", 1),
                   encoding="utf-8")
    assert exercise("kn23", student="Ada").options["draft_key"] is True
    assert exercise("kn23", student="Ada", labels=["claim"]).options["draft_key"] is True
    assert exercise("kn23", student="Ada", labels=["hedge"]).options["draft_key"] is False


def test_a_reviewed_key_is_not_flagged(project):
    assert exercise("kn23", student="Ada").options["draft_key"] is False


def test_the_article_payload_carries_tokens_and_punctuation_flags(project, kn23):
    w = exercise("kn23", student="Ada")
    assert w.article["tokens"] == [[s, e, kn23.text[s:e]] for s, e in kn23.tokens]
    assert w.article["punct"] == list(kn23.token_is_punct)
    assert len(w.article["paragraphs"]) == len(kn23.paragraphs)


def test_js_and_css_are_real_files_next_to_the_module():
    assert (WIDGET / "widget.js").is_file() and (WIDGET / "widget.css").is_file()
    assert "export default" in (WIDGET / "widget.js").read_text()


def test_the_js_never_inserts_data_as_html():
    source = (WIDGET / "widget.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function"):
        assert sink not in source, sink


def test_the_js_suppresses_jupyterlab_shortcuts():
    assert "data-lm-suppress-shortcuts" in (WIDGET / "widget.js").read_text()


def test_two_hub_logins_that_differ_in_punctuation_keep_two_files_and_their_own_ids(
        project, monkeypatch):
    """JupyterHub accounts "ada.lovelace" and "ada-lovelace" are two students: each file says
    its login as it is (a roster's SIS Login ID and nbgrader's folder name find it), and
    the two never share a file, even copied into one folder."""
    from annotator.names import login_file_id

    assert login_file_id("jsmith") == "jsmith" and login_file_id("Hub-Ada") == "hub-ada"
    assert login_file_id("ada.lovelace") != login_file_id("ada-lovelace") == "ada-lovelace"
    assert re.fullmatch(r"ada-lovelace-school-edu-[0-9a-f]{6}",
                        login_file_id("ada.lovelace@school.edu"))
    saved = {}
    for login in ("ada.lovelace", "ada-lovelace"):
        monkeypatch.setenv("JUPYTERHUB_USER", login)
        w = exercise("kn23")
        w.marks = [[*span(w._article, "reportedly"), "hedge"]]
        saved[login] = load_submission(w._path)
    assert {s.student_id for s in saved.values()} == {"ada.lovelace", "ada-lovelace"}
    assert len({s.path for s in saved.values()}) == 2


def test_a_hub_login_finds_work_an_earlier_version_saved_under_its_safe_id(project,
                                                                            monkeypatch):
    folder = project / "lessons" / "submissions" / "kn23"
    folder.mkdir(parents=True)
    w = exercise("kn23", student="ada.lovelace")  # as the earlier version named the file
    w.marks = [[*span(w._article, "reportedly"), "hedge"]]
    assert w._path.name == "ada-lovelace.json"
    monkeypatch.setenv("JUPYTERHUB_USER", "ada.lovelace")
    again = exercise("kn23")
    assert again._path.name == "ada-lovelace.json" and again.marks == w.marks
    # the file says the login at once, changed or not (a file handed in unchanged after the
    # upgrade would otherwise still say "ada-lovelace": another student's login)
    assert load_submission(again._path).student_id == "ada.lovelace"
    assert [[m.start, m.end, m.label] for m in load_submission(again._path).marks] == w.marks


def test_a_hub_login_never_opens_another_logins_file(project, monkeypatch):
    """In a shared folder, "ada-lovelace.json" may be the work "ada.lovelace" saved with an
    earlier version: the login "ada-lovelace" must neither load it nor write over it."""
    w = exercise("kn23", student="ada.lovelace")  # as the earlier version named the file
    w.marks = [[*span(w._article, "reportedly"), "hedge"]]
    theirs = w._path.read_bytes()
    monkeypatch.setenv("JUPYTERHUB_USER", "ada-lovelace")
    adam = exercise("kn23")
    assert adam.marks == [] and adam._path.name != "ada-lovelace.json"
    adam.marks = [[*span(adam._article, "appears"), "hedge"]]
    assert w._path.read_bytes() == theirs
    assert load_submission(adam._path).student_id == "ada-lovelace"
    assert exercise("kn23")._path == adam._path  # the same coded file next time


def test_a_hub_login_cannot_be_swapped_for_another_name(project, monkeypatch):
    """On JupyterHub the login is who this is: no "not you?" (a student typing a classmate's
    name saved work as them, in their own folder), and a name sent anyway is ignored."""
    monkeypatch.setenv("JUPYTERHUB_USER", "stu3")
    w = exercise("kn23")
    assert w.options["fixed_student"] is True
    w._on_message(w, {"type": "student", "name": "stu1"}, [])
    assert (w.student, w.student_id) == ("stu3", "stu3")
    assert exercise("kn23", student="Given").options["fixed_student"] is False


# -- the label set: looks for a teacher's own labels ------------------------------------------

NEWS = ("claim", "source", "hedge")


def _contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    def lum(colour: str) -> float:
        channels = [int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((lum(one), lum(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("count", [6, 8])
def test_each_of_many_custom_labels_gets_a_colour_and_pattern_of_its_own(count):
    labels = label_set([f"label{n}" for n in range(count)])
    looks = [(label.colour, label.pattern) for label in labels]
    assert len(set(looks)) == count, looks


def test_a_colour_used_again_comes_with_another_pattern():
    labels = label_set([f"label{n}" for n in range(10)])
    for colour in {label.colour for label in labels}:
        patterns = [label.pattern for label in labels if label.colour == colour]
        assert len(set(patterns)) == len(patterns), (colour, patterns)


def test_custom_labels_beside_news_labels_never_look_like_one():
    """A sky-blue solid beside claim's blue solid, or a wavy beside hedge's, reads as that
    label: a custom label takes neither a news label's look nor its colour nor its pattern,
    and the news labels keep their own looks."""
    news_looks = {label.name: label for label in label_set(list(NEWS))}
    for news in (NEWS, ("claim",), ("hedge",), ("source", "hedge")):
        for count in (1, 3, 5):
            customs = [f"mine{n}" for n in range(count)]
            labels = {label.name: label for label in label_set([*customs[:1], *news,
                                                                   *customs[1:]])}
            for name in news:
                assert labels[name] == news_looks[name]
            custom_looks = [(labels[n].colour, labels[n].pattern) for n in customs]
            assert len(set(custom_looks)) == count
            for colour, pattern in custom_looks:
                assert colour not in {labels[n].colour for n in news}
                assert pattern not in {labels[n].pattern for n in news}, (colour, pattern, news)


def test_every_label_colour_reads_at_3_to_1_on_white_and_on_jupyterlab_dark():
    """WCAG non-text contrast for the underline: white (Light, the reports) and JupyterLab
    Dark's #111111 and #212121 (the widget's paper there)."""
    for label in label_set([*NEWS, *(f"mine{n}" for n in range(10))]):
        for paper in ("#ffffff", "#111111", "#212121"):
            assert _contrast(label.colour, paper) >= 3, (label.name, label.colour, paper)


def test_a_tag_longer_than_12_characters_is_cut_with_an_ellipsis():
    names = ["counter-argument", "generalisations", "twelve-chars", "opinion"]
    assert [label.tag for label in label_set(names)] == [
        "COUNTER-ARG…", "GENERALISAT…", "TWELVE-CHARS", "OPINION"]
