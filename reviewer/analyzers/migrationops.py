"""Schema changes, whatever spelled them: SQL DDL, Django migration operations, alembic `op.*`.

Each becomes a `Change` (kind, table, line, details) so one migration-safety rule covers all
three spellings. Tables created in the same file are new and empty: changes to them are safe
and are marked `new_table`.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from reviewer.analyzers import sqlsource
from reviewer.analyzers.astutil import call_name, const, kwargs
from reviewer.analyzers.modelschema import arg, forward_only


@dataclass(frozen=True)
class Change:
    kind: str  # create_index | drop_index | add_column | alter_type | add_constraint | rename
    table: str
    line: int
    origin: str  # sql | django | alembic
    new_table: bool = False
    details: dict[str, Any] = field(default_factory=dict, compare=False)


def sql_changes(texts: list[sqlsource.SqlText], dialect: str) -> list[Change]:
    parsed = [(text, sqlsource.parse(text, dialect)) for text in texts]
    created = {t.this.this.name.lower() for _, t in parsed if isinstance(t, exp.Create) and isinstance(t.this, exp.Schema)}
    changes: list[Change] = []
    for text, tree in parsed:
        if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Index) and tree.this.args.get("table") is not None:
            table = tree.this.args["table"].name.lower()
            params = tree.this.args.get("params")
            first = (params.args.get("columns") or [None])[0] if params is not None else None
            leading = first.this.name.lower() if isinstance(first, exp.Ordered) and isinstance(first.this, exp.Column) else ""
            changes.append(Change("create_index", table, text.line, "sql", table in created, {
                "concurrently": bool(tree.args.get("concurrently")), "statement": " ".join(text.sql.split()),
                "leading": leading}))
        elif isinstance(tree, exp.Drop) and str(tree.args.get("kind", "")).upper() == "INDEX":
            for index in tree.args.get("tables") or []:
                changes.append(Change("drop_index", "", text.line, "sql", details={
                    "name": index.name, "concurrently": bool(tree.args.get("concurrently"))}))
        elif isinstance(tree, exp.Alter) and isinstance(tree.this, exp.Table):
            table = tree.this.name.lower()
            for action in tree.args.get("actions") or []:
                change = _alter_action(action, table, text, bool(tree.args.get("not_valid")))
                if change is not None:
                    changes.append(Change(change.kind, table, change.line, "sql", table in created, change.details))
    return changes


def _alter_action(action: exp.Expr, table: str, text: sqlsource.SqlText, not_valid: bool) -> Change | None:
    line = text.line_of(action)
    if isinstance(action, exp.ColumnDef):
        kinds = [c.args.get("kind") for c in action.args.get("constraints") or []]
        return Change("add_column", table, line, "sql", details={
            "column": action.name, "not_null": any(isinstance(k, exp.NotNullColumnConstraint) for k in kinds),
            "default": any(isinstance(k, (exp.DefaultColumnConstraint, exp.GeneratedAsIdentityColumnConstraint)) for k in kinds),
            "type": action.args["kind"].sql() if action.args.get("kind") is not None else ""})
    if isinstance(action, exp.AlterColumn) and action.args.get("dtype") is not None:
        return Change("alter_type", table, line, "sql", details={"column": action.name, "type": action.args["dtype"].sql()})
    if isinstance(action, exp.AddConstraint):
        inner = [e for c in action.expressions for e in (c.expressions if isinstance(c, exp.Constraint) else [c])]
        kind = next(("FOREIGN KEY" if isinstance(e, exp.ForeignKey) else "CHECK" for e in inner
                     if isinstance(e, (exp.ForeignKey, exp.CheckColumnConstraint))), None)
        if kind is not None:
            return Change("add_constraint", table, line, "sql", details={"constraint": kind, "not_valid": not_valid,
                                                                         "statement": text.sql.strip()})
    if isinstance(action, exp.RenameColumn):
        return Change("rename", table, line, "sql", details={"what": f"column `{action.this.sql()}`", "to": action.args["to"].sql()})
    if isinstance(action, exp.AlterRename):
        return Change("rename", table, line, "sql", details={"what": f"table `{table}`", "to": action.this.sql()})
    return None


def python_changes(tree: ast.Module) -> list[Change]:
    """Django `migrations.*` operations and alembic `op.*` calls of a migration module."""
    calls = [n for n in ast.walk(forward_only(tree)) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    created = {str(const(arg(c, "name", 0))).lower() for c in calls if call_name(c) in ("CreateModel", "create_table")}
    changes = []
    for call in calls:
        owner = call.func.value if isinstance(call.func, ast.Attribute) else None
        alembic = isinstance(owner, ast.Name) and owner.id == "op"
        change = _alembic(call) if alembic else _django(call)
        if change is not None:
            changes.append(Change(change.kind, change.table, call.lineno, change.origin, change.table in created, change.details))
    return changes


def _django(call: ast.Call) -> Change | None:
    kind, kw = call_name(call), kwargs(call)
    model = str(const(arg(call, "model_name", 0)) or "").lower()
    if kind in ("AddIndex", "AddIndexConcurrently") and model:
        index = arg(call, "index", 1)
        return Change("create_index", model, call.lineno, "django", details={
            "concurrently": kind == "AddIndexConcurrently", "statement": ast.unparse(index) if index else ""})
    if kind == "AddField" and model and isinstance(arg(call, "field", 2), ast.Call):
        field_call = arg(call, "field", 2)
        assert isinstance(field_call, ast.Call)
        fkw = kwargs(field_call)
        if call_name(field_call) == "ManyToManyField":
            return None
        return Change("add_column", model, call.lineno, "django", details={
            "column": str(const(arg(call, "name", 1))), "not_null": const(fkw.get("null")) is not True,
            "default": "default" in fkw or "db_default" in fkw, "type": call_name(field_call)})
    if kind in ("RemoveIndex", "RemoveIndexConcurrently") and isinstance(const(arg(call, "name", 1)), str):
        return Change("drop_index", model, call.lineno, "django", details={
            "name": str(const(arg(call, "name", 1))), "concurrently": kind == "RemoveIndexConcurrently"})
    if kind in ("RenameField", "RenameModel"):
        old = const(kw.get("old_name")) or const(arg(call, "old_name", 1 if kind == "RenameField" else 0))
        new = const(kw.get("new_name")) or const(arg(call, "new_name", 2 if kind == "RenameField" else 1))
        what = f"field `{old}`" if kind == "RenameField" else f"model `{old}`"
        return Change("rename", model or str(old).lower(), call.lineno, "django", details={"what": what, "to": str(new)})
    return None


def _alembic(call: ast.Call) -> Change | None:
    kind, kw = call_name(call), kwargs(call)
    args = call.args
    table = str(const(args[1]) if len(args) > 1 else const(kw.get("table_name")) or "").lower()
    if kind == "create_index":
        columns = args[2].elts if len(args) > 2 and isinstance(args[2], (ast.List, ast.Tuple)) else []
        leading = str(const(columns[0]) or "").lower() if columns else ""
        return Change("create_index", table, call.lineno, "alembic", details={
            "concurrently": const(kw.get("postgresql_concurrently")) is True, "statement": ast.unparse(call),
            "leading": leading})
    if kind == "drop_index" and args:
        name = const(args[0].args[0]) if isinstance(args[0], ast.Call) and args[0].args else const(args[0])
        return Change("drop_index", str(const(kw.get("table_name")) or "").lower(), call.lineno, "alembic", details={
            "name": str(name), "concurrently": const(kw.get("postgresql_concurrently")) is True})
    if kind == "add_column" and len(args) > 1 and isinstance(args[1], ast.Call):
        ckw = kwargs(args[1])
        table = str(const(args[0])).lower()
        return Change("add_column", table, call.lineno, "alembic", details={
            "column": str(const(args[1].args[0]) if args[1].args else ""), "not_null": const(ckw.get("nullable")) is False,
            "default": "server_default" in ckw, "type": ""})
    if kind == "alter_column":
        table = str(const(args[0]) if args else "").lower()
        column = str(const(args[1]) if len(args) > 1 else "")
        if "new_column_name" in kw:
            return Change("rename", table, call.lineno, "alembic", details={"what": f"column `{column}`", "to": str(const(kw["new_column_name"]))})
        if "type_" in kw:
            return Change("alter_type", table, call.lineno, "alembic", details={"column": column, "type": ast.unparse(kw["type_"])})
    if kind in ("create_foreign_key", "create_check_constraint"):
        return Change("add_constraint", table, call.lineno, "alembic", details={
            "constraint": "FOREIGN KEY" if kind == "create_foreign_key" else "CHECK", "not_valid": False, "statement": ""})
    if kind == "rename_table" and args:
        old = str(const(args[0]))
        return Change("rename", old.lower(), call.lineno, "alembic", details={"what": f"table `{old}`", "to": str(const(args[1]) if len(args) > 1 else "")})
    return None
