"""Helpers for the database rules' golden tests: real analyzers, real catalog, exact findings.

A sample marks each line a rule must flag with a trailing `# <-` (`-- <-` in SQL); the tests
compare the analyzer's (rule, path, line, severity) list with those marks, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from reviewer.analyzers.base import SourceFile
from reviewer.analyzers.catalog import Catalog
from reviewer.analyzers.modelschema import build_catalog
from reviewer.diff import parse_diff
from reviewer.findings import Finding, Skipped
from reviewer.workspace import MemoryWorkspace

FIXTURES = Path(__file__).parent.parent / "fixtures" / "db"
REPO = {
    "shop/models.py": (FIXTURES / "shop_models.py").read_text(),
    "library/models.py": (FIXTURES / "sa_models.py").read_text(),
    "db/schema.sql": (FIXTURES / "schema.sql").read_text(),
    "blog/models.py": (FIXTURES / "pw_models.py").read_text(),
}
Analyze = Callable[[SourceFile], Iterable[Finding | Skipped]]


def catalog(extra: dict[str, str] | None = None) -> Catalog:
    return build_catalog(MemoryWorkspace({**REPO, **(extra or {})}), "postgres")


def source(path: str, text: str) -> SourceFile:
    """A changed file as the pipeline hands it over: head text plus its (all-added) diff."""
    body = "".join(f"+{line}\n" for line in text.splitlines())
    patch = f"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{len(text.splitlines())} @@\n{body}"
    return SourceFile(path, text, parse_diff(patch).files[0])


def marked(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.rstrip().endswith("<-")]


def hits(analyze: Analyze, rule_id: str, path: str, text: str) -> list[tuple[str, str, int, str]]:
    found = [f for f in analyze(source(path, text)) if isinstance(f, Finding) and f.rule_id == rule_id]
    return sorted((f.rule_id, f.path, f.line, f.severity.value) for f in found)


def expected(rule_id: str, path: str, text: str, severity: str) -> list[tuple[str, str, int, str]]:
    return [(rule_id, path, line, severity) for line in marked(text)]
