"""ORM rules about single queries: unindexed and non-sargable lookups, wasteful evaluation."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.base import all_nodes
from reviewer.analyzers.catalog import Model, Table
from reviewer.analyzers.dbrules import Hit, rule
from reviewer.analyzers.ormloops import OrmFile
from reviewer.analyzers.pyquery import Query
from reviewer.findings import Confidence, Severity

NON_SARGABLE = ("contains", "icontains", "endswith", "iendswith", "regex", "iregex")
SARGABLE = ("exact", "in", "gt", "gte", "lt", "lte", "range", "isnull", "startswith")
LAZY = frozenset({"filter", "exclude", "all", "order_by", "select_related", "prefetch_related", "only", "defer", "distinct"})


def lookups(query: Query) -> list[tuple[str, str, ast.Call]]:
    """(field, lookup, call) for every keyword lookup of filter/get/filter_by, and every
    `Model.field == value` comparison of SQLAlchemy and Peewee filters."""
    found = []
    for call in query.calls("filter", "get", "filter_by", "exclude"):
        for keyword in call.keywords:
            if keyword.arg:
                field, _, lookup = keyword.arg.partition("__")
                found.append((field, lookup or "exact", call))
        if query.orm != "django":
            found += [(c.left.attr, "exact", call) for c in call.args if isinstance(c, ast.Compare) and isinstance(c.left, ast.Attribute)]
    for call in query.calls("where"):
        found += [(c.left.attr, "exact", call) for c in call.args if isinstance(c, ast.Compare) and isinstance(c.left, ast.Attribute)]
    return found


def order_fields(query: Query) -> list[tuple[str, ast.Call]]:
    """The leading sort key of each `order_by`: `"-created"` → created, `Book.year.desc()` → year."""
    found = []
    for call in query.calls("order_by"):
        first = call.args[0] if call.args else None
        while isinstance(first, ast.Call) and isinstance(first.func, ast.Attribute) and first.func.attr in ("desc", "asc"):
            first = first.func.value
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((first.value.lstrip("-").split("__")[0], call))
        elif isinstance(first, ast.Attribute):
            found.append((first.attr, call))
    return found


def _known(orm: OrmFile, query: Query) -> tuple[Model, Table] | None:
    model = orm.catalog.models.get(query.model)
    table = orm.catalog.table(model.table) if model is not None else None
    return (model, table) if model is not None and table is not None else None


def _indexed(model: Model, table: Table, field: str) -> bool | None:
    """True/False for a local column; None for relations, pk and names the catalog lacks."""
    if field in ("pk", "id") or field in model.relations or field not in model.fields:
        return None
    return table.leading(model.fields[field])


@rule("PERF203", "ORM lookup or sort on a column with no index", Severity.MEDIUM)
def unindexed_lookup(orm: OrmFile) -> Iterator[Hit]:
    """`Order.objects.filter(reference=…)` (or `select(Order).where(Order.reference == …)`,
    Peewee `Order.select().where(Order.reference == …)`) on an unindexed column; or an
    unfiltered `order_by("reference")` whose sort key no index leads with.

    Better: index the column — Django `models.Index(fields=["reference"], name=…)` in
    `Meta.indexes` (or `db_index=True`), SQLAlchemy `index=True`, Peewee `index=True`,
    migrated with `AddIndexConcurrently` / `CREATE INDEX CONCURRENTLY`. Why: every call scans
    the table; a sort on an unindexed column reads and sorts all of it even for one page.
    Cost: a sequential scan (and sort) per request, linear in the table. Skipped when any
    lookup of the query can use an index, when the model is not in the catalog, and for
    relation spans; a sort is judged only when the query has no filter.
    """
    for query, _ in orm.module.queries:
        known = _known(orm, query)
        found = [(f, lk, c) for f, lk, c in lookups(query) if lk in SARGABLE]
        if known is None or any(c.args and query.orm == "django" for _, _, c in found) or query.calls("filter", "exclude", "where"
                                                                                                     ) and not found:
            continue
        model, table = known
        keys = [(f, c) for f, _, c in found] or order_fields(query)[:1]
        if not keys or any(_indexed(model, table, field) is not False for field, _ in keys):
            continue
        field, call = keys[0]
        yield Hit(call.lineno, _unindexed_message(model, table, field, sort=not found))


def _unindexed_message(model: Model, table: Table, field: str, sort: bool) -> str:
    column = model.fields[field]
    name = f"{table.name}_{column}_idx"[:30]
    fix = {"django": f'`models.Index(fields=["{field}"], name="{name}")` in `{model.name}.Meta.indexes` (migrate with '
                     f"AddIndexConcurrently)",
           "peewee": f"`{field} = ...Field(..., index=True)` on `{model.name}`"}.get(
        model.kind, f"`{field} = Column(..., index=True)` on `{model.name}`")
    what = (f"this sort on `{model.name}.{field}` reads and sorts every row of `{table.name}`" if sort
            else f"this lookup on `{model.name}.{field}` scans every row of `{table.name}`")
    return f"`{table.name}.{column}` has no index, so {what}. Add {fix}, i.e. CREATE INDEX CONCURRENTLY {name} ON {table.name} ({column});"


@rule("PERF204", "Substring or regex lookup cannot use the column's index", Severity.LOW)
def nonsargable_lookup(orm: OrmFile) -> Iterator[Hit]:
    """`__icontains`, `__contains`, `__iendswith`, `__regex`… on an indexed column.

    Anti-pattern: `User.objects.filter(email__icontains=q)` — compiles to `UPPER(email) LIKE
    UPPER('%q%')`, which the B-tree index on `email` cannot serve. Better: `__istartswith`
    when a prefix search is enough, a trigram index (`GinIndex(fields=["email"],
    opclasses=["gin_trgm_ops"], name=…)`) or full-text search (`SearchVector`). Why: the
    index the column has is ignored; every row is read. Cost: a sequential scan per search.
    On a model the catalog does not know the finding has low confidence.
    """
    for query, _ in orm.module.queries:
        if query.orm != "django":
            continue
        known = _known(orm, query)
        for field, lookup, call in lookups(query):
            if lookup not in NON_SARGABLE:
                continue
            indexed = _indexed(*known, field) if known else None
            if known is not None and indexed is not True:
                continue
            yield Hit(call.lineno, f"`{field}__{lookup}` becomes `LIKE '%…%'` (or a regex match), which the index on "
                      f"`{field}` cannot serve: every row is scanned. Use `{field}__istartswith` for prefix search, or a "
                      f'trigram index: GinIndex(fields=["{field}"], opclasses=["gin_trgm_ops"], name="{field}_trgm").',
                      confidence=Confidence.MEDIUM if known else Confidence.LOW)
            break


def _query_arg(node: ast.expr, orm: OrmFile) -> Query | None:
    query = orm.by_node.get(id(node))
    return query if query is not None and query.orm == "django" else None


@rule("PERF205", "len(queryset) loads every row to count them", Severity.LOW, confidence=Confidence.HIGH)
def len_queryset(orm: OrmFile) -> Iterator[Hit]:
    """`len(Order.objects.filter(...))` fetches and builds every row only to count them.

    Better: `Order.objects.filter(...).count()` — one `SELECT COUNT(*)`. Why: `len()` evaluates
    the queryset. Cost: all rows transferred and instantiated instead of one number. (When the
    rows are used afterwards anyway, `len()` on the evaluated queryset is fine; only a direct
    `len(<query>)` is reported.)
    """
    if not any(q.orm == "django" for q, _ in orm.module.queries):
        return
    for node in all_nodes(orm.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "len" and len(node.args) == 1:
            query = _query_arg(node.args[0], orm)
            if query is not None and (not query.methods or query.methods[-1][0] in LAZY):
                fixed = f"{ast.unparse(node.args[0])}.count()"
                yield Hit(node.lineno, f"`len()` loads every row to count them; `{fixed}` asks the database for the number.",
                          suggestion=_replace_line(orm, node, fixed))


@rule("PERF206", "Existence checked by loading or counting rows", Severity.LOW, confidence=Confidence.HIGH)
def exists_check(orm: OrmFile) -> Iterator[Hit]:
    """`if Order.objects.filter(...):` or `if qs.count() > 0:` to ask "is there any row?".

    Better: `if Order.objects.filter(...).exists():` — `SELECT 1 … LIMIT 1`. Why: truthiness
    evaluates and caches the whole result; `count()` counts every matching row. Cost: all
    matching rows (or a full count) where the first row would answer the question.
    """
    if not any(q.orm == "django" for q, _ in orm.module.queries):
        return
    for node in all_nodes(orm.tree):
        if isinstance(node, ast.Compare):
            counted = _count_against_zero(node, orm)
            if counted is not None:
                yield _exists_hit(node, ast.unparse(counted.node)[: -len(".count()")])
        elif isinstance(node, (ast.If, ast.While, ast.IfExp)):
            test = node.test.operand if isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not) else node.test
            query = _query_arg(test, orm)
            if query is not None and query.methods and query.methods[-1][0] in LAZY:
                yield _exists_hit(node.test, ast.unparse(test))


def _count_against_zero(node: ast.Compare, orm: OrmFile) -> Query | None:
    """`qs.count() > 0`, `>= 1`, `== 0`, `!= 0`, `< 1`: an existence test spelled as a count."""
    if len(node.comparators) != 1 or not isinstance(node.comparators[0], ast.Constant):
        return None
    counted = _query_arg(node.left, orm)
    if counted is None or not counted.methods or counted.methods[-1][0] != "count":
        return None
    return counted if node.comparators[0].value in (0, 1) else None


def _exists_hit(test: ast.expr, base: str) -> Hit:
    return Hit(test.lineno, f"`{ast.unparse(test)}` loads or counts rows to test for existence; use `{base}.exists()` "
               f"(one `SELECT 1 … LIMIT 1`).")


@rule("PERF207", "Iterating a whole table without chunking", Severity.LOW)
def unbounded_iteration(orm: OrmFile) -> Iterator[Hit]:
    """`for row in Model.objects.all():` with no filter, slice or `iterator()`.

    Better: `Model.objects.all().iterator(chunk_size=2000)` in commands and jobs (rows are
    streamed, not cached), and pagination in views. Why: a queryset caches every row it has
    read; on a large table the process holds the whole table in memory. Cost: memory and
    time linear in the table, in a single query with no upper bound.
    """
    for loop in orm.module.loops:
        query = loop.query
        if query is None or query.orm != "django" or not query.methods:
            continue
        names = {name for name, _ in query.methods}
        if names <= {"all", "order_by", "select_related", "prefetch_related", "only", "defer"} and "all" in names:
            yield Hit(getattr(loop.node, "lineno", 0), f"`{ast.unparse(query.node)}` reads the whole table into memory. "
                      f"Stream it: `{ast.unparse(query.node)}.iterator(chunk_size=2000)`, or paginate.")


def _replace_line(orm: OrmFile, node: ast.expr, fixed: str) -> str | None:
    """The flagged line with the call replaced, when the call sits on one line."""
    if node.lineno != node.end_lineno:
        return None
    text = orm.lines[node.lineno - 1]
    raw = text.encode("utf-8")
    start, end = node.col_offset, node.end_col_offset or node.col_offset
    return (raw[:start].decode("utf-8", "replace") + fixed + raw[end:].decode("utf-8", "replace")).rstrip()
