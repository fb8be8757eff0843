"""Suppression comments, filter modes, config overrides, merging and ranking of findings."""

from __future__ import annotations

import pytest

from reviewer.diff import parse_diff
from reviewer.filters import apply_overrides, comment_of, in_scope, is_suppressed, merge, suppressed_ids
from reviewer.findings import Category, Confidence, Finding, Severity, fingerprint, make_finding

SOURCE = [
    "import subprocess",  # 1
    "def run(cmd):",  # 2
    "    subprocess.run(",  # 3
    "        cmd,",  # 4
    "        shell=True)",  # 5
    "    query = f'SELECT {cmd}'",  # 6
    "    subprocess.run(",  # 7
]


def make(
    rule: str = "B602",
    line: int = 3,
    end: int | None = None,
    *,
    cwe: int | None = 78,
    severity: Severity = Severity.HIGH,
    confidence: Confidence = Confidence.HIGH,
    category: Category = Category.SECURITY,
    path: str = "app.py",
    suggestion: str | None = None,
) -> Finding:
    return make_finding(
        rule_id=rule,
        category=category,
        severity=severity,
        confidence=confidence,
        path=path,
        line=line,
        end_line=end,
        title=f"{rule} title",
        message=f"{rule} message",
        source="test",
        source_lines=SOURCE,
        suggestion=suggestion,
        cwe=cwe,
    )


# --- suppression comments -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("subprocess.run(cmd, shell=True)  # nosec", set()),
        ("subprocess.run(cmd, shell=True)  #nosec B602,B607", {"B602", "B607"}),
        ("subprocess.run(cmd, shell=True)  # nosec: B602", {"B602"}),
        ("subprocess.run(cmd, shell=True)  # nosec B602 B607", {"B602", "B607"}),
        ("subprocess.run(cmd, shell=True)  # NOSEC b602", {"B602"}),
        ("subprocess.run(cmd, shell=True)  # nosec - reviewed with security", set()),
        ("q = build(x)  # reviewer: ignore[PERF001, B608]", {"PERF001", "B608"}),
        ("q = build(x)  # reviewer: ignore", set()),
        ("q = build(x)  # reviewer:ignore[]", set()),
        ("q = build(x)  # nosec B608  # reviewer: ignore[SEC101]", {"B608", "SEC101"}),
        ("q = build(x)  # reviewer: ignore[SEC101] # nosec", set()),
        ("q = build(x)  # nosecurity review pending", None),
        ("q = build(x)  # reviewer: ignored", None),
        ("q = build(x)", None),
    ],
)
def test_suppressed_ids(line: str, expected: set[str] | None) -> None:
    assert suppressed_ids(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('marker = "# nosec"', None),
        ("marker = '# reviewer: ignore'", None),
        ('doc = """# nosec"""', None),
        ("s = 'it\\'s # nosec'", None),
        ("s = \"it's\"  # nosec B602", {"B602"}),
        ('s = "#"  # nosec', set()),
    ],
)
def test_comment_markers_inside_string_literals_do_not_count(line: str, expected: set[str] | None) -> None:
    assert suppressed_ids(line) == expected


def test_known_limit_a_line_is_judged_alone() -> None:
    """Inside a multi-line string, a line that looks like a comment is read as one: the filter
    sees single lines, not tokens. Documented in `suppressed_ids`; bandit honours its own."""
    assert suppressed_ids("    # nosec (text inside a docstring)") == set()


def test_comment_of() -> None:
    assert comment_of("x = 1  # note # more") == "# note # more"
    assert comment_of("x = '#' + \"#\"") is None


def test_suppression_on_any_line_of_a_multi_line_finding() -> None:
    finding = make("B602", 3, 5)
    lines = list(SOURCE)
    assert not is_suppressed(finding, lines)
    lines[4] = "        shell=True)  # nosec B602"
    assert is_suppressed(finding, lines)
    lines[4] = "        shell=True)  # nosec B607"
    assert not is_suppressed(finding, lines)
    lines[4] = "        shell=True)  # reviewer: ignore[b602]"
    assert is_suppressed(finding, lines)


def test_suppression_outside_the_finding_or_the_file_does_not_count() -> None:
    lines = list(SOURCE)
    lines[5] = "    query = f'SELECT {cmd}'  # nosec"
    assert not is_suppressed(make("B602", 3, 5), lines)
    assert not is_suppressed(make("B602", 40, 41), lines)
    assert is_suppressed(make("B608", 6, cwe=89), lines)


# --- filter modes ---------------------------------------------------------------------------

DIFF = parse_diff(
    "--- a/app.py\n+++ b/app.py\n@@ -1,6 +1,7 @@\n import subprocess\n def run(cmd):\n"
    "     subprocess.run(\n+        cmd,\n         shell=True)\n     query = f'SELECT {cmd}'\n"
    "     subprocess.run(\n"
)
FILE_DIFF = DIFF.files[0]


def test_the_diff_used_for_scope() -> None:
    assert FILE_DIFF.added_lines == frozenset({4}) and FILE_DIFF.context_lines == frozenset(range(1, 8))


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        # finding lines:   4 (added)  3-5 (spans added)  6 (context)  20 (outside hunks)  other file
        ("added", [True, True, False, False, False]),
        ("diff_context", [True, True, True, False, False]),
        ("file", [True, True, True, True, False]),
        ("nofilter", [True, True, True, True, True]),
    ],
)
def test_in_scope_per_filter_mode(mode: str, expected: list[bool]) -> None:
    cases = [
        (make(line=4), FILE_DIFF),
        (make(line=3, end=5), FILE_DIFF),
        (make(line=6), FILE_DIFF),
        (make(line=20), FILE_DIFF),
        (make(line=4, path="other.py"), DIFF.file("other.py")),
    ]
    assert [in_scope(finding, file_diff, mode) for finding, file_diff in cases] == expected


