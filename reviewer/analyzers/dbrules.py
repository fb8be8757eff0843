"""What the database analyzers share: the rule decorator, hits, findings, path classes.

A rule is a function whose docstring is its user documentation; `@rule(...)` attaches the `Rule`
record so the registry, `reviewer explain` and the golden tests all read the same object. Rules
yield `Hit`s (a line, a message, optional overrides); `to_finding` makes the frozen `Finding`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from reviewer.analyzers.base import Rule, SourceFile, rule_doc
from reviewer.findings import Category, Confidence, Finding, Severity, make_finding

F = TypeVar("F", bound=Callable[..., Any])
_MIGRATION_FOLDER = re.compile(r"^(\w+_)?(migrations?|migrate|alembic)$")
_MIGRATION_FILE = re.compile(r"(^|_)migrations?(_\w*)?\.sql$")


@dataclass(frozen=True)
class Hit:
    line: int
    message: str
    end_line: int | None = None
    severity: Severity | None = None
    confidence: Confidence | None = None
    suggestion: str | None = None


def rule(
    rule_id: str,
    title: str,
    severity: Severity,
    *,
    category: Category = Category.PERFORMANCE,
    cwe: int | None = None,
    confidence: Confidence = Confidence.MEDIUM,
    about_removed_code: bool = False,
) -> Callable[[F], F]:
    """Attach a documented `Rule` to a rule function (its docstring becomes the rule's doc).
    `about_removed_code` lets the diff filter keep findings that sit next to removed lines."""

    def attach(func: F) -> F:
        func.rule = Rule(rule_id, title, category, severity, rule_doc(func), cwe, confidence,  # type: ignore[attr-defined]
                         about_removed_code)
        return func

    return attach


def rule_of(func: Callable[..., Any]) -> Rule:
    found: Rule = getattr(func, "rule")
    return found


def to_finding(func: Callable[..., Any], source: SourceFile, hit: Hit, analyzer: str) -> Finding:
    spec = rule_of(func)
    return make_finding(
        rule_id=spec.id,
        category=spec.category,
        severity=hit.severity or spec.severity,
        confidence=hit.confidence or spec.confidence,
        path=source.path,
        line=hit.line,
        end_line=hit.end_line,
        title=spec.title,
        message=hit.message,
        suggestion=hit.suggestion,
        source=analyzer,
        source_lines=source.lines,
        cwe=spec.cwe,
    )


def dialect_of(options: Any) -> str:
    return str((options or {}).get("sql_dialect") or "postgres")


def is_migration(path: str) -> bool:
    """A migration by its place: a `migrations/`, `migrate/` or `alembic/` directory (Alembic's
    `versions/` sits under one), or a `*_migration*.sql` file. Path segments, not substrings:
    `app/immigration.py` and an API's `v2/versions/` module are application code."""
    *folders, name = path.split("/")
    return any(_MIGRATION_FOLDER.match(folder) for folder in folders) or bool(_MIGRATION_FILE.search(name))
