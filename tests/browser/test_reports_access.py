"""The HTML reports, checked in real Chromium by axe-core (the accessibility engine browsers'
own audits use) against WCAG 2.2 A and AA: a student's report, with missed items shown and
hidden, and the class report."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from annotator.collect import collect
from annotator.gradebook import grade
from annotator.key import load_key
from annotator.submission import Submission, save_submission

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import noisy_marks

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """30 students with noisy marks (one named with markup), graded twice: missed items shown
    and hidden."""
    key = load_key(ROOT / "answer_keys" / "kn23.yaml")
    folder = tmp_path_factory.mktemp("class")
    rng = random.Random(7)
    for n in range(30):
        name = '<b>Zoë "O\'Brien"</b>' if n == 0 else f"Student {n}"
        sub = Submission(f"s{n:03d}", key.sha256, student_name=name, lesson="kn23-full",
                         article_id=key.article_id)
        save_submission(sub.with_marks(noisy_marks(key, rng), key.article),
                        folder / f"s{n:03d}.json")
    book = grade(collect([folder]), key)
    out = tmp_path_factory.mktemp("grades")
    book.write(out / "shown")
    book.write(out / "hidden", reveal_missed=False)
    return out


def _violations(browser, path: Path) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        found = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        return [f"{v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['help']}; first: "
                f"{v['nodes'][0]['html'][:120]}" for v in found.response["violations"]]
    finally:
        context.close()


@pytest.mark.parametrize("which", ["shown", "hidden"])
def test_student_reports_pass_axe(browser, graded_class, which):
    reports = sorted((graded_class / which / "reports").glob("*.html"))
    assert len(reports) == 30
    for report in (reports[0], reports[7]):  # the one with markup in its name, and another
        assert _violations(browser, report) == [], report.name


def test_the_class_report_passes_axe(browser, graded_class):
    assert _violations(browser, graded_class / "shown" / "class.html") == []


def test_axe_finds_what_it_should(browser, tmp_path):
    """The check itself: a page with white text on the hedge pink, and no landmark, fails."""
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body>'
                    '<p><span style="background:#CC79A7;color:#fff;font-size:11px">HEDGE</span>'
                    "</p></body></html>", encoding="utf-8")
    assert any(v.startswith("color-contrast") for v in _violations(browser, page))
