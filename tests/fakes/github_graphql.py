"""The fake GitHub's GraphQL endpoint: review threads, as far as the reviewer uses them.

GitHub serves GraphQL at `/api/graphql` on Enterprise (`/graphql` on api.github.com), one POST
of `{query, variables}`. Like GitHub it answers 200 even when the operation failed, with an
`errors` array (`NOT_FOUND` for an unknown node id, `FORBIDDEN` when the token may read but not
write), and returns only the fields the query selects. It understands two operations: the
`pullRequest.reviewThreads` connection (cursor pagination, `first` at most 100) and the
`resolveReviewThread` mutation. Anything else is an error, so a client relying on more fails here.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from tests.fakes.github_server import FakeGitHub

Answer = tuple[int, Any, dict[str, str]]
_THREAD_FIELDS = ("id", "isResolved")
_COMMENT_FIELDS = ("databaseId", "body")


def graphql(state: FakeGitHub, grants: frozenset[str], body: Any) -> Answer:
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return 400, {"message": "Problems parsing JSON", "documentation_url": "https://docs.github.com/graphql"}, {}
    query, variables = body["query"], body.get("variables") or {}
    if re.search(r"\bresolveReviewThread\s*\(", query):
        return _resolve(state, grants, query, variables)
    if re.search(r"\breviewThreads\s*\(", query):
        return _threads(state, query, variables)
    return _errors([{"message": "the fake GitHub does not serve this GraphQL operation", "type": "UNSUPPORTED"}])


def _errors(errors: list[dict[str, Any]], data: dict[str, Any] | None = None) -> Answer:
    return 200, {"data": data, "errors": errors}, {}


def _threads(state: FakeGitHub, query: str, variables: dict[str, Any]) -> Answer:
    missing = [name for name in ("owner", "name", "number") if name not in variables]
    if missing:
        return _errors([{"message": f"Variable ${missing[0]} of type required was provided invalid value", "type": "INVALID"}])
    repo, number = f"{variables['owner']}/{variables['name']}", int(variables["number"])
    if (repo, number) not in state.pulls:
        return _errors([{"type": "NOT_FOUND", "path": ["repository"],
                         "message": f"Could not resolve to a Repository with the name '{repo}'."}], {"repository": None})
    first = _first(query, variables)
    if first is None or first > 100:
        return _errors([{"type": "INVALID", "message": "Requesting more than 100 records on the connection exceeds "
                         "the `first` limit of 100 records."}])
    threads = [t for t in state.threads if t["_repo"] == repo and t["_pull"] == number]
    start = int(base64.b64decode(variables["after"]).decode()) if variables.get("after") else 0
    page = threads[start : start + first]
    end = start + len(page)
    connection: dict[str, Any] = {"nodes": [_thread_node(state, t, query) for t in page]}
    if "pageInfo" in query:
        connection["pageInfo"] = {"hasNextPage": end < len(threads), "endCursor": base64.b64encode(str(end).encode()).decode()}
    return 200, {"data": {"repository": {"pullRequest": {"reviewThreads": connection}}}}, {}


def _first(query: str, variables: dict[str, Any]) -> int | None:
    match = re.search(r"reviewThreads\s*\(\s*first\s*:\s*(\$\w+|\d+)", query)
    if match is None:
        return None
    value = match.group(1)
    return int(variables.get(value[1:], 0)) if value.startswith("$") else int(value)


def _thread_node(state: FakeGitHub, thread: dict[str, Any], query: str) -> dict[str, Any]:
    node = {name: thread[name] for name in _THREAD_FIELDS if re.search(rf"\b{name}\b", query)}
    if re.search(r"\bcomments\s*\(\s*first\s*:\s*1\s*\)", query):
        first = next(c for c in state.review_comments if c["id"] == thread["_comments"][0])
        comment = {"databaseId": first["id"], "body": first["body"]}
        node["comments"] = {"nodes": [{k: v for k, v in comment.items() if re.search(rf"\b{k}\b", query)}]}
    return node


def _resolve(state: FakeGitHub, grants: frozenset[str], query: str, variables: dict[str, Any]) -> Answer:
    thread_id = variables.get("threadId") or variables.get("id")
    thread = next((t for t in state.threads if t["id"] == thread_id), None)
    if thread is None:
        return _errors([{"type": "NOT_FOUND", "path": ["resolveReviewThread"],
                         "message": f"Could not resolve to a node with the global id of '{thread_id}'"}],
                       {"resolveReviewThread": None})
    if "threads" not in grants:
        return _errors([{"type": "FORBIDDEN", "path": ["resolveReviewThread"],
                         "message": "Resource not accessible by integration"}], {"resolveReviewThread": None})
    thread["isResolved"] = True
    state.resolutions.append(thread["id"])
    node = {name: thread[name] for name in _THREAD_FIELDS if re.search(rf"\b{name}\b", query)}
    return 200, {"data": {"resolveReviewThread": {"thread": node}}}, {}
