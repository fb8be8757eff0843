"""Golden tests for escaping switched off in templates and template engines."""

from __future__ import annotations

import time
from pathlib import Path

from reviewer.analyzers import templates
from reviewer.analyzers.base import AnalysisContext
from reviewer.findings import Finding, Severity
from tests.analyzers.golden import changed, keys

FIXTURES = Path(__file__).parent.parent / "fixtures" / "security" / "templates"
H, M = Severity.HIGH, Severity.MEDIUM


def run(path: str, text: str) -> list[Finding]:
    return [f for f in templates.analyze(AnalysisContext(files=(changed(path, "", text),))) if isinstance(f, Finding)]


def test_django_template() -> None:
    assert keys(run("web/templates/page.html", (FIXTURES / "page.html").read_text())) == {
        ("SEC501", "web/templates/page.html", 4, M),  # |safe on a model field
        ("SEC501", "web/templates/page.html", 5, H),  # |safe on request.GET
        ("SEC502", "web/templates/page.html", 6, M),
    }  # `|escape` and a variable merely named safe_value stay silent


def test_jinja_template_and_suggestion() -> None:
    findings = run("mail/welcome.j2", (FIXTURES / "mail.j2").read_text())
    assert keys(findings) == {("SEC501", "mail/welcome.j2", 2, H), ("SEC502", "mail/welcome.j2", 3, M)}
    request_safe = next(f for f in findings if f.line == 2)
    assert request_safe.suggestion == '{{ request.args.get("msg") }}'


def test_engines_configured_without_autoescape() -> None:
    findings = run("web/app.py", (FIXTURES / "engines.py").read_text())
    assert keys(findings) == {
        ("SEC503", "web/app.py", 5, H),
        ("SEC503", "web/app.py", 7, H),
        ("SEC503", "web/app.py", 12, H),
    }
    assert {f.line: f.suggestion for f in findings}[7] == "app.jinja_env.autoescape = True"
    assert all(f.cwe == 79 for f in findings)


def test_plain_text_without_template_syntax_is_ignored() -> None:
    assert run("requirements.txt", "django==5.0\nsafe-lib|safe\n") == []


def test_expressions_match_the_lazy_regex_they_replace() -> None:
    assert list(templates.expressions("a {{ x|safe }} b {{y}} {{{z}}} {{ open")) == [" x|safe ", "y", "{z"]
    assert list(templates.expressions("{{}}")) == [""]


def test_unclosed_expressions_on_a_huge_line_are_linear() -> None:
    """`\\{\\{(.*?)\\}\\}` retried from every `{{`: 40,000 chars took 17 s, 400,000 would hang."""
    started = time.perf_counter()
    text = "{{" * 200_000 + "\n{{ request.GET.q|safe }}\n"
    assert [(f.rule_id, f.line, f.severity) for f in run("templates/huge.html", text)] == [("SEC501", 2, H)]
    assert time.perf_counter() - started < 1.0
