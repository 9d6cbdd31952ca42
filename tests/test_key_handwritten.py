"""Keys written by hand in a text editor: every problem in one round, with its line, and the
advice a teacher can act on (what a QA tester playing a teacher hit in 19 validate rounds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.article import Article
from annotator.errors import AnnotatorError
from annotator.key import (
    load_key,
    parse_key,
    review_warnings,
)

REPO = Path(__file__).resolve().parent.parent
SHA = "5469dc5df8bafab94c7e705fc09a8cc8a7df434063642d90317037960fee7835"
HEADER = (f"format: annotator.key.v1\narticle: kn23\nsha256: {SHA}\n"
          "labels: [claim, source, hedge]\nitems:\n")
HEDGE_ITEM = "  - id: h\n    label: hedge\n    quote: reportedly\n    why: x\n"


@pytest.fixture()
def key_file(tmp_path):
    """``key_file(items_yaml)``: a key for kn23 beside a copy of its article, as a teacher
    writes one."""
    (tmp_path / "seeds").mkdir()
    for name in ("kn23.txt", "kn23.meta.yaml"):
        (tmp_path / "seeds" / name).write_bytes((REPO / "seeds" / name).read_bytes())
    (tmp_path / "answer_keys").mkdir()

    def write(items: str, header: str = HEADER) -> Path:
        path = tmp_path / "answer_keys" / "kn23.yaml"
        path.write_text(header + items, "utf-8")
        return path
    return write


def problem(path: Path) -> AnnotatorError:
    with pytest.raises(AnnotatorError) as caught:
        load_key(path)
    return caught.value


def line_of(path: Path, fragment: str) -> int:
    text = path.read_text("utf-8")
    return text[:text.index(fragment)].count("\n") + 1


def validate(path: Path, capsys) -> tuple[int, str]:
    from annotator.cli import main

    code = main(["validate", str(path)])
    return code, capsys.readouterr().out


# -- 1. all the problems at once ----------------------------------------------------------

PLANTED = """\
  - id: hedge-reportedly
    label: hedge
    quote: reportedly
    why: Hearsay adverb.
  - id: source-kim
    label: source
    quote: "South Korea's Defense Minister Kim Yong-hyun"
    why: Named.
  - id: claim-teams
    label: claim
    quote: teams of North Koreans are working behind Russian lines
    min: North Koreans are working in Russia
  - id: hedge-numerous
    label: hedges
    quote: numerous
  - id: claim-year
    label: claim
    quote: 1964
  - id: hedge-appears
    label: hedge
    quote: appears
    optional: true
  - id: hedge-reportedly
    label: hedge
    quote: reported
    nth: 2
  - id: source-officials
    label: source
    quote: senior officials
    requried: false
    intrested_party: true
