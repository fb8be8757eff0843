"""Statements: request data through one function, branch by branch, with a bounded fixpoint.

Branches are followed separately and joined; a branch that ends in `return`/`raise`/`abort()`
does not reach the join, which is what makes `if x not in ALLOWED: abort(400)` a guard. Loops
run until nothing changes or `MAX_ROUNDS` passes, so the cost per function stays linear.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from reviewer.analyzers import taint_tables as T
from reviewer.analyzers.taint_eval import Evaluator
from reviewer.analyzers.taint_guards import Guards, validated
from reviewer.analyzers.taint_model import EMPTY, Hit, Origin, Summary, Taint, cleanse, union
from reviewer.analyzers.taint_scope import FunctionNode, ModuleInfo, dotted, route_inputs

MAX_ROUNDS = 3
Env = dict[str, Taint]
_HOST_KINDS = frozenset({"ssrf", "redirect"})


def join(*envs: Env) -> Env:
    merged: Env = {}
    for env in envs:
        for name, taint in env.items():
            merged[name] = union(merged[name], taint) if name in merged else taint
    return merged


@dataclass
class Flow(Evaluator):
    """One function's analysis: `run(body)` fills `hits` and `returned`."""

    returned: Taint = EMPTY
    derived: dict[str, set[str]] = field(default_factory=dict)

    def run(self, body: list[ast.stmt]) -> None:
        self.block(body)

    def block(self, body: list[ast.stmt]) -> bool:
        """Follow statements in order; True when the block always leaves (return, raise, abort)."""
        for stmt in body:
            if self.stmt(stmt):
                return True
        return False

    def stmt(self, node: ast.stmt) -> bool:
        handler = getattr(self, f"_s_{type(node).__name__}", None)
        if handler is not None:
            return bool(handler(node))
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.eval(child)
        return False

    def _s_Assign(self, node: ast.Assign) -> None:
        taint = self.eval(node.value)
        for target in node.targets:
            self.bind(target, taint, node.value)
            self._track_derived(target, node.value)

    def _s_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.bind(node.target, self.eval(node.value), node.value)

    def _s_AugAssign(self, node: ast.AugAssign) -> None:
        taint = union(self.eval(node.target), self.eval(node.value))
        self.bind(node.target, taint)

    def _s_Expr(self, node: ast.Expr) -> bool:
        self.eval(node.value)
        call = node.value.value if isinstance(node.value, ast.Await) else node.value
        return isinstance(call, ast.Call) and (self.info.resolve(call.func) or "") in T.TERMINATORS

    def _s_Return(self, node: ast.Return) -> bool:
        self.returned = union(self.returned, self.eval(node.value))
        return True

    def _s_Raise(self, node: ast.Raise) -> bool:
        self.eval(node.exc)
        return True

    def _s_Continue(self, node: ast.stmt) -> bool:
        return True

    _s_Break = _s_Continue

    def _s_Assert(self, node: ast.Assert) -> None:
        self.eval(node.test)
        self.apply(validated(node.test, True, self))

    def _s_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if (key := dotted(target)) is not None:
                self.env.pop(key, None)

    def _s_If(self, node: ast.If) -> bool:
        self.eval(node.test)
        before = dict(self.env)
        self.apply(validated(node.test, True, self))
        left = self.block(node.body)
        after_body, self.env = self.env, dict(before)
        self.apply(validated(node.test, False, self))
        right = self.block(node.orelse)
        if left and right:
            return True
        self.env = join(*([] if left else [after_body]), *([] if right else [self.env]))
        return False

    def _s_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.bind(node.target, self.eval(node.iter))
        self._loop(node.body)
        self.block(node.orelse)

    _s_AsyncFor = _s_For

    def _s_While(self, node: ast.While) -> None:
        self.eval(node.test)
        self._loop(node.body)
        self.block(node.orelse)

    def _loop(self, body: list[ast.stmt]) -> None:
        for _ in range(MAX_ROUNDS):
            before = dict(self.env)
            self.block(body)
            self.env = join(before, self.env)
            if self.env == before:
                return

    def _s_Try(self, node: ast.Try) -> bool:
        before = dict(self.env)
        left = self.block(node.body) or self.block(node.orelse)
        ends = [] if left else [self.env]
        for handler in node.handlers:
            self.env = join(before, self.env)
            if handler.name:
                self.env[handler.name] = EMPTY
            if not self.block(handler.body):
                ends.append(self.env)
        self.env = join(*ends) if ends else self.env
        return self.block(node.finalbody) or not ends

    _s_TryStar = _s_Try

    def _s_With(self, node: ast.With | ast.AsyncWith) -> bool:
        for item in node.items:
            taint = self.eval(item.context_expr)
            if item.optional_vars is not None:
                self.bind(item.optional_vars, taint)
        return self.block(node.body)

    _s_AsyncWith = _s_With

    def _s_Match(self, node: ast.Match) -> None:
        self.eval(node.subject)
        before, ends = dict(self.env), []
        for case in node.cases:
            self.env = dict(before)
            if not self.block(case.body):
                ends.append(self.env)
        self.env = join(before, *ends)

    def apply(self, guards: Guards) -> None:
        """Clean what a passed check proved safe; a checked `urlparse(url)` also vouches for `url`'s host."""
        for name, kinds in guards.items():
            if name in self.env:
                self.env[name] = cleanse(self.env[name], kinds)
            for origin in self.derived.get(name.split(".")[0], ()):
                if origin in self.env:
                    self.env[origin] = cleanse(self.env[origin], _HOST_KINDS if T.ALL in kinds else kinds & _HOST_KINDS)

    def _track_derived(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name) and isinstance(value, ast.Call):
            self.derived[target.id] = {a.id for a in value.args if isinstance(a, ast.Name)}


