"""The student lessons: clean notebooks, thin code cells, and each one runs top to bottom."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
LESSONS = REPO / "lessons"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

EXERCISE_CELLS = {
    "1-claims.ipynb": 'from annotator.lesson import exercise\n'
                      'exercise("kn23", labels=["claim"], lesson="kn23-claims", '
                      'reveal_missed=True)',
    "2-sources.ipynb": 'from annotator.lesson import exercise\n'
                       'exercise("kn23", labels=["source"], lesson="kn23-sources", '
                       'reveal_missed=True)',
    "3-hedging.ipynb": 'from annotator.lesson import exercise\n'
                       'exercise("kn23", labels=["hedge"], lesson="kn23-hedging", '
                       'reveal_missed=True)',
    "4-full-analysis.ipynb": 'from annotator.lesson import exercise\n'
                             'exercise("kn23", labels=None, lesson="kn23-full", '
                             'reveal_missed=False, hints=True)',
}
LESSON_FILES = sorted(EXERCISE_CELLS)


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(LESSONS / name, as_version=4)


def code_cells(nb: nbformat.NotebookNode) -> list:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def markdown_text(nb: nbformat.NotebookNode) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


# -- the notebooks as files ---------------------------------------------------------------


def test_the_four_lessons_are_there():
    present = {p.name for p in LESSONS.glob("*.ipynb")}
    assert set(LESSON_FILES) <= present


@pytest.mark.parametrize("name", LESSON_FILES)
def test_lesson_is_valid_nbformat_4_with_the_python3_kernel(name):
    nb = read(name)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("name", LESSON_FILES)
def test_lesson_is_committed_without_outputs_or_execution_counts(name):
    nb = read(name)
    for cell in code_cells(nb):
        assert cell.outputs == [], f"{name}: cell {cell.id} has outputs"
        assert cell.execution_count is None, f"{name}: cell {cell.id} has an execution count"
    assert "widgets" not in nb.metadata, f"{name}: saved widget state in the metadata"


@pytest.mark.parametrize("name", LESSON_FILES)
def test_every_code_cell_is_at_most_two_lines(name):
    for cell in code_cells(read(name)):
        assert len(cell.source.strip().splitlines()) <= 2, f"{name}: cell {cell.id}"


@pytest.mark.parametrize("name", LESSON_FILES)
def test_the_only_code_is_the_exercise_cell(name):
    sources = [cell.source.strip() for cell in code_cells(read(name))]
    assert sources == [EXERCISE_CELLS[name]]


@pytest.mark.parametrize("name", LESSON_FILES)
def test_lesson_has_goals_marker_help_hints_reflection_and_an_answer_cell(name):
    nb = read(name)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# Lesson ")
    text = markdown_text(nb)
    for part in ("By the end of this lesson you can", "### How to use the marker",
                 "### Reading your feedback", "Hint", "### My answers"):
        assert part in text, f"{name}: no '{part}'"
    exercise_at = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "code")
    answers_at = next(i for i, cell in enumerate(nb.cells)
                      if cell.cell_type == "markdown" and "### My answers" in cell.source)
    assert exercise_at < answers_at


# -- running the lessons ------------------------------------------------------------------


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """A copy of lessons/ with seeds/ and answer_keys/ beside it, as a student's server has."""
    root = tmp_path_factory.mktemp("classroom")
    for folder in ("lessons", "seeds", "answer_keys"):
        shutil.copytree(REPO / folder, root / folder,
                        ignore=shutil.ignore_patterns("submissions", ".ipynb_checkpoints"))
    return root


