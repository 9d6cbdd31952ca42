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

import json
from datetime import datetime, timedelta, timezone

import pytest

pytest.register_assert_rewrite("lesson_helpers")

from lesson_helpers import lesson_opener, start_as
from widget_helpers import SECOND_CELL, another_tab, artifact_path, both_widgets, token_index

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
    press_in_text(nb.root, nb.page, "Control+z")  # the student takes the put-back mark out:
    nb.wait_saved(2)  # the notice that it was put back is out of date
    assert "Put back" not in nb.root.locator(".an-notices").inner_text()


def test_work_found_in_a_new_kernel_is_welcomed_until_the_next_change(open_lesson, kn23):
    """Two students of one name in a shared folder shared a file without a word: work the
    kernel has not seen comes with a welcome that says what to do if it is not yours."""
    lesson = open_lesson("1-claims.ipynb", student="Ada")
    nb = lesson.nb
    nb.dblclick_token(token_index(kn23, "officials"))
    nb.page.keyboard.press("c")
    nb.wait_saved(1)
    assert nb.root.locator(".an-welcome").count() == 0  # her own, this session

    nb.restart_kernel()
    nb.run_all()
    start_as(nb, "Ada")
    welcome = nb.root.locator(".an-notices .an-welcome[role='status']")
    welcome.wait_for(timeout=20_000)
    assert welcome.inner_text().startswith("Welcome back: the 1 mark saved under this name is "
                                           "here. Not yours?")
    nb.dblclick_token(token_index(kn23, "appears"))
    nb.page.keyboard.press("c")
    nb.wait_saved(2)
    assert nb.root.locator(".an-welcome").count() == 0  # said once, gone at the next change


# -- Undo after marks were put together from elsewhere --------------------------------------------


def test_undo_after_marks_were_put_together_from_another_kernel_keeps_them(open_exercise,
                                                                          kn23):
    """Two copies of a lesson notebook (two kernels) on one student's file: their marks are put
    together when one saves; undo there takes back only its own last mark."""
    nb = open_exercise("kn23", labels=["hedge"])
    x, y, z = (token_index(kn23, w) for w in ("reportedly", "appears", "suggest"))
    nb.dblclick_token(x)
    nb.page.keyboard.press("h")
    nb.wait_saved(1)
    copy = nb.name.replace(".ipynb", "-copy.ipynb")
    code = ("from annotator.lesson import exercise\n"
            f"w = exercise('kn23', labels=['hedge'], student='tester', "
            f"save_dir={str(nb.save_path.parent)!r})\nw")
    nb.lab.write_notebook(copy, [code])
    other = another_tab(nb, copy)
    other.dblclick_token(y)
    other.page.keyboard.press("h")
    other.wait_saved(2)
    nb.dblclick_token(z)  # the first copy has not seen the other's mark until it saves
    nb.page.keyboard.press("h")
    nb.wait_saved(3)
    assert "put together" in nb.root.locator(".an-notices").inner_text()

    press_in_text(nb.root, nb.page, "Control+z")  # A's own last change: its mark Z
    assert words(nb, kn23) == ["appears", "reportedly"]
    press_in_text(nb.root, nb.page, "Control+Shift+z")
    assert words(nb, kn23) == ["appears", "reportedly", "suggest"]


def test_undo_in_one_of_two_cells_of_a_lesson_keeps_the_other_cells_marks(open_exercise,
                                                                          kn23):
    nb = open_exercise("kn23", labels=["hedge"], after=SECOND_CELL)
    first, second = both_widgets(nb)
    x, y, z = (token_index(kn23, w) for w in ("reportedly", "appears", "suggest"))
    mark(first, nb.page, x, "h")
    nb.wait_saved(1)
    mark(second, nb.page, y, "h")
    second.locator(".an-status-saved").wait_for()
    nb.wait_saved(2)
    mark(first, nb.page, z, "h")
    first.locator(".an-status-saved").wait_for()
    nb.wait_saved(3)
    press_in_text(first, nb.page, "Control+z")
    assert words(nb, kn23) == ["appears", "reportedly"]


# -- a new student starts with no Undo ------------------------------------------------------------


def _two_marks_then_not_you(open_exercise, kn23, student: str, then: str):
    """``student`` marks two hedges, then clicks "not you?" and types ``then``."""
    nb = open_exercise("kn23", student=student, labels=["hedge"])
    for word in ("reportedly", "appears"):
        nb.dblclick_token(token_index(kn23, word))
        nb.page.keyboard.press("h")
    nb.wait_saved(2)
    nb.root.locator(".an-change-name").click()
    nb.page.keyboard.type(then)
    nb.page.keyboard.press("Enter")
    return nb


