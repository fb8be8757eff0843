"""The scorer's judgement: matching tolerance, categories, families, clean cases, scope, totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.cases_format import Case, CaseError, Expectation, load_case
from benchmarks.families import family_of, label_family
from benchmarks.matching import score_case
from benchmarks.quality import DEFAULT_CASES, main
from benchmarks.tally import tally
from reviewer.findings import Category, Confidence, Finding, Severity, make_finding

LINES = [f"line {n}" for n in range(1, 61)]


def finding(
    line: int,
    *,
    path: str = "app/views.py",
    category: Category = Category.SECURITY,
    severity: Severity = Severity.HIGH,
    rule_id: str = "B608",
    cwe: int | None = 89,
    end_line: int | None = None,
) -> Finding:
    return make_finding(
        rule_id=rule_id, category=category, severity=severity, confidence=Confidence.HIGH,
        path=path, line=line, end_line=end_line, title="t", message="m", source="test",
        source_lines=LINES, cwe=cwe,
    )


def expect(*spans: tuple[int, int], path: str = "app/views.py", category: str = "security", rule: str | None = None) -> Expectation:
    return Expectation(path=path, category=category, spans=tuple(spans), rule=rule)


def make_case(expects=(), also_ok=(), clean=False, scope=None) -> Case:
    return Case("c", Path("."), "d", tuple(expects), tuple(also_ok), clean, scope)


@pytest.mark.parametrize(("line", "matched"), [(10, True), (11, True), (12, True), (8, True), (13, False), (7, False)])
def test_a_finding_within_two_lines_matches(line: int, matched: bool) -> None:
    case = make_case([expect((10, 10))])
    result = score_case(case, [finding(line)], changed_lines=20)
    assert (result.matched == case.expects) is matched
    assert len(result.true_positives) == (1 if matched else 0)


def test_a_multi_line_finding_matches_by_overlap() -> None:
    case = make_case([expect((20, 20))])
    result = score_case(case, [finding(14, end_line=18)], changed_lines=20)
    assert result.matched == case.expects


def test_a_wrong_category_does_not_match() -> None:
    case = make_case([expect((10, 10))])
    wrong = finding(10, category=Category.PERFORMANCE, rule_id="PERF001", cwe=None)
    result = score_case(case, [wrong], changed_lines=20)
    assert result.missed == case.expects
    assert result.false_positives == (wrong,)


def test_a_wrong_path_does_not_match() -> None:
    case = make_case([expect((10, 10))])
    result = score_case(case, [finding(10, path="app/other.py")], changed_lines=20)
    assert result.missed == case.expects


def test_lines_range_and_any_of() -> None:
    ranged = make_case([expect((10, 14))])
    assert score_case(ranged, [finding(16)], 20).matched == ranged.expects
    assert score_case(ranged, [finding(17)], 20).missed == ranged.expects
    any_of = make_case([expect((5, 5), (30, 30))])
    assert score_case(any_of, [finding(31)], 20).matched == any_of.expects
    assert score_case(any_of, [finding(18)], 20).missed == any_of.expects


def test_rule_families_match_across_tools_and_reject_others() -> None:
    case = make_case([expect((10, 10), rule="sql-injection")])
    taint = finding(10, rule_id="SEC101", cwe=89)
    shell = finding(10, rule_id="B602", cwe=78)
    assert score_case(case, [taint], 20).matched == case.expects
    assert score_case(case, [shell], 20).missed == case.expects
    prefix = make_case([expect((10, 10), rule="B6")])
    assert score_case(prefix, [shell], 20).matched == prefix.expects


def test_family_table() -> None:
    assert family_of(finding(1, rule_id="B506", cwe=20)) == "deserialization"
    assert family_of(finding(1, rule_id="SEC103", cwe=22)) == "path-traversal"
    assert family_of(finding(1, rule_id="XYZ9", cwe=None)) == "XYZ"
    assert label_family("B608") == "sql-injection"
    assert label_family(None) == "(any)"


def test_a_medium_finding_on_a_clean_case_is_a_false_alarm() -> None:
    case = make_case(clean=True)
    result = score_case(case, [finding(3, severity=Severity.MEDIUM)], changed_lines=50)
    assert result.false_alarm
    assert len(result.noisy) == 1


def test_a_low_finding_on_a_clean_case_is_not_a_false_alarm() -> None:
    case = make_case(clean=True)
    result = score_case(case, [finding(3, severity=Severity.LOW)], changed_lines=50)
    assert not result.false_alarm
    assert result.false_positives == ()
    assert len(result.unexpected) == 1


def test_also_ok_findings_are_neither_true_nor_false_positives() -> None:
    case = make_case([expect((10, 10))], also_ok=[expect((30, 30))])
    tolerated = finding(30)
    result = score_case(case, [tolerated], changed_lines=20)
    assert result.true_positives == ()
    assert result.false_positives == ()
    assert result.tolerated == (tolerated,)
    assert result.missed == case.expects


def test_also_ok_on_a_clean_case_is_not_a_false_alarm() -> None:
    case = make_case(also_ok=[expect((30, 30))], clean=True)
    assert not score_case(case, [finding(30, severity=Severity.HIGH)], 20).false_alarm


def test_scope_ignores_findings_of_other_categories() -> None:
    case = make_case([expect((10, 10))], scope="security")
    perf = finding(40, category=Category.PERFORMANCE, severity=Severity.HIGH, rule_id="PERF001", cwe=None)
    result = score_case(case, [finding(10), perf], changed_lines=20)
    assert result.false_positives == ()
    assert result.true_positives == (finding(10),)
    clean = make_case(clean=True, scope="performance")
    assert not score_case(clean, [finding(5)], 20).false_alarm


def test_tally_counts_recall_precision_false_alarms_and_noise() -> None:
    hit = score_case(make_case([expect((10, 10)), expect((40, 40))]), [finding(10), finding(50)], changed_lines=100)
    alarm = score_case(make_case(clean=True), [finding(5, severity=Severity.MEDIUM)], changed_lines=100)
    quiet = score_case(make_case(clean=True), [], changed_lines=50)
    totals = tally([hit, alarm, quiet])
    assert (totals.overall.expected, totals.overall.found) == (2, 1)
    assert (totals.overall.true_findings, totals.overall.false_findings) == (1, 2)
    assert totals.overall.recall == 0.5
    assert totals.overall.precision == pytest.approx(1 / 3)
    assert (totals.clean, totals.false_alarms) == (2, 1)
    assert totals.noise_per_100_lines == pytest.approx(100 * 2 / 250)
    assert (totals.families["(security)"].expected, totals.families["(security)"].found) == (2, 1)
    assert (totals.families["sql-injection"].true_findings, totals.families["sql-injection"].false_findings) == (1, 2)


def test_case_loader_reads_every_form_and_ignores_unknown_keys(tmp_path: Path) -> None:
    (tmp_path / "change.diff").write_text("", encoding="utf-8")
    (tmp_path / "case.toml").write_text(
        'description = "d"\nscope = "security"\nauthor = "someone"\n'
        '[[expect]]\npath = "a.py"\nline = 3\ncategory = "security"\nrule = "B608"\nnote = "x"\n'
        '[[expect]]\npath = "a.py"\nlines = [9, 7]\ncategory = "security"\n'
        '[[also_ok]]\npath = "b.py"\nany_of = [1, 4]\ncategory = "performance"\n',
        encoding="utf-8",
    )
    case = load_case(tmp_path)
    assert [e.spans for e in case.expects] == [((3, 3),), ((7, 9),)]
    assert case.expects[0].rule == "B608"
    assert case.also_ok[0].spans == ((1, 1), (4, 4))
    assert case.scope == "security"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('[[expect]]\npath = "a.py"\ncategory = "security"\n', "needs line, lines or any_of"),
        ('[[expect]]\npath = "a.py"\nline = 1\ncategory = "speed"\n', "unknown category"),
        ('clean = true\n[[expect]]\npath = "a.py"\nline = 1\ncategory = "security"\n', "clean case cannot"),
        ("description = \n", "cannot read"),
    ],
)
def test_case_loader_rejects_bad_cases_with_a_message(tmp_path: Path, body: str, problem: str) -> None:
    (tmp_path / "change.diff").write_text("", encoding="utf-8")
    (tmp_path / "case.toml").write_text(body, encoding="utf-8")
    with pytest.raises(CaseError, match=problem):
        load_case(tmp_path)


def test_end_to_end_on_real_corpus_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    names = ["deser-flask-yaml-import", "cmdi-django-command-os-system", "clean-yaml-safe-load"]
    out = tmp_path / "q.json"
    assert main([str(DEFAULT_CASES / n) for n in names] + ["--json", str(out)]) == 0
    results = {r["name"]: r for r in json.loads(out.read_text())["results"]}
    assert results["deser-flask-yaml-import"]["matched"] == ["app/importer.py:16 security deserialization"]
    assert results["deser-flask-yaml-import"]["missed"] == []
    assert results["cmdi-django-command-os-system"]["matched"] == [
        "orders/management/commands/backup_db.py:17 security command-injection"
    ]
    assert results["cmdi-django-command-os-system"]["missed"] == []
    assert results["clean-yaml-safe-load"]["false_positives"] == []
    assert results["clean-yaml-safe-load"]["false_alarm"] is False
    report = capsys.readouterr().out
    assert "- cases: 3 (1 clean) · labelled problems: 2" in report
    assert "- recall: 100% (2/2)" in report


def test_a_broken_case_is_reported_and_exits_nonzero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "case.toml").write_text('description = "no diff"\n', encoding="utf-8")
    assert main([str(tmp_path)]) == 1
    assert "no change.diff" in capsys.readouterr().err


def test_disable_measures_one_analyzer_alone(tmp_path: Path) -> None:
    import json

    case = str(DEFAULT_CASES / "deser-flask-yaml-import")
    out = tmp_path / "q.json"
    assert main([case, "--disable", "SEC,PERF,DB", "--json", str(out)]) == 0
    assert json.loads(out.read_text())["results"][0]["matched"] == ["app/importer.py:16 security deserialization"]
    assert main([case, "--disable", "B,SEC", "--json", str(out)]) == 0
    assert [m["label"] for m in json.loads(out.read_text())["results"][0]["missed"]] == ["app/importer.py:16 security deserialization"]
