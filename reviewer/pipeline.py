"""review(diff, head, config) -> Review: the one-way pipeline, callable without the CLI.

Load head files → run each analyzer on the files it handles (in a process pool when the PR is
large: bandit keeps global state, so each worker process runs one configuration) → suppress,
filter by the diff, merge and rank → optionally let the persona enrich the result.
"""

from __future__ import annotations

import fnmatch
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reviewer.analyzers import ANALYZERS, get_analyzer, rules_about_removed_code
from reviewer.analyzers.base import (
    AnalysisContext,
    ProjectContext,
    SourceFile,
    Workspace,
)
from reviewer.analyzers.secrets import mask_other_findings
from reviewer.config import DEFAULT_EXCLUDE, Config
from reviewer.diff import Diff, FileDiff, FileStatus
from reviewer.filters import apply_overrides, in_scope, is_suppressed, merge
from reviewer.findings import Finding, Skipped
from reviewer.review import Review
from reviewer.workspace import MAX_FILE_BYTES, BinaryContent

POOL_MIN_FILES = 24
Enricher = Callable[[Review, Diff, dict[str, SourceFile]], Review]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Batch:
    """One unit of work for a worker: some files, and every analyzer's prepared facts."""

    files: tuple[SourceFile, ...]
    prepared: dict[str, Any]
    options: dict[str, Any]
    analyzers: tuple[str, ...] = tuple(ANALYZERS)


def review(
    diff: Diff,
    head: Workspace,
    config: Config,
    *,
    base: Workspace | None = None,
    enrich: Enricher | None = None,
    progress: Progress | None = None,
) -> Review:
    """Review a diff against the head tree; the result is complete or says what it skipped."""
    started = time.perf_counter()
    sources, skipped = load_sources(diff, head, config.exclude)
    options = {
        "sql_dialect": config.sql_dialect,
        "taint": dict(config.taint),
        "bandit": {"skips": list(config.bandit_skips), "tests": list(config.bandit_tests)},
    }
    project = ProjectContext(diff=diff, head=head, base=base, options=options)
    raw, analysed, more_skipped = run_analyzers(sources, project, config.jobs, progress)
    more_skipped += [item for item in raw if isinstance(item, Skipped)]
    analysed -= {item.path for item in more_skipped if not item.partial}
    findings = _postprocess(raw, sources, diff, config)
    result = Review(
        findings=tuple(findings),
        files_changed=len(diff.files),
        files_analyzed=len(analysed),
        skipped=tuple(sorted(set(skipped + more_skipped), key=lambda s: (s.path, s.reason))),
        changed_lines=diff.changed_lines,
    )
    if enrich is not None:
        result = enrich(result, diff, sources)
    return replace(result, elapsed_s=round(time.perf_counter() - started, 3))


def load_sources(diff: Diff, head: Workspace, exclude: Sequence[str]) -> tuple[dict[str, SourceFile], list[Skipped]]:
    """Head text of every changed file that can be analysed; the rest, with reasons."""
    sources: dict[str, SourceFile] = {}
    skipped: list[Skipped] = []
    for file_diff in diff.files:
        reason = _skip_reason(file_diff, exclude)
        text = None if reason else _read(head, file_diff)
        if text is None and reason is None:
            reason = "not found in the repository at the PR head"
        elif isinstance(text, Skipped):
            reason, text = text.reason, None
        if reason:
            if file_diff.status is not FileStatus.DELETED:
                skipped.append(Skipped(file_diff.path, reason))
            continue
        assert isinstance(text, str)
        sources[file_diff.path] = SourceFile(file_diff.path, text, file_diff)
    return sources, skipped


def _skip_reason(file_diff: FileDiff, exclude: Sequence[str]) -> str | None:
    if file_diff.status is FileStatus.DELETED:
        return "deleted"
    if file_diff.status is FileStatus.BINARY:
        return "binary file"
    matched = next((p for p in exclude if fnmatch.fnmatch(file_diff.path, p)), None)
    if matched is not None:
        return f"excluded by the pattern {matched!r}" + (" (vendored code; set exclude = [] to review it)" if matched in DEFAULT_EXCLUDE else "")
    if not file_diff.hunks:
        return "no content change (rename or mode only)"
    return None


def _read(head: Workspace, file_diff: FileDiff) -> str | Skipped | None:
    try:
        text = head.read(file_diff.path)
    except BinaryContent:
        return Skipped(file_diff.path, "binary file")
    if text is None and file_diff.status is FileStatus.ADDED:
        text = file_diff.new_text()
    if text is not None and len(text) > MAX_FILE_BYTES:
        return Skipped(file_diff.path, f"too large to analyse ({len(text):,} characters > {MAX_FILE_BYTES:,})")
    return text


