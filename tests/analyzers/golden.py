"""Shared helpers for the security golden tests: diffs from texts, `# expect:` markers, finding keys."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from reviewer.analyzers.base import SourceFile
from reviewer.diff import parse_diff
from reviewer.findings import Finding, Severity

Key = tuple[str, str, int, Severity]
_EXPECT = re.compile(r"expect:\s*(SEC\d+)\s+(\w+)")


def changed(path: str, base: str, head: str) -> SourceFile:
    """The head file with a real unified diff from `base` (empty base: an added file)."""
    lines = difflib.unified_diff(base.splitlines(True), head.splitlines(True), f"a/{path}", f"b/{path}")
    return SourceFile(path, head, parse_diff("".join(lines)).files[0])


def expected(text: str, path: str) -> set[Key]:
    return {
        (m.group(1), path, number, Severity(m.group(2)))
        for number, line in enumerate(text.splitlines(), start=1)
        if (m := _EXPECT.search(line))
    }


def keys(findings: Iterable[object]) -> set[Key]:
    return {(f.rule_id, f.path, f.line, f.severity) for f in findings if isinstance(f, Finding)}