"""


def test_every_item_problem_is_reported_in_one_error_with_its_item_field_and_line(key_file):
    path = key_file(PLANTED)
    err = problem(path)
    message = str(err)
    lines = message.splitlines()
    assert lines[0] == (f"{path}: has 7 problems, one a line below. Put each right, then "
                        "validate the key again.")
    kim = line_of(path, "quote: \"South Korea")
    assert [line.split(":")[0] for line in lines[1:]] == [
        f"  item source-kim.quote (line {kim})",
        f"  item claim-teams.min (line {line_of(path, 'min: North Koreans')})",
        f"  item hedge-numerous.label (line {line_of(path, 'label: hedges')})",
        f"  item claim-year.quote (line {line_of(path, 'quote: 1964')})",
        f"  item hedge-appears.optional (line {line_of(path, 'optional: true')})",
        "  items[6].id",
        f"  item source-officials.requried (line {line_of(path, 'requried')})",
    ]
    assert err.field is None


def test_a_duplicate_id_names_the_lines_of_both_items(key_file):
    path = key_file(PLANTED)
    first, second = line_of(path, "- id: hedge-reportedly"), line_of(path, "quote: reported\n") - 2
    assert (f"id 'hedge-reportedly' is used twice (by the items on lines {first} and "
            f"{second}): every item needs its own id.") in str(problem(path))


def test_one_problem_reads_as_before_with_its_line(key_file):
    path = key_file("  - id: q\n    label: claim\n    quote: aliens landed\n")
    err = problem(path)
    assert err.field == "item q.quote"
    assert str(err).startswith(f"{path}, item q.quote: cannot find quote 'aliens landed'")
    assert str(err).endswith("including curly quotes and dashes. (line 8)")


def test_parse_key_of_plain_data_collects_the_problems_too(kn23):
    data = {"format": "annotator.key.v1", "article": "kn23", "sha256": kn23.sha256,
            "items": [{"id": "a", "label": "hedge", "quote": "nowhere"},
                      {"id": "b", "label": "hedge", "quote": "reportedly"},
                      {"id": "c", "label": "hedge", "quote": "reportedly", "points": -1}]}
    with pytest.raises(AnnotatorError) as caught:
        parse_key(data, path="k.yaml", article=kn23)
    first, second = str(caught.value).splitlines()[1:]
    assert first.startswith("  item a.quote: cannot find quote 'nowhere' in the article")
    assert second == "  item c.points: points must be a number of 0 or more, got -1."


def test_validate_prints_the_warnings_of_a_key_with_errors(key_file, capsys):
    path = key_file(PLANTED + "  - id: hedge-x\n    label: hedge\n    quote: numerous\n"
                    "    sorce_type: vague\n")
    code, out = validate(path, capsys)
    assert code == 1
    assert "has 7 problems" in out
    assert (f"warn  {path}: item source-officials: field 'intrested_party' is not one this tool "
            "reads, so it has no effect. Did you mean 'interested_party'?") in out
    assert "Did you mean 'source_type'?" in out
    warned = [line for line in out.splitlines() if line.startswith("warn")]
    assert not any("requried" in line for line in warned)  # an error, not also a warning


def test_yaml_lines_with_an_unquoted_colon_or_a_tab_are_all_named_at_once(key_file):
    path = key_file("  - id: a\n    label: hedge\n    quote: reportedly\n"
                    "    why: Hearsay: no source.\n"
                    "  - id: b\n    label: hedge\n    quote: appears\n"
                    "    why: Epistemic verb: the writer keeps distance.\n"
                    "  - id: c\n    label: hedge\n\tquote: numerous\n")
    message = str(problem(path))
    assert message.count("\n  Line ") == 2
    assert "Line 9 (why: Hearsay: no source.) holds ': '" in message.splitlines()[0]
    assert "Line 13 (why: Epistemic verb: the writer keeps distance.) holds ': '" in message
    assert "Line 16 (quote: numerous) is indented with a tab" in message


# -- 2. line numbers ----------------------------------------------------------------------


def test_an_item_without_the_field_is_named_by_its_own_line(key_file):
    path = key_file("  - id: h1\n    label: hedge\n    quote: reportedly\n"
                    "  - id: h2\n    label: hedge\n")
    assert str(problem(path)).endswith("item h2: give either quote (the exact text) or start "
                                       "and end (offsets). (line 9)")


# -- 3. a '#' in an unquoted value ---------------------------------------------------------


def test_a_hash_inside_an_unquoted_why_is_a_warning_in_validate_and_grade(key_file, capsys):
    path = key_file("  - id: h\n    label: hedge\n    quote: numerous\n"
                    "    why: Approximator #1 in the story\n")
    key = load_key(path)
    assert key.item("h").why == "Approximator"  # what YAML reads
    expected = ("item h.why (line 9): the text after '#' (#1 in the story) is dropped, because "
                "YAML reads ' #' as the start of a comment, so the why is only 'Approximator'. "
                "If the '#' belongs to the why, put it all in double quotes: why: "
                "\"Approximator #1 in the story\"; if it starts a comment, put two spaces and "
                "'# ' before it.")
    assert review_warnings(key) == [expected]  # grade prints review_warnings
    code, out = validate(path, capsys)
    assert code == 0 and f"warn  {path}: {expected}" in out


@pytest.mark.parametrize("line", [
    "    min: reportedly           # smallest span that earns full credit\n",
    "    min: \"reportedly\" #1 a quoted value is whole\n",
    "    min: reportedly # one space before it, and the article has no 'reportedly # one'\n",
])
def test_a_comment_set_off_on_purpose_is_not_a_warning(key_file, line):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n" + line +
                    "    why: Hearsay.\n")
    assert review_warnings(load_key(path)) == []


@pytest.mark.parametrize("line", ["    quote: numerous #approximator\n",
                                  "    quote: numerous   #approximator\n"])
def test_a_hash_with_text_right_after_it_is_a_warning(key_file, line):
    path = key_file("  - id: h\n    label: hedge\n" + line + "    why: x\n")
    warning, = review_warnings(load_key(path))
    assert warning.startswith("item h.quote (line 8): the text after '#'")


def test_a_why_with_one_space_before_a_hash_is_a_warning_that_asks(key_file):
    """'why: Hearsay adverb. # check with Sam' is a comment or a why with a '#' in it: the
    warning says what happens in either case, and how to silence it."""
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n"
                    "    why: Hearsay adverb. # check with Sam\n")
    assert review_warnings(load_key(path)) == [
        ("item h.why (line 9): if '# check with Sam' is part of the why, it is dropped, because "
        "YAML reads ' #' as the start of a comment, so the why is only 'Hearsay adverb.': put "
        "it all in double quotes: why: \"Hearsay adverb. # check with Sam\". If it is a "
        "comment, put two spaces before the '#' and this warning goes.")]


def test_a_quote_cut_at_one_space_and_a_hash_is_a_warning_when_the_article_has_it(tmp_path):
    article = Article.from_text("Issue # 7 of the bulletin said so.\n", "bulletin")
    path = tmp_path / "k.yaml"
    path.write_text(f"format: annotator.key.v1\narticle: bulletin\nsha256: {article.sha256}\n"
                    "items:\n  - id: c\n    label: claim\n    quote: Issue # 7\n    why: x\n",
                    "utf-8")
    assert review_warnings(load_key(path, article=article)) == [
        ("item c.quote (line 7): the article has 'Issue # 7', but YAML reads ' #' as the start "
        "of a comment, so the quote is only 'Issue'. If you meant the whole text, put it in "
        "double quotes: quote: \"Issue # 7\"; if the '#' starts a comment, put two spaces "
        "before it.")]


# -- 4. fields that change grades silently -------------------------------------------------


@pytest.mark.parametrize("value", ["true", "false"])
def test_optional_is_an_error_that_says_to_write_required_false(key_file, value):
    path = key_file(f"  - id: h\n    label: hedge\n    quote: numerous\n    optional: {value}\n")
    err = problem(path)
    assert err.field == "item h.optional"
    assert f"optional: {value} is not a field this tool reads" in str(err)
    assert "An optional item is written required: false" in str(err)


@pytest.mark.parametrize(("written", "meant"), [
    ("requred", "required"), ("alt_label", "alt_labels"), ("point", "points"),
    ("quotes", "quote"), ("nths", "nth"), ("lable", "label")])
def test_a_misspelt_field_that_scores_is_an_error(key_file, written, meant):
    path = key_file(f"  - id: h\n    label: hedge\n    quote: numerous\n    {written}: 1\n")
    err = problem(path)
    assert err.field == f"item h.{written}"
    assert f"Did you mean {meant!r}?" in str(err)


def test_a_misspelt_kept_field_is_a_warning_and_the_kept_fields_are_not(key_file):
    path = key_file("  - id: s\n    label: source\n    quote: senior officials\n"
                    "    intrested_party: true\n    interested_party: true\n"
                    "    channel: Telegram\n    why: x\n")
    assert review_warnings(load_key(path)) == [
        ("item s: field 'intrested_party' is not one this tool reads, so it has no effect. "
         "Did you mean 'interested_party'?")]


# -- 5. the right advice on YAML errors -----------------------------------------------------


def test_a_tab_is_named_as_a_tab_not_a_colon(key_file):
    path = key_file("  - id: h\n    label: hedge\n\tquote: reportedly\n")
    message = str(problem(path))
    assert "Line 8 (quote: reportedly) is indented with a tab, and YAML needs spaces" in message
    assert "': '" not in message


def test_an_extra_space_before_a_field_is_named_as_indentation(key_file):
    path = key_file("  - id: h\n    label: hedge\n     quote: reportedly\n    why: x\n")
    message = str(problem(path))
    assert ("Line 8 (quote: reportedly) is indented by 5 spaces, but the field above it "
            "(label, line 7) by 4: the fields of one item must line up. Indent quote: by "
            "exactly 4 spaces.") in message
    assert "': '" not in message


def test_an_extra_space_before_a_field_is_named_as_indentation_after_the_first_error(key_file):
    path = key_file("  - id: a\n    label: hedge\n    quote: reportedly\n"
                    "    why: Hearsay: no source.\n"
                    "  - id: b\n    label: hedge\n     quote: appears\n")
    message = str(problem(path))
    assert message.splitlines()[-1] == (
        "  Line 12 (quote: appears) is indented by 5 spaces, but the field above it (label, "
        "line 11) by 4: the fields of one item must line up. Indent quote: by exactly 4 "
        "spaces.")
    assert "goes on with the label" not in message


NEW_LAYOUT = HEADER + "- id: a\n  label: hedge\n  quote: reportedly\n  why: x\n"  # annotator new


@pytest.mark.parametrize(("items", "line", "advice"), [
    # a kn23-style item appended to a key that annotator new wrote
    (NEW_LAYOUT + "  - id: x\n    label: hedge\n    quote: numerous\n", 10,
     ("has 2 spaces before its item's dash, where the other items have no spaces before "
     "theirs: move the whole item (its '- id:' line and the lines under it) 2 spaces left")),
    # an item written at the start of the line in a key laid out as kn23 is
    (("  - id: a\n    label: hedge\n    quote: reportedly\n- id: x\n  label: hedge\n"
     "  quote: numerous\n  - id: c\n    label: hedge\n    quote: appears\n"), 9,
     ("has no spaces before its item's dash, where the other items have 2 spaces before "
     "theirs: move the whole item (its '- id:' line and the lines under it) 2 spaces right")),
    # only the dash line is out of place
    (("  - id: a\n    label: hedge\n    quote: reportedly\n- id: x\n    label: hedge\n"
     "    quote: numerous\n"), 9,
     ("has no spaces before its item's dash, where the other items have 2 spaces before "
     "theirs: move '- id:' 2 spaces right")),
])
def test_an_item_dash_out_of_line_is_named_as_the_dash(key_file, items, line, advice):
    path = key_file(items, "") if items.startswith(HEADER) else key_file(items)
    message = str(problem(path))
    assert f"Line {line} (- id: x) {advice}, so that the dashes line up." in message
    assert "indented by" not in message
    assert "same kind of problem" not in message  # the other lines are right


def test_a_key_laid_out_as_kn23_with_one_error_names_only_that_line(tmp_path):
    """Every line of a valid key is checked for indentation now: none of kn23's is named."""
    (tmp_path / "seeds").mkdir()
    for name in ("kn23.txt", "kn23.meta.yaml"):
        (tmp_path / "seeds" / name).write_bytes((REPO / "seeds" / name).read_bytes())
    (tmp_path / "answer_keys").mkdir()
    path = tmp_path / "answer_keys" / "kn23.yaml"
    path.write_text((REPO / "answer_keys" / "kn23.yaml").read_text("utf-8") +
                    "  - quote: appears\n    labels: [hedge]\n    why: Verb: distance.\n",
                    "utf-8")
    message = str(problem(path))
    assert "holds ': '" in message
    assert "same kind of problem" not in message


