"""Item 7: every change is saved at once; re-running the cell, restarting the kernel and
reloading the page all bring the marks back; the student is known from the lesson,
JUPYTERHUB_USER or the name field."""

import pytest
from widget_helpers import artifact_path, token_index

from annotator.submission import check_against, load_submission

pytestmark = pytest.mark.browser


def marked_tokens(nb) -> list[int]:
    return nb.page.evaluate(
        "() => Array.from(document.querySelectorAll('.an-root .an-tok.an-marked'),"
        " el => Number(el.dataset.i))")


def test_every_change_is_saved_and_comes_back_after_rerun_restart_and_reload(
        open_exercise, kn23, kn23_key):
    nb = open_exercise("kn23", lesson="kn23-claims", labels=["claim", "hedge"])
    assert nb.root.locator(".an-status").inner_text() == "No marks yet"
    k = token_index(kn23, "reportedly")
    nb.dblclick_token(k)
    nb.page.keyboard.press("h")
    nb.wait_saved(1)
    assert nb.root.locator(".an-status").inner_text().startswith("✓ Saved")
    saved = load_submission(nb.save_path)
    check_against(saved, kn23, kn23_key.labels)
    assert saved.student_id == "tester" and saved.lesson == "kn23-claims"
    assert [(m.start, m.end, m.label, m.text) for m in saved.marks] == [
        (*kn23.tokens[k], "hedge", "reportedly")]
    assert not list(nb.save_path.parent.glob(".*.tmp"))  # atomic: no temp file left behind

    nb.run_all()  # re-run the cell: a new widget, loaded from the file
    assert marked_tokens(nb) == [k]
    assert nb.kernel_marks() == [[*kn23.tokens[k], "hedge"]]
    assert nb.root.locator(".an-status").inner_text().startswith("✓ Saved")

    nb.restart_kernel()
    nb.run_all()
    assert marked_tokens(nb) == [k]
    nb.dblclick_token(k + 1)  # "been": a second mark after the restart
    nb.page.keyboard.press("c")
    nb.wait_saved(2)

    nb.open()  # reload the page
    nb.run_all()
    assert marked_tokens(nb) == [k, k + 1]
    assert sorted(nb.kernel_marks()) == sorted([[*kn23.tokens[k], "hedge"],
                                                [*kn23.tokens[k + 1], "claim"]])


def test_marks_of_labels_outside_the_lesson_are_kept_in_the_file(open_exercise, kn23):
    nb = open_exercise("kn23", labels=["claim", "hedge"], name="outside-labels")
    nb.dblclick_token(token_index(kn23, "officials"))
    nb.page.keyboard.press("c")
    nb.wait_saved(1)
    nb2 = open_exercise("kn23", labels=["hedge"], name="outside-labels")
    assert nb2.save_path == nb.save_path
    assert marked_tokens(nb2) == []
    nb2.dblclick_token(token_index(kn23, "reportedly"))
    nb2.page.keyboard.press("h")
    nb2.wait_saved(2)
    assert sorted(m[2] for m in nb2.file_marks()) == ["claim", "hedge"]
    assert nb2.kernel_marks() == [[*kn23.tokens[token_index(kn23, "reportedly")], "hedge"]]


def test_student_comes_from_jupyterhub_user(open_exercise, kn23):
    nb = open_exercise("kn23", student=None,
                       before='import os; os.environ["JUPYTERHUB_USER"] = "hub-Ada"')
    assert nb.root.locator(".an-student-name").inner_text() == "hub-Ada"
    assert nb.root.locator(".an-nameform").is_hidden()
    assert nb.root.locator(".an-change-name").count() == 0  # the login is who this is
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("h")
    nb.wait_saved()
    assert (nb.save_path / "hub-ada.json").is_file()


def test_name_field_unlocks_marking_and_brings_back_the_work(open_exercise, kn23):
    nb = open_exercise("kn23", student=None,
                       before='import os; os.environ.pop("JUPYTERHUB_USER", None)')
    folder = nb.save_path
    form = nb.root.locator(".an-nameform")
    assert form.is_visible()
    assert nb.root.get_attribute("class").split().count("an-locked") == 1
    # dimmed, and a click on it says where the name goes instead of doing nothing
    claim = nb.label_button("claim")
    assert claim.get_attribute("aria-disabled") == "true"
    box = claim.bounding_box()  # a real click (Playwright's click waits for an enabled button)
    nb.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert nb.kernel_marks() == []
    assert form.locator("input").evaluate("(el) => el === document.activeElement")
    assert nb.root.locator(".an-name-needed[role='alert']").is_visible()
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("h")  # locked: nothing is marked, nothing is lost
    assert nb.kernel_marks() == []
    # the press on the text took the student to the name field, and said why
    assert form.locator("input").evaluate("(el) => el === document.activeElement")
    assert nb.root.locator(".an-name-needed[role='alert']").is_visible()
    assert form.locator("input").input_value() == "h"  # the key went where the focus was
    nb.page.keyboard.press("Backspace")
    nb.root.screenshot(path=str(artifact_path("name-field.png")))

    form.locator("input").click()
    nb.page.keyboard.insert_text("Zoë O'Brien")
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_selector(".an-root .an-student-name")
    assert nb.root.locator(".an-student-name").inner_text() == "Zoë O'Brien"
    assert form.is_hidden()
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("h")
    nb.wait_saved()
    path = folder / "zoe-o-brien.json"
    saved = load_submission(path)
    assert (saved.student_id, saved.student_name) == ("zoe-o-brien", "Zoë O'Brien")

    nb.run_all()  # same kernel: the name is offered; Enter (or Start) brings the work back
    assert form.locator("input").input_value() == "Zoë O'Brien"
    assert marked_tokens(nb) == []
    nb.page.wait_for_function("() => document.activeElement"
                              " && document.activeElement.matches('.an-root input.an-name')")
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_selector(".an-root .an-tok.an-marked")
    assert nb.root.locator(".an-student-name").inner_text() == "Zoë O'Brien"
    assert marked_tokens(nb) == [token_index(kn23, "reportedly")]

    nb.restart_kernel()  # a new kernel asks again; the same name finds the same file
    nb.run_all()
    assert marked_tokens(nb) == []
    nb.root.locator(".an-nameform input").fill("Zoë O'Brien")
    nb.root.locator(".an-nameform button").click()
    nb.page.wait_for_selector(".an-root .an-tok.an-marked")
    assert marked_tokens(nb) == [token_index(kn23, "reportedly")]


