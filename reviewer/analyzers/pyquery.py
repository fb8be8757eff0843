"""ORM queries in Python source: Django QuerySet, SQLAlchemy select/query and Peewee select chains.

One walk over a module records every outermost query chain (with its model, its methods and
what it eager-loads) and every loop (with its loop variable and the query it iterates, if any),
resolving names bound to queries earlier in the same function. The ORM rules only read this.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from reviewer.analyzers.astutil import call_name

EAGER_DJANGO = frozenset({"select_related", "prefetch_related"})
EAGER_SQLALCHEMY = frozenset({"joinedload", "selectinload", "subqueryload", "contains_eager", "immediateload"})
EVALUATING = frozenset({"get", "first", "last", "count", "exists", "create", "get_or_create", "update_or_create",
                        "update", "delete", "aggregate", "in_bulk", "earliest", "latest", "all", "filter", "exclude",
                        "one", "one_or_none", "scalar", "scalar_one", "scalars", "execute", "values", "values_list",
                        "get_or_none", "get_by_id"})
PEEWEE_ROOTS = frozenset({"select", "get", "get_or_none", "get_by_id", "create", "get_or_create", "update", "delete",
                          "insert", "insert_many"})


@dataclass
class Query:
    """A query chain: `Order.objects.filter(...).select_related("customer")`."""

    model: str
    orm: str  # "django", "sqlalchemy" or "peewee"
    node: ast.expr
    methods: list[tuple[str, ast.Call | None]] = field(default_factory=list)

    def calls(self, *names: str) -> list[ast.Call]:
        return [call for name, call in self.methods if name in names and call is not None]

    @property
    def eager(self) -> set[str]:
        """Relations this query loads up front (first hop of each path)."""
        return {path.split("__")[0] for path in self.eager_paths}

    @property
    def eager_paths(self) -> set[str]:
        """Eager-loaded relation paths as written: `customer`, `items__product`."""
        found: set[str] = set()
        for call in self.calls(*EAGER_DJANGO):
            for arg in call.args:
                value = arg.args[0] if isinstance(arg, ast.Call) and arg.args else arg  # Prefetch("items", …)
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.add(value.value)
        for call in self.calls("options"):
            for node in ast.walk(call):
                if isinstance(node, ast.Call) and call_name(node) in EAGER_SQLALCHEMY:
                    found.update(_attr_name(a) for a in node.args)
        return found


def _attr_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return str(node.value) if isinstance(node, ast.Constant) else ""


def query_of(node: ast.expr, env: dict[str, Query], peewee: frozenset[str] = frozenset()) -> Query | None:
    """The query a chain expression builds, or None if it is not an ORM query. Peewee chains
    (`Order.select()`, `Order.get(...)`) are recognised only on the catalog's Peewee models."""
    methods: list[tuple[str, ast.Call | None]] = []
    current = node
    while True:
        if isinstance(current, ast.Call) and isinstance(current.func, ast.Attribute):
            name = current.func.attr
            if name in ("query", "scalars", "execute") and current.args and call_name(current.func.value) != "objects":
                inner = _sqlalchemy_root(current, name, env)
                if inner is not None:
                    return Query(inner.model, inner.orm, node, inner.methods + methods[::-1])
            methods.append((name, current))
            current = current.func.value
        elif isinstance(current, ast.Subscript):
            methods.append(("slice", None))
            current = current.value
        elif isinstance(current, ast.Attribute) and current.attr == "query" and call_name(current.value)[:1].isupper():
            return Query(call_name(current.value), "sqlalchemy", node, methods[::-1])  # Flask-SQLAlchemy Model.query
        elif isinstance(current, ast.Attribute) and current.attr == "objects":
            model = call_name(current.value)
            return Query(model, "django", node, methods[::-1]) if model else None
        elif isinstance(current, ast.Name) and current.id in env:
            base = env[current.id]
            return Query(base.model, base.orm, node if methods else base.node, base.methods + methods[::-1])
        elif isinstance(current, ast.Call) and call_name(current) == "select" and current.args:
            return Query(call_name(current.args[0]), "sqlalchemy", node, methods[::-1])
        elif isinstance(current, ast.Name) and current.id in peewee and methods and methods[-1][0] in PEEWEE_ROOTS:
            return Query(current.id, "peewee", node, methods[::-1])
        elif isinstance(current, ast.Call) and call_name(current) == "prefetch" and current.args:
            inner = query_of(current.args[0], env, peewee)
            return None if inner is None else Query(inner.model, inner.orm, node, [*inner.methods, ("prefetch", current), *methods[::-1]])
        else:
            return None


