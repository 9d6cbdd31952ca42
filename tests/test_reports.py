"""HTML reports: escaped, self-contained, and saying what the feedback module says."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime, timezone
from html import escape, unescape
from pathlib import Path

import pytest

from annotator.collect import collect
from annotator.feedback import MISSED_HIDDEN, NO_MARKS, explain, summary_line
from annotator.gradebook import grade, report_file
from annotator.labels import label_set
from annotator.reports import (
    _quote,
    class_report,
    histogram_svg,
    student_report,
    student_report_files,
)

EVIL = "<script>alert(1)</script>"


@pytest.fixture()
def evil_class(kn23_key, write_json, submission_data, tmp_path):
    """A class with a student named <script>, an evil id, and an evil file name in a zip."""
    items = kn23_key.items
    marks = [{"label": i.label, "start": i.start, "end": i.end} for i in items[:8]]
    data = submission_data(marks=marks)
    data["student"] = {"id": "<b>s-1</b>", "name": EVIL}
    write_json("class/evil.json", data)
    other = submission_data(marks=marks[:2] + [{"label": "claim", "start": 0, "end": 5}])
    other["student"] = {"id": "s-2", "name": "Bob"}
    with zipfile.ZipFile(tmp_path / "class" / "canvas.zip", "w") as archive:
        archive.writestr("smithbob_5_6_<img src=x onerror=alert(2)>.json", json.dumps(other))
    return grade(collect([tmp_path / "class"]), kn23_key)


def _no_live_markup(html: str) -> None:
    assert "<script" not in html.lower()
    assert "<img" not in html.lower() and "<b>s-1" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # nothing fetched


def test_student_report_escapes_every_student_string(evil_class):
    for student in evil_class.graded:
        html = student_report(evil_class, student)
        _no_live_markup(html)
    evil = next(s for s in evil_class.graded if s.name == EVIL)
    html = student_report(evil_class, evil)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;s-1&lt;/b&gt;" in html


def test_class_report_escapes_every_student_string(evil_class):
    html = class_report(evil_class)
    _no_live_markup(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # the zip member's name, as text


def test_reports_are_self_contained(evil_class):
    for html in (class_report(evil_class), student_report(evil_class, evil_class.graded[0])):
        assert html.startswith("<!doctype html>") and "<style>" in html
        assert "<link" not in html and "@import" not in html


def test_student_report_says_what_the_feedback_module_says(evil_class, kn23_key):
    student = evil_class.graded[0]
    html = student_report(evil_class, student)
    result = student.chosen.result
    from html import escape

    assert escape(summary_line(result)) in html
    for note in explain(result, kn23_key):
        assert escape(note.detail) in html
        if note.why:
            assert escape(note.why) in html


def test_student_report_can_leave_out_what_was_missed(evil_class, kn23_key):
    student = evil_class.graded[0]
    missed = [r for r in student.chosen.result.items if r.outcome == "missed" and r.required]
    assert missed
    why = kn23_key.item(missed[0].id).why
    from html import escape

    assert escape(why) in student_report(evil_class, student)
    hidden = student_report(evil_class, student, reveal_missed=False)
    assert escape(why) not in hidden and "missed claim" not in hidden


def test_student_report_marks_every_mark_with_label_and_status_in_words(evil_class):
    student = evil_class.graded[0]
    html = student_report(evil_class, student)
    for mark in student.chosen.result.marks:
        assert f'title="{mark.label}:' in html  # label and status as text, not colour alone


def test_class_report_has_every_section(evil_class):
    html = class_report(evil_class)
    for heading in ("Scores", "Key items: share of the class", "Extra marks many students",
                    "Label confusions", "Agreement among students", "Heat map"):
        assert heading in html
    assert html.count("<svg") == 1 and "Krippendorff" in html


def test_class_report_links_to_student_reports_by_safe_name(evil_class):
    html = class_report(evil_class, reports_folder="reports")
    for student in evil_class.graded:
        assert f"reports/{report_file(student.key)}" in html
    assert "reports/" not in class_report(evil_class, reports_folder=None)


@pytest.mark.parametrize("reveal_missed", [True, False])
def test_report_files_are_the_reports_in_utf8_under_their_safe_names(evil_class, reveal_missed):
    files = list(student_report_files(evil_class, evil_class.graded, reveal_missed))
    assert files == [(report_file(s.key), student_report(evil_class, s, reveal_missed).encode())
                     for s in evil_class.graded]


def test_extra_marks_many_students_made_are_clustered(kn23_key, write_json, submission_data,
                                                      tmp_path):
    # Kim Jong-un marked as a hedge is in no key item; three students, two spans: one cluster
    leader = kn23_key.article.find("North Korean leader Kim Jong-un")
    kim = kn23_key.article.find("Kim Jong-un")
    for n, (start, end) in enumerate([leader, kim, leader]):
        data = submission_data(marks=[{"label": "hedge", "start": start, "end": end}])
        data["student"] = {"id": f"s-{n}", "name": f"S {n}"}
        write_json(f"class/{n}.json", data)
    html = class_report(grade(collect([tmp_path / "class"]), kn23_key))
    section = html.split("<h2 id='extra'>")[1].split("<h2 id='confusions'>")[0]
    assert "“North Korean leader Kim Jong-un”" in section and "3 (100%)" in section
    assert section.count("<tr>") == 2  # a header and one cluster


def test_histogram_has_ten_bins_and_says_when_there_is_nothing():
    svg = histogram_svg([5, 15, 15, 99, 100])
    assert svg.count("<rect") == 10 and "mean 47%" in svg
    assert "no scores yet" in histogram_svg([])


def test_an_empty_class_still_gets_a_readable_report(kn23_key):
    html = class_report(grade([], kn23_key))
    assert "0 student(s) graded" in html and "undefined" in html


# -- late work, empty files ---------------------------------------------------------------------

DUE = datetime(2026, 11, 26, 17, 0, tzinfo=timezone.utc)


@pytest.fixture()
def late_class(kn23_key, write_json, submission_data, tmp_path):
    """s-1: an on-time file and a better late one; s-2: one late file; s-3: no marks."""
    items = kn23_key.items
    marks = [{"label": i.label, "start": i.start, "end": i.end} for i in items[:6]]
    for name, sid, some, saved in [("a1", "s-1", marks[:2], "2026-11-20T10:00:00Z"),
                                   ("a2", "s-1", marks, "2026-11-27T10:00:00Z"),
                                   ("b", "s-2", marks, "2026-11-28T09:30:00Z"),
                                   ("c", "s-3", [], "2026-11-21T08:00:00Z")]:
        data = submission_data(marks=some, saved_at=saved)
        data["student"] = {"id": sid, "name": f"Student {sid}"}
        write_json(f"class/{name}.json", data)

    def build(**options):
        return grade(collect([tmp_path / "class"]), kn23_key, due=DUE, **options)
    return build


def _student(book, key):
    return next(s for s in book.graded if s.key == key)


@pytest.mark.parametrize("resubmission", ["latest", "latest_before_due"])
def test_the_class_report_header_says_what_came_late_and_who_handed_in_no_marks(
        late_class, resubmission):
    book = late_class(resubmission=resubmission)
    head = class_report(book).split("</header>")[0]
    assert escape(book.late_note()) in head and escape(book.no_marks_note()) in head
    assert "Student s-3 (s-3)" in head


def test_a_report_says_a_late_file_was_not_counted(late_class):
    """Plain files are timed by when they were saved (their saved_at), not handed in: the
    README promises "saved" for them."""
    book = late_class(resubmission="latest_before_due")
    html = student_report(book, _student(book, "s-1"))
    assert ("You handed in 2 files; this report is on the last one saved before the due "
            "time (2026-11-20 10:00 UTC). The one saved after the due time "
            "(2026-11-27 10:00 UTC) was not counted.") in html
    assert "handed in before" not in html and "handed in after" not in html
    assert "You handed in" not in student_report(book, _student(book, "s-2"))  # one file


def test_files_timed_when_handed_in_are_said_to_be_handed_in(late_class):
    """nbgrader's timestamp.txt times the hand-in itself: its files keep "handed in"."""
    from dataclasses import replace

    from annotator.reports import _student_pages

    book = late_class(resubmission="latest_before_due")
    student = _student(book, "s-1")
    student.submissions = [replace(g, saved=False) for g in student.submissions]
    student.chosen = next(g for g in student.submissions if not g.late)
    line = _student_pages(book, True).files_line(student)
    assert "the last one handed in before the due time" in line
    assert "The one handed in after the due time" in line


