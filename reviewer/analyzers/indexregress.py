"""The index-regression rule for declarations: an index removed from a model or schema file."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.analyzers.base import SourceFile
from reviewer.analyzers.basetext import removed
from reviewer.analyzers.catalog import Catalog
from reviewer.analyzers.dbrules import Hit, rule
from reviewer.analyzers.indexusage import LostIndex
from reviewer.findings import Confidence, Severity

INDEX_WORDS = re.compile(r"(?i)db_index|index\s*=|Index\(|\bINDEX\b|indexes|unique")


@rule("PERF210", "Index removed while queries still use it", Severity.MEDIUM, confidence=Confidence.HIGH,
      about_removed_code=True)
def index_declaration_removed(source: SourceFile, lost: dict[tuple[str, str], LostIndex], catalog: Catalog) -> Iterator[Hit]:
    """The change deletes an index declaration — `db_index=True`, a `Meta.indexes` entry,
    `index=True` on a Column, a `CREATE INDEX` in a schema file — that queries still need.

    Anti-pattern: removing `db_index=True` from `status` while views still run
    `Order.objects.filter(status=…)`. Better: keep the index, or first move the queries to a
    column that is indexed; if it really is unused, confirm with `pg_stat_user_indexes.idx_scan`
    before dropping it. Why: nothing fails — the queries just turn into sequential scans, found
    in production, not in review. Cost: a full scan per query that used the index. Diff-aware:
    the base and head catalogs are compared (`--base`, or the diff's removed lines), and the
    finding is only raised when the repository at the head still filters or sorts on the
    column; it lists those queries. A `DROP INDEX`/`RemoveIndex` operation is PERF208's.
    """
    for index in lost.values():
        if not index.usages or index.dropped_by_operation:
            continue  # unused, or the migration's drop is reported (with its users) by PERF208
        line = _removal_line(source, index, catalog)
        if line is not None:
            yield Hit(line, f"This change removes the index on `{index.table}.{index.column}`"
                      f"{f' (`{index.name}`)' if index.name else ''}, but these queries still filter or sort on it and "
                      f"become sequential scans: {', '.join(index.usages)}. Keep the index, e.g.\n"
                      f"    CREATE INDEX CONCURRENTLY {index.table}_{index.column}_idx ON {index.table} ({index.column});")


def _removal_line(source: SourceFile, index: LostIndex, catalog: Catalog) -> int | None:
    """The new-side line next to a removed line that declared this index."""
    model = catalog.model_for_table(index.table)
    names = {index.column} | ({f for f, c in model.fields.items() if c == index.column} if model else set())
    if index.name:
        names.add(index.name)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names)) + r")\b")
    for _, text, anchor in removed(source.diff):
        if anchor is not None and pattern.search(text) and INDEX_WORDS.search(text):
            return anchor
    return None
