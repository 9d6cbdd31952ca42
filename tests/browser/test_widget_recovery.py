"""Nothing a student does is lost: marks made while the kernel was restarting come back, a
drag released off the text marks what the student saw, Ctrl+S saves the notebook from inside
the widget, and an empty name is answered where the student looks."""

import pytest
from widget_helpers import another_tab, artifact_path, token_index

pytestmark = pytest.mark.browser


def test_marks_made_after_a_kernel_restart_come_back_when_the_cell_is_run_again(
        open_exercise, kn23):
    nb = open_exercise("kn23", labels=["claim", "hedge"])
    k = token_index(kn23, "reportedly")
    nb.dblclick_token(k)
    nb.page.keyboard.press("h")
    nb.wait_saved(1)

    nb.restart_kernel()  # the old widget stays on the page, with no Python behind it
    nb.dblclick_token(k + 1)
    nb.page.keyboard.press("c")
    nb.page.wait_for_selector(".an-root .an-status-error", timeout=20_000)
    status = nb.root.locator(".an-status").inner_text()
    assert "Python is not answering" in status and "Run the lesson's cells again" in status
    assert len(nb.file_marks()) == 1  # the new mark is only on the screen
    nb.root.locator(".an-change-name").click()  # nothing may now claim the work is saved
    assert "Python is not answering" in nb.root.locator(".an-status").inner_text()
    nb.root.locator(".an-nameform input").fill("tester")
    nb.root.locator(".an-nameform button").click()  # Start, with no Python to answer
    nb.root.locator(".an-notices .an-notice", has_text="No answer from Python").wait_for(
        timeout=20_000)
    assert "same name" in nb.root.locator(".an-notices").inner_text()

    nb.run_all()  # what the message says to do: a new widget, loaded from the file ...
    nb.wait_saved(2)  # ... and the mark the file did not have is put back and saved
    assert nb.file_marks() == sorted([(*kn23.tokens[k], "hedge"), (*kn23.tokens[k + 1], "claim")])
    assert "Put back 1 change" in nb.root.locator(".an-notices").inner_text()
    nb.root.screenshot(path=str(artifact_path("restored-after-restart.png")))

    nb.run_all()  # once saved, nothing is put back a second time
    assert "Put back" not in nb.root.locator(".an-notices").inner_text()
    assert len(nb.file_marks()) == 2


def test_a_drag_released_below_the_text_ends_at_the_nearest_visible_word(open_exercise, kn23):
    nb = open_exercise("kn23", labels=["claim"])
    nb.page.set_viewport_size({"width": 1280, "height": 700})
    first = token_index(kn23, "Russia")
    nb.token(first).scroll_into_view_if_needed()
    x0, y0 = nb.char_point(first, 0, "left")
    box = nb.text().bounding_box()
    below = min(box["y"] + box["height"] + 60, 695)  # off the text box, into the page below
    mouse = nb.page.mouse
    mouse.move(x0, y0)
    mouse.down()
    mouse.move(x0 + 40, below, steps=6)
    mouse.up()
    nb.page.keyboard.press("c")
    nb.wait_saved(1)
    (start, end, _), = nb.file_marks()
    last_end = kn23.tokens[-1][1]
    assert start == kn23.tokens[first][0]
    assert end < last_end  # not everything to the end of the article
    shown_bottom = min(box["y"] + box["height"], 700)
    end_token = max(i for i, (s, e) in enumerate(kn23.tokens) if e <= end)
    token_box = nb.token(end_token).bounding_box()
    assert token_box["y"] <= shown_bottom  # a word the student could see when letting go


def test_ctrl_s_in_the_widget_saves_the_notebook(open_exercise, kn23):
    nb = open_exercise("kn23", labels=["claim"])
    dirty = ("() => window.jupyterapp.shell.currentWidget.context.model.dirty")
    nb.page.evaluate("() => { window.jupyterapp.shell.currentWidget.context.model.dirty = true; }")
    assert nb.page.evaluate(dirty)
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("c")
    nb.wait_saved(1)
    assert nb.page.evaluate("() => document.activeElement.closest('.an-root') !== null")
    nb.page.keyboard.press("Control+s")
    nb.page.wait_for_function(f"() => !({dirty[6:]})", timeout=10_000)
    assert nb.file_marks()  # the marks are untouched by it
    assert not nb.page.page_errors


def test_an_empty_name_is_answered_on_the_page(open_exercise):
    nb = open_exercise("kn23", student=None,
                       before='import os; os.environ.pop("JUPYTERHUB_USER", None)')
    nb.root.locator(".an-nameform input").fill("   ")
    nb.root.locator(".an-nameform button").click()
    notice = nb.root.locator(".an-notices .an-notice", has_text="Type your name first")
    notice.wait_for()
    assert notice.is_visible()


def test_two_tabs_of_one_lesson_keep_each_others_marks_through_a_restart(open_exercise, kn23):
    """Both tabs save into one file (their marks put together); a kernel restart afterwards
    must not put back one tab's older list over the other tab's marks."""
    nb = open_exercise("kn23", labels=["hedge"])
    one, two, three = (token_index(kn23, w) for w in ("reportedly", "appears", "suggest"))
    nb.dblclick_token(one)
    nb.page.keyboard.press("h")
    nb.wait_saved(1)
    other = another_tab(nb)  # the second tab: a second widget on the same file
    nb.dblclick_token(two)
    nb.page.keyboard.press("h")
    nb.wait_saved(2)
    other.root.locator(f".an-tok.an-marked[data-i='{two}']").wait_for()  # shown there at once
    assert "put together" in other.root.locator(".an-notices").inner_text()
    other.dblclick_token(three)
    other.page.keyboard.press("h")
    other.wait_saved(3)  # saved last, with the first tab's mark kept
    words = {kn23.text[s:e] for s, e, _ in nb.file_marks()}
    assert words == {"reportedly", "appears", "suggest"}

    other.restart_kernel()
    other.run_all()
    assert {kn23.text[s:e] for s, e, _ in other.file_marks()} == words
    assert "Put back" not in other.root.locator(".an-notices").inner_text()
