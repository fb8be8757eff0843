"""Fixtures for the GitHub scenarios: a real git checkout, the fake GitHub, a fake Actions runner.

The runner environment is built from the workflow in `README.md` and the input →
environment mapping in `action.yml`, so the documented workflow is exactly what these tests run.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from reviewer.github import ratelimit
from tests.fakes.github_server import FakeGitHub, Pull

ROOT = Path(__file__).resolve().parents[2]
REPO = "octo/app"
WRITE_TOKEN = "ghs_write_token_for_tests"
READ_TOKEN = "ghs_read_only_token_for_tests"
FAST = ratelimit.RetryPolicy(
    max_total_wait=5.0, retries=4, backoff_factor=0.01, min_backoff=0.01, secondary_wait=0.2, seconds_between_writes=0.0
)

VULNERABLE = '''import subprocess
import yaml
import requests


def load(text):
    return yaml.load(text)


def fetch(url):
    return requests.get(url, verify=False)


def run(cmd):
    return subprocess.run(cmd, shell=True)
'''


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@dataclass
class Checkout:
    """A repository with a base commit and a PR head, as actions/checkout leaves it."""

    root: Path
    base: str
    head: str = ""

    def commit(self, files: dict[str, str | None], message: str) -> str:
        for path, text in files.items():
            target = self.root / path
            if text is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        git(self.root, "add", "-A", "--", *files)  # only the PR's files, never our reviewer.sarif
        git(self.root, "commit", "-q", "--allow-empty", "-m", message)
        self.head = git(self.root, "rev-parse", "HEAD")
        return self.head

    def diff(self, *paths: str) -> str:
        extra = ["--", *paths] if paths else []
        return subprocess.run(
            ["git", "-C", str(self.root), "diff", "-M", f"{self.base}...{self.head}", *extra],
            capture_output=True, text=True, check=True,
        ).stdout

    def files_at_head(self) -> dict[str, bytes]:
        names = git(self.root, "ls-tree", "-r", "--name-only", self.head).splitlines()
        return {
            name: subprocess.run(["git", "-C", str(self.root), "show", f"{self.head}:{name}"], capture_output=True, check=True).stdout
            for name in names
        }


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ratelimit, "DEFAULT_POLICY", FAST)


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as server:
        server.tokens = {WRITE_TOKEN: "write", READ_TOKEN: "read"}
        yield server


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    root = tmp_path / "workspace"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "ci@example.com")
    git(root, "config", "user.name", "ci")
    (root / "README.md").write_text("# app\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return Checkout(root, git(root, "rev-parse", "HEAD"))


def publish_pull(fake: FakeGitHub, co: Checkout, *, number: int = 7, diff: str | None = None, head_repo: str | None = None) -> Pull:
    """Tell the fake GitHub about the PR as the checkout has it (its diff and head contents)."""
    fake.add_contents(REPO, co.head, co.files_at_head())
    return fake.add_pull(REPO, Pull(number, co.head, co.base, diff if diff is not None else co.diff(), head_repo=head_repo))


def documented_workflow_texts() -> list[str]:
    """The YAML of every complete workflow in README.md, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    return [block for block in blocks if isinstance(yaml.safe_load(block), dict) and "jobs" in yaml.safe_load(block)]


def documented_workflows() -> list[dict[str, Any]]:
    """Every complete workflow in README.md (the first is the main one)."""
    return [yaml.safe_load(block) for block in documented_workflow_texts()]


def documented_workflow() -> dict[str, Any]:
    return documented_workflows()[0]


def action_step(workflow: dict[str, Any]) -> dict[str, Any]:
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    return next(s for s in steps if "reviewer@" in str(s.get("uses", "")))


def _evaluate(value: Any, context: dict[str, str]) -> str:
    """The few expressions the workflow and action use: inputs.*, github.token, secrets.*."""
    def replace(match: re.Match[str]) -> str:
        key = match.group(1).strip()
        assert key in context, f"unexpected expression {key}"
        return context[key]

    return re.sub(r"\$\{\{\s*([^}]+?)\s*\}\}", replace, str(value))


def action_environment(
    inputs: dict[str, Any], token: str, secrets: dict[str, str], extra: dict[str, str]
) -> dict[str, str]:
    """The environment action.yml gives `reviewer github` for these `with:` inputs."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    context = {"github.token": token, **{f"secrets.{k}": v for k, v in secrets.items()}, **extra}
    values = {}
    for name, spec in action["inputs"].items():
        given = inputs.get(name, spec.get("default", ""))
        values[f"inputs.{name}"] = _evaluate(given, context)
    run_step = next(s for s in action["runs"]["steps"] if "reviewer" in s.get("run", "") and " github" in s.get("run", ""))
    return {key: _evaluate(value, values) for key, value in run_step.get("env", {}).items()}


@dataclass
class Runner:
    """A fake Actions runner: event file, GITHUB_* variables, step summary and outputs files."""

    tmp: Path
    fake: FakeGitHub
    workspace: Path
    overrides: dict[str, Any] = field(default_factory=dict)

    def env(
        self, pull: Pull, *, token: str = WRITE_TOKEN, event_name: str = "pull_request",
        workflow: dict[str, Any] | None = None, payload: dict[str, Any] | None = None,
        context: dict[str, str] | None = None,
    ) -> dict[str, str]:
        event = self.tmp / "event.json"
        event.write_text(json.dumps(payload or _event(pull, event_name)), encoding="utf-8")
        step = action_step(workflow or documented_workflow())
        inputs = {**step.get("with", {}), **self.overrides}
        env = action_environment(inputs, token, {"ANTHROPIC_API_KEY": ""}, context or {})
        env.update({
            "GITHUB_ACTIONS": "true",
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_API_URL": self.fake.base_url,
            "GITHUB_SERVER_URL": self.fake.web_url,
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_STEP_SUMMARY": str(self.tmp / "step_summary.md"),
            "GITHUB_OUTPUT": str(self.tmp / "output.txt"),
        })
        return env

    def outputs(self) -> dict[str, str]:
        path = self.tmp / "output.txt"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        return dict(line.split("=", 1) for line in lines)


def _event(pull: Pull, event_name: str) -> dict[str, Any]:
    head_repo = pull.head_repo or REPO
    return {
        "action": "synchronize",
        "number": pull.number,
        "pull_request": {
            "number": pull.number, "title": pull.title, "body": pull.body,
            "head": {"sha": pull.head_sha, "repo": {"full_name": head_repo}},
            "base": {"sha": pull.base_sha, "repo": {"full_name": REPO}},
        },
        "repository": {"full_name": REPO},
    }


@pytest.fixture
def runner(tmp_path: Path, fake: FakeGitHub, checkout: Checkout, monkeypatch: pytest.MonkeyPatch) -> Runner:
    for key in list(__import__("os").environ):
        if key.startswith(("GITHUB_", "REVIEWER_", "ANTHROPIC_", "RUNNER_")):
            monkeypatch.delenv(key)
    monkeypatch.chdir(checkout.root)
    return Runner(tmp_path, fake, checkout.root)


def run_reviewer_github(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> int:
    """`reviewer github` exactly as the action's run step starts it (CLI, environment)."""
    from reviewer.cli import main

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return main(["github"])