def analyse_module(tree: ast.Module, tables: T.TaintTables) -> list[Hit]:
    """Every hit in a file: helpers are summarised first (two rounds, so helpers may call helpers)."""
    info = ModuleInfo.build(tree)
    functions, called = info.every_function, info.called
    helpers = [(name, node) for name, node in info.functions.items() if name in called]
    helpers += [(f"self.{name}", node) for name, node in info.methods.items() if f"self.{name}" in called]
    for _ in range(2):
        for name, node in helpers:
            info.summaries[name] = summarise(node, info, tables)
    hits: dict[tuple[str, int, str], Hit] = {}
    for node in functions:
        hits.update(_function_hits(node, info, tables))
    module = Flow(info, tables, set(T.REQUEST_NAMES))
    module.run([s for s in tree.body if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))])
    hits.update(module.hits)
    return sorted(hits.values(), key=lambda h: (h.line, h.kind, h.via))


def _function_hits(node: FunctionNode, info: ModuleInfo, tables: T.TaintTables) -> dict[tuple[str, int, str], Hit]:
    inputs, request_names = route_inputs(node)
    flow = Flow(info, tables, request_names)
    flow.env = {name: frozenset({Origin(node.lineno, desc)}) for name, desc in inputs.items()}
    flow.run(node.body)
    return flow.hits


def summarise(node: FunctionNode, info: ModuleInfo, tables: T.TaintTables) -> Summary:
    """What a helper does with each parameter: returns it (how cleaned), or feeds it to a sink."""
    params = [a.arg for a in node.args.posonlyargs + node.args.args]
    _, request_names = route_inputs(node)
    flow = Flow(info, tables, request_names)
    flow.env = {name: frozenset({Origin(node.lineno, f"parameter '{name}'", param=i)}) for i, name in enumerate(params)}
    flow.run(node.body)
    returns: dict[int, frozenset[str]] = {}
    for origin in flow.returned:
        if origin.param >= 0:
            returns[origin.param] = returns.get(origin.param, origin.cleansed) & origin.cleansed
    sinks = tuple(
        (origin.param, hit.kind, hit.line, hit.sink, origin.cleansed)
        for hit in flow.hits.values() for origin in hit.origins if origin.param >= 0
    )
    sources = frozenset(o for o in flow.returned if o.param < 0)
    return Summary(tuple(sorted(returns.items())), sources, sinks)
