"""Add up judged cases into the figures the benchmark publishes: recall, precision, false alarms, noise.

Recall counts labels (was each expected problem reported?); precision counts findings (was each
reported problem expected?). Both are given per category and per rule family, because a tool
that is excellent at SQL injection and silent on N+1 should not hide behind one average.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from benchmarks.cases_format import Expectation
from benchmarks.families import family_of, label_family
from benchmarks.matching import CaseResult
from reviewer.findings import Finding


@dataclass
class Row:
    """Counts for one category or family."""

    expected: int = 0
    found: int = 0
    true_findings: int = 0
    false_findings: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        total = self.true_findings + self.false_findings
        return self.true_findings / total if total else None


@dataclass
class Totals:
    cases: int = 0
    clean: int = 0
    false_alarms: int = 0
    changed_lines: int = 0
    noisy: int = 0
    overall: Row = field(default_factory=Row)
    categories: dict[str, Row] = field(default_factory=lambda: defaultdict(Row))
    families: dict[str, Row] = field(default_factory=lambda: defaultdict(Row))

    @property
    def false_alarm_rate(self) -> float | None:
        return self.false_alarms / self.clean if self.clean else None

    @property
    def noise_per_100_lines(self) -> float | None:
        return 100.0 * self.noisy / self.changed_lines if self.changed_lines else None


def expectation_family(expectation: Expectation) -> str:
    family = label_family(expectation.rule)
    return f"({expectation.category})" if family == "(any)" else family


def tally(results: Iterable[CaseResult]) -> Totals:
    totals = Totals()
    for result in results:
        totals.cases += 1
        totals.clean += result.case.clean
        totals.false_alarms += result.false_alarm
        totals.changed_lines += result.changed_lines
        totals.noisy += len(result.noisy)
        _add_labels(totals, result)
        _add_findings(totals, result.true_positives, lambda row: _bump(row, "true_findings"))
        _add_findings(totals, result.false_positives, lambda row: _bump(row, "false_findings"))
    return totals


def _add_labels(totals: Totals, result: CaseResult) -> None:
    for expectation in result.case.expects:
        found = expectation in result.matched
        for row in (totals.overall, totals.categories[expectation.category], totals.families[expectation_family(expectation)]):
            row.expected += 1
            row.found += found


def _add_findings(totals: Totals, findings: Iterable[Finding], bump: Callable[[Row], None]) -> None:
    for finding in findings:
        for row in (totals.overall, totals.categories[finding.category.value], totals.families[family_of(finding)]):
            bump(row)


def _bump(row: Row, name: str) -> None:
    setattr(row, name, getattr(row, name) + 1)
