"""The model's answer is checked against the diff before anything reaches a report."""

from __future__ import annotations

from typing import Any

import pytest

from reviewer.diff import parse_diff
from reviewer.findings import Category, Severity
from reviewer.persona.validate import MAX_FINDINGS, MalformedAnswer, anchor, check_answer, tool_input
from tests.persona.helpers import finding_input

# app/api.py: new lines 10-12 are context, 13-15 added, 16 context; 40-41 added in a second hunk.
DIFF = parse_diff(
    "--- a/app/api.py\n+++ b/app/api.py\n"
    "@@ -10,4 +10,7 @@\n a\n b\n c\n+d\n+e\n+f\n g\n"
    "@@ -37,2 +40,3 @@\n h\n+i\n j\n"
)
SEEN = {"app/api.py"}


def _check(*items: dict[str, Any], mode: str = "added") -> Any:
    return check_answer({"summary": "Summary", "findings": list(items)}, DIFF, SEEN, mode)


def test_lines_near_a_hunk_move_into_it_and_far_ones_go_to_the_summary() -> None:
    checked = _check(
        finding_input("app/api.py", 14, end_line=15),  # valid: kept as is
        finding_input("app/api.py", 19, title="Near"),  # 4 below line 15 → moved to 15
        finding_input("app/api.py", 30, title="Far", severity="medium"),  # 9 from any added line → summary
    )
    assert [(f.line, f.end_line, f.title) for f in checked.findings] == [
        (14, 15, "Refund is not idempotent"),
        (15, 15, "Near"),
    ]
    assert checked.unanchored == ["- `app/api.py:30` (medium, reliability): Far"]
    assert checked.dropped == 0


def test_context_lines_count_in_diff_context_mode_only() -> None:
    assert anchor(DIFF.files[0], 11, 11, "added") == (13, 13)
    assert anchor(DIFF.files[0], 11, 11, "diff_context") == (11, 11)
    assert anchor(DIFF.files[0], 14, 41, "added") == (14, 15)  # a span never crosses hunks


def test_unknown_paths_bad_enums_and_bad_lines_are_dropped() -> None:
    checked = _check(
        finding_input("app/other.py", 14),
        finding_input("app/api.py", 14, severity="urgent"),
        finding_input("app/api.py", 14, category="style"),
        finding_input("app/api.py", 0),
        finding_input("app/api.py", True),
        finding_input("app/api.py", 14, title=""),
        "not an object",
        finding_input("app/api.py", 41, severity="CRITICAL", category="Security"),
    )
    assert [(f.line, f.severity, f.category) for f in checked.findings] == [(41, Severity.CRITICAL, Category.SECURITY)]
    assert checked.dropped == 7


def test_text_is_sanitised_clipped_and_suggestions_only_kept_in_place() -> None:
    checked = _check(
        finding_input("app/api.py", 13, title="@admin " + "x" * 200, body="<!-- hide --> ![i](https://t.example/i.png)",
                      suggestion="    d = 1"),
        finding_input("app/api.py", 17, suggestion="    g = 2"),  # moved 17 → 15: the suggestion would replace the wrong line
    )
    first, moved = checked.findings
    assert first.title.startswith("`@admin` xxx") and len(first.title) == 120 and first.title.endswith("…")
    assert first.body == "&lt;!-- hide --> (image: i)"
    assert first.suggestion == "    d = 1"
    assert (moved.line, moved.suggestion) == (15, None)


def test_the_count_is_capped_most_severe_first() -> None:
    items = [finding_input("app/api.py", 13, severity="low", title=f"low {i}") for i in range(MAX_FINDINGS + 3)]
    items.append(finding_input("app/api.py", 14, severity="critical", title="the important one"))
    checked = _check(*items)
    assert len(checked.findings) == MAX_FINDINGS
    assert checked.findings[0].title == "the important one"
    assert checked.dropped == 4


@pytest.mark.parametrize(
    "response, message",
    [
        ({"content": [{"type": "text", "text": "No issues found."}], "stop_reason": "end_turn"}, "did not call submit_review"),
        ({"content": [{"type": "tool_use", "name": "submit_review", "input": "{}"}]}, "lacks a string 'summary'"),
        ({"content": [{"type": "tool_use", "name": "submit_review", "input": {"summary": 3, "findings": []}}]}, "lacks"),
        ({"content": [{"type": "tool_use", "name": "other", "input": {}}], "stop_reason": "tool_use"}, "stop_reason: tool_use"),
    ],
)
def test_answers_without_a_usable_tool_call_are_malformed(response: dict[str, Any], message: str) -> None:
    with pytest.raises(MalformedAnswer, match=message):
        tool_input(response)
