"""The PR summary body: counts, findings by priority, and everything that was not covered.

GitHub rejects comments over 65,536 characters, so the body is kept under `MAX_CHARS` (leaving
room for the markers a sink adds): long fields are clipped and, when the findings still do not
fit, the lowest-ranked ones are left out and the summary says how many. Coverage (skipped files,
notes, files the model did not see) always stays in, because a partial review must never look whole.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from reviewer.findings import Category, Finding, Severity
from reviewer.mdsafe import fence_for, sanitize_markdown
from reviewer.report._common import (
    SEVERITIES,
    counts_phrase,
    llm_cost_line,
    nothing_to_review,
    numbered,
    plural,
    skipped_paths,
    span,
)
from reviewer.review import Review

MAX_CHARS = 60_000
DETAILED = 10
MAX_FIELD_CHARS = 3_000
MAX_SNIPPET_LINES = 20
MAX_LISTED = 50
MAX_LINE_CHARS = 200
MAX_SUMMARY_CHARS = 8_000

BADGES: dict[Severity, str] = {
    Severity.CRITICAL: "🔴",
    Severity.HIGH: "🟠",
    Severity.MEDIUM: "🟡",
    Severity.LOW: "🔵",
    Severity.INFO: "⚪",
}
LANGUAGES = {".py": "python", ".sql": "sql", ".js": "javascript", ".ts": "typescript"}


def render(review: Review) -> str:
    """The summary comment body (Markdown), under GitHub's size limit."""
    head = [_title(review), _coverage_line(review), *_table(review), *_llm_summary(review)]
    tail = [*_skipped(review), *_not_reviewed(review), *_notes(review), *_cost(review)]
    fixed = len("\n\n".join(head + tail))
    findings = _findings(review, budget=MAX_CHARS - fixed - 200)
    return "\n\n".join(part for part in head + findings + tail if part) + "\n"


def _title(review: Review) -> str:
    if nothing_to_review(review):
        return "## reviewer: nothing to review"
    return f"## reviewer: {counts_phrase(review)}"


def _coverage_line(review: Review) -> str:
    if nothing_to_review(review):
        return "The diff changes no files."
    line = f"Analysed {review.files_analyzed} of {plural(review.files_changed, 'changed file')}"
    skipped = len(skipped_paths(review))
    return line + (f"; {skipped} not analysed (listed below)." if skipped else ".")


def _table(review: Review) -> list[str]:
    """Counts by severity (rows) and category (columns present in this review)."""
    if not review.findings:
        return []
    categories = [c for c in Category if any(f.category is c for f in review.findings)]
    rows = [
        "| Severity | " + " | ".join(c.value.capitalize() for c in categories) + " | Total |",
        "|---|" + "---:|" * (len(categories) + 1),
    ]
    for severity in SEVERITIES:
        cells = [_count(review.findings, severity, c) for c in categories]
        rows.append(f"| {BADGES[severity]} {severity.value} | " + " | ".join(map(str, cells)) + f" | {sum(cells)} |")
    totals = [_count(review.findings, None, c) for c in categories]
    rows.append("| **Total** | " + " | ".join(map(str, totals)) + f" | **{len(review.findings)}** |")
    return ["\n".join(rows)]


def _count(findings: Iterable[Finding], severity: Severity | None, category: Category) -> int:
    return sum(1 for f in findings if f.category is category and severity in (None, f.severity))


def _findings(review: Review, budget: int) -> list[str]:
    """The top findings in collapsible blocks, the rest as one list, as many as fit."""
    if not review.findings:
        return []
    blocks: list[str] = []
    rows: list[str] = []
    note = ""
    used = len("### Findings")
    for index, finding in enumerate(review.findings):
        entry = _details(finding) if index < DETAILED else _one_line(finding)
        if used + len(entry) + 2 > budget:
            left = len(review.findings) - index
            note = (
                f"_{plural(left, 'more finding')} not shown here (GitHub limits a comment to 65,536 "
                "characters); the JSON and SARIF reports list every finding._"
            )
            break
        (blocks if index < DETAILED else rows).append(entry)
        used += len(entry) + 1
    return ["### Findings", *blocks, "\n".join(rows), note]


