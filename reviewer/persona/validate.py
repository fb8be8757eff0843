"""Check the model's answer before anything reaches a report.

The answer is untrusted: paths must be files the model was shown, lines must be lines GitHub
accepts a comment on (per filter mode) — a line up to 5 away is moved into the nearest hunk,
anything further goes into the summary, never onto a line GitHub would reject — enums must be
ours, text is clipped and sanitised, and the count is capped.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from reviewer.diff import Diff, FileDiff
from reviewer.findings import Category, Confidence, Severity
from reviewer.persona import PersonaError
from reviewer.persona.request import TOOL_NAME
from reviewer.mdsafe import DEFAULT_HOSTS, sanitize_markdown, sanitize_suggestion

MOVE_WITHIN = 5
MAX_FINDINGS = 15
MAX_TITLE = 120
MAX_BODY = 4000
MAX_SUMMARY = 3000


class MalformedAnswer(PersonaError):
    """The model did not answer with a usable `submit_review` call."""


@dataclass(frozen=True)
class ModelFinding:
    path: str
    line: int
    end_line: int
    severity: Severity
    category: Category
    confidence: Confidence
    title: str
    body: str
    suggestion: str | None
    refers_to: str | None


@dataclass
class Checked:
    summary: str
    findings: list[ModelFinding] = field(default_factory=list)
    unanchored: list[str] = field(default_factory=list)
    dropped: int = 0


def tool_input(response: Mapping[str, Any]) -> dict[str, Any]:
    """The `submit_review` input of a Messages API response body."""
    blocks = response.get("content")
    calls = [b for b in blocks if isinstance(b, dict) and b.get("type") == "tool_use"] if isinstance(blocks, list) else []
    call = next((b for b in calls if b.get("name") == TOOL_NAME), None)
    if call is None:
        reason = response.get("stop_reason") or "no content"
        raise MalformedAnswer(f"the model did not call {TOOL_NAME} (stop_reason: {reason})")
    data = call.get("input")
    if not isinstance(data, dict) or not isinstance(data.get("summary"), str) or not isinstance(data.get("findings"), list):
        raise MalformedAnswer(f"the model's {TOOL_NAME} input lacks a string 'summary' and a list 'findings'")
    return data


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _enum(kind: type[Severity] | type[Category] | type[Confidence], value: Any) -> Any:
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


def anchor(file_diff: FileDiff, line: int, end_line: int, filter_mode: str) -> tuple[int, int] | None:
    """A (line, end_line) GitHub accepts in this hunk, or None when it is too far from one."""
    allowed = file_diff.added_lines if filter_mode == "added" else file_diff.context_lines
    inside = [n for n in range(line, max(end_line, line) + 1) if n in allowed]
    if not inside:
        near = sorted((abs(n - line), n) for n in allowed if abs(n - line) <= MOVE_WITHIN)
        return (near[0][1], near[0][1]) if near else None
    hunk = file_diff.hunk_for(inside[0])
    same = [n for n in inside if hunk is None or n in hunk.new_range]
    return same[0], same[-1]


def _one(item: Any, diff: Diff, seen: Collection[str], filter_mode: str, hosts: tuple[str, ...]) -> ModelFinding | str | None:
    """A checked finding, a summary line for one that cannot be anchored, or None (dropped)."""
    if not isinstance(item, dict):
        return None
    path, line = item.get("path"), _int(item.get("line"))
    file_diff = diff.file(path) if isinstance(path, str) else None
    severity, category = _enum(Severity, item.get("severity")), _enum(Category, item.get("category"))
    confidence = _enum(Confidence, item.get("confidence"))
    title, body = item.get("title"), item.get("body")
    if not isinstance(path, str) or file_diff is None or path not in seen or line is None or None in (severity, category, confidence):
        return None
    if not isinstance(title, str) or not title.strip() or not isinstance(body, str):
        return None
    title = _clip(" ".join(sanitize_markdown(title, hosts).split()), MAX_TITLE)
    place = anchor(file_diff, line, _int(item.get("end_line")) or line, filter_mode)
    if place is None:
        return f"- `{path}:{line}` ({severity.value}, {category.value}): {title}"
    suggestion = item.get("suggestion") if isinstance(item.get("suggestion"), str) else None
    refers = item.get("refers_to")
    return ModelFinding(
        path=path, line=place[0], end_line=place[1], severity=severity, category=category, confidence=confidence,
        title=title, body=_clip(sanitize_markdown(body.strip(), hosts), MAX_BODY),
        suggestion=sanitize_suggestion(suggestion) if place == (line, _int(item.get("end_line")) or line) else None,
        refers_to=refers.strip() if isinstance(refers, str) and refers.strip() else None,
    )


def check_answer(
    data: Mapping[str, Any], diff: Diff, seen: Collection[str], filter_mode: str, hosts: tuple[str, ...] = DEFAULT_HOSTS
) -> Checked:
    """Validate one `submit_review` input against the diff and the files that call showed."""
    checked = Checked(summary=_clip(sanitize_markdown(str(data["summary"]).strip(), hosts), MAX_SUMMARY))
    for item in data["findings"]:
        result = _one(item, diff, seen, filter_mode, hosts)
        if isinstance(result, ModelFinding):
            checked.findings.append(result)
        elif isinstance(result, str):
            checked.unanchored.append(sanitize_markdown(result, hosts))
        else:
            checked.dropped += 1
    checked.findings.sort(key=lambda f: (-f.severity.rank, -f.confidence.rank, f.path, f.line))
    checked.dropped += max(len(checked.findings) - MAX_FINDINGS, 0)
    checked.findings = checked.findings[:MAX_FINDINGS]
    return checked
