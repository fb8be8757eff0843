"""Indexes the change takes away, and the queries at the head that still rely on them.

The base catalog is the head's, rebuilt with the changed schema files read at the base (see
`basetext`): an index the base has and the head lacks — a removed `db_index=True` or
`Meta.indexes` entry, a `RemoveIndex` / `DROP INDEX` / `op.drop_index`, a deleted index
migration — is lost, unless another index still leads with the same column. Its users are found
in the head's application code: SQL WHERE/ORDER BY and ORM filter/order_by on that column. The
scan reads only files that mention the column, and runs only when an index is lost.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from reviewer.analyzers import sqlsource
from reviewer.analyzers.base import ProjectContext, Workspace, is_test_path
from reviewer.analyzers.basetext import base_text
from reviewer.analyzers.catalog import Catalog
from reviewer.analyzers.dbrules import is_migration
from reviewer.analyzers.modelschema import build_catalog
from reviewer.analyzers.ormlookups import lookups, order_fields
from reviewer.analyzers.pyquery import walk
from reviewer.analyzers.sqlpreds import order_keys, predicates
from reviewer.diff import FileDiff, FileStatus

MAX_USAGES = 5
_DROP = re.compile(r"(?i)drop_index|DROP\s+INDEX|RemoveIndex")


@dataclass(frozen=True)
class LostIndex:
    table: str
    column: str
    name: str | None
    usages: tuple[str, ...]  # "path:line" of head queries filtering or sorting on the column
    dropped_by_operation: bool = False  # an added DROP INDEX / drop_index / RemoveIndex names it (PERF208's)


class _BaseView:
    """The repository as the base saw it: changed files at the base, the rest at the head."""

    def __init__(self, project: ProjectContext) -> None:
        self.head = project.head
        self.base = project.base
        self.changed: dict[str, FileDiff] = {f.old_path or f.path: f for f in project.diff.files if f.status is not FileStatus.ADDED}
        self.added = {f.path for f in project.diff.files if f.status is FileStatus.ADDED or f.old_path != f.path}

    def read(self, path: str) -> str | None:
        file_diff = self.changed.get(path)
        if file_diff is None:
            return self.head.read(path)
        head = None if file_diff.status is FileStatus.DELETED else self.head.read(file_diff.path)
        return base_text(file_diff, head, self.base)

    def list_files(self) -> list[str]:
        return sorted({p for p in self.head.list_files() if p not in self.added} | set(self.changed))


def lost_indexes(project: ProjectContext, head: Catalog, dialect: str) -> dict[tuple[str, str], LostIndex]:
    view = _BaseView(project)
    base = build_catalog(view, dialect, list(view.changed))
    lost: dict[tuple[str, str], str | None] = {}
    for table in base.tables.values():
        now = head.table(table.name)
        for index in table.indexes:
            column = index.columns[0]
            if now is not None and "(" not in column and not now.leading(column) and not index.partial:
                lost.setdefault((table.name, column), index.name)
    if not lost:
        return {}
    found = usages(project.head, head, set(lost), dialect)
    drops = [line.text for f in project.diff.files for h in f.hunks for line in h.lines
             if line.kind == "+" and _DROP.search(line.text)]
    return {key: LostIndex(key[0], key[1], name, tuple(found.get(key, ())),
                           any((name or key[1]) in text or key[1] in text for text in drops)) for key, name in lost.items()}


def usages(head: Workspace, catalog: Catalog, wanted: set[tuple[str, str]], dialect: str) -> dict[tuple[str, str], list[str]]:
    """Where application code at the head filters or sorts on each (table, column)."""
    words = {column for _, column in wanted} | {f for t, c in wanted if (m := catalog.model_for_table(t)) for f, col in m.fields.items() if col == c}
    found: dict[tuple[str, str], list[str]] = {}
    for path in head.list_files():
        if not path.endswith((".py", ".sql")) or is_migration(path) or is_test_path(path):
            continue
        text = _read(head, path)
        if text is None or not any(word in text for word in words):
            continue
        for key, line in _file_usages(path, text, catalog, wanted, dialect):
            if len(found.setdefault(key, [])) < MAX_USAGES and f"{path}:{line}" not in found[key]:
                found[key].append(f"{path}:{line}")
    return found


def _read(head: Workspace, path: str) -> str | None:
    try:
        return head.read(path)
    except ValueError:
        return None


def _file_usages(path: str, text: str, catalog: Catalog, wanted: set[tuple[str, str]], dialect: str) -> list[tuple[tuple[str, str], int]]:
    tree = None
    if path.endswith(".py"):
        try:
            tree = ast.parse(text, filename=path)
        except (SyntaxError, ValueError):
            return []
    hits = []
    for statement in sqlsource.statements_in(path, text, tree, dialect) or []:
        parsed = sqlsource.parse(statement, dialect)
        if parsed is not None:
            keys = predicates(parsed, statement, catalog) + order_keys(parsed, statement, catalog)
            hits += [((k.table, k.column), k.line) for k in keys if k.table and not k.wrapped and (k.table, k.column) in wanted]
    if tree is not None:
        hits += _orm_usages(tree, catalog, wanted)
    return hits


def _orm_usages(tree: ast.Module, catalog: Catalog, wanted: set[tuple[str, str]]) -> list[tuple[tuple[str, str], int]]:
    hits = []
    for query, _ in walk(tree, catalog.peewee_models).queries:
        model = catalog.models.get(query.model)
        if model is None:
            continue
        fields = [(f, c.lineno) for f, _, c in lookups(query)] + [(f, c.lineno) for f, c in order_fields(query)]
        for field, line in fields:
            key = (model.table, model.fields.get(field, ""))
            if key in wanted:
                hits.append((key, line))
    return hits
