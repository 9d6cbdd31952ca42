"""Running the real lesson notebooks in the browser (used by test_lessons_browser.py and
test_widget_notebook7.py).

``open_lesson("3-hedging.ipynb")`` copies ``lessons/`` into the served temp project (next to
the ``seeds/`` and ``answer_keys/`` copies the ``lab`` fixture made, so the notebook finds the
article and key exactly as in a class), opens the lesson, runs every cell through
``window.jupyterapp`` commands, waits for the kernel, and types a student's name. It reuses
the ``Notebook`` helper of conftest.py; a test module makes it a fixture with

    @pytest.fixture
    def open_lesson(page, lab, request):
        return lesson_opener(page, lab, request.config)
"""

from __future__ import annotations

import ast
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from widget_helpers import click_check, notebook_class

from annotator.feedback import explain, summary_line
from annotator.key import key_for_labels
from annotator.labels import label_set
from annotator.names import safe_id
from annotator.scoring import Scorer
from annotator.submission import Mark

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

_CODE_CELLS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const cells = [];
  for (let i = 0; i < nb.model.cells.length; i++) {
    const cell = nb.model.cells.get(i);
    if (cell.type !== 'code') continue;
    const json = cell.sharedModel.toJSON();
    cells.push({
      source: cell.sharedModel.getSource(),
      count: json.execution_count,
      outputs: (json.outputs || []).map((o) => ({
        type: o.output_type, name: o.name || '', text: [].concat(o.text || []).join(''),
        ename: o.ename || '', evalue: o.evalue || '', mimes: Object.keys(o.data || {})})),
    });
  }
  return cells;
}"""

# Errors a front end throws by itself, with or without this project (these are allowed). Both
# come from Notebook 7.6's own code, on a blank notebook too: it races its shortcut settings
# (jupyter/notebook#7862), and once a JupyterLab page has saved the shared workspace (as the
# other browser tests do on the same server) it calls a command only JupyterLab registers.
KNOWN_FRONT_END_ERRORS = {
    "notebook7": ("Cannot read properties of undefined (reading 'schema')",
                  "Command 'filebrowser:open-path' not registered."),
}
HOTKEYS = {label.name: label.hotkey for label in label_set(["claim", "source", "hedge"])}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@dataclass
class Lesson:
    """An open, run lesson: ``nb`` is conftest's Notebook helper for its widget."""

    nb: object
    folder: Path  # the copy of lessons/ this test owns
    lesson_id: str
    student: str

    def page_errors(self) -> list[str]:
        """JavaScript errors thrown in the page, but for the front end's own known ones."""
        known = KNOWN_FRONT_END_ERRORS.get(self.nb.front_end, ())
        return [e for e in self.nb.page.page_errors if e not in known]

    @property
    def save_path(self) -> Path:
        return self.folder / "submissions" / safe_id(self.lesson_id) / f"{safe_id(self.student)}.json"


def code_cells(nb) -> list[dict]:
    """Every code cell of the open notebook: source, execution count and outputs."""
    return nb.page.evaluate(_CODE_CELLS)


def assert_ran_cleanly(nb) -> None:
    """Every code cell ran, none has an error or stderr output, and a cell shows the widget."""
    cells = code_cells(nb)
    assert cells, "the lesson has no code cell"
    for cell in cells:
        assert cell["count"] is not None, f"cell did not run: {cell['source']!r}"
        for out in cell["outputs"]:
            assert out["type"] != "error", f"{out['ename']}: {out['evalue']} in {cell['source']!r}"
            assert not (out["type"] == "stream" and out["name"] == "stderr"), out["text"]
    assert any(WIDGET_MIME in out["mimes"] for cell in cells for out in cell["outputs"]), \
        "no cell displays the widget"


def start_as(nb, student: str) -> None:
    """Type a name into the widget's name field and press Start, as a student does."""
    assert nb.root.locator(".an-nameform").is_visible()
    assert nb.root.locator("button[data-action='check']").is_disabled()
    nb.root.locator("input.an-name").fill(student)
    nb.root.locator(".an-nameform button[type='submit']").click()
    nb.page.wait_for_function(
        "(name) => { const el = document.querySelector('.an-root .an-student-name');"
        " return !!el && el.textContent === name; }", arg=student)
    assert nb.root.locator(".an-nameform").is_hidden()


