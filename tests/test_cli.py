"""The ``annotator`` command: validate and score. Exit status 0 ok, 1 rejected input, 2 usage."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main

REPO = Path(__file__).resolve().parent.parent
KEY = str(REPO / "answer_keys" / "kn23.yaml")
SHA = "5469dc5df8bafab94c7e705fc09a8cc8a7df434063642d90317037960fee7835"
REPORTEDLY = {"label": "hedge", "start": 37, "end": 47, "text": "reportedly"}


@pytest.fixture(autouse=True)
def elsewhere(tmp_path, monkeypatch):
    """Run every command from an empty folder, as a teacher might."""
    monkeypatch.chdir(tmp_path)


def run(capsys, *argv):
    """(exit status, stdout, stderr) of ``annotator ARGV``."""
    try:
        status = main(list(argv))
    except SystemExit as exc:  # argparse ends usage errors and --help this way
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def sub(**changes):
    data = {"format": "annotator.submission.v1", "student": {"id": "s-017"},
            "article": {"id": "kn23", "sha256": SHA}, "marks": [REPORTEDLY]}
    data.update(changes)
    return data


# -- help and usage ----------------------------------------------------------------------------


def test_help_lists_the_commands_and_exits_0(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "validate" in out and "score" in out
    assert "Exit status" in out


@pytest.mark.parametrize("command", ["validate", "score"])
def test_each_command_has_help(capsys, command):
    status, out, _ = run(capsys, command, "--help")
    assert status == 0
    assert f"usage: annotator {command}" in out


@pytest.mark.parametrize("command", ["grade", "agree", "validate", "score"])
def test_help_descriptions_are_wrapped(capsys, command):
    _, out, _ = run(capsys, command, "--help")
    description = out.split("\n\n")[1]
    assert max(map(len, description.splitlines())) <= 80, description


@pytest.mark.parametrize("command", ["validate", "score"])
def test_validate_and_score_help_show_examples(capsys, command):
    _, out, _ = run(capsys, command, "--help")
    assert "examples:" in out and f"  annotator {command} " in out


def test_validate_refuses_a_submission_given_as_the_key(capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(sub()), "utf-8")
    status, _, err = run(capsys, "validate", "--key", str(path), str(path))
    assert status == 2
    assert "--key must be an answer key (.yaml)" in err


def test_score_says_a_submission_given_as_the_key_is_not_a_key(capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(sub()), "utf-8")
    status, _, err = run(capsys, "score", str(path), "--key", str(path))
    assert status == 1
    assert f"{path}: is a student's submission, not an answer key" in err
    assert "annotator score SUBMISSION.json --key KEY.yaml" in err


@pytest.mark.parametrize("module", ["annotator", "annotator.cli"])
def test_help_works_as_a_program(module):
    done = subprocess.run([sys.executable, "-m", module, "--help"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert "usage: annotator" in done.stdout


def test_the_command_starts_before_spacy_loads():
    """The command's own Ctrl+C handling ('interrupted', exit 130) covers the seconds spaCy and
    pandas take to load: the package loads them when a command asks, not when it is imported.
    A Ctrl+C in that time used to print a traceback from the middle of an import."""
    code = ("import sys, annotator.cli, annotator; "
            "print(sorted(m for m in ('spacy', 'pandas', 'yaml') if m in sys.modules)); "
            "from annotator import Scorer, load_key, POLICIES; print(Scorer.__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "Scorer"]


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.startswith("annotator ")


def test_no_command_prints_help_and_exits_2(capsys):
    status, out, _ = run(capsys)
    assert status == 2
    assert "usage: annotator" in out


def test_validate_without_files_is_a_usage_error(capsys):
    status, _, err = run(capsys, "validate")
    assert status == 2
    assert "required: FILE" in err


def test_unknown_option_is_a_usage_error(capsys):
    status, _, err = run(capsys, "validate", "--frobnicate", "x.json")
    assert status == 2
    assert "unrecognized arguments" in err


def test_score_without_key_is_a_usage_error(capsys, write_json):
    status, _, err = run(capsys, "score", str(write_json("s.json", sub())))
    assert status == 2
    assert "--key" in err


def test_score_with_unknown_policy_is_a_usage_error(capsys, write_json):
    status, _, err = run(capsys, "score", str(write_json("s.json", sub())), "--key", KEY,
                         "--policy", "kind")
    assert status == 2
    assert "invalid choice" in err


# -- validate -------------------------------------------------------------------------------


def test_validate_good_key_and_submission_exits_0(capsys, write_json):
    path = write_json("s.json", sub())
    status, out, _ = run(capsys, "validate", KEY, str(path))
    assert status == 0
    assert f"ok    {KEY}: key for 'kn23', 56 items" in out
    assert f"ok    {path}: 1 mark by s-017, checked against key {KEY}" in out
    assert "2 valid, 0 invalid." in out


def test_validate_shows_control_characters_in_file_names_and_ids_as_escapes(capsys,
                                                                            write_json):
    """A file named "\\x1b[31mred.json" turned the teacher's terminal red."""
    data = sub()
    data["student"]["id"] = "eve\x1b]0;pwned\x07"
    path = write_json("\x1b[31mred.json", data)
    status, out, _ = run(capsys, "validate", KEY, str(path))
    assert status == 0 and "\x1b" not in out and "\x07" not in out
    assert "\\x1b[31mred.json: 1 mark by eve\\x1b]0;pwned\\x07" in out