def test_a_report_on_the_latest_of_several_files_says_so(late_class):
    book = late_class()
    html = student_report(book, _student(book, "s-1"))
    assert "You handed in 2 files; this report is on the last one (2026-11-27 10:00 UTC)." \
        in html
    assert "not counted" not in html


@pytest.mark.parametrize("reveal_missed", [True, False])
def test_a_report_on_a_file_with_no_marks_says_so(late_class, reveal_missed):
    book = late_class()
    empty = student_report(book, _student(book, "s-3"), reveal_missed)
    assert escape(NO_MARKS) in empty.split("</header>")[0]
    assert escape(NO_MARKS) not in student_report(book, _student(book, "s-1"), reveal_missed)


def test_with_missed_items_hidden_item_by_item_says_why_it_may_be_empty(late_class):
    book = late_class()
    hidden = student_report(book, _student(book, "s-3"), reveal_missed=False)
    after = hidden.split("<h2 id=\"items\">Item by item</h2>")[1]
    assert after.startswith(f"<p class='muted'>{escape(MISSED_HIDDEN)}</p>")
    assert '<li class="note"' not in after  # nothing else to say: no marks, missed hidden
    assert "… missed" not in hidden  # nor a legend for what is not shown
    assert MISSED_HIDDEN not in student_report(book, _student(book, "s-3"))


