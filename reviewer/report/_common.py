"""Wording shared by every reporter, so the terminal, the PR summary and the annotations agree.

Reporters render a Review exactly as ranked; these helpers only phrase things (counts, spans,
the AI cost line) and neutralise text that came from the PR or the model before it reaches a
terminal.
"""

from __future__ import annotations

import re
from reviewer.findings import Finding, Severity
from reviewer.review import LlmUsage, Review

SEVERITIES: tuple[Severity, ...] = tuple(reversed(Severity))
"""Most severe first: the order of every count line and table."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 finding`, `2 findings`; `many` for irregular plurals."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def span(finding: Finding) -> str:
    """`path:line` or `path:line-end_line`: what a reader pastes into an editor."""
    if finding.end_line > finding.line:
        return f"{finding.path}:{finding.line}-{finding.end_line}"
    return f"{finding.path}:{finding.line}"


def severity_counts(review: Review) -> list[tuple[Severity, int]]:
    """Non-zero counts, most severe first."""
    counts = review.count_by_severity()
    return [(severity, counts[severity.value]) for severity in SEVERITIES if counts[severity.value]]


def counts_phrase(review: Review) -> str:
    """`6 findings (1 critical, 2 high, 3 low)` or `no findings`."""
    if not review.findings:
        return "no findings"
    parts = ", ".join(f"{count} {severity.value}" for severity, count in severity_counts(review))
    return f"{plural(len(review.findings), 'finding')} ({parts})"


def coverage_phrase(review: Review) -> str:
    """How much of the change was analysed, so a partial review never reads as complete."""
    skipped = len(skipped_paths(review))
    tail = f", {skipped} not analysed" if skipped else ""
    return f"{plural(review.files_changed, 'changed file')} ({review.files_analyzed} analysed{tail})"


def skipped_paths(review: Review) -> list[str]:
    """Distinct skipped paths in review order (one file may be skipped for several reasons)."""
    return list(dict.fromkeys(item.path for item in review.skipped))


def nothing_to_review(review: Review) -> bool:
    """An empty diff: not an error, and worth saying plainly rather than `0 findings`."""
    return review.files_changed == 0 and not review.findings and not review.skipped


def llm_cost_line(llm: LlmUsage) -> str:
    """What the AI review cost; shown only when the model was actually called."""
    return (
        f"AI review: {plural(llm.calls, 'model call')}, {llm.input_tokens:,} input tokens "
        f"({llm.cache_read_tokens:,} read from cache), {llm.output_tokens:,} output tokens, "
        f"${llm.cost_usd:.4f}"
    )


def verdict_line(review: Review) -> str:
    """The closing line: states the facts and leaves pass/fail to the `--fail-on` gate."""
    if nothing_to_review(review):
        return "Nothing to review: the diff changes no files."
    skipped = len(skipped_paths(review))
    if not review.findings:
        tail = f"; {plural(skipped, 'file')} not analysed" if skipped else ""
        return f"No findings in the analysed files{tail}."
    worst = review.highest_severity
    assert worst is not None
    return (
        f"{counts_phrase(review).capitalize()}; highest severity {worst.value}. "
        "The --fail-on gate decides the exit code."
    )


def terminal_safe(text: str) -> str:
    """Make PR- or model-supplied text inert on a terminal: escape control characters (an
    ANSI sequence in a diff must not repaint the reviewer's screen) and expand tabs."""
    cleaned = _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text.replace("\r\n", "\n"))
    return cleaned.expandtabs(4)


def numbered(finding: Finding, limit: int) -> list[tuple[str, str]]:
    """The flagged code as (line number, code) pairs, numbers right-aligned to one width; a
    long span is cut after `limit` lines with a `…` row saying how many lines were left out."""
    lines = finding.snippet.splitlines()
    width = len(str(finding.line + max(len(lines) - 1, 0)))
    rows = [(str(finding.line + offset).rjust(width), code.rstrip()) for offset, code in enumerate(lines)]
    if len(rows) <= limit:
        return rows
    return rows[:limit] + [("…".rjust(width), f"({plural(len(rows) - limit, 'more line')})")]
