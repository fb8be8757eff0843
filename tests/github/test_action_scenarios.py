"""`reviewer github` end to end: the documented workflow's environment, the real PyGithub client,
a fake GitHub, and a real git checkout of the PR head."""

from __future__ import annotations

import json

import pytest

from tests.fakes.github_server import FakeGitHub
from tests.github.conftest import READ_TOKEN, REPO, VULNERABLE, Checkout, Runner, publish_pull, run_reviewer_github

PR_CALLS = "/repos/octo/app/pulls/7"
ISSUE_CALLS = "/repos/octo/app/issues/7"


def _lines(comments: list[dict]) -> list[tuple[str, int]]:
    return sorted((c["path"], c["line"]) for c in comments)


def test_first_run_posts_one_review_and_one_summary(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)

    code = run_reviewer_github(runner.env(pull), monkeypatch)

    assert code == 1  # high findings at the default fail-on: high
    assert fake.calls() == [
        f"GET {PR_CALLS}/comments",
        f"GET {ISSUE_CALLS}/comments",
        f"POST {PR_CALLS}/reviews",
        f"POST {ISSUE_CALLS}/comments",
        "POST /repos/octo/app/check-runs",
    ]
    [review] = fake.reviews
    assert review["state"] == "COMMENTED" and review["commit_id"] == checkout.head
    assert _lines(fake.review_comments) == [("app/api.py", 7), ("app/api.py", 11), ("app/api.py", 11), ("app/api.py", 15)]
    by_line = {(c["line"], c["body"].split("`")[1]): c["body"] for c in fake.review_comments}
    yaml_body = by_line[(7, "B506")]
    assert "🟠 **High**" in yaml_body
    assert "```suggestion\n    return yaml.safe_load(text)\n```" in yaml_body
    assert "<!-- reviewer:fp=" in yaml_body
    assert "```suggestion" not in by_line[(15, "B602")]  # no exact replacement for shell=True
    [summary] = fake.issue_comments
    assert summary["body"].startswith("<!-- reviewer:summary {")
    assert f'"head":"{checkout.head}"' in summary["body"]
    assert "Gate failed" in summary["body"] and f"Reviewed head `{checkout.head[:12]}`" in summary["body"]
    [check] = fake.check_runs
    assert check["conclusion"] == "failure" and len(check["_annotations"]) == 4
    outputs = runner.outputs()
    assert outputs["findings"] == "4" and outputs["gate"] == "fail" and outputs["highest-severity"] == "high"
    assert outputs["review-url"] == review["html_url"]
    sarif = json.loads((checkout.root / "reviewer.sarif").read_text(encoding="utf-8"))
    assert outputs["sarif-file"] == str(checkout.root / "reviewer.sarif")
    assert sorted(r["ruleId"] for r in sarif["runs"][0]["results"]) == ["B113", "B501", "B506", "B602"]


def test_second_run_on_same_head_posts_nothing_and_edits_the_summary(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)
    env = runner.env(pull)
    assert run_reviewer_github(env, monkeypatch) == 1
    fake.requests.clear()

    assert run_reviewer_github(env, monkeypatch) == 1

    assert fake.calls() == [
        f"GET {PR_CALLS}/comments",
        f"GET {ISSUE_CALLS}/comments",
        f"PATCH /repos/octo/app/issues/comments/{fake.issue_comments[0]['id']}",
        "POST /repos/octo/app/check-runs",
    ]
    assert len(fake.reviews) == 1 and len(fake.review_comments) == 4
    [summary] = fake.issue_comments
    assert summary["_edits"] == 1
    assert "0 new inline comments; 4 already commented on an earlier run" in summary["body"]


