"""Every malformed input yields one clear message that names the file and the field or item."""

from __future__ import annotations

import json

import pytest

from annotator.errors import AnnotatorError
from annotator.key import load_key
from annotator.submission import check_against, load_submission

SHA = "5469dc5df8bafab94c7e705fc09a8cc8a7df434063642d90317037960fee7835"
ARTICLE_LENGTH = 2484  # code points (the file has 2496 bytes)


def submission(*marks, **changes) -> str:
    data = {"format": "annotator.submission.v1", "student": {"id": "s-017"},
            "article": {"id": "kn23", "sha256": SHA}, "marks": list(marks)}
    for dotted, value in changes.items():
        *parents, name = dotted.split("__")
        target = data
        for parent in parents:
            target = target[parent]
        if value is DELETE:
            del target[name]
        else:
            target[name] = value
    return json.dumps(data, ensure_ascii=False)


DELETE = object()
GOOD_MARK = {"label": "hedge", "start": 37, "end": 47, "text": "reportedly"}

# (case, file content, expected message fragment, field named in the message or None)
BAD_SUBMISSIONS = [
    ("bad JSON", '{"format": "annotator.submission.v1", "student": ',
     "is not valid JSON (line 1", None),
    ("truncated JSON", submission(GOOD_MARK)[:-20], "is not valid JSON", None),
    ("line break inside a string", '{"format": "annotator.submission.v1", "student": "a\nb"}',
     "(line 1, column 52: Invalid control character). The file", None),
    ("unterminated string", '{"format": "annotator.submission.v1", "student": "ab',
     "(line 1, column 50: Unterminated string). The file", None),
    ("JSON that is not an object", "[1, 2, 3]", "must be a JSON object", None),
    ("wrong format tag", submission(format="annotator.submission.v0"),
     "expected 'annotator.submission.v1'", "format"),
    ("no format tag", submission(format=DELETE),
     ("the field format is missing: an annotator submission has \"format\": "
      "\"annotator.submission.v1\""), "format"),
    ("format tag of null", submission(format=None), "format is None", "format"),
    ("missing student.id", submission(student={"name": "Ada"}), "student.id is missing",
     "student.id"),
    ("empty student.id", submission(student__id=""), "student.id is missing", "student.id"),
    ("student.id of invisible characters", submission(student__id="\u200b \u2060"),
     "student.id is missing", "student.id"),
    ("missing article.sha256", submission(article={"id": "kn23"}),
     "article.sha256 is missing", "article.sha256"),
    ("sha256 of another text", submission(article__sha256="f" * 64),
     "marks a different text", "article.sha256"),
    ("end past the text", submission({"label": "hedge", "start": 2480, "end": 2490}),
     f"lie outside the article (0 to {ARTICLE_LENGTH})", "marks[0]"),
    ("negative start", submission({"label": "hedge", "start": -1, "end": 5}),
     "lie outside the article", "marks[0]"),
    ("start equal to end", submission({"label": "hedge", "start": 40, "end": 40}),
     "start (40) must be less than end (40)", "marks[0]"),
    ("start after end", submission(GOOD_MARK, {"label": "hedge", "start": 47, "end": 37}),
     "start (47) must be less than end (37)", "marks[1]"),
    ("offset as a string", submission({"label": "hedge", "start": "37", "end": 47}),
     "start must be a whole number (a character offset), got '37'", "marks[0].start"),
    ("offset as a float", submission({"label": "hedge", "start": 37, "end": 47.0}),
     "end must be a whole number (a character offset), got 47.0", "marks[0].end"),
    ("offset missing", submission({"label": "hedge", "start": 37}),
     "end must be a whole number", "marks[0].end"),
    ("label missing", submission({"start": 37, "end": 47}), "label is missing",
     "marks[0].label"),
    ("label the key does not define", submission({**GOOD_MARK, "label": "opinion"}),
     "label 'opinion' is not one of the key's labels (claim, source, hedge)",
     "marks[0].label"),
    ("text not matching the slice", submission({**GOOD_MARK, "start": 36, "end": 46}),
     "does not match the article at [36, 46)", "marks[0].text"),
    ("text that is not a string", submission({**GOOD_MARK, "text": 5}),
     "text must be a string", "marks[0].text"),
    ("mark that is not an object", submission("reportedly"),
     "each mark must be an object", "marks[0]"),
    ("marks that are not a list", submission(marks={"label": "hedge"}),
     "marks must be a list", "marks"),
    ("empty file", "", "the file is empty", None),
    ("file of blank lines", "\n \n", "the file is empty", None),
]


