"""Resolving the review threads of findings a new push fixed, where the token allows it.

REST cannot resolve a review thread; GraphQL can (`resolveReviewThread`). PyGithub's requester
speaks GraphQL at the URL it derives from the REST base (`https://HOST/api/v3` →
`https://HOST/api/graphql`, api.github.com → `/graphql`), so GitHub Enterprise needs nothing
extra. Threads are matched by the hidden fingerprint in their first comment. The cost is
bounded: one query per 100 threads (at most `MAX_PAGES`) and one mutation per fixed thread, at
most `limit` (the run's max-comments). Nothing here can fail the run: the first refusal stops
the attempts and becomes one warning.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from github.GithubException import GithubException
from github.Requester import Requester

from reviewer.github.comments import fingerprints_in
from reviewer.github.ratelimit import describe, is_permission_error

MAX_PAGES = 5
HINT = "; resolving threads needs a token with `pull-requests: write`"
THREADS_QUERY = """
query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { databaseId body } } }
      }
    }
  }
}
"""
RESOLVE_MUTATION = """
mutation($threadId: ID!) {
  resolveReviewThread(input: {threadId: $threadId}) { thread { id isResolved } }
}
"""


@dataclass(frozen=True)
class Thread:
    id: str
    fingerprint: str
    resolved: bool


@dataclass
class ThreadResult:
    """Fingerprints whose threads this run resolved, the calls it took, what to tell the log."""

    resolved: set[str] = field(default_factory=set)
    calls: int = 0
    warnings: list[str] = field(default_factory=list)


def resolve_fixed(
    requester: Requester, repo: str, number: int, fingerprints: Collection[str], limit: int
) -> ThreadResult:
    """Resolve the open threads whose first comment carries one of `fingerprints`."""
    result = ThreadResult()
    if not fingerprints or limit <= 0:
        return result
    try:
        threads = _find_threads(requester, repo, number, set(fingerprints), result)
    except GithubException as exc:
        result.warnings.append(f"cannot list the review threads of fixed findings ({_explain(exc)}): left open")
        return result
    todo = [t for t in threads if not t.resolved]
    for index, thread in enumerate(todo[:limit]):
        try:
            result.calls += 1
            requester.graphql_query(RESOLVE_MUTATION, {"threadId": thread.id})
        except GithubException as exc:
            if _node_gone(exc):  # deleted since the query: nothing left to resolve
                continue
            result.warnings.append(f"cannot resolve the review threads of fixed findings ({_explain(exc)}): "
                                   f"{len(todo) - index} left open")
            return result
        result.resolved.add(thread.fingerprint)
    if len(todo) > limit:
        result.warnings.append(f"{len(todo) - limit} thread(s) of fixed findings left open: over max-comments ({limit})")
    return result


def _find_threads(requester: Requester, repo: str, number: int, wanted: set[str], result: ThreadResult) -> list[Thread]:
    owner, name = repo.split("/", 1)
    found: list[Thread] = []
    after: str | None = None
    for _ in range(MAX_PAGES):
        result.calls += 1
        _, data = requester.graphql_query(THREADS_QUERY, {"owner": owner, "name": name, "number": number, "after": after})
        connection = _connection(data)
        found += [t for node in connection.get("nodes") or () if (t := _thread(node, wanted)) is not None]
        page = connection.get("pageInfo") or {}
        if not page.get("hasNextPage") or len({t.fingerprint for t in found}) == len(wanted):
            break
        after = page.get("endCursor")
    return found


def _connection(data: dict[str, Any]) -> dict[str, Any]:
    pull = ((data.get("data") or {}).get("repository") or {}).get("pullRequest") or {}
    return pull.get("reviewThreads") or {}


def _thread(node: dict[str, Any], wanted: set[str]) -> Thread | None:
    comments = (node.get("comments") or {}).get("nodes") or []
    if not comments or not node.get("id"):
        return None
    matched = fingerprints_in(comments[0].get("body")) & wanted
    if not matched:
        return None
    return Thread(str(node["id"]), min(matched), bool(node.get("isResolved")))


def _errors(exc: GithubException) -> list[dict[str, Any]]:
    errors = exc.data.get("errors") if isinstance(exc.data, dict) else None
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


def _node_gone(exc: GithubException) -> bool:
    """A GraphQL NOT_FOUND for the thread id, as opposed to an HTTP 404 of the endpoint."""
    return any(error.get("type") == "NOT_FOUND" for error in _errors(exc))


def _explain(exc: GithubException) -> str:
    """GraphQL refusals come as 200 + errors (PyGithub raises them as 400): name the cause."""
    errors = _errors(exc)
    if errors:
        kind, message = errors[0].get("type"), errors[0].get("message")
        hint = HINT if kind == "FORBIDDEN" else ""
        return f"GitHub GraphQL {kind or 'error'}: {message}{hint}"
    if is_permission_error(exc):
        return f"{describe(exc)}{HINT}"
    return describe(exc)
