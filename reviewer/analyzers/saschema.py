"""Schema declared with SQLAlchemy and alembic, read into the index catalog.

SQLAlchemy indexes only what it is told: `primary_key`, `index=True`, `unique=True`, `Index(...)`
in `__table_args__` or at module level. Unlike Django, a `ForeignKey` column gets no index on
Postgres, which is exactly the N+1-with-a-seq-scan trap this catalog exists to notice.
"""

from __future__ import annotations

import ast
import re

import sqlglot
from sqlglot.errors import SqlglotError

from reviewer.analyzers.astutil import call_name, const, kwargs
from reviewer.analyzers.catalog import Catalog, Index, Model, Relation, normalise

EAGER_LAZY = frozenset({"joined", "selectin", "subquery", "immediate"})


def declarative(catalog: Catalog, cls: ast.ClassDef) -> None:
    """A declarative class: `__tablename__`, Column/mapped_column attributes, relationships."""
    table_node = next(s.value for s in cls.body if isinstance(s, ast.Assign)
                      and any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in s.targets))
    table = const(table_node)
    if not isinstance(table, str):
        return
    model = catalog.models.setdefault(cls.name, Model(cls.name, table.lower(), "sqlalchemy"))
    catalog.ensure(table)
    for stmt in cls.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else getattr(stmt, "target", None)
        value = getattr(stmt, "value", None)
        if not isinstance(target, ast.Name) or not isinstance(value, (ast.Call, ast.Tuple)):
            continue
        if target.id == "__table_args__":
            for item in value.elts if isinstance(value, ast.Tuple) else [value]:
                if isinstance(item, ast.Call):
                    table_item(catalog, table, item, model.fields)
        elif isinstance(value, ast.Call) and call_name(value) in ("Column", "mapped_column"):
            column(catalog, table, value, target.id, model)
        elif isinstance(value, ast.Call) and call_name(value) == "relationship":
            annotation = ast.unparse(stmt.annotation) if isinstance(stmt, ast.AnnAssign) else ""
            _relationship(model, target.id, value, annotation)


def column(catalog: Catalog, table: str, call: ast.Call, attribute: str, model: Model | None) -> None:
    kw = kwargs(call)
    name = next((str(a.value) for a in call.args[:1] if isinstance(a, ast.Constant) and isinstance(a.value, str)), attribute)
    catalog.ensure(table).columns[name.lower()] = next((call_name(a) for a in call.args if call_name(a) != "ForeignKey"), "")
    if model is not None:
        model.fields[attribute] = name.lower()
    if any(const(kw.get(key)) is True for key in ("primary_key", "unique", "index")):
        catalog.add_index(table, Index((name.lower(),), unique=const(kw.get("index")) is not True))
    if model is not None and const(kw.get("primary_key")) is True:
        model.fields["pk"] = name.lower()


def _relationship(model: Model, attribute: str, call: ast.Call, annotation: str) -> None:
    target = next((str(a.value) for a in call.args[:1] if isinstance(a, ast.Constant)), "") or (
        call_name(call.args[0]) if call.args else "")
    if not target and annotation:
        words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", annotation.replace("Mapped", ""))
        target = words[-1] if words else ""
    kw = kwargs(call)
    lazy = const(kw.get("lazy"))
    if "[" in annotation:
        many = annotation.replace("Mapped[", "", 1).lower().startswith(("list", "set", "typing.list"))
    else:
        many = const(kw.get("uselist")) is not False and not any("_id" in f for f in model.fields)
    model.relations[attribute] = Relation(attribute, target.split(".")[-1], many, str(lazy) if lazy else None)


