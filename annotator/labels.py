"""The label set: names, colours, second cues and hotkeys.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies); every label
also has an underline style and a text tag, so colour never carries meaning alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
_SPARE = (("#009E73", "dashed"), ("#E69F00", "dotted"), ("#56B4E9", "solid"),
          ("#F0E442", "double"), ("#000000", "wavy"))
_KNOWN = {label.name: label for label in DEFAULT_LABELS}


def label_set(names: list[str] | tuple[str, ...]) -> tuple[Label, ...]:
    """Labels for the given names: the defaults keep their look, others get spare ones."""
    labels: list[Label] = []
    used_keys = {"z", "y"}  # reserved for undo and redo
    spare = iter(_SPARE * (1 + len(names) // len(_SPARE)))
    for name in names:
        if name in _KNOWN:
            label = _KNOWN[name]
        else:
            colour, pattern = next(spare)
            label = Label(name, colour, pattern, "", name.upper()[:12], "")
        hotkey = label.hotkey if label.hotkey and label.hotkey not in used_keys else next(
            (ch for ch in name.lower() + "abdefgijklmnopqrtuvwx123456789"
             if ch.isalnum() and ch not in used_keys), "")
        used_keys.add(hotkey)
        labels.append(Label(label.name, label.colour, label.pattern, hotkey, label.tag,
                            label.description))
    return tuple(labels)
