"""A drag's start depends on which way it goes, and Shift+arrows go on from where it stopped.

A QA tester pressed on the space between "Korean" and "military", dragged left onto "North",
pressed c and saved "North Korean military": the space was given to the word after it at the
press and never looked at again. A drag pressed in the gap between two paragraphs began on the
line above ('launcher systems for KN-23 missiles.\\nThe deployment follows'). After a drag back
from "reportedly" to "military", Shift+Left trimmed "reportedly" away where a Shift+click the same
way extended to "Korean". And the screen reader was told "Kim Jong - un", not "Kim Jong-un".
All with the real mouse, at points taken from the words' boxes."""

import pytest
from widget_helpers import artifact_path, token_index

pytestmark = pytest.mark.browser

SPACE_AFTER = """(k) => {
  let s = document.querySelector(`.an-root .an-tok[data-i='${k}']`).nextElementSibling;
  while (s && !s.matches('.an-sp')) s = s.nextElementSibling;
  const r = s.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2]; }"""
# a point in the gap between paragraph p and the next, 30 px in
PARAGRAPH_GAP = """(p) => {
  const ps = document.querySelectorAll('.an-root .an-para');
  const a = ps[p].getBoundingClientRect(), b = ps[p + 1].getBoundingClientRect();
  return [a.left + 30, (a.bottom + b.top) / 2]; }"""


def point(nb, k: int, across: float) -> tuple[float, float]:
    """A point ``across`` (0-1) of the way along word k, halfway down it."""
    nb.token(k).scroll_into_view_if_needed()
    box = nb.token(k).bounding_box()
    return box["x"] + box["width"] * across, box["y"] + box["height"] / 2


def sweep(nb, start: tuple[float, float], end: tuple[float, float]) -> None:
    mouse = nb.page.mouse
    mouse.move(*start)
    mouse.down()
    mouse.move(*end, steps=8)
    mouse.up()


def pending_text(nb, article) -> str:
    a, b = map(int, nb.root.get_attribute("data-pending").split("-"))
    return article.text[article.tokens[a][0]:article.tokens[b][1]]


def mark_as_claim(nb, article) -> str:
    """Press c on the selection; the text of the one mark the kernel and the file then hold."""
    nb.page.keyboard.press("c")
    nb.wait_saved(1)
    (start, end, label), = nb.kernel_marks()
    assert nb.file_marks() == [(start, end, label)]
    assert label == "claim"
    return article.text[start:end]


def clear(nb) -> None:
    nb.text().focus()
    nb.page.keyboard.press("Escape")


@pytest.mark.parametrize("word, back_to, back, on_to, on", [
    ("Korean", "North", "North Korean", "engineers", "military engineers"),
    ("Seoul", "officials", "officials in Kyiv and Seoul", "of", "teams of"),
    ("year", "deployment", "deployment follows a summit last year", "between", "between"),
])
def test_a_drag_pressed_on_a_space_starts_at_the_word_on_the_side_it_goes(
        open_exercise, kn23, word, back_to, back, on_to, on):
    nb = open_exercise("kn23")
    k = token_index(kn23, word)
    nb.token(k).scroll_into_view_if_needed()
    space = nb.page.evaluate(SPACE_AFTER, k)
    sweep(nb, space, point(nb, token_index(kn23, back_to), 0.2))
    assert pending_text(nb, kn23) == back
    assert mark_as_claim(nb, kn23) == back
    nb.text().screenshot(path=str(artifact_path(f"drag-back-from-the-space-after-{word}.png")))
    # the same space, dragged on: the word after it starts the selection, as before
    nb.page.keyboard.press("Delete")
    nb.wait_saved(0)
    clear(nb)
    nb.token(k).scroll_into_view_if_needed()
    sweep(nb, nb.page.evaluate(SPACE_AFTER, k), point(nb, token_index(kn23, on_to), 0.8))
    assert pending_text(nb, kn23) == on


def test_shift_left_after_a_drag_back_extends_where_the_drag_stopped(open_exercise, kn23):
    nb = open_exercise("kn23")
    first, last = token_index(kn23, "military"), token_index(kn23, "reportedly")
    sweep(nb, point(nb, last, 0.8), point(nb, first, 0.2))  # pressed on reportedly
    assert pending_text(nb, kn23) == "military engineers have reportedly"
    nb.page.keyboard.press("Shift+ArrowLeft")
    assert pending_text(nb, kn23) == "Korean military engineers have reportedly"
    assert mark_as_claim(nb, kn23) == "Korean military engineers have reportedly"


def test_shift_left_after_a_drag_back_from_punctuation_extends_from_the_last_word(
        open_exercise, kn23):
    nb = open_exercise("kn23")
    stop = token_index(kn23, "missiles") + 1  # the full stop after the first "missiles"
    sweep(nb, point(nb, stop, 0.5), point(nb, token_index(kn23, "ballistic"), 0.2))
    assert pending_text(nb, kn23) == "ballistic missiles"
    nb.page.keyboard.press("Shift+ArrowLeft")
    assert pending_text(nb, kn23) == "with ballistic missiles"
    nb.page.keyboard.press("Shift+ArrowRight")
    nb.page.keyboard.press("Shift+ArrowRight")
    assert pending_text(nb, kn23) == "missiles"


@pytest.mark.parametrize("to,part,words", [
    ("follows", 0.8, "The deployment follows"),  # down: from the paragraph below
    ("supporting", 0.2, "supporting the launcher systems for KN-23 missiles"),  # up: above
])
def test_a_drag_from_the_gap_between_paragraphs_starts_on_the_side_it_goes(
        open_exercise, kn23, to, part, words):
    nb = open_exercise("kn23")
    nb.token(token_index(kn23, "follows")).scroll_into_view_if_needed()
    gap = nb.page.evaluate(PARAGRAPH_GAP, 0)
    sweep(nb, gap, point(nb, token_index(kn23, to), part))
    assert pending_text(nb, kn23) == words
    assert mark_as_claim(nb, kn23) == words


def test_the_screen_reader_hears_the_words_as_the_article_spaces_them(open_exercise, kn23):
    nb = open_exercise("kn23")
    # "Kim Jong-un" is four tokens; "missiles.\nThe" ends one paragraph and starts the next
    nb.drag((token_index(kn23, "Kim"), 0), (token_index(kn23, "Putin"), 4))
    assert nb.root.locator(".an-live").inner_text() == (
        "Selected “Kim Jong-un and Russian President Vladimir Putin”: press a label key.")
    clear(nb)
    nb.drag((token_index(kn23, "launcher"), 0), (token_index(kn23, "deployment"), 9))
    assert nb.root.locator(".an-live").inner_text() == (
        "Selected “launcher systems for KN-23 missiles. The deployment”: press a label key.")
