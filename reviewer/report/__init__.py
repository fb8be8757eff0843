"""Reporters: pure functions from a ranked Review to text, chosen by format name.

A reporter never re-filters or re-ranks (the pipeline already did) and never reaches into the
engine, GitHub or the CLI; `reviewer run --format NAME` picks one from `REPORTERS`.
"""

from __future__ import annotations

from collections.abc import Callable

from reviewer.report import github_annotations, json, markdown, sarif, text
from reviewer.review import Review

REPORTERS: dict[str, Callable[[Review], str]] = {
    "text": text.render,
    "json": json.render,
    "markdown": markdown.render,
    "sarif": sarif.render,
    "github": github_annotations.render,
}
