"""The AI review on a new push: only the hunks changed since the last reviewed head.

Deterministic checks are cheap and always cover the whole PR. The model is not: on a push to a
PR it already reviewed, it is shown only the hunks that changed since the head recorded in the
summary marker (when the checkout has both commits), and the summary says so. Any doubt
(no prior head, a missing commit, an error) means the full diff, never less coverage.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from reviewer.analyzers.base import SourceFile
from reviewer.config import Config
from reviewer.diff import Diff, DiffError, parse_diff
from reviewer.github.fetch import PullInfo, has_commits
from reviewer.pipeline import Enricher
from reviewer.review import Review
from reviewer.workspace import WorkspaceError, git_diff

def persona_enricher(config: Config, checkout: Path, info: PullInfo, environ: Mapping[str, str]) -> Enricher | None:
    """The persona stage for this PR, or None when the AI review is off."""
    if config.llm == "off":  # skip importing the SDK at all
        return None
    from reviewer.persona.stage import make_enricher

    return make_enricher(config, repo_root=checkout, pr_title=info.title, pr_body=info.body, environ=environ)


def changed_since(checkout: Path | None, prior_head: str | None, head: str) -> Diff | None:
    """What changed between the last reviewed head and this one, or None to review everything."""
    if checkout is None or not prior_head or prior_head == head or not has_commits(checkout, prior_head, head):
        return None
    try:
        return parse_diff(git_diff(checkout, prior_head, head))
    except (DiffError, WorkspaceError) as exc:
        print(f"reviewer: warning: full AI review: cannot diff against {prior_head[:12]}: {exc}", file=sys.stderr)
        return None


def narrow(diff: Diff, since: Diff) -> Diff:
    """The hunks of the PR diff that overlap lines changed since the last reviewed head."""
    files = []
    for file_diff in diff.files:
        changed = since.file(file_diff.path)
        if changed is None:
            continue
        touched = changed.added_lines
        hunks = tuple(h for h in file_diff.hunks if any(n in touched for n in h.new_range))
        if hunks:
            files.append(replace(file_diff, hunks=hunks))
    return Diff(files=tuple(files))


def incremental(enrich: Enricher, since: Diff, prior_head: str) -> Enricher:
    """Wrap the persona stage so it sees only what changed since `prior_head`."""

    def run(review: Review, diff: Diff, sources: dict[str, SourceFile]) -> Review:
        narrowed = narrow(diff, since)
        seen = {path: source for path, source in sources.items() if narrowed.file(path) is not None}
        result = enrich(review, narrowed, seen)
        note = (
            f"The AI review covered only the hunks changed since {prior_head[:12]}, the last reviewed head; "
            "deterministic checks cover the whole PR."
        )
        return replace(result, notes=(*result.notes, note))

    return run
