"""The optional check run: the gate as a named status with annotations on the changed files.

Attempted once per run (one call: asking first would cost the same). A 403/404 means the
workflow did not grant `checks: write`: `CheckRuns` remembers it for the rest of the run, so
nothing retries it, and says so once in the job log instead of dropping it silently. GitHub
takes at most 50 annotations per request, so the first batch goes with the creation and later
batches are appended by updating the run's output.
"""

from __future__ import annotations

from dataclasses import dataclass

from github.GithubException import GithubException
from github.Repository import Repository

from reviewer.findings import Finding, Severity
from reviewer.github.ratelimit import describe, is_permission_error
from reviewer.review import Review

CHECK_NAME = "reviewer"
BATCH = 50
MAX_ANNOTATIONS = 1000
SUMMARY_LIMIT = 65_535
LEVELS = {
    Severity.CRITICAL: "failure",
    Severity.HIGH: "failure",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}


def annotation(finding: Finding) -> dict[str, str | int]:
    return {
        "path": finding.path,
        "start_line": finding.line,
        "end_line": max(finding.end_line, finding.line),
        "annotation_level": LEVELS[finding.severity],
        "title": f"{finding.rule_id}: {finding.title}"[:255],
        "message": finding.message[:64_000] or finding.title,
    }


@dataclass
class CheckRuns:
    """The run's check-run writer: after one refusal it stops asking and has one hint to log."""

    repo: Repository
    denied: str | None = None  # why GitHub refused, once it has

    def publish(self, head_sha: str, review: Review, gate_failed: bool, summary: str) -> tuple[str | None, str | None]:
        """(URL of the check run, a hint for the job log); the hint is given only once per run."""
        if self.denied is not None:
            return None, None
        try:
            return publish_check(self.repo, head_sha, review, gate_failed, summary), None
        except GithubException as exc:
            if not is_permission_error(exc):
                raise
            self.denied = describe(exc)
        return None, (f"no '{CHECK_NAME}' check run ({self.denied}): add `checks: write` to the job's "
                      "`permissions:` for a check with annotations; the job's exit code still gates")


def publish_check(repo: Repository, head_sha: str, review: Review, gate_failed: bool, summary: str) -> str:
    """Create the check run and return its URL; GitHub's refusal propagates."""
    annotations = [annotation(f) for f in review.findings[:MAX_ANNOTATIONS]]
    batches = [annotations[i : i + BATCH] for i in range(0, len(annotations), BATCH)] or [[]]
    title = f"{len(review.findings)} finding{'s' if len(review.findings) != 1 else ''}"
    output = {"title": title, "summary": summary[:SUMMARY_LIMIT]}
    run = repo.create_check_run(
        name=CHECK_NAME,
        head_sha=head_sha,
        status="completed",
        conclusion="failure" if gate_failed else "success",
        output={**output, "annotations": batches[0]},  # type: ignore[dict-item]
    )
    for batch in batches[1:]:
        run.edit(output={**output, "annotations": batch})  # type: ignore[dict-item]
    return run.html_url
