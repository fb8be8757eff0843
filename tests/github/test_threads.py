"""Threads of fixed findings resolved over GraphQL, on the fake GitHub with the real PyGithub."""

from __future__ import annotations

import pytest
from github.GithubException import GithubException, UnknownObjectException

from reviewer.github.comments import fingerprints_in
from reviewer.github.ratelimit import make_client
from reviewer.github.threads import RESOLVE_MUTATION, THREADS_QUERY, resolve_fixed
from tests.fakes.github_server import ALL_GRANTS, FakeGitHub, Fault, Pull
from tests.github.conftest import REPO, VULNERABLE, WRITE_TOKEN, Checkout, Runner, publish_pull, run_reviewer_github

PR = "/repos/octo/app/pulls/7"
ISSUE = "/repos/octo/app/issues/7"
GRAPHQL = "POST /api/graphql"
NO_THREADS_TOKEN = "ghs_token_without_thread_permission"
YAML_FIXED = VULNERABLE.replace("yaml.load(text)", "yaml.safe_load(text)")


def _thread_of(fake: FakeGitHub, rule: str) -> dict:
    [comment] = [c for c in fake.review_comments if f"`{rule}`" in c["body"]]
    return next(t for t in fake.threads if t["_comments"] == [comment["id"]])


def _graphql_ops(fake: FakeGitHub) -> list[str]:
    return ["mutation" if "resolveReviewThread" in r.body["query"] else "query"
            for r in fake.requests if r.path == "/api/graphql"]


@pytest.mark.parametrize("api_url,graphql_url", [
    ("https://ghe.example.com/api/v3", "https://ghe.example.com/api/graphql"),
    ("https://api.github.com", "https://api.github.com/graphql"),
])
def test_graphql_url_is_derived_from_the_rest_api_url(api_url: str, graphql_url: str) -> None:
    assert make_client("t", api_url).requester.graphql_url == graphql_url


