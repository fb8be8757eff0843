"""Comment anchoring and bodies, on real diffs made by git."""

from __future__ import annotations

from reviewer.diff import parse_diff
from reviewer.findings import Category, Confidence, Finding, Severity, make_finding
from reviewer.github.comments import build_comment, fingerprints_in, marker
from reviewer.mdsafe import fence_for
from reviewer.github.summary import parse_state, state_marker

# new side: lines 1-3 unchanged context, 4-5 added, then a second hunk adding line 20
DIFF = """diff --git a/app/db.py b/app/db.py
--- a/app/db.py
+++ b/app/db.py
@@ -1,3 +1,5 @@
 import os
 
 def q(cur, name):
+    sql = "SELECT * FROM t WHERE name = '%s'" % name
+    return cur.execute(sql)
@@ -15,2 +17,4 @@ def other():
 a = 1
 b = 2
+c = 3
+d = 4
"""
LINES = ["import os", "", "def q(cur, name):", "    sql = \"SELECT * FROM t WHERE name = '%s'\" % name",
         "    return cur.execute(sql)"] + [""] * 11 + ["a = 1", "b = 2", "c = 3", "d = 4"]


def _finding(line: int, end: int, suggestion: str | None, message: str = "Use parameters.") -> Finding:
    return make_finding(
        rule_id="SQL001", category=Category.SECURITY, severity=Severity.HIGH, confidence=Confidence.HIGH,
        path="app/db.py", line=line, end_line=end, title="SQL built with %", message=message,
        source="sql", source_lines=LINES, suggestion=suggestion,
    )


def test_multi_line_finding_in_one_hunk_gets_start_line_and_a_suggestion() -> None:
    file_diff = parse_diff(DIFF).files[0]
    fix = '    return cur.execute("SELECT * FROM t WHERE name = %s", (name,))'
    comment = build_comment(_finding(4, 5, fix), file_diff)

    assert comment is not None
    assert comment.payload() == {
        "path": "app/db.py", "line": 5, "side": "RIGHT", "start_line": 4, "start_side": "RIGHT", "body": comment.body,
    }
    assert f"```suggestion\n{fix}\n```" in comment.body
    assert comment.body.startswith("🟠 **High** · security · `SQL001` — **SQL built with %**\n\nUse parameters.")
    assert fingerprints_in(comment.body) == {comment.fingerprint}


def test_finding_spanning_two_hunks_is_anchored_on_its_first_line_without_suggestion() -> None:
    file_diff = parse_diff(DIFF).files[0]
    comment = build_comment(_finding(5, 19, "x = 1"), file_diff)

    assert comment is not None
    assert (comment.start_line, comment.line) == (None, 5)
    assert "suggestion" not in comment.body


def test_finding_outside_every_hunk_cannot_be_commented() -> None:
    assert build_comment(_finding(10, 11, None), parse_diff(DIFF).files[0]) is None
    assert build_comment(_finding(4, 4, None), None) is None


def test_suggestion_fence_is_longer_than_any_backtick_run_inside() -> None:
    file_diff = parse_diff(DIFF).files[0]
    fix = '    doc = """```sql\\nSELECT 1\\n```"""'
    comment = build_comment(_finding(4, 4, fix), file_diff)

    assert fence_for("a ``` b") == "````" and fence_for("plain") == "```" and fence_for("`````") == "``````"
    assert comment is not None and f"````suggestion\n{fix}\n````" in comment.body


def test_empty_suggestion_deletes_the_lines() -> None:
    comment = build_comment(_finding(4, 5, ""), parse_diff(DIFF).files[0])

    assert comment is not None and "```suggestion\n```" in comment.body


def test_markers_round_trip_and_resist_a_forged_terminator() -> None:
    finding = _finding(4, 4, None)
    assert fingerprints_in(f"text {marker(finding.fingerprint)} more") == {finding.fingerprint}
    forged = Finding(**{**finding.__dict__, "fingerprint": "abc123-2"})
    text = state_marker("f" * 40, (finding, forged))
    assert "-->" not in text[: -len(" -->")]
    state = parse_state(text + "\nbody")
    assert state is not None and state.head == "f" * 40
    assert state.fingerprints == {finding.fingerprint, "abc123-2"}
    assert parse_state("an ordinary comment") is None


def test_summary_of_a_huge_review_stays_under_githubs_comment_limit() -> None:
    from reviewer.github.summary import GITHUB_LIMIT, RunReport, render_summary
    from reviewer.review import Review

    lines = [f"    value_{i} = yaml.load(text_{i})  # {'x' * 80}" for i in range(1500)]
    findings = tuple(
        make_finding(
            rule_id="B506", category=Category.SECURITY, severity=Severity.HIGH, confidence=Confidence.HIGH,
            path=f"app/module_{i % 40}.py", line=i + 1, title="yaml.load on untrusted data",
            message="Use yaml.safe_load. " * 40, source="bandit", source_lines=lines,
        )
        for i in range(1500)
    )
    run = RunReport(
        review=Review(findings, 40, 40), head_sha="c" * 40, blob_base="https://github.com/o/r/blob/" + "c" * 40,
        gate_failed=True, fail_on="high", not_inline=tuple((f, "outside the diff") for f in findings),
    )

    body = render_summary(run)

    assert len(body) <= GITHUB_LIMIT
    state = parse_state(body)
    assert state is not None and state.head == "c" * 40
    assert "…and 1497 more" in body  # the header shrank its list to fit


def test_pr_text_quoted_in_a_message_cannot_ping_link_or_hide() -> None:
    file_diff = parse_diff(DIFF).files[0]
    hostile = 'Table `"x` @octocat <!-- hidden --> [click](https://evil.example) <img src=https://evil.example/p.png> `y"` has no index.'
    comment = build_comment(_finding(4, 4, None, message=hostile), file_diff)
    assert comment is not None
    assert "@octocat" not in comment.body.replace("`@octocat`", "")
    assert "<!-- hidden" not in comment.body and "<img" not in comment.body
    assert "click (link removed)" in comment.body
    assert fingerprints_in(comment.body) == {comment.fingerprint}