def _details(finding: Finding) -> str:
    summary = (
        f"<summary>{BADGES[finding.severity]} <b>{finding.severity.value}</b> · "
        f"<code>{_html(finding.rule_id)}</code> {_html(finding.title)} · "
        f"<code>{_html(span(finding))}</code></summary>"
    )
    facts = [finding.category.value, f"confidence {finding.confidence.value}", f"source {finding.source}"]
    if finding.cwe is not None:
        facts.insert(2, f"[CWE-{finding.cwe}](https://cwe.mitre.org/data/definitions/{finding.cwe}.html)")
    body = [f"<details>\n{summary}", " · ".join(facts)]
    code = [f"{number} | {line}" for number, line in numbered(finding, MAX_SNIPPET_LINES)]
    if code:
        body.append(_fence("\n".join(code), _language(finding.path)))
    body.append(_clip(sanitize_markdown(finding.message.strip())))  # messages quote PR code
    if finding.suggestion:
        body += ["**Suggested change:**", _fence(_clip(finding.suggestion), _language(finding.path))]
    return "\n\n".join(body) + "\n\n</details>"


def _one_line(finding: Finding) -> str:
    return (
        f"- {BADGES[finding.severity]} **{finding.severity.value}** {_code(finding.rule_id)} "
        f"{_one(finding.title)} · {_code(span(finding))}"
    )


def _llm_summary(review: Review) -> list[str]:
    if not review.llm_summary:
        return []
    return ["### AI summary", _clip(review.llm_summary.strip(), MAX_SUMMARY_CHARS)]


def _skipped(review: Review) -> list[str]:
    if not review.skipped:
        return []
    items = [f"- {_code(s.path)}: {_one(s.reason)}" for s in review.skipped]
    return ["### Files not analysed", _capped(items, "more")]


def _not_reviewed(review: Review) -> list[str]:
    if not review.not_reviewed_by_model:
        return []
    paths = [_code(path) for path in review.not_reviewed_by_model]
    shown = ", ".join(paths[:MAX_LISTED])
    more = len(paths) - MAX_LISTED
    return [f"**Not reviewed by the model:** {shown}" + (f" and {more} more." if more > 0 else ".")]


def _notes(review: Review) -> list[str]:
    if not review.notes:
        return []
    return ["### Notes", _capped([f"- {_one(note)}" for note in review.notes], "more notes")]


def _cost(review: Review) -> list[str]:
    return [f"<sub>{llm_cost_line(review.llm)}</sub>"] if review.llm.calls > 0 else []


def _capped(items: list[str], what: str) -> str:
    """At most MAX_LISTED lines of bounded length, and how many more there were."""
    extra = len(items) - MAX_LISTED
    shown = [item if len(item) <= MAX_LINE_CHARS else item[: MAX_LINE_CHARS - 1] + "…" for item in items[:MAX_LISTED]]
    return "\n".join(shown + ([f"- … and {extra} {what}"] if extra > 0 else []))


def _clip(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    """Cut long text at a line end; a code fence left open by the cut is closed so it cannot swallow the
    rest of the comment."""
    if len(text) <= limit:
        return text
    clipped = text[:limit]
    clipped = (clipped.rsplit("\n", 1)[0] if "\n" in clipped else clipped).rstrip()
    fences = re.findall(r"^ {0,3}(`{3,}|~{3,})", clipped, flags=re.MULTILINE)
    if len(fences) % 2:
        clipped += "\n" + fences[-1]
    return clipped + "\n\n_(truncated)_"


def _one(text: str) -> str:
    """Inline text on one line, with table pipes and stray HTML neutralised."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;")


def _html(text: str) -> str:
    """Text inside the raw-HTML `<summary>` line, where Markdown is not interpreted."""
    return html.escape(" ".join(text.split()))


def _code(text: str) -> str:
    """An inline code span that survives backticks in the text (CommonMark rules)."""
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{' '.join(text.split())}{pad}{ticks}"


def _fence(text: str, language: str) -> str:
    """A fenced block longer than any backtick run inside, so PR code cannot close it early."""
    ticks = fence_for(text)
    return f"{ticks}{language}\n{text}\n{ticks}"


def _language(path: str) -> str:
    return next((lang for suffix, lang in LANGUAGES.items() if path.endswith(suffix)), "")
