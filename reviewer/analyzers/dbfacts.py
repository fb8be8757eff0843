"""What the database analyzers know about the whole repository, prepared once per review.

The head catalog (tables, indexes, relations), and for the regression rules what the change
took away: eager loads removed from queries, per changed file, and indexes the base had that the
head lacks, with the queries at the head that still rely on them. The base is only consulted for
files the diff touches, and indexes are only compared when the diff touches a schema file, so a
review of application code pays for the head catalog alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reviewer.analyzers.base import ProjectContext
from reviewer.analyzers.catalog import Catalog, is_schema_path
from reviewer.analyzers.dbrules import dialect_of
from reviewer.analyzers.eagerbase import RemovedLoad, removed_loads
from reviewer.analyzers.indexusage import LostIndex, lost_indexes
from reviewer.analyzers.modelschema import build_catalog

_CACHE: list[tuple[ProjectContext, DbFacts]] = []


@dataclass
class DbFacts:
    catalog: Catalog = field(default_factory=Catalog)
    removed_loads: dict[str, tuple[RemovedLoad, ...]] = field(default_factory=dict)  # path -> eager loads removed
    lost: dict[tuple[str, str], LostIndex] = field(default_factory=dict)  # (table, column) -> index lost


def facts_of(prepared: Any) -> DbFacts:
    """The prepared facts; a bare catalog (as tests hand one over) is wrapped."""
    if isinstance(prepared, DbFacts):
        return prepared
    return DbFacts(prepared if isinstance(prepared, Catalog) else Catalog())


def prepare_facts(project: ProjectContext) -> DbFacts:
    """Built once per review however many database analyzers ask for it."""
    for cached, facts in _CACHE:
        if cached is project:
            return facts
    dialect = dialect_of(project.options)
    catalog = build_catalog(project.head, dialect, [f.path for f in project.diff.files])
    facts = DbFacts(catalog, removed_loads(project))
    if any(is_schema_path(f.path) or is_schema_path(f.old_path or "") for f in project.diff.files):
        facts.lost = lost_indexes(project, catalog, dialect)
    _CACHE[:] = [(project, facts)]
    return facts
