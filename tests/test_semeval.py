"""SemEval-2013 task 9.1 counts in Result.semeval, checked against the nervaluate project's
published worked examples (README of MantisAI/nervaluate).

Gold entities are the key's required items; predictions are the student's marks. Expected
figures are computed here from the scheme's definition, not copied from the README:

    POS = COR + INC + PAR + MIS          (every gold entity)
    ACT = COR + INC + PAR + SPU          (every prediction)
    strict, exact:   precision = COR / ACT                recall = COR / POS
    partial, type:   precision = (COR + 0.5 PAR) / ACT    recall = (COR + 0.5 PAR) / POS
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.article import Article
from annotator.key import parse_key
from annotator.scoring import SEMEVAL_SCHEMES, score
from annotator.submission import Mark


def expected(cor, inc, par, mis, spu, scheme):
    """The scheme's figures from its counts (unrounded, to 4 places as the Result keeps)."""
    pos = cor + inc + par + mis
    act = cor + inc + par + spu
    found = cor + 0.5 * par if scheme in ("partial", "type") else cor
    precision = found / act if act else None
    recall = found / pos if pos else None
    if precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    else:  # one undefined: F1 is 0 when the other is 0 (2 COR / (POS + ACT) is then 0)
        f1 = 0.0 if 0 in (precision, recall) else None
    return tuple(None if x is None else round(x, 4) for x in (precision, recall, f1))


def counts(result, scheme):
    s = result.semeval[scheme]
    return s.cor, s.inc, s.par, s.mis, s.spu


def figures(result, scheme):
    s = result.semeval[scheme]
    return s.precision, s.recall, s.f1


class Tagged:
    """A text made of whitespace-separated tokens, with gold and predicted entities given as
    token ranges ``[first, last)`` as in a BIO-tagged sentence."""

    def __init__(self, tokens, labels):
        self.words = tokens
        self.article = Article.from_text(" ".join(tokens), id="tagged")
        assert [self.article.text[s:e] for s, e in self.article.tokens] == tokens
        self.labels = labels

    def offsets(self, first, last):
        return self.article.tokens[first][0], self.article.tokens[last - 1][1]

    def key(self, gold):
        items = []
        for n, (label, first, last) in enumerate(gold):
            start, end = self.offsets(first, last)
            items.append({"id": f"g{n}", "label": label, "start": start, "end": end})
        return parse_key({"format": "annotator.key.v1", "article": "tagged",
                          "sha256": self.article.sha256, "labels": self.labels,
                          "items": items}, article=self.article)

    def marks(self, pred):
        return [Mark(*self.offsets(first, last), label) for label, first, last in pred]

    def score(self, gold, pred, policy="semeval"):
        return score(self.marks(pred), self.key(gold), policy)


# -- the README's usage example ---------------------------------------------------------------
#
#   "The John Smith who works at Google Inc" / "In Paris Marie Curie lived in 1895"
#   true: ['O','B-PER','I-PER','O','O','O','B-ORG','I-ORG'], ['O','B-LOC','B-PER','I-PER','O','O','B-DATE']
#   pred: ['O','O','B-PER','I-PER','O','O','B-ORG','I-ORG'], ['O','B-LOC','I-LOC','B-PER','O','O','B-DATE']

def tokens(text: str) -> list[str]:
    return text.split()


SENTENCES = tokens("The John Smith who works at Google Inc") + tokens(
    "In Paris Marie Curie lived in 1895")
S2 = 8  # first token of the second sentence
USAGE_GOLD = [("PER", 1, 3), ("ORG", 6, 8), ("LOC", S2 + 1, S2 + 2), ("PER", S2 + 2, S2 + 4),
              ("DATE", S2 + 6, S2 + 7)]
USAGE_PRED = [("PER", 2, 4), ("ORG", 6, 8), ("LOC", S2 + 1, S2 + 3), ("PER", S2 + 3, S2 + 4),
              ("DATE", S2 + 6, S2 + 7)]
# Published counts (COR, INC, PAR, MIS, SPU) per scheme.
USAGE_COUNTS = {"type": (5, 0, 0, 0, 0), "exact": (2, 3, 0, 0, 0),
                "partial": (2, 0, 3, 0, 0), "strict": (2, 3, 0, 0, 0)}


