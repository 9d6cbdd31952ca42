"""A French or Spanish teacher's keys and class: accents written as a letter and a separate
accent (NFD, from a Mac or a PDF), labels that differ only in accents, non-breaking and narrow
spaces in quotes, dashes, key letters for accented labels, names that make one file name, and
a claim-like label of the teacher's own without max."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import yaml

from annotator.article import Article
from annotator.authoring import lesson_notebook
from annotator.cli import main
from annotator.errors import AnnotatorError
from annotator.key import load_key, parse_key, review_warnings
from annotator.labels import label_set
from annotator.submission import Mark, Submission, check_against, load_submission, save_submission
from annotator.widget import Annotator

FR = ("Le ministre de l’Économie, Bruno Lefèvre, a promis que le déficit atteindrait "
      "3,5\u00a0% du PIB. Le député Marc-André Dubois — rapporteur de la commission — parle "
      "d’une «\u202fmobilisation historique\u202f». Selon la Cour des comptes, l’État "
      "tiendra ses engagements.\n")
ES = ("El Ministerio anunció que la población de lince ibérico ha superado los 2.000 "
      "ejemplares. La ministra, Teresa Ibáñez, dijo que es una gran noticia. Un informe "
      "sugiere que la diversidad genética podría ser frágil.\n")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture(scope="module")
def fr() -> Article:
    return Article.from_text(FR, id="retraites")


@pytest.fixture(scope="module")
def es() -> Article:
    return Article.from_text(ES, id="lince")


def key_data(article: Article, items, labels) -> dict:
    return {"format": "annotator.key.v1", "article": article.id, "sha256": article.sha256,
            "labels": list(labels), "items": list(items)}


def parse(article: Article, items, labels=("affirmation", "source", "Évaluation")):
    return parse_key(key_data(article, items, labels), article=article)


def text_of(key, item_id: str) -> str:
    item = key.item(item_id)
    return key.article.text[item.start:item.end]


# -- 1. accents written as a letter and a separate accent (NFD) -------------------------------


def test_a_quote_min_and_max_with_separate_accents_are_found(fr):
    key = parse(fr, [{"id": "src", "label": "source", "quote": nfd("ministre de l’Économie"),
                      "min": nfd("l’Économie"), "max": nfd("Le ministre de l’Économie, Bruno "
                                                           "Lefèvre")}])
    item = key.item("src")
    assert text_of(key, "src") == "ministre de l’Économie"
    assert fr.text[item.min_start:item.min_end] == "l’Économie"
    assert fr.text[item.max_start:item.max_end] == "Le ministre de l’Économie, Bruno Lefèvre"


def test_labels_item_labels_and_alt_labels_with_separate_accents_are_the_keys_labels(fr):
    written = [nfd("Évaluation"), "affirmation", "source"]
    key = parse(fr, [{"id": "e", "label": "Évaluation", "quote": "mobilisation historique",
                      "alt_labels": [nfd("affirmation")]},
                     {"id": "f", "label": nfd("Évaluation"), "quote": "l’État"}], written)
    assert key.labels == ("Évaluation", "affirmation", "source")
    assert key.item("e").accepts == ("Évaluation", "affirmation")
    assert key.item("f").label == "Évaluation"


def test_two_labels_alike_once_their_accents_are_one_character_are_one_label_twice(es):
    with pytest.raises(AnnotatorError, match="labels must be a list of distinct names"):
        parse(es, [], ["afirmación", "fuente", nfd("afirmación")])


def test_a_submission_with_separate_accents_fits_the_key(tmp_path, es):
    path = tmp_path / "angel.json"
    path.write_text(json.dumps({
        "format": "annotator.submission.v1",
        "student": {"id": "angel-ruiz", "name": nfd("Ángel Ruiz")},
        "article": {"id": "lince", "sha256": es.sha256},
        "marks": [{"label": nfd("afirmación"), "start": 31, "end": 89,
                   "text": nfd(es.text[31:89])}]}, ensure_ascii=False), encoding="utf-8")
    sub = load_submission(path)
    assert sub.student_name == "Ángel Ruiz"
    assert sub.marks[0].label == "afirmación"
    check_against(sub, es, ("afirmación", "fuente"))  # no error


def lince_key(folder: Path, items, labels) -> tuple[Article, Path]:
    """The Spanish article in ``folder/seeds`` and a key for it at ``folder/lince.yaml``."""
    (folder / "seeds").mkdir()
    (folder / "seeds" / "lince.txt").write_text(ES, encoding="utf-8")
    es = Article.from_text(ES, id="lince")
    key = folder / "lince.yaml"
    key.write_text(yaml.safe_dump(key_data(es, items, labels), allow_unicode=True),
                   encoding="utf-8")
    return es, key


def test_labels_given_on_the_command_line_with_separate_accents_are_the_keys(tmp_path, capsys):
    es, key = lince_key(tmp_path, [
        {"id": "a", "label": "afirmación", "quote": "la población de lince ibérico",
         "why": "Una cifra."},
        {"id": "f", "label": "fuente", "quote": "Teresa Ibáñez", "why": "Con nombre."}],
        ["afirmación", "fuente"])
    start, end = es.find("la población de lince ibérico")
    sub = Submission(student_id="s1", article_sha256=es.sha256, article_id="lince",
                     marks=(Mark(start, end, "afirmación", es.text[start:end]),))
    save_submission(sub, tmp_path / "s1.json")
    assert main(["score", str(tmp_path / "s1.json"), "--key", str(key),
                 "--labels", nfd("afirmación")]) == 0
    assert "100% (1 of 1 point)" in capsys.readouterr().out


# -- 2. labels that differ only in accents ----------------------------------------------------


def test_labels_that_differ_only_in_accents_are_refused_as_case_is(es):
    with pytest.raises(AnnotatorError, match="labels 'afirmación' and 'afirmacion' differ only "
                                             "in accents or case: students would take them for "
                                             "one label"):
        parse(es, [], ["afirmación", "fuente", "afirmacion"])
    with pytest.raises(AnnotatorError, match="differ only in accents or case"):
        parse(es, [], ["Opinión", "fuente", "opinion"])
    with pytest.raises(AnnotatorError, match="'Opinión' and 'opinión' differ only in case:"):
        parse(es, [], ["Opinión", "opinión"])


# -- 3. spaces that look alike, and dashes ----------------------------------------------------


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009", " "])
def test_any_space_in_a_quote_matches_any_space_in_the_article(fr, space):
    key = parse(fr, [
        {"id": "pct", "label": "affirmation", "quote": f"3,5{space}% du PIB"},
        {"id": "mob", "label": "Évaluation", "quote": f"«{space}mobilisation historique{space}»",
         "min": f"mobilisation{space}historique"}])
    assert text_of(key, "pct") == "3,5\u00a0% du PIB"  # the article's own characters
    assert text_of(key, "mob") == "«\u202fmobilisation historique\u202f»"
    item = key.item("mob")
    assert fr.text[item.min_start:item.min_end] == "mobilisation historique"


def test_a_plain_space_in_a_max_matches_a_non_breaking_one_in_the_article(fr):
    key = parse(fr, [{"id": "pct", "label": "affirmation", "quote": "déficit",
                      "max": "le déficit atteindrait 3,5 % du PIB"}])
    item = key.item("pct")
    assert fr.text[item.max_start:item.max_end] == "le déficit atteindrait 3,5\u00a0% du PIB"


def test_nth_counts_occurrences_whatever_their_spaces_and_the_offsets_are_exact(article):
    text = "Il a dit 3\u00a0%. Puis 3 %. Puis 3\u202f%.\n"
    mixed = article(text, "mixed")
    data = key_data(mixed, [{"id": f"n{n}", "label": "claim", "quote": "3\u2009%", "nth": n}
                            for n in (1, 2, 3)], ["claim"])
    key = parse_key(data, article=mixed)
    assert [(key.item(f"n{n}").start, key.item(f"n{n}").end) for n in (1, 2, 3)] == [
        (9, 12), (19, 22), (29, 32)]
    data["items"] = [{"id": "n4", "label": "claim", "quote": "3\u2009%", "nth": 4}]
    with pytest.raises(AnnotatorError, match="occurs 3 time"):
        parse_key(data, article=mixed)


def test_a_quote_the_article_has_as_written_is_counted_as_written(article):
    """A key that was valid keeps its meaning: nth: 1 of '3 %' is the plain one, not the
    non-breaking one before it."""
    mixed = article("Il a dit 3\u00a0%. Puis 3 %.\n", "mixed2")
    key = parse_key(key_data(mixed, [{"id": "p", "label": "claim", "quote": "3 %"}],
                             ["claim"]), article=mixed)
    assert key.item("p").start == 19


@pytest.mark.parametrize(("typed", "article_has"), [("–", "—"), ("—", "–")])
def test_an_en_dash_for_an_em_dash_is_named(article, typed, article_has):
    dashed = article(f"Le député Marc-André Dubois {article_has} rapporteur {article_has} "
                     "parle.\n", "dash")
    with pytest.raises(AnnotatorError) as err:
        parse_key(key_data(dashed, [{"id": "d", "label": "claim",
                                     "quote": f"Dubois {typed} rapporteur"}], ["claim"]),
                  article=dashed)
    assert f"The article has a {'long' if article_has == '—' else 'shorter'} dash " \
        f"({article_has}" in str(err.value)


# -- 4. key letters ---------------------------------------------------------------------------


def test_key_letters_are_ascii_letters_with_accents_dropped():
    assert [label.hotkey for label in label_set(["affirmation", "source", "nuance",
                                                 "Évaluation"])] == ["a", "s", "n", "e"]
    assert [label.hotkey for label in label_set(["éthos", "émotion", "Énoncé"])] == [
        "e", "m", "n"]
    assert [label.hotkey for label in label_set(["ñandú", "œuvre"])] == ["n", "u"]


def test_the_lesson_names_the_ascii_key_the_widget_uses():
    lesson = lesson_notebook("retraites", "Retraites", labels=["affirmation", "Évaluation"],
                             draft=False)
    text = "\n".join("".join(cell["source"]) for cell in json.loads(lesson)["cells"])
    assert "| **Évaluation** | **E** |" in text  # the labels table
    assert "**E** for **Évaluation**" in text  # the task
    assert "**É**" not in text


# -- 5. two names that make one file name -----------------------------------------------------


def test_a_student_whose_name_makes_anothers_file_name_gets_a_file_of_her_own(tmp_path, es):
    """Begoña Peña opened Begoña Pena's file (ñ makes n in a file name), was told "Not
    yours? …", and a mark she made before reading it went into Pena's graded work. She now
    gets a file of her own at once; Pena's is never written."""
    pena = Annotator(es, labels=["afirmación"], student="Begoña Pena", save_dir=tmp_path)
    pena.marks = [[*es.find("Teresa Ibáñez"), "afirmación"]]
    pena_file = pena._path
    before = pena_file.read_bytes()
    pena_ny = Annotator(es, labels=["afirmación"], student="Begoña Peña", save_dir=tmp_path)
    assert pena_ny._path != pena_file and pena_ny.marks == [] and pena_ny.offer == {}
    assert pena_ny.notice == (
        f"Work saved as “Begoña Pena” has the same file name as yours, so yours is saved "
        f"apart, in {pena_ny._path.name}. If that work is yours, press “not you?” and type "
        "your name as you did then: “Begoña Pena”.")
    pena_ny.marks = [[*es.find("la población de lince ibérico"), "afirmación"]]
    assert pena_file.read_bytes() == before  # Pena's work as she left it
    again = Annotator(es, labels=["afirmación"], student="Begoña Peña", save_dir=tmp_path)
    assert again._path == pena_ny._path and len(again.marks) == 1  # hers, the next day too
    assert load_submission(again._path).student_id != load_submission(pena_file).student_id


