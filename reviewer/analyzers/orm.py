"""ORM rules: N+1 relation access (and its return after a change), queries in loops,
unindexed and non-sargable lookups, wasteful evaluation — for Django QuerySets, SQLAlchemy
select/query chains and Peewee `Model.select()` chains.

Each changed Python file is parsed once (`SourceFile.tree`) and walked once (`pyquery.walk`);
relations and indexes come from the catalog prepared from the repository's models, removed
eager loads from the base side of the change (`eagerbase`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from reviewer.analyzers.base import AnalysisContext, ProjectContext, SourceFile
from reviewer.analyzers.dbfacts import DbFacts, facts_of, prepare_facts
from reviewer.analyzers.dbrules import is_migration, to_finding
from reviewer.analyzers.ormbatch import query_in_loop
from reviewer.analyzers.ormlookups import exists_check, len_queryset, nonsargable_lookup, unbounded_iteration, unindexed_lookup
from reviewer.analyzers.ormloops import OrmFile, n_plus_one
from reviewer.analyzers.ormregress import eager_load_removed
from reviewer.analyzers.pycontext import Functions
from reviewer.analyzers.pyquery import walk
from reviewer.findings import Finding, Skipped

SUFFIXES = (".py",)
RULE_FUNCTIONS = (n_plus_one, eager_load_removed, query_in_loop, unindexed_lookup, nonsargable_lookup, len_queryset,
                  exists_check, unbounded_iteration)
RULES = tuple(getattr(func, "rule") for func in RULE_FUNCTIONS)
ORM_HINTS = (".objects", "session", "select(", ".execute", ".save(", ".query", ".get(", ".create(", "prefetch(")


def prepare(project: ProjectContext) -> DbFacts:
    return prepare_facts(project)


def analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]:
    facts = facts_of(ctx.prepared)
    for source in ctx.files:
        yield from analyze_file(source, facts)


def analyze_file(source: SourceFile, prepared: object) -> Iterator[Finding]:
    """All ORM rules over one file; migrations and files with no query-shaped text are skipped."""
    if source.tree is None or is_migration(source.path) or not any(hint in source.text for hint in ORM_HINTS):
        return
    facts = facts_of(prepared)
    module = walk(source.tree, facts.catalog.peewee_models)
    if not module.queries and not module.loops:
        return
    added = source.diff.added_lines if source.diff is not None else frozenset()
    orm = OrmFile(source.path, source.tree, module, facts.catalog, Functions(source.tree), source.lines, added,
                  facts.removed_loads.get(source.path, ()))
    for func in RULE_FUNCTIONS:
        for hit in func(orm):
            yield to_finding(func, source, hit, "orm")
