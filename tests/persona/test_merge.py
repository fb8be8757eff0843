"""Model findings enrich deterministic ones and can never remove or lower them."""

from __future__ import annotations

from typing import Any

from reviewer.findings import Category, Confidence, Finding, Severity, make_finding
from reviewer.persona.merge import merge_answer
from reviewer.persona.validate import ModelFinding

LINES = ["import os", "def f(q):", "    cur.execute(q)", "    requests.get(u)", "    return 1"]


def _det(rule: str, line: int, severity: Severity, category: Category = Category.SECURITY) -> Finding:
    return make_finding(
        rule_id=rule, category=category, severity=severity, confidence=Confidence.HIGH, path="a.py", line=line,
        title=f"{rule} title", message=f"{rule} message", source="bandit", source_lines=LINES,
    )


def _model(line: int, **changes: Any) -> ModelFinding:
    values: dict[str, Any] = dict(
        path="a.py", line=line, end_line=line, severity=Severity.MEDIUM, category=Category.SECURITY,
        confidence=Confidence.MEDIUM, title="Model title", body="Model body.", suggestion=None, refers_to=None,
    )
    values.update(changes)
    return ModelFinding(**values)


def test_refers_to_enriches_without_lowering_or_moving() -> None:
    sql = _det("B608", 3, Severity.HIGH)
    merged = merge_answer([sql], [_model(5, refers_to=sql.fingerprint, severity=Severity.INFO, suggestion="x")], {}, False)
    assert len(merged) == 1
    got = merged[0]
    assert (got.rule_id, got.line, got.severity, got.source, got.fingerprint) == ("B608", 3, Severity.HIGH, "bandit", sql.fingerprint)
    assert got.message == "B608 message\n\n**Backend review (AI):** Model body."
    assert got.suggestion is None  # a model-written one-click fix never rides on a rule's name


def test_a_higher_model_severity_gates_only_with_gate_llm() -> None:
    sql = _det("B608", 3, Severity.MEDIUM)
    answer = [_model(3, refers_to=sql.fingerprint, severity=Severity.CRITICAL)]
    kept = merge_answer([sql], answer, {}, False)[0]
    raised = merge_answer([sql], answer, {}, True)[0]
    assert kept.severity is Severity.MEDIUM
    assert kept.message.endswith("_The AI review rates this critical; the gate uses the rule's medium._")
    assert raised.severity is Severity.CRITICAL


def test_overlapping_same_category_merges_and_other_findings_are_llm() -> None:
    sql = _det("B608", 3, Severity.HIGH)
    answer = [
        _model(3, title="dup of B608"),
        _model(4, category=Category.RELIABILITY, title="No timeout", severity=Severity.HIGH),
        _model(4, category=Category.RELIABILITY, title="No timeout again", severity=Severity.LOW),
    ]
    merged = merge_answer([sql], answer, {}, False)
    assert [(f.rule_id, f.line, f.severity, f.source, f.title) for f in merged] == [
        ("B608", 3, Severity.HIGH, "bandit", "B608 title"),
        ("LLM-reliability", 4, Severity.HIGH, "llm", "No timeout"),
    ]
    assert "dup of B608" not in merged[0].message and "Model body." in merged[0].message


def test_an_unknown_or_foreign_fingerprint_does_not_enrich() -> None:
    sql = _det("B608", 3, Severity.HIGH)
    merged = merge_answer([sql], [_model(5, refers_to="0000", category=Category.PERFORMANCE)], {}, False)
    assert [(f.rule_id, f.source) for f in merged] == [("B608", "bandit"), ("LLM-performance", "llm")]
    assert merged[0].message == "B608 message"