# -- what the pages show -------------------------------------------------------------------------


def test_an_optional_item_marked_with_the_wrong_label_is_tagged_wrong_label(
        kn23_key, write_json, submission_data, tmp_path):
    some = kn23_key.article.find("some")
    data = submission_data(marks=[{"label": "claim", "start": some[0], "end": some[1]}])
    write_json("class/a.json", data)
    book = grade(collect([tmp_path / "class"]), kn23_key)
    html = student_report(book, book.graded[0], reveal_missed=False)
    assert 'title="claim: found, wrong label"><span aria-hidden="true">CLAIM ⇄' in html
    assert "(end of claim mark: found, wrong label)" in html  # in words, for a screen reader
    assert "claim: optional item" not in html
    assert "You found “some” but marked it as claim; it is a hedge." in html


def test_known_traps_are_shown_apart_with_the_keys_why(kn23_key, write_json, submission_data,
                                                       tmp_path):
    telegram, kim = kn23_key.article.find("Telegram"), kn23_key.article.find("Kim Jong-un")
    for n in range(3):  # Telegram as a source is one of the key's distractors; Kim as a hedge not
        data = submission_data(marks=[{"label": "source", "start": telegram[0],
                                       "end": telegram[1]},
                                      {"label": "hedge", "start": kim[0], "end": kim[1]}])
        data["student"] = {"id": f"s-{n}", "name": f"S {n}"}
        write_json(f"class/{n}.json", data)
    html = class_report(grade(collect([tmp_path / "class"]), kn23_key))
    section = html.split("<h2 id='extra'>")[1].split("<h2 id='confusions'>")[0]
    traps, others = section.split("Not in the key")
    why = next(d.why for d in kn23_key.distractors if "Telegram" in d.why)
    assert "Known traps" in traps and "“Telegram”" in traps and escape(why) in traps
    assert "“Kim Jong-un”" not in traps and "candidate for a new optional item" not in traps
    assert "“Kim Jong-un”" in others and "candidate for a new optional item" in others


def test_a_near_miss_is_badged_not_close_enough_as_its_note_says(
        kn23_key, write_json, submission_data, tmp_path):
    """The badge in the text said '✗ not in the key' while the list below said 'Not close
    enough … overlaps a claim in the key'; the widget already badged it 'not close enough'."""
    text = kn23_key.article.text
    start = text.index("teams of North Koreans")
    near = {"label": "claim", "start": start, "end": start + len("teams of North Koreans")}
    telegram = kn23_key.article.find("Kim Jong-un")  # a hedge the key has nothing near
    far = {"label": "hedge", "start": telegram[0], "end": telegram[1]}
    write_json("class/a.json", submission_data(marks=[near, far]))
    book = grade(collect([tmp_path / "class"]), kn23_key)
    html = student_report(book, book.graded[0])
    assert 'title="claim: not close enough"' in html and "Not close enough" in html
    assert "CLAIM ≉</span>" in html  # a symbol of its own, not the ✗ of 'not in the key'
    assert 'title="claim: not in the key"' not in html
    assert 'title="hedge: not in the key"' in html


def test_a_second_mark_on_a_found_item_is_badged_already_found(
        kn23_key, write_json, submission_data, tmp_path):
    """A second source mark inside a source already found was badged 'not close enough'
    while its note said it counts as an extra mark because another mark answers the item."""
    item = kn23_key.item("source-lim-eul-chul")
    text = kn23_key.article.text
    whole = {"label": "source", "start": item.start, "end": item.start + len("Lim Eul-chul")}
    inside = text.index("a professor", item.start)
    again = {"label": "source", "start": inside, "end": inside + len("a professor")}
    write_json("class/a.json", submission_data(marks=[whole, again]))
    book = grade(collect([tmp_path / "class"]), kn23_key)
    html = student_report(book, book.graded[0])
    assert 'title="source: already found"' in html and "Already found" in html
    assert 'title="source: not close enough"' not in html
    assert "SOURCE ↺</span>" in html  # a symbol of its own, not the ✗ of 'not in the key'


