"""`python -m benchmarks.github_calls [--findings 50]`: GitHub API calls of one `reviewer github` run.

Runs the real action entry point (`reviewer github`, the real PyGithub client) against the fake
GitHub from `tests/fakes` on 127.0.0.1, on a PR of one file with `--findings` pickle loads (one
high finding each), and counts the requests the fake receives. Scenarios: the first run with a
full checkout (`fetch-depth: 0`), a shallow one (head commit only) and none at all; a re-run on
the same head; a push that fixes ten findings (their threads resolved over GraphQL); and that
push again with `review-event: REQUEST_CHANGES`, whose passing gate dismisses the change request.
Counts do not depend on timing; the pause PyGithub keeps between writes is set to zero here
only to finish in seconds. Prints a Markdown table ready for README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess  # nosec B404 - runs git with a fixed argv on a temporary repository
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from reviewer.github import ratelimit
from tests.fakes.github_server import GRAPHQL_PATH, FakeGitHub, Pull, Recorded

REPO = "octo/app"
TOKEN = "ghs_benchmark_token"


@dataclass(frozen=True)
class Row:
    scenario: str
    exit_code: int
    calls: list[Recorded]


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)  # nosec B603 B607
    return done.stdout


class Pr:
    """A git repository with a base commit and PR heads, published to the fake GitHub."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir()
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.email", "bench@example.com")
        git(root, "config", "user.name", "bench")
        self.commit({"README.md": "# app\n"})
        self.base = self.head

    def commit(self, files: dict[str, str]) -> None:
        for path, text in files.items():
            (self.root / path).parent.mkdir(parents=True, exist_ok=True)
            (self.root / path).write_text(text, encoding="utf-8")
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", "change")
        self.head = git(self.root, "rev-parse", "HEAD").strip()

    def publish(self, fake: FakeGitHub) -> Pull:
        names = git(self.root, "ls-tree", "-r", "--name-only", self.head).split()
        fake.add_contents(REPO, self.head, {n: git(self.root, "show", f"{self.head}:{n}").encode() for n in names})
        return fake.add_pull(REPO, Pull(7, self.head, self.base, git(self.root, "diff", f"{self.base}...{self.head}")))


def loaders(count: int, fixed: int = 0) -> str:
    lines = [f"data_{i} = json.loads(blob_{i})\n" if i < fixed else f"data_{i} = pickle.loads(blob_{i})\n"
             for i in range(count)]
    return "import json\nimport pickle\n\n\n" + "".join(lines)


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    for key in [k for k in os.environ if k.startswith(("GITHUB_", "REVIEWER_", "ANTHROPIC_"))]:
        del os.environ[key]
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_action(fake: FakeGitHub, pull: Pull, workspace: Path, tmp: Path, **inputs: str) -> int:
    """`reviewer github` with the environment action.yml gives it (its defaults, AI review off)."""
    from reviewer.cli import main

    event = tmp / "event.json"
    event.write_text(json.dumps({"number": pull.number, "pull_request": {
        "number": pull.number, "title": pull.title, "body": pull.body,
        "head": {"sha": pull.head_sha, "repo": {"full_name": REPO}},
        "base": {"sha": pull.base_sha, "repo": {"full_name": REPO}}}}), encoding="utf-8")
    env = {
        "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": REPO, "GITHUB_API_URL": fake.base_url, "GITHUB_SERVER_URL": fake.web_url,
        "GITHUB_WORKSPACE": str(workspace), "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
        "GITHUB_OUTPUT": str(tmp / "output.txt"), "REVIEWER_GITHUB_TOKEN": TOKEN, "REVIEWER_LLM": "off",
        "REVIEWER_FAIL_ON": "high", "REVIEWER_MAX_COMMENTS": "25", "REVIEWER_SARIF_FILE": str(tmp / "reviewer.sarif"),
        "REVIEWER_REVIEW_EVENT": inputs.get("review_event", "COMMENT"),
    }
    with environment(env), contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["github"])


def measure(fake: FakeGitHub, name: str, pull: Pull, workspace: Path, tmp: Path, **inputs: str) -> Row:
    fake.requests.clear()
    code = run_action(fake, pull, workspace, tmp, **inputs)
    return Row(name, code, list(fake.requests))


def fresh() -> FakeGitHub:
    fake = FakeGitHub()
    fake.tokens = {TOKEN: "write"}
    return fake


def scenarios(count: int, tmp: Path) -> list[Row]:
    pr = Pr(tmp / "repo")
    pr.commit({"app/loaders.py": loaders(count)})
    shallow, empty = tmp / "shallow", tmp / "empty"
    git(tmp, "clone", "-q", "--depth", "1", f"file://{pr.root}", str(shallow))
    empty.mkdir()
    rows = []
    for name, workspace in (("full checkout", pr.root), ("shallow checkout", shallow), ("no checkout", empty)):
        with fresh() as fake:
            rows.append(measure(fake, f"first run, {name}", pr.publish(fake), workspace, tmp))
    with fresh() as fake:
        pull = pr.publish(fake)
        run_action(fake, pull, pr.root, tmp)
        rows.append(measure(fake, "re-run on the same head", pull, pr.root, tmp))
        pr.commit({"app/loaders.py": loaders(count, fixed=10)})
        rows.append(measure(fake, "push fixing 10 findings", pr.publish(fake), pr.root, tmp))
    with fresh() as fake:
        pr.commit({"app/loaders.py": loaders(count)})
        rows.append(measure(fake, "first run, `review-event: REQUEST_CHANGES`", pr.publish(fake), pr.root, tmp,
                            review_event="REQUEST_CHANGES"))
        pr.commit({"app/loaders.py": loaders(count, fixed=count)})
        rows.append(measure(fake, f"then a push fixing all {count}", pr.publish(fake), pr.root, tmp,
                            review_event="REQUEST_CHANGES"))
    return rows


def summarise(calls: list[Recorded]) -> str:
    """`GET pulls/7/comments ×2`-style counts, with the repository prefix and ids dropped."""
    counted = Counter(_kind(call) for call in calls)
    return ", ".join(f"{kind} ×{n}" if n > 1 else kind for kind, n in counted.items())


def _kind(call: Recorded) -> str:
    if call.path == GRAPHQL_PATH:
        return "GraphQL " + ("mutation" if "mutation" in str((call.body or {}).get("query", "")) else "query")
    parts = call.path.removeprefix(f"/repos/{REPO}/").split("/")
    return f"{call.method} " + "/".join(
        "{id}" if p.isdigit() and i > 1 else "{sha}" if len(p) == 40 else p for i, p in enumerate(parts)
    )


def render(rows: list[Row], count: int) -> str:
    lines = [f"| run ({count} findings, max-comments 25) | API calls | exit | calls |", "|---|---:|---:|---|"]
    lines += [f"| {r.scenario} | {len(r.calls)} | {r.exit_code} | {summarise(r.calls)} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.github_calls", description=__doc__.split("\n")[0])
    parser.add_argument("--findings", type=int, default=50, help="findings in the PR (default 50)")
    args = parser.parse_args(argv)
    ratelimit.DEFAULT_POLICY = replace(ratelimit.DEFAULT_POLICY, seconds_between_writes=0.0)
    with tempfile.TemporaryDirectory(prefix="reviewer-calls-") as tmp:
        rows = scenarios(args.findings, Path(tmp))
    print(render(rows, args.findings))
    return 0 if all(r.exit_code in (0, 1) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
