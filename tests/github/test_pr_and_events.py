"""`reviewer run --pr` against the API only, the fork recipe's workflow_run job, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.config import Config
from reviewer.github.action import run_pr
from tests.fakes.github_server import FakeGitHub
from tests.github.conftest import (
    REPO, VULNERABLE, WRITE_TOKEN, Checkout, Runner, documented_workflows, publish_pull, run_reviewer_github,
)

PR = "/repos/octo/app/pulls/7"


def _pr_env(fake: FakeGitHub, token: str = WRITE_TOKEN) -> dict[str, str]:
    return {"GITHUB_TOKEN": token, "GITHUB_API_URL": fake.base_url, "GITHUB_SERVER_URL": fake.web_url}


def test_run_pr_reads_the_diff_and_head_files_through_the_api(
    fake: FakeGitHub, checkout: Checkout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    publish_pull(fake, checkout)
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    monkeypatch.chdir(empty)  # no checkout: everything comes from GitHub

    code = run_pr(Config(format="json", jobs=1, llm="off"), "octo/app#7", False, _pr_env(fake))

    assert code == 1
    assert fake.calls()[:3] == [f"GET {PR}", f"GET {PR}", "GET /repos/octo/app/contents/app/api.py"]
    assert set(fake.calls("POST") + fake.calls("PATCH")) == set()
    assert [r.accept for r in fake.requests][1].startswith("application/vnd.github.v3.diff")
    assert fake.requests[2].query["ref"] == [checkout.head]  # the head SHA, never the merge commit
    report = json.loads(capsys.readouterr().out)
    assert sorted((f["rule_id"], f["line"]) for f in report["findings"]) == [
        ("B113", 11), ("B501", 11), ("B506", 7), ("B602", 15)
    ]
    assert fake.reviews == [] and fake.issue_comments == []


def test_run_pr_post_posts_like_the_action(
    fake: FakeGitHub, checkout: Checkout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    publish_pull(fake, checkout)
    monkeypatch.chdir(tmp_path)

    assert run_pr(Config(format="json", jobs=1, llm="off", max_comments=2), "octo/app#7", True, _pr_env(fake)) == 1

    assert len(fake.reviews) == 1 and len(fake.review_comments) == 2
    assert "2 listed below instead" in fake.issue_comments[0]["body"]


@pytest.mark.parametrize(
    "ref,token,message",
    [
        ("octo/app", WRITE_TOKEN, "--pr 'octo/app': expected OWNER/REPO#NUMBER"),
        ("octo/app#99", WRITE_TOKEN, "GitHub API 404: Not Found"),
        ("octo/app#7", "wrong", "GitHub rejected the token (401 Bad credentials)"),
    ],
)
def test_run_pr_bad_input_is_one_line_and_exit_2(
    ref: str, token: str, message: str, fake: FakeGitHub, checkout: Checkout, capsys: pytest.CaptureFixture[str]
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    publish_pull(fake, checkout)

    assert run_pr(Config(llm="off"), ref, False, _pr_env(fake, token)) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and token not in err.replace("wrong", "")


def test_workflow_run_job_of_the_fork_recipe_posts_without_a_checkout(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout, head_repo="someone/app")
    posting = next(w for w in documented_workflows() if "workflow_run" in w[True])  # YAML reads `on` as True
    runner.workspace = tmp_path / "empty-workspace"
    runner.workspace.mkdir()
    monkeypatch.chdir(runner.workspace)
    payload = {"workflow_run": {"id": 1, "event": "pull_request", "head_sha": checkout.head, "pull_requests": []}}

    env = runner.env(pull, event_name="workflow_run", workflow=posting, payload=payload,
                     context={"steps.pr.outputs.number": "7"})
    code = run_reviewer_github(env, monkeypatch)

    assert code == 1
    assert env["REVIEWER_PR_NUMBER"] == "7"
    assert fake.calls()[:4] == [f"GET {PR}", f"GET {PR}/comments", "GET /repos/octo/app/issues/7/comments", f"GET {PR}"]
    assert "GET /repos/octo/app/contents/app/api.py" in fake.calls()
    assert len(fake.reviews) == 1 and len(fake.review_comments) == 4


def test_workflow_run_refuses_a_pr_whose_head_moved(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)
    payload = {"workflow_run": {"id": 1, "head_sha": "0" * 40, "pull_requests": [{"number": 7}]}}

    code = run_reviewer_github(runner.env(pull, event_name="workflow_run", payload=payload), monkeypatch)

    assert code == 2
    assert f"PR #7 head is now {checkout.head[:12]}, not the reviewed 000000000000" in capsys.readouterr().err
    assert fake.reviews == []


def test_request_changes_when_configured_and_the_gate_fails(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)
    runner.overrides = {"review-event": "REQUEST_CHANGES"}

    assert run_reviewer_github(runner.env(pull), monkeypatch) == 1

    assert [r["state"] for r in fake.reviews] == ["CHANGES_REQUESTED"]


@pytest.mark.parametrize(
    "drop,event_name,message",
    [
        ("GITHUB_EVENT_PATH", "pull_request", "GITHUB_EVENT_PATH is not set"),
        ("REVIEWER_GITHUB_TOKEN", "pull_request", "no GitHub token: set REVIEWER_GITHUB_TOKEN or GITHUB_TOKEN"),
        (None, "push", "event 'push' is not supported"),
    ],
)
def test_missing_or_wrong_actions_environment_is_exit_2(
    drop: str | None, event_name: str, message: str, fake: FakeGitHub, checkout: Checkout, runner: Runner,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    env = runner.env(publish_pull(fake, checkout), event_name=event_name)
    if drop:
        env.pop(drop)

    assert run_reviewer_github(env, monkeypatch) == 2

    err = capsys.readouterr().err
    assert err.startswith("reviewer: error: ") and message in err and err.count("\n") == 1
    assert fake.requests == []


def test_event_from_another_repository_is_rejected(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    env = runner.env(publish_pull(fake, checkout))
    env["GITHUB_REPOSITORY"] = "octo/other"

    assert run_reviewer_github(env, monkeypatch) == 2
    assert f"event PR belongs to {REPO} but GITHUB_REPOSITORY is octo/other" in capsys.readouterr().err
