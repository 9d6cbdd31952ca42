"""Mark claims, sources and hedging language in news articles, and score the marks fairly."""

__version__ = "0.1.0"

from importlib import import_module

# What the package offers, imported when first asked for: ``annotator.cli`` (the command) then
# starts without loading spaCy, so a Ctrl+C while it loads is the command's to answer, not a
# traceback from the middle of an import.
_WHERE = {
    "Article": "article", "load_article": "article",
    "AnnotatorError": "errors",
    "AnswerKey": "key", "KeyItem": "key", "load_key": "key",
    "POLICIES": "policy",
    "Result": "scoring", "Scorer": "scoring", "score": "scoring",
    "Mark": "submission", "Submission": "submission", "load_submission": "submission",
}


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'annotator' has no attribute {name!r}")
    value = getattr(import_module(f"annotator.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
