"""A fake GitHub REST API on 127.0.0.1 that behaves like GitHub where the reviewer depends on it.

Served under a GitHub Enterprise-style prefix (`/api/v3`) with absolute URLs in every answer,
`Link` pagination, the diff media type (406 above the file/line limits), the files and contents
endpoints, reviews that are rejected all-or-nothing (422) when any comment is off the diff,
pending reviews and their dismissal, 403 for tokens without the permission a write needs,
`X-RateLimit-*` headers, and scripted faults (secondary rate limit with `Retry-After`,
transient 502). GraphQL (`/api/graphql`, see `github_graphql.py`) keeps the review threads.
Every request is recorded so tests can count API calls exactly.

The server parses the diff it is given with its own small parser, independent of
`reviewer.diff`, so it is an honest second opinion on which lines accept comments.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlparse

PREFIX = "/api/v3"
GRAPHQL_PATH = "/api/graphql"
ALL_GRANTS = frozenset({"pulls", "issues", "checks", "threads"})
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
DIFF_MEDIA_TYPE = "application/vnd.github.v3.diff"
SECONDARY_LIMIT = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."


@dataclass
class ServerFile:
    """One file of a PR as GitHub's files endpoint describes it."""

    filename: str
    status: str
    patch: str | None
    additions: int
    deletions: int
    previous_filename: str | None = None
    commentable: dict[int, int] = field(default_factory=dict)  # new line -> hunk index


@dataclass
class Pull:
    number: int
    head_sha: str
    base_sha: str
    diff: str
    title: str = "Add endpoints"
    body: str = "Please review."
    head_repo: str | None = None
    files: list[ServerFile] = field(default_factory=list)


@dataclass
class Fault:
    """Answer the next `times` matching requests with this status instead of serving them."""

    method: str
    path: str  # regular expression on the path below the prefix
    status: int
    body: dict[str, Any] | str
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    body_contains: str = ""  # only requests whose raw body holds this (one GraphQL operation)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    accept: str
    body: Any


def parse_server_diff(text: str) -> list[ServerFile]:
    """Split a git diff into GitHub's file records, with the new-side lines each hunk accepts."""
    files: list[ServerFile] = []
    blocks = re.split(r"^(?=diff --git )", text, flags=re.MULTILINE)
    for block in blocks:
        if block.startswith("diff --git "):
            files.append(_server_file(block))
    return files


def _server_file(block: str) -> ServerFile:
    lines = block.split("\n")
    match = re.match(r"diff --git a/(.*) b/(.*)$", lines[0])
    assert match, lines[0]
    old, new = match.group(1), match.group(2)
    status = "modified"
    if any(line.startswith("new file mode") for line in lines[:6]):
        status = "added"
    elif any(line.startswith("deleted file mode") for line in lines[:6]):
        status = "removed"
    elif any(line.startswith("rename from") for line in lines[:6]):
        status = "renamed"
    start = next((i for i, line in enumerate(lines) if line.startswith("@@")), None)
    patch = "\n".join(lines[start:]).rstrip("\n") if start is not None else None
    record = ServerFile(new, status, patch, 0, 0, old if status == "renamed" else None)
    if patch is not None:
        _index_hunks(record, patch)
    return record


def _index_hunks(record: ServerFile, patch: str) -> None:
    hunk, new_no = -1, 0
    for line in patch.split("\n"):
        match = _HUNK.match(line)
        if match:
            hunk, new_no = hunk + 1, int(match.group(3))
            continue
        if line.startswith("+"):
            record.commentable[new_no] = hunk
            record.additions += 1
            new_no += 1
        elif line.startswith("-"):
            record.deletions += 1
        elif line.startswith(" "):
            record.commentable[new_no] = hunk
            new_no += 1


