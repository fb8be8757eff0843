"""Where a line of Python runs: in a request handler, a management command, or elsewhere.

Impact decides severity: an N+1 in a view runs on every request, the same N+1 in a one-off
management command costs one slow run. Handlers are recognised by shape (a `request`
parameter, a routing decorator, a method of a View/ViewSet class), never by importing anything.
"""

from __future__ import annotations

import ast
import bisect
from dataclasses import dataclass

from reviewer.findings import Severity

ROUTE_DECORATORS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "api_view", "action", "login_required",
     "require_http_methods", "require_GET", "require_POST", "permission_required", "websocket"}
)
HANDLER_METHODS = frozenset({"get", "post", "put", "patch", "delete", "list", "retrieve", "create", "update",
                             "destroy", "get_queryset", "get_context_data", "get_object", "dispatch"})
VIEW_BASES = ("View", "ViewSet", "APIView", "Resource", "Handler", "Mixin")


@dataclass(frozen=True)
class Scope:
    function: ast.FunctionDef | ast.AsyncFunctionDef
    owner: ast.ClassDef | None


class Functions:
    """Every function of a module with its span, to answer "which function holds line N?"."""

    def __init__(self, tree: ast.Module) -> None:
        found: list[tuple[int, int, Scope]] = []
        self._collect(tree, None, found)
        found.sort(key=lambda item: (item[0], -item[1]))
        self._spans = found
        self._starts = [start for start, _, _ in found]
        self._parents = _parents(found)

    def _collect(self, node: ast.AST, owner: ast.ClassDef | None, found: list[tuple[int, int, Scope]]) -> None:
        """Statements only: functions and classes are statements, so expressions are never visited."""
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(node, name, None) or []:
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found.append((child.lineno, child.end_lineno or child.lineno, Scope(child, owner)))
                    self._collect(child, owner, found)
                elif isinstance(child, ast.ClassDef):
                    self._collect(child, child, found)
                elif isinstance(child, ast.AST):
                    self._collect(child, owner, found)

    def at(self, line: int) -> Scope | None:
        """The innermost function whose body contains the line."""
        index = bisect.bisect_right(self._starts, line) - 1
        while index >= 0:
            start, end, scope = self._spans[index]
            if start <= line <= end:
                return scope
            index = self._parents[index]
        return None


def _parents(spans: list[tuple[int, int, Scope]]) -> list[int]:
    """Each span's enclosing span (-1 for none). Function spans nest or are disjoint, so a span
    that starts earlier and contains the line must enclose the latest-starting span before it:
    `at` climbs this chain instead of scanning every earlier function (quadratic on big files)."""
    parents: list[int] = []
    open_spans: list[int] = []
    for index, (start, _, _) in enumerate(spans):
        while open_spans and spans[open_spans[-1]][1] < start:
            open_spans.pop()
        parents.append(open_spans[-1] if open_spans else -1)
        open_spans.append(index)
    return parents


def is_command(path: str, scope: Scope | None) -> bool:
    if "/management/commands/" in f"/{path}":
        return True
    return scope is not None and scope.owner is not None and scope.owner.name == "Command"


def is_handler(path: str, scope: Scope | None) -> bool:
    """A function that serves a request: `request` parameter, routing decorator, view method."""
    if scope is None or is_command(path, scope):
        return False
    func = scope.function
    params = [a.arg for a in func.args.posonlyargs + func.args.args]
    if "request" in params[:2] or "req" in params[:2]:
        return True
    for decorator in func.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
        if name in ROUTE_DECORATORS:
            return True
    owner = scope.owner
    if owner is not None and func.name in HANDLER_METHODS:
        return any(ast.unparse(base).endswith(VIEW_BASES) for base in owner.bases) or owner.name.endswith(VIEW_BASES)
    in_views = path.rsplit("/", 1)[-1].startswith("views") or "/views/" in f"/{path}"
    return in_views and owner is None and bool(params) and not func.name.startswith("_")


def impact(path: str, scope: Scope | None) -> tuple[Severity, str]:
    """Severity for per-call costs, and the words for where the code runs."""
    if is_handler(path, scope):
        return Severity.HIGH, "on every request"
    if is_command(path, scope):
        return Severity.MEDIUM, "in this management command"
    return Severity.MEDIUM, "each time this code runs"