def test_validate_checks_submissions_against_a_key_given_with_key(capsys, write_json):
    path = write_json("s.json", sub())
    status, out, _ = run(capsys, "validate", "--key", KEY, str(path))
    assert status == 0
    assert f"checked against key {KEY}" in out


def other_article_submission(write, write_json):
    """A valid submission for another article, whose seed lies beside it."""
    text = "The mayor said taxes may rise.\n"
    write("seeds/town.txt", text)
    sha = hashlib.sha256(text.encode()).hexdigest()
    return write_json("town.json", sub(article={"id": "town", "sha256": sha},
                                       marks=[{"label": "hedge", "start": 22, "end": 25}]))


def test_validate_with_a_key_rejects_a_submission_for_another_article(capsys, write, write_json):
    path = other_article_submission(write, write_json)
    status, out, _ = run(capsys, "validate", str(path))  # alone, it fits its own article
    assert status == 0
    for argv in (["--key", KEY, str(path)], [KEY, str(path)]):
        status, out, _ = run(capsys, "validate", *argv)
        assert status == 1
        assert f"error {path}, article.sha256: marks a different text" in out
        assert "than article 'kn23'" in out


def test_validate_with_several_keys_names_them_for_a_submission_of_none(
        capsys, write, write_json):
    path = other_article_submission(write, write_json)
    text = "Officials said the bridge will probably reopen.\n"
    write("seeds/city.txt", text)
    second = write("city.yaml", "format: annotator.key.v1\narticle: city\nsha256: "
                   f"{hashlib.sha256(text.encode()).hexdigest()}\nitems:\n  - id: hedge-probably"
                   "\n    label: hedge\n    quote: probably\n    why: A hedge.\n")
    status, out, _ = run(capsys, "validate", KEY, str(second), str(path))
    assert status == 1
    assert f"ok    {second}: key for 'city', 1 items" in out
    assert (f"error {path}, article.sha256: marks none of the given keys' articles (city, kn23)"
            in out)


def test_validate_without_a_key_checks_against_the_seed_article(capsys, write_json):
    status, out, _ = run(capsys, "validate", str(write_json("s.json", sub())))
    assert status == 0
    assert "checked against article" in out and "kn23.txt" in out


def test_validate_without_a_key_accepts_only_the_default_labels(capsys, write_json):
    path = write_json("s.json", sub(marks=[{**REPORTEDLY, "label": "PER"}]))
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 1
    assert "label 'PER' is not one of the key's labels" in out
    status, out, _ = run(capsys, "validate", "--any-label", str(path))
    assert status == 0


def test_validate_mix_of_good_and_bad_files_prints_every_problem(capsys, write, write_json):
    good = write_json("good.json", sub())
    bad_json = write("broken.json", '{"format": ')
    wrong_sha = write_json("other.json", sub(article={"id": "kn23", "sha256": "a" * 64}))
    drifted = write_json("drift.json", sub(marks=[{**REPORTEDLY, "start": 36, "end": 46}]))
    empty = write("empty.json", "")
    missing = Path("absent.json")
    bad_key = write("bad.yaml", "format: annotator.key.v1\narticle: kn23\nsha256: nope\n"
                                "items: []\n")
    status, out, _ = run(capsys, "validate", str(good), str(bad_json), str(wrong_sha),
                         str(drifted), str(empty), str(missing), str(bad_key))
    assert status == 1
    errors = [line for line in out.splitlines() if line.startswith("error ")]
    assert len(errors) == 6
    for path, reason in [(bad_json, "is not valid JSON"), (wrong_sha, "marks a different text"),
                         (drifted, "the offsets have drifted"), (empty, "the file is empty"),
                         (missing, "file not found"), (bad_key, "sha256 is nope")]:
        assert any(line.startswith(f"error {path}") and reason in line for line in errors), path
    assert f"ok    {good}" in out
    assert "1 valid, 6 invalid." in out


