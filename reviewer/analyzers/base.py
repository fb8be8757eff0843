"""What every analyzer sees and declares.

An analyzer is a module exposing `RULES` (its documented rules) and
`analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]`. It may also expose
`prepare(project: ProjectContext) -> object`, run once per review in the main process, whose
result (for example an index catalog built from the whole repository) reaches every
`analyze` call as `ctx.prepared`. Analyzers see whole head files; the pipeline filters by diff.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Protocol

from reviewer.diff import Diff, FileDiff
from reviewer.findings import Category, Confidence, Finding, Severity, Skipped


@dataclass(frozen=True)
class Rule:
    """A rule's identity and its documentation (shown by `reviewer explain`)."""

    id: str
    title: str
    category: Category
    severity: Severity
    doc: str
    cwe: int | None = None
    confidence: Confidence = Confidence.MEDIUM
    about_removed_code: bool = False  # reports a deletion, next to the removed lines


def rule_doc(obj: object) -> str:
    """The cleaned docstring of a rule function or class: rule docs double as user docs."""
    return inspect.cleandoc(getattr(obj, "__doc__", None) or "")


@lru_cache(maxsize=32)
def all_nodes(tree: ast.AST) -> tuple[ast.AST, ...]:
    """Every node of a tree, walked once: many rules scan the same module, and a cached list
    is several times cheaper to scan than a fresh `ast.walk` per rule."""
    return tuple(ast.walk(tree))


_TEST_PATH = re.compile(r"(^|/)(tests?|fixtures|testdata|test_data)/|(^|/)(test_[^/]*|[^/]*_tests?|conftest)\.py$")


def is_test_path(path: str) -> bool:
    """Test code and fixtures: throw-away credentials and debug settings are expected there."""
    return _TEST_PATH.search(path) is not None


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as the editor and the diff number them: `str.splitlines` also breaks on form
    feeds and \\x85, which would shift every line number after them."""
    return _LINE_BREAK.split(text.removesuffix("\n").removesuffix("\r")) if text else []


@dataclass(frozen=True)
class SourceFile:
    """A changed file at the PR head, parsed at most once however many analyzers read it."""

    path: str
    text: str
    diff: FileDiff

    def __getstate__(self) -> dict[str, object]:
        """Only the text crosses to worker processes; the AST is rebuilt there, once."""
        return {"path": self.path, "text": self.text, "diff": self.diff}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    @cached_property
    def lines(self) -> list[str]:
        """Split on line breaks only: `str.splitlines` also breaks on form feeds and \\x85,
        which would shift every line number after them."""
        return split_lines(self.text)

    @cached_property
    def tree(self) -> ast.Module | None:
        """The Python AST, or None when the file does not parse (the pipeline reports it)."""
        if not self.path.endswith(".py"):
            return None
        try:
            return ast.parse(self.text, filename=self.path)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None


class Workspace(Protocol):
    """File contents at one revision: the PR head (or base, for regression rules)."""

    def read(self, path: str) -> str | None: ...

    def list_files(self) -> list[str]: ...


@dataclass(frozen=True)
class ProjectContext:
    """Repository-wide facts for `prepare` hooks: the diff, the head tree, the base tree."""

    diff: Diff
    head: Workspace
    base: Workspace | None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AnalysisContext:
    """What one `analyze` call sees: a batch of changed files plus shared, prepared facts."""

    files: tuple[SourceFile, ...]
    prepared: Any = None
    options: Mapping[str, Any] = field(default_factory=dict)


class Analyzer(Protocol):
    RULES: tuple[Rule, ...]

    def analyze(self, ctx: AnalysisContext) -> Iterable[Finding | Skipped]: ...
