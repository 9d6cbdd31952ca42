"""Agreement figures: the published worked examples, undefined cases, marks as word layers,
and two keys compared item by item."""

from __future__ import annotations

import json
import re

import pytest

from annotator.agree import (
    agree_files,
    binary_alpha,
    cohen_kappa,
    kappa_from_table,
    key_differences,
    krippendorff_alpha,
    run,
    word_layers,
)
from annotator.cli import main
from annotator.submission import Mark

N = None


# -- published examples ------------------------------------------------------------------------


def test_cohen_1960_worked_example():
    # Cohen (1960), Table 1: two judges, three categories, proportions of 200 cases.
    # p_o = .70, p_c = .41, kappa = (.70 - .41) / (1 - .41) = .49
    table = [[.44, .07, .09],
             [.05, .20, .05],
             [.01, .03, .06]]
    assert kappa_from_table(table) == pytest.approx(0.29 / 0.59)
    assert round(kappa_from_table(table), 2) == 0.49


def test_cohen_kappa_from_two_raters_codes_matches_the_table():
    # the same table as 100 cases, written out unit by unit
    cells = {(1, 1): 44, (1, 2): 7, (1, 3): 9, (2, 1): 5, (2, 2): 20, (2, 3): 5,
             (3, 1): 1, (3, 2): 3, (3, 3): 6}
    a = [x for (x, _), n in cells.items() for _ in range(n)]
    b = [y for (_, y), n in cells.items() for _ in range(n)]
    assert cohen_kappa(a, b) == pytest.approx(0.29 / 0.59)


