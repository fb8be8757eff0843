"""Rule families: the names a corpus label uses, so a label survives a rule being renamed or merged.

A corpus case says what a careful reviewer expects ("SQL injection here"), not which of two
overlapping rules wins: bandit's B608 and the taint rule report the same line and the pipeline
keeps one of them. So an expectation names a *family* (or an exact rule id / id prefix), and a
finding belongs to the first family whose id prefixes match its rule id, else the first whose CWE
list holds its CWE, else to the alphabetic prefix of its rule id (`B`, `SEC`, `PERF`, `DB`).
Add new rule ids here when an analyzer grows; the table is the one place the mapping lives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reviewer.findings import Finding


@dataclass(frozen=True)
class Family:
    """A group of rules that report the same kind of problem."""

    name: str
    category: str
    prefixes: tuple[str, ...] = ()
    cwes: tuple[int, ...] = ()


FAMILIES: tuple[Family, ...] = (
    Family("sql-injection", "security", ("B608", "B610", "B611", "SEC101"), (89,)),
    Family("command-injection", "security", ("B601", "B602", "B604", "B605", "B609", "SEC102"), (78,)),
    Family("subprocess", "security", ("B603", "B606", "B607")),
    Family("path-traversal", "security", ("B202", "SEC103"), (22,)),
    Family("ssrf", "security", ("SEC104",), (918,)),
    Family("template-injection", "security", ("SEC105",), (1336,)),
    Family("xss", "security", ("B308", "B703", "B704", "SEC106"), (79, 80)),
    Family("open-redirect", "security", ("SEC107",), (601,)),
    Family("code-execution", "security", ("B102", "B307", "SEC108"), (94, 95)),
    Family("deserialization", "security", ("B301", "B302", "B506", "SEC109"), (502,)),
    Family("xxe", "security", ("B313", "B314", "B315", "B316", "B317", "B318", "B319", "B320", "SEC110"), (611, 776)),
    Family("regex-injection", "security", ("SEC111",), (1333,)),
    Family("authorization", "security", ("SEC201", "SEC202", "SEC203", "SEC204"), (285, 306, 639, 862, 863)),
    Family("insecure-settings", "security", ("B104", "B201", "SEC301", "SEC302", "SEC304", "SEC305", "SEC306"),
           (183, 215, 352, 489, 614, 942, 1004)),
    Family("hardcoded-secret", "security", ("B105", "B106", "B107", "SEC303", "SEC401", "SEC402"), (259, 321, 798)),
    Family("jwt", "security", ("SEC307",), (347,)),
    Family("weak-hash", "security", ("B303", "B324", "SEC308"), (327, 328, 916)),
    Family("timing-compare", "security", ("SEC309",), (208,)),
    Family("tls-verification", "security", ("B501", "B502", "B503", "B504", "B507"), (295,)),
    Family("template-escaping", "security", ("B701", "B702", "SEC501", "SEC502", "SEC503")),
    Family("request-timeout", "reliability", ("B113",)),
    Family("data-safety", "reliability", ("DB101", "DB102")),
    Family("migration-safety", "reliability", ("DB201", "DB202", "DB203", "DB204", "DB205")),
    Family("unindexed", "performance", ("PERF101", "PERF203")),
    Family("non-sargable", "performance", ("PERF102", "PERF103", "PERF106", "PERF204")),
    Family("select-star", "performance", ("PERF104",)),
    Family("unbounded", "performance", ("PERF105", "PERF205", "PERF206", "PERF207")),
    Family("n-plus-one", "performance", ("PERF201",)),
    Family("query-in-loop", "performance", ("PERF202",)),
    Family("regression", "performance", ("PERF208", "PERF209", "PERF210")),
)
BY_NAME: dict[str, Family] = {family.name: family for family in FAMILIES}
_ALPHA_PREFIX = re.compile(r"[A-Za-z]+")


def family_of_rule(rule_id: str, cwe: int | None = None) -> str:
    """The family a rule id (and its CWE) belongs to; the id's letters when no family claims it."""
    upper = rule_id.upper()
    for family in FAMILIES:
        if upper.startswith(family.prefixes):
            return family.name
    if cwe is not None:
        for family in FAMILIES:
            if cwe in family.cwes:
                return family.name
    match = _ALPHA_PREFIX.match(rule_id)
    return match.group(0).upper() if match else rule_id


def family_of(finding: Finding) -> str:
    return family_of_rule(finding.rule_id, finding.cwe)


def label_family(rule: str | None) -> str:
    """The family an expectation's `rule` names: a family name, or a rule id / id prefix."""
    if rule is None:
        return "(any)"
    if rule in BY_NAME:
        return rule
    return family_of_rule(rule)


def rule_matches(rule: str | None, finding: Finding) -> bool:
    """Does the finding satisfy an expectation's `rule`? None accepts any rule."""
    if rule is None:
        return True
    if rule in BY_NAME:
        return family_of(finding) == rule
    return finding.rule_id.upper().startswith(rule.upper())
