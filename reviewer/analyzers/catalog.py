"""The index catalog: which tables, columns, indexes and relations the repository declares.

Built once per review (in an analyzer's `prepare`) from the files that declare schema, found by
name and a cheap content check — `.sql` files, `models.py`, `models/*.py`, migrations, alembic
versions — never by parsing the whole repository. SQL DDL is read here; Django, SQLAlchemy and
alembic declarations in `modelschema.py`. Everything is plain data so it pickles into workers.
A rule asking about a table the catalog does not know gets None and lowers its confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlglot import exp

from reviewer.analyzers import sqlsource

SCHEMA_HINTS = ("models.Model", "Column(", "mapped_column(", "op.create_", "migrations.", "Index(", "Table(", "peewee")
_SCHEMA_PATH = re.compile(r"(^|/)(models\.py|models/[^/]+\.py|migrations/[^/]+\.py|versions/[^/]+\.py|schema\.py|tables\.py)$")


@dataclass
class Index:
    """An index by its key parts: column names, or normalised expressions such as lower(email)."""

    columns: tuple[str, ...]
    name: str | None = None
    unique: bool = False
    partial: bool = False


@dataclass
class Table:
    name: str
    columns: dict[str, str] = field(default_factory=dict)  # column -> declared type ("" if unknown)
    indexes: list[Index] = field(default_factory=list)
    origin: str = ""

    def leading(self, column: str) -> bool:
        """Is there an index whose leading key is this column (composite indexes count by prefix)?"""
        return any(ix.columns[:1] == (column,) for ix in self.indexes)

    def expression(self, normalised: str) -> bool:
        return any(ix.columns[:1] == (normalised,) for ix in self.indexes)


@dataclass
class Relation:
    """A navigable relation of a model: `order.customer` (forward) or `customer.orders` (many)."""

    name: str
    target: str
    many: bool
    lazy: str | None = None


@dataclass
class Model:
    name: str
    table: str
    kind: str  # "django", "sqlalchemy" or "peewee"
    fields: dict[str, str] = field(default_factory=dict)  # attribute -> column
    relations: dict[str, Relation] = field(default_factory=dict)


@dataclass
class Catalog:
    tables: dict[str, Table] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    unparsed: int = 0
    dropped: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # index name -> (table, keys)

    def table(self, name: str) -> Table | None:
        return self.tables.get(name.lower().split(".")[-1].strip('"`'))

    def ensure(self, name: str, origin: str = "") -> Table:
        key = name.lower().split(".")[-1].strip('"`')
        return self.tables.setdefault(key, Table(key, origin=origin))

    def add_index(self, table: str, index: Index) -> None:
        target = self.ensure(table)
        if index.columns and all(ix.columns != index.columns or ix.partial for ix in target.indexes):
            target.indexes.append(index)

    def drop_column_index(self, table: str, column: str) -> None:
        """Forget the unnamed one-column index of a column (a Django `AlterField` redefines it)."""
        known = self.tables.get(table)
        if known is not None:
            known.indexes = [ix for ix in known.indexes if ix.name or ix.columns != (column,)]

    def drop_index(self, name: str) -> None:
        """Remove an index by name, remembering what it covered (for the index-dropped rule)."""
        for table in self.tables.values():
            gone = [ix for ix in table.indexes if (ix.name or "").lower() == name.lower()]
            if gone:
                self.dropped[name.lower()] = (table.name, gone[0].columns)
                table.indexes = [ix for ix in table.indexes if ix not in gone]

    def index_named(self, name: str) -> tuple[str, tuple[str, ...]] | None:
        """(table, keys) of a live index by name: a drop the catalog has not applied yet."""
        for table in self.tables.values():
            for index in table.indexes:
                if (index.name or "").lower() == name.lower():
                    return table.name, index.columns
        return None

    @property
    def peewee_models(self) -> frozenset[str]:
        return frozenset(name for name, model in self.models.items() if model.kind == "peewee")

    def model_for_table(self, table: str) -> Model | None:
        return next((m for m in self.models.values() if m.table == table.lower()), None)


def is_schema_path(path: str) -> bool:
    return path.endswith(".sql") or bool(_SCHEMA_PATH.search(path))


def normalise(node: exp.Expr) -> str:
    """An expression as an index key: unqualified columns, lower case, no spaces."""
    bare = node.copy().transform(lambda n: exp.column(n.name) if isinstance(n, exp.Column) else n)
    return re.sub(r"\s+", "", bare.sql(dialect="postgres").lower())


def apply_sql(catalog: Catalog, text: str, dialect: str, origin: str, statements: list[sqlsource.SqlText] | None = None) -> None:
    """Read DDL statements into the catalog; statements that do not parse are counted."""
    for statement in statements if statements is not None else sqlsource.split_sql_file(text, dialect) or []:
        tree = sqlsource.parse(statement, dialect)
        if tree is None:
            catalog.unparsed += 1
            continue
        apply_ddl(catalog, tree, dialect, f"{origin}:{statement.line}")


def apply_ddl(catalog: Catalog, tree: exp.Expr, dialect: str, origin: str) -> None:
    if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema):
        _create_table(catalog, tree.this, dialect, origin)
    elif isinstance(tree, exp.Create) and isinstance(tree.this, exp.Index):
        _create_index(catalog, tree)
    elif isinstance(tree, exp.Alter) and isinstance(tree.this, exp.Table):
        _alter_table(catalog, tree.this.name, tree.args.get("actions") or [])
    elif isinstance(tree, exp.Drop) and str(tree.args.get("kind", "")).upper() == "INDEX":
        for table in tree.expressions or tree.args.get("tables") or []:
            catalog.drop_index(table.name)
    elif isinstance(tree, exp.Drop) and str(tree.args.get("kind", "")).upper() == "TABLE":
        for table in tree.args.get("tables") or []:
            catalog.tables.pop(table.name.lower(), None)


def _create_table(catalog: Catalog, schema: exp.Schema, dialect: str, origin: str) -> None:
    table = catalog.ensure(schema.this.name, origin)
    for item in schema.expressions:
        if isinstance(item, exp.ColumnDef):
            _column(catalog, table, item, dialect)
        else:
            _table_constraint(catalog, table.name, item, dialect)


def _column(catalog: Catalog, table: Table, column: exp.ColumnDef, dialect: str) -> None:
    name = column.name.lower()
    kind = column.args.get("kind")
    table.columns[name] = kind.sql(dialect="postgres").lower() if kind is not None else ""
    for constraint in column.args.get("constraints") or []:
        kind_node = constraint.args.get("kind")
        if isinstance(kind_node, (exp.PrimaryKeyColumnConstraint, exp.UniqueColumnConstraint)):
            catalog.add_index(table.name, Index((name,), unique=True))
        elif isinstance(kind_node, exp.Reference) and dialect == "mysql":
            catalog.add_index(table.name, Index((name,)))


def _table_constraint(catalog: Catalog, table: str, item: exp.Expr, dialect: str) -> None:
    node = item.expressions[0] if isinstance(item, exp.Constraint) and item.expressions else item
    if isinstance(node, (exp.PrimaryKey, exp.UniqueColumnConstraint)):
        target = node.this if isinstance(node, exp.UniqueColumnConstraint) else node
        names = [e.name.lower() for e in (target.expressions if target is not None else [])]
        if names:
            catalog.add_index(table, Index(tuple(names), unique=True))
    elif isinstance(node, exp.ForeignKey) and dialect == "mysql":
        catalog.add_index(table, Index(tuple(e.name.lower() for e in node.expressions)))


def _create_index(catalog: Catalog, tree: exp.Create) -> None:
    index = tree.this
    table = index.args.get("table")
    params = index.args.get("params")
    if table is None or params is None:
        return
    keys = []
    for part in params.args.get("columns") or []:
        key = part.this if isinstance(part, exp.Ordered) else part
        keys.append(key.name.lower() if isinstance(key, exp.Column) else normalise(key))
    partial = params.args.get("where") is not None
    catalog.add_index(table.name, Index(tuple(keys), index.name or None, bool(tree.args.get("unique")), partial))


def _alter_table(catalog: Catalog, table: str, actions: list[exp.Expr]) -> None:
    for action in actions:
        if isinstance(action, exp.ColumnDef):
            catalog.ensure(table).columns[action.name.lower()] = ""
        elif isinstance(action, exp.AddConstraint):
            for constraint in action.expressions:
                _table_constraint(catalog, table, constraint, "postgres")
