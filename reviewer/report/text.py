"""The terminal review: what matters first, each finding with its code, why, and the fix.

Every line is built once as a `rich.text.Text`; colour only adds styles, so `color=False`
output is exactly the coloured output minus its escape codes (what a log file or a pipe gets).
Lines are never wrapped: code must stay copy-pastable; the terminal soft-wraps prose.
"""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.text import Text

from reviewer.findings import Finding, Severity
from reviewer.report._common import (
    SEVERITIES,
    coverage_phrase,
    llm_cost_line,
    nothing_to_review,
    numbered,
    plural,
    span,
    terminal_safe,
    verdict_line,
)
from reviewer.review import Review

DEFAULT_WIDTH = 100
MAX_CODE_LINES = 15

BADGE_STYLES: dict[Severity, str] = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "bold yellow",
    Severity.LOW: "bold cyan",
    Severity.INFO: "bold blue",
}


def render(review: Review, *, color: bool = False, width: int = DEFAULT_WIDTH) -> str:
    """The whole review as terminal text; ANSI colour only when `color` is true."""
    lines = [*_header(review)]
    for finding in review.findings:
        lines += [Text(""), Text("─" * width, style="dim"), *_finding(finding)]
    lines += _coverage(review)
    lines += [Text(""), Text(verdict_line(review), style="bold")]
    if not color:
        return "".join(line.plain + "\n" for line in lines)
    buffer = StringIO()
    console = Console(
        file=buffer,
        force_terminal=True,
        color_system="standard",
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    for line in lines:
        console.print(line)
    return buffer.getvalue()


def _header(review: Review) -> list[Text]:
    if nothing_to_review(review):
        return [Text("reviewer: nothing to review (the diff changes no files)", style="bold")]
    title = Text("reviewer: ", style="bold")
    title.append(plural(len(review.findings), "finding") if review.findings else "no findings", style="bold")
    title.append(f" in {coverage_phrase(review)}")
    counts = review.count_by_severity()
    tally = Text()
    for index, severity in enumerate(SEVERITIES):
        tally.append(" · " if index else "")
        tally.append(f"{severity.value} {counts[severity.value]}", style=_tally_style(severity, counts))
    return [title, tally]


def _tally_style(severity: Severity, counts: dict[str, int]) -> str:
    return BADGE_STYLES[severity] if counts[severity.value] else "dim"


def _finding(finding: Finding) -> list[Text]:
    head = Text()
    head.append(f" {finding.severity.value.upper()} ", style=BADGE_STYLES[finding.severity])
    head.append(f" {finding.rule_id}", style="bold")
    head.append(f"  {terminal_safe(finding.title)}", style="bold")
    lines = [head, Text(f"{terminal_safe(span(finding))} · {_facts(finding)}", style="magenta")]
    code = numbered(finding, MAX_CODE_LINES)
    if code:
        lines.append(Text(""))
    for number, source in code:
        row = Text()
        row.append(f"  {number} │ ", style="dim")
        row.append(terminal_safe(source))
        lines.append(row)
    lines.append(Text(""))
    lines += _indented(finding.message, "  ")
    if finding.suggestion:
        lines += [Text(""), Text("  Suggested change:", style="bold green")]
        lines += _indented(finding.suggestion, "    ", style="green")
    return lines


def _facts(finding: Finding) -> str:
    facts = [finding.category.value, f"confidence {finding.confidence.value}"]
    if finding.cwe is not None:
        facts.append(f"CWE-{finding.cwe}")
    facts.append(f"source {terminal_safe(finding.source)}")
    return " · ".join(facts)


def _indented(text: str, prefix: str, style: str = "") -> list[Text]:
    return [Text(f"{prefix}{line}".rstrip(), style=style) for line in terminal_safe(text).splitlines()]


def _coverage(review: Review) -> list[Text]:
    """Skipped files, notes, files the model did not see, and the AI cost: never left out."""
    lines: list[Text] = []
    if review.llm_summary:
        lines += [Text(""), Text("AI summary", style="bold")]
        lines += _indented(review.llm_summary, "  ")
    if review.skipped:
        lines += [Text(""), Text("Files not analysed", style="bold yellow")]
        lines += [Text(terminal_safe(f"  - {item.path}: {item.reason}")) for item in review.skipped]
    if review.not_reviewed_by_model:
        lines += [Text(""), Text("Not reviewed by the model", style="bold")]
        lines += [Text(terminal_safe(f"  - {path}")) for path in review.not_reviewed_by_model]
    if review.notes:
        lines += [Text(""), Text("Notes", style="bold")]
        lines += [Text(terminal_safe(f"  - {note}")) for note in review.notes]
    if review.llm.calls > 0:
        lines += [Text(""), Text(llm_cost_line(review.llm), style="dim")]
    return lines
