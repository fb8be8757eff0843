"""The Actions environment, read once at the edge into a typed record.

Everything `reviewer github` needs comes from the standard variables a runner sets
(`GITHUB_EVENT_PATH`, `GITHUB_REPOSITORY`, `GITHUB_API_URL`, …) and the event payload. A missing
or inconsistent piece is an `EventError` with one line naming it and how to fix it (exit 2),
never a traceback from deep inside the run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_API_URL = "https://api.github.com"
PR_EVENTS = ("pull_request", "pull_request_target")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_PR_REF = re.compile(r"^(?P<repo>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#(?P<number>\d+)$")
_PR_URL = re.compile(r"^https?://[^/]+/(?P<repo>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/pull/(?P<number>\d+)/?$")


class EventError(ValueError):
    """The Actions environment or the PR reference is unusable: exit 2 with this message."""


@dataclass(frozen=True)
class PullRef:
    """Which PR, and what the event already told us about it (None: ask the API)."""

    repo: str
    number: int
    head_sha: str | None = None
    base_sha: str | None = None
    title: str | None = None
    body: str | None = None
    head_repo: str | None = None
    expected_head: str | None = None

    @property
    def known(self) -> bool:
        """The event carried everything; no API call is needed to describe the PR."""
        return self.head_sha is not None and self.base_sha is not None


@dataclass(frozen=True)
class ActionEnv:
    """What one run inside GitHub Actions knows about where it is."""

    event_name: str
    pull: PullRef
    api_url: str
    token: str
    workspace: Path
    step_summary: Path | None
    output: Path | None


def token_from(environ: Mapping[str, str]) -> str:
    token = environ.get("REVIEWER_GITHUB_TOKEN") or environ.get("GITHUB_TOKEN") or ""
    if not token.strip():
        raise EventError("no GitHub token: set REVIEWER_GITHUB_TOKEN or GITHUB_TOKEN (the action passes github.token)")
    return token.strip()


def api_url_from(environ: Mapping[str, str]) -> str:
    url = (environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise EventError(f"GITHUB_API_URL must be an http(s) URL, got '{url}'")
    return url


def parse_pr_ref(text: str) -> PullRef:
    """`OWNER/REPO#N` or a PR's web URL."""
    match = _PR_REF.match(text.strip()) or _PR_URL.match(text.strip())
    if match is None:
        raise EventError(f"--pr {text!r}: expected OWNER/REPO#NUMBER, e.g. octo/app#42")
    return PullRef(repo=match.group("repo"), number=int(match.group("number")))


def read_action_env(environ: Mapping[str, str]) -> ActionEnv:
    """The whole environment of a `reviewer github` run, validated."""
    name = _required(environ, "GITHUB_EVENT_NAME")
    repo = _required(environ, "GITHUB_REPOSITORY")
    if not _REPO.match(repo):
        raise EventError(f"GITHUB_REPOSITORY must be OWNER/REPO, got '{repo}'")
    payload = _read_payload(Path(_required(environ, "GITHUB_EVENT_PATH")))
    workspace = Path(environ.get("GITHUB_WORKSPACE") or ".")
    return ActionEnv(
        event_name=name,
        pull=pull_from_event(name, payload, repo, environ),
        api_url=api_url_from(environ),
        token=token_from(environ),
        workspace=workspace,
        step_summary=_optional_path(environ, "GITHUB_STEP_SUMMARY"),
        output=_optional_path(environ, "GITHUB_OUTPUT"),
    )


def pull_from_event(name: str, payload: Mapping[str, Any], repo: str, environ: Mapping[str, str]) -> PullRef:
    """The PR of a pull_request(_target) payload, or the number given to workflow_dispatch/run."""
    if name in PR_EVENTS:
        pr = payload.get("pull_request")
        if not isinstance(pr, Mapping):
            raise EventError(f"{name} event payload has no 'pull_request' object")
        return _pull_from_payload(pr, repo)
    if name in ("workflow_dispatch", "workflow_run"):
        run = payload.get("workflow_run") or {}
        expected = run.get("head_sha") if isinstance(run, Mapping) else None
        return PullRef(repo=repo, number=_dispatch_number(name, payload, environ), expected_head=expected or None)
    raise EventError(
        f"event '{name}' is not supported: run on pull_request, or workflow_dispatch/workflow_run with a PR number"
    )


def _pull_from_payload(pr: Mapping[str, Any], repo: str) -> PullRef:
    try:
        head, base = pr["head"], pr["base"]
        number, head_sha, base_sha = int(pr["number"]), str(head["sha"]), str(base["sha"])
    except (KeyError, TypeError, ValueError):
        raise EventError("pull_request payload lacks number, head.sha or base.sha") from None
    base_repo = (base.get("repo") or {}).get("full_name")
    if base_repo and base_repo.lower() != repo.lower():
        raise EventError(f"event PR belongs to {base_repo} but GITHUB_REPOSITORY is {repo}")
    return PullRef(
        repo=repo,
        number=number,
        head_sha=head_sha,
        base_sha=base_sha,
        title=pr.get("title") or "",
        body=pr.get("body") or "",
        head_repo=(head.get("repo") or {}).get("full_name"),
    )


def _dispatch_number(name: str, payload: Mapping[str, Any], environ: Mapping[str, str]) -> int:
    """The PR GitHub names in a workflow_run (same-repo PRs only), else the workflow_dispatch
    input, else REVIEWER_PR_NUMBER (the fork recipe's artifact; its head is verified later)."""
    run_prs = (payload.get("workflow_run") or {}).get("pull_requests") or []
    candidates: list[Any] = [item.get("number") for item in run_prs if isinstance(item, Mapping)]
    inputs = payload.get("inputs") or {}
    candidates += [inputs.get(key) for key in ("pr-number", "pr_number", "pr", "number")]
    candidates.append(environ.get("REVIEWER_PR_NUMBER"))
    for value in candidates:
        text = str(value).strip().lstrip("#") if value is not None else ""
        if text.isdigit() and int(text) > 0:
            return int(text)
    raise EventError(f"{name} event: no PR number (set the 'pr-number' input or REVIEWER_PR_NUMBER)")


def _required(environ: Mapping[str, str], key: str) -> str:
    value = (environ.get(key) or "").strip()
    if not value:
        raise EventError(f"{key} is not set: `reviewer github` runs inside GitHub Actions (use `reviewer run --pr` locally)")
    return value


def _optional_path(environ: Mapping[str, str], key: str) -> Path | None:
    value = (environ.get(key) or "").strip()
    return Path(value) if value else None


def _read_payload(path: Path) -> Mapping[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EventError(f"GITHUB_EVENT_PATH {path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EventError(f"GITHUB_EVENT_PATH {path}: not a readable JSON event ({exc})") from None
    if not isinstance(data, Mapping):
        raise EventError(f"GITHUB_EVENT_PATH {path}: the event payload is not a JSON object")
    return data
