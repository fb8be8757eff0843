"""The Review: the one value every reporter and sink renders, and the gate judges."""

from __future__ import annotations

from dataclasses import dataclass, field

from reviewer.findings import Finding, Severity, Skipped


@dataclass(frozen=True)
class LlmUsage:
    """What the persona stage spent; zero when it did not run."""

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float = 0.0


@dataclass(frozen=True)
class Review:
    """Ranked findings plus everything a reader needs to know about what was (not) covered.

    `notes` are one-line facts for the summary (e.g. why the AI review is missing);
    `not_reviewed_by_model` lists files the model never saw, so no report implies it did.
    """

    findings: tuple[Finding, ...]
    files_changed: int
    files_analyzed: int
    skipped: tuple[Skipped, ...] = ()
    elapsed_s: float = 0.0
    llm: LlmUsage = field(default_factory=LlmUsage)
    llm_summary: str | None = None
    notes: tuple[str, ...] = ()
    not_reviewed_by_model: tuple[str, ...] = ()
    changed_lines: int = 0

    def count_by_severity(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in reversed(Severity)}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    @property
    def highest_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)
