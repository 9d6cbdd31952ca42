"""The repository as a contributor meets it: markers, licence, package data."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_browser_test_module_is_marked_browser():
    """`pytest -m "not browser"` must leave out every test that starts Chromium."""
    unmarked = [p.name for p in sorted((ROOT / "tests" / "browser").glob("test_*.py"))
                if not re.search(r"^pytestmark = pytest\.mark\.browser$", p.read_text("utf-8"),
                                 re.MULTILINE)]
    assert unmarked == []


PYPROJECT = (ROOT / "pyproject.toml").read_text("utf-8")  # read as text: 3.10 has no tomllib


def test_the_licence_pyproject_names_is_in_the_repository():
    assert re.search(r'^license = \{text = "MIT"\}$', PYPROJECT, re.MULTILINE)
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")


def test_package_data_patterns_each_match_a_file():
    line = re.search(r"^\[tool\.setuptools\.package-data\]\nannotator = \[(.*)\]$", PYPROJECT,
                     re.MULTILINE)
    patterns = re.findall(r'"([^"]+)"', line[1])
    assert patterns and all(list((ROOT / "annotator").glob(p)) for p in patterns)
