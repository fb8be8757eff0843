"""On a new push the AI review sees only the hunks changed since the last reviewed head."""

from __future__ import annotations

import pytest

from reviewer.analyzers.base import SourceFile
from reviewer.config import Config
from reviewer.diff import Diff, parse_diff
from reviewer.github.incremental import changed_since, incremental, narrow, persona_enricher
from reviewer.review import Review
from tests.fakes.github_server import FakeGitHub
from tests.github.conftest import Checkout, Runner, publish_pull, run_reviewer_github

FIRST = "".join(f"def f{i}():\n    return {i}\n\n\n" for i in range(12))


def _pr(checkout: Checkout) -> tuple[str, str]:
    checkout.commit({"svc/a.py": FIRST, "svc/b.py": "x = 1\n"}, "first push")
    first = checkout.head
    second_text = FIRST.replace("return 10", "return 10 * 2")
    checkout.commit({"svc/a.py": second_text}, "second push")
    return first, checkout.head


def test_narrow_keeps_only_hunks_touched_since_the_prior_head(checkout: Checkout) -> None:
    first, head = _pr(checkout)
    pr_diff = parse_diff(checkout.diff())
    since = changed_since(checkout.root, first, head)

    assert since is not None
    narrowed = narrow(pr_diff, since)
    assert [f.path for f in narrowed.files] == ["svc/a.py"]  # b.py did not change since the first push
    [hunk] = narrowed.files[0].hunks
    assert 42 in hunk.new_range  # `return 10 * 2` is line 42 of a.py
    assert changed_since(checkout.root, head, head) is None  # same head: the full review (cached)
    assert changed_since(checkout.root, None, head) is None
    assert changed_since(checkout.root, "0" * 40, head) is None  # prior head not in the checkout


def test_incremental_wrapper_passes_the_narrowed_diff_and_notes_it(checkout: Checkout) -> None:
    first, head = _pr(checkout)
    pr_diff = parse_diff(checkout.diff())
    since = changed_since(checkout.root, first, head)
    assert since is not None
    seen: list[tuple[list[str], list[str]]] = []

    def enrich(review: Review, diff: Diff, sources: dict[str, SourceFile]) -> Review:
        seen.append(([f.path for f in diff.files], sorted(sources)))
        return review

    sources = {f.path: SourceFile(f.path, "", f) for f in pr_diff.files}
    result = incremental(enrich, since, first)(Review((), 2, 2), pr_diff, sources)

    assert seen == [(["svc/a.py"], ["svc/a.py"])]
    assert result.notes == (
        f"The AI review covered only the hunks changed since {first[:12]}, the last reviewed head; "
        "deterministic checks cover the whole PR.",
    )


def test_llm_off_never_builds_the_persona_stage(checkout: Checkout) -> None:
    from reviewer.github.fetch import PullInfo

    info = PullInfo("octo/app", 7, "a" * 40, "b" * 40, "t", "b", "u", None)
    assert persona_enricher(Config(llm="off"), checkout.root, info, {}) is None


def test_llm_required_without_a_key_is_a_usage_error(
    fake: FakeGitHub, checkout: Checkout, runner: Runner, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _pr(checkout)
    runner.overrides = {"llm": "required"}

    assert run_reviewer_github(runner.env(publish_pull(fake, checkout)), monkeypatch) == 2

    assert "--llm required: no Anthropic API key" in capsys.readouterr().err
    assert fake.reviews == []
