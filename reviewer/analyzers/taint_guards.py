"""Guards: conditions that, where they hold, prove request data safe.

`if sort not in ALLOWED: abort(400)`, `if not re.fullmatch(r"[a-z_]+", name): raise …`,
`if url_has_allowed_host_and_scheme(url, …):`, `if not target.startswith(base): …`,
`assert kind in KINDS`. `validated(test, outcome)` answers: when `test` evaluates to `outcome`,
which variables are known safe, and for which sink kinds?
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reviewer.analyzers import taint_tables as T
from reviewer.analyzers.taint_scope import dotted

if TYPE_CHECKING:
    from reviewer.analyzers.taint_eval import Evaluator

Guards = dict[str, frozenset[str]]
_EVERY = frozenset({T.ALL})
_CONTAINMENT = ("commonpath", "realpath", "abspath", "resolve")
_CLEAN_TYPES = frozenset({"int", "float", "bool", "uuid.UUID", "UUID"})


def validated(test: ast.expr, outcome: bool, ev: Evaluator) -> Guards:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return validated(test.operand, not outcome, ev)
    if isinstance(test, ast.BoolOp):
        parts = [validated(value, outcome, ev) for value in test.values]
        every = isinstance(test.op, ast.And) == outcome  # `a and b` true: both hold; `a or b` false: both fail
        return _merge_all(parts) if every else _merge_common(parts)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return _compare(test, outcome, ev)
    if isinstance(test, ast.Call) and outcome:
        return _validator_call(test, ev)
    return {}


def _compare(test: ast.Compare, outcome: bool, ev: Evaluator) -> Guards:
    op, left, right = test.ops[0], test.left, test.comparators[0]
    if isinstance(op, (ast.In, ast.NotIn)):
        holds = outcome == isinstance(op, ast.In)
        return dict.fromkeys(names(left), _EVERY) if holds and not ev.eval(right) else {}
    if isinstance(op, (ast.Eq, ast.NotEq)) and outcome == isinstance(op, ast.Eq):
        if isinstance(right, ast.Constant):
            return dict.fromkeys(names(left), _EVERY)
        if isinstance(left, ast.Constant):
            return dict.fromkeys(names(right), _EVERY)
        sides = [side for side in (left, right) if _mentions_containment(side)]
        return {name: frozenset({"path"}) for side in sides for name in names(side)}
    return {}


def _validator_call(test: ast.Call, ev: Evaluator) -> Guards:
    name = ev.info.resolve(test.func) or ""
    if name in T.VALIDATOR_CALLS:
        if name == "re.match" and not _anchored(test.args[0] if test.args else None):
            return {}
        subject = test.args[1] if name.startswith("re.") and len(test.args) > 1 else (test.args[0] if test.args else None)
        return dict.fromkeys(names(subject), T.VALIDATOR_CALLS[name]) if subject is not None else {}
    if name == "isinstance" and len(test.args) == 2 and _clean_types(test.args[1]):
        return dict.fromkeys(names(test.args[0]), _EVERY)
    if not isinstance(test.func, ast.Attribute) or test.func.attr not in T.VALIDATOR_METHODS:
        return {}
    method = test.func.attr
    if method in ("match", "fullmatch"):  # PATTERN.match(value)
        return dict.fromkeys(names(test.args[0]), _EVERY) if test.args else {}
    if method == "startswith" and test.args and isinstance(test.args[0], ast.Constant) and test.args[0].value == "/":
        return {}  # "//evil.example" starts with "/" too
    return dict.fromkeys(names(test.func.value), T.VALIDATOR_METHODS[method])


def _anchored(pattern: ast.expr | None) -> bool:
    if not isinstance(pattern, ast.Constant) or not isinstance(pattern.value, str):
        return True  # a compiled or named pattern: trust the author's anchoring
    return pattern.value.endswith(("$", r"\Z"))


def _clean_types(node: ast.expr) -> bool:
    items = node.elts if isinstance(node, ast.Tuple) else [node]
    return all((dotted(item) or "") in _CLEAN_TYPES for item in items)


def _mentions_containment(node: ast.expr) -> bool:
    return any(isinstance(n, ast.Call) and (dotted(n.func) or "").endswith(_CONTAINMENT) for n in ast.walk(node))


def names(node: ast.expr) -> Iterator[str]:
    """Variables and attribute paths a check looks at (not the functions it calls)."""
    if isinstance(node, (ast.Name, ast.Attribute)) and (path := dotted(node)) is not None:
        yield path
        return
    for field, value in ast.iter_fields(node):
        if isinstance(node, ast.Call) and field == "func":
            if isinstance(value, ast.Attribute):
                yield from names(value.value)
            continue
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, ast.expr):
                yield from names(child)
            elif isinstance(child, ast.keyword):
                yield from names(child.value)


def _merge_all(parts: list[Guards]) -> Guards:
    merged: Guards = {}
    for part in parts:
        for name, kinds in part.items():
            merged[name] = merged.get(name, frozenset()) | kinds
    return merged


def _merge_common(parts: list[Guards]) -> Guards:
    if not parts:
        return {}
    common = set(parts[0]).intersection(*parts[1:])
    return {name: frozenset.intersection(*(part[name] for part in parts)) for name in common}
