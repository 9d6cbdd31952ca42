"""Small helpers shared by the browser tests (fixtures live in conftest.py)."""

from __future__ import annotations

import random
from pathlib import Path

from annotator.article import Article

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def artifact_path(name: str) -> Path:
    """Where a test leaves a screenshot (the folder ignores its own contents)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ignore = ARTIFACTS / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    return ARTIFACTS / name


def token_index(article: Article, word: str, nth: int = 1) -> int:
    """Index of the ``nth`` token whose text is ``word``."""
    seen = 0
    for k, (start, end) in enumerate(article.tokens):
        if article.text[start:end] == word:
            seen += 1
            if seen == nth:
                return k
    raise LookupError(f"no token {word!r} (occurrence {nth})")


def word_tokens(article: Article) -> list[int]:
    return [k for k, punct in enumerate(article.token_is_punct) if not punct]


def expected_drag_mark(article: Article, start: tuple[int, int], end: tuple[int, int],
                       label: str) -> list:
    """What Python makes of a drag from code point start[1] of token start[0] through code
    point end[1] of token end[0]: the character span, snapped by Article.snap."""
    s = article.tokens[start[0]][0] + start[1]
    e = article.tokens[end[0]][0] + end[1] + 1
    snapped = article.snap(s, e)
    assert snapped is not None
    return [*snapped, label]


def notebook_class(config) -> type:
    """conftest.py's ``Notebook`` helper, as pytest loaded it (conftest is not importable)."""
    target = (Path(__file__).resolve().parent / "conftest.py").resolve()
    for plugin in config.pluginmanager.get_plugins():
        file = getattr(plugin, "__file__", None)
        if file and Path(file).resolve() == target:
            return plugin.Notebook
    raise LookupError("tests/browser/conftest.py is not loaded")


def drag_handle(nb, edge: str, to_token: int, side: str) -> None:
    """Drag the selected mark's ``start`` or ``end`` handle onto the left or right edge of a
    token, with the real mouse."""
    handle = nb.page.locator(f".an-root .an-handle-{edge}")
    handle.wait_for(state="visible")
    box = handle.bounding_box()
    target = nb.token(to_token).bounding_box()
    x = target["x"] + (target["width"] - 2 if side == "right" else 2)
    y = target["y"] + target["height"] / 2
    nb.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    nb.page.mouse.down()
    nb.page.mouse.move(x, y, steps=8)
    nb.page.mouse.up()


WORDS = ["officials", "said", "the", "missile", "launch", "was", "reportedly", "delayed",
         "according", "to", "sources", "in", "Kyiv", "who", "believe", "that", "engineers",
         "may", "have", "been", "sent", "to", "assist", "forces", "near", "Donetsk", "while",
         "analysts", "suggest", "the", "programme", "could", "possibly", "expand"]


def long_article(words: int, seed: int = 7) -> str:
    """Newsy nonsense of ``words`` words in paragraphs of 3-6 sentences: a long article for
    the speed test and benchmarks/bench_widget.py."""
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


def click_check(nb) -> None:
    nb.root.locator("button[data-action='check']").click()
    nb.page.wait_for_selector(".an-root .an-results")
    nb.page.wait_for_function(
        "() => document.querySelector(\".an-root button[data-action='check']\")"
        ".textContent === 'Check'")


def another_tab(nb, name: str | None = None):
    """The lesson ``nb`` (or the notebook ``name`` beside it) opened in a new tab of the same
    browser and run: a second widget on the same file, as a student who opened it twice."""
    other = type(nb)(nb.page.context.new_page(), nb.lab, name or nb.name, nb.save_path,
                     nb.front_end)
    other.open()
    other.run_all()
    return other


# a second widget cell of the same student and lesson, run after the lesson's own
SECOND_CELL = ("w2 = exercise('kn23', labels=['hedge'], student='tester', save_dir=w._save_dir)\n"
               "display(w2)")


def both_widgets(nb):
    """The two widgets of a notebook opened with ``after=SECOND_CELL``."""
    return nb.page.locator(".an-root").nth(0), nb.page.locator(".an-root").nth(1)
