"""The shared AST readers the schema and query modules import."""

from __future__ import annotations

import ast

from reviewer.analyzers.astutil import call_name, const, kwargs


def test_call_name_const_and_kwargs() -> None:
    call = ast.parse("models.CharField('x', max_length=5, **extra)", mode="eval").body
    assert isinstance(call, ast.Call)
    assert [call_name(call), call_name(call.func), call_name(ast.parse("f()()", mode="eval").body)] == ["CharField", "CharField", ""]
    assert [const(call.args[0]), const(call.func), const(None)] == ["x", None, None]
    assert {name: const(value) for name, value in kwargs(call).items()} == {"max_length": 5}
