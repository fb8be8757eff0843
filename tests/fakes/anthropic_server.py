"""A fake Anthropic Messages API on 127.0.0.1, for driving the real `anthropic` client in tests.

It checks what the real API checks that matters to us — the auth and `anthropic-version`
headers, the paths, the request body shape including a forced `tool_choice` — records every
request byte for byte, and answers with real-shaped bodies (`tool_use` blocks and `usage`).
Answers are scripted per `/v1/messages` request: a reply, an HTTP error (with `retry-after`),
a slow answer, a raw body, or a function of the request. When the script runs out, `default`
answers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Union

API_KEY = "sk-ant-test-0000000000000000000000"
_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                429: "rate_limit_error", 500: "api_error", 529: "overloaded_error"}


@dataclass
class Reply:
    """A successful tool call with the given input and usage."""

    tool_input: Any
    input_tokens: int = 1200
    output_tokens: int = 300
    cache_creation_input_tokens: int = 0
    cache_read_input_tokens: int = 0
    name: str = "submit_review"


@dataclass
class Status:
    """An HTTP error in the API's error shape; `retry_after` in seconds (floats are honoured)."""

    code: int
    retry_after: str | None = None


@dataclass
class Slow:
    """Answer after `seconds` (longer than the client's timeout to provoke one)."""

    seconds: float
    then: Reply


@dataclass
class Raw:
    """Any JSON body with status 200 (a text-only answer, a malformed tool call…)."""

    body: dict[str, Any]


Step = Union[Reply, Status, Slow, Raw, Callable[[dict[str, Any]], Any]]


@dataclass
class Captured:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.body)
        return data


@dataclass
class FakeAnthropic:
    """Start with `with FakeAnthropic() as fake:`; point the SDK at `fake.base_url`."""

    script: list[Step] = field(default_factory=list)
    default: Step | None = None
    count_status: int = 200
    requests: list[Captured] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def message_requests(self) -> list[Captured]:
        return [r for r in self.requests if r.path == "/v1/messages"]

    def __enter__(self) -> FakeAnthropic:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def next_step(self, request: dict[str, Any]) -> Any:
        with self._lock:
            step = self.script.pop(0) if self.script else self.default
        while callable(step) and not isinstance(step, (Reply, Status, Slow, Raw)):
            step = step(request)
        if step is None:
            raise AssertionError("the fake API received a request its script did not expect")
        return step


def check_messages_body(body: Any) -> list[str]:
    """What the real API would reject (400) in a Messages request body."""
    problems = []
    if not isinstance(body, dict):
        return ["body is not a JSON object"]
    if not isinstance(body.get("model"), str) or not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
        problems.append("model (string) and max_tokens (positive integer) are required")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages or any(m.get("role") not in ("user", "assistant") for m in messages):
        problems.append("messages must be a non-empty list of user/assistant turns")
    system = body.get("system", [])
    if not isinstance(system, (str, list)) or (isinstance(system, list) and any(b.get("type") != "text" for b in system)):
        problems.append("system must be a string or a list of text blocks")
    tools = body.get("tools", [])
    names = {t.get("name") for t in tools if isinstance(t, dict) and isinstance(t.get("input_schema"), dict)}
    if len(names) != len(tools):
        problems.append("every tool needs a name and an input_schema")
    choice = body.get("tool_choice")
    if choice is not None and (choice.get("type") not in ("auto", "any", "tool", "none") or
                               (choice.get("type") == "tool" and choice.get("name") not in names)):
        problems.append(f"tool_choice {choice!r} does not name a declared tool")
    return problems


class _Handler(BaseHTTPRequestHandler):
    fake: FakeAnthropic

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        path = self.path.split("?", 1)[0]
        headers = {k.lower(): v for k, v in self.headers.items()}
        with self.fake._lock:
            self.fake.requests.append(Captured(path, headers, body))
        problem = self._header_problem(headers)
        if problem:
            return self._error(401 if "key" in problem else 400, problem)
        try:
            data = json.loads(body)
        except ValueError:
            return self._error(400, "body is not JSON")
        if path == "/v1/messages/count_tokens":
            return self._count(data)
        if path != "/v1/messages":
            return self._error(404, f"no route {path}")
        problems = check_messages_body(data)
        if problems:
            self.fake.problems += problems
            return self._error(400, "; ".join(problems))
        self._answer(self.fake.next_step(data), data)

    def _header_problem(self, headers: dict[str, str]) -> str | None:
        key = headers.get("x-api-key") or headers.get("authorization", "").removeprefix("Bearer ")
        if key != API_KEY:
            return "invalid x-api-key"
        version = headers.get("anthropic-version", "")
        if len(version) != 10 or version[4] != "-":
            return f"anthropic-version header missing or malformed: {version!r}"
        return None

    def _count(self, data: dict[str, Any]) -> None:
        if self.fake.count_status != 200:
            return self._error(self.fake.count_status, "count_tokens unavailable")
        self._json(200, {"input_tokens": len(json.dumps(data)) // 4})

    def _answer(self, step: Any, request: dict[str, Any]) -> None:
        if isinstance(step, Status):
            extra = {"retry-after": step.retry_after} if step.retry_after is not None else {}
            return self._error(step.code, f"scripted {step.code}", extra)
        if isinstance(step, Slow):
            time.sleep(step.seconds)
            step = step.then
        if isinstance(step, Raw):
            return self._json(200, step.body)
        self._json(200, message_body(step, request["model"]))

    def _error(self, code: int, message: str, headers: dict[str, str] | None = None) -> None:
        body = {"type": "error", "error": {"type": _ERROR_TYPES.get(code, "api_error"), "message": message}}
        self._json(code, body, headers)

    def _json(self, code: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode("utf-8")
        try:
            self.send_response(code)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("request-id", "req_fake")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up (a timeout test)


def message_body(reply: Reply, model: str) -> dict[str, Any]:
    """A Messages API response body as the real API shapes it."""
    return {
        "id": "msg_fake01",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "tool_use", "id": "toolu_fake01", "name": reply.name, "input": reply.tool_input}],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {
            "input_tokens": reply.input_tokens,
            "output_tokens": reply.output_tokens,
            "cache_creation_input_tokens": reply.cache_creation_input_tokens,
            "cache_read_input_tokens": reply.cache_read_input_tokens,
        },
    }
