"""Provider clients: the Anthropic API, Amazon Bedrock or Google Vertex, through the SDK.

The SDK does the retrying (429, 529 and 5xx, honouring `retry-after`); we set the timeout, the
retry count and the credentials explicitly so nothing is picked up by accident (an SDK profile on
disk, another tool's environment). Errors become one line that says what failed and what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import anthropic

from reviewer.persona import PersonaConfigError

MAX_RETRIES = 2
_COUNT_KEYS = ("model", "system", "messages", "tools", "tool_choice")


def api_key(environ: Mapping[str, str]) -> str | None:
    """`REVIEWER_ANTHROPIC_API_KEY` (scoped to this tool) wins over `ANTHROPIC_API_KEY`."""
    return environ.get("REVIEWER_ANTHROPIC_API_KEY") or environ.get("ANTHROPIC_API_KEY") or None


def provider_configured(provider: str, environ: Mapping[str, str]) -> bool:
    """Is there enough to try a call? Bedrock and Vertex count when chosen explicitly: their
    credentials come from the cloud environment the SDK knows how to read."""
    return provider != "anthropic" or api_key(environ) is not None


def build_client(provider: str, environ: Mapping[str, str], *, timeout: float, max_retries: int = MAX_RETRIES) -> Any:
    """An SDK client for the provider with explicit timeout and retries."""
    if provider == "bedrock":
        region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
        return anthropic.AnthropicBedrock(aws_region=region, timeout=timeout, max_retries=max_retries)
    if provider == "vertex":
        region = environ.get("CLOUD_ML_REGION") or environ.get("GOOGLE_CLOUD_REGION")
        project = environ.get("ANTHROPIC_VERTEX_PROJECT_ID") or environ.get("GOOGLE_CLOUD_PROJECT")
        if not region:
            raise PersonaConfigError("--llm-provider vertex needs CLOUD_ML_REGION (and ANTHROPIC_VERTEX_PROJECT_ID)")
        if project:
            return anthropic.AnthropicVertex(region=region, project_id=project, timeout=timeout, max_retries=max_retries)
        return anthropic.AnthropicVertex(region=region, timeout=timeout, max_retries=max_retries)
    key = api_key(environ)
    if key is None:
        raise PersonaConfigError("no Anthropic API key: set ANTHROPIC_API_KEY or REVIEWER_ANTHROPIC_API_KEY, or use --llm off")
    base_url = environ.get("ANTHROPIC_BASE_URL") or None
    return anthropic.Anthropic(api_key=key, base_url=base_url, timeout=timeout, max_retries=max_retries)


@dataclass
class MessagesApi:
    """The two calls the stage makes; answers are plain Messages API response bodies (dicts),
    the same shape the cache and `--llm-replay` files hold."""

    client: Any

    def create(self, request: Mapping[str, Any]) -> dict[str, Any]:
        raw = self.client.messages.with_raw_response.create(**request)
        body = raw.json()  # the body exactly as the API sent it, for the cache and replays
        if not isinstance(body, dict):
            raise anthropic.APIResponseValidationError(raw.http_response, body, message="response is not a JSON object")
        return body

    def count(self, request: Mapping[str, Any]) -> int | None:
        """Exact input tokens from the count endpoint, or None when it is not reachable."""
        try:
            counted = self.client.messages.count_tokens(**{k: request[k] for k in _COUNT_KEYS if k in request})
        except anthropic.AnthropicError:  # unreachable endpoint, or a provider without counting (Bedrock)
            return None
        return int(counted.input_tokens)


def describe(exc: BaseException, timeout: float) -> str:
    """One line for a failed call, after the SDK's own retries."""
    retried = f"after {MAX_RETRIES} retries"
    if isinstance(exc, anthropic.APITimeoutError):
        return f"the model API did not answer within {timeout:g}s ({retried})"
    if isinstance(exc, anthropic.APIConnectionError):
        return f"cannot reach the model API ({exc.__class__.__name__}; check ANTHROPIC_BASE_URL and the network)"
    if isinstance(exc, anthropic.APIStatusError):
        return _status_line(exc, retried)
    return f"{type(exc).__name__}: {exc}"


def _status_line(exc: anthropic.APIStatusError, retried: str) -> str:
    status = exc.status_code
    if status == 401:
        return "the API key was rejected (HTTP 401): check ANTHROPIC_API_KEY"
    if status == 403:
        return "the API key may not use this model (HTTP 403)"
    if status == 404:
        return "unknown model or endpoint (HTTP 404): check --model"
    if status == 429:
        return f"rate limited by the model API (HTTP 429, {retried})"
    if status == 529:
        return f"the model API is overloaded (HTTP 529, {retried})"
    if status >= 500:
        return f"the model API failed (HTTP {status}, {retried})"
    body: dict[str, Any] = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error")
    error = error if isinstance(error, dict) else {}
    detail = " ".join(str(error.get("message") or exc.message).split())[:200]
    return f"the model API refused the request (HTTP {status}): {detail}"
