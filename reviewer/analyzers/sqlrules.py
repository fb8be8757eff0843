"""The raw-SQL rules, one function each; the docstring is what `reviewer explain` prints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlglot import exp

from reviewer.analyzers.catalog import Catalog, Table, normalise
from reviewer.analyzers.dbrules import Hit, rule
from reviewer.analyzers.sqlpreds import Pred, aliases, cross_table_ors, leading_wildcard, order_keys, predicates, resolve
from reviewer.analyzers.sqlsource import SqlText
from reviewer.findings import Confidence, Severity


@dataclass(frozen=True)
class Stmt:
    """One parsed statement with what the rules need to judge it."""

    text: SqlText
    tree: exp.Expr
    catalog: Catalog
    path: str
    handler: bool
    single_row: bool
    app_code: bool
    created: frozenset[str]
    dialect: str


def index_advice(catalog: Catalog, table: str, key: str, column: str) -> str:
    """The corrected schema: a concurrent CREATE INDEX, and the Django/SQLAlchemy spelling."""
    name = f"{table}_{column}_idx"
    sql = f"CREATE INDEX CONCURRENTLY {name} ON {table} ({key});"
    model = catalog.model_for_table(table)
    if model is None:
        return f"Add an index:\n    {sql}"
    field = next((attr for attr, col in model.fields.items() if col == column and attr != "pk"), column)
    if model.kind == "django":
        entry = f'models.Index(fields=["{field}"], name="{name[:30]}")' if key == column else \
            f'models.Index({key.split("(")[0].capitalize()}("{field}"), name="{name[:30]}")'
        return f"Add an index:\n    {sql}\nor in `{model.name}.Meta.indexes`: {entry} (migrate with AddIndexConcurrently)."
    return f"Add an index:\n    {sql}\nor declare it on the model: `{field} = Column(..., index=True)`."


def _by_table(stmt: Stmt) -> dict[str, tuple[Table, list[Pred]]]:
    grouped: dict[str, tuple[Table, list[Pred]]] = {}
    for pred in predicates(stmt.tree, stmt.text, stmt.catalog):
        table = stmt.catalog.table(pred.table) if pred.table else None
        if table is not None:
            grouped.setdefault(table.name, (table, []))[1].append(pred)
    return grouped


@rule("PERF101", "Query filters on a column with no index", Severity.MEDIUM)
def unindexed_predicate(stmt: Stmt) -> Iterator[Hit]:
    """A WHERE, JOIN ON or ORDER BY column that no index of the table starts with.

    Anti-pattern: `SELECT … FROM orders WHERE reference = %s` when the schema indexes only
    `orders.id`. Better: add an index whose leading column is the filtered one (composite
    indexes count by prefix) — `CREATE INDEX CONCURRENTLY orders_reference_idx ON orders
    (reference);` or a Django `Meta.indexes` entry. Why: without an index the database reads
    every row of the table on every call. Cost: a sequential scan, linear in the table size,
    that is invisible on a test database and dominant in production. Only tables the catalog
    knows are judged; a table declared nowhere in the repository is never guessed at.
    """
    grouped = _by_table(stmt)
    for table, preds in grouped.values():
        if table.name in stmt.created or any(p.usable(table) for p in preds):
            continue
        preds = [p for p in preds if not (isinstance(p.node, exp.Like | exp.ILike) and leading_wildcard(p.node))]
        if not preds:
            continue  # only a leading-wildcard search: PERF103's finding
        if any(p.wrapped and table.leading(p.column) for p in preds):
            continue  # the index exists but a function hides it: PERF102's finding
        pred = preds[0]
        key = normalise(pred.key) if pred.wrapped else pred.column
        confidence = Confidence.MEDIUM if pred.column in table.columns else Confidence.LOW
        yield Hit(pred.line, f"`{table.name}.{pred.column}` has no index whose leading column it is, so "
                  f"`{pred.node.sql(dialect=stmt.dialect)}` reads every row of `{table.name}`: a sequential scan that grows with "
                  f"the table. {index_advice(stmt.catalog, table.name, key, pred.column)}", confidence=confidence)
    yield from _unindexed_joins(stmt)
    yield from _unindexed_order(stmt, grouped)


def _unindexed_order(stmt: Stmt, grouped: dict[str, tuple[Table, list[Pred]]]) -> Iterator[Hit]:
    """ORDER BY on an unfiltered table: with no index leading on the sort key, every row is
    read and sorted to return the first page. A filtered table is judged by its WHERE instead."""
    for key in order_keys(stmt.tree, stmt.text, stmt.catalog):
        table = stmt.catalog.table(key.table) if key.table else None
        if table is None or table.name in stmt.created or table.name in grouped or table.leading(key.column):
            continue
        if len(set(aliases(stmt.tree).values())) > 1:
            continue  # a join: which side drives the sort is the planner's call
        yield Hit(key.line, f"`ORDER BY {key.node.sql(dialect=stmt.dialect)}` sorts every row of `{table.name}`: no index "
                  f"starts with `{key.column}`, so the database reads and sorts the whole table even for one page. "
                  f"{index_advice(stmt.catalog, table.name, key.column, key.column)}")


def _unindexed_joins(stmt: Stmt) -> Iterator[Hit]:
    names = aliases(stmt.tree)
    for join in stmt.tree.find_all(exp.Join):
        on = join.args.get("on")
        joined = join.this.name.lower() if isinstance(join.this, exp.Table) else ""
        for cond in [on] if isinstance(on, exp.EQ) else []:
            sides = [s for s in (cond.this, cond.expression) if isinstance(s, exp.Column)]
            owned = [(resolve(s, names, stmt.catalog), s) for s in sides]
            inner = [(t, s) for t, s in owned if t == joined]
            table = stmt.catalog.table(joined)
            if len(sides) != 2 or not inner or table is None or joined in stmt.created:
                continue
            if any((known := stmt.catalog.table(t or "")) is not None and known.leading(s.name.lower()) for t, s in owned):
                continue
            column = inner[0][1].name.lower()
            yield Hit(stmt.text.line_of(inner[0][1]), f"The join `{cond.sql(dialect=stmt.dialect)}` has no index on either side, so each "
                      f"joined row of `{joined}` is found by scanning it. "
                      f"{index_advice(stmt.catalog, joined, column, column)}")


@rule("PERF102", "Function or cast on an indexed column defeats its index", Severity.MEDIUM)
def nonsargable_predicate(stmt: Stmt) -> Iterator[Hit]:
    """A predicate that wraps an indexed column in a function or cast: `lower(email) = %s`.

    Anti-pattern: `WHERE lower(email) = %s`, `WHERE created::date = %s`, `WHERE CAST(id AS
    text) = %s` on a column that has a plain index. Better: compare the bare column (normalise
    the value instead, or use a range: `created >= %s AND created < %s`), or add an expression
    index that matches exactly: `CREATE INDEX CONCURRENTLY … ON users (lower(email));`
    (Django: `models.Index(Lower("email"), name=…)`). Why: a B-tree on `email` orders raw
    values, not `lower(email)`, so the planner cannot use it. Cost: a full scan per query.
    On a table the catalog does not know, the finding is reported with low confidence.
    """
    grouped = _by_table(stmt)
    for pred in predicates(stmt.tree, stmt.text, stmt.catalog):
        if not pred.wrapped:
            continue
        table, preds = grouped.get(pred.table or "", (None, []))
        key = normalise(pred.key)
        if table is not None and (not table.leading(pred.column) or any(p.usable(table) for p in preds)):
            continue
        where = f"`{table.name}.{pred.column}`" if table else f"`{pred.column}`"
        name = pred.table or "<table>"
        yield Hit(pred.line, f"`{key}` wraps the indexed column {where}, so the index on it cannot be used and "
                  f"every row is read. Compare the bare column, or index the expression: "
                  f"CREATE INDEX CONCURRENTLY {name}_{pred.column}_expr_idx ON {name} ({key});",
                  confidence=Confidence.HIGH if table else Confidence.LOW)


@rule("PERF103", "LIKE pattern with a leading wildcard", Severity.LOW)
def leading_wildcard_like(stmt: Stmt) -> Iterator[Hit]:
    """`LIKE '%term'` or `ILIKE '%' || %s || '%'`: a pattern no B-tree index can serve.

    Anti-pattern: substring search with a leading `%` on a table of any size. Better: a
    trigram index (`CREATE INDEX CONCURRENTLY … USING gin (col gin_trgm_ops)`), full-text
    search (`tsvector` + GIN), or a prefix search (`LIKE 'term%'`) when that is what users
    need. Why: the index is ordered by the start of the value; a leading wildcard hides it.
    Cost: a sequential scan per search. Skipped when another indexed condition narrows rows.
    """
    grouped = _by_table(stmt)
    for like in stmt.tree.find_all(exp.Like, exp.ILike):
        if not leading_wildcard(like) or not isinstance(like.this, exp.Column):
            continue
        table, preds = grouped.get(resolve(like.this, aliases(stmt.tree), stmt.catalog) or "", (None, []))
        if table is not None and any(p.usable(table) for p in preds):
            continue
        yield Hit(stmt.text.line_of(like.this), f"`{like.sql(dialect=stmt.dialect)}` starts with a wildcard, so no B-tree index on "
                  f"`{like.this.sql()}` can be used and every row is scanned. Use a trigram GIN index "
                  f"(`USING gin ({like.this.name} gin_trgm_ops)`) or full-text search.")


@rule("PERF104", "SELECT * in application code", Severity.LOW, confidence=Confidence.HIGH)
def select_star(stmt: Stmt) -> Iterator[Hit]:
    """`SELECT *` in application code reads and ships every column, including ones added later.

    Better: name the columns the code uses (`SELECT id, email FROM users …`). Why: wide rows
    (JSON, text, blobs) are fetched and decoded for nothing, covering indexes cannot answer
    the query, and a later `ADD COLUMN` silently changes what the code receives. Cost: I/O
    and memory proportional to the unused columns. `.sql` scripts and migrations are exempt.
    """
    tree = stmt.tree
    if stmt.app_code and isinstance(tree, exp.Select) and any(isinstance(e, exp.Star) for e in tree.expressions):
        table = tree.args.get("from_") or tree.args.get("from")
        source = table.this.sql() if table is not None else "the table"
        yield Hit(stmt.text.line, f"`SELECT *` from {source} fetches every column; list the ones this code reads, "
                  f"e.g. `SELECT id, … FROM {source}`.")


@rule("PERF105", "SELECT without LIMIT returned to a request handler", Severity.MEDIUM)
def unbounded_select(stmt: Stmt) -> Iterator[Hit]:
    """A request handler runs a SELECT with no LIMIT: the response grows with the data.

    Anti-pattern: `SELECT … FROM events WHERE account_id = %s ORDER BY created_at` (or no WHERE
    at all) fetched in full by an endpoint. Better: paginate — `… ORDER BY id LIMIT %s`, with
    keyset `WHERE id > %s` for the next page. Why: a table that holds 100 rows per account in
    development holds millions in production; every request then reads, transfers and
    serialises all of them. Cost: response time and memory linear in the data, per request.
    Exempt: aggregates (`COUNT(*)`), lookups by a unique column, and handlers that read one
    row (`fetchone()`, `.first()`).
    """
    tree = stmt.tree
    if not (stmt.handler and isinstance(tree, exp.Select)) or tree.args.get("limit") or stmt.single_row:
        return
    if tree.args.get("group") or tree.find(exp.AggFunc) or not tree.args.get("from_", tree.args.get("from")):
        return
    if any(isinstance(p.node, exp.EQ) and _unique(stmt.catalog, p) for p in predicates(tree, stmt.text, stmt.catalog)):
        return
    yield Hit(stmt.text.line, "This handler returns every matching row on every request (no LIMIT). Paginate: "
              "`… ORDER BY id LIMIT %s`, with keyset `WHERE id > %s` for the next page.")


def _unique(catalog: Catalog, pred: Pred) -> bool:
    if pred.wrapped:
        return False
    table = catalog.table(pred.table) if pred.table else None
    if table is None:
        return pred.column == "id"
    return any(ix.unique and ix.columns == (pred.column,) for ix in table.indexes)


@rule("PERF106", "OR across joined tables cannot use one index", Severity.MEDIUM)
def cross_table_or(stmt: Stmt) -> Iterator[Hit]:
    """`WHERE o.status = %s OR c.email = %s` where each branch filters a different joined table.

    Anti-pattern: one OR whose branches test columns of two tables of a join. Better: split it
    into one query per branch, each filtering its own table through its own index, and combine
    them with `UNION` (`UNION ALL` when the branches cannot overlap):
    `SELECT … WHERE o.status = %s UNION SELECT … WHERE c.email = %s`. Why: no single index (and
    no bitmap OR of indexes) can serve a condition that spans two tables, so the planner joins
    the tables in full first and filters the joined rows afterwards. Cost: a full join of both
    tables per query, however selective each branch is on its own.
    """
    for node, tables in cross_table_ors(stmt.tree, stmt.catalog):
        branches = [branch.sql(dialect=stmt.dialect) for branch in node.flatten()]
        yield Hit(stmt.text.line_of(node), f"`{node.sql(dialect=stmt.dialect)}` ORs conditions on different joined tables "
                  f"({', '.join(f'`{t}`' for t in tables)}): no index can serve it, so the tables are joined in full and "
                  f"filtered afterwards. Run one query per branch and combine them: `SELECT … WHERE {branches[0]} "
                  f"UNION SELECT … WHERE {branches[1]}`.")


RULE_FUNCTIONS = (unindexed_predicate, nonsargable_predicate, leading_wildcard_like, select_star,
                  unbounded_select, cross_table_or)
