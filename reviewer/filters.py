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

_NOSEC = re.compile(r"#\s*nosec\b:?(?P<rest>[^#]*)", re.IGNORECASE)
_IGNORE = re.compile(r"#\s*reviewer:\s*ignore\b(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)
_RULE_ID = re.compile(r"[A-Z]+\d+")


def suppressed_ids(line: str) -> set[str] | None:
    """Rule ids a line's comment suppresses; an empty set means all rules; None means none.

    `# nosec` follows bandit: ids may follow (`B602,B607`, `B602 B607`, `: B602`); words that are
    not rule ids are a justification, so `# nosec - reviewed` silences everything. Only the
    comment counts: `"# nosec"` inside a string literal on the line is text, not a suppression.
    Known limit: a line inside a triple-quoted string that looks like a comment still counts.
    """
    comment = comment_of(line)
    if comment is None:
        return None
    found: set[str] | None = None
    nosec = _NOSEC.search(comment)
    if nosec is not None:
        found = {t.upper() for t in re.split(r"[\s,:]+", nosec.group("rest")) if _RULE_ID.fullmatch(t.upper())}
        if not found:
            return set()
    ignore = _IGNORE.search(comment)
    if ignore is not None:
        ids = {part.strip().upper() for part in (ignore.group("ids") or "").split(",") if part.strip()}
        if not ids:
            return set()
        found = (found or set()) | ids
    return found


def comment_of(line: str) -> str | None:
    """The `#` comment of a line of code, skipping `#` inside '…', "…" and triple-quoted strings."""
    quote, index = "", 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 1
            elif line.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif char in "'\"":
            quote = char * 3 if line.startswith(char * 3, index) else char
            index += len(quote) - 1
        elif char == "#":
            return line[index:]
        index += 1
    return None


def is_suppressed(finding: Finding, lines: list[str]) -> bool:
    """A finding is suppressed by a comment on any of its lines naming it (or naming none), as
    bandit accepts `# nosec` on any line of a multi-line statement."""
    for number in finding.lines:
        if not 0 < number <= len(lines):
            continue
        ids = suppressed_ids(lines[number - 1])
        if ids is not None and (not ids or finding.rule_id.upper() in ids):
            return True
    return False


def in_scope(finding: Finding, file_diff: FileDiff | None, mode: str, removal_rules: frozenset[str] = frozenset()) -> bool:
    """Does the diff touch this finding, in the chosen filter mode?

    Rules about removed code (a deleted permission check) point at the line next to the
    deletion, which is not an added line; in `added` mode those rules may use such lines.
    """
    if mode == "nofilter":
        return True
    if file_diff is None:
        return False
    if mode == "file":
        return True
    wanted = file_diff.added_lines if mode == "added" else file_diff.context_lines
    if mode == "added" and finding.rule_id in removal_rules:
        wanted = wanted | file_diff.removal_anchors
    return any(number in wanted for number in finding.lines)


def apply_overrides(
    findings: Iterable[Finding], disabled: Iterable[str], severity: Mapping[str, Severity]
) -> list[Finding]:
    """Drop disabled rules (by id or id prefix, e.g. `B1` for every B1xx) and apply per-rule
    severities (exact ids); ids compare case-insensitively, as users type them in config."""
    off = tuple(rule.strip().upper() for rule in disabled if rule.strip())
    levels = {rule.strip().upper(): level for rule, level in severity.items()}
    kept = []
    for finding in findings:
        rule_id = finding.rule_id.upper()
        if off and rule_id.startswith(off):
            continue
        level = levels.get(rule_id)
        kept.append(replace(finding, severity=level) if level is not None else finding)
    return kept


# Weaknesses that different rules name differently: a weak hash (bandit's CWE-327/328) and a
# password stored with a fast hash (CWE-916) on one line are one problem, reported once.
CWE_FAMILY: dict[int, int] = {328: 327, 916: 327, 759: 327, 760: 327, 77: 78, 95: 94}


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per problem, ranked: the same fingerprint, or the same weakness (CWE) on
    the same line from two rules (bandit and a taint rule), is reported once."""
    ranked = sorted(findings, key=Finding.sort_key)
    kept: list[Finding] = []
    seen: dict[tuple[object, ...], int] = {}
    for finding in ranked:
        keys: list[tuple[object, ...]] = [("fp", finding.fingerprint, finding.line)]
        if finding.cwe is not None:
            keys.append(("cwe", finding.path, finding.line, CWE_FAMILY.get(finding.cwe, finding.cwe)))
        index = next((seen[k] for k in keys if k in seen), None)
        if index is None:
            for key in keys:
                seen[key] = len(kept)
            kept.append(finding)
        elif finding.rule_id != kept[index].rule_id:
            kept[index] = _note_also(kept[index], finding)
    return _distinct_fingerprints(kept)


def _note_also(primary: Finding, other: Finding) -> Finding:
    """Keep the higher-ranked finding, name the other rule, and keep its fix if ours has none."""
    note = f"(Also reported by {other.rule_id}.)"
    suggestion = primary.suggestion if primary.suggestion is not None else other.suggestion
    if note in primary.message:
        return replace(primary, suggestion=suggestion)
    return replace(primary, message=f"{primary.message}\n\n{note}", suggestion=suggestion)


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
