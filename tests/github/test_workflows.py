"""action.yml and the workflows: GitHub's schemas, zizmor, and the safety rules they must keep."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reviewer.config import Config
from tests.github.conftest import (
    ROOT,
    action_step,
    documented_workflow,
    documented_workflow_texts,
    documented_workflows,
)

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTION = ROOT / "action.yml"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_review_and_ci_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} >= {"review.yml", "ci.yml"}


def test_action_matches_github_actions_schema() -> None:
    done = _run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION))
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_and_documented_workflows_match_github_workflows_schema(tmp_path: Path) -> None:
    documented = []
    for index, text in enumerate(documented_workflow_texts()):
        path = tmp_path / f"documented_{index}.yml"
        path.write_text(text, encoding="utf-8")
        documented.append(str(path))
    assert len(documented) == 2  # the main workflow and the fork recipe's posting workflow
    done = _run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS), *documented)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing() -> None:
    done = _run(str(BIN / "zizmor"), "--offline", "--no-progress", str(ACTION), *map(str, WORKFLOWS))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_action_installs_from_its_own_path_and_never_interpolates_into_scripts() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    steps = action["runs"]["steps"]
    assert action["runs"]["using"] == "composite"
    assert all("${{" not in step.get("run", "") for step in steps)
    assert '"$GITHUB_ACTION_PATH"' in steps[0]["run"] and "$GITHUB_WORKSPACE" not in steps[0]["run"]
    env = next(step["env"] for step in steps if step.get("id") == "review")
    assert {value for value in env.values()} == {f"${{{{ inputs.{name} }}}}" for name in action["inputs"]}
    assert all(key.startswith("REVIEWER_") for key in env)
    assert action["inputs"]["github-token"]["default"] == "${{ github.token }}"
    # Empty inputs leave the repository's config in charge; its defaults are the (high, 25).
    for name in ("llm", "fail-on", "filter-mode", "max-comments", "review-event"):
        assert action["inputs"][name]["default"] == "", name
    assert (Config().fail_on, Config().max_comments, Config().filter_mode) == ("high", 25, "added")
    assert set(action["outputs"]) == {"findings", "highest-severity", "gate", "review-url", "sarif-file"}
    assert action["branding"] == {"icon": "shield", "color": "orange"}


def test_documented_workflow_is_minimal_and_reviews_the_pr_head() -> None:
    workflow = documented_workflow()
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert list(triggers) == ["pull_request"]
    job = workflow["jobs"]["review"]
    assert workflow["permissions"] == {}
    assert job["permissions"] == {
        "contents": "read", "pull-requests": "write", "checks": "write", "security-events": "write",
    }
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and re.fullmatch(r"[0-9a-f]{40}", checkout["uses"].split("@")[1])
    assert checkout["with"] == {
        "ref": "${{ github.event.pull_request.head.sha }}", "fetch-depth": 0, "persist-credentials": False,
    }
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all("pull_request_target" not in str(w) for w in documented_workflows())
    assert "workflow_run" in str(documented_workflows()[1][True])
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert all(f"| `{name}` |" in text for name in action["inputs"])
    assert set(action_step(workflow)["with"]) <= set(action["inputs"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_declares_permissions(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "permissions" in workflow


def test_actions_checkout_is_pinned_to_one_sha_everywhere() -> None:
    """One pin across the workflows and the docs, so a bump cannot leave a stale copy behind."""
    texts = [p.read_text(encoding="utf-8") for p in (*WORKFLOWS, ROOT / "README.md")]
    pins = {pin for text in texts for pin in re.findall(r"actions/checkout@(\S+)\s*#\s*(\S+)", text)}
    uses = {ref for text in texts for ref in re.findall(r"actions/checkout@(\S+)", text)}
    assert len(pins) == 1 and uses == {sha for sha, _ in pins}, pins | uses
    [(sha, version)] = pins
    assert re.fullmatch(r"[0-9a-f]{40}", sha) and re.fullmatch(r"v\d+\.\d+\.\d+", version)
    assert sum(text.count(f"actions/checkout@{sha}") for text in texts) >= 3  # ci, review, the docs