def test_a_missing_space_before_a_field_is_named_as_indentation(key_file):
    path = key_file("  - id: h\n    label: hedge\n   quote: reportedly\n    why: x\n")
    assert "is indented by 3 spaces, but the field above it (label, line 7) by 4" in \
        str(problem(path))


def test_an_unclosed_quote_is_pointed_at_the_line_that_opens_it(key_file):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n"
                    "    why: \"Hearsay adverb.\n  - id: a\n    label: hedge\n"
                    "    quote: appears\n")
    assert str(problem(path)) == (
        f"{path}: is not valid YAML: the \" opened on line 9 (why: \"Hearsay adverb.) is never "
        "closed, so YAML read on to the end of the file. Close it with a \" at the end of "
        "that line's text.")


def test_a_big_key_with_one_yaml_error_is_read_in_one_walk(key_file, monkeypatch):
    """Looking for the lines to name reads each line a few times, not once for every line
    above it (a 20,000-item key took 11 s): the field-line pattern is counted."""
    import annotator.yamladvice as advice

    class Counted:
        calls = 0

        def fullmatch(self, line):
            Counted.calls += 1
            return pattern.fullmatch(line)

    pattern = advice._FIELD_LINE
    monkeypatch.setattr(advice, "_FIELD_LINE", Counted())
    # a why that goes on for a thousand lines, each with ': ', then 5,000 items
    why = "".join(f"      point {n}: more\n" for n in range(1000))
    items = "".join(f"  - id: h{n}\n    label: hedge\n    quote: reportedly\n    why: x\n"
                    for n in range(5000))
    path = key_file("  - id: a\n    label: hedge\n    quote: reportedly\n    why: Hearsay\n" +
                    why + items + "  - id: b\n    label: hedge\n     quote: appears\n")
    lines = path.read_text("utf-8").count("\n")
    message = str(problem(path))
    assert message.startswith(f"{path}: is not valid YAML at line 10: mapping values are not "
                              "allowed here. Line 10 (point 0: more) goes on with the why")
    listed = message.splitlines()[2:]
    assert len(listed) == 1000  # the why's other lines, and the quote out of line
    assert listed[-1].startswith(f"  Line {lines} (quote: appears) is indented by 5 spaces")
    assert Counted.calls <= 3 * lines


