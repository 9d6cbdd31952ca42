"""The label set: names, colours, second cues and hotkeys.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies); every label
also has an underline style and a text tag, so colour never carries meaning alone.
"""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass

from annotator.names import plain_id


@dataclass(frozen=True)
class Label:
    name: str
    colour: str
    pattern: str  # CSS text-decoration-style of the underline: the cue that is not colour
    hotkey: str
    tag: str  # short text tag drawn with a mark
    description: str

    def to_dict(self) -> dict:
        return asdict(self)


DEFAULT_LABELS = (
    Label("claim", "#0072B2", "solid", "c", "CLAIM",
          "A statement presented as true or possibly true that could be checked."),
    Label("source", "#D55E00", "double", "s", "SOURCE",
          "Who or what a statement is attributed to."),
    Label("hedge", "#CC79A7", "wavy", "h", "HEDGE",
          "Words that lower or qualify the writer's commitment."),
)
# Colours for other labels: Okabe–Ito's bluish green, and darker orange, sky blue and yellow
# (and a grey for its black), so an underline reads at 3:1 or more both on white and on
# JupyterLab Dark's #111 and #212121 (the originals' orange and sky blue are 2.3:1 on white,
# yellow 1.3:1; black is 1.1:1 on #111). Each colour starts with a pattern of its own; one used
# again gets the next pattern.
_SPARE_COLOURS = ("#009E73", "#B86E00", "#2F86C0", "#808600", "#767676")
_PATTERNS = ("dashed", "dotted", "solid", "double", "wavy")
_SPARE = tuple((colour, _PATTERNS[(n + shift) % len(_PATTERNS)])
               for shift in range(len(_PATTERNS)) for n, colour in enumerate(_SPARE_COLOURS))
_KNOWN = {label.name: label for label in DEFAULT_LABELS}
NEWS_LABELS = frozenset(_KNOWN)


def a_label(label: str, labelled: bool = True) -> str:
    """'a claim', 'a source', 'a hedge'; a teacher's own label may not take 'a' ('evidence',
    'reasoning'), so it is 'an item labelled evidence' (``labelled``) or 'evidence'."""
    if label in _KNOWN:
        return f"a {label}"
    return f"an item labelled {label}" if labelled else label


def meaning(label: str) -> str | None:
    """What a news label covers, in a phrase ('who or what a statement is attributed to');
    None for a teacher's own label."""
    known = _KNOWN.get(label)
    if known is None:
        return None
    return known.description[0].lower() + known.description[1:].rstrip(".")
TAG_LENGTH = 12


def tag_for(name: str) -> str:
    """The text tag of a label: its name in capitals, a long one cut with "…"."""
    tag = name.upper()
    if len(tag) <= TAG_LENGTH:
        return tag
    return tag[:TAG_LENGTH - 1].rstrip(" -_") + "…"


def _spare_look(taken: list[tuple[str, str]], defaults: list[Label]) -> tuple[str, str]:
    """The look for another label: never a (colour, pattern) a label in the set has, then the
    colour used least, then a pattern no default label in the set has (a sky-blue solid beside
    claim's blue solid, or a wavy beside hedge's, reads as that label), then the pattern used
    least."""
    default_patterns = {label.pattern for label in defaults}

    def cost(look: tuple[str, str]) -> tuple[int, int, int]:
        colour, pattern = look
        return (sum(c == colour for c, _ in taken), pattern in default_patterns,
                sum(p == pattern for _, p in taken))

    free = [look for look in _SPARE if look not in taken]
    return min(free or _SPARE, key=cost)  # more than 25 others: a look comes back


# Key letters a student can type on any keyboard: "É" or "ñ" is a dead key or missing on most
_KEY_LETTERS = frozenset(string.ascii_lowercase + string.digits)


def label_set(names: list[str] | tuple[str, ...]) -> tuple[Label, ...]:
    """Labels for the given names: the defaults keep their look, others get spare ones, each
    unlike every other label's in the set. A label's key is the first letter of its name, with
    accents dropped ("Évaluation": E), not taken already; else a spare letter."""
    labels: list[Label] = []
    used_keys = {"z", "y"}  # reserved for undo and redo
    defaults = [_KNOWN[name] for name in names if name in _KNOWN]
    taken = [(label.colour, label.pattern) for label in defaults]
    for name in names:
        if name in _KNOWN:
            label = _KNOWN[name]
        else:
            colour, pattern = _spare_look(taken, defaults)
            taken.append((colour, pattern))
            label = Label(name, colour, pattern, "", tag_for(name), "")
        hotkey = label.hotkey if label.hotkey and label.hotkey not in used_keys else next(
            (ch for ch in plain_id(name) + "abdefgijklmnopqrtuvwx123456789"
             if ch in _KEY_LETTERS and ch not in used_keys), "")
        used_keys.add(hotkey)
        labels.append(Label(label.name, label.colour, label.pattern, hotkey, label.tag,
                            label.description))
    return tuple(labels)