def test_new_push_comments_only_the_new_finding_and_reports_the_fixed_one_resolved(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1
    fixed = VULNERABLE.replace("yaml.load(text)", "yaml.safe_load(text)") + (
        "\n\ndef restore(blob):\n    import pickle\n    return pickle.loads(blob)\n"
    )
    checkout.commit({"app/api.py": fixed}, "fix yaml, add restore")
    fake.requests.clear()

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1

    assert len(fake.reviews) == 2
    new = [c for c in fake.review_comments if c["pull_request_review_id"] == fake.reviews[1]["id"]]
    assert [(c["path"], c["line"], c["body"].split("`")[1]) for c in new] == [("app/api.py", 20, "B301")]
    assert new[0]["commit_id"] == checkout.head
    body = fake.issue_comments[0]["body"]
    resolved = body.split("#### Resolved since an earlier review", 1)[1].split("\n---\n", 1)[0]
    assert "B506" in resolved and "app/api.py:7" in resolved
    assert "B602" not in resolved
    assert f'"head":"{checkout.head}"' in body


def test_fork_pr_with_read_only_token_falls_back_to_annotations_and_job_summary(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout, head_repo="someone/app")

    code = run_reviewer_github(runner.env(pull, token=READ_TOKEN), monkeypatch)

    assert code == 1  # the gate decides, not the failed post
    assert fake.reviews == [] and fake.issue_comments == [] and fake.check_runs == []
    assert fake.calls("POST") == [f"POST {PR_CALLS}/reviews"]  # one refused write, then the fallback
    out = capsys.readouterr()
    annotations = [line for line in out.out.splitlines() if line.startswith("::")]
    levels = [line.split(" ", 1)[0] for line in annotations]
    assert levels == ["::error", "::error", "::error", "::warning", "::notice"]
    assert "file=app/api.py,line=7" in annotations[0] or "file=app/api.py,line=7" in "".join(annotations[:3])
    assert "Resource not accessible by integration" in out.err
    step_summary = (runner.tmp / "step_summary.md").read_text(encoding="utf-8")
    assert "Gate failed" in step_summary and "B506" in step_summary and "<!-- reviewer:summary" not in step_summary
    assert runner.outputs()["gate"] == "fail" and runner.outputs()["review-url"] == ""
    assert (checkout.root / "reviewer.sarif").is_file()


def test_a_pasted_summary_marker_in_a_persons_comment_is_not_taken_for_ours(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)
    forged = '<!-- reviewer:summary {"v":1,"head":"' + "0" * 40 + '","fps":[],"llm":[]} --> nothing to see'
    fake.issue_comments.append({"id": 1, "body": forged, "user": {"login": "mallory", "type": "User"},
                                "html_url": "x", "url": f"{fake.base_url}/repos/{REPO}/issues/comments/1",
                                "_repo": REPO, "_issue": 7, "_edits": 0})

    assert run_reviewer_github(runner.env(pull), monkeypatch) == 1
    assert run_reviewer_github(runner.env(pull), monkeypatch) == 1

    person, ours = fake.issue_comments
    assert person["body"] == forged and person["_edits"] == 0
    assert ours["body"].startswith("<!-- reviewer:summary") and ours["_edits"] == 1
    assert len(fake.reviews) == 1


def test_existing_review_comments_are_read_across_pages(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "".join(f"data_{i} = pickle.loads(blob_{i})\n" for i in range(130))
    checkout.commit({"app/loaders.py": f"import pickle\n\n\n{body}"}, "many loaders")
    pull = publish_pull(fake, checkout)
    runner.overrides = {"max-comments": 200}
    assert run_reviewer_github(runner.env(pull), monkeypatch) == 1
    assert len(fake.review_comments) == 130
    fake.requests.clear()

    assert run_reviewer_github(runner.env(pull), monkeypatch) == 1

    pages = [r.query.get("page", ["1"])[0] for r in fake.requests if r.path == f"{PR_CALLS}/comments"]
    assert pages == ["1", "2"]
    assert len(fake.reviews) == 1 and len(fake.review_comments) == 130


def test_a_fingerprint_pasted_by_a_person_does_not_silence_the_finding(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)
    env = runner.env(pull)
    assert run_reviewer_github(env, monkeypatch) == 1
    posted = [c["body"] for c in fake.review_comments]
    forged = [dict(c, user={"login": "mallory", "id": 7, "type": "User"}, id=c["id"] + 1000) for c in fake.review_comments]
    fake.reviews.clear()
    fake.review_comments[:] = forged  # the bot's comments are gone; a person's copies remain
    fake.issue_comments.clear()
    fake.requests.clear()

    assert run_reviewer_github(env, monkeypatch) == 1

    mine = [c["body"] for c in fake.review_comments if c["user"]["type"] == "Bot"]
    assert len(fake.reviews) == 1 and sorted(mine) == sorted(posted)
