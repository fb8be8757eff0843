from __future__ import annotations

import json

from reviewer.config import FORMATS
from reviewer.report import REPORTERS, github_annotations, markdown, sarif, text
from reviewer.review import Review


def test_every_cli_format_has_a_reporter() -> None:
    assert list(REPORTERS) == ["text", "json", "markdown", "sarif", "github"]
    assert set(REPORTERS) == set(FORMATS)


def test_registry_entries_are_the_module_renderers(sample_review: Review) -> None:
    assert REPORTERS["text"](sample_review) == text.render(sample_review)
    assert REPORTERS["markdown"](sample_review) == markdown.render(sample_review)
    assert REPORTERS["github"](sample_review) == github_annotations.render(sample_review)
    assert json.loads(REPORTERS["sarif"](sample_review)) == json.loads(sarif.render(sample_review))
    assert json.loads(REPORTERS["json"](sample_review))["version"] == 1


def test_every_output_ends_with_a_newline(sample_review: Review, empty_review: Review) -> None:
    for name, render in REPORTERS.items():
        for review in (sample_review, empty_review):
            assert render(review).endswith("\n"), name
