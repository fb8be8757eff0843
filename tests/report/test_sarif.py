from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from reviewer import __version__
from reviewer.analyzers import all_rules
from reviewer.analyzers.base import Rule
from reviewer.findings import Category, Severity, Skipped
from reviewer.report import sarif
from reviewer.review import Review

SCHEMA = Path(__file__).resolve().parents[2] / ".." / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    if not SCHEMA.is_file():
        pytest.skip(f"official SARIF schema not found at {SCHEMA} (needs the ../shared checkout)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _log(review: Review, rules: dict[str, Rule] | None = None) -> dict[str, Any]:
    return json.loads(sarif.render(review, rules=rules))


def _errors(validator: jsonschema.Draft4Validator, log: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def test_sample_is_valid_against_the_official_schema(validator, sample_review, registry) -> None:
    assert _errors(validator, _log(sample_review, registry)) == []


def test_empty_and_clean_reviews_are_valid(validator, empty_review, clean_review) -> None:
    for review in (empty_review, clean_review):
        log = _log(review, {})
        assert _errors(validator, log) == []
        assert log["runs"][0]["results"] == []


def test_with_the_real_rule_registry(validator, build_finding, build_review) -> None:
    rule = all_rules()["B602"]
    log = _log(build_review([build_finding("app/views.py", 10, "B602", end_line=12)]))
    assert _errors(validator, log) == []
    descriptor = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert descriptor["shortDescription"] == {"text": rule.title}
    assert descriptor["help"] == {"text": rule.doc, "markdown": rule.doc}


def test_one_run_with_the_reviewer_driver(sample_review, registry) -> None:
    log = _log(sample_review, registry)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("reviewer", __version__)
    assert driver["informationUri"].startswith("https://")


def test_results_follow_the_review_order_with_levels_and_locations(sample_review, registry) -> None:
    run = _log(sample_review, registry)["runs"][0]
    summary = [
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
         r["locations"][0]["physicalLocation"]["region"]["endLine"])
        for r in run["results"]
    ]
    assert summary == [
        ("B608", "error", 2, 2),
        ("B602", "error", 10, 12),
        ("B506", "error", 16, 16),
        ("B501", "warning", 20, 20),
        ("LLM001", "note", 7, 7),
        ("B101", "note", 24, 24),
    ]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rule_ids == ["B608", "B602", "B506", "B501", "LLM001", "B101"]
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]


def test_result_details(sample_review, registry) -> None:
    result = _log(sample_review, registry)["runs"][0]["results"][1]
    first = sample_review.findings[1]
    assert result["locations"] == [{
        "physicalLocation": {
            "artifactLocation": {"uri": "app/views.py", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 10, "endLine": 12, "snippet": {"text": first.snippet}},
        }
    }]
    assert result["partialFingerprints"] == {"reviewer/v1": first.fingerprint}
    assert result["message"]["text"] == (
        first.message + '\n\nSuggested change:\n    subprocess.run(["convert", name, "out.png"], check=True)'
    )
    assert result["properties"] == {"severity": "high", "confidence": "high", "category": "security", "source": "bandit"}
    assert result["fixes"][0]["artifactChanges"][0]["replacements"] == [{
        "deletedRegion": {"startLine": 10, "endLine": 12},
        "insertedContent": {"text": '    subprocess.run(["convert", name, "out.png"], check=True)'},
    }]
    b501 = _log(sample_review, registry)["runs"][0]["results"][3]
    assert "fixes" not in b501


