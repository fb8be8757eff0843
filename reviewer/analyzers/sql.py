"""Raw SQL rules: unindexed and non-sargable predicates, unbounded reads, destructive statements.

Every statement found by `sqlsource` (in `.sql` files and in strings handed to a DB API) is
parsed once and checked against the index catalog. A table the catalog does not know lowers
the confidence of a rule, or silences a rule that would have to guess; SQL that does not parse
is skipped and listed in the review (how many statements, and the first one's line), never fatal.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from functools import lru_cache

from sqlglot import exp

from reviewer.analyzers import sqlsource
from reviewer.analyzers.base import (
    AnalysisContext,
    ProjectContext,
    SourceFile,
    all_nodes,
    is_test_path,
)
from reviewer.analyzers.catalog import Catalog
from reviewer.analyzers.dbfacts import DbFacts, facts_of, prepare_facts
from reviewer.analyzers.dbrules import dialect_of, is_migration, to_finding
from reviewer.analyzers.pycontext import Functions, is_handler
from reviewer.analyzers.sqlrules import RULE_FUNCTIONS as QUERY_RULES
from reviewer.analyzers.sqlrules import Stmt
from reviewer.analyzers.sqlsafety import destructive_ddl, unfiltered_write
from reviewer.findings import Finding, Skipped

SUFFIXES = (".py", ".sql")
SINGLE_ROW = frozenset({"fetchone", "first", "one", "one_or_none", "scalar", "scalar_one", "first_or_404"})
RULE_FUNCTIONS = (*QUERY_RULES, unfiltered_write, destructive_ddl)
RULES = tuple(getattr(func, "rule") for func in RULE_FUNCTIONS)


def prepare(project: ProjectContext) -> DbFacts:
    return prepare_facts(project)


def analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]:
    catalog = facts_of(ctx.prepared).catalog
    dialect = dialect_of(ctx.options)
    for source in ctx.files:
        yield from analyze_file(source, catalog, dialect)


def analyze_file(source: SourceFile, catalog: Catalog, dialect: str) -> Iterator[Finding | Skipped]:
    texts = sqlsource.statements_in(source.path, source.text, source.tree, dialect)
    if texts is None:
        yield Skipped(source.path, f"SQL could not be tokenised as {dialect}", partial=source.path.endswith(".py"))
        return
    trees = [(text, sqlsource.parse(text, dialect)) for text in texts]
    failed = [text for text, tree in trees if tree is None]
    if failed:
        whole = source.path.endswith(".sql") and len(failed) == len(trees)
        yield Skipped(source.path, partial=not whole, reason=f"{len(failed)} SQL statement(s) could not be parsed (dialect {dialect}): "
                                   f"first at line {failed[0].line}")
    for stmt in _parsed(source, trees, catalog, dialect):
        for func in RULE_FUNCTIONS:
            for hit in func(stmt):
                yield to_finding(func, source, hit, "sql")


def _parsed(source: SourceFile, trees: list[tuple[sqlsource.SqlText, exp.Expr | None]], catalog: Catalog,
            dialect: str) -> Iterator[Stmt]:
    """Each statement that parsed, with what the rules need to know about where it runs."""
    functions = Functions(source.tree) if source.tree is not None and trees else None
    created = frozenset(
        tree.this.this.name.lower()
        for _, tree in trees
        if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema) and tree.this.this is not None
    )
    app_code = source.path.endswith(".py") and not is_migration(source.path) and not is_test_path(source.path)
    for text, tree in trees:
        if tree is None:
            continue
        scope = functions.at(text.call_line) if functions is not None else None
        yield Stmt(
            text=text,
            tree=tree,
            catalog=catalog,
            path=source.path,
            handler=is_handler(source.path, scope) if functions is not None else False,
            single_row=scope is not None and _fetches_one(scope.function),
            app_code=app_code,
            created=created,
            dialect=dialect,
        )


@lru_cache(maxsize=256)
def _fetches_one(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The function reads one row (`fetchone()`, `.first()`, `.one()`): its SELECT is a lookup."""
    return any(isinstance(n, ast.Attribute) and n.attr in SINGLE_ROW for n in all_nodes(function))
