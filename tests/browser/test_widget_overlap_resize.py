"""Items 4 and 5: a hedge inside a claim (both visible, each selectable), and marks that are
resized and relabelled in place."""

import pytest
from widget_helpers import artifact_path, drag_handle, token_index

pytestmark = pytest.mark.browser


def key_of(mark) -> str:
    return "{}:{}:{}".format(*mark)


def test_hedge_inside_claim_both_visible_and_each_selectable(open_exercise, kn23):
    nb = open_exercise("kn23")
    first, sent = token_index(kn23, "North"), token_index(kn23, "sent")
    reportedly, engineers = token_index(kn23, "reportedly"), token_index(kn23, "engineers")
    nb.drag((first, 0), (sent, 3))
    nb.page.keyboard.press("c")
    nb.dblclick_token(reportedly)
    nb.page.keyboard.press("h")
    nb.wait_saved(2)
    claim = [kn23.tokens[first][0], kn23.tokens[sent][1], "claim"]
    hedge = [*kn23.tokens[reportedly], "hedge"]
    assert sorted(nb.kernel_marks()) == sorted([claim, hedge])

    # Both drawn on the shared word: two underline lanes (solid claim, wavy hedge) and two tags.
    word = nb.token(reportedly)
    assert word.get_attribute("data-labels") == "claim hedge"
    image = word.evaluate("el => el.style.backgroundImage")
    assert "rgb(0, 114, 178)" in image  # claim #0072B2, solid line and tint
    assert "svg" in image and "CC79A7" in image.upper()  # hedge #CC79A7, wavy line
    tags = nb.page.locator(".an-root .an-text .an-tag")
    assert tags.all_inner_texts() == ["CLAIM", "HEDGE"]
    assert all(tags.nth(n).is_visible() for n in range(2))

    nb.text().screenshot(path=str(artifact_path("hedge-in-claim.png")))

    # Click the shared word: the inner mark first, then the outer one.
    nb.page.keyboard.press("Escape")
    word.click()
    assert nb.selected() == key_of(hedge)
    word.click()
    assert nb.selected() == key_of(claim)
    word.click()
    assert nb.selected() == key_of(hedge)
    nb.token(engineers).click()
    assert nb.selected() == key_of(claim)
    tags.nth(1).click()
    assert nb.selected() == key_of(hedge)
    tags.nth(0).click()
    assert nb.selected() == key_of(claim)





def test_drag_handles_resize_the_selected_mark(open_exercise, kn23):
    nb = open_exercise("kn23")
    engineers, sent = token_index(kn23, "engineers"), token_index(kn23, "sent")
    korean = token_index(kn23, "Korean")
    nb.dblclick_token(engineers)
    nb.page.keyboard.press("c")
    nb.wait_saved(1)
    drag_handle(nb, "end", sent, "right")
    expected = [kn23.tokens[engineers][0], kn23.tokens[sent][1], "claim"]
    nb.page.wait_for_function(f"() => document.querySelector('.an-root').dataset.selected"
                              f" === '{key_of(expected)}'")
    nb.wait_saved(1)
    assert nb.kernel_marks() == [expected]
    drag_handle(nb, "start", korean, "left")
    expected = [kn23.tokens[korean][0], kn23.tokens[sent][1], "claim"]
    nb.page.wait_for_function(f"() => document.querySelector('.an-root').dataset.selected"
                              f" === '{key_of(expected)}'")
    nb.wait_saved(1)
    assert nb.kernel_marks() == [expected]
    assert nb.label_button("claim").locator(".an-count").inner_text() == "1"


def test_keyboard_resizes_and_relabels_without_deleting(open_exercise, kn23):
    nb = open_exercise("kn23")
    engineers, have = token_index(kn23, "engineers"), token_index(kn23, "have")
    military = token_index(kn23, "military")
    keys = nb.page.keyboard
    nb.dblclick_token(engineers)
    keys.press("c")
    keys.press("Shift+ArrowRight")  # end: engineers -> have
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[kn23.tokens[engineers][0], kn23.tokens[have][1], "claim"]]
    keys.press("Shift+Alt+ArrowLeft")  # start: engineers -> military
    keys.press("Shift+ArrowLeft")  # end: have -> engineers
    nb.wait_saved(1)
    span = [kn23.tokens[military][0], kn23.tokens[engineers][1]]
    assert nb.kernel_marks() == [[*span, "claim"]]
    keys.press("Shift+Alt+ArrowRight")  # start: military -> engineers
    keys.press("Shift+Alt+ArrowRight")  # a mark never becomes empty
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[*kn23.tokens[engineers], "claim"]]
    keys.press("Shift+Alt+ArrowLeft")

    keys.press("s")  # relabel by hotkey
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[*span, "source"]]
    nb.label_button("hedge").click()  # relabel from the toolbar
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[*span, "hedge"]]
    counts = [nb.label_button(n).locator(".an-count").inner_text()
              for n in ("claim", "source", "hedge")]
    assert counts == ["0", "0", "1"]
    keys.press("Control+z")
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[*span, "source"]]
