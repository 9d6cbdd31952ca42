"""How fast is the widget in a real browser? Real JupyterLab, real Chromium, one run.

Every time is taken inside the page with performance.now() (and event.timeStamp, the same
clock); each measurement is repeated (median and p90 printed) and set next to a floor measured
in the same page in the same run. Each ends at the first animation frame after the change, taken
twice: when that frame begins (its requestAnimationFrame callback, before style, layout and
paint) and when it has been rendered (a task posted from that callback runs after them); the
goals are judged on "rendered".

- First render of a 2,000- and a 20,000-word article: from the moment the widget's model
  reaches the page (the WebSocket message carrying its comm_open, the article in it) to all
  tokens in the DOM, and to the next frame. The cell's output is cleared before each run, so no
  old view is torn down meanwhile; a re-run over a drawn widget is shown apart. Floor: the same
  page building the same number of plain <span> elements (same text, same paragraphs) in one
  DocumentFragment and inserting it next to the widget.
- A mark: from the mouse-up of a real drag (label armed) to the mark in the DOM and to the next
  frame. Floor: the same drag over plain text that nothing listens to.
- Check: from the click to the new feedback in the DOM and to the next frame. Floors: a custom
  comm message echoed by the kernel (Check's path, minus scoring and drawing), a trivial execute
  request through JupyterLab, and the same request sent to a kernel directly over ZeroMQ.

Goals (DESIGN.md sections 7 and 11) are printed next to the figures; nothing is asserted. The
machine and its load average are printed too: other work on it moves every figure.

    python benchmarks/bench_widget.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "browser"))

from lab_server import WAIT_KERNEL_IDLE, chromium, open_notebook, running_lab
from widget_helpers import long_article

from annotator.article import load_article
from annotator.key import load_key
from annotator.submission import Mark, Submission, save_submission

GOALS = {"render20k": 500.0, "mark": 50.0, "check": 300.0}  # ms


# -- in-page probes ----------------------------------------------------------------------------

# Every probe ends with nextFrame(): the first animation frame after the change, timed twice:
# when the frame begins (its requestAnimationFrame callback, before style, layout and paint)
# and when it has been rendered (a task posted from that callback runs after the frame's
# rendering steps). "Rendered" is the figure that says the change can be seen.
NEXT_FRAME = """
window.__nextFrame = (t0) => new Promise((resolve) => {
  requestAnimationFrame(() => {
    const frame = performance.now() - t0;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve({frame, rendered: performance.now() - t0});
    channel.port2.postMessage(0);
  });
});
"""

# When each kernel message reaches the page: a listener added to every WebSocket before
# JupyterLab's own, so it runs first for each message, before the message is even parsed.
WEBSOCKET_ARRIVALS = """
(() => {
  const Native = window.WebSocket;
  window.__wsArrival = 0;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { window.__wsArrival = performance.now(); });
    }
  };
})();
"""

# Note when each widget model reaches the page: JupyterLab's kernel connection parses each
# message and emits anyMessage at once, still inside the WebSocket's message event; the time
# kept is that event's arrival (before parsing).
HOOK_MODEL_ARRIVALS = """() => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  window.__bench = {models: []};
  kernel.anyMessage.connect((_, {msg, direction}) => {
    if (direction !== 'recv' || msg.header.msg_type !== 'comm_open') return;
    const state = ((msg.content || {}).data || {}).state || {};
    if (state._model_name === 'AnyModel') window.__bench.models.push(window.__wsArrival);
  });
}"""

CLEAR_OUTPUTS = """async () => {
  await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');
  await new Promise((r) => setTimeout(r, 300));  // let the old view go and the page settle
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return document.querySelectorAll('.an-root').length;
}"""

# Run the (only) cell; note when the new widget's last token is in the document, then the next
# frame. Times are from the model's arrival (see HOOK_MODEL_ARRIVALS), and from the run command.
RENDER_RUN = """async (n) => {
  for (const r of document.querySelectorAll('.an-root')) r.dataset.benchOld = '1';
  window.__bench.models = [];
  let dom = null, tokens = 0;
  const inDom = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const root = Array.from(document.querySelectorAll('.an-root'))
        .find((r) => !r.dataset.benchOld);
      const last = root && root.querySelector(`.an-tok[data-i="${n - 1}"]`);
      if (!last || !document.body.contains(last)) return;
      observer.disconnect();
      dom = performance.now();
      tokens = root.querySelectorAll('.an-tok').length;
      resolve();
    });
    observer.observe(document.body, {childList: true, subtree: true});
  });
  const run = performance.now();
  window.jupyterapp.commands.execute('notebook:run-all-cells');
  await inDom;
  const model = window.__bench.models[0];
  const next = await window.__nextFrame(model);
  return {dom: dom - model, ...next, fromRun: next.rendered + model - run, tokens};
}"""

# The floor for rendering: the same text as plain spans in the same paragraphs, built in one
# DocumentFragment and inserted next to the widget (same width and fonts); then the next frame.
RENDER_FLOOR = """async ({tokens, spaces, paragraphs}) => {
  const host = document.querySelector('.an-root').parentElement;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));  // a quiet start
  const t0 = performance.now();
  const box = document.createElement('div');
  box.style.cssText = 'font-size:16px;line-height:2.6;max-height:70vh;overflow-y:auto';
  const frag = document.createDocumentFragment();
  let spans = 0;
  for (const [a, b] of paragraphs) {
    const p = document.createElement('p');
    for (let k = a; k < b; k++) {
      if (k > a && spaces[k]) {
        const s = document.createElement('span'); s.textContent = spaces[k]; p.appendChild(s); spans++;
      }
      const s = document.createElement('span'); s.textContent = tokens[k]; p.appendChild(s); spans++;
    }
    frag.appendChild(p);
  }
  box.appendChild(frag);
  host.appendChild(box);
  const dom = performance.now() - t0;
  const next = await window.__nextFrame(t0);
  box.remove();
  return {dom, ...next, spans};
}"""

# Mouse-up (event time) to the mark in the DOM of token k (a MutationObserver), and to the first
# frame after it.
MARK_PROBE = """(k) => {
  window.__mark = null;
  const el = document.querySelector(`.an-root .an-tok[data-i='${k}']`);
  document.addEventListener('mouseup', (e) => {
    const up = e.timeStamp;
    const observer = new MutationObserver(async () => {
      if (!el.classList.contains('an-marked')) return;
      observer.disconnect();
      const dom = performance.now() - up;
      window.__mark = {dom, ...(await window.__nextFrame(up))};
    });
    observer.observe(el, {attributes: true});
  }, {capture: true, once: true});
}"""

# The floor for a mark: mouse-up over plain text that nothing listens to, to the next frame.
FRAME_FLOOR_SETUP = """() => {
  let box = document.getElementById('bench-plain');
  if (!box) {
    box = document.createElement('div');
    box.id = 'bench-plain';
    box.style.cssText = 'position:fixed;left:40px;bottom:40px;z-index:100000;background:#fff;' +
      'font-size:16px;padding:8px';
    box.textContent = 'plain text that nothing listens to, for the frame floor';
    document.body.appendChild(box);
  }
  window.getSelection().removeAllRanges();  // a drag from inside a selection would drag it
  window.__mark = null;
  document.addEventListener('mouseup', async (e) => {
    window.__mark = await window.__nextFrame(e.timeStamp);
  }, {capture: true, once: true});
  const r = box.getBoundingClientRect();
  return [r.left + 4, r.right - 4, (r.top + r.bottom) / 2];
}"""

# Click (event time) on Check to the new feedback in the DOM, and to the first frame after it.
CHECK_PROBE = """() => {
  window.__check = null;
  const root = document.querySelector('.an-root');
  for (const r of root.querySelectorAll('.an-results')) r.dataset.benchOld = '1';
  const button = root.querySelector("button[data-action='check']");
  document.addEventListener('click', (e) => {
    if (!button.contains(e.target)) return;
    const t0 = e.timeStamp;
    const observer = new MutationObserver(async () => {
      const results = root.querySelector('.an-results:not([data-bench-old])');
      if (!results || button.textContent !== 'Check') return;
      observer.disconnect();
      const dom = performance.now() - t0;
      const notes = results.querySelectorAll('.an-note').length;
      window.__check = {dom, notes, ...(await window.__nextFrame(t0))};
    });
    observer.observe(root, {childList: true, subtree: true, characterData: true});
  }, {capture: true, once: true});
}"""

ECHO_TARGET = """
from comm import get_comm_manager