def test_not_you_lets_the_next_student_at_the_computer_start_their_own_file(
        open_exercise, kn23):
    nb = open_exercise("kn23", student="Ada")
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("h")
    nb.wait_saved(1)
    form = nb.root.locator(".an-nameform")
    assert form.is_hidden()
    nb.root.locator(".an-change-name").click()
    assert form.is_visible()
    nb.page.keyboard.type("Bob")  # the name field has the focus
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_function(
        "() => document.querySelector('.an-root .an-student-name').textContent === 'Bob'")
    assert form.is_hidden()
    assert marked_tokens(nb) == []  # Bob's own (new) work, not Ada's
    nb.dblclick_token(token_index(kn23, "appears"))
    nb.page.keyboard.press("h")
    nb.page.wait_for_function("() => document.querySelector('.an-root .an-status')"
                              ".textContent.startsWith('✓ Saved')")
    folder = nb.save_path.parent
    assert [m.text for m in load_submission(folder / "ada.json").marks] == ["reportedly"]
    assert [m.text for m in load_submission(folder / "bob.json").marks] == ["appears"]


def test_unreadable_earlier_file_is_kept_aside_not_overwritten(open_exercise, lab, kn23):
    folder = lab.root / "submissions" / "damaged"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tester.json").write_text("{ not json", encoding="utf-8")
    nb = open_exercise("kn23", save_dir=str(folder), name="damaged-file")
    notice = nb.root.locator(".an-notice").first
    assert "could not be used" in notice.inner_text()
    kept = list(folder.glob("tester.json.unusable-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{ not json"
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("h")
    nb.wait_saved(1)
    assert nb.save_path == folder / "tester.json"


def test_reloaded_page_shows_the_live_widget_from_the_kernel(open_exercise, kn23):
    nb = open_exercise("kn23")
    k = token_index(kn23, "reportedly")
    nb.dblclick_token(k)
    nb.page.keyboard.press("h")
    nb.wait_saved(1)
    nb.page.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")
    nb.open()  # reload without running anything: the widget comes back from the kernel
    nb.page.wait_for_selector(".an-root .an-tok.an-marked")
    assert marked_tokens(nb) == [k]


def test_a_widget_shown_twice_shares_its_marks(open_exercise, kn23):
    nb = open_exercise("kn23", after="display(w)")
    roots = nb.page.locator(".an-root")
    assert roots.count() == 2
    k = token_index(kn23, "reportedly")
    roots.nth(0).locator(f".an-tok[data-i='{k}']").dblclick()
    nb.page.keyboard.press("h")
    second = roots.nth(1).locator(f".an-tok[data-i='{k}']")
    second.scroll_into_view_if_needed()
    nb.page.wait_for_function(
        f"() => document.querySelectorAll(\".an-root .an-tok.an-marked[data-i='{k}']\").length === 2")
    assert second.get_attribute("data-labels") == "hedge"
    assert roots.nth(1).locator(".an-label-button[data-label='hedge'] .an-count").inner_text() == "1"
    second.click()  # select it in the second view and delete it there
    nb.page.keyboard.press("Delete")
    nb.page.wait_for_function("() => document.querySelectorAll('.an-root .an-tok.an-marked').length === 0")
    assert nb.kernel_marks() == []


def test_a_mark_the_kernel_never_confirms_is_shown_as_not_saved(open_exercise, kn23):
    nb = open_exercise("kn23")
    nb.page.evaluate("async () => { await window.jupyterapp.shell.currentWidget"
                     ".sessionContext.session.kernel.shutdown(); }")
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("h")
    assert nb.root.locator(".an-status").inner_text() == "Saving…"
    warning = nb.page.wait_for_selector(".an-root .an-status-error")
    assert "Not saved" in warning.inner_text()
    assert not nb.save_path.exists()


def test_saved_is_not_said_while_a_later_change_is_on_its_way(open_exercise, kn23):
    """Python saves one change at a time. Its "saved" for the first of two quick marks must
    not show "Saved" while the second is still on its way (a student could close the page
    then, trusting it)."""
    nb = open_exercise("kn23", after=(
        "import time, annotator.widget as aw\n_save = aw.save_submission\n"
        "def slow(*a, **k):\n    time.sleep(1.0)\n    return _save(*a, **k)\n"
        "aw.save_submission = slow"))
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("h")
    nb.dblclick_token(token_index(kn23, "appears"))
    nb.page.keyboard.press("h")
    nb.page.wait_for_selector(".an-root .an-status-saved", timeout=30_000)
    assert len(nb.file_marks()) == 2  # "Saved" came with the second change, not the first
