"""School laptops: 1366x768 with the file browser open, 1024x600.

A QA tester ran a lesson's cell with Shift+Enter: the name field was scrolled 227 px out of
view, and a drag across the greyed (locked) article or a label key did nothing, with no word
why. At 1024x600, opening "How to mark" shrank the article's box to 128 px (about 3 lines)."""

import json
import uuid
from pathlib import Path

import pytest
from widget_helpers import artifact_path

pytestmark = pytest.mark.browser

# whether an element can be seen: the point at its middle shows it, not whatever covers it
IN_VIEW = """(el) => { const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + r.height / 2);
  return hit !== null && (hit === el || el.contains(hit)); }"""
REPO = Path(__file__).resolve().parents[2]


def lesson(lab, stem: str) -> str:
    """Lesson 2 as the class runs it (its sections, the exercise's cell, the notes below it),
    saving into a folder of its own."""
    name = f"lessons/{stem}-{uuid.uuid4().hex[:6]}.ipynb"
    save_dir = lab.root / "submissions" / Path(name).stem
    notebook = json.loads((REPO / "lessons" / "2-sources.ipynb").read_text(encoding="utf-8"))
    cell, = (c for c in notebook["cells"] if c["cell_type"] == "code")
    source = "".join(cell["source"])
    assert source.endswith("reveal_missed=True)")
    cell["source"] = source.removesuffix(")") + f", save_dir={str(save_dir)!r})"
    (lab.root / "lessons").mkdir(exist_ok=True)
    (lab.root / name).write_text(json.dumps(notebook), encoding="utf-8")
    return name


def run_with_shift_enter(page, lab, name: str) -> None:
    from lab_server import WAIT_KERNEL_IDLE, open_notebook

    open_notebook(page, lab, name)
    cell = page.locator(".jp-CodeCell").filter(has_text="exercise(").first
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_selector(".an-root .an-tok")
    page.wait_for_function(WAIT_KERNEL_IDLE, polling=100)
    page.wait_for_timeout(800)  # JupyterLab scrolls to the next cell


def test_trying_to_mark_with_no_name_brings_the_name_field_into_view_and_says_why(page, lab):
    page.set_viewport_size({"width": 1366, "height": 768})
    run_with_shift_enter(page, lab, lesson(lab, "no-name"))
    # where the tester was: the article in view, the name field above it, out of view
    page.locator(".an-root .an-text").evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    name = page.locator(".an-root input.an-name")
    assert not name.evaluate(IN_VIEW)
    page.screenshot(path=str(artifact_path("no-name-before.png")))

    # a drag across the greyed words in view
    words = page.evaluate("""() => Array.from(document.querySelectorAll('.an-root .an-tok'))
      .map((e) => { const r = e.getBoundingClientRect();
        return [e, r.left + 2, r.top + r.height / 2, r.width]; })
      .filter(([e, x, y, w]) => w > 8 && document.elementFromPoint(x, y) === e)
      .map(([e, x, y]) => [x, y])""")
    (x0, y0), (x1, y1) = words[0], words[5]
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x1, y1, steps=5)
    page.mouse.up()
    assert name.evaluate(IN_VIEW)
    assert page.evaluate("() => document.activeElement.matches('.an-root input.an-name')")
    notice = page.locator(".an-root .an-notices .an-name-needed[role='alert']")
    assert notice.is_visible() and notice.evaluate(IN_VIEW)
    assert notice.inner_text().startswith("You cannot mark yet. Type your name above")
    assert name.get_attribute("aria-describedby") == notice.get_attribute("id")
    assert page.evaluate("() => String(getSelection())") == ""  # nothing selected in the text
    page.screenshot(path=str(artifact_path("no-name-after-drag.png")))

    # a label key in the text, scrolled back down: the same
    page.locator(".an-root .an-text").evaluate("(el) => el.scrollIntoView({block: 'end'})")
    page.wait_for_timeout(300)
    assert not name.evaluate(IN_VIEW)
    page.locator(".an-root .an-text").focus()
    page.keyboard.press("s")
    assert name.evaluate(IN_VIEW)
    assert page.evaluate("() => document.activeElement.matches('.an-root input.an-name')")
    page.keyboard.type("Ada Lovelace")  # and the name goes where the student types
    page.keyboard.press("Enter")
    page.wait_for_selector(".an-root:not(.an-locked)")
    assert page.locator(".an-root .an-name-needed").count() == 0


def test_how_to_mark_open_leaves_the_article_most_of_a_small_screen(open_exercise):
    nb = open_exercise("kn23")
    page = nb.page
    page.set_viewport_size({"width": 1024, "height": 600})
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    top = "(el) => el.scrollIntoView({block: 'start'})"
    nb.root.locator(".an-toolbar").evaluate(top)
    page.wait_for_timeout(400)
    closed = nb.text().bounding_box()["height"]
    nb.root.locator(".an-help summary").click()
    page.wait_for_timeout(400)
    nb.root.locator(".an-toolbar").evaluate(top)
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifact_path("help-open-1024x600.png")))
    text = nb.text().bounding_box()
    panel = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").bounding_box()
    assert text["height"] >= 0.6 * closed, (text["height"], closed)
    assert text["y"] + text["height"] <= panel["y"] + panel["height"] + 1  # all of it in view
    # the help scrolls by itself: its last line can be read
    body = nb.root.locator(".an-help-body")
    assert body.evaluate("(el) => el.scrollHeight > el.clientHeight")
    body.hover()
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(300)
    assert body.locator(".an-save-help").evaluate(IN_VIEW)