@pytest.fixture(scope="module")
def usage_example():
    tagged = Tagged(SENTENCES, ["PER", "ORG", "LOC", "DATE"])
    return tagged.score(USAGE_GOLD, USAGE_PRED)


@pytest.mark.parametrize("scheme", SEMEVAL_SCHEMES)
def test_usage_example_counts(usage_example, scheme):
    assert counts(usage_example, scheme) == USAGE_COUNTS[scheme]


@pytest.mark.parametrize("scheme", SEMEVAL_SCHEMES)
def test_usage_example_figures_follow_the_formula(usage_example, scheme):
    assert figures(usage_example, scheme) == expected(*USAGE_COUNTS[scheme], scheme)


def test_usage_example_partial_precision_is_seven_tenths(usage_example):
    # (COR + 0.5 PAR) / ACT = (2 + 1.5) / 5. The README printed 0.40 here until it was fixed.
    assert figures(usage_example, "partial") == (0.7, 0.7, 0.7)


def test_usage_example_strict_and_type_figures(usage_example):
    assert figures(usage_example, "strict") == (0.4, 0.4, 0.4)
    assert figures(usage_example, "exact") == (0.4, 0.4, 0.4)
    assert figures(usage_example, "type") == (1.0, 1.0, 1.0)


# -- the README's scenario table (drug names, SemEval-2013 task 9.1) ---------------------------

DRUG_TOKENS = tokens("Avoid tikosyn here . A healthy diet . The dose of warfarin rose . "
                     "Give propranolol daily . Check phenytoin levels . "
                     "Some oral contraceptives interact")


def at(word):
    return DRUG_TOKENS.index(word)


# scenario: (gold or None, prediction or None, outcome per scheme: type, partial, exact, strict)
SCENARIOS = {
    "III missed": (("BRAND", at("tikosyn"), at("tikosyn") + 1), None,
                   ("mis", "mis", "mis", "mis")),
    "II spurious": (None, ("BRAND", at("healthy"), at("healthy") + 1),
                    ("spu", "spu", "spu", "spu")),
    "V wrong boundary": (("DRUG", at("warfarin"), at("warfarin") + 1),
                         ("DRUG", at("of"), at("warfarin") + 1),
                         ("cor", "par", "inc", "inc")),
    "IV wrong type": (("DRUG", at("propranolol"), at("propranolol") + 1),
                      ("BRAND", at("propranolol"), at("propranolol") + 1),
                      ("inc", "cor", "cor", "inc")),
    "I exact": (("DRUG", at("phenytoin"), at("phenytoin") + 1),
                ("DRUG", at("phenytoin"), at("phenytoin") + 1),
                ("cor", "cor", "cor", "cor")),
    "VI wrong boundary and type": (("GROUP", at("contraceptives"), at("contraceptives") + 1),
                                   ("DRUG", at("oral"), at("contraceptives") + 1),
                                   ("inc", "par", "inc", "inc")),
}
SCHEME_ORDER = ("type", "partial", "exact", "strict")  # the README table's column order
DRUG_LABELS = ["DRUG", "BRAND", "GROUP"]


def tally(scenarios):
    """Counts per scheme from the per-scenario outcomes (MIS and SPU included)."""
    out = {}
    for k, scheme in enumerate(SCHEME_ORDER):
        outcomes = [s[2][k] for s in scenarios]
        out[scheme] = tuple(outcomes.count(o) for o in ("cor", "inc", "par", "mis", "spu"))
    return out


@pytest.fixture(scope="module")
def drugs():
    return Tagged(DRUG_TOKENS, DRUG_LABELS)


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_scenario_row(drugs, name):
    gold, pred, outcomes = SCENARIOS[name]
    result = drugs.score([gold] if gold else [], [pred] if pred else [])
    for scheme, outcome in zip(SCHEME_ORDER, outcomes):
        row = dict(zip(("cor", "inc", "par", "mis", "spu"), counts(result, scheme)))
        assert row[outcome] == 1, (scheme, row)
        assert sum(row.values()) == 1, (scheme, row)


def test_all_six_scenarios_together(drugs):
    rows = list(SCENARIOS.values())
    result = drugs.score([r[0] for r in rows if r[0]], [r[1] for r in rows if r[1]])
    want = tally(rows)
    assert want["type"] == (2, 2, 0, 1, 1)  # the table's columns, summed
    for scheme in SCHEME_ORDER:
        assert counts(result, scheme) == want[scheme], scheme
        assert figures(result, scheme) == expected(*want[scheme], scheme), scheme


