"""Findings: the frozen record every stage passes along.

A finding is complete when it is built: the fingerprint is computed from the rule, the path and
the normalised flagged code (never the line number), so moved code keeps its identity across
pushes and a re-run can tell what it has already said.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How much a finding matters; the gate compares these by rank."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


class Confidence(str, enum.Enum):
    """How sure the rule is that the flagged code is really a problem."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return [Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH].index(self)


class Category(str, enum.Enum):
    """What kind of harm; security sorts before performance in a review."""

    SECURITY = "security"
    PERFORMANCE = "performance"
    RELIABILITY = "reliability"
    MAINTAINABILITY = "maintainability"

    @property
    def rank(self) -> int:
        return list(Category).index(self)


@dataclass(frozen=True)
class Finding:
    """One problem at one place in the PR head.

    `line`/`end_line` are new-side line numbers of the head commit. `snippet` is the flagged code
    (for reports and fingerprints); it is not part of the JSON contract.
    """

    rule_id: str
    category: Category
    severity: Severity
    confidence: Confidence
    path: str
    line: int
    end_line: int
    title: str
    message: str
    suggestion: str | None
    source: str
    cwe: int | None
    fingerprint: str
    snippet: str = field(default="", compare=False)

    @property
    def lines(self) -> range:
        return range(self.line, self.end_line + 1)

    def sort_key(self) -> tuple[int, int, int, str, int, str]:
        """Most important first: severity, confidence, category, then position."""
        return (
            -self.severity.rank,
            -self.confidence.rank,
            self.category.rank,
            self.path,
            self.line,
            self.rule_id,
        )


@dataclass(frozen=True)
class Skipped:
    """A file (or part of one) that was not analysed, and why; always reported.

    `partial` marks a part of a file (one analyzer, some SQL statements): the rest of the file
    was analysed, so it still counts among the analysed files.
    """

    path: str
    reason: str
    partial: bool = False


def normalise_code(code: str) -> str:
    """Collapse whitespace so re-indentation or moved code keeps the same fingerprint."""
    return " ".join(re.sub(r"\s+", " ", line).strip() for line in code.splitlines()).strip()


def fingerprint(rule_id: str, path: str, code: str) -> str:
    """A stable id for a finding: rule + path + flagged code, independent of line numbers."""
    digest = hashlib.sha256(f"{rule_id}\0{path}\0{normalise_code(code)}".encode("utf-8"))
    return digest.hexdigest()[:16]


def snippet_of(source_lines: list[str], line: int, end_line: int) -> str:
    """The flagged lines (1-based, inclusive) of a file, for reports and fingerprints."""
    return "\n".join(source_lines[max(line, 1) - 1 : max(end_line, line)])


def make_finding(
    *,
    rule_id: str,
    category: Category,
    severity: Severity,
    confidence: Confidence,
    path: str,
    line: int,
    title: str,
    message: str,
    source: str,
    source_lines: list[str],
    end_line: int | None = None,
    suggestion: str | None = None,
    cwe: int | None = None,
) -> Finding:
    """Build a complete finding from the file's lines, computing snippet and fingerprint."""
    end = max(end_line or line, line)
    code = snippet_of(source_lines, line, end)
    return Finding(
        rule_id=rule_id,
        category=category,
        severity=severity,
        confidence=confidence,
        path=path,
        line=line,
        end_line=end,
        title=title,
        message=message,
        suggestion=suggestion,
        source=source,
        cwe=cwe,
        fingerprint=fingerprint(rule_id, path, code),
        snippet=code,
    )
