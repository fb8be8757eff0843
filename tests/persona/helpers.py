"""Helpers for persona tests: a real PR built with git, its deterministic review, answers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reviewer.config import Config
from reviewer.diff import Diff
from reviewer.persona.stage import make_enricher
from reviewer.pipeline import review
from reviewer.review import Review
from reviewer.workspace import DirWorkspace

FIXTURES = Path(__file__).parents[1] / "fixtures" / "persona"
ORDERS = "app/orders.py"
BILLING = "billing/charge.go"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@dataclass
class Case:
    """A PR plus everything needed to review it with or without the persona."""

    repo: Path
    diff: Diff
    env: dict[str, str]
    text: str = ""

    def config(self, **changes: Any) -> Config:
        base = Config(llm="required", llm_timeout_s=2.0, jobs=1)
        return replace(base, **changes)

    def run(self, config: Config, **kwargs: Any) -> Review:
        kwargs.setdefault("environ", self.env)
        enricher = make_enricher(config, repo_root=self.repo, **kwargs)
        return review(self.diff, DirWorkspace(self.repo), config, enrich=enricher)

    def deterministic(self) -> Review:
        return review(self.diff, DirWorkspace(self.repo), self.config(llm="off"))



def finding_input(path: str, line: int, **changes: Any) -> dict[str, Any]:
    """One `submit_review` finding as the model would send it."""
    item: dict[str, Any] = {
        "path": path,
        "line": line,
        "end_line": line,
        "severity": "high",
        "category": "reliability",
        "title": "Refund is not idempotent",
        "body": "A retried request refunds twice.\n\n```python\nif order.refunded:\n    return\n```",
        "suggestion": None,
        "confidence": "medium",
        "refers_to": None,
    }
    item.update(changes)
    return item
