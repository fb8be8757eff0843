"""The raw-SQL data-safety rules: writes that hit every row, destructive DDL in code paths."""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp

from reviewer.analyzers.base import is_test_path
from reviewer.analyzers.dbrules import Hit, is_migration, rule
from reviewer.analyzers.sqlrules import Stmt
from reviewer.findings import Category, Confidence, Severity


@rule("DB101", "UPDATE or DELETE without WHERE", Severity.CRITICAL, category=Category.RELIABILITY, confidence=Confidence.HIGH)
def unfiltered_write(stmt: Stmt) -> Iterator[Hit]:
    """`UPDATE accounts SET balance = 0` or `DELETE FROM sessions` in application code.

    Anti-pattern: a write with no WHERE clause changes every row of the table. Better: name
    the rows (`UPDATE accounts SET balance = 0 WHERE id = %s`); if the whole table really is
    meant, make it explicit (`WHERE true`) and run it as a reviewed data migration. Why: one
    missing clause is an outage and a restore from backup. Migrations are exempt (backfills
    are deliberate there), as are statements whose WHERE may sit in an interpolated part.
    """
    tree = stmt.tree
    if not isinstance(tree, exp.Update | exp.Delete) or tree.args.get("where") or stmt.text.dynamic:
        return
    if not stmt.app_code and not (stmt.path.endswith(".sql") and not is_migration(stmt.path)):
        return
    table = tree.this.sql() if tree.this is not None else "the table"
    verb = "UPDATE" if isinstance(tree, exp.Update) else "DELETE"
    yield Hit(stmt.text.line, f"`{verb}` without WHERE changes every row of `{table}`. Restrict it, e.g. "
              f"`{tree.sql(dialect=stmt.dialect)} WHERE id = %s`.")


@rule("DB102", "TRUNCATE or DROP TABLE outside a migration", Severity.HIGH, category=Category.RELIABILITY)
def destructive_ddl(stmt: Stmt) -> Iterator[Hit]:
    """`TRUNCATE` or `DROP TABLE` in application code or an ad-hoc script.

    Better: schema and bulk-data removals belong in a reviewed, versioned migration that can be
    rolled out (and backed up) deliberately. Why: a destructive statement in a code path runs
    whenever the path does — in production too. Tests, migrations and scripts that create the
    same table they drop (reset scripts) are exempt.
    """
    tree = stmt.tree
    tables = tree.expressions if isinstance(tree, exp.TruncateTable) else (
        tree.args.get("tables") or [] if isinstance(tree, exp.Drop) and str(tree.args.get("kind")).upper() == "TABLE" else [])
    if not tables or is_test_or_migration(stmt.path):
        return
    names = [t.name.lower() for t in tables]
    if all(name in stmt.created for name in names):
        return
    verb = "TRUNCATE" if isinstance(tree, exp.TruncateTable) else "DROP TABLE"
    yield Hit(stmt.text.line, f"`{verb} {', '.join(names)}` outside a migration destroys data whenever this runs; "
              f"move it into a reviewed migration.")


def is_test_or_migration(path: str) -> bool:
    return is_test_path(path) or is_migration(path)
