"""Rule-based suggestions of claims, sources and hedges, to help an author draft a key.

No trained model is needed: spaCy's blank English tokenizer and sentencizer, its ``Matcher``
and ``PhraseMatcher``, and the closed-class word lists of KEY-GUIDE.md. The rules are general
English patterns, never phrases of one article:

- hedges: a lexicon of cue words (epistemic verbs, hearsay adverbs, probability words,
  modals, agentless "is believed"), each checked against its look-alikes in context (the
  month May and "may" of permission, "appear in court", "could not", "the estimates",
  "reported" with a named subject); boosters are never hedges. Approximators before numbers
  and vague quantifiers form an optional tier.
- sources: attribution frames ("according to X", "X said / stated / confirmed that",
  "…, said X", "confirmed by X"), the appositive that names a role ("X, head of Y,"), vague
  subjects of reporting verbs ("reports indicate", "experts say"), and agentless attribution
  ("is believed", "reportedly") as an implicit source.
- claims: the content of an attribution frame or of a direct quotation, and otherwise each
  clause that asserts something, split at clause boundaries (punctuation, conjunctions,
  relative words and complementisers) with framing ("In a separate incident,") and stated
  unknowns ("it remains unclear whether …") left out. Elaborations and presupposed background
  ("Despite …", "As …,") form the optional tier, as KEY-GUIDE.md asks. Subheadings (a
  paragraph of one short line with no punctuation to end a sentence, after the headline) name
  a topic and state nothing to check: no claims or sources are drafted on them. The headline
  is read like a sentence ("Council says bridge repairs may take longer").

Suggestions propose, an author decides: each one says which rule made it and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from annotator.article import BULLETS, Article
from annotator.submission import Mark

MAX_SENTENCE_TOKENS = 150  # longer "sentences" get hedge suggestions only
RULES_NOTE = ("Rule-based suggestions (spaCy Matcher and word lists, no trained model): review "
              "every one before it reaches a student.")

# -- closed-class word lists --------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


BE = _words("is are was were be been being am")
AUX = BE | _words("has have had having do does did will would can could may might shall should "
                  "must 'll ’ll 've ’ve 'd ’d wo ca")
NEGATION = frozenset(["not", "n't", "n’t", "never"])
DETERMINERS = _words(
    "the a an this that these those its his her their our my your some several many each every "
    "both all no any")
ARTICLES = _words("the a an its his her their our")
PREPOSITIONS = _words(
    "in on at by for from with without of to into onto over under after before during since until "
    "despite amid amidst among between through throughout across against near following including "
    "within about around behind beyond via per like unlike toward towards upon outside inside "
    "along beside besides")
SUBORDINATORS = _words(
    "as while although though because since after before when whenever if unless once whereas "
    "until")
CONDITIONALS = frozenset(["if", "unless"])
COORDINATORS = _words("and but or yet so nor")
RELATIVES = _words("which who whom whose where when")
PRONOUNS = _words("he she they it we i you this that these those there one someone somebody")
QUESTION_WORDS = _words("whether if how why what who when where which")
DISCOURSE = _words(
    "however meanwhile moreover furthermore additionally nevertheless nonetheless still separately "
    "instead indeed also besides overall ultimately finally first second third then now today "
    "yesterday tonight earlier later previously recently currently initially elsewhere similarly "
    "likewise consequently therefore thus hence otherwise")
_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
TIME_CUTS = _words(
    "on during after before yesterday today tonight earlier later last this when while because as "
    "to") | _WEEKDAYS
NUMBER_WORDS = _words("half dozen dozens hundreds thousands millions billions quarter third")

# Reporting verbs, inflected (the blank pipeline has no lemmatiser). Those in NEEDS_THAT only
# frame a claim when a complement follows ("added that", "found that"), or at a clause's end.
REPORTING_VERBS = _words(
    "say says said saying state states stated tell tells told confirm confirms confirmed add adds "
    "added explain explains explained claim claims claimed allege alleges alleged insist insists "
    "insisted argue argues argued deny denies denied announce announces announced acknowledge "
    "acknowledges acknowledged admit admits admitted note notes noted warn warns warned write "
    "writes wrote report reports reported reveal reveals revealed estimate estimates estimated "
    "predict predicts predicted disclose discloses disclosed testify testifies testified conclude "
    "concludes concluded contend contends contended declare declares declared stress stresses "
    "stressed comment comments commented maintain maintains maintained assert asserts asserted "
    "concede concedes conceded suggest suggests suggested indicate indicates indicated show shows "
    "showed shown find finds found describe describes described caution cautions cautioned "
    "emphasise emphasised emphasize emphasized recall recalls recalled reply replies replied "
    "observe observes observed believe believes think thinks fear fears feared expect expects "
    "attribute attributes attributed blame blames blamed complain complains complained "
    "protest protests protested boast boasts boasted lament laments lamented remark remarks "
    "remarked pointed")
NEEDS_THAT = _words(
    "add adds added note notes noted find finds found show shows showed shown maintain maintains "
    "maintained believe believes think thinks fear fears feared expect expects explain explains "
    "explained stress stresses stressed warn warns warned comment comments commented conclude "
    "concludes concluded complain complains complained protest protests protested boast boasts "
    "boasted lament laments lamented remark remarks remarked pointed recall recalls recalled")
VERBS_ALSO_NOUNS = _words("claims notes reports estimates comments fears states finds shows says "
                          "protests remarks")
SPEECH_FRAME_VERBS = _words(
    "said says added adds explained explains noted notes stated wrote writes told tells warned "
    "warns continued insisted insists argued argues claimed asked replied confirmed announced "
    "recalled admitted conceded complained stressed declared protested acknowledged")
BELIEF_VERBS = _words("believe believes think thinks fear fears feared expect expects")
OBJECT_VERBS = _words(
    "deny denies denied describe describes described confirm confirms confirmed announce announces "
    "announced")
CAUSE_VERBS = _words("attribute attributes attributed blame blames blamed")  # X blamed Y on Z
NOUNABLE_BASES = _words("report claim estimate note comment show find fear state")
VERB_FORMS = frozenset(w for w in REPORTING_VERBS if w.endswith("ed") and w != "alleged") | \
    _words("said says told tells wrote writes shown showed found thinks believes denies "
              "testifies")
# the present tense of a plural subject: "Residents say …", "Doctors warn …"
_BASE_REPORTING = frozenset(w for w in REPORTING_VERBS if not w.endswith(("ed", "s", "ing")) and
                            w not in ("said", "told", "wrote", "found", "shown", "thought")) | \
    {"stress"}
DOCUMENT_NOUNS = _words(
    "report study survey analysis figures data statement review audit investigation poll research "
    "assessment consultation records inquiry paper")
SAY_VERBS = _words(
    "said says added explained noted stated wrote told warned continued insisted argued claimed "
    "asked replied admitted conceded complained stressed declared protested")

# Hedge lexicon (KEY-GUIDE.md "Hedge cues") split by how each cue must be checked.
HEDGE_ADVERBS = _words(
    "reportedly allegedly apparently purportedly supposedly presumably possibly probably perhaps "
    "maybe seemingly ostensibly arguably conceivably")
HEDGE_ADJECTIVES = _words(
    "likely unlikely unclear uncertain unconfirmed unverified probable improbable doubtful alleged")
DEGREE = _words(
    "highly very most more less quite fairly increasingly extremely somewhat rather much far")
EPISTEMIC_VERBS = {
    "appear": "appear appears appeared appearing",
    "seem": "seem seems seemed seeming",
    "suggest": "suggest suggests suggested suggesting",
    "indicate": "indicate indicates indicated indicating",
    "believe": "believe believes believed believing",
    "think": "think thinks thought",
    "suspect": "suspect suspects suspected",
    "assume": "assume assumes assumed",
    "expect": "expect expects expected",
    "estimate": "estimate estimates estimated",
}
EPISTEMIC_FORMS = {form: base for base, forms in EPISTEMIC_VERBS.items()
                   for form in forms.split()}
MODALS = frozenset(["may", "might", "could", "would"])
AGENTLESS_PARTICIPLES = _words(
    "believed thought said reported alleged rumoured rumored understood suspected expected "
    "estimated assumed claimed feared presumed supposed")
NEED_COMPLEMENT_PASSIVE = _words("said reported claimed understood supposed")
APPEAR_SHOW_UP = _words(
    "in on at before with alongside onstage live together for during inside outside from opposite")
PERMISSION_SUBJECTS = _words(
    "you visitors residents applicants members students pupils customers guests players drivers "
    "parents staff users passengers anyone everyone nobody children employees participants dogs "
    "candidates teams tenants owners cyclists shoppers fans spectators readers entrants")
PERMISSION_VERBS = _words(
    "visit park use apply enter bring attend borrow book buy register submit request choose join "
    "access wear keep camp fish swim vote order contact call collect sit smoke walk ride cycle "
    "photograph film reapply opt")
# what nobody is given leave to do: "pupils may miss out" is possibility, not permission
NEVER_PERMITTED = _words(
    "miss lose fail face suffer struggle fall die need risk find feel experience wait worry "
    "notice")
_USE_PERMITS = _words(
    "published republished reproduced copied used reused distributed redistributed broadcast "
    "rewritten shared quoted sold resold transferred stored transmitted")
MONTH_CONTEXT = _words(
    "in on of since until by early late mid last next this during from through before after")
BOOSTERS = _words(
    "clearly obviously certainly definitely undoubtedly indeed confirmed proved proven "
    "demonstrated crucial significant")
APPROXIMATORS = _words("about around roughly approximately nearly almost some over under")
VAGUE_QUANTIFIERS = frozenset(["several", "numerous", "some"])

# Sources: who is speaking.
VAGUE_HEADS = _words(
    "reports estimates experts critics sources studies research analysts observers officials "
    "people others commentators insiders scientists researchers rumours rumors figures data polls "
    "surveys accounts witnesses residents diplomats economists campaigners some many claims fears "
    "opponents supporters sceptics skeptics detractors proponents")
VAGUE_MODIFIERS = _words(
    "recent some many several other various unnamed anonymous independent multiple numerous most "
    "few new early media news local western unconfirmed growing press widespread") | ARTICLES
ORG_WORDS = _words(
    "ministry council centre center institute university agency department office committee "
    "commission foundation association organisation organization bank court police service "
    "authority board party group corporation company inc ltd plc hospital school trust union "
    "federation league club society army navy government parliament assembly network times post "
    "news press agency bureau fund programme program unit forces guard observatory laboratory lab "
    "college academy")
ORG_NOUNS = _words(
    "military army navy police government council ministry company club school hospital university "
    "agency department court committee board forces regulator watchdog union trust service "
    "authority")
ROLE_WORDS = _words(
    "mr mrs ms miss dr dr. prof prof. professor president minister mayor councillor councilor "
    "coach senator governor chief sir dame lord lady judge captain general colonel major secretary "
    "director head chair chairman chairwoman chairperson leader spokesman spokeswoman spokesperson "
    "deputy vice prime executive officer defense defence foreign finance health education interior "
    "justice manager manager. inspector sergeant detective superintendent commissioner ambassador "
    "envoy king queen prince princess pope bishop rev reverend father sister editor founder "
    "chancellor premier state shadow")
PERSON_NOUNS = _words(
    "professor spokesperson spokesman spokeswoman official officer minister mayor director head "
    "chair leader analyst expert researcher scientist doctor nurse teacher resident witness member "
    "councillor manager coach captain player engineer economist lawyer author founder adviser "
    "advisor aide source worker farmer owner parent student campaigner activist volunteer "
    "pensioner mother father neighbour historian organiser organizer landlord tenant victim")

QUOTE_OPEN = frozenset(["“", "«", "„", "‘"])
QUOTE_CLOSE = frozenset(["”", "»", "’"])
BOUNDARY = frozenset([",", ";", ":", "—", "–"])  # brackets stay inside their clause


@dataclass(frozen=True)
class Suggestion:
    """One proposed mark. Offsets are code points into the normalised article text."""

    label: str
    start: int
    end: int
    text: str
    reason: str
    rule: str
    tier: str = "core"  # "core" or "optional" (KEY-GUIDE's optional tier)
    alt_labels: tuple[str, ...] = ()
    source_type: str | None = None
    min_span: tuple[int, int] | None = None  # smallest span that shows the item was found
    max_span: tuple[int, int] | None = None  # largest span that is still the same answer

    def to_dict(self) -> dict:
        data: dict = {"label": self.label, "start": self.start, "end": self.end,
                      "text": self.text, "reason": self.reason, "rule": self.rule,
                      "tier": self.tier}
        if self.alt_labels:
            data["alt_labels"] = list(self.alt_labels)
        if self.source_type:
            data["source_type"] = self.source_type
        if self.min_span:
            data["min"] = {"start": self.min_span[0], "end": self.min_span[1]}
        if self.max_span:
            data["max"] = {"start": self.max_span[0], "end": self.max_span[1]}
        return data

    def to_mark(self) -> Mark:
        """The suggestion as a student's mark, e.g. to score it against a key."""
        return Mark(self.start, self.end, self.label, self.text)


# -- the spaCy pipeline and matchers ------------------------------------------------------


@cache
def _pipeline():
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    hedges = Matcher(nlp.vocab)
    hedges.add("ADVERB", [[{"LOWER": {"IN": sorted(HEDGE_ADVERBS)}}]])
    hedges.add("PROBABILITY", [
        [{"LOWER": {"IN": sorted(DEGREE | NEGATION)}, "OP": "?"},
         {"LOWER": {"IN": sorted(HEDGE_ADJECTIVES)}}],
        [{"LOWER": {"IN": ["it", "is", "was", "'s", "’s", "seems", "remains"]}},
         {"LOWER": {"IN": ["quite", "very", "entirely", "still"]}, "OP": "?"},
         {"LOWER": {"IN": ["possible", "probable"]}}, {"LOWER": "that"}],
        [{"LOWER": {"IN": sorted(NEGATION)}}, {"LOWER": "yet", "OP": "?"},
         {"LOWER": {"IN": ["clear", "known"]}}],
        [{"LOWER": {"IN": sorted(BE | {"remain", "remains", "seem", "seems"})}},
         {"LOWER": {"IN": ["also", "still", "quite", "very", "entirely", "now", "always"]},
          "OP": "?"}, {"LOWER": "possible"}]])
    hedges.add("EPISTEMIC_VERB", [[{"LOWER": {"IN": sorted(EPISTEMIC_FORMS)}}]])
    hedges.add("MODAL", [[{"LOWER": {"IN": sorted(MODALS)}}]])
    hedges.add("AGENTLESS", [[{"LOWER": {"IN": sorted(BE | {"'s", "’s"})}},
                              {"LOWER": {"IN": ["widely", "generally", "now", "also", "still",
                                                "initially", "originally", "previously",
                                                "commonly", "often", "first", "not"]},
                               "OP": "*"},
                              {"LOWER": {"IN": sorted(AGENTLESS_PARTICIPLES)}}]])
    hedges.add("REDUCED_AGENTLESS", [[{"LOWER": "with"}, {"IS_PUNCT": False, "OP": "{1,3}"},
                                      {"LOWER": {"IN": ["reported", "feared", "believed",
                                                        "rumoured", "rumored", "alleged"]}},
                                      {"IS_PUNCT": True}]])
    hedges.add("APPROXIMATOR", [
        [{"LOWER": {"IN": sorted(APPROXIMATORS)}},
         {"LIKE_NUM": True}],
        [{"LOWER": {"IN": sorted(APPROXIMATORS)}}, {"LOWER": {"IN": sorted(NUMBER_WORDS)}}],
        [{"LOWER": {"IN": sorted(APPROXIMATORS)}}, {"ORTH": {"IN": ["£", "$", "€", "¥"]}},
         {"LIKE_NUM": True}],
        [{"LOWER": {"IN": ["more", "fewer", "less"]}}, {"LOWER": "than"}, {"LIKE_NUM": True}],
        [{"LOWER": {"IN": ["at", "up"]}}, {"LOWER": {"IN": ["least", "to"]}},
         {"LIKE_NUM": True}],
        [{"LOWER": "as"}, {"LOWER": {"IN": ["many", "much", "few", "little"]}}, {"LOWER": "as"},
         {"ORTH": {"IN": ["£", "$", "€", "¥"]}, "OP": "?"}, {"LIKE_NUM": True}]])
    hedges.add("QUANTIFIER", [[{"LOWER": {"IN": sorted(VAGUE_QUANTIFIERS)}},
                               {"IS_ALPHA": True}]])
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    # "it is believed" and "it is not clear" are caught by AGENTLESS and PROBABILITY
    phrases.add("PHRASE", [nlp.make_doc(p) for p in ("so-called", "remains to be seen")])
    frames = Matcher(nlp.vocab)
    frames.add("ACCORDING_TO", [[{"LOWER": "according"}, {"LOWER": "to"}]])
    frames.add("REPORTING_VERB", [[{"LOWER": {"IN": sorted(REPORTING_VERBS)}}]])
    return nlp, hedges, phrases, frames


