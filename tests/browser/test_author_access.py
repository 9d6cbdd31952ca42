"""Author mode without a mouse: a teacher who uses only the keyboard, or a screen reader, edits
an answer key in real JupyterLab and Chromium (at 200% zoom too): reaches the selected item's
panel and comes back, chooses min and max in the text, keeps the focus after Accept, a rename
and Delete, hears what was deleted, undone and saved, and saves the key with Ctrl+S."""

from __future__ import annotations

import subprocess
import sys

import pytest
import test_author_mode as author_mode
from widget_helpers import artifact_path, token_index

from annotator.article import load_article
from annotator.key import load_key

pytestmark = pytest.mark.browser

# test_author_mode's fixtures (an article drafted by `annotator new`, its author notebook) and helper
drafted = author_mode.drafted
open_author = author_mode.open_author
wait_kernel = author_mode.wait_kernel

ZOOM_200 = {"width": 683, "height": 384}  # 1366x768 at 200%
NEW_ID = "claim-shop-owners-campaigned"
WHY = "The owners' claim: what they say the closure costs them."

# whether an element can be seen: the point at its middle shows it, not whatever covers it
IN_VIEW = """(el) => { const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + r.height / 2);
  return hit !== null && (hit === el || el.contains(hit)); }"""


def live(nb) -> str:
    return nb.root.locator(".an-live").inner_text()


def focused(nb, selector: str) -> bool:
    return nb.page.evaluate("(s) => document.activeElement === document.querySelector(s)",
                            f".an-root {selector}")


def wait_focus(nb, selector: str) -> None:
    nb.page.wait_for_function("(s) => document.activeElement === document.querySelector(s)",
                              arg=f".an-root {selector}")


def in_text(nb) -> bool:
    return focused(nb, ".an-text")


def tab_to(nb, selector: str, limit: int = 20) -> None:
    """Press Tab until the element is focused: it can be reached with the keyboard."""
    for _ in range(limit):
        if focused(nb, selector):
            return
        nb.page.keyboard.press("Tab")
    assert focused(nb, selector), f"Tab never reached {selector}"


def cursor(nb) -> int:
    return int(nb.root.get_attribute("data-cursor"))


def go_to(nb, k: int, shift: bool = False) -> None:
    """Arrow keys (with Shift: selecting) until the text's cursor is on token k."""
    prefix = "Shift+" if shift else ""
    while cursor(nb) < k:
        nb.page.keyboard.press(f"{prefix}ArrowRight")
    while cursor(nb) > k:
        nb.page.keyboard.press(f"{prefix}ArrowLeft")


def tab_to_item(nb, item_id: str) -> None:
    """From the text's first word, Tab through the items until this one is selected."""
    if not in_text(nb):
        nb.text().focus()
    if nb.selected():
        nb.page.keyboard.press("Escape")  # nothing selected: the arrows move the cursor
    go_to(nb, 0)
    for _ in range(30):
        if nb.selected() == item_id:
            return
        nb.page.keyboard.press("Tab")
    assert nb.selected() == item_id


def accept_draft(nb, item_id: str, drafts_left: int) -> None:
    """Select a drafted item with Tab, open its panel with Enter and press Accept (the
    panel's first control) with Enter; wait until the key has that many drafts left."""
    tab_to_item(nb, item_id)
    nb.page.keyboard.press("Enter")
    nb.page.keyboard.press("Enter")  # Accept
    nb.page.wait_for_function(
        "(n) => document.querySelector('.an-root').dataset.drafts === String(n)",
        arg=drafts_left)


def wait_live(nb, start: str) -> str:
    nb.page.wait_for_function(
        "(s) => document.querySelector('.an-root .an-live').textContent.startsWith(s)", arg=start)
    return live(nb)


# -- the panel: there and back -------------------------------------------------------------------


