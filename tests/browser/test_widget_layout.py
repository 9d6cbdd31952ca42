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


def test_a_hyphenated_name_is_never_broken_across_lines(open_exercise, kn23):
    """"Kim Jong-un", "Kim Yong-hyun", "KN-23": each stays on one line at any width."""
    nb = open_exercise("kn23")
    joined = [k for k in range(1, len(kn23.tokens) - 1)
              if kn23.text[slice(*kn23.tokens[k])] == "-"
              and kn23.tokens[k - 1][1] == kn23.tokens[k][0]
              and kn23.tokens[k][1] == kn23.tokens[k + 1][0]]
    assert len(joined) >= 4  # Jong-un, Yong-hyun, Eul-chul, KN-23 …
    tops = ("(ks) => ks.map((k) => Math.round(document.querySelector("
            "`.an-root .an-tok[data-i='${k}']`).getBoundingClientRect().top))")
    for width in range(700, 1300, 20):
        nb.page.set_viewport_size({"width": width, "height": 900})
        for k in joined:
            before, dash, after = nb.page.evaluate(tops, [k - 1, k, k + 1])
            assert before == dash == after, (width, kn23.text[kn23.tokens[k - 1][0]:
                                                               kn23.tokens[k + 1][1]])
