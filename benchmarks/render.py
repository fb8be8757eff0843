"""The quality benchmark's outputs: a Markdown report to paste into the README, and JSON.

Both are deterministic for a given corpus and code (no timestamps, no absolute paths), so two runs
can be diffed and a changed number always means a changed review.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmarks.families import family_of
from benchmarks.header import commit, header_lines, machine
from benchmarks.matching import CaseResult
from benchmarks.tally import Row, Totals, expectation_family
from reviewer.findings import Finding

MODULE = "benchmarks.quality"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def _table(title: str, rows: dict[str, Row]) -> list[str]:
    lines = [
        f"| {title} | expected | found | recall | true findings | false findings | precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in sorted(rows):
        row = rows[name]
        lines.append(
            f"| {name} | {row.expected} | {row.found} | {pct(row.recall)} | "
            f"{row.true_findings} | {row.false_findings} | {pct(row.precision)} |"
        )
    return lines


def _finding_text(finding: Finding) -> str:
    return (
        f"{finding.rule_id} ({family_of(finding)}, {finding.severity.value}) "
        f"{finding.path}:{finding.line} {finding.category.value} — {finding.title}"
    )


def summary_lines(totals: Totals) -> list[str]:
    overall = totals.overall
    return [
        f"- cases: {totals.cases} ({totals.clean} clean) · labelled problems: {overall.expected}",
        f"- recall: {pct(overall.recall)} ({overall.found}/{overall.expected}) · precision: "
        f"{pct(overall.precision)} ({overall.true_findings}/{overall.true_findings + overall.false_findings} findings)",
        f"- false alarms on clean cases: {totals.false_alarms}/{totals.clean} ({pct(totals.false_alarm_rate)})",
        "- noise: " + ("—" if totals.noise_per_100_lines is None else f"{totals.noise_per_100_lines:.2f}")
        + f" unexpected findings of medium or higher per 100 changed lines ({totals.noisy} in {totals.changed_lines:,} lines)",
    ]


def detail_lines(results: Sequence[CaseResult]) -> list[str]:
    misses = [f"- `{r.case.name}`: {e.describe()} — {r.case.description}" for r in results for e in r.missed]
    false = [f"- `{r.case.name}`: {_finding_text(f)}" for r in results for f in r.false_positives]
    alarms = [f"- `{r.case.name}`" for r in results if r.false_alarm]
    return [
        f"### Misses ({len(misses)})", "", *(misses or ["none"]), "",
        f"### False positives ({len(false)})", "", *(false or ["none"]), "",
        f"### Clean cases with a false alarm ({len(alarms)})", "", *(alarms or ["none"]),
    ]


def render_markdown(results: Sequence[CaseResult], totals: Totals, argv: list[str]) -> str:
    lines = header_lines("Review quality", MODULE, argv)
    lines += summary_lines(totals) + [""]
    lines += _table("category", dict(totals.categories)) + [""]
    lines += _table("rule family", dict(totals.families)) + [""]
    lines += detail_lines(results)
    return "\n".join(lines)


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "expected": row.expected, "found": row.found, "recall": row.recall,
        "true_findings": row.true_findings, "false_findings": row.false_findings, "precision": row.precision,
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id, "family": family_of(finding), "category": finding.category.value,
        "severity": finding.severity.value, "path": finding.path, "line": finding.line,
        "end_line": finding.end_line, "title": finding.title,
    }


def _case_json(result: CaseResult) -> dict[str, Any]:
    return {
        "name": result.case.name,
        "clean": result.case.clean,
        "changed_lines": result.changed_lines,
        "matched": [e.describe() for e in result.matched],
        "missed": [{"label": e.describe(), "family": expectation_family(e)} for e in result.missed],
        "true_positives": [_finding_json(f) for f in result.true_positives],
        "false_positives": [_finding_json(f) for f in result.false_positives],
        "false_alarm": result.false_alarm,
    }


def to_json(results: Sequence[CaseResult], totals: Totals, argv: list[str]) -> dict[str, Any]:
    return {
        "commit": commit(),
        "machine": machine(),
        "command": " ".join(["python", "-m", MODULE, *argv]),
        "cases": totals.cases,
        "clean_cases": totals.clean,
        "false_alarms": totals.false_alarms,
        "false_alarm_rate": totals.false_alarm_rate,
        "noise_per_100_changed_lines": totals.noise_per_100_lines,
        "overall": _row_json(totals.overall),
        "categories": {name: _row_json(row) for name, row in sorted(totals.categories.items())},
        "families": {name: _row_json(row) for name, row in sorted(totals.families.items())},
        "results": [_case_json(r) for r in results],
    }
