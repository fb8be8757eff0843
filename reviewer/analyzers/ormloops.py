"""The N+1 rule (PERF201) and what every ORM rule reads about a changed Python file.

A loop over a query result that reads a relation of each row the query did not load runs one
more query per row. The relation may be read in the loop body or, one call deep, in a helper of
the same file that the loop hands the row to (`for o in orders: total(o)` with `def total(order):
order.customer…`). Relations that this very change stopped loading eagerly are left to the
regression rule (PERF209), so one problem gets one finding.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from reviewer.analyzers.base import all_nodes
from reviewer.analyzers.catalog import Catalog, Model
from reviewer.analyzers.dbrules import Hit, rule
from reviewer.analyzers.eagerbase import RemovedLoad
from reviewer.analyzers.pycontext import Functions, impact
from reviewer.analyzers.pyquery import Loop, Module, Query
from reviewer.analyzers.saschema import EAGER_LAZY
from reviewer.findings import Confidence, Severity

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
    removed: tuple[RemovedLoad, ...] = ()  # eager loads this change removed (see eagerbase)

    @cached_property
    def by_node(self) -> dict[int, Query]:
        return {id(query.node): query for query, _ in self.module.queries}

    @cached_property
    def helpers(self) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
        """Module-level functions by name: where a loop may hand its row over."""
        return {f.name: f for f in self.tree.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}

    @cached_property
    def constructed(self) -> dict[str, str]:
        """Names bound to a model constructor (`p = Product(...)` → "Product"); the first binding
        wins. Built once per file: the save-in-loop rule asks about every receiver."""
        found: dict[str, str] = {}
        for node in all_nodes(self.tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name) \
                    and node.value.func.id[:1].isupper():
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, node.value.func.id)
        return found

    def impact(self, node: ast.AST) -> tuple[Severity, str]:
        return impact(self.path, self.functions.at(getattr(node, "lineno", 0)))


@dataclass(frozen=True)
class Lazy:
    """One relation read per row of a query that did not load it."""

    loop: Loop
    query: Query
    access: ast.Attribute
    line: int  # where the read happens in the loop (the call line, for a helper)
    relation: str
    many: bool
    confidence: Confidence
    via: str = ""  # the helper that reads it, if not the loop body


def lazy_reads(orm: OrmFile) -> Iterator[Lazy]:
    """Every relation read once per row, at most once per relation and loop."""
    for loop in orm.module.loops:
        query, eager = loop.query, loop.query.eager if loop.query is not None else set()
        if query is None:
            query, eager = _related_manager(loop, orm)
        if query is None or loop.target is None:
            continue
        model = orm.catalog.models.get(query.model)
        eager = eager | _joined(query, model, orm.catalog)
        reported: set[str] = set()
        for access, method, line, via in _accesses(loop, orm):
            found = _relation(model, access, method, eager)
            if found is not None and found[0] not in reported:
                reported.add(found[0])
                yield Lazy(loop, query, access, line, found[0], found[1], found[2], via)


def regression(orm: OrmFile, lazy: Lazy) -> RemovedLoad | None:
    """The removed eager load this lazy read comes from, if this change removed one."""
    return next((r for r in orm.removed if r.relation == lazy.relation and r.model in ("", lazy.query.model)), None)


def _joined(query: Query, model: Model | None, catalog: Catalog) -> set[str]:
    """Peewee loads a relation with `.join(Target)` selected alongside, or `prefetch(q, Target)`."""
    if query.orm != "peewee" or model is None:
        return set()
    targets = {_name(a) for call in query.calls("join", "prefetch") for a in call.args}
    return {name for name, rel in model.relations.items() if rel.target in targets}


def _name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def _accesses(loop: Loop, orm: OrmFile) -> Iterator[tuple[ast.Attribute, str | None, int, str]]:
    """`target.attr` reads in the loop body (and in same-file helpers given the row), in source
    order, with the method called on them, the line to report and the helper's name."""
    found: list[tuple[ast.Attribute, int, str]] = []
    method: dict[int, str] = {}
    for part in loop.body:
        for node in ast.walk(part):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == loop.target:
                found.append((node, node.lineno, ""))
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
                method[id(node.value)] = node.attr
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in orm.helpers:
                found += _helper_reads(orm.helpers[node.func.id], node, loop.target, method)
    for access, line, via in sorted(found, key=lambda item: (item[1], item[0].lineno, item[0].col_offset)):
        yield access, method.get(id(access)), line, via


