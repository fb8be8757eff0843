"""The analyzer registry: one module per analyzer, listed in one dict literal.

Each module exposes `SUFFIXES` (file endings it reads), `RULES` (documented rules) and
`analyze(ctx)`; optionally `prepare(project)` for repository-wide facts (see `base.py`).
Modules are imported on first use so `reviewer --help` stays fast.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from reviewer.analyzers.base import Rule

ANALYZERS: dict[str, str] = {
    "bandit": "reviewer.analyzers.bandit",
    "sql": "reviewer.analyzers.sql",
    "orm": "reviewer.analyzers.orm",
    "migrations": "reviewer.analyzers.migrations",
    "taint": "reviewer.analyzers.taint",
    "authz": "reviewer.analyzers.authz",
    "settings": "reviewer.analyzers.settings",
    "secrets": "reviewer.analyzers.secrets",
    "templates": "reviewer.analyzers.templates",
}


def get_analyzer(name: str) -> ModuleType:
    return importlib.import_module(ANALYZERS[name])


def rules_about_removed_code() -> frozenset[str]:
    """Ids of rules that report deletions. A module may declare them as `ABOUT_REMOVED_CODE`
    so that answering does not load its rule documentation (bandit's costs its plugin scan)."""
    ids: set[str] = set()
    for name in ANALYZERS:
        module = get_analyzer(name)
        declared = getattr(module, "ABOUT_REMOVED_CODE", None)
        ids |= declared if declared is not None else {r.id for r in module.RULES if r.about_removed_code}
    return frozenset(ids)


def all_rules() -> dict[str, Rule]:
    """Every rule of every analyzer, by id (for `reviewer rules`, `explain` and SARIF)."""
    return {rule.id: rule for name in ANALYZERS for rule in get_analyzer(name).RULES}
