"""Accessibility: a touchscreen or a single pointer marks without dragging, a screen reader
hears what is marked and what Check found, the keyboard gets in and out of the text, and the
toolbar stays on screen at 1366x768 and at 200% zoom."""

import pytest
from widget_helpers import artifact_path, click_check, token_index

pytestmark = pytest.mark.browser

ACTIVE = "() => document.activeElement.className"
# whether an element can be seen: the point at its middle shows it, not whatever covers it
IN_VIEW = """(el) => { const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + r.height / 2);
  return hit !== null && (hit === el || el.contains(hit)); }"""


def tap(nb, locator) -> None:
    """A real tap on the touchscreen, at the middle of what the locator finds."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    nb.page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def live(nb) -> str:
    return nb.root.locator(".an-live").inner_text()


def go_to(nb, k: int) -> None:
    """Move the text's cursor to token k with the arrow keys (nothing selected)."""
    keys = nb.page.keyboard
    if not nb.page.evaluate("() => document.activeElement.classList.contains('an-text')"):
        nb.text().focus()
    if nb.selected() or nb.root.get_attribute("data-pending"):
        keys.press("Escape")
    while int(nb.root.get_attribute("data-cursor")) < k:
        keys.press("ArrowRight")
    while int(nb.root.get_attribute("data-cursor")) > k:
        keys.press("ArrowLeft")


def mark_by_keyboard(nb, kn23, first: str, last: str, key: str) -> None:
    """Move to ``first``, select through ``last`` with Shift+arrows, press ``key``."""
    go_to(nb, token_index(kn23, first))
    while int(nb.root.get_attribute("data-cursor")) < token_index(kn23, last):
        nb.page.keyboard.press("Shift+ArrowRight")
    nb.page.keyboard.press(key)


# -- marking with a touchscreen or a single pointer (no drag) ----------------------------------


@pytest.mark.touch
def test_a_tapped_word_and_a_tapped_label_make_a_mark(open_exercise, kn23):
    nb = open_exercise("kn23")
    k = token_index(kn23, "reportedly")
    tap(nb, nb.token(k))
    assert nb.root.get_attribute("data-pending") == f"{k}-{k}"
    tap(nb, nb.label_button("hedge"))
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[*kn23.tokens[k], "hedge"]]
    assert nb.root.get_attribute("data-armed") == ""  # marked, not "armed"


@pytest.mark.touch
def test_range_on_a_tap_on_the_first_word_and_one_on_the_last_mark_the_words_between(
        open_exercise, kn23):
    nb = open_exercise("kn23")
    first, last = token_index(kn23, "military"), token_index(kn23, "sent")
    tap(nb, nb.root.locator("button[data-action='range']"))
    assert nb.root.locator("button[data-action='range']").get_attribute("aria-pressed") == "true"
    tap(nb, nb.token(first))
    tap(nb, nb.token(last))
    assert nb.root.get_attribute("data-pending") == f"{first}-{last}"
    tap(nb, nb.label_button("claim"))
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[kn23.tokens[first][0], kn23.tokens[last][1], "claim"]]
    nb.page.screenshot(path=str(artifact_path("touch-range.png")))


def test_shift_click_on_the_last_word_selects_from_the_first(open_exercise, kn23):
    nb = open_exercise("kn23")
    first, last = token_index(kn23, "senior"), token_index(kn23, "Seoul")
    nb.token(first).click()
    nb.token(last).click(modifiers=["Shift"])
    assert nb.root.get_attribute("data-pending") == f"{first}-{last}"
    nb.page.keyboard.press("s")
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[kn23.tokens[first][0], kn23.tokens[last][1], "source"]]


def test_with_a_label_on_a_clicked_word_is_marked_at_once(open_exercise, kn23):
    nb = open_exercise("kn23")
    nb.label_button("hedge").click()  # nothing selected: the label is on
    assert nb.root.get_attribute("data-armed") == "hedge"
    k = token_index(kn23, "reportedly")
    nb.token(k).click()
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[*kn23.tokens[k], "hedge"]]