def _sqlalchemy_root(call: ast.Call, name: str, env: dict[str, Query]) -> Query | None:
    if name == "query":
        return Query(call_name(call.args[0]), "sqlalchemy", call, [("query", call)])
    inner = query_of(call.args[0], env)
    return inner if inner is not None and inner.orm == "sqlalchemy" else None


@dataclass
class Loop:
    """A loop or comprehension: its variable, what it iterates, and the nodes run per item."""

    node: ast.AST
    target: str | None
    query: Query | None
    body: list[ast.AST]
    data_dependent: bool
    function: ast.FunctionDef | ast.AsyncFunctionDef | None
    iterable: ast.expr | None = None


@dataclass
class Module:
    loops: list[Loop] = field(default_factory=list)
    queries: list[tuple[Query, ast.FunctionDef | ast.AsyncFunctionDef | None]] = field(default_factory=list)
    bound: dict[int, dict[str, Query]] = field(default_factory=dict)  # id(function) -> names bound to queries


class _Walker(ast.NodeVisitor):
    def __init__(self, peewee: frozenset[str]) -> None:
        self.peewee = peewee
        self.module = Module()
        self.env: dict[str, Query] = {}
        self.function: ast.FunctionDef | ast.AsyncFunctionDef | None = None

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        saved = (self.env, self.function)
        self.env, self.function = {}, node
        self.module.bound[id(node)] = self.env
        self.generic_visit(node)
        self.env, self.function = saved

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        query = query_of(node.value, self.env, self.peewee)
        for target in node.targets:
            if isinstance(target, ast.Name):
                if query is not None:
                    self.env[target.id] = query
                else:
                    self.env.pop(target.id, None)

    def visit_Call(self, node: ast.Call) -> None:
        query = query_of(node, self.env, self.peewee)
        if query is not None:
            self.module.queries.append((query, self.function))
            for _, call in query.methods:
                for child in (call.args + [k.value for k in call.keywords]) if call else []:
                    self.visit(child)
            return
        self.generic_visit(node)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self._loop(node, node.target, node.iter, [*node.body, *node.orelse])
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self.module.loops.append(Loop(node, None, None, list(node.body), True, self.function))
        self.generic_visit(node)

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> None:
        body: list[ast.AST] = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        for generator in node.generators:
            self._loop(node, generator.target, generator.iter, body + list(generator.ifs))
        self.generic_visit(node)

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension

    def _loop(self, node: ast.AST, target: ast.expr, iterable: ast.expr, body: list[ast.AST]) -> None:
        name = target.id if isinstance(target, ast.Name) else None
        query = query_of(iterable, self.env, self.peewee)
        self.module.loops.append(Loop(node, name, query, body, _data_dependent(iterable), self.function, iterable))


def _data_dependent(iterable: ast.expr) -> bool:
    """A loop over a literal collection or `range(<constant>)` runs a fixed, small number of times."""
    if isinstance(iterable, (ast.List, ast.Tuple, ast.Set)) and all(isinstance(e, ast.Constant) for e in iterable.elts):
        return False
    if isinstance(iterable, ast.Call) and call_name(iterable) == "range":
        return not all(isinstance(a, ast.Constant) for a in iterable.args)
    return True


def walk(tree: ast.Module, peewee: frozenset[str] = frozenset()) -> Module:
    walker = _Walker(peewee)
    walker.visit(tree)
    return walker.module
