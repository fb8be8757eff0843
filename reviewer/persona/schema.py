"""Schema facts for the model: what the repository declares about the tables a diff touches.

The database analyzers already know how to read models, migrations and DDL into a catalog; the
model gets the few lines of it that matter to the code it is shown (columns, indexes, relations),
so it can say "there is no index on orders.customer" instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reviewer.analyzers.base import SourceFile
from reviewer.analyzers.catalog import Catalog
from reviewer.workspace import DirWorkspace

MAX_FACTS = 15
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class _Overlay:
    """The PR head as the stage knows it: changed files from the diff's sources, the rest from
    the repository checkout when there is one."""

    sources: Mapping[str, SourceFile]
    root: Path | None

    def read(self, path: str) -> str | None:
        source = self.sources.get(path)
        if source is not None:
            return source.text
        return DirWorkspace(self.root).read(path) if self.root is not None else None

    def list_files(self) -> list[str]:
        files = set(self.sources)
        if self.root is not None and self.root.is_dir():
            files.update(DirWorkspace(self.root).list_files())
        return sorted(files)


def build(sources: Mapping[str, SourceFile], root: Path | None, dialect: str) -> Catalog | None:
    """The head catalog, or None when it cannot be built (facts are a bonus, never a failure)."""
    from reviewer.analyzers.modelschema import build_catalog

    try:
        return build_catalog(_Overlay(sources, root), dialect, list(sources))
    except Exception:  # noqa: BLE001 - a schema the catalog cannot read only costs context
        return None


def facts(catalog: Catalog | None, text: str) -> list[str]:
    """One line per known table or model that the text mentions by name."""
    if catalog is None:
        return []
    words = {word.lower() for word in _WORD.findall(text)}
    lines = []
    for model in sorted(catalog.models.values(), key=lambda m: m.name):
        if model.name.lower() in words:
            relations = ", ".join(f"{r.name} → {r.target}{' (many)' if r.many else ''}" for r in model.relations.values())
            lines.append(f"- model {model.name} ({model.kind}) → table {model.table}" + (f"; relations: {relations}" if relations else ""))
            words.add(model.table)
    for table in sorted(catalog.tables.values(), key=lambda t: t.name):
        if table.name in words:
            indexes = "; ".join(f"({', '.join(ix.columns)}){' unique' if ix.unique else ''}{' partial' if ix.partial else ''}"
                                for ix in table.indexes) or "none known"
            lines.append(f"- table {table.name}: columns {', '.join(table.columns) or 'unknown'}; indexes {indexes}")
    return lines[:MAX_FACTS]