# -- sentences as token lists -------------------------------------------------------------


class _Sentence:
    """The tokens of one sentence with the context checks the rules need."""

    def __init__(self, toks, text: str, vocab_lower: frozenset, doc):
        self.toks = toks
        self.low = [t.lower_.replace("’", "'") for t in toks]
        self.text = text
        self.vocab_lower = vocab_lower
        self.doc = doc
        self.n = len(toks)
        self._is_word = [any(ch.isalnum() for ch in t.text) for t in toks]
        self._word_sums = [0]
        for is_word in self._is_word:
            self._word_sums.append(self._word_sums[-1] + is_word)
        self.quoted = self._quoted_ranges()
        self._quote_at = [False] * self.n
        for a, b in self.quoted:
            self._quote_at[a:b] = [True] * (b - a)

    # character offsets
    def start(self, i: int) -> int:
        return self.toks[i].idx

    def end(self, j: int) -> int:
        tok = self.toks[j - 1]
        return tok.idx + len(tok.text)

    def word(self, i: int) -> bool:
        return 0 <= i < self.n and self._is_word[i]

    def punct(self, i: int) -> bool:
        return 0 <= i < self.n and not self.word(i)

    def low_at(self, i: int) -> str:
        return self.low[i] if 0 <= i < self.n else ""

    def is_cap(self, i: int) -> bool:
        text = self.toks[i].text if 0 <= i < self.n else ""
        return bool(text) and text[0].isupper() and any(ch.isalpha() for ch in text)

    def is_name_word(self, i: int) -> bool:
        """Capitalised, and not just because it starts the sentence."""
        if not self.is_cap(i):
            return False
        first = i == 0 or self.toks[i - 1].text in QUOTE_OPEN | {'"'}
        if not first:
            return True
        low = self.low[i]
        return low not in self.vocab_lower and low not in _COMMON_WORDS

    def is_quote(self, i: int) -> bool:
        return 0 <= i < self.n and self.toks[i].text in QUOTE_OPEN | QUOTE_CLOSE | {'"', "'"}

    def opens_quote(self, i: int) -> bool:
        tok = self.toks[i]
        if tok.text in QUOTE_OPEN:
            return True
        if tok.text not in ('"', "'"):
            return False
        before = self.text[tok.idx - 1] if tok.idx > 0 else " "
        return before.isspace() or before in "([{—–-"

    def _quoted_ranges(self) -> list[tuple[int, int]]:
        """Token ranges inside quotation marks. A closing mark with no opener means the
        quotation began in an earlier sentence; a lone ’ is an apostrophe ("Residents’")."""
        out, open_at, opener = [], None, ""
        for i, tok in enumerate(self.toks):
            if not self.is_quote(i):
                continue
            single = tok.text in ("‘", "’", "'")
            if single and not self._standalone(i):
                continue
            if tok.text == "'" and open_at is None and not self.opens_quote(i):
                continue  # a lone apostrophe: "the residents' group"
            if self.opens_quote(i) and open_at is None:
                open_at, opener = i, tok.text
            elif not self.opens_quote(i):
                if single and opener not in ("‘", "'"):
                    continue
                out.append((0 if open_at is None else open_at + 1, i))
                open_at, opener = None, ""
        if open_at is not None:
            out.append((open_at + 1, self.n))
        return out

    def _standalone(self, i: int) -> bool:
        tok = self.toks[i]
        text = self.text
        before = text[tok.idx - 1] if tok.idx > 0 else " "
        after = text[tok.idx + 1] if tok.idx + 1 < len(text) else " "
        return not (before.isalpha() and after.isalpha())

    def in_quote(self, i: int) -> bool:
        return 0 <= i < self.n and self._quote_at[i]

    def words(self, i: int, j: int) -> int:
        i, j = max(0, i), min(self.n, j)
        return self._word_sums[j] - self._word_sums[i] if i < j else 0

    def chunks(self, i: int, j: int) -> list[tuple[int, int]]:
        """Split ``[i, j)`` at commas, semicolons, colons and dashes."""
        out, start = [], i
        for k in range(i, j):
            text = self.toks[k].text
            spaced_dash = text in ("-", "--") and self.toks[k].whitespace_ and k > 0 and \
                self.toks[k - 1].whitespace_
            if text in BOUNDARY or spaced_dash:
                if self.words(start, k):
                    out.append((start, k))
                start = k + 1
        if self.words(start, j):
            out.append((start, j))
        return out

    def trim(self, i: int, j: int) -> tuple[int, int]:
        while i < j and self.punct(i) and not (
                unicodedata.category(self.toks[i].text[0]) == "Sc" and self.word(i + 1)):
            i += 1  # but "£900m" keeps its currency sign
        while j > i and self.punct(j - 1) and not (self.toks[j - 1].text in "%‰‱" and
                                                   self.word(j - 2)):
            j -= 1  # but "6%" keeps its per cent sign
        return i, j


# Words that are capitalised at the start of a sentence without being names.
_COMMON_WORDS = _words(
    "the a an this that these those it its he she they we i you there here some many most recent "
    "new other") | VAGUE_HEADS | DISCOURSE | \
    PREPOSITIONS | SUBORDINATORS | COORDINATORS | DOCUMENT_NOUNS


# -- public API ---------------------------------------------------------------------------


def suggest(article: Article) -> list[Suggestion]:
    """Every suggestion for ``article``, in text order; none in its ``clutter_lines``."""
    nlp, hedge_matcher, phrase_matcher, frame_matcher = _pipeline()
    doc = nlp(article.text)
    vocab_lower = frozenset(t.lower_ for t in doc if t.text.islower())
    found: list[Suggestion] = []
    people: list[str] = []  # the named people cited so far, for "he said" after them
    clutter = [(start, end) for start, end, _ in clutter_lines(article)]
    headings = _headings(article)
    for span, toks in _sentence_tokens(article, doc):
        if not _is_latin(span.text) or any(
                start < span.end_char and span.start_char < end for start, end in clutter):
            continue  # not English, or not the story: a caption, a byline, a link …
        sent = _Sentence(toks, article.text, vocab_lower, doc)
        found += _hedges(sent, span, hedge_matcher, phrase_matcher)
        if sent.n > MAX_SENTENCE_TOKENS:
            continue  # not a sentence the clause rules can read: punctuation is missing
        if any(start <= span.start_char and span.end_char <= end for start, end in headings):
            continue  # a headline or a subheading names a topic; it states nothing to check
        if _heads_a_list(article.text, span):
            continue  # "Key measures announced on Wednesday:" introduces bullets, says nothing
        for part in (p for whole in _parts(sent) for p in _main_after_leading(
                whole, frame_matcher)):
            part_span = doc[part.toks[0].i:part.toks[-1].i + 1]
            frame = _attribution(part, part_span, frame_matcher)
            if frame.pronoun in ("he", "she") and people:
                frame.referent = people[-1]
            found += frame.sources
            found += _claims_of_sentence(part, frame)
            people += [article.text[slice(*(s.min_span or (s.start, s.end)))]
                       for s in frame.sources if s.source_type == "named_person"]
    return _finish(article, found)


MAX_HEADING_WORDS = 20
_LIST_LINE = re.compile(rf"(?:[{re.escape(BULLETS)}]|\d{{1,2}}[.)])\s")
_FINAL_PUNCTUATION = ".!?…:;,"


def _headings(article: Article) -> list[tuple[int, int]]:
    """The standfirst and the subheadings (not the headline, which often says who says what:
    "Council says bridge repairs may take longer"): a paragraph of one short line with
    no punctuation to end a sentence ("The Pipes Under Marlow Street", "Where the money
    went"), that starts like a sentence and has text after it. Not a list item, not a line
    that ends a paragraph's sentence, and clearly shorter than the article's longest
    paragraph (so that the lines of a hard-wrapped text, each its own paragraph when the text
    has no blank lines, are not taken for headings)."""
    paragraphs = article.paragraphs
    if len(paragraphs) < 2:
        return []
    text = article.text
    longest = max(end - start for start, end in paragraphs)
    out = []
    for start, end in paragraphs[1:-1]:  # the headline is read: "Council says …" says who
        line = text[start:end]
        bare = line.rstrip("”’\"»)]").rstrip()
        words = _line_words(line)
        if "\n" in line or not words or len(words) > MAX_HEADING_WORDS or \
                end - start >= 0.6 * longest or bare[-1:] in _FINAL_PUNCTUATION or \
                _LIST_LINE.match(line) or not (line[0].isupper() or line[0].isdigit() or
                                               line[0] in QUOTE_OPEN | {'"'}):
            continue
        out.append((start, end))
    return out


def _heads_a_list(text: str, span) -> bool:
    """A heading that ends in a colon above bullet points ("Key facts:"), unless a speech verb
    introduces them ("The minister said:")."""
    after = text[span.end_char:].lstrip(" \t")
    if not span.text.endswith(":") or not after.startswith("\n") or \
            after.lstrip()[:1] not in tuple(BULLETS):
        return False
    words = [t.lower_ for t in span if t.is_alpha]
    return not words or words[-1] not in SPEECH_FRAME_VERBS


def _parts(sent: _Sentence) -> list[_Sentence]:
    """The parts of a sentence that make their own statements, each read on its own for
    attribution and claims: split at a semicolon outside quotation marks ("Prices rose; economists
    expect …"), and before ", and X said …", a second clause with its own speaker."""
    cuts = [(k, k + 1) for k in range(1, sent.n - 1)
            if sent.toks[k].text == ";" and not sent.in_quote(k)]
    cuts += [(k, k + 2) for k in range(1, sent.n - 3)
             if sent.toks[k].text == "," and sent.low[k + 1] in ("and", "but")
             and not sent.in_quote(k) and _own_speaker(sent, k + 2)]
    if not cuts:
        return [sent]
    parts, start = [], 0
    for a, b in sorted(cuts):
        if sent.words(start, a):
            parts.append((start, a))
        start = b
    if sent.words(start, sent.n):
        parts.append((start, sent.n))
    return [_Sentence(sent.toks[a:b], sent.text, sent.vocab_lower, sent.doc) for a, b in parts]


def _main_after_leading(sent: _Sentence, matcher) -> list[_Sentence]:
    """A leading subordinate clause with a speaker of its own, and a main clause with its own
    attribution frame ("After officials said the bridge was safe, engineers warned that it might
    collapse"): two statements, each read on its own. A main clause with no frame of its own
    ("After officers warned that …, councillors backed the closure") stays in the sentence,
    where it is the writer's own claim."""
    low = sent.low
    lead = 1 if sent.n > 1 and low[0] in _LINKS else 0  # "But after officials said …"
    if low[lead] not in SUBORDINATORS - CONDITIONALS or sent.in_quote(lead):
        return [sent]
    verb = next((k for k in range(lead + 1, sent.n) if sent.toks[k].text == "," and
                 not sent.in_quote(k) or low[k] in REPORTING_VERBS and not sent.in_quote(k)
                 and not _is_noun_here(sent, k)), None)
    if verb is None or sent.toks[verb].text == ",":
        return [sent]  # "Although the bridge reopened in May, …": no speaker in the clause
    for k in range(verb + 1, sent.n - 2):
        if sent.toks[k].text != "," or sent.in_quote(k) or \
                low[k + 1] in RELATIVES | COORDINATORS | SUBORDINATORS or \
                not sent.words(k + 1, sent.n):
            continue
        main = _Sentence(sent.toks[k + 1:], sent.text, sent.vocab_lower, sent.doc)
        frame = _frame_of(main, matcher)
        starts = [s.start for s in frame.sources] + [main.start(x) for x, _ in
                                                      frame.content or []]
        if frame.content is None or main.start(0) not in starts:
            # a frame of its own opens with its speaker ("engineers warned that …", "tests
            # suggest …") or with what it says ("regulators did not inspect it, the report found")
            continue
        # the subordinate clause is read without its "after", as a sentence of its own (no main
        # clause follows it there), and must have a speaker ("When told of the decision, …")
        sub = _Sentence(sent.toks[lead + 1:k], sent.text, sent.vocab_lower, sent.doc)
        frame = _frame_of(sub, matcher)
        if frame.content is not None and frame.sources:
            return [sub, main]
        return [sent]
    return [sent]


def _frame_of(sent: _Sentence, matcher) -> _Frame:
    return _attribution(sent, sent.doc[sent.toks[0].i:sent.toks[-1].i + 1], matcher)


def _own_speaker(sent: _Sentence, a: int) -> bool:
    """Does a clause starting at token ``a`` open with a short subject and a reporting verb
    ("a spokesman said", "officials warned", "a 2024 review by the Oxford Internet Institute
    found")?"""
    for k in range(a + 1, min(sent.n, a + 10)):
        if sent.punct(k) or sent.low[k] in AUX:
            return False
        if sent.low[k] in VERB_FORMS and not _is_noun_here(sent, k):
            left = k
            while left > a and sent.low[left - 1] in _PRE_VERB:
                left -= 1
            return left > a and _np_like(sent, a, left)
    return False


def _sentence_tokens(article: Article, doc):
    """The article's sentences as spaCy spans and their tokens."""
    for s_start, s_end in article.sentences:
        span = doc.char_span(s_start, s_end, alignment_mode="expand")
        if span is None:
            continue
        toks = [t for t in span if not t.is_space]
        if toks:
            yield doc[toks[0].i:toks[-1].i + 1], toks


def _is_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return latin >= 0.6 * len(letters)


def _finish(article: Article, found: list[Suggestion]) -> list[Suggestion]:
    """Snap to tokens, drop duplicates and same-label overlaps (core before optional,
    longer first), and sort in text order."""
    snapped = []
    for s in found:
        span = article.snap(s.start, s.end)
        if span is None:
            continue
        start, end = _balanced(article.text, *span)
        snapped.append(_replace_span(s, start, end, article.text))
    sources = [s for s in snapped if s.label == "source"]
    snapped = [s for s in snapped if not (s.label == "hedge" and s.tier == "optional" and any(
        src.start <= s.start and s.end <= src.end for src in sources))]
    rank = {"core": 0, "optional": 1}
    keep: list[Suggestion] = []
    for s in sorted(snapped, key=lambda s: (rank[s.tier], -(s.end - s.start), s.start)):
        clash = any(k.label == s.label and k.start < s.end and s.start < k.end and
                    not _nested_allowed(k, s) for k in keep)
        if not clash:
            keep.append(s)
    keep.sort(key=lambda s: (s.start, s.end, s.label))
    return keep


_PAIRS = {"‘": "’", "“": "”", "(": ")", "[": "]", "«": "»"}


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """A span whose quotation mark or bracket opens inside it and closes right after it takes
    the closing one too ("schools ‘improve grades’", "were “striking”"), and the other way
    round, so that a key's quote reads whole."""
    inside = text[start:end]
    for opening, closing in _PAIRS.items():
        if inside.count(opening) > inside.count(closing) and text[end:end + 1] == closing:
            end += 1
        elif inside.count(closing) > inside.count(opening) and start and \
                text[start - 1] == opening and closing not in ("’",):
            start -= 1
    return start, end


def _nested_allowed(outer: Suggestion, inner: Suggestion) -> bool:
    """An optional elaboration may sit inside a larger suggestion of the same label, and so
    may what someone says inside the writer's clause ("The plan, which officials say will cost
    £2m, was approved")."""
    return (inner.tier == "optional" or inner.rule == "claim.inserted") and \
        outer.start <= inner.start and inner.end <= outer.end and \
        (outer.start, outer.end) != (inner.start, inner.end)


def _replace_span(s: Suggestion, start: int, end: int, text: str) -> Suggestion:
    def inside(span):
        if span is None:
            return None
        a, b = max(span[0], start), min(span[1], end)
        return (a, b) if a < b else None

    def around(span):
        if span is None:
            return None
        return min(span[0], start), max(span[1], end)

    return Suggestion(s.label, start, end, text[start:end], s.reason, s.rule, s.tier,
                      s.alt_labels, s.source_type, inside(s.min_span), around(s.max_span))


# -- website clutter ----------------------------------------------------------------------

