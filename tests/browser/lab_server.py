"""A real JupyterLab and a real Chromium, for the browser tests (conftest.py) and for
benchmarks/bench_widget.py alike.

Started as the stack notes on testing JupyterLab advise: a temporary copy of ``seeds/`` and
``answer_keys/``, private Jupyter config, runtime, settings and workspace folders, the news
toast off, ``window.jupyterapp`` exposed, and the server in its own process group, ended as a
group.

    with running_lab() as lab, chromium() as browser:
        lab.write_notebook("x.ipynb", ["1 + 1"])
        page = browser.new_page()
        page.goto(lab.url("x.ipynb"))
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ANNOTATOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


class Lab:
    """A running server: where it serves from, and how to reach it."""

    def __init__(self, root: Path, port: int, token: str, log: Path):
        self.root, self.port, self.token, self.log = root, port, token, log
        self.base = f"http://127.0.0.1:{port}"

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        for session in self.api("GET", "/api/sessions") or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def write_notebook(self, name: str, cells: list[str]) -> Path:
        notebook = {
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "cells": [{"cell_type": "code", "id": uuid.uuid4().hex[:8], "metadata": {},
                       "source": source, "outputs": [], "execution_count": None}
                      for source in cells],
        }
        path = self.root / name
        path.write_text(json.dumps(notebook), encoding="utf-8")
        return path

    def url(self, notebook: str, front_end: str = "lab") -> str:
        if front_end == "notebook7":
            return f"{self.base}/notebooks/{notebook}?token={self.token}"
        return f"{self.base}/lab/tree/{notebook}?reset&token={self.token}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_lab(base: Path | None = None, timeout: float = 60) -> Iterator[Lab]:
    """A JupyterLab server on a free port, serving a copy of the project's data in ``base``
    (a temporary folder, removed afterwards, when ``base`` is not given)."""
    with contextlib.ExitStack() as stack:
        if base is None:
            base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="annotator-lab-")))
        root = base / "project"
        root.mkdir()
        for folder in ("seeds", "answer_keys"):
            shutil.copytree(REPO / folder, root / folder)
        settings = base / "settings"
        notification = settings / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        env = {k: v for k, v in os.environ.items() if k != "JUPYTERHUB_USER"}
        env.update(JUPYTER_CONFIG_DIR=str(base / "config"),
                   JUPYTER_RUNTIME_DIR=str(base / "runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"), PYTHONUNBUFFERED="1")
        port, token = _free_port(), uuid.uuid4().hex
        log = base / "server.log"
        with open(log, "wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
                 f"--port={port}", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}",
                 f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
                 "--JupyterNotebookApp.expose_app_in_browser=True", "--ServerApp.allow_root=True"],
                cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        lab = Lab(root, port, token, log)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"JupyterLab exited:\n{log.read_text()[-2000:]}")
                try:
                    lab.api("GET", "/api/status")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"JupyterLab did not start:\n{log.read_text()[-2000:]}")
                    time.sleep(0.2)
            yield lab
        finally:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def chromium():
    """Debian's Chromium through Playwright (headless, quiet, as root)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS,
                                             headless=True)
        try:
            yield browser
        finally:
            browser.close()


# -- driving a notebook through window.jupyterapp ---------------------------------------------

WAIT_KERNEL_IDLE = """async () => {
  const nb = window.jupyterapp.shell.currentWidget;
  if (!nb || !nb.sessionContext) return false;
  await nb.sessionContext.ready;
  const kernel = nb.sessionContext.session && nb.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""


def open_notebook(page, lab: Lab, name: str) -> None:
    """Open a notebook in JupyterLab and wait for its kernel to be idle."""
    page.goto(lab.url(name))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext")
    page.wait_for_function(WAIT_KERNEL_IDLE, polling=100)
