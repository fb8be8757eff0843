"""Which function holds a line: innermost scope, found without scanning every earlier function."""

from __future__ import annotations

import ast
import time

from reviewer.analyzers.pycontext import Functions

NESTED = """\
def outer():
    x = 1

    def inner():
        return 2

    return x


class View:
    def get(self):
        return 3
y = 4
"""


def test_innermost_function_of_each_line() -> None:
    functions = Functions(ast.parse(NESTED))
    names = [(scope.function.name, scope.owner.name if scope.owner else None) if scope else None
             for scope in map(functions.at, range(1, 14))]
    assert names == [("outer", None), ("outer", None), ("outer", None), ("inner", None), ("inner", None), ("outer", None),
                     ("outer", None), None, None, None, ("get", "View"), ("get", "View"), None]


def test_lookups_after_thousands_of_functions_stay_fast() -> None:
    """Each lookup copied and scanned every earlier span: quadratic over a large module."""
    text = "".join(f"def f{n}():\n    return {n}\n" for n in range(5000)) + "x = 1\n"
    functions = Functions(ast.parse(text))
    started = time.perf_counter()
    found = [functions.at(line) for line in range(1, 10_002)]
    assert time.perf_counter() - started < 1.0
    assert [s.function.name if s else None for s in (found[0], found[9_999], found[10_000])] == ["f0", "f4999", None]