_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec")
_DATE_WORDS = _MONTHS | _WEEKDAYS | _words(
    "published updated posted last first modified on at am pm a.m. p.m. gmt bst utc cet cest "
    "est edt pst pdt et local time ago hours hour minutes minute mins days day")
_CAPTION = re.compile(
    r"^(?:photo(?:graph)?s?|pictures?|images?(?: caption| source| copyright)?|"
    r"(?:video|media) caption|caption|credit)\s*[:,]", re.IGNORECASE)
_LINK_HEAD = re.compile(
    r"^(?:read more|related(?: topics| stories| articles| content| coverage| links)?|"
    r"more on this story|more on this topic|see also|you may also like|recommended|"
    r"most read)\s*(?::|$)", re.IGNORECASE)
_CREDITS = re.compile(
    r"^\(?(?:(?:additional |further )?reporting|editing|edited|writing|written|compiled|"
    r"graphics|production) by\b", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}))|"
                        r"all rights reserved", re.IGNORECASE)
_TIME_AGO = re.compile(
    r"^(?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\.?$",
    re.IGNORECASE)
_BUTTONS = frozenset([
    "advertisement", "advert", "ad", "sponsored", "share", "save", "share save", "share this",
    "share this article", "listen", "listen to this article", "getty images", "reuters", "ap",
    "afp", "epa", "pa media", "shutterstock", "alamy", "skip advertisement"])
_PRESS_ROLES = _words(
    "reporter correspondent editor journalist writer columnist contributor producer staff "
    "presenter")
_CREDIT_GLUE = _words(
    "and by in for at of the de van von da di du le la der al bin with additional further "
    "reporting editing edited writing written compiled graphics production")
# "Data reporter Sam Whitcombe contributed to this report.", "… contributed reporting from Kyiv."
_CONTRIBUTED = re.compile(
    r"^(?P<who>.+?)\s+(?:also\s+)?contributed\s+(?:(?:additional\s+)?(?:reporting|research|"
    r"writing)(?:\s+(?:to|for)\s+this\s+(?:report|article|story))?|to\s+this\s+"
    r"(?:report|article|story))(?:\s+from\s+[^.;]+)?\.?$", re.IGNORECASE)
# "Colleen Ashby can be reached at cashby@ledger.com.", "Contact Sam Lee at sam@news.org"
_CONTACT = re.compile(
    r"^(?:(?P<who>.+?)\s+(?:can|may)\s+be\s+(?:reached|contacted|emailed)|(?:contact|e-?mail|"
    r"write\s+to|follow)\s+(?P<whom>.+?))\s+(?:at|on|via|by)\s+(?P<how>.+?)\.?$", re.IGNORECASE)
_ADDRESS = re.compile(r"^(?:\S+@\S+\.\w+|@\w+)$")


def clutter_lines(article: Article) -> list[tuple[int, int, str]]:
    """The lines of ``article`` that a web page adds around the story: bylines and datelines
    of publication ("Published 14 November 2026, 07:42 GMT"), photo captions and credits,
    "Read more" and related links, reporting credits, copyright notices, buttons
    ("Advertisement", "Share") and a pull-quote's credit ("— Health Secretary").

    Each is ``(start, end, text)``: the character offsets of the whole line (without its
    line break or surrounding spaces) in ``article.text``, and the line. ``suggest`` makes no
    suggestion inside them. The patterns are conservative: a line is clutter only when its
    shape is unmistakable, since hiding a real sentence would drop it from a drafted key.
    """
    lines = []
    pos = 0
    for raw in article.text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped)
            lines.append((start, start + len(stripped), stripped))
        else:
            lines.append(None)  # a blank line ends a run of related links
        pos += len(raw) + 1
    out: list[tuple[int, int, str]] = []
    in_links = False
    previous: tuple[int, int, str] | None = None  # the last non-blank line
    previous_clutter = ""
    for line in lines:
        if line is None:
            in_links = False
            continue
        text = line[2]
        kind = _clutter_kind(text, previous[2] if previous else "", previous_clutter)
        if kind is None and in_links and _link_like(text):
            kind = "link"
        elif kind is None:
            in_links = False
        if kind == "link heading":
            in_links = True
        if kind is not None:
            out.append(line)
        previous, previous_clutter = line, kind or ""
    return out


def _clutter_kind(text: str, previous: str, previous_clutter: str) -> str | None:
    """What kind of web-page clutter a stripped line is, or None for article text."""
    flat = re.sub(r"\s+", " ", text).strip()
    bare = flat.strip(" .:|•·-–—").lower()
    if bare in _BUTTONS or _TIME_AGO.match(flat):
        return "button"
    if _COPYRIGHT.search(flat):
        return "copyright"
    if _CAPTION.match(flat):
        return "caption"
    head = _LINK_HEAD.match(flat)
    if head:
        return "link heading" if not flat[head.end():].strip() else "link"
    if _CREDITS.match(flat) and _only_names(flat.strip("()."), allow=_CREDIT_GLUE):
        return "credits"
    if _credit_sentences(flat):
        return "credits"
    if _is_byline(flat):
        return "byline"
    if previous_clutter == "byline" and _is_press_role(flat):
        return "byline"
    if _only_date(flat):
        return "date"
    if _is_quotation_line(previous) and (
            flat[:1] in "—–―-" and _short_credit(flat[1:]) or _dashless_credit(flat)):
        return "pull-quote credit"
    return None


def _line_words(text: str) -> list[str]:
    return re.findall(r"[^\W_][\w'’.-]*", text)


def _only_names(text: str, allow: frozenset[str]) -> bool:
    """Every word is capitalised, a number, or one of ``allow``: names, not a sentence."""
    words = _line_words(text)
    return bool(words) and all(w[0].isupper() or w[0].isdigit() or w.lower() in allow
                               for w in words)


def _credit_sentences(text: str) -> bool:
    """A line of the credits that close a story, one sentence or more: who contributed
    ("Data reporter Sam Whitcombe contributed to this report.") and how to reach the reporter
    ("Colleen Ashby can be reached at cashby@ledger.com."). Names and press roles only, and
    an e-mail address or a handle to reach them at: not "Residents can be reached …"."""
    glue = _CREDIT_GLUE | _PRESS_ROLES | frozenset(w + "s" for w in _PRESS_ROLES)
    for part in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", text):
        part = part.strip().strip("()")
        found = _CONTRIBUTED.match(part)
        if found and len(_line_words(found["who"])) <= 16 and \
                _only_names(found["who"], allow=glue):
            continue
        found = _CONTACT.match(part)
        who = found and (found["who"] or found["whom"])
        if found and len(_line_words(who)) <= 8 and _only_names(who, allow=glue) and \
                _ADDRESS.match(found["how"].strip()):
            continue
        return False
    return True


def _is_byline(text: str) -> bool:
    """"By Sarah Whitfield, Economics Correspondent", "By Elena Becatoros and Derek
    Gatopoulos": 'By', then names (not a date: "By Sunday morning the fire …")."""
    if not text.startswith("By ") or text.endswith((".", "?", "!")):
        return False
    cut = re.search(r"[,|]", text)
    names, role = (text[3:cut.start()], text[cut.end():]) if cut else (text[3:], "")
    words = _line_words(names)
    if len(words) < 2 or words[0].lower() in _MONTHS | _WEEKDAYS or not words[0][0].isupper():
        return False
    if not _only_names(names, allow=_CREDIT_GLUE):
        return False
    return not role or _is_press_role(role) or _only_names(role, allow=_CREDIT_GLUE)


def _is_press_role(text: str) -> bool:
    """"Science reporter, BBC News", "Economics Correspondent": a journalist's desk."""
    words = [w.lower() for w in _line_words(text)]
    return 0 < len(words) <= 8 and not text.endswith((".", "?", "!")) and \
        any(w in _PRESS_ROLES for w in words)


def _only_date(text: str) -> bool:
    """"August 18, 2026", "Published 14 November 2026, 07:42 GMT | Updated …": dates and
    times only (at least one of them), and the words that introduce them."""
    words = re.findall(r"[^\W_]+(?:[.:][^\W_]+)*", text.lower())
    dated = len(words) >= 2 and any(w in _MONTHS or w == "ago" or re.fullmatch(r"\d{1,2}[:.]\d{2}", w) or
                re.fullmatch(r"\d{4}-\d{2}-\d{2}", w) for w in words)
    return dated and all(w in _DATE_WORDS or w.isdigit() or re.fullmatch(r"\d+(?:st|nd|rd|th)", w)
                         or re.fullmatch(r"[\d:.-]+", w) for w in words)


def _is_quotation_line(text: str) -> bool:
    """A line that is only a quotation: a pull quote."""
    text = text.strip()
    return len(text) > 2 and text[0] in "“\"‘«„" and text.rstrip(".,")[-1] in "”\"’»"


def _short_credit(text: str) -> bool:
    """"Health Secretary, Commons statement": a speaker and where they said it, no verb."""
    words = _line_words(text)
    return 0 < len(words) <= 8 and not text.rstrip().endswith((".", "?", "!")) and \
        words[0][0].isupper() and not any(w.lower() in AUX | SAY_VERBS for w in words)


def _dashless_credit(text: str) -> bool:
    """A credit under a pull quote without its dash: "Health Secretary, Commons statement",
    "Rachel Reeves". Without the dash only its shape tells it from a line of the story, so the
    speaker (before any comma) must be names and role words alone, with no verb anywhere."""
    speaker = text.split(",", 1)[0]
    return _short_credit(text) and _only_names(
        speaker, allow=_CREDIT_GLUE | ROLE_WORDS | PERSON_NOUNS) and not any(
        w.islower() and (w in REPORTING_VERBS or w.endswith("ed")) for w in _line_words(text))


def _link_like(text: str) -> bool:
    """A line under "Read more:" or "Related Topics": a headline or a topic, not a sentence."""
    words = _line_words(text)
    return 0 < len(words) <= 14 and not text.rstrip().endswith((".", "!"))


# -- hedges -------------------------------------------------------------------------------


def _hedges(sent: _Sentence, span, matcher, phrases) -> list[Suggestion]:
    doc = span.doc
    base = span.start
    index = {t.i: k for k, t in enumerate(sent.toks)}
    out = []
    # Matcher on a Span counts from the span; PhraseMatcher counts from the Doc.
    matches = [(doc.vocab.strings[m], a + base, b + base) for m, a, b in matcher(span)]
    matches += [("PHRASE", a, b) for _, a, b in phrases(span)]
    for family, a, b in matches:
        if a not in index or (b - 1) not in index:
            continue
        i, j = index[a], index[b - 1] + 1
        checked = _check_hedge(sent, family, i, j)
        if checked is None:
            continue
        i, j, tier, reason, alt = checked
        i, j = sent.trim(i, j)
        if i >= j:
            continue
        lo, hi = _hedge_max(sent, i, j)
        out.append(Suggestion(
            "hedge", sent.start(i), sent.end(j), "", reason, f"hedge.{family.lower()}", tier,
            ("source",) if alt else (), "implicit" if alt else None,
            max_span=(sent.start(lo), sent.end(hi))))
    return out


def _check_hedge(sent: _Sentence, family: str, i: int, j: int):
    """Apply the look-alike rules. Returns ``(i, j, tier, reason, implicit_source)`` or None."""
    low = sent.low
    word = low[j - 1]
    prev = sent.low_at(i - 1)
    nxt = sent.low_at(j)
    if any(low[k] in BOOSTERS for k in range(i, j)):
        return None
    if family == "ADVERB":
        implicit = word in ("reportedly", "allegedly", "purportedly", "supposedly")
        why = "hearsay adverb: passes on a report without saying whose" if implicit else \
            "hedging adverb: lowers the writer's commitment"
        return i, j, "core", f"{why} ('{sent.toks[i].text}')", implicit
    if family == "PROBABILITY":
        if word == "alleged":
            if not _before_noun(sent, j) or nxt in DETERMINERS | PRONOUNS | {"that"} or \
                    sent.punct(j) or sent.toks[j].like_num:
                return None  # "alleged that …": a distancing reporting verb, not a hedge cue
            return i, j, "core", ("'alleged': the accusation is not proven, and the writer does "
                                  "not vouch for it"), True
        if word in ("clear", "known"):
            return i, j, "core", "stated uncertainty: the writer admits not knowing", False
        if low[j - 1] in ("that", "possible"):  # "is possible that", "were possible"
            if word == "possible" and nxt in ("to", "for"):
                return None  # "it is possible to book online": can, not perhaps
            k = next(k for k in range(i, j) if low[k] in ("possible", "probable"))
            return k, k + 1, "core", "probability word: possible, not certain", False
        return i, j, "core", "probability or uncertainty word", False
    if family == "EPISTEMIC_VERB":
        return _check_epistemic(sent, i, word, prev, nxt)
    if family == "MODAL":
        return _check_modal(sent, i, word, prev, nxt)
    if family == "AGENTLESS":
        if nxt == "by":
            return None  # the agent is named: a source, not a hedge
        subject = sent.low_at(i - 1)
        if word in NEED_COMPLEMENT_PASSIVE and nxt not in ("to", "that") and subject != "it":
            return None
        if word == "supposed" and nxt == "to" and sent.low_at(j + 1) not in ("be", "have"):
            return None  # "was supposed to cover the cost": what was meant to happen
        if low[i] in ("'s",) and subject != "it":
            return None
        if "not" in low[i:j]:
            return None
        return i, j, "core", ("agentless attribution: says it is " + low[j - 1] +
                              " without saying by whom"), True
    if family == "REDUCED_AGENTLESS":
        k = j - 2  # the participle; the match ends on punctuation
        if any(sent.is_name_word(x) or low[x] in PRONOUNS for x in range(i + 1, k)):
            return None
        return k, k + 1, "optional", \
            f"agentless '{sent.toks[k].text}': nobody is named as the reporter", True
    if family == "APPROXIMATOR":
        if low[i] in ("over", "under") and (sent.punct(j) or j >= sent.n or
                                            sent.low_at(j) in COORDINATORS):
            return None  # a threshold ("people over 65,"), not a rounded figure
        if low[i] == "over" and sent.low_at(j) in _TIME_UNITS and \
                sent.low_at(j + 1) not in ("old", "ago", "later", "earlier"):
            return None  # "over five years": a duration, not "more than"
        cue = {"more": 2, "fewer": 2, "less": 2, "at": 2, "up": 2, "as": 3}.get(low[i], 1)
        return i, i + cue, "optional", ("approximator before a number (optional tier unless "
                                       "the lesson is about numbers)"), False
    if family == "QUANTIFIER":
        if word in _NOT_QUANTIFIED:
            return None  # "some time", "in some ways": idioms, not a vague number
        return i, i + 1, "optional", "vague quantifier: gives no number (optional tier)", False
    if family == "PHRASE":
        if low[i:j] == ["so", "-", "called"]:
            return i, j, "core", "'so-called' distances the writer from a name or label", False
        return i, j, "core", "stated uncertainty: the outcome is not known", False
    return None


_TIME_UNITS = _words(
    "years year months month weeks week days day hours hour minutes decades decade seasons "
    "quarters centuries")
_NOT_QUANTIFIED = _words("time times reason way ways sort kind point extent degree day form sense")


def _check_epistemic(sent: _Sentence, i: int, word: str, prev: str, nxt: str):
    base = EPISTEMIC_FORMS[word]
    after = sent.low_at(i + 2)
    if base == "appear":
        if nxt == "as" and after not in ("if", "though"):
            return None
        if nxt in APPEAR_SHOW_UP or sent.punct(i + 1) or i + 1 >= sent.n:
            return None  # "appeared in court", "failed to appear."
        return i, i + 1, "core", "epistemic verb: presents an inference, not a fact", False
    if base == "suggest" and nxt.endswith("ing") and len(nxt) > 4:
        return None  # "suggested moving the market": a proposal
    if base == "think" and (nxt == "tank" or (word == "thought" and prev in DETERMINERS)):
        return None
    if base == "expect" and (prev in ("as", "than", "should", "must", "can") or (
            word == "expected" and prev in DETERMINERS)):
        return None  # "something we should expect": what to prepare for, not a belief
    noun_position = prev in DETERMINERS | {"such", "official", "latest", "early", "earlier"} or \
        prev.isdigit() or sent.is_cap(i) or sent.punct(i - 1) or i == 0 or \
        nxt in AUX | {"of", "for", "from", "by"}  # "such estimates were", "estimates of"
    if base in ("estimate", "suspect") and word not in ("estimated", "suspected") and \
            noun_position:
        return None  # a noun: "the estimates", "Estimates suggest", "a suspect"
    if base == "assume" and nxt in ("office", "control", "responsibility", "command", "the"):
        return None
    if prev in BE and word in AGENTLESS_PARTICIPLES:
        return None  # the agentless rule owns "is believed"
    if base in ("believe", "think") and nxt in _OBJECT_PRONOUNS and \
            sent.low_at(i + 2) not in AUX | {"to", "that"}:
        return None  # "I believed it.", "I'll believe it when …": trust in a word, not a guess
    if _after_than(sent, i):
        return None  # "less complete than they assumed": a comparison, part of the claim
    why = {"appear": "epistemic verb: presents an inference, not a fact",
           "seem": "epistemic verb: presents an impression, not a fact",
           "suggest": "epistemic verb: weaker than 'show'",
           "indicate": "epistemic verb: evidence pointing one way, not proof"}.get(
        base, "belief or estimate verb: an opinion or estimate, not a fact")
    return i, i + 1, "core", why, False