# -- 6. min and max get the quote's hints ----------------------------------------------------


def test_a_min_with_a_straight_apostrophe_names_the_curly_one(make_key, kn23):
    with pytest.raises(AnnotatorError) as caught:
        make_key(kn23, [{"id": "k", "label": "source",
                         "quote": "South Korea’s Defense Minister, Kim Yong-hyun",
                         "min": "South Korea's Defense Minister"}])
    assert caught.value.field == "item k.min"
    assert "Did you mean 'South Korea’s Defense Minister'?" in str(caught.value)
    assert "The article has a curly apostrophe or quote mark (’) where the key has a straight " \
        "one (')" in str(caught.value)


def test_a_max_in_another_case_gets_a_did_you_mean(make_key, kn23):
    with pytest.raises(AnnotatorError) as caught:
        make_key(kn23, [{"id": "h", "label": "hedge", "quote": "reportedly",
                         "max": "Have Reportedly Been"}])
    assert caught.value.field == "item h.max"
    assert "Did you mean 'have reportedly been'?" in str(caught.value)


def test_a_min_with_a_plain_space_for_a_non_breaking_one_is_found(make_key):
    article = Article.from_text("The backlog could still be above 7\u00a0million by 2028.", "nb")
    item, = make_key(article, [{"id": "c", "label": "claim",
                                "quote": "above 7\u00a0million by 2028", "min": "7 million"}]).items
    assert article.text[item.min_start:item.min_end] == "7\u00a0million"


# -- 7. spaces around a quote, min or max never matter --------------------------------------


