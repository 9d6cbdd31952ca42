"""Item 6: labels are told apart without colour (underline pattern and text tag from
labels.py) and coloured with the Okabe-Ito palette."""

import pytest
from widget_helpers import artifact_path, token_index

from annotator.labels import label_set

pytestmark = pytest.mark.browser
LABELS = {label.name: label for label in label_set(["claim", "source", "hedge"])}
LINE_SIGNATURE = {  # how widget.js draws each underline pattern
    "solid": lambda image, colour: f"linear-gradient({colour}, {colour})" in image,
    "double": lambda image, colour: f"{colour} 1.5px, transparent 1.5px" in image,
    "wavy": lambda image, colour: "svg" in image and colour.lstrip("#") in image.upper(),
}


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_each_label_has_its_pattern_tag_colour_and_hotkey(open_exercise, kn23):
    nb = open_exercise("kn23")
    words = {"claim": "deployment", "source": "officials", "hedge": "reportedly"}
    for name, word in words.items():
        nb.dblclick_token(token_index(kn23, word))
        nb.page.keyboard.press(LABELS[name].hotkey)
    nb.wait_saved(3)
    nb.page.keyboard.press("Escape")
    for name, word in words.items():
        label = LABELS[name]
        button = nb.label_button(name)
        assert button.locator(".an-tag").inner_text() == label.tag
        assert button.locator("kbd").inner_text() == label.hotkey.upper()
        sample = button.locator(".an-sample")
        assert sample.evaluate("el => getComputedStyle(el).textDecorationStyle") == label.pattern
        assert sample.evaluate("el => getComputedStyle(el).textDecorationColor") == rgb(label.colour)
        token = nb.token(token_index(kn23, word))
        assert token.get_attribute("data-labels") == name
        image = token.evaluate("el => el.style.backgroundImage")
        colour = label.colour if label.pattern == "wavy" else rgb(label.colour)
        assert LINE_SIGNATURE[label.pattern](image, colour), image
        start, end = kn23.tokens[token_index(kn23, word)]
        tag = nb.page.locator(f".an-root .an-text .an-tag[data-key='{start}:{end}:{name}']")
        assert tag.inner_text() == label.tag
        assert tag.is_visible()
        assert tag.evaluate("el => getComputedStyle(el).backgroundColor") == rgb(label.colour)
    # Three different line drawings: the patterns differ, not only the colours.
    images = {name: nb.token(token_index(kn23, w)).evaluate("el => el.style.backgroundImage")
              for name, w in words.items()}
    shapes = {name: image.replace(rgb(LABELS[name].colour), "C").replace(
        LABELS[name].colour.upper().lstrip("#"), "C") for name, image in images.items()}
    assert len(set(shapes.values())) == 3

    nb.root.screenshot(path=str(artifact_path("labels.png")))
    nb.root.evaluate("el => { el.style.filter = 'grayscale(1)'; }")
    nb.root.screenshot(path=str(artifact_path("labels-grayscale.png")))