def test_enter_edits_the_selected_item_in_its_panel_and_escape_comes_back(
        open_author, drafted, lab):
    nb = open_author(drafted)
    nb.page.set_viewport_size(ZOOM_200)
    item = "claim-bridge-repairs-may-take"
    tab_to_item(nb, item)
    said = live(nb)
    nb.page.keyboard.press("Enter")
    accept = ".an-panel button[data-act='accept']"
    assert focused(nb, accept)
    assert said == ("claim (draft) 2 of 13: “bridge repairs may take longer”. Enter edits it; "
                    "label keys relabel, Delete removes, Shift+arrows resize.")
    # the panel sits below the text at this size: the focused button is brought into view
    assert nb.root.locator(accept).evaluate(IN_VIEW)
    button = nb.root.locator(accept)
    reason = button.evaluate("(el) => document.getElementById("
                             "el.getAttribute('aria-describedby')).textContent")
    assert reason.startswith("Suggested by a rule: claim.")
    assert live(nb).startswith("Editing claim (draft) “bridge repairs may take longer”.")
    nb.page.screenshot(path=str(artifact_path("author-zoom200-panel.png")))
    # below the text, the panel scrolls with the notebook: no small scroll box inside it
    room = nb.root.locator(".an-panel").evaluate(
        "(el) => ({scroll: el.scrollHeight, client: el.clientHeight,"
        " wide: el.getBoundingClientRect().width >= el.parentElement.clientWidth - 1})")
    assert room["scroll"] <= room["client"] + 1 and room["wide"], room

    nb.page.keyboard.press("Escape")
    assert in_text(nb) and nb.selected() == item
    assert live(nb) == "Back in the text at claim “bridge repairs may take longer”."
    nb.page.keyboard.press("Tab")  # on to the next item, as before
    assert nb.selected() == "hedge-may"


# -- a whole key edited with the keyboard ----------------------------------------------------------


