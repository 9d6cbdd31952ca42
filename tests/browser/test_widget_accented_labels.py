"""A French teacher's key with accented labels ("Évaluation", "éthos", "émotion", "Énoncé"):
each label's key is a plain ASCII letter a student can type on any keyboard, the button shows
that letter, and pressing it marks with that label."""

import pytest
import yaml
from widget_helpers import token_index

from annotator.labels import label_set

pytestmark = pytest.mark.browser
LABELS = ["affirmation", "source", "Évaluation", "éthos", "émotion", "Énoncé"]
LOOKS = {label.name: label for label in label_set(LABELS)}


def write_key(tmp_path, kn23) -> str:
    path = tmp_path / "kn23-accents.yaml"
    path.write_text(yaml.safe_dump({
        "format": "annotator.key.v1", "article": "kn23", "sha256": kn23.sha256,
        "labels": LABELS,
        "items": [{"id": "e-reportedly", "label": "Évaluation", "quote": "reportedly",
                   "why": "Hearsay."}]}, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_each_accented_label_is_marked_by_the_ascii_letter_its_button_shows(open_exercise,
                                                                            tmp_path, kn23):
    keys = [LOOKS[name].hotkey for name in LABELS]
    assert all(key.isascii() and key.isalpha() for key in keys), keys
    assert len(set(keys)) == len(keys)
    nb = open_exercise("kn23", key=write_key(tmp_path, kn23))
    words = ["engineers", "reportedly", "Pyongyang", "satellite", "missiles", "officials"]
    for name, word in zip(LABELS, words):
        button = nb.label_button(name)
        assert button.locator("kbd").text_content() == LOOKS[name].hotkey.upper()
        k = token_index(kn23, word)
        nb.dblclick_token(k)
        nb.page.keyboard.press(LOOKS[name].hotkey)
        nb.page.keyboard.press("Escape")
        assert nb.token(k).get_attribute("data-labels") == name
    nb.wait_saved(len(LABELS))
    assert sorted(label for _, _, label in nb.file_marks()) == sorted(LABELS)
