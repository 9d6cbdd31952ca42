"""Submission: the annotator.submission.v1 JSON a student hands in."""

from __future__ import annotations

import json

import pytest

from annotator import files, submission
from annotator.errors import AnnotatorError
from annotator.submission import (
    FORMAT,
    Mark,
    Submission,
    check_against,
    load_submission,
    parse_submission,
    save_submission,
)

REPORTEDLY = {"label": "hedge", "start": 37, "end": 47, "text": "reportedly"}


def test_the_design_example_loads(write_json, submission_data):
    sub = load_submission(write_json("s.json", submission_data([REPORTEDLY])))
    assert sub.student_id == "s-017"
    assert sub.student_name == "Ada Lovelace"
    assert sub.lesson == "kn23-hedging"
    assert sub.article_id == "kn23"
    assert sub.marks == (Mark(37, 47, "hedge", "reportedly"),)


def test_design_example_offsets_point_at_reportedly(kn23):
    assert kn23.text[37:47] == "reportedly"


def test_loaded_submission_remembers_its_path(write_json, submission_data):
    path = write_json("s.json", submission_data())
    assert load_submission(path).path == str(path)


def test_marks_are_optional(write_json, submission_data):
    data = submission_data()
    del data["marks"]
    assert load_submission(write_json("s.json", data)).marks == ()


def test_mark_text_is_optional(submission_data):
    sub = parse_submission(submission_data([{"label": "hedge", "start": 37, "end": 47}]))
    assert sub.marks[0].text is None


def test_leading_bom_is_accepted(write, submission_data):
    path = write("s.json", b"\xef\xbb\xbf" + json.dumps(submission_data()).encode("utf-8"))
    assert load_submission(path).student_id == "s-017"


# -- round trip ---------------------------------------------------------------------------


def test_save_then_load_gives_the_same_submission(tmp_path, submission_data):
    sub = parse_submission(submission_data([REPORTEDLY]))
    save_submission(sub, tmp_path / "s.json")
    assert load_submission(tmp_path / "s.json") == sub


def test_round_trip_keeps_unknown_top_level_fields(tmp_path, submission_data):
    data = submission_data([REPORTEDLY], client={"widget": "0.1", "zoom": 1.5},
                           reflection="I was unsure about 'appears'.")
    save_submission(parse_submission(data), tmp_path / "s.json")
    saved = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert saved["client"] == {"widget": "0.1", "zoom": 1.5}
    assert saved["reflection"] == "I was unsure about 'appears'."


def test_round_trip_keeps_unknown_student_and_article_fields(tmp_path, submission_data):
    data = submission_data()
    data["student"]["class"] = "7b"
    data["article"]["title"] = "KN-23"
    save_submission(parse_submission(data), tmp_path / "s.json")
    saved = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert saved["student"] == {"id": "s-017", "name": "Ada Lovelace", "class": "7b"}
    assert saved["article"]["title"] == "KN-23"


def test_saved_file_is_the_v1_format(tmp_path, submission_data):
    save_submission(parse_submission(submission_data([REPORTEDLY])), tmp_path / "s.json")
    saved = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert saved["format"] == FORMAT == "annotator.submission.v1"
    assert saved["article"]["sha256"] == submission_data()["article"]["sha256"]
    assert saved["marks"] == [REPORTEDLY]


def test_saved_file_keeps_non_ascii_text_readable(tmp_path, submission_data):
    data = submission_data()
    data["student"]["name"] = "Zoë Ångström"
    save_submission(parse_submission(data), tmp_path / "s.json")
    assert "Zoë Ångström" in (tmp_path / "s.json").read_text(encoding="utf-8")


def test_with_marks_fills_text_from_the_article_and_sorts(kn23, submission_data):
    sub = parse_submission(submission_data())
    updated = sub.with_marks([Mark(48, 52, "claim"), Mark(37, 47, "hedge")], kn23)
    assert [(m.start, m.text) for m in updated.marks] == [(37, "reportedly"), (48, "been")]
    assert updated.saved_at.endswith("Z") and updated.saved_at != sub.saved_at


# -- atomic saving ------------------------------------------------------------------------