def test_a_block_quote_with_its_trailing_line_break_is_found(key_file):
    path = key_file("  - id: c\n    label: claim\n    quote: >\n      teams of North Koreans\n"
                    "      are working behind Russian lines\n    min: |\n      North Koreans\n"
                    "    max: \"  teams of North Koreans are working behind Russian lines  \"\n")
    item = load_key(path).item("c")
    text = item_text = load_key(path).article.text
    assert text[item.start:item.end] == "teams of North Koreans are working behind Russian lines"
    assert item_text[item.min_start:item.min_end] == "North Koreans"
    assert (item.max_start, item.max_end) == (item.start, item.end)


def test_a_quote_as_written_is_tried_first_so_nth_keeps_its_meaning(make_key, kn23):
    """" reported" (with its space) occurs where "reported" is a whole word: nth counts those."""
    item, = make_key(kn23, [{"id": "r", "label": "hedge", "quote": " reported", "nth": 2}]).items
    assert kn23.text[item.start:item.end] == " reported"
    spaced = make_key(kn23, [{"id": "r", "label": "hedge", "quote": "reportedly  "}]).items[0]
    assert kn23.text[spaced.start:spaced.end] == "reportedly"


# -- 8. numbers where text is expected -------------------------------------------------------


@pytest.mark.parametrize("name", ["quote", "min", "max", "why"])
def test_a_number_where_text_is_expected_says_to_quote_it(key_file, name):
    extra = "" if name == "quote" else f"    {name}: 1964\n"
    quote = "1964" if name == "quote" else "reportedly"
    path = key_file(f"  - id: h\n    label: hedge\n    quote: {quote}\n{extra}")
    err = problem(path)
    assert err.field == f"item h.{name}"
    assert f'YAML read 1964 as a number, not text. Put the {name} in double quotes: {name}: ' \
        '"1964".' in str(err)


# -- 9. ids YAML reads as true, false or a number ---------------------------------------------


@pytest.mark.parametrize("second", ["yes", '"True"'])
def test_two_ids_yaml_reads_as_true_are_a_duplicate(key_file, second):
    path = key_file("  - id: yes\n    label: hedge\n    quote: reportedly\n"
                    f"  - id: {second}\n    label: hedge\n    quote: numerous\n")
    err = problem(path)
    assert "id 'True' is used twice (by the items on lines 6 and 9)" in str(err)
    assert ('item True.id (line 6): YAML read id: yes as true, so the item\'s id is \'True\', '
            'not \'yes\'. Put the id in double quotes: id: "yes".') in err.warnings


@pytest.mark.parametrize(("written", "read"), [("yes", "true"), ("off", "false"),
                                                ("010", "the number 8")])
def test_an_id_yaml_reads_as_something_else_is_a_warning(key_file, written, read):
    path = key_file(f"  - id: {written}\n    label: hedge\n    quote: reportedly\n"
                    "    why: x\n  - id: 7\n    label: hedge\n    quote: numerous\n"
                    "    why: y\n")
    key = load_key(path)
    named = key.items[0].id
    assert review_warnings(key) == [
        (f"item {named}.id (line 6): YAML read id: {written} as {read}, so the item's id is "
        f"'{named}', not '{written}'. Put the id in double quotes: id: \"{written}\".")]


def test_an_id_yaml_reads_as_a_date_says_to_quote_it(key_file):
    path = key_file("  - id: 2024-01-31\n    label: hedge\n    quote: reportedly\n")
    assert str(problem(path)).endswith('YAML read 2024-01-31 as a date, not text. Put the id in '
                                       'double quotes: id: "2024-01-31". (line 6)')


# -- 10. a wrong label -------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "meant"), [("sources", "source"), ("Hedge", "hedge"),
                                                 ("CLAIMS", "claim")])
def test_a_wrong_label_gets_a_did_you_mean(make_key, kn23, written, meant):
    with pytest.raises(AnnotatorError) as caught:
        make_key(kn23, [{"id": "x", "label": written, "quote": "reportedly"}])
    assert str(caught.value).endswith(f"Did you mean {meant}?")


def test_a_source_or_hedge_without_max_keeps_its_quote_as_max(make_key):
    """The format's contract: keys written before KEY-GUIDE's wider extents were a default
    keep their meaning (a default that grew would move old grades without a word). The
    README and KEY-GUIDE.md say to write max for a cue."""
    article = Article(id="fees", text="Fees will rise, said council leader Margaret Hale. It "
                                      "now appears that the pool may close.\n")
    key = make_key(article, [
        {"id": "s", "label": "source", "quote": "Margaret Hale"},
        {"id": "h", "label": "hedge", "quote": "appears"},
        {"id": "c", "label": "claim", "quote": "the pool may close"}])
    text = article.text
    spans = {item.id: text[item.max_start:item.max_end] for item in key.items}
    assert spans == {"s": "Margaret Hale", "h": "appears",
                     "c": "It now appears that the pool may close."}


# -- 11. every problem of one item or distractor at once --------------------------------------


def rows(err: AnnotatorError) -> list[str]:
    """The problems listed under 'has N problems', as 'where (line N): what'."""
    return [line.strip() for line in str(err).splitlines()[1:]]