def test_validate_names_the_submission_whose_article_cannot_be_found(capsys, write_json):
    path = write_json("s.json", sub(article={"id": "kn99", "sha256": SHA}))
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 1
    assert f"error {path}, article.id: cannot find the article 'kn99'" in out


def test_validate_submission_without_article_id_and_no_key(capsys, write_json):
    path = write_json("s.json", sub(article={"sha256": SHA}))
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 1
    assert f"error {path}: article.id is missing and no key was given" in out


def test_validate_one_bad_file_does_not_stop_the_rest(capsys, write, write_json):
    files = [write("a.json", "not json"), write_json("b.json", sub()), write("c.json", "[]")]
    status, out, _ = run(capsys, "validate", *map(str, files))
    assert status == 1
    assert "1 valid, 2 invalid." in out


# -- score -----------------------------------------------------------------------------------


def test_score_prints_a_readable_report(capsys, write_json):
    status, out, _ = run(capsys, "score", str(write_json("s.json", sub())), "--key", KEY)
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "s-017 on 'kn23'"
    assert lines[1] == "3% (1 of 31 points): 1 of 31 found."
    assert "label      precision  recall     F1" in out
    assert "hedge           1.00    0.14   0.25" in out
    assert "claim            n/a    0.00   0.00" in out
    assert "[Found] hedge: You found the hedge “reportedly”." in out
    assert "[Missed] claim:" in out
    assert "(policy: standard)" in out


def test_score_hide_missed_leaves_out_missed_items(capsys, write_json):
    status, out, _ = run(capsys, "score", str(write_json("s.json", sub())), "--key", KEY,
                         "--hide-missed")
    assert status == 0
    assert "[Missed]" not in out
    assert "[Found] hedge" in out


def test_score_policy_option_is_used(capsys, write_json):
    status, out, _ = run(capsys, "score", str(write_json("s.json", sub())), "--key", KEY,
                         "--policy", "strict")
    assert status == 0
    assert "(policy: strict)" in out


def test_score_rejected_submission_exits_1_with_the_reason(capsys, write_json):
    path = write_json("s.json", sub(marks=[{**REPORTEDLY, "label": "opinion"}]))
    status, out, err = run(capsys, "score", str(path), "--key", KEY)
    assert status == 1
    assert out == ""
    assert f"error {path}, marks[0].label: label 'opinion'" in err


def test_score_with_a_bad_key_exits_1(capsys, write, write_json):
    bad = write("bad.yaml", "format: nope\n")
    status, _, err = run(capsys, "score", str(write_json("s.json", sub())), "--key", str(bad))
    assert status == 1
    assert f"error {bad}, format:" in err


@pytest.fixture()
def scored_json(capsys, write_json):
    marks = [REPORTEDLY, {"label": "claim", "start": 0, "end": 12},
             {"label": "source", "start": 150, "end": 159}]
    path = write_json("s.json", sub(marks=marks))
    status, out, _ = run(capsys, "score", str(path), "--key", KEY, "--json")
    assert status == 0
    return json.loads(out)


def test_score_json_has_the_totals(scored_json):
    assert scored_json["max_points"] == 31
    assert 0 <= scored_json["percent"] <= 100
    assert isinstance(scored_json["points"], (int, float))
    assert (scored_json["student"], scored_json["article"]) == ("s-017", "kn23")


def test_score_json_has_overall_and_per_label_figures(scored_json):
    assert set(scored_json["overall"]) >= {"precision", "recall", "f1"}
    assert set(scored_json["labels"]) == {"claim", "source", "hedge"}
    for figures in scored_json["labels"].values():
        assert set(figures) >= {"precision", "recall", "f1"}


