"""The optional check run: the gate as a named status with annotations on the changed files.

Created only when the token has `checks: write` (a 403/404 just means the workflow did not grant
it). GitHub takes at most 50 annotations per request, so the first batch goes with the creation
and later batches are appended by updating the run's output.
"""

from __future__ import annotations

from github.GithubException import GithubException
from github.Repository import Repository

from reviewer.findings import Finding, Severity
from reviewer.github.ratelimit import is_permission_error
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


def publish_check(repo: Repository, head_sha: str, review: Review, gate_failed: bool, summary: str) -> str | None:
    """Create the check run; returns its URL, or None when the token may not create checks."""
    annotations = [annotation(f) for f in review.findings[:MAX_ANNOTATIONS]]
    batches = [annotations[i : i + BATCH] for i in range(0, len(annotations), BATCH)] or [[]]
    title = f"{len(review.findings)} finding{'s' if len(review.findings) != 1 else ''}"
    output = {"title": title, "summary": summary[:SUMMARY_LIMIT]}
    try:
        run = repo.create_check_run(
            name=CHECK_NAME,
            head_sha=head_sha,
            status="completed",
            conclusion="failure" if gate_failed else "success",
            output={**output, "annotations": batches[0]},  # type: ignore[dict-item]
        )
        for batch in batches[1:]:
            run.edit(output={**output, "annotations": batch})  # type: ignore[dict-item]
    except GithubException as exc:
        if is_permission_error(exc):
            return None
        raise
    return run.html_url
