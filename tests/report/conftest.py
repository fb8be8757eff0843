"""A small, realistic ranked Review for the reporter tests.

The findings are built with `make_finding` from real source text, exactly as analyzers build
them, so snippets and fingerprints are the real ones; the Review is ranked the way the pipeline
ranks it (`Finding.sort_key`), because reporters must render the order they are given.
"""

from __future__ import annotations

from typing import Any

import pytest

from reviewer.analyzers.base import Rule
from reviewer.findings import Category, Confidence, Finding, Severity, Skipped, make_finding
from reviewer.review import LlmUsage, Review

VIEWS = '''\
import pickle
import subprocess

import requests
import yaml


def convert(request):
    name = request.GET["name"]
    subprocess.run(
        f"convert {name} out.png", shell=True
    )


def load_settings(body):
    return yaml.load(body)


def fetch(url):
    return requests.get(url, verify=False)


def restore(blob):
    assert blob, "empty blob"
    return pickle.loads(blob)
'''

DB = '''\
def find_user(cursor, name):
    cursor.execute(f"SELECT * FROM users WHERE name = '{name}'")
    return cursor.fetchone()


def order_totals(orders):
    return [order.customer.name for order in orders]
'''

SOURCES = {"app/views.py": VIEWS.splitlines(), "app/db.py": DB.splitlines()}


def finding(path: str, line: int, rule_id: str, **fields: Any) -> Finding:
    """A finding on a real line of one of the sample files."""
    values: dict[str, Any] = {
        "category": Category.SECURITY,
        "severity": Severity.HIGH,
        "confidence": Confidence.HIGH,
        "title": f"{rule_id} title",
        "message": f"{rule_id} message",
        "source": "bandit",
    }
    values.update(fields)
    return make_finding(rule_id=rule_id, path=path, line=line, source_lines=SOURCES[path], **values)


def sample_findings() -> list[Finding]:
    return [
        finding(
            "app/views.py", 10, "B602", end_line=12, cwe=78,
            title="subprocess call with shell=True",
            message=(
                "`name` comes from the request and reaches a shell: `; rm -rf /` in it runs as the\n"
                "service user. Pass an argument list and drop `shell=True`:\n\n"
                '    subprocess.run(["convert", name, "out.png"], check=True)'
            ),
            suggestion='    subprocess.run(["convert", name, "out.png"], check=True)',
        ),
        finding(
            "app/db.py", 2, "B608", severity=Severity.CRITICAL, cwe=89,
            title="SQL query built from a string",
            message=(
                "The f-string puts `name` into the SQL text (SQL injection).\n"
                "Use a query parameter:\n\n"
                '    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))'
            ),
            suggestion='    cursor.execute("SELECT * FROM users WHERE name = %s", (name,))',
        ),
        finding(
            "app/views.py", 16, "B506", confidence=Confidence.MEDIUM, cwe=20,
            title="yaml.load on untrusted input",
            message="`yaml.load` can build arbitrary objects. Use `yaml.safe_load(body)`.",
            suggestion="    return yaml.safe_load(body)",
        ),
        finding(
            "app/views.py", 20, "B501", severity=Severity.MEDIUM, cwe=295,
            title="TLS certificate verification disabled",
            message="`verify=False` accepts any certificate. Drop it: `requests.get(url, timeout=10)`.",
        ),
        finding(
            "app/db.py", 7, "LLM001", category=Category.PERFORMANCE, severity=Severity.LOW,
            confidence=Confidence.MEDIUM, source="llm",
            title="N+1 query on order.customer",
            message="Each `order.customer` is a query. Use `select_related(\"customer\")`.",
        ),
        finding(
            "app/views.py", 24, "B101", severity=Severity.INFO, confidence=Confidence.LOW, cwe=703,
            title="assert used for validation",
            message="`assert` is removed under `python -O`. Raise `ValueError` instead.",
        ),
    ]


def make_review(findings: list[Finding], **fields: Any) -> Review:
    """A Review ranked the way the pipeline ranks it."""
    values: dict[str, Any] = {"files_changed": 4, "files_analyzed": 2}
    values.update(fields)
    return Review(findings=tuple(sorted(findings, key=Finding.sort_key)), **values)


SKIPPED = (
    Skipped("legacy/report.py", "Python syntax error at line 3: Missing parentheses in call to 'print'"),
    Skipped("static/logo.png", "binary file"),
)


@pytest.fixture
def sample_review() -> Review:
    return make_review(
        sample_findings(),
        skipped=SKIPPED,
        elapsed_s=1.23456,
        llm=LlmUsage(calls=2, input_tokens=12000, output_tokens=900, cache_read_tokens=8000, cost_usd=0.0512),
        llm_summary="Two injection paths reach user input; fix those before merging.",
        notes=("AI review covered 1 of 2 files: token budget reached",),
        not_reviewed_by_model=("app/views.py",),
    )


@pytest.fixture
def clean_review() -> Review:
    """Files were analysed and nothing was found, but one file could not be read."""
    return Review(findings=(), files_changed=3, files_analyzed=2, skipped=(SKIPPED[1],))


@pytest.fixture
def empty_review() -> Review:
    """An empty diff: nothing to review."""
    return Review(findings=(), files_changed=0, files_analyzed=0)


@pytest.fixture
def registry() -> dict[str, Rule]:
    """Documented rules for the SARIF tests (the LLM rule is deliberately not registered)."""
    return {
        "B602": Rule(
            "B602", "subprocess started through a shell", Category.SECURITY, Severity.HIGH,
            "Shell injection through subprocess with shell=True.\n\nPass an argument list instead.", cwe=78,
        ),
        "B608": Rule(
            "B608", "SQL built from strings", Category.SECURITY, Severity.MEDIUM,
            "SQL built by string formatting.\n\nUse bound parameters.", cwe=89,
        ),
    }


@pytest.fixture
def build_finding() -> Any:
    """`finding(path, line, rule_id, **fields)` for tests that need their own findings."""
    return finding


@pytest.fixture
def build_review() -> Any:
    """`make_review(findings, **fields)`: a Review ranked as the pipeline ranks it."""
    return make_review
