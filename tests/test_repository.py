"""The repository as a contributor meets it: markers, licence, package data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11 and later (CI's); 3.10 lacks it

ROOT = Path(__file__).resolve().parent.parent


def test_every_browser_test_module_is_marked_browser():
    """`pytest -m "not browser"` must leave out every test that starts Chromium."""
    unmarked = [p.name for p in sorted((ROOT / "tests" / "browser").glob("test_*.py"))
                if not re.search(r"^pytestmark = pytest\.mark\.browser$", p.read_text("utf-8"),
                                 re.MULTILINE)]
    assert unmarked == []


def test_the_licence_pyproject_names_is_in_the_repository():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")


def test_package_data_patterns_each_match_a_file():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["annotator"]
    assert all(list((ROOT / "annotator").glob(pattern)) for pattern in patterns)
