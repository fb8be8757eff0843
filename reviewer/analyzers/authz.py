"""Authorization regressions: what a PR takes away from an endpoint, and endpoints left open.

Diff-aware: a removed `@login_required`, mixin, permission class, permission check or ownership
filter is read from the diff's removed lines and looked for again in the head version of the
same endpoint (so a check that merely moved is not reported). New endpoints are compared with
their siblings in the module, and DRF write endpoints with `AllowAny` or empty permission or
authentication classes are reported wherever the diff touches them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reviewer.analyzers.authz_markers import AUTHN, PUBLIC_NAME, markers, satisfied
from reviewer.analyzers.base import AnalysisContext, Rule, SourceFile, all_nodes
from reviewer.analyzers.pycontext import VIEW_BASES
from reviewer.diff import DiffLine, Hunk
from reviewer.findings import (
    Category,
    Confidence,
    Finding,
    Severity,
    Skipped,
    make_finding,
)

SUFFIXES = (".py",)
Unit = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
_DEF = re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+(\w+)")
_WRITE_BASES = re.compile(r"(?<!ReadOnly)(ModelViewSet|GenericViewSet|ViewSet|CreateAPIView|UpdateAPIView|DestroyAPIView|"
                          r"ListCreateAPIView|RetrieveUpdate\w*APIView|RetrieveDestroyAPIView|(Create|Update|Destroy)ModelMixin)\b")
_WRITE_METHODS = frozenset({"post", "put", "patch", "delete", "create", "update", "partial_update", "destroy"})
_ROUTE = re.compile(r"\.(route|get|post|put|patch|delete|api_route)\(")


def _rule(rule_id: str, title: str, severity: Severity, cwe: int, doc: str) -> Rule:
    removal = rule_id in ("SEC201", "SEC204")
    return Rule(rule_id, title, Category.SECURITY, severity, doc, cwe, Confidence.MEDIUM, about_removed_code=removal)


RULES: tuple[Rule, ...] = (
    _rule("SEC201", "Authorization check removed from an endpoint", Severity.HIGH, 862,
          "The PR removes `@login_required`, `@permission_required`, a `*RequiredMixin`, `permission_classes`, or a "
          "`has_perm`/`has_object_permission`/`is_staff` check from an endpoint that still exists, and nothing equivalent "
          "remains in it. Anyone who can reach the URL can now call it.\n\nKeep the check, or move it to the class "
          "(`LoginRequiredMixin`, `permission_classes = [IsAuthenticated]`) or a router-level dependency:\n\n"
          "    @login_required\n    @permission_required('billing.change_invoice', raise_exception=True)\n    def refund(request, pk): ..."),
    _rule("SEC202", "New endpoint without the authentication its siblings require", Severity.MEDIUM, 306,
          "Every other view in this module requires authentication, but the new one declares none: usually a forgotten "
          "decorator, and the endpoint is public.\n\nAdd the same protection as its siblings:\n\n"
          "    @login_required\n    def export(request): ...\n\nPublic-by-design names (login, signup, health, webhook…) are not reported."),
    _rule("SEC203", "Write endpoint open to anonymous users", Severity.HIGH, 862,
          "A DRF view that creates, updates or deletes data sets `permission_classes = [AllowAny]` or `[]`, or "
          "`authentication_classes = []`: anonymous callers can modify data.\n\nRequire authentication and check objects:\n\n"
          "    permission_classes = [IsAuthenticated, IsOwner]\n\nor allow anonymous reads only: `[IsAuthenticatedOrReadOnly]`."),
    _rule("SEC204", "Ownership filter removed from a query", Severity.HIGH, 639,
          "The PR drops a `owner=request.user`-style condition from a query in an endpoint, so one user can read or change "
          "another user's objects by changing an id in the URL (insecure direct object reference).\n\nScope the query to "
          "the caller:\n\n    invoice = get_object_or_404(Invoice, pk=pk, owner=request.user)"),
)
_BY_ID = {rule.id: rule for rule in RULES}


@dataclass(frozen=True)
class Removed:
    token: str
    text: str
    old_name: str | None
    anchor: int  # a new-side line inside (or at the head of) the endpoint that lost it
    replacement: int | None  # the added line that replaced it, if the diff shows one
    after: int | None = None  # for a removed body line: the line that now follows where it was


def analyze(ctx: AnalysisContext) -> Iterable[Finding | Skipped]:
    for source in ctx.files:
        if source.tree is None:
            continue
        yield from _removed_checks(source)
        if any(_DEF.match(source.lines[n - 1]) for n in source.diff.added_lines if n <= len(source.lines)):
            yield from _unprotected_new_units(source)
        if "_classes" in source.text:
            yield from _open_write_endpoints(source)


def _units(tree: ast.Module) -> Iterator[Unit]:
    for node in all_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node


def _span(node: Unit) -> range:
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return range(start, (node.end_lineno or node.lineno) + 1)


def _text(source: SourceFile, node: Unit) -> str:
    span = _span(node)
    return "\n".join(source.lines[span.start - 1 : span.stop - 1])


def _removed_checks(source: SourceFile) -> Iterator[Finding]:
    """One finding per endpoint: an ownership loss (SEC204) subsumes the permission check it came with."""
    lost: dict[int, tuple[Unit, list[Removed]]] = {}
    for removed in (r for hunk in source.diff.hunks for r in _removed_in(hunk)):
        unit = _owner(source, removed)
        if unit is not None and not satisfied(removed.token, markers(_text(source, unit))):
            lost.setdefault(unit.lineno, (unit, []))[1].append(removed)
    for unit, removals in lost.values():
        owner = [r for r in removals if r.token.startswith("owner:")]
        first = (owner or removals)[0]
        rule, what = ("SEC204", f"ownership check on {first.token.removeprefix('owner:')!r}") if owner else ("SEC201", first.token)
        yield _finding(source, rule, _report_line(source, unit, first),
                       f"`{unit.name}` lost `{first.text.strip()}` in this PR and no equivalent check remains ({what}).")


def _report_line(source: SourceFile, unit: Unit, removed: Removed) -> int:
    """Where the change is visible: the line that replaced the check, else the first added line of
    the endpoint, else where a removed body check used to be, else the `def`."""
    span = _span(unit)
    if removed.replacement in span:
        return int(removed.replacement)  # type: ignore[arg-type]
    added = next((n for n in span if n in source.diff.added_lines), None)
    return added or (removed.after if removed.after in span else None) or unit.lineno


def _removed_in(hunk: Hunk) -> Iterator[Removed]:
    lines = hunk.lines
    for index, line in enumerate(lines):
        if line.kind != "-":
            continue
        header = line.text.lstrip().startswith(("@", "class ", "def ", "async def "))
        for token in markers(line.text):
            after = _anchor(lines, index, True) if not header else None
            yield Removed(token, line.text, _old_name(lines, index, header), _anchor(lines, index, header), _replacement(lines, index), after)


def _replacement(lines: tuple[DiffLine, ...], index: int) -> int | None:
    for line in lines[index:]:
        if line.kind == " ":
            return None
        if line.kind == "+":
            return line.new_no
    return None


def _old_name(lines: tuple[DiffLine, ...], index: int, header: bool) -> str | None:
    """The old endpoint's name when the diff shows it: the def after a decorator, or a removed def above."""
    order = lines[index:] if header else tuple(reversed(lines[:index]))
    for line in order:
        if line.kind != "+" and (match := _DEF.match(line.text)):
            return match.group(1) if header or line.kind == "-" else None
    return None


