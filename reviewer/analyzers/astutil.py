"""Small AST readers the schema and query modules share; a leaf module, importing none of ours.

They answer the questions every model/migration parser asks of a call: what is it called, which
literal was passed, and which keyword arguments it has, without caring how the name was imported.
"""

from __future__ import annotations

import ast


def call_name(node: ast.AST) -> str:
    """The last name of a call or reference: `models.CharField(...)` and `CharField` → "CharField"."""
    func = node.func if isinstance(node, ast.Call) else node
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def const(node: ast.expr | None) -> object:
    """A literal's value; None for anything computed."""
    return node.value if isinstance(node, ast.Constant) else None


def kwargs(call: ast.Call) -> dict[str, ast.expr]:
    """Named arguments by name (`**spread` arguments have no name and are left out)."""
    return {kw.arg: kw.value for kw in call.keywords if kw.arg}
