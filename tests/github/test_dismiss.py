"""`review-event: REQUEST_CHANGES`: our change request is dismissed once the gate passes."""

from __future__ import annotations

import pytest
from github.GithubException import GithubException

from reviewer.github.ratelimit import make_client
from reviewer.github.summary import parse_state
from tests.fakes.github_server import ALL_GRANTS, FakeGitHub
from tests.github.conftest import REPO, VULNERABLE, WRITE_TOKEN, Checkout, Runner, publish_pull, run_reviewer_github

PR = "/repos/octo/app/pulls/7"
ISSUE = "/repos/octo/app/issues/7"
CLEAN = "import yaml\n\n\ndef load(text):\n    return yaml.safe_load(text)\n"
MARKER = "<!-- reviewer:review -->"


def _first_push_requests_changes(fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
                                 token: str | None = None) -> None:
    runner.overrides = {"review-event": "REQUEST_CHANGES"}
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)
    env = runner.env(pull, token=token) if token else runner.env(pull)
    assert run_reviewer_github(env, monkeypatch) == 1
    assert [r["state"] for r in fake.reviews] == ["CHANGES_REQUESTED"]
    assert parse_state(fake.issue_comments[0]["body"]).blocking  # type: ignore[union-attr]


def test_a_passing_push_dismisses_our_change_request(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _first_push_requests_changes(fake, checkout, runner, monkeypatch)
    [ours] = fake.reviews
    checkout.commit({"app/api.py": CLEAN}, "fix everything")
    fake.requests.clear()

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 0

    summary = fake.issue_comments[0]
    assert fake.calls()[:5] == [
        f"GET {PR}/comments", f"GET {ISSUE}/comments", f"GET {PR}/reviews",
        f"PUT {PR}/reviews/{ours['id']}/dismissals", f"PATCH /repos/octo/app/issues/comments/{summary['id']}",
    ]
    assert ours["state"] == "DISMISSED"
    assert ours["_dismissal"] == f"reviewer: the gate passes at {checkout.head[:12]}; this request for changes no longer applies."
    assert parse_state(summary["body"]).blocking is False  # type: ignore[union-attr]
    assert "The earlier request for changes was dismissed: the gate passes now." in summary["body"]
    fake.requests.clear()

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 0

    assert f"GET {PR}/reviews" not in fake.calls()  # nothing stands any more: no call to find out


def test_a_still_failing_push_keeps_the_change_request(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _first_push_requests_changes(fake, checkout, runner, monkeypatch)
    checkout.commit({"app/api.py": VULNERABLE + "\n# touched\n"}, "unrelated change")
    fake.requests.clear()

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1

    assert [r["state"] for r in fake.reviews] == ["CHANGES_REQUESTED"]
    assert not any("/reviews" in call for call in fake.calls())
    assert parse_state(fake.issue_comments[0]["body"]).blocking  # type: ignore[union-attr]


def test_a_persons_change_request_is_never_dismissed_even_with_our_marker(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _first_push_requests_changes(fake, checkout, runner, monkeypatch)
    person = {**{k: v for k, v in fake.reviews[0].items()}, "id": 1, "body": f"Please fix this first. {MARKER}",
              "user": {"login": "maintainer", "id": 7, "type": "User"}}
    fake.reviews.insert(0, person)
    checkout.commit({"app/api.py": CLEAN}, "fix everything")

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 0

    assert [(r["user"]["login"], r["state"]) for r in fake.reviews] == [
        ("maintainer", "CHANGES_REQUESTED"), ("github-actions[bot]", "DISMISSED"),
    ]


def test_a_refused_dismissal_is_a_warning_and_is_tried_again_next_run(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _first_push_requests_changes(fake, checkout, runner, monkeypatch)
    fake.roles["write"] = ALL_GRANTS - {"pulls"}  # say a ruleset restricts who may dismiss reviews
    checkout.commit({"app/api.py": CLEAN}, "fix everything")
    capsys.readouterr()

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 0

    assert fake.reviews[0]["state"] == "CHANGES_REQUESTED"
    assert ("reviewer: warning: cannot dismiss the earlier request for changes (GitHub API 403: Resource not "
            "accessible by integration): the PR stays blocked until someone dismisses it") in capsys.readouterr().err
    assert parse_state(fake.issue_comments[0]["body"]).blocking  # type: ignore[union-attr]
    fake.roles["write"] = ALL_GRANTS
    fake.requests.clear()

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 0

    assert f"PUT {PR}/reviews/{fake.reviews[0]['id']}/dismissals" in fake.calls()
    assert fake.reviews[0]["state"] == "DISMISSED"


def test_the_fake_refuses_to_dismiss_a_comment_review_like_github(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1

    [review] = make_client(WRITE_TOKEN, fake.base_url).get_repo(REPO).get_pull(7).get_reviews()
    with pytest.raises(GithubException) as refused:
        review.dismiss("no longer applies")
    assert refused.value.status == 422 and "Can not dismiss a commented pull request review" in str(refused.value.data)
