"""Mark claims, sources and hedging language in news articles, and score the marks fairly."""

__version__ = "0.1.0"

from annotator.article import Article, load_article
from annotator.errors import AnnotatorError
from annotator.key import AnswerKey, KeyItem, load_key
from annotator.policy import POLICIES
from annotator.scoring import Result, Scorer, score
from annotator.submission import Mark, Submission, load_submission

__all__ = [
    "POLICIES",
    "AnnotatorError",
    "AnswerKey",
    "Article",
    "KeyItem",
    "Mark",
    "Result",
    "Scorer",
    "Submission",
    "load_article",
    "load_key",
    "load_submission",
    "score",
]