def table_item(catalog: Catalog, table: str, call: ast.Call, fields: dict[str, str]) -> None:
    """`Index("ix", "a", "b")`, `UniqueConstraint("a")`, `PrimaryKeyConstraint("id")`."""
    kind, kw = call_name(call), kwargs(call)
    args = call.args[1:] if kind == "Index" else call.args
    keys = [_key(a, fields) for a in args]
    if kind in ("Index", "UniqueConstraint", "PrimaryKeyConstraint") and keys and all(keys):
        name = const(call.args[0]) if kind == "Index" and call.args else const(kw.get("name"))
        unique = kind != "Index" or const(kw.get("unique")) is True
        partial = any(k.endswith("_where") for k in kw)
        catalog.add_index(table, Index(tuple(k for k in keys if k), str(name) if name else None, unique, partial))


def _key(node: ast.expr, fields: dict[str, str]) -> str | None:
    """An index key: "col", Model.col, table.c.col, func.lower(Model.col), text("lower(col)")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return fields.get(node.value, node.value.lower())
    if isinstance(node, ast.Attribute):
        return fields.get(node.attr, node.attr.lower())
    if isinstance(node, ast.Call) and call_name(node) == "text" and node.args:
        return _normalised(str(const(node.args[0]) or ""))
    if isinstance(node, ast.Call) and node.args:
        inner = _key(node.args[0], fields)
        return _normalised(f"{call_name(node)}({inner})") if inner else None
    return None


def _normalised(sql: str) -> str | None:
    try:
        return normalise(sqlglot.parse_one(sql, read="postgres"))
    except SqlglotError:
        return None


def module_level(catalog: Catalog, tree: ast.Module) -> None:
    """`Index("ix", Order.email)` beside the models, and Core `Table("t", metadata, Column(...))`."""
    for stmt in tree.body:
        call = stmt.value if isinstance(stmt, (ast.Assign, ast.Expr)) else None
        if not isinstance(call, ast.Call) or not call.args:
            continue
        if call_name(call) == "Index" and len(call.args) > 1:
            first = call.args[1]
            owner = first.args[0] if isinstance(first, ast.Call) and first.args else first
            model = catalog.models.get(call_name(owner.value)) if isinstance(owner, ast.Attribute) else None
            if model is not None:
                table_item(catalog, model.table, call, model.fields)
        elif call_name(call) == "Table" and isinstance(const(call.args[0]), str):
            _columns(catalog, str(const(call.args[0])), call.args[1:])


def _columns(catalog: Catalog, table: str, items: list[ast.expr]) -> None:
    catalog.ensure(table)
    for item in items:
        if isinstance(item, ast.Call) and call_name(item) == "Column":
            column(catalog, table, item, str(const(item.args[0]) if item.args else ""), None)
        elif isinstance(item, ast.Call):
            table_item(catalog, table, item, {})


def alembic_op(catalog: Catalog, call: ast.Call) -> None:
    """alembic `op.create_table/add_column/create_index/drop_index/create_unique_constraint`."""
    kind, kw = call_name(call), kwargs(call)
    args = call.args
    if kind == "create_table" and args and isinstance(const(args[0]), str):
        _columns(catalog, str(const(args[0])), args[1:])
    elif kind == "add_column" and len(args) > 1 and isinstance(args[1], ast.Call):
        column(catalog, str(const(args[0]) or ""), args[1], "", None)
    elif kind in ("create_index", "create_unique_constraint", "create_primary_key") and len(args) >= 3:
        name = const(args[0].args[0]) if isinstance(args[0], ast.Call) and args[0].args else const(args[0])
        keys = [_key(k, {}) for k in (args[2].elts if isinstance(args[2], (ast.List, ast.Tuple)) else [])]
        unique = kind != "create_index" or const(kw.get("unique")) is True
        partial = any(k.endswith("_where") for k in kw)
        if keys and all(keys):
            catalog.add_index(str(const(args[1])), Index(tuple(k for k in keys if k), str(name) if name else None, unique, partial))
    elif kind == "drop_index" and args:
        name = const(args[0].args[0]) if isinstance(args[0], ast.Call) and args[0].args else const(args[0])
        if isinstance(name, str):
            catalog.drop_index(name)
