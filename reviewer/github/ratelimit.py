"""The GitHub client, with rate limits and faults handled by urllib3's retry, not by loops of ours.

PyGithub retries through a `urllib3.Retry` (`GithubRetry`): it recognises primary rate limits
(`X-RateLimit-Reset`), secondary ones (`Retry-After` or the message) and 5xx answers. We add
what a bot posting reviews needs on top: one wait budget for the whole run (a review that would
sleep for an hour fails with a clear message instead), backoff that is never a tight loop, and
no blind retry of a POST that got a 5xx (GitHub may have created the review before failing; a
duplicate review is worse than one warning).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import github
from github.GithubException import GithubException, RateLimitExceededException, RateLimitExceededExceedsMaxWait
from github.GithubRetry import GithubRetry
from urllib3.response import BaseHTTPResponse

RETRY_STATUSES = [429, *range(500, 600)]


class RateLimitWaitExceeded(RateLimitExceededException):
    """Waiting out a rate limit would exceed the run's wait budget."""


@dataclass
class WaitBudget:
    """Seconds the whole run may still spend waiting on GitHub (shared by every retry)."""

    remaining: float
    waited: float = 0.0

    def spend(self, seconds: float) -> None:
        self.remaining -= seconds
        self.waited += seconds


@dataclass(frozen=True)
class RetryPolicy:
    """How patient a run is. The defaults suit Actions; tests shrink them."""

    max_total_wait: float = 300.0
    retries: int = 5
    backoff_factor: float = 1.0
    min_backoff: float = 1.0
    secondary_wait: float = 60.0
    seconds_between_writes: float = 1.0
    timeout: int = 30
    per_page: int = 100
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)


DEFAULT_POLICY = RetryPolicy()


class BoundedRetry(GithubRetry):
    """GithubRetry with a shared wait budget, a floor on backoff and no 5xx retry of POST."""

    def __init__(self, *, budget: WaitBudget, policy: RetryPolicy, **kwargs: Any) -> None:
        self.budget = budget
        self.policy = policy
        kwargs.setdefault("status_forcelist", list(RETRY_STATUSES))
        kwargs.setdefault("raise_on_status", False)
        kwargs.setdefault("secondary_rate_wait", policy.secondary_wait)
        kwargs.setdefault("max_rate_limit_wait", policy.max_total_wait)
        super().__init__(**kwargs)

    def new(self, **kw: Any) -> BoundedRetry:
        kw.update(budget=self.budget, policy=self.policy)
        return super().new(**kw)  # type: ignore[return-value]

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if method.upper() == "POST" and status_code >= 500:
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        retry_after = self.get_retry_after(response) if response is not None else None
        status = response.status if response is not None else 0
        wait = retry_after if retry_after is not None else self.get_backoff_time()
        if retry_after is None and (status >= 500 or status == 0):
            wait = max(wait, self.policy.min_backoff)
        if wait > self.budget.remaining:
            raise RateLimitWaitExceeded(
                status or 403,
                {"message": f"GitHub asked to wait {wait:.0f}s, more than the {self.budget.remaining:.0f}s left "
                 f"of this run's {self.policy.max_total_wait:.0f}s wait budget"},
                {},
            )
        self.budget.spend(wait)
        if wait > 0:
            self.policy.sleep(wait)


def make_client(token: str, api_url: str, policy: RetryPolicy | None = None) -> github.Github:
    """A PyGithub client for github.com or GitHub Enterprise (`GITHUB_API_URL`)."""
    policy = policy or DEFAULT_POLICY
    retry = BoundedRetry(
        budget=WaitBudget(policy.max_total_wait),
        policy=policy,
        total=policy.retries,
        backoff_factor=policy.backoff_factor,
    )
    return github.Github(
        auth=github.Auth.Token(token),
        base_url=api_url.rstrip("/"),
        timeout=policy.timeout,
        per_page=policy.per_page,
        retry=retry,
        seconds_between_requests=None,
        seconds_between_writes=policy.seconds_between_writes or None,
        user_agent="reviewer-action",
        lazy=True,
    )


def describe(exc: GithubException) -> str:
    """One line a user can act on, from any PyGithub error (never includes the token)."""
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or exc.message or "").strip() or "no message"
    if exc.status == 401:
        return "GitHub rejected the token (401 Bad credentials): check REVIEWER_GITHUB_TOKEN / GITHUB_TOKEN"
    if isinstance(exc, RateLimitExceededExceedsMaxWait) and exc.wait is not None:
        return f"GitHub rate limit: {message} (the reset is {exc.wait:.0f}s away, beyond this run's wait budget)"
    if isinstance(exc, RateLimitExceededException):
        return f"GitHub rate limit: {message}"
    return f"GitHub API {exc.status}: {message}"


def is_permission_error(exc: GithubException) -> bool:
    """403/404 on a write: a read-only token (fork PR) or a missing `permissions:` entry."""
    return exc.status in (403, 404) and not isinstance(exc, RateLimitExceededException)
