"""Feedback: a Result explained in words a student understands. Plain data, no HTML.

The widget, the command line and the HTML reports all explain a result through these
functions, so a student reads the same words everywhere.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from functools import lru_cache

from annotator.key import AnswerKey
from annotator.scoring import Result

HEADLINES = {
    "hit": "Found",
    "partial": "Partly found",
    "wrong_label": "Found, wrong label",
    "missed": "Missed",
}
BOUNDARY_HINTS = {
    "too_short": "Your mark leaves out part of the answer: try extending it to include {min}.",
    "too_long": "Your mark takes in more than the answer: try trimming it to within {max}.",
    "shifted": "Your mark starts or ends in the wrong place: the answer is {quote}.",
}


@dataclass(frozen=True)
class Note:
    """One line of feedback about a key item or an extra mark."""

    kind: str  # hit, partial, wrong_label, missed, extra
    label: str
    start: int
    end: int
    quote: str
    headline: str
    detail: str
    why: str
    item: str | None = None
    required: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


@lru_cache(maxsize=8192)  # a class report quotes the same spans thousands of times
def _quoted(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"


def explain(result: Result, key: AnswerKey, *, reveal_missed: bool = True) -> list[Note]:
    """Notes for every answered, mislabelled and (optionally) missed item, then extra marks.

    Optional items appear only when the student found them.
    """
    text = key.article.text
    notes = []
    for res in result.items:
        item = key.item(res.id)
        if not res.required and res.outcome in ("missed", "wrong_label"):
            continue
        if res.outcome == "missed" and not reveal_missed:
            continue
        quote = _quoted(text[item.start:item.end])
        if res.outcome == "hit":
            detail = f"You marked {quote} as {item.label}."
        elif res.outcome == "partial":
            mark = result.marks[res.mark]
            detail = f"Your {mark.label} mark {_quoted(text[mark.start:mark.end])} is close. " + \
                BOUNDARY_HINTS[res.boundary or "shifted"].format(
                    min=_quoted(text[item.min_start:item.min_end]),
                    max=_quoted(text[item.max_start:item.max_end]), quote=quote)
        elif res.outcome == "wrong_label":
            others = " or ".join(item.accepts)
            detail = f"You marked {quote} as {res.found_as}; it is a {others}."
        else:
            detail = f"The key has {quote} as a {item.label}."
        if not res.required:
            detail += " (Optional: careful readers disagree about this one, so it earns no " \
                      "points and costs none.)"
        notes.append(Note(res.outcome, item.label, item.start, item.end,
                          text[item.start:item.end], HEADLINES[res.outcome], detail, item.why,
                          item.id, item.required))
    for mark in result.marks:
        if mark.status == "extra" and not mark.wrong_label:
            known = next((d for d in key.distractors if mark.label in d.labels
                          and d.start < mark.end and mark.start < d.end), None)
            advice = ("" if known else "Reread the definition; if you still think you are "
                      "right, tell your teacher: keys can be incomplete.")
            notes.append(Note(
                "extra", mark.label, mark.start, mark.end, text[mark.start:mark.end],
                "Not in the key",
                f"The key has no {mark.label} at {_quoted(text[mark.start:mark.end])}. {advice}"
                .strip(), known.why if known else ""))
    return notes


def summary_line(result: Result) -> str:
    if result.percent is None:
        return "This key has no required items, so there is no score."
    found = sum(1 for r in result.items if r.required and r.outcome == "hit")
    partial = sum(1 for r in result.items if r.required and r.outcome == "partial")
    total = sum(1 for r in result.items if r.required)
    text = (f"{result.percent:.0f}% ({result.points:.4g} of {result.max_points:.4g} points): "
            f"{found} of {total} found")
    if partial:
        text += f", {partial} partly"
    if result.penalty:
        text += f"; {result.penalty:g} off for marks that match nothing"
    return text + "."


def hint(result: Result, key: AnswerKey,
         shown: Collection[tuple[int, int, str]] = ()) -> dict | None:
    """The next sentence holding a missed required item, as ``(start, end, label)`` not in
    ``shown`` (the hints already revealed), or None when every such sentence is shown."""
    pending: dict[tuple[int, int, str], str] = {}
    for res in result.items:
        if res.required and res.outcome == "missed":
            item = key.item(res.id)
            start, end = key.article.sentence_of(item.start, item.end)
            if (start, end, item.label) not in shown:
                pending.setdefault((start, end, item.label), item.id)
    if not pending:
        return None
    (start, end, label), item_id = next(iter(pending.items()))
    return {"label": label, "start": start, "end": end, "item": item_id,
            "left": len(pending) - 1,
            "text": f"Look again at this sentence: there is a {label} in it you have not "
                    "marked yet."}


def format_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def text_report(result: Result, key: AnswerKey, *, reveal_missed: bool = True) -> str:
    """The report ``annotator score`` prints."""
    lines = [summary_line(result), "", f"{'label':<10}{'precision':>10}{'recall':>8}{'F1':>7}"]
    for label, fig in [*result.labels.items(), ("overall", result.overall)]:
        lines.append(f"{label:<10}{format_ratio(fig.precision):>10}"
                     f"{format_ratio(fig.recall):>8}{format_ratio(fig.f1):>7}")
    lines.append("")
    for note in explain(result, key, reveal_missed=reveal_missed):
        lines.append(f"[{note.headline}] {note.label}: {note.detail}")
        if note.why:
            lines.append(f"    why: {note.why}")
    lines.append(f"\n(policy: {result.policy})")
    return "\n".join(lines)
