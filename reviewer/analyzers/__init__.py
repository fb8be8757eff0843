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


def all_rules() -> dict[str, Rule]:
    """Every rule of every analyzer, by id (for `reviewer rules`, `explain` and SARIF)."""
    return {rule.id: rule for name in ANALYZERS for rule in get_analyzer(name).RULES}