def test_the_heat_map_is_darkest_for_the_most_students_any_word_got(
        kn23_key, write_json, submission_data, tmp_path):
    """On a projector, words 15 and 8 of 30 students marked looked alike: the shade was a share
    of the whole class, and no word gets all of it. The darkest is now the most any word got."""
    item = kn23_key.item("hedge-reportedly")
    for n in range(4):  # one of four marks it
        marks = [{"label": "hedge", "start": item.start, "end": item.end}] if n == 0 else []
        data = submission_data(marks=marks)
        data["student"] = {"id": f"s-{n}", "name": f"S {n}"}
        write_json(f"class/{n}.json", data)
    html = class_report(grade(collect([tmp_path / "class"]), kn23_key))
    hedge = html.split(">hedge</h3>")[1].split("<h3")[0]
    assert "1 student(s), the most any word got (of 4)" in hedge
    assert 'rgba(204,121,167,0.70)" title="1 of 4">reportedly' in hedge


def test_a_long_file_name_wraps_on_a_narrow_screen(late_class):
    book = late_class()
    assert ".meta{color:#555;font-size:.9em;margin:.2em 0;overflow-wrap:anywhere}" in \
        student_report(book, book.graded[0])


def test_a_source_marked_in_the_claims_lesson_is_a_trap_not_a_new_item(
        kn23_key, write_json, submission_data, tmp_path):
    """Graded on claims only, a source the class marked as a claim was offered as a new
    optional claim item ('candidate for a new optional item'); it is a mistake to discuss."""
    officials = kn23_key.item("source-senior-officials")
    for n in range(3):
        data = submission_data(marks=[{"label": "claim", "start": officials.start,
                                       "end": officials.end}])
        data["student"] = {"id": f"s-{n}", "name": f"S {n}"}
        write_json(f"class/{n}.json", data)
    html = class_report(grade(collect([tmp_path / "class"]), kn23_key, labels=["claim"]))
    section = html.split("<h2 id='extra'>")[1].split("<h2 id='confusions'>")[0]
    traps, _, others = section.partition("Not in the key")
    assert "“senior officials in Kyiv and Seoul”" in traps
    assert "has these words as a source" in traps
    assert "senior officials" not in others


def test_every_table_has_its_header_row_in_a_thead_so_print_repeats_it(late_class):
    book = late_class()
    for html in (class_report(book), student_report(book, book.graded[0])):
        tables = html.split("<table>")[1:]
        assert tables and all(t.startswith("<thead><tr>") for t in tables)


def test_pages_print_their_colours_and_the_class_reports_closed_lists(late_class):
    book = late_class()
    for html in (class_report(book), student_report(book, book.graded[0])):
        style = html.split("<style>")[1].split("</style>")[0]
        assert "print-color-adjust:exact" in style and "-webkit-print-color-adjust:exact" \
            in style
        printed = style.split("@media print{")[1]
        assert "details::details-content{content-visibility:visible" in printed
        assert "tr,.note" in printed and "break-inside:avoid" in printed


def test_the_heat_map_has_a_scale_per_label_and_no_student_report_legend(late_class,
                                                                          kn23_key):
    book = late_class()
    heat = class_report(book).split("<h2 id='heat'>")[1]
    assert 'class="legend' not in heat
    assert heat.count("<span class='ramp' aria-hidden='true'") == len(kn23_key.labels)
    assert len(re.findall(r"</span> \d+ student\(s\)(, the most any word got \(of "
                          rf"{len(book.graded)}\))?</p>", heat)) == len(kn23_key.labels)
    # the shade in words too: a table of counts under each map, the map itself hidden from
    # screen readers (it would read the article three times over, without a number)
    assert heat.count("<div class='heat' aria-hidden='true'>") == len(kn23_key.labels)
    claim_table = heat.split("claim: the same as a table</summary>")[1].split("</details>")[0]
    assert re.search(r"<td class=num>\d+ of " + str(len(book.graded)) + "</td>", claim_table)


def test_each_label_is_underlined_in_its_own_pattern_as_in_the_widget(kn23_key):
    """Claims solid, sources double, hedges wavy: what a student learned in the widget is
    what the report shows (a dotted line would read as something else)."""
    from annotator.reports import _label_css

    css = _label_css(kn23_key.labels)
    rules = dict(re.findall(r"\.(l\d)\{([^}]*)\}", css))
    look = {label.name: label for label in label_set(list(kn23_key.labels))}
    for n, name in enumerate(kn23_key.labels):
        rule = rules[f"l{n}"]
        if look[name].pattern == "wavy":
            assert "svg" in rule and "border-bottom" not in rule and "dotted" not in rule
        else:
            assert f"{look[name].pattern} {look[name].colour}" in rule



