"""Schema declared with Peewee, read into the index catalog.

Peewee indexes primary keys, `unique=True`, `index=True` and — unlike SQLAlchemy — every
`ForeignKeyField` by default; `Meta.indexes` lists `(("col", …), unique)` pairs. A foreign key
`customer = ForeignKeyField(Customer, backref="orders")` is the column `customer_id` and the
relations `order.customer` and `customer.orders`, which the N+1 rule follows.
"""

from __future__ import annotations

import ast

from reviewer.analyzers.astutil import call_name, const
from reviewer.analyzers.catalog import Catalog, Index, Model, Relation

Reverse = tuple[str, str, str, bool]


def is_model(cls: ast.ClassDef) -> bool:
    return any(isinstance(s, ast.Assign) and isinstance(s.value, ast.Call) and call_name(s.value).endswith("Field")
               for s in cls.body)


def model(catalog: Catalog, cls: ast.ClassDef, reverse: list[Reverse]) -> None:
    meta = next((s for s in cls.body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None)
    options = {t.id: s.value for s in (meta.body if meta else []) if isinstance(s, ast.Assign)
               for t in s.targets if isinstance(t, ast.Name)}
    table = str(const(options.get("table_name")) or cls.name.lower())
    found = catalog.models.setdefault(cls.name, Model(cls.name, table, "peewee"))
    catalog.ensure(table)
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                and isinstance(stmt.value, ast.Call) and call_name(stmt.value).endswith("Field"):
            _field(catalog, found, stmt.targets[0].id, stmt.value, reverse)
    if "pk" not in found.fields:
        found.fields.update(id="id", pk="id")
        catalog.add_index(table, Index(("id",), unique=True))
    _meta_indexes(catalog, table, options.get("indexes"), found.fields)


def _field(catalog: Catalog, found: Model, name: str, call: ast.Call, reverse: list[Reverse]) -> None:
    kw = {k.arg: k.value for k in call.keywords if k.arg}
    column = str(const(kw.get("column_name")) or name)
    if call_name(call) == "ForeignKeyField":
        target = const(call.args[0]) if call.args and isinstance(call.args[0], ast.Constant) else (
            call_name(call.args[0]) if call.args else call_name(kw["model"]) if "model" in kw else "")
        target = "" if target == "self" else str(target or "")
        column = str(const(kw.get("column_name")) or f"{name}_id")
        if target:
            found.relations[name] = Relation(name, target, False)
            reverse.append((target, str(const(kw.get("backref")) or f"{found.name.lower()}_set"), found.name, True))
        if const(kw.get("index")) is not False:
            catalog.add_index(found.table, Index((column,)))
    catalog.ensure(found.table).columns[column] = call_name(call)
    found.fields[name] = column
    if const(kw.get("primary_key")) is True:
        found.fields["pk"] = column
    if any(const(kw.get(key)) is True for key in ("primary_key", "unique", "index")):
        catalog.add_index(found.table, Index((column,), unique=const(kw.get("index")) is not True))


def _meta_indexes(catalog: Catalog, table: str, node: ast.expr | None, fields: dict[str, str]) -> None:
    """`indexes = ((("status", "created"), False),)`: column tuples with a unique flag."""
    for item in node.elts if isinstance(node, (ast.Tuple, ast.List)) else []:
        if isinstance(item, ast.Tuple) and len(item.elts) == 2 and isinstance(item.elts[0], (ast.Tuple, ast.List)):
            names = [str(const(e)) for e in item.elts[0].elts if isinstance(const(e), str)]
            if names:
                catalog.add_index(table, Index(tuple(fields.get(n, n) for n in names), unique=const(item.elts[1]) is True))
