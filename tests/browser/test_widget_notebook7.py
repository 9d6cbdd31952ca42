"""The widget assumes no particular front end: it works the same in Notebook 7."""

import pytest
from widget_helpers import token_index

pytestmark = pytest.mark.browser


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