def test_the_articles_lines_grow_with_the_labels_underline_lanes():
    """Each label's underline sits lower under a word (its own depth): with 8 labels the lowest
    reaches about 40px down, and the article's lines grow so that neither it nor the tint above
    it reaches the next line's words. The news lessons' 3 labels keep lines of 2.5."""
    from annotator.reports import BASE_CSS, _label_css

    font = 1.02 * 16  # the article's font size in px
    rule = re.search(r"\.article\{[^}]*line-height:max\(([\d.]+)em,calc\(([\d.]+)em \+ "
                     r"var\(--lanes,0px\)\)\)", BASE_CSS)
    assert rule, "the article's line height does not grow with --lanes"

    def lines_and_lanes(labels: list[str]) -> tuple[float, float]:
        """The article's line height, and how far under a word its lowest underline ends."""
        css = _label_css(labels)
        lanes = float(re.search(r"\.article\{--lanes:([\d.]+)px\}", css)[1])
        deepest = 0
        for body in re.findall(r"\.l\d+\{([^}]*)\}", css):
            border = re.search(r"border-bottom:(\d+)px", body)
            padding = float(re.search(r"padding-bottom:(\d+)px", body)[1])
            deepest = max(deepest, padding + (float(border[1]) if border else 0))
        assert deepest <= lanes
        return max(float(rule[1]) * font, float(rule[2]) * font + lanes), deepest

    news, news_deepest = lines_and_lanes(["claim", "source", "hedge"])
    assert news == pytest.approx(2.5 * font)
    eight, deepest = lines_and_lanes(["claim", "source", "hedge", "opinion", "evidence",
                                      "counter-argument", "loaded-word", "statistic"])
    assert deepest >= 36
    word = 1.3 * font  # a word's own height, generously
    assert eight - word >= deepest + 2  # room under a word for every lane, and a gap
    assert news - word >= news_deepest + 2

def _all_mark(key, write_json, submission_data, tmp_path, label, span, students=3):
    """A class of ``students`` who each made one mark, of ``label`` over ``span``, graded."""
    for n in range(students):
        data = submission_data(marks=[{"label": label, "start": span[0], "end": span[1]}])
        data["student"] = {"id": f"s-{n}", "name": f"S {n}"}
        write_json(f"class/{n}.json", data)
    return grade(collect([tmp_path / "class"]), key)


def test_a_candidate_for_the_key_comes_as_yaml_that_pastes_into_the_key(
        kn23_key, write_json, submission_data, tmp_path):
    """The class report's "Not in the key" rows give each span as an optional item, indented
    like the key's own items: pasted after the last item, the key loads and a regrade counts
    the students' marks as the optional item."""
    from annotator.key import load_key

    ongoing = kn23_key.article.find("ongoing")
    page = class_report(_all_mark(kn23_key, write_json, submission_data, tmp_path, "hedge",
                                  ongoing))
    found = re.search(r"<pre class='small'>(.*?)</pre>", page, re.DOTALL)
    snippet = unescape(found[1])
    assert snippet.startswith("  - id: hedge-ongoing\n") and "required: false" in snippet
    text = Path(kn23_key.path).read_text(encoding="utf-8")
    edited = tmp_path / "kn23.yaml"
    edited.write_text(text.replace("\ndistractors:", "\n" + snippet + "distractors:", 1),
                      encoding="utf-8")
    key = load_key(edited)
    item = key.item("hedge-ongoing")
    assert (item.start, item.end, item.required) == (*ongoing, False)
    regraded = grade(collect([tmp_path / "class"]), key)
    assert all(m.status == "optional" for s in regraded.graded
               for m in s.chosen.result.marks)
    assert "<pre" not in class_report(regraded)


def test_a_mark_wider_than_an_items_max_gets_a_wider_max_not_a_new_item(
        kn23_key, write_json, submission_data, tmp_path):
    """Students who marked "stated that it is “highly likely”" as a hedge got no credit for
    hedge-highly-likely (wider than its max). The class report offers that item's max,
    widened; set in the key, a regrade gives them the item. A span that overlaps an item
    without its min gets no YAML at all."""
    from annotator.key import load_key

    wide = kn23_key.article.find("stated that it is “highly likely”")
    page = class_report(_all_mark(kn23_key, write_json, submission_data, tmp_path, "hedge",
                                  wide))
    assert "wider max for hedge-highly-likely" in page and "as a key item" not in page
    found = re.search(r"<pre class='small'>(.*?)</pre>", page, re.DOTALL)
    value = unescape(found[1]).strip()
    assert value.startswith("max: ") and "stated that it is “highly likely”" in value
    text = Path(kn23_key.path).read_text(encoding="utf-8")
    old = '    max: "that it is “highly likely”"\n'
    assert old in text
    edited = tmp_path / "kn23.yaml"
    edited.write_text(text.replace(old, f"    {value}\n", 1), encoding="utf-8")
    regraded = grade(collect([tmp_path / "class"]), load_key(edited))
    assert {r.id: r.outcome for r in regraded.graded[0].chosen.result.items}[
        "hedge-highly-likely"] == "hit"


