"""Each hunk is shown with its enclosing function or class, every line once."""

from __future__ import annotations

from reviewer.analyzers.base import SourceFile
from reviewer.diff import parse_diff
from reviewer.persona.context import render_hunks

PY = "".join(f"# filler {n}\n" for n in range(1, 10)) + (
    "class Orders:\n"                      # 10
    "    def refund(self, order):\n"       # 11
    "        total = order.total\n"        # 12
    "        fee = 0\n"                    # 13
    "        amount = total - fee\n"       # 14 (changed)
    "        return pay(amount)\n"         # 15
    "\n"                                   # 16
    "    def other(self):\n"               # 17
    "        return 1\n"                   # 18
)


def _source(path: str, text: str, patch: str) -> SourceFile:
    file_diff = parse_diff(f"--- a/{path}\n+++ b/{path}\n{patch}").files[0]
    return SourceFile(path, text, file_diff)


def test_python_hunk_is_widened_to_its_function() -> None:
    source = _source("app/orders.py", PY, "@@ -14,1 +14,1 @@\n-        amount = total\n+        amount = total - fee\n")
    assert render_hunks(source.diff, source, source.diff.hunks).splitlines() == [
        "    11   |     def refund(self, order):",
        "    12   |         total = order.total",
        "    13   |         fee = 0",
        "       - |         amount = total",
        "    14 + |         amount = total - fee",
        "    15   |         return pay(amount)",
    ]


def test_other_languages_find_the_signature_above_and_gaps_are_marked() -> None:
    go = "package x\n\nfunc Charge(id string) error {\n\tq := id\n\tgo send(q)\n\treturn nil\n}\n" + "// pad\n" * 40 + "var last = 1\n"
    patch = "@@ -5,1 +5,1 @@\n-\tsend(q)\n+\tgo send(q)\n@@ -48,1 +48,1 @@\n-var last = 0\n+var last = 1\n"
    source = _source("x/charge.go", go, patch)
    assert render_hunks(source.diff, source, source.diff.hunks).splitlines() == [
        "     3   | func Charge(id string) error {",
        "     4   | \tq := id",
        "       - | \tsend(q)",
        "     5 + | \tgo send(q)",
        "   ...",
        "       - | var last = 0",
        "    48 + | var last = 1",
    ]


def test_without_the_head_file_only_the_hunk_is_shown() -> None:
    file_diff = parse_diff("--- a/a.rb\n+++ b/a.rb\n@@ -1,2 +1,2 @@\n x = 1\n-y = 2\n+y = 3\n").files[0]
    assert render_hunks(file_diff, None, file_diff.hunks).splitlines() == ["     1   | x = 1", "       - | y = 2", "     2 + | y = 3"]