def test_rules_carry_docs_tags_precision_and_security_severity(sample_review, registry) -> None:
    rules = {r["id"]: r for r in _log(sample_review, registry)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["B602"] == {
        "id": "B602",
        "name": "SubprocessStartedThroughAShell",
        "shortDescription": {"text": "subprocess started through a shell"},
        "fullDescription": {"text": "Shell injection through subprocess with shell=True."},
        "help": {
            "text": "Shell injection through subprocess with shell=True.\n\nPass an argument list instead.",
            "markdown": "Shell injection through subprocess with shell=True.\n\nPass an argument list instead.",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["security", "external/cwe/cwe-78"], "precision": "high", "security-severity": "8.0"},
    }
    assert rules["B608"]["properties"]["security-severity"] == "9.5"
    assert rules["B501"]["properties"] == {
        "tags": ["security", "external/cwe/cwe-295"], "precision": "high", "security-severity": "5.5",
    }
    assert rules["B101"]["properties"]["security-severity"] == "1.0"
    assert rules["B101"]["properties"]["precision"] == "low"


def test_unregistered_rules_fall_back_to_the_finding_and_non_security_has_no_security_severity(
    sample_review, registry
) -> None:
    rules = {r["id"]: r for r in _log(sample_review, registry)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["LLM001"]["shortDescription"] == {"text": "N+1 query on order.customer"}
    assert rules["LLM001"]["help"]["text"] == "N+1 query on order.customer. Reported by llm."
    assert rules["LLM001"]["properties"] == {"tags": ["performance"], "precision": "medium"}
    assert rules["LLM001"]["defaultConfiguration"] == {"level": "note"}


def test_a_rule_takes_the_worst_severity_it_has_in_the_run(validator, build_finding, build_review) -> None:
    findings = [
        build_finding("app/views.py", 16, "B105", severity=Severity.LOW),
        build_finding("app/views.py", 20, "B105", severity=Severity.MEDIUM),
    ]
    log = _log(build_review(findings), {})
    rule = log["runs"][0]["tool"]["driver"]["rules"]
    assert len(rule) == 1
    assert rule[0]["properties"]["security-severity"] == "5.5"
    assert [r["level"] for r in log["runs"][0]["results"]] == ["warning", "note"]
    assert _errors(validator, log) == []


def test_odd_paths_become_relative_percent_encoded_uris(validator, build_finding, build_review) -> None:
    finding = replace(build_finding("app/db.py", 2, "B608"), path="src/my app/résumé #1.py")
    log = _log(build_review([finding], skipped=(Skipped("docs/a b.png", "binary file"),)), {})
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "src/my%20app/r%C3%A9sum%C3%A9%20%231.py", "uriBaseId": "%SRCROOT%"}
    assert _errors(validator, log) == []


def test_skipped_files_and_notes_become_tool_notifications(sample_review, registry) -> None:
    notifications = _log(sample_review, registry)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notifications[1] == {
        "level": "warning",
        "message": {"text": "Not analysed: static/logo.png: binary file"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "static/logo.png", "uriBaseId": "%SRCROOT%"}}}],
    }
    assert notifications[2] == {"level": "note", "message": {"text": "AI review covered 1 of 2 files: token budget reached"}}


def test_results_are_capped_at_the_code_scanning_limit(monkeypatch, validator, build_finding, build_review) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    findings = [build_finding("app/views.py", line, f"B{line:03d}", category=Category.SECURITY) for line in range(1, 6)]
    log = _log(build_review(findings), {})
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["B001", "B002", "B003"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["B001", "B002", "B003"]
    assert run["invocations"][0]["toolExecutionNotifications"][-1]["message"]["text"] == (
        "2 lower-ranked findings left out: code scanning accepts 3 results per run"
    )
    assert _errors(validator, log) == []


def test_a_line_zero_finding_is_anchored_to_line_one(validator, build_finding, build_review) -> None:
    finding = replace(build_finding("app/db.py", 1, "LLM002"), line=0, end_line=0)
    log = _log(build_review([finding]), {})
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"]) == (1, 1)
    assert _errors(validator, log) == []


def test_the_schema_check_is_not_vacuous(validator, sample_review, registry) -> None:
    log = _log(sample_review, registry)
    log["runs"][0]["results"][0]["level"] = "fatal"
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(_errors(validator, log)) == 2