def test_a_pasted_items_why_takes_an_apostrophe(kn23_key, write_json, submission_data,
                                                tmp_path):
    from annotator.key import load_key

    ongoing = kn23_key.article.find("ongoing")
    page = class_report(_all_mark(kn23_key, write_json, submission_data, tmp_path, "hedge",
                                  ongoing))
    assert "(above the distractors and the comment before them)" in page
    snippet = unescape(re.search(r"<pre class='small'>(.*?)</pre>", page, re.DOTALL)[1])
    written = re.sub(r'why: "DRAFT:[^"]*"', 'why: "It is the writer\'s word, not a hedge."',
                     snippet)
    assert written != snippet
    text = Path(kn23_key.path).read_text(encoding="utf-8")
    edited = tmp_path / "kn23.yaml"
    edited.write_text(text.replace("\ndistractors:", "\n" + written + "distractors:", 1),
                      encoding="utf-8")
    assert load_key(edited).item("hedge-ongoing").why == "It is the writer's word, not a hedge."


def test_reports_say_when_and_with_which_key_they_were_graded(kn23_key, write_json,
                                                              submission_data, tmp_path):
    """After a regrade, a student (and the instructor) can tell the new report from the old."""
    write_json("class/a.json", submission_data())
    book = grade(collect([tmp_path / "class"]), kn23_key)
    stamp = f"graded {book.graded_at:%Y-%m-%d %H:%M} UTC"
    assert f"{stamp} with kn23.yaml" in student_report(book, book.graded[0])
    head = class_report(book).split("</header>")[0]
    assert stamp in head and head.count("kn23.yaml") == 1  # the key is said once: "Key: …"


def test_a_screen_reader_hears_where_each_mark_starts_and_ends_in_words(late_class):
    """The tags' symbols (✓ ≈ ⇄ ✗) are hidden from screen readers, which hear words instead;
    each mark and missed item says where it starts; the page has a main landmark, a skip link
    to the item-by-item feedback, and the figures' rows are headed by their label."""
    book = late_class()
    page = student_report(book, _student(book, "s-1"))
    article = page.split('<div class="article">')[1].split("</div>")[0]
    heard = re.sub(r"<span aria-hidden=\"true\">.*?</span>", "", article)
    heard = re.sub(r"<[^>]+>", "", heard)
    for symbol in "✓≈⇄✗○⊕":
        assert symbol not in heard
    assert "claim mark: " in heard and "(end of claim mark: " in heard
    marks, missed = heard.count("(end of "), heard.count("(end of missed ")
    assert heard.count(" mark: ") == 2 * (marks - missed)  # each mark's start and end
    assert heard.count("missed ") == 2 * missed > 0  # each missed item's start and end
    assert '<main><a class="skip" href="#items">' in page and '<h2 id="items">' in page
    assert page.count("<main>") == 1 and "</ol></main>" in page
    assert "<th scope=row>claim</th>" in page


