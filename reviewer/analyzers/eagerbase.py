"""Eager loads a change removed: the base side of the "N+1 returns" regression rule.

With the base commit at hand, the file's base version is parsed and every query chain that
overlaps a removed line contributes the relations it eager-loaded (`select_related`,
`prefetch_related`, `joinedload`, `selectinload`, `subqueryload`), with its model. With only
the diff, the removed lines themselves are read, and the model is left open. Only modified
Python files whose removed lines name a loader are looked at.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from reviewer.analyzers.base import ProjectContext
from reviewer.analyzers.basetext import base_text, removed
from reviewer.analyzers.pyquery import walk
from reviewer.diff import FileDiff, FileStatus

LOADERS = re.compile(r"\b(select_related|prefetch_related|joinedload|selectinload|subqueryload)\s*\(([^()]*)")
_RELATION = re.compile(r"""["']([A-Za-z_]\w*)|\.([A-Za-z_]\w*)""")


@dataclass(frozen=True)
class RemovedLoad:
    """A relation the base loaded eagerly on a line this change removed."""

    model: str  # "" when only the diff was read (the model is then not known)
    relation: str
    old_line: int
    anchor: int | None  # the new-side line next to the removal


def removed_loads(project: ProjectContext) -> dict[str, tuple[RemovedLoad, ...]]:
    found: dict[str, tuple[RemovedLoad, ...]] = {}
    for file_diff in project.diff.files:
        if not file_diff.path.endswith(".py") or file_diff.status not in (FileStatus.MODIFIED, FileStatus.RENAMED):
            continue
        lines = [(old, text, anchor) for old, text, anchor in removed(file_diff) if LOADERS.search(text)]
        if not lines:
            continue
        loads = _from_base(file_diff, project, lines) if project.base is not None else _from_lines(lines)
        if loads:
            found[file_diff.path] = tuple(loads)
    return found


def _from_lines(lines: list[tuple[int, str, int | None]]) -> list[RemovedLoad]:
    loads = []
    for old, text, anchor in lines:
        for match in LOADERS.finditer(text):
            for quoted, attribute in _RELATION.findall(match.group(2)):
                loads.append(RemovedLoad("", (quoted or attribute).split("__")[0], old, anchor))
    return loads


def _from_base(file_diff: FileDiff, project: ProjectContext, lines: list[tuple[int, str, int | None]]) -> list[RemovedLoad]:
    text = base_text(file_diff, None, project.base)
    try:
        tree = ast.parse(text or "", filename=file_diff.path)
    except (SyntaxError, ValueError):
        return _from_lines(lines)
    anchors = {old: anchor for old, _, anchor in lines}
    loads = []
    for query, _ in walk(tree).queries:
        span = range(query.node.lineno, (query.node.end_lineno or query.node.lineno) + 1)
        hit = next((old for old in anchors if old in span), None)
        if hit is not None:
            loads += [RemovedLoad(query.model, path.split("__")[0], hit, anchors[hit]) for path in sorted(query.eager_paths)]
    return loads
