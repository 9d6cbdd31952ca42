"""HTML reports: escaped, self-contained, and saying what the feedback module says."""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from annotator.collect import collect
from annotator.feedback import explain, summary_line
from annotator.gradebook import grade, report_file
from annotator.reports import class_report, histogram_svg, student_report, student_report_files

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
    section = html.split("Extra marks many students made")[1].split("Label confusions")[0]
    assert "“North Korean leader Kim Jong-un”" in section and "3 (100%)" in section
    assert section.count("<tr>") == 2  # a header and one cluster


def test_histogram_has_ten_bins_and_says_when_there_is_nothing():
    svg = histogram_svg([5, 15, 15, 99, 100])
    assert svg.count("<rect") == 10 and "mean 47%" in svg
    assert "no scores yet" in histogram_svg([])


def test_an_empty_class_still_gets_a_readable_report(kn23_key):
    html = class_report(grade([], kn23_key))
    assert "0 student(s) graded" in html and "undefined" in html
