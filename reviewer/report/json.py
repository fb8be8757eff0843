"""`--format json`: the machine contract of DESIGN.md, version 1.

Other tools parse this, so the shape is fixed: the thirteen finding fields in contract order
(enums as their string values, no snippet), the Markdown summary, and coverage statistics.
Output is deterministic for a given Review: stable key order, no timestamps, only the
repository-relative paths the Review carries.
"""

from __future__ import annotations

import enum
import json
from typing import Any

from reviewer.findings import Finding
from reviewer.report import markdown
from reviewer.review import Review

VERSION = 1

FINDING_FIELDS = (
    "rule_id",
    "category",
    "severity",
    "confidence",
    "path",
    "line",
    "end_line",
    "title",
    "message",
    "suggestion",
    "source",
    "cwe",
    "fingerprint",
)


def render(review: Review) -> str:
    """The review as indented JSON text, ending in a newline."""
    document = {
        "version": VERSION,
        "findings": [finding_dict(finding) for finding in review.findings],
        "summary": markdown.render(review),
        "stats": stats(review),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding in contract order; enums become their values."""
    record: dict[str, Any] = {}
    for name in FINDING_FIELDS:
        value = getattr(finding, name)
        record[name] = value.value if isinstance(value, enum.Enum) else value
    return record


def stats(review: Review) -> dict[str, Any]:
    """What was covered and what it cost; `files_skipped` keeps every (path, reason) pair."""
    llm = review.llm
    return {
        "files_changed": review.files_changed,
        "files_analyzed": review.files_analyzed,
        "files_skipped": [{"path": item.path, "reason": item.reason} for item in review.skipped],
        "findings_by_severity": review.count_by_severity(),
        "llm": {
            "calls": llm.calls,
            "input_tokens": llm.input_tokens,
            "output_tokens": llm.output_tokens,
            "cache_read_tokens": llm.cache_read_tokens,
            "cost_usd": round(llm.cost_usd, 6),
            "not_reviewed": list(review.not_reviewed_by_model),
        },
        "notes": list(review.notes),
        "elapsed_s": round(review.elapsed_s, 3),
    }
