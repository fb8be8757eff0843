"""GitHub misbehaving, as it does: refused lines (422), huge PRs (406), rate limits, 5xx."""

from __future__ import annotations

import subprocess
import time

import pytest

from reviewer.diff import FileStatus
from reviewer.github.event import PullRef
from reviewer.github.fetch import describe_pull, fetch_diff
from reviewer.github.ratelimit import make_client
from tests.fakes.github_server import SECONDARY_LIMIT, FakeGitHub, Fault
from tests.github.conftest import REPO, VULNERABLE, WRITE_TOKEN, Checkout, Runner, publish_pull, run_reviewer_github

PR = "/repos/octo/app/pulls/7"
ISSUE = "/repos/octo/app/issues/7"
LEGACY = "import pickle\n\n\ndef restore(blob):\n    return pickle.loads(blob)\n"


def _many_findings(count: int) -> str:
    return "import pickle\n\n\n" + "".join(f"data_{i} = pickle.loads(blob_{i})\n" for i in range(count))


def test_422_recovery_moves_only_the_refused_comment_into_the_summary(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE, "app/legacy.py": LEGACY}, "add api and legacy")
    # GitHub's view of the PR lacks app/legacy.py (say the base moved): its comment gets a 422.
    publish_pull(fake, checkout, diff=checkout.diff("app/api.py"))

    code = run_reviewer_github(runner.env(fake.pulls[(REPO, 7)]), monkeypatch)

    assert code == 1
    assert [r["state"] for r in fake.reviews] == ["COMMENTED"]  # probes were pending and deleted
    assert sorted((c["path"], c["line"]) for c in fake.review_comments) == [
        ("app/api.py", 7), ("app/api.py", 11), ("app/api.py", 11), ("app/api.py", 15)
    ]
    assert "POST /repos/octo/app/pulls/7/reviews" in fake.calls("POST")
    assert any(call.startswith(f"DELETE {PR}/reviews/") for call in fake.calls("DELETE"))
    body = fake.issue_comments[0]["body"]
    refused = body.split("#### Not commented inline", 1)[1].split("\n---\n", 1)[0]
    assert "`B301`" in refused and "app/legacy.py:5" in refused and "GitHub refused the line" in refused