def test_after_not_you_undo_cannot_bring_the_last_students_marks_into_the_new_file(
        open_exercise, kn23):
    nb = _two_marks_then_not_you(open_exercise, kn23, "Ada", "Ben")
    nb.page.wait_for_function(
        "() => document.querySelector('.an-root .an-student-name').textContent === 'Ben'")
    undo = nb.root.locator("button[data-action='undo']")
    assert undo.is_disabled() and nb.root.locator("button[data-action='redo']").is_disabled()
    nb.root.locator(".an-text").focus()
    nb.page.keyboard.press("Control+z")  # nothing of Ada's to undo here
    nb.dblclick_token(token_index(kn23, "suggest"))
    nb.page.keyboard.press("h")
    nb.save_path = nb.save_path.parent / "ben.json"
    nb.wait_saved(1)
    assert words(nb, kn23) == ["suggest"]


def test_a_typo_put_right_in_the_name_brings_the_marks_along_when_the_student_says_so(
        open_exercise, kn23):
    nb = _two_marks_then_not_you(open_exercise, kn23, "Ada Lovelcae", "Ada Lovelace")
    offer = nb.root.locator(".an-offer")
    offer.wait_for()
    assert "2 marks you saved as “Ada Lovelcae” are in ada-lovelcae.json" in offer.inner_text()
    nb.page.screenshot(path=artifact_path("typo-offer.png"))
    offer.get_by_role("button", name="Bring them here").click()
    nb.save_path = nb.save_path.parent / "ada-lovelace.json"
    nb.wait_saved(2)
    assert words(nb, kn23) == ["appears", "reportedly"]
    assert offer.count() == 0
    assert not (nb.save_path.parent / "ada-lovelcae.json").exists()
    assert "is gone" in nb.root.locator(".an-notices").inner_text()


# -- a remembered name is offered, not used -------------------------------------------------------


def test_the_kernels_remembered_name_is_offered_in_the_name_field_not_used(open_exercise,
                                                                         kn23):
    nb = open_exercise("kn23", student=None, labels=["claim"],
                       before='import os; os.environ.pop("JUPYTERHUB_USER", None)')
    folder = nb.save_path
    start_as(nb, "Ada Lovelace")
    k = token_index(kn23, "reportedly")
    nb.dblclick_token(k)
    nb.page.keyboard.press("c")
    nb.save_path = folder / "ada-lovelace.json"
    nb.wait_saved(1)

    nb.run_all()  # Ada has gone; Ben runs the lesson in the same kernel
    name = nb.root.locator("input.an-name")
    assert nb.root.locator(".an-nameform").is_visible()
    assert name.input_value() == "Ada Lovelace"
    nb.page.wait_for_function("() => document.activeElement"
                              " && document.activeElement.matches('.an-root input.an-name')")
    described = name.get_attribute("aria-describedby")  # what a screen reader says with it
    assert described and nb.root.locator(f"#{described}").inner_text().startswith(
        "Are you Ada Lovelace? Press Start")
    assert nb.root.locator(".an-student-name").count() == 0
    assert nb.root.locator(".an-tok.an-marked").count() == 0  # not Ada's marks
    assert nb.kernel("print(repr(w.student))").strip() == "''"
    nb.root.screenshot(path=str(artifact_path("remembered-name-offered.png")))
    name.fill("Ben")
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_function("() => { const el = document.querySelector("
                              "'.an-root .an-student-name'); return el && el.textContent === 'Ben'; }")
    assert nb.root.locator(".an-tok.an-marked").count() == 0

    nb.run_all()  # Ada is back: one Enter goes on with her work
    assert nb.root.locator("input.an-name").input_value() == "Ben"
    nb.root.locator("input.an-name").fill("Ada Lovelace")
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_selector(".an-root .an-tok.an-marked")
    nb.run_all()
    nb.page.wait_for_function("() => document.activeElement"
                              " && document.activeElement.matches('.an-root input.an-name')")
    described = name.get_attribute("aria-describedby")  # what a screen reader says with it
    assert described and nb.root.locator(f"#{described}").inner_text().startswith(
        "Are you Ada Lovelace? Press Start")
    nb.page.keyboard.press("Enter")  # the offered name, as it is
    nb.page.wait_for_function("() => { const el = document.querySelector("
                              "'.an-root .an-student-name');"
                              " return el && el.textContent === 'Ada Lovelace'; }")
    nb.root.locator(f".an-tok.an-marked[data-i='{k}']").wait_for()  # her work, back


# -- a failed save is tried again; the put-back notice fits a failed save -------------------------


def test_a_failed_save_is_retried_until_the_folder_can_be_written(open_exercise, lab, kn23):
    folder = lab.root / "submissions" / "blocked-folder"
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder\n", encoding="utf-8")  # no file can be written inside it
    nb = open_exercise("kn23", labels=["hedge"], save_dir=str(folder), name="blocked-folder")
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("h")
    nb.page.wait_for_selector(".an-root .an-status-error")
    assert "could not save" in nb.root.locator(".an-status").inner_text()

    nb.run_all()  # the student runs the lesson again: the unsaved mark is put back ...
    notices = nb.root.locator(".an-notices")
    notices.locator(".an-notice", has_text="Put back 1 change").wait_for()
    assert "saving failed" in notices.inner_text()  # ... and why it was not saved is right
    nb.page.wait_for_selector(".an-root .an-status-error")
    nb.root.screenshot(path=str(artifact_path("save-failed-will-retry.png")))
    assert "tried again" in nb.root.locator(".an-status").inner_text()

    folder.unlink()  # the teacher mends the folder; the student does nothing
    nb.page.wait_for_selector(STATUS_SAVED, timeout=30_000)
    assert words(nb, kn23) == ["reportedly"]
    nb.root.screenshot(path=str(artifact_path("save-retried-saved.png")))


