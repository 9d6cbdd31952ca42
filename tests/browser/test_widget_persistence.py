"""Whose work, and is it really saved: what a QA pass playing students found.

- Marks made on the old widget after a kernel restart come back through the name field (the
  real lesson asks for the name).
- Undo takes back the student's own last change only, never marks put together from another
  tab or cell; it never carries one student's marks into the next student's file.
- A name remembered by the kernel is offered, not used: the next student at a shared laptop
  types their own.
- A failed save is tried again until it works; the notice after putting changes back fits a
  failed save as well as a stopped kernel; "Saved" tells when the file was saved.
- Two widgets of one file in one kernel show each other's marks at once.
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("lesson_helpers")

from lesson_helpers import lesson_opener, start_as
from widget_helpers import token_index

pytestmark = pytest.mark.browser

STATUS_SAVED = ".an-root .an-status-saved"


@pytest.fixture
def open_lesson(page, lab, request):
    return lesson_opener(page, lab, request.config)


def words(nb, kn23) -> list[str]:
    return sorted(kn23.text[s:e] for s, e, _ in nb.file_marks())


def mark(root, page, k: int, key: str) -> None:
    """Double-click token k in this widget and press a label key."""
    tok = root.locator(f".an-tok[data-i='{k}']")
    tok.scroll_into_view_if_needed()
    tok.dblclick()
    page.keyboard.press(key)


def press_in_text(root, page, keys: str) -> None:
    """Keys pressed with the focus in this widget's text; waits until Python says Saved."""
    root.locator(".an-text").focus()
    page.keyboard.press(keys)
    root.locator(".an-status-saved").wait_for()


# -- marks made after a kernel restart come back through the name field ---------------------------


def test_marks_made_after_a_restart_come_back_when_the_student_types_the_name_again(
        open_lesson, kn23):
    lesson = open_lesson("1-claims.ipynb", student="Ada")
    nb = lesson.nb
    for word in ("officials", "appears"):
        nb.dblclick_token(token_index(kn23, word))
        nb.page.keyboard.press("c")
    nb.wait_saved(2)

    nb.restart_kernel()  # the old widget stays on the page, with no Python behind it
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("c")
    nb.page.wait_for_selector(".an-root .an-status-error", timeout=20_000)
    assert "the marks on this screen come back" in nb.root.locator(".an-status").inner_text()

    nb.run_all()  # what the widget says to do: the new kernel asks for the name ...
    start_as(nb, "Ada")  # ... the same name: the mark only the screen had comes back
    nb.wait_saved(3)
    assert words(nb, kn23) == ["appears", "officials", "reportedly"]
    assert "Put back 1 change" in nb.root.locator(".an-notices").inner_text()