def test_every_independent_problem_of_one_item_is_reported_with_its_line(key_file):
    path = key_file("  - id: h\n    label: hedges\n    quote: reportedly\n"
                    "    min: appears\n    required: maybe\n    points: -1\n"
                    "    source_type: anonymous\n    why: 1964\n")
    found = rows(problem(path))
    assert [row.split(":")[0] for row in found] == [
        "item h.label (line 7)", "item h.min (line 9)", "item h.required (line 10)",
        "item h.points (line 11)", "item h.source_type (line 12)", "item h.why (line 13)"]


def test_a_quote_not_found_is_not_followed_by_its_min_and_max(key_file):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedy\n"
                    "    min: reported\n    max: have reportedly been\n    required: maybe\n")
    found = rows(problem(path))
    assert [row.split(":")[0] for row in found] == ["item h.quote (line 8)",
                                                   "item h.required (line 11)"]


def test_a_bad_nth_and_a_quote_the_article_lacks_are_both_named(key_file):
    path = key_file("  - id: h\n    label: hedge\n    quote: aliens landed\n    nth: 0\n")
    found = rows(problem(path))
    assert found[0].startswith("item h.quote (line 8): cannot find quote 'aliens landed'")
    assert found[1] == "item h.nth (line 9): nth must be a whole number from 1, got 0."


def test_a_bad_nth_of_a_quote_the_article_has_is_named_alone(key_file):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n    nth: 0\n"
                    "    min: nowhere\n    points: -1\n")
    found = rows(problem(path))
    assert [row.split(":")[0] for row in found] == ["item h.nth (line 9)",
                                                   "item h.points (line 11)"]


def test_a_span_without_words_is_not_followed_by_its_min_without_words(key_file):
    path = key_file("  - id: p\n    label: claim\n    quote: \"“\"\n    min: \"“\"\n"
                    "    points: -1\n")
    found = rows(problem(path))
    assert [row.split(":")[0] for row in found] == ["item p.quote (line 8)",
                                                   "item p.points (line 10)"]


def test_a_duplicate_items_other_problems_are_named_by_its_place(key_file):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n"
                    "  - id: h\n    label: hedge\n    quote: nowhere\n")
    found = rows(problem(path))
    assert found[0].startswith("items[1].id: id 'h' is used twice")
    assert found[1].startswith("items[1].quote (line 11): cannot find quote 'nowhere'")


def test_every_independent_problem_of_one_distractor_is_reported(key_file):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n"
                    "distractors:\n  - quote: Trump\n    labels: [opinion]\n    why: 7\n")
    found = rows(problem(path))
    assert [row.split(":")[0] for row in found] == [
        "distractors[0].quote (line 10)", "distractors[0].labels (line 11)",
        "distractors[0].why (line 12)"]


# -- 12. a distractor's fields, checked as an item's are -------------------------------------


@pytest.mark.parametrize(("fields", "written", "meant", "line"), [
    ("qoute: Kyiv\n    labels: [source]\n", "qoute", "quote", 11),
    ("quote: Kyiv\n    lables: [source]\n", "lables", "labels", 12),
    ("quote: Kyiv\n    label: [source]\n", "label", "labels", 12),
    ("quote: Seoul\n    nths: 2\n    labels: [source]\n", "nths", "nth", 12)])
def test_a_misspelt_field_of_a_distractor_is_an_error_and_only_that(key_file, fields, written,
                                                                     meant, line):
    """The field it was meant to be is not also called missing."""
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n    why: x\n"
                    f"distractors:\n  - {fields}    why: A place, not a source.\n")
    err = problem(path)
    assert err.field == f"distractors[0].{written}"
    assert str(err).endswith(f"field {written!r} is not one this tool reads, so it would be "
                             "ignored and change which marks the distractor explains. Did you "
                             f"mean {meant!r}? Correct the spelling. (line {line})")


def test_a_distractor_whose_why_is_misspelt_says_so_once(key_file):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n    why: x\n"
                    "distractors:\n  - quote: Kyiv\n    labels: [source]\n"
                    "    whyy: A place, not a source.\n")
    err = problem(path)
    assert err.field == "distractors[0].whyy"
    assert str(err).endswith("field 'whyy' is not one this tool reads, so the distractor has "
                             "no why. Did you mean 'why'? Correct the spelling. (line 13)")


def test_a_misspelt_field_beside_a_distractors_why_is_a_warning(key_file):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n    why: x\n"
                    "distractors:\n  - quote: Kyiv\n    labels: [source]\n"
                    "    why: A place, not a source.\n    whyy: draft\n")
    assert review_warnings(load_key(path)) == [
        ("distractors[0]: field 'whyy' is not one this tool reads, so it has no effect. Did you "
        "mean 'why'?")]