def test_a_teacher_edits_and_saves_a_key_with_the_keyboard_only_at_200_percent(
        open_author, drafted, lab):
    article = load_article(lab.root / "seeds" / f"{drafted}.txt")
    key_path = lab.root / "answer_keys" / f"{drafted}.yaml"
    nb = open_author(drafted)
    page, keys = nb.page, nb.page.keyboard
    page.set_viewport_size(ZOOM_200)

    def word(text: str) -> int:
        return token_index(article, text)

    # Add an item: arrows to "who", Shift+arrows to "repair", C.
    nb.text().focus()
    go_to(nb, word("who"))
    go_to(nb, word("repair"), shift=True)
    keys.press("c")
    added = "claim-who-have-campaigned-for"
    page.wait_for_function(f"() => document.querySelector('.an-root').dataset.selected === '{added}'")
    assert live(nb).startswith("claim 10 of 14: “who have campaigned for a faster repair”")

    # Enter: its panel. A new id, typed and Entered: the focus stays in the id box.
    keys.press("Enter")
    assert focused(nb, ".an-panel input[data-field='id']")
    keys.press("Control+a")
    keys.type(NEW_ID)
    keys.press("Enter")
    page.wait_for_function(f"() => document.querySelector('.an-root').dataset.selected === '{NEW_ID}'")
    assert focused(nb, ".an-panel input[data-field='id']")
    assert live(nb) == f"The id is now {NEW_ID}."

    # Its label from the panel's list (arrow keys), then back.
    tab_to(nb, ".an-panel select[data-field='label']")
    keys.press("ArrowDown")
    wait_kernel(nb, NEW_ID, lambda item: item["label"] == "source", "relabelled")
    assert focused(nb, ".an-panel select[data-field='label']")
    keys.press("ArrowUp")
    wait_kernel(nb, NEW_ID, lambda item: item["label"] == "claim", "relabelled back")

    # Required off with Space; why typed, and sent by Tab.
    tab_to(nb, ".an-panel input[data-field='required']")
    keys.press("Space")
    wait_kernel(nb, NEW_ID, lambda item: item["required"] is False, "made optional")
    assert focused(nb, ".an-panel input[data-field='required']")
    tab_to(nb, ".an-panel textarea[data-field='why']")
    keys.type(WHY)
    keys.press("Tab")
    wait_kernel(nb, NEW_ID, lambda item: item["why"] == WHY, "explained")

    # Min: Choose min takes the keyboard to the text; Shift+arrows; Enter sets it.
    tab_to(nb, ".an-panel button[data-act='set-min']")
    assert nb.root.locator(".an-panel button[data-act='set-min']").inner_text() == \
        "Choose min in the text"
    keys.press("Enter")
    assert in_text(nb) and nb.selected() == NEW_ID
    assert live(nb).startswith("Choosing the min of claim “who have campaigned for a faster "
                               "repair”: now “who have campaigned for a faster repair”.")
    go_to(nb, word("campaigned"))
    go_to(nb, word("repair"), shift=True)
    assert nb.selected() == NEW_ID  # Shift+arrows chose words; they did not resize the item
    page.screenshot(path=str(artifact_path("author-zoom200-choosing-min.png")))
    keys.press("Enter")
    item = wait_kernel(nb, NEW_ID, lambda item: not item["min_default"], "given a min")
    assert article.text[slice(*item["min"])] == "campaigned for a faster repair"
    assert focused(nb, ".an-panel button[data-act='set-min']")

    # Max: the next button; Escape first leaves it as it was, then "shop … repair".
    keys.press("Tab")
    assert focused(nb, ".an-panel button[data-act='set-max']")
    keys.press("Enter")
    assert in_text(nb)
    keys.press("Escape")
    assert focused(nb, ".an-panel button[data-act='set-max']")
    assert live(nb) == "The max is unchanged."
    keys.press("Enter")
    go_to(nb, word("shop"))
    go_to(nb, word("repair"), shift=True)
    keys.press("Enter")
    item = wait_kernel(nb, NEW_ID, lambda item: not item["max_default"], "given a max")
    assert article.text[slice(*item["max"])] == "shop owners, who have campaigned for a faster repair"
    page.screenshot(path=str(artifact_path("author-zoom200-keyboard.png")))

    # Back in the text; Accept a draft from its panel: the keyboard stays in the panel.
    keys.press("Escape")
    assert in_text(nb)
    accept_draft(nb, "claim-bridge-repairs-may-take", 12)
    wait_focus(nb, ".an-panel input[data-field='id']")
    assert live(nb) == "Accepted claim “bridge repairs may take longer”."

    # Delete that item from its panel: the keyboard goes on in the text, and says so.
    tab_to(nb, ".an-panel button[data-act='delete']")
    keys.press("Enter")
    page.wait_for_selector(".an-root .an-text .an-tag[data-key='claim-bridge-repairs-may-take']",
                           state="detached")
    assert in_text(nb)
    assert live(nb) == "Deleted claim “bridge repairs may take longer”."
    assert nb.root.locator(".an-live").get_attribute("aria-live") == "polite"

    # Ctrl+S saves the key, and says where.
    keys.press("Control+s")
    page.wait_for_selector(".an-root .an-status-saved")
    wait_live(nb, "Key saved in ")
    assert page.page_errors == []

    key = load_key(key_path)
    ids = [item.id for item in key.items]
    assert "claim-bridge-repairs-may-take" not in ids
    new = key.item(NEW_ID)
    assert (new.label, article.text[new.start:new.end]) == (
        "claim", "who have campaigned for a faster repair")
    assert (new.required, new.why) == (False, WHY)
    assert article.text[new.min_start:new.min_end] == "campaigned for a faster repair"
    assert article.text[new.max_start:new.max_end] == \
        "shop owners, who have campaigned for a faster repair"
    check = subprocess.run([sys.executable, "-m", "annotator.cli", "validate", str(key_path)],
                           cwd=lab.root, capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr


# -- saving ---------------------------------------------------------------------------------------


def test_ctrl_s_in_the_panel_saves_the_key_with_the_why_being_typed(open_author, drafted, lab):
    """Ctrl+S said "Notebook saved. Your marks save themselves." in author mode, where nothing
    saves itself, and in the panel it reached no one (the browser's Save page as)."""
    key_path = lab.root / "answer_keys" / f"{drafted}.yaml"
    nb = open_author(drafted)
    page = nb.page
    accept_draft(nb, "hedge-reportedly", 12)
    tab_to(nb, ".an-panel textarea[data-field='why']")
    page.keyboard.press("Control+a")
    page.keyboard.type(WHY)
    # after the key's journey, was its default (the browser's "Save page as") prevented?
    page.evaluate("() => window.addEventListener('keydown', (e) => { if (e.key === 's')"
                  " setTimeout(() => { window.__prevented = e.defaultPrevented; }); }, true)")
    page.keyboard.press("Control+s")
    page.wait_for_selector(".an-root .an-status-saved")
    assert page.evaluate("() => window.__prevented") is True
    assert wait_live(nb, "Key saved in ").endswith(".")
    assert load_key(key_path).item("hedge-reportedly").why == WHY
    assert focused(nb, ".an-panel textarea[data-field='why']")
    # the notebook is saved too, as Ctrl+S does everywhere in JupyterLab
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")


def test_the_save_key_button_says_the_key_is_saved(open_author, drafted):
    nb = open_author(drafted)
    save = nb.root.locator("button[data-act='save']")
    save.focus()
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_selector(".an-root .an-status-saved")
    assert wait_live(nb, "Key saved in ").endswith(f"{drafted}.yaml.")


# -- what a screen reader hears --------------------------------------------------------------------


def test_delete_undo_and_panel_changes_are_heard_right(open_author, drafted):
    nb = open_author(drafted)
    page = nb.page
    snapshot = nb.root.aria_snapshot()
    assert 'button "claim (key C): 5 items"' in snapshot
    assert "Enter edits the selected item" in nb.text().get_attribute("aria-label")
    help_text = nb.root.locator(".an-help").evaluate("(el) => el.textContent")
    for words in ("Enter edits the selected item", "Choose min", "Ctrl+S"):
        assert words in help_text

    tab_to_item(nb, "source-council")
    page.keyboard.press("Delete")
    page.wait_for_selector(".an-root .an-text .an-tag[data-key='source-council']", state="detached")
    assert live(nb) == "Rejected the draft source “Council”."
    page.keyboard.press("Control+z")
    assert live(nb) == "Undone"
    page.wait_for_selector(".an-root .an-text .an-tag[data-key='source-council']")

    # A change in the panel is not followed by the item's whole description again.
    accept_draft(nb, "hedge-may", 12)
    tab_to(nb, ".an-panel input[data-field='required']")
    page.keyboard.press("Space")
    wait_kernel(nb, "hedge-may", lambda item: item["required"] is False, "made optional")
    page.wait_for_timeout(300)  # the kernel's answer has come: nothing more is said
    assert live(nb) == "Accepted hedge “may”."


# -- choosing min and max with clicks; Reset -------------------------------------------------------


def test_choose_min_takes_clicked_words_inside_the_item_and_reset_keeps_the_focus(
        open_author, drafted, lab):
    article = load_article(lab.root / "seeds" / f"{drafted}.txt")
    nb = open_author(drafted)
    page = nb.page
    item = "claim-the-harbour-bridge-will"
    tab_to_item(nb, item)
    page.keyboard.press("Enter")
    choose = nb.root.locator(".an-panel button[data-act='set-min']")
    choose.click()  # nothing selected: Choose min in the text
    # a click on a word of the item chooses that word (it used to select the item again)
    nb.token(token_index(article, "Harbour")).click()
    assert nb.selected() == item
    assert live(nb) == "Selected “Harbour”: Enter sets the min."
    nb.token(token_index(article, "Bridge")).click(modifiers=["Shift"])
    assert live(nb) == "Selected “Harbour Bridge”: Enter sets the min."
    assert choose.inner_text() == "Set min to selection"
    page.keyboard.press("Enter")
    min_set = wait_kernel(nb, item, lambda it: not it["min_default"], "given a min")
    assert article.text[slice(*min_set["min"])] == "Harbour Bridge"
    assert focused(nb, ".an-panel button[data-act='set-min']")

    # Reset: its button is off once min and max are the defaults; the focus stays in the panel
    tab_to(nb, ".an-panel button[data-act='reset']")
    page.keyboard.press("Enter")
    wait_kernel(nb, item, lambda it: it["min_default"], "reset")
    wait_focus(nb, ".an-panel input[data-field='id']")
    assert live(nb) == "Min and max are back to their defaults."
