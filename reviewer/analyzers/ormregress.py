"""The "N+1 returns" regression rule: this change removed an eager load a loop still needs."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.dbrules import Hit, rule
from reviewer.analyzers.ormloops import OrmFile, eager_fix, lazy_reads, regression
from reviewer.findings import Confidence, Severity


@rule("PERF209", "Eager load removed: the N+1 comes back", Severity.HIGH, about_removed_code=True)
def eager_load_removed(orm: OrmFile) -> Iterator[Hit]:
    """The change drops a `select_related`/`prefetch_related`/`joinedload`/`selectinload` that a
    loop over the query's rows still relies on.

    Anti-pattern: a refactor rewrites `Order.objects.filter(...).select_related("customer")` as
    `Order.objects.filter(...)` while the view still reads `order.customer.email` per order.
    Better: keep the eager load (or move it to wherever the queryset is now built). Why: the
    code keeps working and the tests keep passing — only the query count changes, from 1 to
    1 + N, and nobody notices until production data arrives. Cost: one extra query per row on
    every call. Diff-aware: the base version of the file (`--base`), or the diff's removed
    lines, must show the eager load; the finding sits on the changed query line, or next to
    the removed line when the query line itself did not change.
    """
    for lazy in lazy_reads(orm):
        removed = regression(orm, lazy)
        if removed is None:
            continue
        query_line = lazy.query.node.lineno
        line = query_line if query_line in orm.added else removed.anchor or query_line
        severity, where = orm.impact(lazy.loop.node)
        fix = eager_fix(lazy.query, orm.catalog.models.get(lazy.query.model), lazy.relation, lazy.many)
        yield Hit(line, f"This change removed the eager load of `{lazy.relation}` (base line {removed.old_line}), but the loop "
                  f"at line {lazy.line} still reads `{lazy.loop.target}.{lazy.relation}` {where}: the N+1 returns, "
                  f"1 + N queries for `{ast.unparse(lazy.query.node)}`. Put the eager load back:\n    {fix}",
                  severity=severity, confidence=Confidence.HIGH if removed.model else Confidence.MEDIUM)
