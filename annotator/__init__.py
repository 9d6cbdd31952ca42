"""Mark claims, sources and hedging language in news articles, and score the marks fairly."""

__version__ = "0.1.0"

from annotator.article import Article, load_article  # noqa: E402
from annotator.errors import AnnotatorError  # noqa: E402
from annotator.key import AnswerKey, KeyItem, load_key  # noqa: E402
from annotator.policy import POLICIES
from annotator.scoring import Result, Scorer, score  # noqa: E402
from annotator.submission import Mark, Submission, load_submission  # noqa: E402

__all__ = [
    "AnnotatorError", "AnswerKey", "Article", "KeyItem", "Mark", "POLICIES", "Result",
    "Scorer", "Submission", "load_article", "load_key", "load_submission", "score",
]
