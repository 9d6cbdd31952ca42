"""Item 8: Check scores in the kernel (annotator.scoring) and explains every outcome in place;
Hint reveals the sentence of one missed item at a time."""

import pytest
from widget_helpers import artifact_path, click_check, token_index

from annotator.feedback import explain, format_ratio, hint, shortened, summary_line
from annotator.lesson import key_for_labels
from annotator.scoring import Scorer
from annotator.submission import Mark, Submission, save_submission

pytestmark = pytest.mark.browser


def seed_submission(folder, article, marks) -> None:
    """The work a student saved earlier: the widget must load it on creation."""
    base = Submission(student_id="tester", article_sha256=article.sha256, article_id=article.id)
    save_submission(base.with_marks(marks, article), folder / "tester.json")


def quote_mark(article, quote: str, label: str) -> Mark:
    start, end = article.find(quote)
    return Mark(start, end, label)


@pytest.fixture
def seeded(lab, kn23, kn23_key, request):
    folder = lab.root / "submissions" / f"check-{request.node.name[:30]}"
    item = kn23_key.item("claim-engineers-sent")
    marks = [Mark(item.start, item.end, "claim"),  # hit
             quote_mark(kn23, "North Koreans are working behind", "claim"),  # partial
             quote_mark(kn23, "senior officials in Kyiv and Seoul", "hedge")]  # wrong label
    seed_submission(folder, kn23, marks)
    return folder


def shown_notes(nb) -> list[dict]:
    return nb.page.evaluate("""() => Array.from(
      document.querySelectorAll('.an-root .an-notes .an-note'), (li) => ({
        kind: li.dataset.kind, item: li.dataset.item,
        headline: li.querySelector('.an-headline').textContent,
        quote: li.querySelector('.an-quote').title,
        shown: li.querySelector('.an-quote').textContent,
        detail: li.querySelector('.an-detail').textContent,
        why: (li.querySelector('.an-why') || {textContent: ''}).textContent}))""")


def expected_notes(marks, key, reveal_missed=True) -> tuple:
    result = Scorer(key).score(marks)
    notes = explain(result, key, reveal_missed=reveal_missed, marks=marks)
    return result, [{"kind": n.kind, "item": n.item or "", "headline": n.headline,
                     "quote": n.quote, "shown": shortened(n.quote), "detail": n.detail,
                     "why": f"Why: {n.why}" if n.why else ""} for n in notes]





def test_check_explains_hit_partial_wrong_label_extra_and_missed(open_exercise, kn23,
                                                                  kn23_key, seeded):
    nb = open_exercise("kn23", save_dir=str(seeded))
    assert len(nb.kernel_marks()) == 3  # the earlier work is back
    nb.dblclick_token(token_index(kn23, "Telegram"))
    nb.page.keyboard.press("h")  # an extra mark, made live
    nb.wait_saved(4)
    click_check(nb)

    marks = [Mark(*m) for m in nb.file_marks()]
    result, expected = expected_notes(marks, kn23_key)
    assert {"hit", "partial", "wrong_label", "extra", "missed"} <= {n["kind"] for n in expected}
    assert shown_notes(nb) == expected
    assert any(n["shown"] != n["quote"] for n in expected)  # a long quote is shortened
    partial = next(n for n in expected if n["kind"] == "partial")
    assert "try extending it to include" in partial["detail"]
    assert all(n["why"] for n in expected if n["kind"] != "extra")

    assert nb.root.locator(".an-summary").inner_text() == summary_line(result)
    for name in kn23_key.labels:
        fig = result.labels[name]
        row = nb.root.locator(f".an-scores tr[data-label='{name}'] td")
        assert row.all_inner_texts() == [format_ratio(fig.precision), format_ratio(fig.recall),
                                         format_ratio(fig.f1)]
    # In place: a badge per note in the text, and the missed items outlined.
    badges = nb.root.locator(".an-text .an-badge")
    assert badges.count() == len(expected)
    assert badges.filter(has_text="partly").count() == 1
    nb.text().screenshot(path=str(artifact_path("check-text.png")))
    nb.root.locator(".an-results").screenshot(path=str(artifact_path("check-feedback.png")))
    missed = next(n for n in expected if n["kind"] == "missed")
    start, end = kn23.find(missed["quote"])
    first_word = kn23.token_range(start, end)[0]
    assert "an-missed" in nb.token(first_word).get_attribute("class")

    # Marks changed after the check: the feedback says it is out of date.
    nb.dblclick_token(token_index(kn23, "Donetsk"))
    nb.page.keyboard.press("c")
    nb.page.wait_for_selector(".an-root .an-stale")
    assert badges.count() == 0


