"""Fixtures for persona tests: the fake Messages API and PRs wired to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reviewer.diff import parse_diff
from tests.fakes.anthropic_server import API_KEY, FakeAnthropic
from tests.persona.helpers import BILLING, ORDERS, Case, fixture


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


@pytest.fixture
def make_case(git_repo: Callable[..., tuple[Path, str]], tmp_path: Path, fake: FakeAnthropic) -> Callable[..., Case]:
    """`make_case(head_files, base_files=None)` → Case wired to the fake server."""

    def build(head: dict[str, str] | None = None, base: dict[str, str] | None = None) -> Case:
        base = {ORDERS: fixture("orders_base.py")} if base is None else base
        head = {ORDERS: fixture("orders_head.py"), BILLING: fixture("billing_head.go")} if head is None else head
        root, text = git_repo(base, head)
        env = {
            "ANTHROPIC_API_KEY": API_KEY,
            "ANTHROPIC_BASE_URL": fake.base_url,
            "REVIEWER_CACHE_DIR": str(tmp_path / "cache"),
        }
        return Case(root, parse_diff(text), env, text)

    return build

