"""The GitHub sink: one review per run, the summary upserted, and nothing said twice.

Before writing anything the sink reads what earlier runs left: review comments (their hidden
fingerprints) and the summary comment (its marker records the last reviewed head and the
findings seen). A re-run on the same head therefore posts no review and only edits the summary;
a new push comments only on new findings, lists the disappeared ones as resolved and resolves
their review threads, and withdraws a change request of ours once the gate passes. A 403/404
on the review or the summary means a read-only token: the caller falls back to annotations and
the job summary. What follows the summary (threads, check run) can only add warnings.
Posting never decides the exit code: only the gate does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from github.GithubException import GithubException
from github.IssueComment import IssueComment
from github.PullRequest import PullRequest
from github.Repository import Repository

from reviewer.diff import Diff
from reviewer.findings import Finding
from reviewer.github.checks import CheckRuns
from reviewer.github.comments import InlineComment, build_comment, fingerprints_in
from reviewer.github.fetch import PullInfo
from reviewer.github.ratelimit import describe, is_permission_error
from reviewer.github.submit import REVIEW_MARKER, dismiss_stale, submit_review
from reviewer.github.summary import (
    PriorState,
    Resolved,
    RunReport,
    parse_state,
    render_summary,
)
from reviewer.github.threads import resolve_fixed
from reviewer.review import Review


class ReadOnlyToken(Exception):
    """A write was refused (403/404): post through the runner instead."""


@dataclass(frozen=True)
class Target:
    """The PR being posted to (lazy PyGithub objects: creating them costs no call)."""

    repo: Repository
    info: PullInfo
    server_url: str

    @property
    def pull(self) -> PullRequest:
        return self.repo.get_pull(self.info.number)

    @property
    def blob_base(self) -> str:
        return f"{self.server_url}/{self.info.repo}/blob/{self.info.head_sha}"


@dataclass(frozen=True)
class Existing:
    """What earlier runs left on the PR."""

    inline: dict[str, str] = field(default_factory=dict)
    summary: IssueComment | None = None
    prior: PriorState | None = None


@dataclass(frozen=True)
class Plan:
    new: tuple[tuple[Finding, InlineComment], ...]
    earlier: tuple[Finding, ...]
    not_inline: tuple[tuple[Finding, str], ...]


@dataclass
class Outcome:
    review_url: str | None = None
    summary_url: str | None = None
    check_url: str | None = None
    posted: int = 0
    requested_changes: bool = False
    dismissed: int = 0
    threads_resolved: int = 0
    read_only: bool = False
    delivered: bool = False
    report: RunReport | None = None
    warnings: list[str] = field(default_factory=list)


def read_existing(target: Target) -> Existing:
    """Our review comments (by fingerprint) and our summary comment, each list paginated.

    Anyone can paste our hidden markers into a comment; only the bot's comments (or those of
    whoever wrote our summary, for a personal token) count, so a PR author cannot pre-empt
    a finding by posting its fingerprint.
    """
    review_comments = list(target.pull.get_review_comments())
    ours = [
        (comment, state)
        for comment in target.repo.get_issue(target.info.number).get_comments()
        if (state := parse_state(comment.body)) is not None
    ]
    summary, prior = next(((c, s) for c, s in ours if _is_bot(c)), ours[0]) if ours else (None, None)
    author = summary.user.login if summary is not None and summary.user else None
    inline: dict[str, str] = {}
    for comment in review_comments:
        if not (_is_bot(comment) or (author and comment.user and comment.user.login == author)):
            continue
        for fp in fingerprints_in(comment.body):
            title = (comment.body or "").split("\n", 1)[0]
            inline.setdefault(fp, f"{comment.path}:{comment.original_line or comment.line or ''} {title}")
    return Existing(inline, summary, prior)


def _is_bot(comment: Any) -> bool:
    return bool(comment.user and comment.user.type == "Bot")


def plan_comments(review: Review, diff: Diff, existing: Existing, max_comments: int) -> Plan:
    """Highest priority first: new inline comments up to the cap, the rest for the summary.

    A finding an earlier run already reported in the summary (over the cap, refused, outside
    the diff) stays there: otherwise a re-run on the same head would post the next batch.
    """
    new: list[tuple[Finding, InlineComment]] = []
    earlier: list[Finding] = []
    not_inline: list[tuple[Finding, str]] = []
    summarised = existing.prior.fingerprints if existing.prior and existing.prior.head else frozenset()
    for finding in review.findings:
        if finding.fingerprint in existing.inline:
            earlier.append(finding)
            continue
        if finding.fingerprint in summarised:
            not_inline.append((finding, "in the summary since an earlier run"))
            continue
        comment = build_comment(finding, diff.file(finding.path))
        if comment is None:
            not_inline.append((finding, "outside the diff"))
        elif len(new) < max_comments:
            new.append((finding, comment))
        else:
            not_inline.append((finding, f"over the max-comments limit of {max_comments}"))
    return Plan(tuple(new), tuple(earlier), tuple(not_inline))


def resolved_since(review: Review, existing: Existing, model_saw_all: bool) -> tuple[Resolved, ...]:
    """Findings an earlier run reported that this run no longer finds.

    When the model reviewed only the hunks changed since the last head, its earlier findings
    elsewhere were not re-checked, so they are not declared resolved.
    """
    current = {f.fingerprint for f in review.findings}
    prior = existing.prior or PriorState()
    unchecked = set() if model_saw_all else set(prior.llm_fingerprints)
    labels = {fp: f"finding `{fp}` from an earlier summary" for fp in prior.fingerprints}
    labels.update(existing.inline)
    return tuple(
        Resolved(fp, label) for fp, label in sorted(labels.items()) if fp not in current and fp not in unchecked
    )


def publish(
    target: Target, review: Review, diff: Diff, existing: Existing, *, gate_failed: bool, fail_on: str,
    max_comments: int, review_event: str, model_saw_all: bool = True, checks: CheckRuns | None = None,
) -> Outcome:
    """Post the review and the summary; `delivered` is False when the PR did not get them."""
    plan = plan_comments(review, diff, existing, max_comments)
    outcome = Outcome()
    rejected: tuple[InlineComment, ...] = ()
    try:
        if plan.new:
            rejected = _post_review(target, review, plan, gate_failed, review_event, outcome)
        rejected_fps = {c.fingerprint for c in rejected}
        blocking = _settle_change_requests(target, existing, gate_failed, outcome)
        outcome.report = RunReport(
            review=review,
            head_sha=target.info.head_sha,
            blob_base=target.blob_base,
            gate_failed=gate_failed,
            fail_on=fail_on,
            new_inline=tuple(f for f, c in plan.new if c.fingerprint not in rejected_fps),
            earlier_inline=plan.earlier,
            not_inline=tuple((f, "GitHub refused the line") for f, c in plan.new if c.fingerprint in rejected_fps)
            + plan.not_inline,
            resolved=resolved_since(review, existing, model_saw_all),
            review_url=outcome.review_url,
            notes=("The earlier request for changes was dismissed: the gate passes now.",) if outcome.dismissed else (),
            blocking=blocking,
        )
        body = render_summary(outcome.report)
        outcome.summary_url = _upsert_summary(target, existing, body)
        outcome.delivered = True
        _resolve_threads(target, existing, outcome.report.resolved, max_comments, outcome)
        if checks is not None:
            outcome.check_url, hint = checks.publish(target.info.head_sha, review, gate_failed, body)
            outcome.warnings += [hint] if hint else []
    except ReadOnlyToken as exc:
        outcome.read_only = True
        outcome.warnings.append(str(exc))
    except GithubException as exc:
        outcome.warnings.append(f"posting to GitHub failed: {describe(exc)}")
    return outcome


def _post_review(
    target: Target, review: Review, plan: Plan, gate_failed: bool, review_event: str, outcome: Outcome
) -> tuple[InlineComment, ...]:
    event = "REQUEST_CHANGES" if review_event == "REQUEST_CHANGES" and gate_failed else "COMMENT"
    count = len(plan.new)
    body = (
        f"**reviewer** found {count} new issue{'s' if count != 1 else ''} at `{target.info.head_sha[:12]}`; "
        f"the summary comment has the full picture.\n\n{REVIEW_MARKER}"
    )
    commit = target.repo.get_commit(target.info.head_sha)
    try:
        submitted = submit_review(target.pull, commit, body, [c for _, c in plan.new], event)
    except GithubException as exc:
        if is_permission_error(exc):
            raise ReadOnlyToken(f"cannot post the review ({describe(exc)}): falling back to annotations") from None
        raise
    if submitted.review is not None:
        outcome.review_url = submitted.review.html_url
        outcome.posted = count - len(submitted.rejected)
        outcome.requested_changes = submitted.event == "REQUEST_CHANGES"
    if submitted.rejected:
        outcome.warnings.append(f"GitHub refused {len(submitted.rejected)} comment(s); they are listed in the summary")
    return submitted.rejected


def _settle_change_requests(target: Target, existing: Existing, gate_failed: bool, outcome: Outcome) -> bool:
    """Whether a change request of ours blocks the PR after this run; dismiss it once the gate passes.

    The summary marker of the previous run says whether one stands, so a passing run costs no
    call unless there is something to dismiss: then one list of the reviews and one dismissal each.
    """
    stood = existing.prior is not None and existing.prior.blocking
    if gate_failed or not stood:
        return outcome.requested_changes or stood
    assert existing.summary is not None  # the prior state comes from the summary comment
    author = existing.summary.user.login if existing.summary.user else ""
    message = f"reviewer: the gate passes at {target.info.head_sha[:12]}; this request for changes no longer applies."
    try:
        outcome.dismissed = dismiss_stale(target.pull, author, message)
    except GithubException as exc:
        outcome.warnings.append(f"cannot dismiss the earlier request for changes ({describe(exc)}): "
                                "the PR stays blocked until someone dismisses it")
        return True
    return False


def _resolve_threads(
    target: Target, existing: Existing, resolved: tuple[Resolved, ...], limit: int, outcome: Outcome
) -> None:
    """Resolve the threads of inline findings that were still there on the last reviewed head.

    Findings fixed before that were handled by an earlier run, so a quiet re-run makes no call.
    """
    prior = existing.prior if existing.prior and existing.prior.head else None
    fixed = {r.fingerprint for r in resolved
             if r.fingerprint in existing.inline and (prior is None or r.fingerprint in prior.fingerprints)}
    if not fixed:
        return
    result = resolve_fixed(target.repo.requester, target.info.repo, target.info.number, fixed, limit)
    outcome.threads_resolved = len(result.resolved)
    outcome.warnings += result.warnings


def _upsert_summary(target: Target, existing: Existing, body: str) -> str:
    try:
        if existing.summary is not None:
            try:
                existing.summary.edit(body)
                return existing.summary.html_url
            except GithubException as exc:
                if not is_permission_error(exc):
                    raise  # a comment we may not edit is not ours: write our own below
        created = target.repo.get_issue(target.info.number).create_comment(body)
        return created.html_url
    except GithubException as exc:
        if is_permission_error(exc):
            raise ReadOnlyToken(f"cannot write the summary comment ({describe(exc)}): falling back to annotations") from None
        raise
