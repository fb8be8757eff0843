"""After analysis: human suppressions, config overrides, the diff filter, merging and ranking.

Kept apart from the analyzers so every rule, ours or bandit's, obeys the same `# nosec` /
`# reviewer: ignore[RULE]` comments and the same filter mode, as reviewdog's filter does.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from reviewer.diff import FileDiff
from reviewer.findings import Finding, Severity

_NOSEC = re.compile(r"#\s*nosec\b(?P<ids>[:\s]*[A-Z]+\d+(?:\s*,\s*[A-Z]+\d+)*)?", re.IGNORECASE)
_IGNORE = re.compile(r"#\s*reviewer:\s*ignore(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)


def suppressed_ids(line: str) -> set[str] | None:
    """Rule ids a line's comment suppresses; an empty set means all rules; None means none."""
    found: set[str] | None = None
    for pattern in (_NOSEC, _IGNORE):
        match = pattern.search(line)
        if match is None:
            continue
        ids = match.group("ids")
        if not ids or not ids.strip(" :"):
            return set()
        found = (found or set()) | {part.strip().upper() for part in ids.strip(" :").split(",") if part.strip()}
    return found


def is_suppressed(finding: Finding, lines: list[str]) -> bool:
    """A finding is suppressed by a comment on any of its lines naming it (or naming none)."""
    for number in finding.lines:
        if not 0 < number <= len(lines):
            continue
        ids = suppressed_ids(lines[number - 1])
        if ids is not None and (not ids or finding.rule_id.upper() in ids):
            return True
    return False


def in_scope(finding: Finding, file_diff: FileDiff | None, mode: str) -> bool:
    """Does the diff touch this finding, in the chosen filter mode?"""
    if mode == "nofilter":
        return True
    if file_diff is None:
        return False
    if mode == "file":
        return True
    wanted = file_diff.added_lines if mode == "added" else file_diff.context_lines
    return any(number in wanted for number in finding.lines)


def apply_overrides(
    findings: Iterable[Finding], disabled: Iterable[str], severity: Mapping[str, Severity]
) -> list[Finding]:
    """Drop disabled rules (by id or id prefix, e.g. `B1`) and apply per-rule severities."""
    off = tuple(rule.upper() for rule in disabled)
    kept = []
    for finding in findings:
        if off and finding.rule_id.upper().startswith(off):
            continue
        level = severity.get(finding.rule_id)
        kept.append(replace(finding, severity=level) if level else finding)
    return kept


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per problem, ranked: the same fingerprint, or the same weakness (CWE) on
    the same line from two rules (bandit and a taint rule), is reported once."""
    ranked = sorted(findings, key=Finding.sort_key)
    kept: list[Finding] = []
    seen: dict[tuple[object, ...], int] = {}
    for finding in ranked:
        keys: list[tuple[object, ...]] = [("fp", finding.fingerprint, finding.line)]
        if finding.cwe is not None:
            keys.append(("cwe", finding.path, finding.line, finding.cwe))
        index = next((seen[k] for k in keys if k in seen), None)
        if index is None:
            for key in keys:
                seen[key] = len(kept)
            kept.append(finding)
        elif finding.rule_id != kept[index].rule_id:
            kept[index] = _note_also(kept[index], finding)
    return _distinct_fingerprints(kept)


def _note_also(primary: Finding, other: Finding) -> Finding:
    note = f"(Also reported by {other.rule_id}.)"
    if note in primary.message:
        return primary
    return replace(primary, message=f"{primary.message}\n\n{note}")


def _distinct_fingerprints(findings: list[Finding]) -> list[Finding]:
    """The same code flagged twice in a file gets `-2`, `-3`… so each occurrence is addressable."""
    by_fp: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_fp[finding.fingerprint].append(finding)
    renamed: dict[int, Finding] = {}
    for group in by_fp.values():
        for n, finding in enumerate(sorted(group, key=lambda f: f.line)[1:], start=2):
            renamed[id(finding)] = replace(finding, fingerprint=f"{finding.fingerprint}-{n}")
    return [renamed.get(id(finding), finding) for finding in findings]