def test_score_json_lists_every_item(scored_json):
    assert len(scored_json["items"]) == 56
    for item in scored_json["items"]:
        assert set(item) >= {"id", "label", "required", "outcome", "credit"}
    hit = next(i for i in scored_json["items"] if i["id"] == "hedge-reportedly")
    assert (hit["outcome"], hit["credit"], hit["required"]) == ("hit", 1.0, True)


def test_score_json_lists_every_mark(scored_json):
    assert len(scored_json["marks"]) == 3
    for mark in scored_json["marks"]:
        assert set(mark) >= {"label", "start", "end", "status", "item"}
    assert scored_json["marks"][0] == {**scored_json["marks"][0], "label": "claim", "start": 0,
                                       "end": 12}


def test_score_json_has_semeval_counts(scored_json):
    assert set(scored_json["semeval"]) == {"strict", "exact", "partial", "type"}
    for counts in scored_json["semeval"].values():
        assert set(counts) >= {"cor", "inc", "par", "mis", "spu", "precision", "recall", "f1"}


def test_score_json_undefined_ratios_are_null(capsys, write_json):
    status, out, _ = run(capsys, "score", str(write_json("s.json", sub(marks=[]))), "--key",
                         KEY, "--json")
    assert status == 0
    data = json.loads(out)
    assert data["overall"]["precision"] is None
    assert '"precision": null' in out


def test_validate_warns_about_a_draft_key_but_keeps_exit_0(capsys, write):
    text = Path(KEY).read_text(encoding="utf-8").replace(
        "  - id: claim-engineers-sent\n", "  - id: claim-engineers-sent\n    draft: true\n", 1)
    path = write("draft.yaml", text)
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 0
    assert (f"warn  {path}: 1 of 56 items (claim-engineers-sent) are drafts not yet reviewed."
            in out)
    assert "1 valid, 0 invalid." in out
    status, out, _ = run(capsys, "validate", KEY)
    assert "warn" not in out


@pytest.mark.parametrize(("name", "text", "says"), [
    ("kn23.yaml", "format: annotator.key.v1\n", "is an answer key"),
    ("kn23.txt", "North Korean engineers …\n", "is an article's text"),
    ("1-claims.ipynb", '{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}',
     "is a notebook, not a submission"),
])
def test_a_file_of_another_kind_given_as_a_submission_is_named_for_what_it_is(
        capsys, write, name, text, says):
    path = write(name, text)
    assert main(["score", str(path), "--key", KEY]) == 1
    err = capsys.readouterr().err
    assert says in err and "ask the student" not in err


def test_validate_without_a_key_finds_the_key_of_a_teachers_own_labels(capsys, tmp_path,
                                                                       kn23_key):
    """'label 'evidence' is not one of the key's labels (claim, source, hedge)' when no key
    was given: the key beside the article (answer_keys/<id>.yaml) now says which count, and
    without one the message says to give it."""
    import shutil

    (tmp_path / "seeds").mkdir()
    for name in ("kn23.txt", "kn23.meta.yaml"):
        shutil.copy(REPO / "seeds" / name, tmp_path / "seeds" / name)
    item = kn23_key.items[0]
    sub = tmp_path / "class" / "jo.json"
    sub.parent.mkdir()
    sub.write_text(json.dumps({
        "format": "annotator.submission.v1", "student": {"id": "jo"},
        "article": {"id": "kn23", "sha256": kn23_key.sha256},
        "marks": [{"label": "evidence", "start": item.start, "end": item.end}]}), "utf-8")
    status, out, _ = run(capsys, "validate", str(sub))
    assert status == 1
    assert (f"error {sub}, marks: label 'evidence' is not one of the news labels (claim, "
            "source, hedge), and no key was given: add --key answer_keys/kn23.yaml") in out
    beside = tmp_path / "answer_keys" / "kn23.yaml"
    beside.parent.mkdir()

    def key_beside(labels: str) -> None:
        beside.write_text(f"format: annotator.key.v1\narticle: kn23\nsha256: {kn23_key.sha256}"
                          f"\nlabels: [{labels}]\nitems: []\n", "utf-8")

    key_beside("evidence, reasoning")
    status, out, _ = run(capsys, "validate", str(sub))
    assert status == 0
    assert f"checked against key {beside} (found beside the article)" in out
    # a key beside it with other labels: the message names it
    key_beside("reasoning, conclusion")
    status, out, _ = run(capsys, "validate", str(sub))
    assert status == 1
    assert (f"(The key is {beside}, found beside the article; give --key to check against "
            "another.)") in out
