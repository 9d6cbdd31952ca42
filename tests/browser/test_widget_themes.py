"""The widget as a student sees it in JupyterLab's Light, Dark and Dark High Contrast themes,
in forced colours (Windows High Contrast), and its label tags at 100% zoom.

A QA tester on a school laptop found the "Not saved" warning #b00020 on the dark toolbar's
#212121 (2.20:1), the feedback badges and "✓ Saved" in light-theme colours on the dark themes
(1.94:1 to 3.50:1), every mark's extent gone in forced colours (only its tag left), and tags of
8.4 px in the toolbar and 9.6 px in the text."""

import pytest
from widget_helpers import artifact_path, click_check, token_index

pytestmark = pytest.mark.browser

THEMES = {  # name: the toolbar's and the text box's background in that theme
    "JupyterLab Light": ("rgb(255, 255, 255)", "rgb(255, 255, 255)"),
    "JupyterLab Dark": ("rgb(33, 33, 33)", "rgb(17, 17, 17)"),
    "JupyterLab Dark High Contrast": ("rgb(17, 17, 17)", "rgb(17, 17, 17)"),
}
AA = 4.5  # WCAG AA, text

# WCAG contrast of each element's text on what lies behind it: the backgrounds of the element
# and its ancestors composited (a translucent notice over the page), and the opacity of all
CONTRAST = r"""(selector) => {
  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]))
    .concat([1]);
  const lum = (c) => { const f = (v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const behind = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]); };
  return Array.from(document.querySelectorAll(selector), (el) => {
    const back = behind(el);
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    let ink = parse(getComputedStyle(el).color);
    ink = over([ink[0], ink[1], ink[2], ink[3] * opacity], back);
    const [hi, lo] = [lum(ink), lum(back)].sort((a, b) => b - a);
    return {text: el.textContent.trim().slice(0, 30), cls: el.className,
            ratio: Math.round((hi + 0.05) / (lo + 0.05) * 100) / 100};
  });
}"""


@pytest.fixture
def theme(page):
    """``theme(name)`` switches JupyterLab's theme; Light comes back afterwards (the setting
    is kept in the session's settings folder, which the other tests share)."""
    used = []

    def switch(name: str) -> None:
        used.append(name)
        page.evaluate("async (t) => { await window.jupyterapp.commands.execute("
                      "'apputils:change-theme', {theme: t}); }", name)
        page.wait_for_function("(t) => document.body.dataset.jpThemeName === t", arg=name)
        page.wait_for_function(
            "(bg) => getComputedStyle(document.querySelector('.an-root .an-toolbar'))"
            ".backgroundColor === bg", arg=THEMES[name][0])
    yield switch
    if used and used[-1] != "JupyterLab Light":
        switch("JupyterLab Light")


def low(page, selector: str) -> list[dict]:
    """The elements found whose text is under 4.5:1 on what is behind it."""
    found = page.evaluate(CONTRAST, selector)
    assert found, f"nothing found for {selector}"
    return [f for f in found if f["ratio"] < AA]


@pytest.mark.parametrize("name", THEMES)
def test_the_not_saved_warning_reads_on_the_toolbar_in_every_theme(open_exercise, kn23, theme,
                                                                    name):
    """Dark theme, mark something, restart the kernel, mark another word: the warning."""
    nb = open_exercise("kn23", labels=["hedge"])
    theme(name)
    nb.dblclick_token(token_index(kn23, "reportedly"))
    nb.page.keyboard.press("h")
    nb.wait_saved(1)
    nb.restart_kernel()
    nb.dblclick_token(token_index(kn23, "appears"))
    nb.page.keyboard.press("h")
    nb.page.wait_for_selector(".an-root .an-status-error", timeout=20_000)
    assert "Not saved" in nb.root.locator(".an-status").inner_text()
    nb.root.locator(".an-toolbar").screenshot(
        path=str(artifact_path(f"theme-not-saved-{name.split()[-1].lower()}.png")))
    assert low(nb.page, ".an-root .an-status-error") == []


# marks that Check answers with every outcome: found, partly found, wrong label, not in the
# key, not close enough (and the rest of the key missed)
OUTCOME_MARKS = [
    (("North Korean military engineers have reportedly been sent to assist Russian forces in "
      "their efforts to target Ukraine with ballistic missiles"), "claim"),
    ("gain valuable combat", "claim"),
    ("North Korean officers are fighting alongside Russian troops", "source"),
    ("Seoul", "hedge"),
    ("teams of North Koreans", "claim"),
]