def _anchor(lines: tuple[DiffLine, ...], index: int, forward: bool) -> int:
    """The new-side line next to a removal: after it for decorators, before it for body lines."""
    order = list(lines[index:]) if forward else list(reversed(lines[:index]))
    fallback = list(reversed(lines[:index])) if forward else list(lines[index:])
    for line in order + fallback:
        if line.new_no is not None:
            return int(line.new_no)
    return 0


def _owner(source: SourceFile, removed: Removed) -> Unit | None:
    """The head endpoint that lost the check (by old name for decorators, by position otherwise)."""
    assert source.tree is not None
    units = list(_units(source.tree))
    if removed.old_name is not None:
        named = [u for u in units if u.name == removed.old_name]
        return min(named, key=lambda u: abs(u.lineno - removed.anchor)) if named else None
    around = [u for u in units if removed.anchor in _span(u)]
    classes = [u for u in around if isinstance(u, ast.ClassDef)]
    return classes[0] if classes else (around[-1] if around else None)


def _is_endpoint(node: Unit) -> bool:
    if isinstance(node, ast.ClassDef):
        return any(ast.unparse(base).endswith(VIEW_BASES) for base in node.bases)
    first = node.args.args[0].arg if node.args.args else ""
    return first == "request" or any(_ROUTE.search(ast.unparse(d)) for d in node.decorator_list)