def test_putting_it_all_together_table(drugs):
    """The README's summary table (Correct 3/3/3/2, Incorrect 2/0/2/3, Partial 0/2/0/0,
    Missed 1, Spurious 1) has one more correct entity than its six scenario rows: it is the
    six rows plus a second exact match (scenario I twice)."""
    rows = list(SCENARIOS.values())
    gold = [r[0] for r in rows if r[0]] + [("DRUG", at("Give"), at("Give") + 1)]
    pred = [r[1] for r in rows if r[1]] + [("DRUG", at("Give"), at("Give") + 1)]
    result = drugs.score(gold, pred)
    published = {"type": (3, 2, 0, 1, 1), "partial": (3, 0, 2, 1, 1),
                 "exact": (3, 2, 0, 1, 1), "strict": (2, 3, 0, 1, 1)}
    for scheme in SCHEME_ORDER:
        assert counts(result, scheme) == published[scheme], scheme
        assert figures(result, scheme) == expected(*published[scheme], scheme), scheme
    # The table's precision row: 0.5, 0.66, 0.5, 0.33 (truncated there, rounded here).
    assert [figures(result, s)[0] for s in SCHEME_ORDER] == [0.5, 0.6667, 0.5, 0.3333]


# -- how the key's extras map onto SemEval ---------------------------------------------------


def test_alt_label_counts_as_the_right_type(kn23_key, quote_mark):
    result = score([quote_mark("reportedly", "source")], kn23_key)
    assert counts(result, "strict")[0] == 1


def test_optional_items_are_not_gold_and_their_marks_are_left_out(kn23_key, quote_mark):
    result = score([quote_mark("several", "hedge")], kn23_key)
    required = sum(1 for i in kn23_key.items if i.required)
    assert counts(result, "strict") == (0, 0, 0, required, 0)


def test_no_marks_gives_undefined_precision_and_f1_0(kn23_key):
    result = score([], kn23_key)
    for scheme in SEMEVAL_SCHEMES:
        assert figures(result, scheme) == (None, 0.0, 0.0)


# -- definitions hold on any input ---------------------------------------------------------------

WORDS = 14
TAGGED = Tagged([f"w{i}" for i in range(WORDS)], ["A", "B"])
spans = st.tuples(st.sampled_from(["A", "B"]), st.integers(0, WORDS - 1),
                  st.integers(1, 4)).map(lambda t: (t[0], t[1], min(WORDS, t[1] + t[2])))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(spans, max_size=6, unique=True), st.lists(spans, max_size=6))
def test_possible_is_the_number_of_gold_entities(gold, pred):
    result = TAGGED.score(gold, pred)
    for scheme in SEMEVAL_SCHEMES:
        cor, inc, par, mis, _ = counts(result, scheme)
        assert cor + inc + par + mis == len(gold), scheme


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(spans, max_size=6, unique=True), st.lists(spans, max_size=6))
def test_actual_is_the_number_of_predictions(gold, pred):
    result = TAGGED.score(gold, pred)
    for scheme in SEMEVAL_SCHEMES:
        cor, inc, par, _, spu = counts(result, scheme)
        assert cor + inc + par + spu == len(result.marks), scheme


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(spans, max_size=6, unique=True), st.lists(spans, max_size=6))
def test_figures_always_follow_the_formula(gold, pred):
    result = TAGGED.score(gold, pred)
    for scheme in SEMEVAL_SCHEMES:
        assert figures(result, scheme) == expected(*counts(result, scheme), scheme), scheme


@st.composite
def disjoint_spans(draw):
    """Entities that neither overlap nor share a word, laid out left to right."""
    out, position = [], draw(st.integers(0, 2))
    for label, length, gap in draw(st.lists(st.tuples(st.sampled_from(["A", "B"]),
                                                      st.integers(1, 3), st.integers(0, 2)),
                                            max_size=5)):
        if position + length > WORDS:
            break
        out.append((label, position, position + length))
        position += length + gap
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disjoint_spans())
def test_predicting_the_gold_is_correct_in_every_scheme(gold):
    result = TAGGED.score(gold, gold)
    for scheme in SEMEVAL_SCHEMES:
        assert counts(result, scheme) == (len(gold), 0, 0, 0, 0), scheme
