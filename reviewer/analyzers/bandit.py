"""Security findings from bandit, run programmatically on the head versions of changed files.

Bandit reads files from disk and keeps its test set in module-level state, so each batch is
written to a private temporary directory and scanned by one `BanditManager` with one
configuration; batches of a large PR run in separate worker processes (see the pipeline).
The repository's `[tool.bandit]` skips/tests arrive through the config (read where the rest
of the config is read, so a PR cannot switch bandit off under `reviewer github`); `# nosec` is applied by the pipeline.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from reviewer.analyzers.bandit_rules import advice_for, map_severity
from reviewer.analyzers.base import (
    AnalysisContext,
    Rule,
    SourceFile,
    is_test_path,
    rule_doc,
)
from reviewer.analyzers.fixes import mechanical_fix
from reviewer.analyzers.secrets import redact
from reviewer.findings import (
    Category,
    Confidence,
    Finding,
    Severity,
    Skipped,
    make_finding,
)

SUFFIXES = (".py",)
ABOUT_REMOVED_CODE: frozenset[str] = frozenset()  # bandit judges code that is there
_CONFIDENCE = {"HIGH": Confidence.HIGH, "MEDIUM": Confidence.MEDIUM, "LOW": Confidence.LOW}
# Bandit's CWE for some tests is vaguer than the weakness; the precise one lets a taint rule's
# report of the same problem on the same line merge with bandit's (and SARIF say the right thing).
CWE_OVERRIDES = {
    "B506": 502,  # bandit: 20 (input validation); the weakness is deserialisation
    "B307": 94,  # bandit: 78; eval is code injection
    "B701": 79,  # bandit: 94; autoescape off is cross-site scripting
    **{f"B{n}": 611 for n in range(313, 321)},  # bandit: 20; stdlib XML parsers are XXE
    **{f"B{n}": 798 for n in range(105, 108)},  # bandit: 259; same family as committed credentials
}
HARDCODED_PASSWORD = frozenset({"B105", "B106", "B107"})
# Import-only blacklist tests whose dangerous calls have call-level tests of their own: flagging
# `import subprocess` in every PR is noise that trains people to ignore the review.
QUIET_BY_DEFAULT = frozenset({"B403", "B404", "B405", "B406", "B407", "B408", "B409", "B410"})


def _load_bandit() -> Any:
    from bandit.core import config, extension_loader, manager

    logging.getLogger("bandit").setLevel(logging.CRITICAL)
    return config, extension_loader, manager


@lru_cache(maxsize=1)
def _rules() -> tuple[Rule, ...]:
    """Every bandit test (plugins and blacklist entries) with its documentation."""
    _, extension_loader, _ = _load_bandit()
    found: list[Rule] = []
    for plugin in extension_loader.MANAGER.plugins:
        test_id = plugin.plugin._test_id
        advice = advice_for(test_id, plugin.name.replace("_", " "))
        found.append(_rule(test_id, advice.title, advice.category, advice.severity, rule_doc(plugin.plugin), advice))
    for test_id, entry in extension_loader.MANAGER.blacklist_by_id.items():
        advice = advice_for(test_id, entry["message"])
        found.append(_rule(test_id, advice.title, advice.category, advice.severity, entry["message"], advice, entry.get("cwe")))
    return tuple(sorted(found, key=lambda r: r.id))


def _rule(test_id: str, title: str, category: Category, severity: Severity | None, doc: str, advice: Any, cwe: int | None = None) -> Rule:
    text = f"{doc}\n\nWhy it matters in a backend service: {advice.why}\n\nBetter:\n\n    " + advice.fix.replace("\n", "\n    ")
    return Rule(test_id, title, category, severity or Severity.MEDIUM, text.strip(), cwe)


def __getattr__(name: str) -> Any:
    """`RULES` is computed on first access: loading bandit's plugins costs ~0.1 s."""
    if name == "RULES":
        return _rules()
    raise AttributeError(name)


def analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]:
    settings = ctx.options.get("bandit") or {"skips": [], "tests": []}
    with tempfile.TemporaryDirectory(prefix="reviewer-bandit-") as tmp:
        root = Path(tmp)
        by_disk: dict[str, SourceFile] = {}
        for index, source in enumerate(ctx.files):
            disk = root / f"{index:05d}.py"
            disk.write_text(source.text, encoding="utf-8", errors="surrogateescape")
            by_disk[str(disk)] = source
        issues, skipped = _scan(sorted(by_disk), settings)
    for fname, reason in skipped:
        yield Skipped(by_disk[fname].path, f"bandit: {reason}", partial=True)
    for issue in issues:
        yield _finding(issue, by_disk[issue.fname])


def _scan(paths: list[str], settings: dict[str, list[str]]) -> tuple[list[Any], list[tuple[str, str]]]:
    config, _, manager = _load_bandit()
    tests = set(settings["tests"])
    profile = {"include": tests, "exclude": set(settings["skips"]) | (QUIET_BY_DEFAULT - tests)}
    # ignore_nosec: `# nosec` is honoured centrally (reviewer.filters) for every rule alike, and
    # leaving it to us spares bandit a tokenizer pass over every file (~12% of its time).
    mgr = manager.BanditManager(config.BanditConfig(), "file", quiet=True, profile=profile, ignore_nosec=True)
    mgr.files_list = paths
    mgr.run_tests()
    return list(mgr.results), list(mgr.skipped)


def _finding(issue: Any, source: SourceFile) -> Finding:
    confidence = _CONFIDENCE.get(issue.confidence, Confidence.MEDIUM)
    advice = advice_for(issue.test_id, issue.text)
    lines = issue.linerange or [issue.lineno]
    line, end_line = min(lines), max(max(lines), issue.lineno)
    suggestion = mechanical_fix(issue.test_id, source.tree, source.lines, line, source.text) if line == end_line else None
    cwe = CWE_OVERRIDES.get(issue.test_id) or getattr(issue.cwe, "id", None) or None
    finding = make_finding(
        rule_id=issue.test_id,
        category=advice.category,
        severity=map_severity(issue.test_id, issue.severity, confidence),
        confidence=confidence,
        path=source.path,
        line=line,
        end_line=end_line,
        title=advice.title,
        message=_message(issue.text, advice.why, suggestion or advice.fix),
        suggestion=suggestion,
        source="bandit",
        cwe=cwe,
        source_lines=source.lines,
    )
    if issue.test_id not in HARDCODED_PASSWORD:
        return finding
    if is_test_path(source.path):  # a test's throw-away password; real key formats: SEC401
        finding = replace(finding, severity=Severity.INFO)
    return _masked(finding, issue)


def _masked(finding: Finding, issue: Any) -> Finding:
    """Bandit quotes the hard-coded password in its text; no report may repeat a secret."""
    match = re.search(r"Possible hardcoded password: '(.*)'$", issue.text, re.DOTALL)
    return redact(finding, [match.group(1)]) if match and match.group(1) else finding


def _message(bandit_text: str, why: str, example: str) -> str:
    return f"{bandit_text}\n\n{why}\n\nCorrected:\n```python\n{example.strip()}\n```"