_OBJECT_PRONOUNS = _words("it him her them me us you")


def _after_than(sent: _Sentence, i: int) -> bool:
    """Does the verb at ``i`` end a comparison ("than expected", "than previously thought",
    "than they had assumed", "than its public statements suggest")? It names a yardstick
    inside the claim, not the writer's doubt about it."""
    for x in range(i - 1, max(-1, i - 6), -1):
        if sent.low[x] == "than":
            return any(sent.low[y] not in ("ever", "before", "usual") for y in range(x + 1, i)) \
                or x + 1 == i  # but "More people than ever said …" is a frame
        if not sent.word(x) or sent.in_quote(x) != sent.in_quote(i) or \
                sent.low[x] in REPORTING_VERBS | COORDINATORS | {"that"}:
            return False
    return False


def _check_modal(sent: _Sentence, i: int, word: str, prev: str, nxt: str):
    if _opens_question(sent, i):
        return None  # "Could the museum have done more?" asks; it does not hedge
    if word == "may":
        if sent.toks[i].text == "May" and (i > 0 and not sent.is_quote(i - 1) or
                                           sent.toks[min(i + 1, sent.n - 1)].like_num):
            return None  # the month
        if prev in MONTH_CONTEXT or nxt in ("i", "we"):
            return None
        at = i + 2 if nxt in ("not", "only", "now", "also") else i + 1
        verb = sent.low_at(at)
        if verb == "apply" and sent.low_at(at + 1) == "to":
            verb = ""  # "may (not) apply to farms": whether it holds, not who is allowed
        if verb == "be" and nxt in ("not", "only") and sent.low_at(at + 1) in _USE_PERMITS:
            return None  # "This material may not be published": permission, not possibility
        subject = sent.low_at(i - 1)
        if subject in ("also", "only", "still") or subject in NEGATION:
            subject = sent.low_at(i - 2)
        if (subject in PERMISSION_SUBJECTS or nxt == "only" or verb in PERMISSION_VERBS) and \
                verb not in ("be", "have", "well") and verb not in NEVER_PERMITTED and \
                subject not in ("it", "this", "that"):
            return None  # permission: "visitors may park", "patients may visit"
        return i, i + 1, "core", "modal of possibility: may, not will", False
    if word == "might":
        if prev in DETERMINERS or prev in ("military", "economic", "full", "naval"):
            return None  # the noun "might"
        return i, i + 1, "core", "modal of possibility", False
    if word == "could":
        if nxt in NEGATION:
            return None  # "could not be reached": ability, not doubt
        return i, i + 1, "core", "modal of possibility", False
    if nxt in NEGATION or nxt in ("like", "rather"):
        return None
    if any(sent.low[k] in REPORTING_VERBS for k in range(i)):
        return None  # "said the library would reopen": reported future, not the writer's doubt
    return i, i + 1, "optional", "conditional 'would' (optional tier: often not a hedge)", False


def _opens_question(sent: _Sentence, i: int) -> bool:
    """A modal that starts a question, before its subject: "Could the museum have …?"."""
    k = i - 1
    while k >= 0 and (sent.punct(k) or sent.low[k] in ("but", "and", "so", "then")):
        k -= 1
    if k >= 0:
        return False
    end = next((x for x in range(i + 1, sent.n) if sent.toks[x].text in ("?", ".", "!")), None)
    return end is not None and sent.toks[end].text == "?"


def _before_noun(sent: _Sentence, j: int) -> bool:
    return sent.word(j) and sent.low_at(j) not in AUX | PREPOSITIONS | COORDINATORS


def _hedge_max(sent: _Sentence, i: int, j: int) -> tuple[int, int]:
    """The cue phrase: adjacent 'it', auxiliaries, adverbs of time, 'that' or 'to (be)'."""
    glue = AUX | {"it", "now", "also", "still", "remains", "'s", "highly", "very", "not",
                  "widely"}
    lo = i
    while lo > 0 and (sent.low[lo - 1] in glue or sent.is_quote(lo - 1)):
        lo -= 1
    hi = j
    while hi < sent.n and sent.is_quote(hi):
        hi += 1
    if sent.low_at(hi) in ("been", "be"):  # "have reportedly been"
        hi += 1
    if sent.low_at(hi) == "that":
        hi += 1
    elif sent.low_at(hi) == "to":
        hi += 2 if sent.low_at(hi + 1) == "be" else 1
    lo, _ = sent.trim(lo, j)
    _, hi = sent.trim(i, hi)
    return lo, hi


# -- sources and attribution frames -------------------------------------------------------


@dataclass
class _Frame:
    """What the attribution analysis of one sentence found."""

    sources: list[Suggestion] = field(default_factory=list)
    content: list[tuple[int, int]] | None = None  # token ranges holding the attributed claim
    own: list[tuple[int, int]] = field(default_factory=list)  # the writer's own, beside it
    cue: str = ""
    direct_speech: bool = False
    inserted: bool = False  # the content sits inside the writer's own clause ("X, which …, Y")
    pronoun: str = ""  # the speaker is a pronoun ("he said"): a frame, but no source to mark
    referent: str = ""  # the person that pronoun most likely stands for


def _attribution(sent: _Sentence, span, matcher) -> _Frame:
    """Find the attribution frames of a sentence: who said it, and what they said.

    Frames can nest or trail ("X showed that Y, the Z said"): after one is found, the search
    goes on inside what it attributes.
    """
    speech = _direct_speech(sent)
    if speech is not None:
        return speech
    index = {t.i - span.start: k for k, t in enumerate(sent.toks)}
    hits = sorted((index[a], index[b - 1] + 1, span.doc.vocab.strings[m])
                  for m, a, b in matcher(span) if a in index and (b - 1) in index)
    frame, region = _Frame(), (0, sent.n)
    for _ in range(3):
        found = None
        for i, j, name in hits:
            if not region[0] <= i < region[1] or sent.in_quote(i):
                continue
            if name == "ACCORDING_TO":
                found = _according_to(sent, region, i, j)
            else:
                found = _reporting_verb(sent, region, i)
            if found is not None:
                break
        if found is None:
            break
        frame.sources += found.sources
        frame.own += found.own
        frame.cue = frame.cue or found.cue
        frame.content = found.content
        frame.inserted = frame.inserted or found.inserted
        frame.pronoun = frame.pronoun or found.pronoun
        if not found.content or len(found.content) != 1 or found.content[0] == region:
            break
        region = found.content[0]
    if frame.content is None:
        frame = _with_saying(sent) or _saying_after(sent) or frame
    if frame.content is None:
        frame.sources += _nominal_sources(sent)
    frame.sources += _described_as(sent)
    return frame


_SAYING = _words("saying warning claiming arguing insisting suggesting predicting estimating")


def _with_saying(sent: _Sentence) -> _Frame | None:
    """"…, with officials saying the blaze may have been started by a power line": the
    phrase after "with" is a source, what follows its verb the claim, the rest the writer's."""
    chunks = sent.chunks(0, sent.n)
    for n, (x, y) in enumerate(chunks):
        if n == 0 or sent.low[x] != "with" or sent.in_quote(x):
            continue
        v = next((z for z in range(x + 2, min(y, x + 8)) if sent.low[z] in _SAYING), None)
        if v is None or not _np_like(sent, x + 1, v):
            continue
        a = v + 2 if sent.low_at(v + 1) == "that" else v + 1
        if sent.words(a, y) < 3:
            return None
        src = _source(sent, x + 1, v, cue=(x, v + 1),
                      reason=f"'with … {sent.toks[v].text}': who is said to hold the view")
        return _Frame(sources=[src] if src else [], content=[(a, chunks[-1][1])],
                      own=[(chunks[0][0], chunks[n - 1][1])], cue=sent.low[v])
    return None


# what people go on to say: not "suggesting", "predicting", "estimating", which figures do too
_SPEAKING = _SAYING - _words("suggesting predicting estimating") | {"adding"}


def _saying_after(sent: _Sentence) -> _Frame | None:
    """"The council declined to publish its report, saying it had not been shared": the
    subject of the clause before is the source, what follows "saying" its claim, the clause
    itself the writer's."""
    chunks = sent.chunks(0, sent.n)
    first = _first_content_chunk(sent, chunks)
    for n, (x, y) in enumerate(chunks):
        if n <= first or sent.low[x] not in _SPEAKING or sent.in_quote(x):
            continue
        if sent.low_at(x + 1) != "that" and not _clause_follows(sent, x + 1, y):
            return None  # "…, adding to his tally": no claim follows
        a0, b0 = chunks[first]
        verb = next((z for z in range(a0 + 1, min(b0, a0 + 7)) if _verb_like(sent, z)), None)
        if verb is None or not _np_like(sent, a0, verb):
            return None
        a = x + 2 if sent.low_at(x + 1) == "that" else x + 1
        if sent.words(a, chunks[-1][1]) < 3:
            return None
        src = _source(sent, a0, verb, cue=None, reason=f"subject of the clause that goes on "
                                                      f"'{sent.toks[x].text}'")
        return _Frame(sources=[src] if src else [], content=[(a, chunks[-1][1])],
                      own=[(a0, chunks[n - 1][1])], cue=sent.low[x])
    return None


def _described_as(sent: _Sentence) -> list[Suggestion]:
    """"in what officials described as …", "what critics called …": a source inside a
    clause that the main frame does not see."""
    out = []
    for x in range(sent.n - 3):
        if sent.low[x] != "what" or sent.in_quote(x):
            continue
        v = next((z for z in range(x + 2, min(sent.n, x + 6)) if sent.low[z] in
                  ("described", "called", "termed", "dubbed", "labelled", "labeled")), None)
        if v is None or not _np_like(sent, x + 1, v):
            continue
        src = _source(sent, x + 1, v, cue=(x, v + 1),
                      reason=f"'what … {sent.toks[v].text}': whose description it is")
        out += [src] if src else []
    return out


def _first_content_chunk(sent: _Sentence, chunks) -> int:
    """Skip leading framing chunks: discourse adverbs and prepositional phrases."""
    n = 0
    while n < len(chunks) - 1 and _is_framing(sent, *chunks[n]):
        n += 1
    return n


def _is_framing(sent: _Sentence, i: int, j: int) -> bool:
    first = sent.low[i]
    if first == "according":
        return False
    if any(sent.low[k] in AUX for k in range(i, j)):
        return False
    if first in APPROXIMATORS and i + 1 < j and sent.toks[i + 1].like_num:
        return False  # "About 1,200 workers walked out": a subject, not a framing phrase
    return first in DISCOURSE or first in PREPOSITIONS or \
        (first.endswith("ly") and sent.words(i, j) <= 2) or \
        (sent.words(i, j) == 1 and not sent.is_name_word(i) and not sent.toks[i].like_num) or \
        (first in ("last", "this", "next", "earlier", "later") and sent.words(i, j) <= 3)


def _chunk_of(chunks, k: int) -> int:
    return next((n for n, (a, b) in enumerate(chunks) if a <= k < b), -1)


def _according_to(sent: _Sentence, region, i: int, j: int) -> _Frame | None:
    chunks = sent.chunks(*region)
    first = _first_content_chunk(sent, chunks)
    c = _chunk_of(chunks, i)
    if c < 0 or chunks[c][0] != i:
        return None
    a, b = j, _cut_np(sent, j, chunks[c][1])
    if a >= b or not _np_like(sent, a, b):
        return None
    last = c
    if c + 1 < len(chunks) and _appositive(sent, *chunks[c + 1]) and \
            (c + 2 < len(chunks) or c > first):  # a leading frame needs its claim after it
        b, last = chunks[c + 1][1], c + 1
    source = _source(sent, a, b, cue=(i, j), reason="attribution frame 'according to'")
    frame = _Frame(sources=[source] if source else [], cue="according to")
    if c <= first:  # leading: the claim follows
        frame.content = [(chunks[last + 1][0], chunks[-1][1])] if last + 1 < len(chunks) else []
    else:  # trailing: the claim precedes
        frame.content = [(chunks[first][0], chunks[c - 1][1])]
    return frame


def _is_noun_here(sent: _Sentence, k: int) -> bool:
    """Is this reporting-verb form used as a noun ("a new report", "Estimates suggest")?"""
    word, prev = sent.low[k], sent.low_at(k - 1)
    if prev in ("the", "a", "an"):  # "the recall", "a report": never a verb after an article
        return True
    if word in NOUNABLE_BASES:  # a base form is a verb only after a plural subject or modal
        if sent.low_at(k + 1) == "that" and prev not in DETERMINERS:
            return False  # "Headteachers, however, fear that …": a verb before its clause
        plural = prev.endswith("s") and prev not in ("'s", "his", "its", "this", "was", "is",
                                                     "as", "has", "does", "us")
        return not (prev in ("i", "we", "you", "they", "to") or prev in AUX or plural or
                    _plural_with_participle_before(sent, k))
    if word in VERBS_ALSO_NOUNS:
        return prev in DETERMINERS | PREPOSITIONS or sent.is_cap(k) or prev.isdigit() or \
            sent.low_at(k + 1) in REPORTING_VERBS | AUX or _after_preposition(sent, k) >= 0
    if word in ("state", "states"):
        return prev in DETERMINERS | {"of", "in"}
    return False


def _plural_with_participle_before(sent: _Sentence, k: int) -> bool:
    """A base form ending its clause after a plural noun and its participle phrase: "…,
    figures published by the exams board on Thursday show." The phrase is the noun's, and
    the base form its verb ("show"), not a noun ("the show")."""
    if sent.word(k + 1):
        return False
    a = k
    while a > 0 and sent.toks[a - 1].text not in BOUNDARY:
        a -= 1
    while a < k and sent.low[a] in ARTICLES:
        a += 1
    head = sent.low[a]
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is")) or head in VAGUE_HEADS
    return plural and a + 1 < k and _reduced_relative(sent, a + 1)


