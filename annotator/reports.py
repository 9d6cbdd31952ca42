"""HTML reports: one page per student, one page for the class. Self-contained (inline CSS and
SVG, no scripts, nothing fetched), and every string a student wrote goes through
``html.escape``. Built from string templates, and a student page mostly from pieces made
once per class (stretches of the escaped article, mark tags, notes): a class of 10,000 gets
10,000 pages quickly.

The words are the feedback module's (``explain``, made once per class by ``ClassNotes``, and
``summary_line``), so a student reads the same sentences in the widget, on the command line
and here.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache
from html import escape
from itertools import accumulate, chain, compress, pairwise
from math import inf
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import yaml

from annotator.agree import binary_alpha, format_figure
from annotator.errors import AnnotatorError
from annotator.feedback import (
    MISSED_HIDDEN,
    NO_MARKS,
    ClassNotes,
    Note,
    extra_marks,
    format_percent,
    format_ratio,
    found_again,
    near_miss,
    told_mistake,
)
from annotator.key import key_to_data
from annotator.labels import label_set
from annotator.scoring import ItemResult, MarkResult, word_overlap

if TYPE_CHECKING:
    from annotator.gradebook import Gradebook, Student
    from annotator.key import AnswerKey, KeyItem
    from annotator.scoring import Result

STATUS_TAGS = {  # mark status → (symbol, words): the symbol never carries meaning alone
    "hit": ("✓", "found"),
    "partial": ("≈", "partly found"),
    "optional": ("○", "optional item"),
    "also": ("⊕", "also accepted"),  # a second accepted label on an item another mark answers
    "wrong_label": ("⇄", "found, wrong label"),
    "extra": ("✗", "not in the key"),
    "near": ("≉", "not close enough"),  # an extra mark on a key item, too far off to count
    "again": ("↺", "already found"),  # an extra mark on a key item another mark answers
    "missed": ("…", "missed"),
}
NOTE_KINDS = {"hit": "#1b7837", "partial": "#b8860b", "wrong_label": "#d55e00",
              "missed": "#777777", "extra": "#7b3294"}

BASE_CSS = """
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;
 max-width:1100px;margin:0 auto;padding:24px;background:#fff}
h1{font-size:1.6em;margin:.2em 0}h1 small{font-size:.6em;color:#555;font-weight:normal}
h2{font-size:1.2em;margin:1.6em 0 .5em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.summary{font-size:1.15em;font-weight:600;margin:.3em 0}.meta{color:#555;font-size:.9em;margin:.2em 0;overflow-wrap:anywhere}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:3px 10px;text-align:left;
 border-bottom:1px solid #eee;vertical-align:top}th{background:#f5f5f5;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.article{white-space:pre-wrap;line-height:2.5;font-size:1.02em;padding:12px 16px;
 border:1px solid #ddd;border-radius:6px;background:#fcfcfc;
 line-height:max(2.5em,calc(1.5em + var(--lanes,0px)))}
.tag{font-size:.75em;font-weight:700;border-radius:3px;padding:0 3px;margin:0 2px;color:#fff;
 vertical-align:super;line-height:1;white-space:nowrap}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;
 clip-path:inset(50%);white-space:nowrap;border:0}
.skip{position:absolute;left:-9999px}.skip:focus{position:static}
a:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid #0B57D0;
 outline-offset:2px}
