"""Python string literals as SQL text: the pieces a literal (or an f-string) is made of.

Each piece keeps its source line, so a statement split over an implicitly concatenated literal
maps every clause back to the line it is written on; interpolations become the `DYNAMIC`
placeholder, which parses as an identifier and is never mistaken for a real table or column.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

DYNAMIC = "__rv__"
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
_STRING_START = re.compile(r"(?i)([rbuf]{0,2})('''|\"\"\"|'|\")")


@dataclass(frozen=True)
class Piece:
    text: str
    line: int
    dynamic: bool = False


def format_fields(piece: Piece) -> Piece:
    text, count = _FORMAT_FIELD.subn(DYNAMIC, piece.text)
    return Piece(text, piece.line, piece.dynamic or count > 0)


def literal_pieces(node: ast.Constant | ast.JoinedStr, lines: list[str]) -> list[Piece]:
    if isinstance(node, ast.Constant) and node.lineno == node.end_lineno:
        return [Piece(str(node.value), node.lineno)]
    segment = _segment(node, lines)
    pieces: list[Piece] = []
    for offset, token in _string_tokens(segment):
        line = node.lineno + segment.count("\n", 0, offset)
        pieces.extend(_token_pieces(token, line))
    if not pieces and isinstance(node, ast.Constant):
        return [Piece(str(node.value), node.lineno)]
    return pieces


def _segment(node: ast.expr, lines: list[str]) -> str:
    end_line = node.end_lineno or node.lineno
    chunk = [line.encode("utf-8") for line in lines[node.lineno - 1 : end_line]]
    if not chunk:
        return ""
    chunk[-1] = chunk[-1][: node.end_col_offset]
    chunk[0] = chunk[0][node.col_offset :]
    return "\n".join(part.decode("utf-8", "replace") for part in chunk)


def _string_tokens(segment: str) -> Iterator[tuple[int, str]]:
    """The string literals of an (implicitly concatenated) literal's source, with offsets."""
    pos = 0
    while pos < len(segment):
        if segment[pos] == "#":
            newline = segment.find("\n", pos)
            pos = len(segment) if newline < 0 else newline
            continue
        match = _STRING_START.match(segment, pos)
        if match is None:
            pos += 1
            continue
        quote = match.group(2)
        end = match.end()
        while end < len(segment) and not segment.startswith(quote, end):
            end += 2 if segment[end] == "\\" else 1
        yield pos, segment[pos : end + len(quote)]
        pos = end + len(quote)


def _token_pieces(token: str, line: int) -> list[Piece]:
    try:
        value = ast.parse(token, mode="eval").body
    except (SyntaxError, ValueError):
        return []
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [Piece(value.value, line)]
    if not isinstance(value, ast.JoinedStr):
        return []
    pieces, offset_line = [], line
    for part in value.values:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            pieces.append(Piece(part.value, offset_line))
            offset_line += part.value.count("\n")
        else:
            pieces.append(Piece(DYNAMIC, offset_line, True))
    return pieces