def _reporting_verb(sent: _Sentence, region, k: int) -> _Frame | None:
    low = sent.low
    verb = low[k]
    if _after_than(sent, k):
        return None  # "… less visible than its public statements suggest": a comparison
    aside = _chunk_around(sent, region, k)
    if _anonymity_aside(sent, *aside) and sent.low_at(aside[1] + 1) in VERB_FORMS:
        return None  # "…, speaking on condition of anonymity because they fear reprisals, said"
    if _is_noun_here(sent, k):
        return _reports_that(sent, region, k)
    infinitive = sent.low_at(k - 1) == "to" and verb not in VERB_FORMS and \
        not verb.endswith(("ed", "s"))
    if infinitive or _before_its_noun(sent, k):
        return None  # "declined to comment", "fewer reported incidents": no one is speaking
    chunks = sent.chunks(*region)
    first = _first_content_chunk(sent, chunks)
    c = _chunk_of(chunks, k)
    if c < 0:
        return None
    start = chunks[c][0]
    left = k - 1
    while left >= start and (low[left] in _PRE_VERB or _adverb(sent, left)):
        left -= 1
    if left >= start and low[left] in BE | {"been", "being"}:
        # a passive: "was confirmed by the council" names its source after "by"
        if sent.low_at(k + 1) == "by":
            a, b = k + 2, _cut_np(sent, k + 2, chunks[c][1])
            if a < b and _np_like(sent, a, b):
                src = _source(sent, a, b, cue=(k, k + 2),
                              reason=f"agent of the passive '{sent.toks[k].text} by'")
                return _Frame(sources=[src] if src else [], cue=verb)
        return None
    own: list[tuple[int, int]] = []
    sub = _subordinator(sent, start, left + 1)
    if sub is not None:
        # "Councillors backed the closure after officers warned that …": the subordinate clause
        # has its own subject, the speaker; the main clause before it is the writer's
        own = [(chunks[first][0] if c > first else start, sub)]
        start = sub
    relative = _relative_frame(sent, chunks, first, c, start, left, k)
    if relative is not None:
        return relative
    if left >= start and low[left] in ("and", "but"):
        # a shared subject: "The minister appeared on radio and confirmed that …"
        v = next((x for x in range(start + 1, left) if _verb_like(sent, x)), None)
        if v is None:
            return None
        own = [(start, left)]
        left = v - 1
    if left >= start:
        a, b = _trim_subject(sent, start, left + 1)
        if a >= b or not _np_like(sent, a, b):
            return None
        content = _content_after(sent, chunks, first, c, k, verb)
        if content is None:
            return None
        if sub is not None and content == [(chunks[c][0], chunks[-1][1])]:
            # no complement of its own: "… as economists had predicted" attributes the main
            # clause; "… after the council denied any wrongdoing", the subordinate clause
            content, own = ([own[0]], []) if low[sub] == "as" else ([(sub + 1, chunks[-1][1])],
                                                                     own)
        inserted = low[start] in ("which", "who") and c > first and c + 1 < len(chunks) and \
            _continues_main(sent, *chunks[c + 1])
        if inserted:
            # "The plan, which officials say will cost £2m, was approved": what officials say
            # ends with the insertion; the sentence around it is the writer's
            content = [(x, min(y, chunks[c][1])) for x, y in content if x < chunks[c][1]]
            own.append((chunks[first][0], chunks[-1][1]))
        elif low[start] in ("which", "who") and c > first:
            own.append((chunks[first][0], chunks[c - 1][1]))  # "X, which officials say …"
        elif low[chunks[c][0]] in SUBORDINATORS - {"as"} and c > first and \
                not own and chunks[c][0] == start:
            # "The site could be sold, although the council said …": the clause before is
            # the writer's
            own.append((chunks[first][0], chunks[c - 1][1]))
        elif low[chunks[c][0]] in SUBORDINATORS and c + 1 < len(chunks) and \
                chunks[c][0] <= start and content and content[-1][1] > chunks[c][1]:
            # "After officers warned that …, councillors backed the closure": what officers
            # warned ends with their clause; the main clause after it is the writer's
            content = [(x, min(y, chunks[c][1])) for x, y in content if x < chunks[c][1]]
            own.append((chunks[c + 1][0], chunks[-1][1]))
        frame = _Frame(content=content, own=own, cue=verb, inserted=inserted)
        if not (b - a == 1 and low[a] in PRONOUNS):
            src = _source(sent, a, b, cue=(k, k + 1),
                          reason=f"subject of the reporting verb '{sent.toks[k].text}'")
            frame.sources += [src] if src else []
        else:
            frame.pronoun = low[a]
        return frame
    if verb.endswith("ing"):
        return None  # "…, saying …" starts no finite frame: _saying_after reads it
    # the verb starts its chunk: "A, however, said", "A, 27, denied", "A, B, said" (an
    # appositive role or relative clause) … or "…, said X" (an inversion)
    anonymous = c >= first + 2 and c - 2 == first and _anonymity_aside(sent, *chunks[c - 1]) \
        and _np_with_relative(sent, *chunks[c - 2])
    if c >= first + 2 and (_np_like(sent, *chunks[c - 2]) or anonymous) and \
            not _is_framing(sent, *chunks[c - 2]):
        (a, b), (x, y) = chunks[c - 2], chunks[c - 1]
        if sent.words(x, y) == 1 and low[x] in DISCOURSE or \
                _is_age(sent, x, y) and _has_name(sent, a, b) or \
                low[x] in ("where", "when") and _has_name(sent, a, b) or \
                (_participle_aside(sent, x, y) or _anonymity_aside(sent, x, y)) and \
                c - 2 == first or \
                _prepositional_aside(sent, x, y) and _speaker_like(sent, *_trim_subject(sent, a, b)):
            # "Officials in Wales, where education is devolved, said": the aside is the place's;
            # "The study, published on Tuesday in …, found": the aside says when and where;
            # "Two drivers who work the route, speaking on condition of anonymity because …,
            # said"; "The regulator, in response to questions, said": how, not who
            subject, why = _trim_subject(sent, a, b), ""  # the aside is not part of the source
        elif _appositive(sent, x, y) and \
                (_has_name(sent, a, b) or _has_name(sent, x, y) or
                 low[x] in ("who", "whose", "which")) and \
                (c - 2 == first or not _chunk_is_clause(sent, *chunks[c - 3])):
            subject, why = (a, y), ", with its role"
        else:
            subject = None
        if subject is not None:
            content = _content_after(sent, chunks, first, c, k, verb, subject_chunk=c - 2)
            if content is None or subject[0] >= subject[1]:
                return None
            src = _source(sent, *subject, cue=(k, k + 1), reason=f"subject of the reporting "
                                                                 f"verb '{sent.toks[k].text}'{why}")
            return _Frame(sources=[src] if src else [], content=content, cue=verb)
    if c >= 1 and verb in SAY_VERBS | {"confirmed", "reported", "stated", "announced"}:
        a, b = k + 1, _cut_np(sent, k + 1, chunks[c][1])
        if a >= b or not _np_like(sent, a, b) or (b < chunks[c][1] and
                                                  low[b] not in TIME_CUTS):
            return None  # "…, said the decision was …" is not an inversion
        if c + 1 == len(chunks) - 1 and _appositive(sent, *chunks[c + 1]):
            b = chunks[c + 1][1]
        elif c + 1 < len(chunks):
            return None
        content = [(chunks[0][0], chunks[c - 1][1])]
        frame = _Frame(content=content, cue=verb)
        if not (b - a == 1 and low[a] in PRONOUNS):
            src = _source(sent, a, b, cue=(k, k + 1),
                          reason=f"speaker after '{sent.toks[k].text}' (inverted attribution)")
            frame.sources += [src] if src else []
        else:
            frame.pronoun = low[a]
        return frame
    return None


# subordinators that are also prepositions ("after the meeting", "as chair", "since 2019")
_PREPOSITION_LIKE = _words("after before since until as")


# past tenses that are never participles: "Shares fell after …" is a clause
_ONLY_PAST = _words("stole took broke went came gave began rose fell grew ran drove threw tore "
                    "flew swam wrote spoke chose")


def _subordinator(sent: _Sentence, a: int, b: int) -> int | None:
    """Where a subordinate clause opens inside what reads as a subject, ``[a, b)``: "Councillors
    backed the closure after officers (warned)", "The strike was called off because union
    leaders (said)". A clause must come before it (else "The head of the council since 2019"
    is a noun phrase); after a word that is also a preposition, a verb with its object ("backed
    the closure"), not a participle ("A report published after the meeting")."""
    low = sent.low
    for x in range(b - 2, a, -1):
        if low[x] not in SUBORDINATORS or sent.in_quote(x) or \
                low[x] == "as" and low[x - 1] in ("such", "well", "so", "as"):
            continue
        if any(low[v] in AUX for v in range(a, x)):
            return x
        if low[x] not in _PREPOSITION_LIKE:
            return x if any(_verb_like(sent, v) or _present_verb(sent, v, a)
                            for v in range(a + 1, x)) else None
        for v in range(a + 1, x):
            if low[v] in _ONLY_PAST and _past_verb(sent, v) or \
                    (_past_verb(sent, v) or _present_verb(sent, v, a)) and \
                    low[v + 1] in DETERMINERS | {"more", "less", "fewer"} and \
                    low[v] not in _ASIDE_PARTICIPLES:
                return x
        if _past_verb(sent, x - 1) and x - 1 > a and low[x - 1] not in _ASIDE_PARTICIPLES and \
                _speaker_like(sent, x + 1, b):
            return x  # "Councillors voted after officers (warned)": no object, a speaker next
        return None
    return None


def _speaker_like(sent: _Sentence, a: int, b: int) -> bool:
    """A short noun phrase that can speak: a name, or people, a body or a document by their
    head noun ("officers", "the council", "a report", "Ms Patel"), not "the meeting"."""
    if not _np_like(sent, a, b) or sent.words(a, b) > 6:
        return False
    head = sent.low[b - 1]
    return _has_name(sent, a, b) or _people_plural(head) or head in (
        PERSON_NOUNS | VAGUE_HEADS | ORG_NOUNS | ORG_WORDS | DOCUMENT_NOUNS) or \
        b - a == 1 and head in ("he", "she", "they", "we")


def _continues_main(sent: _Sentence, x: int, y: int) -> bool:
    """Does the chunk ``[x, y)`` carry on the main clause after an insertion ("…, was
    approved", "…, rose by 4%")?"""
    first = sent.low[x]
    return first in AUX or _past_verb(sent, x) or _present_shape(sent, x) and \
        sent.word(x + 1) and not sent.is_cap(x)


def _relative_frame(sent: _Sentence, chunks, first: int, c: int, start: int, left: int,
                    k: int) -> _Frame | None:
    """"the cuts that they say will hurt families": a speaker inside a relative clause, whose
    reporting verb is followed by a predicate with no subject of its own (its subject is the
    noun before "that"). What they say is that predicate; the clause up to the noun is the
    writer's own. "they" names no one: a vague source, optional as pronoun sources are."""
    low = sent.low
    rel = next((x for x in range(left, max(start, left - 4), -1)
                if low[x] in ("that", "which", "who")), None)
    if rel is None or rel <= start or not sent.word(rel - 1) or \
            low[rel - 1] in REPORTING_VERBS | PREPOSITIONS | DETERMINERS | PRONOUNS | AUX or \
            not _np_like(sent, rel + 1, left + 1):
        return None
    if not (sent.low_at(k + 1) in AUX - {"'s", "'re", "'ll", "'ve", "'d"} or
            _past_verb(sent, k + 1)) or sent.words(k + 1, chunks[c][1]) < 2:
        return None  # "the claim that they said nothing about": not a gap after the verb
    x = k + 1
    while x < chunks[c][1] and (low[x] in AUX | NEGATION or _adverb(sent, x)):
        x += 1
    if any(low[y] in AUX and low[y - 1] not in COORDINATORS | RELATIVES | {"that"}
           for y in range(x, chunks[c][1])):
        return None  # "the plan which officials say will cost £2m was approved": no end seen
    a, b = rel + 1, left + 1
    cue = (a, k + 1)
    own = [(chunks[first][0], rel)]
    if c + 1 < len(chunks):
        own.append((chunks[c + 1][0], chunks[-1][1]))
    frame = _Frame(content=[(k + 1, chunks[c][1])], own=own, cue=low[k])
    if b - a == 1 and low[a] == "they":
        group = _plural_subject(sent, chunks[first][0], rel)
        if group is None:
            stype, why = "vague", "names no one"
        else:
            stype = "vague" if _source_type(sent, *group)[0] == "vague" else "unnamed_described"
            why = f"stands for the subject, '{sent.text[sent.start(group[0]):sent.end(group[1])]}'"
        kind = "vague source" if stype == "vague" else "unnamed but described source"
        frame.sources.append(Suggestion(
            "source", sent.start(a), sent.end(b), "", f"{kind}: 'they' in "
            f"'{low[rel]} they {sent.toks[k].text} …' {why} (optional, as pronouns are)",
            "source.frame", "optional", (), stype, min_span=(sent.start(a), sent.end(b)),
            max_span=(sent.start(a), sent.end(cue[1]))))
    elif not (b - a == 1 and low[a] in PRONOUNS):
        src = _source(sent, a, b, cue=(k, k + 1), reason=f"speaker inside a relative clause "
                                                         f"('{low[rel]} … {sent.toks[k].text}')")
        frame.sources += [src] if src else []
    return frame


def _plural_subject(sent: _Sentence, a: int, b: int) -> tuple[int, int] | None:
    """The plural subject of the clause ``[a, b)`` ("Tenants in the block have stopped …",
    "Critics oppose …"), which a "they" in its relative clause stands for; None if the subject
    is not a plural noun phrase. Only this sentence is read: no coreference across sentences."""
    low = sent.low
    v = next((x for x in range(a + 1, b) if low[x] in AUX or _past_verb(sent, x) or
              _present_verb_plural(sent, x, a)), None)
    if v is None:
        return None
    x, y = _trim_subject(sent, a, v)
    if x >= y or not _np_like(sent, x, y):
        return None
    head = next((z for z in range(x + 1, y) if low[z] in PREPOSITIONS | RELATIVES), y) - 1
    word = low[head]
    plural = word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")) or \
        word in VAGUE_HEADS or _people_plural(word)
    return (x, y) if plural and word not in PRONOUNS else None


def _present_verb_plural(sent: _Sentence, x: int, a: int) -> bool:
    """A plural's present-tense verb after a short subject: "Critics oppose", "Unions say"."""
    prev = sent.low_at(x - 1)
    return x - a <= 6 and prev.endswith("s") and sent.word(x) and not sent.is_cap(x) and \
        sent.low[x] not in PREPOSITIONS | DETERMINERS | COORDINATORS | RELATIVES | {"that"} and \
        not sent.low[x].endswith(("s", "ly")) and sent.low_at(x + 1) in DETERMINERS


REPORT_NOUNS = _words("reports claims fears")  # "after reports that …": a vague source


def _reports_that(sent: _Sentence, region, k: int) -> _Frame | None:
    """"The decision came after (unconfirmed) reports that two branches may close": the
    plural noun is a vague source, what follows "that" its claim, and the clause up to the
    noun the writer's own."""
    low = sent.low
    p = _after_preposition(sent, k)
    if low[k] not in REPORT_NOUNS or sent.low_at(k + 1) != "that" or sent.in_quote(k) or \
            not region[0] <= p < k:
        return None
    chunks = sent.chunks(k + 2, region[1])
    if not chunks or sent.words(k + 2, chunks[0][1]) < 3:
        return None
    # leading ("Amid fears that the bridge is unsafe, the council closed it"), the claim ends
    # at its comma and the writer's main clause follows; else the writer's clause comes first
    leading = all(not sent.word(x) or low[x] in DISCOURSE for x in range(region[0], p))
    end = chunks[0][1] if leading and len(chunks) > 1 else region[1]
    src = _source(sent, p + 1, k + 1, cue=None, reason=f"'{sent.toks[k].text} that …' with no "
                                                       "one named")
    own = [(end, region[1])] if leading else [(region[0], k + 1)]
    return _Frame(sources=[src] if src else [], content=_second_report(sent, k + 2, end),
                  own=[r for r in own if r[0] < r[1]], cue=low[k])


_PRENOMINAL = _words(
    "the a an any no some many most more fewer less few several these those its their his her "
    "our all")


def _before_its_noun(sent: _Sentence, k: int) -> bool:
    """A participle used as an adjective: "fewer reported incidents", "no confirmed cases"."""
    nxt = sent.low_at(k + 1)
    return sent.low[k].endswith("ed") and sent.low_at(k - 1) in _PRENOMINAL and \
        sent.word(k + 1) and not sent.is_cap(k + 1) and not sent.toks[k + 1].like_num and \
        nxt not in DETERMINERS | PRONOUNS | PREPOSITIONS | AUX | COORDINATORS | {"that", "to"} \
        and not nxt.endswith("ing")


def _after_preposition(sent: _Sentence, k: int) -> int:
    """The preposition a noun at ``k`` follows within three words ("amid unconfirmed media
    reports"), or -1."""
    low = sent.low
    for x in range(k - 1, max(-1, k - 5), -1):
        if low[x] in PREPOSITIONS:
            return x
        if not sent.word(x) or low[x] in AUX | PRONOUNS:
            break
    return -1


_PRE_VERB = _words(
    "also later previously repeatedly publicly privately reportedly has have had did does do then "
    "now first again once")


_LY_NOUNS = _words(
    "family families assembly supply ally rally monopoly anomaly homily jelly belly bully lily "
    "folly holly reply daily weekly quarterly")


def _adverb(sent: _Sentence, x: int) -> bool:
    """An '-ly' adverb ("publicly", "repeatedly"), not a name ("Italy", "Kimberly", "the
    University of Thessaly") nor a noun ("the Smith family")."""
    word = sent.low_at(x)
    return len(word) > 4 and word.endswith("ly") and word not in _LY_NOUNS and \
        not sent.is_name_word(x)


def _is_age(sent: _Sentence, a: int, b: int) -> bool:
    return b - a == 1 and sent.toks[a].text.isdigit() and len(sent.toks[a].text) <= 3