def _helper_reads(helper: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, target: str | None,
                  method: dict[int, str]) -> list[tuple[ast.Attribute, int, str]]:
    """`param.attr` reads in a helper, for the parameter the loop passes its row as."""
    params = [a.arg for a in helper.args.posonlyargs + helper.args.args]
    passed = [i for i, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id == target and i < len(params)]
    if not passed:
        return []
    param = params[passed[0]]
    reads = []
    for node in ast.walk(helper):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == param:
            reads.append((node, call.lineno, helper.name))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            method[id(node.value)] = node.attr
    return reads


def eager_fix(query: Query, model: Model | None, relation: str, many: bool) -> str:
    chain = ast.unparse(query.node)
    if query.orm == "peewee":
        target = model.relations[relation].target if model is not None and relation in model.relations else relation
        return f"prefetch({chain}, {target})" if many else f"{chain}.join({target}).select({query.model}, {target})"
    if query.orm == "sqlalchemy":
        loader = "selectinload" if many else "joinedload"
        return f"{chain}.options({loader}({query.model}.{relation}))"
    method = "prefetch_related" if many else "select_related"
    return f'{chain}.{method}("{relation}")'


@rule("PERF201", "N+1 queries: relation loaded once per loop iteration", Severity.HIGH)
def n_plus_one(orm: OrmFile) -> Iterator[Hit]:
    """A loop over a query result reads a relation of each row that the query did not load.

    Anti-pattern: `for order in Order.objects.filter(...): order.customer.email` — Django (or
    SQLAlchemy's and Peewee's default lazy loading) runs one more query per order; the same when
    the loop hands each row to a helper of the same file that reads the relation. Better: load
    the relation with the rows: `.select_related("customer")` for a foreign key,
    `.prefetch_related("items")` for a reverse or many-to-many relation; SQLAlchemy
    `.options(joinedload(Order.customer))` / `selectinload(...)`, or `lazy="selectin"` on the
    relationship; Peewee `.join(Customer).select(Order, Customer)` or `prefetch(query,
    Customer)`. Why: query count grows with the data, each query a network round trip. Cost:
    1 + N queries (one per row). High in a request handler, medium in a management command.
    Relations are taken from the repository's models; on an unknown model only explicit
    related-manager calls count.
    """
    for lazy in lazy_reads(orm):
        if regression(orm, lazy) is not None:
            continue  # PERF209: this change removed the eager load
        loop, query = lazy.loop, lazy.query
        severity, where = orm.impact(loop.node)
        fix = eager_fix(query, orm.catalog.models.get(query.model), lazy.relation, lazy.many)
        via = f" (read in `{lazy.via}()`, called per row)" if lazy.via else ""
        yield Hit(_anchor(lazy, orm), f"`{loop.target}.{lazy.relation}`{via} runs one query per {loop.target} {where}: "
                  f"1 + N queries for `{ast.unparse(query.node)}` (line {query.node.lineno}). Load it with the rows:\n"
                  f"    {fix}", severity=severity, confidence=lazy.confidence)


def _anchor(lazy: Lazy, orm: OrmFile) -> int:
    """The read's line; but when this diff changed only the query (say, a new filter on an
    old loop), the query line — the change is there, and so is the fix."""
    query_line = lazy.query.node.lineno
    if lazy.line not in orm.added and query_line in orm.added:
        return query_line
    return lazy.line


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
