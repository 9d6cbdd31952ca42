"""Item 1: the article as readable paragraphs under a label toolbar with hotkeys and counts."""

import pytest
from widget_helpers import artifact_path

pytestmark = pytest.mark.browser


def test_article_is_rendered_as_paragraphs_of_python_tokens(open_exercise, kn23):
    nb = open_exercise("kn23")
    paragraphs = nb.page.locator(".an-root .an-para")
    assert paragraphs.count() == len(kn23.paragraphs)
    for n, (start, end) in enumerate(kn23.paragraphs):
        shown = " ".join(paragraphs.nth(n).inner_text().split())
        assert shown == " ".join(kn23.text[start:end].split())
    tokens = nb.page.evaluate(
        "() => Array.from(document.querySelectorAll('.an-root .an-tok'),"
        " el => [Number(el.dataset.i), el.textContent])")
    assert tokens == [[k, kn23.text[s:e]] for k, (s, e) in enumerate(kn23.tokens)]
    nb.page.screenshot(path=str(artifact_path("layout.png")))
