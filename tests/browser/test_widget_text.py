"""Items 9 and 10: astral characters, CRLF and a BOM give exactly Python's offsets; text from
articles, names, lessons and keys reaches the page as text, never as HTML."""

import hashlib

import pytest
import yaml
from widget_helpers import artifact_path, expected_drag_mark, token_index

from annotator.article import load_article
from annotator.key import load_key
from annotator.submission import check_against, load_submission

pytestmark = pytest.mark.browser

UNICODE_ARTICLE = (
    "\ufeffOfficials 👩\u200d🔬 said the 🚀 launch “may” have failed.\r\n"
    "According to 𝒳𝒴 analysts, the cafe\u0301’s owner reportedly 😀 left.\r\n\r\n"
    "A third 🇺🇦 paragraph: 𝟙𝟚𝟛 claims 42% growth, perhaps.\r\n").encode("utf-8")


def utf16_index(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def test_emoji_crlf_and_bom_give_python_offsets(open_exercise, lab):
    (lab.root / "seeds" / "unicode9.txt").write_bytes(UNICODE_ARTICLE)
    art = load_article(lab.root / "seeds" / "unicode9.txt")
    assert "\r" not in art.text and not art.text.startswith("\ufeff") and "café" in art.text
    nb = open_exercise("unicode9")
    shown = nb.page.evaluate("() => Array.from(document.querySelectorAll('.an-root .an-tok'),"
                             " el => el.textContent)")
    assert shown == [art.text[s:e] for s, e in art.tokens]
    assert nb.root.locator(".an-para").count() == 2
    assert nb.root.locator("button[data-action='check']").is_hidden()  # no key, no Check

    launch = token_index(art, "launch")
    assert utf16_index(art.text, art.tokens[launch][0]) != art.tokens[launch][0]
    nb.dblclick_token(launch)
    nb.page.keyboard.press("c")
    # a drag that starts inside "said" and runs over the rocket into "launch"
    said = token_index(art, "said")
    nb.drag((said, 1), (launch, 2))
    nb.page.keyboard.press("s")
    # a drag from inside "analysts" over "café’s" to inside "reportedly"
    analysts, reportedly = token_index(art, "analysts"), token_index(art, "reportedly")
    nb.drag((analysts, 3), (reportedly, 5))
    nb.page.keyboard.press("h")
    claims = token_index(art, "claims")
    nb.dblclick_token(claims)
    nb.page.keyboard.press("c")
    nb.wait_saved(4)

    expected = [
        [*art.tokens[launch], "claim"],
        expected_drag_mark(art, (said, 1), (launch, 2), "source"),
        expected_drag_mark(art, (analysts, 3), (reportedly, 5), "hedge"),
        [*art.tokens[claims], "claim"],
    ]
    assert art.text[expected[1][0]:expected[1][1]] == "said the 🚀 launch"
    assert art.text[expected[2][0]:expected[2][1]] == "analysts, the café’s owner reportedly"
    assert nb.kernel_marks() == expected
    nb.root.screenshot(path=str(artifact_path("unicode.png")))
    saved = load_submission(nb.save_path)
    check_against(saved, art, ["claim", "source", "hedge"])  # every text field matches


def test_markup_in_article_title_name_lesson_and_key_is_shown_as_text(open_exercise, lab):
    text = ('Officials said <script>window.__pwned = 1</script> that the '
            '<img src=x onerror="window.__pwned = 2"> launch was <b>bold</b> news.\n')
    (lab.root / "seeds" / "xss1.txt").write_text(text, encoding="utf-8")
    (lab.root / "seeds" / "xss1.meta.yaml").write_text(yaml.safe_dump(
        {"title": '<img src=x onerror="window.__pwned = 4">Title'}), encoding="utf-8")
    why = '<img src=x onerror="window.__pwned = 5"> because <i>reasons</i>'
    (lab.root / "answer_keys" / "xss1.yaml").write_text(yaml.safe_dump({
        "format": "annotator.key.v1", "article": "xss1",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "labels": ["claim", "source", "hedge"],
        "items": [{"id": "c1", "label": "claim", "quote": "launch was <b>bold</b> news",
                   "why": why},
                  {"id": "s1", "label": "source", "quote": "Officials", "why": why}]}),
        encoding="utf-8")
    art = load_article(lab.root / "seeds" / "xss1.txt")
    load_key(lab.root / "answer_keys" / "xss1.yaml")
    name = '<img src=x onerror="window.__pwned = 3">Eve'
    nb = open_exercise("xss1", student=None, lesson="<svg onload=window.__pwned=6>")
    nb.root.locator(".an-nameform input").fill(name)
    nb.page.keyboard.press("Enter")
    nb.page.wait_for_selector(".an-root .an-student-name")
    nb.dblclick_token(token_index(art, "bold</b"))
    nb.page.keyboard.press("c")
    nb.wait_saved()
    nb.root.locator("button[data-action='check']").click()
    nb.page.wait_for_selector(".an-root .an-why")
    nb.root.locator("button[data-action='hint']").click()
    nb.page.wait_for_selector(".an-root .an-hint-item")

    assert nb.page.evaluate("() => window.__pwned") is None
    assert nb.root.locator("img, script, svg, b, i").count() == 0
    assert nb.root.locator(".an-title").inner_text() == '<img src=x onerror="window.__pwned = 4">Title'
    assert nb.root.locator(".an-student-name").inner_text() == name
    assert "<svg onload=window.__pwned=6>" in nb.root.locator(".an-lesson").inner_text()
    body = nb.text().inner_text()
    assert "<script>window.__pwned = 1</script>" in " ".join(body.split())
    assert '<img src=x onerror="window.__pwned = 2">' in " ".join(body.split())
    assert nb.root.locator(".an-why").first.inner_text() == f"Why: {why}"
    assert nb.root.locator(".an-hint-item .an-quote").inner_text().startswith("Officials said <script>")
    saved = [p.name for p in nb.save_path.glob("*.json")]
    assert saved == ["img-src-x-onerror-window-__pwned-3-eve.json"]