def test_failed_save_leaves_the_previous_file_untouched(tmp_path, submission_data,
                                                        monkeypatch):
    path = tmp_path / "s.json"
    save_submission(parse_submission(submission_data([REPORTEDLY])), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_submission(parse_submission(submission_data()), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


def test_save_that_cannot_encode_leaves_the_previous_file_untouched(tmp_path, submission_data,
                                                                    monkeypatch):
    path = tmp_path / "s.json"
    save_submission(parse_submission(submission_data([REPORTEDLY])), path)
    before = path.read_bytes()

    def broken_dumps(*args, **kwargs):
        raise ValueError("cannot encode")

    monkeypatch.setattr(submission.json, "dumps", broken_dumps)
    with pytest.raises(ValueError):
        save_submission(parse_submission(submission_data()), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


def test_failure_midway_through_writing_leaves_the_previous_file(tmp_path, submission_data,
                                                                 monkeypatch):
    path = tmp_path / "s.json"
    save_submission(parse_submission(submission_data([REPORTEDLY])), path)
    before = path.read_bytes()
    real_fdopen = files.os.fdopen

    class HalfWriter:
        """Writes half the text, then the disk fails."""

        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, text):
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            raise OSError("no space left on device")

    monkeypatch.setattr(files.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    with pytest.raises(OSError, match="no space"):
        save_submission(parse_submission(submission_data()), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


# -- shape checks -------------------------------------------------------------------------


def test_unknown_fields_are_ignored_when_reading(submission_data):
    data = submission_data([{**REPORTEDLY, "colour": "red"}], future_field=[1, 2])
    assert parse_submission(data).marks == (Mark(37, 47, "hedge", "reportedly"),)


def test_boolean_offsets_are_not_numbers(submission_data):
    with pytest.raises(AnnotatorError, match="whole number"):
        parse_submission(submission_data([{"label": "hedge", "start": True, "end": 47}]))


def test_a_submission_must_be_an_object():
    with pytest.raises(AnnotatorError, match="JSON object"):
        parse_submission([1, 2, 3], "s.json")


def test_marks_must_be_a_list(submission_data):
    with pytest.raises(AnnotatorError, match="marks must be a list"):
        parse_submission(submission_data(marks=()) | {"marks": {"a": 1}})


def test_mark_without_label_is_rejected(submission_data):
    with pytest.raises(AnnotatorError, match=r"marks\[0\]\.label: label is missing"):
        parse_submission(submission_data([{"start": 1, "end": 2}]), "s.json")


def test_whitespace_student_id_counts_as_missing(submission_data):
    with pytest.raises(AnnotatorError, match="student.id"):
        parse_submission(submission_data(student={"id": "  "}))


# -- check_against: the submission must fit the article and the key -----------------------


def test_check_against_accepts_a_fitting_submission(kn23, submission_data):
    check_against(parse_submission(submission_data([REPORTEDLY])), kn23,
                  ("claim", "source", "hedge"))


def test_check_against_rejects_another_article(article, submission_data):
    other = article("A different text.")
    with pytest.raises(AnnotatorError, match="different text") as err:
        check_against(parse_submission(submission_data(), "s.json"), other, ("hedge",))
    assert err.value.field == "article.sha256"
    assert err.value.path == "s.json"


def test_check_against_rejects_offsets_past_the_end(kn23, submission_data):
    mark = {"label": "hedge", "start": len(kn23.text) - 2, "end": len(kn23.text) + 1}
    with pytest.raises(AnnotatorError, match="outside the article") as err:
        check_against(parse_submission(submission_data([mark]), "s.json"), kn23, ("hedge",))
    assert err.value.field == "marks[0]"


def test_check_against_rejects_negative_offsets(kn23, submission_data):
    mark = {"label": "hedge", "start": -3, "end": 4}
    with pytest.raises(AnnotatorError, match="outside the article"):
        check_against(parse_submission(submission_data([mark])), kn23, ("hedge",))


def test_check_against_accepts_a_mark_ending_at_the_last_character(kn23, submission_data):
    end = len(kn23.text)
    mark = {"label": "claim", "start": end - 9, "end": end}
    check_against(parse_submission(submission_data([mark])), kn23, ("claim",))


def test_check_against_rejects_a_label_the_key_does_not_define(kn23, submission_data):
    mark = {**REPORTEDLY, "label": "opinion"}
    with pytest.raises(AnnotatorError, match="'opinion' is not one of the key's labels") as err:
        check_against(parse_submission(submission_data([mark]), "s.json"), kn23,
                      ("claim", "source", "hedge"))
    assert err.value.field == "marks[0].label"


def test_check_against_rejects_text_that_has_drifted(kn23, submission_data):
    mark = {**REPORTEDLY, "start": 38, "end": 48}
    with pytest.raises(AnnotatorError, match="drifted") as err:
        check_against(parse_submission(submission_data([mark]), "s.json"), kn23, ("hedge",))
    assert err.value.field == "marks[0].text"


def test_check_against_names_the_offending_mark(kn23, submission_data):
    marks = [REPORTEDLY, {**REPORTEDLY, "label": "opinion"}]
    with pytest.raises(AnnotatorError, match=r"marks\[1\]\.label"):
        check_against(parse_submission(submission_data(marks), "s.json"), kn23, ("hedge",))


def test_submission_equality_ignores_path_and_unknown_fields(submission_data):
    a = parse_submission(submission_data(extra_field=1), "a.json")
    b = parse_submission(submission_data(), "b.json")
    assert a == b
    assert isinstance(a, Submission)


def test_a_mark_checked_once_is_still_checked_for_other_labels_and_texts(kn23, submission_data):
    """Checked marks are remembered per article and labels: the same mark must still fail
    where it does not fit, and a drifted copy of a good mark still fails."""
    good = parse_submission(submission_data([REPORTEDLY]), "good.json")
    check_against(good, kn23, ("claim", "source", "hedge"))
    check_against(good, kn23, ("claim", "source", "hedge"))
    with pytest.raises(AnnotatorError, match="not one of the key's labels") as err:
        check_against(good, kn23, ("claim", "source"))
    assert err.value.path == "good.json"
    drifted = dict(REPORTEDLY, text="Reportedly")
    with pytest.raises(AnnotatorError, match="offsets have drifted"):
        check_against(parse_submission(submission_data([REPORTEDLY, drifted])), kn23,
                      ("claim", "source", "hedge"))


def test_round_trip_keeps_unknown_mark_fields_on_the_marks_still_there(tmp_path, submission_data):
    """DESIGN §5.1: unknown fields are kept. Another tool's fields on a mark come back on save
    for as long as that mark (same offsets and label) is in the submission."""
    confident = {**REPORTEDLY, "confidence": 0.9, "note": {"by": "peer"}}
    other = {"label": "claim", "start": 0, "end": 5, "text": "North"}
    sub = parse_submission(submission_data([confident, other]))
    save_submission(sub, tmp_path / "s.json")
    saved = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert saved["marks"] == [confident, other]
    assert load_submission(tmp_path / "s.json") == sub

    kept = sub.with_marks([Mark(37, 47, "hedge")])  # the claim removed, the hedge kept
    assert kept.to_dict()["marks"] == [{"label": "hedge", "start": 37, "end": 47,
                                        "confidence": 0.9, "note": {"by": "peer"}}]
    moved = sub.with_marks([Mark(36, 47, "hedge")])  # a different mark now: its own fields
    assert moved.to_dict()["marks"] == [{"label": "hedge", "start": 36, "end": 47}]


def test_unknown_fields_are_found_on_a_mark_without_text(submission_data):
    bare = {"label": "claim", "start": 0, "end": 5, "comment": "check"}  # four fields, no text
    sub = parse_submission(submission_data([bare, REPORTEDLY]))
    assert sub.to_dict()["marks"] == [bare, REPORTEDLY]


def test_unknown_mark_fields_never_replace_known_ones(submission_data):
    sub = parse_submission(submission_data([{**REPORTEDLY, "colour": "red"}]))
    marks = sub.to_dict()["marks"]
    assert marks == [{**REPORTEDLY, "colour": "red"}]
    assert parse_submission(submission_data([REPORTEDLY])).mark_extra is None
