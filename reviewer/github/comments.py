"""Inline review comments: where each finding can be anchored, and what it says.

A comment is anchored only on new-side lines of one hunk (GitHub rejects anything else, and
rejects the whole review with it). Each body carries a hidden fingerprint marker so a later run
knows what it already said, whatever the line numbers have become.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reviewer.diff import FileDiff, Hunk
from reviewer.findings import Finding, Severity
from reviewer.mdsafe import fence_for, sanitize_markdown

MARKER_PREFIX = "<!-- reviewer:fp="
_FP_RE = re.compile(r"<!-- reviewer:fp=([0-9a-f]{6,64}(?:-\d+)?) -->")
BADGES = {
    Severity.CRITICAL: "🔴 **Critical**",
    Severity.HIGH: "🟠 **High**",
    Severity.MEDIUM: "🟡 **Medium**",
    Severity.LOW: "🔵 **Low**",
    Severity.INFO: "⚪ **Info**",
}


@dataclass(frozen=True)
class InlineComment:
    """One comment of the review, in the shape `POST …/reviews` takes."""

    fingerprint: str
    path: str
    line: int
    start_line: int | None
    body: str

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "line": self.line, "side": "RIGHT", "body": self.body}
        if self.start_line is not None:
            data["start_line"] = self.start_line
            data["start_side"] = "RIGHT"
        return data


def marker(fingerprint: str) -> str:
    return f"{MARKER_PREFIX}{fingerprint} -->"


def fingerprints_in(body: str | None) -> set[str]:
    return set(_FP_RE.findall(body or ""))


def commentable_hunk(finding: Finding, file_diff: FileDiff) -> Hunk | None:
    """The hunk holding every line of the finding on its new side, if one does."""
    hunk = file_diff.hunk_for(finding.line)
    if hunk is None:
        return None
    new_lines = {ln.new_no for ln in hunk.lines if ln.new_no}
    return hunk if all(n in new_lines for n in finding.lines) else None


def anchor(finding: Finding, file_diff: FileDiff | None) -> tuple[int | None, int] | None:
    """(start_line, line) GitHub will accept, or None: the finding belongs in the summary."""
    if file_diff is None:
        return None
    if commentable_hunk(finding, file_diff) is not None:
        return (finding.line if finding.end_line > finding.line else None, finding.end_line)
    first = next((n for n in finding.lines if n in file_diff.context_lines), None)
    return None if first is None else (None, first)


def build_comment(finding: Finding, file_diff: FileDiff | None) -> InlineComment | None:
    place = anchor(finding, file_diff)
    if place is None or file_diff is None:
        return None
    with_suggestion = finding.suggestion is not None and commentable_hunk(finding, file_diff) is not None
    start, line = place
    return InlineComment(finding.fingerprint, finding.path, line, start, comment_body(finding, with_suggestion))


def heading(finding: Finding) -> str:
    cwe = f" · CWE-{finding.cwe}" if finding.cwe else ""
    return f"{BADGES[finding.severity]} · {finding.category.value} · `{finding.rule_id}`{cwe} — **{sanitize_markdown(finding.title)}**"


def comment_body(finding: Finding, with_suggestion: bool) -> str:
    """Badge and title, the explanation (with its corrected example), a suggestion, the marker."""
    parts = [heading(finding), sanitize_markdown(finding.message.strip())]  # messages quote PR code
    if with_suggestion and finding.suggestion is not None:
        replacement = finding.suggestion.rstrip("\n")
        fence = fence_for(replacement)
        body = f"{replacement}\n" if replacement else ""  # an empty block deletes the lines
        parts.append(f"{fence}suggestion\n{body}{fence}")
    source = "reported by the AI reviewer" if finding.source == "llm" else f"reported by {finding.source}"
    parts.append(f"<sub>{source} · confidence {finding.confidence.value}</sub>")
    parts.append(marker(finding.fingerprint))
    return "\n\n".join(part for part in parts if part)