def test_hint_reveals_one_missed_sentence_at_a_time(open_exercise, kn23, kn23_key, seeded):
    nb = open_exercise("kn23", save_dir=str(seeded))
    result = Scorer(kn23_key).score([Mark(*m) for m in nb.file_marks()])
    hint_button = nb.root.locator("button[data-action='hint']")
    shown: list[tuple[int, int, str]] = []
    for n in range(2):
        hint_button.click()
        nb.page.wait_for_selector(f".an-root .an-hint-item[data-hint='{n}']")
        expected = hint(result, kn23_key, shown)
        shown.append((expected["start"], expected["end"], expected["label"]))
        item = nb.root.locator(f".an-hint-item[data-hint='{n}']")
        assert item.locator(".an-hint-text").inner_text() == expected["text"]
        assert item.locator(".an-quote").inner_text() == kn23.text[expected["start"]:expected["end"]]
        i, j = kn23.token_range(expected["start"], expected["end"])
        assert all("an-hint" in nb.token(k).get_attribute("class") for k in (i, j - 1))
    assert nb.root.locator(".an-hint-item").count() == 2


def test_lesson_options_hide_missed_items_and_hints(open_exercise, kn23, kn23_key, seeded):
    nb = open_exercise("kn23", save_dir=str(seeded), labels=["claim"], reveal_missed=False,
                       hints=False)
    assert nb.root.locator("button[data-action='hint']").is_hidden()
    assert [m[2] for m in nb.kernel_marks()] == ["claim", "claim"]  # the hedge stays aside
    click_check(nb)
    key = key_for_labels(kn23_key, ["claim"])
    marks = [Mark(*m) for m in nb.kernel_marks()]
    result, expected = expected_notes(marks, key, reveal_missed=False)
    assert shown_notes(nb) == expected
    assert {n["kind"] for n in expected} == {"hit", "partial"}
    assert nb.root.locator(".an-text .an-missed").count() == 0
    assert nb.root.locator(".an-scores tbody tr").all_inner_texts()[0].startswith("claim")
    assert nb.root.locator(".an-summary").inner_text() == summary_line(result)


# whether an element can be seen: the point at its middle shows it, not whatever covers it
# or the notebook's edge
IN_VIEW = """(el) => { const r = el.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + r.height / 2);
  return hit !== null && (hit === el || el.contains(hit)); }"""


def test_check_and_hint_bring_their_answer_into_view_on_a_small_screen(open_exercise, kn23,
                                                                        seeded):
    nb = open_exercise("kn23", save_dir=str(seeded))
    nb.page.set_viewport_size({"width": 1024, "height": 700})  # a school laptop
    nb.root.locator(".an-text").scroll_into_view_if_needed()
    click_check(nb)
    panel = nb.root.locator(".an-results h4")
    nb.page.wait_for_function(f"() => ({IN_VIEW})(document.querySelector('.an-root .an-results h4'))")
    assert panel.evaluate(IN_VIEW)
    nb.root.locator(".an-text").evaluate("(el) => el.scrollTop = 0")
    nb.root.locator("button[data-action='hint']").click()
    nb.page.wait_for_selector(".an-root .an-hint-item[data-hint='0']")
    first_hinted = nb.root.locator(".an-text .an-hint").first
    nb.page.wait_for_function(
        f"() => ({IN_VIEW})(document.querySelector('.an-root .an-text .an-hint'))")
    assert first_hinted.evaluate(IN_VIEW)


def test_check_without_a_kernel_says_so_instead_of_checking_for_ever(open_exercise, kn23):
    nb = open_exercise("kn23")
    nb.page.evaluate("async () => { await window.jupyterapp.shell.currentWidget"
                     ".sessionContext.session.kernel.shutdown(); }")
    check = nb.root.locator("button[data-action='check']")
    check.click()
    assert check.inner_text() == "Checking…"
    notice = nb.page.wait_for_selector(".an-root .an-notice[role='alert']", timeout=20_000)
    assert "No answer from Python: is the kernel running?" in notice.inner_text()
    assert check.inner_text() == "Check"


def test_a_mark_too_far_off_a_key_item_is_badged_not_close_enough(open_exercise, kn23):
    nb = open_exercise("kn23")
    k = token_index(kn23, "teams")  # "teams of North Koreans": half of a key claim
    nb.drag((k, 0), (k + 3, len("Koreans") - 1))
    nb.page.keyboard.press("c")
    nb.wait_saved(1)
    click_check(nb)
    note = next(n for n in shown_notes(nb) if n["kind"] == "extra")
    assert note["headline"] == "Not close enough"
    badge = nb.root.locator(".an-text .an-badge-extra").first
    assert badge.inner_text() == "+ not close enough"


def test_a_second_mark_on_a_found_item_is_badged_already_found(open_exercise, kn23):
    """Its note says another mark answers the item: its badge must not say 'not close
    enough', which sends the student to mend a mark that is not the one that counts."""
    nb = open_exercise("kn23")
    k = token_index(kn23, "Lim")  # "Lim Eul-chul, a professor …": the source, found
    nb.drag((k, 0), (k + 3, len("chul") - 1))  # Lim Eul - chul
    nb.page.keyboard.press("s")
    nb.wait_saved(1)
    p = token_index(kn23, "professor")
    nb.drag((p - 1, 0), (p, len("professor") - 1))  # "a professor", inside the same item
    nb.page.keyboard.press("s")
    nb.wait_saved(2)
    click_check(nb)
    note = next(n for n in shown_notes(nb) if n["kind"] == "extra")
    assert note["headline"] == "Already found"
    assert nb.root.locator(".an-text .an-badge-extra").first.inner_text() == "+ already found"