def _bench_echo(comm, _open):
    @comm.on_msg
    def _echo(msg):
        comm.send(msg["content"]["data"])

get_comm_manager().register_target("bench_echo", _bench_echo)
"""

KERNEL_FLOORS = """async ({n, setup}) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  await kernel.requestExecute({code: setup, silent: true, store_history: false}).done;
  const comm = kernel.createComm('bench_echo');
  await comm.open({}).done;
  const echo = [], execute = [];
  for (let i = 0; i < n + 1; i++) {
    const reply = new Promise((resolve) => { comm.onMsg = resolve; });
    const t0 = performance.now();
    comm.send({type: 'check'});
    await reply;
    if (i) echo.push(performance.now() - t0);
  }
  comm.close();
  for (let i = 0; i < n + 1; i++) {
    const t0 = performance.now();
    await kernel.requestExecute({code: 'pass', silent: true, store_history: false}).done;
    if (i) execute.push(performance.now() - t0);
  }
  return {echo, execute};
}"""


# -- figures -----------------------------------------------------------------------------------


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


class Table:
    """Rows of figures: what, n, median, p90, the floor's median and the ratio, the goal."""

    def __init__(self):
        self.rows: list[tuple] = []

    def section(self, title: str) -> None:
        self.rows.append((title,))

    def add(self, what: str, values: list[float], floor: list[float] | None = None,
            goal: float | None = None) -> None:
        self.rows.append((what, values, floor, goal))

    def print(self) -> None:
        head = (f"{'measurement, ms':<50}{'n':>4}{'median':>9}{'p90':>9}{'floor':>9}"
                f"{'x floor':>9}   goal (on p90)")
        print(head)
        print("-" * (len(head) + 6))
        for row in self.rows:
            if len(row) == 1:
                print(row[0])
                continue
            what, values, floor, goal = row
            med = statistics.median(values)
            line = f"{what:<50}{len(values):>4}{med:>9.1f}{p90(values):>9.1f}"
            if floor:
                fmed = statistics.median(floor)
                line += f"{fmed:>9.1f}{med / fmed:>8.1f}x"
            elif goal is not None:
                line += " " * 18
            if goal is not None:
                line += f"   < {goal:.0f}: {'met' if p90(values) < goal else 'NOT met'}"
            print(line.rstrip())


