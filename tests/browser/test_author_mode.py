"""Issue 5: author mode. A teacher turns the draft key of ``annotator new`` into a usable key
in real JupyterLab and Chromium, with the real mouse and keyboard, and saves valid YAML."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid

import pytest
from widget_helpers import artifact_path, drag_handle, notebook_class, token_index

from annotator.article import load_article
from annotator.key import load_key

pytestmark = pytest.mark.browser

ARTICLE = """\
Council says bridge repairs may take longer

The Harbour Bridge will reportedly stay closed until March, according to council officials. \
Engineers found cracks in two of the supports last week, a spokesperson for the council said.

Local shop owners, who have campaigned for a faster repair, claimed that the closure is costing \
them thousands of dollars a week. The mayor said the city would probably add a ferry service.
"""

NEW_ID = "claim-shop-owners-campaigned"
WHY = "An elaboration about the source: optional, and marking it as part of the source counts."


@pytest.fixture
def drafted(lab) -> str:
    """An article the test writes, drafted into a key by the real ``annotator new`` command."""
    article_id = f"bridge-{uuid.uuid4().hex[:6]}"
    incoming = lab.root / "incoming" / f"{article_id}.txt"
    incoming.parent.mkdir(exist_ok=True)
    incoming.write_text(ARTICLE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "annotator.cli", "new", str(incoming),
                          "--id", article_id], cwd=lab.root, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return article_id


@pytest.fixture
def open_author(page, lab, request):
    """``open_author(article_id)``: a notebook whose one cell is ``author(article_id)``, run."""
    notebook = notebook_class(request.config)

    def _open(article_id: str):
        name = f"author-{article_id}.ipynb"
        cell = f"from annotator.lesson import author\nw = author({article_id!r})\nw"
        lab.write_notebook(name, [cell])
        nb = notebook(page, lab, name, lab.root / "answer_keys" / f"{article_id}.yaml")
        nb.open()
        nb.run_all()
        return nb

    return _open


# -- driving the author widget --------------------------------------------------------------------


def kernel_item(nb, item_id: str) -> dict | None:
    items = json.loads(nb.kernel("import json; print(json.dumps(w.items))"))
    return next((item for item in items if item["id"] == item_id), None)


def wait_kernel(nb, item_id: str, check, what: str) -> dict:
    """Wait until the kernel's item passes ``check`` (the browser sends, the kernel decides)."""
    deadline = time.monotonic() + 20
    while True:
        item = kernel_item(nb, item_id)
        if check(item):
            return item
        assert time.monotonic() < deadline, f"{item_id}: never {what}; kernel has {item}"
        time.sleep(0.1)


def panel(nb, selector: str):
    return nb.page.locator(f".an-root .an-panel {selector}")


def select_item(nb, item_id: str) -> None:
    """Click the item's text tag: it is selected and the panel shows it."""
    tag = nb.page.locator(f".an-root .an-text .an-tag[data-key='{item_id}']")
    tag.scroll_into_view_if_needed()
    tag.click()
    nb.page.wait_for_function(
        "(id) => document.querySelector('.an-root .an-panel').dataset.item === id", arg=item_id)
    assert nb.selected() == item_id


def drafts_left(nb) -> int:
    return int(nb.root.get_attribute("data-drafts"))


def accept(nb, item_id: str) -> None:
    left = drafts_left(nb)
    assert panel(nb, ".an-draft-box").is_visible()
    panel(nb, "button[data-act='accept']").click()
    nb.page.wait_for_function(f"() => document.querySelector('.an-root').dataset.drafts"
                              f" === '{left - 1}'")
    assert not panel(nb, ".an-draft-box").is_visible()
    assert kernel_item(nb, item_id)["draft"] is False