# -- what a screen reader hears ----------------------------------------------------------------


def test_moving_the_cursor_says_which_marks_the_word_is_in(open_exercise, kn23):
    nb = open_exercise("kn23")
    mark_by_keyboard(nb, kn23, "military", "sent", "c")
    nb.wait_saved(1)
    mark_by_keyboard(nb, kn23, "reportedly", "reportedly", "h")
    nb.wait_saved(2)
    keys = nb.page.keyboard
    go_to(nb, token_index(kn23, "have"))
    assert live(nb) == "have: inside a claim"
    keys.press("ArrowRight")
    assert live(nb) == "reportedly: hedge, inside a claim"
    keys.press("ArrowLeft")
    keys.press("ArrowLeft")
    keys.press("ArrowLeft")
    assert live(nb) == "military: start of a claim"
    keys.press("ArrowLeft")
    assert live(nb) == "Korean"


def test_check_is_announced_and_the_focus_moves_to_its_results(open_exercise, kn23):
    nb = open_exercise("kn23")
    nb.page.set_viewport_size({"width": 1366, "height": 768})
    mark_by_keyboard(nb, kn23, "reportedly", "reportedly", "h")
    nb.wait_saved(1)
    check = nb.root.locator("button[data-action='check']")
    check.focus()
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_selector(".an-root .an-results")
    nb.page.wait_for_function("() => document.activeElement.classList.contains('an-results-heading')")
    summary = nb.root.locator(".an-summary").inner_text()
    assert live(nb) == f"Checked. {summary}"
    heading = nb.root.locator(".an-results-heading")
    nb.page.wait_for_function(f"() => ({IN_VIEW})(document.querySelector('.an-results-heading'))")
    assert heading.evaluate(IN_VIEW)


def test_hint_is_announced_and_the_cursor_waits_at_its_sentence(open_exercise, kn23):
    nb = open_exercise("kn23")
    hint = nb.root.locator("button[data-action='hint']")
    hint.focus()
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_selector(".an-root .an-hint-item[data-hint='0']")
    nb.page.wait_for_function("() => document.activeElement.classList.contains('an-text')")
    text = nb.root.locator(".an-hint-item .an-hint-text").inner_text()
    assert live(nb).startswith(f"Hint: {text} The cursor is at the start of the sentence")
    cursor = int(nb.root.get_attribute("data-cursor"))
    assert "an-hint" in nb.token(cursor).get_attribute("class")


def test_saving_is_quiet_for_a_screen_reader(open_exercise, kn23):
    nb = open_exercise("kn23")
    status = nb.root.locator(".an-status")
    assert status.get_attribute("role") is None and status.get_attribute("aria-live") is None
    nb.text().focus()
    nb.page.keyboard.press("c")
    nb.wait_saved(1)
    assert live(nb).startswith("Marked claim:")


# -- the keyboard: where keys act, getting in and out ------------------------------------------


def test_label_keys_and_undo_do_nothing_outside_the_text_and_toolbar(open_exercise, kn23):
    nb = open_exercise("kn23")
    nb.text().focus()
    nb.page.keyboard.press("c")
    nb.wait_saved(1)
    marked = nb.kernel_marks()
    nb.root.locator(".an-help summary").focus()  # the claim is still selected, out of sight
    for key in ["h", "s", "Control+z", "Delete"]:
        nb.page.keyboard.press(key)
    nb.page.wait_for_timeout(300)
    assert nb.kernel_marks() == marked
    assert nb.root.locator(".an-text .an-tag").all_inner_texts() == ["CLAIM"]