def _unprotected_new_units(source: SourceFile) -> Iterator[Finding]:
    assert source.tree is not None
    units = [n for n in source.tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and _is_endpoint(n)]
    protected = {u.lineno: bool(markers(_text(source, u)) & AUTHN) for u in units}
    renamed = _renamed_defs(source)
    for unit in units:
        is_new = unit.lineno in source.diff.added_lines and unit.lineno not in renamed
        if not is_new or protected[unit.lineno] or PUBLIC_NAME.search(unit.name):
            continue
        siblings = _siblings(unit, [u for u in units if u is not unit and not PUBLIC_NAME.search(u.name)])
        if siblings and all(protected[s.lineno] for s in siblings):
            yield _finding(source, "SEC202", unit.lineno,
                           f"New endpoint `{unit.name}` has no authentication, while its {len(siblings)} sibling endpoint(s) "
                           f"({', '.join(s.name for s in siblings[:3])}) require it.")


def _siblings(unit: Unit, others: list[Unit]) -> list[Unit]:
    """Endpoints under the same URL prefix (`/admin/...`) when there are any, else the module (at least two)."""
    prefix = _route_prefix(unit)
    same = [u for u in others if prefix and _route_prefix(u) == prefix]
    return same or (others if len(others) >= 2 else [])


def _route_prefix(unit: Unit) -> str | None:
    for deco in unit.decorator_list:
        if isinstance(deco, ast.Call) and deco.args and isinstance(deco.args[0], ast.Constant) and isinstance(deco.args[0].value, str):
            first = deco.args[0].value.strip("/").split("/")[0]
            return first if first and not first.startswith("<") else None
    return None


def _renamed_defs(source: SourceFile) -> set[int]:
    """Added `def` lines that replace a removed `def` line: a rename, not a new endpoint."""
    return {
        line.new_no
        for hunk in source.diff.hunks
        for index, old in enumerate(hunk.lines) if old.kind == "-" and _DEF.match(old.text)
        for line in hunk.lines[index + 1:index + 3] if line.kind == "+" and line.new_no and _DEF.match(line.text)
    }


def _open_write_endpoints(source: SourceFile) -> Iterator[Finding]:
    assert source.tree is not None
    for node in _units(source.tree):
        if PUBLIC_NAME.search(node.name) or not _writes(node):
            continue
        for line, what in _open_settings(node):
            yield _finding(source, "SEC203", line, f"`{node.name}` accepts writes but sets {what}.", cwe=306 if "authentication" in what else None)


def _writes(node: Unit) -> bool:
    if isinstance(node, ast.ClassDef):
        methods = {n.name for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        return bool(methods & _WRITE_METHODS) or any(_WRITE_BASES.search(ast.unparse(b)) for b in node.bases)
    api_view = [d for d in node.decorator_list if isinstance(d, ast.Call) and ast.unparse(d.func).endswith("api_view")]
    return any(m.upper() in ast.unparse(d) for d in api_view for m in ("put", "post", "patch", "delete"))


def _open_settings(node: Unit) -> Iterator[tuple[int, str]]:
    if isinstance(node, ast.ClassDef):
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                yield from _open_value(stmt.targets[0].id, stmt.value, stmt.lineno)
    else:
        for deco in node.decorator_list:
            if isinstance(deco, ast.Call) and deco.args and ast.unparse(deco.func).endswith(("permission_classes", "authentication_classes")):
                yield from _open_value(ast.unparse(deco.func).split(".")[-1], deco.args[0], deco.lineno)


def _open_value(name: str, value: ast.expr, line: int) -> Iterator[tuple[int, str]]:
    if name not in ("permission_classes", "authentication_classes") or not isinstance(value, (ast.List, ast.Tuple)):
        return
    if not value.elts:
        yield line, f"`{name} = {ast.unparse(value)}`"
    elif name == "permission_classes" and all(ast.unparse(e).endswith("AllowAny") for e in value.elts):
        yield line, f"`permission_classes = {ast.unparse(value)}`"


def _finding(source: SourceFile, rule_id: str, line: int, detail: str, cwe: int | None = None) -> Finding:
    rule = _BY_ID[rule_id]
    why, _, rest = rule.doc.partition("\n\n")
    return make_finding(
        rule_id=rule_id, category=Category.SECURITY, severity=rule.severity, confidence=rule.confidence,
        path=source.path, line=line, title=rule.title, message=f"{detail}\n\n{why}\n\n{rest}",
        source="authz", cwe=cwe or rule.cwe, source_lines=source.lines,
    )