# -- 6. a claim-like label of the teacher's own, without max ----------------------------------


def test_a_label_of_the_teachers_own_without_max_is_warned_of_once(es):
    key = parse(es, [
        {"id": "a1", "label": "afirmación", "quote": "la población de lince ibérico"},
        {"id": "a2", "label": "afirmación", "quote": "la diversidad genética"},
        {"id": "a3", "label": "afirmación", "quote": "es una gran noticia",
         "max": "dijo que es una gran noticia"},
        {"id": "c1", "label": "claim", "quote": "ha superado los 2.000 ejemplares"},
        {"id": "f1", "label": "fuente", "quote": "El Ministerio"}],
        ["afirmación", "claim", "fuente"])
    warnings = [w for w in review_warnings(key) if "no max" in w]
    tail = ("no max, so a mark longer than the quote earns only partial credit (only claim "
            "items grow to their whole sentence by default). Give max where a longer mark "
            "should still count.")
    assert warnings == [f"label 'afirmación': 2 items (a1, a2) have {tail}",
                        f"label 'fuente': 1 item (f1) has {tail}"]


def test_the_news_labels_and_the_shipped_key_get_no_max_warning(kn23_key):
    assert not [w for w in review_warnings(kn23_key) if "no max" in w]


def test_validate_warns_of_a_label_without_max_and_still_exits_0(tmp_path, capsys):
    _, key = lince_key(tmp_path, [
        {"id": "a", "label": "afirmación", "quote": "la población de lince ibérico",
         "why": "Una cifra."}], ["afirmación"])
    assert main(["validate", str(key)]) == 0
    assert "warn " in (out := capsys.readouterr().out) and "have no max" not in out \
        and "1 item (a) has no max" in out
    assert load_key(key).labels == ("afirmación",)


def test_figures_list_labels_alphabetically_case_and_accents_aside(es):
    """A plain sort listed "Opinión, afirmación, fuente": capitals and accents first."""
    from annotator.scoring import score

    key = parse(es, [{"id": "a", "label": "afirmación", "quote": "la población de lince ibérico",
                      "why": "Se puede comprobar."},
                     {"id": "o", "label": "Opinión", "quote": "es una gran noticia",
                      "why": "Una valoración."},
                     {"id": "f", "label": "fuente", "quote": "Teresa Ibáñez",
                      "why": "Con nombre."}], ["Opinión", "fuente", "afirmación"])
    result = score([Mark(0, 3, "Opinión"), Mark(4, 15, "Zeta"), Mark(16, 20, "épica")], key)
    assert list(result.labels) == ["afirmación", "épica", "fuente", "Opinión", "Zeta"]
    assert list(score([], key).labels) == ["afirmación", "fuente", "Opinión"]
