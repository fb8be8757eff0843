"""Posting the one review of a run, so that one bad line never costs the whole review.

Comments are checked against the diff before posting, but GitHub's view of the diff can still
differ from ours (a base branch that moved, rename detection, a hunk GitHub folded). GitHub then
answers 422 for the whole review without saying which comment it disliked. We find the offenders
by bisection with *pending* reviews (visible to nobody else, deleted straight after each probe),
so the PR still receives exactly one submitted review, holding every comment GitHub accepts.

A change request (`review-event: REQUEST_CHANGES`) blocks the merge until dismissed, and a later
COMMENT review does not lift it; so when the gate passes on a later push our stale change
requests are dismissed, and the PR is not left blocked by a verdict that no longer holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from github.Commit import Commit
from github.GithubException import GithubException
from github.PullRequest import PullRequest
from github.PullRequestReview import PullRequestReview

from reviewer.github.comments import InlineComment

REVIEW_MARKER = "<!-- reviewer:review -->"


@dataclass(frozen=True)
class Submitted:
    """The posted review (None when nothing could be posted) and the comments GitHub refused."""

    review: PullRequestReview | None
    rejected: tuple[InlineComment, ...]
    event: str


def submit_review(
    pull: PullRequest, commit: Commit, body: str, comments: Sequence[InlineComment], event: str
) -> Submitted:
    """Post one review; on 422 bisect out the refused comments and post the rest."""
    try:
        return Submitted(_create(pull, commit, body, comments, event), (), event)
    except GithubException as exc:
        if exc.status != 422:
            raise
    rejected = _offenders(pull, commit, list(comments), known_bad=True)
    accepted = [c for c in comments if c not in rejected]
    for attempt in dict.fromkeys((event, "COMMENT")):
        try:
            return Submitted(_create(pull, commit, body, accepted, attempt), tuple(rejected), attempt)
        except GithubException as exc:
            if exc.status != 422:
                raise
    return Submitted(None, tuple(comments), event)


def _create(
    pull: PullRequest, commit: Commit, body: str, comments: Sequence[InlineComment], event: str | None
) -> PullRequestReview:
    payload = [comment.payload() for comment in comments]
    if event is None:  # a pending review: the probe of a bisection step
        return pull.create_review(commit=commit, body=body, comments=payload)  # type: ignore[arg-type]
    return pull.create_review(commit=commit, body=body, event=event, comments=payload)  # type: ignore[arg-type]


def _probe(pull: PullRequest, commit: Commit, comments: Sequence[InlineComment]) -> bool:
    """Would GitHub accept these comments? Asked with a pending review, deleted at once."""
    try:
        pending = _create(pull, commit, "reviewer: checking comment placement", comments, None)
    except GithubException as exc:
        if exc.status == 422:
            return False
        raise
    pending.delete()
    return True


def _offenders(
    pull: PullRequest, commit: Commit, comments: list[InlineComment], *, known_bad: bool
) -> list[InlineComment]:
    """The comments GitHub refuses; `known_bad` says the list holds at least one (skip a probe)."""
    if not comments:
        return []
    if not known_bad and _probe(pull, commit, comments):
        return []
    if len(comments) == 1:
        return comments
    middle = len(comments) // 2
    left = _offenders(pull, commit, comments[:middle], known_bad=False)
    right = _offenders(pull, commit, comments[middle:], known_bad=not left)
    return left + right


def dismiss_stale(pull: PullRequest, author: str, message: str) -> int:
    """Dismiss `author`'s change requests carrying our marker: the gate they enforced now passes.

    A review only counts as ours when both the marker and the author match (the author of our
    summary comment), so a person's review is never dismissed, whatever its text. Returns how
    many were dismissed; a refusal propagates to the caller, which keeps the PR marked blocked.
    """
    dismissed = 0
    for review in pull.get_reviews():
        if review.state == "CHANGES_REQUESTED" and REVIEW_MARKER in (review.body or "") and _login(review) == author:
            review.dismiss(message)
            dismissed += 1
    return dismissed


def _login(review: PullRequestReview) -> str | None:
    return review.user.login if review.user else None
