"""The JSON Schemas shipped in the package describe the files the readers accept."""

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import yaml

from annotator.key import load_key
from annotator.submission import Mark, Submission, save_submission

ROOT = Path(__file__).resolve().parent.parent


def schema(name: str) -> dict:
    return json.loads(files("annotator").joinpath("schemas", name).read_text(encoding="utf-8"))


def test_schemas_are_valid_json_schemas():
    for name in ("key.v1.json", "submission.v1.json"):
        jsonschema.Draft202012Validator.check_schema(schema(name))


def test_every_shipped_key_matches_the_key_schema():
    for path in [*ROOT.glob("answer_keys/*.yaml"), *ROOT.glob("answer_keys/drafts/*.yaml")]:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema("key.v1.json"))


def test_a_written_submission_matches_the_submission_schema(tmp_path):
    key = load_key(ROOT / "answer_keys" / "kn23.yaml")
    item = key.items[0]
    sub = Submission("s-1", key.sha256, article_id="kn23", student_name="Ada").with_marks(
        [Mark(item.start, item.end, item.label)], key.article)
    save_submission(sub, tmp_path / "s.json")
    jsonschema.validate(json.loads((tmp_path / "s.json").read_text()), schema("submission.v1.json"))


@pytest.mark.parametrize("broken", [
    {"format": "annotator.submission.v2"},
    {"student": {}},
    {"article": {"sha256": "not-a-sha"}},
    {"marks": [{"label": "claim", "start": -1, "end": 3}]},
    {"marks": [{"label": "claim", "start": "0", "end": 3}]},
])
def test_the_submission_schema_rejects_what_the_reader_rejects(broken):
    good = {"format": "annotator.submission.v1", "student": {"id": "s"},
            "article": {"sha256": "0" * 64}, "marks": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**good, **broken}, schema("submission.v1.json"))


def test_the_key_schema_names_every_scoring_policy_and_no_other():
    """A policy added to POLICIES must be one a key may name in the shipped schema too."""
    from annotator.policy import POLICIES

    assert schema("key.v1.json")["properties"]["policy"]["enum"] == list(POLICIES)


def test_scoring_and_resubmission_policies_never_share_a_name():
    """grade's one --policy flag tells the two kinds apart by name: a scoring policy called
    'best' would silently become the resubmission policy."""
    from annotator.gradebook import RESUBMISSION_POLICIES
    from annotator.policy import POLICIES

    assert not set(POLICIES) & set(RESUBMISSION_POLICIES)
