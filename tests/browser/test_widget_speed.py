"""Speed in a real browser: a 20,000-word article renders well under half a second, and a
mark made on it is drawn before the next frame. The figures are printed (run with -s)."""

import random

import pytest
from widget_helpers import word_tokens

from annotator.article import load_article

pytestmark = pytest.mark.browser

WORDS = ["officials", "said", "the", "missile", "launch", "was", "reportedly", "delayed", "according", "to", "sources", "in", "Kyiv", "who", "believe", "that", "engineers", "may", "have", "been", "sent", "to", "assist", "forces", "near", "Donetsk", "while", "analysts", "suggest", "the", "programme", "could", "possibly", "expand"]


def long_article(words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            n = rng.randint(8, 24)
            sentence = [rng.choice(WORDS) for _ in range(n)]
            sentence[0] = sentence[0].capitalize()
            sentences.append(" ".join(sentence) + rng.choice([".", ".", "?", ";"]))
            count += n
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n"


def test_twenty_thousand_words_render_fast_and_marks_draw_in_one_frame(open_exercise, lab):
    (lab.root / "seeds" / "long20k.txt").write_text(long_article(20_000), encoding="utf-8")
    art = load_article(lab.root / "seeds" / "long20k.txt")
    assert art.word_count >= 20_000
    nb = open_exercise("long20k")
    render_ms = float(nb.root.get_attribute("data-render-ms"))
    assert int(nb.root.get_attribute("data-tokens")) == len(art.tokens)
    print(f"\n{art.word_count} words, {len(art.tokens)} tokens: rendered in {render_ms:.0f} ms")
    assert render_ms < 500

    words = word_tokens(art)
    first, last = words[5000], words[5012]
    nb.label_button("hedge").click()
    nb.page.evaluate("""(k) => {
      window.__probe = null;
      document.addEventListener('mouseup', () => {
        const t0 = performance.now();
        requestAnimationFrame(() => {
          const el = document.querySelector(`.an-root .an-tok[data-i='${k}']`);
          window.__probe = {drawn: el.classList.contains('an-marked'), ms: performance.now() - t0};
        });
      }, {capture: true, once: true});
    }""", last)
    nb.drag((first, 0), (last, 0))
    probe = nb.page.wait_for_function("() => window.__probe").json_value()
    print(f"mark drawn before the next frame: {probe['drawn']} ({probe['ms']:.1f} ms)")
    assert probe["drawn"]
    nb.wait_saved(1)
    assert nb.kernel_marks() == [[art.tokens[first][0], art.tokens[last][1], "hedge"]]