def _verb_like(sent: _Sentence, x: int) -> bool:
    """A finite verb as far as word shapes tell: an auxiliary, a reporting verb, or '-ed'."""
    word = sent.low[x]
    if word in AUX or (word in REPORTING_VERBS and not _is_noun_here(sent, x)):
        return True
    return len(word) > 4 and word.endswith("ed") and sent.low_at(x - 1) not in DETERMINERS


def _content_after(sent: _Sentence, chunks, first: int, c: int, k: int, verb: str,
                   subject_chunk: int | None = None):
    """Token ranges of what the reporting verb at ``k`` attributes, or None if not a frame."""
    low = sent.low
    end = chunks[-1][1]
    # "that" soon after the verb, past a short phrase: "confirmed on Telegram that"
    for x in range(k + 1, min(k + 9, end)):
        if low[x] == "that" and low[x - 1] not in PREPOSITIONS:
            # not "the evidence for that claim": a determiner after a preposition
            if x > k + 1 and any(low[y] in AUX | REPORTING_VERBS for y in range(k + 1, x)):
                break
            return _second_report(sent, x + 1, end, verb)
        if sent.toks[x].text in BOUNDARY:
            break
    if verb in DESCRIBE_VERBS and not _describes_content(sent, k + 1, chunks[c][1]):
        return None  # "Residents described scenes of panic": what they saw, no reported claim
    head = subject_chunk if subject_chunk is not None else c
    a = k + 1
    if verb in ("told", "tell", "tells"):  # skip the listener: "told reporters", "told the BBC"
        a = _skip_listener(sent, a, chunks[c][1])
    rest = sent.words(a, chunks[c][1])
    if verb in CAUSE_VERBS and rest:  # "blamed the delay on staff shortages": the whole claim
        return [(chunks[head][0], end)]
    trailing = rest == 0 or ((sent.low_at(a) in PREPOSITIONS | TIME_CUTS | DISCOURSE) and
                             not any(low[y] in AUX for y in range(a, chunks[c][1])))
    goes_on = c < len(chunks) - 1 and low[chunks[c + 1][0]] in _GOES_ON
    # "…, a police official said, speaking on condition of anonymity": an aside on the source
    aside = c < len(chunks) - 1 and all(_is_participle(sent, x) and low[x] != "adding"
                                        for x, _ in chunks[c + 1:])
    if trailing and head > first and (c == len(chunks) - 1 or goes_on or aside):
        # a trailing frame: "…, the council said (in a statement)." It may stand between two
        # clauses ("X, the company said, while Y"): both are what it reports
        before = [(chunks[first][0], chunks[head - 1][1])]
        if not goes_on or aside:
            return before
        x = chunks[c + 1][0] + 1  # past "while", "but", "adding" …
        if low[x - 1] == "adding" and sent.low_at(x) == "that":
            x += 1
        return before + [(x, end)]
    if rest == 0 or (verb in NEEDS_THAT and verb not in BELIEF_VERBS and
                     not _clause_follows(sent, a, end)):
        return None
    while a < end and _adverb(sent, a):
        a += 1
    if a >= end or low[a] in ("to", "of", "for", "about", "with", "from", "by"):
        return None
    if sent.words(a, end) < 3 and not _two_word_clause(sent, a, end) or verb in OBJECT_VERBS:
        # "denied any wrongdoing", "described the plan as …": the whole clause is the claim
        return [(chunks[head][0], end)]
    return _second_report(sent, a, end, verb)


DESCRIBE_VERBS = _words("describe describes described")


def _describes_content(sent: _Sentence, a: int, b: int) -> bool:
    """Does a describing verb's object report something checkable: a characterisation ("the
    flood as the worst in a century"), or a clause ("how the water rose", "camps where families
    had arrived")? A bare noun phrase ("scenes of panic") reports nothing."""
    return any(sent.low[x] in AUX | {"as", "how", "what", "where", "when", "why", "that"} or
               _past_verb(sent, x) for x in range(a, b))


def _second_report(sent: _Sentence, a: int, b: int, verb: str = "") -> list[tuple[int, int]]:
    """What a reporting verb attributes, ``[a, b)``, split where the same speaker goes on with
    a second reporting verb: "said the bridge would reopen and added that it cost £2m" gives
    "the bridge would reopen" and "it cost £2m". After a plural's present tense (``verb`` "say",
    "warn" …) the second verb is one too: "Residents say the water smells and warn that …"."""
    low = sent.low
    plural = verb in _BASE_REPORTING
    for y in range(a + 2, b - 2):
        if low[y] not in ("and", "but") or sent.in_quote(y) != sent.in_quote(a):
            continue
        v = y + 1
        while v < b and low[v] in _PRE_VERB:
            v += 1
        if v >= b:
            continue
        alleged = low[v] == "alleged" and sent.low_at(v + 1) == "that"  # a verb before "that"
        # a base form is a verb, not a noun ("and warn that", not "and report delays"), only
        # where a clause follows it
        base = plural and low[v] in _BASE_REPORTING and (
            sent.low_at(v + 1) == "that" or _clause_follows(sent, v + 1, b))
        if (low[v] not in VERB_FORMS and not alleged and not base) or _is_noun_here(sent, v) \
                and not base:
            continue
        c = v + 1
        if low[v] in ("told", "tells", "tell"):
            c = _skip_listener(sent, c, b)
        if sent.low_at(c) == "that":
            c += 1
        if sent.words(c, b) >= 3:
            return [(a, y), (c, b)]
    return [(a, b)]


def _clause_follows(sent: _Sentence, a: int, b: int) -> bool:
    """A clause without its "that" starts at ``a``: a short subject, then an auxiliary
    ("Headteachers warn exam changes could hit poorer pupils", "added it would reopen")."""
    low = sent.low
    if a >= b or low[a] in PREPOSITIONS | AUX | {"to"}:
        return False
    for x in range(a + 1, min(a + 6, b)):
        if low[x] in AUX:
            return True
        if not sent.word(x) or low[x] in PREPOSITIONS | {"to", "and", "or"}:
            return False
    return False


_GOES_ON = _words("while whereas although though but and adding")


def _skip_listener(sent: _Sentence, a: int, b: int) -> int:
    """After "told": skip "reporters", "the BBC", "the local paper"; stop at the content."""
    low = sent.low
    x = a + 1 if a < b and low[a] in ARTICLES else a
    if x < b and sent.is_cap(x):
        while x < b and (sent.is_cap(x) or low[x] == "-"):
            x += 1
        return x
    while x < b and low[x] not in ARTICLES | PRONOUNS | {"that"} and not sent.is_cap(x) and \
            low[x] not in AUX and x < a + 4 and not (x > a and sent.word(x) and
                                                    low[x] in PREPOSITIONS):
        x += 1
        if low[x - 1].endswith("s") or low[x - 1] in ("media", "press", "parliament"):
            break
    return x


def _trim_subject(sent: _Sentence, a: int, b: int) -> tuple[int, int]:
    low = sent.low
    while a < b and (low[a] in COORDINATORS or low[a] in SUBORDINATORS or
                     low[a] in ("that", "which", "who") or sent.punct(a)):
        a += 1
    if a < b and low[a] in PREPOSITIONS:  # "On Tuesday the council said"
        dets = [x for x in range(a + 1, b) if low[x] in ARTICLES]
        if not dets:
            return b, b
        a = dets[-1]
    if a < b and low[a] in ("a", "an", "the", "last", "this", "next", "earlier"):
        # a noun phrase before the subject: "an allegation the fire service denied" (a
        # relative clause without "that"), "Last week the council said"
        cut = next((x for x in range(a + 2, b - 1) if low[x] in ("the", "a", "an") and
                    sent.word(x - 1) and low[x - 1] not in
                    DETERMINERS | PREPOSITIONS | COORDINATORS | AUX | {"'s"}), None)
        if cut is not None:
            a = cut
    # a time phrase between the subject and its verb: "The Chancellor on Wednesday announced"
    when = next((x for x in range(a + 1, b) if (low[x] in ("yesterday", "today", "tonight") or
                 low[x] == "on" and sent.low_at(x + 1) in _WEEKDAYS and x + 2 == b) and
                 not low[x - 1].endswith("ed")), None)  # not "a study published on Tuesday"
    return a, (b if when is None else when)


def _np_like(sent: _Sentence, a: int, b: int) -> bool:
    """A noun phrase as far as word lists can tell: short, no verb-like function words."""
    if a >= b or sent.words(a, b) == 0 or sent.words(a, b) > 14:
        return False
    if sent.low[a] in SUBORDINATORS | RELATIVES | {"despite", "whether", "if"}:
        return False
    for x in range(a, b):
        low = sent.low[x]
        if low in AUX or low in ("that", "which", "who", "whether", "if") or \
                low in VERB_FORMS and x > a:
            return False
    return True


def _appositive(sent: _Sentence, a: int, b: int) -> bool:
    """A role or description set off by commas: "a professor at …", "who led the study"."""
    first = sent.low[a]
    if first in ("who", "whose", "which"):
        return sent.words(a, b) <= 24  # "who asked not to be named because they were …"
    rel = next((x for x in range(a + 1, b) if sent.low[x] in ("who", "whose", "which")), None)
    if rel is not None and sent.words(a, b) <= 16:
        b = rel  # "an ecologist who was not involved": the noun phrase before "who"
    if not _np_like(sent, a, b) or first in RELATIVES:
        return False
    return first in ("a", "an", "the") or first in ROLE_WORDS or first in PERSON_NOUNS or \
        (_has_name(sent, a, b) and sent.words(a, b) <= 6)


def _has_name(sent: _Sentence, a: int, b: int) -> bool:
    return any(sent.is_name_word(x) for x in range(a, b))


def _chunk_is_clause(sent: _Sentence, a: int, b: int) -> bool:
    return any(sent.low[x] in AUX for x in range(a, b))


def _cut_np(sent: _Sentence, a: int, b: int) -> int:
    """End a right-hand noun phrase before a time phrase or a new clause."""
    for x in range(a + 1, b):
        low = sent.low[x]
        if low == "to" and _reduced_relative(sent, x - 1):
            continue  # "a report presented to the meeting": the participle's phrase
        if low in TIME_CUTS or low in RELATIVES - {"whose"} or low == "that" or low in AUX or \
                low in VERB_FORMS:
            return x
    return b


def _reduced_relative(sent: _Sentence, x: int) -> bool:
    """A past participle after its noun and before its phrase: "a report *presented* to the
    meeting", "figures *published* by the board", "a letter *sent* to residents"."""
    return _past_verb(sent, x) and sent.word(x - 1) and sent.low_at(x - 1) not in \
        AUX | PRONOUNS | PREPOSITIONS | COORDINATORS and sent.low_at(x + 1) in PREPOSITIONS


def _nominal_sources(sent: _Sentence) -> list[Suggestion]:
    """"a report by the Audit Office", "figures from the ministry": a named document."""
    out = []
    for x in range(sent.n - 2):
        if sent.low[x] in DOCUMENT_NOUNS and sent.low[x + 1] in ("by", "from") and \
                (sent.is_name_word(x + 2) or sent.low[x + 2] in ARTICLES and
                 sent.is_name_word(x + 3)) and not sent.in_quote(x):
            a = x
            while a > 0 and (sent.low[a - 1] in ARTICLES or sent.is_cap(a - 1) or
                             sent.toks[a - 1].like_num or sent.low[a - 1] in ("new", "latest")):
                a -= 1
            b = x + 2
            while b < sent.n and (sent.is_name_word(b) or sent.low[b] in ARTICLES | {
                    "of", "for", "and", "-"} and b + 1 < sent.n and sent.is_cap(b + 1)):
                b += 1
            src = _source(sent, a, b, cue=None, reason=f"a named document ('{sent.low[x]} "
                                                       f"{sent.low[x + 1]} …')")
            if src:
                out.append(src)
    return out


def _source(sent: _Sentence, a: int, b: int, cue: tuple[int, int] | None,
            reason: str) -> Suggestion | None:
    a, b = sent.trim(a, b)
    if a >= b or all(sent.low[x] in PRONOUNS | ARTICLES | DETERMINERS or sent.punct(x)
                     for x in range(a, b)):
        return None  # "he", or "the" alone: a verb-like noun ("the recall") misread
    stype, head = _source_type(sent, a, b)
    lo, hi = (min(a, cue[0]), max(b, cue[1])) if cue else (a, b)
    kinds = {"named_person": "named person", "named_organization": "named organisation",
             "unnamed_described": "unnamed but described source", "vague": "vague source",
             "implicit": "implicit source"}
    return Suggestion(
        "source", sent.start(a), sent.end(b), "", f"{kinds[stype]}: {reason}",
        "source.frame", "core", (), stype,
        min_span=(sent.start(head[0]), sent.end(head[1])) if head else None,
        max_span=(sent.start(lo), sent.end(hi)))


def _source_type(sent: _Sentence, a: int, b: int) -> tuple[str, tuple[int, int] | None]:
    """Classify a source noun phrase and find its head (the name or head noun)."""
    low = sent.low
    runs = _name_runs(sent, a, b)
    for x, y in runs:  # a person's name: capitalised words that are not roles or organisations
        words = [low[z] for z in range(x, y) if sent.word(z)]
        if any(w in ORG_WORDS for w in words) or low[x - 1] in _ORG_INTRO and x > a or any(
                len(sent.toks[z].text) > 1 and sent.toks[z].text.isupper() for z in range(x, y)) \
                or y < b and low[y] in ORG_WORDS or _org_by_context(sent, x, y, a, b):
            continue  # "NHS England", "the group Smartphone Free Childhood", "the X group"
        names = [w for w in words if w not in ROLE_WORDS]
        possessive = sent.low_at(y) in ("'s", "’s")
        after_prep = sent.low_at(x - 1) in ("of", "in", "at", "from", "for", "near")
        if _after_the(sent.low_at(x - 1), low[x]):
            continue  # "The Ledger", "the Harwick Gazette": a publication or a body, not a person
        if names and not possessive and not after_prep and (
                len(words) >= 2 or sent.low_at(x - 1) in ROLE_WORDS or _known_surname(sent, x, y)
                or y <= b and _person_appositive([t.text for t in sent.toks], y)):
            first_name = next(z for z in range(x, y) if low[z] not in ROLE_WORDS)
            return "named_person", (first_name, y)
    stop = next((x for x in range(a + 1, b) if low[x] in PREPOSITIONS or
                 sent.toks[x].text == "," or low[x] in RELATIVES or _reduced_relative(sent, x)),
                b)  # the head ends before "presented to the meeting"
    for x, y in runs:  # an organisation in the head phrase ("researchers at X" are people)
        words = [low[z] for z in range(x, y) if sent.word(z)]
        if _org_by_context(sent, x, y, a, b) and (x < stop or low[x - 1] == ","):
            plural_possessive = y + 1 < b and low[y] in ("'", "’") and low[y + 1] in ORG_WORDS
            return "named_organization", (x, y + 2 if plural_possessive else y)
        if y < stop and y == stop - 1 and (_people_plural(low[y]) or low[y] in PERSON_NOUNS):
            continue  # "Hospital managers", "Council officers": people of the organisation
        if x < stop and (any(w in ORG_WORDS for w in words) or low[x - 1] in _ORG_INTRO and
                         x > a or any(len(sent.toks[z].text) > 1 and sent.toks[z].text.isupper()
                                      for z in range(x, y))):
            return "named_organization", (x, y)
        if x < stop and y < b and low[y] in ORG_WORDS:
            return "named_organization", (x, y + 1)  # "the World Weather Attribution group"
    for x, y in runs:  # a title without a name: "the Chancellor", "The Shadow Health Secretary"
        if x < stop and all(low[z] in ROLE_WORDS for z in range(x, y) if sent.word(z)):
            return "unnamed_described", (y - 1, y)
    head = stop - 1
    while head > a and sent.punct(head):
        head -= 1
    if low[head] in ORG_NOUNS:  # "the fire service", "The club": one identified body
        x = head
        while x > a and sent.is_cap(x - 1) and low[x - 1] not in ARTICLES:
            x -= 1
        return "named_organization", (x, head + 1)
    named = next(((x, y) for x, y in runs if x <= head < y), None)
    if named is not None:  # not "British" in "a British trial": a name is its head
        return "named_organization", named
    modifiers = [low[x] for x in range(a, head) if sent.word(x)]
    if low[head] in VAGUE_HEADS and stop == b and all(m in VAGUE_MODIFIERS for m in modifiers):
        return "vague", (head, head + 1)
    if low[head] in DOCUMENT_NOUNS:
        by = stop + 1 if _reduced_relative(sent, stop) else stop  # "figures published by"
        if by < b and low[by] in ("by", "from"):
            # "a report by the IFS", "figures from NHS England": the document's author is the
            # source that can be checked, and a named one makes the source named
            agent = _source_type(sent, by + 1, b)
            if agent[0] in ("named_organization", "named_person"):
                return agent
        return "vague", (head, head + 1)
    return "unnamed_described", (head, head + 1)