def load() -> str:
    """The 1-minute load average: other work on the machine moves every figure here."""
    try:
        return f"load average {os.getloadavg()[0]:.2f}"
    except OSError:
        return "load average unknown"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return (f"{cpu}; {os.cpu_count()} logical cores ({usable} usable); {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}")


# -- the measurements --------------------------------------------------------------------------


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(120_000)
    context.add_init_script(script=NEXT_FRAME + WEBSOCKET_ARRIVALS)
    return context.new_page()


TOKEN_RECTS = """([a, b]) => {
  const tok = (k) => document.querySelector(`.an-root .an-tok[data-i='${k}']`);
  tok(a).scrollIntoView({block: 'center'});
  const ra = tok(a).getBoundingClientRect(), rb = tok(b).getBoundingClientRect();
  return [ra.left + 1, (ra.top + ra.bottom) / 2, rb.right - 1, (rb.top + rb.bottom) / 2];
}"""


def drag(page, x0, y0, x1, y1) -> None:
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=3)
    page.mouse.move(x1, y1, steps=3)
    page.mouse.up()


def bench_article(lab, browser, table: Table, words: int, runs: int) -> None:
    """First render of an article of ``words`` words, then ``runs`` marks on it."""
    name = f"bench{words // 1000}k"
    (lab.root / "seeds" / f"{name}.txt").write_text(long_article(words), encoding="utf-8")
    art = load_article(lab.root / "seeds" / f"{name}.txt")
    payload = art.widget_payload()
    n = len(payload["tokens"])
    code = (f"from annotator.lesson import exercise\n"
            f"w = exercise({name!r}, student='bench', save_dir='submissions/{name}')\nw")
    lab.write_notebook(f"{name}.ipynb", [code])
    page = new_page(browser)
    open_notebook(page, lab, f"{name}.ipynb")
    page.evaluate(HOOK_MODEL_ARRIVALS)

    first, rerun = [], []
    for _ in range(runs + 1):  # the first run also loads the widget's module: reported apart
        for into in (first, rerun):  # drawn on an empty output, then re-run over it
            if into is first and page.evaluate(CLEAR_OUTPUTS):
                raise RuntimeError("the widget is still on the page after clearing outputs")
            out = page.evaluate(RENDER_RUN, n)
            if out["tokens"] != n:  # a broken run, not a slow one
                raise RuntimeError(f"{out['tokens']} of {n} tokens drawn")
            page.wait_for_function(WAIT_KERNEL_IDLE, polling=50)
            into.append(out)
    cold, first, rerun = first[0], first[1:], rerun[1:]
    spans = {"tokens": [t[2] for t in payload["tokens"]], "spaces": payload["spaces"],
             "paragraphs": payload["paragraphs"]}
    floor = [page.evaluate(RENDER_FLOOR, spans) for _ in range(runs + 1)][1:]
    goal = GOALS["render20k"] if words >= 20_000 else None
    table.section(f"first render, {art.word_count:,} words ({n:,} tokens; floor: "
                  f"{floor[0]['spans']:,} plain spans, one DocumentFragment)")
    table.add("  model reaches page -> all tokens in the DOM", [r["dom"] for r in first],
              [f["dom"] for f in floor])
    table.add("  model reaches page -> next frame begins", [r["frame"] for r in first],
              [f["frame"] for f in floor])
    table.add("  model reaches page -> that frame rendered", [r["rendered"] for r in first],
              [f["rendered"] for f in floor], goal)
    table.add("  run cell -> that frame rendered (with kernel)", [r["fromRun"] for r in first])
    table.add("  re-run over a drawn widget: model -> rendered", [r["rendered"] for r in rerun],
              [f["rendered"] for f in floor])
    table.add("  first run in a fresh page (loads the module)", [cold["rendered"]])

    # Marks: label armed, real drags four words long, spread over the article.
    starts = [k for k, punct in enumerate(payload["punct"]) if not punct]
    page.locator(".an-root .an-label-button[data-label='hedge']").click()
    marks = []
    step = max(1, (len(starts) - 10) // (runs + 2))
    for i in range(runs + 1):
        a, b = starts[(i + 1) * step], starts[(i + 1) * step + 3]
        x0, y0, x1, y1 = page.evaluate(TOKEN_RECTS, [a, b])
        page.evaluate(MARK_PROBE, b)
        drag(page, x0, y0, x1, y1)
        marks.append(page.wait_for_function("() => window.__mark", timeout=15_000).json_value())
        page.wait_for_selector(".an-root .an-status-saved")
    plain = []
    for _ in range(runs + 1):
        left, right, y = page.evaluate(FRAME_FLOOR_SETUP)
        drag(page, left, y, right, y)
        plain.append(page.wait_for_function("() => window.__mark", timeout=15_000).json_value())
    marks, plain = marks[1:], plain[1:]
    table.section(f"a mark on the {words:,}-word article (label armed, real drag; "
                  "floor: the same drag over plain text)")
    table.add("  mouse-up -> mark in the DOM", [m["dom"] for m in marks])
    table.add("  mouse-up -> next frame begins", [m["frame"] for m in marks],
              [m["frame"] for m in plain])
    table.add("  mouse-up -> that frame rendered", [m["rendered"] for m in marks],
              [m["rendered"] for m in plain], GOALS["mark"])
    page.context.close()
    lab.shutdown_kernels()


def raw_kernel_round_trips(n: int) -> list[float]:
    """execute("pass") straight to a kernel over ZeroMQ: no server, no browser."""
    import subprocess

    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", stderr=subprocess.DEVNULL)
    try:
        times = []
        for _ in range(n + 1):
            t = time.perf_counter()
            kc.execute_interactive("pass", silent=True, store_history=False, timeout=30)
            times.append((time.perf_counter() - t) * 1000)
        return times[1:]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def bench_check(lab, browser, table: Table, runs: int) -> None:
    """Check on kn23 with its key, against a submission with every required item and extras."""
    key = load_key(lab.root / "answer_keys" / "kn23.yaml")
    art = key.article
    marks = [Mark(i.start, i.end, i.label) for i in key.items if i.required]
    for quote, label in [("Telegram", "source"), ("Donetsk", "claim"), ("confirmed", "hedge")]:
        start, end = art.find(quote)
        marks.append(Mark(start, end, label))
    folder = lab.root / "submissions" / "bench-check"
    base = Submission(student_id="bench", article_sha256=art.sha256, article_id=art.id)
    save_submission(base.with_marks(marks, art), folder / "bench.json")
    code = ("from annotator.lesson import exercise\n"
            f"w = exercise('kn23', student='bench', save_dir={str(folder)!r}, reveal_missed=True)"
            "\nw")
    lab.write_notebook("bench-check.ipynb", [code])
    page = new_page(browser)
    open_notebook(page, lab, "bench-check.ipynb")
    page.evaluate("async () => { await window.jupyterapp.commands.execute("
                  "'notebook:run-all-cells'); }")
    page.wait_for_selector(".an-root .an-tok")
    page.wait_for_function(WAIT_KERNEL_IDLE, polling=50)
    button = page.locator(".an-root button[data-action='check']")
    checks = []
    for _ in range(runs + 1):
        page.evaluate(CHECK_PROBE)
        button.click()
        checks.append(page.wait_for_function("() => window.__check", timeout=30_000).json_value())
        page.wait_for_function(WAIT_KERNEL_IDLE, polling=50)
    checks = checks[1:]
    floors = page.evaluate(KERNEL_FLOORS, {"n": 3 * runs, "setup": ECHO_TARGET})
    page.context.close()
    lab.shutdown_kernels()
    table.section(f"Check on kn23 ({len(marks)} marks, {checks[0]['notes']} notes drawn; "
                  "floor: a comm message echoed by the kernel)")
    table.add("  click -> feedback in the DOM", [c["dom"] for c in checks], floors["echo"])
    table.add("  click -> next frame rendered", [c["rendered"] for c in checks], floors["echo"],
              GOALS["check"])
    table.add("  (floor) comm echo through JupyterLab", floors["echo"])
    table.add("  (floor) execute 'pass' through JupyterLab", floors["execute"])
    table.add("  (floor) execute 'pass' over ZeroMQ, no browser", raw_kernel_round_trips(3 * runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="repeats of each measurement")
    args = parser.parse_args()
    started = time.perf_counter()
    table = Table()
    with running_lab() as lab, chromium() as browser:
        import jupyterlab

        print(f"machine: {machine()}; {load()} at the start")
        print(f"browser: Chromium {browser.version} (headless); JupyterLab {jupyterlab.__version__}")
        print(f"each figure: {args.runs} runs after one warm-up, timed in the page "
              "(performance.now(), event.timeStamp)\n")
        bench_article(lab, browser, table, 2_000, args.runs)
        bench_article(lab, browser, table, 20_000, args.runs)
        bench_check(lab, browser, table, args.runs)
    table.print()
    print(f"\ngoals (DESIGN.md): 20,000 words drawn < {GOALS['render20k']:.0f} ms, a mark visible "
          f"< {GOALS['mark']:.0f} ms, Check answered < {GOALS['check']:.0f} ms; judged on p90. "
          f"Nothing is asserted.\n(benchmark wall time {time.perf_counter() - started:.0f} s; "
          f"{load()} at the end)")


if __name__ == "__main__":
    main()