def test_an_author_turns_a_draft_into_a_usable_key(open_author, drafted, lab):
    article = load_article(lab.root / "seeds" / f"{drafted}.txt")
    key_path = lab.root / "answer_keys" / f"{drafted}.yaml"
    draft = load_key(key_path)
    assert all(item.extra.get("draft") is True for item in draft.items)
    nb = open_author(drafted)
    page = nb.page
    total = len(draft.items)
    assert drafts_left(nb) == total
    assert page.locator(".an-root .an-drafts").inner_text() == f"{total} drafts still to review"
    assert page.locator(".an-root .an-text .an-tag").count() == total
    assert not page.locator(".an-root .an-name").is_visible()  # no student, no Check
    assert not page.locator(".an-root button[data-action='check']").is_visible()

    # Reject the headline's "Council": the draft panel shows the rule's reason first.
    select_item(nb, "source-council")
    assert "source." in panel(nb, ".an-draft-box").inner_text()
    panel(nb, "button[data-act='reject']").click()
    page.wait_for_selector(".an-root .an-text .an-tag[data-key='source-council']",
                           state="detached")
    assert drafts_left(nb) == total - 1 and nb.selected() == ""

    # Accept two drafts as they are.
    for item_id in ("claim-the-harbour-bridge-will", "hedge-reportedly"):
        select_item(nb, item_id)
        accept(nb, item_id)
    assert panel(nb, "input[data-field='alt'][data-label='source']").is_checked()

    # Resize an over-long source with its end handle, give it a type, and accept it.
    shops = "source-local-shop-owners-who"
    select_item(nb, shops)
    nb.root.screenshot(path=str(artifact_path("author-mode-draft.png")))
    drag_handle(nb, "end", token_index(article, "owners"), "right")
    resized = wait_kernel(nb, shops, lambda item: item["end"] == article.find("owners")[1],
                          "resized")
    assert article.text[resized["start"]:resized["end"]] == "Local shop owners"
    panel(nb, "select[data-field='source_type']").select_option("unnamed_described")
    wait_kernel(nb, shops, lambda item: item["source_type"] == "unnamed_described", "typed")
    panel(nb, "input[data-field='interested_party']").click()
    wait_kernel(nb, shops, lambda item: item["interested_party"], "an interested party")
    accept(nb, shops)

    # With only drafts shown, Next draft goes to one; accept it.
    page.locator(".an-root .an-drafts-only").check()
    page.locator(".an-root button[data-act='next-draft']").click()
    following = nb.selected()
    assert following and kernel_item(nb, following)["draft"] is True
    accept(nb, following)
    page.locator(".an-root .an-drafts-only").uncheck()

    # Add an item by dragging, relabel it with its hotkey, and rename it in the panel.
    first, last = token_index(article, "who"), token_index(article, "repair")
    nb.drag((first, 0), (last, len("repair") - 1))
    page.keyboard.press("s")
    page.wait_for_function("() => document.querySelector('.an-root').dataset.selected"
                           " === 'source-who-have-campaigned-for'")
    page.keyboard.press("c")
    wait_kernel(nb, "source-who-have-campaigned-for",
                lambda item: item["label"] == "claim", "relabelled")
    id_box = panel(nb, "input[data-field='id']")
    id_box.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(NEW_ID)
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('.an-root').dataset.selected"
                           f" === '{NEW_ID}'")

    # Its min from a selection in the text; then required, an alternative label and why.
    campaigned = token_index(article, "campaigned")
    nb.drag((campaigned, 0), (last, len("repair") - 1))
    assert nb.selected() == NEW_ID  # the item stays selected for Set min
    panel(nb, "button[data-act='set-min']").click()
    item = wait_kernel(nb, NEW_ID, lambda item: not item["min_default"], "given a min")
    assert article.text[slice(*item["min"])] == "campaigned for a faster repair"
    page.wait_for_selector(".an-root .an-text .an-ext-min-start")
    assert page.locator(".an-root .an-text .an-ext-max-start").count() == 1  # a claim's max
    panel(nb, "input[data-field='required']").click()
    wait_kernel(nb, NEW_ID, lambda item: item["required"] is False, "made optional")
    panel(nb, "input[data-field='alt'][data-label='source']").click()
    wait_kernel(nb, NEW_ID, lambda item: item["alt_labels"] == ["source"], "given an alt")
    panel(nb, "textarea[data-field='why']").click()
    page.keyboard.type(WHY)
    page.keyboard.press("Tab")
    wait_kernel(nb, NEW_ID, lambda item: item["why"] == WHY, "explained")
    assert page.locator(".an-root .an-status").inner_text() == "● Unsaved changes"

    artifact = artifact_path("author-mode.png")
    nb.root.screenshot(path=str(artifact))

    # Save: drafts may stay, and the widget says how many.
    accepted = 4
    left = total - 1 - accepted
    page.locator(".an-root button[data-act='save']").click()
    page.wait_for_selector(".an-root .an-status-saved")
    assert page.locator(".an-root .an-author-notice").inner_text() == \
        f"{left} drafts still to review."
    assert page.page_errors == []

    key = load_key(key_path)
    ids = [item.id for item in key.items]
    assert "source-council" not in ids and len(ids) == total
    for item_id in ("claim-the-harbour-bridge-will", "hedge-reportedly", shops, following):
        assert "draft" not in key.item(item_id).extra and "reason" not in key.item(item_id).extra
    assert sum(item.extra.get("draft") is True for item in key.items) == left
    shop = key.item(shops)
    assert article.text[shop.start:shop.end] == "Local shop owners"
    assert (shop.source_type, shop.extra["interested_party"]) == ("unnamed_described", True)
    assert key.item("hedge-reportedly").alt_labels == ("source",)
    new = key.item(NEW_ID)
    assert (new.label, article.text[new.start:new.end]) == (
        "claim", "who have campaigned for a faster repair")
    assert article.text[new.min_start:new.min_end] == "campaigned for a faster repair"
    assert (new.required, new.alt_labels, new.why) == (False, ("source",), WHY)
    assert ids.index(shops) < ids.index(NEW_ID) < ids.index("claim-the-closure-is-costing")

    check = subprocess.run([sys.executable, "-m", "annotator.cli", "validate", str(key_path)],
                           cwd=lab.root, capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"ok    {key_path}" in check.stdout
