"""End-to-end fixtures: real JupyterLab (a temp copy of the project) driven in real Chromium.

- ``lab`` (session): a JupyterLab server (``lab_server.py``), serving a temporary folder that holds
  copies of ``seeds/`` and ``answer_keys/``; tests write notebooks and articles into it.
- ``browser`` (session): Debian's Chromium through Playwright. Missing browser or Playwright:
  skipped locally, a loud failure when ``CI`` is set.
- ``page`` (function): a fresh browser context; a screenshot goes to ``artifacts/`` on failure.
- ``open_exercise(...)``: writes a notebook that calls ``exercise(...)``, opens it, runs it and
  returns a ``Notebook`` helper for the widget in it.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

import pytest
from lab_server import CHROMIUM, CHROMIUM_FLAGS, WAIT_KERNEL_IDLE, Lab, running_lab
from widget_helpers import artifact_path

TIMEOUT_MS = 60_000


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run: {reason}. CI must run them: install the "
                    "browser (apt-get install -y chromium) and playwright.", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config):
    config.addinivalue_line("markers", "touch: the browser context has a touchscreen")


# -- the server ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    with running_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server


# -- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS,
                                              headless=True)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, lab, request):
    # @pytest.mark.touch: a touchscreen device (page.touchscreen.tap works, touch events fire)
    touch = request.node.get_closest_marker("touch") is not None
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, has_touch=touch)
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    pg.page_errors = []
    pg.on("pageerror", lambda exc: pg.page_errors.append(str(exc)))
    yield pg
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        from playwright.sync_api import Error as PlaywrightError

        try:
            pg.screenshot(path=str(artifact_path(f"FAILED-{request.node.name}.png")))
        except PlaywrightError as exc:  # a courtesy: never hide the real failure behind it
            print(f"no failure screenshot: {exc}")
    context.close()
    lab.shutdown_kernels()


# -- a notebook with the widget in it --------------------------------------------------------


_KERNEL_EXEC = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, store_history: false});
  let out = '';
  future.onIOPub = (msg) => {
    const t = msg.header.msg_type;
    if (t === 'stream') out += msg.content.text;
    else if (t === 'error') out += 'ERROR ' + msg.content.ename + ': ' + msg.content.evalue;
  };
  await future.done;
  return out;
}"""

