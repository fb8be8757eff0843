"""Migration safety: schema changes that lock, rewrite or break a live Postgres table.

squawk's rule set is the reference. Changes come from `.sql` files, `RunSQL`/`op.execute`
strings, Django operations and alembic `op.*` calls (see `migrationops`); a change to a table
created in the same file is safe (the table is new and empty) and never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from reviewer.analyzers import sqlsource
from reviewer.analyzers.base import AnalysisContext, ProjectContext, SourceFile
from reviewer.analyzers.dbfacts import DbFacts, facts_of, prepare_facts
from reviewer.analyzers.dbrules import Hit, dialect_of, is_migration, rule, to_finding
from reviewer.analyzers.indexregress import index_declaration_removed
from reviewer.analyzers.migrationops import Change, python_changes, sql_changes
from reviewer.findings import Category, Confidence, Finding, Severity, Skipped

SUFFIXES = (".py", ".sql")
_R = Category.RELIABILITY
_CREATE_INDEX = re.compile(r"\bCREATE(\s+UNIQUE)?\s+INDEX\b(?!\s+CONCURRENTLY)", re.I)


@rule("DB201", "CREATE INDEX without CONCURRENTLY locks the table", Severity.HIGH, category=_R)
def blocking_index(change: Change, dialect: str) -> Iterator[Hit]:
    """Building an index on an existing table without CONCURRENTLY blocks every write to it.

    Anti-pattern: `CREATE INDEX orders_status_idx ON orders (status);`, Django `AddIndex`,
    alembic `op.create_index(...)` on a table that already holds data. Better: `CREATE INDEX
    CONCURRENTLY … ON …(…);` outside a transaction — Django `AddIndexConcurrently` in a
    migration with `atomic = False`; alembic `op.create_index(…, postgresql_concurrently=True)`
    inside `with op.get_context().autocommit_block():`. Why: a plain CREATE INDEX holds a
    SHARE lock for the whole build; inserts, updates and deletes wait. Cost: write downtime
    proportional to the table size (minutes on large tables). Postgres only.
    """
    if change.kind != "create_index" or change.new_table or change.details["concurrently"] or dialect != "postgres":
        return
    fix = {
        "sql": f"CREATE INDEX CONCURRENTLY … ON {change.table} (…);  -- outside a transaction",
        "django": "AddIndexConcurrently(model_name=…, index=…)  # from django.contrib.postgres.operations; "
                  "set `atomic = False` on the Migration",
        "alembic": "with op.get_context().autocommit_block():\n        op.create_index(…, postgresql_concurrently=True)",
    }[change.origin]
    statement = change.details.get("statement", "")
    yield Hit(change.line, f"Building this index on the existing table `{change.table}` blocks all writes to it until "
              f"the build finishes. Build it concurrently:\n    {_concurrent(statement) if change.origin == 'sql' else fix}")


def _concurrent(statement: str) -> str:
    return _CREATE_INDEX.sub(lambda m: f"CREATE{m.group(1) or ''} INDEX CONCURRENTLY", statement, count=1) + ";"


@rule("DB202", "NOT NULL column added without a default", Severity.HIGH, category=_R)
def not_null_without_default(change: Change, dialect: str) -> Iterator[Hit]:
    """`ALTER TABLE … ADD COLUMN x int NOT NULL` (or a non-null field/Column) with no default.

    Anti-pattern: adding a required column to a table that has rows. Better: add it nullable,
    backfill in batches, then `SET NOT NULL` (after a `CHECK (x IS NOT NULL) NOT VALID` +
    `VALIDATE`); or give it a constant DEFAULT (cheap since Postgres 11). Django: `null=True`
    first, or a `default`/`db_default`; alembic: `server_default=`. Why: the statement fails
    on any non-empty table — the deploy breaks halfway. Cost: a failed migration.
    """
    details = change.details
    if change.kind != "add_column" or change.new_table or not details["not_null"] or details["default"]:
        return
    column = details["column"]
    yield Hit(change.line, f"Adding NOT NULL column `{column}` to the existing table `{change.table}` without a default "
              f"fails as soon as the table has a row. Add it nullable and backfill, or with a default: "
              f"ALTER TABLE {change.table} ADD COLUMN {column} {details.get('type') or '<type>'} DEFAULT <value> NOT NULL;")


@rule("DB203", "Column type change rewrites the table", Severity.MEDIUM, category=_R)
def type_change(change: Change, dialect: str) -> Iterator[Hit]:
    """`ALTER COLUMN … TYPE …` (alembic `alter_column(type_=…)`) on an existing table.

    Better: add a new column, dual-write, backfill in batches, switch reads, drop the old one.
    Why: most type changes rewrite the table and its indexes under an ACCESS EXCLUSIVE lock:
    no reads or writes meanwhile; running code may also break on the new type. Cost: full
    downtime of the table for the rewrite (exempt: varchar widening, which Postgres does
    without a rewrite — still reported at this severity because the length is not checked).
    """
    if change.kind != "alter_type" or change.new_table:
        return
    column, kind = change.details["column"], change.details["type"]
    yield Hit(change.line, f"Changing `{change.table}.{column}` to `{kind}` rewrites the table under an ACCESS EXCLUSIVE "
              f"lock. Add a new column, backfill it in batches, and switch over instead.")


@rule("DB204", "Constraint validated while holding a lock (no NOT VALID)", Severity.MEDIUM, category=_R)
def constraint_without_not_valid(change: Change, dialect: str) -> Iterator[Hit]:
    """`ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY/CHECK` without `NOT VALID`.

    Better: `ADD CONSTRAINT … NOT VALID;` then, in a separate statement or migration,
    `ALTER TABLE … VALIDATE CONSTRAINT …;`. Why: adding a validated constraint scans the
    whole table while blocking writes (and, for a foreign key, the referenced table too);
    VALIDATE takes a weaker lock that lets writes continue. Cost: write downtime for a full
    table scan. Postgres only.
    """
    if change.kind != "add_constraint" or change.new_table or change.details["not_valid"] or dialect != "postgres":
        return
    kind = change.details["constraint"]
    yield Hit(change.line, f"Adding a {kind} constraint to `{change.table}` validates every row while blocking writes. "
              f"Add it with NOT VALID, then validate separately:\n    ALTER TABLE {change.table} ADD CONSTRAINT … "
              f"{kind} (…) NOT VALID;\n    ALTER TABLE {change.table} VALIDATE CONSTRAINT …;")


@rule("DB205", "Rename of a column or table that running code still uses", Severity.MEDIUM, category=_R)
def rename(change: Change, dialect: str) -> Iterator[Hit]:
    """Renaming a column or table (SQL, alembic, Django `RenameField`/`RenameModel`).

    Better: expand and contract — add the new name (column, or a view for a table), write to
    both, move readers, then drop the old name in a later release. Why: during a deploy the
    old code is still running and queries the old name; every such query fails until the
    rollout finishes (and a rollback breaks the new code). Cost: errors for the duration of
    every deploy that straddles the rename.
    """
    if change.kind != "rename" or change.new_table:
        return
    yield Hit(change.line, f"Renaming {change.details['what']} to `{change.details['to']}` breaks the code still running "
              f"during the deploy. Add the new name alongside the old one, migrate readers, and drop the old name later.")


@rule("PERF208", "Index dropped: queries on its columns lose it", Severity.MEDIUM, confidence=Confidence.LOW)
def index_dropped(change: Change, dialect: str) -> Iterator[Hit]:
    """A migration drops an index (`DROP INDEX`, alembic `op.drop_index`, Django `RemoveIndex`).

    Anti-pattern: removing an index in a "cleanup" while code still filters, joins or sorts on
    its columns — the queries keep working, just as sequential scans, so nothing fails until
    production load arrives. Better: confirm the index is unused (`pg_stat_user_indexes.idx_scan`
    on production), and drop it with `DROP INDEX CONCURRENTLY` (alembic
    `postgresql_concurrently=True` in an autocommit block; Django `RemoveIndexConcurrently`).
    Why: a missing index is a silent performance regression; a plain DROP INDEX also takes an
    ACCESS EXCLUSIVE lock on the table. Cost: every query that used it becomes a full scan.
    Not reported when the same migration creates a replacement index on the same leading column.
    The repository at the head is searched for queries that filter or sort on the index's
    leading column (when no other index leads with it): found ones are listed and raise the
    confidence to high; with none found, the finding stays at low confidence.
    """
    if change.kind != "drop_index" or change.details.get("replaced"):
        return
    name, keys, table = change.details["name"], change.details.get("keys"), change.details.get("table") or change.table
    usages = change.details.get("usages") or ()
    covered = f" on `{table}({', '.join(keys)})`" if keys else ""
    how = "" if change.details["concurrently"] else " It is also dropped without CONCURRENTLY, which locks the table."
    used = (f" These queries still filter or sort on `{(keys or ['?'])[0]}` and turn into sequential scans: "
            f"{', '.join(usages)}." if usages else " No query in the repository was found using it; check production too.")
    yield Hit(change.line, f"This drops index `{name}`{covered}: every query that filters, joins or sorts on "
              f"{'`' + keys[0] + '`' if keys else 'its columns'} becomes a sequential scan.{used} Check it is unused "
              f"(pg_stat_user_indexes.idx_scan) before dropping it, and drop it concurrently: "
              f"DROP INDEX CONCURRENTLY {name};{how}", confidence=Confidence.HIGH if usages else Confidence.LOW)


RULE_FUNCTIONS = (blocking_index, not_null_without_default, type_change, constraint_without_not_valid, rename, index_dropped)
RULES = tuple(getattr(func, "rule") for func in (*RULE_FUNCTIONS, index_declaration_removed))


def prepare(project: ProjectContext) -> DbFacts:
    return prepare_facts(project)


def analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]:
    dialect = dialect_of(ctx.options)
    facts = facts_of(ctx.prepared)
    for source in ctx.files:
        yield from analyze_file(source, dialect, facts)


def changes_in(source: SourceFile, dialect: str) -> list[Change] | None:
    """The schema changes of a file: all DDL of `.sql` files; RunSQL/op.execute and operations of migrations."""
    if source.path.endswith(".sql"):
        texts = sqlsource.split_sql_file(source.text, dialect)
        return None if texts is None else sql_changes(texts, dialect)
    if source.tree is None or not is_migration(source.path):
        return []
    texts = [t for t in sqlsource.find_sql(source.tree, source.lines) if t.api.endswith(("RunSQL", "op.execute", ".execute"))]
    return sql_changes(texts, dialect) + python_changes(source.tree)


def analyze_file(source: SourceFile, dialect: str, prepared: object = None) -> Iterator[Finding | Skipped]:
    facts = facts_of(prepared)
    if facts.lost and source.diff is not None:
        for hit in index_declaration_removed(source, facts.lost, facts.catalog):
            yield to_finding(index_declaration_removed, source, hit, "migrations")
    changes = changes_in(source, dialect)
    if changes is None:
        yield Skipped(source.path, f"SQL could not be tokenised as {dialect}")
        return
    for change in _with_dropped_keys(changes, facts):
        for func in RULE_FUNCTIONS:
            for hit in func(change, dialect):
                yield to_finding(func, source, _with_suggestion(hit, source), "migrations")


def _with_suggestion(hit: Hit, source: SourceFile) -> Hit:
    """A one-line plain CREATE INDEX gets its exact replacement: the same line, made concurrent."""
    line = source.lines[hit.line - 1] if 0 < hit.line <= len(source.lines) else ""
    if not _CREATE_INDEX.search(line) or "Build it concurrently" not in hit.message:
        return hit
    fixed = _CREATE_INDEX.sub(lambda m: f"CREATE{m.group(1) or ''} INDEX CONCURRENTLY", line, count=1)
    return Hit(hit.line, hit.message, hit.end_line, hit.severity, hit.confidence, fixed)


def _with_dropped_keys(changes: list[Change], facts: DbFacts) -> list[Change]:
    """Name what each dropped index covered (from the catalog), whether this file replaces it,
    and which queries at the head still filter or sort on its leading column."""
    catalog = facts.catalog
    created = {(c.table, c.details.get("leading", "")) for c in changes if c.kind == "create_index"}
    result = []
    for change in changes:
        if change.kind == "drop_index":
            table, keys = catalog.dropped.get(change.details["name"].lower()) or catalog.index_named(change.details["name"]) \
                or (change.table, ())
            replaced = bool(keys) and (table, keys[0]) in created
            lost = facts.lost.get((table, keys[0])) if keys else None
            change = Change(change.kind, change.table, change.line, change.origin, change.new_table,
                            {**change.details, "table": table, "keys": keys, "replaced": replaced,
                             "usages": lost.usages if lost is not None else ()})
        result.append(change)
    return result