def _org_by_context(sent: _Sentence, x: int, y: int, a: int, b: int) -> bool:
    """A name ``[x, y)`` that its neighbours show to be an organisation: "The developer, Halden
    Homes", "Harlow Foods, the supermarket chain", "the Eastbrook Residents’ Association"."""
    low = sent.low
    if x - 2 >= a and low[x - 1] == "," and low[x - 2] in _ORG_INTRO:
        return True
    if y + 1 < b and low[y] in ("'", "’") and low[y + 1] in ORG_WORDS:
        return True
    if y + 1 < b and low[y] == ",":
        end = next((z for z in range(y + 1, b) if sent.toks[z].text in BOUNDARY or
                    low[z] in RELATIVES | PREPOSITIONS), b)
        return end - 1 > y and low[y + 1] in ARTICLES and low[end - 1] in _ORG_INTRO
    return False


def _known_surname(sent: _Sentence, x: int, y: int) -> bool:
    """A single name that ended a person's full name earlier in the article ("Dr Lena Okafor
    … Okafor said"): a surname used alone, the usual second mention of a person."""
    if y - x != 1 or not sent.word(x):
        return False
    surnames = sent.doc.user_data.get("annotator.surnames")
    if surnames is None:
        surnames = sent.doc.user_data["annotator.surnames"] = _surnames(sent.doc,
                                                                        sent.vocab_lower)
    first = surnames.get(sent.toks[x].text)
    return first is not None and first < sent.toks[x].i


def _surnames(doc, vocab_lower: frozenset) -> dict[str, int]:
    """Each word that ends a person's name in ``doc`` ("Lena Okafor", "Chancellor Reeves",
    "Nurse Anita Patel"; not "Northgate Housing Association", "NHS England", "In Tesco"), or
    that a person's role or age follows ("Patel, a councillor, …", "Patel, 42, …"), and where
    it first does."""
    texts = [t.text for t in doc]
    name_like = [t.is_alpha and t.text[:1].isupper() for t in doc]
    out: dict[str, int] = {}
    for i, text in enumerate(texts):
        if not name_like[i] or text in out or \
                i + 1 < len(texts) and (texts[i + 1][:1].isupper() or texts[i + 1] in "-–"):
            continue  # not a capitalised word that ends its name
        x = i
        while x and name_like[x - 1]:
            x -= 1
        first = texts[x].lower()
        if first not in ROLE_WORDS and (first in _COMMON_WORDS or first in vocab_lower and
                                        _opens_sentence(doc, x)):
            x += 1  # "In Tesco", "Nurse Anita Patel": capitalised because it opens the sentence
        if any(w.lower() in _ORG_INTRO or len(w) > 1 and w.isupper() for w in texts[x:i + 1]) \
                or x and _after_the(texts[x - 1].lower(), texts[x].lower()):
            continue
        if x < i or _person_appositive(texts, i + 1) and not _people_plural(text.lower()):
            out[text] = i
    return out


def _after_the(before: str, first: str) -> bool:
    """A name after "the" is not a person's ("the Harwick Ledger", "The Ledger"), unless it
    starts with a title ("the Reverend Ann Hale", "the Chancellor")."""
    return before == "the" and first not in ROLE_WORDS


def _opens_sentence(doc, x: int) -> bool:
    return x == 0 or doc[x].is_sent_start or "\n" in doc[x - 1].text or \
        doc[x - 1].text in QUOTE_OPEN | {'"'}


def _person_appositive(texts: list[str], y: int) -> bool:
    """After a name, a comma and a person's role or age: ", a councillor for Eastfield,",
    ", 42,", ", who …", ", a retired bus driver who …" (a company is "which")."""
    if y + 1 >= len(texts) or texts[y] != ",":
        return False
    nxt = texts[y + 1].lower()
    if nxt == "who" or texts[y + 1].isdigit() and len(texts[y + 1]) <= 3:
        return True
    words, stop = [], ""
    for w in texts[y + 1:y + 8]:
        if w in BOUNDARY or w.lower() in RELATIVES | PREPOSITIONS:
            stop = w.lower()
            break
        words.append(w.lower())
    return bool(words) and words[0] in ARTICLES | ROLE_WORDS | PERSON_NOUNS and \
        (words[-1] in PERSON_NOUNS | ROLE_WORDS or words[0] in ("a", "an") and stop == "who")


_ORG_INTRO = ORG_WORDS | ORG_NOUNS | _words(
    "charity firm broadcaster newspaper coalition alliance movement campaign retailer airline "
    "insurer lender startup platform website magazine journal tank operator developer "
    "manufacturer chain maker")
_NAME_PARTICLES = _words("de van von der den da di du le la ter bin al el dos das")


# endings of plural nouns for people by what they do: forecasters, prosecutors, opponents,
# residents, applicants, economists, historians
_PEOPLE_PLURALS = ("ers", "ors", "ents", "ants", "ists", "ians")


def _people_plural(word: str) -> bool:
    return len(word) > 5 and (word.endswith(_PEOPLE_PLURALS) or word[:-1] in PERSON_NOUNS) \
        and word != "reuters"  # the news agency


def _people_at_start(sent: _Sentence, x: int) -> bool:
    """A plural noun for people, capitalised only because it opens the sentence ("Doctors say",
    "Forecasters warned", "Opponents say"): a group described by its role, not a name. Not a
    word the article capitalises elsewhere ("Rangers", "Reuters" in mid-sentence)."""
    word = sent.low[x]
    first = x == 0 or sent.toks[x - 1].text in QUOTE_OPEN | {'"'}
    if not first or x + 1 < sent.n and sent.is_cap(x + 1) or not _people_plural(word):
        return False
    text = sent.toks[x].text
    return not any(t.text == text and t.i > 0 and not t.is_sent_start and
                   t.nbor(-1).text not in QUOTE_OPEN | {'"', "\n"} and
                   not t.nbor(-1).is_space for t in sent.doc)


def _name_runs(sent: _Sentence, a: int, b: int) -> list[tuple[int, int]]:
    """Runs of capitalised words, joined by hyphens and by 'of', 'for', 'and' inside names."""
    runs, x = [], a
    while x < b:
        if not sent.is_name_word(x) or sent.low[x] in ARTICLES and x + 1 < b and \
                sent.is_cap(x + 1) or _people_at_start(sent, x):
            # "The Chancellor": the name, if any, starts after "The"; "Doctors say": no name
            x += 1
            continue
        y = x + 1
        while y < b:
            if sent.is_cap(y):
                y += 1
            elif sent.low[y] == "-" and y + 1 < b and sent.word(y + 1) and not \
                    sent.toks[y - 1].whitespace_:
                y += 2
            elif sent.low[y] in ("of", "for", "and", "de", "la", "van", "von", "al", "bin",
                                 "du", "the") and y + 1 < b and sent.is_cap(y + 1) and \
                    any(sent.low[z] in ORG_WORDS for z in range(x, min(b, y + 4))):
                y += 1
            elif sent.low[y] in _NAME_PARTICLES and y + 1 < b and sent.is_cap(y + 1) and \
                    sent.toks[y].text.islower():
                y += 1  # "Pieter de Vries", "Ludwig van Beethoven"
            else:
                break
        runs.append((x, y))
        x = y
    return runs


# -- direct speech ------------------------------------------------------------------------


def _direct_speech(sent: _Sentence) -> _Frame | None:
    """A quotation with a speech frame: “…,” said X / “…,” X said / X said: “…”."""
    for qa, qb in sent.quoted:
        # a short quotation is often a scare quote ("very clear"), unless a colon opens it
        if sent.words(qa, qb) < (2 if qa >= 2 and sent.toks[qa - 2].text == ":" else 4):
            continue
        after = _speech_frame(sent, qb + 1, sent.n, before_quote=False)
        before = _speech_frame(sent, 0, max(0, qa - 1), before_quote=True) if qa > 1 else None
        whole = sent.words(0, max(0, qa - 1)) == 0 and sent.words(qb + 1, sent.n) == 0
        if after is None and before is None and not whole:
            continue
        frame = _Frame(content=[(qa, qb)], cue="quotation", direct_speech=True)
        src = after or before
        if src:
            frame.sources.append(src)
        else:
            frame.pronoun = next((f.pronoun for f in (after, before)
                                  if isinstance(f, _NoSource)), "")
        return frame
    return None


def _speech_frame(sent: _Sentence, a: int, b: int, before_quote: bool):
    """The speaker in a short frame next to a quotation; None if it is not such a frame.

    The frame must be only a speaker and a speech verb (and a listener or a time), next to the
    quotation: "Dr Lee said the results were “very clear”" is indirect speech, not a frame.
    """
    a, b = sent.trim(a, b)
    if a >= b:
        return None
    if sent.words(a, b) > 16:
        return None if before_quote else _long_inversion(sent, a, b)
    verbs = [x for x in range(a, b) if sent.low[x] in SPEECH_FRAME_VERBS]
    if not verbs:
        return None
    k = verbs[0]
    if before_quote and sent.words(k + 1, b) > 2:
        return None
    chunks = sent.chunks(a, b)
    c = _chunk_of(chunks, k)
    if k == chunks[c][0] and c in (1, 2) and (c == 1 or _appositive(sent, *chunks[1]) or (
            not before_quote and _has_name(sent, *chunks[1]))):
        # "X, the chief officer, said: “…”"; "“…,” the chief executive, Dr Amara Osei, said"
        x, y = _trim_subject(sent, *chunks[0])
        if x < y and _np_like(sent, x, y):
            return _quote_speaker(sent, x, chunks[c - 1][1] if c == 2 else y, k)
        return None
    if k > chunks[c][0]:  # "X said"
        x, y = _trim_subject(sent, chunks[c][0], k)
        while y > x and (_adverb(sent, y - 1) or sent.low[y - 1] in AUX):
            y -= 1
        if x < y and _np_like(sent, x, y) and not any(
                sent.low[z] in AUX | {"that"} for z in range(k + 1, chunks[c][1])):
            return _quote_speaker(sent, x, y, k)
        return None
    x, y = k + 1, _cut_np(sent, k + 1, chunks[c][1])  # "said X"
    if x < y and _np_like(sent, x, y) and (y == chunks[c][1] or sent.low[y] in TIME_CUTS):
        if c + 1 < len(chunks):
            y = _described_speaker(sent, chunks, c + 1, y)[0]
        return _quote_speaker(sent, x, y, k)
    return None


MAX_SPEAKER_WORDS = 45


def _long_inversion(sent: _Sentence, a: int, b: int):
    """A speaker after a quotation, with a long description: “…,” said Hale, 61, a retired
    bus driver who has lived on the street since 1987 / said Dr Lee, an engineer at …
    who has studied …, / said Jo Osei, a former member of the board, which was scrapped in
    2022. The frame is the verb, the name and nothing but its age and descriptions."""
    if sent.low[a] not in SPEECH_FRAME_VERBS or sent.words(a, b) > MAX_SPEAKER_WORDS:
        return None
    chunks = sent.chunks(a, b)
    x, y = a + 1, _cut_np(sent, a + 1, chunks[0][1])
    if len(chunks) < 2 or x >= y or y != chunks[0][1] or not _np_like(sent, x, y) or \
            sent.words(x, y) > 6:
        return None
    end, n = _described_speaker(sent, chunks, 1, y, long=True)
    if n < len(chunks):
        return None  # something else follows: "said Hale, adding that …"
    return _quote_speaker(sent, x, end, a)


def _described_speaker(sent: _Sentence, chunks, n: int, y: int,
                       long: bool = False) -> tuple[int, int]:
    """After a speaker's name, which ends at ``y``, the chunks from ``n`` on that describe
    them: an age (", 61,"), a role (", a retired bus driver who has lived …"). Returns the end
    of the speaker's noun phrase, with its role, and the first chunk that is not part of it.
    With ``long``, a relative clause of any length after the role, and a clause on what the
    role names (", which was disbanded in 2022"), are read too (not as part of the speaker)."""
    end = y
    while n < len(chunks):
        p, q = chunks[n]
        if _is_age(sent, p, q):
            n += 1
            continue
        rel = next((z for z in range(p + 1, q) if sent.low[z] in ("who", "whose")), None)
        if (sent.low[p] != "which" or not long and end == y) and (
                _appositive(sent, p, q) or long and rel is not None and _appositive(sent, p, rel)):
            end, n = q, n + 1
            continue
        break
    if long:
        while n < len(chunks) and sent.low[chunks[n][0]] in ("which", "who", "whose") and \
                sent.words(*chunks[n]) <= 24:
            n += 1
    return end, n


@dataclass(frozen=True)
class _NoSource:
    """A speech frame whose speaker is a pronoun: a frame, but nothing to mark."""

    pronoun: str

    def __bool__(self) -> bool:
        return False


def _quote_speaker(sent: _Sentence, a: int, b: int, k: int) -> Suggestion | _NoSource:
    """The speaker ``[a, b)`` of a quotation, whose speech verb is at ``k``."""
    return _source(sent, a, b, cue=(k, k + 1), reason=f"speaker of a quotation "
                                                      f"('{sent.toks[k].text}')") or \
        _NoSource(sent.low[a] if b - a == 1 else "")


# -- claims -------------------------------------------------------------------------------


def _claims_of_sentence(sent: _Sentence, frame: _Frame) -> list[Suggestion]:
    """Claims: attributed content, the writer's own clauses; none in a question."""
    text = sent.text
    last = sent.n - 1
    while last > 0 and sent.punct(last) and sent.toks[last].text != "?":
        last -= 1
    if sent.toks[last].text == "?":
        return []
    if frame.content is None:
        regions, where = [(0, sent.n)], "the writer's own assertion"
    elif frame.direct_speech:
        regions, where = frame.content, "the content of a direct quotation"
    else:
        regions, where = frame.content, f"the content of an attribution frame ('{frame.cue}')"
    if frame.referent:
        where += (f", said by '{frame.pronoun}', most likely {frame.referent} (the person cited "
                  "last before it; the pronoun is not drafted as a source)")
    regions = [(a, b, where) for a, b in regions] + \
        [(a, b, "the writer's own assertion") for a, b in frame.own]
    out = []
    for a, b, where in regions:
        for i, j, tier, why in _clauses(sent, a, b):
            if sent.words(i, j) < 3 and not _two_word_clause(sent, i, j) or not (
                    frame.content is not None or _asserts(sent, i, j, tier)):
                continue
            reason = f"{why}: {where}" if tier == "core" and not why.startswith(
                _GOES_ON_SAYING) else why
            inserted = frame.inserted and (a, b) in (frame.content or [])
            out.append(Suggestion("claim", sent.start(i), sent.end(j), text[sent.start(i):
                                  sent.end(j)], reason,
                                  "claim.inserted" if inserted else "claim.clause", tier))
    return out


_GOES_ON_SAYING = "what is said after"


def _two_word_clause(sent: _Sentence, i: int, j: int) -> bool:
    """A checkable proposition in two words: a subject and its past-tense verb ("Councillors
    voted", "Nothing happened"), or an auxiliary and what it says ("did nothing", "has
    resigned"). Shorter fragments, and two words with no verb ("Never again"), are no claim."""
    if sent.words(i, j) != 2:
        return False
    x, y = (z for z in range(i, j) if sent.word(z))
    if sent.in_quote(x) != sent.in_quote(y):
        return False
    return sent.low[x] in AUX and sent.low[x] not in ("'s", "'d", "'ll", "'ve") or \
        _past_verb(sent, y) and sent.low[x] not in DETERMINERS | PREPOSITIONS | AUX


def _asserts(sent: _Sentence, i: int, j: int, tier: str) -> bool:
    """Does the clause assert something checkable: a verb, a number, or an evaluation?"""
    low = sent.low[i:j]
    if low and low[0] in QUESTION_WORDS - {"which", "who", "when", "where"}:
        return False
    if any(w in AUX for w in low) or any(sent.toks[x].like_num for x in range(i, j)):
        return True
    return sent.words(i, j) >= 4 or tier == "optional" or \
        any(len(w) > 3 and w.endswith(("ed", "s", "ing")) for w in low)


