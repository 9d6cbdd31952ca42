"""Article: the normalised text of a news article, its fingerprint, tokens and sentences.

Every offset is a half-open ``[start, end)`` index into ``Article.text`` in Unicode code
points, exactly as Python indexes a ``str``.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml

from annotator.errors import AnnotatorError
from annotator.files import decode_utf8, read_bytes

SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's own limit for one text
_TRIM_CATEGORIES = ("P", "Z")  # punctuation and separators never matter at a span's edges


def normalise_text(raw: bytes | str, path: str | Path | None = None) -> str:
    """UTF-8, no BOM, LF line endings, NFC: the canonical article text."""
    text = decode_utf8(raw, path) if isinstance(raw, bytes) else raw.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def check_length(text: str, path: str | Path | None = None) -> None:
    """Refuse a text longer than spaCy takes, with a reason rather than its traceback."""
    if len(text) > MAX_ARTICLE_CHARS:
        raise AnnotatorError(
            f"is too long for an article ({len(text):,} characters; the limit is "
            f"{MAX_ARTICLE_CHARS:,}): a lesson's article is a few thousand words. Give one "
            "article, not a collection.", path=path)


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def _nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


_KEEP = "%‰‱"  # punctuation that belongs to its number: "5%" is not "5"
_OPENING_QUOTES = "“‘«„\"'"


def _is_edge_char(ch: str) -> bool:
    if ch in _KEEP:
        return False
    return ch.isspace() or unicodedata.category(ch)[0] in _TRIM_CATEGORIES or ch in "\"'`"


@dataclass(frozen=True, eq=False)
class Article:
    """One article. Build it with ``Article.from_text`` or ``load_article``."""

    id: str
    text: str
    title: str = ""
    meta: dict = field(default_factory=dict, repr=False)
    path: str | None = None

    def __post_init__(self) -> None:
        check_length(self.text, self.path)
        doc = _nlp()(self.text)
        words = [t for t in doc if not t.is_space]
        object.__setattr__(self, "sha256", fingerprint(self.text))
        # Every visible token: what the widget draws and what marks snap to.
        object.__setattr__(self, "tokens", tuple((t.idx, t.idx + len(t.text)) for t in words))
        object.__setattr__(self, "token_is_punct", tuple(_token_is_punct(t.text) for t in words))
        starts = tuple(s for (s, _), p in zip(self.tokens, self.token_is_punct) if not p)
        ends = tuple(e for (_, e), p in zip(self.tokens, self.token_is_punct) if not p)
        # Content tokens (words and numbers, not punctuation): the unit of scoring.
        object.__setattr__(self, "_word_starts", starts)
        object.__setattr__(self, "_word_ends", ends)
        object.__setattr__(self, "_token_starts", tuple(s for s, _ in self.tokens))
        object.__setattr__(self, "_token_ends", tuple(e for _, e in self.tokens))
        object.__setattr__(self, "sentences", self._sentence_spans(doc))

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_text(cls, text: str | bytes, id: str = "article", **kwargs) -> Article:
        return cls(id=id, text=normalise_text(text), **kwargs)

    # -- views --------------------------------------------------------------------------

    @property
    def word_count(self) -> int:
        return len(self._word_starts)

    @property
    def paragraphs(self) -> tuple[tuple[int, int], ...]:
        """Paragraph spans: blank-line separated when the text has blank lines, else lines.
        Inside a blank-line paragraph, a line of a list ("• …", "- …", "1. …") and a line much
        shorter than the paragraph's others (a byline, a heading) keep their own line, as
        pasted from a web page; the lines of a hard-wrapped paragraph run on."""
        splitter = "\n\n" if "\n\n" in self.text else "\n"
        spans, pos = [], 0
        for chunk in self.text.split(splitter):
            start, end = pos, pos + len(chunk)
            pos = end + len(splitter)
            for a, b in _lines_apart(self.text, start, end) if splitter == "\n\n" else \
                    [(start, end)]:
                trimmed = _strip_span(self.text, a, b, _str_isspace)
                if trimmed:
                    spans.append(trimmed)
        return tuple(spans)

    def sentence_of(self, start: int, end: int) -> tuple[int, int]:
        """The smallest run of whole sentences that contains ``[start, end)``."""
        covering = [s for s in self.sentences if s[1] > start and s[0] < end] or [
            min(self.sentences, key=lambda s: abs(s[0] - start))]
        return covering[0][0], covering[-1][1]

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices ``[i, j)`` of the content tokens that ``[start, end)`` touches."""
        return bisect_right(self._word_ends, start), bisect_left(self._word_starts, end)

    def word_spans(self, i: int, j: int) -> list[tuple[int, int]]:
        """``(start, end)`` of the content tokens ``[i, j)`` (as ``word_range`` counts them)."""
        return list(zip(self._word_starts[max(0, i):j], self._word_ends[max(0, i):j]))

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices ``[i, j)`` into ``tokens`` of the tokens that ``[start, end)`` touches."""
        return bisect_right(self._token_ends, start), bisect_left(self._token_starts, end)

    def snap(self, start: int, end: int, mode: str = "token") -> tuple[int, int] | None:
        """Widen a span to whole tokens and trim edge spaces and punctuation.

        ``mode="char"`` keeps the characters as given and only trims the edges. Returns
        ``None`` when nothing but spaces and punctuation is left.
        """
        start, end = max(0, start), min(len(self.text), end)
        if start >= end:
            return None
        if mode == "char":
            return _strip_span(self.text, start, end, _is_edge_char)
        if mode != "token":
            raise ValueError(f"unknown snap mode {mode!r}: use 'token' or 'char'")
        i, j = self.token_range(start, end)
        while i < j and self.token_is_punct[i]:
            i += 1
        while j > i and self.token_is_punct[j - 1]:
            j -= 1
        if i >= j:
            return None
        return self.tokens[i][0], self.tokens[j - 1][1]

    def find(self, quote: str, nth: int = 1) -> tuple[int, int] | None:
        """Offsets of the ``nth`` occurrence (1-based) of ``quote``, or ``None``; as
        ``quote_places`` finds it (a quote the article has only with other spaces is found)."""
        places = quote_places(self.text, quote)
        if not 1 <= nth <= len(places):
            return None
        return places[nth - 1], places[nth - 1] + len(quote)

    def widget_payload(self) -> dict:
        """What the browser needs to draw the article: sent once, never re-derived in JS."""
        return {
            "id": self.id,
            "title": self.title,
            "sha256": self.sha256,
            "tokens": [[s, e, self.text[s:e]] for s, e in self.tokens],
            "punct": list(self.token_is_punct),
            "spaces": [self.text[prev:s] for prev, (s, _) in
                       zip((0, *self._token_ends), self.tokens)],
            "paragraphs": [list(self.token_range(s, e)) for s, e in self.paragraphs],
            "sentences": [list(self.token_range(s, e)) for s, e in self.sentences],
        }

    # -- helpers ------------------------------------------------------------------------

    def _sentence_spans(self, doc) -> tuple[tuple[int, int], ...]:
        """spaCy's sentences, split again at line breaks, with each opening quotation mark
        given to the sentence it opens (the sentencizer leaves it on the one before)."""
        spans = []
        for sent in doc.sents:
            start = sent.start_char
            for line in self.text[sent.start_char:sent.end_char].split("\n"):
                span = _strip_span(self.text, start, start + len(line), _str_isspace)
                if span:
                    spans.append(list(span))
                start += len(line) + 1
        text = self.text
        for before, after in itertools.pairwise(spans):
            while (before[1] - before[0] > 1 and text[before[1] - 1] in _OPENING_QUOTES
                   and text[before[1] - 2].isspace() and before[1] - 1 < after[0]
                   and "\n" not in text[before[1]:after[0]]):
                after[0] = before[1] - 1
                before[1] = _strip_span(text, before[0], before[1] - 1, _str_isspace)[1]
        return tuple((start, end) for start, end in spans)


# Spaces that look alike: a website's non-breaking space (U+00A0), French typography's narrow
# one (U+202F) before « » ; : ! ?, a thin or figure space, a tab. Not a line break: a quote that
# runs on past a paragraph's end is another mistake (key.py says so).
_ANY_SPACE = "[\t\u0020\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"


def is_space(ch: str) -> bool:
    """One of the spaces that look alike (``_ANY_SPACE``)."""
    return ch == "\t" or unicodedata.category(ch) == "Zs"


@lru_cache(maxsize=1024)
def _any_space_pattern(quote: str) -> re.Pattern:
    return re.compile("".join(_ANY_SPACE if is_space(ch) else re.escape(ch) for ch in quote))


def occurrences(text: str, quote: str, start: int = 0, end: int | None = None, *,
                any_space: bool = False) -> list[int]:
    """Where ``quote`` begins in ``text[start:end]``, every time, overlapping ones too (as a
    key's ``nth`` counts them). ``any_space``: each space in the quote matches any one space
    in the text, so that a match is as long as the quote and its offsets are exact."""
    end = len(text) if end is None else end
    places = []
    if any_space and any(map(is_space, quote)):
        pattern = _any_space_pattern(quote)
        found = pattern.search(text, start, end)
        while found:
            places.append(found.start())
            found = pattern.search(text, found.start() + 1, end)
        return places
    pos = text.find(quote, start, end)
    while pos >= 0:
        places.append(pos)
        pos = text.find(quote, pos + 1, end)
    return places


def quote_places(text: str, quote: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where a key's quote (or min) is in ``text[start:end]``: exactly as written when the text
    has it so; else with any space matching any other, since a non-breaking or narrow space
    looks like a plain one (a quote pasted from a web page into a key, whose article
    ``annotator new`` gave plain spaces, and the reverse). A quote the text has as written
    is always found as written, and counted so by ``nth``."""
    return occurrences(text, quote, start, end) or occurrences(text, quote, start, end,
                                                              any_space=True)


BULLETS = "•●▪‣◦*·–—-"  # what starts a line of a pasted list
_LIST_ITEM = re.compile(rf"\s*(?:[{re.escape(BULLETS)}]|\d{{1,2}}[.)])\s")


def _lines_apart(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at the line breaks that end a short line or start a list item."""
    lines, pos = [], start
    for line in text[start:end].split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    if len(lines) == 1:
        return lines
    longest = max(b - a for a, b in lines)
    out = [lines[0]]
    for (a, b), (prev_a, prev_b) in zip(lines[1:], lines):
        if _LIST_ITEM.match(text, a) or prev_b - prev_a < 0.6 * longest:
            out.append((a, b))
        else:
            out[-1] = (out[-1][0], b)
    return out


def _str_isspace(ch: str) -> bool:
    return ch.isspace()


def _token_is_punct(token: str) -> bool:
    return all(_is_edge_char(ch) for ch in token)


def _strip_span(text: str, start: int, end: int, strip) -> tuple[int, int] | None:
    while start < end and strip(text[start]):
        start += 1
    while end > start and strip(text[end - 1]):
        end -= 1
    return (start, end) if start < end else None


def find_article_file(article_id: str, near: list[Path] | tuple[Path, ...] = ()) -> Path | None:
    """Look for ``seeds/<id>.txt`` beside the given places, the working folder and the repo."""
    if not SAFE_ID.match(article_id or ""):
        return None
    repo = Path(__file__).resolve().parent.parent
    places = []
    for base in (*near, Path.cwd(), Path.cwd().parent, repo):
        places += [base / "seeds", base.parent / "seeds", base]
    for folder in places:
        candidate = folder / f"{article_id}.txt"
        if candidate.is_file():
            return candidate
    return None


def load_article(path_or_id: str | Path, near: list[Path] | tuple[Path, ...] = ()) -> Article:
    """Load ``seeds/<id>.txt`` (and its ``.meta.yaml``) by path or by article id."""
    path = Path(path_or_id)
    if not path.suffix and not path.is_file():
        found = find_article_file(str(path_or_id), near)
        if found is None:
            raise AnnotatorError(
                f"cannot find the article '{path_or_id}': expected seeds/{path_or_id}.txt. "
                "Run from the project folder or pass the article's path.")
        path = found
    text = normalise_text(read_bytes(path), path)
    if not text.strip():
        raise AnnotatorError("the article is empty.", path=path)
    article_id = path.name.removesuffix(".txt")
    meta: dict = {}
    meta_path = path.with_name(f"{article_id}.meta.yaml")
    if meta_path.is_file():
        try:
            meta = yaml.safe_load(decode_utf8(read_bytes(meta_path), meta_path)) or {}
        except yaml.YAMLError as exc:
            raise AnnotatorError(f"is not valid YAML ({exc}).", path=meta_path) from None
        if not isinstance(meta, dict):
            raise AnnotatorError(
                "must be a YAML mapping of fields (title: ..., outlet: ..., date: ..., url: "
                f"...), not {_kind_of(meta)}. Write one field per line, as the other "
                "seeds' .meta.yaml files are.", path=meta_path)
    return _cached_article(article_id, text, str(meta.get("title") or ""), str(path),
                           tuple(sorted((k, str(v)) for k, v in meta.items())))


def _kind_of(value: object) -> str:
    """What YAML read, in a teacher's words."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a single line of text" if isinstance(value, str) else "that"


@cache
def _cached_article(article_id: str, text: str, title: str, path: str, meta: tuple) -> Article:
    return Article(id=article_id, text=text, title=title, meta=dict(meta), path=path)
