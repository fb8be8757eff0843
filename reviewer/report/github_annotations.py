"""`--format github`: workflow-command annotations, shown on the PR's "Files changed" tab.

One `::error`/`::warning`/`::notice` line per finding, errors first (GitHub shows only the first
ten of each level per step, so the worst must come first), then one `::notice` with the counts
and the files that were not analysed. Text is escaped by GitHub's rules so a `%`, newline, comma
or colon in a message or path cannot end the command early or forge another one.
"""

from __future__ import annotations

from reviewer.findings import Finding, Severity
from reviewer.report._common import counts_phrase, coverage_phrase, nothing_to_review
from reviewer.review import Review

LEVELS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}
_ORDER = ("error", "warning", "notice")


def render(review: Review) -> str:
    """All annotation lines, errors first, then the summary notice."""
    ordered = sorted(review.findings, key=lambda f: _ORDER.index(LEVELS[f.severity]))
    lines = [annotation(finding) for finding in ordered]
    lines.append(f"::notice title=reviewer::{escape_data(summary(review))}")
    return "".join(line + "\n" for line in lines)


def annotation(finding: Finding) -> str:
    """One finding as a workflow command anchored to its file and lines."""
    line = max(finding.line, 1)
    properties = {
        "file": finding.path,
        "line": str(line),
        "endLine": str(max(finding.end_line, line)),
        "title": f"{finding.rule_id} ({finding.severity.value}): {finding.title}",
    }
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{LEVELS[finding.severity]} {rendered}::{escape_data(_body(finding))}"


def _body(finding: Finding) -> str:
    body = finding.message.strip()
    if finding.suggestion:
        body += f"\n\nSuggested change:\n{finding.suggestion}"
    return body


def summary(review: Review) -> str:
    """The closing notice: counts, coverage, and every skipped file with its reason."""
    if nothing_to_review(review):
        return "reviewer: nothing to review (the diff changes no files)"
    text = f"reviewer: {counts_phrase(review)} in {coverage_phrase(review)}."
    if review.skipped:
        reasons = "; ".join(f"{item.path} ({item.reason})" for item in review.skipped)
        text += f"\nNot analysed: {reasons}."
    return text


def escape_data(text: str) -> str:
    """Escape a command's message (GitHub's `escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (GitHub's `escapeProperty`): also `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