def test_krippendorff_binary_two_observers_example():
    # Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), example A
    data = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
            [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert round(krippendorff_alpha(data), 3) == 0.095


def test_krippendorff_nominal_two_observers_example():
    # ibid., example B: nominal data, two observers, no missing data
    data = [list("aabbdcccedda"),
            list("babbbccceddd")]
    assert round(krippendorff_alpha(data), 3) == 0.692


def test_krippendorff_nominal_four_observers_with_missing_data_example():
    # ibid., example C: four observers, twelve units, missing values: alpha = 0.743
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
            [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
    assert round(krippendorff_alpha(data), 3) == 0.743


def test_binary_alpha_from_counts_equals_alpha_from_the_matrix():
    data = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
            [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
            [1, 1, 0, 0, 0, 1, 0, 1, 0, 0]]
    marked = [sum(column) for column in zip(*data)]
    assert binary_alpha(marked, 3) == pytest.approx(krippendorff_alpha(data))


# -- undefined is undefined ----------------------------------------------------------------------


def test_kappa_is_undefined_when_both_raters_never_vary():
    assert cohen_kappa([0, 0, 0], [0, 0, 0]) is None


def test_alpha_is_undefined_when_nothing_varies_or_nothing_pairs():
    assert krippendorff_alpha([[1, 1, 1], [1, 1, 1]]) is None
    assert krippendorff_alpha([[1, N], [N, 2]]) is None  # no unit has two values
    assert krippendorff_alpha([]) is None


def test_perfect_agreement_is_one_and_kappa_can_be_negative():
    assert cohen_kappa([0, 1, 0, 1], [0, 1, 0, 1]) == 1
    assert cohen_kappa([0, 1, 0, 1], [1, 0, 1, 0]) == -1


def test_raters_must_code_the_same_units():
    with pytest.raises(ValueError):
        cohen_kappa([1, 2], [1])


# -- marks as word layers ----------------------------------------------------------------------


def test_word_layers_mark_whole_words_per_label(article):
    text = article("The minister said, reportedly, that it is likely.")
    start, end = text.find("reportedly")
    layers = word_layers([Mark(start, end, "hedge"), Mark(0, 3, "claim")], text,
                         ["claim", "source", "hedge"])
    assert layers["hedge"] == [0, 0, 0, 1, 0, 0, 0, 0]
    assert layers["claim"][0] == 1 and sum(layers["source"]) == 0


def test_a_key_agrees_perfectly_with_itself(kn23_key):
    report = agree_files([kn23_key.path, kn23_key.path])
    assert all(row.kappa == 1 and row.alpha == 1 for row in report.labels)
    assert report.differences == ()


def test_submissions_are_compared_per_label(kn23_key, write_json, submission_data):
    item = kn23_key.item("hedge-reportedly")
    mark = {"label": "hedge", "start": item.start, "end": item.end}
    a = write_json("a.json", submission_data(marks=[mark]))
    b = write_json("b.json", submission_data(marks=[]))
    report = agree_files([a, b])
    rows = {row.label: row for row in report.labels}
    assert rows["hedge"].words_marked == (1, 0)
    assert rows["claim"].kappa is None and rows["claim"].alpha is None  # nobody marked claims
    assert "undefined" in report.to_text()


def test_a_teachers_own_labels_are_the_rows_in_the_order_first_used(kn23_key, write_json,
                                                                    submission_data):
    """Two submissions with labels of a teacher's own used to list undefined claim, source
    and hedge rows first, then her labels sorted."""
    first, second = kn23_key.items[0], kn23_key.items[1]
    marks = [{"label": "reasoning", "start": first.start, "end": first.end},
             {"label": "evidence", "start": second.start, "end": second.end}]
    a = write_json("a.json", submission_data(marks=marks))
    b = write_json("b.json", submission_data(marks=marks[1:]))
    assert [row.label for row in agree_files([a, b]).labels] == ["reasoning", "evidence"]


# -- two keys, item by item --------------------------------------------------------------------


@pytest.fixture()
def two_keys(article, make_key):
    text = article("Officials said the army reportedly crossed the river. Critics doubt it.")
    a = make_key(text, [
        {"id": "s1", "label": "source", "quote": "Officials"},
        {"id": "h1", "label": "hedge", "quote": "reportedly"},
        {"id": "c1", "label": "claim", "quote": "the army reportedly crossed the river"},
        {"id": "s2", "label": "source", "quote": "Critics", "required": False},
    ])
    b = make_key(text, [
        {"id": "src", "label": "source", "quote": "Officials", "required": False},
        {"id": "hed", "label": "source", "quote": "reportedly"},
        {"id": "clm", "label": "claim", "quote": "the army reportedly crossed"},
        {"id": "doubt", "label": "claim", "quote": "Critics doubt it"},
    ])
    return a, b


def test_key_differences_list_each_kind(two_keys):
    diffs = {(d.kind, d.a_item, d.b_item) for d in key_differences(*two_keys)}
    assert ("required", "s1", "src") in diffs  # required in A, optional in B
    assert ("label", "h1", "hed") in diffs  # hedge in A, source in B
    assert ("span", "c1", "clm") in diffs  # same claim, different boundaries
    assert ("only_in_a", "s2", None) in diffs
    assert ("only_in_b", None, "doubt") in diffs


def test_key_differences_follow_text_order(two_keys):
    starts = []
    a, b = two_keys
    for diff in key_differences(a, b):
        items = [a.item(diff.a_item)] if diff.a_item else []
        items += [b.item(diff.b_item)] if diff.b_item else []
        starts.append(min(item.start for item in items))
    assert starts == sorted(starts)


def swapped(diffs):
    """Differences as (kind, A's item, B's item), written as if the keys had come the other
    way round."""
    kinds = {"only_in_a": "only_in_b", "only_in_b": "only_in_a"}
    return [(kinds.get(d.kind, d.kind), d.b_item, d.a_item) for d in diffs]


def test_key_differences_are_the_same_whichever_key_comes_first(two_keys, zoe_keys,
                                                                ofcom_keys, credit_keys,
                                                                alt_keys):
    for a, b in (two_keys, zoe_keys, ofcom_keys, credit_keys, alt_keys):
        there, back = key_differences(a, b), key_differences(b, a)
        assert swapped(there) == [(d.kind, d.a_item, d.b_item) for d in back]
        overlaps = [re.findall(r"overlap [\d.]+", d.detail) for d in there]
        assert overlaps == [re.findall(r"overlap [\d.]+", d.detail) for d in back]


ZOE = ("Ms Zoë Müller-Ashworth, whose son attends a school in Kent, said she had noticed a "
       "difference at home. He sleeps better.")


@pytest.fixture()
def zoe_keys(article, make_key):
    """The same claim: A marks the clause, B the whole sentence."""
    text = article(ZOE)
    a = make_key(text, [
        {"id": "zoe", "label": "source", "quote": "Ms Zoë Müller-Ashworth"},
        {"id": "noticed", "label": "claim", "quote": "she had noticed a difference at home"},
        {"id": "sleeps", "label": "claim", "quote": "He sleeps better"},
    ])
    b = make_key(text, [
        {"id": "zoe", "label": "source", "quote": "Ms Zoë Müller-Ashworth"},
        {"id": "noticed", "label": "claim", "quote": ZOE.split(" He ")[0]},
        {"id": "sleeps", "label": "claim", "quote": "He sleeps better"},
    ])
    return a, b


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_a_clause_and_its_whole_sentence_are_one_span_difference(zoe_keys, order):
    a, b = zoe_keys if order == "ab" else zoe_keys[::-1]
    diffs = key_differences(a, b)
    assert [(d.kind, d.a_item, d.b_item) for d in diffs] == [("span", "noticed", "noticed")]
    assert "(overlap 0.37)" in diffs[0].detail  # 7 of the sentence's 19 words


@pytest.fixture()
def ofcom_keys(article, make_key):
    text = article("Asked about it, a spokesperson for Ofcom declined to comment.")
    a = make_key(text, [{"id": "ofcom", "label": "source", "quote": "a spokesperson for Ofcom",
                         "min": "spokesperson", "max": "a spokesperson for Ofcom declined to"}])
    b = make_key(text, [{"id": "ofcom", "label": "source",
                         "quote": "a spokesperson for Ofcom declined to", "min": "spokesperson"}])
    return a, b


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_a_span_within_the_other_keys_max_is_still_a_span_difference(ofcom_keys, order):
    a, b = ofcom_keys if order == "ab" else ofcom_keys[::-1]
    diffs = key_differences(a, b)
    assert [(d.kind, d.a_item, d.b_item) for d in diffs] == [("span", "ofcom", "ofcom")]
    assert "declined to" in diffs[0].detail and "(overlap 0.67)" in diffs[0].detail


def test_punctuation_at_an_edge_is_no_span_difference(article, make_key):
    text = article("Critics said the claim is “weaker” than it looks.")
    a = make_key(text, [{"id": "c", "label": "claim", "quote": "the claim is “weaker”"}])
    b = make_key(text, [{"id": "c", "label": "claim", "quote": "the claim is “weaker"}])
    assert key_differences(a, b) == []


def test_identical_keys_have_no_differences(two_keys, zoe_keys, ofcom_keys, credit_keys,
                                            alt_keys):
    for key in (*two_keys, *zoe_keys, *ofcom_keys, *credit_keys, *alt_keys):
        assert key_differences(key, key) == []


def test_the_same_items_in_another_order_have_no_differences(article, make_key):
    """Two claims with one min, so either key's span earns full credit from either item: each
    item still pairs with its own twin, not the other claim."""
    text = article("The army crossed the river at dawn, officials said. Critics doubt it.")
    items = [
        {"id": "crossed", "label": "claim", "quote": "The army crossed the river",
         "min": "The army crossed"},
        {"id": "at-dawn", "label": "claim", "quote": "The army crossed the river at dawn",
         "min": "The army crossed", "required": False},
        {"id": "officials", "label": "source", "quote": "officials"},
        {"id": "doubt", "label": "claim", "quote": "Critics doubt it"},
    ]
    a, b = make_key(text, items), make_key(text, items[::-1])
    assert key_differences(a, b) == [] and key_differences(b, a) == []


def test_a_label_only_one_key_accepts_is_said_so(article, make_key):
    text = article("The army reportedly crossed the river.")
    a = make_key(text, [{"id": "r", "label": "hedge", "quote": "reportedly",
                         "alt_labels": ["source"]}])
    b = make_key(text, [{"id": "r", "label": "source", "quote": "reportedly"}])
    (diff,) = key_differences(a, b)
    assert diff.kind == "label" and diff.detail.endswith("; A accepts source too.")
    assert key_differences(b, a)[0].detail.endswith("; B accepts source too.")


ARMY = "Officials said the army reportedly crossed the river at dawn. Critics doubt it."


@pytest.fixture()
def credit_keys(article, make_key):
    """The same words in both keys, full credit for different marks: the claim from another
    min, the hedge up to a longer max in B; the source alike in both."""
    text = article(ARMY)
    a = make_key(text, [
        {"id": "officials", "label": "source", "quote": "Officials"},
        {"id": "h", "label": "hedge", "quote": "reportedly"},
        {"id": "crossed", "label": "claim", "quote": "the army reportedly crossed the river at dawn",
         "min": "the army reportedly crossed"},
    ])
    b = make_key(text, [
        {"id": "officials", "label": "source", "quote": "Officials"},
        {"id": "h", "label": "hedge", "quote": "reportedly", "max": "the army reportedly"},
        {"id": "c", "label": "claim", "quote": "the army reportedly crossed the river at dawn",
         "min": "crossed the river"},
    ])
    return a, b


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_a_different_min_or_max_is_a_full_credit_difference(credit_keys, order):
    """Same words, but one key gives full credit to marks the other does not: each key's
    shortest and longest mark for full credit, in words (the drafts of kn23 had nine)."""
    a, b = credit_keys if order == "ab" else credit_keys[::-1]
    diffs = key_differences(a, b)
    first, second = ("A", "B") if order == "ab" else ("B", "A")
    assert sorted((d.kind, d.a_item, d.b_item) for d in diffs) == sorted(
        [("full_credit", "h", "h"),
         ("full_credit", "crossed", "c") if order == "ab" else ("full_credit", "c", "crossed")])
    claim, hedge = diffs  # in the order of the article
    credit = {first: "only for “reportedly” in {} (h)",
              second: "from “reportedly” to “the army reportedly” in {} (h)"}
    assert hedge.detail == ("“reportedly”: full credit " + credit["A"].format("A") + ", "
                            + credit["B"].format("B") + ".")
    credit[first] = "from “the army reportedly crossed” to the whole sentence in {} (crossed)"
    credit[second] = "from “crossed the river” to the whole sentence in {} (c)"
    assert claim.detail == (
        "“the army reportedly crossed the river at dawn”: full credit "
        + credit["A"].format("A") + ", " + credit["B"].format("B") + ".")


def test_the_same_full_credit_written_differently_is_no_difference(article, make_key):
    """A min spelled out as its default, or a max that is the default but for the full stop,
    gives full credit to the same marks; alt_labels in another order are the same labels."""
    text = article("Officials said the army reportedly crossed the river at dawn.")
    a = make_key(text, [
        {"id": "c", "label": "claim", "quote": "the army reportedly crossed the river",
         "min": "the army reportedly crossed the river",
         "max": "Officials said the army reportedly crossed the river at dawn"},
        {"id": "h", "label": "hedge", "quote": "reportedly", "alt_labels": ["source", "claim"]},
    ])
    b = make_key(text, [
        {"id": "c", "label": "claim", "quote": "the army reportedly crossed the river"},
        {"id": "h", "label": "hedge", "quote": "reportedly", "alt_labels": ["claim", "source"]},
    ])
    assert key_differences(a, b) == [] and key_differences(b, a) == []


@pytest.fixture()
def alt_keys(article, make_key):
    """Same labels, another label that also counts in one key only; and a label difference
    where A also accepts a third label."""
    text = article(ARMY)
    a = make_key(text, [
        {"id": "officials", "label": "source", "quote": "Officials"},
        {"id": "h", "label": "hedge", "quote": "reportedly", "alt_labels": ["source"]},
        {"id": "doubt", "label": "hedge", "quote": "doubt", "alt_labels": ["source", "claim"]},
    ])
    b = make_key(text, [
        {"id": "officials", "label": "source", "quote": "Officials", "alt_labels": []},
        {"id": "r", "label": "hedge", "quote": "reportedly"},
        {"id": "d", "label": "claim", "quote": "doubt", "alt_labels": ["hedge"]},
    ])
    return a, b


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_other_labels_that_count_in_one_key_only_are_listed(alt_keys, order):
    a, b = alt_keys if order == "ab" else alt_keys[::-1]
    diffs = key_differences(a, b)
    listed = [(d.kind, d.a_item, d.b_item) for d in diffs]
    expected = [("alt_labels", "h", "r"), ("label", "doubt", "d"), ("alt_labels", "doubt", "d"),
                ("full_credit", "doubt", "d")]  # a claim's default max is its whole sentence
    assert listed == (expected if order == "ab" else [(k, y, x) for k, x, y in expected])
    first, second = ("A", "B") if order == "ab" else ("B", "A")
    accepts = {first: "{} accepts hedge or source (h)", second: "{} accepts hedge only (r)"}
    assert diffs[0].detail == ("“reportedly”: " + accepts["A"].format("A") + ", "
                               + accepts["B"].format("B") + ".")
    accepts = {first: "{} accepts hedge, source or claim (doubt)",
               second: "{} accepts claim or hedge (d)"}
    assert diffs[2].detail == ("“doubt”: " + accepts["A"].format("A") + ", "
                               + accepts["B"].format("B") + ".")


def test_agree_command_prints_figures_and_differences(capsys):
    assert main(["agree", "answer_keys/drafts/kn23.a.yaml", "answer_keys/drafts/kn23.b.yaml"]) \
        == 0
    out = capsys.readouterr().out
    assert "kappa" in out and "alpha" in out and "[required]" in out and "only in A" in out
    assert out.count("[full_credit]") == 9  # the same words, full credit from another min
    assert ("“they strengthened their ties through a secret arms deal”: full credit from "
            "“they strengthened their ties” to the whole sentence in A (claim-secret-arms-deal), "
            "from “strengthened their ties through a secret arms deal” to the whole sentence in "
            "B (claim-secret-arms-deal).") in out


def test_agree_needs_two_files_and_reports_bad_ones(write):
    assert run(["one.json"], echo=lambda _: None) == 2
    bad = write("bad.json", json.dumps({"format": "nope"}))
    assert run([str(bad), str(bad)], echo=lambda _: None) == 1


def test_a_bad_file_is_left_out_and_the_rest_compared(capsys, write, write_json, kn23_key,
                                                     submission_data):
    files = []
    for n in range(6):
        data = submission_data(marks=[{"label": i.label, "start": i.start, "end": i.end}
                                      for i in kn23_key.items[n:n + 20]])
        data["student"] = {"id": f"s-{n}"}
        files.append(str(write_json(f"s{n}.json", data)))
    bad = write("broken.json", "{")
    assert main(["agree", *files, str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"error {bad}: is not valid JSON") and "(left out)" in out
    assert "F. s-5 (s5.json)" in out and "G." not in out  # the six good files compared
    claim = next(line for line in out.splitlines() if line.startswith("claim "))
    assert "mean" in claim and " / " not in claim  # six counts summed up, not listed


def test_two_files_of_the_same_name_are_told_apart_by_their_folders(write_json,
                                                                    submission_data, kn23_key):
    """ada.json from lesson 1 and ada.json from lesson 4."""
    item = kn23_key.item("hedge-reportedly")
    data = submission_data(marks=[{"label": "hedge", "start": item.start, "end": item.end}])
    data["student"] = {"id": "ada"}
    a = write_json("kn23-claims/ada.json", data)
    b = write_json("kn23-full/ada.json", data)
    assert agree_files([a, b]).names == ("ada (kn23-claims/ada.json)", "ada (kn23-full/ada.json)")


def test_a_submission_for_another_article_is_told_so_in_agreement_words(
        capsys, write_json, submission_data):
    other = submission_data()
    other["article"]["sha256"] = "0" * 64
    files = [write_json("a.json", submission_data()), write_json("b.json", submission_data()),
             write_json("c.json", other)]
    assert main(["agree", *map(str, files)]) == 1
    out = capsys.readouterr().out
    assert "every file must be about the same article" in out and "Grade it" not in out
