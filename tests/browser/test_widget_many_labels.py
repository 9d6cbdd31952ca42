"""A teacher's key with 8 labels: every underline lane of a word stays on its own line, above
the next line's words, and a long label's tag is cut with "…" but keeps its full name."""

import pytest
import yaml
from widget_helpers import artifact_path, token_index

from annotator.labels import label_set

pytestmark = pytest.mark.browser
LABELS = ["claim", "source", "hedge", "opinion", "evidence", "counter-argument", "loaded-word",
          "statistic"]
LOOKS = {label.name: label for label in label_set(LABELS)}

# Where a marked word's lanes end and where the words of the line below it begin. A word's
# client rect holds its padding (the lanes' room); its lanes sit at calc(100% - Npx) from the top.
_GEOMETRY = """(el) => {
  const rect = el.getBoundingClientRect();
  const ups = getComputedStyle(el).backgroundPosition.split(',')
    .map((p) => /calc\\(100% - ([\\d.]+)px\\)/.exec(p)).filter(Boolean).map((m) => Number(m[1]));
  const lowestLane = rect.bottom - Math.min(...ups);
  const below = [...document.querySelectorAll('.an-root .an-text .an-tok, .an-root .an-text .an-tag')]
    .map((other) => other.getBoundingClientRect())
    .filter((r) => r.top > rect.top + 4); // the lines below
  const nextTop = Math.min(...below.map((r) => r.top));
  return {lanes: ups.length, lowestLane, bottom: rect.bottom, nextTop,
          lineHeight: parseFloat(getComputedStyle(el.closest('.an-text')).lineHeight)};
}"""


def write_key(tmp_path, kn23) -> str:
    """A key for kn23 with the teacher's 8 labels, in the test's temp folder."""
    path = tmp_path / "kn23-eight.yaml"
    path.write_text(yaml.safe_dump({
        "format": "annotator.key.v1", "article": "kn23", "sha256": kn23.sha256,
        "labels": LABELS,
        "items": [{"id": "hedge-reportedly", "label": "hedge", "quote": "reportedly",
                   "why": "Hearsay."}]}, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_a_word_with_all_8_labels_keeps_its_lanes_above_the_next_line(open_exercise, tmp_path,
                                                                      kn23):
    nb = open_exercise("kn23", key=write_key(tmp_path, kn23))
    k = token_index(kn23, "engineers")  # on the first line, with a line of the same paragraph below
    nb.dblclick_token(k)
    for name in LABELS:  # each key marks the word at the cursor; Escape lets the mark go
        nb.page.keyboard.press(LOOKS[name].hotkey)
        nb.page.keyboard.press("Escape")
    nb.wait_saved(len(LABELS))
    assert sorted(nb.token(k).get_attribute("data-labels").split()) == sorted(LABELS)
    nb.token(k).scroll_into_view_if_needed()
    geometry = nb.token(k).evaluate(_GEOMETRY)
    assert geometry["lanes"] == len(LABELS), geometry
    # the lowest lane, and the word's whole tinted and underlined box, end above the next line
    assert geometry["lowestLane"] < geometry["nextTop"] - 1, geometry
    assert geometry["bottom"] <= geometry["nextTop"], geometry
    nb.root.screenshot(path=str(artifact_path("many-labels.png")))


def test_a_long_label_name_is_cut_with_an_ellipsis_and_kept_whole_for_reading(open_exercise,
                                                                              tmp_path, kn23):
    nb = open_exercise("kn23", key=write_key(tmp_path, kn23))
    tag = nb.label_button("counter-argument").locator(".an-tag")
    shown = tag.evaluate("(el) => (el.querySelector('[aria-hidden=\"true\"]') || el).textContent")
    assert shown == "COUNTER-ARG…"
    assert tag.get_attribute("title") == "counter-argument"
    assert tag.locator(".an-sr").text_content() == "counter-argument"  # said, not shown
    assert tag.locator(".an-sr").bounding_box()["width"] <= 1
    nb.label_button("counter-argument").locator(".an-tag").screenshot(
        path=str(artifact_path("many-labels-tag.png")))