def lesson_opener(page, lab, config):
    """``open_lesson("1-claims.ipynb", front_end="lab", student="Ada Lovelace")`` -> Lesson,
    for a test module's ``open_lesson`` fixture (built from conftest's ``page`` and ``lab``)."""
    Notebook = notebook_class(config)

    def _open(filename: str, *, front_end: str = "lab", student: str = "Ada Lovelace") -> Lesson:
        folder = lab.root / f"lessons-{uuid.uuid4().hex[:8]}"
        shutil.copytree(REPO / "lessons", folder,
                        ignore=shutil.ignore_patterns("submissions", ".ipynb_checkpoints"))
        source = json.loads((folder / filename).read_text(encoding="utf-8"))
        lesson_id = _lesson_id(source)
        nb = Notebook(page, lab, f"{folder.name}/{filename}", folder / "unused", front_end)
        lesson = Lesson(nb, folder, lesson_id, student)
        nb.open()
        nb.run_all()
        assert_ran_cleanly(nb)
        assert not lesson.page_errors(), lesson.page_errors()
        start_as(nb, student)
        nb.save_path = lesson.save_path  # so nb.file_marks() / nb.wait_saved() read this file
        return lesson

    return _open


def _lesson_id(notebook: dict) -> str:
    """The ``lesson=`` argument of the exercise cell (it names the submissions folder)."""
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "exercise":
                for kw in node.keywords:
                    if kw.arg == "lesson":
                        return ast.literal_eval(kw.value)
    raise LookupError("no exercise(..., lesson=...) cell in the lesson")


_KERNEL_MARKS = """import json
from ipywidgets.widgets.widget import _instances
from annotator.widget import Annotator
print(json.dumps([w.marks for w in list(_instances.values()) if isinstance(w, Annotator)]))"""


def kernel_marks(nb) -> list[list]:
    """The marks the kernel holds (a lesson does not name its widget: find the only one)."""
    widgets = json.loads(nb.kernel(_KERNEL_MARKS))
    assert len(widgets) == 1, f"{len(widgets)} annotator widgets in the kernel"
    return widgets[0]


# -- marking and checking ----------------------------------------------------------------------


def quote_tokens(article, start: int, end: int) -> tuple[int, int]:
    """Inclusive first and last token of the character span [start, end)."""
    i, j = article.token_range(start, end)
    return i, j - 1


def drag_span(nb, article, start: int, end: int) -> None:
    """A real mouse drag from the first code point of the span to its last."""
    first, last = quote_tokens(article, start, end)
    last_len = len(article.text[slice(*article.tokens[last])])
    nb.drag((first, 0), (last, last_len - 1))


def make_mark(nb, article, key, item_id: str, how: str) -> list:
    """Mark key item ``item_id`` exactly, with the mouse; returns the mark the kernel must hold.

    ``how``: "drag" then the label's key; "armed": click the label on the toolbar, then drag
    (marked at once); "dblclick": double-click the (one-word) item, then the label's key."""
    item = key.item(item_id)
    hotkey = HOTKEYS[item.label]
    if how == "dblclick":
        (k,) = range(*article.token_range(item.start, item.end))  # one word
        nb.dblclick_token(k)
        nb.page.keyboard.press(hotkey)
    elif how == "armed":
        nb.page.keyboard.press("Escape")  # nothing selected: the label button arms the label
        nb.label_button(item.label).click()
        assert nb.root.get_attribute("data-armed") == item.label
        drag_span(nb, article, item.start, item.end)
        nb.page.keyboard.press("Escape")  # disarm (the new mark is selected)
        assert nb.root.get_attribute("data-armed") == ""
    else:
        drag_span(nb, article, item.start, item.end)
        assert nb.root.get_attribute("data-pending")
        nb.page.keyboard.press(hotkey)
    return [item.start, item.end, item.label]


def check_and_compare(nb, key, labels, reveal_missed: bool) -> list[dict]:
    """Press Check; the notes shown are those Python's scorer and feedback give the saved marks."""
    click_check(nb)
    marks = [Mark(*m) for m in nb.file_marks()]
    lesson_key = key_for_labels(key, labels)
    result = Scorer(lesson_key).score(marks)
    expected = [{"kind": n.kind, "item": n.item or "", "headline": n.headline, "quote": n.quote}
                for n in explain(result, lesson_key, reveal_missed=reveal_missed, marks=marks)]
    notes = shown_notes(nb)
    assert notes == expected
    assert nb.root.locator(".an-summary").inner_text() == summary_line(result)
    return notes


def assert_found(notes: list[dict], item_ids) -> None:
    for item_id in item_ids:
        shown = [n for n in notes if n["item"] == item_id]
        assert [(n["kind"], n["headline"]) for n in shown] == [("hit", "Found")], (item_id, shown)


def shown_notes(nb) -> list[dict]:
    return nb.page.evaluate("""() => Array.from(
      document.querySelectorAll('.an-root .an-notes .an-note'), (li) => ({
        kind: li.dataset.kind, item: li.dataset.item,
        headline: li.querySelector('.an-headline').textContent,
        quote: li.querySelector('.an-quote').title}))""")