class FakeGitHub:
    """The server and its state. Use as a context manager; `base_url` goes to GITHUB_API_URL."""

    def __init__(self, *, max_diff_files: int = 300, max_diff_lines: int = 20_000) -> None:
        self.max_diff_files = max_diff_files
        self.max_diff_lines = max_diff_lines
        self.tokens: dict[str, str] = {}  # token -> role
        self.roles: dict[str, frozenset[str]] = {"write": ALL_GRANTS, "read": frozenset()}
        self.pulls: dict[tuple[str, int], Pull] = {}
        self.contents: dict[tuple[str, str, str], bytes] = {}
        self.issue_comments: list[dict[str, Any]] = []
        self.review_comments: list[dict[str, Any]] = []
        self.reviews: list[dict[str, Any]] = []
        self.check_runs: list[dict[str, Any]] = []
        self.threads: list[dict[str, Any]] = []
        self.resolutions: list[str] = []
        self.faults: list[Fault] = []
        self.requests: list[Recorded] = []
        self.rate_remaining = 5000
        self._ids = 1000
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeGitHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def web_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"

    @property
    def base_url(self) -> str:
        return self.web_url + PREFIX

    def add_pull(self, repo: str, pull: Pull) -> Pull:
        pull.files = parse_server_diff(pull.diff)
        self.pulls[(repo, pull.number)] = pull
        return pull

    def add_contents(self, repo: str, sha: str, files: dict[str, bytes]) -> None:
        for path, data in files.items():
            self.contents[(repo, sha, path)] = data

    def next_id(self) -> int:
        with self._lock:
            self._ids += 1
            return self._ids

    def calls(self, method: str | None = None) -> list[str]:
        """Recorded requests as `METHOD path`, optionally of one method."""
        return [f"{r.method} {r.path}" for r in self.requests if method is None or r.method == method]

    def take_fault(self, method: str, path: str, raw: bytes = b"") -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if (fault.times > 0 and fault.method == method and re.fullmatch(fault.path, path)
                        and fault.body_contains.encode() in raw):
                    fault.times -= 1
                    return fault
        return None


def _handler_for(state: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    from tests.fakes.github_graphql import graphql
    from tests.fakes.github_routes import route

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            return

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PATCH(self) -> None:
            self._serve("PATCH")

        def do_PUT(self) -> None:
            self._serve("PUT")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def _serve(self, method: str) -> None:
            url = urlparse(self.path)
            path = unquote(url.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            query = parse_qs(url.query)
            below = path[len(PREFIX) :] if path.startswith(PREFIX) else path
            state.requests.append(Recorded(method, below, query, self.headers.get("Accept", ""), body))
            grants, answer = _authorise(state, self.headers.get("Authorization", ""), method, below)
            if answer is None:
                fault = state.take_fault(method, below, raw)
                if fault is not None:
                    answer = (fault.status, fault.body, dict(fault.headers))
            if answer is None and below == GRAPHQL_PATH:
                answer = graphql(state, grants, body) if method == "POST" else (404, {"message": "Not Found"}, {})
            if answer is None:
                answer = route(state, method, below, query, body, self.headers.get("Accept", ""))
            self._send(*answer)

        def _send(self, status: int, payload: Any, headers: dict[str, str]) -> None:
            if isinstance(payload, (bytes, str)):
                data = payload.encode() if isinstance(payload, str) else payload
                headers.setdefault("Content-Type", "text/plain; charset=utf-8")
            else:
                data = json.dumps(payload).encode() if payload is not None else b""
                headers.setdefault("Content-Type", "application/json; charset=utf-8")
            state.rate_remaining -= 1
            headers.update(
                {
                    "X-RateLimit-Limit": "5000",
                    "X-RateLimit-Remaining": str(max(state.rate_remaining, 0)),
                    "X-RateLimit-Reset": str(int(time.time()) + 3600),
                    "X-RateLimit-Used": str(5000 - state.rate_remaining),
                    "X-RateLimit-Resource": "core",
                    "Content-Length": str(len(data)),
                }
            )
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _authorise(
    state: FakeGitHub, header: str, method: str, path: str
) -> tuple[frozenset[str], tuple[int, Any, dict[str, str]] | None]:
    """The token's grants, and the refusal when it lacks the one this write needs.

    GraphQL is one POST for reads and writes alike: its handler checks the grant per mutation.
    """
    token = header.split(" ", 1)[1] if " " in header else ""
    role = state.tokens.get(token)
    if role is None:
        return frozenset(), (401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}, {})
    grants = state.roles[role]
    if method != "GET" and path != GRAPHQL_PATH and _grant_for(path) not in grants:
        return grants, (403, {"message": "Resource not accessible by integration", "status": "403"}, {})
    return grants, None


def _grant_for(path: str) -> str:
    if "/check-runs" in path:
        return "checks"
    return "issues" if "/issues/" in path else "pulls"


def paginate(state: FakeGitHub, path: str, items: list[Any], query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
    """GitHub's pagination: `per_page` (max 100), `page`, absolute `Link` URLs."""
    per_page = min(int(query.get("per_page", ["30"])[0]), 100)
    page = int(query.get("page", ["1"])[0])
    last = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    links = []
    base = {key: values[0] for key, values in query.items() if key != "page"}
    for rel, number in (("next", page + 1), ("last", last)):
        if page < last:
            links.append(f'<{state.base_url}{path}?{urlencode({**base, "page": number})}>; rel="{rel}"')
    headers = {"Link": ", ".join(links)} if links else {}
    return 200, chunk, headers


def b64(data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n"