@pytest.mark.parametrize("name", THEMES)
def test_feedback_badges_and_saved_read_in_every_theme(open_exercise, kn23, theme, name):
    nb = open_exercise("kn23")
    theme(name)
    marks = [[*kn23.find(quote), label] for quote, label in OUTCOME_MARKS]
    nb.kernel(f"w.marks = {marks!r}")
    nb.wait_saved(len(marks))
    click_check(nb)
    kinds = set(nb.page.evaluate("() => Array.from(document.querySelectorAll("
                                 "'.an-root .an-text .an-badge'), (b) => b.className)"))
    assert kinds == {f"an-badge an-badge-{kind}" for kind in
                     ("hit", "partial", "wrong_label", "extra", "missed")}
    assert nb.root.locator(".an-text .an-badge", has_text="not close enough").count() == 1
    slug = name.split()[-1].lower()
    nb.root.locator(".an-toolbar").evaluate("(el) => el.scrollIntoView({block: 'start'})")
    nb.page.screenshot(path=str(artifact_path(f"theme-badges-{slug}.png")))
    nb.root.locator(".an-results").screenshot(path=str(artifact_path(f"theme-notes-{slug}.png")))
    assert low(nb.page, ".an-root .an-text .an-badge") == []  # in the text
    assert low(nb.page, ".an-root .an-note .an-badge") == []  # in the feedback list
    assert low(nb.page, ".an-root .an-status-saved") == []  # "✓ Saved" on the toolbar

    nb.dblclick_token(token_index(kn23, "reportedly"))  # a change: the check is out of date
    nb.page.keyboard.press("h")
    nb.wait_saved(len(marks) + 1)
    nb.page.wait_for_selector(".an-root .an-stale")
    assert low(nb.page, ".an-root .an-stale, .an-root .an-status-saved") == []


# every token and space of a mark, and whether it shows a line under it when the browser
# drops background images (forced colours)
EXTENTS = """() => Array.from(document.querySelectorAll('.an-root .an-text .an-tok,'
                                                     + ' .an-root .an-text .an-sp'), (el) => {
  const s = getComputedStyle(el);
  return {marked: el.classList.contains('an-marked'), text: el.textContent,
          line: s.borderBottomStyle !== 'none' && parseFloat(s.borderBottomWidth) >= 2,
          selected: el.classList.contains('an-selmark'), pending: el.classList.contains('an-pending'),
          background: s.backgroundColor, colour: s.borderBottomColor};
})"""


def test_in_forced_colours_every_marked_word_shows_its_extent(open_exercise, kn23):
    """Windows High Contrast drops the tint and underline gradients: the extent is drawn with a
    border in a system colour instead, and the words selected are highlighted."""
    nb = open_exercise("kn23", labels=["claim", "hedge"])
    cdp = nb.page.context.new_cdp_session(nb.page)
    cdp.send("Emulation.setEmulatedMedia",
             {"features": [{"name": "forced-colors", "value": "active"}]})
    assert nb.page.evaluate("() => matchMedia('(forced-colors: active)').matches")
    first, last = token_index(kn23, "North"), token_index(kn23, "engineers")
    nb.drag((first, 0), (last, len("engineers") - 1))
    nb.page.keyboard.press("c")
    k = token_index(kn23, "reportedly")
    nb.dblclick_token(k)
    nb.page.keyboard.press("h")
    nb.wait_saved(2)
    nb.drag((token_index(kn23, "Russian"), 0), (token_index(kn23, "forces"), 5))  # pending
    nb.root.locator(".an-toolbar").evaluate("(el) => el.scrollIntoView({block: 'start'})")
    nb.page.screenshot(path=str(artifact_path("forced-colours.png")))
    spans = nb.page.evaluate(EXTENTS)
    marked = [s for s in spans if s["marked"]]
    assert len(marked) == 4 + 3 + 1  # North Korean military engineers, with spaces; reportedly
    assert all(s["line"] for s in marked), [s["text"] for s in marked if not s["line"]]
    assert not any(s["line"] for s in spans if not s["marked"])
    pending = [s for s in spans if s["pending"]]
    paper = nb.text().evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert pending and all(s["background"] != paper for s in pending)
    cdp.send("Emulation.setEmulatedMedia", {"features": []})
    assert not any(s["line"] for s in nb.page.evaluate(EXTENTS))  # no border otherwise


TAGS = """() => Array.from(document.querySelectorAll('.an-root .an-tag'),
  (tag) => [tag.closest('.an-toolbar') ? 'toolbar' : 'text',
            parseFloat(getComputedStyle(tag).fontSize)])"""
SAME_LINE = """() => Array.from(document.querySelectorAll('.an-root .an-text .an-tag'), (tag) => {
  let word = tag.nextElementSibling;
  while (word && !word.classList.contains('an-tok')) word = word.nextElementSibling;
  const t = tag.getBoundingClientRect(), w = word.getBoundingClientRect();
  const middle = (t.top + t.bottom) / 2;
  return middle > w.top - 10 && middle < w.bottom && t.right <= w.left + 1; })"""


def test_label_tags_are_11px_or_more_and_stay_with_their_words(open_exercise, kn23):
    nb = open_exercise("kn23")
    for word in ["North", "military", "engineers", "have", "reportedly", "been", "sent"]:
        nb.dblclick_token(token_index(kn23, word))
        nb.page.keyboard.press("c")
    nb.wait_saved(7)
    sizes = nb.page.evaluate(TAGS)
    assert {where for where, _ in sizes} == {"toolbar", "text"}
    assert all(size >= 11 for _, size in sizes), sizes
    nb.root.locator(".an-toolbar").screenshot(path=str(artifact_path("tags-toolbar.png")))
    for width in range(700, 1300, 40):
        nb.page.set_viewport_size({"width": width, "height": 900})
        assert all(nb.page.evaluate(SAME_LINE)), width