_CELLS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const cells = [];
  for (let i = 0; i < nb.model.cells.length; i++) {
    const c = nb.model.cells.get(i);
    cells.push({type: c.type, source: c.sharedModel.getSource()});
  }
  return {cells, mode: nb.mode, active: nb.activeCellIndex};
}"""


class Notebook:
    """One open notebook running an exercise, and the widget in it."""

    def __init__(self, page, lab: Lab, name: str, save_path: Path, front_end: str = "lab"):
        self.page, self.lab, self.name, self.save_path = page, lab, name, save_path
        self.front_end = front_end
        self.root = page.locator(".an-root")

    def open(self) -> Notebook:
        self.page.goto(self.lab.url(self.name, self.front_end))
        self.page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext")
        self.wait_idle()
        return self

    def wait_idle(self) -> None:
        self.page.wait_for_function(WAIT_KERNEL_IDLE, polling=100)

    def run_all(self, expect_widget: bool = True) -> None:
        self.page.evaluate("() => { for (const r of document.querySelectorAll('.an-root'))"
                           " r.dataset.stale = '1'; }")
        self.page.evaluate(
            "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        self.wait_idle()
        if expect_widget:
            self.page.wait_for_selector(".an-root:not([data-stale]) .an-tok")

    def restart_kernel(self) -> None:
        self.page.evaluate("async () => { await window.jupyterapp.shell.currentWidget"
                           ".sessionContext.session.kernel.restart(); }")
        self.wait_idle()

    def kernel(self, code: str) -> str:
        out = self.page.evaluate(_KERNEL_EXEC, code)
        assert not out.startswith("ERROR"), out
        return out

    def kernel_marks(self) -> list[list]:
        return json.loads(self.kernel("import json; print(json.dumps(w.marks))"))

    def file_marks(self) -> list[tuple[int, int, str]]:
        data = json.loads(self.save_path.read_text(encoding="utf-8"))
        return sorted((m["start"], m["end"], m["label"]) for m in data["marks"])

    def wait_saved(self, count: int | None = None) -> None:
        """Wait for the widget to say Saved (and, if given, for that many marks on disk)."""
        self.page.wait_for_selector(".an-root .an-status-saved")
        if count is not None:
            deadline = time.monotonic() + 20
            while True:
                try:
                    if len(self.file_marks()) == count:
                        return
                except (OSError, ValueError):
                    pass
                assert time.monotonic() < deadline, "the submission file never got the marks"
                time.sleep(0.05)

    def cells(self) -> dict:
        return self.page.evaluate(_CELLS)

    # -- the widget ------------------------------------------------------------------------

    def token(self, k: int):
        return self.page.locator(f".an-root .an-tok[data-i='{k}']")

    def text(self):
        return self.page.locator(".an-root .an-text")

    def label_button(self, name: str):
        return self.page.locator(f".an-root .an-label-button[data-label='{name}']")

    def char_point(self, k: int, char: int, side: str) -> tuple[float, float]:
        """Viewport point just inside the left or right edge of code point ``char`` of token k."""
        self.token(k).scroll_into_view_if_needed()
        box = self.page.evaluate(
            """([k, char]) => {
              const el = document.querySelector(`.an-root .an-tok[data-i='${k}']`);
              const node = el.firstChild;
              const units = Array.from(node.data);
              const from = units.slice(0, char).join('').length;
              const range = document.createRange();
              range.setStart(node, from);
              range.setEnd(node, from + units[char].length);
              const r = range.getBoundingClientRect();
              return [r.left, r.right, r.top, r.bottom];
            }""", [k, char])
        left, right, top, bottom = box
        x = left + 1 if side == "left" else right - 1
        return x, (top + bottom) / 2

    def drag(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        """A real mouse drag from code point ``start[1]`` of token ``start[0]`` (inclusive)
        to code point ``end[1]`` of token ``end[0]`` (inclusive)."""
        x0, y0 = self.char_point(*start, "left")
        x1, y1 = self.char_point(*end, "right")
        mouse = self.page.mouse
        mouse.move(x0, y0)
        mouse.down()
        mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=4)
        mouse.move(x1, y1, steps=4)
        mouse.up()

    def dblclick_token(self, k: int) -> None:
        self.token(k).scroll_into_view_if_needed()
        self.token(k).dblclick()

    def selected(self) -> str:
        return self.root.get_attribute("data-selected") or ""


@pytest.fixture
def open_exercise(page, lab, request):
    """``open_exercise(article="kn23", **exercise_kwargs)`` -> an open, running Notebook.

    Every call gets its own notebook, lesson and submission folder, so tests never share work.
    ``front_end="notebook7"`` opens it in Notebook 7 instead of JupyterLab.
    ``before`` is code run before ``exercise(...)`` (e.g. setting JUPYTERHUB_USER), ``after``
    code run after it, before the widget ``w`` is displayed.
    """

    def _open(article: str = "kn23", *, before: str = "", after: str = "",
              name: str | None = None, student: str | None = "tester", run: bool = True,
              front_end: str = "lab", **kwargs) -> Notebook:
        stem = name or f"{request.node.name[:40]}-{uuid.uuid4().hex[:6]}"
        stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)
        save_dir = Path(kwargs.pop("save_dir", lab.root / "submissions" / stem))
        args = [repr(article)] + [f"{k}={v!r}" for k, v in kwargs.items()]
        if student is not None:
            args.append(f"student={student!r}")
        args.append(f"save_dir={str(save_dir)!r}")
        code = (f"{before}\nfrom annotator.lesson import exercise\n"
                f"w = exercise({', '.join(args)})\n{after}\nw")
        lab.write_notebook(f"{stem}.ipynb", [code.strip()])
        safe = _safe_id(student) if student else None
        notebook = Notebook(page, lab, f"{stem}.ipynb",
                            save_dir / f"{safe}.json" if safe else save_dir, front_end)
        notebook.open()
        if run:
            notebook.run_all()
        return notebook

    return _open


def _safe_id(name: str) -> str:
    from annotator.widget import safe_id

    return safe_id(name)