def test_an_items_field_in_a_distractor_is_a_warning(key_file, capsys):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n    why: x\n"
                    "distractors:\n  - quote: Kyiv\n    labels: [source]\n    min: Seoul\n"
                    "    required: false\n    why: A place, not a source.\n")
    expected = [f"distractors[0]: field {name!r} is one of an item's fields, and a distractor "
                "reads only quote, nth, labels, why, so it has no effect here."
                for name in ("min", "required")]
    assert review_warnings(load_key(path)) == expected
    code, out = validate(path, capsys)
    assert code == 0 and f"warn  {path}: {expected[0]}" in out


def test_a_distractors_other_fields_are_kept_when_the_key_is_written(make_key, kn23):
    from annotator.key import dump_key

    key = make_key(kn23, [], distractors=[{"quote": "Seoul", "labels": ["source"],
                                           "note": "from the 2024 lesson", "why": "A place."}])
    assert key.distractors[0].extra == {"note": "from the 2024 lesson"}
    assert "note: from the 2024 lesson" in dump_key(key)


def test_an_item_appended_below_the_distractors_is_told_to_move_up(key_file):
    """kn23.yaml ends with its distractors: an item added at the end of the file joins them."""
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n    why: x\n"
                    "distractors:\n  - quote: Kyiv\n    labels: [source]\n    why: A place.\n"
                    "  - id: hedge-believed\n    label: hedge\n    quote: is believed\n"
                    "    required: false\n")
    err = problem(path)
    assert str(err) == (
        f"{path}, distractors[1]: this is written as an item (id:, label:), but it is in the "
        "distractors list, where an item added at the end of the file lands: move it up into "
        "the items list, above the 'distractors:' line. (line 14)")
    assert err.warnings == []  # not also 'required is one of an item's fields'


# -- 13. what else a key written in a text editor trips over -----------------------------------


@pytest.mark.parametrize(("items", "advice"), [
    ("", ("nothing is under 'items:'. Write the items below it, each beginning with '- id:' (a "
         "dash and a space), or items: [] for a key with no items yet.")),
    ("  id: h\n  label: hedge\n  quote: reportedly\n",
     ("each item begins with a dash: write its first line '- id: …' (a dash and a space before "
     "id), and its other fields lined up under id.")),
])
def test_items_that_are_not_a_list_say_how_a_list_is_written(key_file, items, advice):
    err = problem(key_file(items))
    assert err.field == "items"
    assert str(err).endswith(f"items must be a list of key items, and {advice}")


@pytest.mark.parametrize(("line", "advice"), [
    ('    required: "false"\n', ("required must be true or false, got 'false'. In quotes, false "
                              "is text to YAML: write required: false, without quotes.")),
    ("    required: 'no'\n", ("required must be true or false, got 'no'. In quotes, no is text "
                             "to YAML: write required: false, without quotes.")),
    ('    points: "2"\n', ("points must be a number of 0 or more, got '2'. In quotes, 2 is text "
                          "to YAML: write points: 2, without quotes.")),
    ('    nth: "1"\n', ("nth must be a whole number from 1, got '1'. In quotes, 1 is text to "
                       "YAML: write nth: 1, without quotes.")),
])
def test_true_false_or_a_number_in_quotes_says_to_drop_the_quotes(key_file, line, advice):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n" + line)
    assert str(problem(path)).endswith(f"{advice} (line 9)")


def test_a_min_that_takes_in_the_quote_is_named_a_max(make_key, kn23):
    with pytest.raises(AnnotatorError) as caught:
        make_key(kn23, [{"id": "h", "label": "hedge", "quote": "reportedly",
                         "min": "have reportedly been"}])
    assert str(caught.value).endswith("min must be the smallest part of the quote that still "
                                      "earns full credit. It takes in the whole quote and "
                                      "more: that is a max.")


def test_a_max_inside_the_quote_is_named_a_min(make_key, kn23):
    with pytest.raises(AnnotatorError) as caught:
        make_key(kn23, [{"id": "s", "label": "source", "quote": "senior officials in Kyiv",
                         "max": "officials"}])
    assert str(caught.value).endswith("so it must include the quote. It is only part of the "
                                      "quote: that is a min.")


def test_an_empty_why_is_no_why_yet_a_warning_not_an_error(key_file):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n    why:\n")
    key = load_key(path)
    assert key.item("h").why == ""
    assert review_warnings(key) == [("1 of 1 items (h) have no why, so students read no reason "
                                    "for them. Add one to each.")]


@pytest.mark.parametrize(("labels", "advice"), [
    ("source", ("labels must be a list, even of one label: write labels: [source] (in square "
               "brackets), not labels: source.")),
    ("[sources, hedge]", ("'sources' is not one of the key's labels: claim, source, hedge. Did "
                         "you mean labels: [source, hedge]?")),
    ("[Hedge]", ("'Hedge' is not one of the key's labels: claim, source, hedge. Did you mean "
                "labels: [hedge]?")),
])
def test_a_distractors_labels_name_the_bad_value_and_show_the_list(key_file, labels, advice):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n    why: x\n"
                    f"distractors:\n  - quote: Kyiv\n    labels: {labels}\n    why: A place.\n")
    err = problem(path)
    assert err.field == "distractors[0].labels"
    assert str(err).endswith(f"{advice} (line 12)")