def test_enter_and_space_on_a_note_show_its_words_in_the_text(open_exercise, kn23):
    nb = open_exercise("kn23")
    mark_by_keyboard(nb, kn23, "reportedly", "reportedly", "h")
    nb.wait_saved(1)
    click_check(nb)
    note = nb.root.locator(".an-note[data-kind='hit'] .an-show").first
    note.focus()
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_function("() => document.activeElement.classList.contains('an-text')")
    assert nb.root.get_attribute("data-cursor") == str(token_index(kn23, "reportedly"))
    assert live(nb) == "In the text: reportedly: hedge"
    nb.root.locator(".an-note[data-kind='missed'] .an-show").first.focus()
    nb.page.keyboard.press(" ")
    nb.page.wait_for_function("() => document.activeElement.classList.contains('an-text')")
    assert nb.root.get_attribute("data-cursor") != str(token_index(kn23, "reportedly"))


def test_escape_with_nothing_selected_leaves_the_text_past_every_mark(open_exercise, kn23):
    nb = open_exercise("kn23")
    for word in ["military", "reportedly", "assist", "target"]:
        mark_by_keyboard(nb, kn23, word, word, "c")
    nb.wait_saved(4)
    click_check(nb)
    nb.text().focus()
    nb.page.keyboard.press("Shift+Tab")  # a mark is selected: the first Escape clears it
    assert nb.selected()
    nb.page.keyboard.press("Escape")
    assert not nb.selected()
    assert nb.page.evaluate(ACTIVE).startswith("an-text")
    nb.page.keyboard.press("Escape")
    # the first control after the text (in Check's results), not the next of four marks
    assert nb.page.evaluate("() => !!document.activeElement.closest('.an-root .an-feedback')")
    assert nb.root.locator(".an-scores-help summary").evaluate("(el) => el === document.activeElement")


def test_start_puts_the_focus_in_the_text_and_says_marking_can_start(open_exercise):
    nb = open_exercise("kn23", student=None)
    name = nb.root.locator("input.an-name")
    name.focus()
    nb.page.keyboard.press("Enter")  # no name yet
    assert live(nb) == "Type your name first."
    name.fill("Kay Board")
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_selector(".an-root .an-student-name")
    nb.page.wait_for_function("() => document.activeElement.classList.contains('an-text')")
    assert live(nb).startswith("Hello Kay Board: you can mark now.")
    nb.page.keyboard.press("c")
    nb.wait_saved()
    assert len(nb.kernel_marks()) == 1


# -- the layout --------------------------------------------------------------------------------

FIT = """() => {
  const panel = document.querySelector('.jp-WindowedPanel-outer').getBoundingClientRect();
  const bar = document.querySelector('.an-root .an-toolbar').getBoundingClientRect();
  const text = document.querySelector('.an-root .an-text').getBoundingClientRect();
  const check = document.querySelector(".an-root button[data-action='check']").getBoundingClientRect();
  return {panelTop: panel.top, panelBottom: Math.min(panel.bottom, innerHeight),
          barTop: bar.top, checkBottom: check.bottom, textBottom: text.bottom,
          textHeight: text.height};
}"""


@pytest.mark.parametrize("size, name", [((1366, 768), "1366x768"), ((683, 384), "1366x768-zoom200")])
def test_the_toolbar_and_the_whole_text_box_fit_in_the_notebook_view(open_exercise, size, name):
    nb = open_exercise("kn23")
    nb.page.set_viewport_size({"width": size[0], "height": size[1]})
    nb.page.wait_for_timeout(300)
    nb.root.locator(".an-toolbar").evaluate("(el) => el.scrollIntoView({block: 'start'})")
    nb.page.wait_for_timeout(300)
    fit = nb.page.evaluate(FIT)
    nb.page.screenshot(path=str(artifact_path(f"fit-{name}.png")))
    assert fit["barTop"] >= fit["panelTop"] - 1
    assert fit["textBottom"] <= fit["panelBottom"] + 1, fit
    assert fit["textHeight"] >= 100, fit
    # Check stays on screen while the student reads (and marks) to the text's end
    nb.text().evaluate("(el) => el.scrollTop = el.scrollHeight")
    assert nb.root.locator("button[data-action='check']").evaluate(IN_VIEW)


