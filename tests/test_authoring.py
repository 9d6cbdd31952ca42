"""``annotator new``: seed, draft key and lesson from a plain-text article."""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from pathlib import Path

import nbformat
import pytest
import yaml

from annotator.article import Article, load_article
from annotator.authoring import create, draft_key, guess_title, lesson_notebook, read_article_text
from annotator.cli import main
from annotator.errors import AnnotatorError
from annotator.feedback import explain
from annotator.key import dump_key, load_key, parse_key
from annotator.labels import label_set
from annotator.scoring import score
from annotator.submission import Mark
from annotator.suggest import Suggestion

COUNCIL = (
    "Library closures approved\n"
    "Councillors in Eastbrook voted on Monday to close two libraries, the council said.\n"
    "\"We simply cannot keep every building open,\" said finance chief Tom Baker. The "
    "closures may save around £400,000 a year, and they may also anger residents.\n")
SPORT_ODDS = ("The club reportedly paid around £4m for the striker, the chairman said. "
              "Fans believe the deal may change the season.\n")
HEALTH = ("Flu cases in the county have doubled in two weeks, according to the regional health "
          "agency. Doctors say the true number is probably higher.\n")
SPORT = ("Harbour City have reportedly signed the goalkeeper Erik Dahl. “He is the best keeper "
         "in the league,” the manager said.\n")
SCIENCE = ("Bees can recognise human faces, a study published on Tuesday suggests. The bees "
           "appeared to remember the faces for two days, the team reported.\n")


@pytest.fixture()
def project(tmp_path):
    """An empty project folder, and ``new(text_or_bytes, id, **options)`` run inside it."""
    root = tmp_path / "project"

    def new(content, article_id="demo", name="article.txt", **options):
        source = tmp_path / name
        if isinstance(content, bytes):
            source.write_bytes(content)
        else:
            source.write_text(content, encoding="utf-8")
        return create(source, article_id, root=root, **options)

    new.root = root
    return new


def all_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# -- the four files -----------------------------------------------------------------------


def test_new_writes_seed_meta_key_and_lesson(project):
    made = project(COUNCIL, "eastbrook")
    assert all_files(project.root) == ["answer_keys/eastbrook.yaml", "lessons/eastbrook.ipynb",
                                       "seeds/eastbrook.meta.yaml", "seeds/eastbrook.txt"]
    assert made.article.id == "eastbrook"


def test_the_seed_is_the_normalised_text_and_matches_the_key(project):
    made = project(COUNCIL, "eastbrook")
    seed = (project.root / "seeds" / "eastbrook.txt").read_bytes()
    assert seed.decode("utf-8") == COUNCIL
    key = load_key(made.key_path)
    assert key.sha256 == load_article(made.seed).sha256 == made.article.sha256


def test_meta_has_the_title_and_unknown_outlet_date_and_url_as_kn23s_has(project):
    project(HEALTH, "flu", title="  Flu cases   double: again  ")
    meta = yaml.safe_load((project.root / "seeds" / "flu.meta.yaml").read_text("utf-8"))
    assert meta == {"title": "Flu cases double: again", "outlet": "unknown", "date": "unknown",
                    "url": "unknown"}
    assert load_article(project.root / "seeds" / "flu.txt").title == "Flu cases double: again"


def test_the_title_defaults_to_a_headline_first_line_else_the_id(project):
    assert project(COUNCIL, "a").article.title == "Library closures approved"
    assert project(HEALTH, "b").article.title == "b"
    assert guess_title("A long first sentence that ends with a full stop.\nMore.") == ""


# -- the draft key ------------------------------------------------------------------------


def test_the_draft_key_loads_and_every_item_is_a_draft(project):
    made = project(COUNCIL, "eastbrook")
    key = load_key(made.key_path)
    assert key.extra.get("draft") is True
    assert {i.label for i in key.items} == {"claim", "source", "hedge"}
    for item in key.items:
        assert item.extra["draft"] is True
        assert item.extra["reason"]
        optional = "optional tier" in item.extra["reason"]
        assert item.required is not optional and item.points == 1
        assert item.why.startswith("DRAFT: ")


@pytest.mark.parametrize(("source_type", "words"), [
    ("unnamed_described", "an unnamed described source"), ("implicit", "an implicit source"),
    ("vague", "a vague source"), (None, "a possible source")])
def test_a_drafted_source_why_names_its_type_in_good_english(source_type, words):
    article = Article(id="x", text="Officials said it may rain.", title="x", path=None)
    draft = draft_key(article, [Suggestion("source", 0, 9, "Officials", "subject of 'said'",
                                           "reporting-verb", source_type=source_type)])
    assert draft.items[0].why.startswith(f"DRAFT: {words} (subject of 'said'). Rewrite:")


