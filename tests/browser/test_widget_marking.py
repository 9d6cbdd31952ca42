"""Item 2: marking with the mouse snaps to whole tokens, is drawn at once, and the kernel
holds exactly the offsets Python's Article.snap computes."""

import pytest
from widget_helpers import expected_drag_mark, token_index

pytestmark = pytest.mark.browser

FRAME_PROBE = """(k) => {
  window.__probe = null;
  document.addEventListener('mouseup', (e) => {
    const t0 = performance.now();
    requestAnimationFrame(() => {
      const el = document.querySelector(`.an-root .an-tok[data-i='${k}']`);
      window.__probe = {drawn: el.classList.contains('an-marked'),
                        ms: performance.now() - t0};
    });
  }, {capture: true, once: true});
}"""


def test_drag_then_hotkey_marks_whole_tokens_with_python_offsets(open_exercise, kn23):
    nb = open_exercise("kn23")
    first = token_index(kn23, "military")
    last = token_index(kn23, "reportedly")
    # From inside "military" ("l", code point 2) to inside "reportedly" ("p", code point 3).
    nb.drag((first, 2), (last, 3))
    assert nb.root.get_attribute("data-pending") == f"{first}-{last}"
    nb.page.keyboard.press("c")
    expected = expected_drag_mark(kn23, (first, 2), (last, 3), "claim")
    assert expected[:2] == [kn23.tokens[first][0], kn23.tokens[last][1]]
    nb.wait_saved(1)
    assert nb.kernel_marks() == [expected]
    assert nb.file_marks() == [tuple(expected)]
    assert nb.token(first).get_attribute("data-labels") == "claim"
    assert nb.label_button("claim").locator(".an-count").inner_text() == "1"


def test_drag_over_spaces_and_punctuation_drops_them(open_exercise, kn23):
    nb = open_exercise("kn23")
    # From the space before "target" ... through the "." after "missiles".
    target = token_index(kn23, "target")
    stop = token_index(kn23, "missiles") + 1
    assert kn23.text[slice(*kn23.tokens[stop])] == "."
    x0, y0 = nb.char_point(target - 1, len(kn23.text[slice(*kn23.tokens[target - 1])]) - 1,
                           "right")
    x1, y1 = nb.char_point(stop, 0, "right")
    nb.page.mouse.move(x0 + 2, y0)
    nb.page.mouse.down()
    nb.page.mouse.move(x1 + 3, y1, steps=6)
    nb.page.mouse.up()
    nb.page.keyboard.press("s")
    nb.wait_saved(1)
    start, end, label = nb.kernel_marks()[0]
    assert kn23.text[start:end] == "target Ukraine with ballistic missiles"
    assert [start, end] == list(kn23.snap(start - 1, end + 1))
    assert label == "source"


def test_double_click_and_toolbar_button_mark_one_word(open_exercise, kn23):
    nb = open_exercise("kn23")
    k = token_index(kn23, "reportedly")
    nb.dblclick_token(k)
    nb.label_button("hedge").click()
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[*kn23.tokens[k], "hedge"]]
    # the text keeps the keyboard focus after a toolbar click
    assert nb.page.evaluate("() => document.activeElement.classList.contains('an-text')")


def test_mark_is_drawn_within_one_frame_of_mouse_up(open_exercise, kn23):
    nb = open_exercise("kn23")
    nb.label_button("claim").click()  # armed: the next selection is marked at once
    assert nb.root.get_attribute("data-armed") == "claim"
    first, last = token_index(kn23, "teams"), token_index(kn23, "lines")
    nb.page.evaluate(FRAME_PROBE, first)
    nb.drag((first, 0), (last, 4))
    probe = nb.page.wait_for_function("() => window.__probe").json_value()
    assert probe["drawn"], "the mark was not drawn before the next frame"
    print(f"mark drawn {probe['ms']:.1f} ms after mouse-up (next animation frame)")
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[kn23.tokens[first][0], kn23.tokens[last][1], "claim"]]


def test_dom_tokens_carry_python_token_indices_only(open_exercise, kn23):
    nb = open_exercise("kn23")
    spans = nb.page.evaluate(
        "() => Array.from(document.querySelectorAll('.an-root .an-text [data-i]'),"
        " el => Number(el.dataset.i))")
    assert spans == list(range(len(kn23.tokens)))


def test_marking_words_inside_a_mark_of_the_same_label_selects_it_and_adds_nothing(
        open_exercise, kn23):
    nb = open_exercise("kn23")
    first, last = token_index(kn23, "senior"), token_index(kn23, "Seoul")
    nb.drag((first, 0), (last, len("Seoul") - 1))
    nb.page.keyboard.press("s")
    nb.wait_saved(1)
    outer = nb.kernel_marks()[0]
    nb.page.keyboard.press("Escape")
    nb.dblclick_token(token_index(kn23, "Kyiv"))
    nb.page.keyboard.press("s")
    assert nb.root.locator(".an-live").inner_text().startswith("Already marked as source:")
    assert nb.label_button("source").locator(".an-count").inner_text() == "1"
    assert nb.kernel_marks() == [outer]
    assert nb.selected() == f"{outer[0]}:{outer[1]}:{outer[2]}"
    nb.page.keyboard.press("Escape")
    nb.dblclick_token(token_index(kn23, "Kyiv"))
    nb.page.keyboard.press("h")  # another label inside it is a mark of its own
    nb.wait_saved(2)
    assert sorted(m[2] for m in nb.kernel_marks()) == ["hedge", "source"]