def test_new_push_resolves_only_the_thread_of_the_fixed_finding(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1
    assert len(fake.threads) == 4 and not any(t["isResolved"] for t in fake.threads)
    checkout.commit({"app/api.py": YAML_FIXED}, "fix yaml")
    fake.requests.clear()

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1

    summary_id = fake.issue_comments[0]["id"]
    assert fake.calls() == [
        f"GET {PR}/comments", f"GET {ISSUE}/comments", f"PATCH /repos/octo/app/issues/comments/{summary_id}",
        GRAPHQL, GRAPHQL, "POST /repos/octo/app/check-runs",
    ]
    assert _graphql_ops(fake) == ["query", "mutation"]
    assert fake.resolutions == [_thread_of(fake, "B506")["id"]]
    assert sorted((c["path"], c["line"]) for c in fake.review_comments
                  if _thread_of_comment(fake, c)["isResolved"]) == [("app/api.py", 7)]


def _thread_of_comment(fake: FakeGitHub, comment: dict) -> dict:
    return next(t for t in fake.threads if t["_comments"] == [comment["id"]])


def test_a_rerun_after_the_fix_asks_graphql_nothing(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1
    checkout.commit({"app/api.py": YAML_FIXED}, "fix yaml")
    env = runner.env(publish_pull(fake, checkout))
    assert run_reviewer_github(env, monkeypatch) == 1
    fake.requests.clear()

    assert run_reviewer_github(env, monkeypatch) == 1

    assert "POST /api/graphql" not in fake.calls()
    assert "B506" in fake.issue_comments[0]["body"].split("#### Resolved since an earlier review", 1)[1]


def test_a_token_that_may_not_resolve_threads_costs_one_refused_mutation_and_one_warning(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake.roles["no-threads"] = ALL_GRANTS - {"threads"}
    fake.tokens[NO_THREADS_TOKEN] = "no-threads"
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    assert run_reviewer_github(runner.env(publish_pull(fake, checkout), token=NO_THREADS_TOKEN), monkeypatch) == 1
    checkout.commit({"app/api.py": "import yaml\n\n\ndef load(text):\n    return yaml.safe_load(text)\n"}, "fix all")
    fake.requests.clear()
    capsys.readouterr()

    code = run_reviewer_github(runner.env(publish_pull(fake, checkout), token=NO_THREADS_TOKEN), monkeypatch)

    assert code == 0  # the gate passes; the refusal is only a warning
    assert _graphql_ops(fake) == ["query", "mutation"]  # the first refusal stops the attempts
    assert fake.resolutions == [] and not any(t["isResolved"] for t in fake.threads)
    warnings = [line for line in capsys.readouterr().err.splitlines() if "review threads" in line]
    assert warnings == [
        "reviewer: warning: cannot resolve the review threads of fixed findings (GitHub GraphQL FORBIDDEN: "
        "Resource not accessible by integration; resolving threads needs a token with `pull-requests: write`): "
        "4 left open"
    ]
    assert "Gate passed" in fake.issue_comments[0]["body"]


def test_an_http_403_from_graphql_is_a_warning_not_a_failure(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1
    checkout.commit({"app/api.py": YAML_FIXED}, "fix yaml")
    sso = "Resource protected by organization SAML enforcement. You must grant your Personal Access token access."
    fake.faults = [Fault("POST", "/api/graphql", 403, {"message": sso})]
    capsys.readouterr()

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1

    err = capsys.readouterr().err
    assert (f"reviewer: warning: cannot list the review threads of fixed findings (GitHub API 403: {sso}; "
            "resolving threads needs a token with `pull-requests: write`): left open") in err
    assert fake.resolutions == [] and len(fake.check_runs) == 2  # the rest of the run went on


def test_threads_are_paged_and_mutations_capped_at_max_comments(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    loaders = "import pickle\n\n\n" + "".join(f"data_{i} = pickle.loads(blob_{i})\n" for i in range(130))
    checkout.commit({"app/loaders.py": loaders}, "many loaders")
    runner.overrides = {"max-comments": 200}
    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1
    assert len(fake.threads) == 130
    checkout.commit({"app/loaders.py": "import json\n"}, "drop pickle")
    runner.overrides = {"max-comments": 25}
    fake.requests.clear()
    capsys.readouterr()

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 0

    assert _graphql_ops(fake) == ["query", "query"] + ["mutation"] * 25
    afters = [r.body["variables"]["after"] for r in fake.requests
              if r.path == "/api/graphql" and "reviewThreads(" in r.body["query"]]
    assert afters[0] is None and afters[1] is not None
    assert fake.resolutions == [t["id"] for t in fake.threads[:25]]
    assert "105 thread(s) of fixed findings left open: over max-comments (25)" in capsys.readouterr().err


def test_the_fake_answers_a_bad_thread_id_like_github(fake: FakeGitHub) -> None:
    fake.add_pull(REPO, Pull(7, "a" * 40, "b" * 40, ""))
    requester = make_client(WRITE_TOKEN, fake.base_url).requester

    with pytest.raises(UnknownObjectException) as raised:
        requester.graphql_query(RESOLVE_MUTATION, {"threadId": "PRRT_nope"})

    assert raised.value.data["errors"][0]["type"] == "NOT_FOUND"
    assert raised.value.data["data"] == {"resolveReviewThread": None}
    with pytest.raises(GithubException) as too_many:
        requester.graphql_query(THREADS_QUERY.replace("first: 100", "first: 101"),
                                {"owner": "octo", "name": "app", "number": 7, "after": None})
    assert "exceeds the `first` limit of 100" in too_many.value.data["errors"][0]["message"]


def test_a_thread_deleted_between_query_and_mutation_is_skipped(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 1
    first, second = fake.review_comments[:2]
    gone = {"data": {"resolveReviewThread": None}, "errors": [
        {"type": "NOT_FOUND", "path": ["resolveReviewThread"], "message": "Could not resolve to a node"}]}
    fake.faults = [Fault("POST", "/api/graphql", 200, gone, body_contains="resolveReviewThread")]
    requester = make_client(WRITE_TOKEN, fake.base_url).requester

    result = resolve_fixed(requester, REPO, 7, [*fingerprints_in(first["body"]), *fingerprints_in(second["body"])], limit=25)

    assert result.warnings == [] and result.calls == 3  # one query, two mutations
    assert fake.resolutions == [_thread_of_comment(fake, second)["id"]]
    assert result.resolved == fingerprints_in(second["body"])
