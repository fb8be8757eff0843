"""Merge the model's findings into the deterministic review — additively.

A model finding that explains a deterministic one (`refers_to` its fingerprint, or the same path,
overlapping lines and category) enriches it: the explanation is appended (its code suggestion stays in that text, never a one-click
fix under the rule's name). It can never remove or lower it, so a prompt-injected diff cannot talk a finding away.
Raising the severity changes the exit code, so it happens only when the user lets the model gate
(`--gate-llm`); otherwise the model's rating is written into the message. Everything else becomes
a finding with `source="llm"`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from reviewer.analyzers.base import SourceFile
from reviewer.filters import merge as rank
from reviewer.findings import Finding, make_finding
from reviewer.persona.validate import ModelFinding

LLM_SOURCE = "llm"
_MARK = "**Backend review (AI):**"


def _overlaps(finding: Finding, model: ModelFinding) -> bool:
    return (
        finding.path == model.path
        and finding.category == model.category
        and finding.line <= model.end_line
        and model.line <= finding.end_line
    )


def enrich(finding: Finding, model: ModelFinding, gate_llm: bool) -> Finding:
    """The deterministic finding with the model's explanation added; never weaker than before."""
    if _MARK in finding.message:
        return finding  # one explanation per finding keeps comments short
    message = f"{finding.message}\n\n{_MARK} {model.body}"
    severity = finding.severity
    if model.severity.rank > finding.severity.rank:
        if gate_llm:
            severity = model.severity
        else:
            message += f"\n\n_The AI review rates this {model.severity.value}; the gate uses the rule's {finding.severity.value}._"
    # The model's replacement stays in its explanation: a one-click fix posted under a
    # deterministic rule's name must come from that rule, not from text a PR could steer.
    return replace(finding, message=message, severity=severity)


def to_finding(model: ModelFinding, sources: Mapping[str, SourceFile]) -> Finding:
    """A model-only finding, complete like any other (snippet and fingerprint from the head)."""
    source = sources.get(model.path)
    return make_finding(
        rule_id=f"LLM-{model.category.value}",
        category=model.category,
        severity=model.severity,
        confidence=model.confidence,
        path=model.path,
        line=model.line,
        end_line=model.end_line,
        title=model.title,
        message=model.body,
        suggestion=model.suggestion,
        source=LLM_SOURCE,
        source_lines=source.lines if source is not None else [],
    )


def merge_answer(
    findings: Sequence[Finding], answers: Iterable[ModelFinding], sources: Mapping[str, SourceFile], gate_llm: bool
) -> list[Finding]:
    """Deterministic findings (all kept) plus the model's, merged and ranked."""
    merged = list(findings)
    by_fingerprint = {f.fingerprint: i for i, f in enumerate(merged) if f.source != LLM_SOURCE}
    for model in answers:
        index = by_fingerprint.get(model.refers_to or "")
        if index is not None and merged[index].path != model.path:
            index = None
        if index is None:
            index = next((i for i, f in enumerate(merged) if _overlaps(f, model)), None)
        if index is None:
            merged.append(to_finding(model, sources))
        elif merged[index].source != LLM_SOURCE:
            merged[index] = enrich(merged[index], model, gate_llm)
        elif model.severity.rank > merged[index].severity.rank:
            merged[index] = to_finding(model, sources)
    return rank(merged)