def test_a_failing_save_after_a_kernel_restart_says_to_run_the_lesson_again(open_exercise,
                                                                              lab, kn23):
    """Retries cannot reach a kernel that was restarted: the status must not go on promising
    them, but say what brings the marks back."""
    folder = lab.root / "submissions" / "blocked-then-restarted"
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder\n", encoding="utf-8")
    nb = open_exercise("kn23", labels=["hedge"], save_dir=str(folder),
                       name="blocked-then-restarted")
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("h")
    nb.page.wait_for_selector(".an-root .an-status-error")
    assert "tried again" in nb.root.locator(".an-status").inner_text()
    nb.restart_kernel()
    nb.page.wait_for_function(
        "() => document.querySelector('.an-root .an-status').textContent"
        ".includes('Python is not answering')", timeout=30_000)
    assert "the marks on this screen come back" in nb.root.locator(".an-status").inner_text()


# -- "Saved" tells when the file was saved --------------------------------------------------------


def test_saved_shows_the_files_own_time_and_its_date_when_not_today(open_exercise, lab, kn23):
    folder = lab.root / "submissions" / "saved-yesterday"
    folder.mkdir(parents=True, exist_ok=True)
    when = (datetime.now(timezone.utc) - timedelta(days=2)).replace(microsecond=0)
    iso = when.isoformat().replace("+00:00", "Z")
    start, end = kn23.tokens[token_index(kn23, "reportedly")]
    (folder / "tester.json").write_text(json.dumps({
        "format": "annotator.submission.v1", "student": {"id": "tester", "name": "tester"},
        "lesson": "kn23", "article": {"id": "kn23", "sha256": kn23.sha256},
        "marks": [{"label": "hedge", "start": start, "end": end}], "saved_at": iso}),
        encoding="utf-8")
    nb = open_exercise("kn23", labels=["hedge"], save_dir=str(folder), name="saved-yesterday")
    nb.page.wait_for_selector(STATUS_SAVED)
    shown = nb.root.locator(".an-status").inner_text()
    date, time = nb.page.evaluate("""(iso) => { const d = new Date(iso); return [
      d.toLocaleDateString([], {day: 'numeric', month: 'short',
        year: d.getFullYear() === new Date().getFullYear() ? undefined : 'numeric'}),
      d.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'})]; }""",
                                  iso)
    assert shown == f"✓ Saved {date}, {time}"
    nb.root.screenshot(path=str(artifact_path("saved-with-date.png")))

    nb.dblclick_token(token_index(kn23, "appears"))
    nb.page.keyboard.press("h")
    nb.wait_saved(2)
    saved_at = json.loads(nb.save_path.read_text(encoding="utf-8"))["saved_at"]
    today = nb.page.evaluate("""(iso) => new Date(iso).toLocaleTimeString([],
      {hour: '2-digit', minute: '2-digit', second: '2-digit'})""", saved_at)
    assert nb.root.locator(".an-status").inner_text() == f"✓ Saved {today}"  # today: no date


# -- two widgets of one file in one kernel --------------------------------------------------------


def test_a_second_widget_of_the_same_file_shows_the_other_ones_marks_at_once(open_exercise,
                                                                             kn23):
    nb = open_exercise("kn23", labels=["hedge"], after=SECOND_CELL)
    first, second = both_widgets(nb)
    k = token_index(kn23, "reportedly")
    mark(first, nb.page, k, "h")
    nb.wait_saved(1)
    second.locator(f".an-tok.an-marked[data-i='{k}']").wait_for()
    assert "put together" in second.locator(".an-notices").inner_text()
    second.locator(".an-status-saved").wait_for()



def test_undo_after_another_tab_saved_takes_back_only_this_tabs_last_mark(open_exercise, kn23):
    nb = open_exercise("kn23", labels=["hedge"])
    x, y, z = (token_index(kn23, w) for w in ("reportedly", "appears", "suggest"))
    nb.dblclick_token(x)
    nb.page.keyboard.press("h")
    nb.wait_saved(1)
    other = another_tab(nb)  # tab B: the same notebook, a second widget on the same file
    other.dblclick_token(y)
    other.page.keyboard.press("h")
    other.wait_saved(2)
    nb.root.locator(f".an-tok.an-marked[data-i='{y}']").wait_for()  # tab A shows it at once
    nb.dblclick_token(z)
    nb.page.keyboard.press("h")
    nb.wait_saved(3)

    press_in_text(nb.root, nb.page, "Control+z")  # A's own last change: its mark Z
    assert words(nb, kn23) == ["appears", "reportedly"]
    press_in_text(nb.root, nb.page, "Control+Shift+z")
    assert words(nb, kn23) == ["appears", "reportedly", "suggest"]
