"""ORM rules: N+1 relation access, queries in loops, unindexed and non-sargable lookups,
wasteful evaluation — for Django QuerySets and SQLAlchemy select/query chains.

Each changed Python file is parsed once (`SourceFile.tree`) and walked once (`pyquery.walk`);
relations and indexes come from the catalog prepared from the repository's models.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from reviewer.analyzers.base import AnalysisContext, ProjectContext, SourceFile
from reviewer.analyzers.catalog import Catalog
from reviewer.analyzers.dbrules import is_migration, prepare_catalog, to_finding
from reviewer.analyzers.ormlookups import exists_check, len_queryset, nonsargable_lookup, unbounded_iteration, unindexed_lookup
from reviewer.analyzers.ormloops import OrmFile, n_plus_one, query_in_loop
from reviewer.analyzers.pycontext import Functions
from reviewer.analyzers.pyquery import walk
from reviewer.findings import Finding, Skipped

SUFFIXES = (".py",)
RULE_FUNCTIONS = (n_plus_one, query_in_loop, unindexed_lookup, nonsargable_lookup, len_queryset, exists_check,
                  unbounded_iteration)
RULES = tuple(getattr(func, "rule") for func in RULE_FUNCTIONS)
ORM_HINTS = (".objects", "session", "select(", ".execute", ".save(", ".query")


def prepare(project: ProjectContext) -> Catalog:
    return prepare_catalog(project)


def analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]:
    catalog = ctx.prepared if isinstance(ctx.prepared, Catalog) else Catalog()
    for source in ctx.files:
        yield from analyze_file(source, catalog)


def analyze_file(source: SourceFile, catalog: Catalog) -> Iterator[Finding]:
    """All ORM rules over one file; migrations and files with no query-shaped text are skipped."""
    if source.tree is None or is_migration(source.path) or not any(hint in source.text for hint in ORM_HINTS):
        return
    module = walk(source.tree)
    if not module.queries and not module.loops:
        return
    added = source.diff.added_lines if source.diff is not None else frozenset()
    orm = OrmFile(source.path, source.tree, module, catalog, Functions(source.tree), source.lines, added)
    for func in RULE_FUNCTIONS:
        for hit in func(orm):
            yield to_finding(func, source, hit, "orm")