def run_analyzers(
    sources: dict[str, SourceFile], project: ProjectContext, jobs: int, progress: Progress | None
) -> tuple[list[Finding | Skipped], set[str], list[Skipped]]:
    """Run every registered analyzer on the files it handles; report files none handled.

    Work is split by files, not by analyzer, so each worker parses a file once for all
    analyzers and only the text crosses the process boundary.
    """
    prepared = _prepare(sources, project)
    analysed = {p for p in sources if any(p.endswith(get_analyzer(n).SUFFIXES) for n in ANALYZERS)}
    skipped = [Skipped(p, "no deterministic analyzer for this file type") for p in sorted(set(sources) - analysed)]
    files = [sources[p] for p in sorted(analysed)]
    batches = [Batch(tuple(chunk), prepared, dict(project.options)) for chunk in _chunks(files, jobs)]
    workers = jobs or os.cpu_count() or 1
    if workers > 1 and len(files) >= POOL_MIN_FILES:
        results = _in_pool(batches, workers, progress)
    elif workers > 1 and files:
        results = _beside_bandit(Batch(tuple(files), prepared, dict(project.options)))
    else:
        results = [item for batch in batches for item in run_batch(batch)]
    return results, analysed, skipped


def _in_pool(batches: list[Batch], workers: int, progress: Progress | None) -> list[Finding | Skipped]:
    from concurrent.futures import ProcessPoolExecutor  # imported only when a PR needs it

    results: list[Finding | Skipped] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for done, items in enumerate(pool.map(run_batch, batches), start=1):
            results.extend(items)
            if progress:
                progress(done, len(batches))
    return results


def _beside_bandit(batch: Batch) -> list[Finding | Skipped]:
    """A small PR is mostly start-up: bandit (loading its plugins) runs in a second process
    while this one loads and runs the other analyzers, so the two cores overlap the waits."""
    from concurrent.futures import ProcessPoolExecutor

    others = tuple(name for name in batch.analyzers if name != "bandit")
    with ProcessPoolExecutor(max_workers=1) as pool:
        bandit = pool.submit(run_batch, replace(batch, analyzers=("bandit",)))
        results = run_batch(replace(batch, analyzers=others))
        return results + bandit.result()


def _prepare(sources: dict[str, SourceFile], project: ProjectContext) -> dict[str, Any]:
    """Repository-wide facts, once per review, for analyzers that have files to look at."""
    prepared: dict[str, Any] = {}
    for name in ANALYZERS:
        module = get_analyzer(name)
        hook = getattr(module, "prepare", None)
        if hook and any(p.endswith(module.SUFFIXES) for p in sources):
            prepared[name] = hook(project)
    return prepared


def _syntax_reason(source: SourceFile) -> str:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    try:
        compile(source.text, source.path, "exec", flags=0x400, dont_inherit=True)  # PyCF_ONLY_AST
    except SyntaxError as exc:
        return f"Python syntax error at line {exc.lineno}: {exc.msg} (not valid Python {version}: Python 2, or newer syntax)"
    except (RecursionError, MemoryError):
        return "expression nested too deeply to parse"
    except ValueError as exc:
        return f"cannot parse: {exc}"
    return "cannot parse"


def _chunks(files: list[SourceFile], jobs: int) -> Iterable[list[SourceFile]]:
    """Batches small enough to spread across workers, large enough to amortise start-up."""
    workers = jobs or os.cpu_count() or 1
    size = max(8, -(-len(files) // (workers * 8)))
    for start in range(0, len(files), size):
        yield files[start : start + size]


def run_batch(batch: Batch) -> list[Finding | Skipped]:
    """Worker entry point: every analyzer on one batch of files.

    Python files that do not parse are reported once and given to no analyzer; an analyzer
    that crashes skips its files with a reason, never the whole review.
    """
    results: list[Finding | Skipped] = []
    broken = {f.path for f in batch.files if f.path.endswith(".py") and f.tree is None}
    results += [Skipped(f.path, _syntax_reason(f)) for f in batch.files if f.path in broken]
    for name in batch.analyzers:
        module = get_analyzer(name)
        files = tuple(f for f in batch.files if f.path.endswith(module.SUFFIXES) and f.path not in broken)
        if not files:
            continue
        results += _analyze(name, module, files, batch)
    return results


def _analyze(name: str, module: Any, files: tuple[SourceFile, ...], batch: Batch) -> list[Finding | Skipped]:
    """One analyzer on a batch; if it crashes, again file by file so only the culprit is lost."""
    try:
        return list(module.analyze(AnalysisContext(files, batch.prepared.get(name), batch.options)))
    except Exception as exc:  # noqa: BLE001 - one analyzer's bug must not sink the review
        if len(files) == 1:
            return [Skipped(files[0].path, f"{name} analyzer failed: {type(exc).__name__}: {exc}", partial=True)]
    return [item for f in files for item in _analyze(name, module, (f,), batch)]


def _postprocess(raw: Iterable[Finding | Skipped], sources: dict[str, SourceFile], diff: Diff, config: Config) -> list[Finding]:
    findings = [item for item in raw if isinstance(item, Finding)]
    findings = apply_overrides(findings, config.disable, config.severity)
    removal_rules = rules_about_removed_code()
    kept = []
    for finding in findings:
        source = sources.get(finding.path)
        if source is not None and is_suppressed(finding, source.lines):
            continue
        if in_scope(finding, diff.file(finding.path), config.filter_mode, removal_rules):
            kept.append(finding)
    return merge(mask_other_findings(kept, lambda path: sources[path].lines if path in sources else []))
