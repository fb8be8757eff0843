"""Secrets on added lines: detected with detect-secrets' plugins, always shown masked."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from reviewer.analyzers import secrets
from reviewer.analyzers.base import AnalysisContext
from reviewer.findings import Finding, Severity
from tests.analyzers.golden import changed, keys

FIXTURES = Path(__file__).parent.parent / "fixtures" / "security" / "secrets"
H, M = Severity.HIGH, Severity.MEDIUM
RAW = [
    "AKIAZ3MSJV4WUQ2K7XNB", "q8Zr!fT2vL9x@Wm4", "S3cr3tPassw0rd", "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R",
    "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "c4rr13r_9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc",
]


def run(path: str, head: str, base: str = "") -> list[Finding]:
    return [f for f in secrets.analyze(AnalysisContext(files=(changed(path, base, head),))) if isinstance(f, Finding)]


def test_added_file_secrets_by_format_and_by_keyword() -> None:
    text = (FIXTURES / "config.py").read_text()
    assert keys(run("app/config.py", text)) == {
        ("SEC401", "app/config.py", 3, H),  # AWS access key
        ("SEC402", "app/config.py", 5, M),  # random literal in a password variable
        ("SEC401", "app/config.py", 6, H),  # password inside a connection string
        ("SEC401", "app/config.py", 9, H),  # GitHub token
        ("SEC402", "app/config.py", 13, M),  # high-entropy literal in a *_TOKEN variable
    }  # placeholders, indirect references, ids, allowlisted and templated values stay silent


def test_other_text_files_are_scanned() -> None:
    yml = run("deploy/compose.yml", (FIXTURES / "compose.yml").read_text())
    pem = run("deploy/key.pem", (FIXTURES / "deploy.pem").read_text())
    assert keys(yml) | keys(pem) == {("SEC401", "deploy/compose.yml", 4, H), ("SEC401", "deploy/key.pem", 1, H)}
    assert yml[0].title == "Credential committed in an added line (Slack Token)"


def test_only_added_lines_are_scanned() -> None:
    old = (FIXTURES / "config.py").read_text()
    head = old + 'STRIPE = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"\n'
    assert keys(run("app/config.py", head, old)) == {("SEC401", "app/config.py", 14, H)}


def test_no_secret_appears_in_any_field_of_any_finding() -> None:
    findings = run("app/config.py", (FIXTURES / "config.py").read_text())
    findings += run("deploy/compose.yml", (FIXTURES / "compose.yml").read_text())
    fields = [str(value) for f in findings for value in dataclasses.asdict(f).values()]
    for raw in RAW:
        assert not any(raw in text for text in fields), raw
    assert any("`AKIA…`" in f.message for f in findings)
    assert any(f.snippet == 'GITHUB_TOKEN = "ghp_…"' for f in findings)


def test_fingerprint_is_computed_from_the_masked_code() -> None:
    [first] = run("a.py", 'KEY = "AKIAZ3MSJV4WUQ2K7XNB"\n')
    [second] = run("a.py", 'KEY = "AKIAQ7TTRN2WBX5C9PLD"\n')
    assert first.snippet == second.snippet == 'KEY = "AKIA…"'
    assert first.fingerprint == second.fingerprint  # derived from masked text only


def test_test_files_may_hold_throwaway_passwords_but_not_real_token_formats() -> None:
    text = 'PASSWORD = "Xk9#mQ2$vL7pR4wZ"\nKEY = "AKIAZ3MSJV4WUQ2K7XNB"\n'
    assert keys(run("orders/tests/test_api.py", text)) == {("SEC401", "orders/tests/test_api.py", 2, H)}


def test_mask_and_redact() -> None:
    assert secrets.mask("AKIAZ3MSJV4WUQ2K7XNB") == "AKIA…"
    assert secrets.mask("short") == "…"


def test_secret_line_filters_are_linear_on_huge_lines() -> None:
    """Both pre-filters backtracked quadratically: 8,000 chars took seconds, 200,000 would hang."""
    started = time.perf_counter()
    assert secrets._SECRET_ASSIGNMENT.search("token" + "a" * 200_000) is None
    assert secrets._is_candidate("a" * 200_000) is False
    assert secrets._is_candidate("a" * 200_000 + "Z") is True
    assert time.perf_counter() - started < 1.0


def test_secret_line_filters_keep_their_meaning() -> None:
    assert secrets._SECRET_ASSIGNMENT.search("db_password = 'x'") is not None
    assert secrets._SECRET_ASSIGNMENT.search('"API_KEY": x') is not None
    assert secrets._SECRET_ASSIGNMENT.search("tokenizer(text)") is None
    assert [secrets._is_candidate(t) for t in ("abcdefghiJ", "abcdefghij", "abcdefgH", "x = 1 # pwd")] == [True, False, False, True]


def test_other_findings_on_a_secret_line_do_not_repeat_the_secret(git_repo) -> None:
    from reviewer.config import Config
    from reviewer.diff import parse_diff
    from reviewer.pipeline import review
    from reviewer.report import REPORTERS
    from reviewer.workspace import DirWorkspace

    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    code = f'import requests\n\n\ndef sync():\n    return requests.get("https://api.example.com", headers={{"Authorization": "token {token}"}}, verify=False)\n'
    root, diff = git_repo({}, {"app/sync.py": code})
    result = review(parse_diff(diff), DirWorkspace(root), Config(llm="off"))
    assert {"SEC401", "B501"} <= {f.rule_id for f in result.findings}
    for finding in result.findings:
        assert all(token not in str(value) for value in vars(finding).values()), finding.rule_id
    for name, render in REPORTERS.items():
        assert token not in render(result), name
