"""The predicates of a SQL statement, resolved to catalog tables and columns.

Shared by the raw-SQL rules: for `WHERE lower(u.email) = %s AND u.active`, it answers "which
table, which column, is the column bare or wrapped in a function, and on which source line".
Resolution is conservative: a column it cannot pin to one table gets `table=None`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from reviewer.analyzers.catalog import Catalog, Table, normalise
from reviewer.analyzers.sqlsource import DYNAMIC, SqlText

COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.In, exp.Between, exp.Like, exp.ILike, exp.Is)


@dataclass(frozen=True)
class Pred:
    """One conjunct of a WHERE clause that filters a single column (bare or wrapped)."""

    table: str | None
    column: str
    node: exp.Expr
    key: exp.Expr
    line: int

    @property
    def wrapped(self) -> bool:
        return not isinstance(self.key, exp.Column)

    def usable(self, table: Table) -> bool:
        """Could an index of this table serve this predicate?"""
        if isinstance(self.node, exp.Like | exp.ILike) and leading_wildcard(self.node):
            return False
        if self.wrapped:
            return table.expression(normalise(self.key))
        return table.leading(self.column)


def leading_wildcard(node: exp.Expr) -> bool:
    pattern = node.expression
    while isinstance(pattern, exp.DPipe | exp.Concat):
        pattern = pattern.this if isinstance(pattern, exp.DPipe) else (pattern.expressions or [None])[0]
    return isinstance(pattern, exp.Literal) and pattern.is_string and pattern.this.startswith(("%", "_"))


_ALIASES: dict[int, tuple[exp.Expr, dict[str, str]]] = {}


def aliases(tree: exp.Expr) -> dict[str, str]:
    """alias or name → table name, for every real table the statement reads or writes.

    Several rules ask this of the same statement: the answer is kept per statement object
    (by identity: hashing a sqlglot tree walks all of it).
    """
    hit = _ALIASES.get(id(tree))
    if hit is not None and hit[0] is tree:
        return hit[1]
    if len(_ALIASES) > 4096:
        _ALIASES.clear()
    found = _table_aliases(tree)
    _ALIASES[id(tree)] = (tree, found)
    return found


def _table_aliases(tree: exp.Expr) -> dict[str, str]:
    found: dict[str, str] = {}
    for table in tree.find_all(exp.Table):
        if table.name and DYNAMIC not in table.name:
            found[table.alias_or_name.lower()] = table.name.lower()
    return found


def resolve(column: exp.Column, names: dict[str, str], catalog: Catalog) -> str | None:
    """The table a column belongs to, or None when that cannot be told for sure."""
    if column.table:
        return names.get(column.table.lower())
    tables = set(names.values())
    if len(tables) == 1:
        return next(iter(tables))
    owners = [t for t in tables if (known := catalog.table(t)) is not None and column.name.lower() in known.columns]
    return owners[0] if len(owners) == 1 else None


def _key_column(side: exp.Expr) -> tuple[exp.Expr, exp.Column] | None:
    if isinstance(side, exp.Column):
        return (side, side) if DYNAMIC not in side.name else None
    if isinstance(side, exp.Func | exp.Cast) and not side.find(exp.Select):
        columns = [c for c in side.find_all(exp.Column) if DYNAMIC not in c.name]
        if len(columns) == 1:
            return side, columns[0]
    return None


def _column_to_column(node: exp.Expr) -> bool:
    sides = (node.this, node.args.get("expression"))
    return all(isinstance(s, exp.Column) and DYNAMIC not in s.name for s in sides)


def conjuncts(condition: exp.Expr | None) -> list[exp.Expr]:
    if condition is None:
        return []
    node = condition.this if isinstance(condition, exp.Where) else condition
    while isinstance(node, exp.Paren):
        node = node.this
    return list(node.flatten()) if isinstance(node, exp.And) else [node]


def predicates(tree: exp.Expr, text: SqlText, catalog: Catalog, condition: exp.Expr | None = None) -> list[Pred]:
    """Single-column conjuncts of the statement's WHERE (or of a given condition)."""
    names = aliases(tree)
    found = []
    for conjunct in conjuncts(condition if condition is not None else tree.args.get("where")):
        while isinstance(conjunct, exp.Paren):
            conjunct = conjunct.this
        if not isinstance(conjunct, COMPARISONS) or _column_to_column(conjunct):
            continue
        picked = _key_column(conjunct.this)
        if picked is None and isinstance(conjunct, exp.EQ):
            picked = _key_column(conjunct.expression)
        if picked is None:
            continue
        key, column = picked
        found.append(Pred(resolve(column, names, catalog), column.name.lower(), conjunct, key, text.line_of(key)))
    return found


def order_keys(tree: exp.Expr, text: SqlText, catalog: Catalog) -> list[Pred]:
    """The leading ORDER BY key of a SELECT, as a predicate-like record (one column or none)."""
    order = tree.args.get("order") if isinstance(tree, exp.Select) else None
    first = order.expressions[0] if order is not None and order.expressions else None
    key = first.this if isinstance(first, exp.Ordered) else first
    if not isinstance(key, exp.Column) or DYNAMIC in key.name:
        return []
    return [Pred(resolve(key, aliases(tree), catalog), key.name.lower(), first or key, key, text.line_of(key))]


def tables_of(node: exp.Expr, names: dict[str, str], catalog: Catalog) -> set[str | None]:
    """The tables the columns of an expression belong to (None for a column it cannot place)."""
    return {resolve(column, names, catalog) for column in node.find_all(exp.Column) if DYNAMIC not in column.name}


def cross_table_ors(tree: exp.Expr, catalog: Catalog) -> list[tuple[exp.Or, list[str]]]:
    """Top-level `OR`s of the WHERE whose branches filter different tables of a join."""
    if not tree.args.get("joins") and len(set(aliases(tree).values())) < 2:
        return []
    names = aliases(tree)
    found = []
    for conjunct in conjuncts(tree.args.get("where")):
        while isinstance(conjunct, exp.Paren):
            conjunct = conjunct.this
        if not isinstance(conjunct, exp.Or):
            continue
        per_branch = [tables_of(branch, names, catalog) for branch in conjunct.flatten()]
        if any(None in tables or len(tables) != 1 for tables in per_branch):
            continue
        distinct = sorted({next(iter(tables)) or "" for tables in per_branch})
        if len(distinct) > 1:
            found.append((conjunct, distinct))
    return found
