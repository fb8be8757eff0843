"""Expressions: how much request data a value carries, and where it hits a sink.

A value's taint is a small set of `Origin`s (where the data came from plus the sink kinds a
sanitiser already made it safe for). Formatting, containers and attribute/item access carry
taint; unknown calls do not (a quiet reviewer is a used one), except the propagators in the
tables and the file's own helpers, which are summarised (`Summary`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from reviewer.analyzers import taint_tables as T
from reviewer.analyzers.taint_calls import evaluate_call
from reviewer.analyzers.taint_guards import validated
from reviewer.analyzers.taint_model import EMPTY, Hit, Origin, Taint, cleanse, union
from reviewer.analyzers.taint_scope import ModuleInfo, dotted, is_safe_parser

_MAX_DEPTH = 50  # nesting followed exactly; deeper (generated `a + b + …` chains) is summarised
_HOST_PINNED = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#{}]+[/?#]", re.IGNORECASE)


@dataclass
class Evaluator:
    """Follows request data through the expressions of one function (statements: `taint_flow`)."""

    info: ModuleInfo
    tables: T.TaintTables
    request_names: set[str]
    env: dict[str, Taint] = field(default_factory=dict)
    hits: dict[tuple[str, int, str], Hit] = field(default_factory=dict)
    argv0: dict[str, Taint] = field(default_factory=dict)
    safe_parsers: set[str] = field(default_factory=set)
    depth: int = 0

    def eval(self, node: ast.expr | None) -> Taint:
        if node is None:
            return EMPTY
        if self.depth >= _MAX_DEPTH:
            return self._leaves(node)
        self.depth += 1
        try:
            method = getattr(self, f"_e_{type(node).__name__}", None)
            if method is not None:
                return method(node)  # type: ignore[no-any-return]
            return union(*(self.eval(child) for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)))
        finally:
            self.depth -= 1

    def _leaves(self, node: ast.expr) -> Taint:
        """A too-deep expression, without recursion: the taint of every name and request
        attribute in it. Sinks nested that deep are not followed; the file is still analysed."""
        parts: list[Taint] = []
        for child in ast.walk(node):
            if isinstance(child, ast.Name):
                parts.append(self.env.get(child.id, EMPTY))
            elif isinstance(child, ast.Attribute):
                key = dotted(child)
                parts.append(self._source_attr(child) or (self.env.get(key, EMPTY) if key else EMPTY))
        return union(*parts)

    def _e_Constant(self, node: ast.Constant) -> Taint:
        return EMPTY

    def _e_Lambda(self, node: ast.Lambda) -> Taint:
        return EMPTY

    def _e_Compare(self, node: ast.Compare) -> Taint:
        """A comparison is a boolean: its operands are followed only for the sinks inside them."""
        for child in (node.left, *node.comparators):
            self.eval(child)
        return EMPTY

    def _e_Name(self, node: ast.Name) -> Taint:
        return self.env.get(node.id, EMPTY)

    def _e_Attribute(self, node: ast.Attribute) -> Taint:
        source = self._source_attr(node)
        if source is not None:
            return source
        key = dotted(node)
        if key is not None and key in self.env:
            return self.env[key]
        return self.eval(node.value)

    def _e_Subscript(self, node: ast.Subscript) -> Taint:
        self.eval(node.slice)  # an index from request data picks a value; it does not become one
        return self.eval(node.value)

    def _e_JoinedStr(self, node: ast.JoinedStr) -> Taint:
        parts = [self.eval(v.value) for v in node.values if isinstance(v, ast.FormattedValue) and not _numeric_spec(v)]
        return cleanse(union(*parts), self._prefix_kinds(node.values[0] if node.values else None))

    def _e_BinOp(self, node: ast.BinOp) -> Taint:
        taint = union(self.eval(node.left), self.eval(node.right))
        return cleanse(taint, self._prefix_kinds(_leftmost(node)))

    def _e_IfExp(self, node: ast.IfExp) -> Taint:
        self.eval(node.test)
        body = self._with_cleansed(validated(node.test, True, self), node.body)
        return union(body, self._with_cleansed(validated(node.test, False, self), node.orelse))

    def _with_cleansed(self, guards: dict[str, frozenset[str]], node: ast.expr) -> Taint:
        saved = {name: self.env[name] for name in guards if name in self.env}
        for name, kinds in guards.items():
            if name in self.env:
                self.env[name] = cleanse(self.env[name], kinds)
        try:
            return self.eval(node)
        finally:
            self.env.update(saved)

    def _e_ListComp(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> Taint:
        saved = dict(self.env)
        for gen in node.generators:
            self.bind(gen.target, self.eval(gen.iter))
            for cond in gen.ifs:
                self.eval(cond)
                for name, kinds in validated(cond, True, self).items():
                    self.env[name] = cleanse(self.env.get(name, EMPTY), kinds)
        if isinstance(node, ast.DictComp):
            taint = union(self.eval(node.key), self.eval(node.value))
        else:
            taint = self.eval(node.elt)
        self.env = saved
        return taint

    _e_SetComp = _e_GeneratorExp = _e_DictComp = _e_ListComp

    def _e_NamedExpr(self, node: ast.NamedExpr) -> Taint:
        taint = self.eval(node.value)
        self.bind(node.target, taint)
        return taint

    def _e_Call(self, node: ast.Call) -> Taint:
        return evaluate_call(self, node)

    def bind(self, target: ast.expr, taint: Taint, value: ast.expr | None = None) -> None:
        """Assignment: a strong update for names and attribute paths, a weak one for items."""
        if isinstance(target, ast.Name):
            self.env[target.id] = taint
            self._track_literals(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            pairs = isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts)
            for index, element in enumerate(target.elts):
                if pairs:
                    assert isinstance(value, (ast.Tuple, ast.List))
                    self.bind(element, self.eval(value.elts[index]), value.elts[index])
                else:
                    self.bind(element, taint)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, taint)
        elif isinstance(target, ast.Attribute) and (key := dotted(target)) is not None:
            self.env[key] = taint
        elif isinstance(target, ast.Subscript) and (key := dotted(target.value)) is not None:
            self.env[key] = union(self.env.get(key, EMPTY), taint)

    def _track_literals(self, name: str, value: ast.expr | None) -> None:
        """Remember argv lists (their program decides shell-safety) and XXE-safe parsers."""
        self.argv0.pop(name, None)
        self.safe_parsers.discard(name)
        if isinstance(value, (ast.List, ast.Tuple)):
            self.argv0[name] = self.eval(value.elts[0]) if value.elts else EMPTY
        elif isinstance(value, ast.Call) and is_safe_parser(value):
            self.safe_parsers.add(name)

    def is_request(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.request_names
        return isinstance(node, ast.Attribute) and node.attr == "request"

    def _source_attr(self, node: ast.Attribute) -> Taint | None:
        if node.attr in self.tables.request_attrs and self.is_request(node.value):
            return frozenset({Origin(node.lineno, f"request.{node.attr}")})
        if node.attr in T.URL_ATTRS and self.is_request(node.value):
            return frozenset({Origin(node.lineno, f"request.{node.attr}", cleansed=T.URL_SAFE_KINDS)})
        if node.attr in T.ANY_ATTRS:
            return frozenset({Origin(node.lineno, T.ANY_ATTRS[node.attr], indirect=True)})
        if node.attr in T.SELF_ATTRS and isinstance(node.value, ast.Name) and node.value.id == "self":
            return frozenset({Origin(node.lineno, "self.kwargs (URL parameters)")})
        if self.info.resolve(node) in T.ENV_ATTRS:
            return frozenset({Origin(node.lineno, self.info.resolve(node) or "", low=True)})
        return None

    def _prefix_kinds(self, node: ast.expr | None) -> frozenset[str]:
        """A fixed leading `https://host/` or `/path` means the host cannot be chosen by the caller."""
        text = None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.Name):
            text = self.info.constants.get(node.id)
        if text is None:
            return frozenset()
        if _HOST_PINNED.match(text) or (text.startswith("/") and not text.startswith(("//", "/\\"))):
            return frozenset({"ssrf", "redirect"})
        return frozenset()


def _leftmost(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.BinOp):
        node = node.left
    return node


def _numeric_spec(value: ast.FormattedValue) -> bool:
    spec = value.format_spec
    if not isinstance(spec, ast.JoinedStr) or len(spec.values) != 1 or not isinstance(spec.values[0], ast.Constant):
        return False
    return str(spec.values[0].value)[-1:] in ("d", "f", "e", "g", "x", "o", "b", "%")
