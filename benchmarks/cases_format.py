"""The benchmark case format (DESIGN.md): one folder with `case.toml`, `change.diff`, optional `repo/`.

`case.toml` holds a one-line `description`; `[[expect]]` tables (a finding the reviewer must
report: `path`, one of `line = N` / `lines = [a, b]` / `any_of = [n, ...]`, `category`, optional
`rule`); `[[also_ok]]` tables with the same keys (acceptable, not required); `clean = true` for a
change that must raise nothing of medium or higher; optional `scope = "security"|"performance"`
to judge only findings of that category. Unknown keys are ignored so the format can grow.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CATEGORIES = ("security", "performance", "reliability", "maintainability")
CASE_FILE = "case.toml"


class CaseError(ValueError):
    """A case folder that cannot be scored; the message names the file and the problem."""


@dataclass(frozen=True)
class Expectation:
    """A place where a finding of one category (and optionally one rule family) belongs.

    `spans` are inclusive line ranges: `line` gives one, `lines` one range, `any_of` one per line.
    """

    path: str
    category: str
    spans: tuple[tuple[int, int], ...]
    rule: str | None = None

    def describe(self) -> str:
        where = ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in self.spans)
        rule = f" {self.rule}" if self.rule else ""
        return f"{self.path}:{where} {self.category}{rule}"


@dataclass(frozen=True)
class Case:
    name: str
    root: Path
    description: str
    expects: tuple[Expectation, ...]
    also_ok: tuple[Expectation, ...]
    clean: bool = False
    scope: str | None = None

    @property
    def diff_path(self) -> Path:
        return self.root / "change.diff"

    @property
    def repo(self) -> Path | None:
        repo = self.root / "repo"
        return repo if repo.is_dir() else None


def load_case(root: Path) -> Case:
    """Read and check one case folder; any problem is a `CaseError` naming the file."""
    source = root / CASE_FILE
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CaseError(f"{source}: cannot read: {exc}") from None
    if not (root / "change.diff").is_file():
        raise CaseError(f"{root}: no change.diff")
    try:
        return _build(root, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise CaseError(f"{source}: {exc}") from None


def _build(root: Path, data: Mapping[str, Any]) -> Case:
    scope = data.get("scope")
    if scope is not None and scope not in CATEGORIES:
        raise ValueError(f"scope must be one of {', '.join(CATEGORIES)}, not {scope!r}")
    expects = tuple(_expectation(item, "expect") for item in data.get("expect", []))
    clean = bool(data.get("clean", False))
    if clean and expects:
        raise ValueError("a clean case cannot have [[expect]] tables")
    return Case(
        name=root.name,
        root=root,
        description=str(data.get("description", "")).strip(),
        expects=expects,
        also_ok=tuple(_expectation(item, "also_ok") for item in data.get("also_ok", [])),
        clean=clean,
        scope=scope,
    )


def _expectation(item: Mapping[str, Any], table: str) -> Expectation:
    if not isinstance(item, Mapping) or "path" not in item or "category" not in item:
        raise ValueError(f"each [[{table}]] needs path and category")
    category = str(item["category"]).lower()
    if category not in CATEGORIES:
        raise ValueError(f"[[{table}]] {item['path']}: unknown category {category!r}")
    rule = item.get("rule")
    return Expectation(str(item["path"]), category, _spans(item, table), None if rule is None else str(rule))


def _spans(item: Mapping[str, Any], table: str) -> tuple[tuple[int, int], ...]:
    if "line" in item:
        return ((int(item["line"]), int(item["line"])),)
    if "lines" in item:
        first, last = (int(n) for n in item["lines"])
        return ((min(first, last), max(first, last)),)
    if "any_of" in item and item["any_of"]:
        return tuple((int(n), int(n)) for n in item["any_of"])
    raise ValueError(f"[[{table}]] {item['path']}: needs line, lines or any_of")


def discover(paths: Iterable[Path]) -> list[Path]:
    """Case folders: a path holding `case.toml` is a case; otherwise its child folders that do."""
    found: list[Path] = []
    for path in paths:
        if (path / CASE_FILE).is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(child for child in path.iterdir() if (child / CASE_FILE).is_file()))
        else:
            raise CaseError(f"{path}: not a case folder or a folder of cases")
    return found