@pytest.fixture(scope="module")
def check(kn23_key):
    def load_and_check(path):
        sub = load_submission(path)
        check_against(sub, kn23_key.article, kn23_key.labels)
    return load_and_check


@pytest.mark.parametrize("case,content,fragment,field", BAD_SUBMISSIONS,
                         ids=[case[0] for case in BAD_SUBMISSIONS])
def test_bad_submission_is_rejected_with_a_clear_message(write, check, case, content,
                                                        fragment, field):
    path = write("s-017.json", content)
    with pytest.raises(AnnotatorError) as err:
        check(path)
    message = str(err.value)
    assert fragment in message
    assert message.startswith(str(path)), "the message names the file first"
    assert err.value.path == str(path)
    assert err.value.field == field
    if field:
        assert f"{path}, {field}: " in message


def test_submission_that_is_not_utf8_is_rejected(write, check):
    path = write("s-017.json", submission({**GOOD_MARK, "text": "reportedly"}).encode("utf-8")
                 .replace(b'"s-017"', b'"s-\xe9017"'))
    with pytest.raises(AnnotatorError, match="is not UTF-8 text") as err:
        check(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_submission_that_is_utf16_is_rejected_as_not_utf8(write, check, encoding):
    path = write("s-017.json", submission(GOOD_MARK).encode(encoding))
    with pytest.raises(AnnotatorError, match="is not UTF-8 text: it was saved as UTF-16") as err:
        check(path)
    assert str(path) in str(err.value)


def test_a_zip_given_as_a_submission_says_what_to_do_with_it(write, check):
    path = write("class.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xa0\x81" + bytes(range(128, 256)))
    with pytest.raises(AnnotatorError, match="is a zip file, not a text file. To grade") as err:
        check(path)
    assert str(path) in str(err.value)


def test_missing_submission_file_is_reported(tmp_path, check):
    with pytest.raises(AnnotatorError, match="file not found") as err:
        check(tmp_path / "absent.json")
    assert str(tmp_path / "absent.json") in str(err.value)


def test_good_submission_passes_the_same_checks(write, check):
    check(write("s-017.json", submission(GOOD_MARK)))


# -- answer keys ----------------------------------------------------------------------------


def key(items: str, *, header: str | None = None) -> str:
    top = header if header is not None else (
        f"format: annotator.key.v1\narticle: kn23\nsha256: {SHA}\n"
        "labels: [claim, source, hedge]\n")
    return top + "items:\n" + items


HEDGE = "  - id: h1\n    label: hedge\n    quote: reportedly\n"

# (case, YAML content, expected message fragment, field named in the message or None)
BAD_KEYS = [
    ("bad YAML", key(HEDGE + "  - id: [unclosed\n"), "is not valid YAML at line", None),
    ("bad indentation", key("  - id: h1\n   label: hedge\n"), "is not valid YAML at line 7",
     None),
    ("why with ': ' not in quotes", key(HEDGE + "    why: Hearsay: no source is named.\n"),
     ("is not valid YAML at line 9: mapping values are not allowed here. Line 9 (why: Hearsay: "
     "no source is named.) holds ': ' (a colon and a space) in its why, which YAML reads as "
     "the start of another field. Put the why in double quotes: why: \"Hearsay: no source is "
     "named.\""), None),
    ("why with ': ' on its second line", key(HEDGE + "    why: Hearsay, as\n"
                                             "      the writer says: no source.\n"),
     ("Line 10 (the writer says: no source.) goes on with the why above it and holds ': ' (a "
     "colon and a space), which YAML reads as the start of a field. Put the whole why in "
     "double quotes"), None),
    ("not a mapping", "- just\n- a list\n", "must be a YAML mapping", None),
    ("wrong format", key(HEDGE, header=f"format: annotator.key.v2\narticle: kn23\n"
                                       f"sha256: {SHA}\n"),
     "expected 'annotator.key.v1'", "format"),
    ("quote not found (straight apostrophe)",
     key("  - id: kim\n    label: source\n    quote: \"South Korea's Defense Minister\"\n"),
     "Did you mean 'South Korea’s Defense Minister", "item kim.quote"),
    ("quote not found", key("  - id: q\n    label: claim\n    quote: aliens landed\n"),
     "cannot find quote 'aliens landed' in the article", "item q.quote"),
    ("nth too large",
     key("  - id: acc\n    label: hedge\n    quote: According to\n    nth: 3\n"),
     "occurs 2 time(s) in the article, so nth: 3 does not exist", "item acc.quote"),
    ("min not inside", key(HEDGE + "    min: appears\n"),
     "min 'appears' is not inside the item's span 'reportedly'", "item h1.min"),
    ("max not containing", key(HEDGE + "    max: been sent\n"),
     "max 'been sent' does not contain the item's span 'reportedly'", "item h1.max"),
    ("sha mismatch", key(HEDGE, header="format: annotator.key.v1\narticle: kn23\n"
                                       "sha256: 5469dc5d00000000\n"),
     "sha256 is 5469dc5d0000…, but article 'kn23' has sha256 " + SHA, "sha256"),
    ("sha missing", key(HEDGE, header="format: annotator.key.v1\narticle: kn23\n"),
     "sha256 is missing", "sha256"),
    ("duplicate ids", key(HEDGE + HEDGE.replace("reportedly", "appears")),
     "id 'h1' is used twice", "items[1].id"),
    ("blank label name", key(HEDGE, header=f"format: annotator.key.v1\narticle: kn23\n"
                                          f"sha256: {SHA}\nlabels: [\"  \", hedge]\n"),
     "labels[0] is blank: give every label a name, or take it out.", "labels"),
    ("label with spaces around", key(HEDGE, header=f"format: annotator.key.v1\narticle: kn23\n"
                                                  f"sha256: {SHA}\nlabels: [\"hedge \"]\n"),
     "label 'hedge ' has spaces around it: write 'hedge'.", "labels"),
    ("labels alike but for case", key(HEDGE, header=f"format: annotator.key.v1\narticle: kn23\n"
                                                   f"sha256: {SHA}\nlabels: [Hedge, hedge]\n"),
     "labels 'Hedge' and 'hedge' differ only in case: students would take them for one label.",
     "labels"),
    ("label named overall", key(HEDGE, header=f"format: annotator.key.v1\narticle: kn23\n"
                                             f"sha256: {SHA}\nlabels: [hedge, Overall]\n"),
     ("label 'Overall' cannot be used: the gradebook's overall_precision, overall_recall and "
      "overall_f1 columns are for all labels together."), "labels"),
    ("unknown label", key("  - id: o1\n    label: opinion\n    quote: crucial\n"),
     "label 'opinion' is not in the key's labels (claim, source, hedge)", "item o1.label"),
    ("alt label outside the key", key(HEDGE + "    alt_labels: [rumour]\n"),
     ("'rumour' is not one of the key's labels: claim, source, hedge. alt_labels must list "
     "other labels this item also accepts, from claim, source: alt_labels: [claim] or "
     "alt_labels: [claim, source]."), "item h1.alt_labels"),
    ("alt label misspelt", key("  - id: c1\n    label: claim\n    quote: reportedly\n"
                               "    alt_labels: [hedges]\n"),
     ("'hedges' is not one of the key's labels: claim, source, hedge. Did you mean "
     "alt_labels: [hedge]?"), "item c1.alt_labels"),
    ("alt label misspelt as the item's own", key(HEDGE + "    alt_labels: [hedges]\n"),
     ("'hedges' is not one of the key's labels: claim, source, hedge. ('hedge' is this item's "
     "own label.) alt_labels must list other labels"), "item h1.alt_labels"),
    ("alt label equal to the label", key(HEDGE + "    alt_labels: [hedge]\n"),
     ("'hedge' is this item's own label: alt_labels must list other labels this item also "
     "accepts, from claim, source"), "item h1.alt_labels"),
    ("alt labels not a list", key(HEDGE + "    alt_labels: source\n"),
     ("alt_labels must be a list, even of one label: write alt_labels: [source] (in square "
     "brackets), not alt_labels: source."), "item h1.alt_labels"),
    ("alt labels a number", key(HEDGE + "    alt_labels: 3\n"),
     "alt_labels is 3: alt_labels must list other labels", "item h1.alt_labels"),
    ("items twice: a second list appended after distractors",
     key(HEDGE) + "distractors: []\nitems:\n" + HEDGE.replace("h1", "h2"),
     ("'items' appears twice (lines 5 and 10): a key has one items list, and only the last "
     "would be read, so the 1 item of the first would be lost. Move the new items up into the "
     "first list, above distractors:, and delete the second 'items:' line."), "items"),
    ("a field twice in an item", key(HEDGE + "    required: false\n    points: 2\n"
                                     "    required: true\n"),
     ("'required' appears twice in item h1 (lines 9 and 11: 'false', then 'true'): only the last "
     "would be read, so the other is silently ignored. Keep the one you mean and delete the "
     "other."), "item h1.required"),
    ("a second item without its dash", key(HEDGE + "    id: h2\n    label: hedge\n"),
     "If line 9 starts a new item, begin it with '- id:'", "item h1.id"),
    ("a key field twice", key(HEDGE, header=f"format: annotator.key.v1\narticle: kn23\n"
                                            f"sha256: {SHA}\npolicy: strict\npolicy: kind\n"),
     "'policy' appears twice (lines 4 and 5: 'strict', then 'kind')", "policy"),
    ("a field twice in a distractor", key(HEDGE) + "distractors:\n  - quote: Seoul\n"
     "    labels: [source]\n    labels: [hedge]\n    why: Where, not who.\n",
     "'labels' appears twice in distractors[0] (lines 11 and 12)", "distractors[0].labels"),
    ("a field twice in a min", key(HEDGE + "    min: {start: 37, start: 38, end: 47}\n"),
     "'start' appears twice in item h1.min (both on line 9: '37', then '38')", "item h1.min.start"),
    ("bad source_type", key(HEDGE + "    source_type: anonymous\n"),
     "source_type 'anonymous' is unknown: use one of named_person", "item h1.source_type"),
    ("negative points", key(HEDGE + "    points: -1\n"),
     "points must be a number of 0 or more, got -1", "item h1.points"),
    ("points as words", key(HEDGE + "    points: two\n"),
     "points must be a number of 0 or more, got 'two'", "item h1.points"),
    ("points not a number", key(HEDGE + "    points: .nan\n"),
     "points must be a number of 0 or more, got nan", "item h1.points"),
    ("article not found", key(HEDGE, header=f"format: annotator.key.v1\narticle: kn99\n"
                                            f"sha256: {SHA}\n"),
     "cannot find the article 'kn99': expected seeds/kn99.txt", "article"),
    ("article missing", key(HEDGE, header=f"format: annotator.key.v1\nsha256: {SHA}\n"),
     "article is missing", "article"),
    ("items not a list", key("", header=f"format: annotator.key.v1\narticle: kn23\n"
                                        f"sha256: {SHA}\n") + "  id: h1\n",
     "items must be a list", "items"),
    ("item without id", key("  - label: hedge\n    quote: reportedly\n"),
     "id is missing", "items[0].id"),
    ("quote and offsets both missing", key("  - id: h1\n    label: hedge\n"),
     "give either quote (the exact text) or start and end (offsets)", "item h1"),
    ("offsets out of the text", key("  - id: h1\n    label: hedge\n    start: 10\n"
                                    "    end: 99999\n"),
     f"must satisfy 0 <= start < end <= {ARTICLE_LENGTH}", "item h1"),
    ("quote of only punctuation", key("  - id: p\n    label: claim\n    quote: \"“\"\n"),
     "the span '“' has no words, only spaces and punctuation", "item p.quote"),
    ("why not text", key(HEDGE + "    why: [a, b]\n"), "why must be text", "item h1.why"),
    ("required not boolean", key(HEDGE + "    required: maybe\n"),
     "required must be true or false, got 'maybe'", "item h1.required"),
    ("unknown policy", key(HEDGE, header=f"format: annotator.key.v1\narticle: kn23\n"
                                         f"sha256: {SHA}\npolicy: kind\n"),
     "policy 'kind' is unknown: use one of strict, standard, lenient, semeval", "policy"),
]


@pytest.mark.parametrize("case,content,fragment,field", BAD_KEYS,
                         ids=[case[0] for case in BAD_KEYS])
def test_bad_key_is_rejected_with_a_clear_message(write, case, content, fragment, field):
    path = write("answer_keys/kn23.yaml", content)
    with pytest.raises(AnnotatorError) as err:
        load_key(path)
    message = str(err.value)
    assert fragment in message
    assert message.startswith(str(path)), "the message names the file first"
    assert err.value.field == field
    if field:
        assert f"{path}, {field}: " in message


def test_key_that_is_not_utf8_is_rejected(write):
    path = write("kn23.yaml", key(HEDGE + "    why: Caf\u00e9\n").encode("latin-1"))
    with pytest.raises(AnnotatorError, match="is not UTF-8 text \\(bad byte at line 9\\)") as err:
        load_key(path)
    assert str(path) in str(err.value)


def test_empty_key_file_is_rejected(write):
    path = write("kn23.yaml", "")
    with pytest.raises(AnnotatorError, match="must be a YAML mapping") as err:
        load_key(path)
    assert str(path) in str(err.value)


def test_quote_not_found_names_the_article_file(write):
    path = write("answer_keys/kn23.yaml",
                 key("  - id: q\n    label: claim\n    quote: aliens landed\n"))
    with pytest.raises(AnnotatorError, match=r"seeds/kn23\.txt"):
        load_key(path)


def test_good_key_in_the_same_layout_loads(write):
    assert len(load_key(write("answer_keys/kn23.yaml", key(HEDGE))).items) == 1


def test_article_length_above_is_kn23s(kn23):
    assert len(kn23.text) == ARTICLE_LENGTH
