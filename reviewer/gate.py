"""The merge gate: which findings fail a PR, as an exit code.

Only deterministic findings gate by default, so a prompt-injected diff cannot talk the gate
open or shut; model findings (`source == "llm"`) count only when the user opts in.
"""

from __future__ import annotations

from reviewer.config import Config
from reviewer.findings import Finding
from reviewer.review import Review

EXIT_PASS = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def gating_findings(review: Review, config: Config) -> list[Finding]:
    """The findings at or above `--fail-on` that are allowed to decide the gate."""
    threshold = config.fail_on_severity
    if threshold is None:
        return []
    return [
        f
        for f in review.findings
        if f.severity.rank >= threshold.rank and (config.gate_llm or f.source != "llm")
    ]


def exit_code(review: Review, config: Config) -> int:
    return EXIT_GATE_FAILED if gating_findings(review, config) else EXIT_PASS