@pytest.fixture(scope="module")
def executed(classroom):
    """Run each lesson headless once; keep the executed notebooks for the tests below."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    before = files_under(LESSONS)
    runs = {}
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUPYTERHUB_USER", "nbclient-test")
        env.setenv("PYTHONPATH", os.pathsep.join(
            p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p))
        for name in LESSON_FILES:
            nb = nbformat.read(classroom / "lessons" / name, as_version=4)
            client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                    resources={"metadata": {"path": str(classroom / "lessons")}})
            try:
                client.execute()
                runs[name] = nb
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
                # reported per lesson by the tests that need the run
                runs[name] = exc
    runs["_written_into_repo"] = files_under(LESSONS) - before
    return runs


def executed_lesson(executed, name) -> nbformat.NotebookNode:
    result = executed[name]
    if isinstance(result, Exception):
        error = getattr(result, "ename", type(result).__name__)
        pytest.fail(f"{name} did not run top to bottom: {error}: "
                    f"{getattr(result, 'evalue', result)}")
    return result


@pytest.mark.parametrize("name", LESSON_FILES)
def test_lesson_runs_top_to_bottom_headless(executed, name):
    nb = executed_lesson(executed, name)
    errors = [out for cell in code_cells(nb) for out in cell.outputs
              if out.output_type == "error"]
    assert errors == []


@pytest.mark.parametrize("name", LESSON_FILES)
def test_exercise_cell_displays_the_widget(executed, name):
    nb = executed_lesson(executed, name)
    (cell,) = code_cells(nb)
    assert any(WIDGET_MIME in out.get("data", {}) for out in cell.outputs), cell.outputs


def test_running_the_lessons_writes_nothing_into_the_repository(executed):
    assert executed["_written_into_repo"] == set()


# -- what the lessons say about the key ---------------------------------------------------

WORDS = {"Six": 6, "Seven": 7, "Eight": 8, "Nine": 9}


@pytest.fixture(scope="module")
def key():
    from annotator.key import load_key
    return load_key(REPO / "answer_keys" / "kn23.yaml")


def required(key, label: str) -> int:
    return sum(1 for item in key.items if item.label == label and item.required)


@pytest.mark.parametrize(("name", "label"), [("1-claims.ipynb", "claim"),
                                             ("2-sources.ipynb", "source"),
                                             ("3-hedging.ipynb", "hedge")])
def test_the_count_a_lesson_gives_for_its_label_is_the_keys(key, name, label):
    counts = re.findall(rf"The answer key has about (\d+) {label}s", markdown_text(read(name)))
    assert counts == [str(required(key, label))]


def test_lesson_4s_counts_are_the_keys(key):
    text = " ".join(markdown_text(read("4-full-analysis.ipynb")).split())
    said = re.search(r"about (\d+) claims, (\d+) sources and (\d+) hedges", text)
    assert said and said.groups() == tuple(str(required(key, label))
                                           for label in ("claim", "source", "hedge"))


def test_the_teachers_guide_gives_the_keys_counts(key):
    text = " ".join((LESSONS / "README.md").read_text("utf-8").split())
    claims = re.search(r"The key has (\d+) required claims and (\d+) optional ones", text)
    optional = sum(1 for item in key.items if item.label == "claim" and not item.required)
    assert claims and claims.groups() == (str(required(key, "claim")), str(optional))
    for label in ("source", "hedge"):
        said = re.search(rf"(\w+) required {label}s:", text)
        assert said and WORDS[said.group(1)] == required(key, label)


@pytest.mark.parametrize("name", LESSON_FILES)
def test_the_feedback_guide_says_not_close_enough_costs_a_little(name):
    """Check takes the same quarter point off a near miss as off a mark not in the key."""
    row = next(line for line in markdown_text(read(name)).splitlines()
               if line.startswith("| **Not close enough**"))
    assert "costs a little" in row


def test_the_source_table_has_a_row_for_every_source_the_lesson_asks_for(key):
    """The seven required sources, and the implicit ones students are told to write in."""
    cell = next(c.source for c in read("2-sources.ipynb").cells
                if c.cell_type == "markdown" and "**My source table**" in c.source)
    rows = [line for line in cell.splitlines() if line.replace(" ", "") == "|||||"]
    implicit = [i for i in key.items if i.source_type == "implicit"]
    assert len(implicit) == 3
    assert len(rows) == required(key, "source") + len(implicit)


def test_lesson_2_does_not_forbid_marking_what_check_calls_optional():
    """Marking 'reportedly' as a source is optional in lesson 2 (Found, no points, no
    penalty): a lesson saying 'do not mark them' gives the student a mixed signal."""
    text = " ".join(markdown_text(read("2-sources.ipynb")).split())
    assert "do **not** mark them" not in text and "do not mark them" not in text
    assert "you need not mark them" in text


def test_lesson_3s_task_names_the_optional_hedges_the_key_has(key):
    text = " ".join(markdown_text(read("3-hedging.ipynb")).split())
    task = text[text.index("**Task.**"):text.index("Press **Check**")]
    for item_id, words in [("hedge-according-to-1", "*According to*"),
                           ("hedge-estimates", "*Estimates*"),
                           ("hedge-reported-agentless", "*casualties reported*")]:
        assert key.item(item_id).required is False
        assert words in task


@pytest.mark.parametrize("name", ["1-claims", "2-sources", "3-hedging", "4-full-analysis"])
def test_reading_your_feedback_explains_already_found(name):
    """Check heads a second mark on an answered item "Already found"; the lessons' table of
    what each heading means did not say."""
    import json

    cells = json.loads((LESSONS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "".join("".join(c["source"]) for c in cells)
    assert "| **Already found** | another of your marks already answers this key item" in text
