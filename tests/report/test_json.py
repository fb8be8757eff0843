from __future__ import annotations

import json
from dataclasses import replace

from reviewer.findings import Finding
from reviewer.report import json as json_report
from reviewer.report import markdown
from reviewer.review import LlmUsage, Review

# The contract, copied from DESIGN.md on purpose: the test must fail if the code drifts from it.
CONTRACT_FIELDS = [
    "rule_id", "category", "severity", "confidence", "path", "line", "end_line",
    "title", "message", "suggestion", "source", "cwe", "fingerprint",
]


def test_top_level_shape(sample_review: Review) -> None:
    document = json.loads(json_report.render(sample_review))
    assert list(document) == ["version", "findings", "summary", "stats"]
    assert document["version"] == 1


def test_first_finding_field_by_field(sample_review: Review) -> None:
    first = json.loads(json_report.render(sample_review))["findings"][0]
    assert first == {
        "rule_id": "B608",
        "category": "security",
        "severity": "critical",
        "confidence": "high",
        "path": "app/db.py",
        "line": 2,
        "end_line": 2,
        "title": "SQL query built from a string",
        "message": (
            "The f-string puts `name` into the SQL text (SQL injection).\n"
            "Use a query parameter:\n\n"
            '    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))'
        ),
        "suggestion": '    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))',
        "source": "bandit",
        "cwe": 89,
        "fingerprint": sample_review.findings[0].fingerprint,
    }
    assert len(first["fingerprint"]) == 16


def test_every_finding_has_exactly_the_contract_fields_in_order(sample_review: Review) -> None:
    findings = json.loads(json_report.render(sample_review))["findings"]
    assert [f["rule_id"] for f in findings] == ["B608", "B602", "B506", "B501", "LLM001", "B101"]
    for record, finding in zip(findings, sample_review.findings):
        assert list(record) == CONTRACT_FIELDS
        assert "snippet" not in record
        assert record == _expected(finding)


def _expected(finding: Finding) -> dict[str, object]:
    return {
        "rule_id": finding.rule_id,
        "category": finding.category.value,
        "severity": finding.severity.value,
        "confidence": finding.confidence.value,
        "path": finding.path,
        "line": finding.line,
        "end_line": finding.end_line,
        "title": finding.title,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "source": finding.source,
        "cwe": finding.cwe,
        "fingerprint": finding.fingerprint,
    }


def test_optional_fields_are_null(sample_review: Review) -> None:
    llm = json.loads(json_report.render(sample_review))["findings"][4]
    assert (llm["rule_id"], llm["suggestion"], llm["cwe"], llm["source"]) == ("LLM001", None, None, "llm")


def test_summary_is_the_markdown_report(sample_review: Review) -> None:
    assert json.loads(json_report.render(sample_review))["summary"] == markdown.render(sample_review)


def test_stats(sample_review: Review) -> None:
    stats = json.loads(json_report.render(sample_review))["stats"]
    assert stats == {
        "files_changed": 4,
        "files_analyzed": 2,
        "files_skipped": [
            {"path": "legacy/report.py", "reason": "Python syntax error at line 3: Missing parentheses in call to 'print'"},
            {"path": "static/logo.png", "reason": "binary file"},
        ],
        "findings_by_severity": {"critical": 1, "high": 2, "medium": 1, "low": 1, "info": 1},
        "llm": {"calls": 2, "input_tokens": 12000, "output_tokens": 900, "cache_read_tokens": 8000, "cost_usd": 0.0512,
                "not_reviewed": ["app/views.py"]},
        "notes": ["AI review covered 1 of 2 files: token budget reached"],
        "elapsed_s": 1.235,
    }


def test_empty_review(empty_review: Review) -> None:
    document = json.loads(json_report.render(empty_review))
    assert document["findings"] == []
    assert document["stats"]["files_skipped"] == []
    assert document["stats"]["findings_by_severity"] == {"critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0}
    assert document["stats"]["llm"] == {
        "calls": 0, "input_tokens": 0, "output_tokens": 0, "cache_read_tokens": 0, "cost_usd": 0.0, "not_reviewed": [],
    }
    assert document["stats"]["notes"] == []


def test_output_is_deterministic_indented_and_free_of_machine_specifics(sample_review: Review) -> None:
    first = json_report.render(sample_review)
    again = json_report.render(replace(sample_review, llm=LlmUsage(**vars(sample_review.llm))))
    assert first == again
    assert first.startswith('{\n  "version": 1,\n  "findings": [\n    {\n      "rule_id": "B608",')
    assert first.endswith("}\n")
    assert "/work/" not in first and "/tmp/" not in first


def test_non_ascii_is_kept_readable(build_finding, build_review) -> None:
    finding = build_finding("app/db.py", 2, "B608", title="requête SQL concaténée")
    output = json_report.render(build_review([finding]))
    assert '"title": "requête SQL concaténée"' in output
