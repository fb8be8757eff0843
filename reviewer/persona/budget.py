"""Token budget and coverage: what the model sees when the PR is larger than a call.

Files are cut into units (a whole file, or consecutive hunks of a large one), ranked by how much
a backend reviewer would want to see them — files with findings, then handlers, queries, models,
migrations and settings, then other code, then tests, docs, lock files and generated code — and
packed first-fit into at most `llm_max_calls` requests. Whatever does not fit is named, never
dropped silently: the report lists every file the model did not see.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from reviewer.analyzers.base import SourceFile
from reviewer.diff import FileDiff, FileStatus, Hunk
from reviewer.findings import Finding
from reviewer.persona.context import hunk_end, render_hunks
from reviewer.persona.request import file_section

CHARS_PER_TOKEN = 3.0
"""Conservative local estimate: Claude's tokenizer averages 3.5–4 characters per token on prose
and fewer on symbol-dense code; when the count endpoint is reachable the ratio is measured."""
MAX_INPUT_TOKENS_PER_CALL = 60_000
_LOW = re.compile(
    r"(^|/)(tests?|spec|__tests__|docs?|vendor|third_party|node_modules|dist|build|generated|__snapshots__)/"
    r"|(^|/)test_[^/]*$|_test\.\w+$|\.(spec|test)\.\w+$|_pb2(_grpc)?\.py$|\.pb\.go$|\.min\.(js|css)$|\.(map|snap|svg|lock)$"
    r"|(^|/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Pipfile\.lock|uv\.lock|go\.sum|Cargo\.lock|Gemfile\.lock|composer\.lock)$"
    r"|\.(md|rst|txt|adoc)$|(^|/)(CHANGELOG|LICENSE|NOTICE|AUTHORS)[^/]*$",
    re.IGNORECASE,
)
_HIGH = re.compile(
    r"(views?|handlers?|api|routes?|routers?|controllers?|endpoints?|resolvers?|models?|schemas?|migrations?|alembic"
    r"|settings|config|quer(y|ies)|repositor(y|ies)|dao|db|database|sql|auth\w*|security|permissions?|middleware"
    r"|services?|serializers?|tasks?|jobs?|workers?|payments?|billing|webhooks?)",
    re.IGNORECASE,
)


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def priority(path: str, has_findings: bool) -> int:
    """0 = files with findings … 3 = tests, docs, lock files and generated code."""
    if has_findings:
        return 0
    if _LOW.search(path):
        return 3
    words = re.split(r"[/._-]", path)
    return 1 if path.endswith(".sql") or any(_HIGH.fullmatch(word) for word in words) else 2


@dataclass(frozen=True)
class Unit:
    """A slice of one file to send: its rendered section and estimated size."""

    path: str
    text: str
    tokens: int
    rank: tuple[int, int, str]
    complete: bool = True


@dataclass
class Pack:
    """The outcome of packing: units per call, and paths the model will not (fully) see."""

    calls: list[list[Unit]] = field(default_factory=list)
    not_seen: list[str] = field(default_factory=list)


def file_units(file_diff: FileDiff, source: SourceFile | None, findings: Sequence[Finding], limit: int) -> list[Unit]:
    """A file as one unit, or as several hunk groups when it is too large for one call."""
    worst = max((f.severity.rank for f in findings), default=-1)
    rank = (priority(file_diff.path, bool(findings)), -worst, file_diff.path)
    groups = _hunk_groups(file_diff, source, limit)
    units = []
    for index, hunks in enumerate(groups):
        mine = [f for f in findings if len(groups) == 1 or _group_of(f, groups) == index]
        part = f" — part {index + 1} of {len(groups)}, lines {hunks[0].new_start}-{hunk_end(hunks[-1])}" if len(groups) > 1 else ""
        text = file_section(file_diff.path, file_diff.status.value, mine, render_hunks(file_diff, source, hunks), part)
        units.append(Unit(file_diff.path, text, estimate_tokens(text), rank))
    return units


def _group_of(finding: Finding, groups: list[list[Hunk]]) -> int:
    for index, hunks in enumerate(groups):
        if finding.line <= hunk_end(hunks[-1]):
            return index
    return len(groups) - 1


def _hunk_groups(file_diff: FileDiff, source: SourceFile | None, limit: int) -> list[list[Hunk]]:
    whole = render_hunks(file_diff, source, file_diff.hunks)
    if estimate_tokens(whole) <= limit:
        return [list(file_diff.hunks)]
    groups: list[list[Hunk]] = [[]]
    size = 0
    for hunk in file_diff.hunks:
        tokens = estimate_tokens(render_hunks(file_diff, source, [hunk]))
        if groups[-1] and size + tokens > limit:
            groups.append([])
            size = 0
        groups[-1].append(hunk)
        size += tokens
    return groups


def reviewable(file_diff: FileDiff) -> bool:
    """Files with new-side text the model could comment on."""
    return file_diff.status not in (FileStatus.DELETED, FileStatus.BINARY) and bool(file_diff.hunks)


def pack(units: Iterable[Unit], *, max_calls: int, limit: int, overhead: int, scale: float = 1.0) -> Pack:
    """First-fit in priority order: the most important units are placed first, a new call is
    opened only when none has room, and no more than `max_calls` calls are opened."""
    result = Pack()
    sizes: list[int] = []
    for unit in sorted(units, key=lambda u: u.rank):
        tokens = math.ceil(unit.tokens * scale)
        slot = next((i for i, size in enumerate(sizes) if size + tokens <= limit), None)
        if slot is None and len(sizes) < max_calls and overhead + tokens <= limit:
            result.calls.append([])
            sizes.append(overhead)
            slot = len(sizes) - 1
        if slot is None:
            result.not_seen.append(unit.path)
            continue
        result.calls[slot].append(unit)
        sizes[slot] += tokens
    seen_partly = set(result.not_seen)
    result.calls = [[replace(u, complete=u.path not in seen_partly) for u in call] for call in result.calls]
    result.not_seen = sorted(seen_partly)
    return result
