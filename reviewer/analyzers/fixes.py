"""Corrected code for mechanical fixes, computed from the flagged statement itself.

Each fixer rewrites the AST of a single-line statement (so the replacement is exact and can be
offered as a GitHub suggestion) and returns None when the fix is not mechanical.
"""

from __future__ import annotations

import ast
import re
import sys
import tokenize
from collections.abc import Callable
from functools import lru_cache

Fixer = Callable[[ast.stmt, str], ast.stmt | None]


_COMPOUND: tuple[type[ast.stmt], ...] = (
    ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match,
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
)
if sys.version_info >= (3, 11):
    _COMPOUND += (ast.TryStar,)


@lru_cache(maxsize=8)
def _one_line_statements(tree: ast.Module) -> frozenset[int]:
    """Lines holding a whole simple statement and no compound header; once per file, not per finding.

    `if u: r = get(u)` holds a one-line call, but rewriting that line as the call alone would
    drop the `if`: a line on which a compound statement starts is never offered a fix.
    """
    simple: set[int] = set()
    headers: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, _COMPOUND):
            headers.add(node.lineno)
        elif isinstance(node, ast.stmt) and node.lineno == node.end_lineno:
            simple.add(node.lineno)
    return frozenset(simple - headers)


def statement_at(tree: ast.Module, lines: list[str], line: int) -> ast.stmt | None:
    """A fresh AST of the simple statement that fills `line`, safe to rewrite.

    Re-parsing the one line is cheaper than copying the node, and never touches the shared tree.
    """
    if line not in _one_line_statements(tree):
        return None
    try:
        body = ast.parse(lines[line - 1].strip()).body
    except SyntaxError:
        return None
    return body[0] if len(body) == 1 and not isinstance(body[0], _COMPOUND) else None


def _calls(stmt: ast.stmt) -> list[ast.Call]:
    return [node for node in ast.walk(stmt) if isinstance(node, ast.Call)]


def _safe_yaml(stmt: ast.stmt, _: str) -> ast.stmt | None:
    for call in _calls(stmt):
        if ast.unparse(call.func) in ("yaml.load", "yaml.load_all") and call.args:
            assert isinstance(call.func, ast.Attribute)
            call.func.attr = "safe_load" if call.func.attr == "load" else "safe_load_all"
            call.args = call.args[:1]
            call.keywords = [k for k in call.keywords if k.arg != "Loader"]
            return stmt
    return None


def _drop_verify(stmt: ast.stmt, _: str) -> ast.stmt | None:
    for call in _calls(stmt):
        kept = [k for k in call.keywords if not (k.arg == "verify" and isinstance(k.value, ast.Constant) and k.value.value is False)]
        if len(kept) != len(call.keywords):
            call.keywords = kept
            return stmt
    return None


def _add_timeout(stmt: ast.stmt, _: str) -> ast.stmt | None:
    for call in _calls(stmt):
        name = ast.unparse(call.func)
        if name.split(".")[0] in ("requests", "httpx") and not any(k.arg == "timeout" for k in call.keywords):
            call.keywords.append(ast.keyword(arg="timeout", value=ast.Constant(10)))
            return stmt
    return None


def _shell_to_argv(stmt: ast.stmt, _: str) -> ast.stmt | None:
    """`run("tool -x {a}", shell=True)` → `run(["tool", "-x", a])`: no shell, no injection."""
    for call in _calls(stmt):
        shell = [k for k in call.keywords if k.arg == "shell"]
        if not shell or not call.args:
            continue
        argv = command_words(call.args[0])
        if argv is None:
            return None
        call.args[0] = ast.List(elts=argv, ctx=ast.Load())
        call.keywords = [k for k in call.keywords if k.arg != "shell"]
        return stmt
    return None


_SHELL_SYNTAX = frozenset("|&;<>$`*?'\"\\~{}#!()=\n")
_WHITESPACE = re.compile(r"[ \t\r\f\v]+")