def test_a_distractor_by_offsets_is_told_it_takes_a_quote(key_file):
    path = key_file("  - id: h\n    label: hedge\n    quote: reportedly\n    why: x\n"
                    "distractors:\n  - start: 10\n    end: 20\n    labels: [source]\n"
                    "    why: A place.\n")
    err = problem(path)
    assert err.field == "distractors[0].quote"
    assert "A distractor is given by its quote (with nth when the quote occurs more than "\
        "once), not by start and end." in str(err)
    assert err.warnings == []


@pytest.mark.parametrize(("line", "advice"), [
    ("  -id: h\n", ("Line 6 (-id: h) has no space after its dash, so YAML reads it as text, not "
                   "as a field. Write a space there: - id: h")),
    ("  - id:h\n", ("Line 6 (- id:h) has no space after the colon of id:, so YAML reads it as "
                   "text, not as a field. Write a space there: - id: h")),
])
def test_an_items_dash_or_colon_without_its_space_is_named(key_file, line, advice):
    path = key_file(line + "    label: hedge\n    quote: reportedly\n")
    assert str(problem(path)) == (f"{path}: is not valid YAML at line 7: mapping values are not "
                                  f"allowed here. {advice}")


def test_a_field_without_a_space_after_its_colon_is_named(key_file):
    path = key_file("  - id: h\n    label:hedge\n    quote: reportedly\n")
    assert str(problem(path)).endswith(
        "could not find expected ':'. Line 7 (label:hedge) has no space after the colon of "
        "label:, so YAML reads it as text, not as a field. Write a space there: label: hedge")


def test_the_articles_file_name_for_its_id_says_which_id_to_write(key_file):
    path = key_file(HEDGE_ITEM, HEADER.replace("article: kn23", "article: kn23.txt"))
    err = problem(path)
    assert err.field == "article"
    assert str(err).endswith("Write the article's id, its file name without .txt: article: "
                             "kn23 (for seeds/kn23.txt).")


def test_labels_without_brackets_show_the_list_to_write(key_file):
    path = key_file(HEDGE_ITEM, HEADER.replace("[claim, source, hedge]", "claim, source, hedge"))
    assert str(problem(path)).endswith("labels must be a list of distinct names, in square "
                                       "brackets: write labels: [claim, source, hedge], not "
                                       "labels: claim, source, hedge.")


def test_a_policy_in_capitals_gets_a_did_you_mean(key_file):
    path = key_file(HEDGE_ITEM, HEADER.replace("items:", "policy: Strict\nitems:"))
    assert str(problem(path)).endswith("use one of strict, standard, lenient, semeval. Did you "
                                       "mean strict? (line 5)")


def test_a_missing_sha256_gives_the_line_to_add(key_file):
    path = key_file(HEDGE_ITEM, HEADER.replace(f"sha256: {SHA}\n", ""))
    assert str(problem(path)).endswith(f"sha256 is missing: add the line sha256: {SHA} (article "
                                       "'kn23' as it is now), so that the key can never score "
                                       "against an edited text without a word.")


def test_a_quote_that_runs_over_a_paragraph_end_says_so(make_key, kn23):
    with pytest.raises(AnnotatorError) as caught:
        make_key(kn23, [{"id": "c", "label": "claim",
                         "quote": "KN-23 missiles. The deployment follows"}])
    message = str(caught.value)
    assert "Did you mean" not in message  # not the quote again
    assert ("The quote runs on past the end of a paragraph: the article has a line break after "
            "'missiles.', where the quote has a space. End the quote at 'missiles.', or, if it "
            "must run on, give start and end offsets instead.") in message


def test_a_max_that_runs_over_a_paragraph_end_says_the_max_does(make_key, kn23):
    with pytest.raises(AnnotatorError) as caught:
        make_key(kn23, [{"id": "c", "label": "claim", "quote": "KN-23 missiles",
                         "max": "KN-23 missiles. The deployment"}])
    assert "The max runs on past the end of a paragraph" in str(caught.value)


def test_a_source_type_on_an_item_that_is_not_a_source_is_warned_about(kn23, make_key):
    from annotator.key import review_warnings

    key = make_key(kn23, [
        {"id": "c", "label": "claim", "quote": "reportedly", "source_type": "vague"},
        {"id": "s", "label": "source", "quote": "Kovalenko", "source_type": "named_person"},
        {"id": "h", "label": "hedge", "quote": "appears", "alt_labels": ["source"],
         "source_type": "implicit"},
    ])
    found = [w for w in review_warnings(key) if "source_type" in w]
    assert found == [("item c: source_type 'vague' is given, but the item is a claim, and "
                     "source_type is read only on sources. Is the label meant to be source? If "
                     "not, delete the source_type line.")]
