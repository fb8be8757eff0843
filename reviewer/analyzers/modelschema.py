"""Schema declared in Python: Django models and migrations, read into the index catalog.

Django indexes what it is told to (`primary_key`, `unique`, `db_index`, `Meta.indexes`,
`unique_together`, `UniqueConstraint`) and every ForeignKey/OneToOne column unless
`db_index=False`; migrations add and remove indexes by name. SQLAlchemy and alembic live in
`saschema.py`, Peewee in `pwschema.py`. `build_catalog` is the entry point: it reads only
files that can declare schema.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

import sqlglot
from sqlglot.errors import SqlglotError

from reviewer.analyzers import pwschema, saschema, sqlsource
from reviewer.analyzers.astutil import call_name, const, kwargs
from reviewer.analyzers.base import Workspace, split_lines
from reviewer.analyzers.catalog import SCHEMA_HINTS, Catalog, Index, Model, Relation, apply_sql, is_schema_path, normalise

RELATION_FIELDS = {"ForeignKey": False, "OneToOneField": False, "ManyToManyField": True}
Reverse = tuple[str, str, str, bool]  # target model, accessor name, source model, many


def build_catalog(head: Workspace, dialect: str, extra: Iterable[str] = ()) -> Catalog:
    """The catalog of a tree, read in `_reading_order`."""
    catalog = Catalog()
    paths = {p for p in head.list_files() if is_schema_path(p)} | {p for p in extra if p.endswith((".py", ".sql"))}
    reverse: list[Reverse] = []
    for path in sorted(paths, key=_reading_order):
        try:
            text = head.read(path)
        except ValueError:
            continue
        if text is not None:
            read_file(catalog, path, text, dialect, reverse)
    for target, accessor, source, many in reverse:
        if target in catalog.models:
            catalog.models[target].relations.setdefault(accessor, Relation(accessor, source, many))
    return catalog


def _reading_order(path: str) -> tuple[int, str]:
    """Plain `.sql` schema first, then SQL migrations (a new DROP INDEX applies to the dump),
    then Python migrations, then models (the declared truth at the head)."""
    migration = "migrations/" in path or "versions/" in path
    return (0 if not migration else 1) if path.endswith(".sql") else (2 if migration else 3), path


def read_file(catalog: Catalog, path: str, text: str, dialect: str, reverse: list[Reverse]) -> None:
    if path.endswith(".sql"):
        apply_sql(catalog, text, dialect, path)
        return
    if not any(hint in text for hint in SCHEMA_HINTS + ("__tablename__",)):
        return
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError):
        return
    app = _app_label(path)
    tree = forward_only(tree)
    for statement in sqlsource.find_sql(tree, split_lines(text)):
        if statement.api.endswith(("RunSQL", "op.execute")):
            apply_sql(catalog, statement.sql, dialect, path, [statement])
    peewee = "peewee" in text
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            if any(_assigned(node, "__tablename__")):
                saschema.declarative(catalog, node)
            elif peewee and pwschema.is_model(node):
                pwschema.model(catalog, node, reverse)
            elif _is_django_model(node):
                django_model(catalog, node, app, reverse)
        elif isinstance(node, ast.Call):
            _operation(catalog, node, app, dialect, path)
    saschema.module_level(catalog, tree)


def forward_only(tree: ast.Module) -> ast.Module:
    """The module without alembic's `downgrade()`: what it undoes is not the schema at head."""
    body = [s for s in tree.body if not (isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name.startswith("downgrade"))]
    return tree if len(body) == len(tree.body) else ast.Module(body=body, type_ignores=tree.type_ignores)


def _app_label(path: str) -> str:
    parts = path.split("/")
    for marker in ("migrations", "models"):
        if marker in parts[:-1]:
            index = len(parts) - 1 - parts[::-1].index(marker)
            return parts[index - 1] if index > 0 else ""
    return parts[-2] if len(parts) > 1 else ""


def arg(call: ast.Call, name: str, position: int) -> ast.expr | None:
    return kwargs(call).get(name) or (call.args[position] if len(call.args) > position else None)


