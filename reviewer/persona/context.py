"""What the model sees of each changed file: its hunks with new-side line numbers, widened to
the enclosing function or class so a change is judged with the code around it.

Context is bounded (a few dozen lines per hunk) because cost grows with every line sent, and
every line is shown once even when the windows of neighbouring hunks overlap.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from reviewer.analyzers.base import SourceFile
from reviewer.diff import FileDiff, Hunk

MAX_BEFORE = 30
MAX_AFTER = 10
MAX_LINE_CHARS = 400
_SIGNATURE = re.compile(
    r"^\s*(?:export\s+|public\s+|private\s+|protected\s+|static\s+|async\s+|abstract\s+|final\s+|override\s+)*"
    r"(?:def |class |func |fn |function |module |interface |struct |impl |trait |object |"
    r"[\w<>\[\], .?]+\s+\w+\s*\([^;]*\)\s*(?:throws [\w., ]+)?\s*\{?\s*$)"
)


def hunk_end(hunk: Hunk) -> int:
    """Last new-side line of a hunk (its start when it only removes lines)."""
    numbers = [line.new_no for line in hunk.lines if line.new_no]
    return max(numbers) if numbers else hunk.new_start


def _python_blocks(source: SourceFile) -> list[tuple[int, int]]:
    """(first, last) lines of every def/class, decorators included; empty when unparsable.
    Uses the tree the pipeline already parsed and walks statements only, never expressions."""
    tree = source.tree
    blocks: list[tuple[int, int]] = []
    pending: list[ast.stmt] = list(tree.body) if tree is not None else []
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            blocks.append((first, node.end_lineno or node.lineno))
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(node, name, ()):
                pending.extend(child.body if isinstance(child, (ast.ExceptHandler, ast.match_case)) else [child])
    return blocks


def enclosing(source: SourceFile | None, hunk: Hunk, blocks: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The new-side window to show for a hunk: its enclosing def/class, clipped to the bounds."""
    start, end = hunk.new_start, hunk_end(hunk)
    if source is None:
        return start, end
    first, last = start, end
    if source.path.endswith(".py"):
        blocks = _python_blocks(source) if blocks is None else blocks
        around = [b for b in blocks if b[0] <= start <= b[1]]
        if around:
            first, last = max(around)  # innermost: the latest start
    else:
        first = _signature_above(source.lines, start)
    first = max(min(first, start), start - MAX_BEFORE, 1)
    last = min(max(last, end), end + MAX_AFTER, len(source.lines))
    return first, max(last, end)


def _signature_above(lines: list[str], start: int) -> int:
    for number in range(start - 1, max(start - MAX_BEFORE, 1) - 1, -1):
        if number <= len(lines) and _SIGNATURE.match(lines[number - 1]):
            return number
    return start


def _clip(text: str) -> str:
    if len(text) <= MAX_LINE_CHARS:
        return text
    return text[:MAX_LINE_CHARS] + f" …[line clipped: {len(text) - MAX_LINE_CHARS} more characters]"


def _plain(number: int, text: str) -> str:
    return f"{number:>6}   | {_clip(text)}"


def render_hunks(file_diff: FileDiff, source: SourceFile | None, hunks: Sequence[Hunk]) -> str:
    """Hunks as `NEW MARK | code` lines with surrounding context, each line shown once."""
    out: list[str] = []
    shown = 0
    lines = source.lines if source is not None else []
    blocks = _python_blocks(source) if source is not None and source.path.endswith(".py") else []
    for index, hunk in enumerate(hunks):
        first, last = enclosing(source, hunk, blocks)
        following = hunks[index + 1].new_start - 1 if index + 1 < len(hunks) else last
        before_from = max(first, shown + 1)
        if out and before_from > shown + 1:
            out.append("   ...")
        out += [_plain(n, lines[n - 1]) for n in range(before_from, hunk.new_start) if n <= len(lines)]
        for line in hunk.lines:
            number = f"{line.new_no:>6}" if line.new_no else " " * 6
            out.append(f"{number} {line.kind} | {_clip(line.text)}")
        end = hunk_end(hunk)
        after_to = min(last, following)
        out += [_plain(n, lines[n - 1]) for n in range(end + 1, after_to + 1) if n <= len(lines)]
        shown = max(end, after_to)
    return "\n".join(out)