def command_words(node: ast.expr) -> list[ast.expr] | None:
    """Split a literal or f-string command into argv elements; None if it needs a shell."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        pieces: list[ast.expr] = [node]
    elif isinstance(node, ast.JoinedStr):
        pieces = list(node.values)
    else:
        return None
    words: list[list[ast.expr]] = [[]]
    for piece in pieces:
        if isinstance(piece, ast.FormattedValue):
            words[-1].append(piece)
            continue
        text = str(piece.value)  # type: ignore[attr-defined]
        if any(ch in _SHELL_SYNTAX for ch in text):
            return None  # pipes, quoting, expansion or globbing need a shell: not a mechanical change
        for index, chunk in enumerate(_WHITESPACE.split(text)):
            if index:
                words.append([])
            if chunk:
                words[-1].append(ast.Constant(chunk))
    return [_word(parts) for parts in words if parts]


def _word(parts: list[ast.expr]) -> ast.expr:
    if len(parts) == 1 and isinstance(parts[0], ast.FormattedValue) and parts[0].conversion == -1 and parts[0].format_spec is None:
        return parts[0].value
    if all(isinstance(p, ast.Constant) for p in parts):
        return ast.Constant("".join(str(p.value) for p in parts))  # type: ignore[attr-defined]
    return ast.JoinedStr(values=parts)


def _parameterise_sql(stmt: ast.stmt, source: str) -> ast.stmt | None:
    """`cur.execute(f"... {x}")` → `cur.execute("... %s", (x,))` (`?` for sqlite3)."""
    placeholder = "?" if "sqlite3" in source else "%s"
    for call in _calls(stmt):
        if not isinstance(call.func, ast.Attribute) or call.func.attr not in ("execute", "executemany") or len(call.args) != 1:
            continue
        split = split_sql(call.args[0], placeholder)
        if split is None:
            return None
        sql, params = split
        call.args = [ast.Constant(sql), ast.Tuple(elts=params, ctx=ast.Load())]
        return stmt
    return None


def split_sql(node: ast.expr, placeholder: str) -> tuple[str, list[ast.expr]] | None:
    """Turn an interpolated SQL expression into (text with placeholders, parameter exprs)."""
    if isinstance(node, ast.JoinedStr):
        parts, params = [], []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                parts.append(placeholder)
                params.append(value.value)
        return _strip_quotes("".join(parts), placeholder), params
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        return _strip_quotes(str(node.left.value).replace("%s", placeholder).replace("%d", placeholder), placeholder), list(values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" and isinstance(node.func.value, ast.Constant):
        text = str(node.func.value.value)
        if "{}" not in text or node.keywords:
            return None
        return _strip_quotes(text.replace("{}", placeholder), placeholder), list(node.args)
    return None


def _strip_quotes(sql: str, placeholder: str) -> str:
    """`'%s'` in hand-quoted SQL becomes a bare placeholder: the driver quotes values itself."""
    return sql.replace(f"'{placeholder}'", placeholder).replace(f'"{placeholder}"', placeholder)


FIXERS: dict[str, Fixer] = {
    "B506": _safe_yaml,
    "B501": _drop_verify,
    "B113": _add_timeout,
    "B602": _shell_to_argv,
    "B604": _shell_to_argv,
    "B608": _parameterise_sql,
}


def mechanical_fix(test_id: str, tree: ast.Module | None, lines: list[str], line: int, source: str) -> str | None:
    """The exact replacement for `line`, or None when no safe mechanical rewrite exists."""
    fixer = FIXERS.get(test_id)
    if fixer is None or tree is None or not 0 < line <= len(lines):
        return None
    stmt = statement_at(tree, lines, line)
    if stmt is None:
        return None
    fixed = fixer(stmt, source)
    if fixed is None:
        return None
    indent = lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]
    comment = _trailing_comment(lines[line - 1])
    return indent + ast.unparse(fixed) + comment


def _trailing_comment(line: str) -> str:
    try:
        tokens = list(tokenize.generate_tokens(iter([line + "\n"]).__next__))
    except (tokenize.TokenError, SyntaxError):
        return ""  # a line that does not tokenise on its own keeps no comment
    comments = [tok.string for tok in tokens if tok.type == tokenize.COMMENT]
    return f"  {comments[-1]}" if comments else ""
