"""The base side rebuilt from the head and the hunks: line numbers as the diff counts them."""

from __future__ import annotations

from reviewer.analyzers.basetext import base_text
from reviewer.diff import parse_diff


def test_form_feed_line_keeps_the_base_aligned() -> None:
    """`str.splitlines` breaks on \\x0c, which shifted every head line after it by one."""
    head = "a = 1\n\x0cimport os\nb = 2\nc = 3\n"
    diff = parse_diff("--- a/m.py\n+++ b/m.py\n@@ -3 +3 @@\n-b = 1\n+b = 2\n")
    assert base_text(diff.files[0], head, None) == "a = 1\n\x0cimport os\nb = 1\nc = 3\n"