.legend span{margin-right:14px;display:inline-block}
.missed{background:repeating-linear-gradient(135deg,#c4c4c4 0 2px,transparent 2px 6px);
 box-shadow:inset 0 -2px 0 #6b6b6b}
.tag.missed-tag{background:#666}
ol.notes{padding-left:0;list-style:none}
.note{border-left:5px solid #999;padding:6px 12px;margin:8px 0;background:#fafafa}
.note .head{font-weight:700}.note .why{color:#333;margin:.3em 0 0;font-size:.95em}
.note .why:before{content:"Why: ";font-weight:600}
.muted{color:#666}.small{font-size:.85em}details{margin:.5em 0}
@media (max-width:480px){body{padding:12px}th,td{padding:3px 6px}}
html{print-color-adjust:exact;-webkit-print-color-adjust:exact}
@media print{body{max-width:none;padding:0;font-size:12pt}
 table{font-size:10pt}th,td{padding:2px 6px}tr,.note,h3{break-inside:avoid}h2,h3{break-after:avoid}
 details::details-content{content-visibility:visible;display:contents}
 details>*{display:block}details>table{display:table}summary{list-style:none}
 .tag{border:1px solid #000}.missed{outline:1px dashed #555}}
@media (forced-colors:active){.article span,.heat span[style],.ramp,.bar{forced-color-adjust:none}
 .tag{border:1px solid CanvasText}.missed{outline:2px dashed CanvasText}
 svg text{fill:CanvasText}svg line{stroke:CanvasText}}
"""


# What only the class report uses (a student's page goes without it: 8,984 pages in a big class)
CLASS_CSS = """
svg{max-width:100%;height:auto}pre{overflow-x:auto}.scroll{overflow-x:auto;max-width:100%}
.bar{display:inline-block;height:.8em;background:#0072B2;vertical-align:middle}
.heat{white-space:pre-wrap;line-height:2.1;padding:10px 14px;border:1px solid #ddd;
 border-radius:6px;font-size:.95em}
.heat .kr{border-bottom:2px solid #000}.heat .ko{border-bottom:2px dotted #000}
.diag{font-weight:700}.cols{display:flex;flex-wrap:wrap;gap:24px}
.cols>div:first-child{flex:0 1 640px}.cols>div:last-child{flex:1 1 18em}
.scale{color:#555;margin:.2em 0}.ramp{display:inline-block;width:90px;
 height:.8em;vertical-align:middle;border:1px solid #ccc}
ol.contents{columns:2 16em;margin:.3em 0}ol.contents li{break-inside:avoid}
ol.contents ol{margin:0;padding-left:1.2em;list-style:lower-alpha}
ol.hardest{padding-left:1.4em;margin:.3em 0}.back{margin:.4em 0}
tr:target td{background:#fff3c4}
@media print{.back{display:none}}
"""
# Each note's edge in the colour of its kind
NOTE_CSS = "".join(f".note.k-{kind}{{border-left-color:{colour}}}"
                   for kind, colour in NOTE_KINDS.items())


class Inline:
    """An SVG (or HTML) fragment that Jupyter displays inline."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


class Framed(Inline):
    """A whole HTML page shown in a frame, so its styles stay out of the notebook's."""

    def _repr_html_(self) -> str:
        # as tall as the window (less the notebook's bars), not a fixed 900 px: on a projector
        # at 150 % a taller frame meant scrolling the notebook to scroll the report
        return (f'<iframe srcdoc="{escape(self.markup, quote=True)}" style="width:100%;'
                'height:75vh;min-height:360px;border:1px solid #ddd" sandbox></iframe>')


def _label_css(labels: Sequence[str]) -> str:
    """Each label: its colour, a background tint, an underline in its own style at its own
    depth (so overlapping marks of different labels stay visible), and a text tag. --lanes is
    how far the lowest underline reaches under a word: the article's lines grow with it, so
    with many labels no tint or underline reaches the next line's words."""
    rules = [f".article{{--lanes:{5 * len(labels)}px}}"]
    for n, label in enumerate(label_set(list(labels))):
        r, g, b = (int(label.colour[k:k + 2], 16) for k in (1, 3, 5))
        tint = f"rgba({r},{g},{b},.13)"
        if label.pattern == "wavy":  # a border cannot wave: a wave drawn along the bottom
            wave = quote("<svg xmlns='http://www.w3.org/2000/svg' width='8' height='4'><path "
                         f"d='M0 2 Q2 -0.5 4 2 T8 2' fill='none' stroke='{label.colour}' "
                         "stroke-width='1.4'/></svg>", safe="")
            line = (f"background:url(\"data:image/svg+xml,{wave}\") repeat-x left bottom/8px "
                    f"4px,{tint};")
        else:
            width = 4 if label.pattern == "double" else 3
            line = f"background:{tint};border-bottom:{width}px {label.pattern} {label.colour};"
        rules.append(f".l{n}{{{line}padding-bottom:{1 + 5 * n}px}}"
                     f".t{n}{{background:{label.colour};color:{_text_on(label.colour)}}}")
    return "".join(rules)


def _text_on(colour: str) -> str:
    """White or black text on ``colour``, whichever contrasts more (WCAG's formula): white on
    the hedge pink is 3.1:1, black 6.9:1."""
    def lum(hex_colour: str) -> float:
        channels = [int(hex_colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light = lum(colour)
    return "#fff" if 1.05 / (light + 0.05) >= (light + 0.05) / 0.05 else "#000"


@cache
def _styles(labels: tuple[str, ...], extra: str = "") -> str:
    return f"<style>{BASE_CSS}{NOTE_CSS}{extra}{_label_css(labels)}</style>"


_PAGE_START = ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta '
               'name="viewport" content="width=device-width,initial-scale=1"><title>')


def _page_top(title: str, labels: Sequence[str], extra_css: str = "") -> str:
    return f"{_PAGE_START}{escape(title)}{_after_title(tuple(labels), extra_css)}"


@cache
def _after_title(labels: tuple[str, ...], extra_css: str = "") -> str:
    return f"</title>{_styles(labels, extra_css)}</head><body>"


_PAGE_END = "</body></html>\n"


def _page(title: str, body: str, labels: Sequence[str], extra_css: str = "") -> str:
    return f"{_page_top(title, labels, extra_css)}{body}{_PAGE_END}"


@cache
def _legend(labels: tuple[str, ...], with_missed: bool = True) -> str:
    parts = [f'<span><span class="l{n}">{escape(label)}</span></span>'
             for n, label in enumerate(labels)]
    parts += [f"<span>{sym} {words}</span>" for key, (sym, words) in STATUS_TAGS.items()
              if with_missed or key != "missed"]
    return f'<p class="legend small">{"".join(parts)}</p>'


_span_start = itemgetter(0)
_BEYOND = (inf, inf)  # a span after the article's end: it closes the last run


@lru_cache(maxsize=16)
def _escaped(text: str) -> tuple[str, list[int]]:
    """The text escaped once, and where each character's escape begins in it: ``escape``
    works character by character, so ``escape(text[a:b])`` is ``escaped[at[a]:at[b]]``."""
    return escape(text), [0, *accumulate(len(escape(ch)) for ch in text)]


def _escaped_utf8(text: str) -> tuple[bytes, list[int]]:
    """``_escaped`` in UTF-8: ``escape(text[a:b]).encode()`` is ``escaped[at[a]:at[b]]``."""
    return escape(text).encode(), [0, *accumulate(len(escape(ch).encode()) for ch in text)]


def _render_spans(spans: Sequence[tuple], escaped: str, at: Sequence[int]) -> str:
    """The text under the spans with nested ``<span class=...>`` for each (start, end,
    classes, end tag, html, opener): each stretch between span edges inside every span open
    there (in the order they opened: by start, then by place in ``spans``), the opener (words
    for a screen reader, "hedge mark: ") first in the span's first stretch, and after each
    stretch the end tags of the spans ending there (by place). ``escaped`` and ``at``: the
    text's ``_escaped``."""
    spans = [span for span in spans if span[0] < span[1]]
    if len(spans) == 1:  # what the loop below makes of one span (a class makes thousands)
        start, end, classes, tag = spans[0][:4]
        return (f'<span class="{classes}">{_opener(spans[0])}{escaped[at[start]:at[end]]}'
                f'</span>{tag}')
    opens = [(span[0], span[1], f'<span class="{span[2]}">', _opener(span))
             for span in sorted(spans, key=_span_start)]
    tags = [(span[1], span[3]) for span in spans if span[3]]
    out: list[str] = []
    for a, b in pairwise(sorted({edge for span in spans for edge in span[:2]})):
        inside = [(tag, opener if start == a else "") for start, end, tag, opener in opens
                  if start <= a and b <= end]
        out.append(f"{''.join(t + o for t, o in inside)}{escaped[at[a]:at[b]]}"
                   f"{'</span>' * len(inside)}")
        out += [tag for end, tag in tags if end == b]
    return "".join(out)


def _opener(span: tuple) -> str:
    return span[5] if len(span) > 5 else ""


def _heard(words: str) -> str:
    """Words only a screen reader hears (``.sr``): where a mark starts and what it is."""
    return f'<span class="sr">{words}</span>'


def _when(graded) -> str:
    return graded.when.strftime("%Y-%m-%d %H:%M UTC") if graded.when else "unknown"


def _note_html(note: Note) -> str:
    """A note as a list item (made once per class: see ``ClassNotes``)."""
    why = f'<p class="why">{escape(note.why)}</p>' if note.why else ""
    return (f'<li class="note k-{note.kind}">'
            f'<span class="head">{escape(note.headline)}</span> · <b>{escape(note.label)}</b> · '
            f'{escape(note.detail)}{why}</li>')


class _StudentPages:
    """What the student pages of one class share, each piece made once: the escaped article
    and its marked-up runs, the mark tags, the notes (``ClassNotes``), the figure rows. A class
    marks the same spans and earns the same notes again and again, so a page is mostly
    lookups and one join.

    The shared pieces are kept in UTF-8 and a page is joined as bytes: it goes to its file
    without being encoded whole (that took longer than the joining).

    A span is (start, end, classes, end tag, the span alone as UTF-8 HTML), made once per mark
    or item and shared by every page showing it."""

    def __init__(self, key: AnswerKey, reveal_missed: bool, resubmission: str = "latest",
                 graded: str = ""):
        self.key, self.reveal_missed, self.resubmission = key, reveal_missed, resubmission
        self.graded = f" · {escape(graded)}" if graded else ""  # when, and with which key
        self.labels = tuple(key.labels)
        self.index = {label: n for n, label in enumerate(self.labels)}
        self.title = escape(key.article.title or key.article.id)
        self.escaped, self.at = _escaped(key.article.text)  # for rendering spans
        self.article, self.article_at = _escaped_utf8(key.article.text)  # for the stretches
        # A page, in order: start, the name, after_title, the header, table_top, the figure
        # rows, article_top, the marked-up article, notes_top, the notes, end.
        self.start = f"{_PAGE_START}Feedback for ".encode()
        self.after_title = _after_title(self.labels).encode()
        self.table_top = (
            b'<main><a class="skip" href="#items">Skip to the feedback item by item</a>'
            b"<h2>Precision, recall and F1 by label</h2><table><thead><tr><th>label</th>"
            b"<th class=num>precision</th><th class=num>recall</th><th class=num>F1</th></tr>"
            b"</thead>")
        self.article_top = (
            "</table><p class='small muted'>Precision: how much of what you marked is in the "
            "key. Recall: how much of the key you found. n/a: nothing to count.</p>"
            f'<h2>Your marks</h2>{_legend(self.labels, reveal_missed)}'
            + _heard("Each of your marks is read from where it starts (\"claim mark:\") to "
                     "where it ends, with its outcome. The same feedback follows, item by "
                     "item, after the article.")
            + '<div class="article">').encode()
        self.notes_top = b'</div><h2 id="items">Item by item</h2>' + (
            b"" if reveal_missed else f"<p class='muted'>{escape(MISSED_HIDDEN)}</p>".encode()
        ) + b'<ol class="notes" role="list">'
        self.no_marks = f'<p class="summary">{escape(NO_MARKS)}</p>'
        self.end = f"</ol></main>{_PAGE_END}".encode()
        self.notes = ClassNotes(key, lambda note: _note_html(note).encode(),
                                reveal_missed=reveal_missed)
        self._made: dict = {}  # (start, end, classes, end tag, opener) → span
        self._tags: dict = {}  # (label, status) → a mark's end tag
        self._marks: dict = {}  # (MarkResult, outcome of its item) → span, or False if empty
        self._runs: dict = {}  # overlapping spans → HTML
        self._figures: dict = {}  # (label, Figures) → table row
        self.missed = {item.id: self._span(item.start, item.end, "missed", (
            f'<span class="tag missed-tag" title="missed {escape(item.label)}">'
            f'<span aria-hidden="true">missed {escape(item.label)}</span>'
            f'{_heard(f" (end of missed {escape(item.label)})")}</span>'),
            _heard(f"missed {escape(item.label)}: ")) for item in key.items}

    def page(self, student: Student) -> bytes:
        """The page in UTF-8."""
        graded = student.chosen
        result = graded.result
        name = escape(student.name or student.student_id or student.key)
        late = " · <b>late</b>" if student.late else ""
        files = self.files_line(student) if len(student.submissions) > 1 else ""
        header = (
            f"<header><h1>{name} <small>{escape(student.student_id)}</small></h1>"
            f'<p class="summary">{escape(graded.summary)}</p>'
            f"{'' if graded.sub.marks else self.no_marks}{files}"
            f'<p class="meta">Article: {self.title} · scoring policy: {escape(result.policy)}'
            f" · {'saved' if graded.saved else 'handed in'}: {_when(graded)}{late}"
            f" · file: {escape(graded.origin)}{self.graded}</p></header>")
        parts = [self.start, name.encode(), self.after_title, header.encode(), self.table_top,
                 *self.figures(result), self.article_top]
        self.mark_up(self.spans(result), parts)
        parts.append(self.notes_top)
        parts += self.notes(result, graded.sub.marks)  # her own marks: were any joined?
        parts.append(self.end)
        return b"".join(parts)

    def files_line(self, student: Student) -> str:
        """For a student who handed in more than one file: which one the report is on, and
        which were not counted because they came after the due time. A plain file (or a
        Moodle one) is timed by when it was saved, as the README promises; Canvas judges
        lateness itself and nbgrader times the hand-in."""
        chosen = student.chosen
        timed = "saved" if student.source != "canvas" and all(
            g.saved for g in student.submissions) else "handed in"
        if self.resubmission == "best":
            which = "the one that scored best"
        elif self.resubmission == "latest_before_due" and not chosen.late:
            which = f"the last one {timed} before the due time"
        else:
            which = "the last one"
        if chosen.when:
            which += f" ({_when(chosen)})"
        text = f"You handed in {len(student.submissions)} files; this report is on {which}."
        after = [g for g in student.submissions if g.late and not chosen.late]
        if after and self.resubmission != "best":
            times = ", ".join(_when(g) for g in sorted(after, key=attrgetter("handed_in")))
            text += (f" The one{'' if len(after) == 1 else 's'} {timed} after the due time "
                     f"({times}) {'was' if len(after) == 1 else 'were'} not counted.")
        return f'<p class="meta files">{escape(text)}</p>'

    def _span(self, start: int, end: int, classes: str, tag: str, opener: str = ""
              ) -> tuple | bool:
        """A span, or False when it is empty (it shows nothing, not even its tag)."""
        if start >= end:
            return False
        span = self._made.get((start, end, classes, tag, opener))
        if span is None:
            alone = (start, end, classes, tag, None, opener)
            span = self._made[start, end, classes, tag, opener] = (
                start, end, classes, tag,
                _render_spans((alone,), self.escaped, self.at).encode(), opener)
        return span

    def spans(self, result: Result) -> list[tuple]:
        """The marks' spans, then the missed required items' when they are revealed."""
        items, marks = result.items, result.marks
        answered = {r.mark: r.outcome for r in items if r.mark is not None}
        outcomes = list(map(answered.get, range(len(marks))))  # of the item each answered
        key = self.key
        for m, mark in enumerate(marks):  # a near miss on an item another mark answers
            if mark[3] == "extra" and found_again(key, mark, result):
                outcomes[m] = "again"
        spans = list(map(self._marks.get, zip(marks, outcomes)))
        if None in spans:
            for n, seen in enumerate(zip(marks, outcomes)):
                if spans[n] is None:
                    spans[n] = self._marks[seen] = self._mark_span(*seen)
        if self.reveal_missed:
            spans += [self.missed[r.id] for r in items if r.required and r.outcome == "missed"]
        return list(filter(None, spans))

    def _mark_span(self, mark: MarkResult, answered: str | None) -> tuple | bool:
        if mark.status == "optional":  # an optional item found, or (answering no item) a
            # second accepted label on an item another mark answers ("reportedly" as a source)
            status = "wrong_label" if mark.wrong_label else "optional" if answered else "also"
        elif mark.status == "extra":
            status = "wrong_label" if mark.wrong_label else "again" if answered == "again" \
                else "near" if near_miss(self.key, mark.label, mark.start, mark.end) else "extra"
        else:
            status = answered if answered in ("hit", "partial") else \
                "hit" if mark.credit >= 1 else "partial"
        k = self.index.get(mark.label, 0)
        tag = self._tags.get((mark.label, status))
        if tag is None:
            symbol, words = STATUS_TAGS[status]
            label = escape(mark.label)
            tag = self._tags[mark.label, status] = (
                f'<span class="tag t{k}" title="{label}: {words}"><span aria-hidden="true">'
                f'{escape(mark.label.upper())} {symbol}</span>'
                f'{_heard(f" (end of {label} mark: {words})")}</span>')
        return self._span(mark.start, mark.end, f"l{k}", tag,
                          _heard(f"{escape(mark.label)} mark: "))

    def mark_up(self, spans: list[tuple], out: list[bytes]) -> None:
        """The article with the spans marked up, in UTF-8 pieces onto ``out``: the text
        between runs of overlapping spans, and each run (none reaches outside it, so each
        renders alone, and runs repeat across a class)."""
        escaped, at, append = self.article, self.article_at, out.append
        done = reach = 0
        first = more = None  # the run so far: its first span, any others
        ordered = sorted(spans, key=_span_start)  # stable: spans starting together keep order
        ordered.append(_BEYOND)
        for span in ordered:
            if span[0] >= reach:  # nothing open reaches here: the run so far is complete
                if first is not None:
                    append(escaped[at[done]:at[first[0]]])
                    if more is None:
                        append(first[4])
                    else:
                        more.insert(0, first)
                        append(self._run(more, spans))
                    done = reach
                first, more = span, None
            elif more is None:
                more = [span]
            else:
                more.append(span)
            if span[1] > reach:  # noqa: PLR1730 (faster than max() in this loop)
                reach = span[1]
        append(escaped[at[done]:])

    def _run(self, run: list[tuple], spans: list[tuple]) -> bytes:
        """Overlapping spans, in order of start, as HTML. Where spans end together their
        order in ``spans`` orders their end tags, so the run is then taken in that order."""
        if len({span[1] for span in run}) < len(run):
            if len(set(run)) == len(run):
                run.sort(key=spans.index)
            else:  # a span there twice: pick the run's spans out of ``spans`` in order
                members = set(run)
                run = [span for span in spans if span in members]
        key = tuple(run)
        html = self._runs.get(key)
        if html is None:
            html = self._runs[key] = _render_spans(key, self.escaped, self.at).encode()
        return html

    def figures(self, result: Result) -> list[bytes]:
        """The table rows of precision, recall and F1, per label and overall, in UTF-8."""
        rows = list(map(self._figures.get, result.labels.items()))
        rows.append(self._figures.get(("overall", result.overall)))
        if None in rows:
            for n, seen in enumerate([*result.labels.items(), ("overall", result.overall)]):
                if rows[n] is None:
                    label, fig = seen
                    rows[n] = self._figures[seen] = (
                        f"<tr><th scope=row>{escape(label)}</th><td class=num>"
                        f"{format_ratio(fig.precision)}</td><td class=num>"
                        f"{format_ratio(fig.recall)}</td><td class=num>{format_ratio(fig.f1)}"
                        "</td></tr>").encode()
        return rows


def _student_pages(book: Gradebook, reveal_missed: bool) -> _StudentPages:
    pages = book._report_pages.get(reveal_missed)
    if pages is None:
        pages = book._report_pages[reveal_missed] = _StudentPages(
            book.key, reveal_missed, book.resubmission, book.graded_line())
    return pages


def student_report(book: Gradebook, student: Student, reveal_missed: bool = True) -> str:
    """One student's page: score, per-label figures, their marks over the article, and every
    key item's outcome with the key's ``why``."""
    return _student_pages(book, reveal_missed).page(student).decode("utf-8")


def student_report_files(book: Gradebook, students: Iterable[Student],
                         reveal_missed: bool = True) -> Iterator[tuple[str, bytes]]:
    """Each student's report file name and page (``student_report`` in UTF-8), one at a time:
    a class's pages are written as they are made, never all held at once."""
    pages = _student_pages(book, reveal_missed)
    for student in students:
        yield student.report_name, pages.page(student)


# -- the class report --------------------------------------------------------------------------


def histogram_svg(scores: Sequence[float], width: int = 640, height: int = 240) -> str:
    """Score distribution in ten bins of 10 %, as inline SVG."""
    bins = [0] * 10
    for value in scores:
        bins[min(9, max(0, int(value // 10)))] += 1
    top = max(bins) or 1
    left, bottom, plot_h = 40, 36, height - 70
    bar_w = (width - left - 10) / 10
    said = "; ".join(f"{n * 10}–{n * 10 + 10}%: {count}" for n, count in enumerate(bins))
    if scores:
        said += f". Mean {format_percent(statistics.fmean(scores))}."
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="hist-t hist-d" '
              f'font-family="system-ui,sans-serif" font-size="12"><title id="hist-t">Scores of '
              f'{len(scores)} student(s) in 10% bins</title><desc id="hist-d">{said}</desc>')]
    for n, count in enumerate(bins):
        h = plot_h * count / top
        x = left + n * bar_w
        y = height - bottom - h
        parts.append(f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" '
                     f'height="{h:.1f}" fill="#0072B2"><title>{n * 10}–{n * 10 + 10}%: {count}'
                     f'</title></rect>')
        if count:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" '
                         f'text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" '
                     f'text-anchor="middle" fill="#444">{n * 10}–{n * 10 + 10}</text>')
    parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{height - bottom}" '
                 f'y2="{height - bottom}" stroke="#333"/>')
    parts.append(f'<text x="{(width + left) / 2:.0f}" y="{height - 4}" text-anchor="middle">'
                 'score (%)</text>')
    if scores:
        mean = statistics.fmean(scores)
        mx = left + bar_w * mean / 10
        parts.append(f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="14" y2="{height - bottom}" '
                     f'stroke="#ad4c00" stroke-dasharray="4 3"/><text x="{mx + 4:.1f}" y="14" '
                     f'fill="#ad4c00">mean {format_percent(mean)}</text>')
    else:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">'
                     'no scores yet</text>')
    parts.append("</svg>")
    return "".join(parts)


def _quote(text: str, limit: int = 90) -> str:
    """A span in quotation marks, cut at ``limit``; one that is a quotation whole keeps its
    own marks (as feedback's notes do)."""
    flat = " ".join(text.split())
    if len(flat) > 1 and flat[0] in "'‘“\"" and flat[-1] in "'’”\"":
        flat = flat[1:-1]
    return "“" + (flat if len(flat) <= limit else flat[:limit - 1] + "…") + "”"


def _pct(part: int, whole: int) -> str:
    return format_percent(100 * part / whole) if whole else "–"


_outcome = itemgetter(ItemResult._fields.index("outcome"))  # as fast as plain indexing
_found_as = itemgetter(ItemResult._fields.index("found_as"))
_label_span = itemgetter(*map(MarkResult._fields.index, ("label", "start", "end")))


def _class_stats(book: Gradebook):
    """Everything the class page counts: each key item's outcomes down the class (one column
    of results per item), then each marked span once, placed on the words."""
    key, article = book.key, book.key.article
    students = book.graded
    results = [student.chosen.result for student in students]
    outcomes = [Counter() for _ in key.items]
    confusion: dict[tuple[str, str], int] = Counter()
    for item, tally, column in zip(key.items, outcomes, zip(*[r.items for r in results])):
        said = list(map(_outcome, column))
        tally.update({outcome: said.count(outcome) for outcome in set(said)})
        if not item.required:
            continue
        found = tally["hit"] + tally["partial"]
        if len(item.accepts) == 1:  # a found item's mark has a label the item accepts
            confusion[item.label, item.label] += found
        elif found:
            confusion.update((item.label, marks[r.mark].label) for r, marks in zip(
                column, [r.marks for r in results]) if r.outcome in ("hit", "partial"))
        if tally["wrong_label"]:
            confusion.update((item.label, label) for label in map(
                _found_as, compress(column, map("wrong_label".__eq__, said))))
        confusion[item.label, ""] += len(said) - found - tally["wrong_label"]

    repeats = Counter(chain.from_iterable([r.marks for r in results]))  # a class repeats marks
    marked = Counter()  # (label, start, end) → marks
    for mark, count in repeats.items():
        marked[_label_span(mark)] += count
    # (label, start, end) of extra marks → the students who made one (a student's marks are
    # merged, so each makes a span at most once)
    extra_by: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for student, result in zip(students, results):
        for mark in extra_marks(result):
            extra_by[mark.label, mark.start, mark.end].add(student.key)
    words = article.word_count
    diff = {label: [0] * (words + 1) for label in key.labels}
    extras: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for (label, start, end), count in marked.items():
        i, j = article.word_range(start, end)
        if i >= j:
            continue
        layer = diff.get(label)
        if layer is not None:
            layer[i] += count
            layer[j] -= count
        made = extra_by.get((label, start, end))
        if made:
            extras[label, i, j] |= made
            confusion["", label] += len(made)
    coverage = {label: list(accumulate(layer[:words])) for label, layer in diff.items()}
    return outcomes, confusion, extras, coverage


def _cluster_extras(extras, article, class_size: int):
    """Extra marks grouped by span: the most common span of a label, and every other span of
    that label overlapping it by half or more (word intersection over union)."""
    clusters: list[dict] = []
    by_word: dict[tuple[str, int], list[int]] = defaultdict(list)
    for (label, i, j), students in sorted(extras.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        home = None
        for c in sorted({c for w in range(i, j) for c in by_word[label, w]}):
            ci, cj = clusters[c]["span"]
            if word_overlap((i, j), (ci, cj)) >= 0.5:
                home = c
                break
        if home is None:
            home = len(clusters)
            clusters.append({"label": label, "span": (i, j), "students": set(), "variants": 0})
            for w in range(i, j):
                by_word[label, w].append(home)
        clusters[home]["students"] |= students
        clusters[home]["variants"] += 1
    floor = max(2, round(0.1 * class_size))
    common = [c for c in clusters if len(c["students"]) >= floor]
    common.sort(key=lambda c: -len(c["students"]))
    return common[:15], floor


HARDEST_SHOWN = 5  # the required items fewest found, named at the top of the class report
BACK = "<p class='back small'><a href='#contents'>Back to contents</a></p>"


def _graded_with(book: Gradebook) -> str:
    """What was graded, for the class report's head: the key file, the points and labels it
    counted, a fingerprint of the file, and the roster's section if one was chosen. Two
    sections graded on different keys (or on another version of one) show it here."""
    labels = ", ".join(book.key.labels)
    parts = [f"Key: <b>{escape(book.key_name)}</b>",
             f"{round(book.scorer.max_points, 2):g} point(s) for {escape(labels)}"]
    fingerprint = book.key.file_sha256  # None for a key not read from a file
    if fingerprint:
        parts.append(f"key file sha256 <code>{fingerprint[:12]}</code>")
    section = getattr(book.roster, "section", None)  # None, or a roster from before sections
    if section:
        parts.append(f"roster section: <b>{escape(section)}</b>")
    return " · ".join(parts)


HEAT_DARKEST = 0.7  # the shade for the whole class: darker, and the words would not read


def _heat_table(article, words: Sequence[tuple[int, int]], counts: Sequence[int], label: str,
                size: int) -> str:
    """The heat map in words: each run of words that the same number of students marked with
    ``label`` (none left out), for those who cannot see shade or hover. A run stops at a line
    break: a headline and the line under it are two rows, not one run-on phrase."""
    rows, w, text = [], 0, article.text
    while w < len(counts):
        v = w
        while v + 1 < len(counts) and counts[v + 1] == counts[w] and \
                "\n" not in text[words[v][1]:words[v + 1][0]]:
            v += 1
        if counts[w]:
            rows.append(f"<tr><td>{escape(_quote(article.text[words[w][0]:words[v][1]], 80))}"
                        f"</td><td class=num>{counts[w]} of {size}</td></tr>")
        w = v + 1
    if not rows:
        return ""
    return (f"<details><summary class='small'>{escape(label)}: the same as a table</summary>"
            "<table><thead><tr><th>words</th><th class=num>students</th>"
            f"</tr></thead>{''.join(rows)}</table></details>")


def _heat_block(book: Gradebook, label: str, counts: list[int], n_label: int, class_size: int,
                colour: str, top: int) -> str:
    """The article with each word shaded by how many students marked it with ``label``, the
    darkest for ``top`` (the most any word got)."""
    article = book.key.article
    text, tokens = article.text, article.tokens
    r, g, b = (int(colour[k:k + 2], 16) for k in (1, 3, 5))
    in_key: dict[int, str] = {}
    for item in book.key.items:
        if label in item.accepts:
            i, j = article.word_range(item.start, item.end)
            for w in range(i, j):
                if in_key.get(w) != "kr":
                    in_key[w] = "kr" if item.required else "ko"
    parts, pos, word = [], 0, 0
    for (start, end), punct in zip(tokens, article.token_is_punct):
        gap = escape(text[pos:start])
        inside = not punct and word and in_key.get(word - 1) and in_key.get(word - 1) == \
            in_key.get(word) and "\n" not in gap
        parts.append(f'<span class="{in_key[word]}">{gap}</span>' if inside and gap else gap)
        piece = escape(text[start:end])
        if punct:
            parts.append(piece)
        else:
            share = HEAT_DARKEST * counts[word] / top if top else 0
            cls = in_key.get(word)
            cls_attr = f' class="{cls}"' if cls else ""
            parts.append(f'<span{cls_attr} style="background:rgba({r},{g},{b},{share:.2f})" '
                         f'title="{counts[word]} of {class_size}">{piece}</span>')
            word += 1
        pos = end
    parts.append(escape(text[pos:]))
    return "".join(parts)


def _as_key_yaml(key: AnswerKey, label: str, start: int, end: int) -> str:
    """What to paste into the key for a span many students marked that matched nothing. Over
    the words an item of its label needs (its ``min``), only wider than the item's ``max``:
    that item's ``max``, widened to take the span in, unless that would let one mark answer
    more than the item (``_widening_problem``): then no YAML, and why. Elsewhere, a new
    optional item (KEY-GUIDE's extents for its label; a why to write, which students never
    see while it says DRAFT). A span that overlaps an item without its ``min`` gets no YAML:
    it is not that item."""
    from annotator.keyedit import add_item  # the authoring tools, only when needed

    text = key.article.text
    near = [item for item in key.items if label in item.accepts
            and item.start < end and start < item.end]
    wider = next((item for item in near
                  if start <= item.min_start and item.min_end <= end), None)
    if wider is not None:
        low, high = min(start, wider.max_start), max(end, wider.max_end)
        problem = _widening_problem(key, wider, low, high)
        if problem:
            return (f"<span class='small muted'>wider than the max of {escape(wider.id)}, but "
                    f"a max this wide would {escape(problem)}: no change offered (worth a word "
                    "in class on where the item ends)</span>")
        value = yaml.safe_dump({"max": text[low:high]}, allow_unicode=True, width=10_000)
        return (f"<details><summary class='small'>wider max for {escape(wider.id)}</summary>"
                f"<p class='small'>Marks as wide as this get no credit for {escape(wider.id)}; "
                "to give them full credit, set in that item:</p>"
                f"<pre class='small'>{escape(value)}</pre></details>")
    if near:
        return (f"<span class='small muted'>overlaps {escape(near[0].id)} without its min: "
                "check that item's min and max</span>")
    try:
        new, item_id = add_item(key, start, end, label)
    except AnnotatorError:
        return ""
    item = next(i for i in key_to_data(new)["items"] if i["id"] == item_id)
    item["required"] = False
    lines = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=90)
    # the why in double quotes, so that the teacher's apostrophes need no escaping
    lines += f'  why: "DRAFT: why this is (or is not) a {label}, for students"\n'
    indent = _items_indent(key.path)
    lines = "".join(indent + line for line in lines.splitlines(keepends=True))
    return (f"<details><summary class='small'>as a key item</summary><pre class='small'>"
            f"{escape(lines)}</pre></details>")


def _widening_problem(key: AnswerKey, item: KeyItem, low: int, high: int) -> str | None:
    """Why ``item``'s max must not grow to ``[low, high)``, or None. A max stays in the
    item's own sentence (a claim's default max is that sentence), and takes in no word of
    another item's min (of any label) that it did not take in already: a mark that wide
    would earn this item with another item's words (a claim's max run on into the next two
    claims, pasted into the key, raised a student from 59 % to 67 %)."""
    article = key.article
    first, last = article.sentence_of(item.start, item.end)
    if low < min(first, item.max_start) or high > max(last, item.max_end):
        return "run past the end of its sentence"
    i, j = article.word_range(low, high)
    had_i, had_j = article.word_range(item.max_start, item.max_end)
    new = set(range(i, had_i)) | set(range(had_j, j))
    for other in key.items:
        if other is not item and new.intersection(range(*article.word_range(
                other.min_start, other.min_end))):
            return f"take in words of the min of {other.id} ({other.label})"
    return None


@lru_cache(maxsize=8)
def _items_indent(path: str | None) -> str:
    """How far the key file indents its items ("  - id: …" or "- id: …"): a pasted item must
    line up with the others."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig") if path else ""
    except (OSError, UnicodeDecodeError):
        text = ""
    found = re.search(r"^( *)- id:", text, re.MULTILINE)
    return found[1] if found else ""


def class_report(book: Gradebook, reports_folder: str | None = "reports") -> str:
    """The page an instructor reads in two minutes: how the class scored, which items it
    found, the extra marks many made, label confusions, a heat map, agreement."""
    key, article = book.key, book.key.article
    labels = list(key.labels)
    looks = label_set(labels)
    students = book.graded
    size = len(students)
    scores = book.percents()
    outcomes, confusion, extras, coverage = _class_stats(book)
    rejected = [r for r in book.rejected if r.reason != "duplicate"]

    notes = "".join(f"<p class='meta'><b>{escape(note)}</b></p>"
                    for note in (book.late_note(), book.times_note(), book.blind_note(),
                                 book.no_marks_note())
                    if note)
    stats = ""
    if scores:
        stats = (f"mean <b>{format_percent(statistics.fmean(scores))}</b>, median "
                 f"{format_percent(statistics.median(scores))}, lowest "
                 f"{format_percent(min(scores))}, highest {format_percent(max(scores))}")
    head = (f"<header><h1>Class report <small>{escape(article.title or article.id)}</small>"
            f"</h1><p class='summary'>{size} student(s) graded; {stats}</p><p class='meta'>"
            f"{book.files_graded} valid file(s), {len(rejected)} rejected, "
            f"{len(book.issues)} identity or roster problem(s) · scoring policy "
            f"{escape(book.scorer.policy.name)} · resubmissions: {escape(book.resubmission)}"
            f" · graded {book.graded_at:%Y-%m-%d %H:%M} UTC</p>"
            f"<p class='meta'>{_graded_with(book)}</p>"  # with which key: said once, there
            f"{notes}</header>")

    # -- items found
    rows = []
    for n, (item, counts) in enumerate(zip(key.items, outcomes)):
        found = counts["hit"]
        share = found / size if size else 0
        rows.append(
            f"<tr id='item-{n}'><td>{escape(item.id)}</td><td>{escape(item.label)}</td><td>"
            f"{'required' if item.required else '<span class=muted>optional</span>'}</td>"
            f"<td class='small'>{escape(_quote(article.text[item.start:item.end], 60))}</td>"
            f"<td class=num><span class='bar' style='width:{60 * share:.0f}px'></span> "
            f"{_pct(found, size)}</td><td class=num>{_pct(counts['partial'], size)}</td>"
            f"<td class=num>{_pct(counts['wrong_label'], size)}</td><td class=num>"
            f"{_pct(counts['missed'], size)}</td></tr>")
    items_table = ("<table><thead><tr><th>item</th><th>label</th><th>required?</th><th>text</th>"
                   "<th class=num>found</th><th class=num>partly</th><th class=num>wrong label"
                   f"</th><th class=num>missed</th></tr></thead>{''.join(rows)}</table>")
    hard = sorted((o["hit"] / size, n) for n, (item, o) in enumerate(zip(key.items, outcomes))
                  if item.required) if size else []
    hardest = "".join(
        f"<li><b>{escape(key.items[n].label)}</b> <a href='#item-{n}'>"
        f"{escape(_quote(article.text[key.items[n].start:key.items[n].end], 60))}</a>: "
        f"{format_percent(100 * s)} found</li>" for s, n in hard[:HARDEST_SHOWN])
    hardest = (f"<ol class='hardest'>{hardest}</ol><p class='small muted'>Each links to its row "
               "in the key items' table.</p>") if hardest else "<p>–</p>"

    # -- extra marks
    clusters, floor = _cluster_extras(extras, article, size)
    if clusters:
        traps, others = [], []
        words = [t for t, p in zip(article.tokens, article.token_is_punct) if not p]
        for c in clusters:
            i, j = c["span"]
            start, end = words[i][0], words[j - 1][1]
            row = (f"<tr><td>{escape(c['label'])}</td><td>"
                   f"{escape(_quote(article.text[start:end]))}</td><td class=num>"
                   f"{len(c['students'])} ({_pct(len(c['students']), size)})</td>"
                   f"<td class=num>{c['variants']}</td>")
            known = told_mistake(key, c["label"], start, end)  # as each student was told
            if known:
                traps.append(f"{row}<td class='small'>{escape(known.why) or '–'}</td></tr>")
            else:
                others.append(f"{row}<td>{_as_key_yaml(key, c['label'], start, end)}</td></tr>")
        extra_head = ("<thead><tr><th>label</th><th>most common span</th><th class=num>"
                      "students</th><th class=num>span variants</th>")
        extra_html = f"<p class='small muted'>Marks that match no key item, made by at least " \
            f"{floor} students, grouped by span.</p>"
        if traps:
            extra_html += (
                f"<h3 class='small'>Known traps: the key lists these as wrong</h3><table>"
                f"{extra_head}<th>the key's why</th></tr></thead>{''.join(traps)}</table>"
                "<p class='small muted'>The misconceptions to reteach: each student who made "
                "one read the key's why in their report.</p>")
        if others:
            where = " (above the distractors and the comment before them)" if key.distractors \
                else ""
            extra_html += (
                f"<h3 class='small'>Not in the key</h3><table>{extra_head}<th>for the key"
                f"</th></tr></thead>{''.join(others)}</table><p class='small muted'>Each is a "
                "candidate for a new optional item (or a distractor, with a why), or a sign the "
                "lesson needs a word on it. To add one: paste its YAML right after the last of "
                f"the key's items{where}, write its why, run <code>annotator validate</code> on "
                "the key and grade again.</p>")
    else:
        extra_html = f"<p class='muted'>No extra mark was made by {floor} or more students.</p>"

    # -- confusions
    columns = labels + [""]
    head_cells = "".join(f"<th class=num>{escape(c) if c else 'not marked'}</th>"
                         for c in columns)
    conf_rows = []
    for row in labels + [""]:
        total = sum(confusion[row, c] for c in columns)
        cells = []
        for c in columns:
            if not row and not c:
                cells.append("<td class='num muted'>–</td>")
                continue
            value = confusion[row, c]
            diag = " diag" if row == c and row else ""
            cells.append(f"<td class='num{diag}'>{value}<span class='small muted'> "
                         f"{_pct(value, total) if value else ''}</span></td>")
        name = escape(row) if row else "not in the key (extra marks)"
        conf_rows.append(f"<tr><th>{name}</th>{''.join(cells)}</tr>")
    confusion_html = (f"<table><thead><tr><th>key says ↓ / class marked →</th>{head_cells}"
                      "</tr></thead>"
                      f"{''.join(conf_rows)}</table><p class='small muted'>Required items: "
                      "how the class labelled each key label (found, partly found or wrong "
                      "label), or left it unmarked. Bottom row: marks matching no item.</p>")

    # -- heat map and agreement
    heat, agree_rows = [], []
    heat_words = [t for t, p in zip(article.tokens, article.token_is_punct) if not p]
    for n, (label, look) in enumerate(zip(labels, looks)):
        counts = coverage[label]
        r, g, b = (int(look.colour[k:k + 2], 16) for k in (1, 3, 5))
        # the darkest shade is the most students any word got, so that on a projector the
        # words half the class marked stand out from those a few marked
        top = max(counts, default=0)
        most = f"{top} student(s)" + (f", the most any word got (of {size})" if top < size
                                      else "")
        heat.append(f"<h3 class='small' id='heat-{n}'>{escape(label)}</h3><p class='scale "
                    "small'>shade: "
                    f"0 <span class='ramp' aria-hidden='true' style='background:linear-gradient"
                    f"(to right,rgba({r},{g},{b},0),rgba({r},{g},{b},{HEAT_DARKEST}))'></span> "
                    f"{most}</p><div class='heat' aria-hidden='true'>"
                    f"{_heat_block(book, label, counts, n, size, look.colour, top)}</div>"
                    f"{_heat_table(article, heat_words, counts, label, size)}")
        alpha = binary_alpha(counts, size) if size >= 2 else None
        mean_words = sum(counts) / size if size else 0
        key_words = sum(1 for item in key.items if item.label == label)
        agree_rows.append(f"<tr><td>{escape(label)}</td><td class=num>{format_figure(alpha)}"
                          f"</td><td class=num>{mean_words:.1f}</td><td class=num>{key_words}"
                          "</td></tr>")
    agree_html = ("<table><thead><tr><th>label</th><th class=num>Krippendorff's α</th>"
                  "<th class=num>words marked per student</th><th class=num>key items</th></tr>"
                  "</thead>"
                  f"{''.join(agree_rows)}</table><p class='small muted'>α over the students as "
                  "coders and the words as units (each label a yes/no layer): 1 = everyone "
                  "marked the same words, 0 = no better than chance. Undefined: nothing "
                  "varies.</p>")

    # -- students and problems
    student_rows = []
    for s in sorted(students, key=lambda s: (s.chosen.result.percent is None,
                                              -(s.chosen.result.percent or 0), s.key)):
        name = escape(s.name or s.student_id)
        if reports_folder:
            name = f"<a href='{reports_folder}/{s.report_name}'>{name}</a>"
        pct = s.chosen.result.percent
        student_rows.append(f"<tr><td>{name}</td><td>{escape(s.student_id or s.key)}</td>"
                            "<td class=num>"
                            f"{format_percent(pct)}</td><td>"
                            f"{'late' if s.late else ''}</td><td class=num>{len(s.submissions)}"
                            "</td></tr>")
    problems = [f"<li><b>{escape(r.reason)}</b>: {escape(r.message)}</li>" for r in rejected]
    problems += [f"<li><b>{escape(i.kind)}</b>: {escape(i.message)}</li>" for i in book.issues]
    problems_html = (f"<details{' open' if len(problems) <= 10 else ''}><summary>"
                     f"{len(problems)} problem(s)</summary><ul class='small'>"
                     f"{''.join(problems)}</ul></details>") if problems else \
        "<p class='muted'>No rejected files, no identity problems.</p>"

    students_html = (
        f"<details><summary>{size} student(s), best first"
        f"{', each linked to their report' if reports_folder and size else ''}</summary>"
        "<table><thead><tr><th>student</th><th>id</th><th class=num>score</th><th>late</th>"
        f"<th class=num>files</th></tr></thead>{''.join(student_rows)}</table></details>")
    heat_html = ("<p class='small muted'>Darker = more students marked the word with this "
                 "label. Underlined: the key (solid: required, dotted: optional). Hover a word "
                 f"for the count, or open the table under each map.</p>{BACK.join(heat)}")
    # (id, heading, what follows it, its line in the contents): in the page's order. The
    # students come early: a long article's page runs to dozens of screens after them.
    sections = [
        ("students", "Students", students_html, f"Students ({size})"),
        ("items", "Key items: share of the class that found each", items_table, "Key items"),
        ("extra", "Extra marks many students made", extra_html, "Extra marks"),
        ("confusions", "Label confusions", confusion_html, "Label confusions"),
        ("agreement", "Agreement among students", agree_html, "Agreement among students"),
        ("heat", "Heat map: how many students marked each word", heat_html, "Heat maps")]
    heat_maps = "".join(f"<li><a href='#heat-{n}'>{escape(label)}</a></li>"
                        for n, label in enumerate(labels))
    contents = "".join(
        f"<li><a href='#{where}'>{line}</a>{f'<ol>{heat_maps}</ol>' if where == 'heat' else ''}"
        "</li>" for where, line in [("scores", "Scores"), ("hardest", "Hardest required items"),
                                    ("problems", "Problems"),
                                    *((where, line) for where, _, _, line in sections)])
    body = (
        f"{head}<nav aria-labelledby='contents'><h2 id='contents'>Contents</h2>"
        f"<ol class='contents'>{contents}</ol></nav>"
        f"<div class='cols'><div><h2 id='scores'>Scores</h2>{histogram_svg(scores)}</div>"
        f"<div><h2 id='hardest'>Hardest required items</h2>{hardest}"
        f"<h2 id='problems'>Problems</h2>{problems_html}</div></div>"
        + "".join(f"<h2 id='{where}'>{heading}</h2>{html}{BACK}"
                  for where, heading, html, _ in sections))
    body = body.replace("<table>", "<div class='scroll' tabindex='0' role='group' "
                        "aria-label='table, scrolls sideways'><table>").replace(
        "</table>", "</table></div>")
    return _page(f"Class report: {article.title or article.id}",
                 body.replace("</nav>", "</nav><main>", 1) + "</main>", labels, CLASS_CSS)
