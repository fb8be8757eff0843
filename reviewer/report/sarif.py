"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

One run, one result per finding in review order, and one rule entry per rule that appears,
documented from the rule's own docstring. GitHub ranks alerts by the rule's `security-severity`
and `precision`, which describe a rule in general while our severity belongs to a finding (a
per-rule override or bandit's confidence can move it), so a rule carries the highest severity and
confidence it has in this run: the alert list then shows the worst case a reader must look at.
Paths stay repository-relative under `%SRCROOT%`; `partialFingerprints` lets code scanning track
an alert across pushes just as our inline comments do. Skipped files become tool notifications.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from reviewer import __version__
from reviewer.analyzers import all_rules
from reviewer.analyzers.base import Rule
from reviewer.findings import Category, Finding, Severity
from reviewer.review import Review

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/reviewer-dev/reviewer"
FINGERPRINT_KEY = "reviewer/v1"
MAX_RESULTS = 25_000
MAX_TAGS = 10

LEVELS: dict[Severity, str] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
SECURITY_SEVERITY: dict[Severity, str] = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


def render(review: Review, *, rules: Mapping[str, Rule] | None = None) -> str:
    """The review as a SARIF log; `rules` defaults to every registered analyzer rule."""
    known = all_rules() if rules is None else rules
    findings = review.findings[:MAX_RESULTS]
    rule_ids = list(dict.fromkeys(f.rule_id for f in findings))
    driver = {
        "name": "reviewer",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(rid, [f for f in findings if f.rule_id == rid], known.get(rid)) for rid in rule_ids],
    }
    run = {
        "tool": {"driver": driver},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": _notifications(review)}],
        "results": [_result(f, rule_ids.index(f.rule_id)) for f in findings],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule_id: str, findings: list[Finding], rule: Rule | None) -> dict[str, Any]:
    """A reportingDescriptor: the registry's documentation, the run's worst severity."""
    first = findings[0]
    title = rule.title if rule else first.title
    doc = (rule.doc if rule else "") or f"{title}. Reported by {first.source}."
    worst = max(findings, key=lambda f: f.severity.rank).severity
    confidence = max(findings, key=lambda f: f.confidence.rank).confidence
    category = rule.category if rule else first.category
    properties: dict[str, Any] = {"tags": _tags(category, rule, findings), "precision": confidence.value}
    if category is Category.SECURITY:
        properties["security-severity"] = SECURITY_SEVERITY[worst]
    return {
        "id": rule_id,
        "name": _pascal(title) or rule_id,
        "shortDescription": {"text": title},
        "fullDescription": {"text": doc.split("\n\n", 1)[0].strip()},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": LEVELS[worst]},
        "properties": properties,
    }


def _tags(category: Category, rule: Rule | None, findings: list[Finding]) -> list[str]:
    cwes = sorted({f.cwe for f in findings if f.cwe is not None} | ({rule.cwe} if rule and rule.cwe else set()))
    tags = [category.value] + [f"external/cwe/cwe-{cwe}" for cwe in cwes]
    return tags[:MAX_TAGS]


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    start = max(finding.line, 1)
    region: dict[str, Any] = {"startLine": start, "endLine": max(finding.end_line, start)}
    if finding.snippet:
        region["snippet"] = {"text": finding.snippet}
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(finding.path), "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "severity": finding.severity.value,
            "confidence": finding.confidence.value,
            "category": finding.category.value,
            "source": finding.source,
        },
    }
    if finding.suggestion:
        result["fixes"] = [_fix(finding, region)]
    return result


def _message(finding: Finding) -> str:
    text = finding.message.strip() or finding.title
    return f"{text}\n\nSuggested change:\n{finding.suggestion}" if finding.suggestion else text


def _fix(finding: Finding, region: dict[str, Any]) -> dict[str, Any]:
    """Replace the flagged lines (whole lines, their final newline kept) with the suggestion."""
    deleted = {"startLine": region["startLine"], "endLine": region["endLine"]}
    change = {
        "artifactLocation": _artifact(finding.path),
        "replacements": [{"deletedRegion": deleted, "insertedContent": {"text": finding.suggestion}}],
    }
    return {"description": {"text": f"Apply the suggested change for {finding.rule_id}"}, "artifactChanges": [change]}


def _notifications(review: Review) -> list[dict[str, Any]]:
    """Files not analysed, notes, and results left out: visible on the tool's status page."""
    items = [
        {
            "level": "warning",
            "message": {"text": f"Not analysed: {item.path}: {item.reason}"},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(item.path)}}],
        }
        for item in review.skipped
    ]
    items += [{"level": "note", "message": {"text": note}} for note in review.notes]
    left_out = len(review.findings) - MAX_RESULTS
    if left_out > 0:
        text = f"{left_out} lower-ranked findings left out: code scanning accepts {MAX_RESULTS:,} results per run"
        items.append({"level": "warning", "message": {"text": text}})
    return items


def _artifact(path: str) -> dict[str, str]:
    return {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"}


def _pascal(title: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))