# --- overrides ------------------------------------------------------------------------------


def test_disable_by_id_and_by_prefix_case_insensitively() -> None:
    findings = [make("B602"), make("B608", 6, cwe=89), make("B101", 1, cwe=703), make("SEC101", 6, cwe=89)]
    assert [f.rule_id for f in apply_overrides(findings, ["b608"], {})] == ["B602", "B101", "SEC101"]
    assert [f.rule_id for f in apply_overrides(findings, ["B6"], {})] == ["B101", "SEC101"]
    assert [f.rule_id for f in apply_overrides(findings, ["B", " "], {})] == ["SEC101"]
    assert apply_overrides(findings, [], {}) == findings


def test_severity_overrides_are_exact_and_case_insensitive() -> None:
    findings = [make("B602"), make("B608", 6, cwe=89, severity=Severity.MEDIUM)]
    result = apply_overrides(findings, [], {"b608": Severity.CRITICAL, "B60": Severity.INFO})
    assert [(f.rule_id, f.severity) for f in result] == [("B602", Severity.HIGH), ("B608", Severity.CRITICAL)]
    assert result[1].fingerprint == findings[1].fingerprint


# --- merge and rank -------------------------------------------------------------------------


def test_same_fingerprint_on_the_same_line_is_reported_once() -> None:
    first, again = make("B602", 3), make("B602", 3)
    assert merge([first, again]) == [first]


def test_same_cwe_on_the_same_line_merges_with_a_note() -> None:
    bandit = make("B608", 6, cwe=89, severity=Severity.MEDIUM, confidence=Confidence.LOW)
    taint = make("SEC101", 6, cwe=89, severity=Severity.HIGH, suggestion="cursor.execute(sql, (cmd,))")
    merged = merge([bandit, taint])
    assert len(merged) == 1
    assert (merged[0].rule_id, merged[0].severity, merged[0].fingerprint) == ("SEC101", Severity.HIGH, taint.fingerprint)
    assert merged[0].message == "SEC101 message\n\n(Also reported by B608.)"
    assert merged[0].suggestion == "cursor.execute(sql, (cmd,))"


def test_merged_finding_keeps_the_other_rules_fix_when_it_has_none() -> None:
    bandit = make("B608", 6, cwe=89, severity=Severity.HIGH, suggestion="use parameters")
    taint = make("SEC101", 6, cwe=89, severity=Severity.MEDIUM)
    merged = merge([taint, bandit])
    assert [(f.rule_id, f.message, f.suggestion) for f in merged] == [
        ("B608", "B608 message\n\n(Also reported by SEC101.)", "use parameters")
    ]


def test_different_weaknesses_on_one_line_stay_apart() -> None:
    shell = make("B602", 6, cwe=78)
    sql = make("B608", 6, cwe=89)
    assert [f.rule_id for f in merge([sql, shell])] == ["B602", "B608"]


def test_same_code_on_different_lines_gets_numbered_fingerprints() -> None:
    base = fingerprint("B602", "app.py", "    subprocess.run(")
    later, first = make("B602", 7), make("B602", 3)
    merged = merge([later, first])
    assert [(f.line, f.fingerprint) for f in merged] == [(3, base), (7, f"{base}-2")]


def test_merge_ranks_by_severity_confidence_category_path_line() -> None:
    findings = [
        make("PERF001", 2, cwe=None, severity=Severity.HIGH, category=Category.PERFORMANCE),
        make("B101", 1, cwe=703, severity=Severity.INFO),
        make("B602", 5, cwe=78, severity=Severity.HIGH, confidence=Confidence.MEDIUM),
        make("B602", 4, cwe=78, severity=Severity.HIGH, path="a.py"),
        make("B608", 6, cwe=89, severity=Severity.CRITICAL, confidence=Confidence.LOW),
        make("SEC101", 3, cwe=94, severity=Severity.HIGH),
    ]
    assert [(f.rule_id, f.path, f.line) for f in merge(findings)] == [
        ("B608", "app.py", 6),
        ("B602", "a.py", 4),
        ("SEC101", "app.py", 3),
        ("PERF001", "app.py", 2),
        ("B602", "app.py", 5),
        ("B101", "app.py", 1),
    ]


def test_related_weaknesses_named_differently_merge() -> None:
    weak_hash = make("B324", 6, cwe=327)
    password = make("SEC308", 6, cwe=916, severity=Severity.HIGH)
    (merged,) = merge([password, weak_hash])
    assert merged.rule_id == "B324"
    assert merged.message.endswith("(Also reported by SEC308.)")


DELETION = parse_diff(
    "--- a/views.py\n+++ b/views.py\n@@ -1,5 +1,3 @@\n"
    " @app.get('/orders/<int:pk>')\n-@login_required\n-@owner_only\n def order(pk):\n     return load(pk)\n"
).files[0]


def test_deletion_anchors_are_the_lines_around_the_removed_run() -> None:
    assert DELETION.added_lines == frozenset()
    assert DELETION.removal_anchors == frozenset({1, 2})


def test_rules_about_removed_code_may_sit_next_to_a_deletion_in_added_mode() -> None:
    removed_check = make("SEC201", 2, path="views.py")
    other = make("B602", 2, path="views.py")
    rules = frozenset({"SEC201"})
    assert in_scope(removed_check, DELETION, "added", rules)
    assert not in_scope(other, DELETION, "added", rules)
    assert not in_scope(make("SEC201", 3, path="views.py"), DELETION, "added", rules)