def _clauses(sent: _Sentence, a: int, b: int) -> Iterable[tuple[int, int, str, str]]:
    """Split a region into claims: the main clause and its separate propositions."""
    a, b = _strip_hedge_frame(sent, *sent.trim(*_strip_lead(sent, *sent.trim(a, b))))
    if a >= b:
        return
    split = _coordination(sent, a, b)
    if split is not None:
        x, y = split
        yield from _clauses(sent, a, x)
        yield from _clauses(sent, y, b)
        return
    if sent.low[a] in QUESTION_WORDS - {"which", "who", "when", "where"} and a > 0 and \
            sent.low_at(a - 1) not in ("that",) and not (sent.low[a] == "if" and
                                                         sent.opens_quote(a - 1)):
        return  # "whether X or Y": a stated unknown; but “If you pay …, you get …” is a claim
    chunks = sent.chunks(a, b)
    n = 0
    # leading material: framing, presupposition, subordinate background
    while n < len(chunks) - 1:
        x, y = chunks[n]
        first = sent.low[x]
        if first in ("despite", "given", "amid", "amidst") or sent.low[x:x + 2] in (
                ["because", "of"], ["due", "to"], ["in", "spite"]):
            skip = 2 if sent.low[x:x + 2] in (["because", "of"], ["due", "to"]) else 1
            if sent.low[x:x + 3] == ["in", "spite", "of"]:
                skip = 3
            yield x + skip, y, "optional", "presupposed background ('" + \
                sent.toks[x].text + " …'): optional tier"
            n += 1
        elif first in SUBORDINATORS and sent.words(x, y) >= 4 and first not in ("after",
                                                                                "before",
                                                                                "since") or \
                first in ("after", "before", "since") and _chunk_is_clause(sent, x, y):
            if first not in CONDITIONALS:
                yield x + 1, y, "optional", (f"background clause ('{sent.toks[x].text} …'): "
                                            "optional tier")
            n += 1
        elif _is_framing(sent, x, y):
            n += 1
        else:
            break
    if n >= len(chunks):
        return
    main_start, main_end = chunks[n]
    inside: list[tuple[int, int]] = []  # appositives and relative clauses after the subject
    main_reason = "main clause"
    for m in range(n + 1, len(chunks)):
        x, y = chunks[m]
        first, second = sent.low[x], sent.low_at(x + 1)
        last = m == len(chunks) - 1
        subject_only = _only_a_subject(sent, main_start, main_end)
        if first == "according":
            break
        if first in _SPEAKING and (second == "that" or _clause_follows(sent, x + 1, y)) and \
                sent.words(x + (2 if second == "that" else 1), y) >= 3:
            # "…, saying every pound was new money": what is said, without "saying (that)"
            yield x + (2 if second == "that" else 1), y, "core", \
                f"{_GOES_ON_SAYING} '{sent.toks[x].text}': the subject's words, not the writer's"
        elif first in ("with", "including") or _is_participle(sent, x) and not (
                subject_only and (y == x + 1 or second in ("and", "or"))):
            # but "Brown trout, grayling and eels were …": an -ing noun, an item of the subject
            yield x + (1 if first == "including" else 0), y, "optional", \
                "elaboration (participle or 'with' phrase): optional tier"
        elif first in ("despite", "amid", "amidst") and sent.words(x, y) >= 4:
            yield x + 1, y, "optional", (f"presupposed background ('{sent.toks[x].text} …'): "
                                        "optional tier")
        elif subject_only and not last and (first in RELATIVES or
                                          not _chunk_is_clause(sent, x, y)):
            inside.append((x, y))  # "The planet, known as K2-18b, is …"
        elif first in AUX or (first.endswith("ly") and second in AUX) or (
                subject_only and sent.words(x, y) >= 2 and first not in RELATIVES):
            main_end = y  # the predicate after the subject and its insertions
            for px, py in inside:
                yield px, py, "optional", ("appositive or relative clause inside the main "
                                          "clause: optional tier")
            inside = []
        elif first in RELATIVES and first != "whose":
            yield _flush(main_start, main_end, inside, main_reason)
            inside = []
            skip = 1 if first in ("where", "when") else 0
            main_start, main_end = x + skip, y
            main_reason = "relative clause adding a proposition"
        elif first in COORDINATORS | {"while", "whereas"} and (
                _chunk_is_clause(sent, x, y) or
                first in ("while", "whereas") and any(_verb_like(sent, z)
                                                      for z in range(x + 2, y))):
            yield _flush(main_start, main_end, inside, main_reason)
            inside = []
            main_start, main_end, main_reason = x + 1, y, "coordinated clause"
        elif last and any(sent.toks[z].like_num for z in range(x, y)) and \
                not _chunk_is_clause(sent, x, y):
            yield x, y, "optional", "elaboration with a number: optional tier"
        else:
            main_end = y
    yield _flush(main_start, main_end, inside, main_reason)


def _coordination(sent: _Sentence, a: int, b: int) -> tuple[int, int] | None:
    """Where two clauses are joined without a comma: "X was small and that Y", "X has cut
    funding and the libraries will close". Returns (end of the first, start of the second)."""
    low = sent.low
    for x in range(a + 1, b - 2):
        if sent.in_quote(x) != sent.in_quote(a):
            continue
        if low[x] in ("because", "although", "though", "whereas") and low[x + 1] != "of" and \
                any(_verb_like(sent, y) for y in range(x + 2, min(b, x + 9))) and \
                any(_verb_like(sent, y) for y in range(a, x)):
            return x, x  # a reason or a concession is a checkable proposition of its own
        if low[x] not in ("and", "but"):
            continue
        if low[x + 1] == "that":
            return x, x + 2
        if low[x + 1] in AUX - {"'s", "'re", "'ll", "'ve", "'d"} and \
                any(_verb_like(sent, y) or _present_verb(sent, y, a) for y in range(a, x)):
            return x, x + 1  # "is expected to start in May and could take six years",
            # "needs more money but has received none"
        if (_past_verb(sent, x + 1) or _present_verb_after(sent, x + 1)) and \
                sent.words(x + 1, b) >= 3 and not _past_verb(sent, x - 1) and \
                any(_past_verb(sent, y) or low[y] in AUX or _present_verb(sent, y, a)
                    for y in range(a + 1, x - 1)):
            return x, x + 1  # "broke into the museum and stole a necklace": two events;
            # "needs more money but wants no new taxes" in the present tense alike
        if not (low[x + 1] in ARTICLES | {"he", "she", "they", "we", "it", "i"} or
                sent.is_name_word(x + 1)):
            continue
        since = max([a] + [y + 1 for y in range(a, x) if sent.toks[y].text in BOUNDARY])
        ahead = next((y for y in range(x + 1, b) if sent.toks[y].text in BOUNDARY), b)
        if any(low[y] in AUX for y in range(x + 2, min(ahead, x + 7))) and \
                any(_verb_like(sent, y) for y in range(since + 1, x)):
            return x, x + 1
    return None


_IRREGULAR_PAST = _words(
    "stole took fled left broke made went came gave began rose fell grew sold bought kept held "
    "ran won lost paid spent sent built caught drove hit shut struck threw tore set put cut")


def _past_verb(sent: _Sentence, x: int) -> bool:
    """A past-tense verb as far as its shape tells ("stole", "closed"), not after a
    determiner ("the injured")."""
    word = sent.low_at(x)
    if sent.low_at(x - 1) in DETERMINERS or not sent.word(x) or sent.is_cap(x):
        return False
    return word in _IRREGULAR_PAST or (len(word) > 4 and word.endswith("ed"))


_CURRENCY = frozenset(["£", "$", "€", "¥"])


def _present_shape(sent: _Sentence, y: int) -> bool:
    """Shaped like a present-tense verb of a singular subject: "needs", "wants", "closes"."""
    word = sent.low_at(y)
    return sent.word(y) and not sent.is_cap(y) and len(word) > 3 and word.endswith("s") and \
        not word.endswith(("ss", "us", "is", "ics", "ous")) and word not in AUX | DETERMINERS


def _present_verb(sent: _Sentence, y: int, a: int) -> bool:
    """A present-tense verb right after the short subject that opens its clause: "The council
    needs …", "it needs …" (not "the needs of …", "Local needs are …", "The council's plans")."""
    nxt = sent.low_at(y + 1)
    if not _present_shape(sent, y) or nxt in AUX | {"of", "'s"} or \
            not sent.word(y + 1) and nxt not in _CURRENCY:
        return False
    prev = sent.low_at(y - 1)
    if prev in ("he", "she", "it"):
        return True
    since = max([a] + [z + 1 for z in range(a, y) if sent.toks[z].text in BOUNDARY])
    return since < y and sent.words(since, y) <= 5 and sent.word(y - 1) and \
        (sent.low[since] in ARTICLES or sent.is_cap(since)) and \
        sent.low[since] not in PREPOSITIONS | SUBORDINATORS | DISCOURSE and \
        prev not in DETERMINERS | PREPOSITIONS | COORDINATORS | AUX | {"'s"} and \
        not sent.toks[y - 1].like_num and _np_like(sent, since, y)


def _present_verb_after(sent: _Sentence, y: int) -> bool:
    """A present-tense verb that starts a second predicate, before its object: "… but wants
    no new taxes" (not "apples and pears from local farms")."""
    nxt = sent.low_at(y + 1)
    return _present_shape(sent, y) and (nxt in DETERMINERS | {"more", "less", "fewer", "no",
                                                                "none", "nothing", "to"} or
                                        y + 1 < sent.n and sent.toks[y + 1].like_num or
                                        nxt in _CURRENCY)


def _flush(start: int, end: int, inside: list[tuple[int, int]], reason: str):
    """The main clause, with any insertions that never met their predicate."""
    if inside:
        end = max(end, inside[-1][1])
    return start, end, "core", reason


def _only_a_subject(sent: _Sentence, a: int, b: int) -> bool:
    """A short noun phrase with no verb yet: "The planet", "Dahl", "Prices"."""
    return sent.words(a, b) <= 6 and _np_like(sent, a, b) and \
        not any(_verb_like(sent, z) for z in range(a, b))


_ASIDE_PARTICIPLES = _words("published commissioned released carried conducted led funded "
                            "written based seen obtained produced speaking writing")


def _chunk_around(sent: _Sentence, region, k: int) -> tuple[int, int]:
    chunks = sent.chunks(*region)
    c = _chunk_of(chunks, k)
    return chunks[c] if c >= 0 else (k, k)


def _anonymity_aside(sent: _Sentence, x: int, y: int) -> bool:
    """", speaking on condition of anonymity (because …),", ", speaking anonymously,": how a
    source spoke, set off between the source and its verb; what follows "because" is the
    reason, not a claim of the source."""
    low = sent.low
    return x < y and low[x] in ("speaking", "talking") and any(
        low[z] in ("anonymity", "anonymously", "privately", "condition") for z in
        range(x + 1, min(y, x + 5)))


def _np_with_relative(sent: _Sentence, a: int, b: int) -> bool:
    """"Two contractors who worked on the program": a noun phrase and its relative clause."""
    rel = next((z for z in range(a + 1, b) if sent.low[z] in ("who", "that")), None)
    return rel is not None and sent.words(a, b) <= 16 and _np_like(sent, a, rel)


def _prepositional_aside(sent: _Sentence, x: int, y: int) -> bool:
    """", in response to questions,", ", in a statement,", ", on Tuesday,": a short phrase
    on how or when a source spoke, set off between the source and its verb."""
    return sent.low[x] in PREPOSITIONS and sent.words(x, y) <= 6 and \
        not any(sent.low[z] in AUX | VERB_FORMS | RELATIVES | {"that"} for z in range(x, y))


def _participle_aside(sent: _Sentence, x: int, y: int) -> bool:
    """", published on Tuesday in The Lancet,": a past participle and its phrase, set off
    between a subject and its verb."""
    return sent.low[x] in _ASIDE_PARTICIPLES and sent.low_at(x + 1) in PREPOSITIONS and \
        not any(sent.low[k] in AUX for k in range(x, y))


def _is_participle(sent: _Sentence, x: int) -> bool:
    word = sent.low[x]
    if word.endswith("ly") and len(word) > 4:
        word = sent.low_at(x + 1)
    return word.endswith("ing") and len(word) > 5 and word not in _ING_NOUNS


_ING_NOUNS = _words(
    "during according morning evening building nothing something anything everything spring string "
    "ceiling sibling wedding meeting funding housing training hearing ruling warning spending "
    "shooting bombing beijing reading")


_FRAME_GLUE = _words("is was 's now also still not yet highly very quite widely generally")
_FRAME_CUES = _words("appears appeared seems seemed remains thought believed said reported "
                     "understood clear possible likely unlikely unclear probable certain known "
                     "true evident obvious undeniable indisputable expected feared alleged")


_LINKS = _words("but and yet however meanwhile")
_DASHES = ("-", "–", "—", "--")


def _strip_lead(sent: _Sentence, a: int, b: int) -> tuple[int, int]:
    """A claim without what leads into it: a wire dateline at the start of a sentence
    ("ROTTERDAM, March 4 (Reuters) - ", "ZÜRICH — ") and a linking word ("But", "And",
    "However,"), which are not part of what is asserted."""
    if a == 0 and sent.toks[0].text.isupper() and sum(map(str.isalpha, sent.toks[0].text)) >= 3:
        dash = next((k for k in range(1, min(b, 12)) if sent.toks[k].text in _DASHES), None)
        if dash is not None and dash + 1 < b and (
                any(sent.toks[k].text in (",", "(") for k in range(1, dash)) or
                sent.toks[dash + 1].text[:1].isupper()):
            a = dash + 1
    if a < b - 1 and sent.low[a] in _LINKS:
        a += 2 if a + 1 < b and sent.toks[a + 1].text == "," else 1
    return a, b


def _strip_hedge_frame(sent: _Sentence, a: int, b: int) -> tuple[int, int]:
    """Leave out a leading "it (now) appears that" / "it is “highly likely”" frame, and a
    booster's ("it is obvious that"): the claim is what the frame hedges or boosts."""
    low = sent.low
    x = a
    while x < b and (low[x] in DISCOURSE or sent.punct(x)):
        x += 1
    if x >= b or low[x] != "it":
        return a, b
    y = x + 1
    saw_cue = False
    while y < b and y < x + 8:
        w = low[y]
        if w in _FRAME_CUES or w in _FRAME_GLUE or sent.is_quote(y):
            saw_cue = saw_cue or w in _FRAME_CUES
            y += 1
        elif low[y:y + 3] == ["to", "be", "seen"] and low[y - 1] == "remains":
            saw_cue, y = True, y + 3
        else:
            break
    if not saw_cue:
        return a, b
    if low[y - 1] in ("said", "reported", "thought", "believed", "understood", "expected") and \
            sent.low_at(y) == "to":
        return a, b  # "it is expected to rain": not a frame
    if sent.low_at(y) == "that":
        y += 1
    if y < b and low[y] in QUESTION_WORDS:
        return b, b  # "it remains unclear whether …": a stated unknown, not a claim
    if sent.words(y, b) < 3:
        return a, b
    return y, b


# -- reporting ----------------------------------------------------------------------------


def format_table(article: Article, suggestions: list[Suggestion]) -> str:
    """A plain-text listing, one suggestion per line and its reason below, for the terminal."""
    lines = [(f"{len(suggestions)} suggestions for '{article.id}' ({article.word_count} words)."
             f" {RULES_NOTE}"), ""]
    for s in suggestions:
        flat = re.sub(r"\s+", " ", s.text)
        if len(flat) > 70:
            flat = flat[:67] + "…"
        notes = [note for note in (
            s.source_type and f"type: {s.source_type}",
            s.alt_labels and f"also: {', '.join(s.alt_labels)}",
            s.tier == "optional" and "optional" not in s.reason and "optional tier") if note]
        lines.append(f"{s.label:<7}{s.start:>6}-{s.end:<6} {flat}")
        lines.append(f"{'':<21}{s.reason}" + (f" [{'; '.join(notes)}]" if notes else ""))
    counts = {label: sum(1 for s in suggestions if s.label == label)
              for label in ("claim", "source", "hedge")}
    lines += ["", "totals: " + ", ".join(f"{v} {k}" for k, v in counts.items())]
    return "\n".join(lines)


def to_json(article: Article, suggestions: list[Suggestion]) -> dict:
    return {"format": "annotator.suggestions.v1", "article": {"id": article.id,
                                                              "sha256": article.sha256},
            "note": RULES_NOTE, "suggestions": [s.to_dict() for s in suggestions]}