def test_the_widget_follows_jupyterlab_content_font_size(open_exercise):
    nb = open_exercise("kn23")
    sizes = ("() => ['.an-tok', '.an-toolbar', '.an-title'].map((s) =>"
             " parseFloat(getComputedStyle(document.querySelector('.an-root ' + s)).fontSize))")
    before = nb.page.evaluate(sizes)
    nb.page.evaluate("async () => { await window.jupyterapp.commands.execute("
                     "'apputils:incr-font-size', {key: 'content-font-size1'}); }")
    nb.page.wait_for_function(f"(b) => ({sizes})()[0] > b[0]", arg=before)
    after = nb.page.evaluate(sizes)
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)


def test_a_tag_never_wraps_away_from_its_word(open_exercise, kn23):
    nb = open_exercise("kn23")
    for word in ["North", "military", "engineers", "have", "reportedly", "been", "sent"]:
        mark_by_keyboard(nb, kn23, word, word, "c")
    nb.wait_saved(7)
    same_line = """() => Array.from(document.querySelectorAll('.an-root .an-text .an-tag'), (tag) => {
      let word = tag.nextElementSibling;
      while (word && !word.classList.contains('an-tok')) word = word.nextElementSibling;
      const t = tag.getBoundingClientRect(), w = word.getBoundingClientRect();
      const middle = (t.top + t.bottom) / 2;
      return middle > w.top - 10 && middle < w.bottom && t.right <= w.left + 1; })"""
    for width in range(700, 1300, 20):
        nb.page.set_viewport_size({"width": width, "height": 900})
        assert all(nb.page.evaluate(same_line)), width


def test_the_score_table_says_what_its_numbers_mean(open_exercise, kn23):
    nb = open_exercise("kn23")
    click_check(nb)
    help_ = nb.root.locator(".an-scores-help")
    help_.locator("summary").click()
    text = help_.inner_text()
    for word in ["Precision", "Recall", "F1"]:
        assert word in text


# -- found by a second look: a label on, Range, Escape in a real lesson -------------------------


def test_a_label_that_is_on_is_switched_off_by_its_button_after_marking(open_exercise, kn23):
    """With a label on, each clicked word is marked and becomes the selected mark; the label's
    button must still switch the label off (it relabelled the new mark instead)."""
    nb = open_exercise("kn23")
    nb.label_button("claim").click()
    k = token_index(kn23, "engineers")
    nb.token(k).click()
    nb.wait_saved(1)
    nb.label_button("claim").click()
    assert nb.root.get_attribute("data-armed") == ""
    nb.token(token_index(kn23, "Russian")).click()  # a plain click now: no second mark
    nb.label_button("hedge").click()  # nothing selected but a word: it marks that word
    nb.wait_saved(2)
    assert sorted(m[2] for m in nb.kernel_marks()) == ["claim", "hedge"]


@pytest.mark.touch
def test_range_shows_it_is_on_and_turns_itself_off_after_a_mark(open_exercise, kn23):
    nb = open_exercise("kn23")
    button = nb.root.locator("button[data-action='range']")
    off = button.evaluate("(el) => getComputedStyle(el).boxShadow")
    tap(nb, button)
    nb.page.mouse.move(0, 0)
    assert button.evaluate("(el) => getComputedStyle(el).boxShadow") != off  # seen, not only heard
    tap(nb, nb.token(token_index(kn23, "senior")))
    tap(nb, nb.token(token_index(kn23, "Seoul")))
    tap(nb, nb.label_button("source"))
    nb.wait_saved(1)
    assert nb.root.get_attribute("data-range") == ""
    assert button.get_attribute("aria-pressed") == "false"
    k = token_index(kn23, "senior")
    tap(nb, nb.token(k))  # a tap on the new mark selects it, as without Range
    assert nb.selected()
