"""Item 3: the whole job can be done from the keyboard, and JupyterLab never takes the keys."""

import pytest
from widget_helpers import token_index, word_tokens

pytestmark = pytest.mark.browser

NOTEBOOK_KEYS = ["a", "b", "x", "d", "d", "m", "y", "v", "z", "Enter", "Shift+Enter",
                 "Control+Enter", "Shift+M", "Shift+L", "1", "2", "Escape", "Control+a",
                 "Control+s", "Control+z", "Control+Shift+z"]


def focus_text_by_keyboard(nb) -> None:
    nb.label_button("claim").focus()
    for _ in range(6):
        if nb.page.evaluate("() => document.activeElement.classList.contains('an-text')"):
            return
        nb.page.keyboard.press("Tab")
    raise AssertionError("Tab never reached the article text")


def test_keyboard_marks_moves_between_marks_deletes_and_undoes(open_exercise, kn23):
    nb = open_exercise("kn23")
    assert nb.text().get_attribute("tabindex") == "0"
    focus_text_by_keyboard(nb)
    keys = nb.page.keyboard
    words = word_tokens(kn23)
    assert nb.root.get_attribute("data-cursor") == str(words[0])

    keys.press("ArrowRight")
    keys.press("ArrowRight")  # the cursor is on "military"
    keys.press("Shift+ArrowRight")  # ... and the selection runs to "engineers"
    keys.press("c")
    military, engineers = token_index(kn23, "military"), token_index(kn23, "engineers")
    claim = [kn23.tokens[military][0], kn23.tokens[engineers][1], "claim"]
    nb.wait_saved(1)

    for _ in range(3):  # military -> engineers -> have -> reportedly
        keys.press("ArrowRight")
    keys.press("h")
    reportedly = token_index(kn23, "reportedly")
    hedge = [*kn23.tokens[reportedly], "hedge"]
    nb.wait_saved(2)
    assert sorted(nb.kernel_marks()) == sorted([claim, hedge])

    keys.press("Home")
    keys.press("Tab")
    assert nb.selected() == "{}:{}:{}".format(*claim)
    keys.press("Tab")
    assert nb.selected() == "{}:{}:{}".format(*hedge)
    keys.press("Shift+Tab")
    assert nb.selected() == "{}:{}:{}".format(*claim)

    keys.press("Delete")
    nb.wait_saved(1)
    assert nb.kernel_marks() == [hedge]
    keys.press("Control+z")
    nb.wait_saved(2)
    assert sorted(nb.kernel_marks()) == sorted([claim, hedge])
    keys.press("Control+Shift+z")
    nb.wait_saved(1)
    assert nb.kernel_marks() == [hedge]
    keys.press("Control+z")
    nb.wait_saved(2)
    keys.press("Escape")
    keys.press("Backspace")  # nothing selected: nothing deleted
    assert len(nb.kernel_marks()) == 2


def test_arrow_down_moves_to_the_next_line_and_shift_extends(open_exercise, kn23):
    nb = open_exercise("kn23")
    nb.text().focus()
    keys = nb.page.keyboard
    top = nb.token(0).bounding_box()["y"]
    keys.press("ArrowDown")
    k = int(nb.root.get_attribute("data-cursor"))
    assert nb.token(k).bounding_box()["y"] > top
    keys.press("Shift+ArrowDown")
    pending = nb.root.get_attribute("data-pending")
    a, b = map(int, pending.split("-"))
    assert a == k and b > k
    keys.press("s")
    nb.wait_saved(1)
    start, end, label = nb.kernel_marks()[0]
    assert (start, end, label) == (kn23.tokens[a][0], kn23.tokens[b][1], "source")


def test_tab_past_the_last_mark_leaves_the_widget(open_exercise, kn23):
    nb = open_exercise("kn23")
    nb.text().focus()
    nb.page.keyboard.press("c")  # marks the word under the cursor
    nb.wait_saved(1)
    nb.page.keyboard.press("Escape")
    nb.page.keyboard.press("Tab")
    assert nb.selected()
    nb.page.keyboard.press("Tab")
    assert not nb.page.evaluate("() => document.activeElement.classList.contains('an-text')")


def test_keys_typed_in_the_widget_never_reach_the_notebook(open_exercise, kn23):
    nb = open_exercise("kn23")
    before = nb.cells()
    nb.token(token_index(kn23, "military")).click()  # selected: Escape clears it, stays in the text
    for key in NOTEBOOK_KEYS:
        nb.page.keyboard.press(key)
    # Labels keys, arrows, Tab, Delete and undo still work in between, and cells stay put.
    nb.page.keyboard.press("c")
    nb.page.keyboard.press("ArrowRight")
    nb.page.keyboard.press("Delete")
    after = nb.cells()
    assert after["cells"] == before["cells"]
    assert after["active"] == before["active"]
    assert nb.page.locator(".jp-Notebook .jp-Cell").count() == len(before["cells"])
    assert nb.page.locator(".jp-Notebook .jp-mod-editMode").count() == 0
    nb.wait_saved()
    assert len(nb.kernel_marks()) == 1
    # Control: the same key outside the widget does reach the notebook.
    nb.page.evaluate("() => document.activeElement.blur()")
    nb.page.locator(".jp-Cell .jp-InputPrompt").first.click()
    nb.page.keyboard.press("b")
    assert len(nb.cells()["cells"]) == len(before["cells"]) + 1


def test_arrow_keys_in_the_toolbar_pass_disabled_buttons_and_reach_check(open_exercise):
    nb = open_exercise("kn23", labels=["hedge"])
    nb.label_button("hedge").focus()  # nothing to undo yet: Undo, Redo and Delete are disabled
    reached = []
    for _ in range(4):
        nb.page.keyboard.press("ArrowRight")
        reached.append(nb.page.evaluate("() => document.activeElement.dataset.action + ':' + "
                                        "(document.activeElement.dataset.label || '')"))
    assert reached == ["range:", "check:", "hint:", "label:hedge"]  # and round to the start
    nb.page.keyboard.press("ArrowLeft")
    assert nb.page.evaluate("() => document.activeElement.dataset.action") == "hint"