def strings(node: ast.expr | None) -> list[str]:
    items = node.elts if isinstance(node, (ast.List, ast.Tuple, ast.Set)) else [node] if node is not None else []
    return [str(item.value) for item in items if isinstance(item, ast.Constant) and isinstance(item.value, str)]


def _assigned(cls: ast.ClassDef, name: str) -> list[ast.expr]:
    return [s.value for s in cls.body if isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in s.targets)]


def _is_django_model(cls: ast.ClassDef) -> bool:
    bases = [ast.unparse(b) for b in cls.bases]
    return any(b.endswith("Model") for b in bases) or any(call_name(v).endswith("Field") for _, v in _fields(cls))


def _fields(cls: ast.ClassDef) -> list[tuple[str, ast.Call]]:
    found = []
    for stmt in cls.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else getattr(stmt, "target", None)
        value = getattr(stmt, "value", None)
        if isinstance(target, ast.Name) and isinstance(value, ast.Call):
            found.append((target.id, value))
    return found


def _meta(cls: ast.ClassDef) -> dict[str, ast.expr]:
    meta = next((s for s in cls.body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None)
    return {} if meta is None else {name: value for name, value in _fields_any(meta)}


def _fields_any(cls: ast.ClassDef) -> list[tuple[str, ast.expr]]:
    return [(t.id, s.value) for s in cls.body if isinstance(s, ast.Assign) for t in s.targets if isinstance(t, ast.Name)]


def django_model(catalog: Catalog, cls: ast.ClassDef, app: str, reverse: list[Reverse]) -> None:
    meta = _meta(cls)
    if const(meta.get("abstract")) is True:
        return
    table = str(const(meta.get("db_table")) or f"{app}_{cls.name.lower()}".strip("_"))
    model = catalog.models.setdefault(cls.name, Model(cls.name, table, "django"))
    catalog.ensure(table)
    for name, call in _fields(cls):
        if call_name(call).endswith(("Field", "ForeignKey")):
            django_field(catalog, table, name, call, model, reverse)
    if "pk" not in model.fields:
        model.fields.update(id="id", pk="id")
        catalog.add_index(table, Index(("id",), unique=True))
    meta_indexes(catalog, table, meta, model.fields)


def django_field(catalog: Catalog, table: str, name: str, call: ast.Call, model: Model | None, reverse: list[Reverse]) -> None:
    """One field: its column, its index, and (for relations) both directions of the relation."""
    kind, kw = call_name(call), kwargs(call)
    column = str(const(kw.get("db_column")) or name)
    if kind in RELATION_FIELDS:
        target = _target(arg(call, "to", 0))
        many = RELATION_FIELDS[kind]
        if model is not None and target:
            model.relations[name] = Relation(name, target, many)
            accessor = str(const(kw.get("related_name")) or f"{model.name.lower()}_set")
            reverse.append((target, accessor, model.name, kind != "OneToOneField"))
        if many:
            return
        column = str(const(kw.get("db_column")) or f"{name}_id")
        if const(kw.get("db_index")) is not False:
            catalog.add_index(table, Index((column,)))
    catalog.ensure(table).columns[column] = kind
    if model is not None:
        model.fields[name] = column
        if column != name:
            model.fields[column] = column
    if const(kw.get("primary_key")) is True and model is not None:
        model.fields["pk"] = column
    if any(const(kw.get(key)) is True for key in ("primary_key", "unique", "db_index")):
        catalog.add_index(table, Index((column,), unique=const(kw.get("db_index")) is not True))


def _target(node: ast.expr | None) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.split(".")[-1]
    return call_name(node) if isinstance(node, (ast.Name, ast.Attribute)) else ""


def meta_indexes(catalog: Catalog, table: str, meta: dict[str, ast.expr], fields: dict[str, str]) -> None:
    for key in ("unique_together", "index_together"):
        node = meta.get(key)
        groups: list[ast.expr] = node.elts if isinstance(node, (ast.List, ast.Tuple)) else []
        if node is not None and groups and all(isinstance(g, ast.Constant) for g in groups):
            groups = [node]  # unique_together = ("a", "b"): one group, not two
        for group in groups:
            _add(catalog, table, strings(group), fields, unique=key == "unique_together")
    for key in ("indexes", "constraints"):
        node = meta.get(key)
        for item in node.elts if isinstance(node, (ast.List, ast.Tuple)) else []:
            if isinstance(item, ast.Call):
                index_call(catalog, table, item, fields)


def index_call(catalog: Catalog, table: str, call: ast.Call, fields: dict[str, str]) -> None:
    """`models.Index(fields=[...])`, `Index(Lower("email"), name=…)`, `UniqueConstraint(...)`."""
    kind, kw = call_name(call), kwargs(call)
    if kind not in ("Index", "UniqueConstraint"):
        return
    name = const(kw.get("name"))
    partial = "condition" in kw
    if "fields" in kw:
        _add(catalog, table, strings(kw["fields"]), fields, kind == "UniqueConstraint", name, partial)
        return
    keys = [_expression(e, fields) for e in call.args]
    if keys and all(keys):
        catalog.add_index(table, Index(tuple(k for k in keys if k), str(name) if name else None, kind == "UniqueConstraint", partial))


def _add(catalog: Catalog, table: str, names: list[str], fields: dict[str, str], unique: bool = False,
         name: object = None, partial: bool = False) -> None:
    columns = tuple(fields.get(n.lstrip("-"), n.lstrip("-")) for n in names)
    if columns:
        catalog.add_index(table, Index(columns, str(name) if name else None, unique, partial))


def _expression(node: ast.expr, fields: dict[str, str]) -> str | None:
    """Lower("email") → "lower(email)", matching how SQL expression indexes are normalised."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return fields.get(node.value, node.value)
    if isinstance(node, ast.Call) and node.args:
        inner = _expression(node.args[0], fields)
        if inner is None:
            return None
        try:
            return normalise(sqlglot.parse_one(f"{call_name(node).lower()}({inner})", read="postgres"))
        except SqlglotError:
            return None
    return None


def _operation(catalog: Catalog, call: ast.Call, app: str, dialect: str, path: str) -> None:
    """Django migration operations; alembic `op.*` calls are read by `saschema`."""
    kind = call_name(call)
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    if isinstance(owner, ast.Name) and owner.id == "op":
        saschema.alembic_op(catalog, call)
        return
    model_name = const(arg(call, "model_name", 0)) or const(arg(call, "name", 0))
    table = f"{app}_{str(model_name).lower()}" if isinstance(model_name, str) else ""
    if kind == "CreateModel" and table:
        options = arg(call, "options", 2)
        opts = {str(const(k)): v for k, v in zip(options.keys, options.values)} if isinstance(options, ast.Dict) else {}
        table = str(const(opts.get("db_table")) or table)
        for item in getattr(arg(call, "fields", 1), "elts", []):
            if isinstance(item, ast.Tuple) and len(item.elts) == 2 and isinstance(item.elts[1], ast.Call):
                django_field(catalog, table, str(const(item.elts[0])), item.elts[1], None, [])
    elif kind in ("AddField", "AlterField") and table and isinstance(arg(call, "field", 2), ast.Call):
        field_call: ast.Call = arg(call, "field", 2)  # type: ignore[assignment]
        name = str(const(arg(call, "name", 1)))
        if kind == "AlterField":  # the new definition replaces the old one, index included
            catalog.drop_column_index(table, str(const(kwargs(field_call).get("db_column")) or name))
        django_field(catalog, table, name, field_call, None, [])
    elif kind in ("AddIndex", "AddIndexConcurrently", "AddConstraint") and table:
        index = arg(call, "index", 1) or arg(call, "constraint", 1)
        if isinstance(index, ast.Call):
            index_call(catalog, table, index, {})
    elif kind in ("RemoveIndex", "RemoveIndexConcurrently") and isinstance(const(arg(call, "name", 1)), str):
        catalog.drop_index(str(const(arg(call, "name", 1))))
