"""Request data flowing into dangerous sinks, followed within each function and its local helpers.

Bandit sees one call at a time and cannot tell `text(f"... {sort}")` with a constant from the
same call with `request.args["sort"]`. These rules follow HTTP input (Flask, Django, DRF,
FastAPI/Starlette, aiohttp) through assignments, formatting, containers and helpers to the
sink, stop at sanitisers and allowlist checks, and report one finding per sink kind and line.
Sources, sinks and sanitisers live in `taint_tables.py`; the engine in `taint_flow.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reviewer.analyzers.base import AnalysisContext, Rule, SourceFile
from reviewer.analyzers.fixes import mechanical_fix
from reviewer.analyzers.taint_docs import RULE_BY_KIND, RULES, fix_example
from reviewer.analyzers.taint_flow import analyse_module
from reviewer.analyzers.taint_model import Hit
from reviewer.analyzers.taint_tables import DEFAULT_TABLES, TaintTables
from reviewer.findings import Category, Confidence, Finding, Severity, Skipped, make_finding

__all__ = ["RULES", "SUFFIXES", "analyze"]
SUFFIXES = (".py",)
# Files that cannot contain a source are skipped without following a single value.
_MAY_HAVE_INPUT = re.compile(
    r"request|\breq\b|cleaned_data|initial_data|argv|environ|getenv|self\.kwargs|"
    r"@\w+(?:\.\w+)*\.(?:route|api_route|websocket|get|post|put|patch|delete)\b"
)


def analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]:
    tables = DEFAULT_TABLES.extend(ctx.options.get("taint")) if ctx.options.get("taint") else DEFAULT_TABLES
    for source in ctx.files:
        if source.tree is None or not _MAY_HAVE_INPUT.search(source.text):
            continue
        for hit in analyse_module(source.tree, tables):
            yield _finding(source, hit)


def scan(source: SourceFile, tables: TaintTables = DEFAULT_TABLES) -> list[Finding]:
    """Findings for one file (the analyzer without the batch plumbing; used by tests and tools)."""
    if source.tree is None:
        return []
    return [_finding(source, hit) for hit in analyse_module(source.tree, tables)]


def _finding(source: SourceFile, hit: Hit) -> Finding:
    rule = RULE_BY_KIND[hit.kind]
    origin = hit.origins[0]
    where = f"`{origin.desc}` (line {origin.line})"
    path = f" inside {hit.via}" if hit.via else ""
    message = (
        f"Request data from {where} reaches `{hit.sink}`{path} without a sanitiser or allowlist check.\n\n"
        f"{rule.doc.split(chr(10) + chr(10))[0]}\n\nCorrected:\n```python\n{fix_example(hit.kind)}\n```"
    )
    return make_finding(
        rule_id=rule.id,
        category=Category.SECURITY,
        severity=_severity(rule, hit),
        confidence=Confidence.MEDIUM if (hit.via or origin.indirect) else rule.confidence,
        path=source.path,
        line=hit.line,
        end_line=hit.end_line,
        title=rule.title,
        message=message,
        suggestion=_suggestion(source, hit),
        source="taint",
        cwe=rule.cwe,
        source_lines=source.lines,
    )


def _severity(rule: Rule, hit: Hit) -> Severity:
    """Command-line and environment input is the operator's own: low. Stdlib XML parsers: medium."""
    if all(origin.low for origin in hit.origins):
        return Severity.LOW
    if hit.low_sink and rule.severity.rank > Severity.MEDIUM.rank:
        return Severity.MEDIUM
    return rule.severity


def _suggestion(source: SourceFile, hit: Hit) -> str | None:
    """The exact corrected line when the fix is mechanical (parameterised SQL, `yaml.safe_load`)."""
    if hit.line != hit.end_line or hit.via:
        return None
    if hit.kind == "sql" and ".execute" in source.lines[hit.line - 1]:
        return mechanical_fix("B608", source.tree, source.lines, hit.line, source.text)
    if hit.kind == "deserialize" and hit.sink in ("yaml.load", "yaml.load_all"):
        return mechanical_fix("B506", source.tree, source.lines, hit.line, source.text)
    return None