def test_optional_tier_suggestions_are_drafted_as_optional_items(project):
    made = project(SPORT_ODDS, "odds")
    tiers = {item.id: item.required for item in load_key(made.key_path).items}
    assert tiers["hedge-around"] is False  # an approximator: KEY-GUIDE's optional tier
    assert any(tiers.values())


def test_the_draft_key_file_says_it_is_a_draft_and_how_to_review_it(project):
    made = project(COUNCIL, "eastbrook")
    head = made.key_path.read_text("utf-8").splitlines()[0]
    assert head.startswith("# DRAFT answer key for seeds/eastbrook.txt")
    assert "answer_keys/KEY-GUIDE.md" in made.key_path.read_text("utf-8")
    # the guide it names is in the repository, not only beside it
    guide = Path(__file__).resolve().parent.parent / "answer_keys" / "KEY-GUIDE.md"
    assert guide.read_text("utf-8").startswith("# Writing a fair answer key")


def test_drafted_items_quote_the_article_exactly(project):
    made = project(COUNCIL, "eastbrook")
    raw = yaml.safe_load(made.key_path.read_text("utf-8"))
    text = made.article.text
    for data, item in zip(raw["items"], load_key(made.key_path).items):
        nth = data.get("nth", 1)
        assert text[item.start:item.end] == data["quote"]
        assert made.article.find(data["quote"], nth) == (item.start, item.end)


def test_a_repeated_word_gets_the_right_nth(project):
    made = project(COUNCIL, "eastbrook")
    raw = yaml.safe_load(made.key_path.read_text("utf-8"))
    mays = [d for d in raw["items"] if d["label"] == "hedge" and d["quote"] == "may"]
    assert [d.get("nth", 1) for d in mays] == [1, 2]
    key = load_key(made.key_path)
    starts = [i.start for i in key.items if i.label == "hedge" and
              made.article.text[i.start:i.end] == "may"]
    assert starts == [COUNCIL.index("may"), COUNCIL.index("may", COUNCIL.index("may") + 1)]


def test_the_draft_key_round_trips(project):
    made = project(COUNCIL, "eastbrook")
    first = load_key(made.key_path)
    again = parse_key(yaml.safe_load(dump_key(first)), article=first.article)
    assert again.items == first.items
    assert [i.extra for i in again.items] == [i.extra for i in first.items]
    assert again.extra == first.extra


def test_sources_and_hedges_carry_their_extents_and_types(project):
    key = load_key(project(HEALTH, "flu").key_path)
    text = key.article.text
    agency = next(i for i in key.items if i.label == "source" and "agency" in
                  text[i.start:i.end])
    assert text[agency.max_start:agency.max_end].startswith("according to")
    assert agency.source_type
    reportedly = load_key(project(SPORT, "dahl").key_path)
    hedge = next(i for i in reportedly.items if i.label == "hedge")
    assert hedge.alt_labels == ("source",) and hedge.source_type == "implicit"


def test_optional_tier_suggestions_say_so_in_their_reason(project):
    key = load_key(project(COUNCIL, "eastbrook").key_path)
    around = next(i for i in key.items if key.article.text[i.start:i.end] == "around")
    assert "required: false" in around.extra["reason"]


@pytest.mark.parametrize("name, text", [("health", HEALTH), ("sport", SPORT),
                                        ("science", SCIENCE), ("council", COUNCIL)])
def test_new_works_on_articles_on_any_topic(project, name, text):
    made = project(text, name)
    key = load_key(made.key_path)
    assert {i.label for i in key.items} == {"claim", "source", "hedge"}
    assert main(["validate", str(made.key_path)]) == 0


# -- the lesson ---------------------------------------------------------------------------


