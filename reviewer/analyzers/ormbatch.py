"""The ORM rule about loops that talk to the database once per item (PERF202).

Raw `execute` calls, Django queryset evaluations, `save()`/`delete()` of rows, SQLAlchemy
`session.get`, Peewee `Model.get()`: each one inside a data-dependent loop is a round trip per
item, and each has a batched spelling that the finding spells out.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from reviewer.analyzers.dbrules import Hit, rule
from reviewer.analyzers.ormloops import OrmFile
from reviewer.analyzers.pyquery import EVALUATING, Module, Query
from reviewer.analyzers.sqlsource import starts_statement
from reviewer.findings import Severity

DB_RECEIVER = re.compile(r"cursor|conn|session|engine|database")


@rule("PERF202", "Database query inside a loop", Severity.HIGH)
def query_in_loop(orm: OrmFile) -> Iterator[Hit]:
    """A database round trip (execute, get/filter/count, create, save, delete) runs once per item.

    Anti-pattern: `for id in ids: cursor.execute("SELECT … WHERE id = %s", [id])`, or
    `for row in csv_rows: Product(**row).save()`. Better: one batched statement —
    `WHERE id = ANY(%s)` with the list, `Model.objects.filter(id__in=ids)` / `in_bulk(ids)`,
    `Model.objects.bulk_create(objs, batch_size=1000)`, `bulk_update(objs, fields)`,
    `queryset.update(...)`, `cursor.executemany` / `execute_values`; Peewee
    `Model.select().where(Model.id.in_(ids))` instead of `Model.get(...)` per item, and
    `Model.insert_many(rows).execute()` instead of `Model.create(...)`. Why: each iteration pays
    a network round trip and a transaction commit; the loop's time grows with the data.
    Cost: N queries where one (or N / batch size) would do. High in request handlers.
    """
    innermost = _innermost_loops(orm.module)
    queries = orm.by_node
    reported: set[int] = set()
    calls = sorted((n for n in innermost.values() if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
    for node in calls:
        if node.lineno in reported:
            continue
        advice = _round_trip(node, queries.get(id(node)), orm)
        if advice is None:
            continue
        reported.add(node.lineno)
        severity, where = orm.impact(node)
        yield Hit(node.lineno, f"{advice[0]} runs once per iteration {where}: N round trips. {advice[1]}", severity=severity)


def _innermost_loops(module: Module) -> dict[int, ast.AST]:
    """Every node run once per item of a data-dependent loop, by id (each node once)."""
    inside: dict[int, ast.AST] = {}
    for loop in module.loops:
        if loop.data_dependent:
            for part in loop.body:
                inside.update((id(node), node) for node in ast.walk(part))
    return inside


def _round_trip(call: ast.Call, query: Query | None, orm: OrmFile) -> tuple[str, str] | None:
    """(what, batched alternative) for a call that talks to the database, else None."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    if query is not None and query.methods and query.methods[-1][0] in EVALUATING and query.orm == "django":
        return _django_advice(query)
    if query is not None and query.orm == "peewee" and query.methods and query.methods[-1][0] in EVALUATING:
        return _peewee_advice(query)
    if func.attr in ("execute", "exec_driver_sql") and call.args and (_is_sql(call.args[0]) or _db_receiver(func.value)):
        return _execute_advice(call)
    if func.attr in ("save", "delete") and not call.args:
        model = _constructed_model(func.value, orm)
        if model and func.attr == "save":
            return f"`{ast.unparse(call)}`", f"Build the objects in the loop and insert them at once:\n    {model}.objects.bulk_create(objs, batch_size=1000)"
        if _queried_row(func.value, orm):
            return f"`{ast.unparse(call)}`", "Write all rows at once: `Model.objects.bulk_update(objs, [\"field\"])`, or one `queryset.update(...)` / `queryset.delete()`."
        return None
    if func.attr in ("get", "scalar", "scalars") and re.search(r"session", ast.unparse(func.value)):
        return f"`{ast.unparse(call)}`", "Load all rows at once: `session.scalars(select(Model).where(Model.id.in_(ids)))`."
    return None


def _django_advice(query: Query) -> tuple[str, str]:
    last = query.methods[-1][0]
    text = f"`{ast.unparse(query.node)}`"
    if last in ("create", "get_or_create", "update_or_create"):
        return text, f"Build the objects first and insert them at once:\n    {query.model}.objects.bulk_create(objs, batch_size=1000)"
    if last in ("update", "delete"):
        return text, f"Do it in one statement over all rows: `{query.model}.objects.filter(id__in=ids).{last}(...)`."
    return text, f"Fetch everything in one query before the loop: `{query.model}.objects.in_bulk(ids)` or `.filter(<field>__in=values)`, then look rows up in the dict."


def _peewee_advice(query: Query) -> tuple[str, str]:
    last, model = query.methods[-1][0], query.model
    text = f"`{ast.unparse(query.node)}`"
    if last in ("create", "get_or_create"):
        return text, f"Collect the rows and insert them at once:\n    {model}.insert_many(rows).execute()  # or {model}.bulk_create(objs, batch_size=100)"
    return text, f"Fetch everything in one query before the loop: `{model}.select().where({model}.id.in_(ids))`, then look rows up in a dict."


def _is_sql(node: ast.expr) -> bool:
    """A literal that reads as a SQL statement (the f-string's leading text, for f-strings)."""
    if isinstance(node, ast.JoinedStr) and node.values:
        node = node.values[0]
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and starts_statement(node.value)


def _db_receiver(node: ast.expr) -> bool:
    """`cursor`, `self.conn`, `db.session`, `cur`: the receiver is named like a DB handle."""
    name = (node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else "").lower()
    return name in ("cur", "db", "tx", "txn") or bool(DB_RECEIVER.search(name))


def _execute_advice(call: ast.Call) -> tuple[str, str]:
    first = call.args[0]
    sql = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else ""
    text = f"`{ast.unparse(call.func)}(...)`"
    if sql.lstrip().upper().startswith("INSERT"):
        return text, "Send all rows in one call: `cursor.executemany(sql, rows)` or psycopg's `execute_values`."
    batched = re.sub(r"=\s*(%s|\?|:\w+|%\(\w+\)s)", r"= ANY(\1)", sql, count=1) if sql else ""
    example = f"\n    cursor.execute({batched!r}, [ids])" if batched and batched != sql else ""
    return text, f"Query all ids at once with `= ANY(%s)` and a list parameter:{example or ' WHERE id = ANY(%s)'}"


def _queried_row(receiver: ast.expr, orm: OrmFile) -> bool:
    """Is the receiver a row read through the ORM (a query loop's variable or a name bound to a query)?"""
    if not isinstance(receiver, ast.Name):
        return False
    if any(loop.target == receiver.id and loop.query is not None for loop in orm.module.loops):
        return True
    return any(receiver.id in names for names in orm.module.bound.values())


def _constructed_model(receiver: ast.expr, orm: OrmFile) -> str | None:
    """`Product(...).save()` or `p = Product(...); p.save()` → "Product"."""
    if isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name) and receiver.func.id[:1].isupper():
        return receiver.func.id
    if isinstance(receiver, ast.Name):
        return orm.constructed.get(receiver.id)
    return None