def test_tag_text_contrasts_with_its_label_colour(kn23_key):
    """WCAG AA for the tags' small bold text: 4.5:1 against the label's colour."""
    def luminance(colour):
        channels = [int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5)] if len(colour) == 7 \
            else [int(colour[k] * 2, 16) / 255 for k in (1, 2, 3)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    from annotator.reports import _label_css

    for back, text in re.findall(r"\.t\d\{background:(#\w+);color:(#\w+)\}",
                                 _label_css(kn23_key.labels)):
        light, dark = sorted((luminance(back), luminance(text)))
        assert (dark + 0.05) / (light + 0.05) >= 4.5, back


def test_the_class_report_reads_without_sight_or_a_mouse(late_class):
    book = late_class()
    page = class_report(book)
    assert f"<title>Class report: {escape(book.key.article.title)}</title>" in page
    assert page.count("<main>") == 1 and "<th></th>" not in page
    desc = re.search(r'<desc id="hist-d">(.*?)</desc>', page)[1]
    assert desc.count("%: ") == 10 and "Mean " in desc
    assert "aria-labelledby=\"hist-t hist-d\"" in page
    assert page.count("<table>") == page.count("<div class='scroll' tabindex='0'")


def test_a_span_that_is_a_quotation_is_quoted_once_in_the_class_report():
    from annotator.reports import _quote

    assert _quote("“highly  likely”") == "“highly likely”"
    assert _quote("highly likely") == "“highly likely”"
    assert _quote("“" + "word " * 30 + "end”", 20).count("“") == 1  # cut: one pair of its own


# -- finding one's way in a long class report, and what it says ----------------------------------


def test_the_class_report_opens_with_contents_and_the_students_near_the_top(late_class,
                                                                             kn23_key):
    """A long article's class report ran to 44 screens with no way around it, and the links
    to the students' reports came last, after three heat maps of the whole article."""
    page = class_report(late_class(), reports_folder="reports")
    nav = re.search(r"</header><nav aria-labelledby='contents'><h2 id='contents'>Contents</h2>"
                    r"(.*?)</nav><main>", page)
    assert nav, "no contents between the header and the main part"
    targets = re.findall(r"<a href='#([\w-]+)'>", nav[1])
    assert targets[:4] == ["scores", "hardest", "problems", "students"]
    assert [f"heat-{n}" for n in range(len(kn23_key.labels))] == targets[-3:]
    for target in targets:  # each a real heading, once
        assert re.search(rf"<h[23][^>]* id='{target}'>", page) and \
            page.count(f" id='{target}'") == 1
    assert "Students (3)</a>" in nav[1]
    main = page.split("<main>")[1]
    assert main.index("<h2 id='students'>") < main.index("reports/") < \
        main.index("<h2 id='items'>") < main.index("<h2 id='heat'>")
    assert main.count("<a href='#contents'>Back to contents</a>") >= 6
    assert "@media print{.back{display:none}}" in page  # the way back is not printed


def test_the_hardest_required_items_are_named_by_label_and_words_with_the_share_found(
        late_class, kn23_key):
    """They were three ids, cut off as the key's author had them cut
    ("source-blood-lead-testing-data-from-t"): now each says its label and words, links to
    its row of the items' table and says how many found it."""
    book = late_class()  # all found the key's first six items, none any other
    page = class_report(book)
    hardest = page.split("<h2 id='hardest'>")[1].split("<h2")[0]
    rows = re.findall(r"<li>(.*?)</li>", hardest)
    unfound = [(n, item) for n, item in enumerate(kn23_key.items)
               if item.required and n >= 6][:5]
    assert len(rows) == 5
    for row, (n, item) in zip(rows, unfound):
        words = escape(_quote(kn23_key.article.text[item.start:item.end], 60))
        assert row == f"<b>{item.label}</b> <a href='#item-{n}'>{words}</a>: 0% found"
        assert f"<tr id='item-{n}'><td>{item.id}</td>" in page
        assert item.id not in hardest


def _all_mark_between(key, write_json, submission_data, tmp_path, label, first, last):
    """``_all_mark`` over the words from ``first`` to the end of ``last``."""
    text = key.article.text
    start = text.index(first)
    return _all_mark(key, write_json, submission_data, tmp_path, label,
                     (start, text.index(last, start) + len(last)))


def test_no_wider_max_is_offered_that_runs_into_the_next_sentence(
        kn23_key, write_json, submission_data, tmp_path):
    """A claim mark run on past a paragraph's end into the next two claims was offered as
    claim-teams-behind-lines's max: pasted, it gave a student 59 % → 67 %."""
    page = class_report(_all_mark_between(
        kn23_key, write_json, submission_data, tmp_path, "claim", "teams of North Koreans",
        "secret arms deal"))
    assert "wider max for" not in page and "<pre" not in page
    section = page.split("Extra marks many students made</h2>")[1].split("<h2")[0]
    assert "wider than the max of claim-teams-behind-lines, but a max this wide would run " \
        "past the end of its sentence: no change offered" in section


def test_no_wider_max_is_offered_that_takes_in_another_items_words(
        kn23_key, write_json, submission_data, tmp_path):
    """A hedge mark run on into the claim after it was offered as hedge-highly-likely's max,
    taking in the claim's words."""
    page = class_report(_all_mark_between(
        kn23_key, write_json, submission_data, tmp_path, "hedge", "“highly likely”",
        "North Korean officers"))
    assert "wider max for" not in page and "<pre" not in page
    section = page.split("Extra marks many students made</h2>")[1].split("<h2")[0]
    assert "a max this wide would take in words of the min of claim-officers-fighting " \
        "(claim)" in section


def test_a_second_accepted_label_is_tagged_also_accepted_not_optional_item(
        kn23_key, write_json, submission_data, tmp_path):
    """'reportedly' is a required hedge that a source mark also answers: marked both ways,
    the second mark was tagged '○ optional item'. A found optional item still is one."""
    reportedly, some = kn23_key.item("hedge-reportedly"), kn23_key.item("hedge-some")
    marks = [{"label": label, "start": item.start, "end": item.end}
             for label, item in [("hedge", reportedly), ("source", reportedly),
                                 ("hedge", some)]]
    write_json("class/a.json", submission_data(marks=marks))
    book = grade(collect([tmp_path / "class"]), kn23_key)
    article = student_report(book, book.graded[0]).split('<div class="article">')[1]
    assert 'title="source: also accepted"><span aria-hidden="true">SOURCE ⊕</span>' in article
    assert "(end of source mark: also accepted)" in article  # in words, for a screen reader
    assert article.count(": optional item") == 2 and 'title="hedge: optional item"' in article
    assert "source: optional item" not in article


def test_the_class_report_says_which_key_and_section_were_graded(
        kn23_key, write_json, submission_data, tmp_path):
    """Two sections graded on different keys (or versions of one) could not be told apart:
    the head names the key file, its points, a fingerprint of it and the roster's section."""
    import hashlib
    from types import SimpleNamespace

    from annotator.roster import Roster

    write_json("class/a.json", submission_data())
    book = grade(collect([tmp_path / "class"]), kn23_key)
    digest = hashlib.sha256(Path(kn23_key.path).read_bytes()).hexdigest()[:12]
    said = ("Key: <b>kn23.yaml</b> · 31 point(s) for claim, source, hedge · key file sha256 "
            f"<code>{digest}</code>")
    head = class_report(book).split("</header>")[0]
    assert said in head and "section" not in head
    book.roster = Roster("roster.csv", ("Student", "ID", "Section"), 3, None, (),
                         section="Literacy <Period 2>")
    assert f"{said} · roster section: <b>Literacy &lt;Period 2&gt;</b>" in class_report(book)
    book.roster = SimpleNamespace()  # a roster from before sections
    assert "section" not in class_report(book).split("</header>")[0]


def test_the_fingerprint_is_of_the_key_as_graded_even_once_the_file_changes(
        kn23_key, write_json, submission_data, tmp_path):
    """The fingerprint is of the bytes the key was read from (``AnswerKey.file_sha256``): a
    notebook that writes the class report again after the key file was edited still names the
    version graded with. A key not read from a file has none."""
    import hashlib

    import yaml

    from annotator.key import load_key, parse_key

    copy = tmp_path / "kn23.yaml"
    graded_with = Path(kn23_key.path).read_bytes()
    copy.write_bytes(graded_with)
    key = load_key(copy)
    write_json("class/a.json", submission_data())
    book = grade(collect([tmp_path / "class"]), key)
    copy.write_bytes(graded_with + b"# edited\n")
    digest = hashlib.sha256(graded_with).hexdigest()
    assert key.file_sha256 == digest
    assert f"key file sha256 <code>{digest[:12]}</code>" in class_report(book)
    unfiled = parse_key(yaml.safe_load(graded_with), path=kn23_key.path)
    book = grade(collect([tmp_path / "class"]), unfiled)
    head = class_report(book).split("</header>")[0]
    assert "Key: <b>kn23.yaml</b> · 31 point(s)" in head and "sha256" not in head


def test_a_report_says_when_the_students_marks_were_joined(
        kn23_key, write_json, submission_data, tmp_path):
    """Two overlapping claim marks are scored as one; the report (as Check and `score` do)
    says her marks were joined, instead of quoting a mark she never made as hers."""
    text = kn23_key.article.text
    start = text.index("teams of North Koreans")
    first = {"label": "claim", "start": start, "end": start + len("teams of North Koreans")}
    second = {"label": "claim", "start": start + len("teams of"),
              "end": start + len("teams of North Koreans are working")}
    for mark in (first, second):
        mark["text"] = text[mark["start"]:mark["end"]]
    write_json("class/a.json", submission_data(marks=[first, second]))
    book = grade(collect([tmp_path / "class"]), kn23_key)
    html = " ".join(student_report(book, book.graded[0]).split())
    assert "Your 2 claim marks here overlap, so they count as one mark." in html


def test_the_heat_maps_table_breaks_its_runs_at_a_line_break():
    """A headline and the line under it, marked by as many students, read as one run-on
    phrase ("The Pipes Under Marlow Street How a city promised…"): two rows now."""
    from annotator.article import Article
    from annotator.reports import _heat_table

    article = Article(id="x", text="The Pipes Under Marlow Street\nHow a city promised to act.\n")
    words = [t for t, p in zip(article.tokens, article.token_is_punct) if not p]
    table = _heat_table(article, words, [3] * len(words), "claim", 5)
    cells = re.findall(r"<tr><td>(.*?)</td><td class=num>3 of 5</td></tr>", table)
    assert cells == ["“The Pipes Under Marlow Street”", "“How a city promised to act”"]