def test_the_lesson_is_a_valid_notebook_with_the_exercise_and_no_outputs(project):
    made = project(COUNCIL, "eastbrook")
    nb = nbformat.read(made.lesson, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 1
    # a second Check still tests: missed items stay hidden, Hint shows one sentence at a time
    assert code[0].source == ('from annotator.lesson import exercise\n'
                              'exercise("eastbrook", lesson="eastbrook-full", '
                              'reveal_missed=False)')
    assert code[0].outputs == [] and code[0].execution_count is None
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["annotator"] == {"article": "eastbrook", "lesson": "eastbrook-full",
                                        "draft": True}


def test_the_lesson_is_the_same_template_for_any_article(project):
    a = nbformat.read(project(HEALTH, "flu").lesson, as_version=4)
    b = nbformat.read(project(SPORT, "dahl").lesson, as_version=4)
    assert [c.source.replace("flu", "ID") for c in a.cells if c.cell_type == "markdown"][1:] == \
        [c.source.replace("dahl", "ID") for c in b.cells if c.cell_type == "markdown"][1:]


def test_the_lesson_runs_headless_and_shows_the_exercise(project):
    from nbclient import NotebookClient

    made = project(COUNCIL, "eastbrook")
    nb = nbformat.read(made.lesson, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(made.lesson.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [o.output_type for o in outputs] == ["execute_result"]
    assert "application/vnd.jupyter.widget-view+json" in outputs[0].data


def test_a_title_is_shown_as_text_not_markup(project):
    made = project(HEALTH, "flu", title="<script>alert(1)</script> *bold* & co")
    nb = nbformat.read(made.lesson, as_version=4)
    intro = nb.cells[1].source
    assert "<script>" not in intro and "&lt;script&gt;" in intro and r"\*bold\*" in intro


# -- any UTF-8 text -----------------------------------------------------------------------


def test_bom_and_crlf_are_normalised(project):
    made = project(b"\xef\xbb\xbf" + COUNCIL.replace("\n", "\r\n").encode("utf-8"), "crlf")
    seed = made.seed.read_bytes()
    assert not seed.startswith(b"\xef\xbb\xbf") and b"\r" not in seed
    assert seed.decode("utf-8") == COUNCIL
    assert load_key(made.key_path).sha256 == made.article.sha256


def test_decomposed_accents_are_composed(project):
    made = project(unicodedata.normalize("NFD", "Café owners say rents could double.\n"),
                   "cafe")
    assert made.seed.read_text("utf-8") == "Café owners say rents could double.\n"
    assert load_key(made.key_path).items


@pytest.mark.parametrize("text", [
    "Η κυβέρνηση ανακοίνωσε χθες ότι οι τιμές θα αυξηθούν. «Είναι πιθανό», είπε ο υπουργός.\n",
    "政府は昨日、物価が上がる可能性があると発表した。「それは確かだ」と大臣は述べた。\n",
    "🎉🎉🎉 Party! 🎉\n",
    "Το άρθρο. 🙂 The mayor may resign soon, officials said. 東京\n",
])
def test_non_latin_scripts_and_emoji_make_a_valid_project(project, text):
    made = project(text, "intl")
    assert made.seed.read_text("utf-8") == unicodedata.normalize("NFC", text)
    key = load_key(made.key_path)  # may have no items: the rules are for English
    assert key.sha256 == made.article.sha256
    for item in key.items:
        assert made.article.text[item.start:item.end]
    nbformat.validate(nbformat.read(made.lesson, as_version=4))


# -- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"  \n\r\n\t \n", "is empty"),
    (b"\xef\xbb\xbf", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    ("Flu cases rose.".encode("utf-16-le"), "UTF-16"),  # no byte-order mark: cannot tell
    (b"PK\x03\x04\x14\x00\x06\x00", "Word document"),
    (b"%PDF-1.7\n%\xe2\xe3", "a PDF"),
    (b"<!DOCTYPE html><html><body><p>Flu cases rose.</p></body></html>", "web page"),
    ("Café owners say rents could double.".encode("latin-1"), "not UTF-8"),
    (b"Flu cases rose.\x1b[31m red\n", "control characters"),
])
def test_unreadable_articles_are_refused_with_a_reason(project, content, message):
    with pytest.raises(AnnotatorError, match=message):
        project(content, "bad")
    assert not project.root.exists()


def test_a_missing_article_file_is_refused(tmp_path):
    with pytest.raises(AnnotatorError, match="file not found"):
        create(tmp_path / "nope.txt", "x", root=tmp_path)


@pytest.mark.parametrize("bad_id", ["../x", "a b", "x/y", "Flu", "", "-x", ".hidden",
                                    "a" * 65, "kn23.txt", "é"])
def test_unsafe_ids_are_refused_before_anything_is_written(project, bad_id):
    with pytest.raises(AnnotatorError, match="not a safe file name"):
        project(HEALTH, bad_id)
    assert not project.root.exists()


def test_existing_files_are_not_replaced_without_force(project):
    made = project(HEALTH, "flu")
    before = {p: p.read_bytes() for p in made.paths}
    with pytest.raises(AnnotatorError, match="--force") as exc:
        project(SPORT, "flu")
    assert "seeds/flu.txt" in str(exc.value) and "lessons/flu.ipynb" in str(exc.value)
    assert {p: p.read_bytes() for p in made.paths} == before


def test_one_existing_file_is_enough_to_refuse(project):
    (project.root / "lessons").mkdir(parents=True)
    (project.root / "lessons" / "flu.ipynb").write_text("{}", "utf-8")
    with pytest.raises(AnnotatorError, match="lessons/flu.ipynb"):
        project(HEALTH, "flu")
    assert all_files(project.root) == ["lessons/flu.ipynb"]


def test_force_replaces_all_four_files(project):
    project(HEALTH, "flu")
    made = project(SPORT, "flu", force=True)
    assert made.seed.read_text("utf-8") == SPORT
    assert load_key(made.key_path).sha256 == made.article.sha256


def test_writes_leave_no_temporary_files(project):
    project(COUNCIL, "eastbrook")
    project(COUNCIL, "eastbrook", force=True)
    assert not [p for p in project.root.rglob("*") if p.name.endswith(".tmp")]


def test_read_article_text_returns_the_normalised_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfOne\r\nTwo\rThree")
    assert read_article_text(path) == "One\nTwo\nThree"


# -- the command --------------------------------------------------------------------------


def run(capsys, *argv):
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_new_writes_the_project_and_says_what_to_do_next(capsys, tmp_path):
    source = tmp_path / "story.txt"
    source.write_text(COUNCIL, "utf-8")
    status, out, _ = run(capsys, "new", str(source), "--id", "eastbrook", "--root",
                         str(tmp_path / "p"), "--title", "Libraries")
    assert status == 0
    assert "answer_keys/eastbrook.yaml" in out and "review" in out
    assert load_article(tmp_path / "p" / "seeds" / "eastbrook.txt").title == "Libraries"


def test_cli_new_in_the_current_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lessons").mkdir()  # the project
    (tmp_path / "story.txt").write_text(HEALTH, "utf-8")
    assert run(capsys, "new", "story.txt", "--id", "flu")[0] == 0
    assert (tmp_path / "seeds" / "flu.txt").is_file()
    assert json.loads((tmp_path / "lessons" / "flu.ipynb").read_text("utf-8"))["nbformat"] == 4


@pytest.mark.parametrize("content, bad_id, message", [
    (HEALTH, "../x", "not a safe file name"),
    ("", "ok", "is empty"),
    (b"\x00\x01\x02", "ok", "binary"),
])
def test_cli_new_bad_input_exits_1(capsys, tmp_path, content, bad_id, message):
    source = tmp_path / "story.txt"
    source.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    status, _, err = run(capsys, "new", str(source), "--id", bad_id, "--root",
                         str(tmp_path / "project"))
    assert status == 1 and message in err


def test_cli_new_refuses_existing_files_then_force_works(capsys, tmp_path):
    source = tmp_path / "story.txt"
    source.write_text(HEALTH, "utf-8")
    args = ("new", str(source), "--id", "flu", "--root", str(tmp_path / "project"))
    assert run(capsys, *args)[0] == 0
    status, _, err = run(capsys, *args)
    assert status == 1 and "--force" in err
    assert run(capsys, *args, "--force")[0] == 0


def test_cli_new_without_an_id_is_a_usage_error(capsys, tmp_path):
    status, _, err = run(capsys, "new", str(tmp_path / "story.txt"))
    assert status == 2 and "--id" in err


def test_cli_new_help_has_examples(capsys):
    status, out, _ = run(capsys, "new", "--help")
    assert status == 0 and "examples:" in out and "--force" in out


def test_a_root_that_is_a_file_is_a_clear_error(tmp_path):
    source = tmp_path / "article.txt"
    source.write_text(HEALTH, encoding="utf-8")
    root = tmp_path / "afile"
    root.write_text("not a folder", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=f"cannot write the new files under {root}"):
        create(source, "demo", root=root)
    assert root.read_text(encoding="utf-8") == "not a folder"


def test_a_write_that_fails_partway_leaves_no_new_file(tmp_path):
    source = tmp_path / "article.txt"
    source.write_text(HEALTH, encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    (root / "lessons").symlink_to(tmp_path / "nowhere")  # a dangling link: the lesson fails
    with pytest.raises(AnnotatorError, match="nothing was written"):
        create(source, "demo", root=root)
    left = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    assert left == []  # not the seed, the meta file or the key either
    made = create(source, "demo", root=tmp_path / "fresh")  # and a good root still works
    assert made.key_path.is_file()


def test_boosters_are_drafted_as_distractors_with_a_reason(project):
    text = ("The four-day week clearly works, the minister said. It is undoubtedly the future. "
            "Critics say it will almost certainly fail.\n")
    made = project(text, "opinion")
    key = load_key(made.key_path)
    quoted = [text[d.start:d.end] for d in key.distractors]
    assert quoted == ["clearly", "undoubtedly"]  # "almost certainly" is a hedge, not a booster
    assert all(d.labels == ("hedge",) and "is a booster" in d.why for d in key.distractors)
    clearly = text.index("clearly")
    note, = [n for n in explain(score([Mark(clearly, clearly + 7, "hedge")], key), key)
             if n.kind == "extra"]
    assert note.why.startswith("“clearly” is a booster")


def test_notepads_utf16_with_its_byte_order_mark_is_read(project):
    made = project("Flu cases rose by a third, officials said.\r\n".encode("utf-16"), "flu")
    assert made.article.text == "Flu cases rose by a third, officials said.\n"
    assert made.seed.read_bytes().startswith(b"Flu cases")  # the seed is UTF-8


def test_new_outside_the_project_is_refused_and_says_where_to_run_it(capsys, tmp_path,
                                                                    monkeypatch):
    """A terminal opened in JupyterLab starts in lessons/: seeds/ and answer_keys/ made
    there would be lost to the lessons. A folder of downloads is no project either."""
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "1-claims.ipynb").write_text("{}", "utf-8")
    (tmp_path / "story.txt").write_text(HEALTH, "utf-8")
    monkeypatch.chdir(tmp_path / "lessons")
    status, _, err = run(capsys, "new", "../story.txt", "--id", "flu")
    assert status == 1 and "inside the project" in err and "cd .." in err
    monkeypatch.chdir(tmp_path)
    for path in (tmp_path / "lessons" / "1-claims.ipynb", tmp_path / "lessons"):
        path.unlink() if path.is_file() else path.rmdir()
    status, _, err = run(capsys, "new", "story.txt", "--id", "flu")
    assert status == 1 and "not an annotator project" in err and "--root" in err
    assert "mkdir seeds answer_keys lessons" in " ".join(err.split())  # a project of one's own
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]  # nothing written


def test_new_warns_about_an_article_in_another_language(capsys, tmp_path):
    source = tmp_path / "article.txt"
    source.write_text(("Le conseil municipal a annoncé mardi que les bibliothèques fermeront "
                       "plus tôt dès janvier, selon un communiqué. Les syndicats dénoncent une "
                       "décision prise sans concertation et craignent des suppressions de "
                       "postes dans plusieurs quartiers de la ville.\n"), "utf-8")
    status, _, err = run(capsys, "new", str(source), "--id", "fr", "--root",
                         str(tmp_path / "project"))
    assert status == 0 and "does not read as English" in err


def test_an_article_too_long_for_spacy_is_refused_with_a_reason(project):
    with pytest.raises(AnnotatorError, match="too long for an article"):
        project("Flu cases rose. " * 70_000, "long")


def test_new_names_the_lines_a_website_added_and_says_to_delete_them(capsys, tmp_path):
    source = tmp_path / "article.txt"
    source.write_text("Flu cases double\n\nBy Sarah Whitfield, Health Correspondent\n\n"
                      "Flu cases have doubled in a month, officials said on Monday.\n\n"
                      "Advertisement\n\nHospitals may delay some operations.\n", "utf-8")
    status, _, err = run(capsys, "new", str(source), "--id", "flu", "--root",
                         str(tmp_path / "project"))
    assert status == 0
    assert "2 line(s) look like what a website adds" in err
    assert "line 3: By Sarah Whitfield" in err and "line 7: Advertisement" in err
    assert f"Delete them from {source}" in err


# -- annotator lesson: a lesson for a key written by hand ---------------------------------


def _hand_written(project):
    """A project whose key a teacher wrote by hand: the draft reviewed, draft: and reason:
    gone."""
    made = project(COUNCIL, "eastbrook")
    made.lesson.unlink()
    data = yaml.safe_load(made.key_path.read_text("utf-8"))
    for item in data["items"]:
        item.pop("draft", None)
        item.pop("reason", None)
        item["why"] = "Reviewed by the teacher."
    made.key_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return made


def test_cli_lesson_makes_the_lesson_for_a_hand_written_key(capsys, project):
    made = _hand_written(project)
    status, out, err = run(capsys, "lesson", "eastbrook", "--root", str(project.root))
    assert status == 0 and err == ""
    assert "lessons/eastbrook.ipynb" in out and "items" in out
    nb = nbformat.read(made.lesson, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["annotator"] == {"article": "eastbrook", "lesson": "eastbrook-full",
                                        "draft": False}
    teacher = nb.cells[0].source
    assert "annotator lesson" in teacher and "draft" not in teacher  # not called a draft
    assert "annotator validate answer_keys/eastbrook.yaml" in teacher
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source.endswith('exercise("eastbrook", lesson="eastbrook-full", '
                                   'reveal_missed=False)')
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(made.lesson.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert "application/vnd.jupyter.widget-view+json" in outputs[0].data


def test_cli_lesson_for_a_draft_key_says_it_is_a_draft(capsys, project):
    made = project(COUNCIL, "eastbrook")
    made.lesson.unlink()
    status, _, err = run(capsys, "lesson", "eastbrook", "--root", str(project.root))
    assert status == 0 and "draft items" in err
    assert "is a **draft**" in nbformat.read(made.lesson, as_version=4).cells[0].source


def test_cli_lesson_refuses_a_missing_article_or_key_a_broken_key_and_an_existing_lesson(
        capsys, project):
    made = _hand_written(project)
    root = str(project.root)
    status, _, err = run(capsys, "lesson", "nosuch", "--root", root)
    assert status == 1 and "annotator new" in err and "nosuch" in err
    key_text = made.key_path.read_text("utf-8")
    made.key_path.write_text(key_text.replace("label: claim", "label: claims", 1), "utf-8")
    status, _, err = run(capsys, "lesson", "eastbrook", "--root", root)
    assert status == 1 and "eastbrook.yaml" in err and "claims" in err
    assert not made.lesson.exists()  # nothing written for a key that does not load
    made.key_path.unlink()
    status, _, err = run(capsys, "lesson", "eastbrook", "--root", root)
    assert status == 1 and "no answer key" in err
    made.key_path.write_text(key_text, "utf-8")
    assert run(capsys, "lesson", "eastbrook", "--root", root)[0] == 0
    made.lesson.write_text("the teacher's own edits", "utf-8")
    status, _, err = run(capsys, "lesson", "eastbrook", "--root", root)
    assert status == 1 and "--force" in err
    assert made.lesson.read_text("utf-8") == "the teacher's own edits"
    assert run(capsys, "lesson", "eastbrook", "--root", root, "--force")[0] == 0
    assert nbformat.read(made.lesson, as_version=4).metadata["annotator"]["draft"] is False


def test_cli_lesson_help_has_examples(capsys):
    status, out, _ = run(capsys, "lesson", "--help")
    assert status == 0 and "annotator lesson council-pool" in out and "Exit status" in out


def test_a_websites_odd_spaces_become_plain_so_a_typed_quote_matches(project):
    """A non-breaking space pasted from a web page ("Margaret\\u00a0Hale") looks like a space:
    a teacher typing the quote into a key could never match it."""
    made = project("Council leader Margaret\u00a0Hale said fees would rise by\u202f7\u2009%. "
                   "The plan may\u2002pass.\n", "fees")
    text = made.seed.read_text("utf-8")
    assert "Margaret Hale" in text and "by 7 %" in text and "may pass" in text
    assert not set(text) & {"\u00a0", "\u202f", "\u2009", "\u2002"}
    assert made.article.find("Margaret Hale") is not None
    ideographic = project("東京\u3000大阪 are cities, officials said.\n", "cjk", force=True)
    assert "\u3000" in ideographic.seed.read_text("utf-8")  # CJK's own space is kept


# -- a lesson for a key whose labels are the teacher's own --------------------------------

NEWS_WORDS = re.compile(r"claim|hedge|source|news", re.IGNORECASE)
TEACHER_CELL = "> **For the teacher (delete this cell before class).**"


def _own_labels(project, labels, article_id="lab"):
    """A hand-written key whose labels are the teacher's own (a lab report's evidence,
    reasoning and conclusion), its items relabelled in turn, and its lesson made by
    ``annotator lesson``: the lesson's path."""
    made = project(COUNCIL, article_id)
    made.lesson.unlink()
    data = yaml.safe_load(made.key_path.read_text("utf-8"))
    data["labels"] = list(labels)
    data.pop("distractors", None)
    for n, item in enumerate(data["items"]):
        item["label"] = labels[n % len(labels)]
        item["why"] = "Reviewed by the teacher."
        for field in ("alt_labels", "source_type", "draft", "reason"):
            item.pop(field, None)
    made.key_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert main(["lesson", article_id, "--root", str(project.root)]) == 0
    return made.lesson


def _sources(lesson):
    return [cell.source for cell in nbformat.read(lesson, as_version=4).cells]


def _prose(source):
    """A cell's words on one line, without a quote's '>' at the start of its lines."""
    return " ".join(word for word in source.split() if word != ">")


def test_a_key_with_its_own_labels_gets_a_lesson_that_teaches_them_and_their_keys(project):
    lesson = _own_labels(project, ["evidence", "reasoning", "conclusion"])
    assert [label.hotkey for label in label_set(["evidence", "reasoning", "conclusion"])] == \
        ["e", "r", "c"]  # the widget's buttons show E, R and C
    text = "\n".join(_sources(lesson)[1:])
    for name, key in (("evidence", "E"), ("reasoning", "R"), ("conclusion", "C")):
        assert f"| **{name}** | **{key}** |" in text  # the labels table
        assert f"**{key}** for **{name}**" in text  # the task
    assert "mark the **evidence**, **reasoning** and **conclusion** in this text" in text
    assert "# A full analysis: Library closures approved" in text


def test_a_lesson_for_its_own_labels_says_nothing_of_news_outside_the_teachers_note(project):
    """Every cell but the first (the teacher's note), code included, is free of the news
    lesson's words: a student following the text would otherwise mark claims with c."""
    cells = _sources(_own_labels(project, ["evidence", "reasoning", "conclusion"]))
    assert cells[0].startswith(TEACHER_CELL)
    assert [NEWS_WORDS.findall(source) for source in cells[1:]] == [[]] * (len(cells) - 1)


def test_a_lesson_for_its_own_labels_asks_the_teacher_to_define_them(project):
    cells = _sources(_own_labels(project, ["evidence", "reasoning", "conclusion"]))
    note = _prose(cells[0])
    assert "written for this key's own labels (evidence, reasoning and conclusion)" in note
    assert "**Before class, add a definition and an example for each label**" in note
    placeholder = [_prose(c) for c in cells[1:] if c.startswith(TEACHER_CELL)]
    assert len(placeholder) == 1
    assert "no description of evidence, reasoning and conclusion" in placeholder[0]


def test_a_label_the_annotator_knows_keeps_its_description_among_the_teachers_own(project):
    cells = _sources(_own_labels(project, ["claim", "evidence"]))
    claim = next(label for label in label_set(["claim"]))
    table = next(c for c in cells if c.startswith("## The labels"))
    assert f"| **claim** | **C** | {claim.description} |" in table
    assert "| **evidence** | **E** | … |" in table
    placeholder = next(c for c in cells[1:] if c.startswith(TEACHER_CELL))
    assert "no description of evidence. In the table" in _prose(placeholder)


def test_label_names_are_shown_as_text_and_do_not_break_the_table(project):
    import mistune  # as nbconvert renders Markdown (nbconvert comes with JupyterLab)
    names = ["cause & effect", 'Teacher\'s "note"', "a*b_c|d", "<b>$5`x`[y](z)"]
    cells = _sources(_own_labels(project, names))
    table = next(c for c in cells if c.startswith("## The labels"))
    rendered = mistune.create_markdown(escape=False, plugins=["table"])(table)
    rows = re.findall(r"<tr>(.*?)</tr>", rendered, re.DOTALL)[1:]
    shown = [[html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in
              re.findall(r"<td>(.*?)</td>", row, re.DOTALL)] for row in rows]
    assert [row[:2] for row in shown] == [["cause & effect", "C"], ['Teacher\'s "note"', "T"],
                                          ["a*b_c|d", "A"], ["<b>$5`x`[y](z)", "B"]]
    assert all(len(row) == 3 for row in shown)
    assert "<b>" not in "\n".join(cells) and r"a\*b\_c\|d" in table


def test_the_lesson_for_its_own_labels_runs_headless_and_shows_the_exercise(project):
    from nbclient import NotebookClient

    lesson = _own_labels(project, ["evidence", "reasoning", "conclusion"])
    nb = nbformat.read(lesson, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(lesson.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert [o.output_type for o in outputs] == ["execute_result"]
    assert "application/vnd.jupyter.widget-view+json" in outputs[0].data


# sha256 of the cells' sources (joined by "\n\0\n") of kn23's lessons as they were before
# lessons learnt other labels: the news lesson is the same text, word for word (but for the
# "Already found" row added to its feedback table later, in both)
KN23_REVIEWED = "0fd152d18f793d65379ed5d060ce8cef56f1c907eb10dff3ae53e7d8f345e5a8"
KN23_DRAFT = "59ae0fc4d21bbb71fe26b2b767380169867b164b72a1baa97905b5f63d8ba23f"


def _digest(notebook_text):
    cells = nbformat.reads(notebook_text, as_version=4).cells
    return hashlib.sha256("\n\0\n".join(c.source for c in cells).encode()).hexdigest()


def test_a_news_key_gets_the_news_lesson_unchanged(kn23, kn23_key):
    assert kn23_key.labels == ("claim", "source", "hedge")
    assert _digest(lesson_notebook("kn23", kn23.title, labels=kn23_key.labels, draft=False,
                                   made_by="annotator lesson")) == KN23_REVIEWED
    assert _digest(lesson_notebook("kn23", kn23.title)) == KN23_DRAFT


def test_the_news_labels_in_another_order_get_the_news_lesson(kn23):
    assert lesson_notebook("kn23", kn23.title, labels=["hedge", "claim", "source"]) == \
        lesson_notebook("kn23", kn23.title)


def test_cli_lesson_says_where_work_is_saved_and_how_to_grade_it(capsys, project):
    made = _hand_written(project)
    status, out, _ = run(capsys, "lesson", "eastbrook", "--root", str(project.root))
    assert status == 0
    folder = made.lesson.parent / "submissions" / "eastbrook-full"
    assert f"Students' work is saved in {folder}/" in out
    assert (f"annotator grade {folder} --key {made.key_path} --hide-missed --out "
            f"{project.root / 'grades' / 'eastbrook-full'}") in out


def test_cli_new_says_where_work_is_saved_and_how_to_grade_it(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lessons").mkdir()  # the project
    (tmp_path / "story.txt").write_text(HEALTH, "utf-8")
    status, out, _ = run(capsys, "new", "story.txt", "--id", "flu")
    assert status == 0
    assert "Students' work is saved in lessons/submissions/flu-full/" in out
    assert ("annotator grade lessons/submissions/flu-full --key answer_keys/flu.yaml "
            "--hide-missed --out grades/flu-full") in out


def test_cli_lesson_help_says_what_it_makes_for_other_labels_and_how_to_grade(capsys):
    _, out, _ = run(capsys, "lesson", "--help")
    text = " ".join(out.split())
    assert "news labels (claim, source, hedge)" in text
    assert "For a key with other labels" in text and "the key's own labels" in text
    assert "lessons/submissions/ID-full/" in text and "--hide-missed" in text


def test_a_relative_root_is_the_project_new_and_lesson_write_into(capsys, tmp_path,
                                                                    monkeypatch):
    """--root .. from lessons/, or --root my-lessons: the files go under that folder once,
    not under the folder inside it of the same name."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text(HEALTH, "utf-8")
    assert run(capsys, "new", "story.txt", "--id", "flu", "--root", "proj")[0] == 0
    assert all_files(tmp_path / "proj") == ["answer_keys/flu.yaml", "lessons/flu.ipynb",
                                            "seeds/flu.meta.yaml", "seeds/flu.txt"]
    monkeypatch.chdir(tmp_path / "proj" / "lessons")
    (tmp_path / "proj" / "lessons" / "flu.ipynb").unlink()
    assert run(capsys, "lesson", "flu", "--root", "..")[0] == 0
    assert (tmp_path / "proj" / "lessons" / "flu.ipynb").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proj", "story.txt"]


def test_a_long_article_is_said_to_be_long_and_its_lesson_to_take_longer(tmp_path, capsys):
    """A 1,600-word feature is more than one 45-minute lesson: `annotator new` warns, and the
    lesson says to plan two or more; a short article's lesson keeps its 45 minutes."""
    root = tmp_path / "project"
    long_text = "Water report\n\n" + "\n\n".join([COUNCIL.split("\n", 1)[1].strip()] * 50) + "\n"
    (tmp_path / "long.txt").write_text(long_text, encoding="utf-8")
    (tmp_path / "short.txt").write_text(COUNCIL, encoding="utf-8")
    assert main(["new", str(tmp_path / "long.txt"), "--id", "long", "--root", str(root)]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "words is long for one lesson (most are 300 to 1,500 words" in err
    words = Article(id="x", text=long_text).word_count
    assert 1500 < words < 3000
    lesson = (root / "lessons" / "long.ipynb").read_text("utf-8")
    assert f"a long article ({words:,} words): plan two lessons or more" in lesson
    assert main(["new", str(tmp_path / "short.txt"), "--id", "short", "--root", str(root)]) == 0
    assert "long for one lesson" not in capsys.readouterr().err
    assert "one lesson, about 45 minutes" in (root / "lessons" / "short.ipynb").read_text("utf-8")


@pytest.mark.parametrize("options", [{}, {"labels": ["evidence", "reasoning"]},
                                     {"draft": False, "words": 2000}])
def test_a_lesson_is_written_as_nbformat_writes_it_without_importing_it(options):
    """nbformat's import (its JSON Schema checker) took seconds of `annotator lesson`'s time:
    the notebook is written directly, the same text nbformat gives, and valid."""
    import subprocess
    import sys

    text = lesson_notebook("kn23", "A “quoted” title — with a dash", **options)
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    assert text == nbformat.writes(nb) + "\n"
    code = ("import sys; from annotator.authoring import lesson_notebook; "
            "lesson_notebook('kn23', 't'); print('nbformat' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "False"
