"""The check run: attempted once per run; a missing `checks: write` is one hint in the log."""

from __future__ import annotations

import pytest

from reviewer.github.checks import CheckRuns
from reviewer.github.ratelimit import make_client
from reviewer.review import Review
from tests.fakes.github_server import ALL_GRANTS, FakeGitHub
from tests.github.conftest import REPO, VULNERABLE, Checkout, Runner, publish_pull, run_reviewer_github

NO_CHECKS_TOKEN = "ghs_token_without_checks_write"
HINT = ("reviewer: warning: no 'reviewer' check run (GitHub API 403: Resource not accessible by integration): "
        "add `checks: write` to the job's `permissions:` for a check with annotations; the job's exit code still gates")


@pytest.fixture
def no_checks(fake: FakeGitHub) -> str:
    fake.roles["no-checks"] = ALL_GRANTS - {"checks"}
    fake.tokens[NO_CHECKS_TOKEN] = "no-checks"
    return NO_CHECKS_TOKEN


def test_missing_checks_permission_is_one_hint_and_the_review_still_lands(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], no_checks: str,
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout), token=no_checks), monkeypatch) == 1

    assert fake.calls("POST") == ["POST /repos/octo/app/pulls/7/reviews", "POST /repos/octo/app/issues/7/comments",
                                  "POST /repos/octo/app/check-runs"]
    assert fake.check_runs == [] and len(fake.review_comments) == 4
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if "check run" in line] == [HINT]
    assert runner.outputs()["review-url"] == fake.reviews[0]["html_url"]


def test_a_refusal_is_remembered_for_the_rest_of_the_run(fake: FakeGitHub, no_checks: str) -> None:
    checks = CheckRuns(make_client(no_checks, fake.base_url).get_repo(REPO))
    empty = Review(findings=(), files_changed=0, files_analyzed=0)

    first = checks.publish("a" * 40, empty, False, "summary")
    second = checks.publish("a" * 40, empty, False, "summary")

    assert first == (None, HINT.removeprefix("reviewer: warning: "))
    assert second == (None, None)
    assert fake.calls() == ["POST /repos/octo/app/check-runs"]
