"""A long article in a real browser: what must hold whatever the machine's speed.

A 20,000-word article is drawn whole (every token Python sent, in order, in its paragraphs),
and a mark made deep inside it is on the page at the first animation frame after the mouse-up
(drawn by the widget itself, not after a kernel round trip), then held by the kernel and saved. How fast any of this is, is measured, not asserted:
``python benchmarks/bench_widget.py`` prints the figures next to their floors and goals.
"""


import pytest
from widget_helpers import long_article, word_tokens

from annotator.article import load_article

pytestmark = pytest.mark.browser



# The widget draws a mark itself, in its mouse-up handler, and tells the kernel afterwards: so
# at the first animation frame after the mouse-up the mark is on the page, on any machine.
FRAME_PROBE = """(k) => {
  window.__probe = null;
  document.addEventListener('mouseup', () => {
    requestAnimationFrame(() => {
      const el = document.querySelector(`.an-root .an-tok[data-i='${k}']`);
      window.__probe = {drawn: el.classList.contains('an-marked'),
                        labels: el.dataset.labels || ''};
    });
  }, {capture: true, once: true});
}"""





def test_twenty_thousand_words_are_all_drawn_and_a_mark_deep_inside_appears_at_once(
        open_exercise, lab):
    (lab.root / "seeds" / "long20k.txt").write_text(long_article(20_000), encoding="utf-8")
    art = load_article(lab.root / "seeds" / "long20k.txt")
    assert art.word_count >= 20_000
    nb = open_exercise("long20k")

    # Every token, in order, with its own text; every paragraph.
    assert int(nb.root.get_attribute("data-tokens")) == len(art.tokens)
    drawn = nb.page.evaluate("""() => {
      const toks = document.querySelectorAll('.an-root .an-text .an-tok');
      let inOrder = true;
      toks.forEach((el, k) => { if (Number(el.dataset.i) !== k) inOrder = false; });
      return {count: toks.length, inOrder, first: toks[0].textContent,
              last: toks[toks.length - 1].textContent,
              paragraphs: document.querySelectorAll('.an-root .an-text .an-para').length};
    }""")
    assert drawn["count"] == len(art.tokens) and drawn["inOrder"]
    assert drawn["first"] == art.text[slice(*art.tokens[0])]
    assert drawn["last"] == art.text[slice(*art.tokens[-1])]
    assert drawn["paragraphs"] == len(art.widget_payload()["paragraphs"]) > 100

    # A mark made a quarter of the way in, with the label armed: drawn by the next frame.
    words = word_tokens(art)
    first, last = words[5000], words[5012]
    nb.label_button("hedge").click()
    nb.page.evaluate(FRAME_PROBE, last)
    nb.drag((first, 0), (last, 0))
    probe = nb.page.wait_for_function("() => window.__probe").json_value()
    assert probe["drawn"] and probe["labels"] == "hedge", probe
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[art.tokens[first][0], art.tokens[last][1], "hedge"]]
    assert nb.file_marks() == [(art.tokens[first][0], art.tokens[last][1], "hedge")]
