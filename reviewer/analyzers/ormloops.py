"""ORM rules about loops: N+1 relation access and a database round trip per iteration."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from reviewer.analyzers.base import all_nodes
from reviewer.analyzers.catalog import Catalog, Model
from reviewer.analyzers.dbrules import Hit, rule
from reviewer.analyzers.pycontext import Functions, impact
from reviewer.analyzers.pyquery import EVALUATING, Loop, Module, Query
from reviewer.analyzers.saschema import EAGER_LAZY
from reviewer.analyzers.sqlsource import STATEMENT_START
from reviewer.findings import Confidence, Severity

DB_RECEIVER = re.compile(r"cursor|conn|session|engine|database")
MANY_METHODS = frozenset({"all", "filter", "exclude", "count", "exists", "first", "last", "get", "order_by", "values", "values_list"})


@dataclass(frozen=True)
class OrmFile:
    """What the ORM rules read about one changed Python file."""

    path: str
    tree: ast.Module
    module: Module
    catalog: Catalog
    functions: Functions
    lines: list[str]
    added: frozenset[int] = frozenset()  # lines this diff adds: anchors a regression where it happened

    @cached_property
    def by_node(self) -> dict[int, Query]:
        return {id(query.node): query for query, _ in self.module.queries}

    def impact(self, node: ast.AST) -> tuple[Severity, str]:
        return impact(self.path, self.functions.at(getattr(node, "lineno", 0)))


def _accesses(loop: Loop) -> Iterator[tuple[ast.Attribute, str | None]]:
    """`target.attr` reads in the loop body, in source order, with the method called on them."""
    found: list[ast.Attribute] = []
    method: dict[int, str] = {}
    for part in loop.body:
        for node in ast.walk(part):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == loop.target:
                found.append(node)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
                method[id(node.value)] = node.attr
    for node in sorted(found, key=lambda n: (n.lineno, n.col_offset)):
        yield node, method.get(id(node))


def _fix(query: Query, model: Model | None, relation: str, many: bool) -> str:
    chain = ast.unparse(query.node)
    if query.orm == "sqlalchemy":
        loader = "selectinload" if many else "joinedload"
        return f"{chain}.options({loader}({query.model}.{relation}))"
    method = "prefetch_related" if many else "select_related"
    return f'{chain}.{method}("{relation}")'


@rule("PERF201", "N+1 queries: relation loaded once per loop iteration", Severity.HIGH)
def n_plus_one(orm: OrmFile) -> Iterator[Hit]:
    """A loop over a query result reads a relation of each row that the query did not load.

    Anti-pattern: `for order in Order.objects.filter(...): order.customer.email` — Django (or
    SQLAlchemy's default lazy loading) runs one more query per order. Better: load the
    relation with the rows: `.select_related("customer")` for a foreign key, `.prefetch_related
    ("items")` for a reverse or many-to-many relation; SQLAlchemy `.options(joinedload(Order.
    customer))` / `selectinload(...)`, or `lazy="selectin"` on the relationship. Why: query
    count grows with the data, each query a network round trip. Cost: 1 + N queries (one per
    row). High in a request handler, medium in a management command. Relations are taken from
    the repository's models; on an unknown model only explicit related-manager calls count.
    """
    for loop in orm.module.loops:
        query, eager = loop.query, loop.query.eager if loop.query is not None else set()
        if query is None:
            query, eager = _related_manager(loop, orm)
        if query is None or loop.target is None:
            continue
        model = orm.catalog.models.get(query.model)
        reported: set[str] = set()
        for access, method in _accesses(loop):
            found = _relation(model, access, method, eager)
            if found is None or found[0] in reported:
                continue
            name, many, confidence = found
            reported.add(name)
            severity, where = orm.impact(loop.node)
            fix = _fix(query, model, name, many)
            yield Hit(_anchor(access, query, orm), f"`{loop.target}.{name}` runs one query per {loop.target} {where}: 1 + N queries "
                      f"for `{ast.unparse(query.node)}` (line {query.node.lineno}). Load it with the rows:\n"
                      f"    {fix}", severity=severity, confidence=confidence)


def _anchor(access: ast.Attribute, query: Query, orm: OrmFile) -> int:
    """The access line; but when this diff changed only the query (say, dropped a
    select_related), the query line — the regression is there, and so is the fix."""
    query_line = query.node.lineno
    if access.lineno not in orm.added and query_line in orm.added:
        return query_line
    return access.lineno


def _related_manager(loop: Loop, orm: OrmFile) -> tuple[Query | None, set[str]]:
    """`for item in order.items.all()` where `order` came from a query: a query on the related
    model, whose eager relations are the parent query's `items__…` prefetch paths."""
    call = loop.iterable
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in MANY_METHODS):
        return None, set()
    manager = call.func.value
    if not (isinstance(manager, ast.Attribute) and isinstance(manager.value, ast.Name)):
        return None, set()
    parent = orm.module.bound.get(id(loop.function), {}).get(manager.value.id) if loop.function else None
    model = orm.catalog.models.get(parent.model) if parent is not None else None
    relation = model.relations.get(manager.attr) if model is not None else None
    if parent is None or relation is None or not relation.many:
        return None, set()
    prefix = f"{manager.attr}__"
    eager = {path[len(prefix):].split("__")[0] for path in parent.eager_paths if path.startswith(prefix)}
    return Query(relation.target, parent.orm, call, [(call.func.attr, call)]), eager


def _relation(model: Model | None, access: ast.Attribute, method: str | None, eager: set[str]) -> tuple[str, bool, Confidence] | None:
    name = access.attr
    if name in eager:
        return None
    if model is not None:
        relation = model.relations.get(name)
        if relation is None or (relation.lazy or "") in EAGER_LAZY:
            return None
        return name, relation.many, Confidence.HIGH
    if name.endswith("_set") or method in MANY_METHODS:
        return name, True, Confidence.LOW
    return None


@rule("PERF202", "Database query inside a loop", Severity.HIGH)
def query_in_loop(orm: OrmFile) -> Iterator[Hit]:
    """A database round trip (execute, get/filter/count, create, save, delete) runs once per item.

    Anti-pattern: `for id in ids: cursor.execute("SELECT … WHERE id = %s", [id])`, or
    `for row in csv_rows: Product(**row).save()`. Better: one batched statement —
    `WHERE id = ANY(%s)` with the list, `Model.objects.filter(id__in=ids)` / `in_bulk(ids)`,
    `Model.objects.bulk_create(objs, batch_size=1000)`, `bulk_update(objs, fields)`,
    `queryset.update(...)`, `cursor.executemany` / `execute_values`. Why: each iteration pays
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


def _is_sql(node: ast.expr) -> bool:
    """A literal that reads as a SQL statement (the f-string's leading text, for f-strings)."""
    if isinstance(node, ast.JoinedStr) and node.values:
        node = node.values[0]
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(STATEMENT_START.match(node.value))


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
        for node in all_nodes(orm.tree):
            if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == receiver.id for t in node.targets)
                    and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name)
                    and node.value.func.id[:1].isupper()):
                return node.value.func.id
    return None
