"""Golden tests for insecure settings, token handling and password crypto."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reviewer.analyzers import settings
from reviewer.analyzers.base import AnalysisContext
from reviewer.findings import Finding, Severity
from tests.analyzers.golden import changed, expected, keys

FIXTURES = Path(__file__).parent.parent / "fixtures" / "security" / "settings"


def run(path: str, head: str, base: str = "") -> list[Finding]:
    return [f for f in settings.analyze(AnalysisContext(files=(changed(path, base, head),))) if isinstance(f, Finding)]


@pytest.mark.parametrize(("fixture", "path"), [("settings_prod.py", "config/settings.py"), ("auth.py", "accounts/auth.py")])
def test_golden_fixture(fixture: str, path: str) -> None:
    text = (FIXTURES / fixture).read_text()
    assert keys(run(path, text)) == expected(text, path)


@pytest.mark.parametrize("path", ["config/settings_dev.py", "config/settings/local.py", "tests/settings.py"])
def test_development_and_test_settings_are_exempt(path: str) -> None:
    assert run(path, (FIXTURES / "settings_dev.py").read_text()) == []


def test_literal_secret_key_never_appears_in_the_finding() -> None:
    text = (FIXTURES / "settings_prod.py").read_text()
    literal = "django-insecure-4f8$k2!v9q@x7m1p3z6w0r5t8y2u4i6o"
    [finding] = [f for f in run("config/settings.py", text) if f.line == 3]
    assert all(literal not in str(value) for value in dataclasses.asdict(finding).values())
    assert "`djan…`" in finding.message
    assert finding.suggestion == 'SECRET_KEY = os.environ["SECRET_KEY"]'


def test_removed_csrf_middleware_is_reported_where_it_was() -> None:
    head = (FIXTURES / "settings_prod.py").read_text()
    base = head.replace(
        '    "django.contrib.sessions.middleware.SessionMiddleware",\n',
        '    "django.contrib.sessions.middleware.SessionMiddleware",\n    "django.middleware.csrf.CsrfViewMiddleware",\n',
    )
    found = {(f.rule_id, f.line, f.severity) for f in run("config/settings.py", head, base)}
    assert ("SEC304", 10, Severity.MEDIUM) in found


def test_mechanical_suggestions() -> None:
    text = (FIXTURES / "settings_prod.py").read_text()
    by_line = {f.line: f.suggestion for f in run("config/settings.py", text)}
    assert by_line[4] == 'DEBUG = os.environ.get("DJANGO_DEBUG") == "1"'
    assert by_line[12] == "SESSION_COOKIE_SECURE = True  # expect: SEC305 medium"
    auth = {f.line: f.suggestion for f in run("accounts/auth.py", (FIXTURES / "auth.py").read_text())}
    assert auth[34] == '    if not hmac.compare_digest(request.headers["X-Signature"], expected):  # expect: SEC309 medium'


def test_rules_carry_cwe_and_docs() -> None:
    assert {r.id: r.cwe for r in settings.RULES} == {
        "SEC301": 489, "SEC302": 183, "SEC303": 798, "SEC304": 352, "SEC305": 614,
        "SEC306": 942, "SEC307": 347, "SEC308": 916, "SEC309": 208,
    }


def _sec304_lines(text: str) -> list[tuple[str, int]]:
    from reviewer.analyzers.base import SourceFile
    from reviewer.analyzers.settings import check
    from reviewer.diff import parse_diff

    body = "".join("+" + line + "\n" for line in text.splitlines())
    diff = parse_diff(f"--- /dev/null\n+++ b/app/views.py\n@@ -0,0 +1,{len(text.splitlines())} @@\n{body}")
    return [(f.rule_id, f.line) for f in check(SourceFile("app/views.py", text, diff.files[0]))]


def test_csrf_exempt_webhook_that_checks_its_signature_is_not_reported() -> None:
    signed = (
        "import hmac\nfrom django.views.decorators.csrf import csrf_exempt\n\n\n@csrf_exempt\n"
        "def carrier_hook(request):\n    digest = hmac.new(KEY, request.body, 'sha256').hexdigest()\n"
        "    if not hmac.compare_digest(digest, request.headers['X-Signature']):\n        return HttpResponseForbidden()\n"
    )
    unsigned = "from django.views.decorators.csrf import csrf_exempt\n\n\n@csrf_exempt\ndef update_profile(request):\n    save(request.POST)\n"
    assert _sec304_lines(signed) == []
    assert _sec304_lines(unsigned) == [("SEC304", 4)]