def test_600_file_pr_takes_the_files_endpoint_after_406(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    files: dict[str, str | None] = {f"data/rows_{i:03}.csv": f"id,{i}\n" for i in range(599)}
    files["app/api.py"] = VULNERABLE
    checkout.commit(files, "600 files")
    pull = publish_pull(fake, checkout)
    # actions/checkout with fetch-depth 1: the head commit only, so the diff must come from GitHub
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{checkout.root}", str(shallow)], check=True)
    runner.workspace = shallow
    monkeypatch.chdir(shallow)

    code = run_reviewer_github(runner.env(pull), monkeypatch)

    assert code == 1
    reads = [c for c in fake.calls("GET") if c.startswith(f"GET {PR}")]
    assert reads == [f"GET {PR}/comments", f"GET {PR}"] + [f"GET {PR}/files"] * 6
    pages = [r.query.get("page", ["1"])[0] for r in fake.requests if r.path == f"{PR}/files"]
    assert pages == ["1", "2", "3", "4", "5", "6"]
    assert not any("/contents/" in call for call in fake.calls())  # head files read from local git
    assert sorted((c["path"], c["line"]) for c in fake.review_comments) == [
        ("app/api.py", 7), ("app/api.py", 11), ("app/api.py", 11), ("app/api.py", 15)
    ]
    # the reassembled diff is the whole PR, with GitHub's statuses and exact line numbers
    repo = make_client(WRITE_TOKEN, fake.base_url).get_repo(REPO)
    info = describe_pull(repo, PullRef(REPO, 7), fake.web_url)
    fetched = fetch_diff(repo, info, shallow)
    assert fetched.source == "api-files" and len(fetched.diff.files) == 600
    api = fetched.diff.file("app/api.py")
    assert api is not None and api.status is FileStatus.ADDED and api.added_lines == frozenset(range(1, 16))


def test_secondary_rate_limit_and_transient_502_are_retried(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)
    fake.faults = [
        Fault("GET", f"{PR}/comments", 502, "<html>Bad Gateway</html>"),
        Fault("POST", f"{PR}/reviews", 403, {"message": SECONDARY_LIMIT}, {"Retry-After": "1"}),
    ]
    started = time.monotonic()

    code = run_reviewer_github(runner.env(pull), monkeypatch)

    assert code == 1
    assert fake.calls()[:4] == [f"GET {PR}/comments", f"GET {PR}/comments", f"GET {ISSUE}/comments", f"POST {PR}/reviews"]
    assert fake.calls("POST").count(f"POST {PR}/reviews") == 2
    assert len(fake.reviews) == 1 and len(fake.review_comments) == 4
    assert time.monotonic() - started >= 1.0  # Retry-After was honoured, not a tight loop


def test_rate_limit_beyond_the_wait_budget_is_a_clear_warning_not_a_failure(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)
    fake.faults = [Fault("POST", f"{PR}/reviews", 403, {"message": SECONDARY_LIMIT}, {"Retry-After": "3600"})]

    code = run_reviewer_github(runner.env(pull), monkeypatch)

    assert code == 1  # still the gate's verdict
    err = capsys.readouterr()
    assert "GitHub asked to wait 3600s, more than the 5s left of this run's 5s wait budget" in err.err
    assert fake.reviews == [] and fake.calls("POST") == [f"POST {PR}/reviews"]
    assert "::error file=app/api.py" in err.out  # the review still reaches the checks tab


def test_primary_rate_limit_reset_too_far_away_is_reported_with_the_wait(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)
    reset = str(int(time.time()) + 1800)
    fake.faults = [Fault("GET", f"{PR}/comments", 403, {"message": "API rate limit exceeded for installation ID 1."},
                         {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})]

    assert run_reviewer_github(runner.env(pull), monkeypatch) == 1

    err = capsys.readouterr().err
    assert "cannot read earlier comments (GitHub rate limit: API rate limit exceeded" in err
    assert "beyond this run's wait budget" in err
    assert len(fake.reviews) == 1  # the rest of the run went on


@pytest.mark.parametrize("count,check_calls", [(50, ["POST /repos/octo/app/check-runs"]),
                                               (120, ["POST /repos/octo/app/check-runs"] + ["PATCH /repos/octo/app/check-runs/{id}"] * 2)])
def test_api_calls_of_one_run_on_a_large_pr(
    count: int, check_calls: list[str], fake: FakeGitHub, checkout: Checkout, runner: Runner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checkout.commit({"app/loaders.py": _many_findings(count)}, "many loaders")
    pull = publish_pull(fake, checkout)

    assert run_reviewer_github(runner.env(pull), monkeypatch) == 1

    [run] = fake.check_runs
    expected = [f"GET {PR}/comments", f"GET {ISSUE}/comments", f"POST {PR}/reviews", f"POST {ISSUE}/comments"]
    assert fake.calls() == expected + [c.format(id=run["id"]) for c in check_calls]
    assert len(fake.review_comments) == 25  # max-comments of the documented workflow
    assert [c["line"] for c in fake.review_comments] == list(range(4, 29))  # highest priority = first lines
    assert len(run["_annotations"]) == count
    body = fake.issue_comments[0]["body"]
    assert f"{count - 25} listed below instead" in body and "over the max-comments limit of 25" in body


def test_a_5xx_on_posting_the_review_is_not_retried_blindly(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """GitHub may have created the review before answering 502: a retry could post it twice."""
    checkout.commit({"app/api.py": VULNERABLE}, "add api")
    pull = publish_pull(fake, checkout)
    fake.faults = [Fault("POST", f"{PR}/reviews", 502, "<html>Bad Gateway</html>")]

    assert run_reviewer_github(runner.env(pull), monkeypatch) == 1

    out = capsys.readouterr()
    assert fake.calls("POST") == [f"POST {PR}/reviews"]
    assert "posting to GitHub failed: GitHub API 502" in out.err
    assert "::error file=app/api.py" in out.out
    assert "Nothing could be posted to the PR" in (runner.tmp / "step_summary.md").read_text(encoding="utf-8")


def test_a_rerun_of_a_pr_over_max_comments_posts_nothing_new(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 25 findings over the cap were reported in the summary: a re-run must not post them."""
    checkout.commit({"app/loaders.py": _many_findings(50)}, "many loaders")
    pull = publish_pull(fake, checkout)
    assert run_reviewer_github(runner.env(pull), monkeypatch) == 1
    fake.requests.clear()

    assert run_reviewer_github(runner.env(pull), monkeypatch) == 1

    summary = fake.issue_comments[0]
    assert fake.calls() == [f"GET {PR}/comments", f"GET {ISSUE}/comments",
                            f"PATCH /repos/octo/app/issues/comments/{summary['id']}", "POST /repos/octo/app/check-runs"]
    assert len(fake.reviews) == 1 and [c["line"] for c in fake.review_comments] == list(range(4, 29))
    assert "0 new inline comments; 25 already commented on an earlier run; 25 listed below instead" in summary["body"]
    assert summary["body"].count("in the summary since an earlier run") == 25
