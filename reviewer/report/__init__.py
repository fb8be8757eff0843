"""Reporters: pure functions from a ranked Review to text, chosen by format name.

A reporter never re-filters or re-ranks (the pipeline already did) and never reaches into the
engine, GitHub or the CLI; `reviewer run --format NAME` picks one from `REPORTERS`. Each module
is imported when its format is first rendered: `--format json` never pays for rich's import.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from reviewer.review import Review

_MODULES: dict[str, str] = {
    "text": "reviewer.report.text",
    "json": "reviewer.report.json",
    "markdown": "reviewer.report.markdown",
    "sarif": "reviewer.report.sarif",
    "github": "reviewer.report.github_annotations",
}


def _lazy(module: str) -> Callable[..., str]:
    def render(review: Review, **options: Any) -> str:
        renderer: Callable[..., str] = importlib.import_module(module).render
        return renderer(review, **options)

    return render


REPORTERS: dict[str, Callable[..., str]] = {name: _lazy(module) for name, module in _MODULES.items()}
