"""The widget assumes no particular front end: it works the same in Notebook 7, and so does a
real lesson notebook."""

import pytest

pytest.register_assert_rewrite("lesson_helpers")  # its asserts explain their failures

from lesson_helpers import (
    assert_found,
    check_and_compare,
    kernel_marks,
    lesson_opener,
    make_mark,
)
from widget_helpers import token_index

pytestmark = pytest.mark.browser


@pytest.fixture
def open_lesson(page, lab, request):
    return lesson_opener(page, lab, request.config)


def test_marking_and_saving_work_in_notebook_7(open_exercise, kn23):
    nb = open_exercise("kn23", front_end="notebook7")
    assert "/notebooks/" in nb.page.url
    k = token_index(kn23, "reportedly")
    nb.dblclick_token(k)
    nb.page.keyboard.press("h")
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[*kn23.tokens[k], "hedge"]]
    before = nb.cells()
    for key in ("a", "b", "x", "d", "d", "m"):
        nb.page.keyboard.press(key)
    assert nb.cells()["cells"] == before["cells"]
    nb.root.locator("button[data-action='check']").click()
    nb.page.wait_for_selector(".an-root .an-results")


def test_hedging_lesson_runs_marks_and_checks_in_notebook_7(open_lesson, kn23, kn23_key):
    lesson = open_lesson("3-hedging.ipynb", front_end="notebook7", student="Grace Hopper")
    nb = lesson.nb
    assert "/notebooks/" in nb.page.url and "/lab" not in nb.page.url
    assert nb.page.locator(".jp-NotebookPanel").count() == 1
    assert nb.root.locator(".an-tok").count() == len(kn23.tokens)
    plan = [("hedge-reportedly", "dblclick"), ("hedge-highly-likely", "drag"),
            ("hedge-is-believed", "armed")]
    expected = [make_mark(nb, kn23, kn23_key, item_id, how) for item_id, how in plan]
    nb.wait_saved(len(expected))
    assert sorted(kernel_marks(nb)) == sorted(expected)
    assert nb.file_marks() == sorted(tuple(m) for m in expected)
    notes = check_and_compare(nb, kn23_key, ["hedge"], reveal_missed=True)
    assert_found(notes, [item_id for item_id, _ in plan])
    assert any(n["kind"] == "missed" for n in notes)
    assert lesson.page_errors() == []
