"""Priority packing: what matters most is sent first; whatever does not fit is named."""

from __future__ import annotations

import pytest

from reviewer.diff import parse_diff
from reviewer.findings import Category, Confidence, Severity, make_finding
from reviewer.persona.budget import Unit, file_units, pack, priority


@pytest.mark.parametrize(
    "path, has_findings, expected",
    [
        ("tests/test_views.py", True, 0),
        ("app/views.py", False, 1),
        ("db/migrations/0042_add_index.py", False, 1),
        ("schema.sql", False, 1),
        ("config/settings.py", False, 1),
        ("app/util/strings.go", False, 2),
        ("tests/test_views.py", False, 3),
        ("web/src/cart.test.ts", False, 3),
        ("docs/api.md", False, 3),
        ("package-lock.json", False, 3),
        ("proto/user_pb2.py", False, 3),
        ("static/app.min.js", False, 3),
    ],
)
def test_priority(path: str, has_findings: bool, expected: int) -> None:
    assert priority(path, has_findings) == expected


def _unit(path: str, tokens: int, rank: int) -> Unit:
    return Unit(path, f"### FILE {path}", tokens, (rank, 0, path))


def test_first_fit_in_priority_order_and_the_rest_is_named() -> None:
    units = [_unit("docs/a.md", 400, 3), _unit("app/views.py", 500, 1), _unit("x/y.go", 300, 2),
             _unit("app/found.py", 600, 0), _unit("b/c.go", 100, 2)]
    result = pack(units, max_calls=2, limit=1000, overhead=200)
    assert [[u.path for u in call] for call in result.calls] == [["app/found.py", "b/c.go"], ["app/views.py", "x/y.go"]]
    assert result.not_seen == ["docs/a.md"]


def test_no_calls_allowed_means_nothing_seen() -> None:
    result = pack([_unit("a.py", 10, 2)], max_calls=0, limit=1000, overhead=10)
    assert (result.calls, result.not_seen) == ([], ["a.py"])


def test_a_large_file_is_split_by_hunks_and_findings_follow_their_hunk() -> None:
    body = "".join(f"@@ -{n},1 +{n},2 @@\n ctx{n}\n+{'x' * 300}\n" for n in range(10, 400, 40))
    file_diff = parse_diff(f"--- a/big.py\n+++ b/big.py\n{body}").files[0]
    finding = make_finding(
        rule_id="B608", category=Category.SECURITY, severity=Severity.HIGH, confidence=Confidence.HIGH,
        path="big.py", line=171, title="t", message="m", source="bandit", source_lines=[],
    )
    units = file_units(file_diff, None, [finding], limit=300)
    assert [u.text.splitlines()[0] for u in units] == [
        f"### FILE big.py (modified) — part {i + 1} of 5, lines {start}-{start + 41}" for i, start in enumerate(range(10, 400, 80))
    ]
    assert all(u.path == "big.py" and u.tokens <= 300 and u.rank == (0, -Severity.HIGH.rank, "big.py") for u in units)
    assert [("fingerprint=" + finding.fingerprint) in u.text for u in units] == [False, False, True, False, False]
