"""Match a review's findings to a case's labels: the scorer's judgement, kept free of I/O.

A finding satisfies an expectation when path and category agree, the rule family agrees (if the
label names one), and its line range overlaps one of the labelled spans within `TOLERANCE` lines
(analyzers reasonably disagree on whether a multi-line call starts at the call or its argument).
Findings that satisfy an `also_ok` label are neither credited nor counted against the tool;
unexpected findings below `min_severity` do not count against precision, so precision measures
what a reviewer would be bothered with. A clean case is a false alarm when any unexpected finding of
medium or higher remains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from benchmarks.cases_format import Case, Expectation
from benchmarks.families import rule_matches
from reviewer.findings import Finding, Severity

TOLERANCE = 2
FALSE_ALARM_SEVERITY = Severity.MEDIUM


@dataclass(frozen=True)
class CaseResult:
    """One case judged: which labels were found, which findings were right, wrong or tolerated."""

    case: Case
    matched: tuple[Expectation, ...]
    missed: tuple[Expectation, ...]
    true_positives: tuple[Finding, ...]
    unexpected: tuple[Finding, ...]
    tolerated: tuple[Finding, ...]
    changed_lines: int
    min_severity: Severity = Severity.MEDIUM

    @property
    def false_positives(self) -> tuple[Finding, ...]:
        """Unexpected findings at or above `min_severity`: what precision counts against the tool."""
        return tuple(f for f in self.unexpected if f.severity.rank >= self.min_severity.rank)

    @property
    def noisy(self) -> tuple[Finding, ...]:
        """Unexpected findings of medium or higher: what the noise figure counts."""
        return tuple(f for f in self.unexpected if f.severity.rank >= FALSE_ALARM_SEVERITY.rank)

    @property
    def false_alarm(self) -> bool:
        return self.case.clean and bool(self.noisy)


def overlaps(expectation: Expectation, finding: Finding, tolerance: int = TOLERANCE) -> bool:
    return any(
        finding.line <= last + tolerance and finding.end_line >= first - tolerance
        for first, last in expectation.spans
    )


def matches(expectation: Expectation, finding: Finding) -> bool:
    return (
        expectation.path == finding.path
        and expectation.category == finding.category.value
        and rule_matches(expectation.rule, finding)
        and overlaps(expectation, finding)
    )


def in_scope(case: Case, finding: Finding) -> bool:
    return case.scope is None or finding.category.value == case.scope


def score_case(
    case: Case,
    findings: Iterable[Finding],
    changed_lines: int,
    min_severity: Severity = Severity.MEDIUM,
) -> CaseResult:
    """Judge one case's findings against its labels."""
    judged = [f for f in findings if in_scope(case, f)]
    matched = tuple(e for e in case.expects if any(matches(e, f) for f in judged))
    missed = tuple(e for e in case.expects if e not in matched)
    true_positives: list[Finding] = []
    unexpected: list[Finding] = []
    tolerated: list[Finding] = []
    for finding in judged:
        if any(matches(e, finding) for e in case.expects):
            true_positives.append(finding)
        elif any(matches(e, finding) for e in case.also_ok):
            tolerated.append(finding)
        else:
            unexpected.append(finding)
    return CaseResult(
        case=case,
        matched=matched,
        missed=missed,
        true_positives=tuple(true_positives),
        unexpected=tuple(unexpected),
        tolerated=tuple(tolerated),
        changed_lines=changed_lines,
        min_severity=min_severity,
    )
